// SPDX-License-Identifier: GPL-2.0
/*
 * dep-check - did a patched unit compile the patched copies of the
 * changed files it includes?
 *
 *   dep-check TREE LINED DEPFILE CHANGED...
 *   dep-check --names TREE CMDFILE HEADER...
 *
 * DEPFILE is the compiler's dependency list (-MMD) of one patched unit,
 * compiled with TREE as the working directory; LINED is the scratch tree
 * holding the patched (line-kept) copies; CHANGED are the changed files
 * (relative to TREE).  A changed file named by its TREE path means the
 * unit compiled the original: some file reached from the tree included it
 * by a quoted #include resolved next to itself ("../x/y.h"), which finds
 * the tree's copy whatever -I/-iquote say.
 *
 * Prints one line per finding and exits 1 when a changed file was missed:
 *   missed FILE   a changed FILE was compiled from the tree
 *   copy FILE     a tree file (one of the unit's dependencies) that
 *                 includes a missed file, or a file with a scratch copy
 *                 that was still read from the tree, next to itself:
 *                 copying it into LINED makes the patched copy the one
 *                 found (repeat until nothing is missed)
 * Exit 0: nothing missed; 1: missed (see above); 2: usage or I/O error.
 *
 * --names: which HEADERs does the dependency list of Kbuild's CMDFILE
 * (the deps_ part of a .X.o.cmd or .X.i.cmd) name?  Paths there are as
 * the compiler formed them ("sound/firewire/fireface/../lib.h"): they
 * are compared normalised.  Prints those HEADERs; exit 0 when one is
 * named, 1 when none, 2 on error.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_DEPS 65536

static char *deps[MAX_DEPS]; /* tree-relative paths of tree dependencies */
static int ndeps;

/* Normalise @in lexically ("a/./b/../c" -> "a/c"), keeping a leading '/'. */
static void normalise(const char *in, char *out, size_t len)
{
	char buf[PATH_MAX], *parts[512], *tok, *save;
	int n = 0, abs = in[0] == '/';

	snprintf(buf, sizeof(buf), "%s", in);
	for (tok = strtok_r(buf, "/", &save); tok && n < 512;
	     tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			if (n && strcmp(parts[n - 1], ".."))
				n--;
			else if (!abs)
				parts[n++] = tok;
			continue;
		}
		parts[n++] = tok;
	}
	snprintf(out, len, "%s", abs ? "/" : "");
	for (int i = 0; i < n; i++) {
		strncat(out, parts[i], len - strlen(out) - 1);
		if (i < n - 1)
			strncat(out, "/", len - strlen(out) - 1);
	}
}

/* @p relative to @base ("base/" prefix), or NULL */
static const char *under(const char *p, const char *base)
{
	size_t n = strlen(base);

	if (strncmp(p, base, n) || p[n] != '/')
		return NULL;
	return p + n + 1;
}

static int is_dep(const char *rel)
{
	for (int i = 0; i < ndeps; i++)
		if (!strcmp(deps[i], rel))
			return 1;
	return 0;
}

static int has_copy(const char *lined, const char *rel)
{
	char p[PATH_MAX * 2];

	snprintf(p, sizeof(p), "%s/%s", lined, rel);
	return !access(p, F_OK);
}

/* Does tree file @f include @target by a quoted path next to itself? */
static int includes_next_to(const char *tree, const char *f, const char *target)
{
	char path[PATH_MAX * 2], line[4096];
	const char *slash = strrchr(f, '/');
	FILE *in;
	int found = 0;

	snprintf(path, sizeof(path), "%s/%s", tree, f);
	in = fopen(path, "r");
	if (!in)
		return 0;
	while (!found && fgets(line, sizeof(line), in)) {
		char *p = line, *end, joined[PATH_MAX], norm[PATH_MAX];

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p++ != '#')
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "include", 7))
			continue;
		p += 7;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '"' || !(end = strchr(p + 1, '"')))
			continue;
		*end = '\0';
		snprintf(joined, sizeof(joined), "%.*s%s%s",
			 slash ? (int)(slash - f) : 0, f, slash ? "/" : "",
			 p + 1);
		normalise(joined, norm, sizeof(norm));
		found = !strcmp(norm, target);
	}
	fclose(in);
	return found;
}

/* kbuild: skip up to "deps_X :=" (a .cmd file), else up to "target:" */
static int read_deps(const char *depfile, const char *tree, const char *lined,
		     int kbuild)
{
	FILE *in = fopen(depfile, "r");
	char word[PATH_MAX], full[PATH_MAX * 2], norm[PATH_MAX];
	int first = 1;

	if (!in) {
		perror(depfile);
		return -1;
	}
	while (fscanf(in, "%4095s", word) == 1) {
		const char *rel;

		if (first) {
			if (kbuild)
				first = strncmp(word, "deps_", 5);
			else
				first = word[strlen(word) - 1] != ':';
			continue;
		}
		if (!strcmp(word, "\\"))
			continue;
		if (word[0] == '/')
			snprintf(full, sizeof(full), "%s", word);
		else
			snprintf(full, sizeof(full), "%s/%s", tree, word);
		normalise(full, norm, sizeof(norm));
		if ((lined && under(norm, lined)) || !(rel = under(norm, tree)))
			continue;
		if (ndeps < MAX_DEPS && !is_dep(rel))
			deps[ndeps++] = strdup(rel);
	}
	fclose(in);
	return 0;
}

int main(int argc, char **argv)
{
	char tree[PATH_MAX], lined[PATH_MAX];
	const char *targets[MAX_DEPS];
	char *copied[MAX_DEPS];
	int ntargets = 0, ncopied = 0, missed = 0;

	if (argc >= 4 && !strcmp(argv[1], "--names")) {
		int named = 0;

		normalise(argv[2], tree, sizeof(tree));
		if (read_deps(argv[3], tree, NULL, 1))
			return 2;
		for (int a = 4; a < argc; a++) {
			char rel[PATH_MAX];

			normalise(argv[a], rel, sizeof(rel));
			if (is_dep(rel)) {
				printf("%s\n", argv[a]);
				named = 1;
			}
		}
		return !named;
	}
	if (argc < 4) {
		fprintf(stderr,
			"usage: dep-check TREE LINED DEPFILE CHANGED...\n"
			"       dep-check --names TREE CMDFILE HEADER...\n");
		return 2;
	}
	normalise(argv[1], tree, sizeof(tree));
	normalise(argv[2], lined, sizeof(lined));
	if (read_deps(argv[3], tree, lined, 0))
		return 2;
	for (int a = 4; a < argc; a++) {
		char rel[PATH_MAX];

		normalise(argv[a], rel, sizeof(rel));
		if (is_dep(rel)) {
			printf("missed %s\n", rel);
			missed = 1;
			targets[ntargets++] = strdup(rel);
		}
	}
	/* upwards: who reached each target next to itself, from the tree */
	for (int t = 0; t < ntargets; t++) {
		for (int i = 0; i < ndeps && ntargets < MAX_DEPS; i++) {
			int seen = 0;

			if (!includes_next_to(tree, deps[i], targets[t]))
				continue;
			for (int k = 0; k < ntargets && !seen; k++)
				seen = !strcmp(targets[k], deps[i]);
			for (int k = 0; k < ncopied && !seen; k++)
				seen = !strcmp(copied[k], deps[i]);
			if (seen)
				continue;
			if (has_copy(lined, deps[i])) {
				/* its copy exists but the tree's was read */
				targets[ntargets++] = deps[i];
			} else {
				copied[ncopied++] = deps[i];
				printf("copy %s\n", deps[i]);
			}
		}
	}
	return missed;
}

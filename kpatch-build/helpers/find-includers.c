// SPDX-License-Identifier: GPL-2.0
/*
 * find-includers - the source files of a kernel tree that may include one
 * of the given headers, directly or through other headers.
 *
 *   find-includers [--max N] [--by-distance] TREE HEADER...
 *   find-includers --included TREE FILE...    (paths relative to TREE)
 *
 * Prints the candidate .c files, one a line, sorted; with --by-distance
 * in the order the breadth-first search meets them: the files including
 * a header directly first, then through one other header, and so on
 * (livepatch-build counts the nearest first: they are the likeliest to
 * include it in every config).  It over-approximates
 * (it ignores #if and matches an #include by path suffix unless a quoted
 * include resolves next to the including file, as the preprocessor would
 * find it there first); livepatch-build confirms each candidate with the
 * compiler's dependency list.  The #include lines of the tree are indexed
 * into TREE/.suture-includes, whose first line holds a fingerprint of the
 * tree's .c/.h files (their number and a sum over each one's path, size
 * and modification time): the index is made again when the fingerprint
 * differs, so a -s tree the user edits, or where files are added, removed
 * or moved (also with their times kept, as tar and cp -p do), is indexed
 * again before it is searched.
 *
 * --included prints, one a line, those of the FILEs that at least one
 * source file includes (directly or not): one index load for a whole
 * list (livepatch-build --update-to asks it of every changed .c file
 * this config does not build: one that no file includes is not built).
 *
 * Exit status: 0 (the list is complete), 1 (a file or the index cannot be
 * read or written: no list), 3 (more than N source files - --max, default
 * unbounded - or more than MAX_FILES files in all include the headers,
 * directly or not: counting stopped there, no list; a message says so).
 */
#include <ctype.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct inc {
	char *file; /* including file, relative to the tree */
	char *path; /* as written */
	char *base; /* last component of path */
	int quoted;
	struct inc *next; /* same-base chain */
};

#define NBUCKET 65536
static unsigned int hash(const char *s);
static struct inc *bucket[NBUCKET];
static FILE *index_out;
static size_t tree_len;

static unsigned int hash(const char *s)
{
	unsigned int h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h & (NBUCKET - 1);
}

static const char *basename_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static void add_inc(const char *file, const char *path, int quoted)
{
	struct inc *i = calloc(1, sizeof(*i));
	unsigned int h;

	if (!i) {
		perror("find-includers");
		exit(1);
	}
	i->file = strdup(file);
	i->path = strdup(path);
	i->base = (char *)basename_of(i->path);
	i->quoted = quoted;
	h = hash(i->base);
	i->next = bucket[h];
	bucket[h] = i;
}

/* Is this directory outside what an x86 kernel build reads? */
static int skip_dir(const char *rel)
{
	static const char *const skip[] = { "tools", "Documentation", "scripts",
					    "usr",   "debian",	      NULL };

	if (rel[0] == '.')
		return 1;
	for (int i = 0; skip[i]; i++)
		if (!strcmp(rel, skip[i]))
			return 1;
	if (!strncmp(rel, "arch/", 5) && strchr(rel + 5, '/') == NULL &&
	    strcmp(rel, "arch/x86"))
		return 1;
	return 0;
}

/* Is @rel a .c or .h file? */
static int is_source(const char *rel)
{
	size_t n = strlen(rel);

	return n >= 3 && rel[n - 2] == '.' &&
	       (rel[n - 1] == 'c' || rel[n - 1] == 'h');
}

static int scan_file(const char *fpath, const struct stat *sb, int flag,
		     struct FTW *ftw)
{
	const char *rel = fpath + tree_len;
	char line[1024];
	FILE *f;

	(void)sb;
	if (*rel == '/')
		rel++;
	if (flag == FTW_D) {
		if (*rel && (skip_dir(rel) || basename_of(rel)[0] == '.'))
			return FTW_SKIP_SUBTREE;
		return 0;
	}
	(void)ftw;
	if (flag != FTW_F || !is_source(rel))
		return 0;
	f = fopen(fpath, "r");
	if (!f) {
		/* a file left out is an includer silently missed */
		perror(fpath);
		return FTW_STOP;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end, close;

		while (isspace((unsigned char)*p))
			p++;
		if (*p++ != '#')
			continue;
		while (isspace((unsigned char)*p))
			p++;
		if (strncmp(p, "include", 7))
			continue;
		p += 7;
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '<' && *p != '"')
			continue;
		close = *p == '<' ? '>' : '"';
		end = strchr(p + 1, close);
		if (!end)
			continue;
		*end = '\0';
		fprintf(index_out, "%s\t%s\t%d\n", rel, p + 1, close == '"');
	}
	fclose(f);
	return 0;
}

static void load_index(const char *path)
{
	char line[PATH_MAX * 2];
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		char *file, *p, *q;

		if (line[0] == '#') /* the fingerprint */
			continue;
		file = strtok(line, "\t");
		p = strtok(NULL, "\t");
		q = strtok(NULL, "\n");
		if (file && p && q)
			add_inc(file, p, *q == '1');
	}
	fclose(f);
}

/* Normalise dir/rel ("a/b" + "../c.h" -> "a/c.h") into @out. */
static void join(const char *file, const char *rel, char *out, size_t len)
{
	char buf[PATH_MAX], *parts[256], *tok, *save;
	int n = 0;
	const char *slash = strrchr(file, '/');

	snprintf(buf, sizeof(buf), "%.*s/%s", slash ? (int)(slash - file) : 0,
		 file, rel);
	for (tok = strtok_r(buf, "/", &save); tok && n < 256;
	     tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, ".") || !*tok)
			continue;
		if (!strcmp(tok, "..")) {
			if (n)
				n--;
			continue;
		}
		parts[n++] = tok;
	}
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		strncat(out, parts[i], len - strlen(out) - 1);
		if (i < n - 1)
			strncat(out, "/", len - strlen(out) - 1);
	}
}

static int suffix_match(const char *h, const char *p)
{
	size_t lh = strlen(h), lp = strlen(p);

	while (!strncmp(p, "./", 2)) {
		p += 2;
		lp -= 2;
	}
	if (strstr(p, "../"))
		return strstr(h, basename_of(p)) != NULL;
	return lh == lp ? !strcmp(h, p) :
			  lh > lp && h[lh - lp - 1] == '/' &&
				  !strcmp(h + lh - lp, p);
}

/* Does include record @i name header @h? */
static int includes(struct inc *i, const char *h)
{
	if (i->quoted) {
		char full[PATH_MAX];

		join(i->file, i->path, full, sizeof(full));
		if (!access(full, F_OK))
			return !strcmp(full, h);
	}
	return suffix_match(h, i->path);
}

/* insertion-ordered set of names, with a hash index (SET_SLOTS / 2 > MAX_FILES) */
#define MAX_FILES 50000
#define SET_SLOTS 131072
struct set {
	char **v;
	size_t n, cap;
	char *slot[SET_SLOTS];
};

static int set_has(struct set *s, const char *x)
{
	unsigned int i = hash(x) & (SET_SLOTS - 1);

	while (s->slot[i]) {
		if (!strcmp(s->slot[i], x))
			return 1;
		i = (i + 1) & (SET_SLOTS - 1);
	}
	return 0;
}

static void set_add(struct set *s, const char *x)
{
	unsigned int h = hash(x) & (SET_SLOTS - 1);

	if (set_has(s, x))
		return;
	if (s->n >= SET_SLOTS / 2) {
		fprintf(stderr, "find-includers: more than %d names\n",
			SET_SLOTS / 2);
		exit(1);
	}
	while (s->slot[h])
		h = (h + 1) & (SET_SLOTS - 1);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v) {
			perror("find-includers");
			exit(1);
		}
	}
	s->v[s->n] = strdup(x);
	s->slot[h] = s->v[s->n++];
}

static void set_free(struct set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s);
}

/*
 * The tree's fingerprint: how many .c/.h files the index covers and the
 * sum (mod 2^64) of a 64-bit FNV-1a hash of each one's path, size and
 * modification time.  A sum does not depend on the order nftw meets the
 * files in; an edit, a new file, a removed one or a move changes it.
 */
#define INDEX_MAGIC "# suture-includes 2"
static unsigned long long fp_count, fp_sum;

static unsigned long long fnv64(unsigned long long h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		h = (h ^ *c++) * 1099511628211ull;
	return h;
}

static void fingerprint_add(const char *rel, const struct stat *sb)
{
	unsigned long long h = 14695981039346656037ull;
	long long v[3] = { (long long)sb->st_size,
			   (long long)sb->st_mtim.tv_sec,
			   (long long)sb->st_mtim.tv_nsec };

	h = fnv64(h, rel, strlen(rel) + 1);
	h = fnv64(h, v, sizeof(v));
	fp_count++;
	fp_sum += h;
}

/*
 * nftw callback: the fingerprint of the files the index covers, to
 * compare with the index's.  A -s tree is the user's own and changes
 * between builds.  Directory times are no sign: Kbuild writes objects
 * next to the sources of the cached tree at every build.
 */
static int check_fresh(const char *fpath, const struct stat *sb, int flag,
		       struct FTW *ftw)
{
	const char *rel = fpath + tree_len;

	(void)ftw;
	if (*rel == '/')
		rel++;
	if (flag == FTW_D && *rel &&
	    (skip_dir(rel) || basename_of(rel)[0] == '.'))
		return FTW_SKIP_SUBTREE;
	if (flag == FTW_F && is_source(rel))
		fingerprint_add(rel, sb);
	return 0;
}

/* Does the index at @path carry the fingerprint just computed? */
static int index_matches(const char *path)
{
	char line[256], want[256];
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return 0;
	snprintf(want, sizeof(want), "%s %llu %llx\n", INDEX_MAGIC, fp_count,
		 fp_sum);
	ok = fgets(line, sizeof(line), f) && !strcmp(line, want);
	fclose(f);
	return ok;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void too_many(size_t n, const char *what, int argc, char **argv)
{
	fprintf(stderr,
		"find-includers: more than %zu %s include %s%s (directly or "
		"through other headers): stopped counting\n",
		n, what, argv[2], argc > 3 ? " and the other headers" : "");
}

/*
 * walk() - breadth first from the files in @seen over the files including
 * them (@seen grows while it is walked), adding each source file met to
 * @units.  @quiet: no message when a limit is passed.  Returns 0, or 3
 * when more than @max_units source files or MAX_FILES files in all are
 * met (counting stops there).
 */
static int walk(struct set *seen, struct set *units, size_t max_units, int argc,
		char **argv, bool quiet)
{
	for (size_t k = 0; k < seen->n; k++) {
		const char *h = seen->v[k];

		for (struct inc *i = bucket[hash(basename_of(h))]; i;
		     i = i->next) {
			if (strcmp(i->base, basename_of(h)) || !includes(i, h))
				continue;
			if (set_has(seen, i->file))
				continue;
			if (seen->n >= MAX_FILES) {
				if (!quiet)
					too_many(MAX_FILES, "files", argc,
						 argv);
				return 3;
			}
			set_add(seen, i->file);
			if (i->file[strlen(i->file) - 1] != 'c')
				continue;
			if (units->n >= max_units) {
				if (!quiet)
					too_many(max_units, "source files",
						 argc, argv);
				return 3;
			}
			set_add(units, i->file);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	char idx[PATH_MAX], tmp[PATH_MAX];
	static struct set seen, units;
	size_t max_units = MAX_FILES;
	int by_distance = 0;
	bool included = false;

	for (;;) {
		if (argc > 2 && !strcmp(argv[1], "--max")) {
			max_units = strtoul(argv[2], NULL, 10);
			argc -= 2;
			argv += 2;
		} else if (argc > 1 && !strcmp(argv[1], "--included")) {
			included = true;
			argc--;
			argv++;
		} else if (argc > 1 && !strcmp(argv[1], "--by-distance")) {
			by_distance = 1;
			argc--;
			argv++;
		} else {
			break;
		}
	}
	if (argc < 3 || !max_units) {
		fprintf(stderr,
			"usage: find-includers [--max N] [--by-distance] TREE HEADER...\n"
			"       find-includers --included TREE FILE...\n");
		return 2;
	}
	if (chdir(argv[1])) {
		perror(argv[1]);
		return 1;
	}
	tree_len = 1; /* nftw paths start with "./" */
	snprintf(idx, sizeof(idx), ".suture-includes");
	if (nftw(".", check_fresh, 64, FTW_PHYS | FTW_ACTIONRETVAL) < 0) {
		fprintf(stderr, "find-includers: scanning %s failed\n",
			argv[1]);
		return 1;
	}
	/*
	 * A stale index is replaced by rename: readers see one or the other.
	 * Its fingerprint is the one taken before the scan: a file changed
	 * meanwhile makes the next run index the tree again.
	 */
	if (!index_matches(idx)) {
		snprintf(tmp, sizeof(tmp), ".suture-includes.%d", getpid());
		index_out = fopen(tmp, "w");
		if (!index_out) {
			perror(tmp);
			return 1;
		}
		fprintf(index_out, "%s %llu %llx\n", INDEX_MAGIC, fp_count,
			fp_sum);
		if (nftw(".", scan_file, 64, FTW_PHYS | FTW_ACTIONRETVAL)) {
			fprintf(stderr, "find-includers: scanning %s failed\n",
				argv[1]);
			fclose(index_out);
			unlink(tmp);
			return 1;
		}
		if (fclose(index_out) || rename(tmp, idx)) {
			perror(idx);
			return 1;
		}
	}
	load_index(idx);
	if (included) {
		for (int a = 2; a < argc; a++) {
			struct set *s = calloc(1, sizeof(*s));
			struct set *u = calloc(1, sizeof(*u));

			if (!s || !u) {
				perror("find-includers");
				return 1;
			}
			set_add(s, argv[a]);
			/* too many files: included, certainly */
			if (walk(s, u, 1, argc, argv, true) || u->n)
				printf("%s\n", argv[a]);
			set_free(s);
			set_free(u);
		}
	} else {
		for (int a = 2; a < argc; a++)
			set_add(&seen, argv[a]);
		if (walk(&seen, &units, max_units, argc, argv, false))
			return 3;
	}
	if (!by_distance)
		qsort(units.v, units.n, sizeof(*units.v), cmp);
	for (size_t i = 0; i < units.n; i++)
		printf("%s\n", units.v[i]);
	if (fflush(stdout) || ferror(stdout)) {
		perror("find-includers: writing the list");
		return 1;
	}
	return 0;
}

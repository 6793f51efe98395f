// SPDX-License-Identifier: GPL-2.0
/*
 * keep-lines - give every unchanged line of a patched C file its original
 * line number, so that code the patch did not touch compiles to the same
 * bytes (WARN_ON, BUG_ON, pr_* and lockdep embed __LINE__).
 *
 * Usage: diff --unchanged-group-format=$'\1K %df\n%=' \
 *             --changed-group-format=$'\1C\n%>' \
 *             --new-group-format=$'\1C\n%>' --old-group-format=$'\1C\n' \
 *             ORIG PATCHED | keep-lines NAME > OUT
 *
 * NAME is the file name the original build saw (what __FILE__ expands to).
 * A "#line N NAME" directive goes before the first unchanged line after each
 * change, or, when that line continues a macro (backslash) or sits inside a
 * block comment, before the first later line where a directive is legal,
 * with N adjusted.  The output starts with "#line 1 NAME".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lexstate {
	int in_comment; /* inside a block comment */
	int continued; /* previous line ended with a backslash */
};

/* Update @st with one source line (without its newline). */
static void scan_line(struct lexstate *st, const char *s)
{
	char quote = 0;
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++) {
		if (st->in_comment) {
			if (s[i] == '*' && s[i + 1] == '/') {
				st->in_comment = 0;
				i++;
			}
			continue;
		}
		if (quote) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == quote)
				quote = 0;
			continue;
		}
		if (s[i] == '"' || s[i] == '\'') {
			quote = s[i];
		} else if (s[i] == '/' && s[i + 1] == '*') {
			st->in_comment = 1;
			i++;
		} else if (s[i] == '/' && s[i + 1] == '/') {
			break;
		}
	}
	st->continued = n > 0 && s[n - 1] == '\\';
}

int main(int argc, char **argv)
{
	struct lexstate st = { 0, 0 };
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long pending = 0; /* original number of the next line, 0 = none */
	long cur = 1; /* number the compiler gives the next line */
	int in_unchanged = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: keep-lines NAME < grouped-diff\n");
		return 2;
	}
	printf("#line 1 \"%s\"\n", argv[1]);
	while ((len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '\1') {
			if (line[1] == 'K') {
				pending = strtol(line + 3, NULL, 10);
				in_unchanged = 1;
			} else {
				pending = 0;
				in_unchanged = 0;
			}
			continue;
		}
		if (in_unchanged && pending && pending != cur &&
		    !st.in_comment && !st.continued) {
			printf("#line %ld \"%s\"\n", pending, argv[1]);
			cur = pending;
		}
		if (in_unchanged && pending)
			pending++;
		printf("%s\n", line);
		cur++;
		scan_line(&st, line);
	}
	free(line);
	return ferror(stdout) ? 1 : 0;
}

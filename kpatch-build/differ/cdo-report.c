// SPDX-License-Identifier: GPL-2.0
/*
 * cdo-report.c - collect what the differ found (changed, new, removed,
 * line-only functions, refusals) and print it as text or one JSON object.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"

/* allocation that cannot fail: out of memory ends the run (exit 3) */
void *cdo_xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "create-diff-object: out of memory\n");
		exit(CDO_EXIT_BADINPUT);
	}
	return p;
}

char *cdo_xstrdup(const char *s)
{
	return strcpy(cdo_xrealloc(NULL, strlen(s) + 1), s);
}

bool cdo_noted(struct name_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (!strcmp(l->names[i], name))
			return true;
	return false;
}

void cdo_note(struct name_list *l, const char *name)
{
	if (cdo_noted(l, name))
		return;
	if (l->nr == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->names = realloc(l->names, l->cap * sizeof(*l->names));
		if (!l->names) {
			fprintf(stderr, "create-diff-object: out of memory\n");
			exit(CDO_EXIT_BADINPUT);
		}
	}
	l->names[l->nr++] = cdo_xstrdup(name);
}

void cdo_refuse(struct cdo *c, const char *symbol, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (i = 0; i < c->nr_refusals; i++)
		if (!strcmp(c->refusals[i].reason, msg))
			return;
	if (c->nr_refusals == c->cap_refusals) {
		c->cap_refusals = c->cap_refusals ? c->cap_refusals * 2 : 8;
		c->refusals = realloc(c->refusals,
				      c->cap_refusals * sizeof(*c->refusals));
		if (!c->refusals) {
			fprintf(stderr, "create-diff-object: out of memory\n");
			exit(CDO_EXIT_BADINPUT);
		}
	}
	c->refusals[c->nr_refusals].symbol = cdo_xstrdup(symbol);
	c->refusals[c->nr_refusals].reason = cdo_xstrdup(msg);
	c->nr_refusals++;
	fprintf(stderr, "create-diff-object: refused: %s\n", msg);
}

void cdo_fail(struct cdo *c, const char *fmt, ...)
{
	va_list ap;

	c->error = 1;
	fprintf(stderr, "create-diff-object: error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void json_list(const char *key, struct name_list *l)
{
	size_t i;

	printf("\"%s\": [", key);
	for (i = 0; i < l->nr; i++) {
		if (i)
			printf(", ");
		json_str(l->names[i]);
	}
	printf("]");
}

/**
 * cdo_print_json() - print the one-line JSON report on stdout.
 * @exit_code: what create-diff-object exits with
 * @error: message for exit code 3, else NULL
 */
void cdo_print_json(struct cdo *c, int exit_code, const char *error)
{
	static const char *const results[] = {
		"diff",
		"unchanged",
		"refused",
		"bad-input",
	};
	size_t i;

	printf("{\"result\": \"%s\", \"exit\": %d, ", results[exit_code],
	       exit_code);
	json_list("changed", &c->changed);
	printf(", ");
	json_list("new", &c->added);
	printf(", ");
	json_list("removed", &c->removed);
	printf(", ");
	json_list("line-only", &c->line_only);
	printf(", ");
	json_list("changed-through-callers", &c->through);
	printf(", \"refused\": [");
	for (i = 0; i < c->nr_refusals; i++) {
		printf("%s{\"symbol\": ", i ? ", " : "");
		json_str(c->refusals[i].symbol);
		printf(", \"reason\": ");
		json_str(c->refusals[i].reason);
		printf("}");
	}
	printf("]");
	if (error) {
		printf(", \"error\": ");
		json_str(error);
	}
	printf("}\n");
}

static void free_list(struct name_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->names[i]);
	free(l->names);
}

void cdo_free_report(struct cdo *c)
{
	size_t i;

	free_list(&c->changed);
	free_list(&c->added);
	free_list(&c->removed);
	free_list(&c->line_only);
	free_list(&c->through);
	free_list(&c->allow_layout);
	for (i = 0; i < c->nr_refusals; i++) {
		free(c->refusals[i].symbol);
		free(c->refusals[i].reason);
	}
	free(c->refusals);
}

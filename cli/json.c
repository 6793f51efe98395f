// SPDX-License-Identifier: GPL-2.0
/*
 * json.c - a minimal streaming JSON writer for `list --json` and
 * `info --json`: objects, arrays, strings (escaped, always valid UTF-8:
 * see safe.c), integers, booleans.
 * The top level is one object, opened by json_begin().
 */
#include "livepatch.h"

static void put_string(FILE *f, const char *s);

/* Comma before every member but the first; then "key": when in an object. */
static void sep(struct lp_json *j, const char *key)
{
	if (j->need_comma[j->depth])
		fputc(',', j->f);
	j->need_comma[j->depth] = true;
	if (key) {
		put_string(j->f, key);
		fputc(':', j->f);
	}
}

static void put_string(FILE *f, const char *s)
{
	lp_json_put(f, s);
}

void json_begin(struct lp_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->need_comma[0] = false;
	fputc('{', f);
}

void json_end(struct lp_json *j)
{
	fputs("}\n", j->f);
}

static void open_(struct lp_json *j, const char *key, char c)
{
	sep(j, key);
	fputc(c, j->f);
	if (j->depth < 15)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_(struct lp_json *j, char c)
{
	fputc(c, j->f);
	if (j->depth > 0)
		j->depth--;
}

void json_obj_open(struct lp_json *j, const char *key)
{
	open_(j, key, '{');
}

void json_obj_close(struct lp_json *j)
{
	close_(j, '}');
}

void json_arr_open(struct lp_json *j, const char *key)
{
	open_(j, key, '[');
}

void json_arr_close(struct lp_json *j)
{
	close_(j, ']');
}

void json_str(struct lp_json *j, const char *key, const char *val)
{
	sep(j, key);
	put_string(j->f, val ? val : "");
}

void json_int(struct lp_json *j, const char *key, long val)
{
	sep(j, key);
	fprintf(j->f, "%ld", val);
}

void json_bool(struct lp_json *j, const char *key, bool val)
{
	sep(j, key);
	fputs(val ? "true" : "false", j->f);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * safe.c - strings that come from a module file or from the kernel (a
 * task's comm, .modinfo values, symbol names) are data: never let them
 * drive the terminal or break a JSON document.
 *
 * lp_esc() makes a string safe to print as text: printable ASCII and
 * printable UTF-8 pass, a backslash is doubled, control characters (C0,
 * DEL, C1: escape sequences start with them) and bytes that are not valid
 * UTF-8 become \xHH.  lp_json_put() writes a JSON string: only valid
 * UTF-8, control characters as \u00XX, invalid bytes as U+FFFD.
 */
#include <stdlib.h>
#include <string.h>

#include "livepatch.h"

/**
 * lp_utf8_decode() - one code point at @s
 * @s:  bytes, NUL-terminated
 * @cp: receives the code point
 *
 * Return: its length in bytes (1-4), or 0 when @s does not start with a
 * valid, shortest-form UTF-8 sequence (surrogates and values past
 * U+10FFFF are invalid).
 */
int lp_utf8_decode(const unsigned char *s, unsigned int *cp)
{
	unsigned int c = s[0], v, min;
	int n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0; /* also stops at the NUL */
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

static bool is_control(unsigned int cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
}

/**
 * lp_esc() - a copy of @s that is safe to print on a terminal
 * @s: any bytes, NUL-terminated (NULL prints as "")
 *
 * Return: a string valid until eight more lp_esc() calls (a ring of
 * buffers, so that one printf() may escape several arguments).
 */
const char *lp_esc(const char *s)
{
	static char *ring[8];
	static size_t cap[8];
	static unsigned int next;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	unsigned int slot = next++ % 8, cp;
	size_t need = strlen((const char *)p) * 4 + 1, o = 0;
	char *b;

	if (need > cap[slot]) {
		b = realloc(ring[slot], need);
		if (!b)
			return "(out of memory)";
		ring[slot] = b;
		cap[slot] = need;
	}
	b = ring[slot];
	while (*p) {
		int n = lp_utf8_decode(p, &cp);

		if (n && !is_control(cp) && cp != '\\') {
			memcpy(b + o, p, n);
			o += n;
			p += n;
			continue;
		}
		if (n == 1 && cp == '\\') {
			b[o++] = '\\';
			b[o++] = '\\';
		} else {
			/* a control character or an invalid byte: \xHH */
			o += snprintf(b + o, 5, "\\x%02x", *p);
			n = 1;
		}
		p += n;
	}
	b[o] = '\0';
	return b;
}

/**
 * lp_json_put() - write @s as a JSON string (with the quotes)
 * @f: output
 * @s: any bytes, NUL-terminated
 *
 * Valid UTF-8 is kept; '"' and '\\' are escaped, control characters
 * (C0, DEL, C1) are written as \u00XX, and every byte that is not part of
 * a valid UTF-8 sequence as U+FFFD, so the document is always valid JSON
 * (RFC 8259) whatever a module's strings hold.
 */
void lp_json_put(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned int cp;

	fputc('"', f);
	while (*p) {
		int n = lp_utf8_decode(p, &cp);

		if (!n) {
			fputs("\xef\xbf\xbd", f); /* U+FFFD */
			p++;
			continue;
		}
		if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", cp);
		else if (cp == '\n')
			fputs("\\n", f);
		else if (cp == '\t')
			fputs("\\t", f);
		else if (is_control(cp))
			fprintf(f, "\\u%04x", cp);
		else
			fwrite(p, 1, n, f);
		p += n;
	}
	fputc('"', f);
}

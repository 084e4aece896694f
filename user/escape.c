// SPDX-License-Identifier: GPL-2.0
/* Escaping of names for tables, JSON and Prometheus (escape.h). */
#include <string.h>
#include "escape.h"

/*
 * The length of the UTF-8 character at @s (1-4), with its code point in
 * @cp; 0 if the bytes there are not one (overlong forms, surrogates, past
 * U+10FFFF, truncated sequences), as RFC 3629 says.
 */
static int utf8_char(const unsigned char *s, unsigned int *cp)
{
	unsigned int c = s[0], min;
	int n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2, min = 0x80, c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3, min = 0x800, c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4, min = 0x10000, c &= 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static int is_control(unsigned int cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
}

void km_esc_table(char *out, size_t len, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = 0;
	unsigned int cp;
	int k;

	while (*s && n + 1 < len) {
		k = utf8_char(s, &cp);
		if (k == 0 || is_control(cp)) {
			out[n++] = '?';
			s += k ? k : 1;
			continue;
		}
		if (n + (size_t)k >= len)
			break;
		memcpy(out + n, s, (size_t)k);
		n += (size_t)k;
		s += k;
	}
	out[n] = '\0';
}

void km_esc_json(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned int cp;
	int k;

	fputc('"', f);
	while (*s) {
		k = utf8_char(s, &cp);
		if (k == 0) {
			fputs("\\ufffd", f);
			s++;
		} else if (cp == '"' || cp == '\\') {
			fprintf(f, "\\%c", (char)cp);
			s++;
		} else if (is_control(cp)) {
			fprintf(f, "\\u%04x", cp);
			s += k;
		} else {
			fwrite(s, 1, (size_t)k, f);
			s += k;
		}
	}
	fputc('"', f);
}

void km_esc_label(char *out, size_t len, const char *str)
{
	static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */
	const unsigned char *s = (const unsigned char *)str;
	const char *put;
	char esc[2];
	unsigned int cp;
	size_t n = 0, m;
	int k;

	while (*s) {
		k = utf8_char(s, &cp);
		if (k == 0) {
			put = replacement, m = 3, k = 1;
		} else if (cp == '\\' || cp == '"' || cp == '\n') {
			esc[0] = '\\', esc[1] = cp == '\n' ? 'n' : (char)cp;
			put = esc, m = 2;
		} else if (is_control(cp)) {
			put = "?", m = 1;
		} else {
			put = (const char *)s, m = (size_t)k;
		}
		if (n + m >= len)
			break;
		memcpy(out + n, put, m);
		n += m;
		s += k;
	}
	out[n] = '\0';
}

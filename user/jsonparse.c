// SPDX-License-Identifier: GPL-2.0
/*
 * JSON into a tree: a recursive descent over the exact grammar, every node
 * and string in one arena per document. A document from another host is
 * anyone's bytes: lengths are checked before every read, depth is bounded,
 * numbers are parsed only after their syntax is.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "jsonparse.h"

#define JP_MAX_DEPTH	64

struct jp_chunk {
	struct jp_chunk *next;
	size_t used, cap;
	char mem[];
};

struct jp {
	const char *p, *end, *start;
	struct jp_doc *doc;
	int failed;
};

static void fail(struct jp *s, const char *fmt, ...)
{
	char msg[96];
	va_list ap;

	if (s->failed++)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(s->doc->error, sizeof(s->doc->error), "%s at byte %zu", msg,
		 (size_t)(s->p - s->start));
}

/* @n bytes from the arena, aligned for any member; NULL when out of memory. */
static void *alloc(struct jp *s, size_t n)
{
	struct jp_chunk *c = s->doc->chunks;
	size_t cap;

	n = (n + 15) & ~(size_t)15;
	if (!c || c->cap - c->used < n) {
		cap = n > 65536 ? n : 65536;
		c = malloc(sizeof(*c) + cap);
		if (!c) {
			fail(s, "out of memory");
			return NULL;
		}
		c->next = s->doc->chunks;
		c->used = 0;
		c->cap = cap;
		s->doc->chunks = c;
	}
	c->used += n;
	return c->mem + c->used - n;
}

static void ws(struct jp *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static int hex4(struct jp *s, unsigned int *out)
{
	unsigned int v = 0;
	int i;

	if (s->end - s->p < 4) {
		fail(s, "a \\u escape cut short");
		return -1;
	}
	for (i = 0; i < 4; i++) {
		char c = *s->p++;

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned int)(c - 'A' + 10);
		else {
			fail(s, "a bad \\u escape");
			return -1;
		}
	}
	*out = v;
	return 0;
}

static char *put_utf8(char *o, unsigned int cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/* A string at s->p (its opening quote); its text in the arena. */
static const char *string(struct jp *s)
{
	const char *q = s->p + 1;
	char *out, *o;
	unsigned int cp, lo;

	/* The decoded text is never longer than the raw one. */
	while (q < s->end && *q != '"')
		q += *q == '\\' && q + 1 < s->end ? 2 : 1;
	if (q >= s->end) {
		fail(s, "a string without its closing quote");
		return NULL;
	}
	out = alloc(s, (size_t)(q - s->p));
	if (!out)
		return NULL;
	o = out;
	s->p++;
	while (*s->p != '"') {
		unsigned char c = (unsigned char)*s->p++;

		if (c < 0x20) {
			fail(s, "a control character in a string");
			return NULL;
		}
		if (c != '\\') {
			*o++ = (char)c;
			continue;
		}
		switch (*s->p++) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			if (hex4(s, &cp))
				return NULL;
			if (cp >= 0xd800 && cp < 0xdc00 && s->end - s->p >= 6 &&
			    s->p[0] == '\\' && s->p[1] == 'u') {
				s->p += 2;
				if (hex4(s, &lo))
					return NULL;
				if (lo >= 0xdc00 && lo < 0xe000)
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				else
					cp = 0xfffd;
			} else if (cp >= 0xd800 && cp < 0xe000) {
				cp = 0xfffd;	/* a lone surrogate */
			}
			o = put_utf8(o, cp ? cp : 0xfffd);	/* no NUL inside a C string */
			break;
		default:
			fail(s, "a bad escape");
			return NULL;
		}
	}
	s->p++;
	*o = '\0';
	return out;
}

/* A number at s->p, checked against the grammar before strtod() reads it. */
static int number(struct jp *s, double *out)
{
	const char *q = s->p;
	char buf[64], *end;
	size_t n;

	if (q < s->end && *q == '-')
		q++;
	if (q < s->end && *q == '0')
		q++;
	else if (q < s->end && *q >= '1' && *q <= '9')
		while (q < s->end && *q >= '0' && *q <= '9')
			q++;
	else
		goto bad;
	if (q < s->end && *q == '.') {
		if (++q >= s->end || *q < '0' || *q > '9')
			goto bad;
		while (q < s->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < s->end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < s->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= s->end || *q < '0' || *q > '9')
			goto bad;
		while (q < s->end && *q >= '0' && *q <= '9')
			q++;
	}
	n = (size_t)(q - s->p);
	if (n >= sizeof(buf)) {
		fail(s, "a number of %zu characters", n);
		return -1;
	}
	memcpy(buf, s->p, n);
	buf[n] = '\0';
	*out = strtod(buf, &end);
	s->p = q;
	return 0;
bad:
	fail(s, "not a value");
	return -1;
}

static int value(struct jp *s, struct jp_val *v, int depth);

/* Members of an array or object, gathered on the heap, then into the arena. */
struct members {
	struct jp_val *v;
	const char **k;
	size_t n, cap;
};

static struct jp_val *add(struct jp *s, struct members *m)
{
	void *nv, *nk;
	size_t cap;

	if (m->n == m->cap) {
		cap = m->cap ? 2 * m->cap : 8;
		nv = realloc(m->v, cap * sizeof(*m->v));
		if (nv)
			m->v = nv;
		nk = realloc(m->k, cap * sizeof(*m->k));
		if (nk)
			m->k = nk;
		if (!nv || !nk) {
			fail(s, "out of memory");
			return NULL;
		}
		m->cap = cap;
	}
	return &m->v[m->n++];
}

static int container(struct jp *s, struct jp_val *v, int depth, int obj)
{
	struct members m = { NULL, NULL, 0, 0 };
	struct jp_val *item;
	const char *key = NULL;
	char close = obj ? '}' : ']';
	int rc = -1;

	if (depth > JP_MAX_DEPTH) {
		fail(s, "nested deeper than %d", JP_MAX_DEPTH);
		return -1;
	}
	s->p++;
	ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		rc = 0;
		goto done;
	}
	for (;;) {
		ws(s);
		if (obj) {
			if (s->p >= s->end || *s->p != '"') {
				fail(s, "an object key is not a string");
				goto done;
			}
			key = string(s);
			if (!key)
				goto done;
			ws(s);
			if (s->p >= s->end || *s->p != ':') {
				fail(s, "no ':' after an object key");
				goto done;
			}
			s->p++;
		}
		item = add(s, &m);
		if (!item)
			goto done;
		m.k[m.n - 1] = key;
		if (value(s, item, depth + 1))
			goto done;
		ws(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			continue;
		}
		if (s->p < s->end && *s->p == close) {
			s->p++;
			rc = 0;
			break;
		}
		fail(s, "no ',' or '%c' between members", close);
		goto done;
	}
done:
	if (!rc && m.n) {
		v->items = alloc(s, m.n * sizeof(*v->items));
		if (obj)
			v->keys = alloc(s, m.n * sizeof(*v->keys));
		if (!v->items || (obj && !v->keys)) {
			rc = -1;
		} else {
			memcpy(v->items, m.v, m.n * sizeof(*v->items));
			if (obj)
				memcpy(v->keys, m.k, m.n * sizeof(*v->keys));
		}
	}
	v->type = obj ? JP_OBJ : JP_ARR;
	v->n = rc ? 0 : m.n;
	free(m.v);
	free(m.k);
	return rc;
}

static int word(struct jp *s, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n)) {
		fail(s, "not a value");
		return -1;
	}
	s->p += n;
	return 0;
}

static int value(struct jp *s, struct jp_val *v, int depth)
{
	memset(v, 0, sizeof(*v));
	ws(s);
	if (s->p >= s->end) {
		fail(s, "the text ends where a value should be");
		return -1;
	}
	switch (*s->p) {
	case '{':
		return container(s, v, depth, 1);
	case '[':
		return container(s, v, depth, 0);
	case '"':
		v->type = JP_STR;
		v->str = string(s);
		return v->str ? 0 : -1;
	case 't':
		v->type = JP_BOOL;
		v->b = 1;
		return word(s, "true");
	case 'f':
		v->type = JP_BOOL;
		return word(s, "false");
	case 'n':
		v->type = JP_NULL;
		return word(s, "null");
	default:
		v->type = JP_NUM;
		return number(s, &v->num);
	}
}

int jp_parse(struct jp_doc *doc, const char *text, size_t len)
{
	struct jp s = { text, text + len, text, doc, 0 };

	memset(doc, 0, sizeof(*doc));
	doc->root = alloc(&s, sizeof(*doc->root));
	if (!doc->root || value(&s, doc->root, 0))
		return -1;
	ws(&s);
	if (s.p != s.end) {
		fail(&s, "text after the document");
		return -1;
	}
	return 0;
}

void jp_free(struct jp_doc *doc)
{
	struct jp_chunk *c, *next;

	for (c = doc->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	doc->chunks = NULL;
	doc->root = NULL;
}

const struct jp_val *jp_get(const struct jp_val *v, const char *key)
{
	size_t i;

	if (!v || v->type != JP_OBJ)
		return NULL;
	for (i = 0; i < v->n; i++)
		if (!strcmp(v->keys[i], key))
			return &v->items[i];
	return NULL;
}

const struct jp_val *jp_path(const struct jp_val *v, ...)
{
	const char *key;
	va_list ap;

	va_start(ap, v);
	while (v && (key = va_arg(ap, const char *)))
		v = jp_get(v, key);
	va_end(ap);
	return v;
}

double jp_num(const struct jp_val *v, double dflt)
{
	return v && v->type == JP_NUM ? v->num : dflt;
}

const char *jp_str(const struct jp_val *v, const char *dflt)
{
	return v && v->type == JP_STR ? v->str : dflt;
}

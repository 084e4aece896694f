// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include "escape.h"
#include "json.h"

static void member(struct km_json *j, const char *key)
{
	if (j->count[j->depth]++)
		fputc(',', j->f);
	if (key)
		fprintf(j->f, "\"%s\":", key);	/* keys are ours: never need escaping */
}

static void open_nested(struct km_json *j, const char *key, char bracket)
{
	member(j, key);
	fputc(bracket, j->f);
	if (j->depth < 15)
		j->depth++;
	j->count[j->depth] = 0;
}

void kj_start(struct km_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->count[0] = 0;
	fputc('{', f);
}

void kj_end(struct km_json *j)
{
	fputs("}\n", j->f);
}

void kj_object(struct km_json *j, const char *key)
{
	open_nested(j, key, '{');
}

void kj_array(struct km_json *j, const char *key)
{
	open_nested(j, key, '[');
}

void kj_close(struct km_json *j, char bracket)
{
	fputc(bracket, j->f);
	if (j->depth > 0)
		j->depth--;
}

void kj_u64(struct km_json *j, const char *key, uint64_t v)
{
	member(j, key);
	fprintf(j->f, "%" PRIu64, v);
}

void kj_u64_if(struct km_json *j, const char *key, int known, uint64_t v)
{
	if (known)
		kj_u64(j, key, v);
	else
		kj_str(j, key, NULL);
}

void kj_i64(struct km_json *j, const char *key, int64_t v)
{
	member(j, key);
	fprintf(j->f, "%" PRId64, v);
}

void kj_fixed2(struct km_json *j, const char *key, double v)
{
	member(j, key);
	fprintf(j->f, "%.2f", v);
}

void kj_str(struct km_json *j, const char *key, const char *s)
{
	member(j, key);
	if (!s) {
		fputs("null", j->f);
		return;
	}
	km_esc_json(j->f, s);
}

/* SPDX-License-Identifier: GPL-2.0 */
/* A small streaming JSON writer: compact, one document per line. */
#ifndef KM_JSON_H
#define KM_JSON_H

#include <stdint.h>
#include <stdio.h>

struct km_json {
	FILE *f;
	int depth;
	int count[16];	/* members written so far at each depth */
};

void kj_start(struct km_json *j, FILE *f);	/* opens the document's object */
void kj_end(struct km_json *j);			/* closes it, prints a newline */
void kj_object(struct km_json *j, const char *key);
void kj_array(struct km_json *j, const char *key);
void kj_close(struct km_json *j, char bracket);	/* '}' or ']' */
void kj_u64(struct km_json *j, const char *key, uint64_t v);
void kj_u64_if(struct km_json *j, const char *key, int known, uint64_t v);	/* else null */
void kj_i64(struct km_json *j, const char *key, int64_t v);
void kj_fixed2(struct km_json *j, const char *key, double v);	/* 2 decimals */
void kj_str(struct km_json *j, const char *key, const char *s);	/* NULL: null */

#endif /* KM_JSON_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON reader for `kmemstat report`: one document into a tree held
 * in an arena, freed at once. Strict (RFC 8259), bounded depth, never reads
 * past the text it is given; errors say what and at which byte.
 */
#ifndef KM_JSONPARSE_H
#define KM_JSONPARSE_H

#include <stddef.h>

enum jp_type { JP_NULL, JP_BOOL, JP_NUM, JP_STR, JP_ARR, JP_OBJ };

struct jp_val {
	enum jp_type type;
	int b;			/* JP_BOOL */
	double num;		/* JP_NUM */
	const char *str;	/* JP_STR: NUL-terminated UTF-8 (may hold escaped NULs cut short) */
	size_t n;		/* JP_ARR, JP_OBJ: members */
	const char **keys;	/* JP_OBJ */
	struct jp_val *items;	/* JP_ARR, JP_OBJ */
};

struct jp_chunk;

struct jp_doc {
	struct jp_val *root;
	struct jp_chunk *chunks;
	char error[128];	/* why parsing failed */
};

/* Parse @len bytes of @text; 0, or -1 with doc->error set. Free either way. */
int jp_parse(struct jp_doc *doc, const char *text, size_t len);
void jp_free(struct jp_doc *doc);

/* The member @key of object @v, or NULL. */
const struct jp_val *jp_get(const struct jp_val *v, const char *key);
/* Follow keys from @v (NULL-terminated list); NULL where one is missing. */
const struct jp_val *jp_path(const struct jp_val *v, ...);
/* @v's number if it is one, else @dflt. */
double jp_num(const struct jp_val *v, double dflt);
/* @v's string if it is one, else @dflt. */
const char *jp_str(const struct jp_val *v, const char *dflt);

#endif /* KM_JSONPARSE_H */

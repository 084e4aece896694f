// SPDX-License-Identifier: GPL-2.0
/* Shmem object lists, whichever source filled them: growing, ranking, naming. */
#include <stdlib.h>
#include <string.h>
#include "model.h"

struct km_shm_obj *km_shm_add(struct km_shm *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct km_shm_obj *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

struct km_shm_mapper *km_shm_add_mapper(struct km_shm_obj *o)
{
	if (o->nmappers == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 4;
		struct km_shm_mapper *m = realloc(o->mappers, cap * sizeof(*m));

		if (!m)
			return NULL;
		o->mappers = m;
		o->cap = cap;
	}
	memset(&o->mappers[o->nmappers], 0, sizeof(o->mappers[0]));
	return &o->mappers[o->nmappers++];
}

void km_shm_free(struct km_shm *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].mappers);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int by_resident(const void *a, const void *b)
{
	const struct km_shm_obj *x = a, *y = b;

	if (x->resident != y->resident)
		return x->resident < y->resident ? 1 : -1;
	return (x->ino > y->ino) - (x->ino < y->ino);
}

void km_shm_sort(struct km_shm *l)
{
	if (l->n)
		qsort(l->v, l->n, sizeof(l->v[0]), by_resident);
}

const char *km_shm_kind_name(int kind)
{
	static const char *const names[] = {
		"?", "anon", "sysv", "posix", "memfd", "tmpfs", "other",
	};

	return kind > 0 && kind < (int)(sizeof(names) / sizeof(names[0])) ?
	       names[kind] : "?";
}

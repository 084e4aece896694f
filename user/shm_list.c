// SPDX-License-Identifier: GPL-2.0
/* Shmem object lists, whichever source filled them: growing, ranking, naming. */
#include <stdlib.h>
#include <string.h>
#include "grow.h"
#include "model.h"

struct km_shm_obj *km_shm_add(struct km_shm *l)
{
	struct km_shm_obj *v = km_grow(l->v, &l->cap, l->n, sizeof(*v), 32);

	if (!v)
		return NULL;
	l->v = v;
	return &v[l->n++];
}

struct km_shm_mapper *km_shm_add_mapper(struct km_shm_obj *o)
{
	struct km_shm_mapper *v = km_grow(o->mappers, &o->cap, o->nmappers, sizeof(*v), 4);

	if (!v)
		return NULL;
	o->mappers = v;
	return &v[o->nmappers++];
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

/* Unknown residents last. */
static int by_resident(const void *a, const void *b)
{
	const struct km_shm_obj *x = a, *y = b;
	int kx = !!(x->known & KM_SHM_KNOW_RESIDENT), ky = !!(y->known & KM_SHM_KNOW_RESIDENT);

	if (kx != ky)
		return ky - kx;
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

int km_shm_rest(const struct km_shm *l, int64_t *rest)
{
	*rest = (int64_t)l->shmem - (int64_t)l->mapped_resident - (int64_t)l->sysv_resident;
	return (l->have & KM_SHM_HAVE_REST) && (l->have & KM_SHM_HAVE_MAPPED_RESIDENT);
}

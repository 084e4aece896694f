// SPDX-License-Identifier: GPL-2.0
/*
 * Task lists, whichever source filled them: growing, filtering, the deltas
 * of an interval, grouping by user or program name, and ranking.
 */
#include <stdlib.h>
#include <string.h>
#include "grow.h"
#include "tasks.h"

struct km_task *km_tasks_add(struct km_tasks *l)
{
	struct km_task *v = km_grow(l->v, &l->cap, l->n, sizeof(*v), 256);

	if (!v)
		return NULL;
	l->v = v;
	return &v[l->n++];
}

void km_tasks_free(struct km_tasks *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int km_state_index(char letter)
{
	const char *p = strchr(KMEMSTAT_STATE_LETTERS, letter);

	return letter && p ? (int)(p - KMEMSTAT_STATE_LETTERS) : -1;
}

int km_task_match(const struct km_task_filter *f, const struct km_task *t)
{
	int st = km_state_index(t->state);

	return (!f->pid || t->pid == f->pid) &&
	       (!f->tgid || t->tgid == f->tgid) &&
	       (!f->has_uid || t->uid == f->uid) &&
	       (!f->state_mask || (st >= 0 && (f->state_mask & (1U << st)))) &&
	       t->utime + t->stime >= f->min_cpu_ns;
}

static int by_pid(const void *a, const void *b)
{
	const struct km_task *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

static uint64_t sub0(uint64_t b, uint64_t a)
{
	return b > a ? b - a : 0;
}

int km_tasks_delta(struct km_tasks *a, const struct km_tasks *b,
		   uint64_t a_boot_ns, struct km_tasks *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->threads = b->threads;
	out->have = a->have & b->have;
	out->source = b->source;
	if (a->n)
		qsort(a->v, a->n, sizeof(a->v[0]), by_pid);
	for (i = 0; i < b->n; i++) {
		const struct km_task *y = &b->v[i];
		struct km_task key, *x, *d;

		key.pid = y->pid;
		x = a->n ? bsearch(&key, a->v, a->n, sizeof(a->v[0]), by_pid) : NULL;
		if (x && x->start != y->start)
			x = NULL;	/* the pid was reused */
		if (!x && y->start < a_boot_ns)
			continue;	/* was there but not in the first sample */
		d = km_tasks_add(out);
		if (!d)
			return -1;
		*d = *y;
		if (x) {
			d->utime = sub0(y->utime, x->utime);
			d->stime = sub0(y->stime, x->stime);
			d->runtime = sub0(y->runtime, x->runtime);
			d->nvcsw = sub0(y->nvcsw, x->nvcsw);
			d->nivcsw = sub0(y->nivcsw, x->nivcsw);
			d->min_flt = sub0(y->min_flt, x->min_flt);
			d->maj_flt = sub0(y->maj_flt, x->maj_flt);
		}
	}
	return 0;
}

int km_tasks_group(const struct km_tasks *l, enum km_group_by by,
		   struct km_group **out, size_t *n)
{
	struct km_group *g = NULL;
	size_t i, j, cap = 0;

	*n = 0;
	for (i = 0; i < l->n; i++) {
		const struct km_task *t = &l->v[i];

		for (j = 0; j < *n; j++)
			if (by == KM_BY_USER ? g[j].uid == t->uid :
			    !strcmp(g[j].comm, t->comm))
				break;
		if (j == *n) {
			if (*n == cap) {
				struct km_group *ng;

				cap = cap ? cap * 2 : 64;
				ng = realloc(g, cap * sizeof(*g));
				if (!ng) {
					free(g);
					return -1;
				}
				g = ng;
			}
			memset(&g[j], 0, sizeof(g[j]));
			g[j].uid = t->uid;
			memcpy(g[j].comm, t->comm, sizeof(g[j].comm));
			(*n)++;
		}
		g[j].processes++;
		g[j].threads += t->threads ? t->threads : 1;
		g[j].utime += t->utime;
		g[j].stime += t->stime;
	}
	*out = g;
	return 0;
}

static enum km_sort sort_key;

static uint64_t key_of(uint64_t ut, uint64_t st)
{
	return sort_key == KM_SORT_UTIME ? ut : sort_key == KM_SORT_STIME ? st : ut + st;
}

static int cmp_tasks(const void *a, const void *b)
{
	const struct km_task *x = a, *y = b;
	uint64_t kx = key_of(x->utime, x->stime), ky = key_of(y->utime, y->stime);

	if (kx != ky)
		return kx < ky ? 1 : -1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static int cmp_groups(const void *a, const void *b)
{
	const struct km_group *x = a, *y = b;
	uint64_t kx = key_of(x->utime, x->stime), ky = key_of(y->utime, y->stime);

	if (kx != ky)
		return kx < ky ? 1 : -1;
	if (x->uid != y->uid)
		return x->uid > y->uid ? 1 : -1;
	return strcmp(x->comm, y->comm);
}

void km_tasks_sort(struct km_tasks *l, enum km_sort by)
{
	sort_key = by;
	if (l->n)
		qsort(l->v, l->n, sizeof(l->v[0]), cmp_tasks);
}

void km_groups_sort(struct km_group *g, size_t n, enum km_sort by)
{
	sort_key = by;
	if (n)
		qsort(g, n, sizeof(g[0]), cmp_groups);
}

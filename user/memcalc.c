// SPDX-License-Identifier: GPL-2.0
/*
 * si_mem_available() in user space, step for step and in pages so that the
 * integer halving rounds as the kernel's does. The module has its own copy
 * (kmod/mem.c); tests check both against the kernel's MemAvailable.
 */
#include <stdio.h>
#include <string.h>
#include "memcalc.h"
#include "../kmod/uapi/kmemstat.h"

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

uint64_t km_available_steps(unsigned int formula, const struct km_avail_in *in,
			    struct km_avail_steps *st)
{
	uint64_t low = in->wmark_low, pagecache, reclaimable;
	int64_t sum;

	st->free = (int64_t)in->free;
	st->reserve = (int64_t)(formula == KMEMSTAT_FORMULA_3_14 ?
				low : in->totalreserve);

	pagecache = in->active_file + in->inactive_file;
	st->pagecache = (int64_t)pagecache;
	st->pagecache_cut = (int64_t)min_u64(pagecache / 2, low);

	reclaimable = in->sreclaimable;
	if (formula == KMEMSTAT_FORMULA_4_20)
		reclaimable += in->misc_reclaimable;
	st->reclaimable = (int64_t)reclaimable;
	st->reclaimable_cut = (int64_t)min_u64(reclaimable / 2, low);

	st->uncapped = formula == KMEMSTAT_FORMULA_4_17 ?
		       (int64_t)in->misc_reclaimable : 0;

	sum = st->free - st->reserve + st->pagecache - st->pagecache_cut +
	      st->reclaimable - st->reclaimable_cut + st->uncapped;
	st->available = sum < 0 ? 0 : (uint64_t)sum;
	return st->available;
}

uint64_t km_available_pages(unsigned int formula, const struct km_avail_in *in)
{
	struct km_avail_steps st;

	return km_available_steps(formula, in, &st);
}

/*
 * The formula the module picks for this kernel (kmod/compat.h): the
 * kernel's own where it has MemAvailable (RHEL 6.6 = 2.6.32-504 and later
 * with 3.14's; RHEL 7 as 7.9 does), the newest otherwise (before 3.14).
 */
/* RHEL 6.6+ (2.6.32-504 and later) computes MemAvailable but hides it by default. */
int km_release_hides_memavailable(const char *release)
{
	unsigned int major, minor, patch, build;

	return strstr(release, ".el6") &&
	       sscanf(release, "%u.%u.%u-%u", &major, &minor, &patch, &build) == 4 &&
	       build >= 504;
}

unsigned int km_formula_for_release(const char *release)
{
	unsigned int major = 0, minor = 0, v;

	if (sscanf(release, "%u.%u", &major, &minor) < 2)
		return KMEMSTAT_FORMULA_4_20;	/* unparsable: assume new */
	v = major * 1000 + minor;
	if (strstr(release, ".el7"))
		return KMEMSTAT_FORMULA_4_5;
	if (strstr(release, ".el6"))
		return km_release_hides_memavailable(release) ? KMEMSTAT_FORMULA_3_14 :
								KMEMSTAT_FORMULA_4_5;
	if (v < 3014)
		return KMEMSTAT_FORMULA_4_5;
	if (v < 4005)
		return KMEMSTAT_FORMULA_3_14;
	if (v < 4017)
		return KMEMSTAT_FORMULA_4_5;
	if (v < 4020)
		return KMEMSTAT_FORMULA_4_17;
	return KMEMSTAT_FORMULA_4_20;
}

void km_avail_in_from_mem(const struct km_mem *m, struct km_avail_in *in)
{
	uint64_t ps = m->page_size ? m->page_size : 4096;

	memset(in, 0, sizeof(*in));
	in->free = m->v[KM_FREE] / ps;
	in->totalreserve = m->v[KM_TOTALRESERVE] / ps;
	in->wmark_low = m->v[KM_WMARK_LOW] / ps;
	in->active_file = m->v[KM_ACTIVE_FILE] / ps;
	in->inactive_file = m->v[KM_INACTIVE_FILE] / ps;
	in->sreclaimable = m->v[KM_SRECLAIMABLE] / ps;
	in->misc_reclaimable = m->v[KM_MISC_RECLAIMABLE] / ps;
}

int km_formula_parse(const char *s, unsigned int *formula)
{
	static const struct { const char *name; unsigned int f; } names[] = {
		{ "kernel", KMEMSTAT_FORMULA_UNSPEC }, { "3.14", KMEMSTAT_FORMULA_3_14 },
		{ "4.5", KMEMSTAT_FORMULA_4_5 }, { "4.17", KMEMSTAT_FORMULA_4_17 },
		{ "4.20", KMEMSTAT_FORMULA_4_20 }, { "newest", KMEMSTAT_FORMULA_4_20 },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i].name)) {
			*formula = names[i].f;
			return 0;
		}
	}
	return -1;
}

/*
 * Available again by another kernel's formula, from the terms the source
 * sent. A counter this kernel lacks (misc reclaimable before 4.17) is 0,
 * as it would be in that formula's kernel; the watermarks and reserve must
 * have been sent.
 */
int km_mem_apply_formula(struct km_mem *m, unsigned int formula)
{
	struct km_avail_in in;

	if (formula == KMEMSTAT_FORMULA_UNSPEC || formula == m->formula)
		return 0;
	if (!km_has(m, KM_WMARK_LOW) || !km_has(m, KM_TOTALRESERVE) ||
	    !km_has(m, KM_FREE) || !km_has(m, KM_ACTIVE_FILE) ||
	    !km_has(m, KM_INACTIVE_FILE) || !km_has(m, KM_SRECLAIMABLE))
		return -1;
	km_avail_in_from_mem(m, &in);
	m->kernel_formula = m->formula;
	m->formula = formula;
	km_set(m, KM_AVAILABLE, km_available_pages(formula, &in) *
	       (m->page_size ? m->page_size : 4096));
	return 0;
}

void km_mem_columns(const struct km_mem *m, struct km_columns *c)
{
	const uint64_t *v = m->v;

	c->used = (int64_t)(v[KM_TOTAL] - v[KM_FREE]);
	/* tmpfs and shared memory cannot be reclaimed: they count as anonymous. */
	c->anonymous = (int64_t)(v[KM_ANON] + v[KM_SHMEM]);
	c->kernel = (int64_t)(v[KM_SUNRECLAIM] + v[KM_KERNEL_STACK] +
			      v[KM_PAGE_TABLES]);
	c->caches = (int64_t)(v[KM_BUFFERS] + v[KM_CACHED] + v[KM_SWAP_CACHED] +
			      v[KM_SRECLAIMABLE]) - (int64_t)v[KM_SHMEM];
	c->others = c->used - c->anonymous - c->kernel - c->caches;
	c->used_nocache = c->used - c->caches;
	c->free_cache = (int64_t)v[KM_FREE] + c->caches;
	c->swap_used = (int64_t)(v[KM_SWAP_TOTAL] - v[KM_SWAP_FREE]);
}

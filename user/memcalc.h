/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's MemAvailable formula in user space, for the /proc source. */
#ifndef KM_MEMCALC_H
#define KM_MEMCALC_H

#include <stdint.h>
#include "model.h"

/* Inputs in pages, as the kernel counts. */
struct km_avail_in {
	uint64_t free, totalreserve, wmark_low;
	uint64_t active_file, inactive_file, sreclaimable, misc_reclaimable;
};

/* Each term of the formula, in pages, for showing the sum (mem -e). */
struct km_avail_steps {
	int64_t free, reserve;			/* + free - reserve */
	int64_t pagecache, pagecache_cut;	/* + pagecache - cut */
	int64_t reclaimable, reclaimable_cut;	/* + reclaimable - cut */
	int64_t uncapped;			/* + misc, 4.17-4.19 only */
	uint64_t available;			/* the sum, clamped at 0 */
};

uint64_t km_available_steps(unsigned int formula, const struct km_avail_in *in,
			    struct km_avail_steps *out);
uint64_t km_available_pages(unsigned int formula, const struct km_avail_in *in);

/* The formula inputs of @m (bytes) in pages. */
void km_avail_in_from_mem(const struct km_mem *m, struct km_avail_in *in);

/* The formula a kernel release uses ("6.1.0-18-amd64"); 3.14's before 3.14. */
unsigned int km_formula_for_release(const char *release);
int km_release_hides_memavailable(const char *release);

/* "3.14", "4.5", "4.17", "4.20", "newest" or "kernel" (UNSPEC) -> @formula. */
int km_formula_parse(const char *s, unsigned int *formula);

/* Recompute available in @m by @formula (UNSPEC: leave it); -1: terms missing. */
int km_mem_apply_formula(struct km_mem *m, unsigned int formula);

/* The free.pl columns, in bytes (docs/columns.md says why each is so). */
struct km_columns {
	int64_t used, anonymous, kernel, caches, others;
	int64_t used_nocache, free_cache;	/* the "-/+ caches" row */
	int64_t swap_used;
};

void km_mem_columns(const struct km_mem *m, struct km_columns *c);

#endif /* KM_MEMCALC_H */

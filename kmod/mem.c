// SPDX-License-Identifier: GPL-2.0
/*
 * GET_MEM: the memory figures of /proc/meminfo that free.pl's layout needs,
 * and MemAvailable computed here with the kernel's own formula, so that
 * kernels older than 3.14 get the same answer newer ones print.
 *
 * Everything is read locklessly, as meminfo does: counters are atomics and
 * watermarks are words that change only under sysctl writes.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include "kmemstat.h"

/* All in pages, as the kernel counts them. */
struct km_mem {
	unsigned long total, free, buffers, file_pages, swapcache, shmem;
	unsigned long anon, mapped, sreclaimable, sunreclaim, misc_reclaimable;
	unsigned long page_tables, mlocked, dirty, writeback, nfs_unstable;
	unsigned long bounce, swap_free, totalreserve, wmark_low;
	unsigned long active_anon, inactive_anon, active_file, inactive_file;
	unsigned long unevictable;
	u64 kernel_stack;	/* bytes */
	long available;
	long kernel_available;
	u32 formula;
};

/*
 * Sum the zones' low watermarks (as si_mem_available() does) and recompute
 * totalreserve_pages (as calculate_totalreserve_pages() does: per zone, the
 * largest lowmem_reserve towards higher zones plus the high watermark, capped
 * at the zone's managed pages). Neither the sum nor the reserve is exported,
 * and for_each_zone() needs symbols modules cannot link, hence the node walk.
 */
static void km_zone_sums(unsigned long *wmark_low, unsigned long *reserve)
{
	int nid, i, j;

	*wmark_low = 0;
	*reserve = 0;
	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		for (i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = pgdat->node_zones + i;
			unsigned long managed = km_zone_managed(zone);
			long max = 0;

			for (j = i; j < MAX_NR_ZONES; j++)
				if ((long)zone->lowmem_reserve[j] > max)
					max = zone->lowmem_reserve[j];
			max += km_zone_high_noboost(zone);
			if ((unsigned long)max > managed)
				max = managed;
			*reserve += max;
			*wmark_low += km_zone_low(zone);
		}
	}
}

/* si_mem_available(), step by step; see docs/columns.md. */
static long km_available(const struct km_mem *m)
{
	unsigned long low = m->wmark_low;
	unsigned long pagecache, reclaimable;
	long available;

	if (m->formula == KMEMSTAT_FORMULA_3_14)
		available = (long)m->free - (long)low;
	else
		available = (long)m->free - (long)m->totalreserve;

	pagecache = m->active_file + m->inactive_file;
	pagecache -= min(pagecache / 2, low);
	available += pagecache;

	reclaimable = m->sreclaimable;
	if (m->formula == KMEMSTAT_FORMULA_4_20)
		reclaimable += m->misc_reclaimable;
	available += reclaimable - min(reclaimable / 2, low);

	if (m->formula == KMEMSTAT_FORMULA_4_17)
		available += m->misc_reclaimable;

	return available < 0 ? 0 : available;
}

static void km_mem_read(struct km_mem *m)
{
	struct sysinfo si;

	memset(m, 0, sizeof(*m));
	si_meminfo(&si);
	m->total = si.totalram;
	m->buffers = si.bufferram;
	m->free = km_stat(NR_FREE_PAGES);
	m->file_pages = km_stat(NR_FILE_PAGES);
#ifdef KM_HAVE_SWAPCACHE
	m->swapcache = km_stat_swapcache();
#endif
	m->shmem = km_stat(NR_SHMEM);
	m->anon = km_stat_anon();
	m->mapped = km_stat(NR_FILE_MAPPED);
	m->sreclaimable = km_stat_sreclaimable();
	m->sunreclaim = km_stat_sunreclaim();
	m->misc_reclaimable = km_stat_misc_reclaimable();
	m->kernel_stack = km_kernel_stack_bytes();
	m->page_tables = km_stat(NR_PAGETABLE);
	m->active_anon = km_stat(NR_ACTIVE_ANON);
	m->inactive_anon = km_stat(NR_INACTIVE_ANON);
	m->active_file = km_stat(NR_ACTIVE_FILE);
	m->inactive_file = km_stat(NR_INACTIVE_FILE);
	m->unevictable = km_stat(NR_UNEVICTABLE);
	m->mlocked = km_stat(NR_MLOCK);
	m->dirty = km_stat(NR_FILE_DIRTY);
	m->writeback = km_stat(NR_WRITEBACK);
	m->nfs_unstable = km_stat_nfs_unstable();
	m->bounce = km_stat_bounce();
#ifdef KM_CAN_SWAP_FREE
	m->swap_free = km_nr_swap_free();
#endif
	km_zone_sums(&m->wmark_low, &m->totalreserve);
	m->formula = KM_FORMULA;
	m->available = km_available(m);
#ifdef KM_CAN_SI_MEM_AVAILABLE
	m->kernel_available = si_mem_available();
#endif
}

u64 km_mem_features(void)
{
	u64 f = KMEMSTAT_FEAT_MEM;

#ifdef KM_CAN_SI_MEM_AVAILABLE
	f |= KMEMSTAT_FEAT_KERNEL_AVAILABLE;
#endif
	return f;
}

static int km_put_pages(struct sk_buff *msg, int type, unsigned long pages)
{
	return nla_put_u64_64bit(msg, type, (u64)pages << PAGE_SHIFT,
				 KMEMSTAT_MEM_PAD);
}

static int km_mem_put(struct sk_buff *msg, const struct km_mem *m)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, KMEMSTAT_A_MEM);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, KMEMSTAT_MEM_FORMULA, m->formula) ||
	    nla_put_u32(msg, KMEMSTAT_MEM_PAGE_SIZE, PAGE_SIZE) ||
	    km_put_pages(msg, KMEMSTAT_MEM_TOTAL, m->total) ||
	    km_put_pages(msg, KMEMSTAT_MEM_FREE, m->free) ||
	    km_put_pages(msg, KMEMSTAT_MEM_AVAILABLE, m->available) ||
	    km_put_pages(msg, KMEMSTAT_MEM_BUFFERS, m->buffers) ||
	    km_put_pages(msg, KMEMSTAT_MEM_SHMEM, m->shmem) ||
	    km_put_pages(msg, KMEMSTAT_MEM_ANON, m->anon) ||
	    km_put_pages(msg, KMEMSTAT_MEM_MAPPED, m->mapped) ||
	    km_put_pages(msg, KMEMSTAT_MEM_SLAB_RECLAIMABLE, m->sreclaimable) ||
	    km_put_pages(msg, KMEMSTAT_MEM_SLAB_UNRECLAIMABLE, m->sunreclaim) ||
	    km_put_pages(msg, KMEMSTAT_MEM_MISC_RECLAIMABLE, m->misc_reclaimable) ||
	    nla_put_u64_64bit(msg, KMEMSTAT_MEM_KERNEL_STACK, m->kernel_stack,
			      KMEMSTAT_MEM_PAD) ||
	    km_put_pages(msg, KMEMSTAT_MEM_PAGE_TABLES, m->page_tables) ||
	    km_put_pages(msg, KMEMSTAT_MEM_ACTIVE_ANON, m->active_anon) ||
	    km_put_pages(msg, KMEMSTAT_MEM_INACTIVE_ANON, m->inactive_anon) ||
	    km_put_pages(msg, KMEMSTAT_MEM_ACTIVE_FILE, m->active_file) ||
	    km_put_pages(msg, KMEMSTAT_MEM_INACTIVE_FILE, m->inactive_file) ||
	    km_put_pages(msg, KMEMSTAT_MEM_UNEVICTABLE, m->unevictable) ||
	    km_put_pages(msg, KMEMSTAT_MEM_MLOCKED, m->mlocked) ||
	    km_put_pages(msg, KMEMSTAT_MEM_DIRTY, m->dirty) ||
	    km_put_pages(msg, KMEMSTAT_MEM_WRITEBACK, m->writeback) ||
	    km_put_pages(msg, KMEMSTAT_MEM_NFS_UNSTABLE, m->nfs_unstable) ||
	    km_put_pages(msg, KMEMSTAT_MEM_BOUNCE, m->bounce) ||
	    km_put_pages(msg, KMEMSTAT_MEM_TOTALRESERVE, m->totalreserve) ||
	    km_put_pages(msg, KMEMSTAT_MEM_WMARK_LOW, m->wmark_low))
		goto full;
#ifdef KM_HAVE_SWAPCACHE
	/* meminfo's Cached: file pages that are neither swap cache nor buffers. */
	if (km_put_pages(msg, KMEMSTAT_MEM_SWAP_CACHED, m->swapcache) ||
	    km_put_pages(msg, KMEMSTAT_MEM_CACHED, max_t(long, 0,
			 (long)m->file_pages - (long)m->swapcache - (long)m->buffers)))
		goto full;
#endif
#ifdef KM_CAN_SI_MEM_AVAILABLE
	if (km_put_pages(msg, KMEMSTAT_MEM_KERNEL_AVAILABLE, m->kernel_available))
		goto full;
#endif
#ifdef KM_CAN_SWAP_FREE
	if (km_put_pages(msg, KMEMSTAT_MEM_SWAP_FREE, m->swap_free))
		goto full;
#endif
	nla_nest_end(msg, nest);
	return 0;
full:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

int km_cmd_get_mem(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	struct km_mem m;
	void *hdr;
	int err;

	err = km_no_attrs(info);
	if (err)
		return err;
	msg = km_reply_new(info, KMEMSTAT_CMD_GET_MEM, &hdr);
	if (!msg)
		return -ENOMEM;
	km_mem_read(&m);
	err = km_mem_put(msg, &m);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return km_reply_send(msg, hdr, info);
}

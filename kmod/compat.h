/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference kmemstat meets, and nothing else.
 *
 * Kbuild force-includes this file. Most switches are feature probes from
 * probe.sh (KM_HAVE_*, KM_WHERE_*), so distribution backports are honoured;
 * version tests remain only where the difference is in code that no header
 * shows. The rest of the module is written against the newest API.
 */
#ifndef KMEMSTAT_COMPAT_H
#define KMEMSTAT_COMPAT_H

#include <linux/version.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/vmstat.h>
#include <linux/swap.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include "uapi/kmemstat.h"

/* ---- vmstat counters --------------------------------------------------- */

/*
 * Counters moved between the zone and node arrays across 4.8 (LRU, file,
 * anon, shmem), 4.13 (slab), 5.11 (page tables) and others; reading a moved
 * item with the wrong reader compiles and returns another counter. probe.sh
 * says which enum holds each item: km_stat(NR_X) picks the matching reader,
 * and fails to compile for an item this kernel does not have.
 */
#ifdef KM_HAVE_GLOBAL_ZONE_PAGE_STATE
#define km_read_kmzone(item)	global_zone_page_state(item)	/* 4.14 */
#else
#define km_read_kmzone(item)	global_page_state(item)
#endif
#ifdef KM_HAVE_NODE_STATE_PAGES
/* 5.9: the _B items are kept in bytes; this reader returns pages for all. */
#define km_read_kmnode(item)	global_node_page_state_pages(item)
#else
#define km_read_kmnode(item)	global_node_page_state(item)	/* 4.8 */
#endif
#define km__read(where, item)	km_read_##where(item)
#define km_read(where, item)	km__read(where, item)
#define km_stat(item)		km_read(KM_WHERE_##item, item)

/* AnonPages: NR_ANON_PAGES until 4.8 renamed it NR_ANON_MAPPED. */
#ifdef KM_WHERE_NR_ANON_MAPPED
#define km_stat_anon()		km_stat(NR_ANON_MAPPED)
#else
#define km_stat_anon()		km_stat(NR_ANON_PAGES)
#endif

/* Slab: NR_SLAB_RECLAIMABLE(_B); the _B variants from 5.9. */
#ifdef KM_WHERE_NR_SLAB_RECLAIMABLE_B
#define km_stat_sreclaimable()	km_stat(NR_SLAB_RECLAIMABLE_B)
#define km_stat_sunreclaim()	km_stat(NR_SLAB_UNRECLAIMABLE_B)
#else
#define km_stat_sreclaimable()	km_stat(NR_SLAB_RECLAIMABLE)
#define km_stat_sunreclaim()	km_stat(NR_SLAB_UNRECLAIMABLE)
#endif

/* Kernel stacks in bytes: a KiB counter from 4.9, a count of stacks before. */
#ifdef KM_WHERE_NR_KERNEL_STACK_KB
#define km_kernel_stack_bytes()	((u64)km_stat(NR_KERNEL_STACK_KB) * 1024)
#else
#define km_kernel_stack_bytes()	((u64)km_stat(NR_KERNEL_STACK) * THREAD_SIZE)
#endif

/* NFS unstable pages: counted until 5.8, shown as 0 in meminfo since. */
#ifdef KM_WHERE_NR_UNSTABLE_NFS
#define km_stat_nfs_unstable()	km_stat(NR_UNSTABLE_NFS)
#else
#define km_stat_nfs_unstable()	0UL
#endif

/*
 * Misc reclaimable kernel memory: NR_KERNEL_MISC_RECLAIMABLE (pages) from
 * 4.20, NR_INDIRECTLY_RECLAIMABLE_BYTES (bytes) in 4.17-4.19, none before.
 * KM_FORMULA names the MemAvailable variant this kernel uses.
 */
#if defined(KM_WHERE_NR_KERNEL_MISC_RECLAIMABLE)
#define km_stat_misc_reclaimable()	km_stat(NR_KERNEL_MISC_RECLAIMABLE)
#define KM_FORMULA			KMEMSTAT_FORMULA_4_20
#elif defined(KM_WHERE_NR_INDIRECTLY_RECLAIMABLE_BYTES)
#define km_stat_misc_reclaimable() \
	(km_stat(NR_INDIRECTLY_RECLAIMABLE_BYTES) >> PAGE_SHIFT)
#define KM_FORMULA			KMEMSTAT_FORMULA_4_17
#else
#define km_stat_misc_reclaimable()	0UL
/*
 * 4.5 (84ad5802a33a) subtracts totalreserve_pages instead of the low
 * watermarks; no header shows that change, so the version decides.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 5, 0)
#define KM_FORMULA			KMEMSTAT_FORMULA_4_5
#else
#define KM_FORMULA			KMEMSTAT_FORMULA_3_14
#endif
#endif

/*
 * Swap cache: the NR_SWAPCACHE counter from 5.13; older kernels sum the swap
 * address spaces with a function modules cannot call, so the figure (and
 * Cached, which subtracts it) is then not reported.
 */
#if defined(KM_WHERE_NR_SWAPCACHE) && defined(CONFIG_SWAP)
#define KM_HAVE_SWAPCACHE 1
#define km_stat_swapcache()	km_stat(NR_SWAPCACHE)
#elif !defined(CONFIG_SWAP)
#define KM_HAVE_SWAPCACHE 1
#define km_stat_swapcache()	0UL
#endif

/* Free swap pages: an atomic behind get_nr_swap_pages() from 3.9. */
#ifdef CONFIG_SWAP
#ifdef KM_HAVE_GET_NR_SWAP_PAGES
#define km_nr_swap_free()	((unsigned long)get_nr_swap_pages())
#else
#define km_nr_swap_free()	((unsigned long)nr_swap_pages)
#endif
#else
#define km_nr_swap_free()	0UL
#endif

/* ---- zones and watermarks ---------------------------------------------- */

/* managed_pages: atomic behind zone_managed_pages() from 5.0, a field from 3.8. */
#if defined(KM_HAVE_ZONE_MANAGED_PAGES)
#define km_zone_managed(z)	zone_managed_pages(z)
#elif defined(KM_HAVE_ZONE_MANAGED_FIELD)
#define km_zone_managed(z)	((z)->managed_pages)
#else
#define km_zone_managed(z)	((z)->present_pages)
#endif

/*
 * Watermarks: an array since 2.6.31, renamed _watermark[] with a dynamic
 * boost in 5.0. The low mark counts the boost, as si_mem_available() does;
 * the high mark for the reserve does not, because the kernel computes
 * totalreserve_pages right after clearing the boost.
 */
#define km_zone_low(z)		low_wmark_pages(z)
#ifdef KM_HAVE_ZONE_WATERMARK_BOOST
#define km_zone_high_noboost(z)	((z)->_watermark[WMARK_HIGH])
#else
#define km_zone_high_noboost(z)	high_wmark_pages(z)
#endif

/* ---- generic netlink --------------------------------------------------- */

/* 3.7 renamed snd_pid to snd_portid. */
#ifdef KM_HAVE_GENL_SND_PORTID
#define km_info_portid(info)	((info)->snd_portid)
#else
#define km_info_portid(info)	((info)->snd_pid)
#endif

/* 4.7 added 64-bit alignment padding for u64 attributes. */
#ifndef KM_HAVE_NLA_PUT_U64_64BIT
#define nla_put_u64_64bit(skb, type, value, pad) nla_put_u64(skb, type, value)
#endif

/*
 * Registration: ops inside the family from 4.10; before, ops passed at
 * registration: an array macro from 3.13, a function with a count before
 * (which links the ops into a list, so they cannot be const). The attribute
 * policy moved from each op to the family in 5.2.
 */
#if defined(KM_HAVE_GENL_OPS_MACRO) || defined(KM_HAVE_GENL_FAMILY_OPS)
#define KM_GENL_OPS_CONST const
#else
#define KM_GENL_OPS_CONST
#endif

#ifdef KM_HAVE_GENL_FAMILY_OPS
#define km_genl_register(fam, ops, n)	genl_register_family(fam)
#elif defined(KM_HAVE_GENL_OPS_MACRO)
#define km_genl_register(fam, ops, n) \
	_genl_register_family_with_ops_grps(fam, ops, n, NULL, 0)
#else
#define km_genl_register(fam, ops, n)	genl_register_family_with_ops(fam, ops, n)
#endif

/* Before 4.10 the id was asked for; from 3.13 the inline sets ->module. */
#ifdef KM_HAVE_GENL_FAMILY_OPS
#define KM_GENL_FAMILY_FIELDS(o) \
	.module = THIS_MODULE, .ops = (o), .n_ops = ARRAY_SIZE(o),
#else
#define KM_GENL_FAMILY_FIELDS(o)	.id = GENL_ID_GENERATE,
#endif

#ifdef KM_HAVE_GENL_FAMILY_POLICY
#define KM_GENL_FAMILY_POLICY(p)	.policy = (p),
#define KM_GENL_OP_POLICY(p)
#else
#define KM_GENL_FAMILY_POLICY(p)
#define KM_GENL_OP_POLICY(p)		.policy = (p),
#endif

/* 4.12: extended ack messages for errors. */
#ifdef GENL_SET_ERR_MSG
#define km_set_err_msg(info, msg)	GENL_SET_ERR_MSG(info, msg)
#else
#define km_set_err_msg(info, msg)	do { } while (0)
#endif

#endif /* KMEMSTAT_COMPAT_H */

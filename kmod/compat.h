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
#include <linux/sched.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/math64.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include "uapi/kmemstat.h"
#ifdef KM_HAVE_SCHED_SIGNAL_H
/* 4.11 split these out of linux/sched.h. */
#include <linux/sched/signal.h>
#include <linux/sched/cputime.h>
#include <linux/sched/task.h>
#include <linux/sched/mm.h>
#endif

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

/* Bounce buffers: counted until 7.x removed them; meminfo then shows 0. */
#ifdef KM_WHERE_NR_BOUNCE
#define km_stat_bounce()	km_stat(NR_BOUNCE)
#else
#define km_stat_bounce()	0UL
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

/* 3.7 renamed netlink_skb_parms.pid to portid. */
#ifdef KM_HAVE_GENL_SND_PORTID
#define km_cb_portid(cb)	NETLINK_CB((cb)->skb).portid
#else
#define km_cb_portid(cb)	NETLINK_CB((cb)->skb).pid
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

/* 4.12: parsers take an extended ack; 5.2 made them strict by default. */
#ifdef KM_HAVE_NL_EXTACK
#define km_nla_parse_nested(tb, max, nla, pol) \
	nla_parse_nested(tb, max, nla, pol, NULL)
#define km_nlmsg_parse(nlh, hdrlen, tb, max, pol) \
	nlmsg_parse(nlh, hdrlen, tb, max, pol, NULL)
#else
#define km_nla_parse_nested(tb, max, nla, pol) nla_parse_nested(tb, max, nla, pol)
#define km_nlmsg_parse(nlh, hdrlen, tb, max, pol) \
	nlmsg_parse(nlh, hdrlen, tb, max, pol)
#endif

/* ---- tasks ------------------------------------------------------------- */

/* 3.14 (0c740d0afc3b) added for_each_thread; before, the ring of threads. */
#ifndef for_each_thread
#define for_each_thread(p, t) \
	for (t = (p); t; t = next_thread(t) == (p) ? NULL : next_thread(t))
#endif

/* The next pid at or above @nr in @ns; rcu_read_lock() held. */
#ifdef KM_EXPORTS_FIND_GE_PID
#define km_find_ge_pid(nr, ns)	find_ge_pid(nr, ns)
#else
/* Not exported here: probe every number (a hash lookup each) up to the limit. */
static inline struct pid *km_find_ge_pid(int nr, struct pid_namespace *ns)
{
	struct pid *pid;

	for (; nr > 0 && nr < PID_MAX_LIMIT; nr++) {
		pid = find_pid_ns(nr, ns);
		if (pid)
			return pid;
	}
	return NULL;
}
#endif

/* Effective uid as the user namespace @ns sees it; 3.5 brought kuid_t. */
#ifdef KM_HAVE_KUID
#define km_task_euid(t, ns)	from_kuid_munged(ns, task_euid(t))
#define km_uid_eq(a, b)		uid_eq(a, b)
#define km_gid_eq(a, b)		gid_eq(a, b)
#else
#define km_task_euid(t, ns)	((u32)task_euid(t))
#define km_uid_eq(a, b)		((a) == (b))
#define km_gid_eq(a, b)		((a) == (b))
#endif

/* get_dumpable() moved to linux/sched/coredump.h in 4.11. */
#ifdef KM_HAVE_SCHED_SIGNAL_H
#include <linux/sched/coredump.h>
#endif

/*
 * May @p be read by a caller whose ids match its own (not dumpable: no)?
 * Dumpability lived in mm->flags (get_dumpable(), task_lock held); 7.x moved
 * it to the task's exec state behind a function that is not exported
 * everywhere: where it cannot be read, the answer is no, so that only
 * privileged callers see other processes' mappings.
 */
#if defined(KM_HAVE_TASK_EXEC_STATE) && defined(KM_EXPORTS_TASK_EXEC_STATE_GET_DUMPABLE)
#define km_task_dumpable(p)	(task_exec_state_get_dumpable(p) == TASK_DUMPABLE_OWNER)
#elif defined(KM_HAVE_TASK_EXEC_STATE)
#define km_task_dumpable(p)	false
#else
static inline bool km_task_dumpable(struct task_struct *p)
{
	bool ok;

	task_lock(p);
	ok = p->mm && get_dumpable(p->mm) == SUID_DUMP_USER;
	task_unlock(p);
	return ok;
}
#endif

/*
 * The state letter /proc prints: 5.14 renamed ->state to ->__state; 4.14
 * brought task_state_index() (and the I and P letters). Before, the
 * highest reported bit wins, as get_task_state() did.
 */
#ifdef KM_HAVE_TASK_STATE_INDEX
static inline char km_task_state_char(struct task_struct *t)
{
	return task_index_to_char(task_state_index(t));
}
#else
static inline char km_task_state_char(struct task_struct *t)
{
	long state = READ_ONCE(t->state);

	if (t->exit_state & EXIT_DEAD)
		return 'X';
	if (t->exit_state & EXIT_ZOMBIE)
		return 'Z';
	if (state & __TASK_TRACED)
		return 't';
	if (state & __TASK_STOPPED)
		return 'T';
	if (state & TASK_UNINTERRUPTIBLE)
		return 'D';
	if (state & TASK_INTERRUPTIBLE)
		return 'S';
	return 'R';
}
#endif

/* Start time in ns since boot, as /proc/PID/stat field 22 counts it. */
#if defined(KM_HAVE_START_BOOTTIME)
#define km_task_start_ns(t)	((t)->start_boottime)		/* 5.5 */
#elif defined(KM_HAVE_REAL_START_TIME_NS)
#define km_task_start_ns(t)	((t)->real_start_time)		/* 3.17 */
#else
#define km_task_start_ns(t)	((u64)timespec_to_ns(&(t)->real_start_time))
#endif

/* Task CPU times in ns: a u64 from 4.11, cputime_t (ticks) before. */
#ifdef KM_HAVE_CPUTIME_NS
#define km_cputime_ns(c)	((u64)(c))
#elif defined(cputime_to_nsecs)
#define km_cputime_ns(c)	((u64)cputime_to_nsecs(c))
#else
#define km_cputime_ns(c)	((u64)jiffies_to_usecs(cputime_to_jiffies(c)) * NSEC_PER_USEC)
#endif

/*
 * stime * rtime / total without overflow, as cputime_adjust() computes it:
 * exactly (128-bit) from 5.9; before, scale_stime() dropped precision the
 * same way this does.
 */
#ifdef KM_HAVE_MUL_U64_U64_DIV_U64
#define km_scale_stime(stime, rtime, total) mul_u64_u64_div_u64(stime, rtime, total)
#else
static inline u64 km_scale_stime(u64 stime, u64 rtime, u64 total)
{
	for (;;) {
		if (stime > rtime)
			swap(rtime, stime);
		if (total >> 32)
			goto drop;
		if (!(rtime >> 32))
			break;
		if (stime >> 31)
			goto drop;
		stime <<= 1;
		rtime >>= 1;
		continue;
drop:
		rtime >>= 1;
		total >>= 1;
	}
	return div_u64((u64)(u32)stime * (u64)(u32)rtime, (u32)total);
}
#endif

/*
 * Per thread, /proc/PID/task/TID/stat prints task_cputime_adjusted(),
 * exported from 4.4; before, scale the raw ticks the same way without the
 * kernel's monotonic clamp (within a tick of /proc).
 */
#ifdef KM_EXPORTS_TASK_CPUTIME_ADJUSTED
#ifdef KM_HAVE_CPUTIME_NS
#define km_task_cputime_adjusted(t, ut, st)	task_cputime_adjusted(t, ut, st)
#else
static inline void km_task_cputime_adjusted(struct task_struct *t, u64 *ut, u64 *st)
{
	cputime_t u, s;

	task_cputime_adjusted(t, &u, &s);
	*ut = km_cputime_ns(u);
	*st = km_cputime_ns(s);
}
#endif
#else
static inline void km_task_cputime_adjusted(struct task_struct *t, u64 *ut, u64 *st)
{
	u64 u = km_cputime_ns(t->utime), s = km_cputime_ns(t->stime);
	u64 r = t->se.sum_exec_runtime;

	if (!s)
		u = r;
	else if (!u)
		s = r;
	else
		s = km_scale_stime(s, r, s + u);
	*st = s;
	*ut = r - s;
}
#endif

/*
 * The thread group's previous adjusted times, the clamp cputime_adjust()
 * keeps so that /proc's figures never go backwards: a struct with a raw
 * lock from 4.3. Read-only here: the module never writes kernel state.
 */
#ifdef KM_HAVE_PREV_CPUTIME
static inline void km_group_prev(struct signal_struct *sig, u64 *ut, u64 *st)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sig->prev_cputime.lock, flags);
	*ut = sig->prev_cputime.utime;
	*st = sig->prev_cputime.stime;
	raw_spin_unlock_irqrestore(&sig->prev_cputime.lock, flags);
}
#else
static inline void km_group_prev(struct signal_struct *sig, u64 *ut, u64 *st)
{
	*ut = 0;
	*st = 0;
}
#endif

/* Exited threads' times are folded into the signal struct under stats_lock (3.15). */
#ifdef KM_HAVE_SIGNAL_STATS_LOCK
#define km_stats_begin(sig)		read_seqbegin(&(sig)->stats_lock)
#define km_stats_retry(sig, seq)	read_seqretry(&(sig)->stats_lock, seq)
#else
#define km_stats_begin(sig)		0
#define km_stats_retry(sig, seq)	((void)(seq), 0)
#endif

/* ---- VMAs and shmem ----------------------------------------------------- */

/* 5.8 wrapped mmap_sem as mmap_lock (late 5.4.y too). */
#ifdef KM_HAVE_MMAP_READ_LOCK
#include <linux/mmap_lock.h>
#define km_mmap_read_lock(mm)	mmap_read_lock(mm)
#define km_mmap_read_unlock(mm)	mmap_read_unlock(mm)
#else
#define km_mmap_read_lock(mm)	down_read(&(mm)->mmap_sem)
#define km_mmap_read_unlock(mm)	up_read(&(mm)->mmap_sem)
#endif

/*
 * Page tables: the p4d level from 4.11 (before, a pud hangs off the pgd);
 * pud_leaf() from 5.8 (x86 called it pud_large()).
 */
#ifndef KM_HAVE_P4D
typedef pgd_t p4d_t;
#define p4d_offset(pgd, addr)	(pgd)
#define p4d_none(p4d)		0
#define p4d_bad(p4d)		0
#define p4d_addr_end(addr, end)	(end)
#endif
#ifndef pud_leaf
#define pud_leaf(pud)		pud_large(pud)
#endif

/*
 * Count the present PTEs of [addr, end) under the PMD @pmd (whose value
 * @val was checked to point to a PTE table); the caller holds the mmap read
 * lock. Until 6.5 pte_offset_map_lock() is header code: read under the PTE
 * lock. 6.5 made it a function modules cannot call, and has PTE tables
 * freed only after an RCU grace period (pte_free_defer()), so there the
 * table is read under RCU through the PMD value already checked; on x86-64
 * page tables are always in the direct map. Read-only either way.
 */
#ifdef KM_PTE_MAP_LOCK_UNEXPORTED
static inline u64 km_count_present(struct mm_struct *mm, pmd_t *pmd, pmd_t val,
				   unsigned long addr, unsigned long end)
{
	pte_t *pte;
	u64 n = 0;

	rcu_read_lock();
	pte = pte_offset_kernel(&val, addr);
	for (; addr < end; addr += PAGE_SIZE, pte++)
		if (pte_present(ptep_get(pte)))
			n += PAGE_SIZE;
	rcu_read_unlock();
	return n;
}
#else
static inline u64 km_count_present(struct mm_struct *mm, pmd_t *pmd, pmd_t val,
				   unsigned long addr, unsigned long end)
{
	spinlock_t *ptl;
	pte_t *start, *pte;
	u64 n = 0;

	start = pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte)
		return 0;	/* the table went away meanwhile: nothing mapped */
	for (; addr < end; addr += PAGE_SIZE, pte++)
		if (pte_present(*pte))
			n += PAGE_SIZE;
	pte_unmap_unlock(start, ptl);
	return n;
}
#endif

/* A 0-byte file on the internal tmpfs; 7.x passes its flags as vma_flags_t. */
#ifdef KM_HAVE_VMA_FLAGS_T
#define km_shmem_file(name)	shmem_file_setup(name, 0, EMPTY_VMA_FLAGS)
#else
#define km_shmem_file(name)	shmem_file_setup(name, 0, VM_NORESERVE)
#endif

/* kvmalloc 4.12; kvfree 3.15. */
#ifdef KM_HAVE_KVMALLOC
#define km_kvzalloc(n)		kvzalloc(n, GFP_KERNEL)
#define km_kvfree(p)		kvfree(p)
#else
#include <linux/vmalloc.h>
#define km_kvzalloc(n)		vzalloc(n)
#define km_kvfree(p)		vfree(p)
#endif

/*
 * A superblock's inodes: s_inode_list_lock from 4.3; before, a global lock
 * modules cannot take, so unmapped SysV segments are not listed there.
 */
#ifdef KM_HAVE_SB_INODE_LIST_LOCK
#define KM_CAN_LIST_SB_INODES 1
#endif

/* An inode's I_* state, read under its i_lock: a struct behind a reader in 7.x. */
#ifdef KM_HAVE_INODE_STATE_READ
#define km_inode_state(inode)	inode_state_read(inode)
#else
#define km_inode_state(inode)	((inode)->i_state)
#endif

#endif /* KMEMSTAT_COMPAT_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel difference kmemstat meets, as macros and small wrappers, and
 * nothing else: the logic that differs lives in the .c file of its feature.
 *
 * Kbuild force-includes this file. The switches come from km_config.h,
 * which probe.sh writes by compiling a small test of each construct
 * against the target kernel's headers (KM_HAVE_*), reading its
 * Module.symvers (KM_EXPORTS_*) and its vmstat enums (KM_WHERE_*), so that
 * distribution backports are seen as they are. Version tests remain only
 * where the difference is in code no header shows. The rest of the module
 * is written against the newest API.
 */
#ifndef KMEMSTAT_COMPAT_H
#define KMEMSTAT_COMPAT_H

#include "km_config.h"
#include <linux/version.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/vmstat.h>
#include <linux/swap.h>
#include <linux/sched.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/math64.h>
#include <linux/vmalloc.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/cred.h>
#include <linux/capability.h>
#include <linux/ptrace.h>
#include <net/sock.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include "uapi/kmemstat.h"
/* 4.11 split these out of linux/sched.h; RHEL 7 has stubs of some. */
#ifdef KM_HAVE_SCHED_SIGNAL_H
#include <linux/sched/signal.h>
#endif
#ifdef KM_HAVE_SCHED_CPUTIME_H
#include <linux/sched/cputime.h>
#endif
#ifdef KM_HAVE_SCHED_TASK_H
#include <linux/sched/task.h>
#endif
#ifdef KM_HAVE_SCHED_MM_H
#include <linux/sched/mm.h>
#endif
#ifdef KM_HAVE_SCHED_COREDUMP_H
#include <linux/sched/coredump.h>
#endif
#ifdef KM_HAVE_MMAP_LOCK_H
#include <linux/mmap_lock.h>
#endif
#ifdef KM_HAVE_USER_NS_OWNER
#include <linux/user_namespace.h>
#endif
#ifdef KM_HAVE_TIMENS_ADD_BOOTTIME_NS
#include <linux/time_namespace.h>
#endif

/* ---- language and library ---------------------------------------------- */

#ifndef KM_HAVE_READ_ONCE
#define READ_ONCE(x)		ACCESS_ONCE(x)			/* 3.19 */
#endif

/* Copy a name, truncated to fit: strscpy() from 4.3 (__must_check in 4.x). */
static inline void km_strscpy(char *d, const char *s, size_t n)
{
#ifdef KM_HAVE_STRSCPY
	ssize_t r = strscpy(d, s, n);

	(void)r;	/* truncation is fine: names are shown shortened */
#else
	strlcpy(d, s, n);
#endif
}

#ifdef KM_HAVE_KSTRTOU32
#define km_kstrtou32(s, b, r)	kstrtou32(s, b, r)		/* 2.6.39 */
#else
#define km_kstrtou32(s, b, r)	km_strtou32(s, b, r)
static inline int km_strtou32(const char *s, unsigned int base, u32 *res)
{
	char *end;
	unsigned long v = simple_strtoul(s, &end, base);

	if (end == s || *end || v > 0xffffffffUL)
		return -EINVAL;
	*res = v;
	return 0;
}
#endif

#ifndef KM_HAVE_FILE_INODE
#define file_inode(f)		((f)->f_path.dentry->d_inode)	/* 3.9 */
#endif

/*
 * Large zeroed buffers whose size a caller decides: kvzalloc (4.12), or
 * __vmalloc() with its three arguments (until 5.8, which has kvzalloc).
 * Quiet when they fail (__GFP_NOWARN): the caller answers ENOMEM.
 */
#if defined(KM_HAVE_KVMALLOC)
#define km_kvzalloc(n)		kvzalloc(n, KM_GFP_REQUEST | __GFP_NOWARN)
#define km_kvfree(p)		kvfree(p)
#else
#define km_kvzalloc(n)		__vmalloc(n, KM_GFP_REQUEST | __GFP_ZERO | __GFP_NOWARN, PAGE_KERNEL)
#define km_kvfree(p)		vfree(p)
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

/*
 * AnonPages: NR_ANON_PAGES until 4.8 renamed it NR_ANON_MAPPED. Before 3.12
 * (and in RHEL 7) it leaves out transparent huge pages, which meminfo adds
 * ("thp: account anon transparent huge pages into NR_ANON_PAGES" moved them
 * into the counter); no header shows that change.
 */
#ifdef KM_WHERE_NR_ANON_MAPPED
#define km_stat_anon()		km_stat(NR_ANON_MAPPED)
#elif defined(CONFIG_TRANSPARENT_HUGEPAGE) && \
	defined(KM_WHERE_NR_ANON_TRANSPARENT_HUGEPAGES) && \
	LINUX_VERSION_CODE < KERNEL_VERSION(3, 12, 0)
#define km_stat_anon()		(km_stat(NR_ANON_PAGES) + \
				 km_stat(NR_ANON_TRANSPARENT_HUGEPAGES) * HPAGE_PMD_NR)
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
 */
#if defined(KM_WHERE_NR_KERNEL_MISC_RECLAIMABLE)
#define km_stat_misc_reclaimable()	km_stat(NR_KERNEL_MISC_RECLAIMABLE)
#define KM_NEWEST_FORMULA		KMEMSTAT_FORMULA_4_20
#elif defined(KM_WHERE_NR_INDIRECTLY_RECLAIMABLE_BYTES)
#define km_stat_misc_reclaimable() \
	(km_stat(NR_INDIRECTLY_RECLAIMABLE_BYTES) >> PAGE_SHIFT)
#define KM_NEWEST_FORMULA		KMEMSTAT_FORMULA_4_17
#else
#define km_stat_misc_reclaimable()	0UL
#define KM_NEWEST_FORMULA		KMEMSTAT_FORMULA_4_5
#endif

/*
 * Which MemAvailable formula answers (see docs/columns.md). A kernel with
 * its own MemAvailable keeps its own: 3.14 to 4.4 subtract the low
 * watermarks from free pages, 4.5 (84ad5802a33a) totalreserve_pages. No
 * header shows that change, so the version decides, and RHEL's kernels are
 * named: RHEL 6.6 and later compute 3.14's (shown with a sysctl); RHEL 7
 * has 3.14's in meminfo until it gained si_mem_available() with 4.5's
 * (7.9 has it, 7.1 not). A kernel without one (before 3.14, RHEL 6 before
 * 6.6) gets the newest formula, the figure a current kernel would print.
 */
#if defined(RHEL_MAJOR) && RHEL_MAJOR == 7 && defined(KM_HAVE_SI_MEM_AVAILABLE)
#define KM_FORMULA		KMEMSTAT_FORMULA_4_5
#elif defined(RHEL_MAJOR) && RHEL_MAJOR == 7
#define KM_FORMULA		KMEMSTAT_FORMULA_3_14
#elif defined(RHEL_MAJOR) && RHEL_MAJOR == 6 && RHEL_MINOR >= 6
#define KM_FORMULA		KMEMSTAT_FORMULA_3_14
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(4, 5, 0)
#define KM_FORMULA		KM_NEWEST_FORMULA
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(3, 14, 0)
#define KM_FORMULA		KMEMSTAT_FORMULA_3_14
#else
#define KM_FORMULA		KM_NEWEST_FORMULA
#endif

/* si_mem_available(): the kernel's own figure, where modules may call it. */
#if defined(KM_HAVE_SI_MEM_AVAILABLE) && defined(KM_EXPORTS_SI_MEM_AVAILABLE)
#define KM_CAN_SI_MEM_AVAILABLE 1
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

/*
 * Free swap pages: nr_swap_pages, an atomic behind get_nr_swap_pages()
 * from 3.9, exported from about 4.5 (RHEL 7 too); before that only
 * si_swapinfo() may read it, where exported. Without either the figure is
 * not sent (the CLI reads SwapFree from /proc/meminfo, as SwapTotal).
 */
#if !defined(CONFIG_SWAP)
#define KM_CAN_SWAP_FREE 1
#define km_nr_swap_free()	0UL
#elif defined(KM_EXPORTS_NR_SWAP_PAGES) && defined(KM_HAVE_GET_NR_SWAP_PAGES)
#define KM_CAN_SWAP_FREE 1
#define km_nr_swap_free()	((unsigned long)get_nr_swap_pages())
#elif defined(KM_EXPORTS_NR_SWAP_PAGES)
#define KM_CAN_SWAP_FREE 1
#define km_nr_swap_free()	((unsigned long)nr_swap_pages)
#elif defined(KM_EXPORTS_SI_SWAPINFO)
#define KM_CAN_SWAP_FREE 1
static inline unsigned long km_nr_swap_free(void)
{
	struct sysinfo si;

	si_swapinfo(&si);
	return si.freeswap;
}
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

/* 3.7 renamed snd_pid to snd_portid, and netlink_skb_parms.pid to portid. */
#ifdef KM_HAVE_GENL_SND_PORTID
#define km_info_portid(info)	((info)->snd_portid)
#else
#define km_info_portid(info)	((info)->snd_pid)
#endif
#ifdef KM_HAVE_NETLINK_CB_PORTID
#define km_cb_portid(cb)	NETLINK_CB((cb)->skb).portid
#else
#define km_cb_portid(cb)	NETLINK_CB((cb)->skb).pid
#endif

/*
 * A request's rights are those of both the task that runs it and the one
 * that opened the socket (netlink_capable(), the fix for CVE-2014-0181):
 * a dump's first part can run in whichever task reads the socket, and a
 * socket can be handed to a more privileged task. km_req_opener() is the
 * opener's credentials, NULL where the kernel does not keep the socket in
 * the request (before 3.7), where 2.6.32-2.6.39 leave the sender's
 * capabilities at send time and 3.0-3.6 nothing beyond the reader's.
 */
#ifdef KM_HAVE_NETLINK_CB_SK
static inline const struct cred *km_req_opener(const struct sk_buff *skb)
{
	struct socket *sock = NETLINK_CB(skb).sk->sk_socket;

	return sock && sock->file ? sock->file->f_cred : NULL;
}
#else
#define km_req_opener(skb)	((const struct cred *)NULL)
#endif

#if defined(KM_HAVE_NETLINK_CAPABLE)
#define km_req_capable(skb, cap)	netlink_capable(skb, cap)
#elif defined(KM_HAVE_NETLINK_CB_SK) && defined(KM_HAVE_FILE_NS_CAPABLE)
static inline bool km_req_capable(const struct sk_buff *skb, int cap)
{
	struct socket *sock = NETLINK_CB(skb).sk->sk_socket;

	return sock && sock->file && file_ns_capable(sock->file, &init_user_ns, cap) &&
	       capable(cap);
}
#elif defined(KM_HAVE_NETLINK_CB_SK) && defined(KM_HAVE_CRED_USER_NS)
/* 3.7-3.8: file_ns_capable()'s test on the opener, without the LSM hook. */
static inline bool km_req_capable(const struct sk_buff *skb, int cap)
{
	const struct cred *c = km_req_opener(skb);

	return c && c->user_ns == &init_user_ns && cap_raised(c->cap_effective, cap) &&
	       capable(cap);
}
#elif defined(KM_HAVE_NETLINK_CB_EFF_CAP)
#define km_req_capable(skb, cap)	(cap_raised(NETLINK_CB(skb).eff_cap, cap) && capable(cap))
#else
#define km_req_capable(skb, cap)	capable(cap)
#endif

/* 4.7 added 64-bit alignment padding for u64 attributes. */
#ifndef KM_HAVE_NLA_PUT_U64_64BIT
#define nla_put_u64_64bit(skb, type, value, pad) nla_put_u64(skb, type, value)
#endif

/*
 * Registration: ops inside a static family from 4.10 (RHEL 7 too: there
 * GENL_ID_GENERATE is gone); before, the core hands out the id and ops are
 * passed at registration: an array with multicast groups from 3.13, an
 * array with a count before. Until 3.13 the core links the ops into a list, so they cannot be const.
 */
#if !defined(GENL_ID_GENERATE)
#define KM_GENL_STATIC_FAMILY 1
#define KM_GENL_OPS_CONST	const
#define KM_GENL_FAMILY_FIELDS(o) \
	.module = THIS_MODULE, .ops = (o), .n_ops = ARRAY_SIZE(o),
#define km_genl_register(fam, ops, n)	genl_register_family(fam)
#elif defined(KM_HAVE_GENL_OPS_GRPS)
#define KM_GENL_OPS_CONST	const
#define KM_GENL_FAMILY_FIELDS(o)	.id = GENL_ID_GENERATE,
#define km_genl_register(fam, ops, n) \
	_genl_register_family_with_ops_grps(fam, ops, n, NULL, 0)
#elif defined(KM_HAVE_GENL_REGISTER_WITH_OPS)
#define KM_GENL_OPS_CONST
#define KM_GENL_FAMILY_FIELDS(o)	.id = GENL_ID_GENERATE,
#define km_genl_register(fam, ops, n) genl_register_family_with_ops(fam, ops, n)
#else
#error "kmemstat needs genl_register_family_with_ops() (2.6.31 and later)"
#endif

#ifdef KM_HAVE_GENL_PARALLEL_OPS
#define KM_GENL_FAMILY_PARALLEL	.parallel_ops = true,
#else
#define KM_GENL_FAMILY_PARALLEL
#endif

/*
 * Where a dump callback may wait for a lock a user can hold (an mmap lock,
 * exec's). The first callback runs inside the request's sendmsg(), where
 * genl_rcv() holds cb_lock (3.7, with parallel_ops; RHEL 6 too): it never
 * waits. The later ones run in the reader's recvmsg() under the socket's
 * own mutex from 3.7, and may; before, every callback runs under
 * genl_mutex (the genetlink socket's cb_mutex), and none may.
 */
#ifdef KM_HAVE_GENL_PARALLEL_OPS
#define KM_DUMP_MAY_WAIT 1
#endif

#ifdef KM_HAVE_GENL_FAMILY_POLICY
#define KM_GENL_FAMILY_POLICY(p)	.policy = (p),	/* 5.2 */
#define KM_GENL_OP_POLICY(p)
#else
#define KM_GENL_FAMILY_POLICY(p)
#define KM_GENL_OP_POLICY(p)		.policy = (p),
#endif

/*
 * From 3.13 (and in 3.10.y and RHEL 7) genetlink has netlink hold the
 * family's module for a dump's whole life (genl_family.module). Before
 * (RHEL 6 too), netlink stores the dump's callbacks in the socket with no
 * reference: a dump asked for on a socket whose receive queue is full runs
 * its first part only at the socket's next read, so no module code runs
 * meanwhile that could take one, and rmmod would free the code that read
 * (or the close) then jumps to. There the module holds itself from init
 * on and cannot be unloaded (rmmod says it is in use). Init holds a
 * reference already, so __module_get() is allowed on every version.
 */
#ifdef KM_HAVE_GENL_FAMILY_MODULE
#define km_pin_module()		do { } while (0)
#else
#define KM_PINNED_FOR_LIFE 1
#define km_pin_module()		__module_get(THIS_MODULE)
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

/* ---- tasks and namespaces ---------------------------------------------- */

/* A pid's number in @ns: exported from 3.4; the same lookup otherwise. */
#ifdef KM_EXPORTS_PID_NR_NS
#define km_pid_nr_ns(pid, ns)	pid_nr_ns(pid, ns)
#else
static inline pid_t km_pid_nr_ns(struct pid *pid, struct pid_namespace *ns)
{
	if (pid && ns->level <= pid->level &&
	    pid->numbers[ns->level].ns == ns)
		return pid->numbers[ns->level].nr;
	return 0;
}
#endif

/*
 * A process's signal_struct, pinned for reading under rcu_read_lock():
 * from 2.6.35 (signal->sigcnt) it lives as long as the task_struct; before,
 * __exit_signal() frees it at once, so it is read only under the sighand
 * lock while the task still has its sighand (lock_task_sighand(), which
 * those kernels do not export; sighands are freed after RCU). False: the
 * process has exited.
 */
#ifdef KM_HAVE_SIGNAL_SIGCNT
#define km_signal_lock(p, flags)	((void)(flags), (p)->signal != NULL)
#define km_signal_unlock(p, flags)	do { } while (0)
#else
static inline bool km_signal_lock(struct task_struct *p, unsigned long *flags)
{
	struct sighand_struct *sh;

	for (;;) {
		sh = rcu_dereference(p->sighand);
		if (!sh)
			return false;
		spin_lock_irqsave(&sh->siglock, *flags);
		if (sh == p->sighand)
			return true;
		spin_unlock_irqrestore(&sh->siglock, *flags);
	}
}
#define km_signal_unlock(p, flags)	spin_unlock_irqrestore(&(p)->sighand->siglock, *(flags))
#endif

/*
 * Live threads of a process: signal->nr_threads from 2.6.35 (what
 * get_nr_threads() reads; RHEL 6 declares that as a function it does not
 * export); the count before.
 */
#if defined(KM_HAVE_SIGNAL_NR_THREADS)
#define km_nr_threads(p)	((p)->signal->nr_threads)
#else
#define km_nr_threads(p)	atomic_read(&(p)->signal->count)
#endif

/*
 * for_each_thread (3.14, 0c740d0afc3b) walks a list that ends. Before it,
 * the threads form a ring that a non-leader's exec can leave without the
 * leader, where a walk under RCU would never return to its start: that walk
 * stops too once it has visited as many threads as the process counts plus
 * a margin for those created meanwhile, or once the leader is unhashed.
 */
#ifdef for_each_thread
/* @n is the fallback's counter; the outer loop runs once (break works). */
#define km_for_each_thread(p, t, n) \
	for ((n) = 0; !(n); (n) = 1) for_each_thread(p, t)
#else
#define KM_THREAD_SLACK	64
#define km_for_each_thread(p, t, n) \
	for ((t) = (p), (n) = km_nr_threads(p) + KM_THREAD_SLACK; (t) && (n) > 0; \
	     (n)--, (t) = (next_thread(t) == (p) || !pid_alive(p)) ? NULL : next_thread(t))
#endif

/* Effective uid as the user namespace @ns sees it; 3.5 brought kuid_t. */
#ifdef KM_HAVE_KUID
typedef kuid_t km_kuid_t;
#define km_task_kuid(t)		task_euid(t)
#define km_uid_in(ns, k)	from_kuid_munged(ns, k)
#define km_uid_eq(a, b)		uid_eq(a, b)
#define km_gid_eq(a, b)		gid_eq(a, b)
#else
typedef uid_t km_kuid_t;
#define km_task_kuid(t)		task_euid(t)
#define km_uid_in(ns, k)	((u32)(k))
#define km_uid_eq(a, b)		((a) == (b))
#define km_gid_eq(a, b)		((a) == (b))
#endif
#define km_task_euid(t, ns)	km_uid_in(ns, km_task_kuid(t))

/* A credential's user namespace: cred->user_ns (3.0; 2.6.x: none here). */
#ifdef KM_HAVE_CRED_USER_NS
#define km_cred_user_ns(c)	((c)->user_ns)
#else
#define km_cred_user_ns(c)	NULL
#endif

/*
 * Which of the caller's ids and capabilities /proc's ptrace read check
 * weighs: its fsuid, fsgid and effective capabilities from 4.5
 * (PTRACE_MODE_READ_FSCREDS; stable 3.10.y and RHEL 7 have it too), its
 * real ids and permitted capabilities before.
 */
#ifdef PTRACE_MODE_FSCREDS
#define km_ptrace_uid(c)	((c)->fsuid)
#define km_ptrace_gid(c)	((c)->fsgid)
#define km_ptrace_caps(c)	((c)->cap_effective)
#else
#define km_ptrace_uid(c)	((c)->uid)
#define km_ptrace_gid(c)	((c)->gid)
#define km_ptrace_caps(c)	((c)->cap_permitted)
#endif

/*
 * Does @c hold @cap in the user namespace @ns? cap_capable()'s walk
 * without the LSM hooks: in its own namespace if the capability is
 * effective, and in every namespace below one it owns (its euid created
 * it in @c's namespace). The initial namespace is left out: there the
 * kernel's own check, LSMs included, already decided (a request's
 * "privileged"). Namespaces have a parent and an owner from 3.5; before
 * 3.8 only CAP_SYS_ADMIN could make one, and before 3.5 none is weighed.
 */
#ifdef KM_HAVE_USER_NS_OWNER
static inline bool km_cred_ns_capable(const struct cred *c, struct user_namespace *ns,
				      int cap)
{
	for (;;) {
		if (ns == c->user_ns)
			return ns != &init_user_ns && cap_raised(c->cap_effective, cap);
		if (ns == &init_user_ns)
			return false;
		if (ns->parent == c->user_ns && uid_eq(ns->owner, c->euid))
			return true;
		ns = ns->parent;
	}
}
#else
#define km_cred_ns_capable(c, ns, cap)	((void)(c), (void)(ns), false)
#endif

/*
 * The reader's time namespace's boottime offset, which /proc/PID/stat adds
 * to every start time through timens_add_boottime_ns() (6.1 has it; 5.10
 * has time namespaces but adds nothing): 0 without it, and in the initial
 * time namespace.
 */
#ifdef KM_HAVE_TIMENS_ADD_BOOTTIME_NS
#define km_boottime_offset()	timens_add_boottime_ns(0)
#else
#define km_boottime_offset()	0ULL
#endif

/* Start time in ns since boot, as /proc/PID/stat field 22 counts it. */
#if defined(KM_HAVE_START_BOOTTIME)
#define km_task_start_ns(t)	((t)->start_boottime)		/* 5.5 */
#elif defined(KM_HAVE_REAL_START_TIME_NS)
#define km_task_start_ns(t)	((t)->real_start_time)		/* 3.17 */
#else
#define km_task_start_ns(t)	((u64)timespec_to_ns(&(t)->real_start_time))
#endif

/*
 * Task CPU times in ns: a u64 from 4.11, cputime_t (ticks) before. A tick
 * lasts TICK_NSEC, as /proc's clock_t and getrusage() count it; where
 * TICK_NSEC still derives from the PIT's rate (2.6.32 and 3.2 do, 3.10 does
 * not) that is 999,848 ns at HZ=1000, not 1 ms.
 */
#ifdef KM_HAVE_CPUTIME_NS
#define km_cputime_ns(c)	((u64)(c))
#elif defined(KM_HAVE_CPUTIME_TO_NSECS)
#define km_cputime_ns(c)	((u64)cputime_to_nsecs(c))
#else
#define km_cputime_ns(c)	((u64)cputime_to_jiffies(c) * TICK_NSEC)
#endif

/*
 * Run time in whole ticks as cputime_adjust() cuts it (nsecs_to_cputime()):
 * nsecs_to_jiffies() rounds nominal ticks (NSEC_PER_SEC / HZ) down; 2.6.32's
 * own sched.c, which lacks it, rounds milliseconds up (msecs_to_jiffies()).
 * Exact for the HZ values that divide 10^9 (100, 250, 1000).
 */
#ifdef KM_HAVE_NSECS_TO_JIFFIES
#define km_runtime_ticks(ns)	div_u64(ns, NSEC_PER_SEC / HZ)
#else
#define km_runtime_ticks(ns)	((u64)msecs_to_jiffies(div_u64(ns, NSEC_PER_MSEC)))
#endif

/*
 * Exited threads' times are folded into the signal struct under stats_lock
 * (3.15). Read as thread_group_cputime() does: locklessly first, then, if a
 * thread exited meanwhile, under the lock, with interrupts off where that
 * kernel's own reader turns them off. Before 3.15, one lockless pass.
 */
#if defined(KM_HAVE_SIGNAL_STATS_LOCK) && defined(KM_HAVE_SEQLOCK_IRQSAVE)
#define km_stats_begin(sig, seq, flags)	((flags) = read_seqbegin_or_lock_irqsave(&(sig)->stats_lock, seq))
#define km_stats_retry(sig, seq)	need_seqretry(&(sig)->stats_lock, *(seq))
#define km_stats_end(sig, seq, flags)	done_seqretry_irqrestore(&(sig)->stats_lock, *(seq), flags)
#elif defined(KM_HAVE_SIGNAL_STATS_LOCK)
#define km_stats_begin(sig, seq, flags)	((flags) = 0, read_seqbegin_or_lock(&(sig)->stats_lock, seq))
#define km_stats_retry(sig, seq)	need_seqretry(&(sig)->stats_lock, *(seq))
#define km_stats_end(sig, seq, flags)	((void)(flags), done_seqretry(&(sig)->stats_lock, *(seq)))
#else
#define km_stats_begin(sig, seq, flags)	((void)(seq), (flags) = 0)
#define km_stats_retry(sig, seq)	0
#define km_stats_end(sig, seq, flags)	((void)(seq), (void)(flags))
#endif

/* The state of a task: renamed in 5.14; a volatile long before. */
#ifdef KM_HAVE_TASK_STATE_UNDERSCORE
#define km_task_state(t)	READ_ONCE((t)->__state)
#else
#define km_task_state(t)	((t)->state)
#endif
/* Parked kthreads: /proc shows them as S from about 4.0 and in RHEL 7. */
#if defined(TASK_PARKED) && (LINUX_VERSION_CODE >= KERNEL_VERSION(4, 0, 0) || \
	(defined(RHEL_MAJOR) && RHEL_MAJOR >= 7))
#define KM_PARKED_SLEEPS 1
#endif

/*
 * Dumpability bits in mm->flags, named in 3.x headers; dumpable by its
 * owner, as get_dumpable() (not exported before 3.14) reads it.
 */
#ifndef MMF_DUMPABLE_MASK
#define MMF_DUMPABLE_MASK	3
#endif
#ifndef SUID_DUMP_USER
#define SUID_DUMP_USER		1
#endif
#define km_mm_dumpable(mm)	(((mm)->flags & MMF_DUMPABLE_MASK) == SUID_DUMP_USER)

/*
 * 7.x moved dumpability from mm->flags to the task's exec state
 * (task->exec_state, RCU-protected). Read through the exported getter
 * where there is one, else the public struct itself under the caller's
 * rcu_read_lock(), as the getter does. KM_DUMPABLE_BY_TASK: these kernels
 * weigh the task's state, not an mm's.
 */
#if defined(KM_HAVE_TASK_EXEC_STATE) && defined(KM_EXPORTS_TASK_EXEC_STATE_GET_DUMPABLE)
#define KM_DUMPABLE_BY_TASK 1
#define km_task_exec_dumpable(t) \
	(task_exec_state_get_dumpable(t) == TASK_DUMPABLE_OWNER)
#elif defined(KM_HAVE_TASK_EXEC_STATE_STRUCT)
#include <linux/sched/exec_state.h>
#define KM_DUMPABLE_BY_TASK 1
static inline bool km_task_exec_dumpable(struct task_struct *t)
{
	struct task_exec_state *es = rcu_dereference(t->exec_state);

	return es && READ_ONCE(es->dumpable) == TASK_DUMPABLE_OWNER;
}
#elif defined(KM_HAVE_TASK_EXEC_STATE)
/* Neither readable: no, so that only privileged callers read others. */
#define KM_DUMPABLE_BY_TASK 1
#define km_task_exec_dumpable(t)	((void)(t), false)
#endif

/*
 * A task without an mm (a zombie leader) keeps the dumpability it had when
 * it dropped its mm, which ptrace then reads (task->user_dumpable, in
 * 6.1.y and 6.12.y); before, ptrace asks a task without an mm nothing.
 */
#ifdef KM_HAVE_TASK_USER_DUMPABLE
#define km_task_user_dumpable(t)	((t)->user_dumpable)
#else
#define km_task_user_dumpable(t)	((void)(t), 1)
#endif

/* ---- VMAs, page tables and shmem ---------------------------------------- */

/* 5.8 wrapped mmap_sem as mmap_lock (late 5.4.y too). */
#ifdef KM_HAVE_MMAP_LOCK_H
#define km_mmap_read_unlock(mm)	mmap_read_unlock(mm)
#else
#define km_mmap_read_unlock(mm)	up_read(&(mm)->mmap_sem)
#endif

/* A writer waits for the mmap lock: a reader steps aside for it (0: unknown). */
#if defined(KM_HAVE_MMAP_LOCK_CONTENDED)
#define km_mmap_contended(mm)		mmap_lock_is_contended(mm)
#elif defined(KM_HAVE_RWSEM_IS_CONTENDED)
#define km_mmap_contended(mm)		rwsem_is_contended(&(mm)->mmap_sem)
#else
#define km_mmap_contended(mm)		0
#endif

/*
 * A reader that never waits: a snapshot tries, and waits a bounded time
 * between tries (shmem.c, lock_wait_ms).
 */
#ifdef KM_HAVE_MMAP_LOCK_H
#define km_mmap_read_trylock(mm)	mmap_read_trylock(mm)
#else
#define km_mmap_read_trylock(mm)	down_read_trylock(&(mm)->mmap_sem)
#endif

/* Memory a caller's request makes the module hold: charged to its memory cgroup (4.5). */
#ifdef GFP_KERNEL_ACCOUNT
#define KM_GFP_REQUEST		GFP_KERNEL_ACCOUNT
#else
#define KM_GFP_REQUEST		GFP_KERNEL
#endif

/*
 * Page tables: the p4d level from 4.11 (before, a pud hangs off the pgd);
 * pud_leaf() from 5.8 (x86 called it pud_large(); dkms.conf limits the
 * module to x86-64); transparent huge PMDs from 2.6.38.
 */
#ifndef KM_HAVE_P4D
typedef pgd_t p4d_t;
#define p4d_offset(pgd, addr)	(pgd)
#define p4d_none(p4d)		0
#define p4d_bad(p4d)		0
#define p4d_addr_end(addr, end)	(end)
#endif
#ifndef KM_HAVE_PUD_LEAF
#define pud_leaf(pud)		pud_large(pud)
#endif
#ifndef KM_HAVE_PMD_TRANS_HUGE
#define pmd_trans_huge(pmd)	0
#endif
#ifndef KM_HAVE_PTEP_GET
#define ptep_get(ptep)		(*(ptep))
#endif

/*
 * pte_offset_map_lock(): header code until 6.5, then a function that not
 * every kernel exports (see km_count_present() in shmem.c).
 */
#if (defined(KM_HAVE_PTE_MAP_FUNC) && !defined(KM_EXPORTS___PTE_OFFSET_MAP_LOCK)) || \
	(defined(KM_HAVE_PTE_MAP_FUNC2) && !defined(KM_EXPORTS_PTE_OFFSET_MAP_LOCK))
#define KM_PTE_MAP_LOCK_UNEXPORTED 1
#endif

/* A 0-byte file on the internal tmpfs; 7.x passes its flags as vma_flags_t. */
#ifdef KM_HAVE_VMA_FLAGS_T
#define km_shmem_file(name)	shmem_file_setup(name, 0, EMPTY_VMA_FLAGS)
#else
#define km_shmem_file(name)	shmem_file_setup(name, 0, VM_NORESERVE)
#endif

/*
 * Unmapped SysV segments: a superblock's inodes under s_inode_list_lock
 * from 4.3, each checked against the caller's IPC namespace's segment
 * table; that scan runs whole in one dump callback, so only where later
 * callbacks run outside any global lock (parallel_ops, 3.7). Before 4.3
 * that list is under a global lock modules cannot take, so the table is
 * read instead, where struct shmid_kernel is public (until 4.17). The
 * table's rwsem: rw_mutex until 3.13; IPC_SHM_IDS (2) is private to
 * ipc/util.h.
 */
#if defined(CONFIG_SYSVIPC) && (defined(KM_HAVE_IPC_IDS_RWSEM) || defined(KM_HAVE_IPC_IDS_RW_MUTEX))
#define KM_IPC_SHM_IDS		2
#ifdef KM_HAVE_IPC_IDS_RWSEM
#define km_ipc_ids_lock(ids)	(&(ids)->rwsem)
#else
#define km_ipc_ids_lock(ids)	(&(ids)->rw_mutex)
#endif
#endif
#if defined(KM_IPC_SHM_IDS) && defined(KM_HAVE_SB_INODE_LIST_LOCK) && \
	defined(KM_HAVE_D_FIND_ANY_ALIAS) && defined(KM_DUMP_MAY_WAIT)
#define KM_CAN_LIST_SB_INODES 1
#elif defined(KM_IPC_SHM_IDS) && defined(KM_HAVE_SHMID_KERNEL)
#define KM_CAN_LIST_IPC_SHM 1
#endif

/*
 * The lock exec holds from replacing a task's mm until its new credentials
 * are in place, as mm_access() takes it, so that a permission check and
 * the mm it allows belong to the same image. Only tried (it is taken
 * under RCU, where sleeping is not allowed); none known: no lock.
 */
#if defined(KM_HAVE_EXEC_UPDATE_LOCK)
#define km_exec_trylock(p)	down_read_trylock(&(p)->signal->exec_update_lock)
#define km_exec_unlock(p)	up_read(&(p)->signal->exec_update_lock)
#elif defined(KM_HAVE_EXEC_UPDATE_MUTEX)
#define km_exec_trylock(p)	mutex_trylock(&(p)->signal->exec_update_mutex)
#define km_exec_unlock(p)	mutex_unlock(&(p)->signal->exec_update_mutex)
#elif defined(KM_HAVE_SIGNAL_CRED_GUARD)
#define km_exec_trylock(p)	mutex_trylock(&(p)->signal->cred_guard_mutex)
#define km_exec_unlock(p)	mutex_unlock(&(p)->signal->cred_guard_mutex)
#elif defined(KM_HAVE_TASK_CRED_GUARD)
#define km_exec_trylock(p)	mutex_trylock(&(p)->cred_guard_mutex)
#define km_exec_unlock(p)	mutex_unlock(&(p)->cred_guard_mutex)
#else
#define km_exec_trylock(p)	1
#define km_exec_unlock(p)	do { } while (0)
#endif

/* Whether any VMA of any process maps @m (the kernel-wide i_mmap tree). */
#ifdef KM_HAVE_MAPPING_MAPPED
#define km_mapping_mapped(m)	mapping_mapped(m)
#else
#define km_mapping_mapped(m)	(!RB_EMPTY_ROOT(&(m)->i_mmap.rb_root))
#endif

/* An inode's I_* state, read under its i_lock: a struct behind a reader in 7.x. */
#ifdef KM_HAVE_INODE_STATE_READ
#define km_inode_state(inode)	inode_state_read(inode)
#else
#define km_inode_state(inode)	((inode)->i_state)
#endif

#endif /* KMEMSTAT_COMPAT_H */

/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * kmemstat generic netlink ABI, shared by the module (kmod/) and the CLI (user/).
 *
 * Family name "kmemstat", resolved through the generic netlink controller.
 * The genetlink header's version byte carries KMEMSTAT_ABI_VERSION; the module
 * also reports it in GET_INFO. A change that removes or renumbers anything
 * bumps the ABI version; new attributes and commands are added at the end of
 * their enums and do not.
 *
 * Commands (all are plain requests answered by exactly one reply message,
 * none takes attributes; none needs any privilege, since the same figures are
 * world-readable in /proc):
 *
 *   KMEMSTAT_CMD_GET_INFO
 *     reply: KMEMSTAT_A_INFO (nested, enum kmemstat_info_attr)
 *       KMEMSTAT_INFO_MODULE_VERSION   NLA_NUL_STRING  "0.1.0"
 *       KMEMSTAT_INFO_ABI_VERSION      NLA_U32
 *       KMEMSTAT_INFO_KERNEL_RELEASE   NLA_NUL_STRING  utsname()->release
 *       KMEMSTAT_INFO_FEATURES         NLA_U64         KMEMSTAT_FEAT_* bits
 *
 *   KMEMSTAT_CMD_GET_MEM
 *     reply: KMEMSTAT_A_MEM (nested, enum kmemstat_mem_attr)
 *       every size is NLA_U64 in bytes (aligned with KMEMSTAT_MEM_PAD);
 *       KMEMSTAT_MEM_FORMULA is NLA_U32 (enum kmemstat_formula),
 *       KMEMSTAT_MEM_PAGE_SIZE is NLA_U32.
 *       An attribute is absent when the running kernel does not give that
 *       figure to modules (KERNEL_AVAILABLE before 4.6, SWAP_CACHED and
 *       CACHED before 5.13); receivers must cope. The swap total is never
 *       sent: no kernel exports it to modules (read SwapTotal instead).
 *
 * Errors come back as a netlink error message (NLMSG_ERROR) carrying a
 * negative errno, with an extended ack message where the kernel has them:
 *   -EOPNOTSUPP  unknown command (from the genetlink core)
 *   -EINVAL      malformed request
 *   -EMSGSIZE    reply did not fit (not expected: a reply is < 1 KiB)
 *
 * Nested attributes: kernels from 5.2 set NLA_F_NESTED on nests; receivers
 * must accept nests with or without that flag.
 */
#ifndef _UAPI_KMEMSTAT_H
#define _UAPI_KMEMSTAT_H

#define KMEMSTAT_GENL_NAME	"kmemstat"
#define KMEMSTAT_ABI_VERSION	1

enum kmemstat_cmd {
	KMEMSTAT_CMD_UNSPEC,
	KMEMSTAT_CMD_GET_INFO,
	KMEMSTAT_CMD_GET_MEM,
	__KMEMSTAT_CMD_MAX
};
#define KMEMSTAT_CMD_MAX (__KMEMSTAT_CMD_MAX - 1)

/* Top level: one nest per answer, so each answer has its own numbering. */
enum kmemstat_attr {
	KMEMSTAT_A_UNSPEC,
	KMEMSTAT_A_INFO,		/* nested: enum kmemstat_info_attr */
	KMEMSTAT_A_MEM,			/* nested: enum kmemstat_mem_attr */
	__KMEMSTAT_A_MAX
};
#define KMEMSTAT_A_MAX (__KMEMSTAT_A_MAX - 1)

enum kmemstat_info_attr {
	KMEMSTAT_INFO_UNSPEC,
	KMEMSTAT_INFO_PAD,
	KMEMSTAT_INFO_MODULE_VERSION,	/* string */
	KMEMSTAT_INFO_ABI_VERSION,	/* u32 */
	KMEMSTAT_INFO_KERNEL_RELEASE,	/* string */
	KMEMSTAT_INFO_FEATURES,		/* u64, KMEMSTAT_FEAT_* */
	__KMEMSTAT_INFO_MAX
};
#define KMEMSTAT_INFO_MAX (__KMEMSTAT_INFO_MAX - 1)

/* Feature bits: what this module build can answer on this kernel. */
#define KMEMSTAT_FEAT_MEM		(1ULL << 0)	/* GET_MEM */
#define KMEMSTAT_FEAT_KERNEL_AVAILABLE	(1ULL << 1)	/* MEM_KERNEL_AVAILABLE */
#define __KMEMSTAT_FEAT_ALL		((1ULL << 2) - 1)

enum kmemstat_mem_attr {
	KMEMSTAT_MEM_UNSPEC,
	KMEMSTAT_MEM_PAD,
	KMEMSTAT_MEM_FORMULA,		/* u32, enum kmemstat_formula */
	KMEMSTAT_MEM_PAGE_SIZE,		/* u32, bytes */
	KMEMSTAT_MEM_TOTAL,		/* MemTotal */
	KMEMSTAT_MEM_FREE,		/* MemFree */
	KMEMSTAT_MEM_AVAILABLE,		/* computed by the module */
	KMEMSTAT_MEM_KERNEL_AVAILABLE,	/* si_mem_available(), 4.6+ */
	KMEMSTAT_MEM_BUFFERS,
	KMEMSTAT_MEM_CACHED,		/* as meminfo: file pages - swapcache - buffers */
	KMEMSTAT_MEM_SWAP_CACHED,
	KMEMSTAT_MEM_SHMEM,
	KMEMSTAT_MEM_ANON,		/* AnonPages */
	KMEMSTAT_MEM_MAPPED,
	KMEMSTAT_MEM_SLAB_RECLAIMABLE,
	KMEMSTAT_MEM_SLAB_UNRECLAIMABLE,
	KMEMSTAT_MEM_MISC_RECLAIMABLE,	/* 4.20+; 4.17-4.19 indirectly reclaimable */
	KMEMSTAT_MEM_KERNEL_STACK,
	KMEMSTAT_MEM_PAGE_TABLES,
	KMEMSTAT_MEM_ACTIVE_ANON,
	KMEMSTAT_MEM_INACTIVE_ANON,
	KMEMSTAT_MEM_ACTIVE_FILE,
	KMEMSTAT_MEM_INACTIVE_FILE,
	KMEMSTAT_MEM_UNEVICTABLE,
	KMEMSTAT_MEM_MLOCKED,
	KMEMSTAT_MEM_DIRTY,
	KMEMSTAT_MEM_WRITEBACK,
	KMEMSTAT_MEM_NFS_UNSTABLE,
	KMEMSTAT_MEM_BOUNCE,
	KMEMSTAT_MEM_SWAP_FREE,
	KMEMSTAT_MEM_TOTALRESERVE,	/* recomputed from the zones */
	KMEMSTAT_MEM_WMARK_LOW,		/* sum of zone low watermarks */
	__KMEMSTAT_MEM_MAX
};
#define KMEMSTAT_MEM_MAX (__KMEMSTAT_MEM_MAX - 1)

/*
 * Which of the kernel's MemAvailable formulas the figure follows (see
 * docs/columns.md). All: free - R + pagecache - min(pagecache / 2, low)
 * + reclaimable - min(reclaimable / 2, low), clamped at 0, where
 * pagecache = active + inactive file LRU and low = sum of low watermarks.
 */
enum kmemstat_formula {
	KMEMSTAT_FORMULA_UNSPEC,
	KMEMSTAT_FORMULA_3_14,	/* R = low; reclaimable = SReclaimable */
	KMEMSTAT_FORMULA_4_5,	/* R = totalreserve_pages */
	KMEMSTAT_FORMULA_4_17,	/* 4.5, plus indirectly reclaimable, uncapped */
	KMEMSTAT_FORMULA_4_20,	/* 4.5, reclaimable = slab + misc reclaimable */
	__KMEMSTAT_FORMULA_MAX
};

#endif /* _UAPI_KMEMSTAT_H */

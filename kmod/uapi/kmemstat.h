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
 * Commands. None needs any privilege, since the same figures are
 * world-readable in /proc (see the module parameter restrict_tasks). Plain
 * requests are answered by exactly one reply message; dumps (NLM_F_DUMP) by
 * a series of messages ending with NLMSG_DONE.
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
 *   KMEMSTAT_CMD_GET_TASKS  (must be NLM_F_DUMP)
 *     request: optional KMEMSTAT_A_TASK_FILTER (nested, enum
 *       kmemstat_task_filter_attr); without it, every process.
 *       FLAGS      NLA_U32  KMEMSTAT_TASK_F_*: THREADS for one record per
 *                           thread, else one per process (thread group)
 *       PID        NLA_U32  only this task (a thread id with THREADS)
 *       TGID       NLA_U32  only the threads of this process
 *       UID        NLA_U32  only tasks of this effective uid
 *       STATE_MASK NLA_U32  only tasks whose state bit (1 << KMEMSTAT_STATE_*)
 *                           is set
 *       MIN_CPU_NS NLA_U64  only tasks with utime + stime >= this
 *       Pids and uids are as the caller sees them: its pid namespace and
 *       user namespace, both taken when the dump starts. Tasks outside the
 *       caller's pid namespace are never reported. Unknown flag bits are
 *       refused with -EOPNOTSUPP, malformed filters with -EINVAL.
 *     reply: one KMEMSTAT_A_TASK (nested, enum kmemstat_task_attr) per
 *       task, many per message, in increasing pid order. The dump resumes
 *       at the next pid after the last one sent, so tasks that fork and exit
 *       meanwhile cause neither duplicates nor skips among the tasks that
 *       live throughout. Times are nanoseconds (NLA_U64), counters NLA_U64:
 *       PID, TGID, PPID, UID  NLA_U32 (PPID 0: the parent is outside the
 *                             caller's pid namespace)
 *       COMM                  NLA_NUL_STRING, at most 15 characters
 *       STATE                 NLA_U8, enum kmemstat_task_state
 *       UTIME_NS, STIME_NS    as /proc/PID/task/TID/stat (threads) or
 *                             /proc/PID/stat (processes, exited threads
 *                             included) print them, in ns: see
 *                             docs/protocol.md, "CPU time"
 *       RUNTIME_NS            sum_exec_runtime: the scheduler's exact total
 *       START_NS              start time, ns since boot (stat field 22)
 *       NVCSW, NIVCSW         voluntary, involuntary context switches
 *       MIN_FLT, MAJ_FLT      minor, major page faults
 *       THREADS               NLA_U32, processes only: live threads
 *
 *   KMEMSTAT_CMD_GET_TASK_SUMMARY
 *     request: no attributes.
 *     reply: KMEMSTAT_A_TASK_SUMMARY (nested, enum kmemstat_summary_attr):
 *       PROCESSES, THREADS    NLA_U32 counts of visible tasks
 *       PROC_STATES, THREAD_STATES  nested: attribute KMEMSTAT_STATE_X + 1
 *                             holds the NLA_U32 count of tasks in state X
 *                             (processes by their leader's state, as
 *                             /proc/PID/stat shows it)
 *       UTIME_NS, STIME_NS    NLA_U64 sums over the processes, as above
 *
 *   KMEMSTAT_CMD_GET_SHMEM  (must be NLM_F_DUMP)
 *     request: optional KMEMSTAT_A_SHMEM_FILTER (nested, enum
 *       kmemstat_shmem_filter_attr):
 *       FLAGS         NLA_U32  KMEMSTAT_SHMEM_F_MAPPERS: list each object's
 *                              mappings; with KMEMSTAT_SHMEM_F_MAPPED too,
 *                              walk each mapping's page tables for how
 *                              much of the object it maps (as smaps' Rss)
 *       PID           NLA_U32  only objects this process maps
 *       MIN_RESIDENT  NLA_U64  only objects with at least this many bytes
 *                              resident
 *     reply: one KMEMSTAT_A_SHMEM_OBJECT (nested, enum kmemstat_shmem_attr)
 *       per shmem-backed object (tmpfs inode) mapped by a task visible to
 *       the caller, and per SysV segment of the caller's IPC namespace
 *       that no process attaches; then, in the last message, one
 *       KMEMSTAT_A_SHMEM_TOTALS (nested, enum kmemstat_shmem_totals_attr).
 *       The module takes a snapshot in parts (progress messages, below),
 *       then sends it over as many messages as it needs. Sizes are
 *       NLA_U64 bytes:
 *       DEV          NLA_U32  the device, new_encode_dev() (as in maps)
 *       INO          NLA_U64  the inode number (a SysV segment's shmid)
 *       KIND         NLA_U8   enum kmemstat_shmem_kind
 *       NAME         NLA_NUL_STRING  memfd name, path of a tmpfs or POSIX
 *                             shm file, the internal name otherwise
 *       SYSV_KEY     NLA_U32  SysV only
 *       SIZE, RESIDENT, SWAPPED
 *       PROCESSES, VMAS  NLA_U32  how many processes and mappings map it
 *       MAPPER       nested (enum kmemstat_mapper_attr), repeated, with
 *                    KMEMSTAT_SHMEM_F_MAPPERS: PID, COMM, START, END,
 *                    OFFSET (bytes into the object), PROT (KMEMSTAT_PROT_*),
 *                    MAPPED (NLA_U64, with KMEMSTAT_SHMEM_F_MAPPED)
 *       MAPPERS_OMITTED  NLA_U32  mappings left out: they did not fit in
 *                    one message (about 300 fit), or were beyond the 512
 *                    the module keeps per object or its memory bound; VMAS
 *                    counts them all
 *     Messages with no object but KMEMSTAT_A_SHMEM_PROGRESS (NLA_U32, the
 *       processes walked so far) come first: the module takes the
 *       snapshot a part per message, so that no part holds anyone up;
 *       receivers skip them (an older CLI skips the unknown attribute).
 *       TOTALS says in TRUNCATED (NLA_U32, KMEMSTAT_SHMEM_TRUNC_*) whether
 *       the snapshot was cut short, and in VMAS_OMITTED (NLA_U32) how many
 *       mappings belong to objects it left out.
 *
 * Errors come back as a netlink error message (NLMSG_ERROR) carrying a
 * negative errno, with an extended ack message where the kernel has them:
 *   -EOPNOTSUPP  unknown command (from the genetlink core)
 *   -EINVAL      malformed request
 *   -ENOMEM      a reply, or a GET_SHMEM snapshot's memory, could not be
 *                allocated
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
	KMEMSTAT_CMD_GET_TASKS,
	KMEMSTAT_CMD_GET_TASK_SUMMARY,
	KMEMSTAT_CMD_GET_SHMEM,
	__KMEMSTAT_CMD_MAX
};
#define KMEMSTAT_CMD_MAX (__KMEMSTAT_CMD_MAX - 1)

/* Top level: one nest per answer, so each answer has its own numbering. */
enum kmemstat_attr {
	KMEMSTAT_A_UNSPEC,
	KMEMSTAT_A_INFO,		/* nested: enum kmemstat_info_attr */
	KMEMSTAT_A_MEM,			/* nested: enum kmemstat_mem_attr */
	KMEMSTAT_A_TASK_FILTER,		/* nested: enum kmemstat_task_filter_attr */
	KMEMSTAT_A_TASK,		/* nested: enum kmemstat_task_attr */
	KMEMSTAT_A_TASK_SUMMARY,	/* nested: enum kmemstat_summary_attr */
	KMEMSTAT_A_SHMEM_FILTER,	/* nested: enum kmemstat_shmem_filter_attr */
	KMEMSTAT_A_SHMEM_OBJECT,	/* nested: enum kmemstat_shmem_attr */
	KMEMSTAT_A_SHMEM_TOTALS,	/* nested: enum kmemstat_shmem_totals_attr */
	KMEMSTAT_A_SHMEM_PROGRESS,	/* u32: GET_SHMEM's processes walked so far */
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
#define KMEMSTAT_FEAT_TASKS		(1ULL << 2)	/* GET_TASKS, GET_TASK_SUMMARY */
#define KMEMSTAT_FEAT_SHMEM		(1ULL << 3)	/* GET_SHMEM */
#define KMEMSTAT_FEAT_SHMEM_SYSV	(1ULL << 4)	/* unmapped SysV segments */
#define __KMEMSTAT_FEAT_ALL		((1ULL << 5) - 1)

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

/* Task states, in /proc's letters: "RSDTtZXPI"[state]. */
enum kmemstat_task_state {
	KMEMSTAT_STATE_R,	/* running or runnable */
	KMEMSTAT_STATE_S,	/* interruptible sleep */
	KMEMSTAT_STATE_D,	/* uninterruptible sleep */
	KMEMSTAT_STATE_T,	/* stopped */
	KMEMSTAT_STATE_TRACED,	/* 't': stopped by a tracer */
	KMEMSTAT_STATE_Z,	/* zombie */
	KMEMSTAT_STATE_X,	/* dead */
	KMEMSTAT_STATE_P,	/* parked (4.14 to 4.19 only) */
	KMEMSTAT_STATE_I,	/* idle kernel thread (4.14+) */
	__KMEMSTAT_STATE_MAX
};
#define KMEMSTAT_STATE_LETTERS	"RSDTtZXPI"

#define KMEMSTAT_TASK_F_THREADS		(1U << 0)
#define __KMEMSTAT_TASK_F_ALL		((1U << 1) - 1)

enum kmemstat_task_filter_attr {
	KMEMSTAT_TF_UNSPEC,
	KMEMSTAT_TF_PAD,
	KMEMSTAT_TF_FLAGS,		/* u32, KMEMSTAT_TASK_F_* */
	KMEMSTAT_TF_PID,		/* u32 */
	KMEMSTAT_TF_TGID,		/* u32 */
	KMEMSTAT_TF_UID,		/* u32 */
	KMEMSTAT_TF_STATE_MASK,		/* u32 */
	KMEMSTAT_TF_MIN_CPU_NS,		/* u64 */
	__KMEMSTAT_TF_MAX
};
#define KMEMSTAT_TF_MAX (__KMEMSTAT_TF_MAX - 1)

enum kmemstat_task_attr {
	KMEMSTAT_TASK_UNSPEC,
	KMEMSTAT_TASK_PAD,
	KMEMSTAT_TASK_PID,		/* u32 */
	KMEMSTAT_TASK_TGID,		/* u32 */
	KMEMSTAT_TASK_PPID,		/* u32 */
	KMEMSTAT_TASK_UID,		/* u32, effective */
	KMEMSTAT_TASK_COMM,		/* string */
	KMEMSTAT_TASK_STATE,		/* u8, enum kmemstat_task_state */
	KMEMSTAT_TASK_UTIME_NS,		/* u64 */
	KMEMSTAT_TASK_STIME_NS,		/* u64 */
	KMEMSTAT_TASK_RUNTIME_NS,	/* u64 */
	KMEMSTAT_TASK_START_NS,		/* u64 */
	KMEMSTAT_TASK_NVCSW,		/* u64 */
	KMEMSTAT_TASK_NIVCSW,		/* u64 */
	KMEMSTAT_TASK_MIN_FLT,		/* u64 */
	KMEMSTAT_TASK_MAJ_FLT,		/* u64 */
	KMEMSTAT_TASK_THREADS,		/* u32, processes only */
	__KMEMSTAT_TASK_MAX
};
#define KMEMSTAT_TASK_MAX (__KMEMSTAT_TASK_MAX - 1)

enum kmemstat_summary_attr {
	KMEMSTAT_SUM_UNSPEC,
	KMEMSTAT_SUM_PAD,
	KMEMSTAT_SUM_PROCESSES,		/* u32 */
	KMEMSTAT_SUM_THREADS,		/* u32 */
	KMEMSTAT_SUM_PROC_STATES,	/* nested: KMEMSTAT_STATE_X + 1 -> u32 */
	KMEMSTAT_SUM_THREAD_STATES,	/* nested: KMEMSTAT_STATE_X + 1 -> u32 */
	KMEMSTAT_SUM_UTIME_NS,		/* u64 */
	KMEMSTAT_SUM_STIME_NS,		/* u64 */
	__KMEMSTAT_SUM_MAX
};
#define KMEMSTAT_SUM_MAX (__KMEMSTAT_SUM_MAX - 1)

#define KMEMSTAT_SHMEM_F_MAPPERS	(1U << 0)
#define KMEMSTAT_SHMEM_F_MAPPED		(1U << 1)	/* with MAPPERS: walk page tables */
#define __KMEMSTAT_SHMEM_F_ALL		((1U << 2) - 1)

enum kmemstat_shmem_filter_attr {
	KMEMSTAT_SF_UNSPEC,
	KMEMSTAT_SF_PAD,
	KMEMSTAT_SF_FLAGS,		/* u32, KMEMSTAT_SHMEM_F_* */
	KMEMSTAT_SF_PID,		/* u32 */
	KMEMSTAT_SF_MIN_RESIDENT,	/* u64, bytes */
	__KMEMSTAT_SF_MAX
};
#define KMEMSTAT_SF_MAX (__KMEMSTAT_SF_MAX - 1)

enum kmemstat_shmem_kind {
	KMEMSTAT_SHMEM_UNSPEC,
	KMEMSTAT_SHMEM_ANON,	/* MAP_SHARED|MAP_ANONYMOUS ("/dev/zero (deleted)") */
	KMEMSTAT_SHMEM_SYSV,	/* SysV shared memory */
	KMEMSTAT_SHMEM_POSIX,	/* POSIX shm: a file under /dev/shm */
	KMEMSTAT_SHMEM_MEMFD,	/* memfd_create() */
	KMEMSTAT_SHMEM_TMPFS,	/* another file on a tmpfs mount */
	KMEMSTAT_SHMEM_OTHER,	/* another file on the kernel's internal tmpfs */
	__KMEMSTAT_SHMEM_KIND_MAX
};

enum kmemstat_shmem_attr {
	KMEMSTAT_SHM_UNSPEC,
	KMEMSTAT_SHM_PAD,
	KMEMSTAT_SHM_DEV,		/* u32 */
	KMEMSTAT_SHM_INO,		/* u64 */
	KMEMSTAT_SHM_KIND,		/* u8 */
	KMEMSTAT_SHM_NAME,		/* string */
	KMEMSTAT_SHM_SYSV_KEY,		/* u32 */
	KMEMSTAT_SHM_SIZE,		/* u64 */
	KMEMSTAT_SHM_RESIDENT,		/* u64 */
	KMEMSTAT_SHM_SWAPPED,		/* u64 */
	KMEMSTAT_SHM_PROCESSES,		/* u32 */
	KMEMSTAT_SHM_VMAS,		/* u32 */
	KMEMSTAT_SHM_MAPPER,		/* nested, repeated: enum kmemstat_mapper_attr */
	KMEMSTAT_SHM_MAPPERS_OMITTED,	/* u32 */
	__KMEMSTAT_SHM_MAX
};
#define KMEMSTAT_SHM_MAX (__KMEMSTAT_SHM_MAX - 1)

#define KMEMSTAT_PROT_READ	(1U << 0)
#define KMEMSTAT_PROT_WRITE	(1U << 1)
#define KMEMSTAT_PROT_EXEC	(1U << 2)
#define KMEMSTAT_PROT_SHARED	(1U << 3)

enum kmemstat_mapper_attr {
	KMEMSTAT_MAP_UNSPEC,
	KMEMSTAT_MAP_PAD,
	KMEMSTAT_MAP_PID,		/* u32 */
	KMEMSTAT_MAP_COMM,		/* string */
	KMEMSTAT_MAP_START,		/* u64 */
	KMEMSTAT_MAP_END,		/* u64 */
	KMEMSTAT_MAP_OFFSET,		/* u64, bytes */
	KMEMSTAT_MAP_PROT,		/* u32, KMEMSTAT_PROT_* */
	KMEMSTAT_MAP_MAPPED,		/* u64, bytes: with KMEMSTAT_SHMEM_F_MAPPED */
	__KMEMSTAT_MAP_MAX
};
#define KMEMSTAT_MAP_MAX (__KMEMSTAT_MAP_MAX - 1)

/*
 * Totals that reconcile with Shmem in /proc/meminfo: SHMEM (the kernel's
 * counter) = MAPPED_RESIDENT + SYSV_UNMAPPED_RESIDENT + the rest of tmpfs
 * (files nobody maps), give or take pages that moved while the snapshot
 * was taken.
 */
enum kmemstat_shmem_totals_attr {
	KMEMSTAT_SHT_UNSPEC,
	KMEMSTAT_SHT_PAD,
	KMEMSTAT_SHT_OBJECTS,			/* u32: mapped objects */
	KMEMSTAT_SHT_MAPPED_RESIDENT,		/* u64 */
	KMEMSTAT_SHT_MAPPED_SWAPPED,		/* u64 */
	KMEMSTAT_SHT_SYSV_UNMAPPED,		/* u32: segments */
	KMEMSTAT_SHT_SYSV_UNMAPPED_RESIDENT,	/* u64 */
	KMEMSTAT_SHT_SYSV_UNMAPPED_SWAPPED,	/* u64 */
	KMEMSTAT_SHT_SHMEM,			/* u64: NR_SHMEM */
	KMEMSTAT_SHT_SYSV_LISTED,		/* u8: 1 when unmapped SysV segments were looked for */
	KMEMSTAT_SHT_TRUNCATED,			/* u32: KMEMSTAT_SHMEM_TRUNC_*; absent: whole */
	KMEMSTAT_SHT_VMAS_OMITTED,		/* u32: mappings of objects left out */
	KMEMSTAT_SHT_PROCESSES_BUSY,		/* u32: with KMEMSTAT_SHMEM_TRUNC_BUSY */
	__KMEMSTAT_SHT_MAX
};
#define KMEMSTAT_SHT_MAX (__KMEMSTAT_SHT_MAX - 1)

/*
 * Why a GET_SHMEM snapshot was cut short (KMEMSTAT_SHT_TRUNCATED): it holds
 * KMEMSTAT_SHMEM_OBJECTS_MAX objects at most, and as much memory as the
 * module's bounds allow (docs/protocol.md). Objects left out are not sent;
 * their mappings are counted in KMEMSTAT_SHT_VMAS_OMITTED, mappers left
 * out of a listed object in its KMEMSTAT_SHM_MAPPERS_OMITTED.
 */
#define KMEMSTAT_SHMEM_TRUNC_OBJECTS	(1U << 0)	/* the object cap */
#define KMEMSTAT_SHMEM_TRUNC_MEMORY	(1U << 1)	/* a memory bound */
/*
 * Processes left out, counted in KMEMSTAT_SHT_PROCESSES_BUSY: their exec or
 * mmap lock was held when the snapshot had waited as long as it waits in
 * all (the module's parameter lock_wait_ms), as a page fault stalled on a
 * FUSE server can hold it. What was found in them before is kept; their
 * other mappings are not counted anywhere.
 */
#define KMEMSTAT_SHMEM_TRUNC_BUSY	(1U << 2)
#define KMEMSTAT_SHMEM_OBJECTS_MAX	131072

#endif /* _UAPI_KMEMSTAT_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The model: what the sources (kmod.c, procfs.c) fill and what the renderers
 * read. Renderers never know which source answered except through ->source.
 */
#ifndef KM_MODEL_H
#define KM_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "../kmod/uapi/kmemstat.h"

enum km_source { KM_SRC_AUTO, KM_SRC_KMOD, KM_SRC_PROCFS };

/* Memory figures, in bytes. The order is the order of table.c's -e block. */
enum km_field {
	KM_TOTAL, KM_FREE, KM_AVAILABLE, KM_KERNEL_AVAILABLE,
	KM_BUFFERS, KM_CACHED, KM_SWAP_CACHED, KM_SHMEM, KM_ANON, KM_MAPPED,
	KM_SRECLAIMABLE, KM_SUNRECLAIM, KM_MISC_RECLAIMABLE, KM_KERNEL_STACK,
	KM_PAGE_TABLES, KM_ACTIVE_ANON, KM_INACTIVE_ANON, KM_ACTIVE_FILE,
	KM_INACTIVE_FILE, KM_UNEVICTABLE, KM_MLOCKED, KM_DIRTY, KM_WRITEBACK,
	KM_NFS_UNSTABLE, KM_BOUNCE, KM_SWAP_TOTAL, KM_SWAP_FREE,
	KM_TOTALRESERVE, KM_WMARK_LOW,
	KM_NFIELDS
};

/* How one figure is named in each place it appears. */
struct km_field_desc {
	const char *json;	/* key in --json */
	const char *meminfo;	/* key in /proc/meminfo, NULL if none */
	int attr;		/* KMEMSTAT_MEM_* in the module's reply, 0 if none */
};
extern const struct km_field_desc km_fields[KM_NFIELDS];

struct km_mem {
	uint64_t v[KM_NFIELDS];
	uint64_t have;		/* bit per field: the value is known */
	uint64_t from_meminfo;	/* bit per field: filled from /proc/meminfo */
	unsigned int formula;	/* enum kmemstat_formula: what available was computed by */
	unsigned int kernel_formula;	/* the source's own, when --formula asked another; else 0 */
	unsigned int page_size;
	enum km_source source;	/* who answered: KM_SRC_KMOD or KM_SRC_PROCFS */
};

#define KM_BIT(f)		(1ULL << (f))
#define km_has(m, f)		(((m)->have & KM_BIT(f)) != 0)

static inline void km_set(struct km_mem *m, enum km_field f, uint64_t v)
{
	m->v[f] = v;
	m->have |= KM_BIT(f);
}

struct km_info {
	char module_version[32];	/* empty when the module is not loaded */
	unsigned int abi_version;
	uint64_t features;
	char kernel_release[65];
	enum km_source source;
};

/*
 * The whole system's CPU time by mode (/proc/stat's cpu line), in ns: irq
 * and softirq time is charged to no task, so no task list shows it.
 */
enum km_sys_mode {
	KM_SYS_USER, KM_SYS_NICE, KM_SYS_SYSTEM, KM_SYS_IRQ, KM_SYS_SOFTIRQ,
	KM_SYS_IOWAIT, KM_SYS_STEAL, KM_SYS_IDLE, KM_SYS_N
};
extern const char *const km_sys_names[KM_SYS_N];

struct km_sysstat {
	uint64_t ns[KM_SYS_N];
	uint32_t cpus;		/* cpuN lines: the CPUs online */
};

/* One task, a thread or a whole process (thread group); times in ns. */
struct km_task {
	int32_t pid, tgid, ppid;
	uint32_t uid;		/* effective, as ps's uid */
	uint32_t threads;	/* processes: live threads; threads: 0 */
	char comm[16];
	char state;		/* /proc's letter: R S D T t Z X P I */
	uint64_t utime, stime, runtime, start;
	uint64_t nvcsw, nivcsw, min_flt, maj_flt;
	char wchan[40];		/* filled by `cpu --state` only */
};

/* Which optional figures a task list carries (the module has them all). */
#define KM_TASK_HAVE_CTXSW	(1U << 0)	/* nvcsw, nivcsw */
#define KM_TASK_HAVE_RUNTIME	(1U << 1)	/* runtime (sum_exec_runtime) */

struct km_tasks {
	struct km_task *v;
	size_t n, cap;
	int threads;		/* one record per thread, else per process */
	unsigned int have;	/* KM_TASK_HAVE_* */
	enum km_source source;
};

/* What to ask for; 0 means "any" for each field. */
struct km_task_filter {
	int threads;
	int32_t pid;		/* this task only */
	int32_t tgid;		/* this process's tasks only */
	int has_uid;
	uint32_t uid;
	uint32_t state_mask;	/* 1 << KMEMSTAT_STATE_* */
	uint64_t min_cpu_ns;
};

#define KM_NSTATES __KMEMSTAT_STATE_MAX
struct km_task_summary {
	uint32_t processes, threads;
	uint32_t proc_states[KM_NSTATES], thread_states[KM_NSTATES];
	uint64_t utime, stime;	/* sums over the processes */
};

/* One mapping of a shmem object. */
struct km_shm_mapper {
	int32_t pid;
	char comm[16];
	uint64_t start, end, offset;	/* offset: bytes into the object */
	uint32_t prot;			/* KMEMSTAT_PROT_* */
	int has_mapped;
	uint64_t mapped;		/* bytes its page tables map (--mapped) */
};

/* One shmem-backed object (a tmpfs inode); sizes in bytes. */
struct km_shm_obj {
	uint32_t dev;		/* new_encode_dev() */
	uint64_t ino;		/* a SysV segment's shmid */
	int kind;		/* enum kmemstat_shmem_kind */
	char name[112];
	uint32_t key;		/* SysV */
	uint64_t size, resident, swapped;
	unsigned int known;	/* KM_SHM_KNOW_*: which of the three the source could tell */
	uint32_t processes, vmas;
	struct km_shm_mapper *mappers;
	size_t nmappers, cap;
	uint32_t omitted;	/* mappers that did not fit the module's message */
};

/* Which figures of an object are known (the module knows them all). */
#define KM_SHM_KNOW_SIZE	(1U << 0)
#define KM_SHM_KNOW_RESIDENT	(1U << 1)
#define KM_SHM_KNOW_SWAPPED	(1U << 2)
#define KM_SHM_KNOW_ALL		(KM_SHM_KNOW_SIZE | KM_SHM_KNOW_RESIDENT | KM_SHM_KNOW_SWAPPED)

/* What a shmem list knows (the module knows it all). */
#define KM_SHM_HAVE_TOTALS	(1U << 0)	/* the totals below */
#define KM_SHM_HAVE_MAPPED_RESIDENT (1U << 1)	/* every mapped object's resident */
#define KM_SHM_HAVE_MAPPED_SWAPPED (1U << 2)	/* every mapped object's swapped */
#define KM_SHM_HAVE_REST	(1U << 3)	/* every mapping was seen: see km_shm_rest() */

struct km_shm {
	struct km_shm_obj *v;
	size_t n, cap;
	unsigned int have;	/* KM_SHM_HAVE_* */
	/* totals: see enum kmemstat_shmem_totals_attr */
	uint32_t objects, sysv_unmapped;
	uint64_t mapped_resident, mapped_swapped, sysv_resident, sysv_swapped;
	uint64_t shmem;		/* Shmem in meminfo */
	int sysv_listed;
	uint32_t truncated;	/* KMEMSTAT_SHMEM_TRUNC_*: the module's snapshot was cut short */
	uint32_t vmas_omitted;	/* mappings of the objects it left out */
	uint32_t processes_busy;	/* processes it left out: their locks stayed held */
	enum km_source source;
	char note[512];		/* what the source could not know, or "" */
	char rest_why[96];	/* without KM_SHM_HAVE_REST: why */
};

struct km_shm_filter {
	int mappers;
	int mapped;		/* with mappers: walk page tables (module only) */
	int32_t pid;
	uint64_t min_resident;
};

/* Append a zeroed object, or a mapper to @o; NULL when out of memory. */
struct km_shm_obj *km_shm_add(struct km_shm *l);
struct km_shm_mapper *km_shm_add_mapper(struct km_shm_obj *o);
void km_shm_free(struct km_shm *l);
/* Largest resident first, then by inode. */
void km_shm_sort(struct km_shm *l);
const char *km_shm_kind_name(int kind);
/*
 * The rest of Shmem in meminfo: Shmem - mapped resident - unattached SysV
 * resident, that is tmpfs files nobody maps (and unattached SysV segments
 * when the source could not list them). 1 when known, else 0 (an object's
 * resident unknown, or mappings the caller could not see: ->rest_why).
 */
int km_shm_rest(const struct km_shm *l, int64_t *rest);

/* Append a zeroed task; NULL when out of memory. */
struct km_task *km_tasks_add(struct km_tasks *l);
void km_tasks_free(struct km_tasks *l);
/* KMEMSTAT_STATE_* of a /proc state letter, -1 if unknown. */
int km_state_index(char letter);
/* Does @t pass @f (pid, tgid, uid, state, minimum CPU time)? */
int km_task_match(const struct km_task_filter *f, const struct km_task *t);

const char *km_source_name(enum km_source s);
const char *km_formula_name(unsigned int formula);

#endif /* KM_MODEL_H */

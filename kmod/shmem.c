// SPDX-License-Identifier: GPL-2.0
/*
 * GET_SHMEM: every shmem-backed object (a tmpfs inode: shared anonymous
 * memory, SysV segments, POSIX shm, memfds, tmpfs files) mapped by a task
 * the caller can see, with its size, resident and swapped bytes and its
 * mappers; SysV segments nobody attaches; totals against NR_SHMEM.
 *
 * Like /proc/PID/maps, a process's mappings are shown only to callers that
 * may read them (km_may_read() in tasks.c); SysV segments nobody attaches
 * are shown to all in their IPC namespace, as /proc/sysvipc/shm shows them.
 *
 * The snapshot is taken a part per dump callback, never in the first: that
 * one runs inside the request's sendmsg(), under genetlink's cb_lock, which
 * every registration of a family waits for and every other generic netlink
 * request then waits behind. The first callback only takes the caller's
 * view and answers a progress message; each later one (run from the
 * reader's recvmsg()) walks processes and their VMAs with find_vma(),
 * which works on every version, until it has done KM_SHM_WORK units of
 * work, and answers another progress message, the cursor being the next
 * pid (km_next_process()), the address reached in the current process and
 * a page-table walk under way. Before 3.7 every callback runs under
 * genl_mutex: there no part waits for a lock a user can hold (see
 * KM_DUMP_MAY_WAIT). Objects are measured when first seen, while the
 * mapping (or the scan) holds their inode, and are known afterwards by
 * their inode's address and generation only: nothing holds an inode, an mm
 * or a task between callbacks, so an unread socket pins only the
 * snapshot's memory, which is bounded per snapshot and per user. Once the
 * snapshot is complete, the callbacks send it on; .done frees it.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/mount.h>
#include <linux/dcache.h>
#include <linux/hash.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/magic.h>
#include <linux/nsproxy.h>
#include <linux/shmem_fs.h>
#include <linux/cred.h>
#include <linux/capability.h>
#include <linux/idr.h>
#include <linux/ipc.h>
#include <linux/ipc_namespace.h>
#include <linux/shm.h>
#include <linux/spinlock.h>
#include "kmemstat.h"

#define KM_SHM_NAME		96
/*
 * Mappers kept per object: as many as one dump message can carry (a
 * message is at most 32 KiB, a mapper at least 64 bytes of attributes).
 * The rest are counted, so that no user can make the module ask for a
 * huge allocation by mapping one file many times.
 */
#define KM_SHM_MAPPERS_MAX	512
/*
 * Work one callback does before it answers a progress message: a VMA, a
 * PTE table read and a chunk of a page-table walk count one each, a
 * process KM_SHM_WORK_PROCESS. A VMA costs about 1.4 us under QEMU
 * without KVM, far less on hardware: a part lasts milliseconds at most.
 */
#define KM_SHM_WORK		4096
#define KM_SHM_WORK_PROCESS	8
/* A mapping's page-table walk goes on in chunks of 64 PMDs (128 MiB on x86-64). */
#define KM_SHM_PT_CHUNK		(64 * PMD_SIZE)
/*
 * The index bits of an IPC id: 15 (IPCMNI), or 24 with ipcmni_extend
 * (5.1, a boot option). Both are tried, each checked against the id.
 */
#define KM_IPC_IDX_MASK		((1 << 15) - 1)
#define KM_IPC_IDX_EXTEND_MASK	((1 << 24) - 1)

/*
 * Memory bounds, in KiB: what one snapshot's tables and mapper lists may
 * hold, and what the unfinished snapshots of one user (the socket's
 * opener, or the caller where the opener is unknown) may hold together.
 * Beyond them a snapshot leaves objects and mappers out and says so.
 */
static unsigned int shmem_snapshot_kb = 64 * 1024;
module_param(shmem_snapshot_kb, uint, 0644);
MODULE_PARM_DESC(shmem_snapshot_kb,
		 "memory one GET_SHMEM snapshot may hold, in KiB (beyond it the answer is cut short and says so)");
static unsigned int shmem_user_kb = 128 * 1024;
module_param(shmem_user_kb, uint, 0644);
MODULE_PARM_DESC(shmem_user_kb,
		 "memory the unfinished GET_SHMEM snapshots of one user may hold together, in KiB");
/*
 * All unprivileged users together: subordinate uids make many users of one
 * person. Callers with CAP_SYS_PTRACE are bounded per user only.
 */
static unsigned int shmem_total_kb = 512 * 1024;
module_param(shmem_total_kb, uint, 0644);
MODULE_PARM_DESC(shmem_total_kb,
		 "memory the unfinished GET_SHMEM snapshots of all users without CAP_SYS_PTRACE may hold together, in KiB");

/*
 * How long a snapshot waits, in all, for the exec and mmap locks of the
 * processes it reads; once that is spent, a process whose lock is taken
 * is left out and the snapshot says so (KMEMSTAT_SHMEM_TRUNC_BUSY).
 * /proc/PID/maps waits forever, and a page fault stalled on a FUSE server
 * holds its process's mmap lock that long; in all, so that many such
 * processes cannot make a snapshot last for each.
 */
static unsigned int lock_wait_ms = 5000;
module_param(lock_wait_ms, uint, 0644);
MODULE_PARM_DESC(lock_wait_ms,
		 "how long a GET_SHMEM snapshot waits in all for processes' exec and mmap locks before it leaves out those still locked and says so, in ms");
/* The first pause between tries (us); each next one doubles, up to a tick. */
#define KM_SHM_PAUSE_US		50

static const struct nla_policy km_shmem_filter_policy[KMEMSTAT_SF_MAX + 1] = {
	[KMEMSTAT_SF_FLAGS]		= { .type = NLA_U32 },
	[KMEMSTAT_SF_PID]		= { .type = NLA_U32 },
	[KMEMSTAT_SF_MIN_RESIDENT]	= { .type = NLA_U64 },
};

struct km_shm_mapper {
	u32 pid, prot;
	u64 start, end, offset;
	u64 mapped;		/* with KMEMSTAT_SHMEM_F_MAPPED, else ~0 */
	char comm[TASK_COMM_LEN];
};

struct km_shm_obj {
	/*
	 * The inode, by its address and generation: compared, never
	 * followed (no reference is held between callbacks). Another inode
	 * at the same address has another generation or number.
	 */
	unsigned long id;
	u32 gen;
	int next;		/* hash chain, by index */
	u32 dev, key, processes, vmas, last_tgid, nmappers, cap;
	u32 dropped;		/* mappers beyond KM_SHM_MAPPERS_MAX or the memory bounds */
	u8 kind;
	bool hit;		/* mapped by the filter's pid */
	u64 ino, size, resident, swapped;
	char name[KM_SHM_NAME];
	struct km_shm_mapper *mappers;
};

/* What one user's unfinished snapshots hold. */
struct km_shm_user {
	struct list_head list;
	km_kuid_t uid;
	bool privileged;	/* a budget apart: a container's root is uid 0 too */
	u64 bytes;
	unsigned int snaps;
};

enum km_shm_phase {
	KM_SHM_WALK,		/* processes and their mappings */
	KM_SHM_SYSV,		/* SysV segments nobody attaches */
	KM_SHM_SEND,		/* complete: sent on */
};

struct km_shm_snap {
	u32 flags, pid;
	u64 min_resident;
	enum km_shm_phase phase;
	struct km_task_view v;	/* the caller's, from the first callback, while walking */
	bool view;		/* v holds references */
	struct pid *starter;	/* the thread group the first callback ran in */
	const void *ipc_ns;	/* its IPC namespace: compared, never followed */
	/* The walk's place: the process under way and the address reached in it. */
	struct pid *cur;
	unsigned long addr;
	int walk_obj, walk_mapper;	/* a page-table walk under way, or -1 */
	unsigned long walk_start, walk_end;
	int work;		/* units this callback may still do */
	u32 progress;		/* processes walked */
	/*
	 * Waiting for processes' locks: the time waited in all (ns), since
	 * when it has been waiting now, and the next pause (us; 0: the first).
	 */
	u64 waited;
	ktime_t wait_from;
	bool waiting;
	unsigned int pause_us;
	u32 busy;		/* processes left out: their locks stayed held */
	/* Memory held and its bounds (bytes), and what was left out. */
	struct km_shm_user *user;
	u64 bytes, max_bytes, user_max;
	/*
	 * Counted in shmem_total_kb too: every unprivileged snapshot. One who
	 * may read every process (CAP_SYS_PTRACE) is not, so that no user's
	 * unread snapshots can cut root's audit short by filling that budget.
	 */
	bool shared;
	u32 truncated, vmas_omitted;
	struct km_shm_obj *obj;
	int n, cap;
	int *buckets;		/* as many as cap: chains stay short */
	unsigned int bits;	/* log2 of cap */
	int sent;		/* the dump's cursor: next object to send */
	bool totals_sent, sysv_listed;
	u32 nmapped, sysv_unmapped;
	u64 mapped_resident, mapped_swapped, sysv_resident, sysv_swapped, shmem;
	char path[256];		/* scratch for d_path() */
};

/* A file on the kernel's internal tmpfs, to find its mount and superblock. */
static struct file *km_shm_probe;
/*
 * Without CONFIG_SHMEM the internal mount is ramfs and shmem_inode_info
 * does not exist: GET_SHMEM is then not offered.
 */
static bool km_shm_tmpfs;

int km_shmem_init(void)
{
	km_shm_probe = km_shmem_file("kmemstat");
	if (IS_ERR(km_shm_probe)) {
		int err = PTR_ERR(km_shm_probe);

		km_shm_probe = NULL;
		return err;
	}
	km_shm_tmpfs = file_inode(km_shm_probe)->i_sb->s_magic == TMPFS_MAGIC;
	return 0;
}

void km_shmem_exit(void)
{
	if (km_shm_probe)
		fput(km_shm_probe);
}

u64 km_shmem_features(void)
{
	if (!km_shm_tmpfs)
		return 0;
#if defined(KM_CAN_LIST_SB_INODES) || defined(KM_CAN_LIST_IPC_SHM)
	return KMEMSTAT_FEAT_SHMEM | KMEMSTAT_FEAT_SHMEM_SYSV;
#else
	return KMEMSTAT_FEAT_SHMEM;
#endif
}

/*
 * Name and kind: files on the kernel's internal mount (the one the probe
 * file lives on; it is not flagged MNT_INTERNAL before 3.11) by their
 * internal name, others by their path on a tmpfs mount.
 */
static void km_shm_classify(struct km_shm_snap *s, struct km_shm_obj *o,
			    struct file *file)
{
	struct dentry *d = file->f_path.dentry;
	const char *p;

	if (file->f_path.mnt == km_shm_probe->f_path.mnt) {
		spin_lock(&d->d_lock);
		km_strscpy(o->name, d->d_name.name, sizeof(o->name));
		spin_unlock(&d->d_lock);
		if (!strcmp(o->name, "dev/zero")) {
			o->kind = KMEMSTAT_SHMEM_ANON;
		} else if (!strncmp(o->name, "SYSV", 4)) {
			o->kind = KMEMSTAT_SHMEM_SYSV;
			if (km_kstrtou32(o->name + 4, 16, &o->key))
				o->key = 0;
		} else if (!strncmp(o->name, "memfd:", 6)) {
			o->kind = KMEMSTAT_SHMEM_MEMFD;
			memmove(o->name, o->name + 6, strlen(o->name + 6) + 1);
		} else {
			o->kind = KMEMSTAT_SHMEM_OTHER;
		}
		return;
	}
	p = d_path(&file->f_path, s->path, sizeof(s->path));
	km_strscpy(o->name, IS_ERR(p) ? "?" : p, sizeof(o->name));
	o->kind = strncmp(o->name, "/dev/shm/", 9) ? KMEMSTAT_SHMEM_TMPFS :
						     KMEMSTAT_SHMEM_POSIX;
}

/* ---- memory bounds ------------------------------------------------------ */

static LIST_HEAD(km_shm_users);
/* _bh: .done, which releases, runs from an RCU callback on 4.x before 4.10. */
static DEFINE_SPINLOCK(km_shm_users_lock);
static u64 km_shm_total_bytes;	/* every user's, under km_shm_users_lock */

/*
 * The budget of @uid, privileged (CAP_SYS_PTRACE) or not, with one more
 * snapshot on it; NULL: no memory.
 */
static struct km_shm_user *km_shm_user_get(km_kuid_t uid, bool privileged)
{
	struct km_shm_user *u, *n = kzalloc(sizeof(*n), KM_GFP_REQUEST | __GFP_NOWARN);

	spin_lock_bh(&km_shm_users_lock);
	list_for_each_entry(u, &km_shm_users, list) {
		if (km_uid_eq(u->uid, uid) && u->privileged == privileged) {
			u->snaps++;
			goto out;
		}
	}
	u = n;
	n = NULL;
	if (u) {
		u->uid = uid;
		u->privileged = privileged;
		u->snaps = 1;
		list_add(&u->list, &km_shm_users);
	}
out:
	spin_unlock_bh(&km_shm_users_lock);
	kfree(n);
	return u;
}

static void km_shm_user_put(struct km_shm_user *u)
{
	bool last;

	spin_lock_bh(&km_shm_users_lock);
	last = !--u->snaps;
	if (last)
		list_del(&u->list);
	spin_unlock_bh(&km_shm_users_lock);
	if (last)
		kfree(u);
}

/* Count @n more bytes held, if both bounds allow; false: leave it out. */
static bool km_shm_charge(struct km_shm_snap *s, u64 n)
{
	bool ok;

	if (s->bytes + n > s->max_bytes) {
		s->truncated |= KMEMSTAT_SHMEM_TRUNC_MEMORY;
		return false;
	}
	spin_lock_bh(&km_shm_users_lock);
	ok = s->user->bytes + n <= s->user_max &&
	     (!s->shared || km_shm_total_bytes + n <= (u64)READ_ONCE(shmem_total_kb) << 10);
	if (ok) {
		s->user->bytes += n;
		if (s->shared)
			km_shm_total_bytes += n;
	}
	spin_unlock_bh(&km_shm_users_lock);
	if (ok)
		s->bytes += n;
	else
		s->truncated |= KMEMSTAT_SHMEM_TRUNC_MEMORY;
	return ok;
}

static void km_shm_uncharge(struct km_shm_snap *s, u64 n)
{
	spin_lock_bh(&km_shm_users_lock);
	s->user->bytes -= n;
	if (s->shared)
		km_shm_total_bytes -= n;
	spin_unlock_bh(&km_shm_users_lock);
	s->bytes -= n;
}

/* ---- objects ------------------------------------------------------------- */

static bool km_shm_is(const struct km_shm_obj *o, const struct inode *inode)
{
	return o->id == (unsigned long)inode && o->ino == inode->i_ino &&
	       o->gen == inode->i_generation;
}

/* The object of @inode in the snapshot, or -1. */
static int km_shm_find(const struct km_shm_snap *s, const struct inode *inode)
{
	int i;

	if (!s->n)
		return -1;
	for (i = s->buckets[hash_ptr((void *)inode, s->bits)]; i >= 0; i = s->obj[i].next)
		if (km_shm_is(&s->obj[i], inode))
			return i;
	return -1;
}

/*
 * Room for twice the objects, and as many hash buckets, rehashed: -ENOSPC
 * when the object cap or a memory bound says no (the snapshot is cut
 * short), -ENOMEM when the allocation fails (the dump fails). No size here
 * can reach kvmalloc's warning, and a failure is quiet.
 */
static int km_shm_grow(struct km_shm_snap *s)
{
	int cap = s->cap ? s->cap * 2 : 64, i, h;
	u64 bytes = (u64)cap * (sizeof(struct km_shm_obj) + sizeof(int));
	struct km_shm_obj *n;
	int *b;

	if (cap > KMEMSTAT_SHMEM_OBJECTS_MAX) {
		s->truncated |= KMEMSTAT_SHMEM_TRUNC_OBJECTS;
		return -ENOSPC;
	}
	if (!km_shm_charge(s, bytes))
		return -ENOSPC;
	n = km_kvzalloc(cap * sizeof(*n));
	b = km_kvzalloc(cap * sizeof(*b));
	if (!n || !b) {
		km_kvfree(n);
		km_kvfree(b);
		km_shm_uncharge(s, bytes);
		return -ENOMEM;
	}
	if (s->n)
		memcpy(n, s->obj, s->n * sizeof(*n));
	km_kvfree(s->obj);
	km_kvfree(s->buckets);
	if (s->cap)
		km_shm_uncharge(s, (u64)s->cap * (sizeof(*n) + sizeof(*b)));
	s->obj = n;
	s->buckets = b;
	s->cap = cap;
	s->bits = ilog2(cap);
	memset(b, 0xff, cap * sizeof(*b));	/* all -1 */
	for (i = 0; i < s->n; i++) {
		h = hash_ptr((void *)n[i].id, s->bits);
		n[i].next = b[h];
		b[h] = i;
	}
	return 0;
}

/* Size, resident and swapped bytes of a shmem inode, now. */
static void km_shm_measure(struct inode *inode, u64 *size, u64 *resident,
			   u64 *swapped)
{
	struct shmem_inode_info *info = SHMEM_I(inode);

	*size = i_size_read(inode);
	*resident = (u64)READ_ONCE(inode->i_mapping->nrpages) << PAGE_SHIFT;
	/* Without info->lock (taken IRQ-safe), as shmem_swap_usage() reads it. */
	*swapped = (u64)READ_ONCE(info->swapped) << PAGE_SHIFT;
}

/*
 * The object of @inode, found, or added and measured (the caller keeps the
 * inode alive meanwhile): 0, -ENOSPC when it is left out, -ENOMEM.
 */
static int km_shm_get(struct km_shm_snap *s, struct inode *inode,
		      struct km_shm_obj **op, bool *added)
{
	struct km_shm_obj *o;
	int i = km_shm_find(s, inode), b, err;

	*added = false;
	if (i >= 0) {
		*op = &s->obj[i];
		return 0;
	}
	if (s->n == s->cap) {
		err = km_shm_grow(s);
		if (err)
			return err;
	}
	b = hash_ptr(inode, s->bits);
	o = &s->obj[s->n];
	memset(o, 0, sizeof(*o));
	o->id = (unsigned long)inode;
	o->gen = inode->i_generation;
	o->next = s->buckets[b];
	o->dev = new_encode_dev(inode->i_sb->s_dev);
	o->ino = inode->i_ino;
	km_shm_measure(inode, &o->size, &o->resident, &o->swapped);
	s->buckets[b] = s->n++;
	*added = true;
	*op = o;
	return 0;
}

/*
 * Count the present PTEs of [addr, end) under the PMD @pmd (whose value
 * @val was checked to point to a PTE table); the caller holds the mmap read
 * lock. Until 6.5 pte_offset_map_lock() is header code: read under the PTE
 * lock. 6.5 made it a function modules cannot call, and has PTE tables
 * freed only after an RCU grace period (pte_free_defer()), so there the PMD
 * is read again inside RCU and the table walked only if it is unchanged;
 * on x86-64 page tables are always in the direct map. Read-only either way.
 */
#ifdef KM_PTE_MAP_LOCK_UNEXPORTED
static u64 km_count_present(struct mm_struct *mm, pmd_t *pmd, pmd_t val,
			    unsigned long addr, unsigned long end)
{
	pmd_t now;
	pte_t *pte;
	u64 n = 0;

	rcu_read_lock();
	now = READ_ONCE(*pmd);
	if (!pmd_same(now, val)) {
		rcu_read_unlock();
		return 0;	/* changed under us: as if not mapped */
	}
	pte = pte_offset_kernel(&now, addr);
	for (; addr < end; addr += PAGE_SIZE, pte++)
		if (pte_present(ptep_get(pte)))
			n += PAGE_SIZE;
	rcu_read_unlock();
	return n;
}
#else
static u64 km_count_present(struct mm_struct *mm, pmd_t *pmd, pmd_t val,
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

/*
 * Bytes of [addr, end) that @mm's page tables map, as smaps counts Rss: a
 * walk down to each present PTE (a huge PMD or PUD counts whole), adding
 * the PTE tables it reads to *@tables. The caller holds the mmap read
 * lock. Nothing is ever changed.
 */
static u64 km_pmd_mapped(struct mm_struct *mm, pud_t *pud, unsigned long addr,
			 unsigned long end, int *tables)
{
	pmd_t *pmd = pmd_offset(pud, addr), val;
	unsigned long next;
	u64 n = 0;

	do {
		next = pmd_addr_end(addr, end);
		val = READ_ONCE(*pmd);
		if (pmd_none(val))
			continue;
		if (pmd_trans_huge(val)) {
			if (pmd_present(val))
				n += next - addr;
			continue;
		}
		if (pmd_bad(val))
			continue;
		n += km_count_present(mm, pmd, val, addr, next);
		++*tables;
		cond_resched();		/* after each PTE table: 2 MiB of work at most */
	} while (pmd++, addr = next, addr != end);
	return n;
}

static u64 km_pud_mapped(struct mm_struct *mm, p4d_t *p4d, unsigned long addr,
			 unsigned long end, int *tables)
{
	pud_t *pud = pud_offset(p4d, addr), val;
	unsigned long next;
	u64 n = 0;

	do {
		next = pud_addr_end(addr, end);
		val = READ_ONCE(*pud);
		if (pud_none(val))
			continue;
		if (pud_leaf(val)) {
			n += next - addr;
			continue;
		}
		if (pud_bad(val))
			continue;
		n += km_pmd_mapped(mm, pud, addr, next, tables);
	} while (pud++, addr = next, addr != end);
	return n;
}

static u64 km_vma_mapped(struct mm_struct *mm, unsigned long addr, unsigned long end,
			 int *tables)
{
	pgd_t *pgd = pgd_offset(mm, addr);
	unsigned long next, next4;
	p4d_t *p4d;
	u64 n = 0;

	do {
		next = pgd_addr_end(addr, end);
		if (pgd_none(*pgd) || pgd_bad(*pgd))
			continue;
		p4d = p4d_offset(pgd, addr);
		do {
			next4 = p4d_addr_end(addr, next);
			if (p4d_none(*p4d) || p4d_bad(*p4d))
				continue;
			n += km_pud_mapped(mm, p4d, addr, next4, tables);
		} while (p4d++, addr = next4, addr != next);
	} while (pgd++, addr = next, addr != end);
	return n;
}

/*
 * A mapper of @o for @vma: its index, or -1 when it is only counted
 * (beyond KM_SHM_MAPPERS_MAX or the memory bounds); -ENOMEM.
 */
static int km_shm_add_mapper(struct km_shm_snap *s, struct km_shm_obj *o,
			     struct vm_area_struct *vma, const char *comm, u32 pid,
			     int *index)
{
	struct km_shm_mapper *m;

	*index = -1;
	if (o->nmappers == KM_SHM_MAPPERS_MAX) {
		o->dropped++;
		return 0;
	}
	if (o->nmappers == o->cap) {
		u32 cap = o->cap ? o->cap * 2 : 1;

		if (!km_shm_charge(s, (u64)(cap - o->cap) * sizeof(*m))) {
			o->dropped++;
			return 0;
		}
		m = krealloc(o->mappers, cap * sizeof(*m), KM_GFP_REQUEST | __GFP_NOWARN);
		if (!m) {
			km_shm_uncharge(s, (u64)(cap - o->cap) * sizeof(*m));
			return -ENOMEM;
		}
		o->mappers = m;
		o->cap = cap;
	}
	*index = o->nmappers;
	m = &o->mappers[o->nmappers++];
	m->pid = pid;
	m->start = vma->vm_start;
	m->end = vma->vm_end;
	m->offset = (u64)vma->vm_pgoff << PAGE_SHIFT;
	m->mapped = ~0ULL;
	m->prot = (vma->vm_flags & VM_READ ? KMEMSTAT_PROT_READ : 0) |
		  (vma->vm_flags & VM_WRITE ? KMEMSTAT_PROT_WRITE : 0) |
		  (vma->vm_flags & VM_EXEC ? KMEMSTAT_PROT_EXEC : 0) |
		  (vma->vm_flags & VM_SHARED ? KMEMSTAT_PROT_SHARED : 0);
	memcpy(m->comm, comm, sizeof(m->comm));
	return 0;
}

/*
 * Only regular files of tmpfs are shmem objects: devtmpfs has tmpfs' magic
 * too, and a private /dev/zero mapping there is a character device.
 */
static bool km_shm_file(struct file *file)
{
	struct inode *inode;

	if (!file)
		return false;
	inode = file_inode(file);
	return inode->i_sb->s_magic == TMPFS_MAGIC && S_ISREG(inode->i_mode);
}

/* One mapping of the process @tgid: its object, its mapper, its walk to come. */
static int km_shm_vma(struct km_shm_snap *s, struct vm_area_struct *vma,
		      const char *comm, u32 tgid)
{
	struct file *file = vma->vm_file;
	struct km_shm_obj *o;
	bool added;
	int err, m;

	if (!km_shm_file(file))
		return 0;
	err = km_shm_get(s, file_inode(file), &o, &added);
	if (err == -ENOSPC) {
		s->vmas_omitted++;
		return 0;
	}
	if (err)
		return err;
	if (added)
		km_shm_classify(s, o, file);
	if (o->last_tgid != tgid || !o->processes) {
		o->processes++;
		o->last_tgid = tgid;
	}
	o->vmas++;
	if (s->pid && tgid == s->pid)
		o->hit = true;
	if (!(s->flags & KMEMSTAT_SHMEM_F_MAPPERS))
		return 0;
	err = km_shm_add_mapper(s, o, vma, comm, tgid, &m);
	if (err || m < 0 || !(s->flags & KMEMSTAT_SHMEM_F_MAPPED))
		return err;
	/* Its page-table walk comes next, in chunks: it may go on in a later part. */
	o->mappers[m].mapped = 0;
	s->walk_obj = o - s->obj;
	s->walk_mapper = m;
	s->walk_start = vma->vm_start;
	s->walk_end = vma->vm_end;
	s->addr = vma->vm_start;
	return 0;
}

/*
 * One chunk of the page-table walk under way, if its mapping is still the
 * one it began in (same range, same object); else the walk ends where it
 * was, and the mapper keeps what it found.
 */
static void km_shm_walk_chunk(struct km_shm_snap *s, struct mm_struct *mm,
			      struct vm_area_struct *vma)
{
	struct km_shm_mapper *m;
	unsigned long end;
	int tables = 0;

	if (!vma || vma->vm_start != s->walk_start || vma->vm_end != s->walk_end ||
	    !km_shm_file(vma->vm_file) ||
	    !km_shm_is(&s->obj[s->walk_obj], file_inode(vma->vm_file))) {
		s->walk_obj = -1;
		s->addr = s->walk_end;
		return;
	}
	m = &s->obj[s->walk_obj].mappers[s->walk_mapper];
	end = (s->addr & ~(KM_SHM_PT_CHUNK - 1)) + KM_SHM_PT_CHUNK;
	if (end > s->walk_end || end <= s->addr)
		end = s->walk_end;
	m->mapped += km_vma_mapped(mm, s->addr, end, &tables);
	s->work -= tables;
	s->addr = end;
	if (end == s->walk_end)
		s->walk_obj = -1;
}

/*
 * Time waited for processes' locks, from a failed try to the next try,
 * whether it was a pause here or the time until the next part.
 */
static void km_shm_waited(struct km_shm_snap *s)
{
	if (s->waiting)
		s->waited += ktime_to_ns(ktime_sub(ktime_get(), s->wait_from));
	s->waiting = false;
}

/* A lock was taken: the next wait starts with a short pause again. */
static void km_shm_lock_got(struct km_shm_snap *s)
{
	km_shm_waited(s);
	s->pause_us = 0;
}

/*
 * A lock of the process under way is held by another: 0, try again (after
 * a pause, from 50 us doubling up to a tick: a writer that the walk stepped
 * aside for is done in microseconds); -EAGAIN, before 3.7 (under
 * genl_mutex), end this part and try in the next; -EINTR, a fatal signal;
 * -EBUSY once the snapshot has waited lock_wait_ms in all: leave the
 * process out.
 */
static int km_shm_lock_busy(struct km_shm_snap *s)
{
#ifdef KM_DUMP_MAY_WAIT
	unsigned int pause;
#endif

	km_shm_waited(s);
	if (s->waited >= (u64)READ_ONCE(lock_wait_ms) * NSEC_PER_MSEC) {
		s->busy++;
		s->truncated |= KMEMSTAT_SHMEM_TRUNC_BUSY;
		return -EBUSY;
	}
	s->waiting = true;
	s->wait_from = ktime_get();
#ifdef KM_DUMP_MAY_WAIT
	pause = s->pause_us ? s->pause_us : KM_SHM_PAUSE_US;
	s->pause_us = min_t(unsigned int, pause * 2, jiffies_to_usecs(1));
	usleep_range(pause, pause * 2);
	return fatal_signal_pending(current) ? -EINTR : 0;
#else
	return -EAGAIN;
#endif
}

/*
 * The mmap read lock, tried until it is free or the snapshot has waited
 * long enough in all (km_shm_lock_busy()): a reader queued on it cannot
 * stop waiting.
 */
static int km_shm_mmap_lock(struct km_shm_snap *s, struct mm_struct *mm)
{
	int err;

	while (!km_mmap_read_trylock(mm)) {
		err = km_shm_lock_busy(s);
		if (err)
			return err;
	}
	km_shm_lock_got(s);
	return 0;
}

/*
 * The shmem mappings of one process from s->addr on, under its mmap read
 * lock, until its last mapping (0) or this part's work is done (-EAGAIN,
 * the place kept in s->addr and the walk under way).
 */
static int km_shm_scan_mm(struct km_shm_snap *s, struct mm_struct *mm,
			  const char *comm, u32 tgid)
{
	struct vm_area_struct *vma;
	int err;

	err = km_shm_mmap_lock(s, mm);
	if (err)
		return err;
	for (;;) {
		if (s->work <= 0) {
			err = -EAGAIN;
			break;
		}
		s->work--;
		vma = find_vma(mm, s->addr);
		if (s->walk_obj >= 0) {
			km_shm_walk_chunk(s, mm, vma);
		} else if (!vma) {
			break;
		} else {
			s->addr = vma->vm_end;
			err = km_shm_vma(s, vma, comm, tgid);
			if (err)
				break;
		}
		/*
		 * Step aside for a writer (a fault, munmap, exit) or the CPU's
		 * next task; the walk goes on from s->addr.
		 */
		if (km_mmap_contended(mm) || need_resched()) {
			km_mmap_read_unlock(mm);
			cond_resched();
			err = km_shm_mmap_lock(s, mm);
			if (err)
				return err;
		}
	}
	km_mmap_read_unlock(mm);
	return err;
}

#if defined(KM_CAN_LIST_SB_INODES) || defined(KM_CAN_LIST_IPC_SHM)
/*
 * The IPC namespace whose SysV segments the caller gets: its own, read
 * where only its own task may (current->nsproxy), so only when this part
 * runs in the process that took the first one (a socket can be handed
 * over); NULL otherwise, and no segment is listed.
 */
static struct ipc_namespace *km_shm_ipc_ns(const struct km_shm_snap *s)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;

	return (const void *)ns == s->ipc_ns && task_tgid(current) == s->starter ? ns : NULL;
}
#endif

#ifdef KM_CAN_LIST_SB_INODES
/*
 * An S_PRIVATE inode of the internal tmpfs (SysV or shared anonymous) that
 * no mapping of any process holds, whoever may read that process: a
 * segment attached only by processes the caller cannot read is not one
 * nobody attaches. A racy read, as a snapshot's.
 */
static bool km_shm_unattached(struct inode *inode)
{
	return (inode->i_flags & S_PRIVATE) && !km_mapping_mapped(inode->i_mapping);
}

/*
 * The segment with id @id in @ids, or NULL; under the table's rwsem. The
 * table is indexed by the id's low bits, 15 or (ipcmni_extend) 24 of them:
 * both are looked at, and only an entry with that very id counts.
 */
static struct kern_ipc_perm *km_ipc_find(struct ipc_ids *ids, int id)
{
	struct kern_ipc_perm *p = idr_find(&ids->ipcs_idr, id & KM_IPC_IDX_MASK);

	if (p && p->id == id)
		return p;
	p = idr_find(&ids->ipcs_idr, id & KM_IPC_IDX_EXTEND_MASK);
	return p && p->id == id ? p : NULL;
}

/*
 * Is @perm the segment of @inode? Up to 4.16 struct shmid_kernel says it
 * (its file); from 4.17 it is private, and its creator's ids stand in: the
 * inode got the creator's fsuid and fsgid, the segment its euid and egid
 * (equal but after setfsuid()). Two namespaces' segments with the same
 * id, key and creator cannot be told apart there.
 */
#ifdef KM_HAVE_SHMID_KERNEL
static bool km_shm_same_segment(struct kern_ipc_perm *perm, struct inode *inode)
{
	struct file *f = container_of(perm, struct shmid_kernel, shm_perm)->shm_file;

	return f && file_inode(f) == inode;
}
#else
static bool km_shm_same_segment(struct kern_ipc_perm *perm, struct inode *inode)
{
	return km_uid_eq(perm->cuid, inode->i_uid) && km_gid_eq(perm->cgid, inode->i_gid);
}
#endif

/*
 * Is the SysV segment of @inode, named for @key, one of @ns's? Every
 * namespace's segments live on the one internal tmpfs and their ids
 * (which a SysV inode's number is) are per namespace, so the id is looked
 * up in @ns's own table, under its rwsem held for reading, which keeps its
 * entries while they are read, and key and segment compared.
 */
static bool km_shm_in_ns(struct ipc_namespace *ns, struct inode *inode, u32 key)
{
	struct ipc_ids *ids = &ns->ids[KM_IPC_SHM_IDS];
	struct kern_ipc_perm *perm;
	bool ours;

	if (inode->i_ino > INT_MAX)
		return false;
	down_read(km_ipc_ids_lock(ids));
	perm = km_ipc_find(ids, (int)inode->i_ino);
	ours = perm && (u32)perm->key == key && km_shm_same_segment(perm, inode);
	up_read(km_ipc_ids_lock(ids));
	return ours;
}

/* Add @inode if it is a SysV segment of @ns: -ENOMEM when out of memory. */
static int km_shm_add_sysv(struct km_shm_snap *s, struct ipc_namespace *ns,
			   struct inode *inode)
{
	struct km_shm_obj *o;
	struct dentry *d;
	bool added;
	u32 key;
	int err = 0;

	d = d_find_any_alias(inode);	/* pseudo dentries are unhashed */
	if (!d)
		return 0;
	if (!strncmp(d->d_name.name, "SYSV", 4) && !km_kstrtou32(d->d_name.name + 4, 16, &key) &&
	    km_shm_in_ns(ns, inode, key)) {
		err = km_shm_get(s, inode, &o, &added);
		if (!err) {
			o->kind = KMEMSTAT_SHMEM_SYSV;
			o->key = key;
			km_strscpy(o->name, d->d_name.name, sizeof(o->name));
		} else if (err == -ENOSPC) {
			err = 0;	/* cut short: TRUNCATED says so */
		}
	}
	dput(d);
	return err;
}

/*
 * SysV segments nobody attaches, found among the internal tmpfs' inodes
 * (all IPC namespaces share it) and kept if they are the caller's
 * namespace's. The list lock is dropped for each candidate, every 256
 * inodes and whenever the CPU or the lock is wanted, holding a reference to the current inode to keep the
 * place, as drop_pagecache_sb() does; every reference is dropped before
 * this returns. It runs whole in one callback, a later one (outside
 * cb_lock: compat.h allows this scan only where genetlink has
 * parallel_ops), so no reference outlives it.
 */
static int km_shm_scan_sysv(struct km_shm_snap *s)
{
	struct super_block *sb = file_inode(km_shm_probe)->i_sb;
	struct ipc_namespace *ns = km_shm_ipc_ns(s);
	struct inode *inode, *prev = NULL;
	unsigned int skipped = 0;
	int err = 0;

	if (!ns)
		return 0;
	s->sysv_listed = true;
	spin_lock(&sb->s_inode_list_lock);
	list_for_each_entry(inode, &sb->s_inodes, i_sb_list) {
		spin_lock(&inode->i_lock);
		if ((km_inode_state(inode) & (I_NEW | I_FREEING | I_WILL_FREE)) ||
		    !atomic_read(&inode->i_count)) {
			spin_unlock(&inode->i_lock);
			continue;
		}
		/*
		 * Others create and free shmem inodes under this lock (every
		 * memfd, shared mapping and segment of the host): let them in
		 * every 256 inodes and whenever one waits, not only when this
		 * CPU is wanted.
		 */
		if (!km_shm_unattached(inode) && !need_resched() &&
		    !spin_needbreak(&sb->s_inode_list_lock) && ++skipped < 256) {
			spin_unlock(&inode->i_lock);
			continue;
		}
		skipped = 0;
		atomic_inc(&inode->i_count);	/* as __iget() */
		spin_unlock(&inode->i_lock);
		spin_unlock(&sb->s_inode_list_lock);

		if (km_shm_unattached(inode) && km_shm_find(s, inode) < 0)
			err = km_shm_add_sysv(s, ns, inode);
		iput(prev);
		prev = inode;
		if (err)
			goto out;
		cond_resched();
		spin_lock(&sb->s_inode_list_lock);
	}
	spin_unlock(&sb->s_inode_list_lock);
out:
	iput(prev);
	return err;
}
#elif defined(KM_CAN_LIST_IPC_SHM)
struct km_shm_ipc_walk {
	struct km_shm_snap *s;
	struct super_block *sb;
	int err;
};

/* idr_for_each()'s step: add segment @p if nobody maps it; 1 stops. */
static int km_shm_ipc_one(int id, void *p, void *data)
{
	struct km_shm_ipc_walk *w = data;
	struct shmid_kernel *shp;
	struct km_shm_obj *o;
	struct inode *inode;
	bool added;
	int err;

	shp = container_of((struct kern_ipc_perm *)p, struct shmid_kernel, shm_perm);
	if (!shp->shm_file)
		return 0;
	inode = file_inode(shp->shm_file);
	/*
	 * hugetlb segments live on hugetlbfs. Every entry is a SysV segment,
	 * so S_PRIVATE (which 2.6.32 does not set on them) is not asked.
	 */
	if (inode->i_sb != w->sb || km_mapping_mapped(inode->i_mapping) ||
	    km_shm_find(w->s, inode) >= 0)
		return 0;
	err = km_shm_get(w->s, inode, &o, &added);
	if (err == -ENOSPC)
		return 1;	/* cut short: TRUNCATED says so */
	if (err) {
		w->err = err;
		return 1;
	}
	o->kind = KMEMSTAT_SHMEM_SYSV;
	o->key = (u32)shp->shm_perm.key;
	snprintf(o->name, sizeof(o->name), "SYSV%08x", o->key);	/* as newseg() */
	return 0;
}

/*
 * SysV segments nobody attaches, from the caller's IPC namespace's own
 * table (kernels before 4.3, see compat.h), as /proc/sysvipc/shm lists
 * them. The table's rwsem held for reading keeps every segment and its
 * file (removal takes it for writing); sleeping is allowed under it. The
 * table holds at most IPCMNI (32768) segments: one callback scans it.
 */
static int km_shm_scan_sysv(struct km_shm_snap *s)
{
	struct ipc_namespace *ns = km_shm_ipc_ns(s);
	struct km_shm_ipc_walk w;
	struct ipc_ids *ids;

	if (!ns)
		return 0;
	ids = &ns->ids[KM_IPC_SHM_IDS];
	w.s = s;
	w.sb = file_inode(km_shm_probe)->i_sb;
	w.err = 0;
#ifdef KM_DUMP_MAY_WAIT
	down_read(km_ipc_ids_lock(ids));
#else
	/* Under genl_mutex: never wait on IPC_RMID's truncation; next part. */
	if (!down_read_trylock(km_ipc_ids_lock(ids)))
		return -EAGAIN;
#endif
	s->sysv_listed = true;
	idr_for_each(&ids->ipcs_idr, km_shm_ipc_one, &w);
	up_read(km_ipc_ids_lock(ids));
	return w.err;
}
#else
static int km_shm_scan_sysv(struct km_shm_snap *s)
{
	return 0;
}
#endif

static void km_shm_free(struct km_shm_snap *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		kfree(s->obj[i].mappers);
	km_kvfree(s->obj);
	km_kvfree(s->buckets);
	if (s->user) {
		km_shm_uncharge(s, s->bytes);
		km_shm_user_put(s->user);
	}
	if (s->view)
		km_view_release(&s->v);
	if (s->cur)
		put_pid(s->cur);
	if (s->starter)
		put_pid(s->starter);
	kfree(s);
}

/*
 * The first thread of @p that has an mm: the leader, or a live thread once
 * the leader has exited (a zombie leader has no mm while its threads run
 * on). The threads are walked under the sighand lock where the signal
 * struct dies with the process (before 2.6.35, see km_signal_lock()); the
 * caller takes the mm after, under the thread's task_lock, which is never
 * nested in the sighand lock. Under rcu_read_lock(), which keeps the
 * thread; NULL: none, or the process has exited.
 */
static struct task_struct *km_shm_mm_thread(struct task_struct *p)
{
	struct task_struct *t, *found = NULL;
	unsigned long flags;
	int n;

	if (!km_signal_lock(p, &flags))
		return NULL;
	km_for_each_thread(p, t, n) {
		if (READ_ONCE(t->mm)) {
			found = t;
			break;
		}
	}
	km_signal_unlock(p, &flags);
	return found;
}

/*
 * The mm of the process @pid names, if the caller may read it, checked and
 * taken under exec's lock so that both belong to one image, with its
 * comm and tgid. The mm is km_shm_mm_thread()'s, and it is judged with
 * the thread it was taken from, as /proc/PID/task/TID/maps judges it.
 */
static struct mm_struct *km_shm_process_mm(struct km_shm_snap *s, struct pid *pid,
					   char *comm, u32 *tgid)
{
	struct km_task_view *v = &s->v;
	struct task_struct *p, *t;
	struct mm_struct *mm = NULL, *denied = NULL;
	int err;

	for (;;) {
		rcu_read_lock();
		p = pid_task(pid, PIDTYPE_PID);
		/* Never wait on the exec of a process the caller cannot read. */
		if (p && !km_may_read(v, p, NULL))
			p = NULL;
		if (!p || km_exec_trylock(p))
			break;
		rcu_read_unlock();
		/* An exec is replacing the image: wait, as mm_access(), but not forever. */
		err = km_shm_lock_busy(s);
		if (err)
			return ERR_PTR(err);
	}
	km_shm_lock_got(s);
	if (p) {
		t = km_shm_mm_thread(p);
		mm = t ? get_task_mm(t) : NULL;
		if (mm && !km_may_read(v, t, mm)) {
			denied = mm;	/* mmput() may sleep: after RCU */
			mm = NULL;
		}
	}
	if (mm) {
		*tgid = task_tgid_nr_ns(p, v->pid_ns);
		task_lock(p);
		memcpy(comm, p->comm, TASK_COMM_LEN);
		task_unlock(p);
		comm[TASK_COMM_LEN - 1] = '\0';
	}
	if (p)
		km_exec_unlock(p);
	rcu_read_unlock();
	if (denied)
		mmput(denied);
	return mm;
}

/*
 * Walk the processes from the cursor until every one is walked (0) or this
 * part's work is done (-EAGAIN: the next part goes on from here).
 */
static int km_shm_walk(struct km_shm_snap *s)
{
	char comm[TASK_COMM_LEN];
	struct mm_struct *mm;
	u32 tgid = 0;
	int err;

	while (s->work > 0) {
		if (!s->cur) {
			s->cur = km_next_process(&s->v);
			if (!s->cur)
				return 0;
			s->addr = 0;
			s->walk_obj = -1;
			s->progress++;
			s->work -= KM_SHM_WORK_PROCESS;
		}
		mm = km_shm_process_mm(s, s->cur, comm, &tgid);
		err = IS_ERR(mm) ? PTR_ERR(mm) : 0;
		if (IS_ERR(mm))
			mm = NULL;
		if (mm) {
			err = km_shm_scan_mm(s, mm, comm, tgid);
			mmput(mm);
		}
		/*
		 * -EAGAIN: a lock is held (before 3.7) or the part's work is
		 * done, the next part goes on here; -EBUSY: the process is
		 * left out, with what was found in it so far, but for a
		 * page-table walk under way: its mapper's MAPPED is unknown.
		 */
		if (err && err != -EBUSY)
			return err;
		if (err && s->walk_obj >= 0)
			s->obj[s->walk_obj].mappers[s->walk_mapper].mapped = ~0ULL;
		put_pid(s->cur);
		s->cur = NULL;
		s->walk_obj = -1;
		cond_resched();
	}
	return -EAGAIN;
}

/* The totals, once every object is in. */
static void km_shm_totals(struct km_shm_snap *s)
{
	int i;

	for (i = 0; i < s->n; i++) {
		const struct km_shm_obj *o = &s->obj[i];

		if (i < s->nmapped) {
			s->mapped_resident += o->resident;
			s->mapped_swapped += o->swapped;
		} else {
			s->sysv_unmapped++;
			s->sysv_resident += o->resident;
			s->sysv_swapped += o->swapped;
		}
	}
	s->shmem = (u64)km_stat(NR_SHMEM) << PAGE_SHIFT;
}

/*
 * One part of the snapshot: 0 once it is complete, -EAGAIN when there is
 * more, or the error that ends the dump.
 */
static int km_shm_build(struct km_shm_snap *s)
{
	int err;

	s->work = KM_SHM_WORK;
	if (s->phase == KM_SHM_WALK) {
		err = km_shm_walk(s);
		if (err)
			return err;
		km_view_release(&s->v);
		s->view = false;
		s->nmapped = s->n;
		s->phase = KM_SHM_SYSV;
		return -EAGAIN;		/* the SysV scan in a part of its own */
	}
	err = km_shm_scan_sysv(s);
	if (err)
		return err;
	km_shm_totals(s);
	s->phase = KM_SHM_SEND;
	return 0;
}

static int km_shm_parse(struct netlink_callback *cb, struct km_shm_snap *s)
{
	struct nlattr *a[KMEMSTAT_SF_MAX + 1];
	int err;

	err = km_dump_filter(cb, KMEMSTAT_A_SHMEM_FILTER, a, KMEMSTAT_SF_MAX,
			     km_shmem_filter_policy);
	if (err)
		return err;
	if (a[KMEMSTAT_SF_FLAGS])
		s->flags = nla_get_u32(a[KMEMSTAT_SF_FLAGS]);
	if (a[KMEMSTAT_SF_PID])
		s->pid = nla_get_u32(a[KMEMSTAT_SF_PID]);
	if (a[KMEMSTAT_SF_MIN_RESIDENT])
		s->min_resident = nla_get_u64(a[KMEMSTAT_SF_MIN_RESIDENT]);
	return s->flags & ~__KMEMSTAT_SHMEM_F_ALL ? -EOPNOTSUPP : 0;
}

static int km_put_u64p(struct sk_buff *skb, int type, u64 v)
{
	return nla_put_u64_64bit(skb, type, v, KMEMSTAT_SHM_PAD);
}

static int km_mapper_put(struct sk_buff *skb, const struct km_shm_mapper *m)
{
	struct nlattr *nest = nla_nest_start(skb, KMEMSTAT_SHM_MAPPER);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KMEMSTAT_MAP_PID, m->pid) ||
	    nla_put_string(skb, KMEMSTAT_MAP_COMM, m->comm) ||
	    nla_put_u64_64bit(skb, KMEMSTAT_MAP_START, m->start, KMEMSTAT_MAP_PAD) ||
	    nla_put_u64_64bit(skb, KMEMSTAT_MAP_END, m->end, KMEMSTAT_MAP_PAD) ||
	    nla_put_u64_64bit(skb, KMEMSTAT_MAP_OFFSET, m->offset, KMEMSTAT_MAP_PAD) ||
	    nla_put_u32(skb, KMEMSTAT_MAP_PROT, m->prot) ||
	    (m->mapped != ~0ULL &&
	     nla_put_u64_64bit(skb, KMEMSTAT_MAP_MAPPED, m->mapped, KMEMSTAT_MAP_PAD))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * One object. Its mappers go in while they fit; when the object is alone in
 * its message (@alone) the rest are counted as omitted, else the whole
 * object waits for the next message. Alone, it always fits: a mapper that
 * leaves no room for the count of those after it is taken out again.
 */
static int km_obj_put(struct sk_buff *skb, const struct km_shm_obj *o, bool alone)
{
	struct nlattr *nest = nla_nest_start(skb, KMEMSTAT_A_SHMEM_OBJECT);
	int omit_room = nla_total_size(sizeof(u32));
	unsigned char *mark;
	u32 i;

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KMEMSTAT_SHM_DEV, o->dev) ||
	    km_put_u64p(skb, KMEMSTAT_SHM_INO, o->ino) ||
	    nla_put_u8(skb, KMEMSTAT_SHM_KIND, o->kind) ||
	    nla_put_string(skb, KMEMSTAT_SHM_NAME, o->name) ||
	    (o->kind == KMEMSTAT_SHMEM_SYSV &&
	     nla_put_u32(skb, KMEMSTAT_SHM_SYSV_KEY, o->key)) ||
	    km_put_u64p(skb, KMEMSTAT_SHM_SIZE, o->size) ||
	    km_put_u64p(skb, KMEMSTAT_SHM_RESIDENT, o->resident) ||
	    km_put_u64p(skb, KMEMSTAT_SHM_SWAPPED, o->swapped) ||
	    nla_put_u32(skb, KMEMSTAT_SHM_PROCESSES, o->processes) ||
	    nla_put_u32(skb, KMEMSTAT_SHM_VMAS, o->vmas))
		goto full;
	for (i = 0; i < o->nmappers; i++) {
		mark = skb_tail_pointer(skb);
		if (km_mapper_put(skb, &o->mappers[i])) {
			if (!alone)
				goto full;
			break;
		}
		if (alone && (i + 1 < o->nmappers || o->dropped) &&
		    skb_tailroom(skb) < omit_room) {
			nlmsg_trim(skb, mark);
			break;
		}
	}
	if ((i < o->nmappers || o->dropped) &&
	    nla_put_u32(skb, KMEMSTAT_SHM_MAPPERS_OMITTED, o->nmappers - i + o->dropped))
		goto full;
	nla_nest_end(skb, nest);
	return 0;
full:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int km_totals_put(struct sk_buff *skb, const struct km_shm_snap *s)
{
	struct nlattr *nest = nla_nest_start(skb, KMEMSTAT_A_SHMEM_TOTALS);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KMEMSTAT_SHT_OBJECTS, s->nmapped) ||
	    nla_put_u64_64bit(skb, KMEMSTAT_SHT_MAPPED_RESIDENT, s->mapped_resident, KMEMSTAT_SHT_PAD) ||
	    nla_put_u64_64bit(skb, KMEMSTAT_SHT_MAPPED_SWAPPED, s->mapped_swapped, KMEMSTAT_SHT_PAD) ||
	    nla_put_u32(skb, KMEMSTAT_SHT_SYSV_UNMAPPED, s->sysv_unmapped) ||
	    nla_put_u64_64bit(skb, KMEMSTAT_SHT_SYSV_UNMAPPED_RESIDENT, s->sysv_resident, KMEMSTAT_SHT_PAD) ||
	    nla_put_u64_64bit(skb, KMEMSTAT_SHT_SYSV_UNMAPPED_SWAPPED, s->sysv_swapped, KMEMSTAT_SHT_PAD) ||
	    nla_put_u64_64bit(skb, KMEMSTAT_SHT_SHMEM, s->shmem, KMEMSTAT_SHT_PAD) ||
	    nla_put_u8(skb, KMEMSTAT_SHT_SYSV_LISTED, s->sysv_listed) ||
	    (s->truncated &&
	     (nla_put_u32(skb, KMEMSTAT_SHT_TRUNCATED, s->truncated) ||
	      nla_put_u32(skb, KMEMSTAT_SHT_VMAS_OMITTED, s->vmas_omitted))) ||
	    (s->busy && nla_put_u32(skb, KMEMSTAT_SHT_PROCESSES_BUSY, s->busy))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static bool km_obj_wanted(const struct km_shm_snap *s, const struct km_shm_obj *o)
{
	return (!s->pid || o->hit) && o->resident >= s->min_resident;
}

/* A message that only says how far the snapshot has got. */
static int km_shm_progress(struct sk_buff *skb, struct netlink_callback *cb,
			   const struct km_shm_snap *s)
{
	void *hdr = genlmsg_put(skb, km_cb_portid(cb), cb->nlh->nlmsg_seq, &km_family,
				NLM_F_MULTI, KMEMSTAT_CMD_GET_SHMEM);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KMEMSTAT_A_SHMEM_PROGRESS, s->progress)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return skb->len;
}

/*
 * The first callback, inside the request's sendmsg() and genetlink's
 * cb_lock: the filter, the caller's view (its rights, taken here where it
 * runs) and the memory bounds; no walk. It answers a progress message, and
 * the snapshot is taken by the callbacks the reader's recvmsg() runs.
 */
static int km_shm_start(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct cred *opener = km_req_opener(cb->skb);
	struct km_shm_snap *s;
	int err;

	if (!km_shm_tmpfs)
		return -EOPNOTSUPP;
	s = kzalloc(sizeof(*s), KM_GFP_REQUEST | __GFP_NOWARN);
	if (!s)
		return -ENOMEM;
	s->walk_obj = -1;
	err = km_shm_parse(cb, s);
	if (err) {
		km_shm_free(s);
		return err;
	}
	km_view_init(&s->v, cb->skb);
	s->view = true;
	s->shared = !s->v.privileged;
	/* The socket's opener pays, or where the kernel does not say, the caller. */
	s->user = km_shm_user_get(opener ? opener->uid : current_cred()->uid, s->v.privileged);
	if (!s->user) {
		km_shm_free(s);
		return -ENOMEM;
	}
	s->max_bytes = (u64)READ_ONCE(shmem_snapshot_kb) << 10;
	s->user_max = (u64)READ_ONCE(shmem_user_kb) << 10;
	s->starter = get_pid(task_tgid(current));
	s->ipc_ns = current->nsproxy->ipc_ns;
	cb->args[0] = (long)s;
	return km_shm_progress(skb, cb, s);
}

int km_dump_shmem(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct km_shm_snap *s = (struct km_shm_snap *)cb->args[0];
	int err = 0, put = 0;
	void *hdr;

	if (!s)
		return km_shm_start(skb, cb);
	if (s->phase != KM_SHM_SEND) {
		err = km_shm_build(s);
		if (err == -EAGAIN)
			return km_shm_progress(skb, cb, s);
		if (err)
			return err;
	}
	if (s->totals_sent)
		return 0;
	hdr = genlmsg_put(skb, km_cb_portid(cb), cb->nlh->nlmsg_seq, &km_family,
			  NLM_F_MULTI, KMEMSTAT_CMD_GET_SHMEM);
	if (!hdr)
		return -EMSGSIZE;
	for (; s->sent < s->n; s->sent++) {
		const struct km_shm_obj *o = &s->obj[s->sent];

		if (!km_obj_wanted(s, o))
			continue;
		err = km_obj_put(skb, o, !put);
		if (err)
			break;
		put++;
	}
	if (!err && !km_totals_put(skb, s)) {
		s->totals_sent = true;
		put++;
	}
	if (!put) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return skb->len;
}

int km_dump_shmem_done(struct netlink_callback *cb)
{
	struct km_shm_snap *s = (struct km_shm_snap *)cb->args[0];

	if (s)
		km_shm_free(s);
	cb->args[0] = 0;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * GET_SHMEM: every shmem-backed object (a tmpfs inode: shared anonymous
 * memory, SysV segments, POSIX shm, memfds, tmpfs files) mapped by a task
 * the caller can see, with its size, resident and swapped bytes and its
 * mappers; SysV segments nobody attaches; totals against NR_SHMEM.
 *
 * Like /proc/PID/maps, a process's mappings are shown only to callers that
 * may read them (km_may_read() in tasks.c); SysV segments nobody attaches
 * are shown to all, as /proc/sysvipc/shm shows them.
 *
 * The first dumpit call takes a snapshot: for each visible process, pinned
 * and outside RCU, it takes the mm and its read lock and walks the VMAs
 * with find_vma() (which works on every version), offering the CPU between
 * processes. Objects are keyed by inode, and their figures read once the
 * walk is done, with a reference on each inode that is dropped before the
 * call returns: the snapshot holds plain data only, so later calls just
 * send it on and .done just frees it.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/mount.h>
#include <linux/dcache.h>
#include <linux/hash.h>
#include <linux/magic.h>
#include <linux/nsproxy.h>
#include <linux/shmem_fs.h>
#include <linux/cred.h>
#include <linux/capability.h>
#include <linux/idr.h>
#include <linux/ipc.h>
#include <linux/ipc_namespace.h>
#include <linux/shm.h>
#include "kmemstat.h"

#define KM_SHM_NAME		96
/*
 * Mappers kept per object: as many as one dump message can carry (a
 * message is at most 32 KiB, a mapper at least 64 bytes of attributes).
 * The rest are counted, so that no user can make the module ask for a
 * huge allocation by mapping one file many times.
 */
#define KM_SHM_MAPPERS_MAX	512

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
	struct inode *inode;	/* referenced while the snapshot is taken */
	int next;		/* hash chain, by index */
	u32 dev, key, processes, vmas, last_tgid, nmappers, cap;
	u32 dropped;		/* mappers beyond KM_SHM_MAPPERS_MAX */
	u8 kind;
	bool hit;		/* mapped by the filter's pid */
	u64 ino, size, resident, swapped;
	char name[KM_SHM_NAME];
	struct km_shm_mapper *mappers;
};

struct km_shm_snap {
	u32 flags, pid;
	u64 min_resident;
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

/* The object of @inode in the snapshot, or -1. */
static int km_shm_find(const struct km_shm_snap *s, struct inode *inode)
{
	int i;

	if (!s->n)
		return -1;
	for (i = s->buckets[hash_ptr(inode, s->bits)]; i >= 0; i = s->obj[i].next)
		if (s->obj[i].inode == inode)
			return i;
	return -1;
}

/* Room for twice the objects, and as many hash buckets, rehashed. */
static int km_shm_grow(struct km_shm_snap *s)
{
	int cap = s->cap ? s->cap * 2 : 64, i, h;
	struct km_shm_obj *n = km_kvzalloc(cap * sizeof(*n));
	int *b = km_kvzalloc(cap * sizeof(*b));

	if (!n || !b) {
		km_kvfree(n);
		km_kvfree(b);
		return -ENOMEM;
	}
	if (s->n)
		memcpy(n, s->obj, s->n * sizeof(*n));
	km_kvfree(s->obj);
	km_kvfree(s->buckets);
	s->obj = n;
	s->buckets = b;
	s->cap = cap;
	s->bits = ilog2(cap);
	memset(b, 0xff, cap * sizeof(*b));	/* all -1 */
	for (i = 0; i < s->n; i++) {
		h = hash_ptr(n[i].inode, s->bits);
		n[i].next = b[h];
		b[h] = i;
	}
	return 0;
}

/* The object of @inode: found, or added with a reference. NULL: no memory. */
static struct km_shm_obj *km_shm_get(struct km_shm_snap *s, struct inode *inode,
				     bool *added)
{
	struct km_shm_obj *o;
	int i = km_shm_find(s, inode), b;

	*added = false;
	if (i >= 0)
		return &s->obj[i];
	if (s->n == s->cap && km_shm_grow(s))
		return NULL;
	if (!igrab(inode))
		return NULL;
	b = hash_ptr(inode, s->bits);
	o = &s->obj[s->n];
	memset(o, 0, sizeof(*o));
	o->inode = inode;
	o->next = s->buckets[b];
	o->dev = new_encode_dev(inode->i_sb->s_dev);
	o->ino = inode->i_ino;
	s->buckets[b] = s->n++;
	*added = true;
	return o;
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
 * walk down to each present PTE (a huge PMD or PUD counts whole). The
 * caller holds the mmap read lock. Nothing is ever changed.
 */
static u64 km_pmd_mapped(struct mm_struct *mm, pud_t *pud, unsigned long addr,
			 unsigned long end)
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
		cond_resched();		/* after each PTE table: 2 MiB of work at most */
	} while (pmd++, addr = next, addr != end);
	return n;
}

static u64 km_pud_mapped(struct mm_struct *mm, p4d_t *p4d, unsigned long addr,
			 unsigned long end)
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
		n += km_pmd_mapped(mm, pud, addr, next);
	} while (pud++, addr = next, addr != end);
	return n;
}

static u64 km_vma_mapped(struct mm_struct *mm, unsigned long addr, unsigned long end)
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
			n += km_pud_mapped(mm, p4d, addr, next4);
		} while (p4d++, addr = next4, addr != next);
	} while (pgd++, addr = next, addr != end);
	return n;
}

static int km_shm_add_mapper(struct km_shm_obj *o, struct vm_area_struct *vma,
			     const char *comm, u32 pid, bool walk)
{
	struct km_shm_mapper *m;

	if (o->nmappers == KM_SHM_MAPPERS_MAX) {
		o->dropped++;
		return 0;
	}
	if (o->nmappers == o->cap) {
		u32 cap = o->cap ? o->cap * 2 : 4;

		m = krealloc(o->mappers, cap * sizeof(*m), KM_GFP_REQUEST);
		if (!m)
			return -ENOMEM;
		o->mappers = m;
		o->cap = cap;
	}
	m = &o->mappers[o->nmappers++];
	m->pid = pid;
	m->start = vma->vm_start;
	m->end = vma->vm_end;
	m->offset = (u64)vma->vm_pgoff << PAGE_SHIFT;
	m->mapped = walk ? km_vma_mapped(vma->vm_mm, vma->vm_start, vma->vm_end) : ~0ULL;
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

/* The shmem mappings of one process, under its mmap read lock. */
static int km_shm_scan_mm(struct km_shm_snap *s, struct mm_struct *mm,
			  const char *comm, u32 tgid)
{
	struct vm_area_struct *vma;
	unsigned long next = 0;
	int err = 0;

	if (km_mmap_read_lock_killable(mm))
		return -EINTR;
	while (!err && (vma = find_vma(mm, next))) {
		struct file *file = vma->vm_file;
		struct km_shm_obj *o;
		bool added;

		next = vma->vm_end;
		if (km_shm_file(file)) {
			o = km_shm_get(s, file_inode(file), &added);
			if (!o)
				err = -ENOMEM;
			else if (added)
				km_shm_classify(s, o, file);
		} else {
			o = NULL;
		}
		if (o) {
			if (o->last_tgid != tgid || !o->processes) {
				o->processes++;
				o->last_tgid = tgid;
			}
			o->vmas++;
			if (s->pid && tgid == s->pid)
				o->hit = true;
			if (s->flags & KMEMSTAT_SHMEM_F_MAPPERS)
				err = km_shm_add_mapper(o, vma, comm, tgid,
							s->flags & KMEMSTAT_SHMEM_F_MAPPED);
		}
		/*
		 * Step aside for a writer (a fault, munmap, exit) or the CPU's
		 * next task; the walk goes on from the last mapping's end.
		 */
		if (!err && (km_mmap_contended(mm) || need_resched())) {
			km_mmap_read_unlock(mm);
			cond_resched();
			if (km_mmap_read_lock_killable(mm))
				return -EINTR;
		}
	}
	km_mmap_read_unlock(mm);
	return err;
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

/* Add @inode if it is a SysV segment; -ENOMEM when out of memory. */
static int km_shm_add_sysv(struct km_shm_snap *s, struct inode *inode)
{
	struct km_shm_obj *o;
	struct dentry *d;
	bool added;
	int err = 0;

	d = d_find_any_alias(inode);	/* pseudo dentries are unhashed */
	if (!d)
		return 0;
	if (!strncmp(d->d_name.name, "SYSV", 4)) {
		o = km_shm_get(s, inode, &added);
		if (o) {
			o->kind = KMEMSTAT_SHMEM_SYSV;
			km_strscpy(o->name, d->d_name.name, sizeof(o->name));
			if (km_kstrtou32(o->name + 4, 16, &o->key))
				o->key = 0;
		} else {
			err = -ENOMEM;
		}
	}
	dput(d);
	return err;
}

/*
 * SysV segments nobody attaches, found among the internal tmpfs' inodes.
 * Their ids are per IPC namespace, and the module cannot tell which one an
 * inode belongs to, so only callers in the initial one get them (as they
 * get every segment in /proc/sysvipc/shm). The list lock is dropped for
 * each candidate and whenever the CPU is wanted, holding a reference to
 * the current inode to keep the place, as drop_pagecache_sb() does.
 */
static int km_shm_scan_sysv(struct km_shm_snap *s)
{
	struct super_block *sb = file_inode(km_shm_probe)->i_sb;
	struct inode *inode, *prev = NULL;
	int err = 0;

	if (current->nsproxy->ipc_ns != init_task.nsproxy->ipc_ns)
		return 0;
	s->sysv_listed = true;
	spin_lock(&sb->s_inode_list_lock);
	list_for_each_entry(inode, &sb->s_inodes, i_sb_list) {
		spin_lock(&inode->i_lock);
		if ((km_inode_state(inode) & (I_NEW | I_FREEING | I_WILL_FREE)) ||
		    !atomic_read(&inode->i_count) ||
		    (!km_shm_unattached(inode) && !need_resched())) {
			spin_unlock(&inode->i_lock);
			continue;
		}
		atomic_inc(&inode->i_count);	/* as __iget() */
		spin_unlock(&inode->i_lock);
		spin_unlock(&sb->s_inode_list_lock);

		if (km_shm_unattached(inode) && km_shm_find(s, inode) < 0)
			err = km_shm_add_sysv(s, inode);
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
	o = km_shm_get(w->s, inode, &added);
	if (!o) {
		w->err = -ENOMEM;
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
 * file (removal takes it for writing); sleeping is allowed under it.
 */
static int km_shm_scan_sysv(struct km_shm_snap *s)
{
	struct ipc_ids *ids = &current->nsproxy->ipc_ns->ids[KM_IPC_SHM_IDS];
	struct km_shm_ipc_walk w;

	w.s = s;
	w.sb = file_inode(km_shm_probe)->i_sb;
	w.err = 0;
	s->sysv_listed = true;
	down_read(km_ipc_ids_lock(ids));
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

	for (i = 0; i < s->n; i++) {
		if (s->obj[i].inode)
			iput(s->obj[i].inode);
		kfree(s->obj[i].mappers);
	}
	km_kvfree(s->obj);
	km_kvfree(s->buckets);
	km_kvfree(s);
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
static struct mm_struct *km_shm_process_mm(struct km_task_view *v, struct pid *pid,
					   char *comm, u32 *tgid)
{
	struct task_struct *p, *t;
	struct mm_struct *mm = NULL, *denied = NULL;

	for (;;) {
		rcu_read_lock();
		p = pid_task(pid, PIDTYPE_PID);
		/* Never wait on the exec of a process the caller cannot read. */
		if (p && !km_may_read(v, p, NULL))
			p = NULL;
		if (!p || km_exec_trylock(p))
			break;
		rcu_read_unlock();
		/* An exec is replacing the image: wait, killably, as mm_access(). */
		schedule_timeout_killable(1);
		if (fatal_signal_pending(current))
			return ERR_PTR(-EINTR);
	}
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

/* Walk every visible process, then measure each object and drop its inode. */
static int km_shm_snapshot(struct km_shm_snap *s, const struct sk_buff *req)
{
	char comm[TASK_COMM_LEN];
	struct km_task_view v;
	struct mm_struct *mm;
	struct pid *pid;
	int err = 0, i;
	u32 tgid = 0;

	memset(&v, 0, sizeof(v));
	km_view_init(&v, req);
	while (!err && (pid = km_next_process(&v))) {
		mm = km_shm_process_mm(&v, pid, comm, &tgid);
		put_pid(pid);
		if (IS_ERR(mm)) {
			err = PTR_ERR(mm);
		} else if (mm) {
			err = km_shm_scan_mm(s, mm, comm, tgid);
			mmput(mm);
		}
		cond_resched();
	}
	km_view_release(&v);
	if (err)
		return err;
	s->nmapped = s->n;
	err = km_shm_scan_sysv(s);
	if (err)
		return err;
	for (i = 0; i < s->n; i++) {
		struct km_shm_obj *o = &s->obj[i];

		km_shm_measure(o->inode, &o->size, &o->resident, &o->swapped);
		if (i < s->nmapped) {
			s->mapped_resident += o->resident;
			s->mapped_swapped += o->swapped;
		} else {
			s->sysv_unmapped++;
			s->sysv_resident += o->resident;
			s->sysv_swapped += o->swapped;
		}
		iput(o->inode);
		o->inode = NULL;
	}
	s->shmem = (u64)km_stat(NR_SHMEM) << PAGE_SHIFT;
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
	    nla_put_u8(skb, KMEMSTAT_SHT_SYSV_LISTED, s->sysv_listed)) {
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

int km_dump_shmem(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct km_shm_snap *s = (struct km_shm_snap *)cb->args[0];
	int err = 0, put = 0;
	void *hdr;

	if (!s) {
		if (!km_shm_tmpfs)
			return -EOPNOTSUPP;
		if (!km_dump_hold())
			return -ENODEV;
		s = km_kvzalloc(sizeof(*s));
		if (!s) {
			km_dump_release();
			return -ENOMEM;
		}
		err = km_shm_parse(cb, s);
		if (!err)
			err = km_shm_snapshot(s, cb->skb);
		if (err) {
			km_shm_free(s);
			km_dump_release();
			return err;
		}
		cb->args[0] = (long)s;
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

	if (s) {
		km_shm_free(s);
		km_dump_release();
	}
	cb->args[0] = 0;
	return 0;
}

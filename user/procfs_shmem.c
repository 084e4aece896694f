// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc source for shmem objects: the file mappings in PROC/PID/maps,
 * each checked and sized through PROC/PID/map_files (statfs says tmpfs,
 * stat gives the size and the allocated blocks, as `du -D` does), and SysV
 * segments from PROC/sysvipc/shm. A SysV mapping is known by its name
 * (/SYSV<key>) and its inode, which is its shmid: 0 for the first segment
 * of every IPC namespace, and the same shmid in two namespaces is two
 * segments (PROC/PID/ns/ipc tells them apart; sysvipc/shm lists the
 * caller's namespace's only).
 *
 * Resident and swapped. stat's blocks are the object's pages in memory and
 * in swap together (shmem counts both in i_blocks). /proc splits them in two
 * places only: sysvipc/shm's rss and swap columns, for the caller's IPC
 * namespace's segments; and PROC/PID/smaps, whose Swap for a shmem mapping
 * is the object's swapped pages in the mapping's range (4.5+,
 * shmem_swap_usage()): for a shared mapping from offset 0 at least as long
 * as the object, the object's swapped pages, exactly. smaps' Rss is not the
 * object's resident: it counts the pages in that mapping's page tables
 * only, and pages that no live mapping faulted in (written with write(2),
 * or by a process that has exited) are in no Rss, so neither the sum nor
 * the largest of the Rss is; it is each mapping's "mapped" (--mapped). So:
 * swapped is 0 when no swap is in use (SwapTotal = SwapFree in meminfo,
 * before and after the reading), else the Swap of such a mapping, else
 * unknown; resident is blocks - swapped when swapped is known, else
 * unknown. What the source could not know it says in ->note.
 *
 * Unprivileged. Following a map_files link needs CAP_SYS_ADMIN (or
 * CAP_CHECKPOINT_RESTORE, 5.9+) even for one's own processes, and maps and
 * smaps of other users' processes cannot be opened. For its own processes
 * the source then stats the object through an open fd (PROC/PID/fd, which
 * the owner may follow) or its path under PROC/PID/root, checked by device
 * and inode; failing both, a mapping is still shmem by its name on the
 * kernel's internal tmpfs (/dev/zero (deleted), /SYSV..., /memfd:...; its
 * device is learnt from a shared anonymous page of our own, which keeps
 * hugetlbfs memfds out) or by its device being a tmpfs mount in
 * PROC/PID/mountinfo, listed with size and resident unknown. Processes it
 * could not read (maps refused, or hidden: no PROC/1 under hidepid=2), and
 * attached SysV segments whose attacher it did not see, make the rest of
 * Shmem ("tmpfs nobody maps") unknown: they map shmem it cannot count.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <dirent.h>
#include <unistd.h>
#include "grow.h"
#include "procfs.h"

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif

/* As the kernel's new_encode_dev(), which the module sends. */
static uint32_t encode_dev(unsigned int major, unsigned int minor)
{
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

/* What the source keeps per object while it reads, beside l->v. */
struct acc {
	int32_t last_pid;	/* the process last counted in ->processes */
	uint64_t ipc_ns;	/* SysV: its IPC namespace's inode, 0 if unknown */
	int stat_ok;		/* size and allocated are stat's */
	uint64_t allocated;	/* stat's blocks: resident + swapped */
	int whole;		/* a shared mapping covers it all: whole_swap is its swapped */
	uint64_t whole_swap;
	int from_sysv;		/* its figures are sysvipc/shm's */
};

/* One reading of /proc. */
struct scan {
	const char *proc;
	const struct km_shm_filter *f;
	struct km_shm *l;
	struct acc *acc;	/* acc[i] is l->v[i]'s */
	size_t acc_cap;
	uint64_t ipc_ns;	/* the caller's IPC namespace, 0 if unknown */
	size_t objects;		/* the mapped ones, first in l->v */
	int swap_used;		/* swap in use, or it cannot be told */
	int smaps_swap;		/* smaps counts a shmem mapping's swap (4.5+) */
	int map_files;		/* the kernel has /proc/PID/map_files */
	int map_files_refused;	/* and it refused this caller (CAP_SYS_ADMIN's) */
	uint32_t shm_dev;	/* the kernel's internal tmpfs, 0 if unknown */
	unsigned int unreadable;	/* processes whose maps this caller may not read */
	int hidden;		/* /proc hides processes (hidepid) */
	int sysv_unseen;	/* SysV segments attached by processes not seen */
};

/*
 * What a process offers when map_files refuses: its open files (through
 * PROC/PID/fd, which its owner may follow) and its mounts, read once.
 */
struct proc_view {
	int pid;
	int fds_read, mounts_read;
	struct fd_ent { dev_t dev; ino_t ino; int fd; } *fds;
	size_t nfds, fds_cap;
	struct mnt_ent { uint32_t dev; int tmpfs; } *mnts;
	size_t nmnts, mnts_cap;
};

/* A shmem mapping of the process being read, waiting for its smaps. */
struct rec {
	unsigned long start, end;
	uint64_t off;
	size_t obj;		/* its object's index in l->v */
	size_t mapper;		/* its mapper's index, or SIZE_MAX */
	int shared;
};

/* A line of maps or smaps that heads a mapping. */
struct vma_line {
	unsigned long start, end;
	unsigned long long off, ino;
	unsigned int major, minor;
	char perms[8];
	const char *name;	/* in the line */
};

static int parse_vma_line(char *line, struct vma_line *v)
{
	int n;

	line[strcspn(line, "\n")] = '\0';
	if (sscanf(line, "%lx-%lx %7s %llx %x:%x %llu %n", &v->start, &v->end, v->perms, &v->off,
		   &v->major, &v->minor, &v->ino, &n) < 7)
		return 0;
	v->name = line + n;
	return 1;
}

/* A new object, zeroed, and its acc; NULL when out of memory. */
static struct km_shm_obj *obj_add(struct scan *s)
{
	struct acc *a = km_grow(s->acc, &s->acc_cap, s->l->n, sizeof(*a), 32);

	if (!a)
		return NULL;
	s->acc = a;
	return km_shm_add(s->l);
}

/*
 * The inode of the namespace link PROC/PID/ns/NAME ("ipc:[4026531839]"),
 * 0 if it cannot be read (before 3.8, or another user's process).
 */
static uint64_t ns_inode(const char *proc, const char *pid, const char *name)
{
	char path[256], link[64];
	unsigned long long ino;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s/ns/%s", proc, pid, name);
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return 0;
	link[n] = '\0';
	return sscanf(link, "%*[^[][%llu]", &ino) == 1 ? ino : 0;
}

/* Is @ns the caller's IPC namespace, as far as can be told? */
static int our_ipc_ns(const struct scan *s, uint64_t ns)
{
	return !ns || !s->ipc_ns || ns == s->ipc_ns;
}

/*
 * The object of (@dev, @ino); a SysV segment's inode is its shmid, unique in
 * its IPC namespace only (every namespace's first is 0), so @ipc_ns too.
 */
static struct km_shm_obj *find(struct scan *s, uint32_t dev, uint64_t ino, int sysv,
			       uint64_t ipc_ns)
{
	struct km_shm *l = s->l;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].dev == dev && l->v[i].ino == ino &&
		    (!sysv || s->acc[i].ipc_ns == ipc_ns))
			return &l->v[i];
	return NULL;
}

/* Kind and name from the path maps shows. */
static void classify(struct km_shm_obj *o, const char *path)
{
	char p[sizeof(o->name)];
	size_t n;

	snprintf(p, sizeof(p), "%s", path);
	n = strlen(p);
	if (n > 10 && !strcmp(p + n - 10, " (deleted)"))
		p[n - 10] = '\0';
	if (!strcmp(p, "/dev/zero")) {
		o->kind = KMEMSTAT_SHMEM_ANON;
		snprintf(o->name, sizeof(o->name), "dev/zero");
	} else if (!strncmp(p, "/SYSV", 5)) {
		o->kind = KMEMSTAT_SHMEM_SYSV;
		o->key = (uint32_t)strtoul(p + 5, NULL, 16);
		snprintf(o->name, sizeof(o->name), "%s", p + 1);
	} else if (!strncmp(p, "/memfd:", 7)) {
		o->kind = KMEMSTAT_SHMEM_MEMFD;
		snprintf(o->name, sizeof(o->name), "%s", p + 7);
	} else {
		o->kind = strncmp(p, "/dev/shm/", 9) ? KMEMSTAT_SHMEM_TMPFS : KMEMSTAT_SHMEM_POSIX;
		snprintf(o->name, sizeof(o->name), "%s", path);
	}
}

/*
 * Is @path a shmem object's file, a regular file on a tmpfs (not a device
 * node on devtmpfs)? 1 or 0, with its stat in @st; -1 and errno if it
 * could not be stat'ed.
 */
static int shmem_file(const char *path, struct stat *st)
{
	struct statfs sfs;

	if (statfs(path, &sfs) || stat(path, st))
		return -1;
	return (unsigned long)sfs.f_type == TMPFS_MAGIC && S_ISREG(st->st_mode);
}

static int same_file(const struct stat *st, const struct vma_line *v)
{
	return S_ISREG(st->st_mode) && st->st_dev == makedev(v->major, v->minor) &&
	       (unsigned long long)st->st_ino == v->ino;
}

/* PROC/PID/fd/N of an open file that is the mapping @v's, in @path. */
static int find_fd(struct scan *s, struct proc_view *pv, const struct vma_line *v,
		   char *path, size_t len)
{
	struct dirent *e;
	struct stat st;
	size_t i;
	DIR *d;

	if (!pv->fds_read) {
		pv->fds_read = 1;
		snprintf(path, len, "%s/%d/fd", s->proc, pv->pid);
		d = opendir(path);
		while (d && (e = readdir(d))) {
			struct fd_ent *fe;

			snprintf(path, len, "%s/%d/fd/%s", s->proc, pv->pid, e->d_name);
			if (e->d_name[0] == '.' || stat(path, &st) || !S_ISREG(st.st_mode))
				continue;
			fe = km_grow(pv->fds, &pv->fds_cap, pv->nfds, sizeof(*fe), 8);
			if (!fe)
				break;
			pv->fds = fe;
			fe[pv->nfds].dev = st.st_dev;
			fe[pv->nfds].ino = st.st_ino;
			fe[pv->nfds++].fd = atoi(e->d_name);
		}
		if (d)
			closedir(d);
	}
	for (i = 0; i < pv->nfds; i++) {
		if (pv->fds[i].dev != makedev(v->major, v->minor) ||
		    (unsigned long long)pv->fds[i].ino != v->ino)
			continue;
		snprintf(path, len, "%s/%d/fd/%d", s->proc, pv->pid, pv->fds[i].fd);
		return 1;
	}
	return 0;
}

/* Is @dev a tmpfs mount in PROC/PID/mountinfo? */
static int tmpfs_mount(struct scan *s, struct proc_view *pv, uint32_t dev)
{
	char path[256], line[4352], type[32];
	unsigned int major, minor;
	size_t i;
	FILE *f;

	if (!pv->mounts_read) {
		pv->mounts_read = 1;
		snprintf(path, sizeof(path), "%s/%d/mountinfo", s->proc, pv->pid);
		f = fopen(path, "re");
		while (f && fgets(line, sizeof(line), f)) {
			const char *sep = strstr(line, " - ");
			struct mnt_ent *me;

			if (!sep || sscanf(line, "%*d %*d %u:%u", &major, &minor) != 2 ||
			    sscanf(sep + 3, "%31s", type) != 1)
				continue;
			me = km_grow(pv->mnts, &pv->mnts_cap, pv->nmnts, sizeof(*me), 16);
			if (!me)
				break;
			pv->mnts = me;
			me[pv->nmnts].dev = encode_dev(major, minor);
			me[pv->nmnts++].tmpfs = !strcmp(type, "tmpfs");
		}
		if (f)
			fclose(f);
	}
	for (i = 0; i < pv->nmnts; i++)
		if (pv->mnts[i].dev == dev)
			return pv->mnts[i].tmpfs;
	return 0;
}

/*
 * Is the mapping @v a shmem object? 1: yes, @st is its file's stat (through
 * map_files, else an open fd, else its path under PROC/PID/root, each
 * checked by device and inode); -1: yes by its name on the kernel's
 * internal tmpfs, or its device being a tmpfs mount, but nothing to stat
 * (map_files refused or missing); 0: no, or gone.
 */
static int resolve(struct scan *s, struct proc_view *pv, const struct vma_line *v,
		   struct stat *st)
{
	char path[4400];
	const char *n = v->name;
	size_t len = strlen(n);
	int deleted = len > 10 && !strcmp(n + len - 10, " (deleted)"), res;
	uint32_t dev = encode_dev(v->major, v->minor);

	if (s->map_files) {
		snprintf(path, sizeof(path), "%s/%d/map_files/%lx-%lx", s->proc, pv->pid,
			 v->start, v->end);
		res = shmem_file(path, st);
		if (res >= 0)
			return res;
		if (errno != EPERM && errno != EACCES)
			return 0;	/* unmapped since maps was read */
		s->map_files_refused = 1;
	}
	if (find_fd(s, pv, v, path, sizeof(path)))
		return shmem_file(path, st) > 0 && same_file(st, v);
	snprintf(path, sizeof(path), "%s/%d/root%s", s->proc, pv->pid, n);
	if (n[0] == '/' && !stat(path, st) && same_file(st, v))
		return shmem_file(path, st) > 0;
	if (!strncmp(n, "/SYSV", 5) || !strcmp(n, "/dev/zero (deleted)") ||
	    (!strncmp(n, "/memfd:", 7) && deleted))
		return !s->shm_dev || dev == s->shm_dev ? -1 : 0;	/* not hugetlbfs */
	return tmpfs_mount(s, pv, dev) ? -1 : 0;
}

/* A new mapper of @o for the mapping @v of @pid; NULL when out of memory. */
static struct km_shm_mapper *add_mapper(struct km_shm_obj *o, const struct vma_line *v, int pid,
					const char comm[16])
{
	struct km_shm_mapper *mp = km_shm_add_mapper(o);

	if (!mp)
		return NULL;
	mp->pid = pid;
	memcpy(mp->comm, comm, sizeof(mp->comm));
	mp->start = v->start;
	mp->end = v->end;
	mp->offset = v->off;
	mp->prot = (v->perms[0] == 'r' ? KMEMSTAT_PROT_READ : 0) |
		   (v->perms[1] == 'w' ? KMEMSTAT_PROT_WRITE : 0) |
		   (v->perms[2] == 'x' ? KMEMSTAT_PROT_EXEC : 0) |
		   (v->perms[3] == 's' ? KMEMSTAT_PROT_SHARED : 0);
	return mp;
}

/*
 * Rss and Swap of the mappings @r (in address order, as maps lists them)
 * from PROC/PID/smaps: each mapping's mapped bytes (--mapped), and the
 * swapped bytes of the objects that a shared mapping covers whole.
 */
static void read_smaps(struct scan *s, int pid, const struct rec *r, size_t n)
{
	char path[256], line[4352];
	unsigned long long kb;
	const struct rec *cur = NULL;
	struct vma_line v;
	size_t next = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%d/smaps", s->proc, pid);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (parse_vma_line(line, &v)) {
			while (next < n && r[next].start < v.start)
				next++;
			cur = next < n && r[next].start == v.start && r[next].end == v.end ?
			      &r[next] : NULL;
			continue;
		}
		if (!cur)
			continue;
		if (sscanf(line, "Rss: %llu kB", &kb) == 1 && cur->mapper != SIZE_MAX && s->f->mapped) {
			struct km_shm_mapper *mp = &s->l->v[cur->obj].mappers[cur->mapper];

			mp->has_mapped = 1;
			mp->mapped = kb * 1024;
		} else if (sscanf(line, "Swap: %llu kB", &kb) == 1 && cur->shared && !cur->off &&
			   s->acc[cur->obj].stat_ok &&
			   cur->end - cur->start >= s->l->v[cur->obj].size) {
			s->acc[cur->obj].whole = 1;
			s->acc[cur->obj].whole_swap = kb * 1024;
		}
	}
	fclose(f);
}

/* The shmem mappings of one process. */
static void scan_pid(struct scan *s, int pid, char comm[16])
{
	const char *proc = s->proc;
	const struct km_shm_filter *f = s->f;
	struct km_shm *l = s->l;
	char path[256], line[4352], spid[16];
	struct proc_view pv = { pid, 0, 0, NULL, 0, 0, NULL, 0, 0 };
	struct rec *recs = NULL, *r;
	size_t nrec = 0, cap = 0;
	int sysv, res, smaps = f->mapped;
	uint64_t ipc_ns = 0;
	struct vma_line v;
	FILE *m;

	snprintf(path, sizeof(path), "%s/%d/maps", proc, pid);
	m = fopen(path, "re");
	if (!m) {
		if (errno == EACCES || errno == EPERM)
			s->unreadable++;	/* another user's process */
		return;
	}
	while (fgets(line, sizeof(line), m)) {
		struct km_shm_obj *o;
		struct km_shm_mapper *mp = NULL;
		struct acc *a;
		struct stat st;

		if (!parse_vma_line(line, &v))
			continue;
		/* A SysV segment's inode is its shmid: 0 is one (issue 10 #1). */
		sysv = !strncmp(v.name, "/SYSV", 5);
		if (!v.ino && !sysv)
			continue;
		res = resolve(s, &pv, &v, &st);
		if (!res)
			continue;
		if (sysv && !ipc_ns) {
			snprintf(spid, sizeof(spid), "%d", pid);
			ipc_ns = ns_inode(proc, spid, "ipc");
		}
		o = find(s, encode_dev(v.major, v.minor), v.ino, sysv, ipc_ns);
		if (!o) {
			o = obj_add(s);
			if (!o)
				break;
			s->acc[o - l->v].ipc_ns = sysv ? ipc_ns : 0;
			o->dev = encode_dev(v.major, v.minor);
			o->ino = v.ino;
			classify(o, v.name);
		}
		a = &s->acc[o - l->v];
		if (res > 0 && !a->stat_ok) {
			a->stat_ok = 1;
			a->allocated = (uint64_t)st.st_blocks * 512;	/* du -D */
			o->size = (uint64_t)st.st_size;
			o->known = KM_SHM_KNOW_SIZE;
		}
		/* A process's mappings come in one pass: count it once. */
		if (a->last_pid != pid) {
			a->last_pid = pid;
			o->processes++;
		}
		o->vmas++;
		/* The pid is always kept: the --pid filter needs it; pruned later. */
		if ((f->mappers || f->pid) && !(mp = add_mapper(o, &v, pid, comm)))
			break;
		r = km_grow(recs, &cap, nrec, sizeof(*r), 8);
		if (!r)
			break;
		recs = r;
		r = &recs[nrec++];
		r->start = v.start;
		r->end = v.end;
		r->off = v.off;
		r->obj = (size_t)(o - l->v);
		r->mapper = mp ? o->nmappers - 1 : SIZE_MAX;
		r->shared = v.perms[3] == 's';
		/* sysvipc/shm splits the caller's namespace's segments */
		smaps |= s->swap_used && !(sysv && our_ipc_ns(s, ipc_ns));
	}
	fclose(m);
	if (smaps && nrec)
		read_smaps(s, pid, recs, nrec);
	free(recs);
	free(pv.fds);
	free(pv.mnts);
}

static void read_comm(const char *proc, int pid, char comm[16])
{
	char path[128];
	FILE *f;

	comm[0] = '\0';
	snprintf(path, sizeof(path), "%s/%d/comm", proc, pid);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(comm, 16, f))
		comm[strcspn(comm, "\n")] = '\0';
	fclose(f);
}

/* SysV segments: exact rss and swap for the mapped ones, and the unattached. */
static void read_sysv(struct scan *s)
{
	struct km_shm *l = s->l;
	char path[128], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/sysvipc/shm", s->proc);
	f = fopen(path, "re");
	if (!f)
		return;
	l->sysv_listed = 1;
	while (fgets(line, sizeof(line), f)) {
		long key;
		unsigned long long id, size, nattch, rss, swap;
		struct km_shm_obj *o = NULL;
		size_t i;

		if (sscanf(line, "%ld %llu %*o %llu %*d %*d %llu %*u %*u %*u %*u %*u %*u %*u %llu %llu",
			   &key, &id, &size, &nattch, &rss, &swap) != 6)
			continue;
		/* sysvipc/shm lists the caller's IPC namespace's segments */
		for (i = 0; i < s->objects; i++)
			if (l->v[i].kind == KMEMSTAT_SHMEM_SYSV && l->v[i].ino == id &&
			    our_ipc_ns(s, s->acc[i].ipc_ns))
				o = &l->v[i];
		if (!o) {
			if (nattch) {
				s->sysv_unseen = 1;	/* attached by tasks not seen */
				continue;
			}
			o = obj_add(s);
			if (!o)
				break;
			o->kind = KMEMSTAT_SHMEM_SYSV;
			o->ino = id;
			o->key = (uint32_t)key;
			snprintf(o->name, sizeof(o->name), "SYSV%08x", (unsigned int)key);
			l->sysv_unmapped++;
		}
		s->acc[o - l->v].from_sysv = 1;
		o->size = size;
		o->resident = rss;
		o->swapped = swap;
		o->known = KM_SHM_KNOW_ALL;
	}
	fclose(f);
}

/* Shmem in PROC/meminfo, in bytes; *@swap_used: swap in use, or no telling. */
static uint64_t read_meminfo(const char *proc, int *swap_used)
{
	char path[128], line[256];
	unsigned long long kb, shmem = 0, total = 0, free = 0;
	int have = 0;
	FILE *f;

	*swap_used = 1;
	snprintf(path, sizeof(path), "%s/meminfo", proc);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Shmem: %llu kB", &kb) == 1)
			shmem = kb;
		else if (sscanf(line, "SwapTotal: %llu kB", &total) == 1)
			have |= 1;
		else if (sscanf(line, "SwapFree: %llu kB", &free) == 1)
			have |= 2;
	}
	fclose(f);
	*swap_used = have != 3 || total != free;
	return shmem * 1024;
}

/* Does the kernel's release say @major.@minor or later? */
static int release_at_least(const char *proc, unsigned int major, unsigned int minor)
{
	char path[256];
	unsigned int a = 0, b = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/sys/kernel/osrelease", proc);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (fscanf(f, "%u.%u", &a, &b) != 2)
		a = 0;
	fclose(f);
	return a > major || (a == major && b >= minor);
}

/*
 * Split each object's blocks into resident and swapped where /proc tells
 * (see the top of this file), and add up the totals. Returns the objects
 * whose split is unknown; *@unsized: those that could not be stat'ed.
 */
static unsigned int settle(struct scan *s, unsigned int *unsized)
{
	struct km_shm *l = s->l;
	unsigned int unsplit = 0;
	size_t i;

	*unsized = 0;
	l->have |= KM_SHM_HAVE_MAPPED_RESIDENT | KM_SHM_HAVE_MAPPED_SWAPPED;
	for (i = 0; i < l->n; i++) {
		struct km_shm_obj *o = &l->v[i];
		const struct acc *a = &s->acc[i];

		if (!a->from_sysv) {
			if (!s->swap_used) {
				o->swapped = 0;
				o->known |= KM_SHM_KNOW_SWAPPED;
			} else if (a->whole && s->smaps_swap) {
				o->swapped = a->whole_swap;
				o->known |= KM_SHM_KNOW_SWAPPED;
			}
			if ((o->known & KM_SHM_KNOW_SWAPPED) && a->stat_ok) {
				o->resident = a->allocated - (o->swapped < a->allocated ? o->swapped : a->allocated);
				o->known |= KM_SHM_KNOW_RESIDENT;
			} else if (!a->stat_ok) {
				(*unsized)++;
			} else {
				unsplit++;
			}
		}
		if (i >= s->objects) {
			l->sysv_resident += o->resident;
			l->sysv_swapped += o->swapped;
			continue;
		}
		if (o->known & KM_SHM_KNOW_RESIDENT)
			l->mapped_resident += o->resident;
		else
			l->have &= ~KM_SHM_HAVE_MAPPED_RESIDENT;
		if (o->known & KM_SHM_KNOW_SWAPPED)
			l->mapped_swapped += o->swapped;
		else
			l->have &= ~KM_SHM_HAVE_MAPPED_SWAPPED;
	}
	return unsplit;
}

/* Keep what the filter asks for, and the mappers only when asked. */
static void prune(struct km_shm *l, const struct km_shm_filter *f)
{
	size_t i, j, n = 0;

	for (i = 0; i < l->n; i++) {
		struct km_shm_obj *o = &l->v[i];
		int hit = !f->pid;

		for (j = 0; j < o->nmappers; j++)
			hit |= o->mappers[j].pid == f->pid;
		if (!hit || ((o->known & KM_SHM_KNOW_RESIDENT) && o->resident < f->min_resident)) {
			free(o->mappers);
			continue;
		}
		if (!f->mappers)
			o->nmappers = 0;
		l->v[n++] = *o;
	}
	l->n = n;
}

/* map_files appeared in 3.3, behind CHECKPOINT_RESTORE until 4.3. */
static int have_map_files(const char *proc)
{
	char path[256];
	struct stat st;

	snprintf(path, sizeof(path), "%s/self/map_files", proc);
	return !stat(path, &st);
}

/*
 * The device of the kernel's internal tmpfs (shared anonymous memory, SysV,
 * memfds): that of a shared anonymous page of our own in PROC/self/maps,
 * unmapped before the reading; 0 if not found (a /proc tree of a test).
 */
static uint32_t internal_dev(const char *proc)
{
	char path[256], line[4352];
	struct vma_line v;
	uint32_t dev = 0;
	void *p;
	FILE *f;

	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	snprintf(path, sizeof(path), "%s/self/maps", proc);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (parse_vma_line(line, &v) && v.start == (unsigned long)p)
			dev = encode_dev(v.major, v.minor);
	if (f)
		fclose(f);
	munmap(p, 4096);
	return dev;
}

/* Append a sentence to ->note. */
static void note(struct km_shm *l, const char *text)
{
	size_t n = strlen(l->note);

	snprintf(l->note + n, sizeof(l->note) - n, "%s%s", n ? "; " : "", text);
}

/* Whether the rest of Shmem is known, and the note: what /proc could not tell. */
static void explain(struct scan *s, unsigned int unsplit, unsigned int unsized)
{
	struct km_shm *l = s->l;
	char text[256];

	l->have |= KM_SHM_HAVE_TOTALS;
	if (!s->unreadable && !s->hidden && !s->sysv_unseen)
		l->have |= KM_SHM_HAVE_REST;
	snprintf(l->rest_why, sizeof(l->rest_why), "%s",
		 s->unreadable || s->hidden ? "processes this caller may not read map shmem too" :
		 s->sysv_unseen ? "SysV segments are attached by processes not seen" :
		 "the resident of mapped objects is not known");
	if (!s->map_files)
		note(l, "this kernel has no /proc/PID/map_files (3.3+, with CHECKPOINT_RESTORE before 4.3): objects are sized through open fds and paths only; load the module");
	else if (s->map_files_refused)
		note(l, "/proc/PID/map_files needs CAP_SYS_ADMIN (or CAP_CHECKPOINT_RESTORE, 5.9+): objects are sized through open fds and paths only");
	if (unsized) {
		snprintf(text, sizeof(text),
			 "size and resident%s unknown for %u object%s with no open fd or path to stat (--mapped shows each mapping's Rss)",
			 s->swap_used ? " (swap is in use: swapped too)" : "", unsized, unsized == 1 ? "" : "s");
		note(l, text);
	}
	if (s->unreadable) {
		snprintf(text, sizeof(text),
			 "%u process%s whose maps this caller may not read (another user's, or more privileged) left out, with the shmem only they map",
			 s->unreadable, s->unreadable == 1 ? "" : "es");
		note(l, text);
	}
	if (s->hidden)
		note(l, "/proc hides processes this caller may not read (hidepid): they are left out, with the shmem only they map");
	if (s->sysv_unseen)
		note(l, "SysV segments attached only by processes not seen are left out");
	if (unsplit) {
		snprintf(text, sizeof(text),
			 "swap is in use: resident and swapped unknown for %u object%s (/proc splits them for SysV, and through smaps' Swap of a shared mapping of a whole object%s)",
			 unsplit, unsplit == 1 ? "" : "s", s->smaps_swap ? "" : ", which this kernel does not count (4.5+)");
		note(l, text);
	}
}

int km_procfs_shmem(const char *proc, const struct km_shm_filter *f, struct km_shm *l)
{
	struct scan s;
	struct dirent *e;
	struct stat st;
	char comm[16], text[256];
	unsigned int unsplit, unsized;
	int swap_after;
	DIR *d;

	memset(l, 0, sizeof(*l));
	memset(&s, 0, sizeof(s));
	s.proc = proc;
	s.f = f;
	s.l = l;
	s.ipc_ns = ns_inode(proc, "self", "ipc");
	l->source = KM_SRC_PROCFS;
	s.smaps_swap = release_at_least(proc, 4, 5);
	s.map_files = have_map_files(proc);
	s.shm_dev = internal_dev(proc);
	/* hidepid=1 makes other users' maps unreadable; hidepid=2 hides them, pid 1 too */
	snprintf(text, sizeof(text), "%s/1", proc);
	s.hidden = stat(text, &st) != 0;
	read_meminfo(proc, &s.swap_used);
	d = opendir(proc);
	if (!d) {
		fprintf(stderr, "kmemstat: cannot read %s: %s\n", proc, strerror(errno));
		return -errno;
	}
	while ((e = readdir(d))) {
		int pid = atoi(e->d_name);

		if (pid <= 0)
			continue;
		read_comm(proc, pid, comm);
		scan_pid(&s, pid, comm);
	}
	closedir(d);
	s.objects = l->n;
	l->objects = (uint32_t)l->n;
	read_sysv(&s);
	/* Swap taken into use during the reading counts too. */
	l->shmem = read_meminfo(proc, &swap_after);
	s.swap_used |= swap_after;
	unsplit = settle(&s, &unsized);
	free(s.acc);
	explain(&s, unsplit, unsized);
	prune(l, f);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc source for shmem objects: the file mappings in PROC/PID/maps,
 * each checked and sized through PROC/PID/map_files (statfs says tmpfs,
 * stat gives the size and the allocated blocks, as `du -D` does), and SysV
 * segments from PROC/sysvipc/shm. A SysV mapping is known by its name
 * (/SYSV<key>) and its inode, which is its shmid: 0 for the first segment
 * of every IPC namespace, and the same shmid in two namespaces is two
 * segments (PROC/PID/ns/ipc tells them apart; sysvipc/shm lists the
 * caller's namespace's only). What it cannot know it says in ->note:
 * resident and swapped apart (but for SysV), and anything behind map_files
 * when the caller may not read them (root only).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
};

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

/* The shared tmpfs mappings of one process. -EPERM: map_files refused. */
static int scan_pid(struct scan *s, int pid, char comm[16])
{
	const char *proc = s->proc;
	const struct km_shm_filter *f = s->f;
	struct km_shm *l = s->l;
	char path[256], line[1024], *name;
	unsigned long start, end;
	unsigned long long off, ino;
	unsigned int major, minor;
	char perms[8], spid[16];
	uint64_t ipc_ns = 0;
	int n, sysv, err = 0;
	FILE *m;

	snprintf(path, sizeof(path), "%s/%d/maps", proc, pid);
	m = fopen(path, "re");
	if (!m)
		return 0;
	while (fgets(line, sizeof(line), m)) {
		struct km_shm_obj *o;
		struct statfs sfs;
		struct stat st;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%lx-%lx %7s %llx %x:%x %llu %n", &start, &end, perms, &off,
			   &major, &minor, &ino, &n) < 7)
			continue;
		name = line + n;
		/* A SysV segment's inode is its shmid: 0 is one (issue 10 #1). */
		sysv = !strncmp(name, "/SYSV", 5);
		if (!ino && !sysv)
			continue;
		snprintf(path, sizeof(path), "%s/%d/map_files/%lx-%lx", proc, pid, start, end);
		if (statfs(path, &sfs) || stat(path, &st)) {
			if (errno == EPERM || errno == EACCES)
				err = -EPERM;
			continue;
		}
		if ((unsigned long)sfs.f_type != TMPFS_MAGIC)
			continue;
		if (sysv && !ipc_ns) {
			snprintf(spid, sizeof(spid), "%d", pid);
			ipc_ns = ns_inode(proc, spid, "ipc");
		}
		o = find(s, encode_dev(major, minor), ino, sysv, ipc_ns);
		if (!o) {
			o = obj_add(s);
			if (!o)
				break;
			s->acc[o - l->v].ipc_ns = sysv ? ipc_ns : 0;
			o->dev = encode_dev(major, minor);
			o->ino = ino;
			classify(o, name);
			o->size = (uint64_t)st.st_size;
			o->resident = (uint64_t)st.st_blocks * 512;	/* du -D */
		}
		/* A process's mappings come in one pass: count it once. */
		if (s->acc[o - l->v].last_pid != pid) {
			s->acc[o - l->v].last_pid = pid;
			o->processes++;
		}
		o->vmas++;
		/* The pid is always kept: the --pid filter needs it; pruned later. */
		if (f->mappers || f->pid) {
			struct km_shm_mapper *mp = km_shm_add_mapper(o);

			if (!mp)
				break;
			mp->pid = pid;
			memcpy(mp->comm, comm, sizeof(mp->comm));
			mp->start = start;
			mp->end = end;
			mp->offset = off;
			mp->prot = (perms[0] == 'r' ? KMEMSTAT_PROT_READ : 0) |
				   (perms[1] == 'w' ? KMEMSTAT_PROT_WRITE : 0) |
				   (perms[2] == 'x' ? KMEMSTAT_PROT_EXEC : 0) |
				   (perms[3] == 's' ? KMEMSTAT_PROT_SHARED : 0);
		}
	}
	fclose(m);
	return err;
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
			if (nattch)
				continue;	/* attached by tasks we cannot see */
			o = obj_add(s);
			if (!o)
				break;
			o->kind = KMEMSTAT_SHMEM_SYSV;
			o->ino = id;
			o->key = (uint32_t)key;
			snprintf(o->name, sizeof(o->name), "SYSV%08x", (unsigned int)key);
			o->size = size;
			l->sysv_unmapped++;
		}
		o->resident = rss;
		o->swapped = swap;
	}
	fclose(f);
}

static uint64_t meminfo_shmem(const char *proc)
{
	char path[128], line[256];
	unsigned long long kb = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/meminfo", proc);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Shmem: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
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
		if (!hit || o->resident < f->min_resident) {
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

int km_procfs_shmem(const char *proc, const struct km_shm_filter *f, struct km_shm *l)
{
	struct scan s = { proc, f, l, NULL, 0, ns_inode(proc, "self", "ipc"), 0 };
	struct dirent *e;
	char comm[16];
	int perm = 0;
	size_t i;
	DIR *d;

	memset(l, 0, sizeof(*l));
	l->source = KM_SRC_PROCFS;
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
		if (scan_pid(&s, pid, comm) == -EPERM)
			perm = 1;
	}
	closedir(d);
	s.objects = l->n;
	l->objects = (uint32_t)l->n;
	read_sysv(&s);
	free(s.acc);
	for (i = 0; i < l->n; i++) {
		if (i < l->objects) {
			l->mapped_resident += l->v[i].resident;
			l->mapped_swapped += l->v[i].swapped;
		} else {
			l->sysv_resident += l->v[i].resident;
			l->sysv_swapped += l->v[i].swapped;
		}
	}
	l->shmem = meminfo_shmem(proc);
	l->have = KM_SHM_HAVE_TOTALS;
	snprintf(l->note, sizeof(l->note), "%s",
		 !have_map_files(proc) ?
		 "this kernel has no /proc/PID/map_files (3.3+, with CHECKPOINT_RESTORE before 4.3): mapped objects cannot be listed from /proc; load the module" :
		 perm ? "map_files is root's only: mappings of other processes were left out" :
		 f->mapped ? "resident includes swapped but for SysV; --mapped needs the module" :
		 "resident includes swapped but for SysV (/proc cannot tell them apart)");
	prune(l, f);
	return 0;
}

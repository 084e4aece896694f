// SPDX-License-Identifier: GPL-2.0
/*
 * Shmem objects from the module against the kernel's own answers: the
 * mission's scenario (a parent maps 200 MB shared anonymous memory, one
 * child writes 50 MB, another 100 MB, both exit) against `du -D` and
 * `du --apparent-size` on map_files (stat's blocks and size); SysV segments
 * against /proc/sysvipc/shm, attached and not; a memfd, a POSIX shm object,
 * a tmpfs file mapped by two processes; swapped pages with a swap file (a
 * SysV segment against sysvipc/shm, a memfd: the /proc source's split,
 * from smaps' Swap, against the module's);
 * mappers against /proc/PID/maps; totals against Shmem in /proc/meminfo.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kselftest.h"
#include "../lib/sysvipc.h"
#include "../../user/kmod.h"
#include "../../user/procfs.h"

#define MB (1024UL * 1024)
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

static struct km_nl nl;

static void touch(char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += 4096)
		p[i] = 1;
}

static int snapshot(struct km_shm *l, int32_t pid, int mappers)
{
	struct km_shm_filter f;
	int err;

	memset(&f, 0, sizeof(f));
	f.pid = pid;
	f.mappers = mappers;
	err = km_kmod_shmem(&nl, &f, l);
	if (err)
		ksft_exit_fail_msg("GET_SHMEM: %s\n", km_nl_strerror(err));
	return 0;
}

/* The object of a file, by device and inode (inode numbers repeat across tmpfs mounts). */
static struct km_shm_obj *by_stat(struct km_shm *l, const struct stat *st)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].ino == st->st_ino && l->v[i].dev == (uint32_t)st->st_dev)
			return &l->v[i];
	return NULL;
}

/* A SysV segment's object: its inode number is its shmid. */
static struct km_shm_obj *by_shmid(struct km_shm *l, int id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].kind == KMEMSTAT_SHMEM_SYSV && l->v[i].ino == (uint64_t)id)
			return &l->v[i];
	return NULL;
}

/* The inode, size and allocated bytes of a mapping, as du -D sees it. */
static int map_file_stat(void *addr, size_t len, struct stat *st)
{
	char path[128];

	snprintf(path, sizeof(path), "/proc/self/map_files/%lx-%lx",
		 (unsigned long)addr, (unsigned long)addr + len);
	return stat(path, st);
}

/* Rss of the mapping at @start in /proc/@pid/smaps, in bytes; ~0 if absent. */
static unsigned long long smaps_rss(pid_t pid, unsigned long start)
{
	char path[64], line[512];
	unsigned long long kb = ~0ULL;
	unsigned long s, e;
	int in = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps", pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &s, &e) == 2 && strchr(line, '-') < strchr(line, ' '))
			in = s == start;
		else if (in && sscanf(line, "Rss: %llu kB", &kb) == 1)
			break;
	}
	if (f)
		fclose(f);
	return kb == ~0ULL ? kb : kb * 1024;
}

static unsigned long long meminfo_kb(const char *key)
{
	char line[256], k[64];
	unsigned long long v, r = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63[^:]: %llu", k, &v) == 2 && !strcmp(k, key))
			r = v;
	if (f)
		fclose(f);
	return r;
}

/* The mission's scenario, scaled to the VM. */
static void check_mission(void)
{
	struct km_shm l, p;
	struct km_shm_obj *o, *po;
	struct stat st;
	char *m;
	int i;

	m = mmap(NULL, 200 * MB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		ksft_exit_fail_msg("mmap 200 MB: %s\n", strerror(errno));
	for (i = 1; i <= 2; i++) {
		pid_t c = fork();

		if (c == 0) {
			touch(m, i * 50 * MB);
			_exit(0);
		}
		waitpid(c, NULL, 0);
	}
	if (map_file_stat(m, 200 * MB, &st))
		ksft_exit_fail_msg("stat map_files: %s\n", strerror(errno));
	snapshot(&l, getpid(), 1);
	o = by_stat(&l, &st);
	ksft_test_result(o && o->kind == KMEMSTAT_SHMEM_ANON && o->size == 200 * MB &&
			 o->resident == 100 * MB && o->swapped == 0,
			 "mission: one shared anonymous object, size 200 MB, resident 100 MB (%llu, %llu)\n",
			 o ? (unsigned long long)o->size : 0, o ? (unsigned long long)o->resident : 0);
	ksft_test_result(o && o->resident == (uint64_t)st.st_blocks * 512 && o->size == (uint64_t)st.st_size,
			 "mission: resident is du -D (%llu), size is du --apparent-size (%llu) on map_files\n",
			 (unsigned long long)st.st_blocks * 512, (unsigned long long)st.st_size);
	ksft_test_result(o && o->processes == 1 && o->vmas == 1 && o->nmappers == 1 &&
			 o->mappers[0].pid == getpid() && o->mappers[0].start == (uintptr_t)m &&
			 o->mappers[0].end == (uintptr_t)m + 200 * MB,
			 "mission: mapped by the parent only, at its address, now the children are gone\n");
	km_procfs_shmem("/proc", &(struct km_shm_filter){ 0, 0, getpid(), 0 }, &p);
	po = by_stat(&p, &st);
	ksft_test_result(po && o && po->resident == o->resident && po->size == o->size &&
			 po->kind == o->kind,
			 "mission: the /proc source gives the same size and resident\n");
	km_shm_free(&p);
	km_shm_free(&l);
	munmap(m, 200 * MB);
}

static void check_sysv(void)
{
	unsigned long long rss, swap, nattch;
	struct km_shm l;
	struct km_shm_obj *o;
	int a, b;
	char *p;

	a = shmget(0x4b4d0001, 8 * MB, IPC_CREAT | 0600);
	b = shmget(0x4b4d0002, 4 * MB, IPC_CREAT | 0600);
	if (a < 0 || b < 0)
		ksft_exit_fail_msg("shmget: %s\n", strerror(errno));
	p = shmat(a, NULL, 0);
	touch(p, 3 * MB);
	{
		char *q = shmat(b, NULL, 0);

		touch(q, 2 * MB);
		shmdt(q);
	}
	snapshot(&l, 0, 0);
	o = by_shmid(&l, a);
	rss = 0;
	sysv_line(a, &rss, &swap, &nattch);
	ksft_test_result(o && o->kind == KMEMSTAT_SHMEM_SYSV && o->key == 0x4b4d0001 &&
			 o->size == 8 * MB && o->processes == 1 &&
			 o->resident == rss && o->swapped == swap && rss == 3 * MB,
			 "SysV attached: key, shmid, size, and resident/swapped as /proc/sysvipc/shm (%llu)\n", rss);
	o = by_shmid(&l, b);
	rss = 0;
	sysv_line(b, &rss, &swap, &nattch);
	ksft_test_result(o && o->kind == KMEMSTAT_SHMEM_SYSV && o->processes == 0 && o->vmas == 0 &&
			 nattch == 0 && o->resident == rss && rss == 2 * MB && l.sysv_unmapped >= 1 &&
			 l.sysv_resident >= 2 * MB,
			 "SysV with no attacher is reported, its memory counted apart (%llu)\n", rss);
	km_shm_free(&l);
	shmdt(p);
	shmctl(a, IPC_RMID, NULL);
	shmctl(b, IPC_RMID, NULL);
}

/* A memfd, a POSIX shm object, and a tmpfs file that two processes map. */
static void check_files(void)
{
	struct km_shm l;
	struct km_shm_obj *o;
	struct stat sm, sp, sf;
	char *mm, *mp, *mf, line[512];
	int fm, fp, ff, pipefd[2], found = 0, have_memfd = 1;
	pid_t child;
	FILE *maps;
	char c;

	fm = memfd_create("kmemstat-test", 0);
	if (fm < 0 && errno == ENOSYS) {
		/* Before 3.17: an unlinked /dev/shm file stands in for the rest. */
		have_memfd = 0;
		fm = open("/dev/shm/kmemstat-memfd-standin", O_CREAT | O_RDWR, 0600);
		unlink("/dev/shm/kmemstat-memfd-standin");
	}
	fp = open("/dev/shm/kmemstat-posix", O_CREAT | O_RDWR, 0600);
	ff = open("/tmp/kmemstat-file", O_CREAT | O_RDWR, 0600);
	if (fm < 0 || fp < 0 || ff < 0 || ftruncate(fm, 4 * MB) || ftruncate(fp, 6 * MB) ||
	    ftruncate(ff, 3 * MB) || pipe(pipefd))
		ksft_exit_fail_msg("memfd, /dev/shm or /tmp: %s\n", strerror(errno));
	mm = mmap(NULL, 4 * MB, PROT_READ | PROT_WRITE, MAP_SHARED, fm, 0);
	mp = mmap(NULL, 6 * MB, PROT_READ | PROT_WRITE, MAP_SHARED, fp, 0);
	mf = mmap(NULL, 3 * MB, PROT_READ, MAP_SHARED, ff, MB);	/* from 1 MB on */
	touch(mm, MB);
	touch(mp, 2 * MB);
	if (pwrite(ff, "x", 1, 3 * MB - 1) != 1)
		ksft_exit_fail_msg("write /tmp/kmemstat-file\n");
	child = fork();
	if (child == 0) {
		char *m2;

		/* Not what fork inherited: this process maps the file once, itself. */
		munmap(mm, 4 * MB);
		munmap(mp, 6 * MB);
		munmap(mf, 3 * MB);
		m2 = mmap(NULL, 3 * MB, PROT_READ | PROT_WRITE, MAP_SHARED, ff, 0);

		touch(m2, 3 * MB);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	if (read(pipefd[0], &c, 1) != 1)
		ksft_exit_fail_msg("child did not map the file\n");
	fstat(fm, &sm);
	fstat(fp, &sp);
	fstat(ff, &sf);
	snapshot(&l, 0, 1);
	o = by_stat(&l, &sm);
	if (have_memfd)
		ksft_test_result(o && o->kind == KMEMSTAT_SHMEM_MEMFD && !strcmp(o->name, "kmemstat-test") &&
				 o->size == 4 * MB && o->resident == MB,
				 "memfd: kind, its name, size 4 MB, resident 1 MB\n");
	else
		ksft_test_result_skip("memfd: kind, its name, size 4 MB, resident 1 MB (no memfd_create() before 3.17)\n");
	o = by_stat(&l, &sp);
	ksft_test_result(o && o->kind == KMEMSTAT_SHMEM_POSIX && !strcmp(o->name, "/dev/shm/kmemstat-posix") &&
			 o->size == 6 * MB && o->resident == 2 * MB,
			 "POSIX shm: kind, path, size 6 MB, resident 2 MB\n");
	o = by_stat(&l, &sf);
	ksft_test_result(o && o->kind == KMEMSTAT_SHMEM_TMPFS && !strcmp(o->name, "/tmp/kmemstat-file") &&
			 o->processes == 2 && o->vmas == 2 && o->nmappers == 2 &&
			 o->resident == (uint64_t)sf.st_blocks * 512,
			 "tmpfs file: mapped by two processes, two mappings, resident as its blocks\n");

	/* The parent's mapping of the file against its line in /proc/self/maps. */
	maps = fopen("/proc/self/maps", "r");
	while (o && maps && fgets(line, sizeof(line), maps)) {
		unsigned long s, e, off;
		char perms[8];
		size_t i;

		if (sscanf(line, "%lx-%lx %7s %lx", &s, &e, perms, &off) != 4 || s != (uintptr_t)mf)
			continue;
		for (i = 0; i < o->nmappers; i++)
			if (o->mappers[i].pid == getpid())
				found = o->mappers[i].start == s && o->mappers[i].end == e &&
					o->mappers[i].offset == off && off == MB &&
					o->mappers[i].prot == (KMEMSTAT_PROT_READ | KMEMSTAT_PROT_SHARED) &&
					!strcmp(perms, "r--s");
	}
	if (maps)
		fclose(maps);
	ksft_test_result(found, "a mapper's range, offset and protection equal its line in /proc/PID/maps\n");
	km_shm_free(&l);

	/* The child maps the file, and its own executable: the initramfs is a tmpfs. */
	snapshot(&l, child, 0);
	ksft_test_result(by_stat(&l, &sf) && !by_stat(&l, &sm) && !by_stat(&l, &sp) &&
			 l.n <= 2, "--pid: the objects that process maps, not those it unmapped (%zu)\n", l.n);
	km_shm_free(&l);
	{
		struct km_shm_filter f = { 0, 0, 0, 2 * MB };

		km_kmod_shmem(&nl, &f, &l);
		ksft_test_result(!by_stat(&l, &sm) && by_stat(&l, &sp),
				 "minimum resident: a 1 MB object left out, a 2 MB one kept\n");
		km_shm_free(&l);
	}
	/* How much of the file each mapping maps: against smaps' Rss. */
	{
		struct km_shm_filter f = { 1, 1, 0, 0 };
		size_t i;
		int ok = 0, n = 0;

		km_kmod_shmem(&nl, &f, &l);
		o = by_stat(&l, &sf);
		for (i = 0; o && i < o->nmappers; i++) {
			unsigned long long rss = smaps_rss(o->mappers[i].pid, o->mappers[i].start);

			ksft_print_msg("pid %d mapping %llx: mapped %llu, smaps Rss %llu\n", o->mappers[i].pid,
				       (unsigned long long)o->mappers[i].start,
				       (unsigned long long)o->mappers[i].mapped, rss);
			n++;
			ok += o->mappers[i].has_mapped && o->mappers[i].mapped == rss;
		}
		ksft_test_result(n == 2 && ok == 2, "--mapped: each mapping's mapped bytes equal its Rss in smaps (3 MB and 0)\n");
		km_shm_free(&l);
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	munmap(mm, 4 * MB);
	munmap(mp, 6 * MB);
	munmap(mf, 3 * MB);
	close(fm);
	close(fp);
	close(ff);
	unlink("/dev/shm/kmemstat-posix");
	unlink("/tmp/kmemstat-file");
}

/*
 * How far the kernel's global vmstat counters may lag: each CPU keeps up to
 * its pageset's threshold per counter before folding it in (zoneinfo's "vm
 * stats threshold", per zone and CPU), in bytes.
 */
static int64_t vmstat_slack(void)
{
	FILE *f = fopen("/proc/zoneinfo", "re");
	char line[256];
	int64_t pages = 0;
	long t;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " vm stats threshold: %ld", &t) == 1)
			pages += t;
	fclose(f);
	return pages * 4096;
}

/* Totals: Shmem as meminfo says, and the rest covers tmpfs files nobody maps. */
static void check_totals(void)
{
	struct km_shm l;
	unsigned long long a, b;
	int fd, i, ok = 0;
	int64_t rest = 0;
	char buf[65536];

	fd = open("/tmp/kmemstat-unmapped", O_CREAT | O_RDWR | O_TRUNC, 0600);
	memset(buf, 1, sizeof(buf));
	for (i = 0; i < 80; i++)	/* 5 MB */
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			ksft_exit_fail_msg("write /tmp\n");
	close(fd);
	for (i = 0; i < 50 && !ok; i++) {
		a = meminfo_kb("Shmem");
		snapshot(&l, 0, 0);
		b = meminfo_kb("Shmem");
		if (a == b) {
			ok = l.shmem == a * 1024;
			rest = (int64_t)l.shmem - (int64_t)l.mapped_resident - (int64_t)l.sysv_resident;
			ksft_print_msg("Shmem %llu kB; mapped %llu, unattached SysV %llu, rest %lld bytes\n",
				       a, (unsigned long long)l.mapped_resident,
				       (unsigned long long)l.sysv_resident, (long long)rest);
		}
		km_shm_free(&l);
	}
	ksft_test_result(ok, "totals: Shmem equals /proc/meminfo's\n");
	/* Shmem can lag by the per-CPU slack: on a ramfs root the rest is just the file. */
	ksft_test_result(rest + vmstat_slack() >= (int64_t)(5 * MB),
			 "totals: the rest holds the 5 MB tmpfs file nobody maps, give or take the counters' per-CPU slack (%lld bytes)\n",
			 (long long)vmstat_slack());
	unlink("/tmp/kmemstat-unmapped");
}

/* The entry of the mapping at @start in /proc/self/smaps, as diagnostics. */
static void smaps_diag(unsigned long start)
{
	char line[512];
	unsigned long s, e;
	int in = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%lx-%lx ", &s, &e) == 2 && strchr(line, '-') < strchr(line, ' '))
			in = s == start;
		if (in)
			ksft_print_msg("smaps: %s\n", line);
	}
	if (f)
		fclose(f);
}

/*
 * A 16 MB memfd, written, paged out with MADV_PAGEOUT: the /proc source
 * splits its blocks with smaps' Swap (its one mapping covers it whole), as
 * the module does with the inode's own counters. The module reads before
 * and after, and both must agree with each other and with /proc.
 */
static void check_swap_memfd(void)
{
	struct km_shm a, b, p;
	struct km_shm_obj *oa, *ob, *po;
	struct stat st;
	int fd, i, ok = 0;
	char *m;

	fd = memfd_create("kmemstat-swap", 0);
	if (fd < 0 && errno == ENOSYS) {
		ksft_test_result_skip("swapped: the /proc source splits a paged-out memfd as the module (smaps' Swap) (no memfd_create() before 3.17)\n");
		return;
	}
	if (fd < 0 || ftruncate(fd, 16 * MB) || fstat(fd, &st))
		ksft_exit_fail_msg("memfd: %s\n", strerror(errno));
	m = mmap(NULL, 16 * MB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		ksft_exit_fail_msg("mmap memfd: %s\n", strerror(errno));
	touch(m, 16 * MB);
	for (i = 0; i < 10; i++) {
		madvise(m, 16 * MB, MADV_PAGEOUT);
		snapshot(&a, getpid(), 0);
		oa = by_stat(&a, &st);
		ok = oa && oa->swapped >= 8 * MB;
		km_shm_free(&a);
		if (ok)
			break;
	}
	for (i = 0, ok = 0; i < 5 && !ok; i++) {
		snapshot(&a, getpid(), 0);
		km_procfs_shmem("/proc", &(struct km_shm_filter){ 0, 0, getpid(), 0 }, &p);
		snapshot(&b, getpid(), 0);
		oa = by_stat(&a, &st);
		ob = by_stat(&b, &st);
		po = by_stat(&p, &st);
		ksft_print_msg("memfd: module resident %llu swapped %llu; /proc resident %llu swapped %llu known %u; note %s\n",
			       oa ? (unsigned long long)oa->resident : 0, oa ? (unsigned long long)oa->swapped : 0,
			       po ? (unsigned long long)po->resident : 0, po ? (unsigned long long)po->swapped : 0,
			       po ? po->known : 0, p.note);
		ok = oa && ob && po && oa->swapped >= 8 * MB && oa->resident + oa->swapped == 16 * MB &&
		     oa->resident == ob->resident && oa->swapped == ob->swapped &&
		     po->known == KM_SHM_KNOW_ALL && po->resident == oa->resident &&
		     po->swapped == oa->swapped;
		km_shm_free(&a);
		km_shm_free(&b);
		km_shm_free(&p);
	}
	smaps_diag((unsigned long)m);
	ksft_test_result(ok, "swapped: the /proc source splits a paged-out memfd as the module (smaps' Swap)\n");
	munmap(m, 16 * MB);
	close(fd);
}

/* Swapped pages: a swap file, a SysV segment and a memfd paged out with MADV_PAGEOUT. */
static void check_swap(void)
{
	unsigned long long rss = 0, swap = 0, nattch;
	struct km_shm l;
	struct km_shm_obj *o;
	int id, i;
	char *p;

	if (mount("/dev/vda", "/mnt", "ext4", 0, NULL) && errno != EBUSY)
		ksft_exit_fail_msg("mount /dev/vda: %s\n", strerror(errno));
	if (system("dd if=/dev/zero of=/mnt/swap bs=1M count=40 2>/dev/null && "
		   "mkswap /mnt/swap >/dev/null && swapon /mnt/swap"))
		ksft_exit_fail_msg("cannot set up a swap file\n");
	id = shmget(0x4b4d0003, 16 * MB, IPC_CREAT | 0600);
	p = shmat(id, NULL, 0);
	touch(p, 16 * MB);
	for (i = 0; i < 10 && swap < 8 * MB; i++) {
		if (madvise(p, 16 * MB, MADV_PAGEOUT) && errno == EINVAL) {
			ksft_test_result_skip("swapped: equal to /proc/sysvipc/shm's swap (no MADV_PAGEOUT before 5.4)\n");
			ksft_test_result_skip("totals count the swapped bytes (no MADV_PAGEOUT before 5.4)\n");
			ksft_test_result_skip("swapped: the /proc source splits a paged-out memfd as the module (smaps' Swap) (no MADV_PAGEOUT before 5.4)\n");
			goto out;
		}
		sysv_line(id, &rss, &swap, &nattch);
	}
	snapshot(&l, 0, 0);
	sysv_line(id, &rss, &swap, &nattch);
	o = by_shmid(&l, id);
	ksft_print_msg("sysvipc: rss %llu swap %llu; module: resident %llu swapped %llu\n", rss, swap,
		       o ? (unsigned long long)o->resident : 0, o ? (unsigned long long)o->swapped : 0);
	ksft_test_result(o && swap >= 8 * MB && o->swapped == swap && o->resident == rss &&
			 o->resident + o->swapped == 16 * MB,
			 "swapped: equal to /proc/sysvipc/shm's swap, resident + swapped = 16 MB\n");
	ksft_test_result(l.mapped_swapped >= swap, "totals count the swapped bytes\n");
	km_shm_free(&l);
	check_swap_memfd();
out:
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
	if (system("swapoff /mnt/swap"))
		ksft_print_msg("swapoff failed\n");
	umount("/mnt");
}

int main(void)
{
	int err;

	/* The oracle of sizes is map_files (3.3; CHECKPOINT_RESTORE until 4.3). */
	if (access("/proc/self/map_files", F_OK)) {
		ksft_print_header();
		ksft_exit_skip("no /proc/PID/map_files on this kernel: no oracle\n");
	}
	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(18);
	err = km_nl_open(&nl);
	if (err)
		ksft_exit_fail_msg("cannot reach the module: %s\n", km_nl_strerror(err));
	check_mission();
	check_sysv();
	check_files();
	check_totals();
	check_swap();
	km_nl_close(&nl);
	ksft_finished();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc shmem source on /proc trees made here: one without
 * /proc/PID/map_files (kernels before 3.3, or without CHECKPOINT_RESTORE
 * before 4.3) must say that it could not list mapped objects, and one
 * without /proc/sysvipc/shm must not print "unattached SysV 0 B" as if it
 * had counted them; a process mapping one object twice is one process;
 * SysV segment 0 (maps shows inode 0), and two segments 0 of two IPC
 * namespaces; resident and swapped apart through smaps' Swap, and
 * unknown figures shown as unknown in every output.
 * The trees live on /dev/shm, so that a map_files entry made here is a
 * tmpfs file with the size and blocks a test gives it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "../lib/fakeproc.h"
#include "kselftest.h"
#include "../../user/cli.h"
#include "../../user/procfs.h"

/* The table ('t'), JSON ('j') or Prometheus text ('p') as text, into @buf. */
static void render(const struct km_shm *l, char how, char *buf, size_t len)
{
	FILE *f = fmemopen(buf, len, "w");

	if (!f)
		ksft_exit_fail_msg("fmemopen\n");
	if (how == 'j')
		km_json_shmem(f, l, NULL);
	else if (how == 'p')
		km_prom_shmem(f, l);
	else
		km_table_shmem(f, l, 'k', NULL);
	fclose(f);
}

static void table(const struct km_shm *l, char *buf, size_t len)
{
	render(l, 't', buf, len);
}

#define MB (1024 * 1024)

/* A tmpfs file at @rel: @size bytes long, the first @written of them written. */
static void object(const char *rel, off_t size, size_t written)
{
	static char buf[65536];
	char path[512];
	size_t done;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	if (fd < 0 || ftruncate(fd, size))
		ksft_exit_fail_msg("cannot make %s\n", path);
	memset(buf, 1, sizeof(buf));
	for (done = 0; done < written; done += sizeof(buf))
		if (pwrite(fd, buf, sizeof(buf), (off_t)done) != (ssize_t)sizeof(buf))
			ksft_exit_fail_msg("cannot write %s\n", path);
	close(fd);
}

/* The object with inode @ino, or NULL. */
static struct km_shm_obj *by_ino(struct km_shm *l, uint64_t ino)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].ino == ino)
			return &l->v[i];
	return NULL;
}

/* A process @pid named @comm with the maps text @maps and map_files. */
static void process(int pid, const char *comm, const char *maps)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "%d", pid);
	dir(rel);
	snprintf(rel, sizeof(rel), "%d/map_files", pid);
	dir(rel);
	snprintf(rel, sizeof(rel), "%d/comm", pid);
	put(rel, comm);
	snprintf(rel, sizeof(rel), "%d/maps", pid);
	put(rel, maps);
}

/* Issue 10 #2: PROCS counts processes, with mappers collected or not. */
static void check_processes(void)
{
	static const char maps[] =
		"7f0000000000-7f0000400000 rw-s 00000000 00:01 61                         /memfd:two (deleted)\n"
		"7f0000400000-7f0000800000 rw-s 00000000 00:01 61                         /memfd:two (deleted)\n";
	struct km_shm_filter flt;
	struct km_shm_obj *o;
	struct km_shm l;
	int mappers;

	fakeproc_init();
	dir("self");
	dir("self/map_files");
	dir("1");	/* seen: no hidepid */
	put("meminfo", "MemTotal: 1000000 kB\nShmem: 1024 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n");
	process(200, "first\n", maps);
	process(201, "second\n", maps);
	object("200/map_files/7f0000000000-7f0000400000", 4 * MB, MB);
	object("200/map_files/7f0000400000-7f0000800000", 4 * MB, MB);
	object("201/map_files/7f0000000000-7f0000400000", 4 * MB, MB);
	object("201/map_files/7f0000400000-7f0000800000", 4 * MB, MB);
	for (mappers = 0; mappers <= 1; mappers++) {
		memset(&flt, 0, sizeof(flt));
		flt.mappers = mappers;
		if (km_procfs_shmem(root, &flt, &l))
			ksft_exit_fail_msg("km_procfs_shmem failed\n");
		o = by_ino(&l, 61);
		ksft_test_result(o && o->processes == 2 && o->vmas == 4,
				 "a memfd mapped twice by each of 2 processes: 2 processes, 4 mappings (%s mappers; %u, %u)\n",
				 mappers ? "with" : "without", o ? o->processes : 0, o ? o->vmas : 0);
		km_shm_free(&l);
	}
	fakeproc_done();
}

/* A symbolic link at @rel to @to, as /proc/PID/ns/ipc. */
static void link_to(const char *rel, const char *to)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (symlink(to, path))
		ksft_exit_fail_msg("cannot make %s\n", path);
}

/*
 * Issue 10 #1: shmid 0, the first segment of every IPC namespace, whose
 * maps line shows inode 0. Pid 300 attaches our namespace's (its figures
 * from sysvipc/shm), pid 301 another namespace's segment 0 (from map_files).
 */
static void check_sysv0(void)
{
	struct km_shm_filter flt;
	struct km_shm_obj *o, *ours = NULL, *other = NULL;
	struct km_shm l;
	size_t i;
	int n = 0;

	fakeproc_init();
	dir("self");
	dir("self/map_files");
	dir("1");	/* seen: no hidepid */
	dir("self/ns");
	link_to("self/ns/ipc", "ipc:[4026531839]");
	put("meminfo", "MemTotal: 1000000 kB\nShmem: 5120 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n");
	dir("sysvipc");
	put("sysvipc/shm",
	    "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n"
	    "1263337473          0   600               4194304   300   300      1     0     0     0     0 1796567628          0 1796567628               1048576               1048576\n");
	process(300, "ours\n", "7f6f7ea82000-7f6f7ee82000 rw-s 00000000 00:01 0                          /SYSV4b4d0001 (deleted)\n");
	dir("300/ns");
	link_to("300/ns/ipc", "ipc:[4026531839]");
	object("300/map_files/7f6f7ea82000-7f6f7ee82000", 4 * MB, 2 * MB);
	process(301, "theirs\n", "7f6f7f000000-7f6f7f800000 rw-s 00000000 00:01 0                          /SYSV4b4d0009 (deleted)\n");
	dir("301/ns");
	link_to("301/ns/ipc", "ipc:[4026532999]");
	object("301/map_files/7f6f7f000000-7f6f7f800000", 8 * MB, 3 * MB);

	memset(&flt, 0, sizeof(flt));
	if (km_procfs_shmem(root, &flt, &l))
		ksft_exit_fail_msg("km_procfs_shmem failed\n");
	for (i = 0; i < l.n; i++) {
		o = &l.v[i];
		ksft_print_msg("object %zu: kind %d ino %llu key %08x size %llu resident %llu processes %u\n",
			       i, o->kind, (unsigned long long)o->ino, o->key, (unsigned long long)o->size,
			       (unsigned long long)o->resident, o->processes);
		if (o->kind != KMEMSTAT_SHMEM_SYSV || o->ino != 0)
			continue;
		n++;
		if (o->key == 0x4b4d0001)
			ours = o;
		else if (o->key == 0x4b4d0009)
			other = o;
	}
	ksft_test_result(ours && ours->size == 4 * MB && ours->resident == MB && ours->swapped == MB &&
			 ours->processes == 1 && l.objects == 2 && l.sysv_unmapped == 0 &&
			 l.mapped_resident == 4 * MB,
			 "SysV shmid 0 (inode 0 in maps) is listed, mapped, with /proc/sysvipc/shm's figures\n");
	ksft_test_result(n == 2 && other && other->size == 8 * MB && other->resident == 3 * MB &&
			 other->processes == 1,
			 "segment 0 of another IPC namespace is an object of its own, sized through map_files\n");
	km_shm_free(&l);
	fakeproc_done();
}

/*
 * One mapping's entry in smaps: @head is its maps line, then its size, Rss
 * and Swap in kB. The layout is Debian's 6.1 kernel's, from the VM suite's
 * memfd after MADV_PAGEOUT (shmem_oracle): with @head that memfd's line,
 * 16384, 0 and 16384, this is that entry byte for byte.
 */
static void smaps_entry(char *buf, size_t len, const char *head, unsigned int size_kb,
			unsigned int rss_kb, unsigned int swap_kb)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n,
		 "%s\n"
		 "Size:              %5u kB\n"
		 "KernelPageSize:        4 kB\n"
		 "MMUPageSize:           4 kB\n"
		 "Rss:               %5u kB\n"
		 "Pss:               %5u kB\n"
		 "Pss_Dirty:         %5u kB\n"
		 "Shared_Clean:          0 kB\n"
		 "Shared_Dirty:          0 kB\n"
		 "Private_Clean:         0 kB\n"
		 "Private_Dirty:     %5u kB\n"
		 "Referenced:        %5u kB\n"
		 "Anonymous:             0 kB\n"
		 "LazyFree:              0 kB\n"
		 "AnonHugePages:         0 kB\n"
		 "ShmemPmdMapped:        0 kB\n"
		 "FilePmdMapped:         0 kB\n"
		 "Shared_Hugetlb:        0 kB\n"
		 "Private_Hugetlb:       0 kB\n"
		 "Swap:              %5u kB\n"
		 "SwapPss:               0 kB\n"
		 "Locked:                0 kB\n"
		 "THPeligible:    0\n"
		 "ProtectionKey:         0\n"
		 "VmFlags: rd wr sh mr mw me ms sd \n",
		 head, size_kb, rss_kb, rss_kb, rss_kb, rss_kb, rss_kb, swap_kb);
}

/*
 * Issue 10 #3: resident and swapped apart. A 16 MiB memfd paged out whole
 * (smaps: Rss 0 kB, Swap 16384 kB; stat: 16 MiB of blocks), a /dev/shm file
 * mapped from 1 MiB on with 1 MiB of its range in swap (no mapping covers
 * it whole: unknown), shared anonymous memory with nothing in swap.
 */
static void check_swap(void)
{
	static const char a[] = "7f50bc02a000-7f50bd02a000 rw-s 00000000 00:01 1026                       /memfd:kmemstat-swap (deleted)";
	static const char b[] = "7f8e1d000000-7f8e1d300000 rw-s 00100000 00:1a 7                          /dev/shm/part";
	static const char c[] = "7f8e1e000000-7f8e1e400000 rw-s 00000000 00:01 2048                       /dev/zero (deleted)";
	struct km_shm_obj *oa, *ob, *oc;
	struct km_shm_filter flt;
	char smaps[8192] = "", maps[512], out[16384];
	struct km_shm l;

	fakeproc_init();
	dir("self");
	dir("self/map_files");
	dir("1");	/* seen: no hidepid */
	dir("sys");
	dir("sys/kernel");
	put("sys/kernel/osrelease", "6.1.0-18-amd64\n");
	put("meminfo", "MemTotal: 1000000 kB\nShmem: 22528 kB\nSwapTotal: 1048572 kB\nSwapFree: 1043452 kB\n");
	snprintf(maps, sizeof(maps), "%s\n%s\n%s\n", a, b, c);
	process(400, "swapper\n", maps);
	smaps_entry(smaps, sizeof(smaps), a, 16384, 0, 16384);
	smaps_entry(smaps, sizeof(smaps), b, 3072, 1024, 1024);
	smaps_entry(smaps, sizeof(smaps), c, 4096, 2048, 0);
	put("400/smaps", smaps);
	object("400/map_files/7f50bc02a000-7f50bd02a000", 16 * MB, 16 * MB);
	object("400/map_files/7f8e1d000000-7f8e1d300000", 4 * MB, 3 * MB);
	object("400/map_files/7f8e1e000000-7f8e1e400000", 4 * MB, 2 * MB);

	memset(&flt, 0, sizeof(flt));
	flt.mappers = flt.mapped = 1;
	if (km_procfs_shmem(root, &flt, &l))
		ksft_exit_fail_msg("km_procfs_shmem failed\n");
	ksft_print_msg("note: %s\n", l.note);
	oa = by_ino(&l, 1026);
	ob = by_ino(&l, 7);
	oc = by_ino(&l, 2048);
	ksft_test_result(oa && oa->known == KM_SHM_KNOW_ALL && oa->resident == 0 && oa->swapped == 16 * MB &&
			 oa->size == 16 * MB && oc && oc->known == KM_SHM_KNOW_ALL &&
			 oc->resident == 2 * MB && oc->swapped == 0,
			 "swap in use: a shared mapping of a whole object gives its swapped (smaps' Swap), resident is the rest of its blocks\n");
	ksft_test_result(ob && ob->known == KM_SHM_KNOW_SIZE && ob->size == 4 * MB &&
			 !(l.have & KM_SHM_HAVE_MAPPED_RESIDENT) && !(l.have & KM_SHM_HAVE_MAPPED_SWAPPED) &&
			 strstr(l.note, "swap is in use: resident and swapped unknown for 1 object ("),
			 "an object no shared mapping covers whole: resident and swapped unknown, and said so\n");
	ksft_test_result(oa && oa->nmappers == 1 && oa->mappers[0].has_mapped && oa->mappers[0].mapped == 0 &&
			 oc && oc->nmappers == 1 && oc->mappers[0].has_mapped && oc->mappers[0].mapped == 2 * MB,
			 "--mapped: each mapping's Rss from smaps\n");
	render(&l, 't', out, sizeof(out));
	ksft_test_result(strstr(out, "\n         0      16384      16384     1     1 memfd        1026 kmemstat-swap\n") &&
			 strstr(out, "\n         -          -       4096     1     1 posix           7 /dev/shm/part\n") &&
			 strstr(out, "mapped objects: 3, resident -, swapped -\n") &&
			 strstr(out, "tmpfs nobody maps - (unknown: the resident of mapped objects is not known)"),
			 "table: unknown figures are '-', never a number\n");
	render(&l, 'j', out, sizeof(out));
	ksft_test_result(strstr(out, "\"name\":\"kmemstat-swap\",\"size\":16777216,\"resident\":0,\"swapped\":16777216,") &&
			 strstr(out, "\"name\":\"/dev/shm/part\",\"size\":4194304,\"resident\":null,\"swapped\":null,") &&
			 strstr(out, "\"mapped_resident\":null,\"mapped_swapped\":null,") &&
			 strstr(out, "\"tmpfs_unmapped\":null,"),
			 "JSON: unknown figures are null\n");
	render(&l, 'p', out, sizeof(out));
	ksft_test_result(strstr(out, "kmemstat_shmem_object_swapped_bytes{dev=\"1\",ino=\"1026\",kind=\"memfd\",name=\"kmemstat-swap\"} 16777216\n") &&
			 strstr(out, "kmemstat_shmem_object_size_bytes{dev=\"26\",ino=\"7\"") &&
			 !strstr(out, "kmemstat_shmem_object_resident_bytes{dev=\"26\",ino=\"7\"") &&
			 !strstr(out, "kmemstat_shmem_object_swapped_bytes{dev=\"26\",ino=\"7\"") &&
			 !strstr(out, "kmemstat_shmem_mapped_resident_bytes"),
			 "Prometheus: no sample for an unknown figure\n");
	km_shm_free(&l);

	/* Before 4.5 smaps' Swap leaves shmem out: not a figure to trust. */
	put("sys/kernel/osrelease", "4.4.0-210-generic\n");
	if (km_procfs_shmem(root, &flt, &l))
		ksft_exit_fail_msg("km_procfs_shmem failed\n");
	oa = by_ino(&l, 1026);
	ksft_test_result(oa && oa->known == KM_SHM_KNOW_SIZE && strstr(l.note, "this kernel does not count (4.5+)"),
			 "before 4.5, swap in use: resident and swapped unknown (%s)\n", l.note);
	km_shm_free(&l);

	/* No swap in use: nothing is swapped, resident is every block. */
	put("meminfo", "MemTotal: 1000000 kB\nShmem: 22528 kB\nSwapTotal: 1048572 kB\nSwapFree: 1048572 kB\n");
	if (km_procfs_shmem(root, &flt, &l))
		ksft_exit_fail_msg("km_procfs_shmem failed\n");
	oa = by_ino(&l, 1026);
	ob = by_ino(&l, 7);
	ksft_test_result(oa && oa->known == KM_SHM_KNOW_ALL && oa->resident == 16 * MB && oa->swapped == 0 &&
			 ob && ob->known == KM_SHM_KNOW_ALL && ob->resident == 3 * MB && !l.note[0] &&
			 (l.have & KM_SHM_HAVE_MAPPED_RESIDENT) && l.mapped_resident == 21 * MB,
			 "no swap in use: swapped 0, resident every block, no note\n");
	km_shm_free(&l);
	fakeproc_done();
}

/* The maps line of the file at @rel mapped at @start, with its real device and inode. */
static void maps_line(char *buf, size_t len, unsigned long start, const char *rel,
		      const char *name)
{
	char path[512];
	struct stat st;
	size_t n = strlen(buf);

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (stat(path, &st))
		ksft_exit_fail_msg("stat %s\n", path);
	snprintf(buf + n, len - n, "%lx-%lx rw-s 00000000 %02x:%02x %-26llu %s\n", start,
		 start + 0x200000, major(st.st_dev), minor(st.st_dev),
		 (unsigned long long)st.st_ino, name);
}

/*
 * Issue 10 #4: without map_files (here a kernel without it; the same
 * fallbacks serve a caller it refuses), an object is stat'ed through an
 * open fd or its path under PROC/PID/root, checked by device and inode;
 * else it is shmem by its name on the internal tmpfs or by its tmpfs mount,
 * listed with size and resident unknown; a file on another filesystem is
 * no object. Processes hidden by hidepid (no PROC/1) and a SysV segment
 * attached by a process not seen make "tmpfs nobody maps" unknown.
 */
static void check_fallbacks(void)
{
	struct km_shm_obj *ofd, *opath, *oanon, *orun;
	struct km_shm_filter flt;
	char maps[2048] = "", out[8192];
	struct km_shm l;
	struct stat st;
	size_t i;
	int other = 0;

	fakeproc_init();
	dir("self");
	put("meminfo", "MemTotal: 1000000 kB\nShmem: 8192 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n");
	dir("sysvipc");
	put("sysvipc/shm",
	    "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n"
	    "1263337474          9   600               4194304     7     7      1     0     0     0     0 1796567628          0 1796567628               1048576                     0\n");
	dir("x");
	object("x/held-open", 2 * MB, MB);
	object("x/named", 2 * MB, 2 * MB);
	maps_line(maps, sizeof(maps), 0x7f0000000000, "x/held-open", "/memfd:held-open (deleted)");
	maps_line(maps, sizeof(maps), 0x7f0000200000, "x/named", "/x/named");
	strcat(maps, "7f0000400000-7f0000600000 rw-s 00000000 00:01 71                         /dev/zero (deleted)\n"
		     "7f0000600000-7f0000800000 rw-s 00000000 00:30 5                          /run/gone (deleted)\n"
		     "7f0000800000-7f0000a00000 rw-s 00000000 08:01 5                          /data/gone (deleted)\n");
	process(500, "fallback\n", maps);
	put("500/mountinfo", "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
			     "25 22 0:48 / /run rw,nosuid - tmpfs tmpfs rw,mode=755\n");
	/* 0:48 is the encoded device maps prints as 00:30 */
	dir("500/fd");
	snprintf(out, sizeof(out), "%s/x/held-open", root);
	link_to("500/fd/3", out);
	link_to("500/root", root);

	memset(&flt, 0, sizeof(flt));
	if (km_procfs_shmem(root, &flt, &l))
		ksft_exit_fail_msg("km_procfs_shmem failed\n");
	ksft_print_msg("note: %s\n", l.note);
	stat(out, &st);
	ofd = by_ino(&l, st.st_ino);
	snprintf(out, sizeof(out), "%s/x/named", root);
	stat(out, &st);
	opath = by_ino(&l, st.st_ino);
	oanon = by_ino(&l, 71);
	orun = NULL;
	for (i = 0; i < l.n; i++) {
		if (l.v[i].ino == 5 && l.v[i].kind == KMEMSTAT_SHMEM_TMPFS)
			orun = &l.v[i];
		other += l.v[i].ino == 5 && !strcmp(l.v[i].name, "/data/gone (deleted)");
	}
	ksft_test_result(ofd && ofd->kind == KMEMSTAT_SHMEM_MEMFD && ofd->known == KM_SHM_KNOW_ALL &&
			 ofd->size == 2 * MB && ofd->resident == MB && ofd->swapped == 0 &&
			 opath && opath->known == KM_SHM_KNOW_ALL && opath->resident == 2 * MB,
			 "stat'ed through an open fd and through the path under PROC/PID/root\n");
	ksft_test_result(oanon && oanon->kind == KMEMSTAT_SHMEM_ANON && oanon->known == KM_SHM_KNOW_SWAPPED &&
			 orun && orun->known == KM_SHM_KNOW_SWAPPED && !other && l.n == 4 &&
			 strstr(l.note, "size and resident unknown for 2 objects"),
			 "nothing to stat: shmem by its name or its tmpfs mount, size and resident unknown; a file on ext4 is none\n");
	render(&l, 't', out, sizeof(out));
	ksft_test_result(!(l.have & KM_SHM_HAVE_REST) && strstr(l.note, "hidepid") &&
			 strstr(l.note, "SysV segments attached only by processes not seen") &&
			 strstr(out, "tmpfs nobody maps - (unknown: processes this caller may not read map shmem too)"),
			 "hidden processes and unseen SysV attachers: tmpfs nobody maps unknown, and why\n");
	km_shm_free(&l);
	fakeproc_done();
}

int main(void)
{
	struct statfs sfs;
	struct km_shm_filter flt;
	struct km_shm l;
	char out[8192];

	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(20);
	/* map_files entries made here must be tmpfs files. */
	if (statfs("/dev/shm", &sfs) || (unsigned long)sfs.f_type != 0x01021994)
		ksft_exit_fail_msg("/dev/shm is not a tmpfs\n");
	setenv("TMPDIR", "/dev/shm", 1);
	fakeproc_init();
	dir("self");
	dir("100");
	put("100/comm", "holder\n");
	put("100/maps", "7f0000000000-7f0000100000 rw-s 00000000 00:05 4242 /dev/shm/held\n");
	put("meminfo", "MemTotal: 1000000 kB\nShmem: 2048 kB\n");

	memset(&flt, 0, sizeof(flt));
	if (km_procfs_shmem(root, &flt, &l))
		ksft_exit_fail_msg("km_procfs_shmem failed\n");
	ksft_print_msg("note: %s\n", l.note);
	ksft_test_result(strstr(l.note, "no /proc/PID/map_files") && strstr(l.note, "load the module"),
			 "no map_files: the source says it cannot list mapped objects, and names the fix\n");
	ksft_test_result(l.shmem == 2048 * 1024 && !l.sysv_listed,
			 "no map_files: Shmem still read from meminfo, SysV not listed\n");
	table(&l, out, sizeof(out));
	ksft_test_result(!strstr(out, "unattached SysV 0") && strstr(out, "not listed by this source") &&
			 strstr(out, "no /proc/PID/map_files"),
			 "no sysvipc/shm: the table does not claim 0 B of unattached SysV\n");
	km_shm_free(&l);

	dir("self/map_files");
	if (km_procfs_shmem(root, &flt, &l))
		ksft_exit_fail_msg("km_procfs_shmem failed\n");
	ksft_test_result(!strstr(l.note, "map_files (3.3"),
			 "with map_files: no such note (%s)\n", l.note);
	km_shm_free(&l);

	dir("sysvipc");
	put("sysvipc/shm", "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n");
	if (km_procfs_shmem(root, &flt, &l))
		ksft_exit_fail_msg("km_procfs_shmem failed\n");
	table(&l, out, sizeof(out));
	ksft_test_result(l.sysv_listed && strstr(out, "unattached SysV 0"),
			 "with sysvipc/shm: unattached SysV counted (0 B)\n");
	km_shm_free(&l);

	fakeproc_done();
	check_processes();
	check_sysv0();
	check_swap();
	check_fallbacks();
	ksft_finished();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc shmem source on /proc trees made here: one without
 * /proc/PID/map_files (kernels before 3.3, or without CHECKPOINT_RESTORE
 * before 4.3) must say that it could not list mapped objects, and one
 * without /proc/sysvipc/shm must not print "unattached SysV 0 B" as if it
 * had counted them; a process mapping one object twice is one process;
 * SysV segment 0 (maps shows inode 0), and two segments 0 of two IPC
 * namespaces.
 * The trees live on /dev/shm, so that a map_files entry made here is a
 * tmpfs file with the size and blocks a test gives it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include "../lib/fakeproc.h"
#include "../lib/ktap.h"
#include "../../user/cli.h"
#include "../../user/procfs.h"

/* The table as text, into @buf. */
static void table(const struct km_shm *l, char *buf, size_t len)
{
	FILE *f = fmemopen(buf, len, "w");

	if (!f)
		ktap_bail("fmemopen");
	km_table_shmem(f, l, 'k', NULL);
	fclose(f);
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
		ktap_bail("cannot make %s", path);
	memset(buf, 1, sizeof(buf));
	for (done = 0; done < written; done += sizeof(buf))
		if (pwrite(fd, buf, sizeof(buf), (off_t)done) != (ssize_t)sizeof(buf))
			ktap_bail("cannot write %s", path);
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
	put("meminfo", "MemTotal: 1000000 kB\nShmem: 1024 kB\n");
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
			ktap_bail("km_procfs_shmem failed");
		o = by_ino(&l, 61);
		ktap_ok(o && o->processes == 2 && o->vmas == 4,
			"a memfd mapped twice by each of 2 processes: 2 processes, 4 mappings (%s mappers; %u, %u)",
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
		ktap_bail("cannot make %s", path);
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
	dir("self/ns");
	link_to("self/ns/ipc", "ipc:[4026531839]");
	put("meminfo", "MemTotal: 1000000 kB\nShmem: 5120 kB\n");
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
		ktap_bail("km_procfs_shmem failed");
	for (i = 0; i < l.n; i++) {
		o = &l.v[i];
		ktap_diag("object %zu: kind %d ino %llu key %08x size %llu resident %llu processes %u",
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
	ktap_ok(ours && ours->size == 4 * MB && ours->resident == MB && ours->swapped == MB &&
		ours->processes == 1 && l.objects == 2 && l.sysv_unmapped == 0 &&
		l.mapped_resident == 4 * MB,
		"SysV shmid 0 (inode 0 in maps) is listed, mapped, with /proc/sysvipc/shm's figures");
	ktap_ok(n == 2 && other && other->size == 8 * MB && other->resident == 3 * MB &&
		other->processes == 1,
		"segment 0 of another IPC namespace is an object of its own, sized through map_files");
	km_shm_free(&l);
	fakeproc_done();
}

int main(void)
{
	struct statfs sfs;
	struct km_shm_filter flt;
	struct km_shm l;
	char out[8192];

	ktap_plan(9);
	/* map_files entries made here must be tmpfs files. */
	if (statfs("/dev/shm", &sfs) || (unsigned long)sfs.f_type != 0x01021994)
		ktap_bail("/dev/shm is not a tmpfs");
	setenv("TMPDIR", "/dev/shm", 1);
	fakeproc_init();
	dir("self");
	dir("100");
	put("100/comm", "holder\n");
	put("100/maps", "7f0000000000-7f0000100000 rw-s 00000000 00:05 4242 /dev/shm/held\n");
	put("meminfo", "MemTotal: 1000000 kB\nShmem: 2048 kB\n");

	memset(&flt, 0, sizeof(flt));
	if (km_procfs_shmem(root, &flt, &l))
		ktap_bail("km_procfs_shmem failed");
	ktap_diag("note: %s", l.note);
	ktap_ok(strstr(l.note, "no /proc/PID/map_files") && strstr(l.note, "load the module"),
		"no map_files: the source says it cannot list mapped objects, and names the fix");
	ktap_ok(l.shmem == 2048 * 1024 && !l.sysv_listed,
		"no map_files: Shmem still read from meminfo, SysV not listed");
	table(&l, out, sizeof(out));
	ktap_ok(!strstr(out, "unattached SysV 0") && strstr(out, "not listed by this source") &&
		strstr(out, "no /proc/PID/map_files"),
		"no sysvipc/shm: the table does not claim 0 B of unattached SysV");
	km_shm_free(&l);

	dir("self/map_files");
	if (km_procfs_shmem(root, &flt, &l))
		ktap_bail("km_procfs_shmem failed");
	ktap_ok(!strstr(l.note, "map_files (3.3"),
		"with map_files: no such note (%s)", l.note);
	km_shm_free(&l);

	dir("sysvipc");
	put("sysvipc/shm", "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n");
	if (km_procfs_shmem(root, &flt, &l))
		ktap_bail("km_procfs_shmem failed");
	table(&l, out, sizeof(out));
	ktap_ok(l.sysv_listed && strstr(out, "unattached SysV 0"),
		"with sysvipc/shm: unattached SysV counted (0 B)");
	km_shm_free(&l);

	fakeproc_done();
	check_processes();
	check_sysv0();
	return ktap_exit();
}

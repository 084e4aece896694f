// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc shmem source on /proc trees made here: one without
 * /proc/PID/map_files (kernels before 3.3, or without CHECKPOINT_RESTORE
 * before 4.3) must say that it could not list mapped objects, and one
 * without /proc/sysvipc/shm must not print "unattached SysV 0 B" as if it
 * had counted them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

int main(void)
{
	struct km_shm_filter flt;
	struct km_shm l;
	char out[8192];

	ktap_plan(5);
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
	return ktap_exit();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * A dump whose first part is postponed keeps the module's code. Asked for
 * on a socket whose receive queue is full, a dump runs only at the
 * socket's next read (or its .done at close): the module must not be
 * unloadable meanwhile, or that read jumps into freed code. From 3.13
 * (3.10.y and RHEL 7 too) genetlink has netlink hold the module for the
 * dump; before, no module code runs until that read, so the module holds
 * itself from init and cannot be unloaded at all. So: rmmod
 * fails while the dump is pending, the read gets the whole dump, and
 * afterwards the module unloads (and is loaded again) where the kernel
 * holds it for its dumps, and still refuses, with only its own reference,
 * where it holds itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "kselftest.h"
#include "../lib/nlraw.h"
#include "../../user/kmod.h"
#include "../../kmod/uapi/kmemstat.h"

/* Unread answers enough to fill a 4 KiB receive buffer on every kernel (2.6.32 trims them small). */
#define FILLERS 64
#define KO "/lib/modules/kmemstat.ko"

/* rmmod kmemstat as rmmod does it; 0, or the errno. */
static int unload(void)
{
	return syscall(SYS_delete_module, "kmemstat", O_NONBLOCK | O_EXCL) ? errno : 0;
}

/* The module's reference count in /proc/modules; -1 when it is not loaded. */
static int refcount(void)
{
	char line[256];
	int n = -1;
	FILE *f = fopen("/proc/modules", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "kmemstat ", 9) && sscanf(line, "%*s %*u %d", &n) == 1)
			break;
	fclose(f);
	return n;
}

static int kernel_before(int ma, int mi)
{
	struct utsname u;
	int a = 0, b = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &a, &b) != 2)
		return 0;
	return a < ma || (a == ma && b < mi);
}

/*
 * Whether the module holds itself for good (where its kernel's genetlink
 * does not hold a dump's module: before 3.13, but for 3.10.y and RHEL 7):
 * its references at load, which run-suite.sh records before any client.
 */
static int module_pins(void)
{
	FILE *f = fopen("/tmp/kmemstat.refs-at-load", "r");
	int n = -1;

	if (f) {
		if (fscanf(f, "%d", &n) != 1)
			n = -1;
		fclose(f);
	}
	if (n != 0 && n != 1)
		ksft_exit_fail_msg("no count of the module's references at load (run-suite.sh's load_module)\n");
	return n;
}

static void on_task(const struct nlattr *a, void *arg)
{
	(void)a;
	++*(int *)arg;
}

int main(void)
{
	int fd, i, err, overruns = 0, tasks = 0, pins = module_pins(), rc;
	uint16_t family;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time: insmod runs in a child */
	ksft_print_header();
	ksft_set_plan(3);
	if (geteuid())
		ksft_exit_fail_msg("run as root: the test unloads the module\n");
	family = nlraw_family();

	fd = nlraw_overrun_dump(family, KMEMSTAT_ABI_VERSION, KMEMSTAT_CMD_GET_INFO, FILLERS,
				KMEMSTAT_CMD_GET_TASKS);
	if (fd < 0)
		ksft_exit_fail_msg("netlink socket: %s\n", strerror(errno));

	rc = unload();
	ksft_test_result(rc == EWOULDBLOCK || rc == EBUSY,
			 "rmmod while a dump waits on a full socket is refused (%s)\n",
			 rc ? strerror(rc) : "it unloaded");
	if (!rc)
		ksft_print_msg("the module is gone and its dump still pending: the read below runs freed code\n");

	err = nlraw_read_dump(fd, 65536, KMEMSTAT_A_TASK, on_task, &tasks, &overruns);
	close(fd);
	/* The overrun report proves the queue was full when the dump was asked. */
	ksft_test_result(!err && overruns && tasks > 0,
			 "the socket's next read gets the whole dump (status %d, %d tasks, %d overrun reports)\n",
			 err, tasks, overruns);

	if (pins) {
		rc = unload();
		i = refcount();
		ksft_test_result(kernel_before(3, 13) && (rc == EWOULDBLOCK || rc == EBUSY) && i == 1,
				 "the module holds itself on this kernel (before 3.13): rmmod is refused (%s), its only reference its own (%d)\n",
				 rc ? strerror(rc) : "it unloaded", i);
	} else {
		rc = unload();
		ksft_test_result(!rc && refcount() < 0 && !system("insmod " KO) && refcount() == 0,
				 "with the dump read, the module unloads and loads again (%s)\n",
				 rc ? strerror(rc) : "ok");
	}
	ksft_finished();
}

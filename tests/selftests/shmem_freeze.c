// SPDX-License-Identifier: GPL-2.0
/*
 * One user's GET_SHMEM must not freeze generic netlink for the whole host.
 *
 * netlink runs a dump's first part inside the request's sendmsg(), where
 * genl_rcv() holds genetlink's cb_lock for reading. Registering or
 * unregistering any family takes cb_lock for writing: loading a module
 * such as wireguard or team, which any user makes the kernel do by asking
 * nlctrl for a family that is not loaded. Once that writer waits, every
 * generic netlink request of the host waits behind it, until the dump's
 * first part ends. So that part must be short, whatever the caller maps.
 *
 * First, nobody's GETFAMILY of "kmemstat_test", which is not loaded, makes
 * the kernel load tests/vm/helpers' kmemstat_genltest, which registers it: any user can make
 * a writer. Then nobody holds maps mappings of a /dev/shm file in each of
 * PROCS processes (fork copies them), and asks GET_SHMEM of them with
 * mappers and their page-table walk; the moment it sends, root loads the
 * module (a writer on cb_lock, as modprobe would be) and times GETFAMILY of
 * nlctrl again and again. The dump's sendmsg() must be a small share of
 * the dump (before, it was all of it: the snapshot), and so must
 * GETFAMILY's worst wait (before, the rest of that sendmsg()); the dump
 * must end with every mapping counted.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kselftest.h"
#include "../lib/nlctrl.h"
#include "../lib/nlraw.h"
#include "../lib/procs.h"
#include "../../user/kmod.h"
#include "../../kmod/uapi/kmemstat.h"

#define PAGE		4096UL
#define MAPS		60000		/* under the default vm.max_map_count */
/*
 * On the debug kernel (KMEMSTAT_DEBUG_KERNEL) a quarter: there forking and
 * tearing down 720,000 mappings took 10 minutes of make check, and the
 * shares below hold at any size.
 */
static int maps = MAPS;
#define PROCS		12
#define MEASURE		1.5		/* seconds of GETFAMILYs */
#define HELPER		"kmemstat_genltest"
#define FAMILY		"kmemstat_test"
#define NOHELPER	"no tests/vm/helpers module (built where tests/vm/run.sh has the kernel's headers)"

static char path[] = "/dev/shm/kmemstat-freeze";
static char ko[256];
static uint16_t family;

struct held {
	uint64_t ino;
	int err;
};

/* nobody: the mappings and the processes that inherit them; report, wait. */
static void holder(int fd)
{
	struct held h;
	struct stat st;
	char *m;
	int f, i;

	memset(&h, 0, sizeof(h));
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	procs_become_nobody();
	setpgid(0, 0);		/* the parent ends the group with one kill */
	f = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (f < 0 || ftruncate(f, PAGE) || fstat(f, &st))
		h.err = errno;
	/* Offset 0 each time: neighbours cannot merge into one mapping. */
	for (i = 0; !h.err && i < maps; i++) {
		m = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, f, 0);
		if (m == MAP_FAILED)
			h.err = errno;
		else
			(void)*(volatile char *)m;	/* the page-table walk finds it */
	}
	for (i = 1; !h.err && i < PROCS; i++) {
		pid_t c = fork();

		if (c < 0)
			h.err = errno;
		if (!c)
			for (;;)
				pause();
	}
	h.ino = st.st_ino;
	if (write(fd, &h, sizeof(h)) != sizeof(h))
		_exit(8);
	for (;;)
		pause();
}

static struct held held;

struct dumped {
	int err, found;
	uint32_t vmas, processes, listed, omitted;
	double send, whole;	/* seconds in sendmsg(), and to the dump's end */
};

static void on_object(const struct nlattr *nest, void *arg)
{
	struct dumped *d = arg;
	struct nlraw_shm o;

	nlraw_shm_object(nest, &o);
	if (o.ino != held.ino)
		return;
	d->found++;
	d->vmas = o.vmas;
	d->processes = o.processes;
	d->listed += o.listed;
	d->omitted += o.omitted;
}

static int go[2];	/* the dumper says when it sends */

/* nobody: GET_SHMEM with mappers and page-table walks, timed, to the end. */
static void dumper(int fd)
{
	struct nlraw_nest f = { KMEMSTAT_A_SHMEM_FILTER, {
		{ KMEMSTAT_SF_FLAGS, KMEMSTAT_SHMEM_F_MAPPERS | KMEMSTAT_SHMEM_F_MAPPED } } };
	struct dumped d;
	double t0;
	int s;

	memset(&d, 0, sizeof(d));
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	procs_become_nobody();
	s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (s < 0 || write(go[1], "s", 1) != 1)
		_exit(4);
	t0 = now();
	d.err = nlraw_send(s, family, KMEMSTAT_CMD_GET_SHMEM, KMEMSTAT_ABI_VERSION,
			   NLM_F_DUMP, &f);
	d.send = now() - t0;
	if (!d.err)
		d.err = nlraw_read_dump(s, 65536, KMEMSTAT_A_SHMEM_OBJECT, on_object, &d, NULL);
	d.whole = now() - t0;
	_exit(write(fd, &d, sizeof(d)) == sizeof(d) ? 0 : 1);
}

/* root: load the module, a writer on cb_lock; seconds it took, to @fd. */
static void writer(int fd)
{
	double t0 = now(), t;
	int k = open(ko, O_RDONLY | O_CLOEXEC);

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	t = k >= 0 && !syscall(SYS_finit_module, k, "", 0) ? now() - t0 : -1;
	_exit(write(fd, &t, sizeof(t)) == sizeof(t) ? 0 : 1);
}

/* root: GETFAMILY of nlctrl for MEASURE seconds: rounds and the worst, to @fd. */
static void measurer(int fd)
{
	double r[2] = { 0, 0 }, t, end = now() + MEASURE;
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	while (s >= 0 && now() < end) {
		t = nlctrl_getfamily(s);
		if (t < 0) {
			r[1] = -1;
			break;
		}
		r[0]++;
		if (t > r[1])
			r[1] = t;
		usleep(1000);
	}
	_exit(write(fd, r, sizeof(r)) == sizeof(r) ? 0 : 1);
}

/* Read @len bytes from @fd within @secs seconds; 0, or -1. */
static int read_within(int fd, void *buf, size_t len, double secs)
{
	struct pollfd p = { fd, POLLIN, 0 };

	if (poll(&p, 1, (int)(secs * 1000)) != 1)
		return -1;
	return read(fd, buf, len) == (ssize_t)len ? 0 : -1;
}

static int helper_loaded(void)
{
	char line[256];
	FILE *f = fopen("/proc/modules", "r");
	int found = 0;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, HELPER " ", strlen(HELPER) + 1))
			found = 1;
	if (f)
		fclose(f);
	return found;
}

static void helper_unload(void)
{
	if (helper_loaded())
		syscall(SYS_delete_module, HELPER, O_NONBLOCK);
}

/* nobody: ask nlctrl for the family nobody loaded; 1 if it was then found. */
static void ask(int fd)
{
	int s, found = 0;

	procs_become_nobody();
	s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (s < 0 || nlctrl_getfamily_name(s, FAMILY, &found) < 0)
		found = 0;
	_exit(write(fd, &found, sizeof(found)) == sizeof(found) ? 0 : 1);
}

int main(void)
{
	double load = -1, idle[2] = { 0, -1 }, busy[2] = { 0, -1 };
	int hp_fd[2], p[2], w[2], m[2], found = 0, helper;
	struct utsname u;
	struct dumped d;
	pid_t hp, dp, wp, mp;
	char c;

	if (getenv("KMEMSTAT_DEBUG_KERNEL"))
		maps = MAPS / 4;
	uname(&u);
	snprintf(ko, sizeof(ko), "/lib/modules/%s/extra/" HELPER ".ko", u.release);
	helper = !access(ko, R_OK);
	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(5);
	family = nlraw_family();

	/* Any user can make a writer. */
	if (helper) {
		helper_unload();
		if (pipe(p))
			ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
		dp = procs_fork_with(ask, p);
		if (read_within(p[0], &found, sizeof(found), 60))
			found = 0;
		close(p[0]);
		waitpid(dp, NULL, 0);
		ksft_test_result(found && helper_loaded(),
			"nobody's GETFAMILY of an unloaded family makes the kernel load its module, which takes cb_lock for writing\n");
		helper_unload();
	} else {
		ksft_test_result_skip("nobody's GETFAMILY of an unloaded family makes the kernel load its module (%s)\n",
				      NOHELPER);
	}

	/* GETFAMILY idle, with the same measurer. */
	if (pipe(m))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	mp = procs_fork_with(measurer, m);
	if (read_within(m[0], idle, sizeof(idle), 60))
		idle[1] = -1;
	close(m[0]);
	waitpid(mp, NULL, 0);

	if (pipe(hp_fd))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	hp = procs_fork_with(holder, hp_fd);
	if (read(hp_fd[0], &held, sizeof(held)) != sizeof(held) || held.err)
		ksft_exit_fail_msg("nobody's holder could not map and fork: %s\n", strerror(held.err));

	/* nobody's dump; the moment it sends, the writer, then the measurer. */
	if (pipe(go) || pipe(p) || pipe(w) || pipe(m))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	dp = procs_fork_with(dumper, p);
	close(go[1]);
	if (read(go[0], &c, 1) != 1)
		ksft_exit_fail_msg("nobody's dumper died\n");
	wp = helper ? procs_fork_with(writer, w) : 0;
	usleep(10000);
	mp = procs_fork_with(measurer, m);
	if (read_within(m[0], busy, sizeof(busy), 300))
		busy[1] = -1;
	if (helper && read_within(w[0], &load, sizeof(load), 300))
		load = -1;
	if (read_within(p[0], &d, sizeof(d), 300)) {
		memset(&d, 0, sizeof(d));
		d.err = -ETIMEDOUT;
	}
	ksft_print_msg("nobody's dump of %d mappings in %d processes: %.1f ms in sendmsg(), %.1f ms to its end (err %d)\n",
		  maps * PROCS, PROCS, d.send * 1e3, d.whole * 1e3, d.err);
	/* Shares of the dump, not times: this machine's speed and load vary. */
	ksft_test_result(!d.err && d.send * 4 < d.whole,
		"the dump's first part (its sendmsg(), under cb_lock) is under a quarter of it (%.1f ms of %.1f ms)\n",
		d.send * 1e3, d.whole * 1e3);
	ksft_print_msg("root's module load, a cb_lock writer, took %.1f ms; GETFAMILY of nlctrl: idle worst %.2f ms (%.0f rounds), meanwhile worst %.2f ms (%.0f rounds)\n",
		  load * 1e3, idle[1] * 1e3, idle[0], busy[1] * 1e3, busy[0]);
	if (helper)
		ksft_test_result(load >= 0 && busy[1] >= 0 && busy[1] * 4 < d.whole,
			"generic netlink answers while nobody's GET_SHMEM runs and a family registers: its worst wait is under a quarter of the dump (%.1f ms)\n",
			busy[1] * 1e3);
	else
		ksft_test_result_skip("generic netlink answers while nobody's GET_SHMEM runs and a family registers (%s)\n",
				      NOHELPER);
	ksft_print_msg("the file: found %d, processes %u, vmas %u, listed %u, omitted %u\n",
		  d.found, d.processes, d.vmas, d.listed, d.omitted);
	ksft_test_result(!d.err && d.found == 1 && d.vmas == (uint64_t)maps * PROCS && d.processes == PROCS,
		"nobody's dump ends with all %d mappings of its %d processes\n", maps * PROCS, PROCS);
	ksft_test_result(!d.err && d.listed + d.omitted == d.vmas, "its listed plus omitted mappers equal VMAS\n");

	kill(-hp, SIGKILL);
	kill(dp, SIGKILL);
	if (wp)
		kill(wp, SIGKILL);
	kill(mp, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0)
		;
	helper_unload();
	unlink(path);
	ksft_finished();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Start times in the reader's time namespace. /proc/PID/stat's start time
 * (field 22) adds the reading task's time namespace's boottime offset
 * (timens_add_boottime_ns(): 6.1 does, 5.10 does not though it has time
 * namespaces), and GET_TASKS' START_NS must do as its kernel's /proc does.
 * A child makes a time namespace whose boottime is 1000 s ahead of the
 * host's (what unshare -T --boottime 1000 makes) and forks into it; that
 * grandchild reads a sleeper's start time from its /proc and from the
 * module, which must agree to the clock tick.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "kselftest.h"
#include "../lib/procs.h"
#include "../../user/kmod.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#define OFFSET_S 1000

static pid_t sleeper;
static long hz;

/* Field 22 of /proc/@pid/stat, in clock ticks; ~0 when unreadable. */
static unsigned long long proc_start(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long start;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return ~0ULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return ~0ULL;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d "
			 "%*d %*d %*d %*d %llu", &start) != 1)
		return ~0ULL;
	return start;
}

/* The module's start time of @pid, in clock ticks; ~0 on failure. */
static unsigned long long module_start(pid_t pid)
{
	struct km_task_filter f;
	struct km_tasks l;
	struct km_nl nl;
	unsigned long long t = ~0ULL;

	memset(&f, 0, sizeof(f));
	memset(&l, 0, sizeof(l));
	f.pid = pid;
	if (km_nl_open(&nl))
		return ~0ULL;
	if (!km_kmod_tasks(&nl, &f, &l) && l.n == 1)
		t = l.v[0].start / (1000000000ULL / (unsigned long long)hz);
	km_nl_close(&nl);
	km_tasks_free(&l);
	return t;
}

struct seen {
	unsigned long long proc, module;
	long long boottime_s;	/* CLOCK_BOOTTIME there, in seconds */
};

static long long boottime_s(void)
{
	struct timespec ts;

	return clock_gettime(CLOCK_BOOTTIME, &ts) ? -1 : (long long)ts.tv_sec;
}

/* In the new time namespace: its clock, and what its /proc and the module say. */
static void inside(int fd)
{
	struct seen s;

	s.boottime_s = boottime_s();
	s.proc = proc_start(sleeper);
	s.module = module_start(sleeper);
	_exit(write(fd, &s, sizeof(s)) == sizeof(s) ? 0 : 5);
}

/* Make the namespace for children, 1000 s ahead in boottime; fork into it. */
static void maker(int fd)
{
	char off[32];
	int st;
	pid_t pid;

	if (unshare(CLONE_NEWTIME))
		_exit(6);
	snprintf(off, sizeof(off), "boottime %d 0", OFFSET_S);
	if (procs_write_file("/proc/self/timens_offsets", off))
		_exit(7);
	pid = fork();
	if (pid < 0)
		_exit(4);
	if (!pid)
		inside(fd);
	_exit(waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : 8);
}

int main(void)
{
	unsigned long long host_proc, host_module, ahead;
	long long host_boot;
	struct seen s;
	int p[2], st;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	if (access("/proc/self/timens_offsets", F_OK))
		ksft_exit_skip("no time namespaces on this kernel (5.6, CONFIG_TIME_NS)\n");
	ksft_set_plan(3);
	if (geteuid())
		ksft_exit_fail_msg("run as root: making a time namespace needs CAP_SYS_ADMIN\n");
	hz = sysconf(_SC_CLK_TCK);
	sleeper = fork();
	if (sleeper < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (!sleeper)
		for (;;)
			pause();

	host_proc = proc_start(sleeper);
	host_module = module_start(sleeper);
	ksft_test_result(host_proc != ~0ULL && host_module == host_proc,
			 "the host's start time: /proc and the module agree (%llu, %llu ticks)\n",
			 host_proc, host_module);

	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	host_boot = boottime_s();
	pid = procs_fork_with(maker, p);
	if (read(p[0], &s, sizeof(s)) != sizeof(s))
		s.proc = s.module = ~0ULL, s.boottime_s = -1;
	close(p[0]);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		ksft_exit_fail_msg("the time namespace's reader failed (status %#x)\n", st);
	/* Kernels that have time namespaces but do not shift /proc's start times: 5.6 to 5.10. */
	ahead = OFFSET_S * (unsigned long long)hz;
	ksft_test_result(s.boottime_s >= host_boot + OFFSET_S &&
			 s.boottime_s < host_boot + OFFSET_S + 60 &&
			 (s.proc == host_proc || s.proc == host_proc + ahead),
			 "a time namespace %d s ahead in boottime (%lld s, the host's %lld s); /proc's start time there is %s (%llu ticks)\n",
			 OFFSET_S, s.boottime_s, host_boot,
			 s.proc == host_proc + ahead ? "1000 s later" :
			 s.proc == host_proc ? "the host's" : "neither", s.proc);
	ksft_test_result(s.module == s.proc,
			 "in a time namespace %d s ahead, the module's start time is /proc's (%llu, %llu ticks)\n",
			 OFFSET_S, s.module, s.proc);

	kill(sleeper, SIGKILL);
	waitpid(sleeper, NULL, 0);
	ksft_finished();
}

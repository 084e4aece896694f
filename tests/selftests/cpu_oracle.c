// SPDX-License-Identifier: GPL-2.0
/*
 * Per-task CPU time, states and counters from the module against the
 * kernel's own /proc/PID/stat, /proc/PID/task/TID/stat, status and
 * schedstat, on workloads made for it: a process spinning in user space,
 * one spinning in system calls, a multi-threaded one whose threads exit,
 * a vfork parent waiting in D state. The workloads are stopped (SIGSTOP)
 * before comparing, so nothing moves: every figure must be equal, to the
 * clock tick for times (/proc's unit). Then: the summary against the dump,
 * filters, and a dump under fork/exit churn (no duplicates, no skips).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "kselftest.h"
#include "../../user/kmod.h"
#include "../../user/procfs.h"
#include "../../user/tasks.h"

static uint64_t tick_ns;

/* ---- workloads --------------------------------------------------------- */

static void spin_user(void)
{
	volatile unsigned long x = 0;

	for (;;)
		x++;
}

static void spin_sys(void)
{
	static char buf[1 << 16];
	int fd = open("/dev/zero", O_RDONLY);

	for (;;)
		if (read(fd, buf, sizeof(buf)) < 0)
			_exit(1);
}

/* Spin until this thread has used @arg seconds of CPU. */
static void *spin_for(void *arg)
{
	double limit = *(double *)arg;
	volatile unsigned long x = 0;
	struct timespec ts;

	do {
		for (x = 0; x < 100000; x++)
			;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	} while ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9 < limit);
	return NULL;
}

/* Written by threads_exiting() once its two brief threads are joined. */
static int joined[2];

/* Four threads spin; two of them exit after 0.3 s of CPU, two spin on. */
static void threads_exiting(void)
{
	static double brief = 0.3, long_run = 1e9;
	pthread_t t[4];
	int i;

	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, spin_for, i < 2 ? &brief : &long_run);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	if (write(joined[1], "j", 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

/* A vfork parent sleeps in D until its child exits. */
static void vfork_parent(void)
{
	pid_t c = vfork();

	if (c == 0) {
		struct timespec ts = { 30, 0 };

		nanosleep(&ts, NULL);
		_exit(0);
	}
	waitpid(c, NULL, 0);
	_exit(0);
}

static pid_t start(void (*fn)(void))
{
	pid_t p = fork();

	if (p < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (p == 0) {
		fn();
		_exit(0);
	}
	return p;
}

/* ---- the oracle: /proc --------------------------------------------------- */

struct proc_stat {
	char state;
	char comm[16];
	long ppid;
	unsigned long long minflt, majflt, utime, stime, threads, start;
};

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static int proc_stat(const char *path, struct proc_stat *s)
{
	char buf[1024], *open, *close;
	size_t n;

	if (read_file(path, buf, sizeof(buf)))
		return -1;
	open = strchr(buf, '(');
	close = strrchr(buf, ')');
	if (!open || !close)
		return -1;
	n = (size_t)(close - open - 1);
	if (n > 15)
		n = 15;
	memcpy(s->comm, open + 1, n);
	s->comm[n] = '\0';
	if (sscanf(close + 2, "%c %ld %*d %*d %*d %*d %*u %llu %*u %llu %*u %llu %llu "
		   "%*d %*d %*d %*d %llu %*d %llu", &s->state, &s->ppid, &s->minflt,
		   &s->majflt, &s->utime, &s->stime, &s->threads, &s->start) != 8)
		return -1;
	return 0;
}

static unsigned long long status_field(const char *path, const char *key)
{
	char buf[4096], *p;

	if (read_file(path, buf, sizeof(buf)) || !(p = strstr(buf, key)))
		return ~0ULL;
	return strtoull(p + strlen(key), NULL, 10);
}

static unsigned long long schedstat_runtime(const char *path)
{
	char buf[256];

	if (read_file(path, buf, sizeof(buf)))
		return ~0ULL;
	return strtoull(buf, NULL, 10);
}

/* Wait (up to 30 s) until /proc/@pid/stat shows @state, or @threads threads. */
static int wait_for(pid_t pid, char state, unsigned long long threads)
{
	char path[64];
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (i = 0; i < 3000; i++) {
		struct proc_stat s;

		if (!proc_stat(path, &s) &&
		    (state ? s.state == state : s.threads == threads))
			return 0;
		usleep(10000);
	}
	return -1;
}

/* ---- checks ---------------------------------------------------------------- */

static struct km_nl nl;

static int dump(int threads, int32_t tgid, struct km_tasks *l)
{
	struct km_task_filter f;
	int err;

	memset(&f, 0, sizeof(f));
	f.threads = threads;
	f.tgid = tgid;
	err = km_kmod_tasks(&nl, &f, l);
	if (err)
		ksft_print_msg("GET_TASKS: %s\n", km_nl_strerror(err));
	return err;
}

#define TICKS(ns) ((unsigned long long)((ns) / tick_ns))

static int said_no_schedstat;

/* Compare one module record with its /proc files under @dir; 1 when equal. */
static int same_as_proc(const struct km_task *t, const char *dir, int thread)
{
	char path[128];
	struct proc_stat s;
	int ok = 1;

	snprintf(path, sizeof(path), "%s/stat", dir);
	if (proc_stat(path, &s)) {
		ksft_print_msg("%s: unreadable\n", path);
		return 0;
	}
#define EQ(what, mine, theirs) do { \
		if ((unsigned long long)(mine) != (unsigned long long)(theirs)) { \
			ksft_print_msg("%s %s: module %llu, /proc %llu\n", dir, what, \
				       (unsigned long long)(mine), (unsigned long long)(theirs)); \
			ok = 0; \
		} } while (0)
	EQ("utime (ticks)", TICKS(t->utime), s.utime);
	EQ("stime (ticks)", TICKS(t->stime), s.stime);
	EQ("state", t->state, s.state);
	EQ("ppid", t->ppid, s.ppid);
	EQ("start (ticks)", TICKS(t->start), s.start);
	EQ("minflt", t->min_flt, s.minflt);
	EQ("majflt", t->maj_flt, s.majflt);
	if (strcmp(t->comm, s.comm)) {
		ksft_print_msg("%s comm: module '%s', /proc '%s'\n", dir, t->comm, s.comm);
		ok = 0;
	}
	if (thread) {
		snprintf(path, sizeof(path), "%s/status", dir);
		EQ("voluntary_ctxt_switches", t->nvcsw,
		   status_field(path, "voluntary_ctxt_switches:"));
		EQ("nonvoluntary_ctxt_switches", t->nivcsw,
		   status_field(path, "nonvoluntary_ctxt_switches:"));
		/* /proc/PID/schedstat needs SCHEDSTATS (before 4.2: no SCHED_INFO). */
		snprintf(path, sizeof(path), "%s/schedstat", dir);
		if (!access(path, F_OK))
			EQ("runtime (schedstat)", t->runtime, schedstat_runtime(path));
		else if (!said_no_schedstat++)
			ksft_print_msg("%s: absent (a kernel without SCHEDSTATS): runtime not compared\n", path);
	} else {
		EQ("threads", t->threads, s.threads);
	}
#undef EQ
	return ok;
}

/* Every thread and the process record of @pid equal /proc's. */
static void check_against_proc(pid_t pid, const char *what, struct km_task *proc_out)
{
	struct km_tasks l;
	char dir[64];
	size_t i;
	int ok;

	ok = !dump(1, pid, &l) && l.n > 0;
	for (i = 0; ok && i < l.n; i++) {
		snprintf(dir, sizeof(dir), "/proc/%d/task/%d", pid, l.v[i].pid);
		ok = same_as_proc(&l.v[i], dir, 1) && ok;
	}
	ksft_test_result(ok, "%s: %zu thread(s) equal /proc/PID/task/TID/stat, status, schedstat\n", what, l.n);
	km_tasks_free(&l);

	ok = !dump(0, pid, &l) && l.n == 1;
	if (ok) {
		snprintf(dir, sizeof(dir), "/proc/%d", pid);
		ok = same_as_proc(&l.v[0], dir, 0);
		*proc_out = l.v[0];
	}
	ksft_test_result(ok, "%s: the process equals /proc/PID/stat\n", what);
	km_tasks_free(&l);
}

static uint64_t cpu(const struct km_task *t)
{
	return t->utime + t->stime;
}

/* The summary lies between two identical dumps' figures. */
static void check_summary(void)
{
	struct km_tasks a, b, ta, tb;
	struct km_task_summary s;
	uint64_t ua = 0, sa = 0, ub = 0, sb = 0;
	uint32_t tot = 0;
	int tries, ok = 0, i;
	size_t j;

	for (tries = 0; tries < 20 && !ok; tries++) {
		if (dump(0, 0, &a) || dump(1, 0, &ta) || km_kmod_task_summary(&nl, &s) ||
		    dump(0, 0, &b) || dump(1, 0, &tb))
			ksft_exit_fail_msg("dump or summary failed\n");
		if (a.n == b.n && ta.n == tb.n && s.processes == a.n && s.threads == ta.n) {
			ok = 1;
			for (j = 0; j < a.n; j++) {
				ua += a.v[j].utime;
				sa += a.v[j].stime;
				ub += b.v[j].utime;
				sb += b.v[j].stime;
			}
		}
		km_tasks_free(&a);
		km_tasks_free(&b);
		km_tasks_free(&ta);
		km_tasks_free(&tb);
	}
	ksft_test_result(ok, "summary counts equal the dumps' (%u processes, %u threads)\n",
			 s.processes, s.threads);
	/* The total only grows; its split may shift between calls. */
	ksft_test_result(ok && ua + sa <= s.utime + s.stime && s.utime + s.stime <= ub + sb,
			 "summary CPU time lies between two dumps' sums (user %.3f s, system %.3f s)\n",
			 (double)s.utime / 1e9, (double)s.stime / 1e9);
	for (i = 0; i < KM_NSTATES; i++)
		tot += s.proc_states[i];
	ksft_test_result(tot == s.processes, "summary process states add up to the count\n");
}

/* pids strictly increasing, and every pid of @stable exactly once. */
static int dump_consistent(const struct km_tasks *l, const pid_t *stable, int n)
{
	size_t i;
	int k, seen;

	for (i = 1; i < l->n; i++)
		if (l->v[i].pid <= l->v[i - 1].pid) {
			ksft_print_msg("pid %d after %d\n", l->v[i].pid, l->v[i - 1].pid);
			return 0;
		}
	for (k = 0; k < n; k++) {
		for (seen = 0, i = 0; i < l->n; i++)
			seen += l->v[i].pid == stable[k];
		if (seen != 1) {
			ksft_print_msg("pid %d seen %d times\n", stable[k], seen);
			return 0;
		}
	}
	return 1;
}

static void churn(void)
{
	for (;;) {
		pid_t p = fork();

		if (p == 0)
			_exit(0);
		if (p > 0)
			waitpid(p, NULL, 0);
	}
}

#define NSLEEPERS 400

static void check_churn(void)
{
	static pid_t sleepers[NSLEEPERS];
	struct km_tasks l;
	pid_t ch[2];
	int i, ok = 1, msgs_ok = 1;

	for (i = 0; i < NSLEEPERS; i++)
		sleepers[i] = start((void (*)(void))pause);
	ch[0] = start(churn);
	ch[1] = start(churn);
	for (i = 0; i < 20 && ok; i++) {
		if (dump(i & 1, 0, &l))
			ksft_exit_fail_msg("dump failed under churn\n");
		ok = dump_consistent(&l, sleepers, NSLEEPERS);
		msgs_ok = msgs_ok && l.n > NSLEEPERS;
		km_tasks_free(&l);
	}
	ksft_test_result(ok, "20 dumps while 2 processes fork and exit: pids in order, each of %d stable tasks exactly once\n",
			 NSLEEPERS);
	ksft_test_result(msgs_ok, "dumps of > %d tasks (several messages) are complete\n", NSLEEPERS);
	kill(ch[0], SIGKILL);
	kill(ch[1], SIGKILL);
	for (i = 0; i < NSLEEPERS; i++)
		kill(sleepers[i], SIGKILL);
	while (wait(NULL) > 0 || errno == EINTR)
		;
}

static void check_filters(pid_t user, pid_t sys, pid_t dstate)
{
	struct km_task_filter f;
	struct km_tasks l;
	size_t i;
	int ok;

	memset(&f, 0, sizeof(f));
	f.state_mask = 1U << KMEMSTAT_STATE_T;
	ok = !km_kmod_tasks(&nl, &f, &l) && l.n >= 3;
	for (i = 0; ok && i < l.n; i++)
		ok = l.v[i].state == 'T';
	ksft_test_result(ok, "state filter T: only stopped processes (%zu)\n", l.n);
	km_tasks_free(&l);

	f.state_mask = 1U << KMEMSTAT_STATE_D;
	f.threads = 1;
	ok = !km_kmod_tasks(&nl, &f, &l);
	for (i = 0; ok && i < l.n; i++)
		if (l.v[i].pid == dstate)
			break;
	ksft_test_result(ok && i < l.n, "state filter D finds the vfork parent %d\n", dstate);
	km_tasks_free(&l);

	memset(&f, 0, sizeof(f));
	f.threads = 1;
	f.pid = sys;
	ok = !km_kmod_tasks(&nl, &f, &l) && l.n == 1 && l.v[0].pid == sys;
	ksft_test_result(ok, "pid filter returns that task only\n");
	km_tasks_free(&l);

	memset(&f, 0, sizeof(f));
	f.has_uid = 1;
	f.uid = 12345;
	ok = !km_kmod_tasks(&nl, &f, &l) && l.n == 0;
	ksft_test_result(ok, "uid filter with no such tasks returns none\n");
	km_tasks_free(&l);

	memset(&f, 0, sizeof(f));
	f.min_cpu_ns = 100000000;	/* 0.1 s: the spinners, few others */
	ok = !km_kmod_tasks(&nl, &f, &l);
	for (i = 0; ok && i < l.n; i++)
		ok = cpu(&l.v[i]) >= f.min_cpu_ns;
	for (i = 0; ok && i < l.n && l.v[i].pid != user; i++)
		;
	ksft_test_result(ok && i < l.n, "minimum CPU filter keeps only tasks above it, the spinner among them\n");
	km_tasks_free(&l);
}

int main(void)
{
	struct km_task pu, ps, pt;
	struct km_tasks threads;
	pid_t user, sys, thr, vp;
	uint64_t live = 0;
	size_t i;
	int err;
	char c;

	tick_ns = 1000000000ULL / (uint64_t)sysconf(_SC_CLK_TCK);
	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(22);
	err = km_nl_open(&nl);
	if (err)
		ksft_exit_fail_msg("cannot reach the module: %s\n", km_nl_strerror(err));

	user = start(spin_user);
	sys = start(spin_sys);
	if (pipe(joined))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	thr = start(threads_exiting);
	vp = start(vfork_parent);
	/*
	 * Its thread count passes 3 on the way up too: wait for the joins,
	 * then for the exited threads to leave /proc.
	 */
	if (read(joined[0], &c, 1) != 1 || wait_for(thr, 0, 3))
		ksft_exit_fail_msg("two of the four threads did not exit\n");
	sleep(1);
	kill(user, SIGSTOP);
	kill(sys, SIGSTOP);
	kill(thr, SIGSTOP);
	if (wait_for(user, 'T', 0) || wait_for(sys, 'T', 0) || wait_for(thr, 'T', 0) ||
	    wait_for(vp, 'D', 0))
		ksft_exit_fail_msg("the workloads did not reach their states\n");
	usleep(100000);	/* let every thread of thr stop too */

	check_against_proc(user, "user spinner", &pu);
	/*
	 * The figures themselves were checked against /proc just above; this
	 * only checks the workload. Ticks are sampled, and on a loaded TCG
	 * host many land in the timer interrupt's return path and count as
	 * system time (seen: 0.72 s user, 0.14 s system), hence 3x, not 9x.
	 */
	ksft_test_result(pu.utime > 3 * pu.stime && cpu(&pu) > 200000000ULL,
			 "user spinner: mostly user time (user %.2f s, system %.2f s)\n",
			 (double)pu.utime / 1e9, (double)pu.stime / 1e9);
	check_against_proc(sys, "syscall spinner", &ps);
	ksft_test_result(ps.stime > ps.utime && cpu(&ps) > 200000000ULL,
			 "syscall spinner: mostly system time (user %.2f s, system %.2f s)\n",
			 (double)ps.utime / 1e9, (double)ps.stime / 1e9);
	check_against_proc(thr, "threads, two exited", &pt);
	if (dump(1, thr, &threads))
		ksft_exit_fail_msg("dump failed\n");
	for (i = 0; i < threads.n; i++)
		live += threads.v[i].runtime;
	ksft_test_result(threads.n == 3 && pt.threads == 3 && pt.runtime >= live + 600000000ULL,
			 "the process counts its exited threads' time: %zu live threads ran %.2f s, process %.2f s\n",
			 threads.n, (double)live / 1e9, (double)pt.runtime / 1e9);
	km_tasks_free(&threads);
	check_against_proc(vp, "vfork parent", &pt);
	ksft_test_result(pt.state == 'D', "the vfork parent is in D state (%c)\n", pt.state);

	check_filters(user, sys, vp);
	check_summary();

	/* The vfork child sleeps on, reparented; it is harmless. */
	kill(user, SIGKILL);
	kill(sys, SIGKILL);
	kill(thr, SIGKILL);
	kill(vp, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0)
		;
	check_churn();
	km_nl_close(&nl);
	ksft_finished();
}

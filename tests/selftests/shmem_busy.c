// SPDX-License-Identifier: GPL-2.0
/*
 * A GET_SHMEM snapshot never waits forever for one process. A page fault
 * stalled on a FUSE server holds its process's mmap lock, and an exec
 * stalled between its steps holds exec_update_lock: /proc/PID/maps (and
 * ps) wait for as long, and so did the module, so one stuck process hung
 * root's audit. tests/vm/helpers' kmemstat_lockhold holds a target's mmap
 * lock, then its exec lock, for writing, and with lock_wait_ms at 1000:
 * - the kernel's own reader, /proc/PID/maps, is still waiting when the
 *   module's dump has answered;
 * - that dump says KMEMSTAT_SHMEM_TRUNC_BUSY with PROCESSES_BUSY 1, leaves
 *   out the target's file and lists a control process's;
 * - `kmemstat shmem --json` says processes_busy 1 and why;
 * - once let go, /proc/PID/maps lists the target's file, and so does the
 *   module's next dump, whole.
 * Two processes held at once are both left out, the wait being the
 * snapshot's in all: many stuck processes cannot make a dump last for each.
 * And a process whose threads map and unmap without pause (writers of its
 * mmap lock, which the walk steps aside for) is read whole, not left out.
 * A watchdog lets go after 60 s if the dumps have not answered, and the
 * test fails: the module before it waited for as long as the lock was held.
 * SKIP without the helper module (the kernel matrix, kernels built by hand).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kselftest.h"
#include "../lib/procs.h"
#include "../../user/kmod.h"
#include "../../kmod/uapi/kmemstat.h"

#define HOLD		"/sys/module/kmemstat_lockhold/parameters/"
#define WAIT_PARAM	"/sys/module/kmemstat/parameters/lock_wait_ms"
/* POSIX shm files: memfd is 3.17's, and the suite runs from 2.6.32 on. */
#define TARGET		"/dev/shm/km-busy-target"
#define CONTROL		"/dev/shm/km-busy-control"
#define CHURN		"/dev/shm/km-busy-churn"
#define SECOND		"/dev/shm/km-busy-second"
#define CHURN_VMAS	2000

static char old_wait[32];	/* lock_wait_ms before the test */

/* At exit, a failure's too: no lock left held, the module's setting back. */
static void cleanup(void)
{
	procs_write_file(HOLD "mmap", "0");
	procs_write_file(HOLD "exec", "0");
	if (old_wait[0])
		procs_write_file(WAIT_PARAM, old_wait);
}

static const char *shm_path;

/* Map a one-page file at shm_path, say so on @fd, then wait to be killed. */
static void mapper(int fd)
{
	int m = open(shm_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char *p;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (m < 0 || ftruncate(m, 4096))
		_exit(3);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, m, 0);
	if (p == MAP_FAILED)
		_exit(3);
	p[0] = 1;
	if (write(fd, "r", 1) != 1)
		_exit(3);
	for (;;)
		pause();
}

static pid_t start_mapper(const char *name)
{
	int p[2];
	char c;
	pid_t pid;

	shm_path = name;
	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	pid = procs_fork_with(mapper, p);
	if (read(p[0], &c, 1) != 1)
		ksft_exit_fail_msg("the process mapping %s died\n", name);
	close(p[0]);
	return pid;
}

static int held(void)
{
	char b[8] = "";
	int fd = open(HOLD "held", O_RDONLY);

	if (fd < 0 || read(fd, b, sizeof(b) - 1) < 0)
		b[0] = 0;
	if (fd >= 0)
		close(fd);
	return atoi(b);
}

/* Until the helper says held is @want (locks held): 1, or 0 after 10 s. */
static int wait_held(int want)
{
	int i;

	for (i = 0; i < 1000; i++) {
		if (held() == want)
			return 1;
		usleep(10000);
	}
	return 0;
}

/* @pid is in state @state ('D': blocked on a lock), within 10 s. */
static int in_state(pid_t pid, char state)
{
	char path[64], line[512], *p;
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (i = 0; i < 1000; i++) {
		f = fopen(path, "r");
		p = f && fgets(line, sizeof(line), f) ? strrchr(line, ')') : NULL;
		if (f)
			fclose(f);
		if (p && p[1] == ' ' && p[2] == state)
			return 1;
		usleep(10000);
	}
	return 0;
}

static pid_t maps_pid;
static const char *hold_path;	/* the helper's parameter holding a lock now */

/*
 * A process apart, as a dump waits killably and a caught signal would not
 * end it: if the dumps have not answered in a minute (the module waits
 * 1 s), let go of the lock, so that they answer and the test goes on and
 * fails; exits 0 then. Killed before, it did nothing.
 */
static void watchdog(int fd)
{
	(void)fd;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	sleep(60);
	_exit(procs_write_file(hold_path, "0") ? 3 : 0);
}

/* /proc/PID/maps, read whole: 1 on @fd if it lists the target's file. */
static void maps_reader(int fd)
{
	char path[64], line[512];
	char found = '0';
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)maps_pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, TARGET))
			found = '1';
	if (f)
		fclose(f);
	_exit(write(fd, &found, 1) == 1 ? 0 : 3);
}

/* What the module's dump said: the two files listed, and why it was cut short. */
struct seen {
	int err, target, control;
	uint32_t truncated, busy;
};

static void dump(struct seen *s)
{
	struct km_shm_filter f;
	struct km_nl nl;
	struct km_shm l;
	size_t i;

	memset(s, 0, sizeof(*s));
	memset(&f, 0, sizeof(f));
	memset(&l, 0, sizeof(l));
	s->err = km_nl_open(&nl);
	if (s->err)
		return;
	s->err = km_kmod_shmem(&nl, &f, &l);
	km_nl_close(&nl);
	for (i = 0; i < l.n; i++) {
		s->target += !strcmp(l.v[i].name, TARGET);
		s->control += !strcmp(l.v[i].name, CONTROL);
	}
	s->truncated = l.truncated;
	s->busy = l.processes_busy;
	km_shm_free(&l);
}

/* `kmemstat shmem --json`'s output contains @want. */
static int cli_says(const char *want, char *out, size_t len)
{
	FILE *p = popen("kmemstat shmem --json 2>&1", "r");
	size_t n = p ? fread(out, 1, len - 1, p) : 0;

	out[n] = '\0';
	if (p)
		pclose(p);
	return strstr(out, want) != NULL;
}

static void one_lock(const char *lock, pid_t target, int with_cli)
{
	static char out[1 << 16];
	char path[128], pid[16], found = 0;
	struct seen during, after;
	int p[2], w[2], waiting, blocked, cli = 0, ok, fired, status = 0;
	pid_t reader, dog;

	snprintf(path, sizeof(path), HOLD "%s", lock);
	snprintf(pid, sizeof(pid), "%d", (int)target);
	if (procs_write_file(path, pid) && errno == EOPNOTSUPP) {
		/* before 2.6.35 the helper cannot hold exec's lock */
		for (ok = 0; ok < 3 + with_cli; ok++)
			ksft_test_result_skip("%s lock: the helper cannot hold it on this kernel\n", lock);
		return;
	}
	if (!wait_held(1))
		ksft_exit_fail_msg("kmemstat_lockhold could not hold %d's %s lock\n", (int)target, lock);

	maps_pid = target;
	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	reader = procs_fork_with(maps_reader, p);
	/* The kernel's reader is blocked on the lock before the module is asked. */
	blocked = in_state(reader, 'D');
	hold_path = path;
	if (pipe(w))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	dog = procs_fork_with(watchdog, w);
	close(w[0]);
	dump(&during);
	if (with_cli)
		cli = cli_says("\"processes_busy\":1", out, sizeof(out)) &&
		      strstr(out, "stayed locked") != NULL;
	kill(dog, SIGKILL);
	waitpid(dog, &status, 0);
	fired = WIFEXITED(status);
	if (fired)
		ksft_print_msg("the dumps had not answered after 60 s: the watchdog let go of the lock\n");
	/* The kernel's reader is still blocked: the lock is still held. */
	waiting = !fired && blocked && in_state(reader, 'D');

	if (procs_write_file(path, "0") || !wait_held(0))
		ksft_exit_fail_msg("kmemstat_lockhold did not let go of %d's %s lock\n", (int)target, lock);
	if (read(p[0], &found, 1) != 1)
		found = 0;
	close(p[0]);
	waitpid(reader, NULL, 0);
	dump(&after);

	ksft_print_msg("%s lock held: dump err %d, truncated %#x, processes busy %u, target listed %d, control %d; /proc/%d/maps still waiting: %s\n",
		       lock, during.err, during.truncated, during.busy, during.target, during.control,
		       (int)target, waiting ? "yes" : "no");
	ksft_print_msg("let go: /proc/%d/maps lists the target: %s; dump err %d, truncated %#x, target listed %d\n",
		       (int)target, found == '1' ? "yes" : "no", after.err, after.truncated, after.target);
	ok = !fired && !during.err && (during.truncated & KMEMSTAT_SHMEM_TRUNC_BUSY) &&
	     during.busy == 1 && !during.target && during.control == 1;
	ksft_test_result(ok, "%s lock held: the dump answers, leaves that process out (TRUNC_BUSY, PROCESSES_BUSY 1) and lists the others\n",
			 lock);
	ksft_test_result(waiting, "%s lock held: /proc/PID/maps is blocked (D) before the dump and still when it has answered\n",
			 lock);
	if (with_cli) {
		if (!cli)
			ksft_print_msg("kmemstat shmem --json said:\n%.2000s\n", out);
		ksft_test_result(cli, "%s lock held: kmemstat shmem --json says processes_busy 1 and why\n", lock);
	}
	ksft_test_result(found == '1' && !after.err && !after.truncated && after.target == 1 &&
			 after.control == 1,
			 "%s lock let go: /proc/PID/maps and the module's next dump list the target, whole\n", lock);
}

/* Threads that map and unmap a page for ever: writers of their mmap lock. */
static void *churn_thread(void *arg)
{
	void *p;

	(void)arg;
	for (;;) {
		p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED)
			munmap(p, 4096);
	}
	return NULL;
}

/* CHURN_VMAS mappings of one file (alternate protections: none merge), and two churners. */
static void churner(int fd)
{
	int m = open(CHURN, O_RDWR | O_CREAT | O_TRUNC, 0600), i;
	pthread_t t;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (m < 0 || ftruncate(m, 4096))
		_exit(3);
	for (i = 0; i < CHURN_VMAS; i++)
		if (mmap(NULL, 4096, i % 2 ? PROT_READ : PROT_READ | PROT_WRITE, MAP_SHARED, m, 0) ==
		    MAP_FAILED)
			_exit(3);
	for (i = 0; i < 2; i++)
		if (pthread_create(&t, NULL, churn_thread, NULL))
			_exit(3);
	if (write(fd, "r", 1) != 1)
		_exit(3);
	for (;;)
		pause();
}

/*
 * A busy process is not one whose lock stays held: with the module's
 * default wait, a dump of a process whose threads map and unmap without
 * pause (a JVM, a malloc-heavy server) leaves nothing out; every step the
 * walk stepped aside for such a writer counted a whole tick before.
 */
static void churn_case(void)
{
	struct km_shm_filter f;
	struct km_nl nl;
	struct km_shm l;
	uint32_t vmas = 0;
	int p[2], err;
	size_t i;
	char c;
	pid_t pid;

	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	pid = procs_fork_with(churner, p);
	if (read(p[0], &c, 1) != 1)
		ksft_exit_fail_msg("the churning process died\n");
	close(p[0]);
	procs_write_file(WAIT_PARAM, "5000");
	memset(&f, 0, sizeof(f));
	memset(&l, 0, sizeof(l));
	f.pid = pid;
	err = km_nl_open(&nl);
	if (!err) {
		err = km_kmod_shmem(&nl, &f, &l);
		km_nl_close(&nl);
	}
	for (i = 0; i < l.n; i++)
		if (!strcmp(l.v[i].name, CHURN))
			vmas = l.v[i].vmas;
	ksft_print_msg("a process with %d mappings and 2 threads mapping and unmapping: err %d, truncated %#x, processes busy %u, its mappings counted %u\n",
		       CHURN_VMAS, err, l.truncated, l.processes_busy, vmas);
	ksft_test_result(!err && !l.truncated && vmas == CHURN_VMAS,
			 "a process whose threads map and unmap without pause is read whole, not left out (lock_wait_ms 5000)\n");
	km_shm_free(&l);
	procs_write_file(WAIT_PARAM, "1000");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	unlink(CHURN);
}

/*
 * The wait is the snapshot's in all, not each process's: two processes
 * held at once (one's mmap lock, the other's exec lock), lock_wait_ms at
 * 4000: both are left out, and the dump waited 4 s, not 8 (it ends in
 * under 8 s; its own work is a fraction of a second).
 */
static void two_held(pid_t target, pid_t second)
{
	char a[16], b[16];
	struct timespec t0, t1;
	struct seen s;
	double secs;

	snprintf(a, sizeof(a), "%d", (int)target);
	snprintf(b, sizeof(b), "%d", (int)second);
	if (procs_write_file(HOLD "exec", b) && errno == EOPNOTSUPP) {
		ksft_test_result_skip("two processes held: the helper cannot hold exec's lock on this kernel\n");
		return;
	}
	if (procs_write_file(HOLD "mmap", a) || !wait_held(2))
		ksft_exit_fail_msg("kmemstat_lockhold could not hold two processes' locks\n");
	procs_write_file(WAIT_PARAM, "4000");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	dump(&s);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	procs_write_file(WAIT_PARAM, "1000");
	procs_write_file(HOLD "mmap", "0");
	procs_write_file(HOLD "exec", "0");
	if (!wait_held(0))
		ksft_exit_fail_msg("kmemstat_lockhold did not let go\n");
	secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	ksft_print_msg("two processes held, lock_wait_ms 4000: dump err %d, truncated %#x, processes busy %u, control listed %d, in %.2f s\n",
		       s.err, s.truncated, s.busy, s.control, secs);
	ksft_test_result(!s.err && (s.truncated & KMEMSTAT_SHMEM_TRUNC_BUSY) && s.busy == 2 &&
			 s.control == 1 && secs < 8.0,
			 "two processes held: both left out, the wait is the snapshot's in all (under 2 x lock_wait_ms)\n");
}

int main(void)
{
	pid_t target, control, second;
	int fd;
	ssize_t n;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	if (system("modprobe kmemstat_lockhold 2>/dev/null") != 0 || access(HOLD "mmap", W_OK))
		ksft_exit_skip("no kmemstat_lockhold module (tests/vm/helpers, built where tests/vm/run.sh has the kernel's headers)\n");
	ksft_set_plan(9);
	fd = open(WAIT_PARAM, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, old_wait, sizeof(old_wait) - 1);
	if (fd >= 0)
		close(fd);
	old_wait[n > 0 ? n : 0] = '\0';
	atexit(cleanup);
	if (n <= 0 || procs_write_file(WAIT_PARAM, "1000"))
		ksft_print_msg("%s: cannot set it; the module waits as long as it likes\n", WAIT_PARAM);

	target = start_mapper(TARGET);
	control = start_mapper(CONTROL);
	one_lock("mmap", target, 1);
	one_lock("exec", target, 0);
	second = start_mapper(SECOND);
	two_held(target, second);
	kill(second, SIGKILL);
	waitpid(second, NULL, 0);
	unlink(SECOND);
	kill(target, SIGKILL);
	kill(control, SIGKILL);
	waitpid(target, NULL, 0);
	waitpid(control, NULL, 0);
	unlink(TARGET);
	unlink(CONTROL);
	churn_case();
	cleanup();
	if (system("rmmod kmemstat_lockhold 2>/dev/null") != 0)
		ksft_print_msg("rmmod kmemstat_lockhold failed\n");
	ksft_finished();
}

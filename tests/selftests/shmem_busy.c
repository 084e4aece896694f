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
 * A watchdog lets go after 60 s if the dumps have not answered, and the
 * test fails: the module before it waited for as long as the lock was held.
 * SKIP without the helper module (the kernel matrix, kernels built by hand).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
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

/* Until the helper says held is @want: 1, or 0 after 10 s. */
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
	int p[2], w[2], waiting, cli = 0, ok, fired, status = 0;
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
	/* The kernel's reader cannot have finished: the lock is still held. */
	waiting = !fired && waitpid(reader, NULL, WNOHANG) == 0;

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
	ksft_test_result(waiting, "%s lock held: /proc/PID/maps is still waiting when the dump has answered\n", lock);
	if (with_cli) {
		if (!cli)
			ksft_print_msg("kmemstat shmem --json said:\n%.2000s\n", out);
		ksft_test_result(cli, "%s lock held: kmemstat shmem --json says processes_busy 1 and why\n", lock);
	}
	ksft_test_result(found == '1' && !after.err && !after.truncated && after.target == 1 &&
			 after.control == 1,
			 "%s lock let go: /proc/PID/maps and the module's next dump list the target, whole\n", lock);
}

int main(void)
{
	char old[32] = "";
	pid_t target, control;
	int fd;
	ssize_t n;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	if (system("modprobe kmemstat_lockhold 2>/dev/null") != 0 || access(HOLD "mmap", W_OK))
		ksft_exit_skip("no kmemstat_lockhold module (tests/vm/helpers, built where tests/vm/run.sh has the kernel's headers)\n");
	ksft_set_plan(7);
	fd = open(WAIT_PARAM, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, old, sizeof(old) - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0 || procs_write_file(WAIT_PARAM, "1000"))
		ksft_print_msg("%s: cannot set it; the module waits as long as it likes\n", WAIT_PARAM);
	old[n > 0 ? n : 0] = '\0';

	target = start_mapper(TARGET);
	control = start_mapper(CONTROL);
	one_lock("mmap", target, 1);
	one_lock("exec", target, 0);
	kill(target, SIGKILL);
	kill(control, SIGKILL);
	waitpid(target, NULL, 0);
	waitpid(control, NULL, 0);
	unlink(TARGET);
	unlink(CONTROL);
	if (old[0])
		procs_write_file(WAIT_PARAM, old);
	if (system("rmmod kmemstat_lockhold 2>/dev/null") != 0)
		ksft_print_msg("rmmod kmemstat_lockhold failed\n");
	ksft_finished();
}

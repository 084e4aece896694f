// SPDX-License-Identifier: GPL-2.0
/*
 * Who may read a process's mappings (GET_SHMEM), and under
 * restrict_tasks=1 see the process at all (GET_TASKS): ptrace's read rule,
 * which /proc/PID/maps and a /proc mounted with hidepid=2 apply. Every
 * case asks the kernel first (the oracle: can this reader read the maps,
 * does the hidepid=2 mount show the pid), then the module, which must
 * answer the same, and both must give the answer the case is built for.
 *
 * Targets, each mapping one /dev/shm file and sleeping:
 *   plain   a uid 1000 login's process: readable (the control)
 *   caps    uid 1000 with every capability still permitted (kept over
 *           setuid, as a setcap'd or ambient-capability program has
 *           some): more than a plain uid 1000 reader holds, so not
 *   nodump  uid 1000, not dumpable: not
 *   zombie  uid 1000 whose main thread has exited while a second thread
 *           runs on with the mapping: readable, judged by that thread and
 *           its mm (/proc/PID/task/TID/maps)
 *   root    root's process: not
 * Readers: a plain uid 1000 process; the same in a new user namespace
 * (what unshare -U -r makes), where /proc refuses the host's uid 1000
 * maps; a non-dumpable uid 1000 process asking for its own mappings from
 * its second thread and from its main thread (ptrace allows the whole
 * thread group).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kselftest.h"
#include "../lib/kmshm.h"
#include "../lib/procs.h"

#define USER 1000
#define PAGE 4096UL
#define FILE_PATH "/dev/shm/kmemstat-ptrace-read"
#define HPROC "/tmp/kmemstat-hidepid"
#define PARAM "/sys/module/kmemstat/parameters/restrict_tasks"

enum { PLAIN, CAPS, NODUMP, ZOMBIE, ROOT, NTARGETS };
static const char *const names[NTARGETS] = { "plain", "caps", "nodump", "zombie", "root" };
/* What a plain uid 1000 reader may read of each (mappings and visibility alike). */
static const int readable[NTARGETS] = { 1, 0, 0, 1, 0 };

static struct stat file_st;
static pid_t target[NTARGETS];
static pid_t zombie_tid;	/* the zombie's live thread */

/* One reader's answers: the kernel's and the module's, per target. */
struct answers {
	int oracle[NTARGETS], module[NTARGETS];
	int self_oracle, self_module;	/* the reader's own process */
	int err;			/* a dump failed */
};

static int kernel_at_least(int ma, int mi)
{
	struct utsname u;
	int a = 0, b = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &a, &b) != 2)
		return 1;
	return a > ma || (a == ma && b >= mi);
}

static void *map_file(void)
{
	int fd = open(FILE_PATH, O_RDWR);
	void *p;

	if (fd < 0)
		_exit(3);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		_exit(3);
	memset(p, 1, PAGE);
	return p;
}

/* Whether GET_SHMEM, asked by this process for @pid's objects, lists the file; -1: failed. */
static int module_lists(pid_t pid)
{
	int n = kmshm_processes(&file_st, pid);

	return n < 0 ? -1 : n > 0;
}

/* Whether GET_TASKS, asked by this process, lists process @pid; -1: failed. */
static int module_shows(pid_t pid)
{
	struct km_task_filter f;
	struct km_tasks l;
	struct km_nl nl;
	int err, n;

	memset(&f, 0, sizeof(f));
	memset(&l, 0, sizeof(l));
	f.pid = pid;
	if (km_nl_open(&nl))
		return -1;
	err = km_kmod_tasks(&nl, &f, &l);
	km_nl_close(&nl);
	n = !err && l.n == 1 && l.v[0].pid == pid;
	km_tasks_free(&l);
	return err ? -1 : n;
}

/* Whether this process can read the file's mapping in /proc/@pid[/task/@tid]/maps. */
static int proc_maps_shows(pid_t pid, pid_t tid)
{
	char path[64], line[512];
	unsigned long long ino;
	int n = 0;
	FILE *f;

	if (tid)
		snprintf(path, sizeof(path), "/proc/%d/task/%d/maps", (int)pid, (int)tid);
	else
		snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %*s %*s %llu", &ino) == 1 && ino == file_st.st_ino)
			n = 1;
	fclose(f);
	return n;
}

/* Whether the hidepid=2 mount shows /proc/@pid to this process. */
static int hidepid_shows(pid_t pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), HPROC "/%d", (int)pid);
	return stat(path, &st) == 0;
}

/* ---- targets ------------------------------------------------------------- */

/* Say ready on @fd, then sleep until killed. */
static void serve(int fd)
{
	if (write(fd, "x", 1) != 1)
		_exit(5);
	for (;;)
		pause();
}

static void target_plain(int fd)
{
	procs_become(USER);
	map_file();
	serve(fd);
}

static void target_caps(int fd)
{
	/* Root's capabilities stay permitted over the switch to uid 1000. */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0))
		_exit(3);
	procs_become(USER);
	map_file();
	serve(fd);
}

static void target_nodump(int fd)
{
	procs_become(USER);
	map_file();
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	serve(fd);
}

static int zombie_fd;

static void *zombie_thread(void *arg)
{
	pid_t tid = (pid_t)syscall(SYS_gettid);

	(void)arg;
	if (write(zombie_fd, &tid, sizeof(tid)) != sizeof(tid))
		_exit(5);
	for (;;)
		pause();
	return NULL;
}

static void target_zombie(int fd)
{
	pthread_t t;

	procs_become(USER);
	map_file();
	zombie_fd = fd;
	if (pthread_create(&t, NULL, zombie_thread, NULL))
		_exit(4);
	/* The main thread alone exits: the leader is a zombie, its thread runs on. */
	syscall(SYS_exit, 0);
}

static void target_root(int fd)
{
	map_file();
	serve(fd);
}

static pid_t start_target(void (*fn)(int), pid_t *tid)
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	pid = procs_fork_with(fn, p);
	if (tid ? read(p[0], tid, sizeof(*tid)) != sizeof(*tid) : read(p[0], &c, 1) != 1)
		ksft_exit_fail_msg("a target did not start\n");
	close(p[0]);
	return pid;
}

/* ---- readers ------------------------------------------------------------- */

/* Ask the kernel and the module about every target, as this process. */
static void ask_all(struct answers *a, int tasks)
{
	int i;

	for (i = 0; i < NTARGETS; i++) {
		if (tasks) {
			a->oracle[i] = hidepid_shows(target[i]);
			a->module[i] = module_shows(target[i]);
		} else {
			a->oracle[i] = proc_maps_shows(target[i], i == ZOMBIE ? zombie_tid : 0);
			a->module[i] = module_lists(target[i]);
		}
		if (a->module[i] < 0)
			a->err = 1;
	}
}

static void send_answers(int fd, const struct answers *a)
{
	_exit(write(fd, a, sizeof(*a)) == sizeof(*a) ? 0 : 5);
}

static void reader_shmem(int fd)
{
	struct answers a;

	memset(&a, 0, sizeof(a));
	procs_become(USER);
	ask_all(&a, 0);
	send_answers(fd, &a);
}

static void reader_tasks(int fd)
{
	struct answers a;

	memset(&a, 0, sizeof(a));
	procs_become(USER);
	ask_all(&a, 1);
	send_answers(fd, &a);
}

/* uid 1000 in a user namespace of its own, mapped as unshare -U -r maps it. */
static void reader_userns(int fd)
{
	struct answers a;
	char map[32];

	memset(&a, 0, sizeof(a));
	procs_become(USER);
	map_file();
	if (unshare(CLONE_NEWUSER))
		_exit(4);
	snprintf(map, sizeof(map), "0 %d 1", USER);
	/* /proc/self/setgroups from 3.19: gid_map needs "deny" there first. */
	if ((!access("/proc/self/setgroups", F_OK) && procs_write_file("/proc/self/setgroups", "deny")) ||
	    procs_write_file("/proc/self/uid_map", map) || procs_write_file("/proc/self/gid_map", map))
		_exit(6);
	a.oracle[PLAIN] = proc_maps_shows(target[PLAIN], 0);
	a.module[PLAIN] = module_lists(target[PLAIN]);
	a.self_oracle = proc_maps_shows(getpid(), 0);
	a.self_module = module_lists(getpid());
	a.err = a.module[PLAIN] < 0 || a.self_module < 0;
	send_answers(fd, &a);
}

static void *ask_self(void *arg)
{
	struct answers *a = arg;

	a->oracle[0] = proc_maps_shows(getpid(), 0);
	a->module[0] = module_lists(getpid());
	return NULL;
}

/* Not dumpable, its own mappings asked from its second thread, then its main one. */
static void reader_own_thread(int fd)
{
	struct answers a;
	pthread_t t;

	memset(&a, 0, sizeof(a));
	procs_become(USER);
	map_file();
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (pthread_create(&t, NULL, ask_self, &a) || pthread_join(t, NULL))
		_exit(4);
	a.self_oracle = proc_maps_shows(getpid(), 0);
	a.self_module = module_lists(getpid());
	a.err = a.module[0] < 0 || a.self_module < 0;
	send_answers(fd, &a);
}

/* Run @fn as a reader in a child; its answers, or a bail-out. */
static void run_reader(void (*fn)(int), struct answers *a, const char *what)
{
	int p[2], st;
	pid_t pid;

	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	pid = procs_fork_with(fn, p);
	if (read(p[0], a, sizeof(*a)) != sizeof(*a))
		memset(a, 0, sizeof(*a));
	close(p[0]);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		ksft_exit_fail_msg("the %s reader failed (status %#x)\n", what, st);
	if (a->err)
		ksft_exit_fail_msg("the %s reader's dumps failed\n", what);
}

/* ok when the module agrees with the kernel (@oracle: "the kernel") and both answer @want. */
static void verdict_by(const char *oracle_name, int oracle, int module, int want,
		       const char *what)
{
	ksft_test_result(oracle == want && module == want, "%s: %s (%s: %s, the module: %s)\n", what,
		want ? "yes" : "no", oracle_name, oracle ? "yes" : "no", module ? "yes" : "no");
}

static void verdict(int oracle, int module, int want, const char *what)
{
	verdict_by("the kernel", oracle, module, want, what);
}

static int wait_zombie(pid_t pid)
{
	char path[64], buf[512], *p;
	int fd, i;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (i = 0; i < 2000; i++) {
		fd = open(path, O_RDONLY);
		n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
		if (fd >= 0)
			close(fd);
		if (n > 0) {
			buf[n] = '\0';
			p = strrchr(buf, ')');
			if (p && p[1] == ' ' && p[2] == 'Z')
				return 0;
		}
		usleep(10000);
	}
	return -1;
}

int main(void)
{
	struct answers a;
	char what[96];
	int fd, i, hp;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(2 * NTARGETS + 4);
	if (geteuid())
		ksft_exit_fail_msg("run as root: the cases switch users\n");
	unlink(FILE_PATH);
	fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0666);
	if (fd < 0 || fchmod(fd, 0666) || ftruncate(fd, PAGE) || fstat(fd, &file_st))
		ksft_exit_fail_msg("%s: %s\n", FILE_PATH, strerror(errno));
	close(fd);

	target[PLAIN] = start_target(target_plain, NULL);
	target[CAPS] = start_target(target_caps, NULL);
	target[NODUMP] = start_target(target_nodump, NULL);
	target[ZOMBIE] = start_target(target_zombie, &zombie_tid);
	target[ROOT] = start_target(target_root, NULL);
	if (wait_zombie(target[ZOMBIE]))
		ksft_exit_fail_msg("the zombie target's main thread did not exit\n");

	/* GET_SHMEM against /proc/PID/maps, read by a plain uid 1000 process. */
	run_reader(reader_shmem, &a, "plain");
	for (i = 0; i < NTARGETS; i++) {
		snprintf(what, sizeof(what), "GET_SHMEM by uid %d lists the %s target's mapping",
			 USER, names[i]);
		verdict(a.oracle[i], a.module[i], readable[i], what);
	}

	/* In a user namespace of its own, the host's uid 1000 is out of reach. */
	if (kernel_at_least(3, 8)) {
		run_reader(reader_userns, &a, "user namespace");
		verdict(a.oracle[PLAIN], a.module[PLAIN], 0,
			"GET_SHMEM by uid 1000 in a new user namespace lists the plain target's mapping");
		verdict(a.self_oracle, a.self_module, 1,
			"GET_SHMEM by uid 1000 in a new user namespace lists its own mapping");
	} else {
		ksft_test_result_skip("GET_SHMEM by uid 1000 in a new user namespace lists the plain target's mapping (users cannot make user namespaces before 3.8)\n");
		ksft_test_result_skip("GET_SHMEM by uid 1000 in a new user namespace lists its own mapping (users cannot make user namespaces before 3.8)\n");
	}

	/* A process that is not dumpable reads its own mappings from any thread. */
	run_reader(reader_own_thread, &a, "own thread");
	verdict(a.oracle[0], a.module[0], 1,
		"GET_SHMEM by a non-dumpable process's second thread lists its own mapping");
	verdict(a.self_oracle, a.self_module, 1,
		"GET_SHMEM by a non-dumpable process's main thread lists its own mapping");

	/*
	 * restrict_tasks=1 against a /proc mounted with hidepid=2: its own
	 * instance from 5.8; before, mounting one would change every /proc,
	 * so the expected answers stand for the kernel's.
	 */
	hp = kernel_at_least(5, 8);
	if (hp) {
		mkdir(HPROC, 0755);
		if (mount("proc", HPROC, "proc", 0, "hidepid=2"))
			ksft_exit_fail_msg("mount proc hidepid=2: %s\n", strerror(errno));
	}
	if (procs_write_file(PARAM, "1"))
		ksft_exit_fail_msg("%s: %s\n", PARAM, strerror(errno));
	run_reader(reader_tasks, &a, "restricted tasks");
	procs_write_file(PARAM, "0");
	if (hp)
		umount(HPROC);
	else
		ksft_print_msg("before 5.8 a hidepid=2 mount is not its own: the expected answers stand for it\n");
	for (i = 0; i < NTARGETS; i++) {
		snprintf(what, sizeof(what), "restrict_tasks=1: GET_TASKS by uid %d lists the %s target",
			 USER, names[i]);
		verdict_by(hp ? "the kernel" : "expected", hp ? a.oracle[i] : readable[i],
			   a.module[i], readable[i], what);
	}

	for (i = 0; i < NTARGETS; i++) {
		kill(target[i], SIGKILL);
		waitpid(target[i], NULL, 0);
	}
	unlink(FILE_PATH);
	ksft_finished();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: a full per-thread GET_TASKS dump against what tools do without
 * the module, at 1,000 and 10,000 threads (20 processes of sleeping
 * threads), in interleaved rounds in one VM run; the ratios are the result.
 * Like is compared with like:
 *   raw:    the dump received, not parsed  vs  every /proc/PID/task/TID/stat
 *           read, not parsed
 *   parsed: the dump into kmemstat's model  vs  the same model from /proc by
 *           kmemstat's own /proc source (stat and status per thread)
 *   tool:   procps' `ps -eLo pid,tid,stat,utime,stime,comm`
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include "../lib/clock.h"
#include "../../user/kmod.h"
#include "../../user/procfs.h"
#include "../../user/tasks.h"

#define PROCS 20
#define PS "/opt/procps/ps"

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* A process with @n threads (the main one included) that sleep. */
static pid_t spawn(int n, int ready_fd)
{
	pthread_attr_t a;
	pthread_t t;
	pid_t p = fork();
	int i;

	if (p)
		return p;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 65536);
	for (i = 1; i < n; i++)
		if (pthread_create(&t, &a, sleeper, NULL)) {
			perror("pthread_create");
			_exit(1);
		}
	if (write(ready_fd, "x", 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

/* What a /proc scanner does: every /proc/PID/task/TID/stat, read. */
static long scan_proc(void)
{
	char path[600], buf[1024];
	struct dirent *e, *te;
	DIR *d = opendir("/proc"), *td;
	long n = 0;

	while ((e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/task", e->d_name);
		td = opendir(path);
		if (!td)
			continue;
		while ((te = readdir(td))) {
			int fd;

			if (te->d_name[0] < '1' || te->d_name[0] > '9')
				continue;
			snprintf(path, sizeof(path), "/proc/%s/task/%s/stat", e->d_name, te->d_name);
			fd = open(path, O_RDONLY);
			if (fd < 0)
				continue;
			if (read(fd, buf, sizeof(buf)) > 0)
				n++;
			close(fd);
		}
		closedir(td);
	}
	closedir(d);
	return n;
}

/* The dump, received whole, not parsed: the kernel's side of the cost. */
static long raw_dump(int fd, int family)
{
	static char buf[65536];
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr gh;
		struct nlattr nest, flags;
		uint32_t value;
	} req;
	static uint32_t seq;
	struct nlmsghdr *nlh;
	long bytes = 0;
	ssize_t n;

	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = sizeof(req);
	req.nlh.nlmsg_type = (uint16_t)family;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nlh.nlmsg_seq = ++seq;
	req.gh.cmd = KMEMSTAT_CMD_GET_TASKS;
	req.gh.version = KMEMSTAT_ABI_VERSION;
	req.nest.nla_type = KMEMSTAT_A_TASK_FILTER | NLA_F_NESTED;
	req.nest.nla_len = 2 * NLA_HDRLEN + 4;
	req.flags.nla_type = KMEMSTAT_TF_FLAGS;
	req.flags.nla_len = NLA_HDRLEN + 4;
	req.value = KMEMSTAT_TASK_F_THREADS;
	if (send(fd, &req, sizeof(req), 0) < 0)
		return -1;
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
			return -1;
		bytes += n;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (unsigned int)n);
		     nlh = NLMSG_NEXT(nlh, n))
			if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR)
				return bytes;
	}
}

static void run_ps(void)
{
	pid_t p = fork();
	int st;

	if (p == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		execl(PS, "ps", "-eLo", "pid,tid,stat,utime,stime,comm", (char *)NULL);
		_exit(127);
	}
	waitpid(p, &st, 0);
}

static void line(const char *what, double t, int rounds, long n)
{
	printf("  %-44s %9.2f ms %7.2f us/thread\n", what, t / rounds * 1e3,
	       t / rounds / (double)n * 1e6);
}

/* One size: start the threads, time each way @rounds times, interleaved. */
static int measure(struct km_nl *nl, int per_proc, int rounds)
{
	double t, t_raw = 0, t_scan = 0, t_mod = 0, t_procfs = 0, t_ps = 0;
	struct km_task_filter f;
	struct km_tasks l;
	long seen = 0, scanned = 0;
	pid_t kids[PROCS];
	int fds[2], i, r, ready = 0, fd;
	char c;

	if (pipe(fds))
		return -1;
	for (i = 0; i < PROCS; i++)
		kids[i] = spawn(per_proc, fds[1]);
	close(fds[1]);	/* a child that fails then ends the wait below */
	for (i = 0; i < PROCS; i++)
		ready += read(fds[0], &c, 1) == 1;
	close(fds[0]);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	memset(&f, 0, sizeof(f));
	f.threads = 1;
	for (r = 0; ready == PROCS && r < rounds; r++) {
		t = now();
		if (raw_dump(fd, nl->family) < 0)
			break;
		t_raw += now() - t;
		t = now();
		scanned = scan_proc();
		t_scan += now() - t;
		t = now();
		if (km_kmod_tasks(nl, &f, &l))
			break;
		t_mod += now() - t;
		seen = (long)l.n;
		km_tasks_free(&l);
		t = now();
		km_procfs_tasks("/proc", &f, &l);
		t_procfs += now() - t;
		km_tasks_free(&l);
		t = now();
		run_ps();
		t_ps += now() - t;
	}
	close(fd);
	for (i = 0; i < PROCS; i++)
		kill(kids[i], SIGKILL);
	for (i = 0; i < PROCS; i++)
		waitpid(kids[i], NULL, 0);
	if (r < rounds) {
		fprintf(stderr, "bench_cpu: %d of %d processes started; a request failed\n",
			ready, PROCS);
		return -1;
	}
	printf("bench cpu: %ld threads (%d processes of %d, %ld in /proc), %d interleaved rounds\n",
	       seen, PROCS, per_proc, scanned, rounds);
	line("raw:    GET_TASKS dump, received", t_raw, rounds, seen);
	line("        /proc/*/task/*/stat, read", t_scan, rounds, seen);
	line("parsed: GET_TASKS into the model (kmod.c)", t_mod, rounds, seen);
	line("        /proc into the model (procfs_tasks.c)", t_procfs, rounds, seen);
	line("tool:   ps -eLo pid,tid,stat,utime,stime,comm", t_ps, rounds, seen);
	printf("  ratios: raw %.1fx, parsed %.1fx, ps / parsed dump %.1fx\n",
	       t_scan / t_raw, t_procfs / t_mod, t_ps / t_mod);
	return 0;
}

int main(void)
{
	struct km_nl nl;
	FILE *f;

	if (km_nl_open(&nl)) {
		fprintf(stderr, "bench_cpu: module not loaded\n");
		return 1;
	}
	/* The VM's memory would cap threads near 8,000. */
	f = fopen("/proc/sys/kernel/threads-max", "w");
	if (f) {
		fputs("100000\n", f);
		fclose(f);
	}
	printf("bench cpu: one VM run (QEMU TCG: absolute times are slow, ratios hold)\n");
	if (measure(&nl, 50, 10) || measure(&nl, 500, 3))
		return 1;
	km_nl_close(&nl);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc source for tasks: PROC/PID/stat for processes, PROC/PID/task/
 * TID/stat for threads, with the effective uid (and, per thread, the
 * context switches) from the matching status file. It fills the same model
 * as the module, at the cost of two opens per task. What /proc cannot give
 * cheaply is marked absent in ->have: a process's context switches
 * (status counts the main thread only) and the exact runtime.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "procfs.h"
#include "tasks.h"

static uint64_t ns_per_tick(void)
{
	long hz = sysconf(_SC_CLK_TCK);

	return 1000000000ULL / (uint64_t)(hz > 0 ? hz : 100);
}

/* Read a small file whole; its length, or -1 (the task may have exited). */
static ssize_t slurp(const char *path, char *buf, size_t len)
{
	ssize_t n, got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((size_t)got + 1 < len &&
	       (n = read(fd, buf + got, len - 1 - (size_t)got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	return got;
}

/*
 * Parse a stat line: "pid (comm) S ppid ... utime stime ... threads ...
 * starttime ...". The name may hold spaces and parentheses: it ends at the
 * last ')'.
 */
static int parse_stat(char *buf, struct km_task *t)
{
	char *open = strchr(buf, '('), *close = strrchr(buf, ')'), *p;
	unsigned long long v[23];
	size_t n;
	int i;

	if (!open || !close || close < open || close[1] != ' ' || !close[2])
		return -1;
	t->pid = (int32_t)strtol(buf, NULL, 10);
	n = (size_t)(close - open - 1);
	if (n >= sizeof(t->comm))
		n = sizeof(t->comm) - 1;
	memcpy(t->comm, open + 1, n);
	t->comm[n] = '\0';
	t->state = close[2];
	p = close + 3;
	for (i = 4; i <= 22; i++) {	/* stat(5) field numbers */
		char *end;

		v[i] = strtoull(p, &end, 10);
		if (end == p)
			return -1;
		p = end;
	}
	t->ppid = (int32_t)v[4];
	t->min_flt = v[10];
	t->maj_flt = v[12];
	t->utime = v[14] * ns_per_tick();
	t->stime = v[15] * ns_per_tick();
	t->threads = (uint32_t)v[20];
	t->start = v[22] * ns_per_tick();
	return 0;
}

/* Effective uid and context switches from a status file. */
static int parse_status(const char *buf, struct km_task *t)
{
	const char *p;
	unsigned long ruid, euid;

	p = strstr(buf, "\nUid:");
	if (!p || sscanf(p + 5, "%lu %lu", &ruid, &euid) != 2)
		return -1;
	t->uid = (uint32_t)euid;
	p = strstr(buf, "\nvoluntary_ctxt_switches:");
	if (p)
		t->nvcsw = strtoull(p + 25, NULL, 10);
	p = strstr(buf, "\nnonvoluntary_ctxt_switches:");
	if (p)
		t->nivcsw = strtoull(p + 28, NULL, 10);
	return 0;
}

/* Read DIR/stat and DIR/status into @t; -1 when the task is gone. */
static int read_task(const char *dir, struct km_task *t)
{
	char path[640], buf[4096];

	snprintf(path, sizeof(path), "%s/stat", dir);
	if (slurp(path, buf, sizeof(buf)) <= 0 || parse_stat(buf, t))
		return -1;
	snprintf(path, sizeof(path), "%s/status", dir);
	if (slurp(path, buf, sizeof(buf)) <= 0 || parse_status(buf, t))
		return -1;
	return 0;
}

static int numeric(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* The threads of process PROC/@tgid that pass @f. */
static int add_threads(const char *proc, int32_t tgid,
		       const struct km_task_filter *f, struct km_tasks *l)
{
	char dir[300], tdir[600];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%d/task", proc, tgid);
	d = opendir(dir);
	if (!d)
		return 0;	/* exited meanwhile */
	while ((e = readdir(d))) {
		struct km_task t;

		if (!numeric(e->d_name))
			continue;
		memset(&t, 0, sizeof(t));
		snprintf(tdir, sizeof(tdir), "%s/%s", dir, e->d_name);
		if (read_task(tdir, &t))
			continue;
		t.tgid = tgid;
		t.threads = 0;
		if (km_task_match(f, &t)) {
			struct km_task *n = km_tasks_add(l);

			if (!n) {
				closedir(d);
				return -ENOMEM;
			}
			*n = t;
		}
	}
	closedir(d);
	return 0;
}

int km_procfs_tasks(const char *proc, const struct km_task_filter *f,
		    struct km_tasks *l)
{
	char dir[300];
	struct dirent *e;
	DIR *d;
	int err = 0;

	memset(l, 0, sizeof(*l));
	l->source = KM_SRC_PROCFS;
	l->threads = f->threads;
	l->have = f->threads ? KM_TASK_HAVE_CTXSW : 0;
	d = opendir(proc);
	if (!d) {
		fprintf(stderr, "kmemstat: cannot read %s: %s\n", proc, strerror(errno));
		return -errno;
	}
	while (!err && (e = readdir(d))) {
		struct km_task t, *n;
		int32_t pid;

		if (!numeric(e->d_name))
			continue;
		pid = (int32_t)atoi(e->d_name);
		if (f->tgid && pid != f->tgid)
			continue;
		if (f->threads) {
			err = add_threads(proc, pid, f, l);
			continue;
		}
		memset(&t, 0, sizeof(t));
		snprintf(dir, sizeof(dir), "%s/%d", proc, pid);
		if (read_task(dir, &t))
			continue;
		t.tgid = pid;
		t.nvcsw = t.nivcsw = 0;	/* the main thread's only: not the process's */
		if (!km_task_match(f, &t))
			continue;
		n = km_tasks_add(l);
		if (!n)
			err = -ENOMEM;
		else
			*n = t;
	}
	closedir(d);
	return err;
}

int km_procfs_task_summary(const char *proc, struct km_task_summary *s)
{
	struct km_task_filter all;
	struct km_tasks procs, threads;
	size_t i;
	int err, st;

	memset(s, 0, sizeof(*s));
	memset(&all, 0, sizeof(all));
	err = km_procfs_tasks(proc, &all, &procs);
	all.threads = 1;
	if (!err)
		err = km_procfs_tasks(proc, &all, &threads);
	else
		memset(&threads, 0, sizeof(threads));
	for (i = 0; !err && i < procs.n; i++) {
		s->processes++;
		st = km_state_index(procs.v[i].state);
		if (st >= 0)
			s->proc_states[st]++;
		s->utime += procs.v[i].utime;
		s->stime += procs.v[i].stime;
	}
	for (i = 0; !err && i < threads.n; i++) {
		s->threads++;
		st = km_state_index(threads.v[i].state);
		if (st >= 0)
			s->thread_states[st]++;
	}
	km_tasks_free(&procs);
	km_tasks_free(&threads);
	return err;
}

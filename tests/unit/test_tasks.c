// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc task source and the task-list operations on a /proc tree made
 * here with known contents: a process whose name holds spaces and
 * parentheses, a multi-threaded process, a task that vanished between
 * readdir and open; then interval deltas (pid reuse, newborns), grouping
 * and ranking.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../lib/fakeproc.h"
#include "kselftest.h"
#include "../../user/procfs.h"
#include "../../user/tasks.h"

static uint64_t tick;

/* stat(5): pid (comm) state ppid ... minflt(10) majflt(12) utime(14) stime(15) threads(20) start(22) */
static void task(const char *rel, int pid, const char *comm, char state, int ppid,
		 int minflt, int majflt, int ut, int st, int threads, int start,
		 int uid, int vcs, int ivcs)
{
	char buf[1024], path[256];

	snprintf(path, sizeof(path), "%s", rel);
	dir(path);
	snprintf(buf, sizeof(buf),
		 "%d (%s) %c %d 1 1 0 -1 4194560 %d 0 %d 0 %d %d 0 0 20 0 %d 0 %d 1000 200\n",
		 pid, comm, state, ppid, minflt, majflt, ut, st, threads, start);
	snprintf(path, sizeof(path), "%s/stat", rel);
	put(path, buf);
	snprintf(buf, sizeof(buf),
		 "Name:\t%s\nState:\t%c\nUid:\t%d\t%d\t%d\t%d\nGid:\t0\t0\t0\t0\n"
		 "voluntary_ctxt_switches:\t%d\nnonvoluntary_ctxt_switches:\t%d\n",
		 comm, state, uid + 1, uid, uid, uid, vcs, ivcs);
	snprintf(path, sizeof(path), "%s/status", rel);
	put(path, buf);
}

static struct km_task *find(struct km_tasks *l, int pid)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].pid == pid)
			return &l->v[i];
	return NULL;
}

static void make_tree(void)
{
	fakeproc_init();
	/* pid 1: one thread */
	task("1", 1, "init", 'S', 0, 100, 2, 50, 70, 1, 5, 0, 10, 1);
	dir("1/task");
	task("1/task/1", 1, "init", 'S', 0, 100, 2, 50, 70, 1, 5, 0, 10, 1);
	/* pid 42: a name with spaces and parentheses, two threads */
	task("42", 42, "a (b) c)", 'D', 1, 7, 0, 300, 900, 2, 400, 1000, 3, 4);
	dir("42/task");
	task("42/task/42", 42, "a (b) c)", 'D', 1, 5, 0, 100, 500, 2, 400, 1000, 3, 4);
	task("42/task/43", 43, "worker", 'R', 1, 2, 0, 150, 300, 2, 401, 1000, 6, 8);
	/* pid 77: listed, but its files are gone (it exited) */
	dir("77");
	/* not a pid */
	dir("sys");
	put("uptime", "1.00 1.00\n");
}

int main(void)
{
	struct km_task_filter f;
	struct km_tasks l, a, b, d;
	struct km_task_summary s;
	struct km_group *g;
	struct km_task *t;
	size_t n;

	tick = 1000000000ULL / (uint64_t)sysconf(_SC_CLK_TCK);
	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(14);
	make_tree();

	memset(&f, 0, sizeof(f));
	ksft_test_result(!km_procfs_tasks(root, &f, &l) && l.n == 2,
			 "processes: two, the vanished one and non-pids skipped (%zu)\n", l.n);
	t = find(&l, 42);
	ksft_test_result(t && !strcmp(t->comm, "a (b) c)") && t->state == 'D' && t->ppid == 1,
			 "a name with spaces and parentheses parses, and the fields after it\n");
	ksft_test_result(t && t->utime == 300 * tick && t->stime == 900 * tick &&
			 t->start == 400 * tick && t->threads == 2 && t->min_flt == 7,
			 "times in ticks become ns; threads, start and faults are read\n");
	ksft_test_result(t && t->uid == 1000 && !(l.have & KM_TASK_HAVE_CTXSW) && t->nvcsw == 0,
			 "the effective uid is read; a process's context switches are marked unknown\n");
	km_tasks_free(&l);

	f.threads = 1;
	ksft_test_result(!km_procfs_tasks(root, &f, &l) && l.n == 3, "threads: three (%zu)\n", l.n);
	t = find(&l, 43);
	ksft_test_result(t && t->tgid == 42 && t->nvcsw == 6 && t->nivcsw == 8 &&
			 (l.have & KM_TASK_HAVE_CTXSW) && !strcmp(t->comm, "worker"),
			 "a thread has its tgid, name and context switches\n");
	km_tasks_free(&l);

	f.state_mask = 1U << KMEMSTAT_STATE_D;
	ksft_test_result(!km_procfs_tasks(root, &f, &l) && l.n == 1 && l.v[0].pid == 42,
			 "a state filter keeps the D thread only\n");
	km_tasks_free(&l);
	memset(&f, 0, sizeof(f));
	f.tgid = 42;
	f.min_cpu_ns = 1000 * tick;
	ksft_test_result(!km_procfs_tasks(root, &f, &l) && l.n == 1 && l.v[0].pid == 42,
			 "pid and minimum CPU filters\n");
	km_tasks_free(&l);

	ksft_test_result(!km_procfs_task_summary(root, &s) && s.processes == 2 && s.threads == 3 &&
			 s.proc_states[KMEMSTAT_STATE_D] == 1 && s.thread_states[KMEMSTAT_STATE_R] == 1 &&
			 s.utime == 350 * tick && s.stime == 970 * tick,
			 "the summary counts by state and sums the processes\n");

	/* Deltas: 42 ran on; 1 is a reused pid; 9 was born after the first sample. */
	memset(&f, 0, sizeof(f));
	km_procfs_tasks(root, &f, &a);
	km_procfs_tasks(root, &f, &b);
	find(&b, 42)->utime += 5 * tick;
	find(&b, 1)->start += tick;
	t = km_tasks_add(&b);
	t->pid = 9;
	t->start = 10000 * tick;
	t->stime = 3 * tick;
	ksft_test_result(!km_tasks_delta(&a, &b, 9000 * tick, &d) && d.n == 2 &&
			 find(&d, 42)->utime == 5 * tick && find(&d, 42)->stime == 0 &&
			 find(&d, 9)->stime == 3 * tick && !find(&d, 1),
			 "deltas: per task; newborns from zero; a reused pid left out\n");

	km_tasks_sort(&b, KM_SORT_STIME);
	ksft_test_result(b.v[0].pid == 42 && b.v[1].pid == 1 && b.v[2].pid == 9,
			 "sort by system time, largest first\n");
	km_tasks_sort(&b, KM_SORT_UTIME);
	ksft_test_result(b.v[0].pid == 42 && b.v[2].pid == 9, "sort by user time\n");
	ksft_test_result(!km_tasks_group(&b, KM_BY_USER, &g, &n) && n == 2, "group by user: two users\n");
	km_groups_sort(g, n, KM_SORT_TOTAL);
	ksft_test_result(g[0].uid == 1000 && g[0].processes == 1 && g[0].threads == 2 &&
			 g[0].utime == 305 * tick && g[1].processes == 2 && g[1].utime == 50 * tick &&
			 g[1].stime == 73 * tick,
			 "group sums equal their members' sums\n");
	free(g);
	km_tasks_free(&a);
	km_tasks_free(&b);
	km_tasks_free(&d);
	fakeproc_done();
	ksft_finished();
}

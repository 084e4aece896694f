// SPDX-License-Identifier: GPL-2.0
/*
 * kmemstat cpu: which tasks spend CPU time, in user space and in the kernel.
 * One sample gives the times since each task started; -i SECONDS takes two
 * and gives the rates over the interval, as pidstat does (-c COUNT
 * intervals, then their average; Ctrl-C prints the average so far). Above
 * the tasks, the whole system's CPU time by mode from /proc/stat. --state
 * lists the tasks in the given states, with the wait channel of each.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "procfs.h"

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* The kernel function thread @tid sleeps in: /proc/TID/wchan, cheap for a few. */
static void read_wchan(struct km_task *t, int32_t tid)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/wchan", tid);
	f = fopen(path, "re");
	if (!f)
		return;
	if (!fgets(t->wchan, sizeof(t->wchan), f))
		t->wchan[0] = '\0';
	fclose(f);
	t->wchan[strcspn(t->wchan, "\n")] = '\0';
	if (!strcmp(t->wchan, "0"))
		t->wchan[0] = '\0';
}

static int by_tgid(const void *a, const void *b)
{
	const struct km_task *x = a, *y = b;

	return (x->tgid > y->tgid) - (x->tgid < y->tgid);
}

/*
 * --state for processes (--by process, user, comm): a process is in a state
 * when any of its threads is. /proc's per-process letter is its main
 * thread's, so a process whose other thread waits in D would be missed;
 * ask for the threads in those states and keep their processes, showing
 * the first such thread's letter and wchan where the main thread's differ.
 */
static int keep_in_state(struct km_src *src, const struct km_task_filter *f,
			 struct km_tasks *l)
{
	struct km_task_filter tf = *f;
	struct km_tasks th;
	struct km_task *hit;
	size_t i, n = 0;
	int rc;

	tf.threads = 1;
	tf.min_cpu_ns = 0;
	rc = km_src_tasks(src, &tf, &th);
	if (rc)
		return rc;
	if (th.n)
		qsort(th.v, th.n, sizeof(*th.v), by_tgid);
	for (i = 0; i < l->n; i++) {
		struct km_task *t = &l->v[i];
		int st = km_state_index(t->state);

		hit = th.n ? bsearch(t, th.v, th.n, sizeof(*th.v), by_tgid) : NULL;
		if (!hit)
			continue;
		if (st < 0 || !(f->state_mask & (1U << st))) {
			t->state = hit->state;
			read_wchan(t, hit->pid);
		}
		l->v[n++] = *t;
	}
	l->n = n;
	km_tasks_free(&th);
	return KM_EXIT_OK;
}

/* Keep the tasks whose CPU time over the interval reaches --min-cpu. */
static void filter_min_cpu(struct km_tasks *l, uint64_t min)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		if (l->v[i].utime + l->v[i].stime >= min)
			l->v[n++] = l->v[i];
	l->n = n;
}

/* One sample: the tasks, the system's CPU time and when, for deltas. */
struct sample {
	struct km_tasks tasks;
	struct km_sysstat sys;
	int have_sys;
	uint64_t boot_ns, mono_ns;	/* when it started */
};

static int take(struct km_src *src, const struct km_task_filter *f, struct sample *s)
{
	memset(s, 0, sizeof(*s));
	s->boot_ns = clock_ns(CLOCK_BOOTTIME);
	s->mono_ns = clock_ns(CLOCK_MONOTONIC);
	s->have_sys = !km_procfs_sysstat("/proc", &s->sys);
	return km_src_tasks(src, f, &s->tasks);
}

/* Ctrl-C during -i: stop sampling, print the average so far, exit 0. */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Sleep @secs unless Ctrl-C comes first; 1 if it did. */
static int wait_interval(double secs)
{
	struct timespec ts;

	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (!interrupted && nanosleep(&ts, &ts) && errno == EINTR)
		;
	return interrupted;
}

/*
 * Filter, sort, group and render @tasks (consumed) as one report; @sys the
 * system's CPU time over the same span, or NULL.
 */
static int emit(struct km_src *src, const struct km_opts *o, struct km_cpu_report *r,
		const struct km_task_filter *f, struct km_tasks *tasks,
		const struct km_sysstat *sys)
{
	struct km_task_summary sum;
	struct km_group *groups = NULL;
	size_t i;
	int rc;

	rc = km_src_task_summary(src, &sum);
	if (!rc && r->interval > 0)
		filter_min_cpu(tasks, o->filter.min_cpu_ns);
	if (!rc && !f->threads && f->state_mask)
		rc = keep_in_state(src, f, tasks);
	if (rc)
		return rc;
	r->sum = &sum;
	r->sys = sys;
	km_tasks_sort(tasks, r->sort);
	if (r->show_wchan)
		for (i = 0; i < tasks->n && (!r->top || i < r->top); i++)
			if (!tasks->v[i].wchan[0])
				read_wchan(&tasks->v[i], tasks->v[i].pid);
	r->groups = NULL;
	r->ngroups = 0;
	if (km_report_grouped(r)) {
		if (km_tasks_group(tasks, r->by, &groups, &r->ngroups)) {
			fprintf(stderr, "kmemstat: out of memory\n");
			return KM_EXIT_FAIL;
		}
		km_groups_sort(groups, r->ngroups, r->sort);
		r->groups = groups;
	}
	r->tasks = tasks;
	if (o->out == KM_OUT_JSON)
		km_json_cpu(stdout, r);
	else if (o->out == KM_OUT_PROM)
		km_prom_cpu(stdout, r);
	else
		km_table_cpu(stdout, r);
	free(groups);
	return km_out_check() ? KM_EXIT_FAIL : KM_EXIT_OK;
}

/* The report over @a to @b: rates over the time between their starts. */
static int emit_span(struct km_src *src, const struct km_opts *o, struct km_cpu_report *r,
		     const struct km_task_filter *f, struct sample *a, const struct sample *b)
{
	struct km_sysstat sys;
	struct km_tasks d;
	int rc;

	r->interval = (double)(b->mono_ns - a->mono_ns) / 1e9;
	if (km_tasks_delta(&a->tasks, &b->tasks, a->boot_ns, &d)) {
		fprintf(stderr, "kmemstat: out of memory\n");
		return KM_EXIT_FAIL;
	}
	if (a->have_sys && b->have_sys)
		km_sysstat_delta(&a->sys, &b->sys, &sys);
	rc = emit(src, o, r, f, &d, a->have_sys && b->have_sys ? &sys : NULL);
	km_tasks_free(&d);
	return rc;
}

/*
 * -i SECONDS [-c COUNT]: COUNT reports of the rates over successive
 * intervals (1 without -c), as pidstat prints them; after several, or on
 * Ctrl-C, the average over the whole span so far.
 */
static int intervals(struct km_src *src, const struct km_opts *o, struct km_cpu_report *r,
		     const struct km_task_filter *f, const struct km_task_filter *pf)
{
	long count = o->count ? o->count : 1, n;
	struct sample first, prev, cur, *a = &first;
	int rc, stop = 0;

	interrupted = 0;
	signal(SIGINT, on_sigint);
	rc = take(src, pf, &first);
	for (n = 0; !rc && n < count && !stop; n++) {
		stop = wait_interval(o->rate_interval);
		rc = take(src, pf, &cur);
		if (rc) {
			km_tasks_free(&cur.tasks);
			break;
		}
		if (!stop) {	/* Ctrl-C cut this one short: only the average below */
			if (n && o->out == KM_OUT_TABLE)
				putchar('\n');
			r->average = 0;
			rc = emit_span(src, o, r, f, a, &cur);
		}
		if (a != &first)
			km_tasks_free(&a->tasks);
		prev = cur;
		a = &prev;
	}
	/* Several intervals, or Ctrl-C: the average over the whole span. */
	if (!rc && a != &first && (n > 1 || stop)) {
		if (o->out == KM_OUT_TABLE)
			putchar('\n');
		r->average = (int)n;
		rc = emit_span(src, o, r, f, &first, a);
	}
	if (a != &first)
		km_tasks_free(&a->tasks);
	km_tasks_free(&first.tasks);
	signal(SIGINT, SIG_DFL);
	return rc;
}

int km_cmd_cpu(const struct km_opts *o)
{
	struct km_task_filter f = o->filter, pf;
	struct km_cpu_report r;
	struct km_sysstat sys;
	struct km_tasks tasks;
	struct km_src src;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&tasks, 0, sizeof(tasks));
	r.by = o->by;
	/* --state lists tasks: every thread in that state, unless --by says otherwise. */
	if (f.state_mask && !o->by_given)
		r.by = KM_BY_THREAD;
	f.threads = r.by == KM_BY_THREAD;
	r.sort = o->sort;
	r.show_wchan = f.state_mask != 0 && !km_report_grouped(&r);
	if (o->top >= 0)
		r.top = (size_t)o->top;
	else
		r.top = o->out == KM_OUT_TABLE ? 20 : 0;

	rc = km_src_open(&src, o->source);
	if (rc)
		return rc;
	r.note = km_src_note(&src);
	/* Processes in a state: by their threads' states (keep_in_state()). */
	pf = f;
	if (!f.threads)
		pf.state_mask = 0;
	if (o->rate_interval > 0) {
		pf.min_cpu_ns = 0;	/* applies to the interval, in emit() */
		rc = intervals(&src, o, &r, &f, &pf);
	} else {
		rc = km_src_tasks(&src, &pf, &tasks);
		if (!rc)
			rc = emit(&src, o, &r, &f, &tasks,
				  km_procfs_sysstat("/proc", &sys) ? NULL : &sys);
		km_tasks_free(&tasks);
	}
	km_src_close(&src);
	return rc;
}

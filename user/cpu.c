// SPDX-License-Identifier: GPL-2.0
/*
 * kmemstat cpu: which tasks spend CPU time, in user space and in the kernel.
 * One sample gives the times since each task started; -i SECONDS takes two
 * and gives the rates over the interval, as pidstat does. --state lists the
 * tasks in the given states, with the wait channel of each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"

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

/*
 * Two samples -i apart; @out gets the differences and *@secs the time
 * between the samples' starts, which is what the rates divide by: taking a
 * sample takes time too (each task is read about as far into both).
 */
static int sample_interval(struct km_src *src, const struct km_opts *o,
			   const struct km_task_filter *f, struct km_tasks *out,
			   double *secs)
{
	struct km_tasks a, b;
	uint64_t t0, m0;
	int rc;

	t0 = clock_ns(CLOCK_BOOTTIME);
	m0 = clock_ns(CLOCK_MONOTONIC);
	rc = km_src_tasks(src, f, &a);
	if (rc)
		return rc;
	km_sleep(o->rate_interval);
	*secs = (double)(clock_ns(CLOCK_MONOTONIC) - m0) / 1e9;
	rc = km_src_tasks(src, f, &b);
	if (!rc && km_tasks_delta(&a, &b, t0, out)) {
		fprintf(stderr, "kmemstat: out of memory\n");
		rc = KM_EXIT_FAIL;
	}
	km_tasks_free(&a);
	km_tasks_free(&b);
	return rc;
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

int km_cmd_cpu(const struct km_opts *o)
{
	struct km_task_summary sum;
	struct km_task_filter f = o->filter, pf;
	struct km_cpu_report r;
	struct km_group *groups = NULL;
	struct km_tasks tasks;
	struct km_src src;
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&tasks, 0, sizeof(tasks));
	r.by = o->by;
	/* --state lists tasks: every thread in that state, unless --by says otherwise. */
	if (f.state_mask && !o->by_given)
		r.by = KM_BY_THREAD;
	f.threads = r.by == KM_BY_THREAD;
	r.sort = o->sort;
	r.interval = o->rate_interval;
	r.show_wchan = f.state_mask != 0 && r.by != KM_BY_USER && r.by != KM_BY_COMM;
	if (o->top >= 0)
		r.top = (size_t)o->top;
	else
		r.top = o->out == KM_OUT_TABLE ? 20 : 0;

	rc = km_src_open(&src, o->source);
	if (rc)
		return rc;
	r.note = km_src_note(&src);
	rc = km_src_task_summary(&src, &sum);
	if (rc)
		goto out;
	r.sum = &sum;
	/* Processes in a state: by their threads' states, below. */
	pf = f;
	if (!f.threads)
		pf.state_mask = 0;
	if (o->rate_interval > 0) {
		pf.min_cpu_ns = 0;	/* applies to the interval, below */
		rc = sample_interval(&src, o, &pf, &tasks, &r.interval);
		filter_min_cpu(&tasks, o->filter.min_cpu_ns);
	} else {
		rc = km_src_tasks(&src, &pf, &tasks);
	}
	if (!rc && !f.threads && f.state_mask)
		rc = keep_in_state(&src, &f, &tasks);
	if (rc)
		goto out;
	km_tasks_sort(&tasks, r.sort);
	if (r.show_wchan)
		for (i = 0; i < tasks.n && (!r.top || i < r.top); i++)
			if (!tasks.v[i].wchan[0])
				read_wchan(&tasks.v[i], tasks.v[i].pid);
	if (r.by == KM_BY_USER || r.by == KM_BY_COMM) {
		if (km_tasks_group(&tasks, r.by, &groups, &r.ngroups)) {
			fprintf(stderr, "kmemstat: out of memory\n");
			rc = KM_EXIT_FAIL;
			goto out;
		}
		km_groups_sort(groups, r.ngroups, r.sort);
		r.groups = groups;
	}
	r.tasks = &tasks;
	if (o->out == KM_OUT_JSON)
		km_json_cpu(stdout, &r);
	else if (o->out == KM_OUT_PROM)
		km_prom_cpu(stdout, &r);
	else
		km_table_cpu(stdout, &r);
out:
	free(groups);
	km_tasks_free(&tasks);
	km_src_close(&src);
	return rc;
}

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

/* The kernel function a task sleeps in: /proc/PID/wchan, cheap for a few. */
static void read_wchan(struct km_task *t)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/wchan", t->pid);
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
	struct km_task_filter f = o->filter;
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
	if (o->rate_interval > 0) {
		f.min_cpu_ns = 0;	/* applies to the interval, below */
		rc = sample_interval(&src, o, &f, &tasks, &r.interval);
		filter_min_cpu(&tasks, o->filter.min_cpu_ns);
	} else {
		rc = km_src_tasks(&src, &f, &tasks);
	}
	if (rc)
		goto out;
	km_tasks_sort(&tasks, r.sort);
	if (r.show_wchan)
		for (i = 0; i < tasks.n && (!r.top || i < r.top); i++)
			read_wchan(&tasks.v[i]);
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

// SPDX-License-Identifier: GPL-2.0
/* The cpu tables: task counts by state, then the top tasks or groups. */
#include <inttypes.h>
#include <string.h>
#include "cli.h"

static const char *const state_names[KM_NSTATES] = {
	"running", "sleeping", "disk sleep (D)", "stopped", "traced",
	"zombie", "dead", "parked", "idle",
};

/* "57 total: 1 running, 55 sleeping, ..." with the rare states only when seen. */
static void states_line(FILE *f, const char *what, uint32_t total,
			const uint32_t *counts)
{
	static const int always[] = { KMEMSTAT_STATE_R, KMEMSTAT_STATE_S,
				      KMEMSTAT_STATE_D, KMEMSTAT_STATE_Z };
	int i, j, shown;

	fprintf(f, "%-10s %6" PRIu32 " total", what, total);
	for (i = 0; i < KM_NSTATES; i++) {
		for (shown = 0, j = 0; j < (int)(sizeof(always) / sizeof(always[0])); j++)
			shown |= always[j] == i;
		if (shown || counts[i])
			fprintf(f, ", %" PRIu32 " %s", counts[i], state_names[i]);
	}
	fputc('\n', f);
}

/*
 * The whole system by mode (/proc/stat): seconds since boot, or percent of
 * all CPUs over the interval. irq and softirq are charged to no task.
 */
static void system_line(FILE *f, const struct km_cpu_report *r)
{
	uint64_t all = 0;
	int i;

	for (i = 0; i < KM_SYS_N; i++)
		all += r->sys->ns[i];
	fprintf(f, "%-10s", r->interval > 0 ? "system:" : "since boot:");
	for (i = 0; i < KM_SYS_N; i++) {
		if (r->interval > 0)
			fprintf(f, " %s %.1f%%", km_sys_names[i],
				all ? 100.0 * (double)r->sys->ns[i] / (double)all : 0.0);
		else
			fprintf(f, " %s %.2f s", km_sys_names[i], (double)r->sys->ns[i] / 1e9);
		if (i + 1 < KM_SYS_N)
			fputc(',', f);
	}
	fprintf(f, " (%" PRIu32 " CPU%s, /proc/stat)\n", r->sys->cpus, r->sys->cpus == 1 ? "" : "s");
}

/* Seconds since start, or percent of one CPU over the interval. */
static void time_cells(FILE *f, const struct km_cpu_report *r, uint64_t ut,
		       uint64_t st)
{
	if (r->interval > 0) {
		double ns = r->interval * 1e9;

		fprintf(f, " %7.1f %7.1f %7.1f", 100.0 * (double)ut / ns,
			100.0 * (double)st / ns, 100.0 * (double)(ut + st) / ns);
	} else {
		fprintf(f, " %10.2f %10.2f %10.2f", (double)ut / 1e9,
			(double)st / 1e9, (double)(ut + st) / 1e9);
	}
}

static void time_heads(FILE *f, const struct km_cpu_report *r)
{
	if (r->interval > 0)
		fprintf(f, " %7s %7s %7s", "%USR", "%SYS", "%CPU");
	else
		fprintf(f, " %10s %10s %10s", "USER(s)", "SYSTEM(s)", "TOTAL(s)");
}

static size_t shown(const struct km_cpu_report *r, size_t n)
{
	return r->top && r->top < n ? r->top : n;
}

static void task_rows(FILE *f, const struct km_cpu_report *r)
{
	const struct km_tasks *l = r->tasks;
	int threads = r->by == KM_BY_THREAD;
	char name[4 * sizeof(l->v[0].comm)];
	size_t i;

	fprintf(f, "%7s %7s %6s S", threads ? "TID" : "PID", threads ? "TGID" : "PPID", "UID");
	if (!threads)
		fprintf(f, " %4s", "THR");
	time_heads(f, r);
	if (r->show_wchan)
		fprintf(f, " %-24s", "WCHAN");
	fprintf(f, " COMMAND\n");
	for (i = 0; i < shown(r, l->n); i++) {
		const struct km_task *t = &l->v[i];

		fprintf(f, "%7d %7d %6" PRIu32 " %c", t->pid, threads ? t->tgid : t->ppid,
			t->uid, t->state);
		if (!threads)
			fprintf(f, " %4" PRIu32, t->threads);
		time_cells(f, r, t->utime, t->stime);
		if (r->show_wchan)
			fprintf(f, " %-24s", t->wchan[0] ? t->wchan : "-");
		km_esc_table(name, sizeof(name), t->comm);
		fprintf(f, " %s\n", name);
	}
}

static void group_rows(FILE *f, const struct km_cpu_report *r)
{
	char safe[128];
	size_t i;

	if (r->by == KM_BY_USER)
		fprintf(f, "%7s %-12s", "UID", "USER");
	else
		fprintf(f, "%-16s", "COMMAND");
	fprintf(f, " %6s %6s", "PROCS", "THR");
	time_heads(f, r);
	fputc('\n', f);
	for (i = 0; i < shown(r, r->ngroups); i++) {
		const struct km_group *g = &r->groups[i];

		if (r->by == KM_BY_USER) {
			const char *name = km_user_name(g->uid);

			km_esc_table(safe, sizeof(safe), name ? name : "-");
			fprintf(f, "%7" PRIu32 " %-12s", g->uid, safe);
		} else {
			km_esc_table(safe, sizeof(safe), g->comm);
			fprintf(f, "%-16s", safe);
		}
		fprintf(f, " %6" PRIu32 " %6" PRIu32, g->processes, g->threads);
		time_cells(f, r, g->utime, g->stime);
		fputc('\n', f);
	}
}

void km_table_cpu(FILE *f, const struct km_cpu_report *r)
{
	size_t n = km_report_grouped(r) ? r->ngroups : r->tasks->n;

	states_line(f, "processes:", r->sum->processes, r->sum->proc_states);
	states_line(f, "threads:", r->sum->threads, r->sum->thread_states);
	fprintf(f, "cpu time of all processes: user %.2f s, system %.2f s\n",
		(double)r->sum->utime / 1e9, (double)r->sum->stime / 1e9);
	if (r->sys)
		system_line(f, r);
	if (r->average)
		fprintf(f, "average over %.2f s (%d interval%s; 100%% = one CPU):\n",
			r->interval, r->average, r->average > 1 ? "s" : "");
	else if (r->interval > 0)
		fprintf(f, "over the last %.2f s (100%% = one CPU):\n", r->interval);
	fputc('\n', f);
	if (km_report_grouped(r))
		group_rows(f, r);
	else
		task_rows(f, r);
	if (shown(r, n) < n)
		fprintf(f, "(%zu of %zu shown; -n 0 shows all)\n", shown(r, n), n);
	fprintf(f, "\nsource: %s%s%s%s\n", km_source_name(r->tasks->source),
		r->note ? " (" : "", r->note ? r->note : "", r->note ? ")" : "");
}

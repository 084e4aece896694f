// SPDX-License-Identifier: GPL-2.0
/*
 * --prometheus: the text exposition format, for node_exporter's textfile
 * collector. Every series is kmemstat_*: node_exporter's own meminfo
 * collector (on by default) already writes node_memory_*, and it refuses a
 * series two collectors both write. The one exception fills a gap:
 * node_memory_MemAvailable_bytes where the kernel's meminfo has no
 * MemAvailable (before 3.14), so dashboards built on it work on old hosts.
 */
#include <inttypes.h>
#include <string.h>
#include "cli.h"
#include "../kmod/uapi/kmemstat.h"

static void gauge(FILE *f, const char *name, const char *help, const char *labels,
		  uint64_t v)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n%s%s %" PRIu64 "\n",
		name, help, name, name, labels ? labels : "", v);
}

/* What each memory series says, beyond its /proc/meminfo key. */
static const char *mem_help(int i)
{
	switch (i) {
	case KM_AVAILABLE:
		return "Available memory as the kernel's MemAvailable formula computes it (kmemstat).";
	case KM_KERNEL_AVAILABLE:
		return "The kernel's own MemAvailable, where it has one.";
	case KM_MISC_RECLAIMABLE:
		return "Reclaimable kernel memory beside slab (KReclaimable minus SReclaimable).";
	case KM_TOTALRESERVE:
		return "totalreserve_pages recomputed from the zones.";
	case KM_WMARK_LOW:
		return "Sum of the zones' low watermarks.";
	default:
		return NULL;
	}
}

void km_prom_mem(FILE *f, const struct km_mem *m)
{
	char name[96], help[128], labels[96];
	const char *h;
	int i;

	for (i = 0; i < KM_NFIELDS; i++) {
		if (!km_has(m, i))
			continue;
		snprintf(name, sizeof(name), "kmemstat_memory_%s_bytes", km_fields[i].json);
		h = mem_help(i);
		if (!h) {
			snprintf(help, sizeof(help), "%s in /proc/meminfo.", km_fields[i].meminfo);
			h = help;
		}
		gauge(f, name, h, NULL, m->v[i]);
	}
	if (!km_has(m, KM_KERNEL_AVAILABLE))
		gauge(f, "node_memory_MemAvailable_bytes",
		      "Memory information field MemAvailable_bytes (this kernel has none: computed by kmemstat).",
		      NULL, m->v[KM_AVAILABLE]);
	snprintf(labels, sizeof(labels), "{source=\"%s\",formula=\"%s\"}",
		 km_source_name(m->source), km_formula_name(m->formula));
	gauge(f, "kmemstat_memory_source_info",
	      "Which source answered and which MemAvailable formula it used.",
	      labels, 1);
}

void km_prom_info(FILE *f, const struct km_info *i)
{
	char labels[256];

	snprintf(labels, sizeof(labels),
		 "{version=\"%s\",module_version=\"%s\",kernel=\"%s\",source=\"%s\"}",
		 KMEMSTAT_VERSION, i->module_version, i->kernel_release,
		 km_source_name(i->source));
	gauge(f, "kmemstat_info", "kmemstat CLI, module and kernel versions.",
	      labels, 1);
}

static void prom_states(FILE *f, const char *name, const char *help,
			const uint32_t *counts)
{
	int i;

	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
	for (i = 0; i < KM_NSTATES; i++)
		fprintf(f, "%s{state=\"%c\"} %" PRIu32 "\n", name,
			KMEMSTAT_STATE_LETTERS[i], counts[i]);
}

/* One family of per-task or per-group CPU figures: seconds, or percent over -i. */
static void prom_cpu_head(FILE *f, const struct km_cpu_report *r, const char *what,
			  char *name, size_t len)
{
	if (r->interval > 0) {
		snprintf(name, len, "kmemstat_%s_cpu_percent", what);
		fprintf(f, "# HELP %s CPU use over the last %.2f s, percent of one CPU.\n"
			"# TYPE %s gauge\n", name, r->interval, name);
	} else if (km_report_grouped(r)) {
		/* A sum over live members: it falls when one exits. */
		snprintf(name, len, "kmemstat_%s_cpu_seconds", what);
		fprintf(f, "# HELP %s CPU time of the live processes of each %s, as /proc/PID/stat.\n"
			"# TYPE %s gauge\n", name, what, name);
	} else {
		snprintf(name, len, "kmemstat_%s_cpu_seconds_total", what);
		fprintf(f, "# HELP %s CPU time since the task started, as /proc/PID/stat.\n"
			"# TYPE %s counter\n", name, name);
	}
}

static void prom_cpu_pair(FILE *f, const struct km_cpu_report *r, const char *name,
			  const char *labels, uint64_t ut, uint64_t st)
{
	double scale = r->interval > 0 ? 100.0 / (r->interval * 1e9) : 1e-9;

	fprintf(f, "%s{%s,mode=\"user\"} %.9g\n", name, labels, (double)ut * scale);
	fprintf(f, "%s{%s,mode=\"system\"} %.9g\n", name, labels, (double)st * scale);
}

void km_prom_cpu(FILE *f, const struct km_cpu_report *r)
{
	char name[64], labels[224], comm[3 * 16 + 1];
	uint64_t all;
	size_t i, n;

	prom_states(f, "kmemstat_processes", "Processes by state (their main thread's).",
		    r->sum->proc_states);
	prom_states(f, "kmemstat_threads", "Threads by state.", r->sum->thread_states);
	if (r->sys && r->interval > 0) {
		fprintf(f, "# HELP kmemstat_system_cpu_percent The system's CPU time by mode over the interval, percent of all CPUs (/proc/stat).\n"
			"# TYPE kmemstat_system_cpu_percent gauge\n");
		for (i = 0, all = 0; i < KM_SYS_N; i++)
			all += r->sys->ns[i];
		for (i = 0; i < KM_SYS_N; i++)
			fprintf(f, "kmemstat_system_cpu_percent{mode=\"%s\"} %.9g\n", km_sys_names[i],
				all ? 100.0 * (double)r->sys->ns[i] / (double)all : 0.0);
	} else if (r->sys) {
		fprintf(f, "# HELP kmemstat_system_cpu_seconds_total The system's CPU time by mode since boot (/proc/stat).\n"
			"# TYPE kmemstat_system_cpu_seconds_total counter\n");
		for (i = 0; i < KM_SYS_N; i++)
			fprintf(f, "kmemstat_system_cpu_seconds_total{mode=\"%s\"} %.9g\n",
				km_sys_names[i], (double)r->sys->ns[i] / 1e9);
	}
	/* A gauge: the sum over live processes falls when one exits. */
	fprintf(f, "# HELP kmemstat_cpu_seconds CPU time of all live processes (exited ones not counted).\n"
		"# TYPE kmemstat_cpu_seconds gauge\n"
		"kmemstat_cpu_seconds{mode=\"user\"} %.9g\n"
		"kmemstat_cpu_seconds{mode=\"system\"} %.9g\n",
		(double)r->sum->utime / 1e9, (double)r->sum->stime / 1e9);
	if (km_report_grouped(r)) {
		prom_cpu_head(f, r, r->by == KM_BY_USER ? "user" : "comm", name, sizeof(name));
		n = r->top && r->top < r->ngroups ? r->top : r->ngroups;
		for (i = 0; i < n; i++) {
			const struct km_group *g = &r->groups[i];

			if (r->by == KM_BY_USER) {
				snprintf(labels, sizeof(labels), "uid=\"%" PRIu32 "\"", g->uid);
			} else {
				km_esc_label(comm, sizeof(comm), g->comm);
				snprintf(labels, sizeof(labels), "comm=\"%s\"", comm);
			}
			prom_cpu_pair(f, r, name, labels, g->utime, g->stime);
		}
	} else {
		prom_cpu_head(f, r, r->by == KM_BY_THREAD ? "thread" : "process",
			      name, sizeof(name));
		n = r->top && r->top < r->tasks->n ? r->top : r->tasks->n;
		for (i = 0; i < n; i++) {
			const struct km_task *t = &r->tasks->v[i];

			km_esc_label(comm, sizeof(comm), t->comm);
			snprintf(labels, sizeof(labels),
				 "pid=\"%d\",tgid=\"%d\",uid=\"%" PRIu32 "\",comm=\"%s\"",
				 t->pid, t->tgid, t->uid, comm);
			prom_cpu_pair(f, r, name, labels, t->utime, t->stime);
		}
	}
}

void km_prom_shmem(FILE *f, const struct km_shm *l)
{
	static const char *const fams[][2] = {
		{ "kmemstat_shmem_object_resident_bytes", "Resident bytes of a mapped shmem object." },
		{ "kmemstat_shmem_object_swapped_bytes", "Swapped bytes of a mapped shmem object." },
		{ "kmemstat_shmem_object_size_bytes", "Size of a mapped shmem object." },
		{ "kmemstat_shmem_object_processes", "Processes that map a shmem object." },
	};
	/* A figure the source could not know has no sample. */
	static const unsigned int need[] = {
		KM_SHM_KNOW_RESIDENT, KM_SHM_KNOW_SWAPPED, KM_SHM_KNOW_SIZE, 0,
	};
	char name[3 * 112 + 1], labels[512];
	size_t i;
	int k;

	for (k = 0; k < 4; k++) {
		fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", fams[k][0], fams[k][1], fams[k][0]);
		for (i = 0; i < l->n; i++) {
			const struct km_shm_obj *o = &l->v[i];
			uint64_t v = k == 0 ? o->resident : k == 1 ? o->swapped :
				     k == 2 ? o->size : o->processes;

			if ((o->known & need[k]) != need[k])
				continue;
			km_esc_label(name, sizeof(name), o->name);
			snprintf(labels, sizeof(labels), "dev=\"%u\",ino=\"%" PRIu64 "\",kind=\"%s\",name=\"%s\"",
				 o->dev, o->ino, km_shm_kind_name(o->kind), name);
			fprintf(f, "%s{%s} %" PRIu64 "\n", fams[k][0], labels, v);
		}
	}
	if (l->have & KM_SHM_HAVE_MAPPED_RESIDENT)
		gauge(f, "kmemstat_shmem_mapped_resident_bytes",
		      "Resident bytes of all mapped shmem objects.", NULL, l->mapped_resident);
	if (l->sysv_listed)
		gauge(f, "kmemstat_shmem_sysv_unattached_resident_bytes",
		      "Resident bytes of SysV segments nobody attaches.", NULL, l->sysv_resident);
	gauge(f, "kmemstat_shmem_bytes", "Shmem in meminfo.", NULL, l->shmem);
	if (l->source == KM_SRC_KMOD)
		gauge(f, "kmemstat_shmem_truncated",
		      "1 when the module's snapshot was cut short at its object or memory bound, or left out processes whose locks stayed held.",
		      NULL, l->truncated ? 1 : 0);
}

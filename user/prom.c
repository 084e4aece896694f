// SPDX-License-Identifier: GPL-2.0
/*
 * --prometheus: the text exposition format. Memory figures keep
 * node_exporter's meminfo names (node_memory_<Key>_bytes), with
 * MemAvailable filled by kmemstat, so dashboards built for new kernels work
 * on old ones through the textfile collector (docs/fleet.md).
 */
#include <inttypes.h>
#include <string.h>
#include "cli.h"
#include "../kmod/uapi/kmemstat.h"

/* "Active(file)" -> "Active_file", as node_exporter's meminfo collector. */
static void prom_name(char *out, size_t len, const char *key)
{
	size_t n = 0;

	for (; *key && n + 1 < len; key++) {
		if (*key == '(')
			out[n++] = '_';
		else if (*key != ')')
			out[n++] = *key;
	}
	out[n] = '\0';
}

static void gauge(FILE *f, const char *name, const char *help, const char *labels,
		  uint64_t v)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n%s%s %" PRIu64 "\n",
		name, help, name, name, labels ? labels : "", v);
}

void km_prom_mem(FILE *f, const struct km_mem *m)
{
	char name[96], key[64], help[128], labels[96];
	int i;

	for (i = 0; i < KM_NFIELDS; i++) {
		if (!km_fields[i].meminfo || !km_has(m, i) || i == KM_KERNEL_AVAILABLE)
			continue;
		prom_name(key, sizeof(key), km_fields[i].meminfo);
		snprintf(name, sizeof(name), "node_memory_%s_bytes", key);
		snprintf(help, sizeof(help), "Memory information field %s_bytes.", key);
		gauge(f, name, help, NULL, m->v[i]);
	}
	gauge(f, "node_memory_MemAvailable_bytes",
	      "Memory information field MemAvailable_bytes (computed by kmemstat).",
	      NULL, m->v[KM_AVAILABLE]);
	if (km_has(m, KM_KERNEL_AVAILABLE))
		gauge(f, "kmemstat_memory_kernel_available_bytes",
		      "The kernel's own MemAvailable, where it has one.", NULL,
		      m->v[KM_KERNEL_AVAILABLE]);
	gauge(f, "kmemstat_memory_totalreserve_bytes",
	      "totalreserve_pages recomputed from the zones.", NULL,
	      m->v[KM_TOTALRESERVE]);
	gauge(f, "kmemstat_memory_wmark_low_bytes",
	      "Sum of the zones' low watermarks.", NULL, m->v[KM_WMARK_LOW]);
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
	size_t i, n;

	prom_states(f, "kmemstat_processes", "Processes by state (their main thread's).",
		    r->sum->proc_states);
	prom_states(f, "kmemstat_threads", "Threads by state.", r->sum->thread_states);
	fprintf(f, "# HELP kmemstat_cpu_seconds_total CPU time of all live processes.\n"
		"# TYPE kmemstat_cpu_seconds_total counter\n"
		"kmemstat_cpu_seconds_total{mode=\"user\"} %.9g\n"
		"kmemstat_cpu_seconds_total{mode=\"system\"} %.9g\n",
		(double)r->sum->utime / 1e9, (double)r->sum->stime / 1e9);
	if (r->groups) {
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
}

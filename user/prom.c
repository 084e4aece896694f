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

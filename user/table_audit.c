// SPDX-License-Identifier: GPL-2.0
/* audit --table: the document's headlines and its findings, for a person. */
#include <inttypes.h>
#include <string.h>
#include "audit.h"
#include "cli.h"

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0;
}

void km_audit_table(FILE *f, const struct km_audit *a)
{
	const struct km_mem *m = &a->mem;
	uint64_t t = m->v[KM_TOTAL], busy = 0, all = 0;
	char b1[32], b2[32], b3[32], b4[32], safe[3 * 256 + 1];
	size_t i, d = 0;
	int k;

	km_esc_table(safe, sizeof(safe), a->host.hostname);
	fprintf(f, "host    %s, kernel %s, up %.1f days, source %s%s%s%s\n", safe,
		a->host.kernel, a->host.uptime_s / 86400, a->host.source,
		a->host.module_version[0] ? " (module " : "", a->host.module_version,
		a->host.module_version[0] ? ")" : "");
	fprintf(f, "memory  total %s, available %s (%.1f%%), Shmem %s (%.1f%%), swap used %s\n",
		km_fmt_size(b1, sizeof(b1), 'h', (int64_t)t),
		km_fmt_size(b2, sizeof(b2), 'h', (int64_t)m->v[KM_AVAILABLE]),
		pct(m->v[KM_AVAILABLE], t),
		km_fmt_size(b3, sizeof(b3), 'h', (int64_t)m->v[KM_SHMEM]), pct(m->v[KM_SHMEM], t),
		km_fmt_size(b4, sizeof(b4), 'h', (int64_t)(m->v[KM_SWAP_TOTAL] > m->v[KM_SWAP_FREE] ?
			    m->v[KM_SWAP_TOTAL] - m->v[KM_SWAP_FREE] : 0)));
	for (i = 0; i < a->ndtasks; i++)
		d += a->dtasks[i].t.state == 'D';
	fprintf(f, "cpu     %" PRIu32 " processes, %zu thread(s) in D", a->sum.processes, d);
	if (a->have_sys) {
		for (k = 0; k < KM_SYS_N; k++)
			all += a->sys.ns[k];
		busy = all - a->sys.ns[KM_SYS_IDLE];
		fprintf(f, "; since boot %.1f%% busy (irq %.1f%%, softirq %.1f%%, iowait %.1f%%)",
			pct(busy, all), pct(a->sys.ns[KM_SYS_IRQ], all),
			pct(a->sys.ns[KM_SYS_SOFTIRQ], all), pct(a->sys.ns[KM_SYS_IOWAIT], all));
	}
	fputc('\n', f);
	if (a->have_shm && a->shm.sysv_listed)
		fprintf(f, "shmem   %" PRIu32 " mapped object(s), %s resident; %" PRIu32 " SysV segment(s) nobody attaches\n",
			a->shm.objects, km_fmt_size(b1, sizeof(b1), 'h', (int64_t)a->shm.mapped_resident),
			a->shm.sysv_unmapped);
	else if (a->have_shm)
		fprintf(f, "shmem   %" PRIu32 " mapped object(s), %s resident\n", a->shm.objects,
			km_fmt_size(b1, sizeof(b1), 'h', (int64_t)a->shm.mapped_resident));
	else
		fprintf(f, "shmem   unknown: %s\n", a->shm_error);
	fprintf(f, "\nfindings:%s\n", a->nfindings ? "" : " none");
	for (k = 0; k < a->nfindings; k++) {
		km_esc_table(safe, sizeof(safe), a->findings[k].message);
		fprintf(f, "  %-8s %-20s %s\n", !strcmp(a->findings[k].severity, "warning") ?
			"WARNING" : a->findings[k].severity, a->findings[k].rule, safe);
	}
}

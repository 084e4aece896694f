// SPDX-License-Identifier: GPL-2.0
/* The shmem table: objects largest resident first, their mappers, the totals. */
#include <inttypes.h>
#include "cli.h"

static void prot_str(char out[5], uint32_t prot)
{
	out[0] = prot & KMEMSTAT_PROT_READ ? 'r' : '-';
	out[1] = prot & KMEMSTAT_PROT_WRITE ? 'w' : '-';
	out[2] = prot & KMEMSTAT_PROT_EXEC ? 'x' : '-';
	out[3] = prot & KMEMSTAT_PROT_SHARED ? 's' : 'p';
	out[4] = '\0';
}

/* @v in @unit, or "-" when the source could not know it. */
static const char *fig(char *buf, size_t len, char unit, int known, uint64_t v)
{
	return known ? km_fmt_size(buf, len, unit, (int64_t)v) : "-";
}

void km_table_shmem(FILE *f, const struct km_shm *l, char unit, const char *note)
{
	char a[32], b[32], c[32], d[32], p[5], safe[4 * sizeof(l->v[0].name)];
	int64_t rest;
	int rest_known;
	size_t i, j;

	fprintf(f, "%10s %10s %10s %5s %5s %-6s %10s NAME\n", "RESIDENT", "SWAPPED",
		"SIZE", "PROCS", "VMAS", "KIND", "INODE");
	for (i = 0; i < l->n; i++) {
		const struct km_shm_obj *o = &l->v[i];

		km_esc_table(safe, sizeof(safe), o->name);

		fprintf(f, "%10s %10s %10s %5" PRIu32 " %5" PRIu32 " %-6s %10" PRIu64 " %s",
			fig(a, sizeof(a), unit, o->known & KM_SHM_KNOW_RESIDENT, o->resident),
			fig(b, sizeof(b), unit, o->known & KM_SHM_KNOW_SWAPPED, o->swapped),
			fig(c, sizeof(c), unit, o->known & KM_SHM_KNOW_SIZE, o->size), o->processes,
			o->vmas, km_shm_kind_name(o->kind), o->ino, safe);
		if (o->kind == KMEMSTAT_SHMEM_SYSV)
			fprintf(f, " (key 0x%08" PRIx32 ", shmid %" PRIu64 ")", o->key, o->ino);
		fputc('\n', f);
		for (j = 0; j < o->nmappers; j++) {
			const struct km_shm_mapper *m = &o->mappers[j];

			prot_str(p, m->prot);
			km_esc_table(safe, sizeof(safe), m->comm);
			fprintf(f, "%18s pid %d %s: %" PRIx64 "-%" PRIx64 " %s offset %s", "",
				m->pid, safe, m->start, m->end, p,
				km_fmt_size(a, sizeof(a), unit, (int64_t)m->offset));
			if (m->has_mapped)
				fprintf(f, " mapped %s",
					km_fmt_size(b, sizeof(b), unit, (int64_t)m->mapped));
			fputc('\n', f);
		}
		if (o->omitted)
			fprintf(f, "%18s (%" PRIu32 " more mappings)\n", "", o->omitted);
	}
	if (l->have & KM_SHM_HAVE_TOTALS) {
		fprintf(f, "\nmapped objects: %" PRIu32 ", resident %s, swapped %s\n", l->objects,
			fig(a, sizeof(a), unit, l->have & KM_SHM_HAVE_MAPPED_RESIDENT, l->mapped_resident),
			fig(b, sizeof(b), unit, l->have & KM_SHM_HAVE_MAPPED_SWAPPED, l->mapped_swapped));
		if (l->sysv_listed)
			fprintf(f, "SysV segments nobody attaches: %" PRIu32 ", resident %s, swapped %s\n",
				l->sysv_unmapped,
				km_fmt_size(a, sizeof(a), unit, (int64_t)l->sysv_resident),
				km_fmt_size(b, sizeof(b), unit, (int64_t)l->sysv_swapped));
		rest_known = km_shm_rest(l, &rest);
		/* Not "0 B" for SysV the source could not list: they are in the rest. */
		fprintf(f, "Shmem in meminfo: %s = mapped %s + %s%s%s %s%s%s%s%s\n",
			km_fmt_size(a, sizeof(a), unit, (int64_t)l->shmem),
			fig(b, sizeof(b), unit, l->have & KM_SHM_HAVE_MAPPED_RESIDENT, l->mapped_resident),
			l->sysv_listed ? "unattached SysV " : "",
			l->sysv_listed ? km_fmt_size(c, sizeof(c), unit, (int64_t)l->sysv_resident) : "",
			l->sysv_listed ? " + tmpfs nobody maps" : "unattached SysV and tmpfs nobody maps",
			fig(d, sizeof(d), unit, rest_known, (uint64_t)rest),
			rest_known ? "" : " (unknown: ", rest_known ? "" : l->rest_why,
			rest_known ? "" : ")",
			l->sysv_listed ? "" : " (SysV segments nobody attaches are not listed by this source)");
	}
	fprintf(f, "\nsource: %s%s%s%s\n", km_source_name(l->source), note ? " (" : "",
		note ? note : "", note ? ")" : "");
	if (l->note[0])
		fprintf(f, "note: %s\n", l->note);
}

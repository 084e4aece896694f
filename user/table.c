// SPDX-License-Identifier: GPL-2.0
/* Tables for people: free.pl's layout, in the unit the user asked for. */
#include <inttypes.h>
#include <string.h>
#include <sys/utsname.h>
#include "cli.h"
#include "memcalc.h"
#include "../kmod/uapi/kmemstat.h"

#define COLW 11

const char *km_fmt_size(char *buf, size_t len, char unit, int64_t v)
{
	static const char *suffix[] = { "B", "Ki", "Mi", "Gi", "Ti", "Pi" };
	double d = (double)v;
	int i = 0;

	switch (unit) {
	case 'b':
		snprintf(buf, len, "%" PRId64, v);
		break;
	case 'm':
		snprintf(buf, len, "%" PRId64, v / (1 << 20));
		break;
	case 'g':
		snprintf(buf, len, "%" PRId64, v / (1 << 30));
		break;
	case 'h':
		while ((d >= 1024 || d <= -1024) && i < 5) {
			d /= 1024;
			i++;
		}
		snprintf(buf, len, i && d < 10 && d > -10 ? "%.1f%s" : "%.0f%s",
			 d, suffix[i]);
		break;
	default:
		snprintf(buf, len, "%" PRId64, v / 1024);
	}
	return buf;
}

/* One figure in the unit of -b/-k/-m/-g/-h, or in percent of @total with -p. */
static const char *fmt(char *buf, size_t len, const struct km_opts *o,
		       int64_t v, uint64_t total)
{
	if (o->percent) {
		snprintf(buf, len, "%.1f%%", total ? 100.0 * (double)v / (double)total : 0.0);
		return buf;
	}
	return km_fmt_size(buf, len, o->unit, v);
}

static void cells(FILE *f, const struct km_opts *o, uint64_t total,
		  const char *label, int skip, int n, const int64_t *vals)
{
	char buf[32];
	int i;

	fprintf(f, "%-12s", label);
	for (i = 0; i < skip; i++)
		fprintf(f, "%*s", COLW, "");
	for (i = 0; i < n; i++)
		fprintf(f, "%*s", COLW, fmt(buf, sizeof(buf), o, vals[i], total));
	fputc('\n', f);
}

static void extended(FILE *f, const struct km_opts *o, const struct km_mem *m)
{
	static const struct { const char *label; int a, b; } rows[] = {
		{ "Buffers", KM_BUFFERS, -1 },
		{ "Cached", KM_CACHED, -1 },
		{ "SwapCached", KM_SWAP_CACHED, -1 },
		{ "Shmem", KM_SHMEM, -1 },
		{ "AnonPages", KM_ANON, -1 },
		{ "Mapped", KM_MAPPED, -1 },
		{ "Unevict+Mlocked", KM_UNEVICTABLE, KM_MLOCKED },
		{ "Dirty+Writeback", KM_DIRTY, KM_WRITEBACK },
		{ "NFS+Bounce", KM_NFS_UNSTABLE, KM_BOUNCE },
	};
	struct km_avail_steps st;
	struct km_avail_in in;
	uint64_t t = m->v[KM_TOTAL], ps = m->page_size ? m->page_size : 4096;
	char a[32], b[32];
	size_t i;

	fprintf(f, "\nExtended memory usage info:\n");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		fmt(a, sizeof(a), o, (int64_t)m->v[rows[i].a], t);
		if (rows[i].b < 0) {
			fprintf(f, "  %-16s%*s\n", rows[i].label, COLW, a);
			continue;
		}
		fmt(b, sizeof(b), o, (int64_t)m->v[rows[i].b], t);
		fprintf(f, "  %-16s%*s%*s\n", rows[i].label, COLW, a, COLW, b);
	}

	km_avail_in_from_mem(m, &in);
	km_available_steps(m->formula, &in, &st);
	fprintf(f, "\nAvailable, term by term (the %s formula):\n",
		km_formula_name(m->formula));
#define STEP(label, pages, why) \
	fprintf(f, "  %-16s%*s  %s\n", label, COLW, \
		fmt(a, sizeof(a), o, (int64_t)(pages) * (int64_t)ps, t), why)
	STEP("+ free", st.free, "MemFree");
	STEP("- reserve", -st.reserve, m->formula == KMEMSTAT_FORMULA_3_14 ?
	     "sum of zone low watermarks" : "totalreserve_pages");
	STEP("+ file LRU", st.pagecache, "Active(file) + Inactive(file)");
	STEP("- its cut", -st.pagecache_cut, "min(half, low watermarks)");
	STEP("+ reclaimable", st.reclaimable,
	     m->formula == KMEMSTAT_FORMULA_4_20 ? "SReclaimable + misc" : "SReclaimable");
	STEP("- its cut", -st.reclaimable_cut, "min(half, low watermarks)");
	if (m->formula == KMEMSTAT_FORMULA_4_17)
		STEP("+ misc", st.uncapped, "indirectly reclaimable, uncapped");
	STEP("= available", (int64_t)st.available, "never below 0");
#undef STEP
}

void km_table_mem(FILE *f, const struct km_opts *o, const struct km_mem *m,
		  const char *note)
{
	struct km_columns c;
	struct utsname u;
	uint64_t t = m->v[KM_TOTAL];
	char buf[32];
	int64_t row[7];

	km_mem_columns(m, &c);
	fprintf(f, "%-12s%*s%*s%*s%*s%*s%*s%*s\n", "", COLW, "total", COLW, "used",
		COLW, "free", COLW, "anonymous", COLW, "kernel", COLW, "caches",
		COLW, "others");
	row[0] = (int64_t)t;
	row[1] = c.used;
	row[2] = (int64_t)m->v[KM_FREE];
	row[3] = c.anonymous;
	row[4] = c.kernel;
	row[5] = c.caches;
	row[6] = c.others;
	cells(f, o, t, "Mem:", 0, 7, row);
	row[0] = c.used_nocache;
	row[1] = c.free_cache;
	cells(f, o, t, "  -/+ caches", 1, 2, row);
	row[0] = (int64_t)m->v[KM_AVAILABLE];
	cells(f, o, t, "  available", 2, 1, row);
	row[0] = (int64_t)m->v[KM_SWAP_TOTAL];
	row[1] = c.swap_used;
	row[2] = (int64_t)m->v[KM_SWAP_FREE];
	cells(f, o, m->v[KM_SWAP_TOTAL], "Swap:", 0, 3, row);
	if (o->extended)
		extended(f, o, m);

	fprintf(f, "\nsource: %s", km_source_name(m->source));
	if (note)
		fprintf(f, " (%s)", note);
	if (m->kernel_formula)
		fprintf(f, "; available by the %s formula (--formula; this kernel's is %s)",
			km_formula_name(m->formula), km_formula_name(m->kernel_formula));
	else if (km_has(m, KM_KERNEL_AVAILABLE))
		fprintf(f, "; available by the kernel's %s formula", km_formula_name(m->formula));
	else if (uname(&u) == 0 && km_release_hides_memavailable(u.release))
		fprintf(f, "; available by the kernel's %s formula (shown in meminfo with "
			"vm.meminfo_legacy_layout=0)", km_formula_name(m->formula));
	else
		fprintf(f, "; available by the %s formula, the newest this kernel's counters allow",
			km_formula_name(m->formula));
	if (km_has(m, KM_KERNEL_AVAILABLE))
		fprintf(f, "; the kernel's own MemAvailable: %s",
			fmt(buf, sizeof(buf), o, (int64_t)m->v[KM_KERNEL_AVAILABLE], t));
	else
		fprintf(f, "; this kernel has no MemAvailable");
	fputc('\n', f);
}

void km_table_info(FILE *f, const struct km_info *i, const char *note)
{
	fprintf(f, "kmemstat       %s\n", KMEMSTAT_VERSION);
	fprintf(f, "CLI ABI        %d\n", KMEMSTAT_ABI_VERSION);
	fprintf(f, "kernel         %s\n", i->kernel_release);
	if (i->source == KM_SRC_KMOD) {
		fprintf(f, "module         %s\n", i->module_version);
		fprintf(f, "module ABI     %u\n", i->abi_version);
		fprintf(f, "features       %s%s%s%s%s\n",
			i->features & KMEMSTAT_FEAT_MEM ? "mem" : "",
			i->features & KMEMSTAT_FEAT_KERNEL_AVAILABLE ?
			" kernel-available" : "",
			i->features & KMEMSTAT_FEAT_TASKS ? " tasks" : "",
			i->features & KMEMSTAT_FEAT_SHMEM ? " shmem" : "",
			i->features & KMEMSTAT_FEAT_SHMEM_SYSV ? " shmem-sysv" : "");
	} else {
		fprintf(f, "module         not loaded\n");
	}
	fprintf(f, "source         %s%s%s%s\n", km_source_name(i->source),
		note ? " (" : "", note ? note : "", note ? ")" : "");
}

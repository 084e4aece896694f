// SPDX-License-Identifier: GPL-2.0
/* Tables for people: free.pl's layout, in the unit the user asked for. */
#include <inttypes.h>
#include <string.h>
#include <sys/utsname.h>
#include "cli.h"
#include "memcalc.h"
#include "../kmod/uapi/kmemstat.h"

/*
 * Cells are right-aligned in columns as wide as the widest figure (at least
 * 10) and always one space apart: the figures are measured first (a pass
 * with no FILE), then printed.
 */
#define MINW 10

struct cols {
	FILE *f;	/* NULL: measuring */
	int w;
};

static void cell(struct cols *t, const char *s)
{
	int n = (int)strlen(s);

	if (!t->f) {
		if (n > t->w)
			t->w = n;
		return;
	}
	fprintf(t->f, " %*s", t->w, s);
}

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
		/* As free -h: one decimal below 10, else whole units cut, as -g cuts. */
		if (i && d < 10 && d > -10)
			snprintf(buf, len, "%.1f%s", d, suffix[i]);
		else
			snprintf(buf, len, "%" PRId64 "%s", (int64_t)d, suffix[i]);
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

static void cells(struct cols *t, const struct km_opts *o, uint64_t total,
		  const char *label, int skip, int n, const int64_t *vals)
{
	char buf[32];
	int i;

	if (t->f)
		fprintf(t->f, "%-11s", label);
	for (i = 0; i < skip; i++)
		cell(t, "");
	for (i = 0; i < n; i++)
		cell(t, fmt(buf, sizeof(buf), o, vals[i], total));
	if (t->f)
		fputc('\n', t->f);
}

/* A row of the extended sections: label, figures, and a why. */
static void ext_row(struct cols *t, const char *label, int n, const char **vals,
		    const char *why)
{
	int i;

	if (t->f)
		fprintf(t->f, "  %-15s", label);
	for (i = 0; i < n; i++)
		cell(t, vals[i]);
	if (t->f)
		fprintf(t->f, "%s%s\n", why ? "  " : "", why ? why : "");
}

static void extended(struct cols *t, const struct km_opts *o, const struct km_mem *m)
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
	uint64_t tot = m->v[KM_TOTAL], ps = m->page_size ? m->page_size : 4096;
	char a[32], b[32];
	const char *v[2] = { a, b };
	size_t i;

	if (t->f)
		fprintf(t->f, "\nExtended memory usage info:\n");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		fmt(a, sizeof(a), o, (int64_t)m->v[rows[i].a], tot);
		if (rows[i].b >= 0)
			fmt(b, sizeof(b), o, (int64_t)m->v[rows[i].b], tot);
		ext_row(t, rows[i].label, rows[i].b < 0 ? 1 : 2, v, NULL);
	}

	km_avail_in_from_mem(m, &in);
	km_available_steps(m->formula, &in, &st);
	if (t->f)
		fprintf(t->f, "\nAvailable, term by term (the %s formula):\n",
			km_formula_name(m->formula));
#define STEP(label, pages, why) \
	(fmt(a, sizeof(a), o, (int64_t)(pages) * (int64_t)ps, tot), ext_row(t, label, 1, v, why))
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

/* The Mem, caches, available and Swap rows, then -e's sections. */
static void mem_rows(struct cols *t, const struct km_opts *o, const struct km_mem *m)
{
	static const char *const head[] = { "total", "used", "free", "anonymous",
					     "kernel", "caches", "others" };
	struct km_columns c;
	uint64_t tot = m->v[KM_TOTAL];
	int64_t row[7];
	size_t i;

	km_mem_columns(m, &c);
	if (t->f)
		fprintf(t->f, "%-11s", "");
	for (i = 0; i < 7; i++)
		cell(t, head[i]);
	if (t->f)
		fputc('\n', t->f);
	row[0] = (int64_t)tot;
	row[1] = c.used;
	row[2] = (int64_t)m->v[KM_FREE];
	row[3] = c.anonymous;
	row[4] = c.kernel;
	row[5] = c.caches;
	row[6] = c.others;
	cells(t, o, tot, "Mem:", 0, 7, row);
	row[0] = c.used_nocache;
	row[1] = c.free_cache;
	cells(t, o, tot, "  -/+ caches", 1, 2, row);
	row[0] = (int64_t)m->v[KM_AVAILABLE];
	cells(t, o, tot, "  available", 2, 1, row);
	row[0] = (int64_t)m->v[KM_SWAP_TOTAL];
	row[1] = c.swap_used;
	row[2] = (int64_t)m->v[KM_SWAP_FREE];
	cells(t, o, m->v[KM_SWAP_TOTAL], "Swap:", 0, 3, row);
	if (o->extended)
		extended(t, o, m);
}

void km_table_mem(FILE *f, const struct km_opts *o, const struct km_mem *m,
		  const char *note)
{
	struct cols t = { NULL, MINW };
	struct utsname u;
	uint64_t tot = m->v[KM_TOTAL];
	char buf[32];

	mem_rows(&t, o, m);
	t.f = f;
	mem_rows(&t, o, m);

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
			fmt(buf, sizeof(buf), o, (int64_t)m->v[KM_KERNEL_AVAILABLE], tot));
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

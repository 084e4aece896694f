// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc source's MemAvailable on saved /proc files from several kernel
 * generations (samples/), against answers worked out by hand in each
 * sample's "expected" file (or, for a live capture, the kernel's own
 * MemAvailable); and the formula's edge cases.
 * usage: test_memcalc SAMPLE_DIR...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kselftest.h"
#include "../../user/cli.h"
#include "../../user/memcalc.h"
#include "../../user/procfs.h"
#include "../../kmod/uapi/kmemstat.h"

static int expected(const char *dir, const char *key, unsigned long long *v, char *s)
{
	char path[512], line[256], k[64], str[64];
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "%s/expected", dir);
	f = fopen(path, "re");
	if (!f)
		ksft_exit_fail_msg("no %s\n", path);
	while (!found && fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || sscanf(line, "%63s %63s", k, str) != 2 || strcmp(k, key))
			continue;
		found = 1;
		if (v)
			sscanf(str, "%llu", v);
		if (s)
			strcpy(s, str);
	}
	fclose(f);
	return found;
}

static void prom_gap(const char *dir, const struct km_mem *m);

static void sample(const char *dir)
{
	unsigned long long want;
	char formula[64];
	struct km_mem m;
	uint64_t ps;

	if (km_procfs_mem(dir, &m)) {
		ksft_test_result(0, "%s: parses\n", dir);
		return;
	}
	ps = m.page_size;
	if (expected(dir, "formula", NULL, formula))
		ksft_test_result(!strcmp(formula, km_formula_name(m.formula)),
				 "%s: formula %s (want %s)\n", dir, km_formula_name(m.formula), formula);
	if (expected(dir, "wmark_low_pages", &want, NULL))
		ksft_test_result(m.v[KM_WMARK_LOW] / ps == want, "%s: low watermarks %llu pages (want %llu)\n",
				 dir, (unsigned long long)(m.v[KM_WMARK_LOW] / ps), want);
	if (expected(dir, "totalreserve_pages", &want, NULL))
		ksft_test_result(m.v[KM_TOTALRESERVE] / ps == want, "%s: reserve %llu pages (want %llu)\n",
				 dir, (unsigned long long)(m.v[KM_TOTALRESERVE] / ps), want);
	expected(dir, "available_kb", &want, NULL);
	ksft_test_result(m.v[KM_AVAILABLE] / 1024 == want, "%s: available %llu kB (want %llu)\n",
			 dir, (unsigned long long)(m.v[KM_AVAILABLE] / 1024), want);
	prom_gap(dir, &m);
}

/* True when the meminfo under @dir has a line starting with @key. */
static int meminfo_has(const char *dir, const char *key)
{
	char path[512], line[256];
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "%s/meminfo", dir);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, key, strlen(key));
	fclose(f);
	return found;
}

/*
 * --prometheus writes node_memory_MemAvailable_bytes exactly where meminfo
 * lacks MemAvailable: elsewhere node_exporter's meminfo collector writes it.
 */
static void prom_gap(const char *dir, const struct km_mem *m)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int lacks = !meminfo_has(dir, "MemAvailable:");
	int writes;

	if (!f)
		ksft_exit_fail_msg("open_memstream\n");
	km_prom_mem(f, m);
	fclose(f);
	writes = strstr(text, "\nnode_memory_MemAvailable_bytes ") != NULL;
	ksft_test_result(writes == lacks && strstr(text, "\nkmemstat_memory_available_bytes "),
			 "%s: --prometheus %s node_memory_MemAvailable_bytes (meminfo %s it)\n", dir,
			 writes ? "writes" : "leaves out", lacks ? "lacks" : "has");
	free(text);
}

/* How many results sample() reports for @dir. */
static int count_expect(const char *dir)
{
	return 2 + expected(dir, "formula", NULL, NULL) +
	       expected(dir, "wmark_low_pages", NULL, NULL) +
	       expected(dir, "totalreserve_pages", NULL, NULL);
}

/* Whitespace-separated words of @line. */
static int words(const char *line)
{
	int n = 0, in = 0;

	for (; *line && *line != '\n'; line++) {
		if (*line == ' ')
			in = 0;
		else if (!in++)
			n++;
	}
	return n;
}

/*
 * Every figure of the mem table stays a column of its own at any size, in
 * every unit: a 2^52-byte machine (16 digits in -b) keeps one space between
 * its figures, so each row has as many words as it has figures.
 */
static void table_widths(void)
{
	static const char units[] = "bkmgh";
	static const struct { const char *start; int words; } rows[] = {
		{ "Mem:", 8 }, { "  -/+ caches", 4 }, { "  available", 2 }, { "Swap:", 4 },
		{ "  Buffers", 2 }, { "  Unevict+Mlocked", 3 }, { "  + free", 4 },
	};
	struct km_opts o;
	struct km_mem m;
	char *text, *l;
	size_t len, u, r;
	int i, bad = 0;
	FILE *f;

	memset(&m, 0, sizeof(m));
	for (i = 0; i < KM_NFIELDS; i++) {
		m.v[i] = (1ULL << 52) - 4096 * (uint64_t)i;
		m.have |= KM_BIT(i);
	}
	m.v[KM_FREE] = 1ULL << 51;
	m.page_size = 4096;
	m.formula = KMEMSTAT_FORMULA_4_20;
	memset(&o, 0, sizeof(o));
	o.extended = 1;
	for (u = 0; u < sizeof(units) - 1; u++) {
		o.unit = units[u];
		f = open_memstream(&text, &len);
		if (!f)
			ksft_exit_fail_msg("open_memstream\n");
		km_table_mem(f, &o, &m, NULL);
		fclose(f);
		for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
			for (l = text; l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
				if (!strncmp(l, rows[r].start, strlen(rows[r].start)))
					break;
			if (!l || words(l) != rows[r].words) {
				ksft_print_msg("-%c: row '%s' has %d words, not %d\n", units[u],
					       rows[r].start, l ? words(l) : -1, rows[r].words);
				bad = 1;
			}
		}
		free(text);
	}
	ksft_test_result(!bad, "mem table: one space at least between figures of 2^52 bytes, in -b -k -m -g -h\n");
}

/* -h as free -h: one decimal below 10, whole units cut (as -g) above. */
static void human_units(void)
{
	static const struct { int64_t v; char unit; const char *want; } cases[] = {
		{ 25276157952LL, 'h', "23Gi" },	/* 23.54 GiB: free -h 23Gi */
		{ 25276157952LL, 'g', "23" },
		{ 5433040896LL, 'h', "5.1Gi" },	/* 5.06 GiB */
		{ 920023040LL, 'h', "877Mi" },	/* 877.4 MiB */
		{ 1023, 'h', "1023B" },
		{ -5433040896LL, 'h', "-5.1Gi" },
	};
	char buf[32];
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		km_fmt_size(buf, sizeof(buf), cases[i].unit, cases[i].v);
		if (strcmp(buf, cases[i].want)) {
			ksft_print_msg("%lld -%c: %s, want %s\n", (long long)cases[i].v,
				       cases[i].unit, buf, cases[i].want);
			bad = 1;
		}
	}
	ksft_test_result(!bad, "-h cuts whole units as -g and free -h do, one decimal below 10\n");
}

int main(int argc, char **argv)
{
	struct km_avail_in in;
	int i, n = 9;

	for (i = 1; i < argc; i++)
		n += count_expect(argv[i]);
	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(n);
	for (i = 1; i < argc; i++)
		sample(argv[i]);
	table_widths();
	human_units();

	/* Edge cases of the formula, in pages, by hand. */
	memset(&in, 0, sizeof(in));
	in.free = 100;
	in.totalreserve = 500;
	in.wmark_low = 400;
	ksft_test_result(km_available_pages(KMEMSTAT_FORMULA_4_20, &in) == 0,
			 "available never goes below 0\n");
	in.free = 1000;
	in.active_file = 2;
	in.inactive_file = 1;	/* pagecache 3: half rounds down to 1 */
	ksft_test_result(km_available_pages(KMEMSTAT_FORMULA_4_20, &in) == 1000 - 500 + 3 - 1,
			 "halving rounds down as the kernel's integer division\n");
	ksft_test_result(km_available_pages(KMEMSTAT_FORMULA_3_14, &in) == 1000 - 400 + 3 - 1,
			 "3.14 subtracts the low watermarks, not the reserve\n");
	in.sreclaimable = 1000;
	in.misc_reclaimable = 1000;
	/* 4.20: (1000 + 1000) - min(1000, 400) */
	ksft_test_result(km_available_pages(KMEMSTAT_FORMULA_4_20, &in) == 502 + 1600,
			 "4.20 caps slab and misc reclaimable together\n");
	/* 4.17: 1000 - min(500, 400), plus misc uncapped */
	ksft_test_result(km_available_pages(KMEMSTAT_FORMULA_4_17, &in) == 502 + 600 + 1000,
			 "4.17 adds indirectly reclaimable memory uncapped\n");
	ksft_test_result(km_formula_for_release("2.6.32-754.el6.x86_64") == KMEMSTAT_FORMULA_3_14 &&
			 km_formula_for_release("4.4.0-21-generic") == KMEMSTAT_FORMULA_3_14 &&
			 km_formula_for_release("4.5.0") == KMEMSTAT_FORMULA_4_5 &&
			 km_formula_for_release("4.19.0-27-amd64") == KMEMSTAT_FORMULA_4_17 &&
			 km_formula_for_release("6.12.38+deb13-amd64") == KMEMSTAT_FORMULA_4_20,
			 "the formula follows the kernel release\n");
	ksft_test_result(km_formula_for_release("3.2.0-4-amd64") == KMEMSTAT_FORMULA_4_5 &&
			 km_formula_for_release("2.6.32.69") == KMEMSTAT_FORMULA_4_5 &&
			 km_formula_for_release("2.6.32-431.el6.x86_64") == KMEMSTAT_FORMULA_4_5 &&
			 km_formula_for_release("3.10.0-1160.el7.x86_64") == KMEMSTAT_FORMULA_4_5 &&
			 km_formula_for_release("3.13.0-170-generic") == KMEMSTAT_FORMULA_4_5 &&
			 km_formula_for_release("3.16.0-11-amd64") == KMEMSTAT_FORMULA_3_14,
			 "kernels without MemAvailable get the newest formula, RHEL its own\n");
	ksft_finished();
}

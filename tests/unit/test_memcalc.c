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
#include "../lib/ktap.h"
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
		ktap_bail("no %s", path);
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
		ktap_ok(0, "%s: parses", dir);
		return;
	}
	ps = m.page_size;
	if (expected(dir, "formula", NULL, formula))
		ktap_ok(!strcmp(formula, km_formula_name(m.formula)),
			"%s: formula %s (want %s)", dir, km_formula_name(m.formula), formula);
	if (expected(dir, "wmark_low_pages", &want, NULL))
		ktap_ok(m.v[KM_WMARK_LOW] / ps == want, "%s: low watermarks %llu pages (want %llu)",
			dir, (unsigned long long)(m.v[KM_WMARK_LOW] / ps), want);
	if (expected(dir, "totalreserve_pages", &want, NULL))
		ktap_ok(m.v[KM_TOTALRESERVE] / ps == want, "%s: reserve %llu pages (want %llu)",
			dir, (unsigned long long)(m.v[KM_TOTALRESERVE] / ps), want);
	expected(dir, "available_kb", &want, NULL);
	ktap_ok(m.v[KM_AVAILABLE] / 1024 == want, "%s: available %llu kB (want %llu)",
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
		ktap_bail("open_memstream");
	km_prom_mem(f, m);
	fclose(f);
	writes = strstr(text, "\nnode_memory_MemAvailable_bytes ") != NULL;
	ktap_ok(writes == lacks && strstr(text, "\nkmemstat_memory_available_bytes "),
		"%s: --prometheus %s node_memory_MemAvailable_bytes (meminfo %s it)", dir,
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

int main(int argc, char **argv)
{
	struct km_avail_in in;
	int i, n = 7;

	for (i = 1; i < argc; i++)
		n += count_expect(argv[i]);
	ktap_plan(n);
	for (i = 1; i < argc; i++)
		sample(argv[i]);

	/* Edge cases of the formula, in pages, by hand. */
	memset(&in, 0, sizeof(in));
	in.free = 100;
	in.totalreserve = 500;
	in.wmark_low = 400;
	ktap_ok(km_available_pages(KMEMSTAT_FORMULA_4_20, &in) == 0,
		"available never goes below 0");
	in.free = 1000;
	in.active_file = 2;
	in.inactive_file = 1;	/* pagecache 3: half rounds down to 1 */
	ktap_ok(km_available_pages(KMEMSTAT_FORMULA_4_20, &in) == 1000 - 500 + 3 - 1,
		"halving rounds down as the kernel's integer division");
	ktap_ok(km_available_pages(KMEMSTAT_FORMULA_3_14, &in) == 1000 - 400 + 3 - 1,
		"3.14 subtracts the low watermarks, not the reserve");
	in.sreclaimable = 1000;
	in.misc_reclaimable = 1000;
	/* 4.20: (1000 + 1000) - min(1000, 400) */
	ktap_ok(km_available_pages(KMEMSTAT_FORMULA_4_20, &in) == 502 + 1600,
		"4.20 caps slab and misc reclaimable together");
	/* 4.17: 1000 - min(500, 400), plus misc uncapped */
	ktap_ok(km_available_pages(KMEMSTAT_FORMULA_4_17, &in) == 502 + 600 + 1000,
		"4.17 adds indirectly reclaimable memory uncapped");
	ktap_ok(km_formula_for_release("2.6.32-754.el6.x86_64") == KMEMSTAT_FORMULA_3_14 &&
		km_formula_for_release("4.4.0-21-generic") == KMEMSTAT_FORMULA_3_14 &&
		km_formula_for_release("4.5.0") == KMEMSTAT_FORMULA_4_5 &&
		km_formula_for_release("4.19.0-27-amd64") == KMEMSTAT_FORMULA_4_17 &&
		km_formula_for_release("6.12.38+deb13-amd64") == KMEMSTAT_FORMULA_4_20,
		"the formula follows the kernel release");
	ktap_ok(km_formula_for_release("3.2.0-4-amd64") == KMEMSTAT_FORMULA_4_5 &&
		km_formula_for_release("2.6.32.69") == KMEMSTAT_FORMULA_4_5 &&
		km_formula_for_release("2.6.32-431.el6.x86_64") == KMEMSTAT_FORMULA_4_5 &&
		km_formula_for_release("3.10.0-1160.el7.x86_64") == KMEMSTAT_FORMULA_4_5 &&
		km_formula_for_release("3.13.0-170-generic") == KMEMSTAT_FORMULA_4_5 &&
		km_formula_for_release("3.16.0-11-amd64") == KMEMSTAT_FORMULA_3_14,
		"kernels without MemAvailable get the newest formula, RHEL its own");
	return ktap_exit();
}

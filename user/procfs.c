// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc source for memory. MemAvailable is recomputed from the zones'
 * watermarks and reserves in zoneinfo, exactly as the kernel does it, so
 * that hosts without the module and without MemAvailable (before 3.14) still
 * get the kernel's answer rather than procps' approximation.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "procfs.h"
#include "memcalc.h"
#include "../kmod/uapi/kmemstat.h"

static FILE *proc_open(const char *proc, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", proc, name);
	f = fopen(path, "re");
	if (!f)
		fprintf(stderr, "kmemstat: cannot read %s: %s\n", path, strerror(errno));
	return f;
}

/* meminfo values are in kB; KReclaimable (4.20+) is slab plus misc. */
static int parse_meminfo(const char *proc, struct km_mem *out, uint64_t *kreclaimable)
{
	char line[256], key[64];
	unsigned long long kb;
	FILE *f;
	int i, n = 0;

	*kreclaimable = UINT64_MAX;
	f = proc_open(proc, "meminfo");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63[^:]: %llu", key, &kb) != 2)
			continue;
		if (!strcmp(key, "KReclaimable"))
			*kreclaimable = kb * 1024;
		for (i = 0; i < KM_NFIELDS; i++) {
			if (km_fields[i].meminfo && !strcmp(km_fields[i].meminfo, key)) {
				km_set(out, i, kb * 1024);
				n++;
			}
		}
	}
	fclose(f);
	if (!km_has(out, KM_TOTAL) || !km_has(out, KM_FREE)) {
		fprintf(stderr, "kmemstat: %s/meminfo has no MemTotal or MemFree\n", proc);
		return -EINVAL;
	}
	return n;
}

struct zone_acc {
	uint64_t low, high, boost, managed, present, max_reserve;
	int has_managed, open;
};

/* One zone's share of totalreserve_pages, as calculate_totalreserve_pages(). */
static uint64_t zone_reserve(const struct zone_acc *z)
{
	uint64_t managed = z->has_managed ? z->managed : z->present;
	uint64_t r = z->max_reserve + (z->high - z->boost);

	return r > managed ? managed : r;
}

/*
 * zoneinfo: per zone "low", "high", "boost" (5.0+: the dynamic boost is in
 * both marks; the kernel's reserve was computed without it), "managed" (3.8+,
 * else "present") and "protection: (r0, r1, ...)", the lowmem_reserve array.
 */
static int parse_zoneinfo(const char *proc, uint64_t *wmark_low, uint64_t *reserve)
{
	struct zone_acc z;
	char line[512], key[64];
	unsigned long long v;
	int zones = 0;
	FILE *f;

	*wmark_low = *reserve = 0;
	memset(&z, 0, sizeof(z));
	f = proc_open(proc, "zoneinfo");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Node ", 5)) {
			if (z.open)
				*reserve += zone_reserve(&z);
			memset(&z, 0, sizeof(z));
			z.open = 1;
			zones++;
			continue;
		}
		if (!z.open)
			continue;
		if (sscanf(line, " protection: (%llu", &v) == 1) {
			char *p = strchr(line, '(');

			while (p && *p && *p != ')') {
				v = strtoull(p + 1, &p, 10);
				if (v > z.max_reserve)
					z.max_reserve = v;
			}
			continue;
		}
		if (sscanf(line, " pages free %llu", &v) == 1)
			continue;
		if (sscanf(line, " %63s %llu", key, &v) != 2)
			continue;
		if (!strcmp(key, "low")) {
			z.low = v;
			*wmark_low += v;
		} else if (!strcmp(key, "high")) {
			z.high = v;
		} else if (!strcmp(key, "boost")) {
			z.boost = v;
		} else if (!strcmp(key, "managed")) {
			z.managed = v;
			z.has_managed = 1;
		} else if (!strcmp(key, "present")) {
			z.present = v;
		}
	}
	if (z.open)
		*reserve += zone_reserve(&z);
	fclose(f);
	if (!zones) {
		fprintf(stderr, "kmemstat: %s/zoneinfo lists no zones\n", proc);
		return -EINVAL;
	}
	return 0;
}

int km_procfs_release(const char *proc, char *buf, int len)
{
	FILE *f = proc_open(proc, "sys/kernel/osrelease");

	if (!f)
		return -errno;
	if (!fgets(buf, len, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
	return 0;
}

int km_procfs_mem(const char *proc, struct km_mem *m)
{
	struct km_avail_in in;
	uint64_t kreclaimable, ps, low, reserve;
	char release[128];
	int err;

	memset(m, 0, sizeof(*m));
	m->source = KM_SRC_PROCFS;
	m->page_size = (unsigned int)sysconf(_SC_PAGESIZE);
	ps = m->page_size;
	err = parse_meminfo(proc, m, &kreclaimable);
	if (err < 0)
		return err;
	err = parse_zoneinfo(proc, &low, &reserve);
	if (err < 0)
		return err;
	err = km_procfs_release(proc, release, sizeof(release));
	if (err < 0)
		return err;

	m->formula = km_formula_for_release(release);
	km_set(m, KM_WMARK_LOW, low * ps);
	km_set(m, KM_TOTALRESERVE, reserve * ps);
	if (kreclaimable != UINT64_MAX && kreclaimable >= m->v[KM_SRECLAIMABLE])
		km_set(m, KM_MISC_RECLAIMABLE, kreclaimable - m->v[KM_SRECLAIMABLE]);

	km_avail_in_from_mem(m, &in);
	km_set(m, KM_AVAILABLE, km_available_pages(m->formula, &in) * ps);
	return 0;
}

int km_procfs_fill_missing(const char *proc, struct km_mem *m)
{
	struct km_mem p;
	uint64_t kreclaimable;
	int i, err;

	memset(&p, 0, sizeof(p));
	err = parse_meminfo(proc, &p, &kreclaimable);
	if (err < 0)
		return err;
	for (i = 0; i < KM_NFIELDS; i++) {
		if (!km_has(m, i) && km_has(&p, i)) {
			km_set(m, i, p.v[i]);
			m->from_meminfo |= KM_BIT(i);
		}
	}
	return 0;
}

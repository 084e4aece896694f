// SPDX-License-Identifier: GPL-2.0
/*
 * The audit's rules and their thresholds. A rule looks at the figures
 * gathered, never at the system: km_audit_findings() is a pure function of
 * the audit, so the tests give it made-up hosts.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "../kmod/uapi/kmemstat.h"

void km_thresholds_default(struct km_thresholds *t)
{
	t->available_min_pct = 10;
	t->available_high_pct = 50;
	t->swap_used_min_pct = 1;
	t->shmem_max_pct = 25;
	t->dstate_max_s = 60;
	t->top = 10;
}

static const struct {
	const char *key;
	size_t off;
	double max;
} keys[] = {
	{ "available_min_pct", offsetof(struct km_thresholds, available_min_pct), 100 },
	{ "available_high_pct", offsetof(struct km_thresholds, available_high_pct), 100 },
	{ "swap_used_min_pct", offsetof(struct km_thresholds, swap_used_min_pct), 100 },
	{ "shmem_max_pct", offsetof(struct km_thresholds, shmem_max_pct), 100 },
	{ "dstate_max_s", offsetof(struct km_thresholds, dstate_max_s), 1e9 },
};

/* Trim blanks at both ends of @s, in place. */
static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int km_threshold_set(struct km_thresholds *t, const char *kv, const char *where)
{
	char buf[256], *eq, *k, *v, *end;
	double d;
	size_t i;

	snprintf(buf, sizeof(buf), "%s", kv);
	eq = strchr(buf, '=');
	if (!eq) {
		fprintf(stderr, "kmemstat: %s: '%s' is not KEY=VALUE\n", where, kv);
		return -1;
	}
	*eq = '\0';
	k = trim(buf);
	v = trim(eq + 1);
	errno = 0;
	d = strtod(v, &end);
	if (!strcmp(k, "top")) {
		if (!*v || *end || errno || d < 0 || d > 10000 || d != floor(d)) {
			fprintf(stderr, "kmemstat: %s: top wants a whole number from 0 to 10000: '%s'\n",
				where, v);
			return -1;
		}
		t->top = (long)d;
		return 0;
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(k, keys[i].key))
			continue;
		if (!*v || *end || errno || !isfinite(d) || d < 0 || d > keys[i].max) {
			fprintf(stderr, "kmemstat: %s: %s wants a number from 0 to %g: '%s'\n",
				where, k, keys[i].max, v);
			return -1;
		}
		*(double *)((char *)t + keys[i].off) = d;
		return 0;
	}
	fprintf(stderr, "kmemstat: %s: unknown threshold '%s' (available_min_pct, available_high_pct, swap_used_min_pct, shmem_max_pct, dstate_max_s, top)\n",
		where, k);
	return -1;
}

int km_thresholds_read(struct km_thresholds *t, const char *path, int must_exist)
{
	char line[512], where[300], *s;
	int n = 0, rc = 0;
	FILE *f = fopen(path, "re");

	if (!f) {
		if (!must_exist && errno == ENOENT)
			return 0;
		fprintf(stderr, "kmemstat: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (!rc && fgets(line, sizeof(line), f)) {
		n++;
		s = trim(line);
		if (!*s || *s == '#')
			continue;
		snprintf(where, sizeof(where), "%s:%d", path, n);
		rc = km_threshold_set(t, s, where);
	}
	fclose(f);
	return rc;
}

static void add(struct km_audit *a, const char *rule, const char *severity,
		double value, double threshold, const char *fmt, ...)
{
	struct km_finding *x;
	va_list ap;

	if (a->nfindings >= KM_MAX_FINDINGS)
		return;
	x = &a->findings[a->nfindings++];
	x->rule = rule;
	x->severity = severity;
	x->value = value;
	x->threshold = threshold;
	va_start(ap, fmt);
	vsnprintf(x->message, sizeof(x->message), fmt, ap);
	va_end(ap);
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0;
}

void km_audit_findings(struct km_audit *a)
{
	const struct km_thresholds *t = &a->th;
	const struct km_mem *m = &a->mem;
	uint64_t total = m->v[KM_TOTAL];
	uint64_t swap_used = m->v[KM_SWAP_TOTAL] > m->v[KM_SWAP_FREE] ?
			     m->v[KM_SWAP_TOTAL] - m->v[KM_SWAP_FREE] : 0;
	double avail = pct(m->v[KM_AVAILABLE], total);
	size_t i, n = 0, longest = 0;
	int k;

	a->nfindings = 0;
	if (a->host.module_abi_differs)
		add(a, "module_abi", "warning", a->host.module_abi, KMEMSTAT_ABI_VERSION,
		    "the module speaks ABI %u, this CLI %d: install both from one release",
		    a->host.module_abi, KMEMSTAT_ABI_VERSION);
	else if (strcmp(a->host.source, "kmod"))
		add(a, "module_absent", "warning", 0, 0,
		    "the module did not answer (%s): every figure is from /proc",
		    a->host.source_note ? a->host.source_note : "--source procfs");
	/* SwapTotal is meminfo's by design (no kernel gives it to modules). */
	for (k = 0; k < KM_NFIELDS; k++)
		n += (m->from_meminfo & KM_BIT(k)) && km_fields[k].attr;
	if (!strcmp(a->host.source, "kmod") && n)
		add(a, "fallback_figures", "info", (double)n, 0,
		    "%zu memory figure(s) the module could not read came from /proc/meminfo", n);
	if (avail < t->available_min_pct)
		add(a, "available_low", "warning", avail, t->available_min_pct,
		    "available memory is %.1f%% of total, under %g%%", avail, t->available_min_pct);
	if (pct(swap_used, total) > t->swap_used_min_pct && avail > t->available_high_pct)
		add(a, "swap_with_available", "info", pct(swap_used, total), t->swap_used_min_pct,
		    "%.1f%% of memory's size is in swap while %.1f%% is available: pages swapped out earlier, or a cgroup's limit",
		    pct(swap_used, total), avail);
	if (pct(m->v[KM_SHMEM], total) > t->shmem_max_pct)
		add(a, "shmem_high", "warning", pct(m->v[KM_SHMEM], total), t->shmem_max_pct,
		    "Shmem (tmpfs and shared memory, never reclaimed, counted as cache by free) is %.1f%% of total, over %g%%",
		    pct(m->v[KM_SHMEM], total), t->shmem_max_pct);
	if (a->have_shm && a->shm.sysv_listed && a->shm.sysv_unmapped)
		add(a, "sysv_unattached", "info", a->shm.sysv_unmapped, 0,
		    "%u SysV segment(s) nobody attaches hold %llu bytes resident (ipcrm frees them)",
		    a->shm.sysv_unmapped, (unsigned long long)a->shm.sysv_resident);
	for (i = 0, n = 0; i < a->ndtasks; i++) {
		if (a->dtasks[i].blocked_s > t->dstate_max_s) {
			if (!n++ || a->dtasks[i].blocked_s > a->dtasks[longest].blocked_s)
				longest = i;
		}
	}
	if (n)
		add(a, "dstate_long", "warning", a->dtasks[longest].blocked_s, t->dstate_max_s,
		    "%zu task(s) in D for more than %g s; the longest, %d (%s), %.0f s in %s",
		    n, t->dstate_max_s, a->dtasks[longest].t.pid, a->dtasks[longest].t.comm,
		    a->dtasks[longest].blocked_s,
		    a->dtasks[longest].t.wchan[0] ? a->dtasks[longest].t.wchan : "?");
}

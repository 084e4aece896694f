// SPDX-License-Identifier: GPL-2.0
/*
 * The module's and the /proc source's memory figures against the kernel's
 * own /proc/meminfo, in several states of memory: idle, page cache from a
 * block device, tmpfs filled, many dentries, a large anonymous allocation.
 *
 * Tolerance: none. Each reading is sandwiched between two reads of
 * /proc/meminfo; when both agree on every compared field nothing moved in
 * between and the figures must be equal to the kB. Counters move under
 * per-CPU vmstat folding, so an unstable sandwich is retried (up to 200
 * times); if none is stable the figure must lie between the two readings.
 *
 * Kernels before 3.14 have no MemAvailable: there the module's available is
 * compared with the /proc source's, computed by the same formula from
 * meminfo and zoneinfo (independent inputs), read just before and just
 * after the module; the /proc source's own figure then has no oracle and is
 * skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kselftest.h"
#include "../../user/model.h"
#include "../../user/kmod.h"
#include "../../user/procfs.h"

#define MIB (1024ULL * 1024)
#define MAXKEYS 96

/* The oracle: our own reading of /proc/meminfo, in kB, by key. */
struct meminfo {
	int n;
	char key[MAXKEYS][32];
	uint64_t kb[MAXKEYS];
};

static void read_meminfo(struct meminfo *mi)
{
	char line[256];
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		ksft_exit_fail_msg("cannot open /proc/meminfo: %s\n", strerror(errno));
	mi->n = 0;
	while (mi->n < MAXKEYS && fgets(line, sizeof(line), f)) {
		unsigned long long v;

		if (sscanf(line, "%31[^:]: %llu", mi->key[mi->n], &v) == 2)
			mi->kb[mi->n++] = v;
	}
	fclose(f);
}

static int mi_get(const struct meminfo *mi, const char *key, uint64_t *kb)
{
	int i;

	for (i = 0; i < mi->n; i++) {
		if (!strcmp(mi->key[i], key)) {
			*kb = mi->kb[i];
			return 1;
		}
	}
	return 0;
}

/* Which km fields are compared, and with which meminfo key. */
static const char *oracle_key(int f)
{
	if (f == KM_AVAILABLE)
		return "MemAvailable";
	return km_fields[f].meminfo;
}

static int compared(int f, enum km_source src)
{
	if (!oracle_key(f))
		return 0;
	if (src == KM_SRC_KMOD && !km_fields[f].attr)
		return 0;	/* not sent by the module (SwapTotal) */
	return 1;
}

static int same(const struct meminfo *a, const struct meminfo *b, enum km_source src)
{
	uint64_t x = 0, y = 0;
	int f;

	for (f = 0; f < KM_NFIELDS; f++) {
		if (!compared(f, src))
			continue;
		if (mi_get(a, oracle_key(f), &x) != mi_get(b, oracle_key(f), &y) || x != y)
			return 0;
	}
	return 1;
}

struct reading {
	struct meminfo a, b;
	struct km_mem m;
	struct km_mem p1, p2;	/* the /proc source around the module, if no MemAvailable */
	int stable, tries;
};

/* Does this kernel print its own MemAvailable (3.14+, RHEL 6.6+)? */
static int kernel_has_memavailable(void)
{
	struct meminfo mi;
	uint64_t x;

	read_meminfo(&mi);
	return mi_get(&mi, "MemAvailable", &x);
}

static void procfs_mem(struct km_mem *m)
{
	int err = km_procfs_mem("/proc", m);

	if (err)
		ksft_exit_fail_msg("reading the /proc source failed: %d\n", err);
}

static int memavail;	/* the kernel prints MemAvailable */

static void take(struct km_nl *nl, enum km_source src, struct reading *r)
{
	int err;

	for (r->tries = 1; r->tries <= 200; r->tries++) {
		read_meminfo(&r->a);
		if (!memavail)
			procfs_mem(&r->p1);
		if (src == KM_SRC_KMOD)
			err = km_kmod_mem(nl, &r->m);
		else
			err = km_procfs_mem("/proc", &r->m);
		if (!memavail)
			procfs_mem(&r->p2);
		read_meminfo(&r->b);
		if (err)
			ksft_exit_fail_msg("reading from %s failed: %d\n", km_source_name(src), err);
		r->stable = same(&r->a, &r->b, src) &&
			(memavail || r->p1.v[KM_AVAILABLE] == r->p2.v[KM_AVAILABLE]);
		if (r->stable)
			return;
		usleep(10000);
	}
	r->tries--;
}

/* Available without MemAvailable: the module's against the /proc source's. */
static void check_available_computed(const struct reading *r, enum km_source src,
				     const char *state)
{
	uint64_t got = r->m.v[KM_AVAILABLE] / 1024;
	uint64_t x = r->p1.v[KM_AVAILABLE] / 1024, y = r->p2.v[KM_AVAILABLE] / 1024;
	uint64_t lo = x < y ? x : y, hi = x < y ? y : x;

	if (src != KM_SRC_KMOD) {
		ksft_test_result_skip("%s: %s available equals MemAvailable (no MemAvailable before 3.14)\n",
				      state, km_source_name(src));
		return;
	}
	ksft_print_msg("%s: module available %llu kB, /proc source's (%s formula) %llu kB%s (%d tries)\n",
		       state, (unsigned long long)got, km_formula_name(r->p1.formula),
		       (unsigned long long)x, r->stable ? "" : " (unstable)", r->tries);
	ksft_test_result(km_has(&r->m, KM_AVAILABLE) && r->m.formula == r->p1.formula &&
			 got >= lo && got <= hi && (!r->stable || got == x),
			 "%s: module available equals the /proc source's from meminfo and zoneinfo\n",
			 state);
}

/* One result per source and state: available, and one for all other fields. */
static void check(struct km_nl *nl, enum km_source src, const char *state)
{
	char bad[1024] = "";
	struct reading r;
	uint64_t x = 0, y = 0, lo, hi, got;
	int f, nf = 0, ok = 1;

	take(nl, src, &r);
	if (!memavail)
		check_available_computed(&r, src, state);
	for (f = 0; f < KM_NFIELDS; f++) {
		if (!compared(f, src))
			continue;
		if (!km_has(&r.m, f) || !mi_get(&r.a, oracle_key(f), &x) ||
		    !mi_get(&r.b, oracle_key(f), &y)) {
			if ((f == KM_AVAILABLE && memavail) || km_has(&r.m, f))
				ksft_print_msg("%s: %s missing from %s or meminfo\n", state,
					       km_fields[f].json, km_source_name(src));
			continue;
		}
		got = r.m.v[f] / 1024;
		lo = x < y ? x : y;
		hi = x < y ? y : x;
		if (f == KM_AVAILABLE) {
			ksft_print_msg("%s: %s available %llu kB, MemAvailable %llu kB%s (%d tries)\n",
				       state, km_source_name(src), (unsigned long long)got,
				       (unsigned long long)x, r.stable ? "" : " (unstable)",
				       r.tries);
			ksft_test_result(got >= lo && got <= hi && (!r.stable || got == x),
					 "%s: %s available equals MemAvailable\n", state,
					 km_source_name(src));
			continue;
		}
		nf++;
		if (got < lo || got > hi) {
			ok = 0;
			snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad),
				 " %s=%llu/%llu", km_fields[f].meminfo,
				 (unsigned long long)got, (unsigned long long)x);
		}
	}
	if (!ok)
		ksft_print_msg("%s: differ (ours/meminfo kB):%s\n", state, bad);
	ksft_test_result(ok && nf >= 20, "%s: %s: %d other fields equal meminfo\n", state,
			 km_source_name(src), nf);

	if (src != KM_SRC_KMOD)
		return;
	if (!memavail) {
		/* Nothing to report: a figure here would be invented. */
		ksft_test_result(!km_has(&r.m, KM_KERNEL_AVAILABLE),
				 "%s: the module reports no kernel figure where the kernel has none\n",
				 state);
	} else if (km_has(&r.m, KM_KERNEL_AVAILABLE)) {
		mi_get(&r.a, "MemAvailable", &x);
		got = r.m.v[KM_KERNEL_AVAILABLE] / 1024;
		ksft_test_result(!r.stable || got == x,
				 "%s: the module's si_mem_available() equals MemAvailable\n", state);
	} else {
		ksft_test_result(0, "%s: the module reports the kernel's own figure\n", state);
	}
}

static void check_state(struct km_nl *nl, const char *state)
{
	check(nl, KM_SRC_KMOD, state);
	check(nl, KM_SRC_PROCFS, state);
}

static uint64_t kb_of(const char *key)
{
	struct meminfo mi;
	uint64_t v = 0;

	read_meminfo(&mi);
	mi_get(&mi, key, &v);
	return v;
}

/* MemAvailable, or where the kernel has none the /proc source's figure. */
static uint64_t available_kb(void)
{
	struct km_mem m;

	if (memavail)
		return kb_of("MemAvailable");
	procfs_mem(&m);
	return m.v[KM_AVAILABLE] / 1024;
}

/* Does the state hold what it claims? Checked against meminfo itself. */
static void grew(const char *state, const char *what, uint64_t before_kb,
		 uint64_t after_kb, uint64_t min_mib)
{
	ksft_print_msg("%s: %s %llu -> %llu kB\n", state, what,
		       (unsigned long long)before_kb, (unsigned long long)after_kb);
	ksft_test_result(after_kb >= before_kb + min_mib * 1024, "%s: %s grew by %llu MiB or more\n",
			 state, what, (unsigned long long)min_mib);
}

static void read_file(const char *path)
{
	char buf[1 << 16];
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		ksft_exit_fail_msg("open %s: %s\n", path, strerror(errno));
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
}

static void write_file(const char *path, uint64_t bytes)
{
	static char buf[1 << 16];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	uint64_t done;

	if (fd < 0)
		ksft_exit_fail_msg("open %s: %s\n", path, strerror(errno));
	memset(buf, 0x5a, sizeof(buf));
	for (done = 0; done < bytes; done += sizeof(buf))
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			ksft_exit_fail_msg("write %s: %s\n", path, strerror(errno));
	close(fd);
}

static uint64_t file_lru_kb(void)
{
	return kb_of("Active(file)") + kb_of("Inactive(file)");
}

int main(void)
{
	struct km_nl nl;
	struct stat st;
	uint64_t before, avail_before;
	char *anon;
	int i, err;

	/* 5 states x (kmod 3 + procfs 2) + 4 state checks + 1 tmpfs effect */
	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(5 * 5 + 4 + 1);
	memavail = kernel_has_memavailable();
	if (!memavail)
		ksft_print_msg("no MemAvailable in /proc/meminfo (before 3.14): the module's "
			       "available is compared with the /proc source's\n");
	err = km_nl_open(&nl);
	if (err)
		ksft_exit_fail_msg("cannot reach the module: %s\n", km_nl_strerror(err));

	check_state(&nl, "idle");

	if (mount("/dev/vda", "/mnt", "ext4", MS_RDONLY, NULL) && errno != EBUSY)
		ksft_exit_fail_msg("mount /dev/vda: %s\n", strerror(errno));
	before = file_lru_kb();
	read_file("/mnt/big");
	grew("page cache", "Active(file)+Inactive(file)", before, file_lru_kb(), 100);
	check_state(&nl, "page cache");

	before = kb_of("Shmem");
	avail_before = available_kb();
	write_file("/dev/shm/fill", 96 * MIB);
	grew("tmpfs", "Shmem", before, kb_of("Shmem"), 90);
	/* Not all 96 MiB: the formula's other terms move too (79 MiB on 7.2). */
	ksft_test_result(available_kb() + 64 * 1024 <= avail_before,
			 "tmpfs: filling tmpfs with 96 MiB lowers %s by 64 MiB or more\n",
			 memavail ? "MemAvailable" : "the /proc source's available");
	check_state(&nl, "tmpfs");
	unlink("/dev/shm/fill");

	before = kb_of("SReclaimable");
	for (i = 0; i < 200000; i++) {
		char name[64];

		snprintf(name, sizeof(name), "/mnt/dentries/absent-%d", i);
		stat(name, &st);
	}
	grew("dentries", "SReclaimable", before, kb_of("SReclaimable"), 10);
	check_state(&nl, "dentries");

	before = kb_of("AnonPages");
	/* mmap, and writes through volatile: a compiler may drop malloc+memset. */
	anon = mmap(NULL, 160 * MIB, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (anon == MAP_FAILED)
		ksft_exit_fail_msg("mmap 160 MiB failed: %s\n", strerror(errno));
	/*
	 * Small pages: before 3.12 huge ones are counted apart and each unit of
	 * that per-CPU counter is 2 MiB, so the global figure can lag by tens
	 * of MiB (EINVAL without THP: nothing to turn off).
	 */
	madvise(anon, 160 * MIB, MADV_NOHUGEPAGE);
	for (i = 0; i < (int)(160 * MIB); i += 4096)
		((volatile char *)anon)[i] = 1;
	grew("anonymous", "AnonPages", before, kb_of("AnonPages"), 150);
	check_state(&nl, "anonymous");
	munmap(anon, 160 * MIB);

	km_nl_close(&nl);
	umount("/mnt");
	ksft_finished();
}

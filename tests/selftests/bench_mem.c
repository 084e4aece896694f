// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: one GET_MEM round trip to the module against what a tool does
 * without it: read and parse /proc/meminfo and /proc/zoneinfo (kmemstat's own
 * /proc source, the same formula), and /proc/meminfo alone (what free reads).
 * Each is timed over many iterations, interleaved in rounds so that drift
 * in the VM hits all alike; the ratios are the result, not the times.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#include "../lib/clock.h"
#include "../../user/kmod.h"
#include "../../user/procfs.h"

#define ROUNDS 5
#define ITERS 2000

static void read_meminfo_only(void)
{
	char buf[8192];
	int fd = open("/proc/meminfo", O_RDONLY);

	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
}

int main(void)
{
	double t_kmod = 0, t_procfs = 0, t_meminfo = 0, t;
	struct km_mem m;
	struct km_nl nl;
	int r, i;

	if (km_nl_open(&nl)) {
		fprintf(stderr, "bench_mem: module not loaded\n");
		return 1;
	}
	for (r = 0; r < ROUNDS; r++) {
		t = now();
		for (i = 0; i < ITERS; i++)
			km_kmod_mem(&nl, &m);
		t_kmod += now() - t;
		t = now();
		for (i = 0; i < ITERS; i++)
			km_procfs_mem("/proc", &m);
		t_procfs += now() - t;
		t = now();
		for (i = 0; i < ITERS; i++)
			read_meminfo_only();
		t_meminfo += now() - t;
	}
	km_nl_close(&nl);
	i = ROUNDS * ITERS;
	printf("bench mem: %d samples each, %d interleaved rounds, one VM run (QEMU TCG: absolute times are slow, ratios hold)\n",
	       i, ROUNDS);
	printf("  GET_MEM round trip (module)           %8.1f us/sample\n", t_kmod / i * 1e6);
	printf("  /proc/meminfo + /proc/zoneinfo parse  %8.1f us/sample  (the /proc source, same formula)\n",
	       t_procfs / i * 1e6);
	printf("  /proc/meminfo read only               %8.1f us/sample  (what free reads; no formula)\n",
	       t_meminfo / i * 1e6);
	printf("  ratio: /proc source / module = %.1fx; meminfo alone / module = %.1fx\n",
	       t_procfs / t_kmod, t_meminfo / t_kmod);
	return 0;
}

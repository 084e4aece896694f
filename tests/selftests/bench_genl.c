// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: what a kmemstat dump costs the rest of generic netlink. The
 * latency of nlctrl's GETFAMILY (what every genetlink client does first)
 * idle, then while another process loops GET_SHMEM with mappers and their
 * page-table walk over a 4 GiB memfd with 256 MiB resident and mapped 8
 * times. Before parallel_ops every kmemstat request held genl_mutex, so
 * GETFAMILY waited for whole snapshots; the ratio to idle says what is left.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include "../lib/nlctrl.h"
#include "../../user/kmod.h"

#define MB (1024UL * 1024)
#define SIZE (4096 * MB)
#define RESIDENT (256 * MB)
#define MAPS 8
#define ROUNDS 2000

/* ROUNDS GETFAMILYs: median and worst in ms. */
static int measure(const char *what, double *med, double *worst)
{
	static double v[ROUNDS];

	if (nlctrl_latency(v, ROUNDS, med, worst))
		return -1;
	printf("  %-44s median %8.3f ms  worst %8.3f ms\n", what, *med, *worst);
	return 0;
}

/* Loop GET_SHMEM with mappers and the page-table walk until killed. */
static void dumper(void)
{
	struct km_shm_filter f;
	struct km_nl nl;
	struct km_shm l;

	if (km_nl_open(&nl))
		_exit(1);
	memset(&f, 0, sizeof(f));
	f.mappers = 1;
	f.mapped = 1;
	for (;;) {
		memset(&l, 0, sizeof(l));
		if (km_kmod_shmem(&nl, &f, &l))
			_exit(2);
		km_shm_free(&l);
	}
}

int main(void)
{
	double im, iw, bm, bw;
	char *m[MAPS];
	pid_t pid;
	int fd, i;

	fd = (int)syscall(SYS_memfd_create, "kmemstat-bench-genl", 0);
	if (fd < 0 || ftruncate(fd, (off_t)SIZE)) {
		perror("memfd");
		return 1;
	}
	for (i = 0; i < MAPS; i++) {
		m[i] = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (m[i] == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
	}
	memset(m[0], 1, RESIDENT);
	for (i = 1; i < MAPS; i++)	/* page tables in every mapping */
		madvise(m[i], RESIDENT, 22 /* MADV_POPULATE_READ */);

	printf("generic netlink under kmemstat dumps (nlctrl GETFAMILY, %d rounds)\n", ROUNDS);
	if (measure("idle", &im, &iw))
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid)
		dumper();
	usleep(200000);		/* let the dumper start its first snapshot */
	if (measure("while a process loops GET_SHMEM --mapped", &bm, &bw))
		return 1;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	printf("  ratio to idle: median %.1fx, worst %.1fx\n", bm / im, bw / iw);
	return 0;
}

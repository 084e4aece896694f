// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: the shmem report (GET_SHMEM with mappers, parsed) against
 * reading /proc/PID/smaps of every process, which is what smem and
 * `pmap -X` do, with a 512 MB shared anonymous object mapped by 50
 * processes; once with 64 MB of it resident (and mapped in every process),
 * once with all 512 MB. smaps walks every page table entry; the module
 * reads one counter per object, so its cost should not move.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../lib/clock.h"
#include "../../user/kmod.h"

#define MB (1024UL * 1024)
#define SIZE (512 * MB)
#define PROCS 50
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif

/* Read every process's smaps, as smem does; returns the bytes read. */
static long read_smaps(void)
{
	static char buf[1 << 16];
	char path[300];
	struct dirent *e;
	DIR *d = opendir("/proc");
	long total = 0;
	ssize_t n;

	while ((e = readdir(d))) {
		int fd;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/smaps", e->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			total += n;
		close(fd);
	}
	closedir(d);
	return total;
}

static int measure(struct km_nl *nl, size_t resident, int rounds)
{
	struct km_shm_filter f = { 1, 0, 0, 0 };	/* mappers, as smem lists them */
	double t, t_mod = 0, t_smaps = 0;
	pid_t kids[PROCS];
	int fds[2], i, r, ready = 0;
	struct km_shm l;
	char *m, c;
	size_t j;

	m = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || pipe(fds))
		return -1;
	for (j = 0; j < resident; j += 4096)
		m[j] = 1;
	for (i = 0; i < PROCS; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			/* Map the resident part in this process's page tables too. */
			madvise(m, resident, MADV_POPULATE_READ);
			if (write(fds[1], "x", 1) != 1)
				_exit(1);
			pause();
			_exit(0);
		}
	}
	close(fds[1]);
	for (i = 0; i < PROCS; i++)
		ready += read(fds[0], &c, 1) == 1;
	close(fds[0]);
	for (r = 0; ready == PROCS && r < rounds; r++) {
		t = now();
		if (km_kmod_shmem(nl, &f, &l))
			break;
		t_mod += now() - t;
		km_shm_free(&l);
		t = now();
		read_smaps();
		t_smaps += now() - t;
	}
	for (i = 0; i < PROCS; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	munmap(m, SIZE);
	if (r < rounds)
		return -1;
	printf("bench shmem: a %lu MB shared anonymous object, %zu MB resident, mapped by %d processes, %d rounds\n",
	       SIZE / MB, resident / MB, PROCS + 1, rounds);
	printf("  GET_SHMEM with mappers, parsed       %9.2f ms\n", t_mod / rounds * 1e3);
	printf("  /proc/*/smaps read (smem, pmap -X)  %9.2f ms\n", t_smaps / rounds * 1e3);
	printf("  ratio: smaps / module = %.0fx\n", t_smaps / t_mod);
	return 0;
}

int main(void)
{
	struct km_nl nl;

	if (km_nl_open(&nl)) {
		fprintf(stderr, "bench_shmem: module not loaded\n");
		return 1;
	}
	printf("bench shmem: one VM run (QEMU TCG: absolute times are slow, ratios hold)\n");
	if (measure(&nl, 64 * MB, 5) || measure(&nl, SIZE, 5)) {
		fprintf(stderr, "bench_shmem: a measurement failed\n");
		return 1;
	}
	km_nl_close(&nl);
	return 0;
}

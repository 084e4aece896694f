// SPDX-License-Identifier: GPL-2.0
/*
 * An unprivileged user at the module's limits, while the host churns:
 * nobody holds one memfd mapped 100,000 times, 10,000 memfds mapped once
 * each and a 1 TiB sparse memfd mapped whole with 16 pages touched; root
 * forks, execs, maps and unmaps and exits as fast as it can meanwhile.
 * nobody's GET_SHMEM (with mappers, and with the page-table walk over the
 * terabyte) must answer completely: the 100,000 mappings counted as
 * /proc/PID/maps counts them, every memfd listed, the terabyte's size and
 * its 16 resident pages exact. Dumps of every kind under the churn answer
 * or fail cleanly, never half. nlctrl's GETFAMILY latency idle and under
 * nobody's terabyte walks is reported (docs/testing.md), not asserted.
 * The kernel log is read by kernel_log.sh after the suite.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kselftest.h"
#include "../lib/nlctrl.h"
#include "../lib/nlraw.h"
#include "../lib/procs.h"
#include "../../user/kmod.h"
#include "../../kmod/uapi/kmemstat.h"

#define PAGE		4096UL
#define MAPPINGS	100000
#define MEMFDS		10000
#define TIB		(1ULL << 40)
#define TOUCHED		16
#define DUMPS		20	/* of each kind, under churn */
#define ROUNDS		500	/* GETFAMILYs per latency figure */

/* What nobody's holder made, for the parent to look for. */
struct held {
	pid_t pid;
	uint32_t dev;
	uint64_t many_ino, tib_ino;
};

static int memfd(const char *name)
{
	return (int)syscall(SYS_memfd_create, name, 0);
}

/* nobody: make it all, report, and wait to be killed. */
static void holder(int fd)
{
	struct held h;
	struct stat st;
	char *tib;
	int many, t, i;

	procs_become_nobody();
	many = memfd("kmemstat-stress-many");
	if (many < 0 || ftruncate(many, PAGE) || fstat(many, &st))
		_exit(4);
	h.dev = nlraw_encode_dev(st.st_dev);
	h.many_ino = st.st_ino;
	/* Offset 0 each time: neighbours cannot merge into one mapping. */
	for (i = 0; i < MAPPINGS; i++)
		if (mmap(NULL, PAGE, PROT_READ, MAP_SHARED, many, 0) == MAP_FAILED)
			_exit(5);
	for (i = 0; i < MEMFDS; i++) {
		int m = memfd("kmemstat-stress-one");

		if (m < 0 || ftruncate(m, PAGE) ||
		    mmap(NULL, PAGE, PROT_READ, MAP_SHARED, m, 0) == MAP_FAILED)
			_exit(6);
		close(m);	/* the mapping keeps it */
	}
	t = memfd("kmemstat-stress-tib");
	if (t < 0 || ftruncate(t, (off_t)TIB) || fstat(t, &st))
		_exit(7);
	h.tib_ino = st.st_ino;
	tib = mmap(NULL, TIB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, t, 0);
	if (tib == MAP_FAILED)
		_exit(8);
	for (i = 0; i < TOUCHED; i++)
		tib[(TIB / TOUCHED) * (uint64_t)i] = 1;
	h.pid = getpid();
	if (write(fd, &h, sizeof(h)) != sizeof(h))
		_exit(9);
	for (;;)
		pause();
}

/* What nobody's dump of the holder said. */
struct seen {
	int err, err_mapped;
	uint32_t many_vmas, many_procs, many_listed, many_omitted;
	uint32_t memfds;
	uint64_t tib_size, tib_resident, tib_mapped;
	int tib_has_mapped;
};

static struct held held;
static struct km_nl nl_root;

static const struct km_shm_obj *find(const struct km_shm *l, uint64_t ino)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].dev == held.dev && l->v[i].ino == ino)
			return &l->v[i];
	return NULL;
}

static int dump_shmem(struct km_nl *nl, int mapped, struct km_shm *l)
{
	struct km_shm_filter f;

	memset(&f, 0, sizeof(f));
	f.pid = held.pid;
	f.mappers = 1;
	f.mapped = mapped;
	memset(l, 0, sizeof(*l));
	return km_kmod_shmem(nl, &f, l);
}

/* nobody: one dump with mappers, one with the terabyte's page-table walk. */
static void look(int fd)
{
	const struct km_shm_obj *o;
	struct km_nl nl;
	struct km_shm l;
	struct seen s;
	size_t i;

	memset(&s, 0, sizeof(s));
	procs_become_nobody();
	s.err = km_nl_open(&nl);
	if (!s.err)
		s.err = dump_shmem(&nl, 0, &l);
	if (!s.err) {
		o = find(&l, held.many_ino);
		if (o) {
			s.many_vmas = o->vmas;
			s.many_procs = o->processes;
			s.many_listed = (uint32_t)o->nmappers;
			s.many_omitted = o->omitted;
		}
		for (i = 0; i < l.n; i++)
			s.memfds += l.v[i].kind == KMEMSTAT_SHMEM_MEMFD &&
				    !strcmp(l.v[i].name, "kmemstat-stress-one");
		km_shm_free(&l);
		s.err_mapped = dump_shmem(&nl, 1, &l);
		o = s.err_mapped ? NULL : find(&l, held.tib_ino);
		if (o) {
			s.tib_size = o->size;
			s.tib_resident = o->resident;
			for (i = 0; i < o->nmappers; i++) {
				s.tib_has_mapped |= o->mappers[i].has_mapped;
				s.tib_mapped += o->mappers[i].mapped;
			}
		}
		km_shm_free(&l);
		km_nl_close(&nl);
	}
	_exit(write(fd, &s, sizeof(s)) == sizeof(s) ? 0 : 1);
}

/* root: fork, exec, map, unmap and exit as fast as it can, until killed. */
static void churn(void)
{
	for (;;) {
		pid_t c = fork();
		char *m;

		if (c == 0) {
			m = mmap(NULL, 64 * PAGE, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
			if (m != MAP_FAILED) {
				memset(m, 1, 64 * PAGE);
				munmap(m, 64 * PAGE);
			}
			execl("/bin/true", "true", (char *)NULL);
			_exit(0);
		}
		if (c > 0)
			waitpid(c, NULL, 0);
	}
}

/* Dumps of every kind under the churn: complete answers, or clean errors. */
static void dumps_under_churn(void)
{
	struct km_task_summary sum;
	struct km_task_filter tf;
	struct km_shm_filter sf;
	struct km_tasks t;
	struct km_shm l;
	struct km_mem m;
	int i, bad = 0, n = 0;

	memset(&tf, 0, sizeof(tf));
	memset(&sf, 0, sizeof(sf));
	sf.mappers = 1;
	for (i = 0; i < DUMPS; i++) {
		int e1, e2, e3, e4;

		tf.threads = i & 1;
		memset(&t, 0, sizeof(t));
		memset(&l, 0, sizeof(l));
		e1 = km_kmod_tasks(&nl_root, &tf, &t);
		e2 = km_kmod_shmem(&nl_root, &sf, &l);
		e3 = km_kmod_mem(&nl_root, &m);
		e4 = km_kmod_task_summary(&nl_root, &sum);
		/* A complete task dump has init and itself. */
		if (e1 || e2 || e3 || e4 || t.n < 2 || !m.v[KM_TOTAL] || !sum.processes) {
			ksft_print_msg("round %d: tasks %s (%zu), shmem %s, mem %s, summary %s\n", i,
				       km_nl_strerror(e1), t.n, km_nl_strerror(e2),
				       km_nl_strerror(e3), km_nl_strerror(e4));
			bad = 1;
		}
		n += (int)l.n;
		km_tasks_free(&t);
		km_shm_free(&l);
	}
	ksft_test_result(!bad, "%d dumps of each kind (tasks, threads, shmem with mappers, mem, summary) complete under fork/exec/mmap churn (%d objects seen)\n",
			 DUMPS, n);
}

/* nobody: loop the terabyte's page-table walk until killed. */
static void walker(int fd)
{
	struct km_nl nl;
	struct km_shm l;

	(void)fd;
	procs_become_nobody();
	if (km_nl_open(&nl))
		_exit(1);
	for (;;) {
		if (dump_shmem(&nl, 1, &l))
			_exit(2);
		km_shm_free(&l);
	}
}

int main(void)
{
	static double v[ROUNDS];
	double im, iw, bm, bw;
	char old_max[32] = "";
	pid_t hp, lp, cp, wp;
	struct seen s;
	int p[2], st;
	long inmaps;
	FILE *f;

	if (memfd("kmemstat-probe") < 0) {
		ksft_print_header();
		ksft_exit_skip("no memfd_create (3.17+): the stress set is made of memfds\n");
	}
	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(7);
	if (km_nl_open(&nl_root))
		ksft_exit_fail_msg("the module does not answer\n");

	/* 100,000 mappings need more than the default 65,530 per process. */
	f = fopen("/proc/sys/vm/max_map_count", "r+");
	if (!f || !fgets(old_max, sizeof(old_max), f) || fseek(f, 0, SEEK_SET) ||
	    fprintf(f, "%d\n", 2 * MAPPINGS) < 0 || fclose(f))
		ksft_exit_fail_msg("vm.max_map_count: %s\n", strerror(errno));

	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	hp = procs_fork_with(holder, p);
	if (read(p[0], &held, sizeof(held)) != sizeof(held))
		ksft_exit_fail_msg("nobody's holder died before it was ready\n");
	close(p[0]);
	inmaps = procs_maps_count(hp, held.many_ino);

	cp = fork();
	if (cp < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (!cp)
		churn();

	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	lp = procs_fork_with(look, p);
	if (read(p[0], &s, sizeof(s)) != sizeof(s))
		memset(&s, 0xff, sizeof(s));
	close(p[0]);
	waitpid(lp, &st, 0);
	ksft_print_msg("nobody: err %d/%d; many: vmas %u (maps %ld), processes %u, listed %u, omitted %u; memfds %u; TiB: size %llu, resident %llu, mapped %llu\n",
		       s.err, s.err_mapped, s.many_vmas, inmaps, s.many_procs, s.many_listed,
		       s.many_omitted, s.memfds, (unsigned long long)s.tib_size,
		       (unsigned long long)s.tib_resident, (unsigned long long)s.tib_mapped);
	ksft_test_result(!s.err && s.many_vmas == MAPPINGS && inmaps == MAPPINGS && s.many_procs == 1,
			 "nobody: one memfd mapped %d times has VMAS %d, as /proc/PID/maps counts\n", MAPPINGS, MAPPINGS);
	ksft_test_result(!s.err && s.many_listed + s.many_omitted == s.many_vmas,
			 "nobody: its listed plus omitted mappers equal VMAS\n");
	ksft_test_result(!s.err && s.memfds == MEMFDS, "nobody: all %d memfds mapped once are listed\n", MEMFDS);
	ksft_test_result(!s.err_mapped && s.tib_size == TIB && s.tib_resident == TOUCHED * PAGE,
			 "nobody: the 1 TiB sparse memfd has its size and its %d resident pages exactly\n", TOUCHED);
	ksft_test_result(!s.err_mapped && s.tib_has_mapped && s.tib_mapped == TOUCHED * PAGE,
			 "nobody: the page-table walk over the terabyte finds the %d pages it maps\n", TOUCHED);

	dumps_under_churn();

	/* GETFAMILY idle (the churn stopped), then under nobody's walks. */
	kill(cp, SIGKILL);
	waitpid(cp, NULL, 0);
	if (nlctrl_latency(v, ROUNDS, &im, &iw))
		ksft_exit_fail_msg("GETFAMILY failed\n");
	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	wp = procs_fork_with(walker, p);
	close(p[0]);
	st = nlctrl_latency(v, ROUNDS, &bm, &bw);
	kill(wp, SIGKILL);
	waitpid(wp, NULL, 0);
	ksft_print_msg("nlctrl GETFAMILY: idle median %.3f ms, worst %.3f ms; while nobody walks 1 TiB: median %.3f ms (%.1fx), worst %.3f ms (%.1fx)\n",
		       im, iw, bm, bm / im, bw, bw / iw);
	ksft_test_result(st == 0, "nlctrl answers every GETFAMILY while nobody walks the terabyte\n");

	kill(hp, SIGKILL);
	waitpid(hp, NULL, 0);
	f = fopen("/proc/sys/vm/max_map_count", "w");
	if (f) {
		fputs(old_max, f);
		fclose(f);
	}
	km_nl_close(&nl_root);
	ksft_finished();
}

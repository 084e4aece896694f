// SPDX-License-Identifier: GPL-2.0
/*
 * GET_SHMEM at its limits, each case one that broke it before:
 * - a private /dev/zero mapping is a character device on devtmpfs (which
 *   has tmpfs' magic), not a shmem object; a shared one is;
 * - one file mapped 33,000 times by a process and its child: the module
 *   made the mapper array grow to an order-11 allocation (a WARN, a panic
 *   with panic_on_warn) and the dump failed; now VMAS equals the mappings
 *   in /proc/PID/maps, and listed plus omitted equals VMAS;
 * - SysV segments nobody attaches, for an unprivileged caller: one attached
 *   only by root's process was called unattached, and one really
 *   unattached vanished once the caller had 5,000 shared anonymous
 *   mappings (the module looked at 4,096 internal inodes at most);
 * - 1,000 mappers at every receive buffer size from 4 KiB to 64 KiB in
 *   4-byte steps around the sizes that failed: the dump never ends in
 *   EMSGSIZE for lack of room and never loses a mapper from the count.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include "kselftest.h"
#include "../lib/nlraw.h"
#include "../lib/procs.h"
#include "../lib/sysvipc.h"
#include "../../user/kmod.h"
#include "../../kmod/uapi/kmemstat.h"

#define PAGE 4096UL
#define MANY 33000
#define SWEEP_MAPPERS 1000
#define ANON_MAPPINGS 5000

static struct km_nl nl;

static struct km_shm_obj *find(struct km_shm *l, const struct stat *st)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].dev == nlraw_encode_dev(st->st_dev) && l->v[i].ino == st->st_ino)
			return &l->v[i];
	return NULL;
}

static int shmem(struct km_shm *l, int32_t pid, int mappers)
{
	struct km_shm_filter f;

	memset(&f, 0, sizeof(f));
	f.pid = pid;
	f.mappers = mappers;
	return km_kmod_shmem(&nl, &f, l);
}

/* A child that runs @fn, tells the parent through a pipe, then waits to be killed. */
static pid_t child(void (*fn)(void))
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	pid = fork();
	if (pid < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (!pid) {
		close(p[0]);
		fn();
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		ksft_exit_fail_msg("the child died before it was ready\n");
	close(p[0]);
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void map_dev_zero(void)
{
	int fd = open("/dev/zero", O_RDWR);
	char *a, *b;

	if (fd < 0)
		_exit(1);
	a = mmap(NULL, 256 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	b = mmap(NULL, 256 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (a == MAP_FAILED || b == MAP_FAILED)
		_exit(1);
	memset(a, 1, 256 * PAGE);
	memset(b, 1, 256 * PAGE);
}

static void test_dev_zero(void)
{
	struct km_shm l;
	struct stat st;
	size_t i, anon = 0, zero = 0;
	pid_t pid;
	int err;

	if (stat("/dev/zero", &st))
		ksft_exit_fail_msg("stat /dev/zero: %s\n", strerror(errno));
	pid = child(map_dev_zero);
	memset(&l, 0, sizeof(l));
	err = shmem(&l, pid, 0);
	for (i = 0; !err && i < l.n; i++) {
		if (l.v[i].kind == KMEMSTAT_SHMEM_ANON && l.v[i].size == 256 * PAGE &&
		    l.v[i].processes == 1)
			anon++;
		if (l.v[i].dev == nlraw_encode_dev(st.st_dev) && l.v[i].ino == st.st_ino) {
			ksft_print_msg("listed: %s (kind %d)\n", l.v[i].name, l.v[i].kind);
			zero++;
		}
	}
	ksft_test_result(!err && zero == 0, "a private /dev/zero mapping (devtmpfs) is not a shmem object (err %d, listed %zu)\n",
			 err, zero);
	ksft_test_result(!err && anon == 1, "a shared /dev/zero mapping is one shared anonymous object of 1 MiB (found %zu)\n",
			 anon);
	km_shm_free(&l);
	reap(pid);
}

static char many_path[] = "/dev/shm/kmemstat-limits-many";
static int many_fd = -1;
static void *many[MANY];

static int map_many(int fd, void **v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		/* Offset 0 each time: neighbours cannot merge into one mapping. */
		v[i] = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
		if (v[i] == MAP_FAILED)
			return -errno;
	}
	return 0;
}

static void unmap_many(void **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		munmap(v[i], PAGE);
}

static void idle(void)
{
}

static void test_many_mappers(void)
{
	struct km_shm_obj *o;
	struct km_shm l;
	struct stat st;
	long inmaps;
	pid_t pid;
	int err;

	many_fd = open(many_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (many_fd < 0 || ftruncate(many_fd, PAGE) || fstat(many_fd, &st))
		ksft_exit_fail_msg("%s: %s\n", many_path, strerror(errno));
	err = map_many(many_fd, many, MANY);
	if (err)
		ksft_exit_fail_msg("mapping %s %d times: %s\n", many_path, MANY, strerror(-err));
	pid = child(idle);	/* inherits all of them */
	inmaps = procs_maps_count(getpid(), st.st_ino) + procs_maps_count(pid, st.st_ino);
	memset(&l, 0, sizeof(l));
	err = shmem(&l, 0, 1);
	ksft_test_result(!err, "GET_SHMEM with mappers answers for a file mapped %d times by two processes (%s)\n",
			 2 * MANY, err ? km_nl_strerror(err) : "ok");
	o = err ? NULL : find(&l, &st);
	if (o)
		ksft_print_msg("vmas %u, processes %u, listed %zu, omitted %u; /proc maps %ld\n",
			       o->vmas, o->processes, o->nmappers, o->omitted, inmaps);
	ksft_test_result(o && o->vmas == inmaps && o->processes == 2,
			 "its VMAS equals its mappings in both processes' /proc/PID/maps, PROCESSES 2\n");
	ksft_test_result(o && o->nmappers <= 512 && o->nmappers + o->omitted == o->vmas,
			 "at most 512 mappers listed, and listed plus omitted equals VMAS\n");
	km_shm_free(&l);
	reap(pid);
	unmap_many(many, MANY);
	close(many_fd);
	unlink(many_path);
}

/* nattch of SysV segment @id in /proc/sysvipc/shm (the oracle); -1 if absent. */
static long proc_nattch(int id)
{
	unsigned long long rss, swap, nattch;

	return sysv_line(id, &rss, &swap, &nattch) ? -1 : (long)nattch;
}

static int sysv_attached = -1, sysv_alone = -1;

static void attach_one(void)
{
	char *p = shmat(sysv_attached, NULL, 0);

	if (p == (char *)-1)
		_exit(1);
	memset(p, 1, PAGE);
}

/* What a caller's GET_SHMEM said about the two segments. */
struct sysv_view {
	int err, sysv_listed;
	int attached_listed, alone_listed;
	uint32_t attached_procs, alone_procs;
};

static void view_sysv(struct sysv_view *r)
{
	struct km_nl own;
	struct km_shm l;
	size_t i;

	memset(r, 0, sizeof(*r));
	memset(&l, 0, sizeof(l));
	r->err = km_nl_open(&own);
	if (r->err)
		return;
	r->err = km_kmod_shmem(&own, &(struct km_shm_filter){ 0 }, &l);
	km_nl_close(&own);
	r->sysv_listed = l.sysv_listed;
	for (i = 0; !r->err && i < l.n; i++) {
		if (l.v[i].kind != KMEMSTAT_SHMEM_SYSV)
			continue;
		if (l.v[i].ino == (uint64_t)sysv_attached) {
			r->attached_listed++;
			r->attached_procs = l.v[i].processes;
		}
		if (l.v[i].ino == (uint64_t)sysv_alone) {
			r->alone_listed++;
			r->alone_procs = l.v[i].processes;
		}
	}
	km_shm_free(&l);
}

/* As nobody, then with many shared anonymous mappings of its own: report to @fd. */
static void view_as_nobody(int fd)
{
	struct sysv_view r[2];
	int i;

	procs_become_nobody();
	view_sysv(&r[0]);
	for (i = 0; i < ANON_MAPPINGS; i++)
		if (mmap(NULL, PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
			_exit(4);
	view_sysv(&r[1]);
	_exit(write(fd, r, sizeof(r)) == sizeof(r) ? 0 : 5);
}

static void test_sysv_unprivileged(void)
{
	struct sysv_view root, nobody[2], *n;
	int p[2], st = -1, k;
	char *m;
	pid_t attacher, pid;

	sysv_attached = shmget(IPC_PRIVATE, 64 * PAGE, IPC_CREAT | 0600);
	sysv_alone = shmget(IPC_PRIVATE, 64 * PAGE, IPC_CREAT | 0600);
	if (sysv_attached < 0 || sysv_alone < 0)
		ksft_exit_fail_msg("shmget: %s\n", strerror(errno));
	m = shmat(sysv_alone, NULL, 0);
	if (m == (char *)-1)
		ksft_exit_fail_msg("shmat: %s\n", strerror(errno));
	memset(m, 1, 64 * PAGE);
	shmdt(m);
	attacher = child(attach_one);
	ksft_print_msg("/proc/sysvipc/shm: nattch %ld (attached by root's child), %ld (alone)\n",
		       proc_nattch(sysv_attached), proc_nattch(sysv_alone));

	view_sysv(&root);
	ksft_test_result(!root.err && root.sysv_listed && root.attached_listed == 1 && root.attached_procs == 1 &&
			 root.alone_listed == 1 && root.alone_procs == 0 && proc_nattch(sysv_attached) == 1 &&
			 proc_nattch(sysv_alone) == 0,
			 "root sees the segment root's child attaches with 1 process and the lone one with 0, as nattch says\n");

	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	pid = procs_fork_with(view_as_nobody, p);
	if (read(p[0], nobody, sizeof(nobody)) != sizeof(nobody))
		memset(nobody, 0xff, sizeof(nobody));
	close(p[0]);
	waitpid(pid, &st, 0);
	for (k = 0; k < 2; k++) {
		n = &nobody[k];
		ksft_print_msg("nobody%s: err %d, listed %d, attached: listed %d (%u processes), alone: listed %d (%u)\n",
			       k ? " with its mappings" : "", n->err, n->sysv_listed, n->attached_listed,
			       n->attached_procs, n->alone_listed, n->alone_procs);
	}
	ksft_test_result(st == 0 && !nobody[0].err && !nobody[1].err &&
			 !(nobody[0].attached_listed && nobody[0].attached_procs == 0) &&
			 !(nobody[1].attached_listed && nobody[1].attached_procs == 0) &&
			 nobody[0].alone_listed == 1,
			 "nobody sees the lone segment but is never told that one root's process attaches is attached by nobody\n");
	ksft_test_result(st == 0 && nobody[1].sysv_listed && nobody[1].alone_listed == 1 &&
			 nobody[1].alone_procs == 0,
			 "with %d shared anonymous mappings of its own, nobody still sees the lone segment, SYSV_LISTED set\n",
			 ANON_MAPPINGS);
	reap(attacher);
	shmctl(sysv_attached, IPC_RMID, NULL);
	shmctl(sysv_alone, IPC_RMID, NULL);
}

struct sweep_result {
	uint64_t ino;		/* the object looked for */
	int err;		/* the dump's errno, or -EMSGSIZE for a truncated message */
	int found;		/* objects with the inode */
	uint32_t vmas, listed, omitted;
};

static void parse_object(const struct nlattr *nest, void *arg)
{
	struct sweep_result *r = arg;
	struct nlraw_shm o;

	nlraw_shm_object(nest, &o);
	if (o.ino != r->ino)
		return;
	r->found++;
	r->vmas = o.vmas;
	r->listed += o.listed;
	r->omitted += o.omitted;
}

/*
 * A dump of GET_SHMEM read with @bufsize-byte receives on a new socket, whose
 * first receive (an INFO answer) sets the size the kernel allocates for it.
 */
static void sweep_one(size_t bufsize, uint64_t ino, struct sweep_result *r)
{
	static char buf[65536];
	struct nlraw_nest f = { KMEMSTAT_A_SHMEM_FILTER, {
		{ KMEMSTAT_SF_FLAGS, KMEMSTAT_SHMEM_F_MAPPERS | KMEMSTAT_SHMEM_F_MAPPED },
		{ KMEMSTAT_SF_PID, (uint32_t)getpid() } } };
	uint16_t fam = (uint16_t)nl.family;
	int fd;

	memset(r, 0, sizeof(*r));
	r->ino = ino;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || nlraw_send(fd, fam, KMEMSTAT_CMD_GET_INFO, KMEMSTAT_ABI_VERSION, 0, NULL) ||
	    recv(fd, buf, bufsize, 0) < 0 ||
	    nlraw_send(fd, fam, KMEMSTAT_CMD_GET_SHMEM, KMEMSTAT_ABI_VERSION, NLM_F_DUMP, &f))
		r->err = -errno;
	else
		r->err = nlraw_read_dump(fd, bufsize, KMEMSTAT_A_SHMEM_OBJECT, parse_object, r, NULL);
	if (fd >= 0)
		close(fd);
}

static void test_sweep(void)
{
	static void *v[SWEEP_MAPPERS];
	static const size_t from[] = { 4096, 8192, 16384, 32768 - 256 };
	char path[] = "/dev/shm/kmemstat-limits-sweep";
	struct sweep_result r;
	struct stat st;
	int fd, err, sizes = 0, bad = 0, omitted = 0;
	size_t k, b;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, PAGE) || fstat(fd, &st))
		ksft_exit_fail_msg("%s: %s\n", path, strerror(errno));
	err = map_many(fd, v, SWEEP_MAPPERS);
	if (err)
		ksft_exit_fail_msg("mapping %s %d times: %s\n", path, SWEEP_MAPPERS, strerror(-err));
	for (k = 0; k < sizeof(from) / sizeof(from[0]); k++) {
		for (b = from[k]; b < from[k] + 256; b += 4) {
			sweep_one(b, st.st_ino, &r);
			sizes++;
			if (r.omitted)
				omitted++;
			if (r.err || r.found != 1 || r.vmas != SWEEP_MAPPERS ||
			    r.listed + r.omitted != SWEEP_MAPPERS) {
				if (bad++ < 5)
					ksft_print_msg("buffer %zu: err %d, found %d, vmas %u, listed %u, omitted %u\n",
						       b, r.err, r.found, r.vmas, r.listed, r.omitted);
			}
		}
	}
	sweep_one(65536, st.st_ino, &r);
	sizes++;
	if (r.err || r.found != 1 || r.listed + r.omitted != SWEEP_MAPPERS)
		bad++;
	ksft_print_msg("%d buffer sizes, %d with mappers omitted\n", sizes, omitted);
	ksft_test_result(!bad, "%d mappers at %d receive buffer sizes: every dump ends cleanly, listed plus omitted is %d (%d failed)\n",
			 SWEEP_MAPPERS, sizes, SWEEP_MAPPERS, bad);
	unmap_many(v, SWEEP_MAPPERS);
	close(fd);
	unlink(path);
}

int main(void)
{
	int err;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(9);
	err = km_nl_open(&nl);
	if (err)
		ksft_exit_fail_msg("cannot reach the module: %s\n", km_nl_strerror(err));
	test_dev_zero();
	test_many_mappers();
	test_sysv_unprivileged();
	test_sweep();
	km_nl_close(&nl);
	ksft_finished();
}

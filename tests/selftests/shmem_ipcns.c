// SPDX-License-Identifier: GPL-2.0
/*
 * SysV segments nobody attaches, per IPC namespace. All namespaces' segments
 * live on the kernel's one internal tmpfs, and their ids are per namespace
 * (a new namespace starts again at id 0). A caller must get exactly the
 * unattached segments its own /proc/sysvipc/shm lists: before, on 4.3 and
 * later, one in the initial namespace got every namespace's, and one in
 * another namespace got none.
 *
 * root makes a segment in the initial namespace; A (root, CLONE_NEWIPC)
 * makes two in a new one, B (CLONE_NEWIPC, then nobody) two in another,
 * with the same ids and keys as A's (id 0 IPC_PRIVATE, id 1 of one key),
 * created by another user. Each of root, nobody in the initial namespace,
 * A and B dumps GET_SHMEM and compares its unattached SysV segments (id,
 * key, size) with its /proc/sysvipc/shm (nattch 0).
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kselftest.h"
#include "../lib/procs.h"
#include "../../user/kmod.h"
#include "../../kmod/uapi/kmemstat.h"

#define PAGE	4096UL
#define KEY	0x6b6d5a02
#define MAXSEG	256

struct seg {
	int64_t id;
	uint32_t key;
	uint64_t size;
};

/* What one caller saw, against its own /proc/sysvipc/shm. */
struct view {
	int err, listed;
	int proc, module, missing, extra;
	struct seg first_extra, first_missing;
};

/* nattch 0 lines of this namespace's /proc/sysvipc/shm. */
static int proc_unattached(struct seg *v, int max)
{
	char line[512];
	FILE *f = fopen("/proc/sysvipc/shm", "r");
	int n = 0;

	while (f && fgets(line, sizeof(line), f)) {
		long long key;
		unsigned long long id, size, nattch;

		if (sscanf(line, "%lld %llu %*o %llu %*d %*d %llu", &key, &id, &size, &nattch) == 4 &&
		    nattch == 0 && n < max) {
			v[n].id = (int64_t)id;
			v[n].key = (uint32_t)key;
			v[n].size = size;
			n++;
		}
	}
	if (f)
		fclose(f);
	return f ? n : -1;
}

static int same(const struct seg *a, const struct seg *b)
{
	return a->id == b->id && a->key == b->key && a->size == b->size;
}

/* Dump, and compare the unattached SysV objects with /proc/sysvipc/shm. */
static void look(struct view *r)
{
	static struct seg p[MAXSEG], m[MAXSEG];
	struct km_shm_filter f;
	struct km_nl nl;
	struct km_shm l;
	size_t i;
	int j, k;

	memset(r, 0, sizeof(*r));
	memset(&f, 0, sizeof(f));
	memset(&l, 0, sizeof(l));
	r->err = km_nl_open(&nl);
	if (!r->err) {
		r->err = km_kmod_shmem(&nl, &f, &l);
		km_nl_close(&nl);
	}
	r->listed = l.sysv_listed;
	for (i = 0; i < l.n; i++)
		if (l.v[i].kind == KMEMSTAT_SHMEM_SYSV && !l.v[i].processes && r->module < MAXSEG) {
			m[r->module].id = (int64_t)l.v[i].ino;
			m[r->module].key = l.v[i].key;
			m[r->module].size = l.v[i].size;
			r->module++;
		}
	km_shm_free(&l);
	r->proc = proc_unattached(p, MAXSEG);
	for (j = 0; j < r->proc; j++) {
		for (k = 0; k < r->module && !same(&p[j], &m[k]); k++)
			;
		if (k == r->module && !r->missing++)
			r->first_missing = p[j];
	}
	for (k = 0; k < r->module; k++) {
		for (j = 0; j < r->proc && !same(&p[j], &m[k]); j++)
			;
		if (j == r->proc && !r->extra++)
			r->first_extra = m[k];
	}
}

static int go[2];

/* In a new IPC namespace: two segments, then (on "go") look, report, wait. */
static void in_new_ns(int fd, int as_nobody)
{
	struct view r;
	char c;

	if (unshare(CLONE_NEWIPC)) {
		c = 'u';	/* no IPC namespaces in this kernel */
		_exit(write(fd, &c, 1) == 1 ? 3 : 4);
	}
	if (as_nobody)
		procs_become_nobody();
	/* As A's: id 0 with IPC_PRIVATE, id 1 with KEY; other sizes. */
	if (shmget(IPC_PRIVATE, (as_nobody ? 9 : 5) * PAGE, IPC_CREAT | 0600) < 0 ||
	    shmget(KEY, (as_nobody ? 11 : 7) * PAGE, IPC_CREAT | 0600) < 0)
		_exit(4);
	c = 'r';
	if (write(fd, &c, 1) != 1 || read(go[0], &c, 1) != 1)
		_exit(5);
	look(&r);
	_exit(write(fd, &r, sizeof(r)) == sizeof(r) ? 0 : 6);
}

static void ns_root(int fd)
{
	in_new_ns(fd, 0);
}

static void ns_nobody(int fd)
{
	in_new_ns(fd, 1);
}

static void init_nobody(int fd)
{
	struct view r;

	procs_become_nobody();
	look(&r);
	_exit(write(fd, &r, sizeof(r)) == sizeof(r) ? 0 : 1);
}

static void report(const char *who, const struct view *r)
{
	ksft_print_msg("%s: err %d, SYSV_LISTED %d; /proc/sysvipc/shm %d unattached, module %d; missing %d (first: id %lld key %#x size %llu), extra %d (first: id %lld key %#x size %llu)\n",
		  who, r->err, r->listed, r->proc, r->module, r->missing,
		  (long long)r->first_missing.id, r->first_missing.key,
		  (unsigned long long)r->first_missing.size, r->extra,
		  (long long)r->first_extra.id, r->first_extra.key,
		  (unsigned long long)r->first_extra.size);
	ksft_test_result(!r->err && r->listed && r->proc > 0 && !r->missing && !r->extra,
		"%s gets exactly the unattached segments of its /proc/sysvipc/shm\n", who);
}

/* 1 when the child made its namespace and segments, 0 when the kernel has no IPC namespaces. */
static int wait_ready(int fd)
{
	char c;

	if (read(fd, &c, 1) != 1)
		ksft_exit_fail_msg("a child could not make its IPC namespace and segments\n");
	return c == 'r';
}

int main(void)
{
	struct view root, nobody, a, b;
	int pa[2], pb[2], pn[2], id, ns;
	pid_t ca, cb, cn;

	if (access("/proc/sysvipc/shm", R_OK)) {
		ksft_print_header();
		ksft_exit_skip("no SysV IPC (/proc/sysvipc/shm)\n");
	}
	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(4);
	id = shmget(0x6b6d5301, 3 * PAGE, IPC_CREAT | 0600);
	if (id < 0)
		ksft_exit_fail_msg("shmget: %s\n", strerror(errno));
	if (pipe(go) || pipe(pa) || pipe(pb) || pipe(pn))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	ca = procs_fork_with(ns_root, pa);
	cb = procs_fork_with(ns_nobody, pb);
	ns = wait_ready(pa[0]) & wait_ready(pb[0]);

	look(&root);
	report("root in the initial IPC namespace", &root);
	cn = procs_fork_with(init_nobody, pn);
	if (read(pn[0], &nobody, sizeof(nobody)) != sizeof(nobody))
		ksft_exit_fail_msg("nobody's look failed\n");
	report("nobody in the initial IPC namespace", &nobody);
	if (write(go[1], "gg", 2) != 2)
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	if (!ns) {
		ksft_test_result_skip("root in a new IPC namespace (no IPC namespaces: CONFIG_IPC_NS)\n");
		ksft_test_result_skip("nobody in another new IPC namespace (no IPC namespaces: CONFIG_IPC_NS)\n");
	} else if (read(pa[0], &a, sizeof(a)) != sizeof(a) || read(pb[0], &b, sizeof(b)) != sizeof(b)) {
		ksft_exit_fail_msg("a child's look failed\n");
	} else {
		report("root in a new IPC namespace", &a);
		report("nobody in another new IPC namespace, its ids and keys as the first's", &b);
	}

	waitpid(ca, NULL, 0);
	waitpid(cb, NULL, 0);
	waitpid(cn, NULL, 0);
	shmctl(id, IPC_RMID, NULL);
	ksft_finished();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Whose rights a dump carries (the CVE-2014-0181 class). When a request
 * finds its socket's queue full, the dump's first part runs later, in
 * whichever task reads the socket; and a socket can be handed to another
 * task. The module must judge by both the task that runs the dump and
 * the socket's opener, never by the reader alone.
 *
 * restrict_tasks=1; root runs sleepers that map a 0600 /dev/shm file.
 * Each socket is overrun with unread GET_INFO answers before its dump is
 * asked for, so the dump's first part runs in the reader's recvmsg().
 * A: root opens and reads (the control: the overrun path works).
 * B: nobody opens, asks, hands the sockets to root over SCM_RIGHTS, root
 *    reads: no task but nobody's, not root's object.
 * C: nobody opens and reads: its own task and object, nothing of root's.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kselftest.h"
#include "../lib/nlraw.h"
#include "../lib/procs.h"
#include "../../user/kmod.h"
#include "../../kmod/uapi/kmemstat.h"

#define SLEEPERS 8
#define FILLERS 16
#define PAGE 4096UL
#define PARAM "/sys/module/kmemstat/parameters/restrict_tasks"

static uint16_t family;
static pid_t sleepers[SLEEPERS];
static struct stat root_st;
static void *root_map;		/* root's mapping of root_path, inherited by the children */
static char root_path[] = "/dev/shm/kmemstat-opener-root";
static char own_path[] = "/dev/shm/kmemstat-opener-nobody";

/* What one socket pair's dumps showed. */
struct seen {
	int tasks_err, shmem_err;
	int overruns;		/* ENOBUFS reports: the queue was full when asked */
	int tasks;		/* process records */
	int foreign;		/* records whose uid is not the one allowed */
	int sleepers;		/* root's sleepers among them */
	int self;		/* the record of a given pid */
	int root_obj, own_obj;	/* the two /dev/shm files among the objects */
};

struct scan {
	struct seen *s;
	uint32_t uid, pid;	/* the uid allowed, the pid looked for */
	struct stat own;
};

static void on_task(const struct nlattr *nest, void *arg)
{
	struct scan *c = arg;
	const struct nlattr *a;
	uint32_t pid = 0, uid = (uint32_t)-1;
	int left, i;

	nlraw_for_each(a, nlraw_data(nest), nest->nla_len - NLA_HDRLEN, left) {
		if ((a->nla_type & NLA_TYPE_MASK) == KMEMSTAT_TASK_PID)
			memcpy(&pid, nlraw_data(a), 4);
		else if ((a->nla_type & NLA_TYPE_MASK) == KMEMSTAT_TASK_UID)
			memcpy(&uid, nlraw_data(a), 4);
	}
	c->s->tasks++;
	if (uid != c->uid)
		c->s->foreign++;
	if (pid == c->pid)
		c->s->self++;
	for (i = 0; i < SLEEPERS; i++)
		if (pid == (uint32_t)sleepers[i])
			c->s->sleepers++;
}

static void on_object(const struct nlattr *nest, void *arg)
{
	struct scan *c = arg;
	const struct nlattr *a;
	uint32_t dev = 0;
	uint64_t ino = 0;
	int left;

	nlraw_for_each(a, nlraw_data(nest), nest->nla_len - NLA_HDRLEN, left) {
		if ((a->nla_type & NLA_TYPE_MASK) == KMEMSTAT_SHM_DEV)
			memcpy(&dev, nlraw_data(a), 4);
		else if ((a->nla_type & NLA_TYPE_MASK) == KMEMSTAT_SHM_INO)
			memcpy(&ino, nlraw_data(a), 8);
	}
	if (dev == nlraw_encode_dev(root_st.st_dev) && ino == root_st.st_ino)
		c->s->root_obj++;
	if (c->own.st_ino && dev == nlraw_encode_dev(c->own.st_dev) && ino == c->own.st_ino)
		c->s->own_obj++;
}

/*
 * Before 3.7 a request does not hold its socket: the opener is unknown;
 * and 2.6.32 was not seen to report the overrun these cases set up (the
 * dumps still end cleanly and are checked), so it is not required there.
 */
static int kernel_keeps_opener(void);

/*
 * A socket whose queue is full of unread answers, with a dump of @cmd
 * asked for: the kernel cannot run its first part now.
 */
static int overrun_dump(uint8_t cmd)
{
	return nlraw_overrun_dump(family, KMEMSTAT_ABI_VERSION, KMEMSTAT_CMD_GET_INFO, FILLERS, cmd);
}

/* Read the tasks dump on @tfd and the shmem dump on @sfd into @c->s. */
static void read_both(int tfd, int sfd, struct scan *c)
{
	int t = 0, s = 0;

	c->s->tasks_err = nlraw_read_dump(tfd, 65536, KMEMSTAT_A_TASK, on_task, c, &t);
	c->s->shmem_err = nlraw_read_dump(sfd, 65536, KMEMSTAT_A_SHMEM_OBJECT, on_object, c, &s);
	c->s->overruns = t && s;
}

/* A message of one byte @x with room for @len bytes of control data. */
static void one_byte_msg(struct msghdr *m, struct iovec *iov, char *x, char *ctl, size_t len)
{
	memset(m, 0, sizeof(*m));
	iov->iov_base = x;
	iov->iov_len = 1;
	m->msg_iov = iov;
	m->msg_iovlen = 1;
	m->msg_control = ctl;
	m->msg_controllen = len;
}

/* Case B's child: open and ask as nobody, pass both sockets on, exit. */
static void hand_over(int unix_fd)
{
	char ctl[CMSG_SPACE(2 * sizeof(int))];
	struct msghdr m;
	struct cmsghdr *cm;
	struct iovec iov;
	int fds[2];
	char x = 'x';

	procs_become_nobody();
	fds[0] = overrun_dump(KMEMSTAT_CMD_GET_TASKS);
	fds[1] = overrun_dump(KMEMSTAT_CMD_GET_SHMEM);
	if (fds[0] < 0 || fds[1] < 0)
		_exit(4);
	memset(ctl, 0, sizeof(ctl));
	one_byte_msg(&m, &iov, &x, ctl, sizeof(ctl));
	cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(2 * sizeof(int));
	memcpy(CMSG_DATA(cm), fds, sizeof(fds));
	_exit(sendmsg(unix_fd, &m, 0) == 1 ? 0 : 5);
}

static int receive_fds(int unix_fd, int fds[2])
{
	char ctl[CMSG_SPACE(2 * sizeof(int))];
	struct msghdr m;
	struct cmsghdr *cm;
	struct iovec iov;
	char x;

	one_byte_msg(&m, &iov, &x, ctl, sizeof(ctl));
	if (recvmsg(unix_fd, &m, 0) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&m);
	if (!cm || cm->cmsg_type != SCM_RIGHTS || cm->cmsg_len != CMSG_LEN(2 * sizeof(int)))
		return -1;
	memcpy(fds, CMSG_DATA(cm), 2 * sizeof(int));
	return 0;
}

static int child_status(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static void case_root(void)
{
	struct seen s;
	struct scan c = { &s, 0, 0, { 0 } };
	int tfd, sfd;

	memset(&s, 0, sizeof(s));
	tfd = overrun_dump(KMEMSTAT_CMD_GET_TASKS);
	sfd = overrun_dump(KMEMSTAT_CMD_GET_SHMEM);
	if (tfd < 0 || sfd < 0)
		ksft_exit_fail_msg("netlink socket: %s\n", strerror(errno));
	read_both(tfd, sfd, &c);
	close(tfd);
	close(sfd);
	ksft_print_msg("A: %d tasks, %d sleepers, errors %d %d, overrun %d\n", s.tasks, s.sleepers,
		       s.tasks_err, s.shmem_err, s.overruns);
	ksft_test_result((s.overruns || !kernel_keeps_opener()) && !s.tasks_err && !s.shmem_err &&
			 s.sleepers == SLEEPERS,
			 "root's overrun sockets, read by root: both dumps end cleanly and list all %d of root's sleepers\n",
			 SLEEPERS);
	ksft_test_result(s.root_obj == 1, "and root's 0600 /dev/shm object (listed %d)\n", s.root_obj);
}

/* Before 3.7 a request does not hold its socket: the opener is unknown. */
static int kernel_keeps_opener(void)
{
	struct utsname u;
	int ma = 0, mi = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return 1;
	return ma > 3 || (ma == 3 && mi >= 7);
}

static void case_handed_over(void)
{
	struct seen s;
	struct scan c = { &s, NOBODY, 0, { 0 } };
	int sp[2], fds[2], st;
	pid_t pid;

	if (!kernel_keeps_opener()) {
		for (st = 0; st < 3; st++)
			ksft_test_result_skip("a socket handed to root (before 3.7 the kernel keeps no opener in a request: docs/protocol.md)\n");
		return;
	}
	memset(&s, 0, sizeof(s));
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sp))
		ksft_exit_fail_msg("socketpair: %s\n", strerror(errno));
	pid = procs_fork_with(hand_over, sp);
	if (receive_fds(sp[0], fds))
		fds[0] = fds[1] = -1;
	st = child_status(pid);
	close(sp[0]);
	if (fds[0] < 0 || st)
		ksft_exit_fail_msg("nobody's child did not hand its sockets over (exit %d)\n", st);
	read_both(fds[0], fds[1], &c);
	close(fds[0]);
	close(fds[1]);
	ksft_print_msg("B: %d tasks, %d not nobody's, %d sleepers, errors %d %d, overrun %d\n", s.tasks,
		       s.foreign, s.sleepers, s.tasks_err, s.shmem_err, s.overruns);
	ksft_test_result(s.overruns && !s.tasks_err && !s.shmem_err,
			 "nobody's overrun sockets handed to root: both dumps run in root's recvmsg and end cleanly\n");
	ksft_test_result(!s.foreign && !s.sleepers,
			 "root reading them sees no task but nobody's (%d others, %d of root's sleepers)\n",
			 s.foreign, s.sleepers);
	ksft_test_result(!s.root_obj, "nor root's 0600 /dev/shm object (listed %d)\n", s.root_obj);
}

/* Case C's child: map an object of its own, then open, ask and read. */
static void read_own(int pipe_fd)
{
	struct seen s;
	struct scan c = { &s, NOBODY, 0, { 0 } };
	int fd, tfd, sfd;
	void *p;

	/* Root's mapping came with the fork: nobody's own process must not hold it. */
	munmap(root_map, PAGE);
	procs_become_nobody();
	memset(&s, 0, sizeof(s));
	c.pid = (uint32_t)getpid();
	fd = open(own_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, PAGE) || fstat(fd, &c.own))
		_exit(3);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		_exit(3);
	memset(p, 1, PAGE);
	tfd = overrun_dump(KMEMSTAT_CMD_GET_TASKS);
	sfd = overrun_dump(KMEMSTAT_CMD_GET_SHMEM);
	if (tfd < 0 || sfd < 0)
		_exit(4);
	read_both(tfd, sfd, &c);
	unlink(own_path);
	_exit(write(pipe_fd, &s, sizeof(s)) == sizeof(s) ? 0 : 5);
}

static void case_own(void)
{
	struct seen s;
	int p[2], st;
	pid_t pid;

	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	pid = procs_fork_with(read_own, p);
	if (read(p[0], &s, sizeof(s)) != sizeof(s))
		memset(&s, 0xff, sizeof(s));
	close(p[0]);
	st = child_status(pid);
	if (st)
		ksft_exit_fail_msg("nobody's reader failed (exit %d)\n", st);
	ksft_print_msg("C: %d tasks, %d not nobody's, self %d, errors %d %d, overrun %d\n", s.tasks,
		       s.foreign, s.self, s.tasks_err, s.shmem_err, s.overruns);
	ksft_test_result((s.overruns || !kernel_keeps_opener()) && !s.tasks_err && !s.shmem_err &&
			 s.self == 1 && !s.foreign,
			 "nobody reading its own overrun sockets sees itself and no task of another uid\n");
	ksft_test_result(s.own_obj == 1 && !s.root_obj,
			 "and its own /dev/shm object, not root's (own %d, root's %d)\n", s.own_obj, s.root_obj);
}

static void sleeper(void)
{
	for (;;)
		pause();
}

static int set_param(const char *v, char *old, size_t len)
{
	int fd = open(PARAM, O_RDWR), ok;
	ssize_t n;

	if (fd < 0)
		return -1;
	if (old) {
		n = read(fd, old, len - 1);
		old[n > 0 ? n : 0] = '\0';
	}
	ok = pwrite(fd, v, strlen(v), 0) == (ssize_t)strlen(v);
	close(fd);
	return ok ? 0 : -1;
}

int main(void)
{
	char old[8] = "N\n";
	int fd, i;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(7);
	if (geteuid())
		ksft_exit_fail_msg("run as root: the cases switch users\n");
	family = nlraw_family();
	if (set_param("1", old, sizeof(old)))
		ksft_exit_fail_msg("%s: %s\n", PARAM, strerror(errno));

	unlink(own_path);
	fd = open(root_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, PAGE) || fstat(fd, &root_st))
		ksft_exit_fail_msg("%s: %s\n", root_path, strerror(errno));
	root_map = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (root_map == MAP_FAILED)
		ksft_exit_fail_msg("mmap %s: %s\n", root_path, strerror(errno));
	memset(root_map, 1, PAGE);
	for (i = 0; i < SLEEPERS; i++) {
		sleepers[i] = fork();
		if (sleepers[i] < 0)
			ksft_exit_fail_msg("fork: %s\n", strerror(errno));
		if (!sleepers[i])
			sleeper();
	}

	case_root();
	case_handed_over();
	case_own();

	for (i = 0; i < SLEEPERS; i++) {
		kill(sleepers[i], SIGKILL);
		waitpid(sleepers[i], NULL, 0);
	}
	munmap(root_map, PAGE);
	close(fd);
	unlink(root_path);
	set_param(old, NULL, 0);
	ksft_finished();
}

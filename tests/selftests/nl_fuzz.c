// SPDX-License-Identifier: GPL-2.0
/*
 * Random and mutated generic netlink messages to the kmemstat family, from
 * root and from nobody: commands known and unknown, any version and flags,
 * attributes of any type and length, nested, truncated and overrunning,
 * cut genetlink headers; every few hundred messages a dump abandoned after
 * its first part or its socket closed before it is read. Each message must
 * be answered (an ack, an error, or a dump's end) with an errno a request
 * can get; afterwards the module must still answer. The kernel log is read
 * by kernel_log.sh at the end of the suite, and the module unloaded by
 * unload.sh: an oops, a warning or a leaked reference shows there.
 *
 * usage: nl_fuzz [MESSAGES [SEED]]   (default 1000000, nobody sends a
 * quarter of them)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include "kselftest.h"
#include "../lib/procs.h"
#include "../../user/kmod.h"
#include "../../kmod/uapi/kmemstat.h"

#define MSG_MAX		512
#define NERR		140

static uint64_t rng_state;

/* xorshift64*: reproducible from the seed printed in the TAP. */
static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

/* What one sender saw, returned to the parent through a pipe. */
struct tally {
	unsigned long sent, answered, unanswered, dumps, abandoned;
	unsigned long err[NERR];	/* by -errno; 0 is success */
	unsigned long odd_err;		/* an errno no request should get */
	int odd_example;
};

static int open_sock(int rcvbuf)
{
	struct timeval tv = { .tv_sec = 10 };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0)
		ksft_exit_fail_msg("netlink socket: %s\n", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (rcvbuf)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	return fd;
}

/* Random attributes from @p for at most @room bytes, @depth levels deep. */
static size_t fill_attrs(char *p, size_t room, int depth)
{
	size_t used = 0;
	int n = (int)below(5);

	while (n-- > 0 && room - used >= NLA_HDRLEN) {
		struct nlattr *a = (struct nlattr *)(p + used);
		size_t left = room - used - NLA_HDRLEN, len;
		uint32_t r = below(100);

		a->nla_type = (uint16_t)(below(4) ? below(KMEMSTAT_SHT_MAX + 4) : rnd());
		if (depth < 3 && r < 30) {
			a->nla_type |= NLA_F_NESTED;
			len = fill_attrs(p + used + NLA_HDRLEN, left, depth + 1);
		} else {
			/* the sizes a u8, u32, u64 or string would have, or any */
			static const size_t sizes[] = { 0, 1, 2, 4, 7, 8, 12, 16 };

			len = below(3) ? sizes[below(8)] : below(64);
			if (len > left)
				len = left;
			for (size_t i = 0; i < len; i++)
				p[used + NLA_HDRLEN + i] = (char)rnd();
		}
		a->nla_len = (uint16_t)(NLA_HDRLEN + len);
		if (r >= 95)	/* claims more than there is, or less than a header */
			a->nla_len = (uint16_t)(r & 1 ? NLA_HDRLEN + len + 1 + below(200) : below(NLA_HDRLEN));
		used += NLA_ALIGN(NLA_HDRLEN + len);
		if (used > room)
			used = room;
	}
	return used;
}

/* A well-formed filter of one of the dumps, with one byte then flipped. */
static size_t mutated_filter(char *p, size_t room, uint8_t cmd)
{
	struct nlattr *n = (struct nlattr *)p, *a;
	size_t len;
	int i, k = 1 + (int)below(3);

	n->nla_type = (uint16_t)((cmd == KMEMSTAT_CMD_GET_SHMEM ? KMEMSTAT_A_SHMEM_FILTER :
				  KMEMSTAT_A_TASK_FILTER) | NLA_F_NESTED);
	len = NLA_HDRLEN;
	for (i = 0; i < k && len + NLA_HDRLEN + 8 <= room; i++) {
		uint32_t v = below(2) ? below(4) : rnd();

		a = (struct nlattr *)(p + len);
		a->nla_type = (uint16_t)(1 + below(cmd == KMEMSTAT_CMD_GET_SHMEM ?
						   KMEMSTAT_SF_MAX : KMEMSTAT_TF_MAX));
		a->nla_len = NLA_HDRLEN + 4;
		memcpy(a + 1, &v, 4);
		len += NLA_ALIGN(a->nla_len);
	}
	n->nla_len = (uint16_t)len;
	if (below(2))
		p[below((uint32_t)len)] ^= (char)(1 << below(8));
	return len;
}

/* Build one message; returns its length. */
static size_t build(char *buf, uint16_t family, uint32_t seq, uint8_t *cmd_out,
		    uint16_t *flags_out)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *gh = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);
	size_t len = NLMSG_HDRLEN + GENL_HDRLEN;
	uint32_t r = below(100);
	uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;

	memset(buf, 0, MSG_MAX);
	gh->cmd = (uint8_t)(r < 80 ? 1 + below(KMEMSTAT_CMD_MAX) : rnd());
	gh->version = (uint8_t)(below(4) ? KMEMSTAT_ABI_VERSION : rnd());
	gh->reserved = (uint16_t)(below(8) ? 0 : rnd());
	if (below(2))
		flags |= NLM_F_DUMP;
	if (!below(8))
		flags |= (uint16_t)(rnd() & (NLM_F_ECHO | NLM_F_EXCL | NLM_F_CREATE |
					     NLM_F_APPEND | NLM_F_MULTI));
	if ((gh->cmd == KMEMSTAT_CMD_GET_TASKS || gh->cmd == KMEMSTAT_CMD_GET_SHMEM) && below(2))
		len += mutated_filter(buf + len, MSG_MAX - len, gh->cmd);
	else
		len += fill_attrs(buf + len, MSG_MAX - len, 0);
	if (!below(20))		/* cut anywhere, the genetlink header included */
		len = NLMSG_HDRLEN + below((uint32_t)(len - NLMSG_HDRLEN + 1));
	nlh->nlmsg_len = (uint32_t)len;
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	*cmd_out = gh->cmd;
	*flags_out = flags;
	return len;
}

/* Errors a request can get: success or a refusal, never a fault or a hang. */
static int expected_errno(int e)
{
	switch (e) {
	case 0: case EINVAL: case EOPNOTSUPP: case ERANGE: case EMSGSIZE:
	case EPERM: case EACCES: case ESRCH: case ENOENT: case EBUSY:
		return 1;
	}
	return 0;
}

static void note_err(struct tally *t, int e)
{
	if (e >= 0 && e < NERR)
		t->err[e]++;
	if (!expected_errno(e)) {
		t->odd_err++;
		t->odd_example = e;
	}
}

/*
 * Read until the answer to @seq: its ack or error, or the end of its dump.
 * Returns 1 when answered, 0 on timeout.
 */
static int answer(int fd, uint32_t seq, struct tally *t)
{
	static char buf[1 << 16];
	struct nlmsghdr *nlh;
	ssize_t n;

	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {	/* replies dropped: the answer may be too */
				note_err(t, 0);
				return 1;
			}
			return 0;
		}
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (unsigned int)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				note_err(t, -((struct nlmsgerr *)NLMSG_DATA(nlh))->error);
				return 1;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int e = nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int) ?
					*(int *)NLMSG_DATA(nlh) : 0;

				t->dumps++;
				note_err(t, -e);
				/* with NLM_F_ACK an ack may follow on newer kernels */
				return 1;
			}
		}
	}
}

/* A dump read for one part only, or not at all, then its socket closed. */
static void abandon_dump(uint16_t family, struct tally *t)
{
	char buf[4096];
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr gh;
	} r;
	int fd = open_sock(below(2) ? 4096 : 0);

	memset(&r, 0, sizeof(r));
	r.nlh.nlmsg_len = sizeof(r);
	r.nlh.nlmsg_type = family;
	r.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	r.nlh.nlmsg_seq = 1;
	r.gh.cmd = below(2) ? KMEMSTAT_CMD_GET_SHMEM : KMEMSTAT_CMD_GET_TASKS;
	r.gh.version = KMEMSTAT_ABI_VERSION;
	if (send(fd, &r, sizeof(r), 0) == (ssize_t)sizeof(r) && below(2))
		if (recv(fd, buf, sizeof(buf), 0) < 0)
			buf[0] = 0;
	close(fd);
	t->abandoned++;
}

static void run(uint16_t family, unsigned long count, struct tally *t)
{
	char msg[MSG_MAX];
	int fd = open_sock(0);
	unsigned long i;

	for (i = 0; i < count; i++) {
		uint16_t flags;
		uint8_t cmd;
		size_t len = build(msg, family, (uint32_t)i + 1, &cmd, &flags);

		if (i % 500 == 499)
			abandon_dump(family, t);
		if (send(fd, msg, len, 0) < 0) {
			note_err(t, errno);
			continue;
		}
		t->sent++;
		if (answer(fd, (uint32_t)i + 1, t)) {
			t->answered++;
		} else {
			t->unanswered++;
			close(fd);	/* start clean: a late answer must not count for another */
			fd = open_sock(0);
		}
	}
	close(fd);
}

/* What the nobody sender needs, set before it is forked. */
static uint16_t fuzz_family;
static unsigned long fuzz_count;
static uint64_t fuzz_seed;

/* The child: a quarter of the messages as nobody, its tally written to @fd. */
static void nobody_sender(int fd)
{
	struct tally t;

	memset(&t, 0, sizeof(t));
	procs_become_nobody();
	rng_state = fuzz_seed ^ 0x9e3779b97f4a7c15ULL;
	run(fuzz_family, fuzz_count / 4, &t);
	if (write(fd, &t, sizeof(t)) != (ssize_t)sizeof(t))
		_exit(2);
}

static void report(const char *who, const struct tally *t)
{
	char line[1024];
	int e, off = 0;

	for (e = 0; e < NERR; e++)
		if (t->err[e])
			off += snprintf(line + off, sizeof(line) - off, " %s:%lu",
					e ? strerror(e) : "ok", t->err[e]);
	ksft_print_msg("%s: %lu sent, %lu answered, %lu dumps ended, %lu abandoned;%s\n", who,
		       t->sent, t->answered, t->dumps, t->abandoned, line);
}

int main(int argc, char **argv)
{
	unsigned long count = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : (uint64_t)time(NULL);
	struct tally root, nobody;
	struct timespec t0, t1;
	struct km_mem m;
	struct km_nl nl;
	int fds[2], err, status;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(4);
	err = km_nl_open(&nl);
	if (err)
		ksft_exit_fail_msg("cannot reach the module: %s\n", km_nl_strerror(err));
	ksft_print_msg("%lu messages, seed %llu (nl_fuzz %lu %llu repeats this run)\n", count,
		       (unsigned long long)seed, count, (unsigned long long)seed);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* nobody sends a quarter, at the same time as root */
	if (pipe(fds))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	fuzz_family = nl.family;
	fuzz_count = count;
	fuzz_seed = seed;
	pid = procs_fork_with(nobody_sender, fds);
	memset(&root, 0, sizeof(root));
	rng_state = seed ? seed : 1;
	run(nl.family, count - count / 4, &root);
	if (read(fds[0], &nobody, sizeof(nobody)) != (ssize_t)sizeof(nobody))
		memset(&nobody, 0, sizeof(nobody));
	waitpid(pid, &status, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ksft_print_msg("%.1f s\n", (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	report("root", &root);
	report("nobody", &nobody);

	ksft_test_result(root.sent + nobody.sent == count && WIFEXITED(status) && !WEXITSTATUS(status),
			 "all %lu messages sent, by root and by nobody (%lu + %lu)\n", count, root.sent,
			 nobody.sent);
	ksft_test_result(!root.unanswered && !nobody.unanswered,
			 "every message answered: an ack, an error or a dump's end (%lu + %lu unanswered)\n",
			 root.unanswered, nobody.unanswered);
	ksft_test_result(!root.odd_err && !nobody.odd_err,
			 "every error is a refusal a request can get (%lu + %lu others, e.g. %s)\n",
			 root.odd_err, nobody.odd_err,
			 strerror(root.odd_err ? root.odd_example : nobody.odd_example));
	err = km_kmod_mem(&nl, &m);
	ksft_test_result(!err, "the module still answers GET_MEM afterwards (%d)\n", err);
	km_nl_close(&nl);
	ksft_finished();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Bad netlink input gets a clear error and breaks nothing: unknown commands,
 * attributes a command does not take, attributes beyond the family's range,
 * truncated headers; then many requests in a row still answer. Each case is
 * a kselftest_harness.h test with its own sockets (FIXTURE nl), run in its
 * own process, in the order written here.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include "kselftest_harness.h"
#include "../../user/kmod.h"
#include "../../kmod/uapi/kmemstat.h"

struct req {
	struct nlmsghdr nlh;
	struct genlmsghdr gh;
	char attrs[64];
};

/*
 * Send @len bytes of @r (a dump when @flags has NLM_F_DUMP) and return the
 * errno of the kernel's answer (0: ok): from the ack, or from the NLMSG_DONE
 * that ends a dump.
 */
static int transact_flags(int fd, struct req *r, size_t len, uint16_t flags,
			  char *ext, size_t extlen)
{
	char buf[65536];
	struct nlmsghdr *nlh;
	ssize_t n;

	r->nlh.nlmsg_len = (uint32_t)len;
	r->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	r->nlh.nlmsg_seq++;
	if (send(fd, r, len, 0) < 0)
		return -errno;
	ext[0] = '\0';
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (unsigned int)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			struct nlmsgerr *e;
			struct nlattr *a;
			int off, left;

			if (nlh->nlmsg_type == NLMSG_DONE)
				return nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int) ?
				       *(int *)NLMSG_DATA(nlh) : 0;
			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;	/* a reply: its ack follows */
			e = NLMSG_DATA(nlh);
			off = sizeof(*e);
			if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
				off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
			left = (int)nlh->nlmsg_len - NLMSG_HDRLEN - off;
			a = (struct nlattr *)((char *)e + off);
			while ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && left >= (int)sizeof(*a) &&
			       a->nla_len >= sizeof(*a) && a->nla_len <= left) {
				if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
					snprintf(ext, extlen, "%.*s",
						 (int)(a->nla_len - sizeof(*a)), (char *)(a + 1));
				left -= NLA_ALIGN(a->nla_len);
				a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
			}
			return e->error;
		}
	}
}

static size_t put_attr(struct req *r, size_t off, uint16_t type, uint16_t len)
{
	struct nlattr *a = (struct nlattr *)(r->attrs + off);

	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	memset(a + 1, 0, len);
	return off + NLA_ALIGN(a->nla_len);
}

FIXTURE(nl) {
	struct km_nl nl;
	struct req r;
	char ext[256];	/* the extended ack's message, if any */
	int fd;
	int extack;	/* the kernel carries messages in acks (4.12) */
	int extack_errno;
};

FIXTURE_SETUP(nl)
{
	int one = 1, err = km_nl_open(&self->nl);

	ASSERT_EQ(0, err) TH_LOG("cannot reach the module: %s", km_nl_strerror(err));
	self->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	ASSERT_LE(0, self->fd) TH_LOG("netlink socket: %s", strerror(errno));
	self->extack = setsockopt(self->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) == 0;
	self->extack_errno = errno;
	self->r.nlh.nlmsg_type = (uint16_t)self->nl.family;
	self->r.gh.version = KMEMSTAT_ABI_VERSION;
}

FIXTURE_TEARDOWN(nl)
{
	close(self->fd);
	km_nl_close(&self->nl);
}

#define BASE	(NLMSG_HDRLEN + GENL_HDRLEN)
/* Send @len bytes of the request (a dump with @flags NLM_F_DUMP): its errno. */
#define SEND(len, flags) \
	transact_flags(self->fd, &self->r, (len), (flags), self->ext, sizeof(self->ext))

/* A filter nest of @nest holding one 4-byte attribute @type = @value: its length. */
static size_t put_filter(struct req *r, uint16_t nest, uint16_t type, uint32_t value)
{
	size_t len = put_attr(r, 0, nest | NLA_F_NESTED, 8);

	put_attr(r, NLA_HDRLEN, type, 4);
	*(uint32_t *)(r->attrs + 2 * NLA_HDRLEN) = value;
	return len;
}

/* An unknown command is refused with EOPNOTSUPP. */
TEST_F(nl, unknown_command_eopnotsupp)
{
	self->r.gh.cmd = 99;
	EXPECT_EQ(-EOPNOTSUPP, SEND(BASE, 0));
}

/* GET_MEM with an attribute: EINVAL, and a message where the kernel carries one. */
TEST_F(nl, get_mem_with_attribute_einval_and_message)
{
	int err;

	if (!self->extack)
		TH_LOG("no NETLINK_EXT_ACK (%s): errors carry no message here",
		       strerror(self->extack_errno));
	self->r.gh.cmd = KMEMSTAT_CMD_GET_MEM;
	err = SEND(BASE + put_attr(&self->r, 0, KMEMSTAT_A_MEM | NLA_F_NESTED, 0), 0);
	TH_LOG("extended ack: %s", self->ext);
	EXPECT_EQ(-EINVAL, err);
	EXPECT_TRUE(!self->extack || strstr(self->ext, "takes no attributes"));
}

/* An attribute beyond the family's range is refused. */
TEST_F(nl, attribute_beyond_range_einval)
{
	int err;

	self->r.gh.cmd = KMEMSTAT_CMD_GET_MEM;
	err = SEND(BASE + put_attr(&self->r, 0, 200, 4), 0);
	TH_LOG("extended ack: %s", self->ext);
	EXPECT_EQ(-EINVAL, err);
}

/* An attribute longer than its message is refused. */
TEST_F(nl, truncated_attribute_einval)
{
	self->r.gh.cmd = KMEMSTAT_CMD_GET_MEM;
	put_attr(&self->r, 0, KMEMSTAT_A_INFO, 60);
	EXPECT_EQ(-EINVAL, SEND(BASE + 8, 0));
}

/* A message cut inside its genetlink header is refused. */
TEST_F(nl, truncated_genetlink_header_einval)
{
	self->r.gh.cmd = KMEMSTAT_CMD_GET_MEM;
	EXPECT_EQ(-EINVAL, SEND(NLMSG_HDRLEN + 2, 0));
}

/* GET_TASKS is a dump only, with a well-formed filter. */
TEST_F(nl, get_tasks_without_dump_eopnotsupp)
{
	self->r.gh.cmd = KMEMSTAT_CMD_GET_TASKS;
	EXPECT_EQ(-EOPNOTSUPP, SEND(BASE, 0));
}

TEST_F(nl, get_tasks_dump_without_filter_answers)
{
	self->r.gh.cmd = KMEMSTAT_CMD_GET_TASKS;
	EXPECT_EQ(0, SEND(BASE, NLM_F_DUMP));
}

TEST_F(nl, get_tasks_unknown_flag_bit_eopnotsupp)
{
	self->r.gh.cmd = KMEMSTAT_CMD_GET_TASKS;
	EXPECT_EQ(-EOPNOTSUPP, SEND(BASE + put_filter(&self->r, KMEMSTAT_A_TASK_FILTER,
						     KMEMSTAT_TF_FLAGS, 0x80), NLM_F_DUMP));
}

TEST_F(nl, get_tasks_unknown_state_bit_eopnotsupp)
{
	self->r.gh.cmd = KMEMSTAT_CMD_GET_TASKS;
	EXPECT_EQ(-EOPNOTSUPP, SEND(BASE + put_filter(&self->r, KMEMSTAT_A_TASK_FILTER,
						     KMEMSTAT_TF_STATE_MASK, 1U << 20), NLM_F_DUMP));
}

/* A u64 that is 4 bytes. */
TEST_F(nl, get_tasks_short_u64_in_filter_refused)
{
	int err;

	self->r.gh.cmd = KMEMSTAT_CMD_GET_TASKS;
	err = SEND(BASE + put_filter(&self->r, KMEMSTAT_A_TASK_FILTER, KMEMSTAT_TF_MIN_CPU_NS, 0),
		   NLM_F_DUMP);
	EXPECT_TRUE(err == -EINVAL || err == -ERANGE) TH_LOG("got %d", err);
}

TEST_F(nl, get_task_summary_with_attribute_einval)
{
	self->r.gh.cmd = KMEMSTAT_CMD_GET_TASK_SUMMARY;
	EXPECT_EQ(-EINVAL, SEND(BASE + put_attr(&self->r, 0, KMEMSTAT_A_TASK_FILTER | NLA_F_NESTED, 0), 0));
}

TEST_F(nl, get_shmem_without_dump_eopnotsupp)
{
	self->r.gh.cmd = KMEMSTAT_CMD_GET_SHMEM;
	EXPECT_EQ(-EOPNOTSUPP, SEND(BASE, 0));
}

TEST_F(nl, get_shmem_unknown_flag_bit_eopnotsupp)
{
	self->r.gh.cmd = KMEMSTAT_CMD_GET_SHMEM;
	EXPECT_EQ(-EOPNOTSUPP, SEND(BASE + put_filter(&self->r, KMEMSTAT_A_SHMEM_FILTER,
						     KMEMSTAT_SF_FLAGS, 0x100), NLM_F_DUMP));
}

/* Last: after all of that, 5000 GET_MEM requests all answer. */
TEST_F_TIMEOUT(nl, get_mem_5000_requests_answer, 300)
{
	struct km_mem m;
	int i, fails = 0;

	for (i = 0; i < 5000; i++)
		if (km_kmod_mem(&self->nl, &m))
			fails++;
	EXPECT_EQ(0, fails);
}

TEST_HARNESS_MAIN

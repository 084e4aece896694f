// SPDX-License-Identifier: GPL-2.0
/*
 * Bad netlink input gets a clear error and breaks nothing: unknown commands,
 * attributes a command does not take, attributes beyond the family's range,
 * truncated headers; then many requests in a row still answer.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include "../lib/ktap.h"
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

static int transact(int fd, struct req *r, size_t len, char *ext, size_t extlen)
{
	return transact_flags(fd, r, len, 0, ext, extlen);
}

static size_t put_attr(struct req *r, size_t off, uint16_t type, uint16_t len)
{
	struct nlattr *a = (struct nlattr *)(r->attrs + off);

	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	memset(a + 1, 0, len);
	return off + NLA_ALIGN(a->nla_len);
}

int main(void)
{
	const size_t base = NLMSG_HDRLEN + GENL_HDRLEN;
	struct km_nl nl;
	struct km_mem m;
	struct req r;
	char ext[256];
	int fd, one = 1, err, i, fails = 0, extack;
	size_t len;

	ktap_plan(14);
	err = km_nl_open(&nl);
	if (err)
		ktap_bail("cannot reach the module: %s", km_nl_strerror(err));
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		ktap_bail("netlink socket: %s", strerror(errno));
	/* Extended acks (and their messages) exist from 4.12. */
	extack = setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) == 0;
	if (!extack)
		ktap_diag("no NETLINK_EXT_ACK (%s): errors carry no message here", strerror(errno));

	memset(&r, 0, sizeof(r));
	r.nlh.nlmsg_type = (uint16_t)nl.family;
	r.gh.version = KMEMSTAT_ABI_VERSION;

	r.gh.cmd = 99;
	err = transact(fd, &r, base, ext, sizeof(ext));
	ktap_ok(err == -EOPNOTSUPP, "an unknown command is refused with EOPNOTSUPP (got %d)", err);

	r.gh.cmd = KMEMSTAT_CMD_GET_MEM;
	len = put_attr(&r, 0, KMEMSTAT_A_MEM | NLA_F_NESTED, 0);
	err = transact(fd, &r, base + len, ext, sizeof(ext));
	ktap_diag("extended ack: %s", ext);
	ktap_ok(err == -EINVAL && (!extack || strstr(ext, "takes no attributes")),
		"GET_MEM with an attribute is refused with EINVAL and a message where the kernel carries one (got %d)",
		err);

	len = put_attr(&r, 0, 200, 4);
	err = transact(fd, &r, base + len, ext, sizeof(ext));
	ktap_diag("extended ack: %s", ext);
	ktap_ok(err == -EINVAL, "an attribute beyond the family's range is refused (got %d)", err);

	len = put_attr(&r, 0, KMEMSTAT_A_INFO, 60);	/* longer than the message */
	err = transact(fd, &r, base + 8, ext, sizeof(ext));
	ktap_ok(err == -EINVAL, "a truncated attribute is refused (got %d)", err);

	err = transact(fd, &r, NLMSG_HDRLEN + 2, ext, sizeof(ext));
	ktap_ok(err == -EINVAL, "a truncated genetlink header is refused (got %d)", err);

	/* GET_TASKS: a dump only, with a well-formed filter. */
	r.gh.cmd = KMEMSTAT_CMD_GET_TASKS;
	err = transact(fd, &r, base, ext, sizeof(ext));
	ktap_ok(err == -EOPNOTSUPP, "GET_TASKS without NLM_F_DUMP is refused with EOPNOTSUPP (got %d)", err);

	err = transact_flags(fd, &r, base, NLM_F_DUMP, ext, sizeof(ext));
	ktap_ok(err == 0, "GET_TASKS as a dump without a filter answers (got %d)", err);

	len = put_attr(&r, 0, KMEMSTAT_A_TASK_FILTER | NLA_F_NESTED, 8);
	put_attr(&r, NLA_HDRLEN, KMEMSTAT_TF_FLAGS, 4);
	*(uint32_t *)(r.attrs + 2 * NLA_HDRLEN) = 0x80;	/* an unknown flag */
	err = transact_flags(fd, &r, base + len, NLM_F_DUMP, ext, sizeof(ext));
	ktap_ok(err == -EOPNOTSUPP, "GET_TASKS with an unknown flag bit is refused with EOPNOTSUPP (got %d)", err);

	put_attr(&r, NLA_HDRLEN, KMEMSTAT_TF_STATE_MASK, 4);
	*(uint32_t *)(r.attrs + 2 * NLA_HDRLEN) = 1U << 20;	/* no such state */
	err = transact_flags(fd, &r, base + len, NLM_F_DUMP, ext, sizeof(ext));
	ktap_ok(err == -EOPNOTSUPP, "GET_TASKS with an unknown state bit is refused with EOPNOTSUPP (got %d)", err);

	len = put_attr(&r, 0, KMEMSTAT_A_TASK_FILTER | NLA_F_NESTED, 8);
	put_attr(&r, NLA_HDRLEN, KMEMSTAT_TF_MIN_CPU_NS, 4);	/* a u64 that is 4 bytes */
	err = transact_flags(fd, &r, base + len, NLM_F_DUMP, ext, sizeof(ext));
	ktap_ok(err == -EINVAL || err == -ERANGE,
		"GET_TASKS with a short u64 in its filter is refused (got %d)", err);

	r.gh.cmd = KMEMSTAT_CMD_GET_TASK_SUMMARY;
	len = put_attr(&r, 0, KMEMSTAT_A_TASK_FILTER | NLA_F_NESTED, 0);
	err = transact(fd, &r, base + len, ext, sizeof(ext));
	ktap_ok(err == -EINVAL, "GET_TASK_SUMMARY with an attribute is refused with EINVAL (got %d)", err);

	r.gh.cmd = KMEMSTAT_CMD_GET_SHMEM;
	err = transact(fd, &r, base, ext, sizeof(ext));
	ktap_ok(err == -EOPNOTSUPP, "GET_SHMEM without NLM_F_DUMP is refused with EOPNOTSUPP (got %d)", err);
	len = put_attr(&r, 0, KMEMSTAT_A_SHMEM_FILTER | NLA_F_NESTED, 8);
	put_attr(&r, NLA_HDRLEN, KMEMSTAT_SF_FLAGS, 4);
	*(uint32_t *)(r.attrs + 2 * NLA_HDRLEN) = 0x100;	/* an unknown flag */
	err = transact_flags(fd, &r, base + len, NLM_F_DUMP, ext, sizeof(ext));
	ktap_ok(err == -EOPNOTSUPP, "GET_SHMEM with an unknown flag bit is refused with EOPNOTSUPP (got %d)", err);

	for (i = 0; i < 5000; i++)
		if (km_kmod_mem(&nl, &m))
			fails++;
	ktap_ok(!fails, "5000 GET_MEM requests after that all answer (%d failed)", fails);

	close(fd);
	km_nl_close(&nl);
	return ktap_exit();
}

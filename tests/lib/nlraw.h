/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw generic netlink for tests that must control what libnl hides: the
 * receive buffer size, who sends and who reads, and every byte that comes
 * back. One request with at most one nested attribute of u32 members, and
 * a dump reader that hands each top-level attribute of one type to a
 * callback.
 */
#ifndef KM_NLRAW_H
#define KM_NLRAW_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include "kselftest.h"
#include "../../user/kmod.h"
#include "../../kmod/uapi/kmemstat.h"

#define NLRAW_MAX_U32 4

/* The kmemstat family's id, resolved through the CLI's library; exits failing when it cannot. */
static inline uint16_t nlraw_family(void)
{
	struct km_nl nl;
	uint16_t family;
	int err = km_nl_open(&nl);

	if (err)
		ksft_exit_fail_msg("cannot reach the module: %s\n", km_nl_strerror(err));
	family = (uint16_t)nl.family;
	km_nl_close(&nl);
	return family;
}

/* st_dev as the kernel sends it (new_encode_dev()). */
static inline uint32_t nlraw_encode_dev(dev_t d)
{
	unsigned int ma = major(d), mi = minor(d);

	return (mi & 0xff) | (ma << 8) | ((mi & ~0xffU) << 12);
}

/* The nested attribute's members: type and value pairs; type 0 ends. */
struct nlraw_nest {
	uint16_t type;		/* the nest's own type, 0 for none */
	struct { uint16_t type; uint32_t value; } u32[NLRAW_MAX_U32];
};

static inline int nlraw_send(int fd, uint16_t family, uint8_t cmd, uint8_t version,
			     uint16_t flags, const struct nlraw_nest *nest)
{
	char buf[NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN +
		 NLRAW_MAX_U32 * (NLA_HDRLEN + 4)];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *gh = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);
	size_t len = NLMSG_HDRLEN + GENL_HDRLEN;
	int i;

	memset(buf, 0, sizeof(buf));
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = 1;
	gh->cmd = cmd;
	gh->version = version;
	if (nest && nest->type) {
		struct nlattr *n = (struct nlattr *)(buf + len);

		n->nla_type = nest->type | NLA_F_NESTED;
		n->nla_len = NLA_HDRLEN;
		for (i = 0; i < NLRAW_MAX_U32 && nest->u32[i].type; i++) {
			struct nlattr *a = (struct nlattr *)((char *)n + n->nla_len);

			a->nla_type = nest->u32[i].type;
			a->nla_len = NLA_HDRLEN + 4;
			memcpy((char *)a + NLA_HDRLEN, &nest->u32[i].value, 4);
			n->nla_len += NLA_HDRLEN + 4;
		}
		len += n->nla_len;
	}
	nlh->nlmsg_len = (uint32_t)len;
	return send(fd, buf, len, 0) < 0 ? -errno : 0;
}

/*
 * A socket whose receive queue is full of unread answers, with a dump of
 * @cmd asked for: @fillers requests of @filler_cmd are sent first into a
 * 4 KiB receive buffer, so the kernel cannot run the dump's first part now
 * and runs it at the socket's next read (which then sees ENOBUFS reports).
 * Reads time out after 10 s. The socket, or -1.
 */
static inline int nlraw_overrun_dump(uint16_t family, uint8_t version, uint8_t filler_cmd,
				     int fillers, uint8_t cmd)
{
	struct timeval tv = { 10, 0 };
	int fd, i, small = 4096;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		goto fail;
	for (i = 0; i < fillers; i++)
		if (nlraw_send(fd, family, filler_cmd, version, 0, NULL))
			goto fail;
	if (nlraw_send(fd, family, cmd, version, NLM_F_DUMP, NULL))
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

/* Walk the attributes of @len bytes at @a; stops at the first malformed one. */
#define nlraw_for_each(a, start, len, left)					\
	for ((a) = (const struct nlattr *)(start), (left) = (int)(len);		\
	     (left) >= NLA_HDRLEN && (a)->nla_len >= NLA_HDRLEN &&		\
	     (a)->nla_len <= (left);						\
	     (left) -= NLA_ALIGN((a)->nla_len),					\
	     (a) = (const struct nlattr *)((const char *)(a) + NLA_ALIGN((a)->nla_len)))

#define nlraw_data(a)	((const void *)((const char *)(a) + NLA_HDRLEN))

typedef void (*nlraw_attr_fn)(const struct nlattr *nest, void *arg);

/* What a KMEMSTAT_A_SHMEM_OBJECT nest says of its object and mappers. */
struct nlraw_shm {
	uint64_t ino;
	uint32_t dev, vmas, processes, listed, omitted;
};

static inline void nlraw_shm_object(const struct nlattr *nest, struct nlraw_shm *o)
{
	const struct nlattr *a;
	int left;

	memset(o, 0, sizeof(*o));
	nlraw_for_each(a, nlraw_data(nest), nest->nla_len - NLA_HDRLEN, left) {
		switch (a->nla_type & NLA_TYPE_MASK) {
		case KMEMSTAT_SHM_DEV:
			memcpy(&o->dev, nlraw_data(a), 4);
			break;
		case KMEMSTAT_SHM_INO:
			memcpy(&o->ino, nlraw_data(a), 8);
			break;
		case KMEMSTAT_SHM_PROCESSES:
			memcpy(&o->processes, nlraw_data(a), 4);
			break;
		case KMEMSTAT_SHM_VMAS:
			memcpy(&o->vmas, nlraw_data(a), 4);
			break;
		case KMEMSTAT_SHM_MAPPER:
			o->listed++;
			break;
		case KMEMSTAT_SHM_MAPPERS_OMITTED:
			memcpy(&o->omitted, nlraw_data(a), 4);
			break;
		}
	}
}

/*
 * Read a dump with @bufsize-byte receives until NLMSG_DONE; call @fn on
 * every top-level attribute of type @type. Returns the dump's status (0 or
 * its -errno), -EMSGSIZE when a message did not fit the buffer, a recv
 * error; @enobufs counts the ENOBUFS reports (an overrun socket) it read
 * past, or fails on the first when NULL.
 */
static inline int nlraw_read_dump(int fd, size_t bufsize, uint16_t type,
				  nlraw_attr_fn fn, void *arg, int *enobufs)
{
	static char buf[65536];
	struct nlmsghdr *nlh;
	ssize_t n;

	if (bufsize > sizeof(buf))
		bufsize = sizeof(buf);
	for (;;) {
		n = recv(fd, buf, bufsize, MSG_TRUNC);
		if (n < 0 && errno == ENOBUFS && enobufs) {
			++*enobufs;
			continue;
		}
		if (n < 0)
			return -errno;
		if ((size_t)n > bufsize)
			return -EMSGSIZE;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (unsigned int)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			const struct nlattr *a;
			int left;

			if (nlh->nlmsg_type == NLMSG_DONE)
				return *(int *)NLMSG_DATA(nlh);
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				int err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;

				/* An ack of one of the requests that filled the socket. */
				if (err == -ENOBUFS && enobufs) {
					++*enobufs;
					continue;
				}
				return err;
			}
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			nlraw_for_each(a, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
				       nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, left)
				if ((a->nla_type & NLA_TYPE_MASK) == type)
					fn(a, arg);
		}
	}
}

#endif /* KM_NLRAW_H */

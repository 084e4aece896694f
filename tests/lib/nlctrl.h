/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlctrl's GETFAMILY latency: what every generic netlink client does first,
 * so what a slow kmemstat request would cost everyone else on the host.
 */
#ifndef KM_NLCTRL_H
#define KM_NLCTRL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include "clock.h"

/*
 * GETFAMILY of @name (at most 31 characters) and its answer: seconds, or -1
 * when it could not be sent or read. *@found says whether the family was
 * answered (an error, such as ENOENT for a family nobody registered, is
 * not found). nlctrl loads a missing family's module first, where one
 * names it in its alias (request_module()).
 */
static inline double nlctrl_getfamily_name(int fd, const char *name, int *found)
{
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr gh;
		struct nlattr a;
		char name[32];
	} r;
	static char buf[8192];
	size_t len = strlen(name) + 1;
	double t0 = now();
	ssize_t n;

	*found = 0;
	if (len > sizeof(r.name))
		return -1;
	memset(&r, 0, sizeof(r));
	r.nlh.nlmsg_len = (uint32_t)(NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN + NLA_ALIGN(len));
	r.nlh.nlmsg_type = GENL_ID_CTRL;
	r.nlh.nlmsg_flags = NLM_F_REQUEST;
	r.gh.cmd = CTRL_CMD_GETFAMILY;
	r.gh.version = 1;
	r.a.nla_type = CTRL_ATTR_FAMILY_NAME;
	r.a.nla_len = (uint16_t)(NLA_HDRLEN + len);
	memcpy(r.name, name, len);
	if (send(fd, &r, r.nlh.nlmsg_len, 0) < 0)
		return -1;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < (ssize_t)NLMSG_HDRLEN)
		return -1;
	*found = ((struct nlmsghdr *)buf)->nlmsg_type == GENL_ID_CTRL;
	return now() - t0;
}

/* One GETFAMILY "nlctrl" and its answer; seconds, or -1. */
static inline double nlctrl_getfamily(int fd)
{
	int found;
	double t = nlctrl_getfamily_name(fd, "nlctrl", &found);

	return found ? t : -1;
}

static inline int nlctrl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* @rounds GETFAMILYs (v holds @rounds): median and worst in ms; -1 on error. */
static inline int nlctrl_latency(double *v, int rounds, double *med, double *worst)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC), i;

	if (fd < 0)
		return -1;
	for (i = 0; i < rounds; i++) {
		v[i] = nlctrl_getfamily(fd);
		if (v[i] < 0) {
			close(fd);
			return -1;
		}
	}
	close(fd);
	qsort(v, (size_t)rounds, sizeof(v[0]), nlctrl_cmp);
	*med = v[rounds / 2] * 1e3;
	*worst = v[rounds - 1] * 1e3;
	return 0;
}

#endif /* KM_NLCTRL_H */

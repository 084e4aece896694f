// SPDX-License-Identifier: GPL-2.0
/*
 * One routine sends a request and runs the receive loop with valid, finish,
 * ack and error callbacks (as iw does); each command only parses its reply.
 * Errors keep the kernel's errno and its extended ack message.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include "nl.h"
#include "../kmod/uapi/kmemstat.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct km_req {
	struct km_nl *nl;
	km_nl_parse_fn *parse;
	void *arg;
	int err;
	int done;
};

int km_nl_open(struct km_nl *nl)
{
	int one = 1, err;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	err = genl_connect(nl->sk);
	if (err < 0) {
		km_nl_close(nl);
		return -ECONNREFUSED;
	}
	/* Dump messages are up to 32 KiB; read them whole. */
	nl_socket_set_msg_buf_size(nl->sk, 65536);
	/* Ask for extended acks; older kernels ignore the option. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	nl->family = genl_ctrl_resolve(nl->sk, KMEMSTAT_GENL_NAME);
	if (nl->family < 0) {
		err = nl->family == -NLE_OBJ_NOTFOUND ? -KM_ENOMOD : -EIO;
		km_nl_close(nl);
		return err;
	}
	return 0;
}

void km_nl_close(struct km_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct km_req *req = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	/*
	 * libnl hands over whole messages only (nlmsg_len fits what was
	 * read). After an error, read on to the end without parsing: the
	 * socket stays in step and the first error's sentence is kept.
	 */
	if (!req->err)
		req->err = req->parse(nlh, nlh->nlmsg_len, req->arg, req->nl->errmsg);
	return NL_OK;
}

/* Pull NLMSGERR_ATTR_MSG out of an extended ack, if there is one. */
static void ext_ack_msg(struct km_nl *nl, struct nlmsghdr *nlh, struct nlmsgerr *e)
{
	struct nlattr *a;
	int len, off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	len = nlh->nlmsg_len - NLMSG_HDRLEN - off;
	a = (struct nlattr *)((char *)e + off);
	for (; len >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) &&
	       a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len),
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len))) {
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			snprintf(nl->errmsg, sizeof(nl->errmsg), "%.*s",
				 (int)(a->nla_len - sizeof(*a)), (char *)(a + 1));
			return;
		}
	}
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct km_req *req = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;

	(void)nla;
	if (!req->err) {
		req->err = e->error;
		ext_ack_msg(req->nl, nlh, e);
	}
	req->done = 1;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct km_req *req = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	/* A dump that failed ends with NLMSG_DONE carrying the errno. */
	if (nlh->nlmsg_type == NLMSG_DONE &&
	    nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
		int e = *(int *)nlmsg_data(nlh);

		if (e < 0 && !req->err)
			req->err = e;
	}
	req->done = 1;
	return NL_STOP;
}

/* One request: plain (one reply and an ack) or a dump (NLM_F_DUMP). */
static int km_nl_call(struct km_nl *nl, uint8_t cmd, int dump,
		      int (*put)(struct nl_msg *msg, const void *arg),
		      const void *put_arg, struct km_req *req)
{
	struct nl_msg *msg;
	struct nl_cb *cb;
	int err;

	nl->errmsg[0] = '\0';
	msg = nlmsg_alloc();
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!msg || !cb) {
		err = -ENOMEM;
		goto out;
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 dump ? NLM_F_DUMP : 0, cmd, KMEMSTAT_ABI_VERSION) ||
	    (put && put(msg, put_arg) < 0)) {
		err = -ENOMEM;
		goto out;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_finish, req);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, req);

	err = nl_send_auto(nl->sk, msg);
	if (err < 0) {
		err = -EIO;
		goto out;
	}
	while (!req->done) {
		err = nl_recvmsgs(nl->sk, cb);
		if (err < 0) {
			if (!req->err)
				req->err = err == -NLE_NOMEM ? -ENOMEM : -EIO;
			break;
		}
	}
	err = req->err;
out:
	nlmsg_free(msg);
	nl_cb_put(cb);
	return err;
}

int km_nl_request(struct km_nl *nl, uint8_t cmd, km_nl_parse_fn *parse, void *arg)
{
	struct km_req req = { nl, parse, arg, 0, 0 };

	return km_nl_call(nl, cmd, 0, NULL, NULL, &req);
}

int km_nl_dump(struct km_nl *nl, uint8_t cmd,
	       int (*put)(struct nl_msg *msg, const void *arg), const void *put_arg,
	       km_nl_parse_fn *parse, void *arg)
{
	struct km_req req = { nl, parse, arg, 0, 0 };

	return km_nl_call(nl, cmd, 1, put, put_arg, &req);
}

const char *km_nl_strerror(int err)
{
	switch (-err) {
	case KM_ENOMOD:
		return "module not loaded: modprobe kmemstat";
	case KM_EABI:
		return "the module speaks another ABI version: install the module and CLI of one release";
	case KM_EREPLY:
		return "malformed reply from the module";
	default:
		return strerror(-err);
	}
}

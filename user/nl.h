/* SPDX-License-Identifier: GPL-2.0 */
/* The libnl session with the module: resolve, request, receive, errors. */
#ifndef KM_NL_H
#define KM_NL_H

#include <stddef.h>
#include <stdint.h>

struct nl_sock;
struct nl_msg;
struct nlmsghdr;

#define KM_ERRMSG_SIZE	256

struct km_nl {
	struct nl_sock *sk;
	int family;
	/* the kernel's extended ack, or what was malformed in its reply */
	char errmsg[KM_ERRMSG_SIZE];
};

/* Errors beyond -errno. */
#define KM_ENOMOD	10001	/* family not registered: module not loaded */
#define KM_EABI		10002	/* module speaks another ABI version */
#define KM_EREPLY	10003	/* the module's reply is malformed */

/* 0, -KM_ENOMOD, or -errno. */
int km_nl_open(struct km_nl *nl);
void km_nl_close(struct km_nl *nl);

/*
 * A reply parser (kmod.c): one message at @nlh, of which @len bytes may be
 * read. 0 or a negative errno: -KM_EABI, or -KM_EREPLY with a sentence in
 * @why (KM_ERRMSG_SIZE bytes) saying what is malformed.
 */
typedef int km_nl_parse_fn(struct nlmsghdr *nlh, size_t len, void *arg, char *why);

/*
 * Send @cmd (no attributes) and hand the reply to @parse. 0 or a negative
 * errno: the kernel's, or the parser's.
 */
int km_nl_request(struct km_nl *nl, uint8_t cmd, km_nl_parse_fn *parse, void *arg);

/*
 * Send @cmd as a dump (NLM_F_DUMP), with the attributes @put adds (may be
 * NULL), and hand each reply message to @parse. 0 or a negative errno.
 */
int km_nl_dump(struct km_nl *nl, uint8_t cmd,
	       int (*put)(struct nl_msg *msg, const void *arg), const void *put_arg,
	       km_nl_parse_fn *parse, void *arg);

/* A sentence for a negative return of the functions above. */
const char *km_nl_strerror(int err);

#endif /* KM_NL_H */

/* SPDX-License-Identifier: GPL-2.0 */
/* The libnl session with the module: resolve, request, receive, errors. */
#ifndef KM_NL_H
#define KM_NL_H

#include <stdint.h>

struct nl_sock;
struct nlattr;

struct km_nl {
	struct nl_sock *sk;
	int family;
	char errmsg[256];	/* the kernel's extended ack, when it sent one */
};

/* Errors beyond -errno. */
#define KM_ENOMOD	10001	/* family not registered: module not loaded */
#define KM_EABI		10002	/* module speaks another ABI version */

/* 0, -KM_ENOMOD, or -errno. */
int km_nl_open(struct km_nl *nl);
void km_nl_close(struct km_nl *nl);

/*
 * Send @cmd (no attributes) and hand each reply's top-level attributes,
 * indexed up to KMEMSTAT_A_MAX, to @parse. 0 or a negative errno: the
 * kernel's, or -KM_EABI.
 */
int km_nl_request(struct km_nl *nl, uint8_t cmd,
		  int (*parse)(struct nlattr **tb, void *arg), void *arg);

/*
 * Send @cmd as a dump (NLM_F_DUMP), with the attributes @put adds (may be
 * NULL), and hand each reply message's attribute stream to @parse (many
 * attributes of one type per message). 0 or a negative errno.
 */
struct nl_msg;
int km_nl_dump(struct km_nl *nl, uint8_t cmd,
	       int (*put)(struct nl_msg *msg, const void *arg), const void *put_arg,
	       int (*parse)(struct nlattr *head, int len, void *arg), void *arg);

/* A sentence for a negative return of the functions above. */
const char *km_nl_strerror(int err);

#endif /* KM_NL_H */

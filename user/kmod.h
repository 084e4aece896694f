/* SPDX-License-Identifier: GPL-2.0 */
/* The module source: fills the model from the kmemstat netlink family. */
#ifndef KM_KMOD_H
#define KM_KMOD_H

#include "model.h"
#include "nl.h"

int km_kmod_info(struct km_nl *nl, struct km_info *info);
int km_kmod_mem(struct km_nl *nl, struct km_mem *m);
/* GET_TASKS as a dump, filtered by @f; @l is reset first. */
int km_kmod_tasks(struct km_nl *nl, const struct km_task_filter *f,
		  struct km_tasks *l);
int km_kmod_task_summary(struct km_nl *nl, struct km_task_summary *s);
/* GET_SHMEM as a dump; @l is reset first. */
int km_kmod_shmem(struct km_nl *nl, const struct km_shm_filter *f, struct km_shm *l);

/*
 * The parsers of one reply message each (km_nl_parse_fn), which need no
 * socket: the receive loop calls them, and tests/unit/test_kmod_parse.c
 * calls them on messages it makes. @arg is the command's model struct,
 * which the caller has initialized (the functions above reset it); the
 * dump parsers add to its list. A malformed message is refused whole:
 * -KM_EREPLY, and @why says what is wrong.
 */
int km_kmod_parse_info(struct nlmsghdr *nlh, size_t len, void *arg, char *why);
int km_kmod_parse_mem(struct nlmsghdr *nlh, size_t len, void *arg, char *why);
int km_kmod_parse_tasks(struct nlmsghdr *nlh, size_t len, void *arg, char *why);
int km_kmod_parse_task_summary(struct nlmsghdr *nlh, size_t len, void *arg, char *why);
int km_kmod_parse_shmem(struct nlmsghdr *nlh, size_t len, void *arg, char *why);

#endif /* KM_KMOD_H */

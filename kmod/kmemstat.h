/* SPDX-License-Identifier: GPL-2.0 */
/* Declarations shared by the module's files. */
#ifndef KMEMSTAT_INTERNAL_H
#define KMEMSTAT_INTERNAL_H

#include <net/genetlink.h>
#include <linux/cred.h>
#include "uapi/kmemstat.h"
#include "version.h"

extern struct genl_family km_family;
/* Top-level attribute policy of every command. */
extern const struct nla_policy km_policy[KMEMSTAT_A_MAX + 1];

/* Start a reply to @info for @cmd; NULL on allocation failure. */
struct sk_buff *km_reply_new(struct genl_info *info, u8 cmd, void **hdr);
/* Finish and send a reply begun by km_reply_new(); consumes @msg. */
int km_reply_send(struct sk_buff *msg, void *hdr, struct genl_info *info);
/* 0 when every attribute of @nlh is whole and known, else -EINVAL. */
int km_check_request(const struct nlmsghdr *nlh);
/* Refuse a request that carries attributes the command does not take. */
int km_no_attrs(struct genl_info *info);
/*
 * A dump request may carry only the nest @attr, its filter: parse the
 * filter's members into @a (all NULL without one) against @policy.
 * 0, or the parsers' error; -EINVAL for any other attribute.
 */
int km_dump_filter(struct netlink_callback *cb, int attr, struct nlattr **a,
		   int max, const struct nla_policy *policy);

u64 km_mem_features(void);
int km_cmd_get_mem(struct sk_buff *skb, struct genl_info *info);

struct km_task_filter {
	u32 flags;
	u32 pid, tgid;		/* 0: any */
	u32 uid;		/* when has_uid */
	u32 state_mask;		/* 0: any */
	u64 min_cpu_ns;
	bool has_uid;
};

/* What one request sees: its namespaces, its filter, and where it is. */
struct km_task_view {
	struct pid *caller;	/* the caller's pid: holds pid_ns */
	struct pid *self;	/* the caller's process (its thread group's pid) */
	const struct cred *cred;	/* the caller's: holds user_ns */
	const struct cred *opener;	/* the socket opener's, or NULL */
	struct pid_namespace *pid_ns;
	struct user_namespace *user_ns;	/* NULL without cred->user_ns */
	u64 boottime_off;	/* the caller's time namespace's, added to start times */
	struct km_task_filter f;
	bool privileged;	/* CAP_SYS_PTRACE, in the caller and the opener */
	bool restricted;	/* restrict_tasks applies: km_may_read() decides */
	int next;		/* the next pid number to visit; 0: finished */
};

/*
 * Take the caller's pid and user namespaces, its credentials and those of
 * whoever opened the socket that sent @req (the request); release them.
 */
void km_view_init(struct km_task_view *v, const struct sk_buff *req);
void km_view_release(struct km_task_view *v);
/*
 * The pid of the next process (thread group leader) of @v from v->next on,
 * with a reference the caller drops with put_pid(); NULL at the end. The
 * task itself is found again under RCU with pid_task(): a pid, unlike a
 * task, can be held by modules on every kernel (__put_task_struct() is
 * not exported before 2.6.35). Called without locks; may sleep.
 */
struct pid *km_next_process(struct km_task_view *v);
/*
 * May @v read the memory of @t (its mappings), as /proc/PID/maps lets a
 * reader? @mm: the mm taken from @t that will be read, or NULL for @t's
 * own. Under rcu_read_lock(); takes @t's task_lock when @mm is NULL.
 */
bool km_may_read(const struct km_task_view *v, struct task_struct *t,
		 struct mm_struct *mm);

int km_dump_tasks(struct sk_buff *skb, struct netlink_callback *cb);
int km_dump_tasks_done(struct netlink_callback *cb);
int km_cmd_get_task_summary(struct sk_buff *skb, struct genl_info *info);

int km_shmem_init(void);
void km_shmem_exit(void);
u64 km_shmem_features(void);
int km_dump_shmem(struct sk_buff *skb, struct netlink_callback *cb);
int km_dump_shmem_done(struct netlink_callback *cb);

#endif /* KMEMSTAT_INTERNAL_H */

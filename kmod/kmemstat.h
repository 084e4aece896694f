/* SPDX-License-Identifier: GPL-2.0 */
/* Declarations shared by the module's files. */
#ifndef KMEMSTAT_INTERNAL_H
#define KMEMSTAT_INTERNAL_H

#include <net/genetlink.h>
#include "uapi/kmemstat.h"
#include "version.h"

extern struct genl_family km_family;
/* Top-level attribute policy of every command. */
extern const struct nla_policy km_policy[KMEMSTAT_A_MAX + 1];

/* Start a reply to @info for @cmd; NULL on allocation failure. */
struct sk_buff *km_reply_new(struct genl_info *info, u8 cmd, void **hdr);
/* Finish and send a reply begun by km_reply_new(); consumes @msg. */
int km_reply_send(struct sk_buff *msg, void *hdr, struct genl_info *info);
/* Refuse a request that carries attributes the command does not take. */
int km_no_attrs(struct genl_info *info);

u64 km_mem_features(void);
int km_cmd_get_mem(struct sk_buff *skb, struct genl_info *info);

int km_dump_tasks(struct sk_buff *skb, struct netlink_callback *cb);
int km_dump_tasks_done(struct netlink_callback *cb);
int km_cmd_get_task_summary(struct sk_buff *skb, struct genl_info *info);

#endif /* KMEMSTAT_INTERNAL_H */

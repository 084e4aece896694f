// SPDX-License-Identifier: GPL-2.0
/*
 * kmemstat: the generic netlink family, its commands and module life cycle.
 * The figures themselves are gathered in mem.c; the ABI is uapi/kmemstat.h.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/utsname.h>
#include "kmemstat.h"

/*
 * Only GET_TASKS takes an attribute (its filter); the policy still gives
 * every top-level attribute a type (required from 6.1) so that kernels which
 * validate strictly refuse anything unknown with a clear extended ack.
 */
const struct nla_policy km_policy[KMEMSTAT_A_MAX + 1] = {
	[KMEMSTAT_A_INFO]		= { .type = NLA_NESTED },
	[KMEMSTAT_A_MEM]		= { .type = NLA_NESTED },
	[KMEMSTAT_A_TASK_FILTER]	= { .type = NLA_NESTED },
	[KMEMSTAT_A_TASK]		= { .type = NLA_NESTED },
	[KMEMSTAT_A_TASK_SUMMARY]	= { .type = NLA_NESTED },
	[KMEMSTAT_A_SHMEM_FILTER]	= { .type = NLA_NESTED },
	[KMEMSTAT_A_SHMEM_OBJECT]	= { .type = NLA_NESTED },
	[KMEMSTAT_A_SHMEM_TOTALS]	= { .type = NLA_NESTED },
};

int km_no_attrs(struct genl_info *info)
{
	int i;

	for (i = 1; i <= KMEMSTAT_A_MAX; i++) {
		if (info->attrs && info->attrs[i]) {
			km_set_err_msg(info, "kmemstat: this command takes no attributes");
			return -EINVAL;
		}
	}
	return 0;
}

int km_dump_filter(struct netlink_callback *cb, int attr, struct nlattr **a,
		   int max, const struct nla_policy *policy)
{
	struct nlattr *tb[KMEMSTAT_A_MAX + 1];
	int err, i;

	memset(a, 0, (max + 1) * sizeof(*a));
	err = km_nlmsg_parse(cb->nlh, GENL_HDRLEN, tb, KMEMSTAT_A_MAX, km_policy);
	if (err)
		return err;
	for (i = 1; i <= KMEMSTAT_A_MAX; i++)
		if (tb[i] && i != attr)
			return -EINVAL;
	if (!tb[attr])
		return 0;
	return km_nla_parse_nested(a, max, tb[attr], policy);
}

struct sk_buff *km_reply_new(struct genl_info *info, u8 cmd, void **hdr)
{
	struct sk_buff *msg;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, km_info_portid(info), info->snd_seq,
			   &km_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int km_reply_send(struct sk_buff *msg, void *hdr, struct genl_info *info)
{
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int km_cmd_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;
	int err;

	err = km_no_attrs(info);
	if (err)
		return err;
	msg = km_reply_new(info, KMEMSTAT_CMD_GET_INFO, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, KMEMSTAT_A_INFO);
	if (!nest ||
	    nla_put_string(msg, KMEMSTAT_INFO_MODULE_VERSION, KMEMSTAT_VERSION) ||
	    nla_put_u32(msg, KMEMSTAT_INFO_ABI_VERSION, KMEMSTAT_ABI_VERSION) ||
	    nla_put_string(msg, KMEMSTAT_INFO_KERNEL_RELEASE,
			   init_utsname()->release) ||
	    nla_put_u64_64bit(msg, KMEMSTAT_INFO_FEATURES, km_mem_features() |
			      KMEMSTAT_FEAT_TASKS | km_shmem_features(),
			      KMEMSTAT_INFO_PAD)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return km_reply_send(msg, hdr, info);
}

static KM_GENL_OPS_CONST struct genl_ops km_ops[] = {
	{
		.cmd = KMEMSTAT_CMD_GET_INFO,
		.doit = km_cmd_get_info,
		KM_GENL_OP_POLICY(km_policy)
	},
	{
		.cmd = KMEMSTAT_CMD_GET_MEM,
		.doit = km_cmd_get_mem,
		KM_GENL_OP_POLICY(km_policy)
	},
	{
		.cmd = KMEMSTAT_CMD_GET_TASKS,
		.dumpit = km_dump_tasks,
		.done = km_dump_tasks_done,
		KM_GENL_OP_POLICY(km_policy)
	},
	{
		.cmd = KMEMSTAT_CMD_GET_TASK_SUMMARY,
		.doit = km_cmd_get_task_summary,
		KM_GENL_OP_POLICY(km_policy)
	},
	{
		.cmd = KMEMSTAT_CMD_GET_SHMEM,
		.dumpit = km_dump_shmem,
		.done = km_dump_shmem_done,
		KM_GENL_OP_POLICY(km_policy)
	},
};

struct genl_family km_family = {
	KM_GENL_FAMILY_FIELDS(km_ops)
	KM_GENL_FAMILY_POLICY(km_policy)
	.hdrsize = 0,
	.name = KMEMSTAT_GENL_NAME,
	.version = KMEMSTAT_ABI_VERSION,
	.maxattr = KMEMSTAT_A_MAX,
	.netnsok = true,
};

static int __init km_init(void)
{
	int err;

	err = km_shmem_init();
	if (err) {
		pr_err("kmemstat: cannot open a file on the internal tmpfs: %d\n", err);
		return err;
	}
	err = km_genl_register(&km_family, km_ops, ARRAY_SIZE(km_ops));
	if (err) {
		pr_err("kmemstat: cannot register generic netlink family: %d\n", err);
		km_shmem_exit();
		return err;
	}
	pr_info("kmemstat: version %s, ABI %d, family id %u\n",
		KMEMSTAT_VERSION, KMEMSTAT_ABI_VERSION, km_family.id);
	return 0;
}

static void __exit km_exit(void)
{
	genl_unregister_family(&km_family);
	km_shmem_exit();
}

module_init(km_init);
module_exit(km_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("kmemstat developers");
MODULE_DESCRIPTION("Memory availability, per-task CPU time and shmem usage over generic netlink");
MODULE_VERSION(KMEMSTAT_VERSION);

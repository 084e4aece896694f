// SPDX-License-Identifier: GPL-2.0
/*
 * kmemstat: the generic netlink family, its commands and module life cycle.
 * Each command lives in the file of its feature (mem.c, tasks.c, shmem.c),
 * the helpers they share in netlink.c; the ABI is uapi/kmemstat.h.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/utsname.h>
#include "kmemstat.h"

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
	KM_GENL_FAMILY_PARALLEL
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
	/* Where genetlink does not hold it for its dumps: until reboot. */
	km_pin_module();
	pr_info("kmemstat: version %s, ABI %d, family id %u\n",
		KMEMSTAT_VERSION, KMEMSTAT_ABI_VERSION, km_family.id);
#ifdef KM_PINNED_FOR_LIFE
	pr_info("kmemstat: cannot be unloaded on this kernel (its generic netlink does not hold a module for its dumps): reboot to upgrade\n");
#endif
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

// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink helpers every command uses: the top-level policy, the checks
 * of a request's attributes, and replies.
 *
 * The attribute checks are the module's own: genetlink before 5.2 passes
 * attributes beyond the family's range and a truncated last attribute
 * through to the command, so every request is walked here, on every kernel.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include "kmemstat.h"

/*
 * Every top-level attribute gets a type (required from 6.1) so that kernels
 * which validate strictly refuse anything unknown with a clear extended ack.
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
	[KMEMSTAT_A_SHMEM_PROGRESS]	= { .type = NLA_U32 },
};

/*
 * A stream of attributes is well formed when each is whole and of a type
 * from 1 to @max, and nothing but padding follows the last one.
 */
static int km_check_stream(struct nlattr *head, int len, int max)
{
	struct nlattr *nla;
	int rem, type;

	if (len < 0)
		return -EINVAL;
	nla_for_each_attr(nla, head, len, rem) {
		type = nla_type(nla);
		if (type < 1 || type > max)
			return -EINVAL;
	}
	return rem > 0 ? -EINVAL : 0;
}

int km_check_request(const struct nlmsghdr *nlh)
{
	return km_check_stream(nlmsg_attrdata(nlh, GENL_HDRLEN),
			       nlmsg_attrlen(nlh, GENL_HDRLEN), KMEMSTAT_A_MAX);
}

int km_no_attrs(struct genl_info *info)
{
	int i, err;

	err = km_check_request(info->nlhdr);
	if (err) {
		km_set_err_msg(info, "kmemstat: malformed attributes");
		return err;
	}
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
	err = km_check_request(cb->nlh);
	if (err)
		return err;
	err = km_nlmsg_parse(cb->nlh, GENL_HDRLEN, tb, KMEMSTAT_A_MAX, km_policy);
	if (err)
		return err;
	for (i = 1; i <= KMEMSTAT_A_MAX; i++)
		if (tb[i] && i != attr)
			return -EINVAL;
	if (!tb[attr])
		return 0;
	err = km_check_stream(nla_data(tb[attr]), nla_len(tb[attr]), max);
	if (err)
		return err;
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

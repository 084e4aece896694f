// SPDX-License-Identifier: GPL-2.0
/* Parse the module's replies into the model; unknown attributes are skipped. */
#include <errno.h>
#include <string.h>
#include <netlink/attr.h>
#include "kmod.h"
#include "../kmod/uapi/kmemstat.h"

static int parse_info(struct nlattr **tb, void *arg)
{
	struct nlattr *a[KMEMSTAT_INFO_MAX + 1];
	struct km_info *info = arg;

	if (!tb[KMEMSTAT_A_INFO] ||
	    nla_parse_nested(a, KMEMSTAT_INFO_MAX, tb[KMEMSTAT_A_INFO], NULL) < 0)
		return -EBADMSG;
	if (a[KMEMSTAT_INFO_MODULE_VERSION])
		nla_strlcpy(info->module_version, a[KMEMSTAT_INFO_MODULE_VERSION],
			    sizeof(info->module_version));
	if (a[KMEMSTAT_INFO_KERNEL_RELEASE])
		nla_strlcpy(info->kernel_release, a[KMEMSTAT_INFO_KERNEL_RELEASE],
			    sizeof(info->kernel_release));
	if (a[KMEMSTAT_INFO_ABI_VERSION])
		info->abi_version = nla_get_u32(a[KMEMSTAT_INFO_ABI_VERSION]);
	if (a[KMEMSTAT_INFO_FEATURES])
		info->features = nla_get_u64(a[KMEMSTAT_INFO_FEATURES]);
	return 0;
}

int km_kmod_info(struct km_nl *nl, struct km_info *info)
{
	memset(info, 0, sizeof(*info));
	info->source = KM_SRC_KMOD;
	return km_nl_request(nl, KMEMSTAT_CMD_GET_INFO, parse_info, info);
}

static int parse_mem(struct nlattr **tb, void *arg)
{
	struct nlattr *a[KMEMSTAT_MEM_MAX + 1];
	struct km_mem *m = arg;
	int i;

	if (!tb[KMEMSTAT_A_MEM] ||
	    nla_parse_nested(a, KMEMSTAT_MEM_MAX, tb[KMEMSTAT_A_MEM], NULL) < 0)
		return -EBADMSG;
	for (i = 0; i < KM_NFIELDS; i++) {
		int t = km_fields[i].attr;

		if (t && a[t] && nla_len(a[t]) == sizeof(uint64_t))
			km_set(m, i, nla_get_u64(a[t]));
	}
	if (a[KMEMSTAT_MEM_FORMULA])
		m->formula = nla_get_u32(a[KMEMSTAT_MEM_FORMULA]);
	if (a[KMEMSTAT_MEM_PAGE_SIZE])
		m->page_size = nla_get_u32(a[KMEMSTAT_MEM_PAGE_SIZE]);
	return 0;
}

int km_kmod_mem(struct km_nl *nl, struct km_mem *m)
{
	int err;

	memset(m, 0, sizeof(*m));
	m->source = KM_SRC_KMOD;
	err = km_nl_request(nl, KMEMSTAT_CMD_GET_MEM, parse_mem, m);
	if (!err && (!km_has(m, KM_TOTAL) || !km_has(m, KM_AVAILABLE)))
		err = -EBADMSG;
	return err;
}

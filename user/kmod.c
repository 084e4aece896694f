// SPDX-License-Identifier: GPL-2.0
/* Parse the module's replies into the model; unknown attributes are skipped. */
#include <errno.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
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

/* ---- tasks --------------------------------------------------------------- */

static int put_filter(struct nl_msg *msg, const void *arg)
{
	const struct km_task_filter *f = arg;
	struct nlattr *nest = nla_nest_start(msg, KMEMSTAT_A_TASK_FILTER);

	if (!nest ||
	    nla_put_u32(msg, KMEMSTAT_TF_FLAGS, f->threads ? KMEMSTAT_TASK_F_THREADS : 0) ||
	    (f->pid && nla_put_u32(msg, KMEMSTAT_TF_PID, (uint32_t)f->pid)) ||
	    (f->tgid && nla_put_u32(msg, KMEMSTAT_TF_TGID, (uint32_t)f->tgid)) ||
	    (f->has_uid && nla_put_u32(msg, KMEMSTAT_TF_UID, f->uid)) ||
	    (f->state_mask && nla_put_u32(msg, KMEMSTAT_TF_STATE_MASK, f->state_mask)) ||
	    (f->min_cpu_ns && nla_put_u64(msg, KMEMSTAT_TF_MIN_CPU_NS, f->min_cpu_ns)))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

static uint64_t get_u64(struct nlattr *a)
{
	return a && nla_len(a) == sizeof(uint64_t) ? nla_get_u64(a) : 0;
}

static uint32_t get_u32(struct nlattr *a)
{
	return a && nla_len(a) == sizeof(uint32_t) ? nla_get_u32(a) : 0;
}

static int parse_task(struct nlattr *nest, struct km_tasks *l)
{
	struct nlattr *a[KMEMSTAT_TASK_MAX + 1];
	struct km_task *t;
	uint8_t st;

	if (nla_parse_nested(a, KMEMSTAT_TASK_MAX, nest, NULL) < 0 ||
	    !a[KMEMSTAT_TASK_PID] || !a[KMEMSTAT_TASK_STATE])
		return -EBADMSG;
	t = km_tasks_add(l);
	if (!t)
		return -ENOMEM;
	t->pid = (int32_t)get_u32(a[KMEMSTAT_TASK_PID]);
	t->tgid = (int32_t)get_u32(a[KMEMSTAT_TASK_TGID]);
	t->ppid = (int32_t)get_u32(a[KMEMSTAT_TASK_PPID]);
	t->uid = get_u32(a[KMEMSTAT_TASK_UID]);
	t->threads = get_u32(a[KMEMSTAT_TASK_THREADS]);
	if (a[KMEMSTAT_TASK_COMM])
		nla_strlcpy(t->comm, a[KMEMSTAT_TASK_COMM], sizeof(t->comm));
	st = nla_get_u8(a[KMEMSTAT_TASK_STATE]);
	t->state = st < KM_NSTATES ? KMEMSTAT_STATE_LETTERS[st] : '?';
	t->utime = get_u64(a[KMEMSTAT_TASK_UTIME_NS]);
	t->stime = get_u64(a[KMEMSTAT_TASK_STIME_NS]);
	t->runtime = get_u64(a[KMEMSTAT_TASK_RUNTIME_NS]);
	t->start = get_u64(a[KMEMSTAT_TASK_START_NS]);
	t->nvcsw = get_u64(a[KMEMSTAT_TASK_NVCSW]);
	t->nivcsw = get_u64(a[KMEMSTAT_TASK_NIVCSW]);
	t->min_flt = get_u64(a[KMEMSTAT_TASK_MIN_FLT]);
	t->maj_flt = get_u64(a[KMEMSTAT_TASK_MAJ_FLT]);
	return 0;
}

static int parse_tasks(struct nlattr *head, int len, void *arg)
{
	struct nlattr *a;
	int rem, err;

	nla_for_each_attr(a, head, len, rem) {
		if (nla_type(a) != KMEMSTAT_A_TASK)
			continue;	/* unknown: newer module */
		err = parse_task(a, arg);
		if (err)
			return err;
	}
	return 0;
}

int km_kmod_tasks(struct km_nl *nl, const struct km_task_filter *f,
		  struct km_tasks *l)
{
	memset(l, 0, sizeof(*l));
	l->source = KM_SRC_KMOD;
	l->threads = f->threads;
	l->have = KM_TASK_HAVE_CTXSW | KM_TASK_HAVE_RUNTIME;
	return km_nl_dump(nl, KMEMSTAT_CMD_GET_TASKS, put_filter, f, parse_tasks, l);
}

static void get_states(struct nlattr *nest, uint32_t *counts)
{
	struct nlattr *a;
	int rem;

	if (!nest)
		return;
	nla_for_each_nested(a, nest, rem)
		if (nla_type(a) >= 1 && nla_type(a) <= KM_NSTATES)
			counts[nla_type(a) - 1] = get_u32(a);
}

static int parse_summary(struct nlattr **tb, void *arg)
{
	struct nlattr *a[KMEMSTAT_SUM_MAX + 1];
	struct km_task_summary *s = arg;

	if (!tb[KMEMSTAT_A_TASK_SUMMARY] ||
	    nla_parse_nested(a, KMEMSTAT_SUM_MAX, tb[KMEMSTAT_A_TASK_SUMMARY], NULL) < 0)
		return -EBADMSG;
	s->processes = get_u32(a[KMEMSTAT_SUM_PROCESSES]);
	s->threads = get_u32(a[KMEMSTAT_SUM_THREADS]);
	get_states(a[KMEMSTAT_SUM_PROC_STATES], s->proc_states);
	get_states(a[KMEMSTAT_SUM_THREAD_STATES], s->thread_states);
	s->utime = get_u64(a[KMEMSTAT_SUM_UTIME_NS]);
	s->stime = get_u64(a[KMEMSTAT_SUM_STIME_NS]);
	return 0;
}

int km_kmod_task_summary(struct km_nl *nl, struct km_task_summary *s)
{
	memset(s, 0, sizeof(*s));
	return km_nl_request(nl, KMEMSTAT_CMD_GET_TASK_SUMMARY, parse_summary, s);
}

/* ---- shmem ---------------------------------------------------------------- */

static int put_shm_filter(struct nl_msg *msg, const void *arg)
{
	const struct km_shm_filter *f = arg;
	struct nlattr *nest = nla_nest_start(msg, KMEMSTAT_A_SHMEM_FILTER);

	if (!nest ||
	    nla_put_u32(msg, KMEMSTAT_SF_FLAGS,
			(f->mappers ? KMEMSTAT_SHMEM_F_MAPPERS : 0) |
			(f->mapped ? KMEMSTAT_SHMEM_F_MAPPED : 0)) ||
	    (f->pid && nla_put_u32(msg, KMEMSTAT_SF_PID, (uint32_t)f->pid)) ||
	    (f->min_resident && nla_put_u64(msg, KMEMSTAT_SF_MIN_RESIDENT, f->min_resident)))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

static int parse_mapper(struct nlattr *nest, struct km_shm_obj *o)
{
	struct nlattr *a[KMEMSTAT_MAP_MAX + 1];
	struct km_shm_mapper *m;

	if (nla_parse_nested(a, KMEMSTAT_MAP_MAX, nest, NULL) < 0)
		return -EBADMSG;
	m = km_shm_add_mapper(o);
	if (!m)
		return -ENOMEM;
	m->pid = (int32_t)get_u32(a[KMEMSTAT_MAP_PID]);
	if (a[KMEMSTAT_MAP_COMM])
		nla_strlcpy(m->comm, a[KMEMSTAT_MAP_COMM], sizeof(m->comm));
	m->start = get_u64(a[KMEMSTAT_MAP_START]);
	m->end = get_u64(a[KMEMSTAT_MAP_END]);
	m->offset = get_u64(a[KMEMSTAT_MAP_OFFSET]);
	m->prot = get_u32(a[KMEMSTAT_MAP_PROT]);
	m->has_mapped = a[KMEMSTAT_MAP_MAPPED] != NULL;
	m->mapped = get_u64(a[KMEMSTAT_MAP_MAPPED]);
	return 0;
}

static int parse_shm_object(struct nlattr *nest, struct km_shm *l)
{
	struct nlattr *a[KMEMSTAT_SHM_MAX + 1], *m;
	struct km_shm_obj *o;
	int rem, err;

	if (nla_parse_nested(a, KMEMSTAT_SHM_MAX, nest, NULL) < 0 || !a[KMEMSTAT_SHM_INO])
		return -EBADMSG;
	o = km_shm_add(l);
	if (!o)
		return -ENOMEM;
	o->dev = get_u32(a[KMEMSTAT_SHM_DEV]);
	o->ino = get_u64(a[KMEMSTAT_SHM_INO]);
	o->kind = a[KMEMSTAT_SHM_KIND] ? nla_get_u8(a[KMEMSTAT_SHM_KIND]) : 0;
	if (a[KMEMSTAT_SHM_NAME])
		nla_strlcpy(o->name, a[KMEMSTAT_SHM_NAME], sizeof(o->name));
	o->key = get_u32(a[KMEMSTAT_SHM_SYSV_KEY]);
	o->size = get_u64(a[KMEMSTAT_SHM_SIZE]);
	o->resident = get_u64(a[KMEMSTAT_SHM_RESIDENT]);
	o->swapped = get_u64(a[KMEMSTAT_SHM_SWAPPED]);
	o->known = KM_SHM_KNOW_ALL;
	o->processes = get_u32(a[KMEMSTAT_SHM_PROCESSES]);
	o->vmas = get_u32(a[KMEMSTAT_SHM_VMAS]);
	o->omitted = get_u32(a[KMEMSTAT_SHM_MAPPERS_OMITTED]);
	nla_for_each_nested(m, nest, rem) {
		if (nla_type(m) != KMEMSTAT_SHM_MAPPER)
			continue;
		err = parse_mapper(m, o);
		if (err)
			return err;
	}
	return 0;
}

static int parse_shm_totals(struct nlattr *nest, struct km_shm *l)
{
	struct nlattr *a[KMEMSTAT_SHT_MAX + 1];

	if (nla_parse_nested(a, KMEMSTAT_SHT_MAX, nest, NULL) < 0)
		return -EBADMSG;
	l->objects = get_u32(a[KMEMSTAT_SHT_OBJECTS]);
	l->mapped_resident = get_u64(a[KMEMSTAT_SHT_MAPPED_RESIDENT]);
	l->mapped_swapped = get_u64(a[KMEMSTAT_SHT_MAPPED_SWAPPED]);
	l->sysv_unmapped = get_u32(a[KMEMSTAT_SHT_SYSV_UNMAPPED]);
	l->sysv_resident = get_u64(a[KMEMSTAT_SHT_SYSV_UNMAPPED_RESIDENT]);
	l->sysv_swapped = get_u64(a[KMEMSTAT_SHT_SYSV_UNMAPPED_SWAPPED]);
	l->shmem = get_u64(a[KMEMSTAT_SHT_SHMEM]);
	l->sysv_listed = a[KMEMSTAT_SHT_SYSV_LISTED] && nla_get_u8(a[KMEMSTAT_SHT_SYSV_LISTED]);
	l->have |= KM_SHM_HAVE_TOTALS | KM_SHM_HAVE_MAPPED_RESIDENT | KM_SHM_HAVE_MAPPED_SWAPPED |
		   KM_SHM_HAVE_REST;
	return 0;
}

static int parse_shm(struct nlattr *head, int len, void *arg)
{
	struct nlattr *a;
	int rem, err = 0;

	nla_for_each_attr(a, head, len, rem) {
		if (nla_type(a) == KMEMSTAT_A_SHMEM_OBJECT)
			err = parse_shm_object(a, arg);
		else if (nla_type(a) == KMEMSTAT_A_SHMEM_TOTALS)
			err = parse_shm_totals(a, arg);
		if (err)
			return err;
	}
	return 0;
}

int km_kmod_shmem(struct km_nl *nl, const struct km_shm_filter *f, struct km_shm *l)
{
	int err;

	memset(l, 0, sizeof(*l));
	l->source = KM_SRC_KMOD;
	err = km_nl_dump(nl, KMEMSTAT_CMD_GET_SHMEM, put_shm_filter, f, parse_shm, l);
	if (!err && !(l->have & KM_SHM_HAVE_TOTALS))
		err = -EBADMSG;
	return err;
}

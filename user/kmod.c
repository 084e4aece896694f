// SPDX-License-Identifier: GPL-2.0
/*
 * Parse the module's replies into the model. Every attribute set has a
 * policy that libnl's nla_parse() checks each attribute against: an integer
 * of the wrong size, a string without its NUL or longer than the module
 * sends, or bytes that are no attribute refuse the whole reply (-KM_EREPLY,
 * with a sentence naming the attribute). Attribute numbers beyond a set's
 * policy are skipped: a newer module may send more.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include "kmod.h"
#include "../kmod/uapi/kmemstat.h"

/*
 * libnl checks only a minimum size per type: maxlen makes the integers
 * exact. Its NLA_STRING is the NUL-terminated kind (it checks nothing of
 * NLA_NUL_STRING), maxlen bytes at most with the NUL.
 */
#define KM_U8		{ .type = NLA_U8, .maxlen = sizeof(uint8_t) }
#define KM_U32		{ .type = NLA_U32, .maxlen = sizeof(uint32_t) }
#define KM_U64		{ .type = NLA_U64, .maxlen = sizeof(uint64_t) }
#define KM_STR(max)	{ .type = NLA_STRING, .maxlen = (max) }
#define KM_NEST		{ .type = NLA_NESTED }

/* TASK_COMM_LEN (16 to 7.2): the ABI says 15 characters and the NUL. */
#define KM_COMM_MAX	16

/* An attribute set: its name in error messages and its policy. */
struct km_aset {
	const char *name;
	int max;
	const struct nla_policy *policy;
};

#define KM_ASET(name, policy) \
	{ name, (int)(sizeof(policy) / sizeof((policy)[0])) - 1, policy }

static const struct nla_policy top_policy[KMEMSTAT_A_MAX + 1] = {
	[KMEMSTAT_A_INFO] = KM_NEST,
	[KMEMSTAT_A_MEM] = KM_NEST,
	[KMEMSTAT_A_TASK] = KM_NEST,
	[KMEMSTAT_A_TASK_SUMMARY] = KM_NEST,
	[KMEMSTAT_A_SHMEM_OBJECT] = KM_NEST,
	[KMEMSTAT_A_SHMEM_TOTALS] = KM_NEST,
	[KMEMSTAT_A_SHMEM_PROGRESS] = KM_U32,
};

static const struct nla_policy info_policy[KMEMSTAT_INFO_MAX + 1] = {
	[KMEMSTAT_INFO_MODULE_VERSION] = KM_STR(64),	/* the model keeps 31 */
	[KMEMSTAT_INFO_ABI_VERSION] = KM_U32,
	[KMEMSTAT_INFO_KERNEL_RELEASE] = KM_STR(65),	/* utsname: 64 and the NUL */
	[KMEMSTAT_INFO_FEATURES] = KM_U64,
};

static const struct nla_policy mem_policy[KMEMSTAT_MEM_MAX + 1] = {
	[KMEMSTAT_MEM_FORMULA] = KM_U32,
	[KMEMSTAT_MEM_PAGE_SIZE] = KM_U32,
	[KMEMSTAT_MEM_TOTAL ... KMEMSTAT_MEM_WMARK_LOW] = KM_U64,
};

static const struct nla_policy task_policy[KMEMSTAT_TASK_MAX + 1] = {
	[KMEMSTAT_TASK_PID] = KM_U32,
	[KMEMSTAT_TASK_TGID] = KM_U32,
	[KMEMSTAT_TASK_PPID] = KM_U32,
	[KMEMSTAT_TASK_UID] = KM_U32,
	[KMEMSTAT_TASK_COMM] = KM_STR(KM_COMM_MAX),
	[KMEMSTAT_TASK_STATE] = KM_U8,
	[KMEMSTAT_TASK_UTIME_NS ... KMEMSTAT_TASK_MAJ_FLT] = KM_U64,
	[KMEMSTAT_TASK_THREADS] = KM_U32,
};

static const struct nla_policy sum_policy[KMEMSTAT_SUM_MAX + 1] = {
	[KMEMSTAT_SUM_PROCESSES] = KM_U32,
	[KMEMSTAT_SUM_THREADS] = KM_U32,
	[KMEMSTAT_SUM_PROC_STATES] = KM_NEST,
	[KMEMSTAT_SUM_THREAD_STATES] = KM_NEST,
	[KMEMSTAT_SUM_UTIME_NS] = KM_U64,
	[KMEMSTAT_SUM_STIME_NS] = KM_U64,
};

/* Attribute KMEMSTAT_STATE_X + 1: the count of tasks in state X. */
static const struct nla_policy states_policy[KM_NSTATES + 1] = {
	[1 ... KM_NSTATES] = KM_U32,
};

static const struct nla_policy shm_policy[KMEMSTAT_SHM_MAX + 1] = {
	[KMEMSTAT_SHM_DEV] = KM_U32,
	[KMEMSTAT_SHM_INO] = KM_U64,
	[KMEMSTAT_SHM_KIND] = KM_U8,
	/* The module cuts names at 96 bytes; PATH_MAX leaves it room to grow. */
	[KMEMSTAT_SHM_NAME] = KM_STR(4096),
	[KMEMSTAT_SHM_SYSV_KEY] = KM_U32,
	[KMEMSTAT_SHM_SIZE ... KMEMSTAT_SHM_SWAPPED] = KM_U64,
	[KMEMSTAT_SHM_PROCESSES] = KM_U32,
	[KMEMSTAT_SHM_VMAS] = KM_U32,
	[KMEMSTAT_SHM_MAPPER] = KM_NEST,
	[KMEMSTAT_SHM_MAPPERS_OMITTED] = KM_U32,
};

static const struct nla_policy map_policy[KMEMSTAT_MAP_MAX + 1] = {
	[KMEMSTAT_MAP_PID] = KM_U32,
	[KMEMSTAT_MAP_COMM] = KM_STR(KM_COMM_MAX),
	[KMEMSTAT_MAP_START ... KMEMSTAT_MAP_OFFSET] = KM_U64,
	[KMEMSTAT_MAP_PROT] = KM_U32,
	[KMEMSTAT_MAP_MAPPED] = KM_U64,
};

static const struct nla_policy sht_policy[KMEMSTAT_SHT_MAX + 1] = {
	[KMEMSTAT_SHT_OBJECTS] = KM_U32,
	[KMEMSTAT_SHT_MAPPED_RESIDENT] = KM_U64,
	[KMEMSTAT_SHT_MAPPED_SWAPPED] = KM_U64,
	[KMEMSTAT_SHT_SYSV_UNMAPPED] = KM_U32,
	[KMEMSTAT_SHT_SYSV_UNMAPPED_RESIDENT ... KMEMSTAT_SHT_SHMEM] = KM_U64,
	[KMEMSTAT_SHT_SYSV_LISTED] = KM_U8,
	[KMEMSTAT_SHT_TRUNCATED] = KM_U32,
	[KMEMSTAT_SHT_VMAS_OMITTED] = KM_U32,
	[KMEMSTAT_SHT_PROCESSES_BUSY] = KM_U32,
};

static const struct km_aset top_set = KM_ASET("the message", top_policy);
static const struct km_aset info_set = KM_ASET("KMEMSTAT_A_INFO", info_policy);
static const struct km_aset mem_set = KM_ASET("KMEMSTAT_A_MEM", mem_policy);
static const struct km_aset task_set = KM_ASET("KMEMSTAT_A_TASK", task_policy);
static const struct km_aset sum_set = KM_ASET("KMEMSTAT_A_TASK_SUMMARY", sum_policy);
static const struct km_aset states_set = KM_ASET("KMEMSTAT_SUM_*_STATES", states_policy);
static const struct km_aset shm_set = KM_ASET("KMEMSTAT_A_SHMEM_OBJECT", shm_policy);
static const struct km_aset map_set = KM_ASET("KMEMSTAT_SHM_MAPPER", map_policy);
static const struct km_aset sht_set = KM_ASET("KMEMSTAT_A_SHMEM_TOTALS", sht_policy);

static int refuse(char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, KM_ERRMSG_SIZE, fmt, ap);
	va_end(ap);
	return -KM_EREPLY;
}

/* Say what is wrong with @a, which @s's policy refused. */
static int refuse_attr(const struct km_aset *s, const struct nlattr *a, char *why)
{
	const struct nla_policy *p = &s->policy[nla_type(a)];

	if (p->type == NLA_STRING && nla_len(a) >= 1 && nla_len(a) <= p->maxlen)
		return refuse(why, "attribute %d in %s: a string without its NUL",
			      nla_type(a), s->name);
	if (p->type == NLA_STRING)
		return refuse(why, "attribute %d in %s: a string of %d bytes, not 1 to %u",
			      nla_type(a), s->name, nla_len(a), p->maxlen);
	return refuse(why, "attribute %d in %s: %d bytes, not %u",
		      nla_type(a), s->name, nla_len(a), p->maxlen);
}

/*
 * nla_parse() @len bytes at @head with @s's policy, and refuse bytes left
 * after the last whole attribute (a cut message), which libnl lets by.
 */
static int parse_attrs(struct nlattr **tb, const struct km_aset *s,
		       struct nlattr *head, int len, char *why)
{
	struct nlattr *a;
	int rem, err;

	err = nla_parse(tb, s->max, head, len, s->policy);
	nla_for_each_attr(a, head, len, rem) {
		/* libnl does not say which attribute it refused: find it. */
		if (err < 0 && nla_validate(a, a->nla_len, s->max, s->policy) < 0)
			return refuse_attr(s, a, why);
	}
	if (rem > 0)
		return refuse(why, "%d bytes in %s that are no attribute", rem, s->name);
	return err < 0 ? refuse(why, "%s: refused by libnl", s->name) : 0;
}

static int parse_nest(struct nlattr **tb, const struct km_aset *s,
		      struct nlattr *nest, char *why)
{
	if (!nest)
		return refuse(why, "no %s", s->name);
	return parse_attrs(tb, s, nla_data(nest), nla_len(nest), why);
}

/*
 * The top-level attributes of one reply: the @len bytes at @nlh must hold
 * the whole message, with a genetlink header of our ABI version.
 */
static int parse_reply(struct nlmsghdr *nlh, size_t len, struct nlattr **tb, char *why)
{
	struct genlmsghdr *gh;

	if (len < NLMSG_HDRLEN || nlh->nlmsg_len > len)
		return refuse(why, "a message cut short (%zu bytes)", len);
	if (!genlmsg_valid_hdr(nlh, 0))
		return refuse(why, "a message of %u bytes, too short for its headers",
			      nlh->nlmsg_len);
	gh = nlmsg_data(nlh);
	if (gh->version != KMEMSTAT_ABI_VERSION)
		return -KM_EABI;
	return parse_attrs(tb, &top_set, genlmsg_attrdata(gh, 0),
			   genlmsg_attrlen(gh, 0), why);
}

/* Absent: 0. The policy has checked the size of what is present. */
static uint64_t get_u64(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

static uint32_t get_u32(struct nlattr *a)
{
	return a ? nla_get_u32(a) : 0;
}

int km_kmod_parse_info(struct nlmsghdr *nlh, size_t len, void *arg, char *why)
{
	struct nlattr *tb[KMEMSTAT_A_MAX + 1], *a[KMEMSTAT_INFO_MAX + 1];
	struct km_info *info = arg;
	int err;

	err = parse_reply(nlh, len, tb, why);
	if (!err)
		err = parse_nest(a, &info_set, tb[KMEMSTAT_A_INFO], why);
	if (err)
		return err;
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
	return km_nl_request(nl, KMEMSTAT_CMD_GET_INFO, km_kmod_parse_info, info);
}

int km_kmod_parse_mem(struct nlmsghdr *nlh, size_t len, void *arg, char *why)
{
	struct nlattr *tb[KMEMSTAT_A_MAX + 1], *a[KMEMSTAT_MEM_MAX + 1];
	struct km_mem *m = arg;
	int i, err;

	err = parse_reply(nlh, len, tb, why);
	if (!err)
		err = parse_nest(a, &mem_set, tb[KMEMSTAT_A_MEM], why);
	if (err)
		return err;
	for (i = 0; i < KM_NFIELDS; i++) {
		int t = km_fields[i].attr;

		if (t && a[t])
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
	err = km_nl_request(nl, KMEMSTAT_CMD_GET_MEM, km_kmod_parse_mem, m);
	if (!err && (!km_has(m, KM_TOTAL) || !km_has(m, KM_AVAILABLE)))
		err = refuse(nl->errmsg, "no KMEMSTAT_MEM_TOTAL or KMEMSTAT_MEM_AVAILABLE");
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

static int parse_task(struct nlattr *nest, struct km_tasks *l, char *why)
{
	struct nlattr *a[KMEMSTAT_TASK_MAX + 1];
	struct km_task *t;
	uint8_t st;
	int err;

	err = parse_nest(a, &task_set, nest, why);
	if (err)
		return err;
	if (!a[KMEMSTAT_TASK_PID] || !a[KMEMSTAT_TASK_STATE])
		return refuse(why, "a KMEMSTAT_A_TASK without its PID or STATE");
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

int km_kmod_parse_tasks(struct nlmsghdr *nlh, size_t len, void *arg, char *why)
{
	struct nlattr *tb[KMEMSTAT_A_MAX + 1], *a;
	int rem, err;

	err = parse_reply(nlh, len, tb, why);
	if (err)
		return err;
	nlmsg_for_each_attr(a, nlh, GENL_HDRLEN, rem) {
		if (nla_type(a) != KMEMSTAT_A_TASK)
			continue;	/* unknown: newer module */
		err = parse_task(a, arg, why);
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
	return km_nl_dump(nl, KMEMSTAT_CMD_GET_TASKS, put_filter, f,
			  km_kmod_parse_tasks, l);
}

static int parse_states(struct nlattr *nest, uint32_t *counts, char *why)
{
	struct nlattr *a[KM_NSTATES + 1];
	int i, err;

	if (!nest)
		return 0;
	err = parse_nest(a, &states_set, nest, why);
	for (i = 0; !err && i < KM_NSTATES; i++)
		if (a[i + 1])
			counts[i] = nla_get_u32(a[i + 1]);
	return err;
}

int km_kmod_parse_task_summary(struct nlmsghdr *nlh, size_t len, void *arg, char *why)
{
	struct nlattr *tb[KMEMSTAT_A_MAX + 1], *a[KMEMSTAT_SUM_MAX + 1];
	struct km_task_summary *s = arg;
	int err;

	err = parse_reply(nlh, len, tb, why);
	if (!err)
		err = parse_nest(a, &sum_set, tb[KMEMSTAT_A_TASK_SUMMARY], why);
	if (!err)
		err = parse_states(a[KMEMSTAT_SUM_PROC_STATES], s->proc_states, why);
	if (!err)
		err = parse_states(a[KMEMSTAT_SUM_THREAD_STATES], s->thread_states, why);
	if (err)
		return err;
	s->processes = get_u32(a[KMEMSTAT_SUM_PROCESSES]);
	s->threads = get_u32(a[KMEMSTAT_SUM_THREADS]);
	s->utime = get_u64(a[KMEMSTAT_SUM_UTIME_NS]);
	s->stime = get_u64(a[KMEMSTAT_SUM_STIME_NS]);
	return 0;
}

int km_kmod_task_summary(struct km_nl *nl, struct km_task_summary *s)
{
	memset(s, 0, sizeof(*s));
	return km_nl_request(nl, KMEMSTAT_CMD_GET_TASK_SUMMARY,
			     km_kmod_parse_task_summary, s);
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

static int parse_mapper(struct nlattr *nest, struct km_shm_obj *o, char *why)
{
	struct nlattr *a[KMEMSTAT_MAP_MAX + 1];
	struct km_shm_mapper *m;
	int err;

	err = parse_nest(a, &map_set, nest, why);
	if (err)
		return err;
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

static int parse_shm_object(struct nlattr *nest, struct km_shm *l, char *why)
{
	struct nlattr *a[KMEMSTAT_SHM_MAX + 1], *m;
	struct km_shm_obj *o;
	int rem, err;

	err = parse_nest(a, &shm_set, nest, why);
	if (err)
		return err;
	if (!a[KMEMSTAT_SHM_INO])
		return refuse(why, "a KMEMSTAT_A_SHMEM_OBJECT without its INO");
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
	/* Repeated: nla_parse() kept the last; the walk is within checked bounds. */
	nla_for_each_nested(m, nest, rem) {
		if (nla_type(m) != KMEMSTAT_SHM_MAPPER)
			continue;
		err = parse_mapper(m, o, why);
		if (err)
			return err;
	}
	return 0;
}

/* Why the module's snapshot was cut short (KMEMSTAT_SHMEM_TRUNC_*), in l->note. */
static void shmem_cut_note(struct km_shm *l)
{
	size_t n = 0;

	if (l->truncated & (KMEMSTAT_SHMEM_TRUNC_OBJECTS | KMEMSTAT_SHMEM_TRUNC_MEMORY))
		n += (size_t)snprintf(l->note, sizeof(l->note),
				      "the module's snapshot was cut short at its %s bound: %" PRIu32
				      " mappings of objects not listed",
				      l->truncated & KMEMSTAT_SHMEM_TRUNC_OBJECTS ? "object" : "memory",
				      l->vmas_omitted);
	if ((l->truncated & KMEMSTAT_SHMEM_TRUNC_BUSY) && n < sizeof(l->note))
		n += (size_t)snprintf(l->note + n, sizeof(l->note) - n,
				      "%sthe module's snapshot left out %" PRIu32
				      " processes whose memory map stayed locked longer than it waits (module parameter lock_wait_ms)",
				      n ? "; " : "", l->processes_busy);
	if (!n)
		n += (size_t)snprintf(l->note, sizeof(l->note), "the module's snapshot was cut short (%#" PRIx32 ")",
				      l->truncated);
	if (n < sizeof(l->note))
		snprintf(l->note + n, sizeof(l->note) - n, " (docs/protocol.md)");
}

static int parse_shm_totals(struct nlattr *nest, struct km_shm *l, char *why)
{
	struct nlattr *a[KMEMSTAT_SHT_MAX + 1];
	int err;

	err = parse_nest(a, &sht_set, nest, why);
	if (err)
		return err;
	l->objects = get_u32(a[KMEMSTAT_SHT_OBJECTS]);
	l->mapped_resident = get_u64(a[KMEMSTAT_SHT_MAPPED_RESIDENT]);
	l->mapped_swapped = get_u64(a[KMEMSTAT_SHT_MAPPED_SWAPPED]);
	l->sysv_unmapped = get_u32(a[KMEMSTAT_SHT_SYSV_UNMAPPED]);
	l->sysv_resident = get_u64(a[KMEMSTAT_SHT_SYSV_UNMAPPED_RESIDENT]);
	l->sysv_swapped = get_u64(a[KMEMSTAT_SHT_SYSV_UNMAPPED_SWAPPED]);
	l->shmem = get_u64(a[KMEMSTAT_SHT_SHMEM]);
	l->sysv_listed = a[KMEMSTAT_SHT_SYSV_LISTED] && nla_get_u8(a[KMEMSTAT_SHT_SYSV_LISTED]);
	l->truncated = get_u32(a[KMEMSTAT_SHT_TRUNCATED]);
	l->vmas_omitted = get_u32(a[KMEMSTAT_SHT_VMAS_OMITTED]);
	l->processes_busy = get_u32(a[KMEMSTAT_SHT_PROCESSES_BUSY]);
	l->have |= KM_SHM_HAVE_TOTALS | KM_SHM_HAVE_MAPPED_RESIDENT | KM_SHM_HAVE_MAPPED_SWAPPED;
	if (!l->truncated) {
		l->have |= KM_SHM_HAVE_REST;
	} else {
		/* Objects left out: their memory would pass for tmpfs nobody maps. */
		shmem_cut_note(l);
		snprintf(l->rest_why, sizeof(l->rest_why), "%s",
			 "the module's snapshot was cut short");
	}
	return 0;
}

int km_kmod_parse_shmem(struct nlmsghdr *nlh, size_t len, void *arg, char *why)
{
	struct nlattr *tb[KMEMSTAT_A_MAX + 1], *a;
	int rem, err;

	err = parse_reply(nlh, len, tb, why);
	if (err)
		return err;
	nlmsg_for_each_attr(a, nlh, GENL_HDRLEN, rem) {
		/* KMEMSTAT_A_SHMEM_PROGRESS: a part of the snapshot taken; nothing to keep. */
		if (nla_type(a) == KMEMSTAT_A_SHMEM_OBJECT)
			err = parse_shm_object(a, arg, why);
		else if (nla_type(a) == KMEMSTAT_A_SHMEM_TOTALS)
			err = parse_shm_totals(a, arg, why);
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
	err = km_nl_dump(nl, KMEMSTAT_CMD_GET_SHMEM, put_shm_filter, f,
			 km_kmod_parse_shmem, l);
	if (!err && !(l->have & KM_SHM_HAVE_TOTALS))
		err = refuse(nl->errmsg, "a dump without KMEMSTAT_A_SHMEM_TOTALS");
	return err;
}

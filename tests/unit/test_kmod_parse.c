// SPDX-License-Identifier: GPL-2.0
/*
 * The parsers of the module's replies (user/kmod.c), with no socket: a
 * valid reply of each kind, built with libnl, parses to what was put in;
 * then each reply is mutated (cut at every length, every attribute's type
 * and length changed, payloads emptied, grown and duplicated, strings left
 * without their NUL, nests filled with garbage, random bytes from a fixed
 * seed) and every parse must succeed or refuse cleanly. Where a mutation
 * surely breaks the ABI (an integer of another size, a string without its
 * NUL, an attribute running past its container) the parse must refuse.
 *
 * tests/unit/run.sh builds this with ASan and UBSan. ASan does not see
 * into libnl, which is not instrumented, so each message is also copied to
 * end where an inaccessible page begins: a read past its end faults
 * wherever it is made.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include "kselftest.h"
#include "../../user/kmod.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#else
#define ASAN_POISON_MEMORY_REGION(p, n)		((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n)	((void)(p), (void)(n))
#endif

#define SEED		0x6b6d656d73746174ULL	/* "kmemstat" */
#define RANDOM_FLIPS	100000
#define RANDOM_STREAMS	30000
#define MSG_MAX		8192
#define MAX_ATTRS	256
#define GENL_ATTRS	(NLMSG_HDRLEN + GENL_HDRLEN)

enum kind { K_INFO, K_MEM, K_TASKS, K_SUMMARY, K_SHMEM, NKINDS };

static const struct {
	const char *name;
	uint8_t cmd;
	int (*parse)(struct nlmsghdr *nlh, size_t len, void *arg, char *why);
} kinds[NKINDS] = {
	{ "info", KMEMSTAT_CMD_GET_INFO, km_kmod_parse_info },
	{ "mem", KMEMSTAT_CMD_GET_MEM, km_kmod_parse_mem },
	{ "tasks", KMEMSTAT_CMD_GET_TASKS, km_kmod_parse_tasks },
	{ "summary", KMEMSTAT_CMD_GET_TASK_SUMMARY, km_kmod_parse_task_summary },
	{ "shmem", KMEMSTAT_CMD_GET_SHMEM, km_kmod_parse_shmem },
};

union out {
	struct km_info info;
	struct km_mem mem;
	struct km_tasks tasks;
	struct km_task_summary sum;
	struct km_shm shm;
};

/* An attribute of a built message, found by walk(). */
struct apos {
	size_t off;	/* of its header in the message */
	size_t room;	/* bytes from there to the end of its container */
	int parent;	/* the enclosing attribute, or -1 */
	int nest, str;	/* built as a nest, as a string */
};

struct msg {
	int kind;
	size_t len;
	uint8_t b[MSG_MAX] __attribute__((aligned(8)));
	size_t stroff[32];	/* where the builder put strings */
	int nstr;
	struct apos at[MAX_ATTRS];
	int nat;
};

static struct msg base[NKINDS];
static uint8_t *edge;	/* the first byte of the inaccessible page */
static char current[200];	/* the case at hand, for a crash report */

static void say_case(void)
{
	ksft_print_msg("died at: %s\n", current);
	fflush(stdout);
}

#ifndef __SANITIZE_ADDRESS__
static void on_fault(int sig)
{
	(void)sig;
	say_case();
	_exit(KSFT_FAIL);
}
#endif

/* ---- building ------------------------------------------------------------ */

static struct nl_msg *nm;
static struct msg *cur;
static int extra;	/* also put attribute numbers no policy knows */

static void ck(int err)
{
	if (err < 0)
		ksft_exit_fail_msg("building a message: %s\n", nl_geterror(err));
}

static void put_u8(int t, uint8_t v)
{
	ck(nla_put_u8(nm, t, v));
}

static void put_u32(int t, uint32_t v)
{
	ck(nla_put_u32(nm, t, v));
}

static void put_u64(int t, uint64_t v)
{
	ck(nla_put_u64(nm, t, v));
}

static void put_str(int t, const char *s)
{
	cur->stroff[cur->nstr++] = (uint8_t *)nlmsg_tail(nlmsg_hdr(nm)) -
				   (uint8_t *)nlmsg_hdr(nm);
	ck(nla_put_string(nm, t, s));
}

static struct nlattr *nest(int t)
{
	struct nlattr *n = nla_nest_start(nm, t);

	if (!n)
		ksft_exit_fail_msg("nla_nest_start\n");
	return n;
}

/* A newer module's attributes, after the last one @max knows. */
static void put_unknown(int max)
{
	if (!extra)
		return;
	put_u32(max + 1, 0xdeadbeef);
	ck(nla_put(nm, max + 9, 3, "abc"));
}

static void end(struct nlattr *n, int max)
{
	put_unknown(max);
	ck(nla_nest_end(nm, n));
}

static void build_info(void)
{
	struct nlattr *n = nest(KMEMSTAT_A_INFO);

	put_str(KMEMSTAT_INFO_MODULE_VERSION, "0.1.0");
	put_u32(KMEMSTAT_INFO_ABI_VERSION, KMEMSTAT_ABI_VERSION);
	put_str(KMEMSTAT_INFO_KERNEL_RELEASE, "6.1.0-42-amd64");
	put_u64(KMEMSTAT_INFO_FEATURES, 0x1f);
	end(n, KMEMSTAT_INFO_MAX);
}

static uint64_t mem_value(int field)
{
	return (uint64_t)(field + 1) << 20 | (unsigned int)field;
}

static void build_mem(void)
{
	struct nlattr *n = nest(KMEMSTAT_A_MEM);
	int i;

	put_u32(KMEMSTAT_MEM_FORMULA, KMEMSTAT_FORMULA_4_20);
	put_u32(KMEMSTAT_MEM_PAGE_SIZE, 4096);
	ck(nla_put(nm, KMEMSTAT_MEM_PAD, 0, NULL));	/* as nla_put_u64_64bit() pads */
	for (i = 0; i < KM_NFIELDS; i++)
		if (km_fields[i].attr)
			put_u64(km_fields[i].attr, mem_value(i));
	end(n, KMEMSTAT_MEM_MAX);
}

static void build_tasks(void)
{
	struct nlattr *n = nest(KMEMSTAT_A_TASK);

	put_u32(KMEMSTAT_TASK_PID, 42);
	put_u32(KMEMSTAT_TASK_TGID, 42);
	put_u32(KMEMSTAT_TASK_PPID, 1);
	put_u32(KMEMSTAT_TASK_UID, 1000);
	put_str(KMEMSTAT_TASK_COMM, "a (b) c)");
	put_u8(KMEMSTAT_TASK_STATE, KMEMSTAT_STATE_D);
	put_u64(KMEMSTAT_TASK_UTIME_NS, 3000000000ULL);
	put_u64(KMEMSTAT_TASK_STIME_NS, 9000000000ULL);
	put_u64(KMEMSTAT_TASK_RUNTIME_NS, 12000000001ULL);
	put_u64(KMEMSTAT_TASK_START_NS, 4000000000ULL);
	put_u64(KMEMSTAT_TASK_NVCSW, 3);
	put_u64(KMEMSTAT_TASK_NIVCSW, 4);
	put_u64(KMEMSTAT_TASK_MIN_FLT, 7);
	put_u64(KMEMSTAT_TASK_MAJ_FLT, 1);
	put_u32(KMEMSTAT_TASK_THREADS, 2);
	end(n, KMEMSTAT_TASK_MAX);
	n = nest(KMEMSTAT_A_TASK);
	put_u32(KMEMSTAT_TASK_PID, 43);
	put_str(KMEMSTAT_TASK_COMM, "kworker/u4:1-ev");	/* 15: the most */
	put_u8(KMEMSTAT_TASK_STATE, KMEMSTAT_STATE_I);
	end(n, KMEMSTAT_TASK_MAX);
	n = nest(KMEMSTAT_A_TASK);	/* a state this CLI does not know */
	put_u32(KMEMSTAT_TASK_PID, 44);
	put_u8(KMEMSTAT_TASK_STATE, 200);
	end(n, KMEMSTAT_TASK_MAX);
}

static void put_states(int t, uint32_t r, uint32_t s, uint32_t i)
{
	struct nlattr *n = nest(t);

	put_u32(KMEMSTAT_STATE_R + 1, r);
	put_u32(KMEMSTAT_STATE_S + 1, s);
	put_u32(KMEMSTAT_STATE_I + 1, i);
	end(n, KM_NSTATES);
}

static void build_summary(void)
{
	struct nlattr *n = nest(KMEMSTAT_A_TASK_SUMMARY);

	put_u32(KMEMSTAT_SUM_PROCESSES, 54);
	put_u32(KMEMSTAT_SUM_THREADS, 60);
	put_states(KMEMSTAT_SUM_PROC_STATES, 1, 16, 37);
	put_states(KMEMSTAT_SUM_THREAD_STATES, 2, 21, 37);
	put_u64(KMEMSTAT_SUM_UTIME_NS, 60000000);
	put_u64(KMEMSTAT_SUM_STIME_NS, 2460000000ULL);
	end(n, KMEMSTAT_SUM_MAX);
}

static void put_mapper(int pid, const char *comm, uint64_t start, uint64_t offset,
		       uint32_t prot, int mapped)
{
	struct nlattr *n = nest(KMEMSTAT_SHM_MAPPER);

	put_u32(KMEMSTAT_MAP_PID, pid);
	put_str(KMEMSTAT_MAP_COMM, comm);
	put_u64(KMEMSTAT_MAP_START, start);
	put_u64(KMEMSTAT_MAP_END, start + (2 << 20));
	put_u64(KMEMSTAT_MAP_OFFSET, offset);
	put_u32(KMEMSTAT_MAP_PROT, prot);
	if (mapped)
		put_u64(KMEMSTAT_MAP_MAPPED, 1 << 20);
	end(n, KMEMSTAT_MAP_MAX);
}

static void build_shmem(void)
{
	struct nlattr *n = nest(KMEMSTAT_A_SHMEM_OBJECT);

	put_u32(KMEMSTAT_SHM_DEV, 1);
	put_u64(KMEMSTAT_SHM_INO, 1234);
	put_u8(KMEMSTAT_SHM_KIND, KMEMSTAT_SHMEM_MEMFD);
	put_str(KMEMSTAT_SHM_NAME, "memfd:buf (deleted)");
	put_u64(KMEMSTAT_SHM_SIZE, 2 << 20);
	put_u64(KMEMSTAT_SHM_RESIDENT, 1 << 20);
	put_u64(KMEMSTAT_SHM_SWAPPED, 4096);
	put_u32(KMEMSTAT_SHM_PROCESSES, 2);
	put_u32(KMEMSTAT_SHM_VMAS, 2);
	put_mapper(100, "writer", 0x7f0000000000ULL, 0,
		   KMEMSTAT_PROT_READ | KMEMSTAT_PROT_WRITE | KMEMSTAT_PROT_SHARED, 1);
	put_mapper(101, "reader", 0x7f1000000000ULL, 4096,
		   KMEMSTAT_PROT_READ | KMEMSTAT_PROT_SHARED, 0);
	put_u32(KMEMSTAT_SHM_MAPPERS_OMITTED, 0);
	end(n, KMEMSTAT_SHM_MAX);
	n = nest(KMEMSTAT_A_SHMEM_OBJECT);
	put_u32(KMEMSTAT_SHM_DEV, 0);
	put_u64(KMEMSTAT_SHM_INO, 32769);
	put_u8(KMEMSTAT_SHM_KIND, KMEMSTAT_SHMEM_SYSV);
	put_str(KMEMSTAT_SHM_NAME, "SYSV0000beef");
	put_u32(KMEMSTAT_SHM_SYSV_KEY, 0xbeef);
	put_u64(KMEMSTAT_SHM_SIZE, 8192);
	put_u64(KMEMSTAT_SHM_RESIDENT, 8192);
	put_u64(KMEMSTAT_SHM_SWAPPED, 0);
	put_u32(KMEMSTAT_SHM_PROCESSES, 0);
	put_u32(KMEMSTAT_SHM_VMAS, 0);
	end(n, KMEMSTAT_SHM_MAX);
	/* Last, as the module sends them: a u8 ends the message. */
	n = nest(KMEMSTAT_A_SHMEM_TOTALS);
	put_u32(KMEMSTAT_SHT_OBJECTS, 1);
	put_u64(KMEMSTAT_SHT_MAPPED_RESIDENT, 1 << 20);
	put_u64(KMEMSTAT_SHT_MAPPED_SWAPPED, 4096);
	put_u32(KMEMSTAT_SHT_SYSV_UNMAPPED, 1);
	put_u64(KMEMSTAT_SHT_SYSV_UNMAPPED_RESIDENT, 8192);
	put_u64(KMEMSTAT_SHT_SYSV_UNMAPPED_SWAPPED, 0);
	put_u64(KMEMSTAT_SHT_SHMEM, 3 << 20);
	put_u8(KMEMSTAT_SHT_SYSV_LISTED, 1);
	end(n, KMEMSTAT_SHT_MAX);
}

static void (*const builders[NKINDS])(void) = {
	build_info, build_mem, build_tasks, build_summary, build_shmem,
};

/* Record where every attribute is, descending into nests. */
static void walk_attrs(struct msg *m, size_t off, size_t len, int parent)
{
	struct nlattr *a;
	int rem, i, j;

	nla_for_each_attr(a, (struct nlattr *)(m->b + off), (int)len, rem) {
		if (m->nat == MAX_ATTRS)
			ksft_exit_fail_msg("more than %d attributes\n", MAX_ATTRS);
		i = m->nat++;
		m->at[i].off = (uint8_t *)a - m->b;
		m->at[i].room = off + len - m->at[i].off;
		m->at[i].parent = parent;
		m->at[i].nest = !!(a->nla_type & NLA_F_NESTED);
		m->at[i].str = 0;
		for (j = 0; j < m->nstr; j++)
			m->at[i].str |= m->stroff[j] == m->at[i].off;
		if (m->at[i].nest)
			walk_attrs(m, m->at[i].off + NLA_HDRLEN, nla_len(a), i);
	}
}

static void build_with(struct msg *m, int kind, void (*fn)(void))
{
	struct nlmsghdr *nlh;

	memset(m, 0, sizeof(*m));
	m->kind = kind;
	cur = m;
	nm = nlmsg_alloc_size(MSG_MAX);
	if (!nm || !genlmsg_put(nm, 0, 0, 0x1d, 0, 0, kinds[kind].cmd,
				KMEMSTAT_ABI_VERSION))
		ksft_exit_fail_msg("nlmsg_alloc\n");
	fn();
	put_unknown(KMEMSTAT_A_MAX);
	nlh = nlmsg_hdr(nm);
	if (nlh->nlmsg_len > MSG_MAX)
		ksft_exit_fail_msg("a message of %u bytes\n", nlh->nlmsg_len);
	m->len = nlh->nlmsg_len;
	memcpy(m->b, nlh, m->len);
	nlmsg_free(nm);
	walk_attrs(m, GENL_ATTRS, m->len - GENL_ATTRS, -1);
}

static void build(struct msg *m, int kind)
{
	build_with(m, kind, builders[kind]);
}

/* GET_SHMEM while the module takes its snapshot: a progress message. */
static void build_shmem_progress(void)
{
	put_u32(KMEMSTAT_A_SHMEM_PROGRESS, 42);
}

/* The totals of a snapshot cut short at the object cap. */
static void build_shmem_truncated(void)
{
	struct nlattr *n = nest(KMEMSTAT_A_SHMEM_TOTALS);

	put_u32(KMEMSTAT_SHT_OBJECTS, KMEMSTAT_SHMEM_OBJECTS_MAX);
	put_u64(KMEMSTAT_SHT_SHMEM, 3 << 20);
	put_u8(KMEMSTAT_SHT_SYSV_LISTED, 1);
	put_u32(KMEMSTAT_SHT_TRUNCATED, KMEMSTAT_SHMEM_TRUNC_OBJECTS);
	put_u32(KMEMSTAT_SHT_VMAS_OMITTED, 8929);
	end(n, KMEMSTAT_SHT_MAX);
}

static void build_shmem_busy(void)
{
	struct nlattr *n = nest(KMEMSTAT_A_SHMEM_TOTALS);

	put_u32(KMEMSTAT_SHT_OBJECTS, 12);
	put_u64(KMEMSTAT_SHT_SHMEM, 3 << 20);
	put_u8(KMEMSTAT_SHT_SYSV_LISTED, 1);
	put_u32(KMEMSTAT_SHT_TRUNCATED, KMEMSTAT_SHMEM_TRUNC_BUSY);
	put_u32(KMEMSTAT_SHT_VMAS_OMITTED, 0);
	put_u32(KMEMSTAT_SHT_PROCESSES_BUSY, 2);
	end(n, KMEMSTAT_SHT_MAX);
}

/* Kernels before 5.2 do not flag nests. */
static void unflag_nests(struct msg *m)
{
	int i;

	for (i = 0; i < m->nat; i++)
		((struct nlattr *)(m->b + m->at[i].off))->nla_type &= ~NLA_F_NESTED;
}

/* ---- parsing ------------------------------------------------------------- */

static void free_out(int kind, union out *o)
{
	if (kind == K_TASKS)
		km_tasks_free(&o->tasks);
	if (kind == K_SHMEM)
		km_shm_free(&o->shm);
}

static int terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

#define TERMINATED(s)	terminated(s, sizeof(s))

/* After a success: every string the model got ends inside its buffer. */
static int strings_ok(int kind, const union out *o)
{
	size_t i, j;
	int ok = 1;

	if (kind == K_INFO)
		ok = TERMINATED(o->info.module_version) && TERMINATED(o->info.kernel_release);
	for (i = 0; kind == K_TASKS && i < o->tasks.n; i++)
		ok &= TERMINATED(o->tasks.v[i].comm);
	for (i = 0; kind == K_SHMEM && i < o->shm.n; i++) {
		ok &= TERMINATED(o->shm.v[i].name);
		for (j = 0; j < o->shm.v[i].nmappers; j++)
			ok &= TERMINATED(o->shm.v[i].mappers[j].comm);
	}
	return ok;
}

/*
 * Parse the first @len bytes of @m, copied to end at the inaccessible
 * page (4-byte aligned, as libnl hands messages over, the 0 to 3 bytes
 * between poisoned for ASan). @o is left for the caller to read and free.
 */
static int parse(const struct msg *m, size_t len, union out *o, char *why)
{
	size_t room = NLMSG_ALIGN(len);
	uint8_t *p = edge - room;
	int rc;

	memcpy(p, m->b, len);
	ASAN_POISON_MEMORY_REGION(p + len, room - len);
	memset(o, 0, sizeof(*o));
	memset(why, 0, KM_ERRMSG_SIZE);
	rc = kinds[m->kind].parse((struct nlmsghdr *)p, len, o, why);
	ASAN_UNPOISON_MEMORY_REGION(p + len, room - len);
	return rc;
}

enum want { ANY, OK, REFUSED };

struct tally {
	long cases, refused, bad;
	char first[512];	/* the first case that went wrong */
};

static long total_cases;

/* One case: parse, and hold the result to what @want allows. */
static void expect(struct tally *t, const struct msg *m, size_t len, enum want want,
		   const char *what, int arg)
{
	char why[KM_ERRMSG_SIZE];
	union out o;
	int rc, good;

	snprintf(current, sizeof(current), "%s reply, %s %d, %zu bytes",
		 kinds[m->kind].name, what, arg, len);
	rc = parse(m, len, &o, why);
	if (rc == -KM_EREPLY)
		good = why[0] && want != OK;
	else if (rc == -KM_EABI)
		good = want != OK;
	else
		good = !rc && want != REFUSED && strings_ok(m->kind, &o);
	free_out(m->kind, &o);
	t->cases++;
	total_cases++;
	t->refused += rc != 0;
	if (!good && !t->bad++)
		snprintf(t->first, sizeof(t->first), "%s: returned %d (%s)",
			 current, rc, why);
}

static void report(const struct tally *t, const char *what)
{
	if (t->bad)
		ksft_print_msg("%ld bad, the first: %s\n", t->bad, t->first);
	ksft_test_result(!t->bad && t->cases, "%s: %ld cases, %ld refused, none wrong\n",
			 what, t->cases, t->refused);
}

/* ---- mutations ----------------------------------------------------------- */

static struct nlattr *attr(struct msg *m, int i)
{
	return (struct nlattr *)(m->b + m->at[i].off);
}

/*
 * Put @n bytes of @data in place of the @del at @pos, inside attribute
 * @in: it, its containers and the message grow or shrink alike.
 */
static void splice(struct msg *m, int in, size_t pos, size_t del,
		   const void *data, size_t n)
{
	long delta = (long)n - (long)del;

	if (m->len + delta > MSG_MAX)
		ksft_exit_fail_msg("a mutation beyond %d bytes\n", MSG_MAX);
	memmove(m->b + pos + n, m->b + pos + del, m->len - pos - del);
	memcpy(m->b + pos, data, n);
	for (; in >= 0; in = m->at[in].parent)
		attr(m, in)->nla_len += delta;
	m->len += delta;
	((struct nlmsghdr *)m->b)->nlmsg_len += delta;
}

/* Attribute @i with @n bytes of @data for its payload, padded. */
static void set_payload(struct msg *m, int i, const void *data, size_t n)
{
	uint8_t buf[MSG_MAX] = { 0 };
	struct nlattr *a = (struct nlattr *)buf;

	a->nla_type = attr(m, i)->nla_type;
	a->nla_len = NLA_HDRLEN + n;
	if (n)
		memcpy(buf + NLA_HDRLEN, data, n);
	splice(m, m->at[i].parent, m->at[i].off, NLA_ALIGN(attr(m, i)->nla_len),
	       buf, NLA_ALIGN(NLA_HDRLEN + n));
}

static uint64_t rng = SEED;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static void fill_random(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)rnd();
}

/* Neither a nest nor empty: a string or an integer, which policies size. */
static int has_payload(const struct msg *m, int i)
{
	return !m->at[i].nest && nla_len((const struct nlattr *)(m->b + m->at[i].off)) > 0;
}

static void cut(struct tally *t)
{
	struct msg m;
	size_t k;
	int i;

	for (i = 0; i < NKINDS; i++) {
		for (k = 0; k < base[i].len; k++) {
			/* Fewer bytes than the header says: never parsed. */
			expect(t, &base[i], k, REFUSED, "cut, nlmsg_len kept, at", (int)k);
			/* The header cut too: what is left may be whole. */
			m = base[i];
			if (k >= sizeof(uint32_t))
				((struct nlmsghdr *)m.b)->nlmsg_len = k;
			expect(t, &m, k, ANY, "cut with nlmsg_len, at", (int)k);
		}
	}
}

static void types(struct tally *t)
{
	static const uint16_t flags[] = { 0, NLA_F_NESTED, NLA_F_NET_BYTEORDER };
	struct msg m;
	int i, j, ty, f;

	for (i = 0; i < NKINDS; i++)
		for (j = 0; j < base[i].nat; j++)
			for (ty = 0; ty <= KMEMSTAT_MEM_MAX + 2; ty++)
				for (f = 0; f < 3; f++) {
					m = base[i];
					attr(&m, j)->nla_type = ty | flags[f];
					expect(t, &m, m.len, ANY, "type changed, attribute", j);
				}
}

static void set_length(struct tally *t, const struct msg *b, int j, int l)
{
	struct msg m = *b;

	attr(&m, j)->nla_len = l;
	/* Shorter than its header or past its container: refused. */
	expect(t, &m, m.len, l < NLA_HDRLEN || (size_t)l > m.at[j].room ? REFUSED : ANY,
	       "length changed, attribute", j);
}

static void lengths(struct tally *t)
{
	int i, j, l;

	for (i = 0; i < NKINDS; i++)
		for (j = 0; j < base[i].nat; j++) {
			for (l = 0; l <= attr(&base[i], j)->nla_len + 12; l++)
				set_length(t, &base[i], j, l);
			set_length(t, &base[i], j, base[i].at[j].room + 1);
			set_length(t, &base[i], j, 0xffff);
		}
}

static void empty(struct tally *t)
{
	struct msg m;
	int i, j;

	for (i = 0; i < NKINDS; i++)
		for (j = 0; j < base[i].nat; j++) {
			m = base[i];
			set_payload(&m, j, NULL, 0);
			expect(t, &m, m.len, has_payload(&base[i], j) ? REFUSED : ANY,
			       "payload emptied, attribute", j);
		}
}

static void grow(struct tally *t)
{
	static uint8_t big[4200];
	uint8_t buf[MSG_MAX];
	struct msg m;
	int i, j, n;

	memset(big, 'A', sizeof(big) - 1);
	for (i = 0; i < NKINDS; i++)
		for (j = 0; j < base[i].nat; j++) {
			n = nla_len(attr(&base[i], j));
			/* Four more zero bytes: a string may still end in its NUL. */
			m = base[i];
			memcpy(buf, nla_data(attr(&m, j)), n);
			memset(buf + n, 0, 4);
			set_payload(&m, j, buf, n + 4);
			expect(t, &m, m.len, has_payload(&base[i], j) && !m.at[j].str ?
			       REFUSED : ANY, "payload grown by 4, attribute", j);
			/* Beyond every string's maxlen, NUL-terminated or not. */
			m = base[i];
			set_payload(&m, j, big, sizeof(big));
			expect(t, &m, m.len, has_payload(&base[i], j) ? REFUSED : ANY,
			       "payload of 4200 bytes, attribute", j);
			m = base[i];
			set_payload(&m, j, big, sizeof(big) - 1);
			expect(t, &m, m.len, has_payload(&base[i], j) ? REFUSED : ANY,
			       "payload of 4199 bytes, attribute", j);
		}
}

static void duplicate(struct tally *t)
{
	uint8_t buf[MSG_MAX];
	struct msg m;
	size_t n;
	int i, j;

	for (i = 0; i < NKINDS; i++)
		for (j = 0; j < base[i].nat; j++) {
			m = base[i];
			n = NLA_ALIGN(attr(&m, j)->nla_len);
			memcpy(buf, attr(&m, j), n);
			splice(&m, m.at[j].parent, m.at[j].off + n, 0, buf, n);
			expect(t, &m, m.len, OK, "duplicated, attribute", j);
		}
}

static void unterminated(struct tally *t)
{
	struct msg m;
	int i, j;

	for (i = 0; i < NKINDS; i++)
		for (j = 0; j < base[i].nat; j++) {
			if (!base[i].at[j].str)
				continue;
			m = base[i];
			((char *)nla_data(attr(&m, j)))[nla_len(attr(&m, j)) - 1] = 'x';
			expect(t, &m, m.len, REFUSED, "string without its NUL, attribute", j);
		}
}

static void garbage(struct tally *t)
{
	uint8_t buf[MSG_MAX];
	struct msg m;
	int i, j, r;
	size_t n;

	for (i = 0; i < NKINDS; i++)
		for (j = 0; j < base[i].nat; j++) {
			if (!base[i].at[j].nest)
				continue;
			for (r = 0; r < 200; r++) {
				/* Same length, or any up to 300 bytes. */
				m = base[i];
				n = r < 100 ? (size_t)nla_len(attr(&m, j)) : rnd() % 301;
				fill_random(buf, n);
				set_payload(&m, j, buf, n);
				expect(t, &m, m.len, ANY, "nest of garbage, attribute", j);
			}
		}
}

/* Bytes of a valid reply changed at random, headers included; some cut. */
static void flips(struct tally *t)
{
	struct msg m;
	int r, f, nflips;

	for (r = 0; r < RANDOM_FLIPS; r++) {
		m = base[rnd() % NKINDS];
		if (rnd() % 4 == 0)
			unflag_nests(&m);
		nflips = 1 + rnd() % 8;
		for (f = 0; f < nflips; f++)
			m.b[rnd() % m.len] = (uint8_t)rnd();
		if (rnd() % 4 == 0) {
			m.len = rnd() % (m.len + 1);
			if (rnd() % 2 && m.len >= sizeof(uint32_t))
				((struct nlmsghdr *)m.b)->nlmsg_len = m.len;
		}
		expect(t, &m, m.len, ANY, "random flips, round", r);
	}
}

/* Random attributes, nested up to three deep, after a valid header. */
static size_t random_attrs(uint8_t *p, size_t room, int depth)
{
	size_t used = 0, n;
	struct nlattr *a;

	while (used + NLA_HDRLEN <= room && rnd() % 6) {
		a = (struct nlattr *)(p + used);
		a->nla_type = rnd() % (KMEMSTAT_MEM_MAX + 3);
		if (depth < 3 && rnd() % 3 == 0) {
			a->nla_type |= rnd() % 2 ? NLA_F_NESTED : 0;
			n = random_attrs(p + used + NLA_HDRLEN, room - used - NLA_HDRLEN,
					 depth + 1);
		} else {
			n = rnd() % 2 ? 1ULL << (rnd() % 4) : rnd() % 24;
			if (n > room - used - NLA_HDRLEN)
				n = room - used - NLA_HDRLEN;
			fill_random(p + used + NLA_HDRLEN, n);
			if (n && rnd() % 2)
				p[used + NLA_HDRLEN + n - 1] = 0;
		}
		a->nla_len = NLA_HDRLEN + n;
		if (rnd() % 50 == 0)
			a->nla_len = rnd();	/* any length, mostly too long */
		used += NLA_ALIGN(NLA_HDRLEN + n);
		if (used > room)
			used = room;
	}
	return used;
}

static void streams(struct tally *t)
{
	struct msg m;
	int r;

	for (r = 0; r < RANDOM_STREAMS; r++) {
		m = base[rnd() % NKINDS];
		m.len = GENL_ATTRS + random_attrs(m.b + GENL_ATTRS, 1024, 0);
		((struct nlmsghdr *)m.b)->nlmsg_len = m.len;
		expect(t, &m, m.len, ANY, "random attributes, round", r);
	}
}

/* ---- valid replies ------------------------------------------------------- */

static int info_ok(const struct km_info *i)
{
	return !strcmp(i->module_version, "0.1.0") && i->abi_version == 1 &&
	       !strcmp(i->kernel_release, "6.1.0-42-amd64") && i->features == 0x1f;
}

static int mem_ok(const struct km_mem *m)
{
	int i, ok = m->formula == KMEMSTAT_FORMULA_4_20 && m->page_size == 4096;

	for (i = 0; i < KM_NFIELDS; i++)
		ok &= km_fields[i].attr ? km_has(m, i) && m->v[i] == mem_value(i) :
			!km_has(m, i);
	return ok;
}

static int tasks_ok(const struct km_tasks *l)
{
	const struct km_task *t = l->v;

	return l->n == 3 && t[0].pid == 42 && t[0].tgid == 42 && t[0].ppid == 1 &&
	       t[0].uid == 1000 && !strcmp(t[0].comm, "a (b) c)") && t[0].state == 'D' &&
	       t[0].utime == 3000000000ULL && t[0].stime == 9000000000ULL &&
	       t[0].runtime == 12000000001ULL && t[0].start == 4000000000ULL &&
	       t[0].nvcsw == 3 && t[0].nivcsw == 4 && t[0].min_flt == 7 &&
	       t[0].maj_flt == 1 && t[0].threads == 2 &&
	       t[1].pid == 43 && !strcmp(t[1].comm, "kworker/u4:1-ev") &&
	       t[1].state == 'I' && t[1].threads == 0 && t[1].utime == 0 &&
	       t[2].pid == 44 && t[2].state == '?' && !t[2].comm[0];
}

static int summary_ok(const struct km_task_summary *s)
{
	return s->processes == 54 && s->threads == 60 &&
	       s->proc_states[KMEMSTAT_STATE_R] == 1 && s->proc_states[KMEMSTAT_STATE_S] == 16 &&
	       s->proc_states[KMEMSTAT_STATE_I] == 37 && s->proc_states[KMEMSTAT_STATE_D] == 0 &&
	       s->thread_states[KMEMSTAT_STATE_R] == 2 &&
	       s->thread_states[KMEMSTAT_STATE_S] == 21 &&
	       s->utime == 60000000 && s->stime == 2460000000ULL;
}

static int shmem_ok(const struct km_shm *l)
{
	const struct km_shm_obj *o = l->v;
	const struct km_shm_mapper *mp;

	if (l->n != 2 || o[0].nmappers != 2)
		return 0;
	mp = o[0].mappers;
	return o[0].dev == 1 && o[0].ino == 1234 && o[0].kind == KMEMSTAT_SHMEM_MEMFD &&
	       !strcmp(o[0].name, "memfd:buf (deleted)") && o[0].size == 2 << 20 &&
	       o[0].resident == 1 << 20 && o[0].swapped == 4096 && o[0].processes == 2 &&
	       o[0].vmas == 2 && o[0].omitted == 0 &&
	       mp[0].pid == 100 && !strcmp(mp[0].comm, "writer") &&
	       mp[0].start == 0x7f0000000000ULL && mp[0].end == 0x7f0000200000ULL &&
	       mp[0].offset == 0 && mp[0].prot == (KMEMSTAT_PROT_READ | KMEMSTAT_PROT_WRITE |
						   KMEMSTAT_PROT_SHARED) &&
	       mp[0].has_mapped && mp[0].mapped == 1 << 20 &&
	       mp[1].pid == 101 && !strcmp(mp[1].comm, "reader") && mp[1].offset == 4096 &&
	       !mp[1].has_mapped &&
	       o[1].ino == 32769 && o[1].kind == KMEMSTAT_SHMEM_SYSV &&
	       !strcmp(o[1].name, "SYSV0000beef") && o[1].key == 0xbeef &&
	       o[1].nmappers == 0 && o[1].processes == 0 &&
	       (l->have & KM_SHM_HAVE_TOTALS) && l->objects == 1 &&
	       l->mapped_resident == 1 << 20 && l->mapped_swapped == 4096 &&
	       l->sysv_unmapped == 1 && l->sysv_resident == 8192 && l->sysv_swapped == 0 &&
	       l->shmem == 3 << 20 && l->sysv_listed == 1;
}

static int values_ok(int kind, const union out *o)
{
	switch (kind) {
	case K_INFO:
		return info_ok(&o->info);
	case K_MEM:
		return mem_ok(&o->mem);
	case K_TASKS:
		return tasks_ok(&o->tasks);
	case K_SUMMARY:
		return summary_ok(&o->sum);
	default:
		return shmem_ok(&o->shm);
	}
}

/* Parse @m whole: 0 and the expected values. */
static int parses(const struct msg *m)
{
	char why[KM_ERRMSG_SIZE];
	union out o;
	int rc, ok;

	snprintf(current, sizeof(current), "the valid %s reply", kinds[m->kind].name);
	rc = parse(m, m->len, &o, why);
	ok = !rc && values_ok(m->kind, &o);
	if (!ok)
		ksft_print_msg("%s: returned %d (%s)\n", current, rc, why);
	free_out(m->kind, &o);
	return ok;
}

/* Parse @m whole: refused, and @why as @want says (NULL: any sentence). */
static int refused(const struct msg *m, int want_rc, const char *want)
{
	char why[KM_ERRMSG_SIZE];
	union out o;
	int rc, ok;

	snprintf(current, sizeof(current), "a malformed %s reply", kinds[m->kind].name);
	rc = parse(m, m->len, &o, why);
	free_out(m->kind, &o);
	ok = rc == want_rc && (rc != -KM_EREPLY || (want ? !strcmp(why, want) : why[0] != 0));
	if (!ok)
		ksft_print_msg("returned %d (%s)%s%s\n", rc, why, want ? ", wanted " : "", want ? want : "");
	return ok;
}

/* The attribute of type @type under the attribute at index @parent (-1: top). */
static int find(const struct msg *m, int parent, int type)
{
	int i;

	for (i = 0; i < m->nat; i++)
		if (m->at[i].parent == parent &&
		    (((const struct nlattr *)(m->b + m->at[i].off))->nla_type & NLA_TYPE_MASK) == type)
			return i;
	ksft_exit_fail_msg("no attribute %d under %d\n", type, parent);
	return -1;
}

/* An integer of the wrong size, in the first nest @nest of a @kind reply. */
static const struct {
	int kind, nest, type;
	const char *payload;
	int n;
	const char *why, *what;
} resized[] = {
	{ K_INFO, KMEMSTAT_A_INFO, KMEMSTAT_INFO_FEATURES, "\x1f\0\0", 4,
	  "attribute 5 in KMEMSTAT_A_INFO: 4 bytes, not 8",
	  "a u64 of 4 bytes (FEATURES) is refused" },
	{ K_INFO, KMEMSTAT_A_INFO, KMEMSTAT_INFO_ABI_VERSION, "\1", 2,
	  "attribute 3 in KMEMSTAT_A_INFO: 2 bytes, not 4",
	  "a u32 of 2 bytes (ABI_VERSION) is refused" },
	{ K_SHMEM, KMEMSTAT_A_SHMEM_TOTALS, KMEMSTAT_SHT_SYSV_LISTED, NULL, 0,
	  "attribute 9 in KMEMSTAT_A_SHMEM_TOTALS: 0 bytes, not 1",
	  "a u8 with no payload, last in the message (SYSV_LISTED), is refused" },
	{ K_TASKS, KMEMSTAT_A_TASK, KMEMSTAT_TASK_UTIME_NS, "\1\0\0", 4,
	  "attribute 8 in KMEMSTAT_A_TASK: 4 bytes, not 8",
	  "a u64 of 4 bytes in a task (UTIME_NS) is refused" },
};

static const struct {
	void (*run)(struct tally *t);
	const char *what;
} families[] = {
	{ cut, "cut at every length, with and without nlmsg_len" },
	{ types, "every attribute's type set to 0..33, with each flag" },
	{ lengths, "every attribute's length set to 0..its own + 12, past its container, 0xffff" },
	{ empty, "every attribute's payload emptied" },
	{ grow, "every attribute's payload grown by 4 and to 4200 bytes" },
	{ duplicate, "every attribute duplicated: still a valid reply" },
	{ unterminated, "every string without its NUL: refused" },
	{ garbage, "every nest filled with random bytes, 200 times" },
	{ flips, "random bytes of valid replies changed (seed 0x6b6d656d73746174)" },
	{ streams, "random attribute streams, nested up to 3 deep" },
};

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char why[KM_ERRMSG_SIZE];
	struct tally t;
	struct msg m;
	union out o;
	uint8_t *region;
	size_t f;
	int i, j, ok;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(14 + ARRAY_SIZE(resized) + ARRAY_SIZE(families));
#ifdef __SANITIZE_ADDRESS__
	__sanitizer_set_death_callback(say_case);
#else
	signal(SIGSEGV, on_fault);
	signal(SIGBUS, on_fault);
#endif
	region = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED || 3 * page < MSG_MAX ||
	    mprotect(region + 3 * page, page, PROT_NONE))
		ksft_exit_fail_msg("cannot map the message area\n");
	edge = region + 3 * page;
	for (i = 0; i < NKINDS; i++)
		build(&base[i], i);

	for (i = 0; i < NKINDS; i++)
		ksft_test_result(parses(&base[i]), "%s: a valid reply parses to what was put in (%zu bytes)\n",
				 kinds[i].name, base[i].len);
	for (ok = 1, i = 0; i < NKINDS; i++) {
		m = base[i];
		unflag_nests(&m);
		ok &= parses(&m);
	}
	ksft_test_result(ok, "nests without NLA_F_NESTED (kernels before 5.2) parse alike\n");
	extra = 1;
	for (ok = 1, i = 0; i < NKINDS; i++) {
		build(&m, i);
		ok &= m.len > base[i].len && parses(&m);
	}
	extra = 0;
	ksft_test_result(ok, "attribute numbers beyond every policy (a newer module) are skipped\n");

	build_with(&m, K_SHMEM, build_shmem_progress);
	ok = !parse(&m, m.len, &o, why) && o.shm.n == 0 && !(o.shm.have & KM_SHM_HAVE_TOTALS);
	free_out(K_SHMEM, &o);
	ksft_test_result(ok, "shmem: a progress message (KMEMSTAT_A_SHMEM_PROGRESS alone) parses to nothing\n");
	build_with(&m, K_SHMEM, build_shmem_truncated);
	ok = !parse(&m, m.len, &o, why) && (o.shm.have & KM_SHM_HAVE_TOTALS) &&
	     o.shm.truncated == KMEMSTAT_SHMEM_TRUNC_OBJECTS && o.shm.vmas_omitted == 8929 &&
	     strstr(o.shm.note, "object bound: 8929 mappings") &&
	     !(o.shm.have & KM_SHM_HAVE_REST) && strstr(o.shm.rest_why, "cut short");
	ksft_print_msg("note: %s\n", o.shm.note);
	free_out(K_SHMEM, &o);
	ksft_test_result(ok, "shmem: totals cut short give TRUNCATED, VMAS_OMITTED, a note, and no rest\n");
	build_with(&m, K_SHMEM, build_shmem_busy);
	ok = !parse(&m, m.len, &o, why) && (o.shm.have & KM_SHM_HAVE_TOTALS) &&
	     o.shm.truncated == KMEMSTAT_SHMEM_TRUNC_BUSY && o.shm.processes_busy == 2 &&
	     strstr(o.shm.note, "left out 2 processes whose memory map stayed locked") &&
	     !strstr(o.shm.note, "bound") && !(o.shm.have & KM_SHM_HAVE_REST);
	ksft_print_msg("note: %s\n", o.shm.note);
	free_out(K_SHMEM, &o);
	ksft_test_result(ok, "shmem: processes left out (TRUNC_BUSY) give PROCESSES_BUSY, their note, and no rest\n");

	m = base[K_INFO];
	((struct genlmsghdr *)nlmsg_data((struct nlmsghdr *)m.b))->version = 2;
	ksft_test_result(refused(&m, -KM_EABI, NULL), "another ABI version: -KM_EABI\n");

	m = base[K_TASKS];
	j = find(&m, find(&m, -1, KMEMSTAT_A_TASK), KMEMSTAT_TASK_COMM);
	((char *)nla_data(attr(&m, j)))[nla_len(attr(&m, j)) - 1] = ')';
	ksft_test_result(refused(&m, -KM_EREPLY, "attribute 6 in KMEMSTAT_A_TASK: a string without its NUL"),
			 "a COMM without its NUL is refused\n");

	for (f = 0; f < ARRAY_SIZE(resized); f++) {
		m = base[resized[f].kind];
		j = find(&m, find(&m, -1, resized[f].nest), resized[f].type);
		set_payload(&m, j, resized[f].payload, resized[f].n);
		ksft_test_result(refused(&m, -KM_EREPLY, resized[f].why), "%s\n", resized[f].what);
	}

	m = base[K_MEM];
	m.len = NLMSG_HDRLEN;
	((struct nlmsghdr *)m.b)->nlmsg_len = m.len;
	ksft_test_result(refused(&m, -KM_EREPLY, "a message of 16 bytes, too short for its headers"),
			 "a message without its genetlink header is refused\n");

	m = base[K_TASKS];
	m.len = attr(&m, find(&m, -1, KMEMSTAT_A_TASK))->nla_len + GENL_ATTRS - 8;
	((struct nlmsghdr *)m.b)->nlmsg_len = m.len;
	ksft_test_result(refused(&m, -KM_EREPLY, NULL),
			 "a message cut inside its first task is refused, not read as no task\n");

	for (f = 0; f < ARRAY_SIZE(families); f++) {
		memset(&t, 0, sizeof(t));
		families[f].run(&t);
		report(&t, families[f].what);
	}
	ksft_print_msg("%ld cases in all\n", total_cases);
	munmap(region, 4 * page);
	ksft_finished();
}

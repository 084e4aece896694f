// SPDX-License-Identifier: GPL-2.0
/*
 * GET_TASKS and GET_TASK_SUMMARY: per-task CPU time, state and counters, as
 * /proc/PID/task/TID/stat (threads) and /proc/PID/stat (processes) show
 * them, for every task in the caller's pid namespace.
 *
 * Locking: tasks are visited in pid order under rcu_read_lock(), at most
 * KM_PIDS_PER_RCU pids per read-side section; inside, only spinlocks and
 * seqlocks are taken, nothing sleeps. Between sections, and between dump
 * messages, RCU is dropped and the CPU offered with cond_resched(). The
 * dump cursor is the next pid number, so a dump resumes right after the
 * last task it sent.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/cred.h>
#include <linux/capability.h>
#include <linux/user_namespace.h>
#include "kmemstat.h"

#define KM_PIDS_PER_RCU	128
/* A visitor's "seen enough": the walk ends as if every pid was visited. */
#define KM_WALK_STOP	1

static bool restrict_tasks;
module_param(restrict_tasks, bool, 0644);
MODULE_PARM_DESC(restrict_tasks,
		 "callers without CAP_SYS_PTRACE see only the processes whose memory they may read (ptrace's read rule, which hidepid=2 applies)");

static const struct nla_policy km_task_filter_policy[KMEMSTAT_TF_MAX + 1] = {
	[KMEMSTAT_TF_FLAGS]		= { .type = NLA_U32 },
	[KMEMSTAT_TF_PID]		= { .type = NLA_U32 },
	[KMEMSTAT_TF_TGID]		= { .type = NLA_U32 },
	[KMEMSTAT_TF_UID]		= { .type = NLA_U32 },
	[KMEMSTAT_TF_STATE_MASK]	= { .type = NLA_U32 },
	[KMEMSTAT_TF_MIN_CPU_NS]	= { .type = NLA_U64 },
};

/* One record, thread or process. */
struct km_task_stat {
	u32 pid, tgid, ppid, uid, threads;
	u8 state;
	char comm[TASK_COMM_LEN];
	u64 utime, stime, runtime, start;
	u64 nvcsw, nivcsw, min_flt, maj_flt;
};

static u8 km_state_index(char c)
{
	const char *p = strchr(KMEMSTAT_STATE_LETTERS, c);

	return p && *p ? p - KMEMSTAT_STATE_LETTERS : KMEMSTAT_STATE_R;
}

/*
 * The state letter /proc prints. 4.14 brought task_state_to_char() (and the
 * I and P letters); before, get_task_state() let the highest reported bit
 * win, with the bit values of this kernel's headers (3.14 swapped those of
 * EXIT_ZOMBIE and EXIT_DEAD). Parked kthreads are shown as sleeping from
 * about 4.0 (4.4 and RHEL 7.9 do, 3.13 does not) and as running before.
 */
#ifdef KM_HAVE_TASK_STATE_TO_CHAR
static char km_task_state_char(struct task_struct *t)
{
	return task_state_to_char(t);
}
#else
static char km_task_state_char(struct task_struct *t)
{
	unsigned long raw = km_task_state(t);
	unsigned int state = (raw & TASK_REPORT) | t->exit_state;
	unsigned int top = state ? 1U << (fls(state) - 1) : 0;

#ifdef KM_PARKED_SLEEPS
	if (raw == TASK_PARKED)
		return 'S';
#endif
	if (top == TASK_INTERRUPTIBLE)
		return 'S';
	if (top == TASK_UNINTERRUPTIBLE)
		return 'D';
	if (top == __TASK_STOPPED)
		return 'T';
	if (top == __TASK_TRACED)
		return 't';
	if (top == EXIT_ZOMBIE)
		return 'Z';
	if (top == EXIT_DEAD)
		return 'X';
	return 'R';
}
#endif

/*
 * stime * rtime / total without overflow, as cputime_adjust() computes it:
 * exactly (128-bit) from 5.9; before, scale_stime() dropped precision the
 * same way this does.
 */
#ifdef KM_HAVE_MUL_U64_U64_DIV_U64
static u64 __maybe_unused km_scale_stime(u64 stime, u64 rtime, u64 total)
{
	return mul_u64_u64_div_u64(stime, rtime, total);
}
#else
static u64 __maybe_unused km_scale_stime(u64 stime, u64 rtime, u64 total)
{
	for (;;) {
		if (stime > rtime)
			swap(rtime, stime);
		if (total >> 32)
			goto drop;
		if (!(rtime >> 32))
			break;
		if (stime >> 31)
			goto drop;
		stime <<= 1;
		rtime >>= 1;
		continue;
drop:
		rtime >>= 1;
		total >>= 1;
	}
	return div_u64((u64)(u32)stime * (u64)(u32)rtime, (u32)total);
}
#endif

/*
 * Per thread, /proc/PID/task/TID/stat prints task_cputime_adjusted(),
 * exported from 4.4; before, scale the raw ticks the same way without the
 * kernel's monotonic clamp (within a tick of /proc).
 */
#if defined(KM_EXPORTS_TASK_CPUTIME_ADJUSTED) && defined(KM_HAVE_CPUTIME_NS)
static void km_task_cputime_adjusted(struct task_struct *t, u64 *ut, u64 *st)
{
	task_cputime_adjusted(t, ut, st);
}
#elif defined(KM_EXPORTS_TASK_CPUTIME_ADJUSTED)
static void km_task_cputime_adjusted(struct task_struct *t, u64 *ut, u64 *st)
{
	cputime_t u, s;

	task_cputime_adjusted(t, &u, &s);
	*ut = km_cputime_ns(u);
	*st = km_cputime_ns(s);
}
#else
static void km_cputime_adjust(u64 utime, u64 stime, u64 rtime,
			      u64 prev_ut, u64 prev_st, u64 *ut, u64 *st);

/* With the thread's own last figures, which /proc keeps per task too. */
static void km_task_cputime_adjusted(struct task_struct *t, u64 *ut, u64 *st)
{
	u64 pu = 0, ps = 0;

#if defined(KM_HAVE_PREV_CPUTIME_STRUCT) && !defined(KM_HAVE_PREV_CPUTIME_LOCK)
	pu = km_cputime_ns(READ_ONCE(t->prev_cputime.utime));
	ps = km_cputime_ns(READ_ONCE(t->prev_cputime.stime));
#elif defined(KM_HAVE_PREV_UTIME) && !defined(KM_HAVE_PREV_CPUTIME_STRUCT)
	pu = km_cputime_ns(READ_ONCE(t->prev_utime));
	ps = km_cputime_ns(READ_ONCE(t->prev_stime));
#endif
	km_cputime_adjust(km_cputime_ns(t->utime), km_cputime_ns(t->stime),
			  t->se.sum_exec_runtime, pu, ps, ut, st);
}
#endif

/*
 * The thread group's previous adjusted times, the clamp cputime_adjust()
 * keeps so that /proc's figures never go backwards: a struct with a raw
 * lock from 4.3, a struct without one from 3.9 (in ticks before 4.11), two
 * fields before. Read-only here: the module never writes kernel state.
 */
#if defined(KM_HAVE_PREV_CPUTIME_LOCK)
static void km_group_prev(struct signal_struct *sig, u64 *ut, u64 *st)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sig->prev_cputime.lock, flags);
	*ut = km_cputime_ns(sig->prev_cputime.utime);
	*st = km_cputime_ns(sig->prev_cputime.stime);
	raw_spin_unlock_irqrestore(&sig->prev_cputime.lock, flags);
}
#elif defined(KM_HAVE_PREV_CPUTIME_STRUCT)
static void km_group_prev(struct signal_struct *sig, u64 *ut, u64 *st)
{
	*ut = km_cputime_ns(READ_ONCE(sig->prev_cputime.utime));
	*st = km_cputime_ns(READ_ONCE(sig->prev_cputime.stime));
}
#elif defined(KM_HAVE_PREV_UTIME)
static void km_group_prev(struct signal_struct *sig, u64 *ut, u64 *st)
{
	*ut = km_cputime_ns(READ_ONCE(sig->prev_utime));
	*st = km_cputime_ns(READ_ONCE(sig->prev_stime));
}
#else
static void km_group_prev(struct signal_struct *sig, u64 *ut, u64 *st)
{
	*ut = 0;
	*st = 0;
}
#endif

/*
 * The next pid at or above @nr in @ns, under rcu_read_lock(): find_ge_pid()
 * where exported (6.x); otherwise the same search over what the namespace
 * keeps: its IDR (4.15 on) or its bitmaps (one bit per pid in use, pages
 * allocated as pids are, so the scan stops where pid_max does).
 */
#if defined(KM_EXPORTS_FIND_GE_PID)
static struct pid *km_find_ge_pid(int nr, struct pid_namespace *ns)
{
	return find_ge_pid(nr, ns);
}
#elif defined(KM_HAVE_PID_NS_IDR)
static struct pid *km_find_ge_pid(int nr, struct pid_namespace *ns)
{
	return idr_get_next(&ns->idr, &nr);
}
#elif defined(KM_HAVE_PID_NS_PIDMAP)
#define KM_PIDS_PER_PAGE	(PAGE_SIZE * 8)
static struct pid *km_find_ge_pid(int nr, struct pid_namespace *ns)
{
	struct pid *pid;
	unsigned long *page;
	unsigned long bit;
	int i;

	while (nr > 0 && nr < PID_MAX_LIMIT) {
		i = nr / KM_PIDS_PER_PAGE;
		if (i >= PIDMAP_ENTRIES)
			break;
		page = READ_ONCE(ns->pidmap[i].page);
		bit = page ? find_next_bit(page, KM_PIDS_PER_PAGE, nr % KM_PIDS_PER_PAGE) :
			     KM_PIDS_PER_PAGE;
		if (bit >= KM_PIDS_PER_PAGE) {
			nr = (i + 1) * KM_PIDS_PER_PAGE;
			continue;
		}
		nr = i * KM_PIDS_PER_PAGE + bit;
		pid = find_pid_ns(nr, ns);
		if (pid)
			return pid;
		nr++;	/* allocated, not yet hashed: as find_ge_pid() */
	}
	return NULL;
}
#else
#error "kmemstat: no way to walk a pid namespace on this kernel"
#endif

/*
 * cputime_adjust() works in cputime_t units: ticks before 4.11 unless
 * virtual accounting keeps nanoseconds. It cuts the runtime to whole ticks
 * first (nsecs_to_cputime()) and splits those, so the split is computed
 * here in the same unit: in nanoseconds it could differ from /proc by one.
 * KM_ADJUST_UNIT is a tick as km_cputime_ns() counts it.
 */
#if !defined(KM_HAVE_CPUTIME_NS) && !defined(CONFIG_VIRT_CPU_ACCOUNTING)
#define KM_ADJUST_UNIT		((u32)TICK_NSEC)
#define km_adjust_runtime(ns)	km_runtime_ticks(ns)
#else
#define KM_ADJUST_UNIT		1U
#define km_adjust_runtime(ns)	(ns)
#endif

/*
 * The split of @rtime in the unit above, by each era's rule: from 4.3
 * (the lock in struct prev_cputime) stime + utime == rtime, both never
 * below the last figures; 3.9 to 4.2 give all to stime when there are no
 * user ticks and keep each figure's maximum apart; before, utime is the
 * scaled one (thread_group_times(), 2.6.33 to 3.8 and 2.6.32.y).
 */
static void __maybe_unused km_cputime_split(u64 utime, u64 stime, u64 rtime,
			     u64 prev_ut, u64 prev_st, u64 *ut, u64 *st)
{
#if defined(KM_HAVE_PREV_CPUTIME_LOCK) || defined(KM_HAVE_CPUTIME_NS)
	if (prev_st + prev_ut >= rtime) {
		*ut = prev_ut;
		*st = prev_st;
		return;
	}
	if (stime && !utime)
		stime = rtime;
	else if (stime)
		stime = km_scale_stime(stime, rtime, stime + utime);
	if (stime < prev_st)
		stime = prev_st;
	utime = rtime - stime;
	if (utime < prev_ut) {
		utime = prev_ut;
		stime = rtime - utime;
	}
#elif defined(KM_HAVE_PREV_CPUTIME_STRUCT)
	if (prev_st + prev_ut >= rtime) {
		*ut = prev_ut;
		*st = prev_st;
		return;
	}
	if (!utime) {
		stime = rtime;
	} else if (!stime) {
		utime = rtime;
	} else {
		stime = km_scale_stime(stime, rtime, stime + utime);
		utime = rtime - stime;
	}
	stime = max(stime, prev_st);
	utime = max(utime, prev_ut);
#else
	if (utime + stime)
		utime = div64_u64(rtime * utime, utime + stime);
	else
		utime = rtime;
	utime = max(utime, prev_ut);
	stime = rtime > utime ? max(rtime - utime, prev_st) : prev_st;
#endif
	*ut = utime;
	*st = stime;
}

/*
 * cputime_adjust() without its side effect: scale the tick-sampled split to
 * the exact runtime, never below the group's last reported figures. Given
 * the same inputs and @prev, this is what /proc/PID/stat prints.
 */
static void km_cputime_adjust(u64 utime, u64 stime, u64 rtime,
			      u64 prev_ut, u64 prev_st, u64 *ut, u64 *st)
{
	km_cputime_split(div_u64(utime, KM_ADJUST_UNIT), div_u64(stime, KM_ADJUST_UNIT),
			 km_adjust_runtime(rtime), div_u64(prev_ut, KM_ADJUST_UNIT),
			 div_u64(prev_st, KM_ADJUST_UNIT), ut, st);
	*ut *= KM_ADJUST_UNIT;
	*st *= KM_ADJUST_UNIT;
}

/* Identity, state and start time, common to threads and processes. */
static void km_task_ident(struct task_struct *t, const struct km_task_view *v,
			  struct km_task_stat *s)
{
	s->pid = task_pid_nr_ns(t, v->pid_ns);
	s->tgid = task_tgid_nr_ns(t, v->pid_ns);
	s->ppid = pid_alive(t) ?
		task_tgid_nr_ns(rcu_dereference(t->real_parent), v->pid_ns) : 0;
	s->uid = km_task_euid(t, v->user_ns);
	task_lock(t);
	memcpy(s->comm, t->comm, sizeof(s->comm));
	task_unlock(t);
	s->comm[sizeof(s->comm) - 1] = '\0';
	s->state = km_state_index(km_task_state_char(t));
	/* In the reader's time namespace, as its /proc/PID/stat shows it. */
	s->start = km_task_start_ns(t) + v->boottime_off;
}

static void km_thread_fill(struct task_struct *t, const struct km_task_view *v,
			   struct km_task_stat *s)
{
	km_task_ident(t, v, s);
	km_task_cputime_adjusted(t, &s->utime, &s->stime);
	s->runtime = t->se.sum_exec_runtime;
	s->nvcsw = t->nvcsw;
	s->nivcsw = t->nivcsw;
	s->min_flt = t->min_flt;
	s->maj_flt = t->maj_flt;
	s->threads = 0;
}

/*
 * A process: its exited threads (folded into the signal struct) plus its
 * live ones, read consistently against exits as thread_group_cputime()
 * does, then adjusted as /proc/PID/stat adjusts them.
 */
static void km_process_fill(struct task_struct *leader, const struct km_task_view *v,
			    struct km_task_stat *s)
{
	struct signal_struct *sig;
	struct task_struct *t;
	u64 ut, st, prev_ut, prev_st;
	unsigned long flags, sflags;
	int seq, nextseq = 0, n;

	km_task_ident(leader, v, s);
	if (!km_signal_lock(leader, &sflags)) {
		s->pid = 0;	/* it exited: skipped, as an unhashed task */
		return;
	}
	sig = leader->signal;
	do {
		seq = nextseq;
		km_stats_begin(sig, &seq, flags);
		ut = km_cputime_ns(sig->utime);
		st = km_cputime_ns(sig->stime);
		s->runtime = sig->sum_sched_runtime;
		s->nvcsw = sig->nvcsw;
		s->nivcsw = sig->nivcsw;
		s->min_flt = sig->min_flt;
		s->maj_flt = sig->maj_flt;
		km_for_each_thread(leader, t, n) {
			ut += km_cputime_ns(t->utime);
			st += km_cputime_ns(t->stime);
			s->runtime += t->se.sum_exec_runtime;
			s->nvcsw += t->nvcsw;
			s->nivcsw += t->nivcsw;
			s->min_flt += t->min_flt;
			s->maj_flt += t->maj_flt;
		}
		nextseq = 1;	/* again, under the lock */
	} while (km_stats_retry(sig, &seq));
	km_stats_end(sig, &seq, flags);
	km_group_prev(sig, &prev_ut, &prev_st);
	s->threads = km_nr_threads(leader);
	km_signal_unlock(leader, &sflags);
	km_cputime_adjust(ut, st, s->runtime, prev_ut, prev_st, &s->utime, &s->stime);
}

/*
 * Visit the tasks of @v's pid namespace from pid number v->next on, in pid
 * order, calling @fn under rcu_read_lock(). @fn returns 0 to go on,
 * KM_WALK_STOP to end the walk, or an error to stop; v->next is then left
 * at that task so that it is visited again next time. Returns 0 once every
 * pid was visited or the walk was ended (v->next = 0).
 */
static int km_walk(struct km_task_view *v,
		   int (*fn)(struct task_struct *t, void *arg), void *arg)
{
	struct task_struct *t;
	struct pid *pid;
	int n, err = 0;

	while (v->next > 0) {
		rcu_read_lock();
		for (n = 0; n < KM_PIDS_PER_RCU; n++) {
			pid = km_find_ge_pid(v->next, v->pid_ns);
			if (!pid) {
				v->next = 0;
				break;
			}
			v->next = km_pid_nr_ns(pid, v->pid_ns);
			t = pid_task(pid, PIDTYPE_PID);
			if (t && pid_alive(t)) {
				err = fn(t, arg);
				if (err)
					break;
			}
			v->next++;
		}
		rcu_read_unlock();
		if (err == KM_WALK_STOP)
			v->next = 0;
		else if (err)
			return err;
		cond_resched();
	}
	return 0;
}

/*
 * The caller's view: its pid namespace, pinned through its own struct pid
 * (a pid holds its namespace; put_pid_ns() cannot be called before 3.3),
 * its process (the pid of its thread group), its credentials, which hold
 * its user namespace, and its time namespace's boottime offset. All are
 * the task's that runs the request's first part (see docs/protocol.md).
 */
void km_view_init(struct km_task_view *v, const struct sk_buff *req)
{
	const struct cred *opener = km_req_opener(req);

	v->caller = get_pid(task_pid(current));
	v->self = get_pid(task_tgid(current));
	v->pid_ns = ns_of_pid(v->caller);
	v->cred = get_cred(current_cred());
	/* The same credentials (the usual case) need no second check. */
	v->opener = opener && opener != v->cred ? get_cred(opener) : NULL;
	v->user_ns = km_cred_user_ns(v->cred);
	v->boottime_off = km_boottime_offset();
	v->next = 1;
	v->privileged = km_req_capable(req, CAP_SYS_PTRACE);
	v->restricted = restrict_tasks && !v->privileged;
}

void km_view_release(struct km_task_view *v)
{
	if (v->opener)
		put_cred(v->opener);
	put_cred(v->cred);
	put_pid(v->self);
	put_pid(v->caller);
}

/*
 * ptrace_may_access(task, PTRACE_MODE_READ_FSCREDS)'s test of credentials
 * (__ptrace_may_access() and commoncap's cap_ptrace_access_check()),
 * without the LSM hooks: may @me read the memory of a task whose
 * credentials are @tc? Its ids (km_ptrace_uid()) must be the task's real,
 * effective and saved ones, or it holds CAP_SYS_PTRACE in the task's user
 * namespace; and both are in one user namespace with the task's permitted
 * capabilities among its own (km_ptrace_caps()), or it holds
 * CAP_SYS_PTRACE there. Under rcu_read_lock().
 */
static bool km_cred_may_read(const struct cred *me, const struct cred *tc)
{
	bool ids = km_uid_eq(km_ptrace_uid(me), tc->euid) &&
		   km_uid_eq(km_ptrace_uid(me), tc->suid) &&
		   km_uid_eq(km_ptrace_uid(me), tc->uid) &&
		   km_gid_eq(km_ptrace_gid(me), tc->egid) &&
		   km_gid_eq(km_ptrace_gid(me), tc->sgid) &&
		   km_gid_eq(km_ptrace_gid(me), tc->gid);

	if (!ids && !km_cred_ns_capable(me, km_cred_user_ns(tc), CAP_SYS_PTRACE))
		return false;
	if (km_cred_user_ns(me) == km_cred_user_ns(tc) &&
	    cap_issubset(tc->cap_permitted, km_ptrace_caps(me)))
		return true;
	return km_cred_ns_capable(me, km_cred_user_ns(tc), CAP_SYS_PTRACE);
}

/*
 * Is the memory of @t dumpable by its owner (ptrace's last test)? @mm is
 * the mm the caller took from @t, or NULL for @t's own, read under
 * task_lock(): one without (a zombie leader) has what it kept when it
 * dropped it. 7.x keeps it in the task's exec state (compat.h). Under
 * rcu_read_lock().
 */
static bool km_dumpable(struct task_struct *t, struct mm_struct *mm)
{
#ifdef KM_DUMPABLE_BY_TASK
	return km_task_exec_dumpable(t);
#else
	bool ok;

	if (mm)
		return km_mm_dumpable(mm);
	task_lock(t);
	ok = t->mm ? km_mm_dumpable(t->mm) : km_task_user_dumpable(t);
	task_unlock(t);
	return ok;
#endif
}

/*
 * May the request @v read the memory of @t, as /proc/PID/maps (and
 * hidepid=2) let a reader? One with CAP_SYS_PTRACE may (v->privileged,
 * asked of the kernel for both the runner and the opener); otherwise both
 * the runner (the task the request's first part ran in), unless @t is of
 * its own process and that process still reads with the request's
 * credentials, and the socket's opener
 * must pass km_cred_may_read(), and @t's memory (@mm: see km_dumpable())
 * must be dumpable. Under rcu_read_lock().
 */
bool km_may_read(const struct km_task_view *v, struct task_struct *t,
		 struct mm_struct *mm)
{
	const struct cred *tc;
	bool own;

	if (v->privileged)
		return true;
	/*
	 * Excused for its own process only while the task reading the socket
	 * is that process with the credentials the request was made with: a
	 * child given the socket, or the process after a setuid exec (a new
	 * cred), is judged like anyone else.
	 */
	own = task_tgid(t) == v->self && task_tgid(current) == v->self &&
	      current_cred() == v->cred;
	tc = __task_cred(t);
	if (!own && !km_cred_may_read(v->cred, tc))
		return false;
	if (v->opener && !km_cred_may_read(v->opener, tc))
		return false;
	if (own && !v->opener)
		return true;
	/* Dumpability after the credentials, which commit_creds() orders. */
	smp_rmb();
	return km_dumpable(t, mm);
}

/*
 * Under restrict_tasks a task is listed only if the caller may read its
 * process's memory: /proc mounted with hidepid=2 shows /proc/PID, and the
 * threads under it, by ptrace's read check on the process's leader.
 */
static bool km_visible(const struct km_task_view *v, struct task_struct *t)
{
	return !v->restricted || km_may_read(v, t->group_leader, NULL);
}

struct km_next_ctx {
	struct km_task_view *v;
	struct pid *found;
};

static int km_next_one(struct task_struct *t, void *arg)
{
	struct km_next_ctx *c = arg;

	if (t->group_leader != t || !km_visible(c->v, t))
		return 0;
	c->found = get_pid(task_pid(t));
	return -EAGAIN;	/* stop here: v->next stays on this task */
}

struct pid *km_next_process(struct km_task_view *v)
{
	struct km_next_ctx c = { v, NULL };

	if (km_walk(v, km_next_one, &c) == -EAGAIN)
		v->next++;
	return c.found;
}

/* ---- GET_TASKS -------------------------------------------------------- */

struct km_dump_ctx {
	struct sk_buff *skb;
	struct km_task_view *v;
	int sent;
};

static int km_put_u64(struct sk_buff *skb, int type, u64 v)
{
	return nla_put_u64_64bit(skb, type, v, KMEMSTAT_TASK_PAD);
}

static int km_task_put(struct sk_buff *skb, const struct km_task_stat *s,
		       bool process)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, KMEMSTAT_A_TASK);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KMEMSTAT_TASK_PID, s->pid) ||
	    nla_put_u32(skb, KMEMSTAT_TASK_TGID, s->tgid) ||
	    nla_put_u32(skb, KMEMSTAT_TASK_PPID, s->ppid) ||
	    nla_put_u32(skb, KMEMSTAT_TASK_UID, s->uid) ||
	    nla_put_string(skb, KMEMSTAT_TASK_COMM, s->comm) ||
	    nla_put_u8(skb, KMEMSTAT_TASK_STATE, s->state) ||
	    km_put_u64(skb, KMEMSTAT_TASK_UTIME_NS, s->utime) ||
	    km_put_u64(skb, KMEMSTAT_TASK_STIME_NS, s->stime) ||
	    km_put_u64(skb, KMEMSTAT_TASK_RUNTIME_NS, s->runtime) ||
	    km_put_u64(skb, KMEMSTAT_TASK_START_NS, s->start) ||
	    km_put_u64(skb, KMEMSTAT_TASK_NVCSW, s->nvcsw) ||
	    km_put_u64(skb, KMEMSTAT_TASK_NIVCSW, s->nivcsw) ||
	    km_put_u64(skb, KMEMSTAT_TASK_MIN_FLT, s->min_flt) ||
	    km_put_u64(skb, KMEMSTAT_TASK_MAJ_FLT, s->maj_flt) ||
	    (process && nla_put_u32(skb, KMEMSTAT_TASK_THREADS, s->threads))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static bool km_filter_match(const struct km_task_filter *f,
			    const struct km_task_stat *s)
{
	return (!f->pid || s->pid == f->pid) &&
	       (!f->tgid || s->tgid == f->tgid) &&
	       (!f->has_uid || s->uid == f->uid) &&
	       (!f->state_mask || (f->state_mask & (1U << s->state))) &&
	       s->utime + s->stime >= f->min_cpu_ns;
}

static int km_dump_one(struct task_struct *t, void *arg)
{
	struct km_dump_ctx *c = arg;
	struct km_task_view *v = c->v;
	bool threads = v->f.flags & KMEMSTAT_TASK_F_THREADS;
	struct km_task_stat s;
	int err;

	if (v->f.pid && task_pid_nr_ns(t, v->pid_ns) != v->f.pid)
		return task_pid_nr_ns(t, v->pid_ns) > v->f.pid ? KM_WALK_STOP : 0;
	if (!threads && t->group_leader != t)
		return 0;
	if (v->f.tgid && task_tgid_nr_ns(t, v->pid_ns) != v->f.tgid)
		return 0;
	if (!km_visible(v, t))
		return 0;
	if (threads)
		km_thread_fill(t, v, &s);
	else
		km_process_fill(t, v, &s);
	/* Unhashed while we looked (it exited): /proc no longer lists it. */
	if (!s.pid)
		return 0;
	if (!km_filter_match(&v->f, &s))
		return 0;
	err = km_task_put(c->skb, &s, !threads);
	if (!err)
		c->sent++;
	return err;
}

/* Parse the request's filter into @f; -EINVAL or -EOPNOTSUPP when bad. */
static int km_filter_parse(struct netlink_callback *cb, struct km_task_filter *f)
{
	struct nlattr *a[KMEMSTAT_TF_MAX + 1];
	int err;

	memset(f, 0, sizeof(*f));
	err = km_dump_filter(cb, KMEMSTAT_A_TASK_FILTER, a, KMEMSTAT_TF_MAX,
			     km_task_filter_policy);
	if (err)
		return err;
	if (a[KMEMSTAT_TF_FLAGS])
		f->flags = nla_get_u32(a[KMEMSTAT_TF_FLAGS]);
	if (a[KMEMSTAT_TF_PID])
		f->pid = nla_get_u32(a[KMEMSTAT_TF_PID]);
	if (a[KMEMSTAT_TF_TGID])
		f->tgid = nla_get_u32(a[KMEMSTAT_TF_TGID]);
	if (a[KMEMSTAT_TF_UID]) {
		f->uid = nla_get_u32(a[KMEMSTAT_TF_UID]);
		f->has_uid = true;
	}
	if (a[KMEMSTAT_TF_STATE_MASK])
		f->state_mask = nla_get_u32(a[KMEMSTAT_TF_STATE_MASK]);
	if (a[KMEMSTAT_TF_MIN_CPU_NS])
		f->min_cpu_ns = nla_get_u64(a[KMEMSTAT_TF_MIN_CPU_NS]);
	if (f->flags & ~__KMEMSTAT_TASK_F_ALL ||
	    f->state_mask & ~((1U << __KMEMSTAT_STATE_MAX) - 1))
		return -EOPNOTSUPP;
	return 0;
}

/*
 * The first call (cb->args[0] == 0) parses the filter and takes the
 * caller's namespaces: it runs in the sender's context, later calls may
 * not. .start is not used: it is unreliable before 4.9.87.
 */
int km_dump_tasks(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct km_task_view *v = (struct km_task_view *)cb->args[0];
	struct km_dump_ctx c;
	void *hdr;
	int err;

	if (!v) {
		struct km_task_filter f;

		err = km_filter_parse(cb, &f);
		if (err)
			return err;
		v = kzalloc(sizeof(*v), GFP_KERNEL);
		if (!v)
			return -ENOMEM;
		km_view_init(v, cb->skb);
		v->f = f;
		if (f.pid)
			v->next = f.pid;
		cb->args[0] = (long)v;
	}
	if (!v->next)
		return 0;
	hdr = genlmsg_put(skb, km_cb_portid(cb), cb->nlh->nlmsg_seq, &km_family,
			  NLM_F_MULTI, KMEMSTAT_CMD_GET_TASKS);
	if (!hdr)
		return -EMSGSIZE;
	c.skb = skb;
	c.v = v;
	c.sent = 0;
	err = km_walk(v, km_dump_one, &c);
	if (err && err != -EMSGSIZE) {
		genlmsg_cancel(skb, hdr);
		return err;
	}
	if (!c.sent) {
		genlmsg_cancel(skb, hdr);
		/* A full message holding nothing: one record can never fit. */
		return err ? -EMSGSIZE : 0;
	}
	genlmsg_end(skb, hdr);
	return skb->len;
}

int km_dump_tasks_done(struct netlink_callback *cb)
{
	struct km_task_view *v = (struct km_task_view *)cb->args[0];

	if (v) {
		km_view_release(v);
		kfree(v);
		cb->args[0] = 0;
	}
	return 0;
}

/* ---- GET_TASK_SUMMARY ------------------------------------------------- */

struct km_summary {
	struct km_task_view *v;
	u32 processes, threads;
	u32 proc_states[__KMEMSTAT_STATE_MAX];
	u32 thread_states[__KMEMSTAT_STATE_MAX];
	u64 utime, stime;
};

static int km_summary_one(struct task_struct *t, void *arg)
{
	struct km_summary *sum = arg;
	u8 state = km_state_index(km_task_state_char(t));
	struct km_task_stat s;

	if (!km_visible(sum->v, t))
		return 0;
	sum->threads++;
	sum->thread_states[state]++;
	if (t->group_leader != t)
		return 0;
	km_process_fill(t, sum->v, &s);
	if (!s.pid)
		return 0;
	sum->processes++;
	sum->proc_states[s.state]++;
	sum->utime += s.utime;
	sum->stime += s.stime;
	return 0;
}

static int km_put_states(struct sk_buff *msg, int type, const u32 *counts)
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(msg, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < __KMEMSTAT_STATE_MAX; i++) {
		if (nla_put_u32(msg, i + 1, counts[i])) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

int km_cmd_get_task_summary(struct sk_buff *skb, struct genl_info *info)
{
	struct km_task_view v;
	struct km_summary *sum;
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;
	int err;

	err = km_no_attrs(info);
	if (err)
		return err;
	sum = kzalloc(sizeof(*sum), GFP_KERNEL);
	if (!sum)
		return -ENOMEM;
	memset(&v, 0, sizeof(v));
	km_view_init(&v, skb);
	sum->v = &v;
	km_walk(&v, km_summary_one, sum);
	km_view_release(&v);

	err = -ENOMEM;
	msg = km_reply_new(info, KMEMSTAT_CMD_GET_TASK_SUMMARY, &hdr);
	if (!msg)
		goto out;
	err = -EMSGSIZE;
	nest = nla_nest_start(msg, KMEMSTAT_A_TASK_SUMMARY);
	if (!nest ||
	    nla_put_u32(msg, KMEMSTAT_SUM_PROCESSES, sum->processes) ||
	    nla_put_u32(msg, KMEMSTAT_SUM_THREADS, sum->threads) ||
	    km_put_states(msg, KMEMSTAT_SUM_PROC_STATES, sum->proc_states) ||
	    km_put_states(msg, KMEMSTAT_SUM_THREAD_STATES, sum->thread_states) ||
	    nla_put_u64_64bit(msg, KMEMSTAT_SUM_UTIME_NS, sum->utime, KMEMSTAT_SUM_PAD) ||
	    nla_put_u64_64bit(msg, KMEMSTAT_SUM_STIME_NS, sum->stime, KMEMSTAT_SUM_PAD)) {
		nlmsg_free(msg);
		goto out;
	}
	nla_nest_end(msg, nest);
	err = km_reply_send(msg, hdr, info);
out:
	kfree(sum);
	return err;
}

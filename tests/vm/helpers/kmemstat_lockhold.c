// SPDX-License-Identifier: GPL-2.0
/*
 * A test module for the VM suite, never shipped: it holds one process's
 * locks for writing, as a process stuck in the kernel would, until told to
 * let go. shmem_busy uses it to stand for what the suite cannot make
 * quickly: a page fault stalled on a FUSE server that holds the mmap lock,
 * and an exec stalled between its steps (exec_update_lock).
 *   echo PID > /sys/module/kmemstat_lockhold/parameters/mmap   hold its mmap lock
 *   echo PID > /sys/module/kmemstat_lockhold/parameters/exec   hold its exec lock
 *   echo 0 > .../mmap (or exec)                                let go
 *   cat /sys/module/kmemstat_lockhold/parameters/held          how many are held
 * One mmap lock and one exec lock may be held at once, of two processes.
 * A kernel thread takes the lock and sleeps holding it, so that the lock is
 * taken and released by one task and nothing returns to user space with it.
 * Built on every kernel the suite boots (2.6.32 on); before 2.6.35 exec's
 * lock is the task's own and the exec parameter says EOPNOTSUPP.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/version.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/wait.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 11, 0)
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#endif

/*
 * The kernels the suite boots, 2.6.32 on, with the lock the module tries:
 * a test helper, so versions say it (the module itself probes).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 8, 0)
#include <linux/mmap_lock.h>
#define km_hold_mmap(mm)	mmap_write_lock(mm)
#define km_let_go_mmap(mm)	mmap_write_unlock(mm)
#else
#define km_hold_mmap(mm)	down_write(&(mm)->mmap_sem)
#define km_let_go_mmap(mm)	up_write(&(mm)->mmap_sem)
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
#define km_hold_exec(t)		down_write(&(t)->signal->exec_update_lock)
#define km_let_go_exec(t)	up_write(&(t)->signal->exec_update_lock)
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(5, 7, 0)
#define km_hold_exec(t)		mutex_lock(&(t)->signal->exec_update_mutex)
#define km_let_go_exec(t)	mutex_unlock(&(t)->signal->exec_update_mutex)
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(2, 6, 35)
#define km_hold_exec(t)		mutex_lock(&(t)->signal->cred_guard_mutex)
#define km_let_go_exec(t)	mutex_unlock(&(t)->signal->cred_guard_mutex)
#else
/* The lock is the task's, and a module cannot drop a task reference here. */
#define KM_HOLD_NO_EXEC
#endif
#ifndef READ_ONCE
#define READ_ONCE(x)		ACCESS_ONCE(x)
#define WRITE_ONCE(x, v)	(ACCESS_ONCE(x) = (v))
#endif

enum { KM_HOLD_MMAP, KM_HOLD_EXEC, KM_HOLDS };

static DEFINE_MUTEX(km_hold_mutex);	/* serialises the parameters' writes */
static DECLARE_WAIT_QUEUE_HEAD(km_hold_wq);
static atomic_t km_held = ATOMIC_INIT(0);
static int held;
module_param(held, int, 0444);
MODULE_PARM_DESC(held, "how many locks are held (one mmap lock and one exec lock at most)");

/* A hold of each kind, each by a kernel thread of its own. */
struct km_hold {
	int what;
	struct mm_struct *mm;		/* KM_HOLD_MMAP */
	struct task_struct *task;	/* KM_HOLD_EXEC */
	struct task_struct *thread;
	bool stop;
};

static struct km_hold km_holds[KM_HOLDS];

static int km_hold_fn(void *arg)
{
	struct km_hold *h = arg;

	if (h->what == KM_HOLD_MMAP)
		km_hold_mmap(h->mm);
#ifndef KM_HOLD_NO_EXEC
	else
		km_hold_exec(h->task);
#endif
	WRITE_ONCE(held, atomic_inc_return(&km_held));
	wait_event_interruptible(km_hold_wq, READ_ONCE(h->stop));
	if (h->what == KM_HOLD_MMAP)
		km_let_go_mmap(h->mm);
#ifndef KM_HOLD_NO_EXEC
	else
		km_let_go_exec(h->task);
#endif
	WRITE_ONCE(held, atomic_dec_return(&km_held));
	/* Parked until km_hold_release() stops it, so that it is still there. */
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static void km_hold_put(struct km_hold *h)
{
	if (h->mm)
		mmput(h->mm);
#ifndef KM_HOLD_NO_EXEC
	if (h->task)
		put_task_struct(h->task);
#endif
	h->mm = NULL;
	h->task = NULL;
}

/* What @pid's lock needs held: its mm, or its task; -ESRCH without. */
static int km_hold_get(struct km_hold *h, int what, int pid)
{
	struct task_struct *t;

	h->what = what;
	rcu_read_lock();
	t = pid_task(find_vpid(pid), PIDTYPE_PID);
	if (t && what == KM_HOLD_MMAP)
		h->mm = get_task_mm(t);
#ifndef KM_HOLD_NO_EXEC
	if (t && what == KM_HOLD_EXEC) {
		get_task_struct(t);
		h->task = t;
	}
#endif
	rcu_read_unlock();
	return h->mm || h->task ? 0 : -ESRCH;
}

static void km_hold_release(struct km_hold *h)
{
	if (!h->thread)
		return;
	WRITE_ONCE(h->stop, true);
	wake_up(&km_hold_wq);
	kthread_stop(h->thread);
	h->thread = NULL;
	km_hold_put(h);
}

static int km_hold_set(int what, const char *val)
{
	struct km_hold *h;
	long pid;
	char *end;
	int err = 0;

#ifdef KM_HOLD_NO_EXEC
	if (what == KM_HOLD_EXEC)
		return -EOPNOTSUPP;
#endif
	pid = simple_strtol(val, &end, 10);
	if (end == val || (*end && *end != '\n'))
		return -EINVAL;
	h = &km_holds[what];
	mutex_lock(&km_hold_mutex);
	km_hold_release(h);
	if (pid)
		err = km_hold_get(h, what, (int)pid);
	if (pid && !err) {
		h->stop = false;
		h->thread = kthread_run(km_hold_fn, h, "km_lockhold");
		if (IS_ERR(h->thread)) {
			err = PTR_ERR(h->thread);
			h->thread = NULL;
		}
	}
	if (err)
		km_hold_put(h);
	mutex_unlock(&km_hold_mutex);
	return err;
}

/* The parameters' setters: module_param_cb() is 2.6.36's. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(2, 6, 36)
static int km_hold_set_mmap(const char *val, const struct kernel_param *kp)
{
	return km_hold_set(KM_HOLD_MMAP, val);
}

static int km_hold_set_exec(const char *val, const struct kernel_param *kp)
{
	return km_hold_set(KM_HOLD_EXEC, val);
}

static const struct kernel_param_ops km_hold_mmap_ops = { .set = km_hold_set_mmap };
static const struct kernel_param_ops km_hold_exec_ops = { .set = km_hold_set_exec };
module_param_cb(mmap, &km_hold_mmap_ops, NULL, 0200);
module_param_cb(exec, &km_hold_exec_ops, NULL, 0200);
#else
static int km_hold_set_mmap(const char *val, struct kernel_param *kp)
{
	return km_hold_set(KM_HOLD_MMAP, val);
}

static int km_hold_set_exec(const char *val, struct kernel_param *kp)
{
	return km_hold_set(KM_HOLD_EXEC, val);
}

module_param_call(mmap, km_hold_set_mmap, NULL, NULL, 0200);
module_param_call(exec, km_hold_set_exec, NULL, NULL, 0200);
#endif
MODULE_PARM_DESC(mmap, "hold this pid's mmap lock for writing; 0 lets go");
MODULE_PARM_DESC(exec, "hold this pid's exec lock (the one mm_access() takes) for writing; 0 lets go");

static int __init km_hold_init(void)
{
	return 0;
}

static void __exit km_hold_exit(void)
{
	int i;

	mutex_lock(&km_hold_mutex);
	for (i = 0; i < KM_HOLDS; i++)
		km_hold_release(&km_holds[i]);
	mutex_unlock(&km_hold_mutex);
}

module_init(km_hold_init);
module_exit(km_hold_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmemstat VM suite: hold a process's mmap or exec lock");

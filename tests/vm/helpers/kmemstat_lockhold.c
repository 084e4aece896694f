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
 *   cat /sys/module/kmemstat_lockhold/parameters/held          1 while held
 * A kernel thread takes the lock and sleeps holding it, so that the lock is
 * taken and released by one task and nothing returns to user space with it.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/pid.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/wait.h>

enum { KM_HOLD_MMAP, KM_HOLD_EXEC };

static DEFINE_MUTEX(km_hold_mutex);	/* one hold at a time */
static DECLARE_WAIT_QUEUE_HEAD(km_hold_wq);
static struct task_struct *km_hold_thread;
static bool km_hold_stop;
static int held;
module_param(held, int, 0444);
MODULE_PARM_DESC(held, "1 while a lock is held");

struct km_hold {
	int what;
	struct mm_struct *mm;
	struct task_struct *task;
};

static struct km_hold km_hold;

static int km_hold_fn(void *arg)
{
	struct km_hold *h = arg;

	if (h->what == KM_HOLD_MMAP)
		mmap_write_lock(h->mm);
	else
		down_write(&h->task->signal->exec_update_lock);
	WRITE_ONCE(held, 1);
	wait_event_interruptible(km_hold_wq, READ_ONCE(km_hold_stop));
	if (h->what == KM_HOLD_MMAP)
		mmap_write_unlock(h->mm);
	else
		up_write(&h->task->signal->exec_update_lock);
	WRITE_ONCE(held, 0);
	/* Parked until km_hold_release() stops it, so that it is still there. */
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static void km_hold_release(void)
{
	if (!km_hold_thread)
		return;
	WRITE_ONCE(km_hold_stop, true);
	wake_up(&km_hold_wq);
	kthread_stop(km_hold_thread);
	km_hold_thread = NULL;
	if (km_hold.mm)
		mmput(km_hold.mm);
	put_task_struct(km_hold.task);
	memset(&km_hold, 0, sizeof(km_hold));
}

static int km_hold_set(int what, const char *val)
{
	struct task_struct *t;
	int pid, err;

	err = kstrtoint(val, 10, &pid);
	if (err)
		return err;
	mutex_lock(&km_hold_mutex);
	km_hold_release();
	if (!pid)
		goto out;
	t = get_pid_task(find_vpid(pid), PIDTYPE_PID);
	err = -ESRCH;
	if (!t)
		goto out;
	km_hold.what = what;
	km_hold.task = t;
	km_hold.mm = get_task_mm(t);
	if (what == KM_HOLD_MMAP && !km_hold.mm) {
		put_task_struct(t);
		memset(&km_hold, 0, sizeof(km_hold));
		goto out;
	}
	km_hold_stop = false;
	km_hold_thread = kthread_run(km_hold_fn, &km_hold, "km_lockhold");
	err = 0;
	if (IS_ERR(km_hold_thread)) {
		err = PTR_ERR(km_hold_thread);
		km_hold_thread = NULL;
		if (km_hold.mm)
			mmput(km_hold.mm);
		put_task_struct(t);
		memset(&km_hold, 0, sizeof(km_hold));
	}
out:
	mutex_unlock(&km_hold_mutex);
	return err;
}

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
MODULE_PARM_DESC(mmap, "hold this pid's mmap lock for writing; 0 lets go");
module_param_cb(exec, &km_hold_exec_ops, NULL, 0200);
MODULE_PARM_DESC(exec, "hold this pid's exec_update_lock for writing; 0 lets go");

static int __init km_hold_init(void)
{
	return 0;
}

static void __exit km_hold_exit(void)
{
	mutex_lock(&km_hold_mutex);
	km_hold_release();
	mutex_unlock(&km_hold_mutex);
}

module_init(km_hold_init);
module_exit(km_hold_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmemstat VM suite: hold a process's mmap or exec lock");

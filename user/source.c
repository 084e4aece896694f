// SPDX-License-Identifier: GPL-2.0
/* Choosing the source: the module when it answers, /proc otherwise, said aloud. */
#include <errno.h>
#include <string.h>
#include <sys/vfs.h>
#include "cli.h"
#include "kmod.h"
#include "procfs.h"

int km_src_fail(const char *what, int err, const struct km_nl *nl)
{
	if (nl && nl->errmsg[0])
		fprintf(stderr, "kmemstat: %s: %s (%s)\n", what, km_nl_strerror(err),
			nl->errmsg);
	else
		fprintf(stderr, "kmemstat: %s: %s\n", what, km_nl_strerror(err));
	if (err == -KM_ENOMOD)
		return KM_EXIT_NOMOD;
	if (err == -KM_EABI)
		return KM_EXIT_ABI;
	return KM_EXIT_FAIL;
}

/*
 * The /proc source needs a proc filesystem at /proc: over anything else
 * (a tmpfs, an empty directory in a container) it would find no process
 * and say "0 total" as if that were true.
 */
#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC	0x9fa0	/* linux/magic.h, which musl's headers may lack */
#endif

static int proc_mounted(void)
{
	struct statfs st;

	if (statfs("/proc", &st)) {
		fprintf(stderr, "kmemstat: /proc: %s: mount proc there (mount -t proc proc /proc)\n",
			strerror(errno));
		return KM_EXIT_FAIL;
	}
	if (st.f_type != PROC_SUPER_MAGIC) {
		fprintf(stderr, "kmemstat: /proc is not a proc filesystem (type 0x%lx): mount proc there (mount -t proc proc /proc)\n",
			(unsigned long)st.f_type);
		return KM_EXIT_FAIL;
	}
	return KM_EXIT_OK;
}

int km_src_open(struct km_src *s, enum km_source want)
{
	int err;

	memset(s, 0, sizeof(*s));
	s->want = want;
	s->got = KM_SRC_PROCFS;
	if (want == KM_SRC_PROCFS)
		return proc_mounted();
	err = km_nl_open(&s->nl);
	if (!err) {
		s->got = KM_SRC_KMOD;
		return KM_EXIT_OK;
	}
	if (want == KM_SRC_KMOD)
		return km_src_fail("--source kmod", err, NULL);
	s->kmod_err = err;
	return proc_mounted();
}

void km_src_close(struct km_src *s)
{
	if (s->got == KM_SRC_KMOD)
		km_nl_close(&s->nl);
}

const char *km_src_note(const struct km_src *s)
{
	if (s->got != KM_SRC_PROCFS || s->want != KM_SRC_AUTO)
		return NULL;
	return km_nl_strerror(s->kmod_err);
}

int km_src_mem(struct km_src *s, struct km_mem *m)
{
	int err;

	if (s->got == KM_SRC_PROCFS)
		return km_procfs_mem("/proc", m) ? KM_EXIT_FAIL : KM_EXIT_OK;
	err = km_kmod_mem(&s->nl, m);
	if (err)
		return km_src_fail("reading memory from the module", err, &s->nl);
	/* What the kernel does not give modules (SwapTotal, ...) comes from /proc. */
	if (km_procfs_fill_missing("/proc", m))
		return KM_EXIT_FAIL;
	return KM_EXIT_OK;
}

int km_src_info(struct km_src *s, struct km_info *info)
{
	int err;

	if (s->got == KM_SRC_PROCFS) {
		memset(info, 0, sizeof(*info));
		info->source = KM_SRC_PROCFS;
		return km_procfs_release("/proc", info->kernel_release,
					 sizeof(info->kernel_release)) ?
		       KM_EXIT_FAIL : KM_EXIT_OK;
	}
	err = km_kmod_info(&s->nl, info);
	if (err)
		return km_src_fail("reading module information", err, &s->nl);
	return KM_EXIT_OK;
}

int km_src_tasks(struct km_src *s, const struct km_task_filter *f,
		 struct km_tasks *l)
{
	int err;

	if (s->got == KM_SRC_PROCFS)
		return km_procfs_tasks("/proc", f, l) ? KM_EXIT_FAIL : KM_EXIT_OK;
	err = km_kmod_tasks(&s->nl, f, l);
	if (err) {
		km_tasks_free(l);
		return km_src_fail("reading tasks from the module", err, &s->nl);
	}
	return KM_EXIT_OK;
}

int km_src_task_summary(struct km_src *s, struct km_task_summary *sum)
{
	int err;

	if (s->got == KM_SRC_PROCFS)
		return km_procfs_task_summary("/proc", sum) ? KM_EXIT_FAIL : KM_EXIT_OK;
	err = km_kmod_task_summary(&s->nl, sum);
	if (err)
		return km_src_fail("reading the task summary from the module", err, &s->nl);
	return KM_EXIT_OK;
}

int km_src_shmem(struct km_src *s, const struct km_shm_filter *f, struct km_shm *l)
{
	int err;

	if (s->got == KM_SRC_PROCFS)
		return km_procfs_shmem("/proc", f, l) ? KM_EXIT_FAIL : KM_EXIT_OK;
	err = km_kmod_shmem(&s->nl, f, l);
	if (err) {
		km_shm_free(l);
		return km_src_fail("reading shmem objects from the module", err, &s->nl);
	}
	/*
	 * The module lists the mappings of the processes the caller may read
	 * (ptrace's rule): without CAP_SYS_PTRACE, shmem only other users map
	 * would pass for shmem nobody maps.
	 */
	if (!km_cap_effective(19 /* CAP_SYS_PTRACE */)) {
		l->have &= ~KM_SHM_HAVE_REST;
		snprintf(l->rest_why, sizeof(l->rest_why), "%s",
			 "other users' mappings are not listed for this caller (no CAP_SYS_PTRACE)");
	}
	return KM_EXIT_OK;
}

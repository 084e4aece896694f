/* SPDX-License-Identifier: GPL-2.0 */
/* The /proc source: the same model from /proc/meminfo and /proc/zoneinfo. */
#ifndef KM_PROCFS_H
#define KM_PROCFS_H

#include "model.h"

/*
 * Fill @m from PROC/meminfo, PROC/zoneinfo and PROC/sys/kernel/osrelease,
 * computing available with the kernel's formula. @proc is "/proc" on a live
 * host, a directory of saved files in tests. 0 or -errno; a message on
 * stderr names what failed.
 */
int km_procfs_mem(const char *proc, struct km_mem *m);

/* Fill the fields @m lacks from PROC/meminfo, marking them from_meminfo. */
int km_procfs_fill_missing(const char *proc, struct km_mem *m);

/* Kernel release from PROC/sys/kernel/osrelease. */
int km_procfs_release(const char *proc, char *buf, int len);

/*
 * Tasks from PROC/PID/stat (or PROC/PID/task/TID/stat with f->threads) and
 * the status files, filtered by @f. 0 or -errno.
 */
int km_procfs_tasks(const char *proc, const struct km_task_filter *f,
		    struct km_tasks *l);
/* Counts by state and CPU time sums, as GET_TASK_SUMMARY gives them. */
int km_procfs_task_summary(const char *proc, struct km_task_summary *s);
/* PROC/stat's system-wide CPU time by mode; -errno. */
int km_procfs_sysstat(const char *proc, struct km_sysstat *s);
/* @b minus @a, mode by mode (never below 0). */
void km_sysstat_delta(const struct km_sysstat *a, const struct km_sysstat *b,
		      struct km_sysstat *out);

/*
 * Shmem objects from PROC/PID/maps, PROC/PID/map_files and
 * PROC/sysvipc/shm, filtered by @f; ->note says what /proc could not tell.
 */
int km_procfs_shmem(const char *proc, const struct km_shm_filter *f, struct km_shm *l);

#endif /* KM_PROCFS_H */

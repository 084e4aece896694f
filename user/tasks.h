/* SPDX-License-Identifier: GPL-2.0 */
/* Operations on task lists that do not care which source filled them. */
#ifndef KM_TASKS_H
#define KM_TASKS_H

#include "model.h"

enum km_group_by { KM_BY_PROCESS, KM_BY_THREAD, KM_BY_USER, KM_BY_COMM };
enum km_sort { KM_SORT_STIME, KM_SORT_UTIME, KM_SORT_TOTAL };

/* Processes summed by user or by program name. */
struct km_group {
	uint32_t uid;		/* KM_BY_USER */
	char comm[16];		/* KM_BY_COMM */
	uint32_t processes, threads;
	uint64_t utime, stime;
};

/*
 * @out = @b - @a per task (matched by pid and start time; @a is sorted in
 * place). Tasks of @b that started after @a was taken (@a_boot_ns,
 * CLOCK_BOOTTIME) count from zero; others missing from @a are left out.
 */
int km_tasks_delta(struct km_tasks *a, const struct km_tasks *b,
		   uint64_t a_boot_ns, struct km_tasks *out);
/* Group @l's records; *@out is malloc'ed. */
int km_tasks_group(const struct km_tasks *l, enum km_group_by by,
		   struct km_group **out, size_t *n);
/* Largest first by @by, then by pid (or uid, comm). */
void km_tasks_sort(struct km_tasks *l, enum km_sort by);
void km_groups_sort(struct km_group *g, size_t n, enum km_sort by);

#endif /* KM_TASKS_H */

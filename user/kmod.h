/* SPDX-License-Identifier: GPL-2.0 */
/* The module source: fills the model from the kmemstat netlink family. */
#ifndef KM_KMOD_H
#define KM_KMOD_H

#include "model.h"
#include "nl.h"

int km_kmod_info(struct km_nl *nl, struct km_info *info);
int km_kmod_mem(struct km_nl *nl, struct km_mem *m);
/* GET_TASKS as a dump, filtered by @f; @l is reset first. */
int km_kmod_tasks(struct km_nl *nl, const struct km_task_filter *f,
		  struct km_tasks *l);
int km_kmod_task_summary(struct km_nl *nl, struct km_task_summary *s);
/* GET_SHMEM as a dump; @l is reset first. */
int km_kmod_shmem(struct km_nl *nl, const struct km_shm_filter *f, struct km_shm *l);

#endif /* KM_KMOD_H */

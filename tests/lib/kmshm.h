/* SPDX-License-Identifier: GPL-2.0 */
/* GET_SHMEM through the CLI's library, for tests that look for one file. */
#ifndef KM_KMSHM_H
#define KM_KMSHM_H

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include "nlraw.h"
#include "../../user/kmod.h"

/*
 * The processes that a GET_SHMEM dump, asked by this process, counts for
 * the file @st (among @pid's objects only, when @pid is not 0): 0 when the
 * file is not listed, a negative errno when the dump failed.
 */
static inline int kmshm_processes(const struct stat *st, pid_t pid)
{
	struct km_shm_filter f;
	struct km_shm l;
	struct km_nl nl;
	size_t i;
	int err, n = 0;

	memset(&f, 0, sizeof(f));
	memset(&l, 0, sizeof(l));
	f.pid = pid;
	err = km_nl_open(&nl);
	if (err)
		return err < 0 ? err : -EIO;
	err = km_kmod_shmem(&nl, &f, &l);
	km_nl_close(&nl);
	for (i = 0; !err && i < l.n; i++)
		if (l.v[i].dev == nlraw_encode_dev(st->st_dev) && l.v[i].ino == st->st_ino)
			n += (int)l.v[i].processes;
	km_shm_free(&l);
	return err ? -EIO : n;
}

#endif /* KM_KMSHM_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * kmemstat shmem: every mapped shmem object with its real resident and
 * swapped size and who maps it, largest resident first; SysV segments
 * nobody attaches; totals against Shmem in meminfo.
 */
#include <string.h>
#include "cli.h"

int km_cmd_shmem(const struct km_opts *o)
{
	struct km_shm_filter f;
	struct km_src src;
	struct km_shm l;
	int rc;

	memset(&f, 0, sizeof(f));
	f.pid = o->filter.tgid;
	/* JSON always lists the mappers: the contract's objects carry them. */
	f.mappers = o->mappers || o->mapped || o->out == KM_OUT_JSON;
	f.mapped = o->mapped;
	rc = km_src_open(&src, o->source);
	if (rc)
		return rc;
	rc = km_src_shmem(&src, &f, &l);
	if (!rc) {
		km_shm_sort(&l);
		if (o->out == KM_OUT_JSON)
			km_json_shmem(stdout, &l, km_src_note(&src));
		else if (o->out == KM_OUT_PROM)
			km_prom_shmem(stdout, &l);
		else
			km_table_shmem(stdout, &l, o->unit_given ? o->unit : 'h',
				       km_src_note(&src));
		km_shm_free(&l);
	}
	km_src_close(&src);
	return rc;
}

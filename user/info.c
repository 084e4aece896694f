// SPDX-License-Identifier: GPL-2.0
/* kmemstat info: CLI, module, ABI and kernel versions, and the source in use. */
#include "cli.h"

int km_cmd_info(const struct km_opts *o)
{
	struct km_src src;
	struct km_info info;
	int rc;

	rc = km_src_open(&src, o->source);
	if (rc)
		return rc;
	rc = km_src_info(&src, &info);
	if (!rc) {
		if (o->out == KM_OUT_JSON)
			km_json_info(stdout, &info, km_src_note(&src));
		else if (o->out == KM_OUT_PROM)
			km_prom_info(stdout, &info);
		else
			km_table_info(stdout, &info, km_src_note(&src));
	}
	km_src_close(&src);
	return rc;
}

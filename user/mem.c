// SPDX-License-Identifier: GPL-2.0
/* kmemstat mem: sample the source once, or every -s SECONDS for -c COUNT. */
#include "cli.h"

int km_cmd_mem(const struct km_opts *o)
{
	struct km_src src;
	struct km_mem m;
	long n;
	int rc;

	rc = km_src_open(&src, o->source);
	if (rc)
		return rc;
	for (n = 0; ; n++) {
		if (n && o->out == KM_OUT_TABLE)
			putchar('\n');
		rc = km_src_mem(&src, &m);
		if (rc)
			break;
		if (km_mem_apply_formula(&m, o->formula)) {
			fprintf(stderr, "kmemstat: --formula %s needs the watermarks and reserve, "
				"which the %s source did not report\n",
				km_formula_name(o->formula), km_source_name(m.source));
			rc = KM_EXIT_FAIL;
			break;
		}
		if (o->out == KM_OUT_JSON)
			km_json_mem(stdout, &m, km_src_note(&src));
		else if (o->out == KM_OUT_PROM)
			km_prom_mem(stdout, &m);
		else
			km_table_mem(stdout, o, &m, km_src_note(&src));
		if (km_out_check()) {	/* a closed pipe ends -s, SIGPIPE ignored or not */
			rc = KM_EXIT_FAIL;
			break;
		}
		if (o->interval <= 0 || (o->count && n + 1 >= o->count))
			break;
		km_sleep(o->interval);
	}
	km_src_close(&src);
	return rc;
}

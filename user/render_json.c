// SPDX-License-Identifier: GPL-2.0
/* --json: sizes in bytes, one document per sample. */
#include "cli.h"
#include "json.h"
#include "memcalc.h"
#include "../kmod/uapi/kmemstat.h"

void km_json_mem(FILE *f, const struct km_mem *m, const char *note)
{
	struct km_columns c;
	struct km_json j;
	int i;

	km_mem_columns(m, &c);
	kj_start(&j, f);
	kj_object(&j, "mem");
	kj_str(&j, "source", km_source_name(m->source));
	kj_str(&j, "source_note", note);
	kj_str(&j, "formula", km_formula_name(m->formula));
	for (i = 0; i < KM_NFIELDS; i++)
		if (km_has(m, i))
			kj_u64(&j, km_fields[i].json, m->v[i]);
	kj_object(&j, "columns");
	kj_u64(&j, "used", (uint64_t)c.used);
	kj_u64(&j, "anonymous", (uint64_t)c.anonymous);
	kj_u64(&j, "kernel", (uint64_t)c.kernel);
	kj_u64(&j, "caches", (uint64_t)c.caches);
	/* others can be negative when counters race; JSON keeps the sign */
	kj_i64(&j, "others", c.others);
	kj_u64(&j, "used_minus_caches", (uint64_t)c.used_nocache);
	kj_u64(&j, "free_plus_caches", (uint64_t)c.free_cache);
	kj_close(&j, '}');
	kj_array(&j, "from_meminfo");
	for (i = 0; i < KM_NFIELDS; i++)
		if (m->from_meminfo & KM_BIT(i))
			kj_str(&j, NULL, km_fields[i].json);
	kj_close(&j, ']');
	kj_close(&j, '}');
	kj_end(&j);
}

void km_json_info(FILE *f, const struct km_info *i, const char *note)
{
	struct km_json j;

	kj_start(&j, f);
	kj_object(&j, "info");
	kj_str(&j, "version", KMEMSTAT_VERSION);
	kj_u64(&j, "abi_version", KMEMSTAT_ABI_VERSION);
	kj_str(&j, "kernel_release", i->kernel_release);
	kj_str(&j, "source", km_source_name(i->source));
	kj_str(&j, "source_note", note);
	if (i->source == KM_SRC_KMOD) {
		kj_object(&j, "module");
		kj_str(&j, "version", i->module_version);
		kj_u64(&j, "abi_version", i->abi_version);
		kj_u64(&j, "features", i->features);
		kj_close(&j, '}');
	} else {
		kj_str(&j, "module", NULL);
	}
	kj_close(&j, '}');
	kj_end(&j);
}

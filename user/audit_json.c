// SPDX-License-Identifier: GPL-2.0
/*
 * The audit document (docs/audit.schema.json): one compact JSON line, the
 * mem, cpu and shmem parts in the same shape as those commands' --json.
 */
#include <string.h>
#include "audit.h"
#include "cli.h"
#include "json.h"

static void host(struct km_json *j, const struct km_audit *a)
{
	const struct km_host *h = &a->host;

	kj_object(j, "host");
	kj_str(j, "hostname", h->hostname);
	kj_str(j, "kernel", h->kernel);
	kj_str(j, "boot_id", h->boot_id[0] ? h->boot_id : NULL);
	kj_fixed2(j, "uptime_s", h->uptime_s);
	kj_str(j, "time", h->time);
	kj_i64(j, "time_unix", h->time_unix);
	kj_str(j, "cli_version", KMEMSTAT_VERSION);
	kj_u64(j, "abi_version", KMEMSTAT_ABI_VERSION);
	kj_str(j, "module_version", h->module_version[0] ? h->module_version : NULL);
	if (h->module_version[0])
		kj_u64(j, "module_abi_version", h->module_abi);
	else
		kj_str(j, "module_abi_version", NULL);
	kj_str(j, "source", h->source);
	kj_str(j, "source_note", h->source_note);
	kj_close(j, '}');
}

static void thresholds(struct km_json *j, const struct km_thresholds *t)
{
	kj_object(j, "thresholds");
	kj_fixed2(j, "available_min_pct", t->available_min_pct);
	kj_fixed2(j, "available_high_pct", t->available_high_pct);
	kj_fixed2(j, "swap_used_min_pct", t->swap_used_min_pct);
	kj_fixed2(j, "shmem_max_pct", t->shmem_max_pct);
	kj_fixed2(j, "dstate_max_s", t->dstate_max_s);
	kj_u64(j, "top", (uint64_t)t->top);
	kj_close(j, '}');
}

static void cpu(struct km_json *j, const struct km_audit *a)
{
	size_t i;

	kj_object(j, "cpu");
	km_json_summary(j, "summary", &a->sum);
	km_json_sysstat(j, "system", a->have_sys ? &a->sys : NULL);
	kj_array(j, "top_system");
	for (i = 0; i < a->top.n; i++)
		km_json_task(j, &a->top, &a->top.v[i], 0, 0);
	kj_close(j, ']');
	kj_array(j, "dstate");
	for (i = 0; i < a->ndtasks; i++) {
		const struct km_dtask *d = &a->dtasks[i];
		char state[2] = { d->t.state, 0 };

		kj_object(j, NULL);
		kj_i64(j, "pid", d->t.pid);
		kj_i64(j, "tgid", d->t.tgid);
		kj_u64(j, "uid", d->t.uid);
		kj_str(j, "comm", d->t.comm);
		kj_str(j, "state", state);
		kj_str(j, "wchan", d->t.wchan[0] ? d->t.wchan : NULL);
		if (d->blocked_s >= 0)
			kj_fixed2(j, "blocked_s", d->blocked_s);
		else
			kj_str(j, "blocked_s", NULL);
		kj_close(j, '}');
	}
	kj_close(j, ']');
	kj_close(j, '}');
}

static void shmem(struct km_json *j, const struct km_audit *a)
{
	const struct km_shm *l = &a->shm;
	size_t i, n;

	if (!a->have_shm) {
		kj_str(j, "shmem", NULL);
		kj_str(j, "shmem_error", a->shm_error);
		return;
	}
	kj_object(j, "shmem");
	kj_str(j, "source", km_source_name(l->source));
	kj_str(j, "note", l->note[0] ? l->note : NULL);
	km_json_shm_totals(j, l);
	/* The object list is sorted by resident, largest first. */
	kj_array(j, "top_resident");
	n = l->n < (size_t)a->th.top ? l->n : (size_t)a->th.top;
	for (i = 0; i < n; i++)
		km_json_shm_obj(j, &l->v[i]);
	kj_close(j, ']');
	kj_array(j, "sysv_unattached");
	for (i = 0; i < l->n; i++)
		if (l->v[i].kind == KMEMSTAT_SHMEM_SYSV && !l->v[i].processes)
			km_json_shm_obj(j, &l->v[i]);
	kj_close(j, ']');
	kj_close(j, '}');
	kj_str(j, "shmem_error", NULL);
}

void km_audit_json(FILE *f, const struct km_audit *a)
{
	struct km_json j;
	int i;

	kj_start(&j, f);
	kj_object(&j, "audit");
	kj_u64(&j, "version", KM_AUDIT_VERSION);
	host(&j, a);
	thresholds(&j, &a->th);
	kj_object(&j, "mem");
	km_json_mem_fields(&j, &a->mem, a->host.source_note);
	kj_close(&j, '}');
	cpu(&j, a);
	shmem(&j, a);
	kj_array(&j, "findings");
	for (i = 0; i < a->nfindings; i++) {
		const struct km_finding *x = &a->findings[i];

		kj_object(&j, NULL);
		kj_str(&j, "rule", x->rule);
		kj_str(&j, "severity", x->severity);
		kj_str(&j, "message", x->message);
		kj_fixed2(&j, "value", x->value);
		kj_fixed2(&j, "threshold", x->threshold);
		kj_close(&j, '}');
	}
	kj_close(&j, ']');
	kj_close(&j, '}');
	kj_end(&j);
}

// SPDX-License-Identifier: GPL-2.0
/* --json: sizes in bytes, one document per sample. */
#include "cli.h"
#include "json.h"
#include "memcalc.h"
#include "../kmod/uapi/kmemstat.h"

void km_json_mem_fields(struct km_json *j, const struct km_mem *m, const char *note)
{
	struct km_columns c;
	int i;

	km_mem_columns(m, &c);
	kj_str(j, "source", km_source_name(m->source));
	kj_str(j, "source_note", note);
	kj_str(j, "formula", km_formula_name(m->formula));
	kj_str(j, "kernel_formula", km_formula_name(m->kernel_formula ? m->kernel_formula :
						       m->formula));
	for (i = 0; i < KM_NFIELDS; i++)
		if (km_has(m, i))
			kj_u64(j, km_fields[i].json, m->v[i]);
	kj_object(j, "columns");
	kj_u64(j, "used", (uint64_t)c.used);
	kj_u64(j, "anonymous", (uint64_t)c.anonymous);
	kj_u64(j, "kernel", (uint64_t)c.kernel);
	kj_u64(j, "caches", (uint64_t)c.caches);
	/* others can be negative when counters race; JSON keeps the sign */
	kj_i64(j, "others", c.others);
	kj_u64(j, "used_minus_caches", (uint64_t)c.used_nocache);
	kj_u64(j, "free_plus_caches", (uint64_t)c.free_cache);
	kj_close(j, '}');
	kj_array(j, "from_meminfo");
	for (i = 0; i < KM_NFIELDS; i++)
		if (m->from_meminfo & KM_BIT(i))
			kj_str(j, NULL, km_fields[i].json);
	kj_close(j, ']');
}

void km_json_mem(FILE *f, const struct km_mem *m, const char *note)
{
	struct km_json j;

	kj_start(&j, f);
	kj_object(&j, "mem");
	km_json_mem_fields(&j, m, note);
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

static const char *const by_names[] = { "process", "thread", "user", "comm" };
static const char *const sort_names[] = { "stime", "utime", "total" };

static void json_states(struct km_json *j, const char *key, const uint32_t *counts)
{
	char letter[2] = { 0, 0 };
	int i;

	kj_object(j, key);
	for (i = 0; i < KM_NSTATES; i++) {
		letter[0] = KMEMSTAT_STATE_LETTERS[i];
		kj_u64(j, letter, counts[i]);
	}
	kj_close(j, '}');
}

/* Percent of one CPU over the interval, to 0.01. */
static void json_pct(struct km_json *j, const char *key, uint64_t ns, double interval)
{
	kj_fixed2(j, key, 100.0 * (double)ns / (interval * 1e9));
}

/* The span's CPU time by mode (since boot, or over an interval), or null. */
void km_json_sysstat(struct km_json *j, const char *key, const struct km_sysstat *sys)
{
	char k[24];
	int i;

	if (!sys) {
		kj_str(j, key, NULL);
		return;
	}
	kj_object(j, key);
	kj_u64(j, "cpus", sys->cpus);
	for (i = 0; i < KM_SYS_N; i++) {
		snprintf(k, sizeof(k), "%s_ns", km_sys_names[i]);
		kj_u64(j, k, sys->ns[i]);
	}
	kj_close(j, '}');
}

void km_json_summary(struct km_json *j, const char *key, const struct km_task_summary *sum)
{
	kj_object(j, key);
	kj_u64(j, "processes", sum->processes);
	kj_u64(j, "threads", sum->threads);
	json_states(j, "process_states", sum->proc_states);
	json_states(j, "thread_states", sum->thread_states);
	kj_u64(j, "utime_ns", sum->utime);
	kj_u64(j, "stime_ns", sum->stime);
	kj_close(j, '}');
}

/* One task of @l; its wchan when @show_wchan, rates when @interval > 0. */
void km_json_task(struct km_json *j, const struct km_tasks *l, const struct km_task *t,
		  int show_wchan, double interval)
{
	char state[2] = { t->state, 0 };

	kj_object(j, NULL);
	kj_i64(j, "pid", t->pid);
	kj_i64(j, "tgid", t->tgid);
	kj_i64(j, "ppid", t->ppid);
	kj_u64(j, "uid", t->uid);
	kj_str(j, "comm", t->comm);
	kj_str(j, "state", state);
	kj_u64(j, "utime_ns", t->utime);
	kj_u64(j, "stime_ns", t->stime);
	if (l->have & KM_TASK_HAVE_RUNTIME)
		kj_u64(j, "runtime_ns", t->runtime);
	kj_u64(j, "start_ns", t->start);
	if (!l->threads)
		kj_u64(j, "threads", t->threads);
	if (l->have & KM_TASK_HAVE_CTXSW) {
		kj_u64(j, "nvcsw", t->nvcsw);
		kj_u64(j, "nivcsw", t->nivcsw);
	}
	kj_u64(j, "min_flt", t->min_flt);
	kj_u64(j, "maj_flt", t->maj_flt);
	if (show_wchan)
		kj_str(j, "wchan", t->wchan[0] ? t->wchan : NULL);
	if (interval > 0) {
		json_pct(j, "usr_pct", t->utime, interval);
		json_pct(j, "sys_pct", t->stime, interval);
	}
	kj_close(j, '}');
}

void km_json_cpu(FILE *f, const struct km_cpu_report *r)
{
	const struct km_tasks *l = r->tasks;
	struct km_json j;
	size_t i, n;

	kj_start(&j, f);
	kj_object(&j, "cpu");
	kj_str(&j, "source", km_source_name(l->source));
	kj_str(&j, "source_note", r->note);
	kj_str(&j, "by", by_names[r->by]);
	kj_str(&j, "sort", sort_names[r->sort]);
	if (r->interval > 0)
		kj_fixed2(&j, "interval_s", r->interval);
	else
		kj_str(&j, "interval_s", NULL);
	kj_u64(&j, "average_of_intervals", (uint64_t)r->average);
	km_json_sysstat(&j, "system", r->sys);
	km_json_summary(&j, "summary", r->sum);
	if (km_report_grouped(r)) {
		kj_array(&j, "groups");
		n = r->top && r->top < r->ngroups ? r->top : r->ngroups;
		for (i = 0; i < n; i++) {
			const struct km_group *g = &r->groups[i];

			kj_object(&j, NULL);
			if (r->by == KM_BY_USER) {
				kj_u64(&j, "uid", g->uid);
				kj_str(&j, "user", km_user_name(g->uid));
			} else {
				kj_str(&j, "comm", g->comm);
			}
			kj_u64(&j, "processes", g->processes);
			kj_u64(&j, "threads", g->threads);
			kj_u64(&j, "utime_ns", g->utime);
			kj_u64(&j, "stime_ns", g->stime);
			if (r->interval > 0) {
				json_pct(&j, "usr_pct", g->utime, r->interval);
				json_pct(&j, "sys_pct", g->stime, r->interval);
			}
			kj_close(&j, '}');
		}
		kj_close(&j, ']');
	}
	kj_array(&j, "tasks");
	n = !km_report_grouped(r) && r->top && r->top < l->n ? r->top : l->n;
	for (i = 0; i < n; i++)
		km_json_task(&j, l, &l->v[i], r->show_wchan, r->interval);
	kj_close(&j, ']');
	kj_close(&j, '}');
	kj_end(&j);
}

/* One shmem object of @l, with its mappers. */
void km_json_shm_obj(struct km_json *j, const struct km_shm_obj *o)
{
	char dev[24], prot[5];
	size_t k;

	kj_object(j, NULL);
	snprintf(dev, sizeof(dev), "%u:%u", (o->dev & 0xfff00) >> 8,
		 (o->dev & 0xff) | ((o->dev >> 12) & 0xfff00));
	kj_str(j, "dev", dev);
	kj_u64(j, "ino", o->ino);
	kj_str(j, "kind", km_shm_kind_name(o->kind));
	kj_str(j, "name", o->name);
	if (o->kind == KMEMSTAT_SHMEM_SYSV) {
		kj_u64(j, "sysv_key", o->key);
		kj_u64(j, "shmid", o->ino);
	}
	kj_u64_if(j, "size", o->known & KM_SHM_KNOW_SIZE, o->size);
	kj_u64_if(j, "resident", o->known & KM_SHM_KNOW_RESIDENT, o->resident);
	kj_u64_if(j, "swapped", o->known & KM_SHM_KNOW_SWAPPED, o->swapped);
	kj_u64(j, "processes", o->processes);
	kj_u64(j, "vmas", o->vmas);
	kj_array(j, "mappers");
	for (k = 0; k < o->nmappers; k++) {
		const struct km_shm_mapper *m = &o->mappers[k];

		prot[0] = m->prot & KMEMSTAT_PROT_READ ? 'r' : '-';
		prot[1] = m->prot & KMEMSTAT_PROT_WRITE ? 'w' : '-';
		prot[2] = m->prot & KMEMSTAT_PROT_EXEC ? 'x' : '-';
		prot[3] = m->prot & KMEMSTAT_PROT_SHARED ? 's' : 'p';
		prot[4] = '\0';
		kj_object(j, NULL);
		kj_i64(j, "pid", m->pid);
		kj_str(j, "comm", m->comm);
		kj_u64(j, "start", m->start);
		kj_u64(j, "end", m->end);
		kj_u64(j, "offset", m->offset);
		kj_str(j, "prot", prot);
		if (m->has_mapped)
			kj_u64(j, "mapped", m->mapped);
		kj_close(j, '}');
	}
	kj_close(j, ']');
	if (o->omitted)
		kj_u64(j, "mappers_omitted", o->omitted);
	kj_close(j, '}');
}

/* The totals of @l, reconciled with Shmem in meminfo. */
void km_json_shm_totals(struct km_json *j, const struct km_shm *l)
{
	int64_t rest;

	kj_object(j, "totals");
	kj_u64(j, "mapped_objects", l->objects);
	kj_u64_if(j, "mapped_resident", l->have & KM_SHM_HAVE_MAPPED_RESIDENT, l->mapped_resident);
	kj_u64_if(j, "mapped_swapped", l->have & KM_SHM_HAVE_MAPPED_SWAPPED, l->mapped_swapped);
	if (l->sysv_listed) {
		kj_u64(j, "sysv_unattached", l->sysv_unmapped);
		kj_u64(j, "sysv_unattached_resident", l->sysv_resident);
		kj_u64(j, "sysv_unattached_swapped", l->sysv_swapped);
	}
	kj_u64(j, "shmem", l->shmem);
	if (l->truncated) {
		/* KMEMSTAT_SHMEM_TRUNC_*: 1 the object cap, 2 a memory bound, 4 processes left out */
		kj_u64(j, "truncated", l->truncated);
		kj_u64(j, "vmas_omitted", l->vmas_omitted);
		if (l->truncated & KMEMSTAT_SHMEM_TRUNC_BUSY)
			kj_u64(j, "processes_busy", l->processes_busy);
	}
	if (km_shm_rest(l, &rest)) {
		kj_i64(j, "tmpfs_unmapped", rest);
	} else {
		kj_str(j, "tmpfs_unmapped", NULL);
		kj_str(j, "tmpfs_unmapped_unknown", l->rest_why);	/* why */
	}
	kj_close(j, '}');
}

void km_json_shmem(FILE *f, const struct km_shm *l, const char *note)
{
	struct km_json j;
	size_t i;

	kj_start(&j, f);
	kj_object(&j, "shmem");
	kj_str(&j, "source", km_source_name(l->source));
	kj_str(&j, "source_note", note);
	kj_str(&j, "note", l->note[0] ? l->note : NULL);
	kj_array(&j, "objects");
	for (i = 0; i < l->n; i++)
		km_json_shm_obj(&j, &l->v[i]);
	kj_close(&j, ']');
	km_json_shm_totals(&j, l);
	kj_close(&j, '}');
	kj_end(&j);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kmemstat audit: gather the host's facts, memory, CPU and shmem from one
 * source, apply the rules (audit_rules.c) and write one document: JSON by
 * default, a short table with --table. A part that cannot be read (shmem
 * for a caller who may not see it) is null with the reason; the document
 * is still written.
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "audit.h"
#include "cli.h"
#include "kmod.h"
#include "procfs.h"
#include "tasks.h"
#include "../kmod/uapi/kmemstat.h"

/* The first line of @path, without its newline; "" when unreadable. */
static void first_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");

	buf[0] = '\0';
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

static void host_facts(struct km_host *h, const struct km_src *src, const struct km_info *info)
{
	struct timespec ts;
	struct utsname u;
	struct tm tm;
	char up[64];

	if (gethostname(h->hostname, sizeof(h->hostname) - 1))
		snprintf(h->hostname, sizeof(h->hostname), "?");
	if (!uname(&u))
		snprintf(h->kernel, sizeof(h->kernel), "%s", u.release);
	first_line("/proc/sys/kernel/random/boot_id", h->boot_id, sizeof(h->boot_id));
	first_line("/proc/uptime", up, sizeof(up));
	h->uptime_s = strtod(up, NULL);
	clock_gettime(CLOCK_REALTIME, &ts);
	h->time_unix = (long long)ts.tv_sec;
	gmtime_r(&ts.tv_sec, &tm);
	strftime(h->time, sizeof(h->time), "%Y-%m-%dT%H:%M:%SZ", &tm);
	h->source = km_source_name(src->got);
	h->source_note = km_src_note(src);
	h->module_abi_differs = src->kmod_err == -KM_EABI;
	if (src->got == KM_SRC_KMOD && info) {
		snprintf(h->module_version, sizeof(h->module_version), "%s", info->module_version);
		h->module_abi = info->abi_version;
	}
}

/* A value from /proc/TID/sched ("se.exec_start   :   12345.678901"); -1 if none. */
static double sched_field(const char *path, const char *key)
{
	char line[256];
	double v = -1;
	size_t n = strlen(key);
	FILE *f = fopen(path, "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && (line[n] == ' ' || line[n] == ':')) {
			char *c = strchr(line, ':');

			v = c ? strtod(c + 1, NULL) : -1;
			break;
		}
	fclose(f);
	return v;
}

/* The CPU thread @tid last ran on (/proc/TID/stat field 39); -1 if unknown. */
static int last_cpu(int32_t tid)
{
	char path[64], buf[1024], *p;
	int field = 2, cpu = -1;

	snprintf(path, sizeof(path), "/proc/%d/stat", tid);
	first_line(path, buf, sizeof(buf));
	p = strrchr(buf, ')');	/* the name may hold anything */
	if (!p)
		return -1;
	for (p++; *p && field < 39; p++)
		if (*p == ' ')
			field++;
	if (field == 39)
		cpu = atoi(p);
	return cpu;
}

/*
 * How long thread @tid has been off the CPU, in seconds: its se.exec_start
 * (the task clock of its CPU when it last ran, /proc/PID/sched, which needs
 * SCHED_DEBUG) against that same clock now, read as our own exec_start
 * once we run on that CPU. That clock leaves out interrupt time, so this is
 * a lower bound. -1 where the kernel does not tell.
 */
static double blocked_seconds(int32_t tid)
{
	char path[64];
	cpu_set_t old, one;
	double then, now = -1;
	int cpu = last_cpu(tid);

	snprintf(path, sizeof(path), "/proc/%d/sched", tid);
	then = sched_field(path, "se.exec_start");
	if (cpu < 0 || cpu >= CPU_SETSIZE || then < 0 ||
	    sched_getaffinity(0, sizeof(old), &old))
		return -1;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (!sched_setaffinity(0, sizeof(one), &one) && sched_getcpu() == cpu)
		now = sched_field("/proc/self/sched", "se.exec_start");
	sched_setaffinity(0, sizeof(old), &old);
	return now >= then ? (now - then) / 1e3 : -1;
}

static void read_wchan(int32_t tid, char *buf, size_t len)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/wchan", tid);
	first_line(path, buf, len);
	if (!strcmp(buf, "0"))
		buf[0] = '\0';
}

static int gather_cpu(struct km_src *src, struct km_audit *a)
{
	struct km_task_filter f;
	struct km_tasks d;
	size_t i;
	int rc;

	rc = km_src_task_summary(src, &a->sum);
	if (!rc) {
		memset(&f, 0, sizeof(f));
		rc = km_src_tasks(src, &f, &a->top);
	}
	if (rc)
		return rc;
	km_tasks_sort(&a->top, KM_SORT_STIME);
	if (a->th.top < (long)a->top.n)
		a->top.n = (size_t)a->th.top;
	a->have_sys = !km_procfs_sysstat("/proc", &a->sys);
	f.threads = 1;
	f.state_mask = 1U << KMEMSTAT_STATE_D;
	memset(&d, 0, sizeof(d));
	rc = km_src_tasks(src, &f, &d);
	if (rc)
		return rc;
	a->dtasks = calloc(d.n ? d.n : 1, sizeof(*a->dtasks));
	if (!a->dtasks) {
		km_tasks_free(&d);
		return KM_EXIT_FAIL;
	}
	for (i = 0; i < d.n; i++) {
		a->dtasks[i].t = d.v[i];
		read_wchan(d.v[i].pid, a->dtasks[i].t.wchan, sizeof(a->dtasks[i].t.wchan));
		a->dtasks[i].blocked_s = blocked_seconds(d.v[i].pid);
	}
	a->ndtasks = d.n;
	km_tasks_free(&d);
	return KM_EXIT_OK;
}

int km_cmd_audit(const struct km_opts *o)
{
	struct km_info info;
	struct km_shm_filter sf;
	struct km_audit a;
	struct km_src src;
	int rc;

	memset(&a, 0, sizeof(a));
	a.th = o->thresholds;
	rc = km_src_open(&src, o->source);
	if (rc)
		return rc;
	rc = km_src_mem(&src, &a.mem);
	if (!rc && km_mem_apply_formula(&a.mem, 0))
		rc = KM_EXIT_FAIL;
	if (!rc)
		rc = km_src_info(&src, &info);
	if (rc)
		goto out;
	host_facts(&a.host, &src, &info);
	rc = gather_cpu(&src, &a);
	if (rc)
		goto out;
	memset(&sf, 0, sizeof(sf));
	sf.mappers = 1;
	/* shmem can be refused (another user's mappings): the audit goes on. */
	if (km_src_shmem(&src, &sf, &a.shm) == KM_EXIT_OK) {
		km_shm_sort(&a.shm);
		a.have_shm = 1;
	} else {
		snprintf(a.shm_error, sizeof(a.shm_error), "the %s source could not list shmem objects",
			 a.host.source);
	}
	km_audit_findings(&a);
	if (o->table)
		km_audit_table(stdout, &a);
	else
		km_audit_json(stdout, &a);
out:
	km_tasks_free(&a.top);
	free(a.dtasks);
	if (a.have_shm)
		km_shm_free(&a.shm);
	km_src_close(&src);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmemstat audit: one document per host with what a fleet audit needs in
 * one read (host facts, memory, CPU, shmem) and the findings of named rules
 * against thresholds. The document's layout is docs/audit.schema.json,
 * versioned by KM_AUDIT_VERSION.
 */
#ifndef KM_AUDIT_H
#define KM_AUDIT_H

#include <stdio.h>
#include "model.h"

#define KM_AUDIT_VERSION	1

/* Thresholds of the rules: defaults, then /etc/kmemstat.conf, then options. */
struct km_thresholds {
	double available_min_pct;	/* available_low: available under this % of total */
	double available_high_pct;	/* swap_with_available: available above this % ... */
	double swap_used_min_pct;	/* ... while swap in use is above this % of total */
	double shmem_max_pct;		/* shmem_high: Shmem over this % of total */
	double dstate_max_s;		/* dstate_long: a task in D longer than this */
	long top;			/* processes and objects listed in the document */
};

void km_thresholds_default(struct km_thresholds *t);
/* "KEY=VALUE" (an option) or "KEY = VALUE" (a config line); 0, or -1 after saying why. */
int km_threshold_set(struct km_thresholds *t, const char *kv, const char *where);
/* Read FILE's lines ("#" comments); a missing default file is no error. */
int km_thresholds_read(struct km_thresholds *t, const char *path, int must_exist);

/* Facts about the host, for the report to tell documents apart. */
struct km_host {
	char hostname[256];
	char kernel[65];
	char boot_id[40];
	double uptime_s;
	char time[32];			/* RFC 3339, UTC */
	long long time_unix;
	char module_version[32];	/* empty: no module */
	unsigned int module_abi;
	const char *source;		/* "kmod" or "procfs" */
	const char *source_note;	/* why /proc answered, or NULL */
	int module_abi_differs;
};

/* A task in D, with how long it has been off the CPU where the kernel says. */
struct km_dtask {
	struct km_task t;
	double blocked_s;		/* < 0: unknown */
};

struct km_finding {
	const char *rule;
	const char *severity;		/* "warning" or "info" */
	char message[256];
	double value, threshold;
};

#define KM_MAX_FINDINGS	16

struct km_audit {
	struct km_host host;
	struct km_thresholds th;
	struct km_mem mem;
	struct km_task_summary sum;
	struct km_sysstat sys;
	int have_sys;
	struct km_tasks top;		/* processes, most system time first */
	struct km_dtask *dtasks;	/* threads in D */
	size_t ndtasks;
	struct km_shm shm;
	int have_shm;			/* 0: shmem could not be read (shm_error says why) */
	char shm_error[128];
	struct km_finding findings[KM_MAX_FINDINGS];
	int nfindings;
};

/* Apply the rules to @a's figures: fills a->findings. */
void km_audit_findings(struct km_audit *a);
void km_audit_json(FILE *f, const struct km_audit *a);
void km_audit_table(FILE *f, const struct km_audit *a);

#endif /* KM_AUDIT_H */

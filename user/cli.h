/* SPDX-License-Identifier: GPL-2.0 */
/* Options, exit codes and the source session shared by the commands. */
#ifndef KM_CLI_H
#define KM_CLI_H

#include <stdio.h>
#include "audit.h"
#include "escape.h"
#include "memcalc.h"
#include "model.h"
#include "nl.h"
#include "tasks.h"
#include "../kmod/version.h"
#include "../kmod/uapi/kmemstat.h"

/* Exit codes, documented in kmemstat(1). */
enum {
	KM_EXIT_OK = 0,
	KM_EXIT_FAIL = 1,	/* a source failed (I/O, netlink, parse), or writing the output */
	KM_EXIT_USAGE = 2,	/* bad command line */
	KM_EXIT_NOMOD = 3,	/* --source kmod and the module is not loaded */
	KM_EXIT_ABI = 4,	/* module and CLI speak different ABI versions */
};

enum km_output { KM_OUT_TABLE, KM_OUT_JSON, KM_OUT_PROM };

struct km_opts {
	const char *cmd;
	enum km_source source;
	enum km_output out;
	char unit;		/* b k m g h */
	int percent;		/* -p */
	int extended;		/* -e */
	double interval;	/* -s SECONDS, 0: once */
	long count;		/* -c COUNT, 0: forever when -s is given */
	unsigned int formula;	/* --formula, enum kmemstat_formula; 0: the kernel's */
	/* cpu */
	enum km_group_by by;
	int by_given;		/* --by was on the command line */
	enum km_sort sort;
	long top;		/* -n N; -1: the default (20 in tables, all otherwise) */
	double rate_interval;	/* -i SECONDS, 0: cumulative */
	struct km_task_filter filter;	/* --pid, --user, --state, --min-cpu */
	/* shmem */
	int unit_given;		/* -b/-k/-m/-g/-h was on the command line */
	int mappers;		/* --mappers */
	int mapped;		/* --mapped */
	/* audit */
	struct km_thresholds thresholds;	/* defaults, config file, --threshold */
	int table;		/* --table: a short table, not JSON */
	/* report */
	char **files;		/* FILE, DIR or "-" */
	int nfiles;
};

/* What `kmemstat cpu` hands its renderers. */
struct km_cpu_report {
	enum km_group_by by;
	enum km_sort sort;
	size_t top;		/* rows to show; 0: all */
	double interval;	/* seconds the figures span; 0: since each task started */
	int show_wchan;
	const struct km_task_summary *sum;
	const struct km_tasks *tasks;
	const struct km_group *groups;	/* KM_BY_USER, KM_BY_COMM */
	size_t ngroups;
	const char *note;	/* why /proc answered, or NULL */
	const struct km_sysstat *sys;	/* the system's CPU time over the span, or NULL */
	int average;		/* an average over this many -i intervals; 0: one */
};

/* Rows are groups (--by user, comm), whether or not any group was found. */
static inline int km_report_grouped(const struct km_cpu_report *r)
{
	return r->by == KM_BY_USER || r->by == KM_BY_COMM;
}

/* The source a command reads: the module, or /proc when it is absent. */
struct km_src {
	enum km_source want, got;
	struct km_nl nl;
	int kmod_err;		/* why auto fell back to /proc, 0 otherwise */
};

/* Open the source; on failure print why and return an exit code. */
int km_src_open(struct km_src *s, enum km_source want);
void km_src_close(struct km_src *s);
/* Why auto chose /proc ("module not loaded: modprobe kmemstat"), or NULL. */
const char *km_src_note(const struct km_src *s);
int km_src_mem(struct km_src *s, struct km_mem *m);
int km_src_info(struct km_src *s, struct km_info *info);
int km_src_tasks(struct km_src *s, const struct km_task_filter *f,
		 struct km_tasks *l);
int km_src_task_summary(struct km_src *s, struct km_task_summary *sum);
int km_src_shmem(struct km_src *s, const struct km_shm_filter *f, struct km_shm *l);
/* Print a source error and map it to an exit code. */
int km_src_fail(const char *what, int err, const struct km_nl *nl);

int km_cmd_mem(const struct km_opts *o);
int km_cmd_info(const struct km_opts *o);
int km_cmd_cpu(const struct km_opts *o);
int km_cmd_shmem(const struct km_opts *o);
int km_cmd_audit(const struct km_opts *o);
int km_cmd_report(const struct km_opts *o);

/* @v bytes in the unit of -b/-k/-m/-g/-h ('k' by default). */
const char *km_fmt_size(char *buf, size_t len, char unit, int64_t v);

/* Sleep @s seconds, resuming after signals. */
void km_sleep(double s);
/* Flush stdout; on a write error say so once and return nonzero. */
int km_out_check(void);
/* The caller has capability @cap (CAP_* number) in its effective set. */
int km_cap_effective(int cap);
/* The name of @uid in /etc/passwd, or NULL. */
const char *km_user_name(uint32_t uid);
/* The uid /etc/passwd gives @name, or a number; -1 if neither. */
long km_user_lookup(const char *name);

/* Renderers: they read the model only. */
void km_table_mem(FILE *f, const struct km_opts *o, const struct km_mem *m,
		  const char *note);
void km_table_info(FILE *f, const struct km_info *i, const char *note);
struct km_json;
/* Pieces of the JSON documents, for the audit to reuse. */
void km_json_mem_fields(struct km_json *j, const struct km_mem *m, const char *note);
void km_json_sysstat(struct km_json *j, const char *key, const struct km_sysstat *sys);
void km_json_summary(struct km_json *j, const char *key, const struct km_task_summary *sum);
void km_json_task(struct km_json *j, const struct km_tasks *l, const struct km_task *t,
		  int show_wchan, double interval);
void km_json_shm_obj(struct km_json *j, const struct km_shm_obj *o);
void km_json_shm_totals(struct km_json *j, const struct km_shm *l);
void km_json_mem(FILE *f, const struct km_mem *m, const char *note);
void km_json_info(FILE *f, const struct km_info *i, const char *note);
void km_prom_mem(FILE *f, const struct km_mem *m);
void km_prom_info(FILE *f, const struct km_info *i);
void km_table_cpu(FILE *f, const struct km_cpu_report *r);
void km_json_cpu(FILE *f, const struct km_cpu_report *r);
void km_prom_cpu(FILE *f, const struct km_cpu_report *r);
void km_table_shmem(FILE *f, const struct km_shm *l, char unit, const char *note);
void km_json_shmem(FILE *f, const struct km_shm *l, const char *note);
void km_prom_shmem(FILE *f, const struct km_shm *l);

#endif /* KM_CLI_H */

// SPDX-License-Identifier: GPL-2.0
/* kmemstat: option parsing and command dispatch. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const char usage[] =
"usage: kmemstat [global options] COMMAND [options]\n"
"\n"
"commands:\n"
"  mem    [-b|-k|-m|-g|-h] [-p] [-e] [-s SECONDS [-c COUNT]] [--formula F]\n"
"         memory in free.pl's layout, with the kernel's MemAvailable formula\n"
"  cpu    [--by thread|process|user|comm] [--sort stime|utime|total] [-n N]\n"
"         [--state STATES] [-i SECONDS [-c COUNT]] [--pid PID] [--user USER]\n"
"         [--min-cpu S]\n"
"         CPU time per task, in user space and in the kernel, and task states\n"
"  shmem  [--pid PID] [--mappers] [--mapped] [-b|-k|-m|-g|-h]\n"
"         shmem objects (shared anonymous, SysV, POSIX, memfd, tmpfs) with\n"
"         resident and swapped size and who maps them, largest first\n"
"  info   module, ABI and kernel versions, and which source is in use\n"
"  audit  [-n N] [--config FILE] [--threshold KEY=VALUE]... [--table]\n"
"         one JSON document with what a fleet audit needs and the findings\n"
"         of its rules (docs/fleet.md)\n"
"  report FILE|DIR|-...\n"
"         audit documents of many hosts (one per line, \"host: \" prefixes\n"
"         taken) as one fleet table, lowest available first\n"
"\n"
"mem options:\n"
"  -b, -k, -m, -g   bytes, KiB (default), MiB, GiB\n"
"  -h               human-readable units\n"
"  -p               percent of total\n"
"  -e               extended: meminfo details and available term by term\n"
"  -s SECONDS       repeat every SECONDS\n"
"  -c COUNT         stop after COUNT samples (with -s)\n"
"  --formula F      available by another kernel's formula: 3.14, 4.5, 4.17,\n"
"                   4.20 or newest (default: kernel, this kernel's own; the\n"
"                   newest where the kernel has no MemAvailable)\n"
"\n"
"cpu options:\n"
"  --by B           process (default), thread, user or comm (program name)\n"
"  --sort K         stime (default), utime or total, largest first\n"
"  -n N             show the top N (tables: 20; --json, --prometheus: all);\n"
"                   0 shows all\n"
"  --state STATES   only tasks in these states, e.g. D or DR (per thread,\n"
"                   with the kernel function each waits in)\n"
"  -i SECONDS       rates over an interval (%usr, %sys), like pidstat\n"
"  -c COUNT         COUNT intervals (with -i), then their average; Ctrl-C\n"
"                   prints the average so far\n"
"  --pid PID        only this process (its threads with --by thread)\n"
"  --user USER      only tasks of this effective user (name or uid)\n"
"  --min-cpu S      only tasks with at least S seconds of CPU time\n"
"\n"
"shmem options:\n"
"  --pid PID        only objects this process maps\n"
"  --mappers        list every mapping: pid, range, protection, offset\n"
"  --mapped         with each mapping, how much of the object it maps (walks\n"
"                   the page tables: smaps' Rss)\n"
"  -b, -k, -m, -g, -h  units (default -h)\n"
"\n"
"audit options:\n"
"  -n N             processes and shmem objects listed (default 10)\n"
"  --config FILE    thresholds, KEY = VALUE lines (default /etc/kmemstat.conf)\n"
"  --threshold K=V  one threshold: available_min_pct, available_high_pct,\n"
"                   swap_used_min_pct, shmem_max_pct, dstate_max_s, top\n"
"  --table          a short table for a person instead of JSON\n"
"\n"
"global options:\n"
"  --json           one JSON document per sample (bytes)\n"
"  --prometheus     Prometheus text format (kmemstat_* series)\n"
"  --source S       auto (default: the module, else /proc), kmod, procfs\n"
"  --help           this text\n"
"  --version        the CLI's version and ABI\n"
"\n"
"exit status: 0 ok, 1 a source failed, 2 usage, 3 module not loaded\n"
"(--source kmod), 4 module and CLI ABI differ. See kmemstat(1).\n";

static int bad(const char *msg, const char *arg)
{
	fprintf(stderr, "kmemstat: %s%s%s\nTry 'kmemstat --help'.\n", msg,
		arg ? ": " : "", arg ? arg : "");
	return KM_EXIT_USAGE;
}

/*
 * getopt_long() names no option in its error: a short one is optopt (argv
 * may already point past its cluster); a long one is the argument, and
 * optopt its value when it is known (then it lacked or had a value it
 * should not), 0 when unknown or ambiguous (a prefix of several names).
 */
static int bad_option(const char *msg, const char *arg, const struct option *longopts)
{
	char opt[3] = { '-', (char)optopt, '\0' };
	size_t len;
	int n = 0, exact = 0;

	if (optopt > 0 && optopt < 256)
		return bad(msg, opt);
	if (optopt >= 256)
		return bad(strcmp(msg, "unknown option") ? msg : "option takes no value", arg);
	if (strncmp(arg, "--", 2))
		return bad(msg, arg);
	len = strcspn(arg + 2, "=");
	for (; longopts->name; longopts++) {
		if (!strncmp(longopts->name, arg + 2, len))
			n++;
		if (strlen(longopts->name) == len && !strncmp(longopts->name, arg + 2, len))
			exact = 1;
	}
	return bad(n > 1 && !exact ? "ambiguous option" : msg, arg);
}

/* A decimal integer in [min, max]: no sign, no hex or octal, no blanks. */
static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return 0;
	*out = v;
	return 1;
}

/* Seconds as a finite decimal number in [0, max] (no hex, inf or nan). */
static int parse_seconds(const char *s, double max, double *out)
{
	char *end;
	double v;

	if (!isdigit((unsigned char)*s) && *s != '.')
		return 0;
	if (strpbrk(s, "xX"))
		return 0;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < 0 || v > max)
		return 0;
	*out = v;
	return 1;
}

/* Longest repeat interval, -s and -i: a day. */
#define KM_MAX_INTERVAL	86400.0

static const char *const by_names[] = { "process", "thread", "user", "comm", NULL };
static const char *const sort_names[] = { "stime", "utime", "total", NULL };

/* Index of @s in the NULL-terminated @names, into @out; -1 if absent. */
static int pick(const char *s, const char *const *names, int *out)
{
	int i;

	for (i = 0; names[i]; i++) {
		if (!strcmp(s, names[i])) {
			*out = i;
			return 0;
		}
	}
	return -1;
}

/* "DR" -> the KMEMSTAT_STATE_* bits of D and R. */
static int parse_states(const char *s, uint32_t *mask)
{
	if (!*s)
		return -1;
	for (; *s; s++) {
		int i = km_state_index(*s);

		if (i < 0)
			return -1;
		*mask |= 1U << i;
	}
	return 0;
}

enum { O_JSON = 256, O_PROM, O_SOURCE, O_HELP, O_VERSION, O_BY, O_SORT,
       O_STATE, O_PID, O_USER, O_MINCPU, O_MAPPERS, O_MAPPED, O_FORMULA,
       O_CONFIG, O_THRESHOLD, O_TABLE, O_LAST };

static const char *const commands = " mem cpu shmem info audit report ";

/* Where audit's thresholds come from when --config does not say. */
#define KM_CONFIG	"/etc/kmemstat.conf"
#define KM_MAX_THRESHOLDS	32

/* The commands an option means something to; NULL: every command. */
static const char *option_scope(int c)
{
	switch (c) {
	case 'b': case 'k': case 'm': case 'g': case 'h':
		return " mem shmem ";
	case 'c':
		return " mem cpu ";
	case 'p': case 'e': case 's': case O_FORMULA:
		return " mem ";
	case 'n':
		return " cpu audit ";
	case O_BY: case O_SORT: case 'i': case O_STATE: case O_USER: case O_MINCPU:
		return " cpu ";
	case O_CONFIG: case O_THRESHOLD: case O_TABLE:
		return " audit ";
	case O_PID:
		return " cpu shmem ";
	case O_MAPPERS: case O_MAPPED:
		return " shmem ";
	default:
		return NULL;
	}
}

/* " @word " within the space-separated @list. */
static int in_list(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = strstr(list, word); p; p = strstr(p + 1, word))
		if (p[-1] == ' ' && p[n] == ' ')
			return 1;
	return 0;
}

/* Options given to a command they mean nothing to are refused, named. */
static int check_scope(const char *cmd, const unsigned char *given,
		       const struct option *longopts)
{
	char msg[96], name[32], with[32], *sp;
	const char *scope;
	int c;

	for (c = 0; c < O_LAST; c++) {
		scope = option_scope(c);
		if (!given[c] || !scope || in_list(scope, cmd))
			continue;
		if (c < 256) {
			snprintf(name, sizeof(name), "-%c", c);
		} else {
			const struct option *l = longopts;

			while (l->val != c)
				l++;
			snprintf(name, sizeof(name), "--%s", l->name);
		}
		/* " cpu shmem " -> "cpu and shmem" */
		snprintf(with, sizeof(with), "%s", scope + 1);
		with[strlen(with) - 1] = '\0';
		sp = strchr(with, ' ');
		snprintf(msg, sizeof(msg), "%s does not apply to %s (it goes with %.*s%s%s)",
			 name, cmd, sp ? (int)(sp - with) : (int)strlen(with), with,
			 sp ? " and" : "", sp ? sp : "");
		return bad(msg, NULL);
	}
	return -1;
}

/* Fill @o from argv; returns -1 to go on, or an exit code. */
static int parse(int argc, char **argv, struct km_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, O_JSON },
		{ "prometheus", no_argument, NULL, O_PROM },
		{ "source", required_argument, NULL, O_SOURCE },
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VERSION },
		{ "by", required_argument, NULL, O_BY },
		{ "sort", required_argument, NULL, O_SORT },
		{ "state", required_argument, NULL, O_STATE },
		{ "pid", required_argument, NULL, O_PID },
		{ "user", required_argument, NULL, O_USER },
		{ "min-cpu", required_argument, NULL, O_MINCPU },
		{ "mappers", no_argument, NULL, O_MAPPERS },
		{ "mapped", no_argument, NULL, O_MAPPED },
		{ "formula", required_argument, NULL, O_FORMULA },
		{ "config", required_argument, NULL, O_CONFIG },
		{ "threshold", required_argument, NULL, O_THRESHOLD },
		{ "table", no_argument, NULL, O_TABLE },
		{ NULL, 0, NULL, 0 }
	};
	unsigned char given[O_LAST] = { 0 };
	const char *config = NULL, *th[KM_MAX_THRESHOLDS];
	int nth = 0, i;
	double d;
	long l;
	int c, rc;

	memset(o, 0, sizeof(*o));
	o->unit = 'k';
	o->top = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":bkmghpes:c:n:i:", longopts, NULL)) != -1) {
		if (c > 0 && c < O_LAST)
			given[c] = 1;
		switch (c) {
		case 'b': case 'k': case 'm': case 'g': case 'h':
			o->unit = (char)c;
			o->unit_given = 1;
			break;
		case O_MAPPERS:
			o->mappers = 1;
			break;
		case O_MAPPED:
			o->mappers = o->mapped = 1;
			break;
		case O_FORMULA:
			if (km_formula_parse(optarg, &o->formula))
				return bad("--formula is 3.14, 4.5, 4.17, 4.20, newest or kernel", optarg);
			break;
		case 'p':
			o->percent = 1;
			break;
		case 'e':
			o->extended = 1;
			break;
		case 's':
			if (!parse_seconds(optarg, KM_MAX_INTERVAL, &d) || d <= 0)
				return bad("-s wants seconds, more than 0 and at most 86400", optarg);
			o->interval = d;
			break;
		case 'c':
			if (!parse_long(optarg, 1, INT_MAX, &l))
				return bad("-c wants a whole count from 1", optarg);
			o->count = l;
			break;
		case 'n':
			if (!parse_long(optarg, 0, INT_MAX, &l))
				return bad("-n wants a whole number (0: all)", optarg);
			o->top = l;
			break;
		case 'i':
			if (!parse_seconds(optarg, KM_MAX_INTERVAL, &d) || d <= 0)
				return bad("-i wants seconds, more than 0 and at most 86400", optarg);
			o->rate_interval = d;
			break;
		case O_BY:
			if (pick(optarg, by_names, (int *)&o->by))
				return bad("--by is thread, process, user or comm", optarg);
			o->by_given = 1;
			break;
		case O_SORT:
			if (pick(optarg, sort_names, (int *)&o->sort))
				return bad("--sort is stime, utime or total", optarg);
			break;
		case O_STATE:
			if (parse_states(optarg, &o->filter.state_mask))
				return bad("--state wants letters among R S D T t Z X P I", optarg);
			break;
		case O_PID:
			if (!parse_long(optarg, 1, INT32_MAX, &l))
				return bad("--pid wants a process id (decimal)", optarg);
			o->filter.tgid = (int32_t)l;
			break;
		case O_USER: {
			long uid = km_user_lookup(optarg);

			if (uid < 0)
				return bad("--user wants a user name (from /etc/passwd) or a uid", optarg);
			o->filter.has_uid = 1;
			o->filter.uid = (uint32_t)uid;
			break;
		}
		case O_MINCPU:
			/* 10^9 s (31 years) keeps the nanoseconds within 64 bits. */
			if (!parse_seconds(optarg, 1e9, &d))
				return bad("--min-cpu wants seconds, from 0 to 1e9", optarg);
			o->filter.min_cpu_ns = (uint64_t)(d * 1e9);
			break;
		case O_CONFIG:
			config = optarg;
			break;
		case O_THRESHOLD:
			if (nth == KM_MAX_THRESHOLDS)
				return bad("too many --threshold options", optarg);
			th[nth++] = optarg;
			break;
		case O_TABLE:
			o->table = 1;
			break;
		case O_JSON:
			o->out = KM_OUT_JSON;
			break;
		case O_PROM:
			o->out = KM_OUT_PROM;
			break;
		case O_SOURCE:
			if (!strcmp(optarg, "auto"))
				o->source = KM_SRC_AUTO;
			else if (!strcmp(optarg, "kmod"))
				o->source = KM_SRC_KMOD;
			else if (!strcmp(optarg, "procfs"))
				o->source = KM_SRC_PROCFS;
			else
				return bad("--source is auto, kmod or procfs", optarg);
			break;
		case O_HELP:
			fputs(usage, stdout);
			return KM_EXIT_OK;
		case O_VERSION:
			printf("kmemstat %s (ABI %d)\n", KMEMSTAT_VERSION, KMEMSTAT_ABI_VERSION);
			return KM_EXIT_OK;
		case ':':
		default:
			return bad_option(c == ':' ? "option needs a value" : "unknown option",
					  argv[optind - 1], longopts);
		}
	}
	if (optind >= argc)
		return bad("no command given (mem, cpu, shmem, info, audit, report)", NULL);
	o->cmd = argv[optind];
	if (!strcmp(o->cmd, "report")) {
		o->files = argv + optind + 1;
		o->nfiles = argc - optind - 1;
		if (!o->nfiles)
			return bad("report wants audit documents: FILE, DIR, or - for stdin", NULL);
	} else if (optind + 1 < argc) {
		return bad("unexpected argument", argv[optind + 1]);
	}
	if (!in_list(commands, o->cmd))
		return bad("unknown command (mem, cpu, shmem, info, audit, report)", o->cmd);
	rc = check_scope(o->cmd, given, longopts);
	if (rc >= 0)
		return rc;
	if (given[O_JSON] && given[O_PROM])
		return bad("--json and --prometheus: choose one", NULL);
	if (o->count && !o->interval && !o->rate_interval)
		return bad(strcmp(o->cmd, "cpu") ? "-c goes with -s" : "-c goes with -i", NULL);
	/* Two expositions in one stream repeat every series: invalid. */
	if (o->interval && o->out == KM_OUT_PROM)
		return bad("-s repeats a table or --json; --prometheus writes one exposition per run", NULL);
	if (o->count && o->rate_interval && o->out == KM_OUT_PROM)
		return bad("-c repeats a table or --json; --prometheus writes one exposition per run", NULL);
	if (!strcmp(o->cmd, "audit")) {
		if (o->out == KM_OUT_PROM)
			return bad("audit writes JSON, or a table with --table", NULL);
		if (o->table && o->out == KM_OUT_JSON)
			return bad("--table and --json: choose one", NULL);
		/* Thresholds: defaults, the config file, then the command line. */
		km_thresholds_default(&o->thresholds);
		if (km_thresholds_read(&o->thresholds, config ? config : KM_CONFIG, config != NULL))
			return KM_EXIT_USAGE;
		if (o->top >= 0)
			o->thresholds.top = o->top;
		for (i = 0; i < nth; i++)
			if (km_threshold_set(&o->thresholds, th[i], "--threshold"))
				return KM_EXIT_USAGE;
	}
	return -1;
}

static int run(const struct km_opts *o)
{
	/* As ps -p: a process that does not exist (here) is an error, not an empty list. */
	if (o->filter.tgid && kill(o->filter.tgid, 0) && errno == ESRCH) {
		fprintf(stderr, "kmemstat: --pid %d: no such process\n", (int)o->filter.tgid);
		return KM_EXIT_FAIL;
	}
	if (!strcmp(o->cmd, "mem"))
		return km_cmd_mem(o);
	if (!strcmp(o->cmd, "info"))
		return km_cmd_info(o);
	if (!strcmp(o->cmd, "cpu"))
		return km_cmd_cpu(o);
	if (!strcmp(o->cmd, "audit"))
		return km_cmd_audit(o);
	if (!strcmp(o->cmd, "report"))
		return km_cmd_report(o);
	return km_cmd_shmem(o);
}

int main(int argc, char **argv)
{
	struct km_opts o;
	int rc;

	rc = parse(argc, argv, &o);
	if (rc >= 0)
		return rc;
	rc = run(&o);
	/* Output nobody received is a failure, as for free and ps. */
	if (km_out_check() && rc == KM_EXIT_OK)
		rc = KM_EXIT_FAIL;
	return rc;
}

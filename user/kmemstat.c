// SPDX-License-Identifier: GPL-2.0
/* kmemstat: option parsing and command dispatch. */
#include <errno.h>
#include <getopt.h>
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
"         [--state STATES] [-i SECONDS] [--pid PID] [--user USER] [--min-cpu S]\n"
"         CPU time per task, in user space and in the kernel, and task states\n"
"  shmem  [--pid PID] [--mappers] [--mapped] [-b|-k|-m|-g|-h]\n"
"         shmem objects (shared anonymous, SysV, POSIX, memfd, tmpfs) with\n"
"         resident and swapped size and who maps them, largest first\n"
"  info   module, ABI and kernel versions, and which source is in use\n"
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
"global options:\n"
"  --json           one JSON document per sample (bytes)\n"
"  --prometheus     Prometheus text format (node_exporter's names)\n"
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

static int parse_number(const char *s, double *out)
{
	char *end;

	*out = strtod(s, &end);
	return *s && !*end && *out >= 0;
}

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

/* Fill @o from argv; returns -1 to go on, or an exit code. */
static int parse(int argc, char **argv, struct km_opts *o)
{
	enum { O_JSON = 256, O_PROM, O_SOURCE, O_HELP, O_VERSION, O_BY, O_SORT,
	       O_STATE, O_PID, O_USER, O_MINCPU, O_MAPPERS,
	       O_MAPPED, O_FORMULA };
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
		{ NULL, 0, NULL, 0 }
	};
	double d;
	int c;

	memset(o, 0, sizeof(*o));
	o->unit = 'k';
	o->top = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":bkmghpes:c:n:i:", longopts, NULL)) != -1) {
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
			if (!parse_number(optarg, &d) || d <= 0)
				return bad("-s wants a positive number of seconds", optarg);
			o->interval = d;
			break;
		case 'c':
			if (!parse_number(optarg, &d) || d < 1 || d != (long)d)
				return bad("-c wants a positive whole count", optarg);
			o->count = (long)d;
			break;
		case 'n':
			if (!parse_number(optarg, &d) || d != (long)d)
				return bad("-n wants a whole number (0: all)", optarg);
			o->top = (long)d;
			break;
		case 'i':
			if (!parse_number(optarg, &d) || d <= 0)
				return bad("-i wants a positive number of seconds", optarg);
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
			if (!parse_number(optarg, &d) || d < 1 || d != (long)d || d > 0x7fffffff)
				return bad("--pid wants a process id", optarg);
			o->filter.tgid = (int32_t)d;
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
			if (!parse_number(optarg, &d))
				return bad("--min-cpu wants seconds", optarg);
			o->filter.min_cpu_ns = (uint64_t)(d * 1e9);
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
		return bad("no command given (mem, cpu, shmem, info)", NULL);
	if (optind + 1 < argc)
		return bad("unexpected argument", argv[optind + 1]);
	o->cmd = argv[optind];
	if (o->count && !o->interval)
		return bad("-c goes with -s", NULL);
	if (o->formula && strcmp(o->cmd, "mem"))
		return bad("--formula goes with mem", NULL);
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
	if (!strcmp(o->cmd, "shmem"))
		return km_cmd_shmem(o);
	return bad("unknown command", o->cmd);
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

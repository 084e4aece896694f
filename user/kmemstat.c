// SPDX-License-Identifier: GPL-2.0
/* kmemstat: option parsing and command dispatch. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const char usage[] =
"usage: kmemstat [global options] COMMAND [options]\n"
"\n"
"commands:\n"
"  mem    [-b|-k|-m|-g|-h] [-p] [-e] [-s SECONDS [-c COUNT]]\n"
"         memory in free.pl's layout, with the kernel's MemAvailable formula\n"
"  info   module, ABI and kernel versions, and which source is in use\n"
"\n"
"mem options:\n"
"  -b, -k, -m, -g   bytes, KiB (default), MiB, GiB\n"
"  -h               human-readable units\n"
"  -p               percent of total\n"
"  -e               extended: meminfo details and available term by term\n"
"  -s SECONDS       repeat every SECONDS\n"
"  -c COUNT         stop after COUNT samples (with -s)\n"
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

static int parse_number(const char *s, double *out)
{
	char *end;

	*out = strtod(s, &end);
	return *s && !*end && *out >= 0;
}

/* Fill @o from argv; returns -1 to go on, or an exit code. */
static int parse(int argc, char **argv, struct km_opts *o)
{
	enum { O_JSON = 256, O_PROM, O_SOURCE, O_HELP, O_VERSION };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, O_JSON },
		{ "prometheus", no_argument, NULL, O_PROM },
		{ "source", required_argument, NULL, O_SOURCE },
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	double d;
	int c;

	memset(o, 0, sizeof(*o));
	o->unit = 'k';
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":bkmghpes:c:", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': case 'k': case 'm': case 'g': case 'h':
			o->unit = (char)c;
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
			return bad("option needs a value", argv[optind - 1]);
		default:
			return bad("unknown option", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return bad("no command given (mem, info)", NULL);
	if (optind + 1 < argc)
		return bad("unexpected argument", argv[optind + 1]);
	o->cmd = argv[optind];
	if (o->count && !o->interval)
		return bad("-c goes with -s", NULL);
	return -1;
}

int main(int argc, char **argv)
{
	struct km_opts o;
	int rc;

	rc = parse(argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (!strcmp(o.cmd, "mem"))
		return km_cmd_mem(&o);
	if (!strcmp(o.cmd, "info"))
		return km_cmd_info(&o);
	return bad("unknown command", o.cmd);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kmemstat report FILE...|DIR...|-: audit documents from many hosts into one
 * fleet table, a row per host by available percent, lowest first; --json
 * for the same as one document; --prometheus for per-host series. A line is
 * one document, as pdsh, clush -b, ansible -o or a directory of files give
 * them: what precedes its first '{' names the host ("web1: {...}",
 * "web1 | CHANGED | rc=0 | (stdout) {...}"). A damaged or truncated document
 * is reported by file, line and host and skipped, never fatal.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"
#include "json.h"
#include "jsonparse.h"

struct host_row {
	char host[128];
	char kernel[65];
	char source[8];
	char boot_id[40];
	double total, available, shmem, swap_used;
	long long time_unix;
	unsigned int dstate;
	char findings[256];	/* "rule,rule" */
	unsigned int nfindings, warnings;
	char where[300];
};

struct skip {
	char where[300];
	char host[128];
	char error[160];
};

struct fleet {
	struct host_row *rows;
	size_t n, cap;
	struct skip *skips;
	size_t nskips, skipcap;
	size_t duplicates;
};

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*v, (*cap ? *cap * 2 : 64) * size);
	if (!p)
		return -1;
	*v = p;
	*cap = *cap ? *cap * 2 : 64;
	return 0;
}

static void skipped(struct fleet *fl, const char *where, const char *host, const char *why)
{
	struct skip *k;

	if (grow((void **)&fl->skips, &fl->skipcap, fl->nskips, sizeof(*k)))
		return;
	k = &fl->skips[fl->nskips++];
	snprintf(k->where, sizeof(k->where), "%s", where);
	snprintf(k->host, sizeof(k->host), "%s", host);
	snprintf(k->error, sizeof(k->error), "%s", why);
}

/* "web1: " or "web1 | CHANGED | rc=0 | (stdout) " -> "web1"; "" -> "". */
static void label(const char *line, size_t len, char *out, size_t outlen)
{
	size_t n = 0;

	while (n < len && line[n] != ':' && line[n] != '|' && line[n] != ' ' && line[n] != '\t')
		n++;
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, line, n);
	out[n] = '\0';
}

/* The row of one document; NULL and @why set when it is not an audit. */
static int row(const struct jp_val *root, struct host_row *r, char *why, size_t whylen)
{
	const struct jp_val *a = jp_get(root, "audit"), *x, *f;
	size_t i;

	if (!a) {
		snprintf(why, whylen, "not an audit document (no \"audit\" key)");
		return -1;
	}
	if (jp_num(jp_get(a, "version"), 0) != KM_AUDIT_VERSION) {
		snprintf(why, whylen, "audit version %g, this report reads %d",
			 jp_num(jp_get(a, "version"), 0), KM_AUDIT_VERSION);
		return -1;
	}
	r->total = jp_num(jp_path(a, "mem", "total", NULL), -1);
	r->available = jp_num(jp_path(a, "mem", "available", NULL), -1);
	if (!jp_path(a, "host", "hostname", NULL) || r->total <= 0 || r->available < 0) {
		snprintf(why, whylen, "an audit without host.hostname or mem.total and mem.available");
		return -1;
	}
	if (!r->host[0])
		snprintf(r->host, sizeof(r->host), "%s", jp_str(jp_path(a, "host", "hostname", NULL), "?"));
	snprintf(r->kernel, sizeof(r->kernel), "%s", jp_str(jp_path(a, "host", "kernel", NULL), "?"));
	snprintf(r->source, sizeof(r->source), "%s", jp_str(jp_path(a, "host", "source", NULL), "?"));
	snprintf(r->boot_id, sizeof(r->boot_id), "%s", jp_str(jp_path(a, "host", "boot_id", NULL), ""));
	r->time_unix = (long long)jp_num(jp_path(a, "host", "time_unix", NULL), 0);
	r->shmem = jp_num(jp_path(a, "mem", "shmem", NULL), 0);
	r->swap_used = jp_num(jp_path(a, "mem", "swap_total", NULL), 0) -
		       jp_num(jp_path(a, "mem", "swap_free", NULL), 0);
	x = jp_path(a, "cpu", "dstate", NULL);
	r->dstate = x && x->type == JP_ARR ? (unsigned int)x->n : 0;
	f = jp_get(a, "findings");
	for (i = 0; f && f->type == JP_ARR && i < f->n; i++) {
		const char *rule = jp_str(jp_get(&f->items[i], "rule"), "?");
		size_t used = strlen(r->findings);

		r->nfindings++;
		r->warnings += !strcmp(jp_str(jp_get(&f->items[i], "severity"), ""), "warning");
		if (used + strlen(rule) + 2 < sizeof(r->findings))
			snprintf(r->findings + used, sizeof(r->findings) - used, "%s%s",
				 used ? "," : "", rule);
	}
	return 0;
}

/* One line: a document, maybe behind a host label. */
static void take_line(struct fleet *fl, const char *file, size_t lineno, const char *line,
		      size_t len)
{
	const char *brace = memchr(line, '{', len);
	char where[300], why[160], host[128] = "";
	struct host_row r;
	struct jp_doc doc;

	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (!len)
		return;
	snprintf(where, sizeof(where), "%s:%zu", file, lineno);
	if (brace && brace > line)
		label(line, (size_t)(brace - line), host, sizeof(host));
	if (!brace) {
		skipped(fl, where, host, "no JSON document on this line");
		return;
	}
	memset(&r, 0, sizeof(r));
	snprintf(r.host, sizeof(r.host), "%s", host);
	if (jp_parse(&doc, brace, len - (size_t)(brace - line))) {
		snprintf(why, sizeof(why), "damaged JSON: %s", doc.error);
		skipped(fl, where, host, why);
	} else if (row(doc.root, &r, why, sizeof(why))) {
		skipped(fl, where, host, why);
	} else if (!grow((void **)&fl->rows, &fl->cap, fl->n, sizeof(r))) {
		snprintf(r.where, sizeof(r.where), "%s", where);
		fl->rows[fl->n++] = r;
	}
	jp_free(&doc);
}

static int take_stream(struct fleet *fl, FILE *f, const char *name)
{
	char *line = NULL;
	size_t cap = 0, n = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, f)) >= 0)
		take_line(fl, name, ++n, line, (size_t)len);
	free(line);
	return ferror(f) ? -1 : 0;
}

static int take_path(struct fleet *fl, const char *path);

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's regular files, in name order (hidden ones left out). */
static int take_dir(struct fleet *fl, const char *path)
{
	char **names = NULL, full[4096];
	size_t n = 0, cap = 0, i, plen = strlen(path);
	struct dirent *e;
	DIR *d = opendir(path);
	int rc = 0;

	while (plen > 1 && path[plen - 1] == '/')
		plen--;

	if (!d) {
		fprintf(stderr, "kmemstat: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || grow((void **)&names, &cap, n, sizeof(*names)))
			continue;
		names[n] = strdup(e->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		struct stat st;

		snprintf(full, sizeof(full), "%.*s/%s", (int)plen, path, names[i]);
		if (!stat(full, &st) && S_ISREG(st.st_mode) && take_path(fl, full))
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

static int take_path(struct fleet *fl, const char *path)
{
	struct stat st;
	FILE *f;
	int rc;

	if (!strcmp(path, "-"))
		return take_stream(fl, stdin, "-");
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return take_dir(fl, path);
	f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "kmemstat: %s: %s\n", path, strerror(errno));
		return -1;
	}
	rc = take_stream(fl, f, path);
	fclose(f);
	return rc;
}

static double avail_pct(const struct host_row *r)
{
	return 100.0 * r->available / r->total;
}

static int by_available(const void *a, const void *b)
{
	double x = avail_pct(a), y = avail_pct(b);

	return x < y ? -1 : x > y ? 1 : strcmp(((const struct host_row *)a)->host,
						((const struct host_row *)b)->host);
}

static int by_host_time(const void *a, const void *b)
{
	const struct host_row *x = a, *y = b;
	int c = strcmp(x->host, y->host);

	return c ? c : (x->time_unix > y->time_unix) - (x->time_unix < y->time_unix);
}

/* One row per host: the newest document of a host seen twice. */
static void dedup(struct fleet *fl)
{
	size_t i, n = 0;

	if (!fl->n)
		return;
	qsort(fl->rows, fl->n, sizeof(*fl->rows), by_host_time);
	for (i = 0; i < fl->n; i++) {
		if (n && !strcmp(fl->rows[n - 1].host, fl->rows[i].host)) {
			fl->rows[n - 1] = fl->rows[i];	/* sorted by time: this one is newer */
			fl->duplicates++;
			continue;
		}
		fl->rows[n++] = fl->rows[i];
	}
	fl->n = n;
	qsort(fl->rows, fl->n, sizeof(*fl->rows), by_available);
}

static void table(FILE *f, const struct fleet *fl)
{
	char host[3 * 32 + 1], fnd[3 * 256 + 1], a[32], s[32];
	size_t i;

	fprintf(f, "%-24s %-28s %-6s %6s %10s %10s %3s FINDINGS\n", "HOST", "KERNEL", "SOURCE",
		"AVAIL%", "AVAILABLE", "SHMEM", "D");
	for (i = 0; i < fl->n; i++) {
		const struct host_row *r = &fl->rows[i];

		km_esc_table(host, sizeof(host), r->host);
		km_esc_table(fnd, sizeof(fnd), r->nfindings ? r->findings : "-");
		fprintf(f, "%-24s %-28.28s %-6s %6.1f %10s %10s %3u %s\n", host, r->kernel, r->source,
			avail_pct(r), km_fmt_size(a, sizeof(a), 'h', (int64_t)r->available),
			km_fmt_size(s, sizeof(s), 'h', (int64_t)r->shmem), r->dstate, fnd);
	}
	fprintf(f, "\n%zu host(s)", fl->n);
	if (fl->duplicates)
		fprintf(f, ", %zu older document(s) of the same hosts left out", fl->duplicates);
	fprintf(f, ", %zu line(s) skipped%s\n", fl->nskips, fl->nskips ? ":" : "");
	for (i = 0; i < fl->nskips; i++) {
		km_esc_table(host, sizeof(host), fl->skips[i].host[0] ? fl->skips[i].host : "?");
		km_esc_table(fnd, sizeof(fnd), fl->skips[i].where);
		fprintf(f, "  %s (host %s): %s\n", fnd, host, fl->skips[i].error);
	}
}

static void json(FILE *f, const struct fleet *fl)
{
	struct km_json j;
	char *save, *rule, buf[256];
	size_t i;

	kj_start(&j, f);
	kj_object(&j, "report");
	kj_u64(&j, "version", KM_AUDIT_VERSION);
	kj_u64(&j, "hosts", fl->n);
	kj_u64(&j, "duplicates", fl->duplicates);
	kj_array(&j, "rows");
	for (i = 0; i < fl->n; i++) {
		const struct host_row *r = &fl->rows[i];

		kj_object(&j, NULL);
		kj_str(&j, "host", r->host);
		kj_str(&j, "kernel", r->kernel);
		kj_str(&j, "source", r->source);
		kj_str(&j, "boot_id", r->boot_id[0] ? r->boot_id : NULL);
		kj_i64(&j, "time_unix", r->time_unix);
		kj_u64(&j, "total", (uint64_t)r->total);
		kj_u64(&j, "available", (uint64_t)r->available);
		kj_fixed2(&j, "available_pct", avail_pct(r));
		kj_u64(&j, "shmem", (uint64_t)r->shmem);
		kj_u64(&j, "dstate", r->dstate);
		kj_array(&j, "findings");
		snprintf(buf, sizeof(buf), "%s", r->findings);
		for (rule = strtok_r(buf, ",", &save); rule; rule = strtok_r(NULL, ",", &save))
			kj_str(&j, NULL, rule);
		kj_close(&j, ']');
		kj_str(&j, "from", r->where);
		kj_close(&j, '}');
	}
	kj_close(&j, ']');
	kj_array(&j, "skipped");
	for (i = 0; i < fl->nskips; i++) {
		kj_object(&j, NULL);
		kj_str(&j, "where", fl->skips[i].where);
		kj_str(&j, "host", fl->skips[i].host[0] ? fl->skips[i].host : NULL);
		kj_str(&j, "error", fl->skips[i].error);
		kj_close(&j, '}');
	}
	kj_close(&j, ']');
	kj_close(&j, '}');
	kj_end(&j);
}

static void prom(FILE *f, const struct fleet *fl)
{
	static const char *const fams[][2] = {
		{ "kmemstat_host_memory_total_bytes", "MemTotal of each audited host." },
		{ "kmemstat_host_memory_available_bytes", "Available memory of each audited host." },
		{ "kmemstat_host_shmem_bytes", "Shmem of each audited host." },
		{ "kmemstat_host_dstate_tasks", "Tasks in D on each audited host." },
		{ "kmemstat_host_findings", "Findings of each audited host's audit." },
		{ "kmemstat_host_audit_timestamp_seconds", "When each host's audit was taken." },
	};
	char host[3 * 128 + 1], kernel[3 * 65 + 1];
	size_t i;
	int k;

	for (k = 0; k < 6; k++) {
		fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", fams[k][0], fams[k][1], fams[k][0]);
		for (i = 0; i < fl->n; i++) {
			const struct host_row *r = &fl->rows[i];
			double v = k == 0 ? r->total : k == 1 ? r->available : k == 2 ? r->shmem :
				   k == 3 ? r->dstate : k == 4 ? r->nfindings : (double)r->time_unix;

			km_esc_label(host, sizeof(host), r->host);
			km_esc_label(kernel, sizeof(kernel), r->kernel);
			if (k == 1)
				fprintf(f, "%s{host=\"%s\",kernel=\"%s\"} %.17g\n", fams[k][0], host,
					kernel, v);
			else
				fprintf(f, "%s{host=\"%s\"} %.17g\n", fams[k][0], host, v);
		}
	}
	fprintf(f, "# HELP kmemstat_report_skipped_lines Lines of the input that were not audit documents.\n"
		"# TYPE kmemstat_report_skipped_lines gauge\nkmemstat_report_skipped_lines %zu\n",
		fl->nskips);
}

int km_cmd_report(const struct km_opts *o)
{
	struct fleet fl;
	int i, rc = KM_EXIT_OK;

	memset(&fl, 0, sizeof(fl));
	for (i = 0; i < o->nfiles; i++)
		if (take_path(&fl, o->files[i]))
			rc = KM_EXIT_FAIL;	/* an unreadable input; the others still count */
	dedup(&fl);
	if (o->out == KM_OUT_JSON)
		json(stdout, &fl);
	else if (o->out == KM_OUT_PROM)
		prom(stdout, &fl);
	else
		table(stdout, &fl);
	for (i = 0; o->out != KM_OUT_TABLE && i < (int)fl.nskips; i++) {
		char where[3 * 300 + 1], host[3 * 128 + 1];

		km_esc_table(where, sizeof(where), fl.skips[i].where);
		km_esc_table(host, sizeof(host), fl.skips[i].host[0] ? fl.skips[i].host : "?");
		fprintf(stderr, "kmemstat: %s (host %s): %s\n", where, host, fl.skips[i].error);
	}
	if (!fl.n && rc == KM_EXIT_OK) {
		fprintf(stderr, "kmemstat: no audit document in the input\n");
		rc = KM_EXIT_FAIL;
	}
	free(fl.rows);
	free(fl.skips);
	return rc;
}

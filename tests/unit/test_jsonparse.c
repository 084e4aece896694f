// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON reader of `kmemstat report` (user/jsonparse.c), whose input is
 * other hosts' bytes: valid documents parse to their values (escapes,
 * surrogate pairs, numbers, nesting); invalid ones are refused with a
 * reason; and a real audit document cut at every length, with bytes
 * changed at random (fixed seed) and nested past the limit, always parses
 * or is refused, never reads past the text. Built with ASan and UBSan by
 * run.sh; each text is copied to end where the heap block ends, so a read
 * one byte past it is a report.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kselftest.h"
#include "../../user/jsonparse.h"

#define SEED	0x6b6d656d73746174ULL
#define FLIPS	200000

static uint64_t rng = SEED;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Parse a private copy of @len bytes (no NUL after them); 0 on success. */
static int parse(const char *text, size_t len, struct jp_doc *doc)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	if (!copy)
		ksft_exit_fail_msg("out of memory\n");
	memcpy(copy, text, len);
	rc = jp_parse(doc, copy, len);
	free(copy);	/* the tree holds no pointer into the text */
	return rc;
}

static int refused(const char *text)
{
	struct jp_doc doc;
	int rc = parse(text, strlen(text), &doc);
	int ok = rc && doc.error[0];

	jp_free(&doc);
	if (!ok)
		ksft_print_msg("accepted: %s\n", text);
	return ok;
}

int main(int argc, char **argv)
{
	static const char *const bad[] = {
		"", "{", "}", "{\"a\" 1}", "{\"a\":}", "{a:1}", "[1,]", "[1 2]", "01", "1.", ".5",
		"-", "1e", "tru", "nul", "\"abc", "\"a\\x\"", "\"\\u12\"", "\"a\nb\"", "{} {}",
		"[\"\\ud800\\u0041\" 1]", "{\"a\":1,}", "nan", "Infinity", "+1",
	};
	static const char sample[] =
		"{\"a\":{\"b\":[1,-2.5e3,true,null,\"x\\u00e9\\ud83d\\ude00\\n\"]},\"c\":\"\\\"\"}";
	struct jp_doc doc;
	const struct jp_val *v;
	char *audit = NULL, *deep;
	size_t len = 0, cap = 0, i, cut, ok = 0, refusals = 0;
	FILE *f;
	int good = 1, rc;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(6);
	rc = parse(sample, strlen(sample), &doc);
	v = rc ? NULL : jp_path(doc.root, "a", "b", NULL);
	ksft_test_result(v && v->type == JP_ARR && v->n == 5 && v->items[0].num == 1 &&
			 v->items[1].num == -2500 && v->items[2].b == 1 && v->items[3].type == JP_NULL &&
			 !strcmp(v->items[4].str, "x\xc3\xa9\xf0\x9f\x98\x80\n") &&
			 !strcmp(jp_str(jp_get(doc.root, "c"), ""), "\""),
			 "a valid document parses to its values (escapes, a surrogate pair, numbers)%s%s\n",
			 rc ? ": " : "", rc ? doc.error : "");
	jp_free(&doc);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		good &= refused(bad[i]);
	ksft_test_result(good, "%zu invalid texts refused with a reason\n", sizeof(bad) / sizeof(bad[0]));

	deep = malloc(200001);
	if (!deep)
		ksft_exit_fail_msg("out of memory\n");
	memset(deep, '[', 100000);
	memset(deep + 100000, ']', 100000);
	rc = parse(deep, 200000, &doc);
	ksft_test_result(rc && strstr(doc.error, "nested deeper"), "100,000 nested arrays refused (%s)\n", doc.error);
	jp_free(&doc);
	free(deep);

	/* A real audit document (run.sh passes one), else a made-up one. */
	f = argc > 1 ? fopen(argv[1], "r") : NULL;
	if (!f || getline(&audit, &cap, f) < 0) {
		free(audit);
		audit = strdup("{\"audit\":{\"version\":1,\"host\":{\"hostname\":\"h\"},\"mem\":{\"total\":1}}}");
	}
	if (f)
		fclose(f);
	len = strcspn(audit, "\n");
	rc = parse(audit, len, &doc);
	ksft_test_result(!rc && jp_path(doc.root, "audit", "host", "hostname", NULL),
			 "the audit document (%zu bytes) parses%s%s\n", len, rc ? ": " : "", rc ? doc.error : "");
	jp_free(&doc);

	for (cut = 0; cut < len; cut++) {
		rc = parse(audit, cut, &doc);
		refusals += rc != 0;
		jp_free(&doc);
	}
	ksft_test_result(refusals == len, "cut at each of its %zu lengths, it is refused every time (%zu)\n", len,
			 refusals);

	for (i = 0; i < FLIPS; i++) {
		char *m = malloc(len);
		size_t k, n = 1 + next() % 4;

		if (!m)
			ksft_exit_fail_msg("out of memory\n");
		memcpy(m, audit, len);
		for (k = 0; k < n; k++)
			m[next() % len] = (char)(next() & 0xff);
		cut = next() % 8 ? len : next() % len;
		ok += !parse(m, cut, &doc);
		jp_free(&doc);
		free(m);
	}
	ksft_test_result(1, "%d documents with bytes changed at random: %zu parsed, the rest refused, no bad read\n",
			 FLIPS, ok);
	free(audit);
	ksft_finished();
}

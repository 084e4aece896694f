/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small TAP 13 helper for kmemstat's test programs, in the manner of
 * kselftest: numbered results, "# " diagnostics, and the KSFT exit codes.
 */
#ifndef KM_KTAP_H
#define KM_KTAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_XFAIL	2
#define KSFT_XPASS	3
#define KSFT_SKIP	4

static int ktap_planned, ktap_count, ktap_failed, ktap_skipped;

static inline void ktap_plan(int n)
{
	ktap_planned = n;
	printf("TAP version 13\n1..%d\n", n);
	fflush(stdout);
}

static inline void ktap_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	fflush(stdout);
}

/* Report one result; returns @pass so callers can branch on it. */
static inline int ktap_ok(int pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("%sok %d ", pass ? "" : "not ", ++ktap_count);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	fflush(stdout);
	if (!pass)
		ktap_failed++;
	return pass;
}

static inline void ktap_skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("ok %d ", ++ktap_count);
	vprintf(fmt, ap);
	printf(" # SKIP %s\n", why);
	va_end(ap);
	fflush(stdout);
	ktap_skipped++;
}

/* A setup failure: report it and end the program as kselftest does. */
static inline void ktap_bail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("Bail out! ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	exit(KSFT_FAIL);
}

static inline int ktap_exit(void)
{
	if (ktap_count != ktap_planned) {
		ktap_diag("planned %d tests, ran %d", ktap_planned, ktap_count);
		return KSFT_FAIL;
	}
	if (ktap_failed)
		return KSFT_FAIL;
	if (ktap_count && ktap_skipped == ktap_count)
		return KSFT_SKIP;
	return KSFT_PASS;
}

#endif /* KM_KTAP_H */

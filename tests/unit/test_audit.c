// SPDX-License-Identifier: GPL-2.0
/*
 * The audit's rules on made-up hosts: each finding appears just past its
 * threshold and not at it; thresholds from options and config lines, and
 * their errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kselftest.h"
#include "../../user/audit.h"
#include "../../user/cli.h"

#define GIB (1ULL << 30)

/* A host with 100 GiB, all figures from the module, nothing wrong. */
static void healthy(struct km_audit *a)
{
	memset(a, 0, sizeof(*a));
	km_thresholds_default(&a->th);
	a->host.source = "kmod";
	km_set(&a->mem, KM_TOTAL, 100 * GIB);
	km_set(&a->mem, KM_AVAILABLE, 60 * GIB);
	km_set(&a->mem, KM_SHMEM, 1 * GIB);
	km_set(&a->mem, KM_SWAP_TOTAL, 8 * GIB);
	km_set(&a->mem, KM_SWAP_FREE, 8 * GIB);
	a->have_shm = 1;
	a->shm.sysv_listed = 1;
}

static int has(const struct km_audit *a, const char *rule)
{
	int i;

	for (i = 0; i < a->nfindings; i++)
		if (!strcmp(a->findings[i].rule, rule))
			return 1;
	return 0;
}

int main(void)
{
	struct km_thresholds t;
	struct km_dtask d[2];
	struct km_audit a;
	FILE *f;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(13);
	healthy(&a);
	km_audit_findings(&a);
	ksft_test_result(a.nfindings == 0, "a healthy host has no finding (%d)\n", a.nfindings);

	healthy(&a);
	a.mem.v[KM_AVAILABLE] = 10 * GIB;	/* exactly 10%: not under */
	km_audit_findings(&a);
	ksft_test_result(!has(&a, "available_low"), "available at 10%% of total is not under 10%%\n");
	a.mem.v[KM_AVAILABLE] = 10 * GIB - 1;
	km_audit_findings(&a);
	ksft_test_result(has(&a, "available_low") && a.findings[0].threshold == 10,
			 "available just under 10%% is available_low\n");

	healthy(&a);
	a.mem.v[KM_SWAP_FREE] = 8 * GIB - 2 * GIB;	/* 2% of total in swap, 60% available */
	km_audit_findings(&a);
	ksft_test_result(has(&a, "swap_with_available"), "2%% in swap with 60%% available is swap_with_available\n");
	a.mem.v[KM_AVAILABLE] = 40 * GIB;
	km_audit_findings(&a);
	ksft_test_result(!has(&a, "swap_with_available"), "not with 40%% available (memory was short)\n");

	healthy(&a);
	a.mem.v[KM_SHMEM] = 26 * GIB;
	km_audit_findings(&a);
	ksft_test_result(has(&a, "shmem_high"), "Shmem at 26%% of total is shmem_high\n");

	healthy(&a);
	a.shm.sysv_unmapped = 3;
	km_audit_findings(&a);
	ksft_test_result(has(&a, "sysv_unattached"), "3 SysV segments nobody attaches are a finding\n");

	healthy(&a);
	memset(d, 0, sizeof(d));
	d[0].blocked_s = 60;	/* at the threshold: not longer */
	d[1].blocked_s = -1;	/* unknown: never a finding */
	d[1].t.pid = 7;
	a.dtasks = d;
	a.ndtasks = 2;
	km_audit_findings(&a);
	ksft_test_result(!has(&a, "dstate_long"), "a task 60 s in D, or for an unknown time, is not longer than 60 s\n");
	d[1].blocked_s = 61;
	strcpy(d[1].t.comm, "nfsd");
	km_audit_findings(&a);
	ksft_test_result(has(&a, "dstate_long") && strstr(a.findings[0].message, "7 (nfsd)"),
			 "one 61 s in D is dstate_long, naming it: %s\n", a.nfindings ? a.findings[0].message : "");

	healthy(&a);
	a.host.source = "procfs";
	a.host.source_note = "module not loaded: modprobe kmemstat";
	a.mem.from_meminfo = KM_BIT(KM_SWAP_TOTAL);
	km_audit_findings(&a);
	ksft_test_result(has(&a, "module_absent") && !has(&a, "fallback_figures"),
			 "/proc answering is module_absent (its figures are all from /proc anyway)\n");
	a.host.source = "kmod";
	km_audit_findings(&a);
	ksft_test_result(!has(&a, "fallback_figures") && !has(&a, "module_absent"),
			 "SwapTotal from meminfo is no finding: no kernel gives it to modules\n");
	a.mem.from_meminfo |= KM_BIT(KM_SWAP_FREE);
	km_audit_findings(&a);
	ksft_test_result(has(&a, "fallback_figures") && !has(&a, "module_absent"),
			 "the module answering without a figure it should give (SwapFree from meminfo) is fallback_figures\n");

	km_thresholds_default(&t);
	f = fopen("/tmp/kmemstat-test-audit.conf", "w");
	if (!f)
		ksft_exit_fail_msg("cannot write a config\n");
	fputs("# thresholds\n  shmem_max_pct = 5\n\ntop=3\n", f);
	fclose(f);
	ksft_test_result(!km_thresholds_read(&t, "/tmp/kmemstat-test-audit.conf", 1) && t.shmem_max_pct == 5 &&
			 t.top == 3 && !km_threshold_set(&t, "dstate_max_s=5", "test") && t.dstate_max_s == 5 &&
			 km_threshold_set(&t, "dstate_max_s=inf", "test") && km_threshold_set(&t, "nope=1", "test") &&
			 km_threshold_set(&t, "top=1.5", "test") && km_threshold_set(&t, "shmem_max_pct=101", "test") &&
			 km_thresholds_read(&t, "/nonexistent/kmemstat.conf", 1) &&
			 !km_thresholds_read(&t, "/nonexistent/kmemstat.conf", 0),
			 "thresholds from a config file and options; bad values, unknown keys, a missing named file refused\n");
	unlink("/tmp/kmemstat-test-audit.conf");
	ksft_finished();
}

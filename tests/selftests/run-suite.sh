#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The VM suite, run by /init: kselftest's runner format, each test's own
# TAP nested behind "# ". Order matters: the first test runs before the
# module is loaded, the last ones unload it and read the kernel log.
# kmemleak (a kernel with it: the debug kernel) is scanned before the
# module is loaded and after it is unloaded.
cd /tests
. ./ktap.sh

TESTS="cli_nomod.sh kmemleak_baseline load_module mem_oracle cpu_oracle timens_start shmem_oracle shmem_limits shmem_freeze shmem_bounds shmem_ipcns shmem_busy stress nl_opener exec_race handover_exec ptrace_read cli.sh cli_cpu.sh cli_shmem.sh nl_robust nl_fuzz unload_pending unload.sh kmemleak kernel_log.sh"
# KMEMSTAT_VM_TESTS=a,b tests/vm/run.sh check: those, with the module loaded and the log read.
[ -z "${KMEMSTAT_TESTS:-}" ] || TESTS="load_module $KMEMSTAT_TESTS kernel_log.sh"
# Messages the fuzzer sends (root three quarters, nobody a quarter); the
# kernel command line may say otherwise (kmemstat.fuzz=N).
FUZZ_MESSAGES=${KMEMSTAT_FUZZ:-1000000}
set -- $TESTS
echo "TAP version 13"
echo "1..$#"

# The module's references at load, before any client: 1 where it holds
# itself for good (its kernel's genetlink does not hold it for a dump),
# else 0; unload_pending and unload.sh compare the count with this.
load_module() {
	insmod /lib/modules/kmemstat.ko && grep -q '^kmemstat ' /proc/modules &&
		sed -n 's/^kmemstat [0-9]* \([0-9]*\) .*/\1/p' /proc/modules > /tmp/kmemstat.refs-at-load
}

n=0
for t in $TESTS; do
	n=$((n + 1))
	case $t in
	*.sh)	cmd="sh ./$t" ;;
	load_module) cmd=load_module ;;
	kmemleak_baseline) cmd="sh ./kmemleak.sh baseline" ;;
	kmemleak) cmd="sh ./kmemleak.sh end" ;;
	nl_fuzz) cmd="./nl_fuzz $FUZZ_MESSAGES" ;;
	*)	cmd=./$t ;;
	esac
	ktap_run $n "selftests: kmemstat: $t" $cmd
done

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The VM suite, run by /init: kselftest's runner format, each test's own
# TAP nested behind "# ". Order matters: the first test runs before the
# module is loaded, the last ones unload it and read the kernel log.
# kmemleak (a kernel with it: the debug kernel) is scanned before the
# module is loaded and after it is unloaded.
cd /tests
. ./ktap.sh

TESTS="cli_nomod.sh kmemleak_baseline load_module mem_oracle cpu_oracle shmem_oracle shmem_limits nl_opener exec_race cli.sh cli_cpu.sh cli_shmem.sh nl_robust nl_fuzz unload.sh kmemleak kernel_log.sh"
# Messages the fuzzer sends (root three quarters, nobody a quarter).
FUZZ_MESSAGES=1000000
set -- $TESTS
echo "TAP version 13"
echo "1..$#"

load_module() { insmod /lib/modules/kmemstat.ko && grep -q '^kmemstat ' /proc/modules; }

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

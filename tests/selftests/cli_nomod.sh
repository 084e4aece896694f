#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The CLI before the module is loaded: clear errors, and the /proc fallback
# says that it is the one answering.
. ./ktap.sh
ktap_plan 8

out=$(kmemstat --source kmod mem 2>&1); rc=$?
ktap_diag "$out"
[ $rc -eq 3 ]; ktap_result $? "--source kmod without the module exits 3"
echo "$out" | grep -q 'module not loaded: modprobe kmemstat'
ktap_result $? "the error names the fix"

out=$(kmemstat mem 2>&1); rc=$?
[ $rc -eq 0 ] && echo "$out" | grep -q '^source: procfs (module not loaded: modprobe kmemstat)'
ktap_result $? "auto falls back to /proc and says so"

out=$(kmemstat --json mem 2>&1)
echo "$out" | grep -q '"source":"procfs","source_note":"module not loaded: modprobe kmemstat"'
ktap_result $? "--json names the source and why"

out=$(kmemstat info 2>&1)
echo "$out" | grep -q '^module *not loaded'
ktap_result $? "info says the module is not loaded"

out=$(kmemstat cpu 2>&1); rc=$?
[ $rc -eq 0 ] && echo "$out" | grep -q '^source: procfs (module not loaded: modprobe kmemstat)$' &&
	echo "$out" | grep -q '^ *1 *0 *0 S .* init$'
ktap_result $? "cpu falls back to /proc, says so, and lists init"

out=$(kmemstat --source kmod cpu 2>&1); rc=$?
[ $rc -eq 3 ] && echo "$out" | grep -q 'modprobe kmemstat'
ktap_result $? "cpu --source kmod without the module exits 3 and names the fix"

out=$(kmemstat --source kmod info 2>&1); rc=$?
[ $rc -eq 3 ]; ktap_result $? "info --source kmod without the module exits 3"
# The /proc source's audit document, for the host to validate against
# docs/audit.schema.json after the run (tests/vm/run.sh).
kmemstat audit | sed "s/^/# textfile nomod.json: /"
ktap_finish

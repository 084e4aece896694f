#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The CLI with the module loaded: the contract of mission.md and kmemstat(1).
. ./ktap.sh
ktap_plan 17

out=$(kmemstat info); rc=$?
ktap_diag "$out"
[ $rc -eq 0 ] && echo "$out" | grep -q "^module *[0-9]" && echo "$out" | grep -q "^kernel *$(uname -r)$"
ktap_result $? "info shows the module version and the running kernel"
echo "$out" | grep -q '^source *kmod$'; ktap_result $? "info names kmod as the source"

out=$(kmemstat mem -m -e); rc=$?
ktap_diag "$out"
[ $rc -eq 0 ]; ktap_result $? "mem -m -e exits 0"
echo "$out" | grep -q '^ *total *used *free *anonymous *kernel *caches *others$' &&
	echo "$out" | grep -q '^Mem:' && echo "$out" | grep -q '^  -/+ caches' &&
	echo "$out" | grep -q '^  available' && echo "$out" | grep -q '^Swap:'
ktap_result $? "mem prints free.pl's rows and columns"
echo "$out" | grep -q '^Extended memory usage info:' && echo "$out" | grep -q 'Unevict+Mlocked'
ktap_result $? "-e adds the extended block"
echo "$out" | grep -q '^source: kmod; available by the kernel'
ktap_result $? "the table names kmod as its source"

# Mem: total in MiB equals MemTotal / 1024 / 1024.
t=$(echo "$out" | awk '/^Mem:/ { print $2 }')
mt=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
[ "$t" = "$mt" ]; ktap_result $? "-m total ($t) is MemTotal in MiB ($mt)"

out=$(kmemstat --json mem)
ktap_diag "$out"
ok=0
for k in source total free available shmem kernel_available; do
	echo "$out" | grep -q "\"$k\":" || { ktap_diag "no key $k"; ok=1; }
done
ktap_result $ok "--json has the keys of the contract"
# swap_total always; before 5.13 cached and swap_cached too (no NR_SWAPCACHE).
fm=$(echo "$out" | sed -n 's/.*"from_meminfo":\[\([^]]*\)\].*/\1/p')
echo "$fm" | grep -q '"swap_total"' &&
	[ -z "$(echo "$fm" | tr ',' '\n' | grep -v -e '"swap_total"' -e '"cached"' -e '"swap_cached"')" ]
ktap_result $? "--json says which figures came from /proc/meminfo ($fm)"

out=$(kmemstat --prometheus mem)
echo "$out" | grep -q '^node_memory_MemAvailable_bytes [0-9]' &&
	echo "$out" | grep -q '^node_memory_MemTotal_bytes [0-9]' &&
	echo "$out" | grep -q '^node_memory_Active_file_bytes [0-9]' &&
	echo "$out" | grep -q '^kmemstat_memory_source_info{source="kmod",formula="4.20"} 1'
ktap_result $? "--prometheus uses node_exporter's names"

n=$(kmemstat mem -s 0.2 -c 3 | grep -c '^Mem:')
[ "$n" -eq 3 ]; ktap_result $? "-s 0.2 -c 3 prints 3 samples (got $n)"

out=$(kmemstat mem -p); echo "$out" | grep -q '^Mem: *100.0%'
ktap_result $? "-p shows total as 100.0%"

out=$(runas 65534 kmemstat --source kmod mem 2>&1); rc=$?
[ $rc -eq 0 ] && echo "$out" | grep -q '^source: kmod'
ktap_result $? "an unprivileged user can ask the module"

out=$(unshare -n -p -f kmemstat --source kmod mem 2>&1); rc=$?
[ $rc -eq 0 ] && echo "$out" | grep -q '^source: kmod'
ktap_result $? "a caller in new network and pid namespaces can ask the module"

kmemstat mem -x >/dev/null 2>&1; [ $? -eq 2 ]; ktap_result $? "an unknown option exits 2"
kmemstat --source nope mem >/dev/null 2>&1; [ $? -eq 2 ]; ktap_result $? "a bad --source exits 2"
kmemstat mem -c 2 >/dev/null 2>&1; [ $? -eq 2 ]; ktap_result $? "-c without -s exits 2"
ktap_finish

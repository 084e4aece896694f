#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The CLI with the module loaded: the contract of mission.md and kmemstat(1).
. ./ktap.sh
ktap_plan 21

# Available by 3.14's formula (free - low + file - min(file/2, low) +
# SReclaimable - min(SReclaimable/2, low)), in bytes, computed here from
# meminfo and zoneinfo: the oracle of --formula 3.14.
avail_3_14() {
	awk '$1 == "low" && FILENAME ~ /zoneinfo/ { low += $2 }
	     FILENAME ~ /meminfo/ { v[$1] = $2 / 4 }
	     END {
		file = v["Active(file):"] + v["Inactive(file):"]; sr = v["SReclaimable:"]
		cf = int(file / 2); if (cf > low) cf = low
		cs = int(sr / 2); if (cs > low) cs = low
		a = v["MemFree:"] - low + file - cf + sr - cs
		if (a < 0) a = 0
		printf "%.0f\n", a * 4096
	     }' /proc/zoneinfo /proc/meminfo
}
# --formula 3.14 from SOURCE, sandwiched between two oracle readings (up to
# 100 tries): equal when the two agree.
formula_3_14() {
	_i=0
	while [ $_i -lt 100 ]; do
		_a=$(avail_3_14)
		_j=$(kmemstat --source "$1" --json --formula 3.14 mem)
		_b=$(avail_3_14)
		_got=$(echo "$_j" | sed -n 's/.*"available":\([0-9]*\).*/\1/p')
		if [ "$_a" = "$_b" ]; then
			ktap_diag "$1 --formula 3.14: $_got, meminfo and zoneinfo: $_a ($_i retries)"
			echo "$_j" | grep -q '"formula":"3.14"' && [ "$_got" = "$_a" ]
			return
		fi
		_i=$((_i + 1))
	done
	ktap_diag "meminfo never held still"
	return 1
}

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
# The kernel's own formula where it has MemAvailable (3.14+); else the
# newest its counters allow, and the table says the kernel has none.
if grep -q '^MemAvailable:' /proc/meminfo; then
	echo "$out" | grep -q "^source: kmod; available by the kernel's [0-9.]* formula; the kernel's own MemAvailable: "
else
	echo "$out" | grep -q "^source: kmod; available by the [0-9.]* formula, the newest this kernel's counters allow; this kernel has no MemAvailable$"
fi
ktap_result $? "the table names kmod as its source and which formula answered"

# Mem: total in MiB equals MemTotal / 1024 / 1024.
t=$(echo "$out" | awk '/^Mem:/ { print $2 }')
mt=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
[ "$t" = "$mt" ]; ktap_result $? "-m total ($t) is MemTotal in MiB ($mt)"

out=$(kmemstat --json mem)
ktap_diag "$out"
ok=0
keys="source total free available shmem"
# kernel_available only where the kernel has its own MemAvailable (3.14+).
if grep -q '^MemAvailable:' /proc/meminfo; then
	keys="$keys kernel_available"
elif echo "$out" | grep -q '"kernel_available":'; then
	ktap_diag "kernel_available on a kernel without MemAvailable"; ok=1
fi
for k in $keys; do
	echo "$out" | grep -q "\"$k\":" || { ktap_diag "no key $k"; ok=1; }
done
ktap_result $ok "--json has the keys of the contract"
# swap_total always; before 5.13 cached and swap_cached too (no
# NR_SWAPCACHE); before 4.5 swap_free (nr_swap_pages is not exported).
fm=$(echo "$out" | sed -n 's/.*"from_meminfo":\[\([^]]*\)\].*/\1/p')
allowed=swap_total
kernel_before 5.13 && allowed="$allowed cached swap_cached"
kernel_before 4.5 && allowed="$allowed swap_free"
extra=
for k in $(echo "$fm" | tr -d '"' | tr ',' ' '); do
	case " $allowed " in *" $k "*) ;; *) extra="$extra $k" ;; esac
done
echo "$fm" | grep -q '"swap_total"' && [ -z "$extra" ]
ktap_result $? "--json says which figures came from /proc/meminfo ($fm; unexpected:${extra:- none})"

# Every series is kmemstat_*, but node_memory_MemAvailable_bytes where this
# kernel's meminfo has no MemAvailable (node_exporter's meminfo collector
# writes the others, and refuses a series two collectors write).
out=$(kmemstat --prometheus mem)
if grep -q '^MemAvailable:' /proc/meminfo; then gap=0; else gap=1; fi
echo "$out" | grep -q '^kmemstat_memory_available_bytes [0-9]' &&
	echo "$out" | grep -q '^kmemstat_memory_total_bytes [0-9]' &&
	echo "$out" | grep -q '^kmemstat_memory_active_file_bytes [0-9]' &&
	[ "$(echo "$out" | grep -c '^node_memory_MemAvailable_bytes [0-9]')" = $gap ] &&
	[ "$(echo "$out" | grep -v '^#' | grep -c -v -e '^kmemstat_' -e '^node_memory_MemAvailable_bytes ')" = 0 ] &&
	echo "$out" | grep -q "^kmemstat_memory_source_info{source=\"kmod\",formula=\"$(kmemstat --json mem |
		sed -n 's/.*"formula":"\([0-9.]*\)".*/\1/p')\"} 1"
ktap_result $? "--prometheus: kmemstat_ series only, node_memory_MemAvailable_bytes only where meminfo lacks it ($gap)"

formula_3_14 kmod; ktap_result $? "--formula 3.14 (module): available as 3.14 computes it from meminfo and zoneinfo"
formula_3_14 procfs; ktap_result $? "--formula 3.14 (/proc source): the same"
out=$(kmemstat --formula 3.14 mem)
echo "$out" | grep -q "available by the 3.14 formula (--formula; this kernel's is [0-9.]*)"
ktap_result $? "the table says --formula chose the formula, and which one the kernel uses"
kmemstat --formula 2.6 mem >/dev/null 2>&1; [ $? -eq 2 ]; ktap_result $? "an unknown --formula exits 2"

n=$(kmemstat mem -s 0.2 -c 3 | grep -c '^Mem:')
[ "$n" -eq 3 ]; ktap_result $? "-s 0.2 -c 3 prints 3 samples (got $n)"

out=$(kmemstat mem -p); echo "$out" | grep -q '^Mem: *100.0%'
ktap_result $? "-p shows total as 100.0%"

out=$(runas 65534 kmemstat --source kmod mem 2>&1); rc=$?
[ $rc -eq 0 ] && echo "$out" | grep -q '^source: kmod'
ktap_result $? "an unprivileged user can ask the module"

if ! kernel_before 3.8 || can_unshare -n -p -f; then
	out=$(unshare -n -p -f kmemstat --source kmod mem 2>&1); rc=$?
	[ $rc -eq 0 ] && echo "$out" | grep -q '^source: kmod'
	ktap_result $? "a caller in new network and pid namespaces can ask the module"
else
	ktap_skip "this kernel cannot unshare a pid namespace (3.8+)" "a caller in new network and pid namespaces can ask the module"
fi

kmemstat mem -x >/dev/null 2>&1; [ $? -eq 2 ]; ktap_result $? "an unknown option exits 2"
kmemstat --source nope mem >/dev/null 2>&1; [ $? -eq 2 ]; ktap_result $? "a bad --source exits 2"
kmemstat mem -c 2 >/dev/null 2>&1; [ $? -eq 2 ]; ktap_result $? "-c without -s exits 2"

# The module's expositions and audit document, for the host to check after
# the run with node_exporter and the audit's JSON Schema (tests/vm/run.sh
# takes these lines out of the TAP into files of these names).
for c in mem cpu shmem info; do
	kmemstat --source kmod --prometheus $c | sed "s/^/# textfile $c.prom: /"
done
kmemstat --source kmod audit | sed "s/^/# textfile audit.json: /"
ktap_finish

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The CLI on this host (no module here: the /proc source): option parsing,
# exit codes, JSON that parses, Prometheus text that parses, no leaks.
. ../lib/ktap.sh
K=../../user/kmemstat
B=${B:-../../build/unit}
ktap_plan 47
# The system's python3, which other users may run (a root-only shim may come first).
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

# hold SCENE [COMMAND...]: shm_holder.py SCENE in the background, run by
# COMMAND (unshare -i, setpriv ...) if given; $held is its pid, $heldpids
# what it printed once its objects were written.
hold() {
	_scene=$1
	shift
	_f=$(mktemp)
	"$@" $PY ./shm_holder.py "$_scene" > "$_f" &
	held=$!
	_i=0
	until [ -s "$_f" ] || [ $_i -ge 3000 ]; do _i=$((_i + 1)); sleep 0.01; done
	heldpids=$(cat "$_f")
	rm -f "$_f"
}

$K --version | grep -q "^kmemstat $(sed -n 's/.*KMEMSTAT_VERSION "\(.*\)"/\1/p' ../../kmod/version.h) (ABI [0-9]*)$"
ktap_result $? "--version prints the version from kmod/version.h"
$K --help | grep -q '^usage: kmemstat'; ktap_result $? "--help prints usage"

for args in "" "mem -z" "--source x mem" "mem -s 0" "mem -s abc" "mem -c 3" "mem -s 1 -c 0" "frobnicate" "mem extra" \
	    "cpu --by x" "cpu --sort x" "cpu -n x" "cpu --state Q" "cpu --state ''" "cpu -i 0" \
	    "cpu --pid 0" "cpu --user no-such-user" "cpu --min-cpu -1" "shmem --pid x" "shmem extra"; do
	$K $args >/dev/null 2>/tmp/km.err; rc=$?
	[ $rc -eq 2 ] && grep -q "^kmemstat: " /tmp/km.err && grep -q "Try 'kmemstat --help'" /tmp/km.err || {
		ktap_diag "'$args' exited $rc: $(cat /tmp/km.err)"; bad=1; }
done
[ -z "${bad:-}" ]; ktap_result $? "usage errors exit 2 with a message and a hint"

$K --source kmod mem >/dev/null 2>/tmp/km.err; rc=$?
[ $rc -eq 3 ] && grep -q 'module not loaded: modprobe kmemstat' /tmp/km.err
ktap_result $? "--source kmod without the module exits 3 and names the fix"

$K --json mem | python3 -c 'import json,sys; d=json.load(sys.stdin)["mem"]; assert d["source"]=="procfs"; assert all(k in d for k in ("total","free","available","shmem"))'
ktap_result $? "mem --json parses and has the contract's keys"
$K --json info | python3 -c 'import json,sys; d=json.load(sys.stdin)["info"]; assert d["module"] is None'
ktap_result $? "info --json parses and says no module"
n=$($K --json mem -s 0.1 -c 2 | python3 -c 'import json,sys; print(sum(1 for l in sys.stdin if json.loads(l)))')
[ "$n" = 2 ]; ktap_result $? "-s -c with --json prints one document per sample"

# This host's meminfo has MemAvailable: node_exporter writes it, kmemstat must not.
out=$($K --prometheus mem)
echo "$out" | python3 prom_check.py kmemstat_memory_available_bytes kmemstat_memory_total_bytes &&
	! echo "$out" | grep -q '^node_'
ktap_result $? "--prometheus is valid exposition text, kmemstat_ series only where meminfo has MemAvailable"

# The /proc source on this live host equals the kernel's MemAvailable read
# in the same pass over /proc/meminfo (kernel_available in the same
# document), so that a busy host's moving counters cannot come between the
# two. The kernel reads its counters one by one while printing meminfo, so
# a pass can still catch them moving: up to 50 passes.
ok=1
for i in $(seq 1 50); do
	d=$($K --json -b mem)
	k=$(echo "$d" | sed -n 's/.*"available":\([0-9]*\).*/\1/p')
	a=$(echo "$d" | sed -n 's/.*"kernel_available":\([0-9]*\).*/\1/p')
	if [ -n "$a" ] && [ "$k" = "$a" ]; then
		ok=0
		break
	fi
done
ktap_diag "MemAvailable $a bytes, kmemstat $k bytes (pass $i)"
ktap_result $ok "on this host the /proc source equals MemAvailable"

$K --json cpu -n 0 | python3 -c '
import json, sys
d = json.load(sys.stdin)["cpu"]
assert d["source"] == "procfs" and d["by"] == "process", d
assert d["summary"]["processes"] >= len(d["tasks"]) - 5
for t in d["tasks"]:
    assert all(k in t for k in ("pid", "tgid", "uid", "comm", "state", "utime_ns", "stime_ns")), t
assert any(t["pid"] == 1 for t in d["tasks"])
'
ktap_result $? "cpu --json parses, has the contract's keys and lists pid 1"
$K --json cpu --by user -i 0.2 | python3 -c '
import json, sys
d = json.load(sys.stdin)["cpu"]
# The time that passed: at least the 0.2 s asked for, more on a busy host.
assert d["interval_s"] >= 0.2 and d["groups"], d
for g in d["groups"]:
    assert "usr_pct" in g and "sys_pct" in g and "uid" in g, g
'
ktap_result $? "cpu --json --by user -i gives groups with rates"

# A process of our own that burned CPU and then sleeps, so that its times
# hold still on a busy host (pid 1 need not): as /proc/PID/stat prints them.
sh -c 'i=0; while [ $i -lt 300000 ]; do i=$((i + 1)); done; exec sleep 60' &
burner=$!
i=0
until grep -q '^[0-9]* (sleep) S ' /proc/$burner/stat 2>/dev/null || [ $i -ge 3000 ]; do
	i=$((i + 1)); sleep 0.01
done
ok=1
for i in 1 2 3 4 5; do
	a=$(cut -d' ' -f14,15 /proc/$burner/stat)
	k=$($K --json cpu --pid $burner | python3 -c 'import json,sys,os; t=json.load(sys.stdin)["cpu"]["tasks"][0]; h=os.sysconf("SC_CLK_TCK"); print(t["utime_ns"]*h//10**9, t["stime_ns"]*h//10**9)')
	b=$(cut -d' ' -f14,15 /proc/$burner/stat)
	if [ "$a" = "$b" ]; then [ "$k" = "$a" ] && ok=0; ktap_diag "/proc/$burner/stat $a, kmemstat $k"; break; fi
done
kill $burner 2>/dev/null
ktap_result $ok "cpu --pid equals /proc/PID/stat's utime and stime"

for args in "cpu" "cpu --by thread" "cpu --by comm" "cpu --by user -i 0.1"; do
	$K --prometheus $args | python3 prom_check.py 'kmemstat_processes{' 'kmemstat_cpu_seconds{' || { ktap_diag "prometheus $args"; pbad=1; }
done
[ -z "${pbad:-}" ]; ktap_result $? "cpu --prometheus is valid exposition text, no series twice"

out=$($K cpu --state S -n 3)
echo "$out" | grep -q 'WCHAN' && [ "$(echo "$out" | grep -c '^ *[0-9].* S ')" -eq 3 ]
ktap_result $? "cpu --state S lists 3 sleeping threads with a WCHAN column"

# A shared mapping of our own, so that this host's /proc source has one to find.
pidf=$(mktemp)
python3 -c '
import mmap, os, sys, time
m = mmap.mmap(-1, 3 << 20, mmap.MAP_SHARED)
m[:] = b"x" * (3 << 20)
print(os.getpid(), flush=True)
time.sleep(30)
' > "$pidf" &
holder=$!
# Wait for the mapping to be written, not for a time.
i=0
until [ -s "$pidf" ] || [ $i -ge 3000 ]; do i=$((i + 1)); sleep 0.01; done
$K --json shmem --pid "$(cat "$pidf")" | python3 -c '
import json, sys
d = json.load(sys.stdin)["shmem"]
assert d["source"] == "procfs", d
o = [o for o in d["objects"] if o["kind"] == "anon"]
# No swap in use on this host: nothing is swapped, as the source can tell.
assert len(o) == 1 and o[0]["size"] == 3 << 20 and o[0]["resident"] == 3 << 20, o
assert o[0]["swapped"] == 0 and d["totals"]["mapped_swapped"] == 0, o
assert o[0]["mappers"] and "pid" in o[0]["mappers"][0]
assert d["totals"]["shmem"] > 0
'
ktap_result $? "shmem --json on this host finds a 3 MiB shared anonymous mapping, resident, not swapped (no swap in use), with its mapper"
$K --prometheus shmem | python3 prom_check.py kmemstat_shmem_bytes 'kmemstat_shmem_object_resident_bytes{'
ktap_result $? "shmem --prometheus is valid exposition text"
# Debian's node_exporter, meminfo collector on, takes every exposition from
# its textfile directory without a collector error.
tf=$(mktemp -d)
for c in mem cpu shmem info; do $K --prometheus $c > "$tf/$c.prom"; done
ne=$(../lib/node-exporter.sh) && python3 textfile_scrape.py "$ne" "$tf" > "$tf/out" 2>&1
rc=$?
ktap_diag "$(cat "$tf/out" 2>/dev/null)"
ktap_result $rc "node_exporter's textfile collector scrapes mem, cpu, shmem and info with no error"
rm -rf "$tf"
kill $holder 2>/dev/null; rm -f "$pidf"

# Processes are distinct processes (issue 10 #2): a memfd mapped twice by
# each of two processes is 2 processes and 4 mappings in every output,
# with mappers collected (--json) or not (the table, Prometheus).
hold procs
t=$($K shmem | awk '$NF == "kmemstat-procs" { print $4, $5 }')
j=$($K --json shmem | python3 -c '
import json, sys
for o in json.load(sys.stdin)["shmem"]["objects"]:
    if o["name"] == "kmemstat-procs":
        print(o["processes"], o["vmas"])')
p=$($K --prometheus shmem | sed -n 's/^kmemstat_shmem_object_processes{.*name="kmemstat-procs"} //p')
ktap_diag "processes, mappings: table $t, json $j; prometheus processes $p"
[ "$t" = "2 4" ] && [ "$j" = "2 4" ] && [ "$p" = 2 ]
ktap_result $? "shmem: a memfd mapped twice by each of two processes is 2 processes, 4 mappings in the table, JSON and Prometheus"
kill $heldpids 2>/dev/null

# SysV segment 0, the first of every IPC namespace (issue 10 #1): maps
# shows it as inode 0. In a namespace of its own, as kmemstat sees it there.
hold sysv unshare -i
kin() { nsenter -t "$held" -i "$K" "$@"; }
j=$(kin --json shmem | python3 -c '
import json, sys
d = json.load(sys.stdin)["shmem"]
o = [o for o in d["objects"] if o["kind"] == "sysv"]
print(len(o), *[o[0][k] for k in ("shmid", "sysv_key", "size", "resident", "processes", "vmas")] if o else [],
      d["totals"]["sysv_unattached"])')
t=$(kin shmem | grep -c ' SYSV4b4d0001 (key 0x4b4d0001, shmid 0)$')
ktap_diag "json: objects, shmid, key, size, resident, processes, vmas, unattached: $j; table rows: $t"
[ "$j" = "1 0 1263337473 4194304 2097152 1 1 0" ] && [ "$t" = 1 ]
ktap_result $? "shmem: an attached SysV segment with shmid 0 is listed with its size and resident, in the table and JSON"
kill $held 2>/dev/null

# Unprivileged (issue 10 #4): map_files is CAP_SYS_ADMIN's (stat through it
# fails with EPERM even on one's own mappings), so nobody's memfd is sized
# through its open fd; nobody's shared anonymous memory has no fd nor path:
# listed, size and resident unknown, never a guess. Other users' processes
# cannot be read, so "tmpfs nobody maps" is unknown, with the reason.
hold own setpriv --reuid=65534 --regid=65534 --clear-groups
asnobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$K" "$@"; }
j=$(asnobody --json shmem | python3 -c '
import json, sys
d = json.load(sys.stdin)["shmem"]
m = [o for o in d["objects"] if o["name"] == "kmemstat-own"]
a = [o for o in d["objects"] if o["kind"] == "anon" and o["mappers"] and o["mappers"][0]["pid"] == '"$held"']
t = d["totals"]
assert len(m) == 1 and len(a) == 1, d
m, a = m[0], a[0]
assert (m["size"], m["resident"], m["swapped"], m["processes"], m["vmas"]) == (4 << 20, 1 << 20, 0, 1, 2), m
assert (a["size"], a["resident"], a["swapped"], a["processes"], a["vmas"]) == (None, None, 0, 1, 1), a
assert t["tmpfs_unmapped"] is None and "may not read" in t["tmpfs_unmapped_unknown"], t
assert t["mapped_resident"] is None, t
assert "map_files" in d["note"] and "CAP_SYS_ADMIN" in d["note"] and "may not read" in d["note"], d["note"]
print("ok")' 2>&1)
ktap_diag "as nobody: $j"
out=$(asnobody shmem -k 2>&1)
ktap_diag "$(echo "$out" | grep -e kmemstat-own -e 'anon ' -e '^Shmem in' -e '^note')"
[ "$j" = ok ] && echo "$out" | grep -q '^ *1024 *0 *4096 *1 *2 memfd .* kmemstat-own$' &&
	echo "$out" | grep -q '^ *- *0 *- *1 *1 anon ' &&
	echo "$out" | grep -q 'tmpfs nobody maps - (unknown: '
ktap_result $? "shmem as nobody: its own memfd sized through its fd, its shared anonymous memory listed with size and resident unknown, tmpfs nobody maps unknown"
kill $held 2>/dev/null

$K mem -h | grep -q '^Mem: .*[KMGT]i'; ktap_result $? "-h prints human units"
$K mem -g >/dev/null && $K mem -b >/dev/null && $K mem -k >/dev/null; ktap_result $? "-b, -k, -g work"

# Every command, in each output, and error paths: under valgrind, then built
# with ASan and UBSan (run.sh's kmemstat-asan).
EVERY="mem -e|--json mem|--prometheus mem|mem -b -s 0.05 -c 2|info|--json info|--source kmod mem
cpu|--json cpu --by thread|--prometheus cpu --by comm|cpu --by user -i 0.1|cpu --state DS|cpu -i 0.05 -c 2
--json cpu --state D --by process|--source kmod cpu|shmem --mappers|--json shmem|--prometheus shmem
--source kmod shmem|mem -z|cpu --pid 0x1|shmem --user root|audit|audit --table
report ../../build/unit/audit.json ../../tests/unit/samples|--json report ../../build/unit/audit.json"
IFS='
|'
set -f
for args in $EVERY; do
	unset IFS
	valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
		--error-exitcode=99 $K $args >/dev/null 2>/tmp/km.vg
	[ $? -ne 99 ] || { ktap_diag "valgrind $args: $(head -20 /tmp/km.vg)"; vbad=1; }
done
unset IFS
[ -z "${vbad:-}" ]; ktap_result $? "valgrind: no leaks or errors in mem, cpu, json, prometheus, info, error paths"
A=$B/kmemstat-asan
IFS='
|'
for args in $EVERY; do
	unset IFS
	ASAN_OPTIONS=exitcode=99:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:exitcode=99 \
		$A $args >/dev/null 2>/tmp/km.san
	[ $? -ne 99 ] && ! grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' /tmp/km.san ||
		{ ktap_diag "sanitizers $args: $(head -20 /tmp/km.san)"; sbad=1; }
done
unset IFS
set +f
[ -z "${sbad:-}" ]; ktap_result $? "ASan and UBSan: no report in mem, cpu, json, prometheus, info, error paths"

$K mem -p | grep -q '^Mem: *100.0%'; ktap_result $? "-p prints percent of total"
$K mem | grep -q '^source: procfs (module not loaded: modprobe kmemstat)'
ktap_result $? "the table says /proc answered, and why"
# Output nobody received is an error (issue 10 #9), as for free and ps.
err=$($K mem 2>&1 >/dev/full); rc=$?
[ $rc -eq 1 ] && echo "$err" | grep -q '^kmemstat: write error: '
ktap_result $? "mem >/dev/full exits 1 with a write error (got $rc: $err)"
rcf=$(mktemp)
( trap '' PIPE; timeout 30 $K mem -s 0.1 2>/dev/null; echo $? > "$rcf" ) | head -n 1 > /dev/null
r=$(cat "$rcf"); rm -f "$rcf"
[ "$r" = 1 ]; ktap_result $? "with SIGPIPE ignored, mem -s ends at a closed pipe with exit 1 (got $r)"
# As ps -p (issue 10 #13): a pid that does not exist is an error.
sh -c 'exit 0' & gone=$!; wait $gone
err=$($K cpu --pid $gone 2>&1 >/dev/null); rc1=$?
$K shmem --pid $gone >/dev/null 2>&1; rc2=$?
[ $rc1 -eq 1 ] && [ $rc2 -eq 1 ] && [ "$err" = "kmemstat: --pid $gone: no such process" ]
ktap_result $? "cpu and shmem --pid of a process that is gone exit 1 and say so ($rc1, $rc2: $err)"
# getopt's errors name the option (issue 10 #12): in a cluster, a prefix
# of several long names, a long option given a value it does not take.
# usage_errors "ARGS|MESSAGE"...: each ARGS exits 2 saying "kmemstat: MESSAGE".
usage_errors() {
	_ok=0
	for _c; do
		err=$($K ${_c%%|*} 2>&1 >/dev/null); rc=$?
		[ $rc -eq 2 ] && [ "$(echo "$err" | head -n 1)" = "kmemstat: ${_c#*|}" ] ||
			{ ktap_diag "${_c%%|*}: $rc $err"; _ok=1; }
	done
	return $_ok
}
usage_errors "mem -xm|unknown option: -x" "mem --s 1|ambiguous option: --s" \
	 "mem --json=1|option takes no value: --json=1" "cpu --pid|option needs a value: --pid"
ktap_result $? "option errors name the option: -x in -xm, ambiguous --s, --json=1, --pid without a value"
# Each command takes its own options (issue 10 #10): others are refused by
# name, not ignored; --json and --prometheus exclude each other; -s would
# write several expositions into one (every series twice).
usage_errors "shmem --user root|--user does not apply to shmem (it goes with cpu)" \
	 "cpu -s 1|-s does not apply to cpu (it goes with mem)" \
	 "mem --pid 1|--pid does not apply to mem (it goes with cpu and shmem)" \
	 "info -m|-m does not apply to info (it goes with mem and shmem)" \
	 "cpu --mappers|--mappers does not apply to cpu (it goes with shmem)" \
	 "--json --prometheus mem|--json and --prometheus: choose one" \
	 "--prometheus mem -s 1|-s repeats a table or --json; --prometheus writes one exposition per run"
ktap_result $? "an option another command owns is refused by name; --json with --prometheus, -s with --prometheus too"
# Numbers (issue 10 #11): decimal integers in range, finite bounded seconds.
ok=0
for a in "mem -s inf" "mem -s nan" "mem -s 1e19" "mem -s 86401" "mem -s 0x10" "mem -s -1" "mem -s ' 1'" \
	 "cpu -i inf" "cpu --pid 0x1" "cpu --pid 1e0" "cpu --pid 4294967297" "cpu --pid -1" "cpu --pid +1" \
	 "cpu -n -1" "cpu -n 99999999999999999999" "mem -s 1 -c 1.5" "mem -s 1 -c 0x2" \
	 "cpu --min-cpu inf" "cpu --min-cpu 1e10" "cpu --min-cpu nan"; do
	eval "\$K $a" >/dev/null 2>/tmp/km.err; rc=$?
	[ $rc -eq 2 ] || { ktap_diag "$a: exit $rc $(cat /tmp/km.err)"; ok=1; }
done
$K mem -s 0.05 -c 2 >/dev/null && $K cpu --pid $$ >/dev/null && $K cpu --min-cpu 0.5 -n 1 >/dev/null || ok=1
ktap_result $ok "numbers: inf, nan, hex, signs, overflow and out-of-range seconds exit 2; plain ones work"
# A /proc that is not procfs (issue 10 #14): an error, never "0 total".
ok=0
for c in mem cpu shmem; do
	err=$(unshare -m sh -c "mount -t tmpfs none /proc && exec $K $c" 2>&1 >/dev/null); rc=$?
	[ $rc -eq 1 ] && echo "$err" | grep -q '^kmemstat: /proc is not a proc filesystem .*: mount proc there' ||
		{ ktap_diag "$c over a tmpfs /proc: $rc $err"; ok=1; }
done
ktap_result $ok "mem, cpu and shmem over a tmpfs /proc exit 1 and name the fix"
# --state for processes goes by every thread (issue 10 #4): a process whose
# second thread waits in D is in D for --by process and --by comm.
pf=$(mktemp)
$B/dstate 20 thread > "$pf" &
dp=$!
wait_until 400 sh -c "grep -qs ') D ' /proc/$dp/task/*/stat"
p=$($K cpu --state D --by process -n 0 | awk -v p="$dp" '$1 == p && $4 == "D"')
c=$($K cpu --state D --by comm -n 0 | awk '$1 == "dstate"')
kill $dp 2>/dev/null; rm -f "$pf"
[ -n "$p" ] && [ -n "$c" ]
ktap_result $? "--state D --by process and --by comm list a process whose second thread is in D"
# -i SECONDS -c COUNT (issue 11 #3): COUNT reports, then their average;
# Ctrl-C prints the average so far; the system's CPU time by mode from
# /proc/stat above the tasks, between two reads of /proc/stat.
docs=$($K --json cpu -i 0.1 -c 3 -n 1)
echo "$docs" | python3 -c '
import json, sys, os
d = [json.loads(l)["cpu"] for l in sys.stdin]
assert len(d) == 4, len(d)
assert [x["average_of_intervals"] for x in d] == [0, 0, 0, 3], d
# each figure is rounded to 0.01 s: the sum of three may exceed the whole by 0.02
assert d[3]["interval_s"] >= sum(x["interval_s"] for x in d[:3]) - 0.03, d
assert all(x["system"]["cpus"] == os.cpu_count() for x in d), d
'
ktap_result $? "cpu -i 0.1 -c 3: three interval reports, then their average over the whole span"
pf=$(mktemp)
$K --json cpu -i 30 -c 5 -n 1 > "$pf" 2>&1 &
cp=$!
wait_until 400 sh -c "grep -qs ') S ' /proc/$cp/stat"
kill -INT $cp
wait $cp; rc=$?
python3 -c '
import json, sys
d = [json.loads(l)["cpu"] for l in open(sys.argv[1])]
assert len(d) == 1 and d[0]["average_of_intervals"] == 1 and d[0]["interval_s"] < 29, d
' "$pf" && [ $rc -eq 0 ]
ktap_result $? "Ctrl-C during cpu -i 30 -c 5 prints the average so far and exits 0 (rc $rc)"
rm -f "$pf"
tick=$(getconf CLK_TCK)
a=$(head -n 1 /proc/stat)
j=$($K --json cpu -n 1)
b=$(head -n 1 /proc/stat)
echo "$j" | python3 -c '
import json, sys
s = json.load(sys.stdin)["cpu"]["system"]
tick = 1e9 / int(sys.argv[1])
a, b = ([int(x) * tick for x in l.split()[1:9]] for l in sys.argv[2:4])
for i, m in enumerate(("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")):
    assert a[i] <= s[m + "_ns"] <= b[i], (m, a[i], s[m + "_ns"], b[i])
' "$tick" "$a" "$b"
ktap_result $? "cpu's system CPU time by mode lies between two reads of /proc/stat"
$K --prometheus cpu | grep -q '^kmemstat_system_cpu_seconds_total{mode="softirq"} [0-9]' &&
	$K --prometheus cpu -i 0.1 | grep -q '^kmemstat_system_cpu_percent{mode="idle"} [0-9]'
ktap_result $? "--prometheus cpu: the system's seconds by mode, percent with -i"
usage_errors "cpu -c 2|-c goes with -i" \
	"--prometheus cpu -i 0.1 -c 2|-c repeats a table or --json; --prometheus writes one exposition per run"
ktap_result $? "cpu -c without -i, and -c with --prometheus, are refused"
# kmemstat audit (issue 11 #1): the document validates against its schema
# (python3-jsonschema); a task in D is listed with its wchan and how long it
# has been off the CPU, which dstate_long reads; --table; thresholds.
out=$($K audit)
echo "$out" | python3 audit_check.py ../../docs/audit.schema.json
ktap_result $? "audit on the /proc source validates against docs/audit.schema.json"
pf=$(mktemp)
$B/dstate 30 > "$pf" &
dp=$!
wait_until 400 task_state $dp D
wait_until 400 sh -c "$K audit | python3 -c 'import json,sys; d=json.load(sys.stdin)[\"audit\"]; sys.exit(not [t for t in d[\"cpu\"][\"dstate\"] if t[\"pid\"] == $dp and (t[\"blocked_s\"] or 0) > 0.3])'"
doc=$($K audit --threshold dstate_max_s=0.2)
kill $dp 2>/dev/null; rm -f "$pf"
echo "$doc" | python3 -c '
import json, sys
d = json.load(sys.stdin)["audit"]
t = [t for t in d["cpu"]["dstate"] if t["pid"] == int(sys.argv[1])]
assert t and t[0]["state"] == "D" and t[0]["blocked_s"] > 0.3, t
f = [f for f in d["findings"] if f["rule"] == "dstate_long"]
assert f and f[0]["threshold"] == 0.2 and f[0]["value"] > 0.3, f
' $dp && echo "$doc" | python3 audit_check.py ../../docs/audit.schema.json >/dev/null
ktap_result $? "audit lists a vfork parent in D with blocked_s, and dstate_long fires past --threshold dstate_max_s=0.2"
conf=$(mktemp)
printf '# test\nshmem_max_pct = 0\ntop = 2\n' > "$conf"
$K audit --config "$conf" | python3 -c '
import json, sys
d = json.load(sys.stdin)["audit"]
assert d["thresholds"]["top"] == 2 and len(d["cpu"]["top_system"]) == 2
assert any(f["rule"] == "shmem_high" for f in d["findings"])
assert any(f["rule"] == "module_absent" for f in d["findings"])
' && $K audit --table --config "$conf" -n 1 | grep -q '^  WARNING  shmem_high '
ktap_result $? "audit --config FILE sets thresholds and top; --table lists the findings"
printf 'shmem_max_pct = lots\n' > "$conf"
usage_errors "audit --config $conf|$conf:1: shmem_max_pct wants a number from 0 to 100: 'lots'" \
	"audit --threshold nope=1|--threshold: unknown threshold 'nope' (available_min_pct, available_high_pct, swap_used_min_pct, shmem_max_pct, dstate_max_s, top)" \
	"--prometheus audit|audit writes JSON, or a table with --table"
ktap_result $? "audit refuses a bad config line, an unknown threshold and --prometheus, naming them"
rm -f "$conf"
# kmemstat report (issue 11 #2): documents as pdsh, clush -b and ansible -o
# give them, and files in a directory; damaged and truncated documents are
# named by file, line and host and skipped; rows by available percent.
rd=$(mktemp -d)
$K audit > "$rd/a.json"
doc=$(cat "$rd/a.json")
low=$(echo "$doc" | sed 's/"available":[0-9]*/"available":1000/')
{
	echo "web2: $low"
	echo "db1 | CHANGED | rc=0 | (stdout) $doc"
	echo "web3: $(echo "$doc" | head -c 300)"
	echo "not a document"
	echo "web4: {\"audit\":{\"version\":2}}"
} > "$rd/pdsh.txt"
t=$($K report "$rd")
rc=$?
echo "$t" | awk 'NR == 2 && $1 == "web2" { f = 1 } END { exit !f }' &&
	echo "$t" | grep -q '^db1 ' &&
	echo "$t" | grep -q "^  $rd/pdsh.txt:3 (host web3): damaged JSON: " &&
	echo "$t" | grep -q "^  $rd/pdsh.txt:4 (host ?): no JSON document on this line" &&
	echo "$t" | grep -q "^  $rd/pdsh.txt:5 (host web4): audit version 2" &&
	echo "$t" | grep -q '^3 host(s), 3 line(s) skipped:' && [ $rc -eq 0 ]
ktap_result $? "report: pdsh and ansible lines and files merged, lowest available first; damaged lines named and skipped (exit $rc)"
[ $rc -eq 0 ] || ktap_diag "$t"
$K --json report "$rd" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)["report"]
assert d["hosts"] == 3 and [r["host"] for r in d["rows"]][0] == "web2", d["rows"]
assert len(d["skipped"]) == 3 and d["skipped"][0]["host"] == "web3", d["skipped"]
' && $K --prometheus report "$rd" 2>/dev/null | python3 prom_check.py 'kmemstat_host_memory_available_bytes{' &&
	cat "$rd/pdsh.txt" | $K report - | grep -q '^2 host(s), 3 line(s) skipped:'
ktap_result $? "report --json, --prometheus and - (stdin) give the same fleet"
$K report /nonexistent "$rd/a.json" >/dev/null 2>&1; rc1=$?
printf 'junk\n' > "$rd/junk"; $K report "$rd/junk" >/dev/null 2>&1; rc2=$?
[ $rc1 -eq 1 ] && [ $rc2 -eq 1 ]
ktap_result $? "report exits 1 for an unreadable input or no document at all ($rc1, $rc2)"
rm -rf "$rd"
# The shape follows --by, never the data (issue 10 #16): with no process
# passing --min-cpu, --by user and --by comm still give groups.
ok=0
for by in user comm; do
	$K --json cpu --by $by --min-cpu 999999999 |
		python3 -c 'import json,sys; d=json.load(sys.stdin)["cpu"]; assert d["groups"] == [] and d["tasks"] == [], d' || ok=1
	p=$($K --prometheus cpu --by $by --min-cpu 999999999)
	echo "$p" | grep -q "^# TYPE kmemstat_${by}_cpu_seconds gauge" && ! echo "$p" | grep -q process_cpu || ok=1
	$K cpu --by $by --min-cpu 999999999 | grep -q 'PROCS *THR' || ok=1
done
ktap_result $ok "an empty --by user or --by comm keeps its shape: groups in JSON, per-group family, group header"
ktap_finish

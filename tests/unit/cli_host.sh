#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The CLI on this host (no module here: the /proc source): option parsing,
# exit codes, JSON that parses, Prometheus text that parses, no leaks.
. ../lib/ktap.sh
K=../../user/kmemstat
ktap_plan 28
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

$K --prometheus mem | python3 prom_check.py node_memory_MemAvailable_bytes
ktap_result $? "--prometheus is valid exposition text with node_memory_MemAvailable_bytes"

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
	$K --prometheus $args | python3 prom_check.py 'kmemstat_processes{' 'kmemstat_cpu_seconds_total{' || { ktap_diag "prometheus $args"; pbad=1; }
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

for args in "mem -e" "--json mem" "--prometheus mem" "info" "--source kmod mem" \
	    "cpu" "--json cpu --by thread" "--prometheus cpu --by comm" "cpu --by user -i 0.1" \
	    "cpu --state DS" "--source kmod cpu" "shmem --mappers" "--json shmem" \
	    "--prometheus shmem" "--source kmod shmem"; do
	valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
		--error-exitcode=99 $K $args >/dev/null 2>/tmp/km.vg
	[ $? -ne 99 ] || { ktap_diag "valgrind $args: $(head -20 /tmp/km.vg)"; vbad=1; }
done
[ -z "${vbad:-}" ]; ktap_result $? "valgrind: no leaks or errors in mem, cpu, json, prometheus, info, error paths"

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
ok=0
for c in "mem -xm|unknown option: -x" "mem --s 1|ambiguous option: --s" \
	 "mem --json=1|option takes no value: --json=1" "cpu --pid|option needs a value: --pid"; do
	err=$($K ${c%%|*} 2>&1 >/dev/null); rc=$?
	[ $rc -eq 2 ] && [ "$(echo "$err" | head -n 1)" = "kmemstat: ${c#*|}" ] ||
		{ ktap_diag "${c%%|*}: $rc $err"; ok=1; }
done
ktap_result $ok "option errors name the option: -x in -xm, ambiguous --s, --json=1, --pid without a value"
ktap_finish

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Names are anyone's bytes. With a process whose name clears the terminal,
# a memfd whose name sets the window title, a file name with quotes,
# backslash, newline and \xff, and a 4 KiB path (the program hostile), no
# table, JSON or Prometheus output of cpu or shmem carries a raw control
# byte or invalid UTF-8; JSON parses and keeps the names (where python3 is
# there: the host); Prometheus passes prom_check.py. Each source in
# KMEMSTAT_SOURCES (default: kmod procfs).
# usage: cli_hostile.sh [PROM_CHECK.PY]
. ./ktap.sh
sources=${KMEMSTAT_SOURCES:-kmod procfs}
prom_check=${1:-}
set -- $sources
ktap_plan $(($# * 6))

ready=${TMPDIR:-/tmp}/kmemstat-hostile.$$
hostile > "$ready" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf /dev/shm/kmemstat-deep "$ready"' EXIT
# It prints its pid once all is mapped: wait for that line (or its end).
while [ ! -s "$ready" ] && kill -0 $pid 2>/dev/null; do sleep 0.05; done
[ "$(cat "$ready")" = "$pid" ] || { echo "Bail out! hostile did not start"; exit 1; }

# Raw control bytes (ESC, BEL, CR, other C0 but tab and newline, DEL) and
# bytes invalid in UTF-8 here (\xff) in stdin: their count.
raw_bytes() { tr -d -c '\001-\010\013-\037\177\377' | wc -c; }
has_python() { command -v python3 >/dev/null 2>&1; }

for s in $sources; do
	k="kmemstat --source $s"
	out=$($k cpu -n 0)
	n=$(printf '%s' "$out" | raw_bytes)
	[ "$n" -eq 0 ] && printf '%s\n' "$out" | grep -q "^ *$pid .* ?\[2J?\[31mEVIL?*$"
	ktap_result $? "$s: cpu table: the name shown with '?' for control bytes, on its own row ($n raw)"

	out=$($k shmem --mappers)
	n=$(printf '%s' "$out" | raw_bytes)
	[ "$n" -eq 0 ] && printf '%s\n' "$out" | grep -q "pid $pid ?\[2J?\[31mEVIL?*: " &&
		printf '%s\n' "$out" | grep -q 'km"q\\b' &&
		printf '%s\n' "$out" | grep -q 'kmemstat-deep/d*'
	ktap_result $? "$s: shmem table: names and mappers escaped ($n raw)"

	for cmd in "cpu -n 0" "shmem --mappers"; do
		out=$($k --json $cmd)
		n=$(printf '%s' "$out" | raw_bytes)
		if [ "$n" -ne 0 ]; then
			ktap_result 1 "$s: --json $cmd: no raw control byte ($n)"
		elif has_python; then
			printf '%s' "$out" | python3 -c '
import json, sys
d = json.loads(sys.stdin.buffer.read())
pid = int(sys.argv[1])
if "cpu" in d:
    t = [t for t in d["cpu"]["tasks"] if t["pid"] == pid]
    assert t and t[0]["comm"].startswith("\x1b[2J\x1b[31mEVIL"), t
else:
    names = [o["name"] for o in d["shmem"]["objects"]]
    assert any("km\"q\\b" in n and "\ufffd" in n for n in names), names
    assert any("kmemstat-deep/" + "d" * 50 in n for n in names), names
' "$pid"
			ktap_result $? "$s: --json $cmd parses as UTF-8 JSON and keeps the names"
		else
			ktap_result 0 "$s: --json $cmd: no raw control byte (no python3 here to parse it)"
		fi
	done

	for cmd in "cpu -n 0" "shmem"; do
		out=$($k --prometheus $cmd)
		n=$(printf '%s' "$out" | raw_bytes)
		if [ "$n" -eq 0 ] && [ -n "$prom_check" ] && has_python; then
			printf '%s\n' "$out" | python3 "$prom_check"
			ktap_result $? "$s: --prometheus $cmd: valid exposition, labels escaped"
		else
			[ "$n" -eq 0 ]
			ktap_result $? "$s: --prometheus $cmd: no raw control byte ($n)"
		fi
	done
done
ktap_finish

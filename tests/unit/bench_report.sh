#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark (make bench): kmemstat report over 10,000 hosts' audit documents,
# made here from this host's own document with the hostname and available
# memory varied, in "host: " lines as pdsh gives them; against the obvious
# alternative measured in the same run: python3 reading each line with
# json.loads and sorting the hosts by available percent.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
K=$TOP/user/kmemstat
HOSTS=${1:-10000}
make -s -C "$TOP/user" kmemstat
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
"$K" audit > "$d/one.json"
python3 - "$d/one.json" "$HOSTS" > "$d/fleet.txt" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for i in range(int(sys.argv[2])):
    doc["audit"]["host"]["hostname"] = "host%05d" % i
    doc["audit"]["mem"]["available"] = (i * 7919) % doc["audit"]["mem"]["total"]
    print("host%05d: %s" % (i, json.dumps(doc, separators=(",", ":"))))
PY
now() { date +%s.%N; }
t0=$(now)
"$K" report "$d/fleet.txt" > "$d/report.txt"
t1=$(now)
python3 - "$d/fleet.txt" > "$d/py.txt" <<'PY'
import json, sys
rows = []
for line in open(sys.argv[1]):
    host, _, text = line.partition(": ")
    a = json.loads(text)["audit"]
    rows.append((100 * a["mem"]["available"] / a["mem"]["total"], host, a["host"]["kernel"]))
rows.sort()
for r in rows:
    print("%s %s %.1f" % (r[1], r[2], r[0]))
PY
t2=$(now)
n=$(grep -c '^host' "$d/report.txt")
[ "$n" = "$HOSTS" ] || { echo "report listed $n hosts of $HOSTS" >&2; exit 1; }
awk -v k="$t0" -v r="$t1" -v p="$t2" -v n="$HOSTS" -v b="$(wc -c < "$d/fleet.txt")" 'BEGIN {
	printf "kmemstat report over %d hosts (%.0f MB of audit documents)\n", n, b / 1e6
	printf "  kmemstat report         %7.3f s  (%.3f s per 1,000 hosts)\n", r - k, (r - k) * 1000 / n
	printf "  python3 json.loads+sort %7.3f s  (%.3f s per 1,000 hosts)\n", p - r, (p - r) * 1000 / n
	printf "  ratio python3 / kmemstat: %.1fx\n", (p - r) / (r - k)
}'

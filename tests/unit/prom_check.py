#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""prom_check.py NAME...: stdin is valid Prometheus text exposition (label
values escaped, numeric samples), no series appears twice, and a series of
each NAME (a metric name, or a prefix ending in '{') is present."""
import re
import sys

LABEL = r'[a-z_]+="(?:[^"\\]|\\.)*"'
SAMPLE = re.compile(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{%s(,%s)*\})? ([0-9.e+-]+|NaN)' % (LABEL, LABEL))

seen = set()
for line in sys.stdin:
    line = line.rstrip("\n")
    if line.startswith("# HELP ") or line.startswith("# TYPE "):
        continue
    m = SAMPLE.fullmatch(line)
    assert m, "not a sample: " + line
    float(m.group(4))
    series = line.rsplit(" ", 1)[0]
    assert series not in seen, "duplicate series " + series
    seen.add(series)
for want in sys.argv[1:]:
    assert any(s == want or s.startswith(want) for s in seen), "missing " + want

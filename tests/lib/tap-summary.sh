#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Count the leaf results of kselftest-style TAP on stdin: nested results
# ("# ok", "# # not ok") count, and a top-level result counts only for a
# test that printed no nested ones. Prints "P F S" (passed failed skipped).
awk '
function flush() {
	if (pending != "") {
		if (pending ~ /# SKIP/) s++
		else if (pending ~ /^not ok/) f++
		else p++
	}
	pending = ""
}
/^(# )+(not )?ok [0-9]/ {
	nested = 1
	if ($0 ~ /# SKIP/) s++
	else if ($0 ~ /^(# )+not ok/) f++
	else p++
	next
}
/^(not )?ok [0-9]/ {
	if (!nested) pending = $0
	flush()
	nested = 0
	next
}
/^Bail out!/ { f++ }
END { flush(); printf "%d %d %d\n", p, f, s }'

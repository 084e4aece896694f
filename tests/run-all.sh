#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make check: host tests, the VM suite, the packages, the kernel matrix; TAP on stdout, and last a line
# "N passed, N failed" counting every leaf result. Exit 0 only if none failed.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
out=$TOP/build/check
mkdir -p "$out"
"$TOP/tests/vm/deps.sh" || exit 1

status=0
start=$(date +%s)
: > "$out/all.tap"
# A part's TAP goes to the console and all.tap; rc is what it exited with.
report() {
	name=$1 rc=$2
	# where the time went: this part's own time, and the run's so far
	echo "# ---- $name (${3:-?} s; make check at $(($(date +%s) - start)) s)"
	if [ $rc -ne 0 ] && [ $rc -ne 4 ]; then
		# A part that failed without saying so still counts as a failure.
		echo "Bail out! $name exited $rc" >> "$out/$name.tap"
		sed 's/^/# stderr: /' "$out/$name.err" | tail -n 40 >> "$out/$name.tap"
		status=1
	fi
	cat "$out/$name.tap" | tee -a "$out/all.tap"
}
part() {
	name=$1
	shift
	t0=$(date +%s)
	"$@" > "$out/$name.tap" 2> "$out/$name.err"
	rc=$?
	report "$name" $rc $(($(date +%s) - t0))
}

# The VM suite on a debug build of Debian's 6.1 (KASAN, lockdep, kmemleak,
# DEBUG_PAGEALLOC; the kernel built once into the cache, 21 minutes beside
# the other parts; the suite 54 minutes beside them, the longest part): in
# the background from the start, from its own copy of the tree, beside the
# other parts; reported last. KMEMSTAT_DEBUG=none skips it.
debug=
if [ "${KMEMSTAT_DEBUG:-yes}" != none ]; then
	rm -f "$out/debug.rc" "$out/debug.secs"
	( t0=$(date +%s)
	  "$TOP/tests/vm/debug.sh" check > "$out/debug.tap" 2> "$out/debug.err"
	  echo $? > "$out/debug.rc"
	  echo $(($(date +%s) - t0)) > "$out/debug.secs" ) &
	debug=$!
fi

part host sh "$TOP/tests/unit/run.sh"
part vm "$TOP/tests/vm/run.sh" check
part pkg sh "$TOP/tests/pkg/run.sh"
# The kernel matrix (5.10 to the newest), cached chroots and kernels: about
# 15 minutes warm. KMEMSTAT_MATRIX="trixie:amd64 ..." picks targets, "none"
# skips it (quick runs while developing).
if [ "${KMEMSTAT_MATRIX:-all}" != none ]; then
	[ "${KMEMSTAT_MATRIX:-all}" = all ] && targets= || targets=$KMEMSTAT_MATRIX
	part matrix sh "$TOP/tests/matrix/run.sh" $targets
fi

if [ -n "$debug" ]; then
	wait "$debug"
	report debug "$(cat "$out/debug.rc" 2>/dev/null || echo 1)" \
		"$(cat "$out/debug.secs" 2>/dev/null || echo '?')"
fi

set -- $("$TOP/tests/lib/tap-summary.sh" < "$out/all.tap")
[ "$2" -eq 0 ] || status=1
echo "$1 passed, $2 failed, $3 skipped"
exit $status

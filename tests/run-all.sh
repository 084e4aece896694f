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
: > "$out/all.tap"
part() {
	name=$1
	shift
	echo "# ---- $name"
	"$@" > "$out/$name.tap" 2> "$out/$name.err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 4 ]; then
		# A part that failed without saying so still counts as a failure.
		echo "Bail out! $name exited $rc" >> "$out/$name.tap"
		sed 's/^/# stderr: /' "$out/$name.err" | tail -n 40 >> "$out/$name.tap"
		status=1
	fi
	cat "$out/$name.tap" | tee -a "$out/all.tap"
}

part host sh "$TOP/tests/unit/run.sh"
part vm "$TOP/tests/vm/run.sh" check
# The same suite on a debug build of Debian's 6.1 (KASAN, lockdep,
# kmemleak, DEBUG_PAGEALLOC; built once into the cache, about 13 minutes
# on 2 idle cores); KMEMSTAT_DEBUG=none skips it.
[ "${KMEMSTAT_DEBUG:-yes}" = none ] || part debug "$TOP/tests/vm/debug.sh" check
part pkg sh "$TOP/tests/pkg/run.sh"
# The kernel matrix (5.10 to the newest), cached chroots and kernels: about
# 15 minutes warm. KMEMSTAT_MATRIX="trixie:amd64 ..." picks targets, "none"
# skips it (quick runs while developing).
if [ "${KMEMSTAT_MATRIX:-all}" != none ]; then
	[ "${KMEMSTAT_MATRIX:-all}" = all ] && targets= || targets=$KMEMSTAT_MATRIX
	part matrix sh "$TOP/tests/matrix/run.sh" $targets
fi

set -- $("$TOP/tests/lib/tap-summary.sh" < "$out/all.tap")
[ "$2" -eq 0 ] || status=1
echo "$1 passed, $2 failed, $3 skipped"
exit $status

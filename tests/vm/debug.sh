#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The whole VM suite on the debug kernel (tests/vm/debug-kernel.sh: KASAN,
# lockdep, DEBUG_ATOMIC_SLEEP, kmemleak, DEBUG_PAGEALLOC): the module built
# against that tree with -Werror, booted by tests/vm/run.sh, whose verdict
# fails on any report in the kernel log; kmemleak.sh scans for leaks.
#   debug.sh [check|run]
# The suite runs from a copy of the tree ($BUILD/debug/tree, its own
# build/), so that make check can run it beside the packages and the
# matrix, which boot Debian's kernels from this tree's build/.
. "$(dirname "$0")/common.sh"
mode=${1:-check}
t0=$(date +%s)
kdir=$("$TOP/tests/vm/debug-kernel.sh") || exit 1
# a first run builds the kernel: its share of the part's time, in the TAP
echo "# debug kernel ready in $(($(date +%s) - t0)) s: $kdir"
tree=$BUILD/debug/tree
mkdir -p "$tree"
for f in "$TOP"/* "$TOP"/.[!.]*; do
	case ${f##*/} in build|.git) continue ;; esac
	rm -rf "${tree:?}/${f##*/}"
	cp -a "$f" "$tree/"
done
# A copy of kmod/: km_config.h there is made for the kernel it was built
# against, and kmod/ is Debian's kernel's.
work=$BUILD/debug/kmod
rm -rf "$work"
mkdir -p "$work"
cp -r "$TOP/kmod/." "$work/"
rm -f "$work/km_config.h" "$work"/*.o "$work"/*.ko
say "building the module for the debug kernel"
make -s -C "$work" KDIR="$kdir/build" KMEMSTAT_WERROR=1 KMEMSTAT_GNU89_CHECK=1 >&2 ||
	die "building the module against the debug kernel failed"
# KASAN, lockdep and DEBUG_PAGEALLOC make the kernel several times slower
# under TCG, and beside the other parts of make check it shares the cores:
# the suite's time limit (90 min) is wider than for Debian's kernel.
# kmemstat.debug_kernel: tests whose oracle the checkers distort say SKIP
# (shmem_bounds' MemAvailable measures). KMEMSTAT_DEBUG_FUZZ: the fuzzer's
# messages, the full 1,000,000 by default (about 11 minutes here: 0.66 ms a
# message); fewer for a quick run.
KMEMSTAT_VM_APPEND="kmemstat.debug_kernel kmemstat.fuzz=${KMEMSTAT_DEBUG_FUZZ:-1000000}${KMEMSTAT_VM_APPEND:+ $KMEMSTAT_VM_APPEND}" \
KMEMSTAT_VM_HELPER_KDIR=$kdir/build \
KMEMSTAT_VM_TIMEOUT=${KMEMSTAT_VM_TIMEOUT:-5400} exec "$tree/tests/vm/run.sh" "$mode" "$kdir" "$work/kmemstat.ko"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kmemleak, on a kernel that has it (the debug kernel, tests/vm/debug-kernel.sh);
# SKIP elsewhere. Scans are asked for here (the debug kernel has no automatic
# scan) and run in the writer, so each answer is there when echo returns;
# each is asked twice, as Documentation/dev-tools/kmemleak.rst advises (an
# object that moved during the first scan is settled by the second).
#   kmemleak.sh baseline   before the module is loaded: what the kernel
#                          itself leaks by then is shown, then cleared
#   kmemleak.sh end        after the suite: the module answers; no leak
#                          names the module while it is loaded; it unloads;
#                          then no leak at all (the baseline was cleared, so
#                          any report is new since the module was loaded)
. ./ktap.sh
phase=${1:-end}
ml=/sys/kernel/debug/kmemleak
if [ ! -e $ml ] && grep -qw debugfs /proc/filesystems; then
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
fi

scan() { echo scan > $ml && echo scan > $ml; }
# The leaks kmemleak reports now (one "unreferenced object" block each).
leaks() { cat $ml 2>/dev/null; }
count() { leaks | grep -c '^unreferenced object' || true; }

case $phase in
baseline)
	ktap_plan 1
	if [ ! -e $ml ]; then
		ktap_skip "no kmemleak in this kernel (CONFIG_DEBUG_KMEMLEAK)" "kmemleak: baseline before the module is loaded"
		ktap_finish
	fi
	if ! scan; then
		ktap_diag "$(dmesg | grep -i kmemleak | tail -n 5)"
		ktap_result 1 "kmemleak: baseline before the module is loaded (kmemleak refused to scan: disabled?)"
		ktap_finish
	fi
	n=$(count)
	[ "$n" -eq 0 ] || ktap_diag "$(leaks | head -n 60)"
	ktap_diag "$n leaks reported before the module was loaded (cleared: not counted at the end)"
	echo clear > $ml
	ktap_result $? "kmemleak: baseline before the module is loaded"
	ktap_finish
	;;
end) ;;
*) echo "usage: kmemleak.sh baseline|end" >&2; exit 2 ;;
esac

ktap_plan 5
if [ ! -e $ml ]; then
	why="no kmemleak in this kernel (CONFIG_DEBUG_KMEMLEAK)"
	ktap_skip "$why" "the module answers before the leak scan"
	ktap_skip "$why" "kmemleak: no leak names the module while it is loaded"
	ktap_skip "$why" "the module unloads"
	ktap_skip "$why" "kmemleak: no leak in the module's addresses after unloading"
	ktap_skip "$why" "kmemleak: no leak at all since the baseline"
	ktap_finish
fi

kmemstat --source kmod mem > /dev/null
ktap_result $? "the module answers before the leak scan"

scan
rc=$?
mine=$(leaks | grep -c '\[kmemstat\]' || true)
[ $rc -eq 0 ] && [ "$mine" -eq 0 ]
r=$?
[ $r -eq 0 ] || ktap_diag "$(leaks | head -n 80)"
ktap_result $r "kmemleak: no leak names the module while it is loaded"

# Where the module lies, for the unload: its leaks' backtraces then hold
# addresses that no symbol names any more.
set -- $(grep '^kmemstat ' /proc/modules)
size=${2:-0} base=${6:-0}
rmmod kmemstat && ! grep -q '^kmemstat ' /proc/modules
ktap_result $? "the module unloads"

scan
rc=$?
leaks > /tmp/kmemleak.end
inside=0
# A backtrace line is "[<%p>] %pS": the first is hashed, the second
# prints an address no symbol covers as 0x... (the module is gone).
for a in $(sed -n 's/^ *\[<.*>\] 0x\([0-9a-f]*\)$/\1/p' /tmp/kmemleak.end); do
	if [ $((0x$a)) -ge $((base)) ] && [ $((0x$a)) -lt $((base + size)) ]; then
		inside=$((inside + 1))
	fi
done
n=$(grep -c '^unreferenced object' /tmp/kmemleak.end || true)
[ "$n" -eq 0 ] || ktap_diag "$(head -n 120 /tmp/kmemleak.end)"
ktap_diag "module at $base, $size bytes; after unloading: $n leaks, $inside backtrace addresses in the module"
[ $rc -eq 0 ] && [ $inside -eq 0 ] && ! grep -q '\[kmemstat\]' /tmp/kmemleak.end
ktap_result $? "kmemleak: no leak in the module's addresses after unloading"
[ $rc -eq 0 ] && [ "$n" -eq 0 ]
ktap_result $? "kmemleak: no leak at all since the baseline"
ktap_finish

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unload and reload the module while clients hammer it: every answer is a
# full answer or a clean "not loaded", and the kernel stays quiet
# (kernel_log.sh reads dmesg after this). Where the kernel's genetlink does
# not hold a dump's module (before 3.13, but for 3.10.y and RHEL 7) the
# module holds itself and cannot be unloaded (docs/compat.md): there rmmod
# must say so, and after all the suite's dumps the module hold only its own
# reference, the one run-suite.sh counted at load.
. ./ktap.sh
ktap_plan 3

refs() { sed -n 's/^kmemstat [0-9]* \([0-9]*\) .*/\1/p' /proc/modules; }
if [ "$(cat /tmp/kmemstat.refs-at-load 2>/dev/null)" = 1 ]; then
	# busybox's rmmod of 2.6.32's era exits 0 when refused: the module must still be there.
	out=$(rmmod kmemstat 2>&1)
	ktap_diag "rmmod: $out; references: $(refs)"
	kernel_before 3.13 && grep -q '^kmemstat ' /proc/modules && [ "$(refs)" = 1 ]
	ktap_result $? "before 3.13 rmmod is refused, and the module holds only its own reference"
	ktap_skip "the module cannot be unloaded on this kernel (before 3.13: docs/compat.md)" \
		"20 unloads and loads under load succeed"
	kmemstat --source kmod mem >/dev/null; ktap_result $? "the module answers after rmmod was refused"
	ktap_finish
fi

stop=/tmp/unload.stop
rm -f $stop /tmp/unload.bad
for w in 1 2; do
	(
		while [ ! -e $stop ]; do
			out=$(kmemstat --source kmod --json mem 2>&1); rc=$?
			case $rc in
			0) echo "$out" | grep -q '"available":' || echo "$rc $out" >> /tmp/unload.bad ;;
			1|3) ;;	# module gone between resolve and request, or not there
			*) echo "$rc $out" >> /tmp/unload.bad ;;
			esac
		done
	) &
done
ok=0
i=0
while [ $i -lt 20 ]; do
	rmmod kmemstat || ok=1
	insmod /lib/modules/kmemstat.ko || ok=1
	i=$((i + 1))
done
touch $stop
wait
ktap_result $ok "20 unloads and loads under load succeed"
[ ! -s /tmp/unload.bad ] || ktap_diag "$(head -5 /tmp/unload.bad)"
[ ! -s /tmp/unload.bad ]; ktap_result $? "clients saw only answers or clean errors"
kmemstat --source kmod mem >/dev/null; ktap_result $? "the module answers after the last load"
ktap_finish

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unload and reload the module while clients hammer it: every answer is a
# full answer or a clean "not loaded", and the kernel stays quiet
# (kernel_log.sh reads dmesg after this).
. ./ktap.sh
ktap_plan 3

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

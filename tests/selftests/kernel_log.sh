#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# After everything: the kernel said nothing bad and is not tainted beyond
# what loading an out-of-tree, unsigned module does (bits 12 and 13).
. ./ktap.sh
ktap_plan 2
# A kernel with lockdep says so at boot ("RCU lockdep checking is enabled").
bad=$(dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace|general protection|KASAN|lockdep|sleeping function called' |
	grep -v 'RCU lockdep checking is enabled')
[ -z "$bad" ] || ktap_diag "$bad"
[ -z "$bad" ]; ktap_result $? "dmesg has no warning, bug or oops"
t=$(cat /proc/sys/kernel/tainted)
ktap_diag "tainted=$t"
[ $((t & ~12288)) -eq 0 ]; ktap_result $? "no taint but out-of-tree and unsigned"
ktap_finish

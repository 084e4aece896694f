#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Rules the compilers of old kernels impose on kmod/ (gcc 4.4 for RHEL 6,
# gnu89): new kernels build with gnu11, so nothing else would catch these.
. ../lib/ktap.sh
ktap_plan 3
cd ../../kmod
bad=$(grep -nE 'for \((unsigned |int |long |size_t |u[0-9]+ |s[0-9]+ |struct )' *.c *.h)
[ -z "$bad" ] || ktap_diag "$bad"
[ -z "$bad" ]; ktap_result $? "kmod: no declarations inside for ()"
bad=$(grep -nE '^\s*//' *.c *.h | grep -v ':1:// SPDX')
[ -z "$bad" ] || ktap_diag "$bad"
[ -z "$bad" ]; ktap_result $? "kmod: no C99 comments but the SPDX line"
bad=$(grep -nE 'LINUX_VERSION_CODE|KERNEL_VERSION|KM_WHERE_' *.c)
[ -z "$bad" ] || ktap_diag "$bad"
[ -z "$bad" ]; ktap_result $? "kmod: version tests and counter probes live in compat.h only"
ktap_finish

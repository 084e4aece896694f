#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What a build target needs, checked before anything is compiled. A missing
# piece gets one line that names it and the command that installs it on
# Debian/Ubuntu and on RHEL/CentOS; the exit status is then 1.
#   prereq.sh cli              a C compiler, make, pkg-config, libnl-genl-3
#   prereq.sh kernel KDIR KVER a kernel build tree for KVER at KDIR
#   prereq.sh dkms             the dkms command
set -u
cc=${CC:-cc}

missing() {
	echo "kmemstat: $1: $2 (Debian, Ubuntu) or $3 (RHEL, CentOS)" >&2
	exit 1
}

compiler() {
	command -v "$cc" >/dev/null 2>&1 ||
		missing "no C compiler ($cc)" "apt-get install gcc make" "yum install gcc make"
}

case ${1:-} in
cli)
	compiler
	if ! command -v pkg-config >/dev/null 2>&1; then
		missing "pkg-config is missing, and with it the way to find libnl-genl-3" \
			"apt-get install libnl-genl-3-dev pkg-config" "yum install libnl3-devel pkgconfig"
	fi
	pkg-config --exists libnl-3.0 libnl-genl-3.0 ||
		missing "libnl-genl-3's development files are missing (pkg-config finds no libnl-genl-3.0)" \
			"apt-get install libnl-genl-3-dev pkg-config" "yum install libnl3-devel pkgconfig"
	;;
kernel)
	kdir=$2 kver=$3
	compiler
	[ -f "$kdir/Makefile" ] ||
		missing "no build tree for kernel $kver at $kdir (or pass KDIR=, KVER=)" \
			"apt-get install linux-headers-$kver" "yum install kernel-devel-$kver"
	;;
dkms)
	command -v dkms >/dev/null 2>&1 ||
		missing "dkms is missing" "apt-get install dkms" "yum install dkms (from EPEL)"
	;;
*)
	echo "usage: prereq.sh cli | kernel KDIR KVER | dkms" >&2
	exit 2
	;;
esac

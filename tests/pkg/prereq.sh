#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A checkout on a bare host: in a bookworm root without libnl's headers,
# pkg-config or the headers of the kernel asked for, each build target stops
# before compiling with one line naming what is missing and the command that
# installs it; with them installed, `make` builds the CLI. kselftest TAP.
. "$(dirname "$0")/../lib/ktap.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/tests/vm/common.sh"
set +e
ktap_plan 6
out=$BUILD/prereq
mkdir -p "$out"
root=$("$TOP/tests/matrix/chroot.sh" bookworm linux-headers-amd64) || ktap_bail "no bookworm root"
apt_in() { in_chroot "$root" apt-get -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends "$@"; }
# The root as a bare host has it (the other tests need neither package).
apt_in purge libnl-genl-3-dev libnl-3-dev pkg-config pkgconf > "$out/apt.log" 2>&1
src=/build/prereq
rm -rf "$root$src" && mkdir -p "$root$src"
(cd "$TOP" && git ls-files -co --exclude-standard | tar -cf - -T -) | tar -xf - -C "$root$src"
make_in() { in_chroot "$root" make -C "$src" "$@" 2>&1; }

# The hint: its own line, the fix for both families; nothing compiled.
hint_ok() {
	echo "$1" | grep -q "^kmemstat: .*: $2 (Debian, Ubuntu) or $3 (RHEL, CentOS)$"
}
o=$(make_in); rc=$?
ktap_diag "$o"
[ $rc -ne 0 ] && hint_ok "$o" "apt-get install libnl-genl-3-dev pkg-config" "yum install libnl3-devel pkgconfig" &&
	! ls "$root$src"/user/*.o >/dev/null 2>&1
ktap_result $? "make without pkg-config and libnl: one line with the packages to install, nothing built"
apt_in install pkg-config >> "$out/apt.log" 2>&1
o=$(make_in cli); rc=$?
ktap_diag "$o"
[ $rc -ne 0 ] && hint_ok "$o" "apt-get install libnl-genl-3-dev pkg-config" "yum install libnl3-devel pkgconfig" &&
	echo "$o" | grep -q "finds no libnl-genl-3.0" && ! ls "$root$src"/user/*.o >/dev/null 2>&1
ktap_result $? "make cli with pkg-config but no libnl: names libnl-genl-3's development files"
o=$(make_in module KVER=9.9.9-none); rc=$?
ktap_diag "$o"
[ $rc -ne 0 ] && hint_ok "$o" "apt-get install linux-headers-9.9.9-none" "yum install kernel-devel-9.9.9-none" &&
	! ls "$root$src"/kmod/*.o >/dev/null 2>&1
ktap_result $? "make module for a kernel without headers: names linux-headers-KVER and kernel-devel-KVER"
o=$(make_in install KVER=9.9.9-none); rc=$?
[ $rc -ne 0 ] && echo "$o" | grep -q "^kmemstat: " && [ ! -e "$root/usr/local/bin/kmemstat" ]
ktap_result $? "make install stops on the first missing piece and installs nothing"
o=$(make_in dkms-install KVER=9.9.9-none); rc=$?
ktap_diag "$o"
[ $rc -ne 0 ] && echo "$o" | grep -q "^kmemstat: " && [ ! -e "$root/usr/src/kmemstat-"* ]
ktap_result $? "make dkms-install without headers: one line, nothing added to DKMS"
apt_in install libnl-genl-3-dev >> "$out/apt.log" 2>&1
o=$(make_in); rc=$?
[ $rc -eq 0 ] && [ -x "$root$src/user/kmemstat" ] || ktap_diag "$o"
[ $rc -eq 0 ] && [ -x "$root$src/user/kmemstat" ]
ktap_result $? "with libnl-genl-3-dev and pkg-config installed, make builds the CLI"

apt_in purge libnl-genl-3-dev libnl-3-dev pkg-config pkgconf >> "$out/apt.log" 2>&1
rm -rf "$root$src"
ktap_finish

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Build the module inside a release's chroot, with that release's gcc,
# against the newest headers of one kernel flavour there, with -Werror.
# usage: build.sh CHROOT FLAVOUR OUTDIR   (FLAVOUR: amd64, cloud-amd64, rt-amd64)
# Prints the kernel ABI it built for; leaves OUTDIR/kmemstat.ko and build.log.
. "$(dirname "$0")/../vm/common.sh"
root=${1:?usage: build.sh CHROOT FLAVOUR OUTDIR} flavour=${2:?} out=${3:?}

# linux-headers-6.1.0-28-amd64 for amd64; the amd64 pattern also matches the
# cloud and rt flavours' directories, which are left out for it.
hdr=$(cd "$root/usr/src" && ls -d linux-headers-*-"$flavour" 2>/dev/null |
	grep -Ev -e '-common$' $([ "$flavour" = amd64 ] && echo "-e -cloud-amd64\$ -e -rt-amd64\$") |
	sort -V | tail -n 1)
[ -n "$hdr" ] || die "no linux-headers-*-$flavour in $root"
abi=${hdr#linux-headers-}
rm -rf "$root/build/kmemstat" "$out"
mkdir -p "$root/build/kmemstat" "$out"
cp -r "$TOP/kmod" "$root/build/kmemstat/"
# Newer objtool reads /proc (its stack limit).
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
rc=0
in_chroot "$root" make -C "/usr/src/$hdr" M=/build/kmemstat/kmod KMEMSTAT_WERROR=1 modules \
	> "$out/build.log" 2>&1 || rc=$?
umount "$root/proc" 2>/dev/null || true
[ $rc -eq 0 ] || { tail -n 40 "$out/build.log" >&2; die "building for $abi failed"; }
cp "$root/build/kmemstat/kmod/kmemstat.ko" "$out/kmemstat.ko"
echo "$abi"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install kmemstat-dkms into a release's chroot, as a host of that release
# would: DKMS builds the module for the kernels whose headers are there.
# Copy the one for ABI to OUTDIR/kmemstat.ko, then purge the package so the
# chroot stays as it was.
# usage: dkms.sh CHROOT ABI DEBDIR OUTDIR   (DEBDIR: from build-deb.sh)
. "$(dirname "$0")/../vm/common.sh"
root=${1:?usage: dkms.sh CHROOT ABI DEBDIR OUTDIR} abi=${2:?} debs=${3:?} out=${4:?}
rm -rf "$out" && mkdir -p "$out"
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
cp "$debs"/kmemstat-dkms_*_all.deb "$root/tmp/"
rc=0
in_chroot "$root" sh -c 'apt-get install -y -qq --no-install-recommends /tmp/kmemstat-dkms_*_all.deb' \
	> "$out/install.log" 2>&1 || rc=$?
ko=$(ls "$root/lib/modules/$abi/updates/dkms/kmemstat.ko"* 2>/dev/null | head -n 1)
case $ko in
*.ko) cp "$ko" "$out/kmemstat.ko" ;;
*.xz) xz -dc "$ko" > "$out/kmemstat.ko" ;;
*.zst) zstd -qdc "$ko" > "$out/kmemstat.ko" ;;
esac
in_chroot "$root" apt-get purge -y -qq kmemstat-dkms > "$out/purge.log" 2>&1
rm -f "$root"/tmp/kmemstat-dkms_*_all.deb
umount "$root/proc" 2>/dev/null || true
[ $rc -eq 0 ] && [ -s "$out/kmemstat.ko" ] ||
	{ tail -n 30 "$out/install.log" >&2; die "DKMS did not build kmemstat for $abi"; }

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Build the test VM's initramfs: busybox, /init, the module, the static CLI,
# the selftests and the kernel modules for the virtio disk.
# usage: initramfs.sh KERNEL_CACHE_DIR MODULE_KO OUTPUT [HELPER_KO...]
# HELPER_KOs (tests/vm/helpers) go where modprobe finds them by name and alias.
. "$(dirname "$0")/common.sh"
kdir=$1 ko=$2 out=$3
shift 3
root=$BUILD/vm/root
rm -rf "$root"
mkdir -p "$root/bin" "$root/usr/bin" "$root/tests" "$root/lib/modules" "$root/etc"
cp "$("$TOP/tests/vm/busybox.sh")" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$TOP/tests/vm/init" "$root/init"
chmod +x "$root/init"
cp -a "$kdir/modules/lib/modules/." "$root/lib/modules/"
cp "$ko" "$root/lib/modules/kmemstat.ko"
if [ $# -gt 0 ]; then
	abi=$(ls "$kdir/modules/lib/modules")
	mkdir -p "$root/lib/modules/$abi/extra"
	cp "$@" "$root/lib/modules/$abi/extra/"
	depmod -b "$root" "$abi" || die "depmod for the helper module failed"
fi
cp "$BUILD/static/kmemstat" "$root/usr/bin/kmemstat"
cp "$BUILD/static/selftests/"* "$root/tests/"
cp "$TOP/tests/lib/ktap.sh" "$TOP/tests/selftests/"*.sh "$root/tests/"
# procps' ps, with its shared libraries, for the benchmarks' comparison.
ps=$(command -v ps)
mkdir -p "$root/opt/procps"
cp "$ps" "$root/opt/procps/ps"
for lib in $(ldd "$ps" | awk '/=>/ { print $3 } /^\t\// { print $1 }'); do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out"

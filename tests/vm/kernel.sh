#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Fetch Debian's current kernel (unsigned image, without installing it) and
# its headers; keep the image and the few modules the VM needs in the cache.
# Prints the cache directory of that kernel.
. "$(dirname "$0")/common.sh"

abi=$(kernel_abi)
[ -n "$abi" ] || die "cannot tell Debian's kernel ABI: apt-cache depends linux-headers-amd64 says nothing (apt-get update?)"
dir=$CACHE/kernel/$abi
if [ ! -f "$dir/vmlinuz" ]; then
	say "fetching linux-image-$abi-unsigned"
	tmp=$(mktemp -d "$CACHE/tmp.XXXXXX")
	(cd "$tmp" && apt-get download -q "linux-image-$abi-unsigned" >/dev/null 2>&1) ||
		die "apt-get download linux-image-$abi-unsigned failed"
	mkdir -p "$tmp/x"
	dpkg-deb --fsys-tarfile "$tmp"/linux-image-*.deb |
		tar -x -C "$tmp/x" ./boot "./lib/modules/$abi/kernel/drivers/block" \
			"./lib/modules/$abi/kernel/drivers/virtio" \
			"./lib/modules/$abi/kernel/fs/ext4" "./lib/modules/$abi/kernel/fs/jbd2" \
			"./lib/modules/$abi/kernel/fs/mbcache.ko" "./lib/modules/$abi/kernel/lib" \
			"./lib/modules/$abi/kernel/crypto" "./lib/modules/$abi/modules.builtin" \
			"./lib/modules/$abi/modules.order" 2>/dev/null || true
	mkdir -p "$dir.new"
	cp "$tmp/x/boot/vmlinuz-$abi" "$dir.new/vmlinuz"
	cp "$tmp/x/boot/config-$abi" "$dir.new/config"
	# Only what the VM loads: the virtio disk and ext4, with their dependencies.
	mods=$dir.new/modules/lib/modules/$abi
	mkdir -p "$mods"
	for m in virtio virtio_ring virtio_pci virtio_pci_modern_dev \
		 virtio_pci_legacy_dev virtio_blk crc16 mbcache jbd2 ext4 crc32c_generic; do
		f=$(find "$tmp/x/lib/modules/$abi" -name "$m.ko" | head -n 1)
		[ -n "$f" ] || die "module $m not in linux-image-$abi"
		rel=${f#"$tmp/x/lib/modules/$abi/"}
		mkdir -p "$mods/$(dirname "$rel")"
		cp "$f" "$mods/$rel"
	done
	cp "$tmp/x/lib/modules/$abi/modules.builtin" "$tmp/x/lib/modules/$abi/modules.order" "$mods/"
	depmod -b "$dir.new/modules" "$abi" 2>/dev/null
	rm -rf "$tmp" "$dir"
	mv "$dir.new" "$dir"
fi
if [ ! -d "/usr/src/linux-headers-$abi" ]; then
	say "installing linux-headers-$abi"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"linux-headers-$abi" >/dev/null
fi
echo "$dir"

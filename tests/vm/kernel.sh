#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A kernel for the test VM: its image and the few modules the VM loads
# (virtio disk, ext4), cached. Prints the cache directory of that kernel.
#   kernel.sh              Debian's current kernel for this host's release,
#                          fetched with apt-get download (not installed), and
#                          its headers installed for building the module
#   kernel.sh CHROOT ABI   kernel ABI of the release in CHROOT (tests/matrix):
#                          the image installed there, or downloaded there
. "$(dirname "$0")/common.sh"

if [ $# -eq 2 ]; then
	root=$1 abi=$2
	dir=$CACHE/kernel/$(basename "$root")-$abi
else
	root= abi=$(kernel_abi)
	[ -n "$abi" ] || die "cannot tell Debian's kernel ABI: apt-cache depends linux-headers-amd64 says nothing (apt-get update?)"
	dir=$CACHE/kernel/$abi
fi

# The image package's files: from the chroot when the image is installed
# there, else from its .deb (the -unsigned one where there is one).
extract() {
	x=$1
	if [ -n "$root" ] && [ -f "$root/boot/vmlinuz-$abi" ]; then
		mkdir -p "$x/boot" "$x/lib/modules"
		cp "$root/boot/vmlinuz-$abi" "$root/boot/config-$abi" "$x/boot/"
		cp -a "$root/lib/modules/$abi" "$x/lib/modules/"
		return
	fi
	# One package with the image and modules, or (newer releases) a meta
	# package over linux-binary-ABI (vmlinuz) and linux-modules-ABI.
	for pkgs in "linux-image-$abi-unsigned" "linux-binary-$abi linux-modules-$abi" \
		    "linux-image-$abi"; do
		if [ -n "$root" ]; then
			rm -f "$root"/tmp/linux-*.deb
			chroot "$root" sh -c "cd /tmp && apt-get download -q $pkgs" >/dev/null 2>&1 &&
				mv "$root"/tmp/linux-*.deb "$x/" && break
		else
			(cd "$x" && apt-get download -q $pkgs >/dev/null 2>&1) && break
		fi
	done
	ls "$x"/linux-*.deb >/dev/null 2>&1 || die "cannot download the kernel $abi"
	# Whole: member names differ between dpkg versions (./boot, boot), and
	# modules moved to /usr/lib with the merged /usr.
	for deb in "$x"/linux-*.deb; do
		dpkg-deb -x "$deb" "$x" || die "cannot unpack $deb"
	done
	if [ -d "$x/usr/lib/modules" ] && [ ! -d "$x/lib/modules" ]; then
		mkdir -p "$x/lib" && mv "$x/usr/lib/modules" "$x/lib/modules"
	fi
}

if [ ! -f "$dir/vmlinuz" ]; then
	say "fetching the kernel $abi${root:+ from $(basename "$root")}"
	tmp=$(mktemp -d "$CACHE/tmp.XXXXXX")
	extract "$tmp"
	mkdir -p "$dir.new"
	# /boot/vmlinuz-ABI, or (newer releases) /usr/lib/modules/ABI/vmlinuz.
	for f in "$tmp/boot/vmlinuz-$abi" "$tmp/lib/modules/$abi/vmlinuz" ""; do
		[ -z "$f" ] && die "no vmlinuz in the kernel $abi"
		[ -f "$f" ] && cp "$f" "$dir.new/vmlinuz" && break
	done
	for f in "$tmp/boot/config-$abi" "$tmp/lib/modules/$abi/config"; do
		[ -f "$f" ] && cp "$f" "$dir.new/config" && break
	done
	# Only what the VM loads: the virtio disk and ext4, with their
	# dependencies, decompressed (busybox's insmod may not read .xz or .zst).
	# A driver the kernel has built in is not needed.
	src=$tmp/lib/modules/$abi
	mods=$dir.new/modules/lib/modules/$abi
	mkdir -p "$mods"
	for m in virtio virtio_ring virtio_pci virtio_pci_modern_dev \
		 virtio_pci_legacy_dev virtio_blk crc16 mbcache jbd2 ext4 crc32c_generic; do
		f=$(find "$src" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" | head -n 1)
		if [ -z "$f" ]; then
			grep -q "/$m.ko" "$src/modules.builtin" 2>/dev/null ||
				say "$abi: no module $m (built in, renamed, or absent in this kernel)"
			continue
		fi
		rel=${f#"$src/"}
		mkdir -p "$mods/$(dirname "$rel")"
		case $f in
		*.xz) xz -dc "$f" > "$mods/${rel%.xz}" ;;
		*.zst) zstd -qdc "$f" > "$mods/${rel%.zst}" ;;
		*) cp "$f" "$mods/$rel" ;;
		esac
	done
	for f in modules.builtin modules.order; do	# newer split packages lack them
		if [ -f "$src/$f" ]; then cp "$src/$f" "$mods/"; else : > "$mods/$f"; fi
	done
	depmod -b "$dir.new/modules" "$abi" 2>/dev/null
	rm -rf "$tmp" "$dir"
	mv "$dir.new" "$dir"
fi
if [ -z "$root" ] && [ ! -d "/usr/src/linux-headers-$abi" ]; then
	say "installing linux-headers-$abi"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"linux-headers-$abi" >/dev/null
fi
echo "$dir"

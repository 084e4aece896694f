#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# An ext2 image with a 128 MiB file, for page cache on a real block device.
# Cached: it never changes. Prints its path.
. "$(dirname "$0")/common.sh"
img=$CACHE/disk-v1.img
if [ ! -f "$img" ]; then
	say "making $img"
	d=$(mktemp -d "$CACHE/tmp.XXXXXX")
	mkdir -p "$d/fs"
	head -c 134217728 /dev/urandom > "$d/fs/big"
	mkdir "$d/fs/dentries"
	mke2fs -q -t ext2 -d "$d/fs" "$d/disk.img" 192M >/dev/null
	mv "$d/disk.img" "$img"
	rm -rf "$d"
fi
echo "$img"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The test VM's busybox: static with musl, from Debian's own busybox source,
# so that the same initramfs boots on kernels before 3.2 (Debian's
# busybox-static is glibc's and stops there with "kernel too old"). Its
# defconfig, less the two applet features musl lacks (vi's GNU regex search,
# tc's old kernel headers). Cached; prints the binary's path.
. "$(dirname "$0")/common.sh"
prefix=$("$TOP/scripts/musl-libnl.sh")	# musl-gcc and the kernel headers
src=$("$TOP/scripts/debsrc.sh" busybox)
bin=$CACHE/musl/$(basename "$src")/busybox
if [ ! -x "$bin" ]; then
	say "building $(basename "$src") for musl"
	b=$CACHE/musl/$(basename "$src").build
	rm -rf "$b" && cp -a "$src" "$b"
	(
		cd "$b"
		make CC=musl-gcc defconfig >/dev/null
		sed -i -e 's/^# CONFIG_STATIC is not set/CONFIG_STATIC=y/' \
			-e "s|^CONFIG_EXTRA_CFLAGS=.*|CONFIG_EXTRA_CFLAGS=\"-isystem $prefix/kheaders\"|" \
			-e 's/^CONFIG_FEATURE_VI_REGEX_SEARCH=y/# CONFIG_FEATURE_VI_REGEX_SEARCH is not set/' \
			-e 's/^CONFIG_TC=y/# CONFIG_TC is not set/' .config
		yes "" | make CC=musl-gcc oldconfig >/dev/null
		make -j"$(nproc)" CC=musl-gcc busybox
	) > "$b.log" 2>&1 || { tail -n 30 "$b.log" >&2; die "building busybox for musl failed (see $b.log)"; }
	mkdir -p "$(dirname "$bin")"
	cp "$b/busybox" "$bin"
	rm -rf "$b"
fi
echo "$bin"

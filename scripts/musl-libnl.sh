#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# libnl-3 and libnl-genl-3 built for musl from Debian's own libnl3 source,
# static only, cached. Also a kernel-header directory for musl-gcc (musl
# ships no linux/ headers; Debian's linux-libc-dev does). Prints the prefix:
# PREFIX/lib/pkgconfig for pkg-config, PREFIX/kheaders for -isystem.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${KMEMSTAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kmemstat}

missing=
for p in musl-tools linux-libc-dev make bison flex; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	-o DPkg::Lock::Timeout=600 --no-install-recommends $missing >/dev/null

src=$("$HERE/debsrc.sh" libnl3)
prefix=$CACHE/musl/$(basename "$src")
kheaders() {
	mkdir -p "$prefix/kheaders"
	for d in linux asm-generic mtd; do
		ln -sfn "/usr/include/$d" "$prefix/kheaders/$d"
	done
	ln -sfn "/usr/include/$(gcc -print-multiarch)/asm" "$prefix/kheaders/asm"
}
if [ ! -f "$prefix/lib/pkgconfig/libnl-genl-3.0.pc" ]; then
	echo ">>> building $(basename "$src") for musl into $prefix" >&2
	rm -rf "$prefix" "$prefix.build"
	kheaders
	cp -a "$src" "$prefix.build"
	(
		cd "$prefix.build"
		./configure -q CC=musl-gcc CFLAGS="-O2 -isystem $prefix/kheaders" \
			--prefix="$prefix" --disable-shared --enable-static --disable-cli --disable-debug &&
		make -j"$(nproc)" && make install
	) > "$prefix.log" 2>&1 || { tail -n 30 "$prefix.log" >&2; echo "error: building libnl for musl failed (see $prefix.log)" >&2; exit 1; }
	rm -rf "$prefix.build"
fi
kheaders
echo "$prefix"

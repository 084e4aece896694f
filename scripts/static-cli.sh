#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The CLI as one static binary that runs on every x86-64 kernel back to
# 2.6.32: built with musl (glibc's static binaries refuse kernels before
# 3.2) against libnl built for musl (scripts/musl-libnl.sh). The sources are
# built in a copy, so that the host build's objects are not mixed in.
#   static-cli.sh OUTDIR              OUTDIR/kmemstat
#   static-cli.sh OUTDIR --selftests  and OUTDIR/selftests/* (the VM's programs)
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: static-cli.sh OUTDIR [--selftests]}
prefix=$("$TOP/scripts/musl-libnl.sh")
work=$TOP/build/musl-src
rm -rf "$work"
mkdir -p "$work/kmod" "$work/tests" "$out"
cp -r "$TOP/user" "$work/"
cp -r "$TOP/kmod/uapi" "$TOP/kmod/version.h" "$work/kmod/"
cp -r "$TOP/tests/lib" "$TOP/tests/selftests" "$work/tests/"
make -s -C "$work/user" clean
export PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig"
cc="musl-gcc -isystem $prefix/kheaders"
make -s -C "$work/user" CC="$cc" kmemstat.static libkmemstat.a
cp "$work/user/kmemstat.static" "$out/kmemstat"
if [ "${2:-}" = --selftests ]; then
	ksft=$("$TOP/scripts/kselftest.sh")
	make -s -C "$work/tests/selftests" clean OUT="$out/selftests" KSFT_INC="$ksft"
	make -s -C "$work/tests/selftests" CC="$cc" OUT="$out/selftests" KSFT_INC="$ksft"
fi

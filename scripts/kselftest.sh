#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The kernel's kselftest.h and kselftest_harness.h, which the C tests use,
# from Debian's linux-source-6.1 (the source of the kernel the VM boots):
# installed with apt when missing, and only these headers (and any header of
# their directory they include) taken out of its tarball, into the cache
# keyed by the package's version. Never copied into the repository.
# Prints the include directory (for -I).
set -eu
CACHE=${KMEMSTAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kmemstat}
pkg=linux-source-6.1
tarball=/usr/src/$pkg.tar.xz
sub=$pkg/tools/testing/selftests

installed() {
	dpkg-query -W -f='${Status} ${Version}' "$pkg" 2>/dev/null |
		sed -n 's/^install ok installed //p'
}
ver=$(installed)
if [ -z "$ver" ]; then
	[ "$(id -u)" -eq 0 ] || { echo "error: $pkg is missing (apt-get install $pkg, as root)" >&2; exit 1; }
	echo ">>> installing $pkg (for kselftest.h)" >&2
	inst() {
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
			--no-install-recommends "$pkg" >/dev/null
	}
	inst || { apt-get update -qq -o DPkg::Lock::Timeout=600 && inst; } ||
		{ echo "error: apt-get install $pkg failed" >&2; exit 1; }
	ver=$(installed)
fi
# No epoch in a path: make cannot take a colon.
dir=$CACHE/kselftest/$pkg-${ver#*:}
if [ ! -f "$dir/kselftest_harness.h" ]; then
	[ -f "$tarball" ] || { echo "error: $pkg $ver is installed but $tarball is not there" >&2; exit 1; }
	echo ">>> extracting kselftest.h and kselftest_harness.h from $tarball" >&2
	mkdir -p "$CACHE/kselftest"
	tmp=$(mktemp -d "$CACHE/kselftest/tmp.XXXXXX")
	want="kselftest.h kselftest_harness.h"
	# Each pass reads the whole tarball (about 30 s); a second one only
	# if the headers include another of their directory.
	while [ -n "$want" ]; do
		members=
		for h in $want; do members="$members $sub/$h"; done
		tar -xJf "$tarball" -C "$tmp" $members ||
			{ rm -rf "$tmp"; echo "error: $members: not in $tarball" >&2; exit 1; }
		want=
		for h in $(sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"/]*\)".*/\1/p' "$tmp/$sub"/*.h | sort -u); do
			[ -f "$tmp/$sub/$h" ] || want="$want $h"
		done
	done
	# Another run may have got there first: either copy is the same.
	mv -T "$tmp/$sub" "$dir" 2>/dev/null || [ -f "$dir/kselftest_harness.h" ] ||
		{ rm -rf "$tmp"; echo "error: cannot create $dir" >&2; exit 1; }
	rm -rf "$tmp"
fi
echo "$dir"

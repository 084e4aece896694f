#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Debian's own source of PACKAGE for this host's release, unpacked with
# Debian's patches applied, cached under the cache directory. apt is pointed
# at a private deb-src list, so the host's sources are left as they are.
# Prints the source directory.
# usage: debsrc.sh PACKAGE
set -eu
pkg=${1:?usage: debsrc.sh PACKAGE}
CACHE=${KMEMSTAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kmemstat}
mirror=${KMEMSTAT_MIRROR:-http://deb.debian.org/debian}
. /etc/os-release
apt=$CACHE/apt-src
src=$CACHE/src

command -v dpkg-source >/dev/null 2>&1 ||
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
		--no-install-recommends dpkg-dev >/dev/null
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$src"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $VERSION_CODENAME main" \
	> "$apt/sources.list"
private() {
	_tool=$1
	shift
	"$_tool" -q -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
		-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" "$@"
}
aptget() { private apt-get "$@"; }
# The version this release has now; fetched only when it is not unpacked yet.
ver=$(private apt-cache showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
if [ -z "$ver" ]; then
	aptget update >/dev/null 2>&1 || { echo "error: apt-get update of $apt/sources.list failed" >&2; exit 1; }
	ver=$(private apt-cache showsrc "$pkg" | sed -n 's/^Version: //p' | head -n 1)
fi
[ -n "$ver" ] || { echo "error: no source package $pkg in $mirror $VERSION_CODENAME" >&2; exit 1; }
# No epoch in a path: make cannot take a colon.
dir=$src/$pkg-${ver#*:}
if [ ! -d "$dir" ]; then
	tmp=$(mktemp -d "$src/tmp.XXXXXX")
	(cd "$tmp" && aptget source --download-only "$pkg=$ver" >/dev/null 2>&1) ||
		{ echo "error: apt-get source $pkg=$ver failed" >&2; exit 1; }
	# apt checked the files against the signed Sources index already.
	dpkg-source -x "$tmp"/*.dsc "$tmp/x" > "$tmp/log" 2>&1 ||
		{ cat "$tmp/log" >&2; echo "error: dpkg-source -x $pkg failed" >&2; exit 1; }
	mv "$tmp/x" "$dir"
	rm -rf "$tmp"
fi
echo "$dir"

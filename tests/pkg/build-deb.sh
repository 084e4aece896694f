#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Build the Debian packages from the tracked files into OUTDIR (the source
# copy in OUTDIR/src, the log in OUTDIR/build.log). Installs the build tools
# when they are missing.
# usage: build-deb.sh OUTDIR
. "$(dirname "$0")/../vm/common.sh"
out=${1:?usage: build-deb.sh OUTDIR}
missing=
for p in debhelper dh-dkms dkms lintian fakeroot; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
rm -rf "$out" && mkdir -p "$out/src"
(cd "$TOP" && git ls-files -co --exclude-standard | tar -cf - -T -) | tar -xf - -C "$out/src"
(cd "$out/src" && dpkg-buildpackage -us -uc -b) > "$out/build.log" 2>&1 ||
	{ tail -n 20 "$out/build.log" >&2; die "dpkg-buildpackage failed (see $out/build.log)"; }

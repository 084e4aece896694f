#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A Debian release's build root, as a host of that release has it: its own
# gcc, make and the kernel headers of each flavour asked for. Cached as a
# directory under the cache; made once with debootstrap (about 2 minutes),
# refreshed with apt-get when older than a week. Prints its path.
# usage: chroot.sh RELEASE [HEADER-PACKAGE...]   (default linux-headers-amd64)
. "$(dirname "$0")/../vm/common.sh"
rel=${1:?usage: chroot.sh RELEASE [HEADER-PACKAGE...]}
shift
[ $# -gt 0 ] || set -- linux-headers-amd64
root=$CACHE/chroot/$rel
mirror=${KMEMSTAT_MIRROR:-http://deb.debian.org/debian}

command -v debootstrap >/dev/null || {
	say "installing debootstrap"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
}
if [ ! -x "$root/usr/bin/make" ]; then
	say "debootstrap $rel into $root"
	rm -rf "$root.new"
	# A release newer than this debootstrap knows is laid out as sid is.
	script=
	[ -e "/usr/share/debootstrap/scripts/$rel" ] || script=/usr/share/debootstrap/scripts/sid
	debootstrap --variant=minbase --include=gcc,make,libc6-dev,kmod,ca-certificates \
		"$rel" "$root.new" "$mirror" $script > "$CACHE/debootstrap-$rel.log" 2>&1 ||
		die "debootstrap $rel failed (see $CACHE/debootstrap-$rel.log)"
	rm -rf "$root"
	mv "$root.new" "$root"
	touch "$root/.kmemstat-updated"
fi
# A mirror's Release files expire (Valid-Until); a test root still wants them.
echo 'Acquire::Check-Valid-Until "false";' > "$root/etc/apt/apt.conf.d/99kmemstat"
missing=
for p in "$@"; do
	in_chroot "$root" dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ] || [ -n "$(find "$root/.kmemstat-updated" -mtime +7 2>/dev/null)" ]; then
	say "$rel: apt-get install$missing"
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
	in_chroot "$root" apt-get update -qq > /dev/null &&
		in_chroot "$root" apt-get install -y -qq --no-install-recommends "$@" > /dev/null ||
		die "$rel: cannot install $*"
	touch "$root/.kmemstat-updated"
fi
echo "$root"

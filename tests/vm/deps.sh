#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install what building, the VM and the tests need (Debian, as root).
# Runs apt-get only when something is missing.
. "$(dirname "$0")/common.sh"

PKGS="gcc make pkg-config libnl-3-dev libnl-genl-3-dev qemu-system-x86
musl-tools dpkg-dev cpio kmod e2fsprogs valgrind python3 python3-jsonschema procps xz-utils zstd"
missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
abi=$(kernel_abi)
if [ -z "$abi" ] || [ -n "$missing" ]; then
	[ "$(id -u)" -eq 0 ] || die "missing packages:$missing (run as root, or install them)"
	say "apt-get update"
	apt-get update -qq
fi
if [ -n "$missing" ]; then
	say "installing:$missing"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends $missing >/dev/null
fi

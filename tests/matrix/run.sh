#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The kernel matrix: for each target, build the module inside that Debian
# release's chroot with its own gcc against the flavour's headers (with
# -Werror), then install the kmemstat-dkms package there so that DKMS builds
# it as a host would, fetch that kernel, boot it in QEMU with the module DKMS
# built and run the VM suite.
# kselftest runner format on stdout, one nested result per kernel.
# usage: run.sh [TARGET...]   (default: all; TARGET is RELEASE:FLAVOUR)
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/tests/lib/ktap.sh"
# bookworm:amd64 is not among them by default: make check's VM suite boots
# that kernel, and tests/pkg/deb.sh boots it with the module DKMS built in a
# bookworm root; name it to run it here too.
ALL="bullseye:amd64 bookworm:cloud-amd64 bookworm:rt-amd64 trixie:amd64 forky:amd64"
[ $# -gt 0 ] || set -- $ALL

# One target: prints the VM suite's TAP; exits non-zero when a step fails.
target() {
	rel=${1%%:*} flavour=${1#*:}
	out=$TOP/build/matrix/$rel-$flavour
	root=$("$TOP/tests/matrix/chroot.sh" "$rel" "linux-headers-$flavour" dkms) || return 1
	abi=$("$TOP/tests/matrix/build.sh" "$root" "$flavour" "$out") || return 1
	echo "# $rel $flavour: built for $abi with -Werror and $(chroot "$root" gcc -dumpfullversion)"
	"$TOP/tests/matrix/dkms.sh" "$root" "$abi" "$debs" "$out/dkms" || return 1
	echo "# $rel $flavour: DKMS built /lib/modules/$abi/updates/dkms/kmemstat.ko from the package"
	kdir=$("$TOP/tests/vm/kernel.sh" "$root" "$abi") || return 1
	"$TOP/tests/vm/run.sh" check "$kdir" "$out/dkms/kmemstat.ko" || return 1
	# The suite's verdict is its own TAP: any "not ok" fails the target.
	! grep -q '^not ok' "$TOP/build/vm/suite.tap"
}

# The packages, once for every target: kmemstat-dkms is architecture all.
debs=$TOP/build/matrix/debs
"$TOP/tests/pkg/build-deb.sh" "$debs" >&2 || { echo "Bail out! the Debian packages did not build"; exit 1; }

echo "TAP version 13"
echo "1..$#"
n=0
for t in "$@"; do
	n=$((n + 1))
	ktap_run $n "matrix: $t" target "$t"
done

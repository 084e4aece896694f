# SPDX-License-Identifier: GPL-2.0
# Shared settings for the VM scripts; sourced, not run.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${KMEMSTAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kmemstat}
BUILD=$TOP/build
mkdir -p "$CACHE" "$BUILD"

say() { echo ">>> $*" >&2; }
# Run a command inside a release's root (tests/matrix/chroot.sh) with a
# clean environment, as that release's own shell would.
in_chroot() {
	_r=$1
	shift
	chroot "$_r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		DEBIAN_FRONTEND=noninteractive "$@"
}
die() { echo "error: $*" >&2; exit 1; }

# The ABI of Debian's current kernel for this release (6.1.0-NN-amd64).
kernel_abi() {
	if [ -n "${KMEMSTAT_KABI:-}" ]; then
		echo "$KMEMSTAT_KABI"
		return
	fi
	apt-cache depends linux-headers-amd64 2>/dev/null |
		sed -n 's/.*Depends: linux-headers-\(.*\)$/\1/p' | head -n 1
}

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The RPM packages for RHEL-family hosts, built with rpmbuild (Debian has
# it): a source tarball of the tree, then kmemstat and kmemstat-dkms, their
# files and their DKMS scriptlets. Build dependencies are RPM names that
# Debian's rpm database does not know, hence --nodeps; the libraries they
# stand for are installed (tests/vm/deps.sh). kselftest TAP.
. "$(dirname "$0")/../lib/ktap.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/tests/vm/common.sh"
set +e
ktap_plan 5
command -v rpmbuild >/dev/null ||
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rpm >/dev/null
ver=$(sed -n 's/^#define KMEMSTAT_VERSION "\(.*\)"/\1/p' "$TOP/kmod/version.h")
spec=$TOP/packaging/rpm/kmemstat.spec
sv=$(sed -n 's/^Version: *//p' "$spec")
[ "$sv" = "$ver" ]; ktap_result $? "the spec's version ($sv) is kmod/version.h's ($ver)"

top=$BUILD/rpm
rm -rf "$top" && mkdir -p "$top/SOURCES" "$top/stage/kmemstat-$ver"
(cd "$TOP" && git ls-files -co --exclude-standard | tar -cf - -T -) | tar -xf - -C "$top/stage/kmemstat-$ver"
tar -czf "$top/SOURCES/kmemstat-$ver.tar.gz" -C "$top/stage" "kmemstat-$ver"
rpmbuild -bb --nodeps --define "_topdir $top" --define "debug_package %{nil}" "$spec" \
	> "$top/build.log" 2>&1
rc=$?
[ $rc -eq 0 ] || ktap_diag "$(tail -n 20 "$top/build.log")"
cli=$(ls "$top"/RPMS/*/kmemstat-"$ver"-1*.rpm 2>/dev/null | grep -v dkms)
dkms=$(ls "$top"/RPMS/noarch/kmemstat-dkms-"$ver"-1*.noarch.rpm 2>/dev/null)
[ $rc -eq 0 ] && [ -n "$cli" ] && [ -n "$dkms" ]
ktap_result $? "rpmbuild -bb builds kmemstat and kmemstat-dkms (noarch)"
rpm -qlp "$cli" 2>/dev/null | grep -qx /usr/bin/kmemstat &&
	rpm -qlp "$cli" 2>/dev/null | grep -q '^/usr/share/man/man1/kmemstat.1' &&
	rpm -qlp "$cli" 2>/dev/null | grep -qx /usr/share/bash-completion/completions/kmemstat
ktap_result $? "kmemstat holds the CLI, its man page and its completion"
files=$(rpm -qlp "$dkms" 2>/dev/null)
for f in dkms.conf kmod/Kbuild kmod/compat.h kmod/probe.sh kmod/uapi/kmemstat.h kmod/version.h; do
	echo "$files" | grep -qx "/usr/src/kmemstat-$ver/$f" || { ktap_diag "missing $f"; bad=1; }
done
[ -z "${bad:-}" ] && rpm2cpio "$dkms" | (cd "$top" && cpio -id --quiet "./usr/src/kmemstat-$ver/dkms.conf") &&
	grep -q "^PACKAGE_VERSION=\"$ver\"" "$top/usr/src/kmemstat-$ver/dkms.conf"
ktap_result $? "kmemstat-dkms holds the module's source and a dkms.conf of version $ver"
scripts=$(rpm -qp --scripts "$dkms" 2>/dev/null)
echo "$scripts" | grep -q "dkms add -m kmemstat -v $ver" &&
	echo "$scripts" | grep -q "dkms remove -m kmemstat -v $ver --all"
ktap_result $? "kmemstat-dkms adds, builds and installs with DKMS, and removes on erase"
ktap_finish

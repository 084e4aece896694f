#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The Debian packages as a host gets them: build them (dpkg-buildpackage),
# lint them, install them into a bookworm root with kernel headers so that
# DKMS builds the module, boot the module DKMS built in QEMU with the VM
# suite, then purge them and check that nothing is left. kselftest TAP.
. "$(dirname "$0")/../lib/ktap.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/tests/vm/common.sh"
set +e
ktap_plan 12
out=$BUILD/pkg

# Build from the tracked files, as a source package would have them.
"$TOP/tests/pkg/build-deb.sh" "$out"
ktap_result $? "dpkg-buildpackage -us -uc -b builds kmemstat and kmemstat-dkms"
ver=$(sed -n 's/^#define KMEMSTAT_VERSION "\(.*\)"/\1/p' "$TOP/kmod/version.h")
up=$(cd "$out/src" && dpkg-parsechangelog -S Version | sed 's/-[^-]*$//')
[ "$ver" = "$up" ]; ktap_result $? "debian/changelog's version ($up) is kmod/version.h's ($ver)"
lint=$(lintian "$out"/kmemstat_*.changes 2>&1 | grep '^E:')
[ -z "$lint" ] || ktap_diag "$lint"
[ -z "$lint" ]; ktap_result $? "lintian finds no errors"

# A bookworm host with kernel headers: DKMS builds the module on install.
root=$("$TOP/tests/matrix/chroot.sh" bookworm linux-headers-amd64) || ktap_bail "no bookworm root"
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
cp "$out"/kmemstat_*_amd64.deb "$out"/kmemstat-dkms_*_all.deb "$root/tmp/"
in_chroot "$root" sh -c 'apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends /tmp/kmemstat-dkms_*_all.deb /tmp/kmemstat_*_amd64.deb' \
	> "$out/install.log" 2>&1
abi=$(cd "$root/usr/src" && ls -d linux-headers-*-amd64 | grep -v -e common -e cloud -e rt | sort -V | tail -n 1)
abi=${abi#linux-headers-}
ko=$root/lib/modules/$abi/updates/dkms/kmemstat.ko
[ -f "$ko" ] || ktap_diag "$(tail -n 30 "$out/install.log")"
[ -f "$ko" ]; ktap_result $? "installing the packages makes DKMS build the module for $abi"
in_chroot "$root" dkms status | grep -q "kmemstat/$ver, $abi, x86_64: installed"
ktap_result $? "dkms status: kmemstat/$ver installed for $abi"
[ -x "$root/usr/bin/kmemstat" ] && [ -f "$root/usr/share/man/man1/kmemstat.1.gz" ] &&
	[ -f "$root/usr/share/bash-completion/completions/kmemstat" ]
ktap_result $? "the CLI, its man page and its completion are installed"

# Boot the module DKMS built, with the whole VM suite.
cp "$ko" "$out/kmemstat.ko"
kdir=$("$TOP/tests/vm/kernel.sh" "$root" "$abi")
"$TOP/tests/vm/run.sh" check "$kdir" "$out/kmemstat.ko" > "$out/vm.tap" 2> "$out/vm.err"
rc=$?
sed 's/^/# /' "$out/vm.tap"
[ $rc -eq 0 ] && ! grep -q '^not ok' "$out/vm.tap" && grep -q '^ok .* the suite ran to the end' "$out/vm.tap"
ktap_result $? "the DKMS-built module passes the VM suite on $abi"

# Purge: nothing may be left.
in_chroot "$root" apt-get purge -y -qq -o DPkg::Lock::Timeout=600 kmemstat kmemstat-dkms > "$out/purge.log" 2>&1
left=$(in_chroot "$root" dkms status 2>/dev/null | grep kmemstat)
[ -z "$left" ] || ktap_diag "dkms status: $left"
[ -z "$left" ]; ktap_result $? "after purge, dkms status lists no kmemstat"
left=$(cd "$root" && ls -d usr/src/kmemstat-* var/lib/dkms/kmemstat lib/modules/*/updates/dkms/kmemstat.ko* \
	usr/bin/kmemstat usr/share/man/man1/kmemstat.1.gz 2>/dev/null)
[ -z "$left" ] || ktap_diag "left behind: $left"
[ -z "$left" ]; ktap_result $? "after purge, no file of kmemstat is left"

# docs/fleet-playbook.yml with Debian's ansible against this root as
# localhost (-c local): it installs the packages, takes the audit, gathers
# it on the "controller" and reports; the document validates. The root has
# no sudo, and the test runs as root: become is switched off.
in_chroot "$root" sh -c 'command -v ansible-playbook >/dev/null ||
	apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends ansible' > "$out/ansible-install.log" 2>&1
cp "$TOP/docs/fleet-playbook.yml" "$root/tmp/fleet-playbook.yml"
rm -rf "$root/tmp/audits"
in_chroot "$root" sh -c 'cd /tmp && ANSIBLE_NOCOLOR=1 ansible-playbook -c local -i localhost, fleet-playbook.yml \
	-e kmemstat_debs=/tmp -e kmemstat_audits=/tmp/audits -e ansible_become=false' > "$out/ansible.log" 2>&1
rc=$?
[ $rc -eq 0 ] || ktap_diag "$(tail -n 30 "$out/ansible.log")"
python3 "$TOP/tests/unit/audit_check.py" "$TOP/docs/audit.schema.json" "$root/tmp/audits/localhost.json" > "$out/ansible-audit.log" 2>&1 &&
	grep -q 'HOST .*AVAIL%' "$out/ansible.log" && grep -q '1 host(s), 0 line(s) skipped' "$out/ansible.log"
ok=$?
[ $rc -eq 0 ] && [ $ok -eq 0 ]
ktap_result $? "docs/fleet-playbook.yml (ansible -c local) installs the packages, gathers a valid audit and reports it (rc $rc)"
in_chroot "$root" apt-get purge -y -qq -o DPkg::Lock::Timeout=600 kmemstat kmemstat-dkms >> "$out/purge.log" 2>&1

# From a source checkout: make dkms-install, then make dkms-uninstall.
rm -rf "$root/build/src" && mkdir -p "$root/build" && cp -a "$out/src" "$root/build/src"
in_chroot "$root" make -C /build/src dkms-install KVER="$abi" > "$out/dkms-install.log" 2>&1
[ -f "$ko" ] && in_chroot "$root" dkms status | grep -q "kmemstat/$ver, $abi, x86_64: installed"
ktap_result $? "make dkms-install KVER=$abi from a checkout builds and installs the module"
in_chroot "$root" make -C /build/src dkms-uninstall > "$out/dkms-uninstall.log" 2>&1
[ ! -e "$ko" ] && ! in_chroot "$root" dkms status | grep -q kmemstat && [ ! -e "$root/usr/src/kmemstat-$ver" ]
ktap_result $? "make dkms-uninstall removes it again"
rm -rf "$root/build/src"
umount "$root/proc" 2>/dev/null
ktap_finish

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The packages: Debian's (built, linted, installed with DKMS into a bookworm
# root, the DKMS-built module booted with the VM suite, purged), the RPMs, and
# what a bare checkout says it needs.
# kselftest runner format.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/tests/lib/ktap.sh"
echo "TAP version 13"
echo "1..3"
ktap_run 1 "packages: deb" sh "$TOP/tests/pkg/deb.sh"
ktap_run 2 "packages: rpm" sh "$TOP/tests/pkg/rpm.sh"
ktap_run 3 "packages: a bare checkout names its prerequisites" sh "$TOP/tests/pkg/prereq.sh"

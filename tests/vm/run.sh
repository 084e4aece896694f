#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Boot Debian's current kernel in QEMU (TCG: no KVM here) with the module,
# the static CLI and the selftests in an initramfs; boot once per suite.
#   run.sh check   run the VM suite; print its TAP, then "P F S" on fd 3
#   run.sh run     show kmemstat answering
#   run.sh bench   run the benchmarks
#   run.sh MODE KERNEL_DIR MODULE_KO
#                  the same with another kernel (tests/vm/kernel.sh CHROOT ABI)
#                  and a module built for it (the kernel matrix, DKMS)
#   KMEMSTAT_VM_TESTS=a,b run.sh check   only those tests of the suite
#   KMEMSTAT_VM_HELPER_KDIR=TREE   build the helper modules there (with MODULE_KO)
#   KMEMSTAT_VM_HELPERS="a b"      only those of tests/vm/helpers (an old tree
#                                  may not build them all; their tests SKIP)
# The verdict comes from the results channel (ttyS1) and the kernel log
# (ttyS0), never from QEMU's exit code alone: a panic also exits 0.
. "$(dirname "$0")/common.sh"
mode=${1:-check}

"$TOP/tests/vm/deps.sh"
if [ $# -ge 3 ]; then
	kdir=$2 ko=$3
	abi=$(ls "$kdir/modules/lib/modules")
else
	kdir=$("$TOP/tests/vm/kernel.sh")
	abi=$(basename "$kdir")
	say "building the module for $abi"
	make -s -C "$TOP/kmod" KDIR="/usr/src/linux-headers-$abi" KMEMSTAT_WERROR=1 \
		KMEMSTAT_GNU89_CHECK=1 >&2
	ko=$TOP/kmod/kmemstat.ko
fi
# musl, so that the same programs run on every kernel (scripts/static-cli.sh).
rm -f "$BUILD/static/kmemstat"
make -s -C "$TOP" static > "$BUILD/static.log" 2>&1 || { cat "$BUILD/static.log" >&2; die "building the static CLI and selftests failed"; }
img=$("$TOP/tests/vm/disk.sh")
out=$BUILD/vm
mkdir -p "$out"
# The suite's helper modules (tests/vm/helpers), where this script has the
# kernel's headers (Debian's, or KMEMSTAT_VM_HELPER_KDIR's: the debug
# kernel's tree): shmem_freeze's writer cases and shmem_busy say SKIP
# without them.
helper=
hkdir=${KMEMSTAT_VM_HELPER_KDIR:-}
[ $# -ge 3 ] || hkdir=/usr/src/linux-headers-$abi
if [ -n "$hkdir" ]; then
	rm -rf "$BUILD/helpers"
	mkdir -p "$BUILD/helpers"
	cp "$TOP/tests/vm/helpers/"* "$BUILD/helpers/"
	names=${KMEMSTAT_VM_HELPERS:-kmemstat_genltest kmemstat_lockhold}
	objs=
	for h in $names; do
		objs="$objs $h.o"
		helper="$helper $BUILD/helpers/$h.ko"
	done
	echo "obj-m :=$objs" > "$BUILD/helpers/Kbuild"
	make -C "$hkdir" M="$BUILD/helpers" modules > "$BUILD/helpers.log" 2>&1 ||
		{ cat "$BUILD/helpers.log" >&2; die "building tests/vm/helpers failed"; }
fi
"$TOP/tests/vm/initramfs.sh" "$kdir" "$ko" "$out/initrd.gz" $helper

# The shmem benchmark holds 512 MB of shared memory plus 50 processes' page tables.
mem=1024
[ "$mode" = bench ] && mem=2048
boot() {
	rm -f "$out/console.log" "$out/results.log"
	say "booting $abi under QEMU (mode $mode, $mem MB)"
	timeout "${KMEMSTAT_VM_TIMEOUT:-1500}" qemu-system-x86_64 \
		-machine q35 -cpu max -smp 2 -m $mem \
		-display none -monitor none -no-reboot \
		-kernel "$kdir/vmlinuz" -initrd "$out/initrd.gz" \
		-append "console=ttyS0 loglevel=5 panic=-1 oops=panic panic_on_warn=1 kmemstat.mode=$mode${KMEMSTAT_VM_TESTS:+ kmemstat.tests=$KMEMSTAT_VM_TESTS}${KMEMSTAT_VM_APPEND:+ $KMEMSTAT_VM_APPEND}" \
		-drive "file=$img,if=virtio,format=raw,snapshot=on" \
		-serial "file:$out/console.log" -serial "file:$out/results.log" \
		-nic none >&2 || say "qemu exited with $?"
}
# A kernel that dies before the module is loaded is not kmemstat's failure
# (forky's 7.2 hit an int3 oops in its own boot-time text patching under
# TCG, once in several boots): boot once more, and say so in the TAP.
died_before_module() {
	grep -q 'Kernel panic' "$out/console.log" &&
		! grep -q 'load_module' "$out/results.log" &&
		! grep 'Modules linked in' "$out/console.log" | grep -q kmemstat
}
retried=
boot
if died_before_module; then
	retried=$(grep -m1 -E 'Oops|BUG:|WARNING:|Kernel panic' "$out/console.log")
	mv "$out/console.log" "$out/console-first-boot.log"
	say "the kernel died while booting, before the module was loaded: $retried; booting once more"
	boot
fi

# Kernel log: anything that is not a clean run fails it.
bad=$(grep -E 'WARNING:|BUG:|Oops|Call Trace|general protection|Kernel panic|KASAN|kmemleak|lockdep|possible recursive locking|sleeping function called' "$out/console.log" || true)

if [ "$mode" != check ]; then
	sed '/KMEMSTAT-VM-DONE/d' "$out/results.log"
	[ -z "$bad" ] || { echo "$bad"; die "the kernel complained (see $out/console.log)"; }
	grep -q KMEMSTAT-VM-DONE "$out/results.log" || die "the VM did not finish (see $out/console.log)"
	exit 0
fi

sed -e '/KMEMSTAT-VM-DONE/d' -e '/^\(# \)*textfile [a-z]*\.[a-z]*: /d' "$out/results.log" > "$out/results.tap"
n=$(grep -c '^\(not \)\?ok ' "$out/results.tap" || true)
# The module's Prometheus expositions and audit document (cli.sh): scraped
# by Debian's node_exporter here, its meminfo collector on, as on a real
# host; validated against docs/audit.schema.json.
rm -rf "$out/textfile"
mkdir -p "$out/textfile"
awk -v d="$out/textfile" '/^(# )*textfile [a-z]+\.[a-z]+: / {
	line = $0
	sub(/\r$/, "", line)	# the serial line ends lines with CR LF
	while (substr(line, 1, 2) == "# ")
		line = substr(line, 3)
	name = substr(line, 10)
	name = substr(name, 1, index(name, ":") - 1)
	print substr(line, length("textfile ") + length(name) + 3) > (d "/" name)
}' "$out/results.log"
scrape=0
ne=$("$TOP/tests/lib/node-exporter.sh") &&
	python3 "$TOP/tests/unit/textfile_scrape.py" "$ne" "$out/textfile" > "$out/textfile/scrape.log" 2>&1 ||
	scrape=1
schema=0
python3 "$TOP/tests/unit/audit_check.py" "$TOP/docs/audit.schema.json" "$out/textfile/audit.json" \
	"$out/textfile/nomod.json" > "$out/textfile/audit.log" 2>&1 || schema=1
{
	cat "$out/results.tap"
	echo "# VM harness ($abi)"
	[ -z "$retried" ] || echo "# booted twice: the first boot died before the module was loaded ($retried; $out/console-first-boot.log)"
	if grep -q KMEMSTAT-VM-DONE "$out/results.log"; then echo "ok $((n + 1)) vm: the suite ran to the end"
	else echo "not ok $((n + 1)) vm: the suite ran to the end (see $out/console.log)"; fi
	if [ -z "$bad" ]; then echo "ok $((n + 2)) vm: kernel log free of warnings, oopses and panics"
	else echo "$bad" | sed 's/^/# /'; echo "not ok $((n + 2)) vm: kernel log free of warnings, oopses and panics"; fi
	sed 's/^/# /' "$out/textfile/scrape.log" 2>/dev/null
	# A subset (KMEMSTAT_VM_TESTS) may leave out cli.sh, which writes them.
	if [ -n "${KMEMSTAT_VM_TESTS:-}" ] && [ ! -s "$out/textfile/mem.prom" ]; then
		echo "ok $((n + 3)) vm: node_exporter's textfile collector scrapes the module's mem, cpu, shmem and info # SKIP cli.sh not in KMEMSTAT_VM_TESTS"
	elif [ $scrape -eq 0 ]; then echo "ok $((n + 3)) vm: node_exporter's textfile collector scrapes the module's mem, cpu, shmem and info"
	else echo "not ok $((n + 3)) vm: node_exporter's textfile collector scrapes the module's mem, cpu, shmem and info"; fi
	sed 's/^/# /' "$out/textfile/audit.log" 2>/dev/null
	if [ -n "${KMEMSTAT_VM_TESTS:-}" ] && [ ! -s "$out/textfile/audit.json" ]; then
		echo "ok $((n + 4)) vm: the audit documents of the module and of the /proc source validate against docs/audit.schema.json # SKIP cli.sh not in KMEMSTAT_VM_TESTS"
	elif [ $schema -eq 0 ]; then echo "ok $((n + 4)) vm: the audit documents of the module and of the /proc source validate against docs/audit.schema.json"
	else echo "not ok $((n + 4)) vm: the audit documents of the module and of the /proc source validate against docs/audit.schema.json"; fi
} > "$out/suite.tap"
cat "$out/suite.tap"

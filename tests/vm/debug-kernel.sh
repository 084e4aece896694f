#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The debug kernel: Debian's linux-source-6.1 built with KASAN, lockdep
# (PROVE_LOCKING, PROVE_RCU), DEBUG_ATOMIC_SLEEP, kmemleak and
# DEBUG_PAGEALLOC, configured by tests/vm/debug.config on top of allnoconfig
# (only what the VM needs). Cached under $CACHE/debug-kernel/, keyed by the
# source package's version, the compiler and the configuration: a rerun is
# instant. Prints the kernel's directory, laid out as tests/vm/kernel.sh's:
#   DIR/vmlinuz, DIR/config, DIR/modules/lib/modules/RELEASE/
#   DIR/build   the configured and built tree, to build modules against
#               (make -C kmod KDIR=DIR/build)
. "$(dirname "$0")/common.sh"
frag=$TOP/tests/vm/debug.config
# Changing how the tree is built below changes this.
recipe=1

# The source and what building it needs, installed only when missing.
pkgs="linux-source-6.1 bc bison flex libelf-dev gcc make"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	[ "$(id -u)" -eq 0 ] || die "missing packages:$missing (run as root, or install them)"
	say "installing:$missing"
	inst() {
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
			--no-install-recommends $missing >/dev/null
	}
	inst || { apt-get update -qq && inst; } || die "cannot install:$missing"
fi
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
[ -n "$tarball" ] || die "linux-source-6.1 is installed but /usr/src has no linux-source-6.1.tar.*"
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$(
	{
		echo "recipe $recipe"
		gcc --version | head -n 1
		cat "$frag"
	} | sha256sum | cut -c 1-12
)
base=$CACHE/debug-kernel
dir=$base/$srcver-$key
mkdir -p "$base"

if [ ! -f "$dir/done" ]; then
	# One build at a time: another checkout's make check may want it too.
	exec 9> "$base/lock"
	flock 9
fi
if [ ! -f "$dir/done" ]; then
	tree=$dir/build
	start=$(date +%s)
	load0=$(cut -d' ' -f1-3 /proc/loadavg)
	# Unpacked once; an interrupted build resumes in the same tree (make
	# rebuilds what is out of date).
	if [ ! -f "$tree/Makefile" ]; then
		say "unpacking $(basename "$tarball") ($srcver) into $dir"
		rm -rf "$dir"
		mkdir -p "$dir.unpack"
		tar -xf "$tarball" -C "$dir.unpack" || die "cannot unpack $tarball"
		mkdir -p "$dir"
		mv "$dir.unpack"/linux-source-6.1 "$tree"
		rmdir "$dir.unpack"
	fi
	cd "$tree"
	say "configuring (allnoconfig + tests/vm/debug.config)"
	make -s KCONFIG_ALLCONFIG="$frag" allnoconfig >/dev/null ||
		die "make allnoconfig failed"
	# Every option asked for is there: a dependency missing would
	# otherwise drop it without a word.
	bad=
	grep -v '^#' "$frag" | grep . > "$dir/want" || true
	while read -r line; do
		grep -qxF "$line" .config || bad="$bad ${line%%=*}"
	done < "$dir/want"
	grep '^# CONFIG_.* is not set$' "$frag" > "$dir/want" || true
	while read -r line; do
		opt=${line#\# }
		opt=${opt%% *}
		! grep -q "^$opt=" .config || bad="$bad $opt(on)"
	done < "$dir/want"
	rm -f "$dir/want"
	[ -z "$bad" ] || die "tests/vm/debug.config: not in the resulting .config:$bad"
	say "building the debug kernel $srcver with $(nproc) jobs (a cold build takes about half an hour)"
	log=$dir/build.log
	# Not niced: in make check this build and the suite after it are the
	# longest chain; niced, it got a tenth of a core beside the matrix.
	if ! make -j"$(nproc)" all > "$log" 2>&1 ||
	   ! make -j"$(nproc)" modules_prepare >> "$log" 2>&1; then
		tail -n 40 "$log" >&2
		die "building the debug kernel failed (the whole log: $log)"
	fi
	rel=$(cat include/config/kernel.release)
	[ -f Module.symvers ] || die "the build left no Module.symvers"
	mods=$dir/modules/lib/modules/$rel
	rm -rf "$dir/modules"
	mkdir -p "$mods"
	# Everything the VM needs is built in; the module list is empty.
	cp modules.builtin modules.order "$mods/" 2>/dev/null || : > "$mods/modules.builtin"
	[ -f "$mods/modules.order" ] || : > "$mods/modules.order"
	depmod -b "$dir/modules" "$rel" 2>/dev/null || true
	cp arch/x86/boot/bzImage "$dir/vmlinuz"
	cp .config "$dir/config"
	cd "$TOP"
	echo "$(( $(date +%s) - start )) s; load average at the start $load0, at the end $(cut -d' ' -f1-3 /proc/loadavg)" > "$dir/build-time"
	touch "$dir/done"
	# Builds of earlier configurations or sources (1.8 GB each) go.
	for old in "$base"/*/; do
		[ "${old%/}" = "$dir" ] || rm -rf "${old%/}"
	done
	say "debug kernel $rel built in $(( ($(date +%s) - start) / 60 )) minutes"
fi
echo "$dir"

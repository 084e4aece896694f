#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kmemstat shmem with the module loaded: the CLI contract, largest resident
# first, the /proc source against the module, mappers, and what an
# unprivileged caller may see (as /proc/PID/maps lets it).
. ./ktap.sh
ktap_plan 10

# The objects of a compact JSON document, one per line (mappers folded in).
objs() {
	sed -n 's/.*"objects":\[\(.*\)\],"totals".*/\1/p' | sed 's/}\]},{/}]}\n{/g; s/\[\]},{/[]}\n{/g'
}
field() {
	sed -n "s/^{.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p"
}

# Programs on a tmpfs of the test's own (the initramfs is a tmpfs only from
# 3.18; before, it is ramfs, which is no shmem): a sleeping copy of
# busybox, and kmemstat run from there, so that each maps a tmpfs file.
cp /bin/busybox /dev/shm/busybox && cp "$(command -v kmemstat)" /dev/shm/kmemstat &&
	chmod 0755 /dev/shm/busybox /dev/shm/kmemstat || exit 1
/dev/shm/busybox sleep 600 &
bb=$!
trap 'kill $bb 2>/dev/null; rm -f /dev/shm/busybox /dev/shm/kmemstat' EXIT
i=0
until grep -q '/dev/shm/busybox' /proc/$bb/maps 2>/dev/null || [ $i -ge 500 ]; do
	i=$((i + 1)); usleep 10000
done
kmemstat() { /dev/shm/kmemstat "$@"; }

out=$(kmemstat shmem); rc=$?
ktap_diag "$out"
[ $rc -eq 0 ] && echo "$out" | grep -q '^ *RESIDENT *SWAPPED *SIZE *PROCS *VMAS *KIND *INODE NAME$' &&
	echo "$out" | grep -q '^Shmem in meminfo: ' && echo "$out" | grep -q '^source: kmod$'
ktap_result $? "shmem prints its columns, the totals and its source"

kmemstat shmem -b | awk '/^ *[0-9]+ / { if (NR > 2 && $1 > last) bad = 1; last = $1 } END { exit bad }'
ktap_result $? "largest resident first"

json=$(kmemstat --json shmem)
ok=0
for k in objects ino kind size resident swapped mappers pid totals shmem; do
	echo "$json" | grep -q "\"$k\":" || { ktap_diag "no key $k"; ok=1; }
done
ktap_result $ok "--json has the keys of the contract, mappers included"

echo "$json" | objs | grep '"name":"/dev/shm/busybox"' | grep -q "\"pid\":$bb,"
ktap_result $? "--json: /dev/shm/busybox is mapped by the process that runs it ($bb)"

# The /proc source against the module: every object it finds, the same
# (it finds them through map_files: 3.3, CHECKPOINT_RESTORE until 4.3).
if [ -d /proc/self/map_files ]; then
proc=$(kmemstat --source procfs --json shmem)
bad=0
for o in $(echo "$proc" | objs | sed 's/"mappers":\[[^]]*\]//' | tr -d ' '); do
	ino=$(echo "$o" | field ino); res=$(echo "$o" | field resident); size=$(echo "$o" | field size)
	m=$(echo "$json" | objs | grep "\"ino\":$ino,")
	[ "$(echo "$m" | field resident)" = "$res" ] && [ "$(echo "$m" | field size)" = "$size" ] ||
		{ ktap_diag "ino $ino: /proc $res $size, module $(echo "$m" | field resident) $(echo "$m" | field size)"; bad=1; }
done
n=$(echo "$proc" | objs | wc -l)
[ "$n" -ge 2 ] && [ $bad -eq 0 ]
ktap_result $? "the /proc source's $n objects have the module's size and resident"
# No swap is in use here (shmem_oracle turned its swap file off): as root,
# the /proc source knows every figure, and has nothing to say.
echo "$proc" | grep -q '"note":null' && ! echo "$proc" | grep -Eq '"(size|resident|swapped)":null'
ktap_result $? "the /proc source knows size, resident and swapped of every object, with no swap in use"
else
	ktap_skip "no /proc/PID/map_files on this kernel" "the /proc source's objects have the module's size and resident"
	ktap_skip "no /proc/PID/map_files on this kernel" "the /proc source knows size, resident and swapped of every object, with no swap in use"
fi

out=$(kmemstat shmem --pid $bb --mappers)
echo "$out" | grep -q '/dev/shm/busybox' && echo "$out" | grep -q "^ *pid $bb busybox: [0-9a-f]*-[0-9a-f]* r-xp offset"
ktap_result $? "--pid --mappers lists a process's mapping of its program with its range and protection"

# An unprivileged caller sees its own processes' objects only, as maps allows.
out=$(runas 65534 /dev/shm/kmemstat --source kmod --json shmem 2>&1); rc=$?
ktap_diag "$(echo "$out" | cut -c1-300)"
[ $rc -eq 0 ] && ! echo "$out" | grep -q '/dev/shm/busybox' && echo "$out" | grep -q '"name":"/dev/shm/kmemstat"'
ktap_result $? "an unprivileged caller sees its own mappings, not root's"
echo "$out" | grep -q '"tmpfs_unmapped":null,"tmpfs_unmapped_unknown":"other users'"'"' mappings are not listed'
ktap_result $? "for it, tmpfs nobody maps is unknown, with the reason (others' mappings are not listed)"

kmemstat shmem --pid x >/dev/null 2>&1; [ $? -eq 2 ]; ktap_result $? "a bad --pid exits 2"
ktap_finish

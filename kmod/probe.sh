#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Feature probes for compat.h: reads the target kernel's headers and prints
# -D flags for Kbuild. Probing headers, not version numbers, keeps distribution
# backports (RHEL, SUSE, late stables) working.
#
#   KM_WHERE_<ITEM>=kmnode|kmzone  which vmstat enum holds ITEM (absent: none)
#   KM_HAVE_<FEATURE>              a function or field exists
#   KM_EXPORTS_<SYMBOL>            the kernel exports SYMBOL to modules
#                                  (read from Module.symvers)
#
# usage: probe.sh KERNEL_SRCTREE [KERNEL_OBJTREE]
set -u
tree=${1:?usage: probe.sh KERNEL_SRCTREE [KERNEL_OBJTREE]}
objtree=${2:-$tree}
mmzone=$tree/include/linux/mmzone.h
[ -r "$mmzone" ] || { echo "probe.sh: $mmzone not readable" >&2; exit 1; }

# Print kmnode or kmzone when $1 is an enumerator of node_stat_item or
# zone_stat_item in mmzone.h.
enum_where() {
	awk -v item="$1" '
	/^enum node_stat_item[ \t]*\{/ { blk = "kmnode"; next }
	/^enum zone_stat_item[ \t]*\{/ { blk = "kmzone"; next }
	blk != "" && /^\}/ { blk = ""; next }
	blk != "" {
		line = $0
		sub(/^[ \t]+/, "", line)
		if (match(line, /^[A-Z0-9_]+/) && substr(line, RSTART, RLENGTH) == item) {
			print blk
			exit
		}
	}' "$mmzone"
}

# True when header $1 (relative to include/) contains the extended regex $2.
has() {
	[ -r "$tree/include/$1" ] && grep -Eq "$2" "$tree/include/$1"
}

# True when struct $2 in header $1 has a line matching $3.
member() {
	[ -r "$tree/include/$1" ] && awk -v s="^struct $2 \\\\{" -v re="$3" '
	$0 ~ s { in_s = 1; next }
	in_s && /^\};/ { exit 1 }
	in_s && $0 ~ re { found = 1; exit 0 }
	END { exit !found }' "$tree/include/$1"
}

# True when the kernel exports symbol $1 (Module.symvers lists it).
exported() {
	[ -r "$objtree/Module.symvers" ] &&
		grep -Eq "^0x[0-9a-f]+[[:space:]]+$1[[:space:]]" "$objtree/Module.symvers"
}

for item in NR_FREE_PAGES NR_ACTIVE_ANON NR_INACTIVE_ANON NR_ACTIVE_FILE \
	    NR_INACTIVE_FILE NR_UNEVICTABLE NR_MLOCK NR_FILE_PAGES NR_SHMEM \
	    NR_ANON_MAPPED NR_ANON_PAGES NR_FILE_MAPPED NR_FILE_DIRTY \
	    NR_WRITEBACK NR_UNSTABLE_NFS NR_BOUNCE NR_PAGETABLE \
	    NR_KERNEL_STACK NR_KERNEL_STACK_KB NR_SWAPCACHE \
	    NR_SLAB_RECLAIMABLE NR_SLAB_UNRECLAIMABLE \
	    NR_SLAB_RECLAIMABLE_B NR_SLAB_UNRECLAIMABLE_B \
	    NR_KERNEL_MISC_RECLAIMABLE NR_INDIRECTLY_RECLAIMABLE_BYTES; do
	where=$(enum_where "$item")
	[ -n "$where" ] && printf ' -DKM_WHERE_%s=%s' "$item" "$where"
done

has linux/vmstat.h 'global_zone_page_state\(' && printf ' -DKM_HAVE_GLOBAL_ZONE_PAGE_STATE'
has linux/vmstat.h 'global_node_page_state_pages\(' && printf ' -DKM_HAVE_NODE_STATE_PAGES'
has linux/mm.h 'si_mem_available\(' && printf ' -DKM_HAVE_SI_MEM_AVAILABLE'
has linux/swap.h 'get_nr_swap_pages\(' && printf ' -DKM_HAVE_GET_NR_SWAP_PAGES'
has linux/mmzone.h 'zone_managed_pages\(' && printf ' -DKM_HAVE_ZONE_MANAGED_PAGES'
member linux/mmzone.h zone 'managed_pages;' && printf ' -DKM_HAVE_ZONE_MANAGED_FIELD'
member linux/mmzone.h zone '_watermark\[' && printf ' -DKM_HAVE_ZONE_WATERMARK_BOOST'
has net/genetlink.h 'GENL_ID_GENERATE' || printf ' -DKM_HAVE_GENL_FAMILY_OPS'
has net/genetlink.h '_genl_register_family_with_ops_grps' && printf ' -DKM_HAVE_GENL_OPS_MACRO'
member net/genetlink.h genl_family 'nla_policy.*\*[ \t]*policy;' && printf ' -DKM_HAVE_GENL_FAMILY_POLICY'
member net/genetlink.h genl_info 'snd_portid;' && printf ' -DKM_HAVE_GENL_SND_PORTID'
has net/netlink.h 'nla_put_u64_64bit\(' && printf ' -DKM_HAVE_NLA_PUT_U64_64BIT'
has net/netlink.h 'struct netlink_ext_ack' && printf ' -DKM_HAVE_NL_EXTACK'

# Tasks and CPU time.
[ -r "$tree/include/linux/sched/signal.h" ] && printf ' -DKM_HAVE_SCHED_SIGNAL_H'
member linux/sched.h task_struct '[ \t]__state;' && printf ' -DKM_HAVE_TASK_STATE_UNDERSCORE'
has linux/sched.h 'task_state_index\(' && printf ' -DKM_HAVE_TASK_STATE_INDEX'
member linux/sched.h task_struct 'u64[ \t]+utime;' && printf ' -DKM_HAVE_CPUTIME_NS'
has linux/sched.h '^struct prev_cputime \{' && printf ' -DKM_HAVE_PREV_CPUTIME'
member linux/sched.h task_struct 'start_boottime;' && printf ' -DKM_HAVE_START_BOOTTIME'
member linux/sched.h task_struct 'u64[ \t]+real_start_time;' && printf ' -DKM_HAVE_REAL_START_TIME_NS'
[ -r "$tree/include/linux/uidgid.h" ] && printf ' -DKM_HAVE_KUID'
member linux/sched/signal.h signal_struct 'stats_lock;' && printf ' -DKM_HAVE_SIGNAL_STATS_LOCK'
{ has linux/math64.h 'define mul_u64_u64_div_u64' ||
  grep -q 'mul_u64_u64_div_u64' "$tree/arch/x86/include/asm/div64.h" 2>/dev/null; } &&
	printf ' -DKM_HAVE_MUL_U64_U64_DIV_U64'
exported find_ge_pid && printf ' -DKM_EXPORTS_FIND_GE_PID'

# VMAs and shmem.
has linux/mmap_lock.h 'mmap_read_lock\(' && printf ' -DKM_HAVE_MMAP_READ_LOCK'
has linux/slab.h 'kvmalloc\(' && printf ' -DKM_HAVE_KVMALLOC'
has linux/mm.h 'kvmalloc\(' && printf ' -DKM_HAVE_KVMALLOC'
{ member linux/fs.h super_block 's_inode_list_lock' ||
  member linux/fs/super_types.h super_block 's_inode_list_lock'; } && printf ' -DKM_HAVE_SB_INODE_LIST_LOCK'
has linux/shmem_fs.h 'shmem_file_setup\(.*vma_flags_t' && printf ' -DKM_HAVE_VMA_FLAGS_T'
has linux/fs.h 'inode_state_read\(' && printf ' -DKM_HAVE_INODE_STATE_READ'
has linux/sched/coredump.h 'task_exec_state_get_dumpable\(' && printf ' -DKM_HAVE_TASK_EXEC_STATE'
exported task_exec_state_get_dumpable && printf ' -DKM_EXPORTS_TASK_EXEC_STATE_GET_DUMPABLE'
[ -r "$tree/include/linux/shmem_fs.h" ] && printf ' -DKM_HAVE_SHMEM_FS_H'
[ -r "$tree/include/asm-generic/pgtable-nop4d.h" ] && printf ' -DKM_HAVE_P4D'
# pte_offset_map_lock(): header code until 6.5, then a function (named
# __pte_offset_map_lock behind a macro, later pte_offset_map_lock itself).
if has linux/mm.h '__pte_offset_map_lock\(|^pte_t \*pte_offset_map_lock\('; then
	exported __pte_offset_map_lock || exported pte_offset_map_lock ||
		printf ' -DKM_PTE_MAP_LOCK_UNEXPORTED'
fi
exported task_cputime_adjusted && printf ' -DKM_EXPORTS_TASK_CPUTIME_ADJUSTED'
echo

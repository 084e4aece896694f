#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Feature probes for compat.h. Kbuild runs this with the compiler and the
# very flags it compiles the module with; each probe is a small C file that
# compiles only when the kernel has the construct, so distribution
# backports (RHEL, SUSE, late stables) are seen as they are, whatever the
# version number says. Writes a header of #defines:
#
#   KM_HAVE_<FEATURE>      the probe's code compiled against these headers
#   KM_EXPORTS_<SYMBOL>    Module.symvers lists SYMBOL as exported
#   KM_WHERE_<ITEM>        kmnode or kmzone: which vmstat enum holds ITEM
#   KM_SYMVERS_MISSING     there was no Module.symvers to read
#
# usage: probe.sh OUTPUT SRCTREE OBJTREE CC [FLAGS...]
# Run from the directory Kbuild compiles in (the flags hold relative paths).
set -u
out=${1:?usage: probe.sh OUTPUT SRCTREE OBJTREE CC [FLAGS...]}
tree=${2:?} objtree=${3:?}
shift 3
[ $# -ge 1 ] || { echo "probe.sh: no compiler given" >&2; exit 1; }
mmzone=$tree/include/linux/mmzone.h
[ -r "$mmzone" ] || { echo "probe.sh: $mmzone not readable" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kmemstat-probe.XXXXXX") || exit 1
[ -n "${KMEMSTAT_PROBE_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT

# The compiler and its flags, less dependency output and a blanket -Werror
# (CONFIG_WERROR): a probe must fail on a missing construct, not on a
# warning. Kept one per line so that quoted -D values survive.
# Nor compat.h, which reads what this script writes.
here=$(cd "$(dirname "$0")" && pwd)
skip=
for a in "$@"; do
	if [ -n "$skip" ]; then
		skip=
		case $a in
		"$here/compat.h") continue ;;
		*) printf '%s\n' -include ;;
		esac
	fi
	case $a in
	-Wp,-MD,*|-Wp,-MMD,*|-Werror) ;;
	-include) skip=1 ;;
	*) printf '%s\n' "$a" ;;
	esac
done > "$tmp/cc.args"

# probe NAME 'HEADERS' 'CODE': KM_HAVE_NAME when CODE (file scope, after
# #include of each of HEADERS) compiles. Not every header stands alone, so
# the ones every kernel has and every module includes come first.
probe() {
	{
		for h in linux/kernel.h linux/module.h linux/sched.h linux/mm.h $2; do
			echo "#include <$h>"
		done
		printf '%s\n' "$3"
	} > "$tmp/$1.c"
	echo "$1" >> "$tmp/list"
}

# ---- the probes ---------------------------------------------------------

probe SANITY 'linux/kernel.h linux/module.h' 'int km_probe(void); int km_probe(void) { return 0; }'

# Headers that came and went (4.11 split linux/sched.h; RHEL 7 ships stubs
# of some of them, so each is probed alone).
probe SCHED_SIGNAL_H 'linux/sched/signal.h' 'int km_probe(struct signal_struct *s); int km_probe(struct signal_struct *s) { return s->nr_threads; }'
probe SCHED_CPUTIME_H 'linux/sched/cputime.h' ''
probe SCHED_TASK_H 'linux/sched/task.h' ''
probe SCHED_MM_H 'linux/sched/mm.h' ''
probe SCHED_COREDUMP_H 'linux/sched/coredump.h' 'int km_probe(unsigned long f); int km_probe(unsigned long f) { return f & MMF_DUMPABLE_MASK; }'
probe SHMEM_FS_H 'linux/shmem_fs.h' 'unsigned long km_probe(struct inode *i); unsigned long km_probe(struct inode *i) { return SHMEM_I(i)->swapped; }'
probe MMAP_LOCK_H 'linux/mmap_lock.h' 'void km_probe(struct mm_struct *mm); void km_probe(struct mm_struct *mm) { mmap_read_lock(mm); mmap_read_unlock(mm); }'

# Helpers that later kernels grew.
probe READ_ONCE 'linux/compiler.h linux/kernel.h' 'int km_probe(int *p); int km_probe(int *p) { return READ_ONCE(*p); }'
probe STRSCPY 'linux/string.h' 'long km_probe(char *d, const char *s); long km_probe(char *d, const char *s) { return strscpy(d, s, 8); }'
probe KSTRTOU32 'linux/kernel.h' 'int km_probe(const char *s, u32 *v); int km_probe(const char *s, u32 *v) { return kstrtou32(s, 16, v); }'
probe FILE_INODE 'linux/fs.h' 'struct inode *km_probe(struct file *f); struct inode *km_probe(struct file *f) { return file_inode(f); }'
probe VZALLOC 'linux/vmalloc.h' 'void *km_probe(unsigned long n); void *km_probe(unsigned long n) { return vzalloc(n); }'
probe KVMALLOC 'linux/mm.h linux/slab.h' 'void *km_probe(size_t n); void *km_probe(size_t n) { void *p = kvzalloc(n, GFP_KERNEL); kvfree(p); return p; }'
probe MUL_U64_U64_DIV_U64 'linux/math64.h' 'u64 km_probe(u64 a); u64 km_probe(u64 a) { return mul_u64_u64_div_u64(a, a, a); }'

# vmstat readers and zones.
probe GLOBAL_ZONE_PAGE_STATE 'linux/vmstat.h' 'unsigned long km_probe(void); unsigned long km_probe(void) { return global_zone_page_state(NR_FREE_PAGES); }'
probe NODE_STATE_PAGES 'linux/vmstat.h' 'unsigned long km_probe(void); unsigned long km_probe(void) { return global_node_page_state_pages(NR_FILE_PAGES); }'
probe SI_MEM_AVAILABLE 'linux/mm.h' 'long km_probe(void); long km_probe(void) { return si_mem_available(); }'
probe GET_NR_SWAP_PAGES 'linux/swap.h' 'long km_probe(void); long km_probe(void) { return get_nr_swap_pages(); }'
probe ZONE_MANAGED_PAGES 'linux/mmzone.h' 'unsigned long km_probe(struct zone *z); unsigned long km_probe(struct zone *z) { return zone_managed_pages(z); }'
probe ZONE_MANAGED_FIELD 'linux/mmzone.h' 'unsigned long km_probe(struct zone *z); unsigned long km_probe(struct zone *z) { return z->managed_pages; }'
probe ZONE_WATERMARK_BOOST 'linux/mmzone.h' 'unsigned long km_probe(struct zone *z); unsigned long km_probe(struct zone *z) { return z->_watermark[WMARK_HIGH] + z->watermark_boost; }'

# Generic netlink: registration and the family's layout.
probe GENL_FAMILY_POLICY 'net/genetlink.h' 'static const struct nla_policy km_p[2]; struct genl_family km_f = { .policy = km_p };'
probe GENL_OPS_GRPS 'net/genetlink.h' 'static const struct genl_ops km_o[1]; static struct genl_family km_f; int km_probe(void); int km_probe(void) { return _genl_register_family_with_ops_grps(&km_f, km_o, 1, NULL, 0); }'
probe GENL_REGISTER_WITH_OPS 'net/genetlink.h' 'static struct genl_ops km_o[1]; static struct genl_family km_f; int km_probe(void); int km_probe(void) { return genl_register_family_with_ops(&km_f, km_o, 1); }'
probe GENL_SND_PORTID 'net/genetlink.h' 'u32 km_probe(struct genl_info *i); u32 km_probe(struct genl_info *i) { return i->snd_portid; }'
probe NETLINK_CB_PORTID 'net/netlink.h linux/netlink.h' 'u32 km_probe(struct sk_buff *s); u32 km_probe(struct sk_buff *s) { return NETLINK_CB(s).portid; }'
probe NLA_PUT_U64_64BIT 'net/netlink.h' 'int km_probe(struct sk_buff *s); int km_probe(struct sk_buff *s) { return nla_put_u64_64bit(s, 1, 2, 3); }'
probe NL_EXTACK 'net/netlink.h' 'int km_probe(const struct nlmsghdr *n, struct nlattr **tb, const struct nla_policy *p); int km_probe(const struct nlmsghdr *n, struct nlattr **tb, const struct nla_policy *p) { return nlmsg_parse(n, 0, tb, 1, p, NULL); }'
# 3.13 (the module pointer in genl_family) has netlink pin the module
# for a dump's whole life; before, a dump could outlive rmmod.
probe DUMP_CONTROL_MODULE 'linux/netlink.h linux/module.h' 'struct netlink_dump_control km_c = { .module = THIS_MODULE };'

# Tasks.
probe TASK_STATE_UNDERSCORE 'linux/sched.h' 'unsigned int km_probe(struct task_struct *t); unsigned int km_probe(struct task_struct *t) { return t->__state; }'
probe TASK_STATE_INDEX 'linux/sched.h' 'char km_probe(struct task_struct *t); char km_probe(struct task_struct *t) { return task_index_to_char(task_state_index(t)); }'
probe GET_NR_THREADS 'linux/sched.h' 'int km_probe(struct task_struct *t); int km_probe(struct task_struct *t) { return get_nr_threads(t); }'
probe CPUTIME_NS 'linux/sched.h' 'int km_probe[__builtin_types_compatible_p(typeof(((struct task_struct *)0)->utime), u64) ? 1 : -1];'
probe CPUTIME_T 'linux/sched.h' 'cputime_t km_probe(struct task_struct *t); cputime_t km_probe(struct task_struct *t) { return t->utime; }'
probe CPUTIME_TO_NSECS 'linux/sched.h' 'u64 km_probe(cputime_t c); u64 km_probe(cputime_t c) { return cputime_to_nsecs(c); }'
probe START_BOOTTIME 'linux/sched.h' 'u64 km_probe(struct task_struct *t); u64 km_probe(struct task_struct *t) { return t->start_boottime; }'
probe REAL_START_TIME_NS 'linux/sched.h' 'int km_probe[__builtin_types_compatible_p(typeof(((struct task_struct *)0)->real_start_time), u64) ? 1 : -1];'
probe KUID 'linux/uidgid.h linux/cred.h' 'bool km_probe(kuid_t a, kuid_t b); bool km_probe(kuid_t a, kuid_t b) { return uid_eq(a, b); }'
probe CRED_USER_NS 'linux/cred.h' 'void *km_probe(const struct cred *c); void *km_probe(const struct cred *c) { return c->user_ns; }'
# Exited threads' times: stats_lock (3.15, RHEL 7 in a kABI slot).
# Where a pid namespace keeps its numbers: an IDR from 4.15, bitmaps before.
probe PID_NS_IDR 'linux/pid_namespace.h linux/idr.h' 'void *km_probe(struct pid_namespace *ns, int *nr); void *km_probe(struct pid_namespace *ns, int *nr) { return idr_get_next(&ns->idr, nr); }'
probe PID_NS_PIDMAP 'linux/pid_namespace.h' 'void *km_probe(struct pid_namespace *ns); void *km_probe(struct pid_namespace *ns) { return ns->pidmap[PIDMAP_ENTRIES - 1].page; }'
probe SIGNAL_STATS_LOCK 'linux/sched.h' "
#ifdef KM_HAVE_SCHED_SIGNAL_H
#include <linux/sched/signal.h>
#endif
unsigned int km_probe(struct signal_struct *s); unsigned int km_probe(struct signal_struct *s) { return read_seqbegin(&s->stats_lock); }"
# The group's last adjusted times: struct prev_cputime with a lock (4.3),
# a struct cputime (3.9), two cputime_t fields before.
probe PREV_CPUTIME_LOCK 'linux/sched.h' "
#ifdef KM_HAVE_SCHED_SIGNAL_H
#include <linux/sched/signal.h>
#endif
void *km_probe(struct signal_struct *s); void *km_probe(struct signal_struct *s) { return &s->prev_cputime.lock; }"
probe PREV_CPUTIME_STRUCT 'linux/sched.h' "
#ifdef KM_HAVE_SCHED_SIGNAL_H
#include <linux/sched/signal.h>
#endif
void *km_probe(struct signal_struct *s); void *km_probe(struct signal_struct *s) { return &s->prev_cputime.utime; }"
probe PREV_UTIME 'linux/sched.h' 'void *km_probe(struct signal_struct *s); void *km_probe(struct signal_struct *s) { return &s->prev_utime; }'
probe SIGNAL_NR_THREADS 'linux/sched.h' "
#ifdef KM_HAVE_SCHED_SIGNAL_H
#include <linux/sched/signal.h>
#endif
int km_probe(struct signal_struct *s); int km_probe(struct signal_struct *s) { return s->nr_threads; }"

# VMAs, page tables and shmem.
probe P4D 'linux/mm.h' 'p4d_t *km_probe(pgd_t *g); p4d_t *km_probe(pgd_t *g) { return p4d_offset(g, 0); }'
probe PUD_LEAF 'linux/mm.h' 'int km_probe(pud_t p); int km_probe(pud_t p) { return pud_leaf(p); }'
probe PMD_TRANS_HUGE 'linux/mm.h' 'int km_probe(pmd_t p); int km_probe(pmd_t p) { return pmd_trans_huge(p); }'
probe PTEP_GET 'linux/mm.h' 'pte_t km_probe(pte_t *p); pte_t km_probe(pte_t *p) { return ptep_get(p); }'
# 6.5 made pte_offset_map_lock() a function (behind a macro as
# __pte_offset_map_lock() first): its address can then be taken.
probe PTE_MAP_FUNC 'linux/mm.h' 'void *km_probe(void); void *km_probe(void) { return (void *)__pte_offset_map_lock; }'
probe PTE_MAP_FUNC2 'linux/mm.h' 'void *km_probe(void); void *km_probe(void) { return (void *)pte_offset_map_lock; }'
probe SB_INODE_LIST_LOCK 'linux/fs.h' 'spinlock_t *km_probe(struct super_block *s); spinlock_t *km_probe(struct super_block *s) { return &s->s_inode_list_lock; }'
probe VMA_FLAGS_T 'linux/shmem_fs.h' 'struct file *km_probe(void); struct file *km_probe(void) { return shmem_file_setup("x", 0, EMPTY_VMA_FLAGS); }'
probe INODE_STATE_READ 'linux/fs.h' 'unsigned long km_probe(struct inode *i); unsigned long km_probe(struct inode *i) { return inode_state_read(i); }'
probe TASK_EXEC_STATE 'linux/sched.h linux/sched/coredump.h' 'int km_probe(struct task_struct *t); int km_probe(struct task_struct *t) { return task_exec_state_get_dumpable(t) == TASK_DUMPABLE_OWNER; }'
probe D_FIND_ANY_ALIAS 'linux/dcache.h' 'struct dentry *km_probe(struct inode *i); struct dentry *km_probe(struct inode *i) { return d_find_any_alias(i); }'

# ---- run them -----------------------------------------------------------

# One compiler run per probe, a few at a time; each leaves NAME.o or not.
# Probes that use another's result see it through -DKM_HAVE_*: the header
# probes run first.
compile() {
	for n in "$@"; do echo "$n"; done |
	xargs -P 4 -n 1 sh -c '
		tmp=$0 n=$1
		set --
		while IFS= read -r a; do set -- "$@" "$a"; done < "$tmp/cc.args"
		[ -f "$tmp/extra.args" ] && while IFS= read -r a; do set -- "$@" "$a"; done < "$tmp/extra.args"
		"$@" -c -o "$tmp/$n.o" "$tmp/$n.c" > "$tmp/$n.log" 2>&1 || rm -f "$tmp/$n.o"
	' "$tmp"
}
compile SANITY SCHED_SIGNAL_H
if [ ! -f "$tmp/SANITY.o" ]; then
	echo "probe.sh: the compiler cannot build a trivial module file against $tree:" >&2
	sed 's/^/probe.sh:   /' "$tmp/SANITY.log" >&2
	exit 1
fi
[ -f "$tmp/SCHED_SIGNAL_H.o" ] && echo "-DKM_HAVE_SCHED_SIGNAL_H" > "$tmp/extra.args"
compile $(grep -v -e '^SANITY$' -e '^SCHED_SIGNAL_H$' "$tmp/list")

# Print the enum (kmnode or kmzone) of mmzone.h that holds enumerator $1.
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

symvers=$objtree/Module.symvers
exported() {
	grep -Eq "^0x[0-9a-fA-F]+[[:space:]]+$1[[:space:]]" "$symvers"
}

{
	echo "/* Generated by kmod/probe.sh for $tree: do not edit. */"
	for n in $(cat "$tmp/list"); do
		[ "$n" = SANITY ] && continue
		[ -f "$tmp/$n.o" ] && echo "#define KM_HAVE_$n 1"
	done
	for item in NR_FREE_PAGES NR_ACTIVE_ANON NR_INACTIVE_ANON NR_ACTIVE_FILE \
		    NR_INACTIVE_FILE NR_UNEVICTABLE NR_MLOCK NR_FILE_PAGES NR_SHMEM \
		    NR_ANON_MAPPED NR_ANON_PAGES NR_FILE_MAPPED NR_FILE_DIRTY \
		    NR_WRITEBACK NR_UNSTABLE_NFS NR_BOUNCE NR_PAGETABLE \
		    NR_KERNEL_STACK NR_KERNEL_STACK_KB NR_SWAPCACHE \
		    NR_SLAB_RECLAIMABLE NR_SLAB_UNRECLAIMABLE \
		    NR_SLAB_RECLAIMABLE_B NR_SLAB_UNRECLAIMABLE_B \
		    NR_KERNEL_MISC_RECLAIMABLE NR_INDIRECTLY_RECLAIMABLE_BYTES; do
		where=$(enum_where "$item")
		[ -n "$where" ] && echo "#define KM_WHERE_$item $where"
	done
	# Symbols whose export decides a path; without a list, none is assumed.
	if [ -r "$symvers" ]; then
		for sym in find_ge_pid pid_nr_ns task_cputime_adjusted si_mem_available \
			   nr_swap_pages si_swapinfo task_exec_state_get_dumpable \
			   __pte_offset_map_lock pte_offset_map_lock; do
			exported "$sym" && echo "#define KM_EXPORTS_$(echo "$sym" | tr a-z A-Z) 1"
		done
	else
		echo "#define KM_SYMVERS_MISSING 1"
	fi
	true
} > "$out.tmp" && mv "$out.tmp" "$out"

if [ ! -r "$symvers" ]; then
	echo "kmemstat: warning: $symvers is missing, so no export can be checked:" >&2
	echo "kmemstat:   the module assumes the kernel exports none of the optional symbols" >&2
	echo "kmemstat:   and uses its fallbacks (a build tree with Module.symvers avoids this)" >&2
fi
exit 0

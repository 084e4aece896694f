// SPDX-License-Identifier: GPL-2.0
/* One table names every memory figure for the module, /proc/meminfo and JSON. */
#include <stddef.h>
#include "model.h"
#include "../kmod/uapi/kmemstat.h"

const struct km_field_desc km_fields[KM_NFIELDS] = {
	[KM_TOTAL]		= { "total", "MemTotal", KMEMSTAT_MEM_TOTAL },
	[KM_FREE]		= { "free", "MemFree", KMEMSTAT_MEM_FREE },
	[KM_AVAILABLE]		= { "available", NULL, KMEMSTAT_MEM_AVAILABLE },
	[KM_KERNEL_AVAILABLE]	= { "kernel_available", "MemAvailable",
				    KMEMSTAT_MEM_KERNEL_AVAILABLE },
	[KM_BUFFERS]		= { "buffers", "Buffers", KMEMSTAT_MEM_BUFFERS },
	[KM_CACHED]		= { "cached", "Cached", KMEMSTAT_MEM_CACHED },
	[KM_SWAP_CACHED]	= { "swap_cached", "SwapCached", KMEMSTAT_MEM_SWAP_CACHED },
	[KM_SHMEM]		= { "shmem", "Shmem", KMEMSTAT_MEM_SHMEM },
	[KM_ANON]		= { "anon_pages", "AnonPages", KMEMSTAT_MEM_ANON },
	[KM_MAPPED]		= { "mapped", "Mapped", KMEMSTAT_MEM_MAPPED },
	[KM_SRECLAIMABLE]	= { "slab_reclaimable", "SReclaimable",
				    KMEMSTAT_MEM_SLAB_RECLAIMABLE },
	[KM_SUNRECLAIM]		= { "slab_unreclaimable", "SUnreclaim",
				    KMEMSTAT_MEM_SLAB_UNRECLAIMABLE },
	[KM_MISC_RECLAIMABLE]	= { "misc_reclaimable", NULL, KMEMSTAT_MEM_MISC_RECLAIMABLE },
	[KM_KERNEL_STACK]	= { "kernel_stack", "KernelStack", KMEMSTAT_MEM_KERNEL_STACK },
	[KM_PAGE_TABLES]	= { "page_tables", "PageTables", KMEMSTAT_MEM_PAGE_TABLES },
	[KM_ACTIVE_ANON]	= { "active_anon", "Active(anon)", KMEMSTAT_MEM_ACTIVE_ANON },
	[KM_INACTIVE_ANON]	= { "inactive_anon", "Inactive(anon)",
				    KMEMSTAT_MEM_INACTIVE_ANON },
	[KM_ACTIVE_FILE]	= { "active_file", "Active(file)", KMEMSTAT_MEM_ACTIVE_FILE },
	[KM_INACTIVE_FILE]	= { "inactive_file", "Inactive(file)",
				    KMEMSTAT_MEM_INACTIVE_FILE },
	[KM_UNEVICTABLE]	= { "unevictable", "Unevictable", KMEMSTAT_MEM_UNEVICTABLE },
	[KM_MLOCKED]		= { "mlocked", "Mlocked", KMEMSTAT_MEM_MLOCKED },
	[KM_DIRTY]		= { "dirty", "Dirty", KMEMSTAT_MEM_DIRTY },
	[KM_WRITEBACK]		= { "writeback", "Writeback", KMEMSTAT_MEM_WRITEBACK },
	[KM_NFS_UNSTABLE]	= { "nfs_unstable", "NFS_Unstable", KMEMSTAT_MEM_NFS_UNSTABLE },
	[KM_BOUNCE]		= { "bounce", "Bounce", KMEMSTAT_MEM_BOUNCE },
	[KM_SWAP_TOTAL]		= { "swap_total", "SwapTotal", 0 },
	[KM_SWAP_FREE]		= { "swap_free", "SwapFree", KMEMSTAT_MEM_SWAP_FREE },
	[KM_TOTALRESERVE]	= { "totalreserve", NULL, KMEMSTAT_MEM_TOTALRESERVE },
	[KM_WMARK_LOW]		= { "wmark_low", NULL, KMEMSTAT_MEM_WMARK_LOW },
};

const char *km_source_name(enum km_source s)
{
	switch (s) {
	case KM_SRC_KMOD:
		return "kmod";
	case KM_SRC_PROCFS:
		return "procfs";
	default:
		return "auto";
	}
}

const char *km_formula_name(unsigned int formula)
{
	switch (formula) {
	case KMEMSTAT_FORMULA_3_14:
		return "3.14";
	case KMEMSTAT_FORMULA_4_5:
		return "4.5";
	case KMEMSTAT_FORMULA_4_17:
		return "4.17";
	case KMEMSTAT_FORMULA_4_20:
		return "4.20";
	default:
		return "unknown";
	}
}

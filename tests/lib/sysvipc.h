/* SPDX-License-Identifier: GPL-2.0 */
/* The oracle for SysV segments: their line in /proc/sysvipc/shm. */
#ifndef KM_SYSVIPC_H
#define KM_SYSVIPC_H

#include <stdio.h>

/* nattch, rss and swap of segment @id; 0, or -1 if absent. */
static inline int sysv_line(int id, unsigned long long *rss, unsigned long long *swap,
			    unsigned long long *nattch)
{
	char line[512];
	FILE *f = fopen("/proc/sysvipc/shm", "r");
	int found = -1;

	while (f && fgets(line, sizeof(line), f)) {
		long key;
		unsigned long long sid, size;

		/* rss and swap: ULLONG_MAX where the file lacks them (2.6.32) */
		*rss = *swap = ~0ULL;
		if (sscanf(line, "%ld %llu %*o %llu %*d %*d %llu %*u %*u %*u %*u %*u %*u %*u %llu %llu",
			   &key, &sid, &size, nattch, rss, swap) >= 4 && (int)sid == id)
			found = 0;
		if (!found)
			break;
	}
	if (f)
		fclose(f);
	return found;
}

#endif /* KM_SYSVIPC_H */

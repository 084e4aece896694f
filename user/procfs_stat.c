// SPDX-License-Identifier: GPL-2.0
/*
 * The system-wide CPU line of /proc/stat: user, nice, system, idle, iowait,
 * irq, softirq, steal, in USER_HZ ticks since boot (guest time is inside
 * user and nice already). Read from /proc whatever the source: the module
 * has nothing the kernel does not print there.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "model.h"
#include "procfs.h"

const char *const km_sys_names[KM_SYS_N] = {
	"user", "nice", "system", "irq", "softirq", "iowait", "steal", "idle",
};

int km_procfs_sysstat(const char *proc, struct km_sysstat *s)
{
	/* /proc/stat's column order, as KM_SYS_* */
	static const int order[] = { KM_SYS_USER, KM_SYS_NICE, KM_SYS_SYSTEM, KM_SYS_IDLE,
				     KM_SYS_IOWAIT, KM_SYS_IRQ, KM_SYS_SOFTIRQ, KM_SYS_STEAL };
	unsigned long long v[8] = { 0 };
	char path[256], line[512];
	long hz = sysconf(_SC_CLK_TCK);
	uint64_t tick = 1000000000ULL / (uint64_t)(hz > 0 ? hz : 100);
	int n = 0, i;
	FILE *f;

	memset(s, 0, sizeof(*s));
	snprintf(path, sizeof(path), "%s/stat", proc);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "cpu ", 4))
			/* steal appeared in 2.6.11: older lines leave it 0 */
			n = sscanf(line + 4, "%llu %llu %llu %llu %llu %llu %llu %llu",
				   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
		else if (!strncmp(line, "cpu", 3) && line[3] >= '0' && line[3] <= '9')
			s->cpus++;
	}
	fclose(f);
	if (n < 7)
		return -EINVAL;
	for (i = 0; i < 8; i++)
		s->ns[order[i]] = (uint64_t)v[i] * tick;
	return 0;
}

void km_sysstat_delta(const struct km_sysstat *a, const struct km_sysstat *b,
		      struct km_sysstat *out)
{
	int i;

	for (i = 0; i < KM_SYS_N; i++)
		out->ns[i] = b->ns[i] > a->ns[i] ? b->ns[i] - a->ns[i] : 0;
	out->cpus = b->cpus;
}

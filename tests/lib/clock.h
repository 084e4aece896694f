/* SPDX-License-Identifier: GPL-2.0 */
/* The benchmarks' clock: seconds on CLOCK_MONOTONIC. */
#ifndef KM_CLOCK_H
#define KM_CLOCK_H

#include <time.h>

static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif /* KM_CLOCK_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Small host facts the commands need: sleeping through signals, whether
 * stdout took the output, and user names read from /etc/passwd directly
 * (no NSS: the CLI also runs static).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"

void km_sleep(double s)
{
	struct timespec ts;

	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int km_out_check(void)
{
	static int said;
	int err;

	errno = 0;	/* not an older call's */
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	err = errno ? errno : EIO;
	if (!said++)
		fprintf(stderr, "kmemstat: write error: %s\n", strerror(err));
	return 1;
}

/* Find a passwd line by name (@name) or by uid (@uid when @name is NULL). */
static int passwd_find(const char *name, uint32_t uid, char *out, size_t len,
		       unsigned long *uid_out)
{
	char line[512];
	FILE *f = fopen("/etc/passwd", "re");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		char *user = strtok(line, ":"), *pw = strtok(NULL, ":");
		char *id = strtok(NULL, ":"), *end;
		unsigned long u;

		if (!user || !pw || !id)
			continue;
		u = strtoul(id, &end, 10);
		if (*end)
			continue;
		if (name ? !strcmp(user, name) : u == uid) {
			snprintf(out, len, "%s", user);
			*uid_out = u;
			found = 1;
		}
	}
	fclose(f);
	return found;
}

const char *km_user_name(uint32_t uid)
{
	/* A small cache: tables ask for the same few uids over and over. */
	static struct { uint32_t uid; int found; char name[33]; } cache[64];
	static size_t n;
	unsigned long u;
	size_t i;

	for (i = 0; i < n; i++)
		if (cache[i].uid == uid)
			return cache[i].found ? cache[i].name : NULL;
	i = n < 64 ? n++ : (size_t)(uid % 64);
	cache[i].uid = uid;
	cache[i].found = passwd_find(NULL, uid, cache[i].name, sizeof(cache[i].name), &u);
	return cache[i].found ? cache[i].name : NULL;
}

long km_user_lookup(const char *name)
{
	char buf[64], *end;
	unsigned long u;

	if (passwd_find(name, 0, buf, sizeof(buf), &u))
		return (long)u;
	u = strtoul(name, &end, 10);
	if (*name && !*end && u <= 0xffffffffUL)
		return (long)u;
	return -1;
}

int km_cap_effective(int cap)
{
	char line[256];
	unsigned long long mask = 0;
	int found = 0;
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "CapEff: %llx", &mask) == 1;
	fclose(f);
	return found && cap >= 0 && cap < 64 && ((mask >> cap) & 1);
}

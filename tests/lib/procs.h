/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Processes for the tests that switch users: become nobody as a login
 * would be (readable by its own uid), fork a child that runs a function on
 * one end of a pipe or socket pair, count a process's mappings of a file,
 * copy the test's own program (to exec it setuid, or from tmpfs).
 */
#ifndef KM_PROCS_H
#define KM_PROCS_H

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kselftest.h"

#define NOBODY 65534

/* In a child: drop to uid and gid @id, or exit 3. */
static inline void procs_become(uid_t id)
{
	if (setgroups(0, NULL) || setresgid(id, id, id) || setresuid(id, id, id))
		_exit(3);
	/* A setuid clears it; a login's processes are dumpable. */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}

static inline void procs_become_nobody(void)
{
	procs_become(NOBODY);
}

/* Fork a child that runs @fn on fds[1] and never returns; the parent keeps fds[0]. */
static inline pid_t procs_fork_with(void (*fn)(int), int fds[2])
{
	pid_t pid = fork();

	if (pid < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (!pid) {
		close(fds[0]);
		fn(fds[1]);
		_exit(0);
	}
	close(fds[1]);
	return pid;
}

/* Write the string @s to the file @path (a /proc or /sys setting); 0 or -1. */
static inline int procs_write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

/* Mappings of inode @ino in /proc/PID/maps; -1 if unreadable. */
static inline long procs_maps_count(pid_t pid, unsigned long long ino)
{
	char path[64], line[512];
	unsigned long long i;
	long n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %*s %*s %llu", &i) == 1 && i == ino)
			n++;
	fclose(f);
	return n;
}

/* Copy /proc/self/exe to @path with @mode (04755: setuid); 0, or -1. */
static inline int procs_copy_self(const char *path, mode_t mode, struct stat *st)
{
	char buf[65536];
	ssize_t n;
	int in, out, err = 0;

	unlink(path);
	in = open("/proc/self/exe", O_RDONLY);
	out = open(path, O_WRONLY | O_CREAT | O_EXCL, 0755);
	if (in < 0 || out < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			err = -1;
	if (n < 0 || fchmod(out, mode) || fstat(out, st))
		err = -1;
	close(in);
	close(out);
	return err;
}

#endif /* KM_PROCS_H */

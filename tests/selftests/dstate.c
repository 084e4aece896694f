// SPDX-License-Identifier: GPL-2.0
/*
 * dstate SECONDS: a process that waits in D state (uninterruptible) for
 * SECONDS: it vforks, and a vfork parent sleeps in D until its child exits.
 * Prints the parent's pid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 0 };
	pid_t c;

	if (argc != 2) {
		fprintf(stderr, "usage: dstate SECONDS\n");
		return 2;
	}
	ts.tv_sec = atoi(argv[1]);
	printf("%d\n", (int)getpid());
	fflush(stdout);
	c = vfork();
	if (c == 0) {
		nanosleep(&ts, NULL);
		_exit(0);
	}
	waitpid(c, NULL, 0);
	return 0;
}

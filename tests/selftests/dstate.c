// SPDX-License-Identifier: GPL-2.0
/*
 * dstate SECONDS [thread]: a process that waits in D state (uninterruptible)
 * for SECONDS: it vforks, and a vfork parent sleeps in D until its child
 * exits. With "thread", a second thread vforks, so that the process's main
 * thread sleeps in S and only another one is in D. Prints the process's pid.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct timespec ts;

static void *vfork_and_wait(void *arg)
{
	pid_t c = vfork();

	(void)arg;
	if (c == 0) {
		nanosleep(&ts, NULL);
		_exit(0);
	}
	waitpid(c, NULL, 0);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "thread"))) {
		fprintf(stderr, "usage: dstate SECONDS [thread]\n");
		return 2;
	}
	ts.tv_sec = atoi(argv[1]);
	printf("%d\n", (int)getpid());
	fflush(stdout);
	if (argc == 2) {
		vfork_and_wait(NULL);
		return 0;
	}
	if (pthread_create(&t, NULL, vfork_and_wait, NULL))
		return 1;
	pthread_join(t, NULL);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * A permission check and the mm it allows must belong to one image. nobody
 * execs a setuid-root copy of this program on tmpfs over and over (so the
 * new image's own mapping is a shmem object), while another nobody process
 * dumps GET_SHMEM as fast as it can. A dump that checked nobody's
 * credentials, then took the mm after exec had replaced it, would list the
 * setuid image: it must never appear. The control: root, who may read the
 * setuid process, sees the image while one runs.
 *
 * The race is narrow; this is a stress test of the exec lock (and of dumps
 * against exec), which passes by luck on a module without one.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kselftest.h"
#include "../lib/kmshm.h"
#include "../lib/procs.h"
#include "../../kmod/uapi/kmemstat.h"

#define EXECS 1000
#define IMAGE "/tmp/kmemstat-exec-suid"

static struct stat image;

/* Processes running the setuid image in one dump by the caller; -errno on failure. */
static int sightings(void)
{
	return kmshm_processes(&image, 0);
}

/* nobody: exec the setuid image EXECS times, one after the other. */
static void execer(void)
{
	int i, st;
	pid_t pid;

	procs_become_nobody();
	for (i = 0; i < EXECS; i++) {
		pid = fork();
		if (pid < 0)
			_exit(4);
		if (!pid) {
			execl(IMAGE, IMAGE, "--image", (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
			_exit(5);
	}
	_exit(0);
}

struct attack {
	int dumps, seen, errors;
};

/* nobody: dump until told to stop (SIGTERM), then report on @fd. */
static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void attacker(int fd)
{
	struct attack a = { 0, 0, 0 };
	int n;

	procs_become_nobody();
	signal(SIGTERM, on_term);
	while (!stop) {
		n = sightings();
		a.dumps++;
		if (n < 0)
			a.errors++;
		else
			a.seen += n;
	}
	_exit(write(fd, &a, sizeof(a)) == sizeof(a) ? 0 : 5);
}

/* The image itself: run as root over nobody; with --hold, until killed. */
static int run_image(int hold)
{
	if (hold)
		for (;;)
			pause();
	return geteuid() == 0 ? 0 : 6;
}

/* Root sees the image in a process that runs it: the detector works. */
static void control(void)
{
	int p[2], n = -1, tries;
	char c;
	pid_t pid;

	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	pid = fork();
	if (pid < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (!pid) {
		procs_become_nobody();
		close(p[0]);
		/* The pipe's write end closes at exec: the image is in place. */
		fcntl(p[1], F_SETFD, FD_CLOEXEC);
		execl(IMAGE, IMAGE, "--image", "--hold", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 0)
		ksft_exit_fail_msg("the setuid image did not start\n");
	close(p[0]);
	/* Exec has closed the pipe; its new mappings follow within the same exec. */
	for (tries = 0; tries < 1000 && (n = sightings()) == 0; tries++)
		usleep(1000);
	ksft_test_result(n > 0, "root sees the setuid image (on tmpfs) in the process that runs it (%d)\n", n);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
	struct attack a;
	int p[2], est = -1, ast = -1;
	pid_t ep, ap;

	if (argc > 1 && !strcmp(argv[1], "--image"))
		return run_image(argc > 2);
	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(3);
	if (geteuid())
		ksft_exit_fail_msg("run as root: the cases switch users\n");
	if (procs_copy_self(IMAGE, 04755, &image))
		ksft_exit_fail_msg("%s: %s\n", IMAGE, strerror(errno));
	control();

	if (pipe(p))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	ap = procs_fork_with(attacker, p);
	ep = fork();
	if (ep < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (!ep)
		execer();
	waitpid(ep, &est, 0);
	kill(ap, SIGTERM);
	if (read(p[0], &a, sizeof(a)) != sizeof(a))
		memset(&a, 0xff, sizeof(a));
	close(p[0]);
	waitpid(ap, &ast, 0);
	ksft_print_msg("%d execs, %d dumps by nobody, %d sightings, %d failed dumps\n", EXECS, a.dumps,
		       a.seen, a.errors);
	ksft_test_result(WIFEXITED(est) && !WEXITSTATUS(est) && WIFEXITED(ast) && !WEXITSTATUS(ast) &&
			 a.dumps > 0 && !a.errors,
			 "nobody execs the setuid image %d times while nobody dumps: every dump answers\n", EXECS);
	ksft_test_result(a.seen == 0, "no dump by nobody ever lists the setuid image (%d sightings)\n", a.seen);
	unlink(IMAGE);
	ksft_finished();
}

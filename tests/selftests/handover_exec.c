// SPDX-License-Identifier: GPL-2.0
/*
 * A dump's rights stay with the image that asked. nobody (A) sends a
 * GET_SHMEM dump request on a socket it keeps across exec and hands to its
 * child C, then execs a setuid-root copy of this program on tmpfs (so the
 * new image's own mapping is a shmem object). C reads the dump: the
 * module walks processes during that read, and A is now a root process
 * nobody may not read (its /proc/PID/maps says so). The module excuses a
 * caller's own process from the read rule; that excuse must not follow
 * the request to another process, nor survive the asker's exec into
 * other credentials. The control: the same with a plain (not setuid)
 * copy, which C may read, lists A's image.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kselftest.h"
#include "../lib/nlraw.h"
#include "../lib/procs.h"
#include "../../user/kmod.h"
#include "../../kmod/uapi/kmemstat.h"

#define SUID "/tmp/kmemstat-handover-suid"
#define PLAIN "/tmp/kmemstat-handover-plain"

/* What C read: the dump's status and the processes counted on the image. */
struct seen {
	int err, processes;
};

struct match {
	uint32_t dev;
	unsigned long long ino;
	int processes;
};

static void on_object(const struct nlattr *nest, void *arg)
{
	struct match *m = arg;
	struct nlraw_shm o;

	nlraw_shm_object(nest, &o);
	if (o.dev == m->dev && o.ino == m->ino)
		m->processes += (int)o.processes;
}

/*
 * A: nobody asks for the dump, forks C with the socket, execs @image. C
 * waits for the word on @go, reads the dump and reports on @res.
 */
static void asker(uint16_t family, const char *image, const struct stat *st, int go, int res)
{
	struct timeval tv = { 10, 0 };
	struct match m = { nlraw_encode_dev(st->st_dev), st->st_ino, 0 };
	struct seen s;
	char c;
	int fd;
	pid_t pid;

	procs_become_nobody();
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);	/* kept across exec */
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    nlraw_send(fd, family, KMEMSTAT_CMD_GET_SHMEM, KMEMSTAT_ABI_VERSION, NLM_F_DUMP, NULL))
		_exit(3);
	pid = fork();
	if (pid < 0)
		_exit(4);
	if (!pid) {
		if (read(go, &c, 1) != 1)
			_exit(5);
		s.err = nlraw_read_dump(fd, 65536, KMEMSTAT_A_SHMEM_OBJECT, on_object, &m, NULL);
		s.processes = m.processes;
		_exit(write(res, &s, sizeof(s)) == sizeof(s) ? 0 : 6);
	}
	close(go);
	close(res);
	execl(image, image, "--image", (char *)NULL);
	_exit(127);
}

/* One case: what C read once A runs @image, or err -1 when it did not run. */
static struct seen handover(uint16_t family, const char *image, const struct stat *st)
{
	struct seen s = { -1, -1 };
	int go[2], res[2], tries;
	pid_t a;

	if (pipe(go) || pipe(res))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	a = fork();
	if (a < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (!a) {
		close(go[1]);
		close(res[0]);
		asker(family, image, st, go[0], res[1]);
	}
	close(go[0]);
	close(res[1]);
	/* Root reads A's maps: the image is mapped, exec is over. */
	for (tries = 0; tries < 10000 && procs_maps_count(a, st->st_ino) <= 0; tries++)
		usleep(1000);
	if (procs_maps_count(a, st->st_ino) > 0 && write(go[1], "g", 1) == 1 &&
	    read(res[0], &s, sizeof(s)) != sizeof(s))
		s.err = -1;
	close(go[1]);
	close(res[0]);
	kill(a, SIGKILL);
	waitpid(a, NULL, 0);
	return s;
}

int main(int argc, char **argv)
{
	struct stat suid, plain;
	struct seen s;
	uint16_t family;

	if (argc > 1 && !strcmp(argv[1], "--image"))
		for (;;)
			pause();
	setvbuf(stdout, NULL, _IOLBF, 0);	/* a line at a time, as before a fork */
	ksft_print_header();
	ksft_set_plan(2);
	if (geteuid())
		ksft_exit_fail_msg("run as root: the cases switch users\n");
	family = nlraw_family();
	if (procs_copy_self(SUID, 04755, &suid) || procs_copy_self(PLAIN, 0755, &plain))
		ksft_exit_fail_msg("copying the image to /tmp: %s\n", strerror(errno));

	s = handover(family, PLAIN, &plain);
	ksft_test_result(s.err == 0 && s.processes == 1,
			 "control: the child reading a handed-over dump sees the asker's plain image (status %d, %d processes)\n",
			 s.err, s.processes);
	s = handover(family, SUID, &suid);
	ksft_test_result(s.err == 0 && s.processes == 0,
			 "after the asker execs a setuid-root image, the handed-over dump does not list it (status %d, %d processes)\n",
			 s.err, s.processes);
	unlink(SUID);
	unlink(PLAIN);
	ksft_finished();
}

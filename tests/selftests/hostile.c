// SPDX-License-Identifier: GPL-2.0
/*
 * A process whose names are hostile, for the CLI's escaping tests: its
 * name (comm) clears a terminal and ends a line, it maps a memfd whose name
 * sets a window title, a /dev/shm file whose name holds quotes, a
 * backslash, a newline and an invalid UTF-8 byte, and a file 4 KiB deep in
 * /dev/shm. Prints its pid when all is mapped, then waits to be killed.
 * Without memfd_create (before 3.17) the memfd is left out.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define COMM	"\033[2J\033[31mEVIL\n"
#define MEMFD	"\033]0;pwned\007"
#define SHMFILE	"/dev/shm/km\"q\\b\nx\xff'y"
#define DEEP	"/dev/shm/kmemstat-deep"

static int map(int fd)
{
	if (fd < 0 || ftruncate(fd, 65536) ||
	    mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED)
		return -1;
	return 0;
}

int main(void)
{
	char path[4200];
	size_t n;
	int fd;

#ifdef SYS_memfd_create
	fd = (int)syscall(SYS_memfd_create, MEMFD, 0);
	if (fd < 0 && errno != ENOSYS) {
		perror("memfd_create");
		return 1;
	}
	if (fd >= 0 && map(fd))
		return 1;
#endif
	fd = open(SHMFILE, O_RDWR | O_CREAT, 0600);
	unlink(SHMFILE);
	if (map(fd)) {
		perror(SHMFILE);
		return 1;
	}
	/* 4 KiB of path: directories of 200 bytes each, then the file. */
	strcpy(path, DEEP);
	mkdir(path, 0700);
	while (strlen(path) + 202 < 4000) {
		n = strlen(path);
		path[n] = '/';
		memset(path + n + 1, 'd', 200);
		path[n + 201] = '\0';
		mkdir(path, 0700);
	}
	strcat(path, "/file");
	fd = open(path, O_RDWR | O_CREAT, 0600);
	if (map(fd)) {
		perror("deep file");
		return 1;
	}
	if (prctl(PR_SET_NAME, COMM, 0, 0, 0)) {
		perror("prctl");
		return 1;
	}
	printf("%d\n", (int)getpid());
	fflush(stdout);
	pause();
	return 0;
}

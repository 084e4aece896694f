/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A /proc tree made by a test with known contents, for the /proc sources:
 * fakeproc_init() makes it under $TMPDIR, put() writes a file in it, dir()
 * makes a directory, fakeproc_done() removes it.
 */
#ifndef KM_FAKEPROC_H
#define KM_FAKEPROC_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "kselftest.h"

static char root[256];

static void fakeproc_init(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(root, sizeof(root), "%s/proc.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(root))
		ksft_exit_fail_msg("cannot make a directory under %s\n", tmp ? tmp : "/tmp");
}

static void put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		ksft_exit_fail_msg("cannot write %s\n", path);
}

static void dir(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkdir(path, 0755);
}

static void fakeproc_done(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		ksft_print_msg("could not remove %s\n", root);
}

#endif

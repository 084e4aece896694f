/* SPDX-License-Identifier: GPL-2.0 */
/* The one place the release number lives: module, CLI, DKMS and packages read it. */
#ifndef KMEMSTAT_VERSION
#define KMEMSTAT_VERSION "0.1.0"
#endif

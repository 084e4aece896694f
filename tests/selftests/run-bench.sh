#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The benchmarks, run by /init in bench mode with the module loaded.
cd /tests
insmod /lib/modules/kmemstat.ko || exit 1
./bench_mem
echo
./bench_cpu
echo
./bench_shmem
echo
./bench_genl

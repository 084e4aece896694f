#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""shm_holder.py SCENE: makes shmem objects for cli_host.sh, prints the pids
that hold them on one line once they are written, then sleeps until killed.

procs:  a 4 MiB memfd "kmemstat-procs", 1 MiB written, mapped twice, and a
        child that inherits both mappings: 2 processes, 4 mappings.
sysv:   a 4 MiB SysV segment, key 0x4b4d0001, attached, 2 MiB written (in
        a fresh IPC namespace it is shmid 0, and goes with the namespace).
own:    a 4 MiB memfd "kmemstat-own", 1 MiB written, mapped twice, its fd
        kept open; and 2 MiB of shared anonymous memory, all written, whose
        only handle is the mapping.
"""
import ctypes
import mmap
import os
import sys
import time

MB = 1 << 20


def memfd(name, mappings):
    fd = os.memfd_create(name)
    os.ftruncate(fd, 4 * MB)
    maps = [mmap.mmap(fd, 4 * MB, mmap.MAP_SHARED) for _ in range(mappings)]
    maps[0][:MB] = b"x" * MB
    return fd, maps


def main(scene):
    keep = []
    pids = [os.getpid()]
    if scene == "procs":
        keep.append(memfd("kmemstat-procs", 2))
        child = os.fork()
        if child == 0:
            time.sleep(120)
            os._exit(0)
        pids.append(child)
    elif scene == "sysv":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.shmat.restype = ctypes.c_void_p
        shmid = libc.shmget(0x4b4d0001, 4 * MB, 0o1000 | 0o600)
        addr = libc.shmat(shmid, None, 0)
        if shmid < 0 or addr in (None, ctypes.c_void_p(-1).value):
            sys.exit("shmget/shmat: errno %d" % ctypes.get_errno())
        ctypes.memset(addr, 1, 2 * MB)
        pids.append(shmid)
    elif scene == "own":
        keep.append(memfd("kmemstat-own", 2))
        anon = mmap.mmap(-1, 2 * MB, mmap.MAP_SHARED)
        anon[:] = b"y" * (2 * MB)
        keep.append(anon)
    else:
        sys.exit("unknown scene " + scene)
    print(*pids, flush=True)
    time.sleep(120)


main(sys.argv[1])

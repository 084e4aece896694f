#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""textfile_scrape.py NODE_EXPORTER DIR: node_exporter's textfile collector
takes kmemstat's expositions (DIR/*.prom) as they are. Starts Debian's
prometheus-node-exporter on loopback with its default collectors (meminfo
included, as on a real host) and the textfile collector on DIR, scrapes
/metrics once, and checks: HTTP 200, node_textfile_scrape_error 0, every
series of every file there with its value, and no collector error in
node_exporter's log ("was collected before", a parse error). Exit 0 when all
hold, 1 otherwise (the reasons on stdout, one per line)."""
import glob
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def series(text):
    """{(name, sorted labels): value} of an exposition's samples."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith('#'):
            continue
        m = SAMPLE.match(line)
        if not m:
            continue
        labels = tuple(sorted(LABEL.findall(m.group(2) or '')))
        out[(m.group(1), labels)] = float(m.group(3))
    return out


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def scrape(binary, directory, log, extra):
    """The /metrics text, or None: retried until node_exporter answers or
    exits, at most 60 s (it starts in well under a second when idle)."""
    addr = '127.0.0.1:%d' % free_port()
    proc = subprocess.Popen([binary, '--web.listen-address=' + addr,
                             '--collector.textfile.directory=' + directory] + extra,
                            stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen('http://%s/metrics' % addr, timeout=10) as r:
                    return r.status, r.read().decode('utf-8')
            except OSError:
                time.sleep(0.1)
        return None, None
    finally:
        proc.terminate()
        proc.wait()


def main():
    binary, directory = sys.argv[1], sys.argv[2]
    files = sorted(glob.glob(os.path.join(directory, '*.prom')))
    bad = []
    if not files:
        bad.append('no .prom file in ' + directory)
    # Files from a kernel without MemAvailable (a VM's) carry
    # node_memory_MemAvailable_bytes, which this host's own meminfo
    # collector writes too when its kernel has MemAvailable: not so on the
    # host those files describe. Leave this host's meminfo out then.
    extra = []
    gap = False
    for path in files:
        with open(path, encoding='utf-8') as f:
            gap = gap or any(k[0].startswith('node_memory_') for k in series(f.read()))
    with open('/proc/meminfo') as f:
        if gap and 'MemAvailable:' in f.read():
            extra = ['--no-collector.meminfo']
            print('files for a kernel without MemAvailable, scraped on one with it: --no-collector.meminfo')
    with tempfile.TemporaryFile(mode='w+') as log:
        status, text = scrape(binary, directory, log, extra)
        log.seek(0)
        logged = log.read()
    if text is None:
        print('node_exporter did not answer; its log:')
        print(logged)
        return 1
    if status != 200:
        bad.append('HTTP status %s' % status)
    got = series(text)
    if got.get(('node_textfile_scrape_error', ())) != 0.0:
        bad.append('node_textfile_scrape_error is %s' % got.get(('node_textfile_scrape_error', ())))
    for line in logged.splitlines():
        if 'collected before' in line or 'textfile' in line and 'level=error' in line:
            bad.append('node_exporter: ' + line)
    for path in files:
        with open(path, encoding='utf-8') as f:
            want = series(f.read())
        missing = [k for k in want if k not in got]
        if missing:
            bad.append('%s: %d of %d series missing in the scrape, e.g. %s' %
                       (os.path.basename(path), len(missing), len(want), missing[0]))
        wrong = [k for k in want if k in got and got[k] != want[k]]
        if wrong:
            bad.append('%s: %s is %s in the scrape, %s in the file' %
                       (os.path.basename(path), wrong[0], got[wrong[0]], want[wrong[0]]))
        print('%s: %d series scraped' % (os.path.basename(path), len(want) - len(missing)))
    for b in bad:
        print(b)
    return 1 if bad else 0


sys.exit(main())

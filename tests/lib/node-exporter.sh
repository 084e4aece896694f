#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Prints the path of Debian's prometheus-node-exporter binary, taken from
# the package (apt-get download, cached outside the clone) rather than
# installed: installing it would start a daemon on port 9100 of this host.
# Exit 1 with the reason on stderr when it cannot be had.
set -eu
cache=${KMEMSTAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kmemstat}/node-exporter
bin=$cache/prometheus-node-exporter
if [ ! -x "$bin" ]; then
	mkdir -p "$cache"
	d=$(mktemp -d "$cache/tmp.XXXXXX")
	trap 'rm -rf "$d"' EXIT
	# apt's package lists may be absent on a fresh machine: update once.
	(cd "$d" && { apt-get download -q prometheus-node-exporter >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
		  apt-get download -q prometheus-node-exporter >/dev/null 2>&1; }; }) ||
		{ echo "node-exporter.sh: apt-get download prometheus-node-exporter failed" >&2; exit 1; }
	dpkg-deb -x "$d"/prometheus-node-exporter_*.deb "$d/x"
	mv "$d/x/usr/bin/prometheus-node-exporter" "$bin"
fi
echo "$bin"

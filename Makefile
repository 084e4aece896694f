# SPDX-License-Identifier: GPL-2.0
# kmemstat: the module (kmod/), the CLI (user/), tests and packaging.
#   make run     boot Debian's kernel in QEMU with the module; show kmemstat
#   make check   every test: host tests, then the VM suite
#   make bench   benchmarks in the VM, as ratios against /proc
#   make check-matrix  the VM suite on each kernel of the matrix (5.10 to the
#                newest), the module built in each release's own chroot
#   make static-cli  one static CLI binary (musl) for every x86-64 kernel
#   make install the module for the running kernel and the CLI (real hosts)
#   make dkms-install / dkms-uninstall   the module through DKMS, for every
#                kernel with headers, from this checkout
PREFIX ?= /usr/local
KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
BUILD := $(CURDIR)/build
VERSION := $(shell sed -n 's/^\#define KMEMSTAT_VERSION "\(.*\)"/\1/p' kmod/version.h)
DKMS_SRC := $(DESTDIR)/usr/src/kmemstat-$(VERSION)

all: cli

# Prerequisites first: one line naming what is missing and its package.
need-cli:
	@CC="$(CC)" sh scripts/prereq.sh cli
need-kernel:
	@CC="$(CC)" sh scripts/prereq.sh kernel "$(KDIR)" "$(KVER)"
need-dkms:
	@sh scripts/prereq.sh dkms

cli: need-cli
	$(MAKE) -C user

module: need-kernel
	$(MAKE) -C kmod KDIR=$(KDIR)

# One static CLI for every x86-64 host back to 2.6.32 (musl; no library
# needed on the host): build/static-cli/kmemstat.
static-cli:
	@scripts/static-cli.sh $(BUILD)/static-cli

# The same CLI and the selftests for the VM's initramfs.
static:
	@scripts/static-cli.sh $(BUILD)/static --selftests

run:
	@tests/vm/run.sh run

check:
	@tests/run-all.sh

bench:
	@tests/vm/run.sh bench
	@tests/unit/bench_report.sh

check-matrix:
	@tests/matrix/run.sh $(TARGETS)

install: cli module install-cli
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod modules_install
	depmod -a $(KVER)

install-cli: cli
	install -D -m 0755 user/kmemstat $(DESTDIR)$(PREFIX)/bin/kmemstat
	install -D -m 0644 docs/kmemstat.1 $(DESTDIR)$(PREFIX)/share/man/man1/kmemstat.1
	install -D -m 0644 user/completion/kmemstat \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/kmemstat

# The module's source where DKMS wants it, with dkms.conf's version filled in.
dkms-src:
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)/kmod/uapi
	install -m 0644 kmod/Kbuild kmod/Makefile kmod/*.c $(DKMS_SRC)/kmod/
	install -m 0644 $(filter-out kmod/km_config.h,$(wildcard kmod/*.h)) $(DKMS_SRC)/kmod/
	install -m 0755 kmod/probe.sh $(DKMS_SRC)/kmod/
	install -m 0644 kmod/uapi/kmemstat.h $(DKMS_SRC)/kmod/uapi/
	sed 's/#MODULE_VERSION#/$(VERSION)/' dkms.conf > $(DKMS_SRC)/dkms.conf

# For the running kernel, or KVER=...
dkms-install: need-dkms need-kernel
	$(MAKE) dkms-src
	dkms add kmemstat/$(VERSION)
	dkms install kmemstat/$(VERSION) -k $(KVER)

dkms-uninstall:
	dkms remove kmemstat/$(VERSION) --all
	rm -rf /usr/src/kmemstat-$(VERSION)

clean:
	$(MAKE) -C user clean
	rm -rf $(BUILD)
	rm -f kmod/*.o kmod/*.ko kmod/*.mod kmod/*.mod.c kmod/.*.cmd kmod/Module.symvers kmod/modules.order kmod/km_config.h

.PHONY: all need-cli need-kernel need-dkms cli module static static-cli run check check-matrix bench install install-cli \
	dkms-src dkms-install dkms-uninstall clean

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Host tests: build (CLI with -Werror, module against the kernel headers),
# unit tests of the formula on saved /proc samples, the CLI's contract on
# this host's /proc, valgrind. kselftest runner format on stdout.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
B=$TOP/build/unit
mkdir -p "$B"
cd "$TOP/tests/unit"
. ../lib/ktap.sh

build() {
	# The kernel's kselftest.h, as tests/selftests/Makefile takes it.
	ksft=$("$TOP/scripts/kselftest.sh") &&
	make -s -C "$TOP/user" kmemstat libkmemstat.a &&
	for t in test_memcalc test_tasks test_shmem_src test_audit; do
		cc -std=gnu99 -Wall -Wextra -Werror -isystem "$ksft" -o "$B/$t" $t.c \
			"$TOP/user/libkmemstat.a" $(pkg-config --libs libnl-genl-3.0) || return 1
	done
	cc -std=gnu99 -Wall -Wextra -Werror -o "$B/hostile" ../selftests/hostile.c &&
	cc -std=gnu99 -Wall -Wextra -Werror -o "$B/dstate" ../selftests/dstate.c -lpthread &&
	# The reply parsers and what they call, under ASan and UBSan.
	cc -std=gnu99 -Wall -Wextra -Werror -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
		-fsanitize=address,undefined -fno-sanitize-recover=all -isystem "$ksft" \
		$(pkg-config --cflags libnl-genl-3.0) -o "$B/test_kmod_parse" test_kmod_parse.c \
		"$TOP/user/kmod.c" "$TOP/user/nl.c" "$TOP/user/tasks.c" \
		"$TOP/user/shm_list.c" "$TOP/user/fields.c" $(pkg-config --libs libnl-genl-3.0) &&
	cc -std=gnu99 -Wall -Wextra -Werror -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
		-fsanitize=address,undefined -fno-sanitize-recover=all -isystem "$ksft" \
		-o "$B/test_jsonparse" test_jsonparse.c "$TOP/user/jsonparse.c" &&
	"$TOP/user/kmemstat" audit > "$B/audit.json" &&
	# The whole CLI under ASan and UBSan, for cli_host.sh to run every command.
	cc -std=gnu99 -Wall -Wextra -Werror -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
		-fsanitize=address,undefined -fno-sanitize-recover=all \
		$(pkg-config --cflags libnl-genl-3.0) -o "$B/kmemstat-asan" "$TOP"/user/*.c \
		$(pkg-config --libs libnl-genl-3.0)
}

# The VM's hostile-names test on this host's /proc, where python3 parses
# the JSON and checks the Prometheus text.
hostile() {
	(cd ../lib && PATH="$TOP/user:$B:$PATH" KMEMSTAT_SOURCES=procfs \
		sh ../selftests/cli_hostile.sh "$TOP/tests/unit/prom_check.py")
}

TESTS="build test_memcalc test_tasks test_shmem_src test_audit test_kmod_parse test_jsonparse cli_host.sh hostile style.sh"
set -- $TESTS
echo "TAP version 13"
echo "1..$#"
n=0
for t in $TESTS; do
	n=$((n + 1))
	case $t in
	build) cmd=build ;;
	test_memcalc) cmd="$B/test_memcalc $(ls -d samples/*/ | sed 's,/$,,' | tr '\n' ' ')" ;;
	test_tasks) cmd="$B/test_tasks" ;;
	test_shmem_src) cmd="$B/test_shmem_src" ;;
	test_audit) cmd="$B/test_audit" ;;
	test_jsonparse) cmd="$B/test_jsonparse $B/audit.json" ;;
	test_kmod_parse) cmd="$B/test_kmod_parse" ;;
	hostile) cmd=hostile ;;
	*) cmd="sh ./$t" ;;
	esac
	ktap_run $n "host: $t" $cmd
done

# SPDX-License-Identifier: GPL-2.0
# TAP 13 helper for shell tests (busybox sh and bash), as the kernel's
# kselftest.h is for the C tests (scripts/kselftest.sh).
KTAP_COUNT=0
KTAP_FAILED=0
KTAP_SKIPPED=0
KTAP_PLANNED=0

ktap_plan() { KTAP_PLANNED=$1; echo "TAP version 13"; echo "1..$1"; }
# Every line of a diagnostic is a comment, so that output quoted in one
# cannot pass for a result.
ktap_diag() { printf '%s\n' "$*" | sed 's/^/# /'; }
# ktap_result 0|1 DESCRIPTION: 0 passes, as an exit status would.
ktap_result() {
	KTAP_COUNT=$((KTAP_COUNT + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $KTAP_COUNT $2"
	else
		echo "not ok $KTAP_COUNT $2"
		KTAP_FAILED=$((KTAP_FAILED + 1))
	fi
}
# ktap_check DESCRIPTION COMMAND...: runs the command, its status is the result.
ktap_check() {
	_d=$1
	shift
	"$@"
	ktap_result $? "$_d"
}
ktap_skip() {
	KTAP_COUNT=$((KTAP_COUNT + 1))
	KTAP_SKIPPED=$((KTAP_SKIPPED + 1))
	echo "ok $KTAP_COUNT $2 # SKIP $1"
}
# wait_until TRIES COMMAND...: run COMMAND every 0.05 s until it succeeds,
# at most TRIES times (a wait for a condition, never a fixed sleep).
wait_until() {
	_n=$1
	shift
	until "$@"; do
		_n=$((_n - 1))
		[ "$_n" -gt 0 ] || return 1
		sleep 0.05
	done
}
# task_state PID LETTER: /proc/PID/stat says the process is in that state.
task_state() { grep -qs ") $2 " "/proc/$1/stat"; }
# kernel_before MAJOR.MINOR: the running kernel is older than that.
kernel_before() {
	_r=$(uname -r)
	_kmaj=${_r%%.*}
	_r=${_r#*.}
	_kmin=${_r%%[!0-9]*}
	[ "$_kmaj" -lt "${1%%.*}" ] || { [ "$_kmaj" -eq "${1%%.*}" ] && [ "$_kmin" -lt "${1#*.}" ]; }
}
# can_unshare [runas UID] UNSHARE_ARGS...: the kernel lets unshare(1) make
# those namespaces (pid and user ones need 3.8; a user's own, a setting).
can_unshare() {
	if [ "$1" = runas ]; then
		_u=$2
		shift 2
		runas "$_u" unshare "$@" true >/dev/null 2>&1
	else
		unshare "$@" true >/dev/null 2>&1
	fi
}
# Exit with the KSFT code for what was reported.
ktap_finish() {
	if [ "$KTAP_COUNT" -ne "$KTAP_PLANNED" ]; then
		ktap_diag "planned $KTAP_PLANNED tests, ran $KTAP_COUNT"
		exit 1
	fi
	[ "$KTAP_FAILED" -eq 0 ] || exit 1
	[ "$KTAP_COUNT" -gt 0 ] && [ "$KTAP_SKIPPED" -eq "$KTAP_COUNT" ] && exit 4
	exit 0
}

# Seconds since boot, whole (busybox sh counts in integers).
ktap_uptime() { read -r _up _ < /proc/uptime; echo "${_up%%.*}"; }

# ktap_run N NAME COMMAND...: a kselftest runner step. Runs the command, nests
# its output behind "# " and reports "ok N NAME" by its KSFT exit code.
ktap_run() {
	_n=$1
	_name=$2
	shift 2
	_rcf=${TMPDIR:-/tmp}/ktap.rc.$$.$_n
	_t0=$(ktap_uptime)
	{ "$@" 2>&1; echo $? > "$_rcf"; } | sed 's/^/# /'
	_rc=$(cat "$_rcf")
	rm -f "$_rcf"
	# each step's time, so that a slow run's log says where the time went
	echo "# $_name: $(($(ktap_uptime) - _t0)) s"
	case $_rc in
	0) echo "ok $_n $_name" ;;
	4) echo "ok $_n $_name # SKIP" ;;
	*) echo "not ok $_n $_name # exit=$_rc" ;;
	esac
}

# Shared by the interop scripts (bash). Sourced as:
#   . "$(dirname "$0")/lib.sh" "$@"      with args SIPREF SIPP SRCDIR
# Everything runs on loopback with ports picked at random among the free
# ones; every process started here is killed on exit (trap); every check
# prints what it checked. Exit: 0 pass, 1 fail, 77 skip (CTest SKIP_RETURN_CODE).
set -u

SIPREF=${1:?usage: SCRIPT SIPREF SIPP SRCDIR}
SIPP=${2:-}
SRCDIR=${3:?usage: SCRIPT SIPREF SIPP SRCDIR}
SCEN="$SRCDIR/sipp"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sipvet-interop.XXXXXX") || exit 1
PIDS=""
SIPREF_PID=""
exec </dev/null

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	for p in $PIDS; do
		wait "$p" 2>/dev/null
	done
	exec 3>&- 2>/dev/null
	if [ -n "${KEEP_WORK:-}" ]; then
		echo "work files kept in $WORK"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT
trap 'echo "FAIL: interrupted"; exit 1' INT TERM

say() { echo "$*"; }
pass() { echo "ok: $*"; }

# Prints the logs of this run, then fails.
fail() {
	echo "FAIL: $*"
	for f in "$WORK"/sipref.log "$WORK"/sipref.out "$WORK"/sipp.out "$WORK"/errors.log; do
		[ -s "$f" ] || continue
		echo "---- tail of ${f##*/}"
		tail -n 40 "$f"
	done
	exit 1
}

skip() {
	echo "SKIP: $*"
	exit 77
}

need_sipp() {
	[ -n "$SIPP" ] && [ -x "$SIPP" ] || skip "sipp not installed (Debian package sip-tester)"
}

[ -x "$SIPREF" ] || skip "sipref is not built yet ($SIPREF)"

# A port free for both UDP and TCP on loopback (a small race with other
# programs remains; the ports are re-checked by binding them).
free_port() {
	local p i
	for i in $(seq 1 200); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		if [ -z "$(ss -Hlnu "sport = :$p" 2>/dev/null)$(ss -Hlnt "sport = :$p" 2>/dev/null)" ]; then
			case " ${USED_PORTS:-} " in *" $p "*) continue ;; esac
			USED_PORTS="${USED_PORTS:-} $p"
			echo "$p"
			return 0
		fi
	done
	fail "no free port found"
}

# wait_for FILE REGEX [SECONDS]: until a line of FILE matches.
wait_for() {
	local f=$1 re=$2 t=${3:-10} i
	for i in $(seq 1 $((t * 20))); do
		grep -Eq -- "$re" "$f" 2>/dev/null && return 0
		if [ -n "$SIPREF_PID" ] && ! kill -0 "$SIPREF_PID" 2>/dev/null; then
			grep -Eq -- "$re" "$f" 2>/dev/null && return 0
			return 1
		fi
		sleep 0.05
	done
	return 1
}

# start_sipref ARGS...: in the background, stderr to sipref.log, stdout to
# sipref.out (stdin from $SIPREF_STDIN, default /dev/null); waits for the
# "ready" line.
start_sipref() {
	"$SIPREF" "$@" <"${SIPREF_STDIN:-/dev/null}" >"$WORK/sipref.out" 2>"$WORK/sipref.log" &
	SIPREF_PID=$!
	PIDS="$PIDS $SIPREF_PID"
	wait_for "$WORK/sipref.log" ' ready \(' 10 || fail "sipref did not start: sipref $*"
	say "sipref started: sipref $*"
}

# stop_sipref [SIGNAL]: clean shutdown, exit status 0 within 5 s.
stop_sipref() {
	local sig=${1:-TERM} i rc
	kill -"$sig" "$SIPREF_PID" 2>/dev/null
	for i in $(seq 1 100); do
		kill -0 "$SIPREF_PID" 2>/dev/null || break
		sleep 0.05
	done
	kill -0 "$SIPREF_PID" 2>/dev/null && fail "sipref still running 5 s after SIG$sig"
	wait "$SIPREF_PID"
	rc=$?
	[ "$rc" -eq 0 ] || fail "sipref exited with status $rc after SIG$sig"
	pass "sipref shut down cleanly on SIG$sig (exit 0)"
	SIPREF_PID=""
}

# stat_field CSV NAME: the last value of column NAME in a SIPp -trace_stat file.
stat_field() {
	awk -F';' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i }
		END { if (c) print $c }' "$1"
}

# The log lines of sipref that report errors (the level "error:").
sipref_errors() {
	grep -E '^\[[0-9.]+\] error:' "$WORK/sipref.log"
}

#!/usr/bin/env bash
# Remote mode against our own server (issue 4): sipref is started on
# loopback (UDP and TCP on one free port) and tested from the outside with
#   sipvet run --target udp:127.0.0.1:PORT --profile sipref-remote/profile.yml
#   sipvet run --target tcp:127.0.0.1:PORT --profile sipref-remote/profile.yml
# over the torture cases and every other case that applies to a registrar
# (sipref is none: those are skipped). The verdicts are compared with
# sipref-remote/expected.txt; any difference fails the test and is printed.
# One sipref serves every run, so the cases must also hold against a
# long-lived IUT (no two runs may look like one request to it).
#
# usage: sipref-remote.sh SIPVET SIPREF SRCDIR
# Environment: KEEP_WORK=1 keeps the temporary directory (logs, reports).
# Exit: 0 the verdicts are the expected ones, 1 not, 77 skipped (a binary
# is missing).
set -u

SIPVET=${1:?usage: sipref-remote.sh SIPVET SIPREF SRCDIR}
SIPREF=${2:?usage: sipref-remote.sh SIPVET SIPREF SRCDIR}
SRCDIR=${3:?usage: sipref-remote.sh SIPVET SIPREF SRCDIR}
HERE="$SRCDIR/tests/interop/sipref-remote"
EXPECTED="$HERE/expected.txt"
exec </dev/null

[ -x "$SIPVET" ] || { echo "SKIP: sipvet is not built ($SIPVET)"; exit 77; }
[ -x "$SIPREF" ] || { echo "SKIP: sipref is not built ($SIPREF)"; exit 77; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sipvet-sipref-remote.XXXXXX") || exit 1
. "$(dirname "$0")/remote_lib.sh"
SPID=""
cleanup() {
	stop_proc "$SPID"
	if [ -n "${KEEP_WORK:-}" ]; then
		echo "work files kept in $WORK"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT
trap 'echo "FAIL: interrupted"; exit 1' INT TERM

fail() {
	echo "FAIL: $*"
	if [ -s "$WORK/sipref.log" ]; then
		echo "---- tail of sipref.log"
		tail -n 20 "$WORK/sipref.log"
	fi
	exit 1
}

# A port free for both UDP and TCP (sipref's bind is the final check).
free_port() {
	local p
	for _ in $(seq 1 200); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		if [ -z "$(ss -Hlnu "sport = :$p" 2>/dev/null)$(ss -Hlnt "sport = :$p" 2>/dev/null)" ]; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

started=0
for _ in 1 2 3; do
	PORT=$(free_port) || fail "no free port"
	"$SIPREF" --listen "udp:127.0.0.1:$PORT" --listen "tcp:127.0.0.1:$PORT" --role uas \
		--log-level info >"$WORK/sipref.out" 2>"$WORK/sipref.log" &
	SPID=$!
	for _ in $(seq 1 200); do
		grep -q ' ready (' "$WORK/sipref.log" 2>/dev/null && break
		kill -0 "$SPID" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$SPID" 2>/dev/null && grep -q ' ready (' "$WORK/sipref.log"; then
		started=1
		break
	fi
	wait "$SPID" 2>/dev/null
	SPID=""
	grep -q "in use" "$WORK/sipref.log" || break
done
[ "$started" -eq 1 ] || fail "sipref did not start on udp/tcp 127.0.0.1:$PORT"
echo "sipref on udp:127.0.0.1:$PORT and tcp:127.0.0.1:$PORT (pid $SPID)"

others=()
for d in "$SRCDIR"/cases/*/; do
	d=${d%/}
	case "${d##*/}" in torture | examples) continue ;; esac
	others+=("$d")
done

# run NAME ARGS...: one sipvet run into $WORK/NAME, its verdicts appended
# to got.txt.
run() {
	local name=$1 rc
	shift
	"$SIPVET" run --profile "$HERE/profile.yml" -j 32 --out "$WORK/$name" "$@" \
		>"$WORK/$name.out" 2>&1
	rc=$?
	[ "$rc" -le 1 ] || { cat "$WORK/$name.out"; fail "sipvet ($name) exited with status $rc"; }
	need_results "$WORK/$name" "$WORK/$name.out" "sipvet ($name)"
	extract "$WORK/$name/results.json" >>"$WORK/got.txt"
	echo "$name: $(grep -E '^[0-9]+ runs:' "$WORK/$name.out")"
}

t0=$SECONDS
: >"$WORK/got.txt"
for tp in udp tcp; do
	run "torture-$tp" --target "$tp:127.0.0.1:$PORT" --transport "$tp" "$SRCDIR/cases/torture"
	if [ ${#others[@]} -gt 0 ]; then
		run "registrar-$tp" --target "$tp:127.0.0.1:$PORT" --transport "$tp" --role registrar \
			"${others[@]}"
	fi
done
echo "sipvet: $((SECONDS - t0)) s in all"
kill -0 "$SPID" 2>/dev/null || fail "sipref died during the runs"
[ -s "$WORK/got.txt" ] || fail "no verdicts could be read from results.json"

sed -e 's/#.*//' -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' "$EXPECTED" | grep -v '^$' |
	sort >"$WORK/want.txt"
sort -o "$WORK/got.txt" "$WORK/got.txt"
if ! diff -u "$WORK/want.txt" "$WORK/got.txt" >"$WORK/diff.txt"; then
	echo "FAIL: sipref's verdicts differ from $EXPECTED"
	echo "(- expected, + observed)"
	grep -E '^[-+][^-+]' "$WORK/diff.txt"
	echo "---- sipvet's account of the runs that did not pass"
	cat "$WORK"/*.out | grep -E '^(FAIL|INCONC|ERROR|WAIVE) |^      (expected|received|rfc):' |
		head -n 200
	exit 1
fi
echo "ok: $(wc -l <"$WORK/got.txt") runs, every verdict as expected.txt records it" \
	"($(grep -c ' pass$' "$WORK/got.txt") pass, $(grep -c ' fail$' "$WORK/got.txt") fail," \
	"$(grep -c ' skipped$' "$WORK/got.txt") skipped)"
exit 0

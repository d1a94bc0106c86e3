#!/usr/bin/env bash
# Remote mode proven on real software (issue 4): Kamailio, from its Debian
# package, on loopback with the configuration the project ships
# (kamailio/kamailio.cfg: OPTIONS answered statelessly, a registrar for
# sipvet.test, 404/403 for anything else), tested by
#   sipvet run --target udp:127.0.0.1:PORT --profile kamailio/profile.yml
# over the torture cases and every other case that applies to a registrar.
# The verdicts are compared with kamailio/expected.txt; any difference (a
# verdict that changed, a run missing or new) fails the test and is printed.
#
# usage: kamailio.sh SIPVET SRCDIR [KAMAILIO]
#   SIPVET    the sipvet binary
#   SRCDIR    the source tree (cases/, tests/interop/kamailio/)
#   KAMAILIO  the kamailio binary (default /usr/sbin/kamailio)
# Environment: KAMAILIO_MODULES (default /usr/lib/x86_64-linux-gnu/kamailio/
# modules, else the first .../kamailio/modules found), KEEP_WORK=1 keeps the
# temporary directory (logs, report).
# Exit: 0 the verdicts are the expected ones, 1 not, 77 skipped (Kamailio or
# sipvet missing).
set -u

SIPVET=${1:?usage: kamailio.sh SIPVET SRCDIR [KAMAILIO]}
SRCDIR=${2:?usage: kamailio.sh SIPVET SRCDIR [KAMAILIO]}
KAMAILIO=${3:-/usr/sbin/kamailio}
HERE="$SRCDIR/tests/interop/kamailio"
EXPECTED="$HERE/expected.txt"
exec </dev/null

[ -x "$SIPVET" ] || { echo "SKIP: sipvet is not built ($SIPVET)"; exit 77; }
[ -x "$KAMAILIO" ] || { echo "SKIP: kamailio not installed (Debian package kamailio)"; exit 77; }
MODULES=${KAMAILIO_MODULES:-/usr/lib/x86_64-linux-gnu/kamailio/modules}
if [ ! -f "$MODULES/registrar.so" ]; then
	MODULES=$(dirname "$(find /usr/lib /usr/lib64 /usr/local/lib -path '*/kamailio/modules/registrar.so' \
		2>/dev/null | head -n 1)" 2>/dev/null)
	[ -f "$MODULES/registrar.so" ] || { echo "SKIP: Kamailio's modules not found"; exit 77; }
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sipvet-kamailio.XXXXXX") || exit 1
. "$(dirname "$0")/remote_lib.sh"
KPID=""
cleanup() {
	stop_proc "$KPID"
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
	if [ -s "$WORK/kamailio.log" ]; then
		echo "---- tail of kamailio.log"
		tail -n 20 "$WORK/kamailio.log"
	fi
	exit 1
}

# A UDP port nobody listens on (Kamailio's bind is the final check).
free_port() {
	local p
	for _ in $(seq 1 200); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		if [ -z "$(ss -Hlnu "sport = :$p" 2>/dev/null)" ]; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# Kamailio in the foreground (-DD: the creator stays ours, so the trap can
# stop it), logging to stderr, UDP on loopback only, its runtime directory
# and pid file in $WORK. A port taken meanwhile is retried.
started=0
for _ in 1 2 3; do
	PORT=$(free_port) || fail "no free UDP port"
	"$KAMAILIO" -DD -E -f "$HERE/kamailio.cfg" -L "$MODULES" -Y "$WORK" -P "$WORK/kamailio.pid" \
		-l "udp:127.0.0.1:$PORT" -T -S -n 2 -m 32 -M 8 -a no >"$WORK/kamailio.log" 2>&1 &
	KPID=$!
	for _ in $(seq 1 100); do
		[ -s "$WORK/kamailio.pid" ] && ss -Hlnu "sport = :$PORT" 2>/dev/null | grep -q . && break
		kill -0 "$KPID" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$KPID" 2>/dev/null && ss -Hlnu "sport = :$PORT" 2>/dev/null | grep -q .; then
		started=1
		break
	fi
	wait "$KPID" 2>/dev/null
	KPID=""
	grep -q "Address already in use" "$WORK/kamailio.log" || break
done
[ "$started" -eq 1 ] || fail "kamailio did not start on udp:127.0.0.1:$PORT"
echo "kamailio $("$KAMAILIO" -v 2>/dev/null | sed -n '1s/^version: //p') on udp:127.0.0.1:$PORT (pid $KPID)"

# The cases: all of cases/torture, plus the registrar cases of the other
# areas (cases/examples aside).
paths=("$SRCDIR/cases/torture")
others=()
for d in "$SRCDIR"/cases/*/; do
	d=${d%/}
	case "${d##*/}" in torture | examples) continue ;; esac
	others+=("$d")
done

t0=$SECONDS
"$SIPVET" run --target "udp:127.0.0.1:$PORT" --transport udp --profile "$HERE/profile.yml" -j 32 \
	--out "$WORK/torture" "${paths[@]}" >"$WORK/sipvet.out" 2>&1
rc=$?
[ "$rc" -le 1 ] || { cat "$WORK/sipvet.out"; fail "sipvet exited with status $rc (an error, not a verdict)"; }
need_results "$WORK/torture" "$WORK/sipvet.out" sipvet
extract "$WORK/torture/results.json" >"$WORK/got.txt"
if [ ${#others[@]} -gt 0 ]; then
	"$SIPVET" run --target "udp:127.0.0.1:$PORT" --transport udp --profile "$HERE/profile.yml" \
		-j 32 --role registrar --out "$WORK/registrar" "${others[@]}" >>"$WORK/sipvet.out" 2>&1
	rc=$?
	[ "$rc" -le 1 ] || { cat "$WORK/sipvet.out"; fail "sipvet (registrar cases) exited with status $rc"; }
	[ -s "$WORK/registrar/results.json" ] && extract "$WORK/registrar/results.json" >>"$WORK/got.txt"
fi
grep -E '^[0-9]+ runs:' "$WORK/sipvet.out" | sed 's/^/sipvet: /'
echo "sipvet: $((SECONDS - t0)) s in all"
[ -s "$WORK/got.txt" ] || fail "no verdicts could be read from results.json"

# The expectation file: "ID TRANSPORT VERDICT", '#' starts a comment.
sed -e 's/#.*//' -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' "$EXPECTED" | grep -v '^$' |
	sort >"$WORK/want.txt"
sort -o "$WORK/got.txt" "$WORK/got.txt"
if ! diff -u "$WORK/want.txt" "$WORK/got.txt" >"$WORK/diff.txt"; then
	echo "FAIL: Kamailio's verdicts differ from $EXPECTED"
	echo "(- expected, + observed)"
	grep -E '^[-+][^-+]' "$WORK/diff.txt"
	echo "---- sipvet's account of the runs that did not pass"
	grep -E '^(FAIL|INCONC|ERROR|WAIVE) |^      (expected|received|rfc):' "$WORK/sipvet.out" | head -n 200
	exit 1
fi
echo "ok: $(wc -l <"$WORK/got.txt") runs, every verdict as expected.txt records it" \
	"($(grep -c ' pass$' "$WORK/got.txt") pass, $(grep -c ' fail$' "$WORK/got.txt") fail," \
	"$(grep -c ' skipped$' "$WORK/got.txt") skipped)"
exit 0

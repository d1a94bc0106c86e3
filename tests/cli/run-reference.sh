#!/bin/sh
# `sipvet run` end to end: the example cases against the in-process
# reference stack pass and the reports are written; a failing case gives
# exit 1 and names the step; a broken case file or a bad target gives 2;
# filters and --list; and, when the sipref binary is built next to sipvet,
# the same cases against the real server on loopback (each run starts its
# own server on a free port and reaps it).
#
# usage: run-reference.sh SIPVET SRCDIR
set -u

SIPVET=${1:?usage: run-reference.sh SIPVET SRCDIR}
SRC=${2:?usage: run-reference.sh SIPVET SRCDIR}
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
fails=0
checks=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# run NAME WANT_STATUS ARGS...: runs sipvet, keeps stdout/stderr in TMP/NAME.*
run() {
	name=$1
	want=$2
	shift 2
	checks=$((checks + 1))
	"$SIPVET" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
	got=$?
	if [ "$got" != "$want" ]; then
		fail "$name: sipvet $* exited $got, expected $want"
		sed 's/^/  out: /' "$TMP/$name.out" | head -n 20
		sed 's/^/  err: /' "$TMP/$name.err" | head -n 20
		return 1
	fi
	echo "ok: $name (exit $got)"
	return 0
}

# contains NAME FILE PATTERN (grep -E)
contains() {
	checks=$((checks + 1))
	if ! grep -Eq -- "$3" "$2"; then
		fail "$1: $2 does not contain /$3/"
		head -c 2000 "$2" | sed 's/^/  | /'
	fi
}

lacks() {
	checks=$((checks + 1))
	if grep -Eq -- "$3" "$2"; then
		fail "$1: $2 contains /$3/"
	fi
}

EX="$SRC/cases/examples"
if [ ! -d "$EX" ]; then
	echo "run-reference: $EX does not exist yet" >&2
	exit 77
fi

# 1. The examples pass against the reference target; reports are written.
run examples 0 run --target reference --out "$TMP/out" "$EX"
for f in results.json junit.xml index.html; do
	checks=$((checks + 1))
	[ -s "$TMP/out/$f" ] || fail "examples: $f missing or empty"
done
contains examples "$TMP/out/results.json" '"format": ?"sipvet-results/1"'
contains examples "$TMP/out/results.json" '"target": ?"reference"'
contains examples "$TMP/out/results.json" '"verdict": ?"pass"'
lacks examples "$TMP/out/results.json" '"verdict": ?"(fail|error|inconclusive)"'
contains examples "$TMP/out/results.json" '"messages": ?\[\{'
contains examples "$TMP/out/junit.xml" '<testsuites'
contains examples "$TMP/out/index.html" '<html'
contains examples "$TMP/examples.out" ' 0 fail, 0 inconclusive, 0 error'

# 2. A failing case: exit 1, the step, the RFC section, expected/received.
mkdir -p "$TMP/cases/bad"
cat >"$TMP/cases/bad/fail.yaml" <<'EOF'
id: local.fail
title: expects 404 to an OPTIONS that is answered 200
rfc: [RFC 3261 11.2]
roles: [uas]
transports: [udp]
agents: [alice]
ignore: [100]
steps:
  - name: opt
    send: |
      OPTIONS ${iut.uri} SIP/2.0
      Via: SIP/2.0/${transport} ${alice.addr};branch=${branch}
      Max-Forwards: 70
      From: <${alice.uri}>;tag=${alice.tag}
      To: <${iut.uri}>
      Call-ID: ${call_id}
      CSeq: ${cseq} OPTIONS
      Content-Length: 0
  - name: nf
    expect: 404
    rfc: RFC 3261 8.2.2.1
EOF
run fail 1 run --out "$TMP/out2" "$TMP/cases"
contains fail "$TMP/fail.out" '^FAIL +local\.fail \(udp, uas\): step 2 \(nf\)'
contains fail "$TMP/fail.out" 'expected: .*404'
contains fail "$TMP/fail.out" 'received: .*200'
contains fail "$TMP/fail.out" 'rfc: RFC 3261 8\.2\.2\.1'
contains fail "$TMP/out2/results.json" '"step": ?2'
contains fail "$TMP/out2/results.json" '"area": ?"bad"'

# 3. Errors: exit 2.
printf 'id: x\ntitle: t\nbogus: 1\n' >"$TMP/broken.yaml"
run broken 2 run "$TMP/broken.yaml"
contains broken "$TMP/broken.err" 'broken\.yaml:[0-9]+:[0-9]+: '
run badtarget 2 run --target nowhere "$EX"
contains badtarget "$TMP/badtarget.err" "unknown target 'nowhere'"
run badopt 2 run --frobnicate
run badj 2 run -j 0 "$EX"

# 4. Planning: --list, filters, skipped roles.
run list 0 run --list "$EX"
contains list "$TMP/list.out" "^example\.uas\.options\.basic	udp	uas	"
contains list "$TMP/list.out" "^example\.uas\.options\.basic	tcp	uas	"
run list-tcp 0 run --list --transport tcp --id 'example.uas.*' "$EX"
lacks list-tcp "$TMP/list-tcp.out" '	udp	'
lacks list-tcp "$TMP/list-tcp.out" 'torture'
contains list-tcp "$TMP/list-tcp.out" 'example\.uas\.bye\.no-dialog	tcp'
run list-role 0 run --list --role registrar "$EX"
checks=$((checks + 1))
[ -s "$TMP/list-role.out" ] && fail "list-role: registrar cases listed from the examples"

# 5. The real sipref server on loopback, when it is built.
SIPREF=${SIPVET_SIPREF:-$(dirname "$SIPVET")/sipref}
if [ -x "$SIPREF" ]; then
	run sipref 0 run --target sipref -j 4 --out "$TMP/out3" "$EX"
	contains sipref "$TMP/out3/results.json" '"target": ?"sipref"'
	lacks sipref "$TMP/out3/results.json" '"verdict": ?"(fail|error|inconclusive)"'
else
	echo "skip: sipref target ($SIPREF is not built)"
fi

echo "run-reference: $checks checks, $fails failed"
[ "$fails" -eq 0 ]

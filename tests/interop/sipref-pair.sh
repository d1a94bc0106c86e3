#!/usr/bin/env bash
# One sipref calls another, both real processes on loopback: the caller is
# driven through its control interface, the callee answers 180, then 200
# after --answer-delay. Per transport (UDP, TCP): a call CANCELled while
# ringing (RFC 3261 9.1: 487 on both sides), then a call that is answered,
# re-INVITEd (14.1) and hung up (15.1). usage: sipref-pair.sh SIPREF SIPP SRCDIR
. "$(dirname "$0")/lib.sh" "$@" || exit 1

PA=$(free_port)
"$SIPREF" --listen "udp:127.0.0.1:$PA" --listen "tcp:127.0.0.1:$PA" --answer auto \
	--answer-delay 1500 --log-level info 2>"$WORK/callee.log" &
PIDS="$PIDS $!"
wait_for "$WORK/callee.log" ' ready \(' 10 || fail "the callee did not start"

PB=$(free_port)
mkfifo "$WORK/ctl" || fail "mkfifo"
exec 3<>"$WORK/ctl"
SIPREF_STDIN="$WORK/ctl" start_sipref --listen "udp:127.0.0.1:$PB" --listen "tcp:127.0.0.1:$PB" \
	--control-stdin --log-level info
OUT="$WORK/sipref.out"

# cmd LINE REGEX: sends a command, waits for the next reply and checks it;
# sets REPLY_LINE.
nreplies=0
cmd() {
	local i
	echo "$1" >&3
	nreplies=$((nreplies + 1))
	for i in $(seq 1 100); do
		[ "$(grep -Ec '^(ok|error)' "$OUT")" -ge "$nreplies" ] && break
		sleep 0.05
	done
	REPLY_LINE=$(grep -E '^(ok|error)' "$OUT" | sed -n "${nreplies}p")
	[[ "$REPLY_LINE" =~ $2 ]] || fail "'$1' -> '$REPLY_LINE', want /$2/"
}

# run NAME URI_PARAMS
run() {
	local name=$1 params=$2 c
	cmd "call sip:callee@127.0.0.1:$PA$params" '^ok call=[0-9]+$'
	c=${REPLY_LINE#ok call=}
	wait_for "$OUT" "^event ringing call=$c status=180" 5 || fail "$name: no ringing for call $c"
	cmd "cancel $c" "^ok call=$c\$"
	wait_for "$OUT" "^event call-failed call=$c status=487" 5 || fail "$name: no 487 for call $c"
	wait_for "$WORK/callee.log" "event cancelled call=[0-9]+ status=487" 5 ||
		fail "$name: the callee reported no cancelled call"
	pass "$name: call $c ringing, cancel -> call-failed 487 (callee: cancelled)"

	cmd "call sip:callee@127.0.0.1:$PA$params" '^ok call=[0-9]+$'
	c=${REPLY_LINE#ok call=}
	wait_for "$OUT" "^event answered call=$c status=200" 10 || fail "$name: call $c not answered"
	pass "$name: call $c answered after the callee's answer delay"
	cmd "reinvite $c" "^ok call=$c\$"
	wait_for "$OUT" "^event request-done call=$c status=200 method=INVITE" 5 ||
		fail "$name: re-INVITE of call $c not answered 200"
	pass "$name: reinvite $c -> request-done 200"
	cmd "hangup $c" "^ok call=$c\$"
	wait_for "$OUT" "^event request-done call=$c status=200 method=BYE" 5 ||
		fail "$name: BYE of call $c not answered 200"
	pass "$name: hangup $c -> BYE answered 200"
	cmd "calls" '^ok calls=0$'
	pass "$name: no call left"
}

run udp ""
run tcp ";transport=tcp"
# cancel/ended calls are counted on the callee too: 2 cancelled, 2 ended.
wait_for "$WORK/callee.log" "event call-ended .*BYE" 5 || fail "the callee saw no BYE"
[ "$(grep -c 'event cancelled ' "$WORK/callee.log")" -eq 2 ] || fail "callee: cancelled count"
[ "$(grep -c 'event call-ended ' "$WORK/callee.log")" -eq 2 ] || fail "callee: call-ended count"
pass "callee: 2 calls cancelled, 2 ended"
errs=$(sipref_errors; grep -E '^\[[0-9.]+\] error:' "$WORK/callee.log")
[ -z "$errs" ] || fail "errors logged: $errs"
stop_sipref TERM
echo "PASS: sipref calls sipref: CANCEL, answer, re-INVITE, BYE over UDP and TCP"

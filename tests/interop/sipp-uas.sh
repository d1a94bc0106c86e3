#!/usr/bin/env bash
# sipref calls SIPp's built-in UAS scenario (-sn uas: 180, 200 with SDP, then
# it expects the ACK and a BYE) through the control interface on stdin:
# "call URI", wait for "event answered", "calls", "hangup CALL", wait for
# "event call-ended". Over UDP, then over TCP (sipref opens the connection:
# ";transport=tcp", RFC 3261 18.1.1). The call must succeed on both sides.
# usage: sipp-uas.sh SIPREF SIPP SRCDIR
. "$(dirname "$0")/lib.sh" "$@" || exit 1
need_sipp

P=$(free_port)
# The control channel: a FIFO kept open on fd 3 so that sipref's stdin
# stays open between commands.
mkfifo "$WORK/ctl" || fail "mkfifo"
exec 3<>"$WORK/ctl"
SIPREF_STDIN="$WORK/ctl" start_sipref --listen "udp:127.0.0.1:$P" --listen "tcp:127.0.0.1:$P" \
	--role uas --control-stdin --log-level info
OUT="$WORK/sipref.out"

# run_uas NAME SIPP_TRANSPORT URI_PARAMS
run_uas() {
	local name=$1 tp=$2 params=$3 sp sipp_pid call rc ok before
	sp=$(free_port)
	say "$name: sipp -sn uas -t $tp on 127.0.0.1:$sp"
	rm -f "$WORK/stat.csv" "$WORK/messages.log"
	timeout 60 "$SIPP" -sn uas -i 127.0.0.1 -p "$sp" -t "$tp" -max_socket 100 -m 1 -nostdin \
		-timeout 50s -timeout_error -trace_stat -stf "$WORK/stat.csv" -fd 1 \
		-trace_err -error_file "$WORK/errors.log" -trace_msg -message_file "$WORK/messages.log" \
		>"$WORK/sipp.out" 2>&1 &
	sipp_pid=$!
	PIDS="$PIDS $sipp_pid"
	sleep 0.3 # let SIPp bind before it is called

	before=$(grep -c '^ok call=' "$OUT")
	echo "call sip:service@127.0.0.1:$sp$params" >&3
	wait_for "$OUT" "^error" 1 && fail "$name: 'call' was refused: $(grep '^error' "$OUT")"
	for i in $(seq 1 100); do
		[ "$(grep -c '^ok call=' "$OUT")" -gt "$before" ] && break
		sleep 0.05
	done
	call=$(sed -n 's/^ok call=\([0-9][0-9]*\)$/\1/p' "$OUT" | tail -n 1)
	[ "$(grep -c '^ok call=' "$OUT")" -gt "$before" ] || fail "$name: no reply to 'call'"
	pass "$name: control: call sip:service@127.0.0.1:$sp$params -> ok call=$call"

	wait_for "$OUT" "^event answered call=$call " 10 || fail "$name: no 'event answered call=$call'"
	pass "$name: control: event answered call=$call"
	grep -q "^event ringing call=$call " "$OUT" || fail "$name: no 'event ringing call=$call' (180)"
	pass "$name: control: event ringing call=$call (180)"

	echo "calls" >&3
	wait_for "$OUT" "^ok calls=1 $call:answered\$" 5 || fail "$name: 'calls' does not list call $call"
	pass "$name: control: calls -> ok calls=1 $call:answered"

	echo "hangup $call" >&3
	wait_for "$OUT" "^event call-ended call=$call " 10 ||
		fail "$name: no 'event call-ended call=$call'"
	pass "$name: control: hangup $call -> event call-ended"

	# SIPp's UAS waits a few seconds after the BYE's 200 before it counts the call.
	wait "$sipp_pid"
	rc=$?
	[ "$rc" -eq 0 ] || fail "$name: sipp exited with status $rc"
	ok=$(stat_field "$WORK/stat.csv" 'SuccessfulCall(C)')
	[ "$ok" = "1" ] || fail "$name: sipp counts $ok successful calls, want 1"
	pass "$name: sipp exit status 0, SuccessfulCall 1"
	grep -q '^ACK sip:' "$WORK/messages.log" || fail "$name: sipp received no ACK"
	grep -q '^BYE sip:' "$WORK/messages.log" || fail "$name: sipp received no BYE"
	pass "$name: sipp received the ACK (13.2.2.4) and the BYE (15.1.1)"
}

run_uas "udp" u1 ""
run_uas "tcp" t1 ";transport=tcp"

echo "quit" >&3
wait_for "$OUT" '^ok bye' 5 || fail "no reply to quit"
for i in $(seq 1 100); do kill -0 "$SIPREF_PID" 2>/dev/null || break; sleep 0.05; done
wait "$SIPREF_PID"
rc=$?
[ "$rc" -eq 0 ] || fail "sipref exited with $rc after quit"
pass "control: quit -> sipref exit 0"
errs=$(sipref_errors)
[ -z "$errs" ] || fail "sipref logged errors: $errs"
echo "PASS: sipref -> sipp uas through the control interface, over UDP and TCP"

#!/usr/bin/env bash
# SIPp's built-in UAC scenario (-sn uac: INVITE, 100/180, 200, ACK, BYE) calls
# sipref, which auto-answers (RFC 3261 13.3.1: 180 then 200 with SDP). All N
# calls must complete, over UDP and over TCP with one connection per call
# (accept, framing, connection reuse for the responses, close). SIPp's exit
# status, its statistics (-trace_stat) and sipref's events are checked.
# usage: sipp-uac.sh SIPREF SIPP SRCDIR [N]
. "$(dirname "$0")/lib.sh" "$@" || exit 1
need_sipp
N=${4:-20}

P=$(free_port)
start_sipref --listen "udp:127.0.0.1:$P" --listen "tcp:127.0.0.1:$P" --role uas --answer auto \
	--log-level info

count() { grep -c "event $1 " "$WORK/sipref.log"; }

# run_uac NAME SIPP_TRANSPORT
run_uac() {
	local name=$1 tp=$2 rc ok failed a0 e0 answered ended i
	a0=$(count answered)
	e0=$(count call-ended)
	say "$name: sipp -sn uac -t $tp, $N calls to sipref at 127.0.0.1:$P"
	rm -f "$WORK/stat.csv"
	timeout 90 "$SIPP" -sn uac "127.0.0.1:$P" -i 127.0.0.1 -t "$tp" -max_socket 100 -s sipref \
		-m "$N" -r 10 -l 10 -nostdin -timeout 80s -timeout_error -recv_timeout 10000 \
		-trace_stat -stf "$WORK/stat.csv" -fd 1 -trace_err -error_file "$WORK/errors.log" \
		>"$WORK/sipp.out" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || fail "$name: sipp exited with status $rc (0: every call succeeded)"
	ok=$(stat_field "$WORK/stat.csv" 'SuccessfulCall(C)')
	failed=$(stat_field "$WORK/stat.csv" 'FailedCall(C)')
	[ "$ok" = "$N" ] || fail "$name: sipp counts $ok successful calls, want $N"
	[ "$failed" = "0" ] || fail "$name: sipp counts $failed failed calls"
	pass "$name: sipp exit status 0, SuccessfulCall $ok, FailedCall $failed"
	# The BYE of the last call may still be in flight when SIPp exits.
	for i in $(seq 1 40); do
		[ $(($(count call-ended) - e0)) -eq "$N" ] && break
		sleep 0.05
	done
	answered=$(($(count answered) - a0))
	ended=$(($(count call-ended) - e0))
	[ "$answered" -eq "$N" ] || fail "$name: sipref reported $answered answered calls, want $N"
	[ "$ended" -eq "$N" ] || fail "$name: sipref reported $ended ended calls, want $N"
	pass "$name: sipref events: $answered answered, $ended call-ended"
}

run_uac "udp" u1
run_uac "tcp" tn

errs=$(sipref_errors)
[ -z "$errs" ] || fail "sipref logged errors: $errs"
pass "sipref logged no errors"
stop_sipref TERM
echo "PASS: sipp uac -> sipref, $N calls over UDP and $N over TCP"

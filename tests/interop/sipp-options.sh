#!/usr/bin/env bash
# OPTIONS both ways, over UDP and TCP, on IPv4 and, when the loopback has
# it, IPv6: SIPp asks sipref (sipp/options.xml: 200 with Allow and Accept,
# RFC 3261 11.2), and sipref asks SIPp through the control command
# "options URI" (sipp/options-uas.xml checks the request, RFC 3261 8.1.1;
# sipref reports "event request-done ... status=200").
# usage: sipp-options.sh SIPREF SIPP SRCDIR
. "$(dirname "$0")/lib.sh" "$@" || exit 1
need_sipp
N=5

P=$(free_port)
P6=$(free_port)
args=(--listen "udp:127.0.0.1:$P" --listen "tcp:127.0.0.1:$P")
have6=0
if ip -6 addr show dev lo 2>/dev/null | grep -q 'inet6 ::1/128'; then
	have6=1
	args+=(--listen "udp:[::1]:$P6" --listen "tcp:[::1]:$P6")
fi
mkfifo "$WORK/ctl" || fail "mkfifo"
exec 3<>"$WORK/ctl"
SIPREF_STDIN="$WORK/ctl" start_sipref "${args[@]}" --role uas --log-level info --control-stdin
OUT="$WORK/sipref.out"

# run_options NAME REMOTE LOCAL_IP TRANSPORT
run_options() {
	local name=$1 remote=$2 ip=$3 tp=$4 rc ok
	rm -f "$WORK/stat.csv"
	timeout 60 "$SIPP" -sf "$SCEN/options.xml" "$remote" -i "$ip" -t "$tp" -s sipref -m "$N" \
		-r 10 -nostdin -timeout 50s -timeout_error -recv_timeout 5000 \
		-trace_stat -stf "$WORK/stat.csv" -fd 1 -trace_err -error_file "$WORK/errors.log" \
		>"$WORK/sipp.out" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || fail "$name: sipp exited with status $rc"
	ok=$(stat_field "$WORK/stat.csv" 'SuccessfulCall(C)')
	[ "$ok" = "$N" ] || fail "$name: sipp counts $ok successful OPTIONS, want $N"
	pass "$name: $N OPTIONS answered 200 with Allow (INVITE ACK BYE CANCEL OPTIONS)," \
		"Accept: application/sdp, To tag"
}

# options_from_sipref NAME HOST(for the URI) LOCAL_IP TRANSPORT URI_PARAMS
options_from_sipref() {
	local name=$1 host=$2 ip=$3 tp=$4 params=$5 sp pid rc before i
	sp=$(free_port)
	rm -f "$WORK/stat.csv"
	timeout 30 "$SIPP" -sf "$SCEN/options-uas.xml" -i "$ip" -p "$sp" -t "$tp" -m 1 -nostdin \
		-timeout 25s -timeout_error -trace_stat -stf "$WORK/stat.csv" -fd 1 \
		-trace_err -error_file "$WORK/errors.log" >"$WORK/sipp.out" 2>&1 &
	pid=$!
	PIDS="$PIDS $pid"
	sleep 0.3 # let SIPp bind
	before=$(grep -c '^event request-done call=0 status=200 method=OPTIONS' "$OUT")
	echo "options sip:sipp@$host:$sp$params" >&3
	for i in $(seq 1 100); do
		[ "$(grep -c '^event request-done call=0 status=200 method=OPTIONS' "$OUT")" -gt "$before" ] &&
			break
		sleep 0.05
	done
	[ "$(grep -c '^event request-done call=0 status=200 method=OPTIONS' "$OUT")" -gt "$before" ] ||
		fail "$name: no 'event request-done call=0 status=200 method=OPTIONS' from sipref"
	wait "$pid"
	rc=$?
	[ "$rc" -eq 0 ] || fail "$name: sipp (options-uas.xml) exited with status $rc"
	pass "$name: sipref's OPTIONS accepted by sipp (Via branch, Max-Forwards, From tag," \
		"CSeq), event request-done status=200"
}

run_options "udp/ipv4" "127.0.0.1:$P" 127.0.0.1 u1
run_options "tcp/ipv4" "127.0.0.1:$P" 127.0.0.1 t1
options_from_sipref "udp/ipv4" 127.0.0.1 127.0.0.1 u1 ""
options_from_sipref "tcp/ipv4" 127.0.0.1 127.0.0.1 t1 ";transport=tcp"
if [ "$have6" -eq 1 ]; then
	run_options "udp/ipv6" "[::1]:$P6" ::1 u1
	run_options "tcp/ipv6" "[::1]:$P6" ::1 t1
	options_from_sipref "udp/ipv6" "[::1]" ::1 u1 ""
	options_from_sipref "tcp/ipv6" "[::1]" ::1 t1 ";transport=tcp"
else
	say "no IPv6 on the loopback: IPv6 runs skipped"
fi
errs=$(sipref_errors)
[ -z "$errs" ] || fail "sipref logged errors: $errs"
stop_sipref INT
families="IPv4"
[ "$have6" -eq 1 ] && families="IPv4 and IPv6"
echo "PASS: OPTIONS both ways over UDP and TCP, $families"

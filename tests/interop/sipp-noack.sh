#!/usr/bin/env bash
# A UAC that never ACKs the 2xx (tests/interop/sipp/noack.xml). RFC 3261
# 13.3.1.4: the UAS retransmits the 2xx "with an interval that starts at T1
# seconds and doubles for each retransmission until it reaches T2 seconds",
# and when no ACK has come after 64*T1 it ends the session with a BYE.
# sipref runs with T1 = 100 ms and T2 = 400 ms (BYE after 6.4 s); the arrival
# times of the 200s and of the BYE in SIPp's message log are checked against
# that schedule with a tolerance (this is real time on a shared machine:
# |measured - expected| <= 30 ms + 25% for each interval, 300 ms for the BYE).
# usage: sipp-noack.sh SIPREF SIPP SRCDIR
. "$(dirname "$0")/lib.sh" "$@" || exit 1
need_sipp
T1=100
T2=400

P=$(free_port)
start_sipref --listen "udp:127.0.0.1:$P" --role uas --answer auto --t1 "$T1" --t2 "$T2" \
	--log-level info

say "sipp noack.xml -> sipref at 127.0.0.1:$P (T1 $T1 ms, T2 $T2 ms)"
timeout 60 "$SIPP" -sf "$SCEN/noack.xml" "127.0.0.1:$P" -i 127.0.0.1 -s sipref -m 1 \
	-nostdin -timeout 50s -timeout_error -trace_msg -message_file "$WORK/messages.log" \
	-trace_stat -stf "$WORK/stat.csv" -fd 1 -trace_err -error_file "$WORK/errors.log" \
	>"$WORK/sipp.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || fail "sipp exited with status $rc (did the BYE come?)"
ok=$(stat_field "$WORK/stat.csv" 'SuccessfulCall(C)')
[ "$ok" = "1" ] || fail "sipp counts $ok successful calls, want 1"
pass "sipp exit status 0: INVITE, 200 (never ACKed), BYE received and answered"

# Arrival times (ms) of each 200 and of the BYE, from SIPp's message log:
# a dashed line with the date and time, "UDP message received ...", an
# empty line, then the start line.
awk '
	/^-----+ / { split($3, t, ":"); ms = (t[1] * 3600 + t[2] * 60 + t[3]) * 1000; st = 1; next }
	st == 1 { st = ($0 ~ /message received/) ? 2 : 0; next }
	st == 2 && /^\r?$/ { next }
	st == 2 && /^SIP\/2\.0 200/ { printf "200 %.1f\n", ms }
	st == 2 && /^BYE / { printf "BYE %.1f\n", ms }
	{ st = 0 }
' "$WORK/messages.log" >"$WORK/times"
n200=$(grep -c '^200 ' "$WORK/times")
grep -q '^BYE ' "$WORK/times" || fail "no BYE in SIPp's message log"

# Expected: retransmissions at cumulative T1, 3T1, 7T1, then every T2, as
# long as they start before 64*T1; the BYE at 64*T1.
report=$(awk -v t1="$T1" -v t2="$T2" '
	$1 == "200" { t[n++] = $2 }
	$1 == "BYE" && !bye { bye = $2 }
	END {
		bad = 0; want = t1
		for (i = 1; i < n; i++) {
			d = t[i] - t[i - 1]; if (d < 0) d += 86400000
			tol = 30 + want / 4
			ok = (d >= want - tol && d <= want + tol)
			if (!ok) bad++
			printf "  retransmission %2d: +%6.1f ms after the previous one, want %4d +- %3d %s\n",
				i, d, want, tol, ok ? "ok" : "WRONG"
			want = (want * 2 > t2) ? t2 : want * 2
		}
		limit = 64 * t1; want = t1; cum = 0; nexp = 0
		while (cum + want < limit) { cum += want; nexp++; want = (want * 2 > t2) ? t2 : want * 2 }
		db = bye - t[0]; if (db < 0) db += 86400000
		byeok = (db >= limit - 300 && db <= limit + 300)
		printf "  retransmissions: %d, want %d +- 1 %s\n", n - 1, nexp,
			((n - 1 - nexp) <= 1 && (nexp - (n - 1)) <= 1) ? "ok" : "WRONG"
		printf "  BYE: %.1f ms after the first 200, want %d +- 300 %s\n", db, limit,
			byeok ? "ok" : "WRONG"
		if ((n - 1 - nexp) > 1 || (nexp - (n - 1)) > 1 || !byeok) bad++
		print bad ? "RESULT bad" : "RESULT good"
	}' "$WORK/times")
echo "$report" | grep -v '^RESULT'
echo "$report" | grep -q '^RESULT good' ||
	fail "the 2xx retransmission schedule or the BYE time is off (13.3.1.4)"
pass "$((n200 - 1)) retransmitted 200s at T1-doubling intervals capped at T2, BYE at 64*T1"

wait_for "$WORK/sipref.log" 'event call-ended ' 5 || fail "sipref reported no call-ended"
pass "sipref: event call-ended"
errs=$(sipref_errors)
[ -z "$errs" ] || fail "sipref logged errors: $errs"
stop_sipref TERM
echo "PASS: 2xx retransmission without ACK and BYE after 64*T1"

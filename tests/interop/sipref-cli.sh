#!/usr/bin/env bash
# The sipref binary itself: --help, --version, usage errors (exit 2, naming
# the flag), a port already in use (exit 1), the control protocol on stdin
# (a pipe, and a plain file that epoll cannot poll) and on a UNIX socket,
# and clean shutdown on SIGINT/SIGTERM (exit 0, control socket removed).
# usage: sipref-cli.sh SIPREF SIPP SRCDIR (SIPP unused)
. "$(dirname "$0")/lib.sh" "$@" || exit 1

# expect RC PATTERN ARGS...: exit status, and an extended regex that
# stdout+stderr must match.
expect() {
	local want=$1 pat=$2 rc
	shift 2
	timeout 10 "$SIPREF" "$@" >"$WORK/o" 2>&1
	rc=$?
	[ "$rc" -eq "$want" ] || { cat "$WORK/o"; fail "sipref $*: exit $rc, want $want"; }
	grep -Eq -- "$pat" "$WORK/o" || { cat "$WORK/o"; fail "sipref $*: output lacks /$pat/"; }
	pass "sipref $* -> exit $rc, /$pat/"
}

expect 0 '^usage: sipref --listen' --help
expect 0 '--control-stdin' -h
expect 0 '^sipref [0-9]+\.[0-9]+' --version
expect 2 '^sipref: --listen: at least one listen address is required'
expect 2 "^sipref: --role: role 'proxy' is not available" --listen udp:127.0.0.1:5060 --role proxy
expect 2 "^sipref: --listen: 'bogus': expected TRANSPORT" --listen bogus
expect 2 "^sipref: --t1: 'fast' is not a number" --listen udp:127.0.0.1:5060 --t1 fast
expect 2 "^sipref: --frobnicate: unknown flag" --frobnicate
expect 2 "Try 'sipref --help'" --answer

P=$(free_port)
start_sipref --listen "udp:127.0.0.1:$P" --listen "tcp:127.0.0.1:$P" --log-level debug
expect 1 "error: --listen udp:127.0.0.1:$P: Address already in use" --listen "udp:127.0.0.1:$P"
stop_sipref INT

# Control on stdin through a pipe.
mkfifo "$WORK/ctl" || fail "mkfifo"
exec 3<>"$WORK/ctl"
SIPREF_STDIN="$WORK/ctl" start_sipref --listen "udp:127.0.0.1:$P" --control-stdin
OUT="$WORK/sipref.out"
printf '%s\n' ping help '' '# comment' frob calls 'hangup 0' 'cancel 77' \
	'register sip:r@127.0.0.1:1 -1' >&3
wait_for "$OUT" '^error register' 5 || fail "no reply to the 7th command"
want='ok pong
ok commands: call URI .*
error unknown command .frob. .*
ok calls=0
error hangup: .0. is not a call number.*
error cancel 77: .*
error register: EXPIRES .-1. is not a number of seconds'
paste -d '\n' <(printf '%s\n' "$want") "$OUT" | paste - - | while IFS=$'\t' read -r re got; do
	[[ "$got" =~ ^$re$ ]] || fail "control reply '$got' does not match '$re'"
done || exit 1
[ "$(wc -l <"$OUT")" -eq 7 ] || fail "7 replies expected (empty and comment lines get none)"
pass "control on stdin: one reply per command, none for empty lines and comments"
long=$(head -c 3000 /dev/zero | tr '\0' 'x')
printf '%s\nping\n' "$long" >&3
for i in $(seq 1 100); do
	[ "$(grep -c '^ok pong' "$OUT")" -eq 2 ] && break
	sleep 0.05
done
[ "$(grep -c '^ok pong' "$OUT")" -eq 2 ] || fail "no pong after a long line"
grep -q '^error line too long' "$OUT" || fail "no 'line too long' error"
pass "control: an overlong line is refused, the next line is served"
echo quit >&3
wait_for "$OUT" '^ok bye' 5 || fail "no reply to quit"
for i in $(seq 1 100); do kill -0 "$SIPREF_PID" 2>/dev/null || break; sleep 0.05; done
wait "$SIPREF_PID" || fail "sipref exit status $? after quit"
pass "control: quit -> exit 0"
exec 3>&-

# stdin a plain file (epoll refuses it): commands are still read.
printf 'ping\nquit\n' >"$WORK/cmds"
timeout 10 "$SIPREF" --listen "udp:127.0.0.1:$P" --control-stdin <"$WORK/cmds" >"$WORK/o" \
	2>"$WORK/e"
rc=$?
[ "$rc" -eq 0 ] && [ "$(cat "$WORK/o")" = "$(printf 'ok pong\nok bye')" ] ||
	fail "stdin from a file: exit $rc, output '$(cat "$WORK/o")'"
pass "control on stdin from a plain file: ok pong, ok bye, exit 0"

# stdin at EOF at once (/dev/null): the server keeps running until SIGTERM.
SIPREF_STDIN=/dev/null start_sipref --listen "udp:127.0.0.1:$P" --control-stdin
sleep 0.3
kill -0 "$SIPREF_PID" 2>/dev/null || fail "sipref exited at the end of stdin"
stop_sipref TERM

# The UNIX control socket (needs a client: python3).
if command -v python3 >/dev/null; then
	SOCK="$WORK/ctl.sock"
	start_sipref --listen "udp:127.0.0.1:$P" --control "$SOCK"
	got=$(python3 - "$SOCK" <<'PY'
import socket, sys, time
c = socket.socket(socket.AF_UNIX)
c.connect(sys.argv[1])
c.settimeout(5)
c.sendall(b"ping\r\ncalls\nhangup x\n")
buf = b""
while buf.count(b"\n") < 3:
    d = c.recv(4096)
    if not d:
        break
    buf += d
d2 = socket.socket(socket.AF_UNIX)
d2.connect(sys.argv[1])   # a second client, which leaves at once
d2.close()
c.sendall(b"ping\n")
while buf.count(b"\n") < 4:
    buf += c.recv(4096)
sys.stdout.write(buf.decode())
PY
)
	want="ok pong
ok calls=0
error hangup: 'x' is not a call number (see 'calls')
ok pong"
	[ "$got" = "$want" ] ||
		fail "control socket replies: '$got'"
	pass "control socket: replies in order, CRLF accepted, clients come and go"
	start2=$(timeout 5 "$SIPREF" --listen "udp:127.0.0.1:$(free_port)" --control "$SOCK" 2>&1)
	[ $? -eq 1 ] && echo "$start2" | grep -q 'Address already in use' ||
		fail "a second sipref took over a live control socket: $start2"
	pass "a live control socket is not taken over"
	stop_sipref INT
	[ ! -e "$SOCK" ] || fail "control socket $SOCK left behind"
	pass "control socket removed at shutdown"
else
	say "python3 not found: UNIX control socket checks skipped"
fi
echo "PASS: sipref command line, control protocol, shutdown"

# Shared by the remote-mode interop scripts (kamailio.sh, sipref-remote.sh),
# which start one IUT and run `sipvet run --target udp:/tcp:` against it.
# Sourced after WORK is set.

# stop_proc PID: SIGTERM, up to 5 s to exit, then SIGKILL; always reaped.
stop_proc() {
	local pid=$1
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	for _ in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# extract RESULTS.json: "id transport verdict" per run. The record is one
# JSON document; the id, and the role/transport/verdict triple, appear once
# per run at case level, in this order (messages carry no verdict, and a
# quote inside a JSON string is escaped, so no string can fake the keys).
extract() {
	grep -oE '"id":"[A-Za-z0-9._-]+","title"|"role":"[a-z]*","transport":"[a-z]*","verdict":"[a-z]+"' "$1" |
		paste - - |
		sed -E 's/^"id":"([^"]+)","title"\t"role":"[a-z]*","transport":"([a-z]*)","verdict":"([a-z]+)"$/\1 \2 \3/'
}

# need_results DIR OUT WHAT: fails (through the caller's fail) unless sipvet
# wrote DIR/results.json, showing the end of its output OUT otherwise: a
# sipvet that died (a sanitizer report, whose exit status 1 looks like "some
# case failed") must not hide why.
need_results() {
	[ -s "$1/results.json" ] && return 0
	echo "---- tail of $(basename "$2")"
	tail -n 40 "$2"
	fail "$3 wrote no results.json"
}

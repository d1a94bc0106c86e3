#!/usr/bin/env bash
# Instructions per full parse, ours and each peer's, counted by callgrind:
# repeatable whatever else the machine is doing (wall-clock ratios from
# bench_parse move with the load; instruction counts do not).
#
# usage: scripts/bench-instructions.sh [BUILDDIR] [FILE...]
# Default files: bench/messages/*.sip. For each parser, bench_parse parses
# FILE 2N and N times under callgrind; the difference divided by N is the
# cost of one parse with setup and warm-up cancelled out.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
[ $# -gt 0 ] && shift
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(bench/messages/*.sip)
BENCH=$BUILD/bin/bench_parse
command -v valgrind >/dev/null || { echo "bench-instructions: valgrind is not installed" >&2; exit 2; }
[ -x "$BENCH" ] || { echo "bench-instructions: $BENCH not built" >&2; exit 2; }
N=400
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
parsers=$("$BENCH" --repeat 1 --file "${files[0]}" | sed 's/:.*//')
total() { # parser file count -> total instructions (Ir) of the run
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$BENCH" --only "$1" \
		--repeat "$3" --file "$2" >/dev/null 2>&1
	callgrind_annotate "$tmp/cg" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
}
for f in "${files[@]}"; do
	echo "== $f: instructions per full parse (callgrind)"
	ours=""
	for p in $parsers; do
		a=$(total "$p" "$f" $((2 * N)))
		b=$(total "$p" "$f" $N)
		per=$(( (a - b) / N ))
		[ -z "$ours" ] && ours=$per
		awk -v p="$p" -v n="$per" -v o="$ours" \
			'BEGIN { printf "  %-14s %9d   %5.2fx ours\n", p, n, n / o }'
	done
done

#!/usr/bin/env bash
# Runs the fuzz targets for a time budget (the nightly job; fuzz/README.md).
#
#   fuzz/run.sh [--engine libfuzzer|afl] [--seconds N] [--jobs N] [--merge] [TARGET...]
#
# Builds the targets if needed (build-fuzzlf with clang for libFuzzer,
# build-afl with afl-clang-fast for AFL++), then runs each TARGET (default:
# all) for N seconds (default 60) with the dictionary and a working corpus in
# fuzz/out/<target>/corpus seeded from corpus/<target>/. New corpus entries
# stay there; --merge folds them back into corpus/<target>/ (libFuzzer
# -merge=1, which keeps only inputs that add coverage). Crashes land in
# fuzz/out/<target>/crashes/, each with a <crash>.txt that gives the command
# reproducing it. Prints exec/s per target; exits 1 when a crash was found.
# While a target runs, its corpus lives in memory (FUZZ_TMPDIR, default
# /dev/shm; FUZZ_TMPDIR= runs on fuzz/out directly) and is copied back after.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ALL=(message stream startline uri via nameaddr scalar auth sdp multipart roundtrip stack transport
	control case_loader results_json)
ENGINE=libfuzzer
SECS=60
JOBS=1
MERGE=0
TARGETS=()

usage() {
	sed -n '2,13s/^# \{0,1\}//p' "$0"
	exit "${1:-2}"
}

while [ $# -gt 0 ]; do
	case "$1" in
	--engine) ENGINE=${2:?}; shift 2 ;;
	--seconds) SECS=${2:?}; shift 2 ;;
	--jobs) JOBS=${2:?}; shift 2 ;;
	--merge) MERGE=1; shift ;;
	-h | --help) usage 0 ;;
	-*) echo "run.sh: unknown option $1" >&2; usage ;;
	*) TARGETS+=("$1"); shift ;;
	esac
done
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL[@]}")
for t in "${TARGETS[@]}"; do
	case " ${ALL[*]} " in
	*" $t "*) ;;
	*) echo "run.sh: unknown target $t (targets: ${ALL[*]})" >&2; exit 2 ;;
	esac
done

# Configures (once) and builds the fuzz binaries of one engine.
build() { # engine
	local dir cc opts=()
	case "$1" in
	libfuzzer) dir=$ROOT/build-fuzzlf; cc=clang ;;
	afl) dir=$ROOT/build-afl; cc=afl-clang-fast; opts=(-DSIPVET_FUZZ_ENGINE=afl) ;;
	*) echo "run.sh: unknown engine $1" >&2; exit 2 ;;
	esac
	# FUZZ_BUILD_DIR / FUZZ_CMAKE_FLAGS: another build of the same engine,
	# e.g. FUZZ_CMAKE_FLAGS=-DSIPVET_FUZZ_EXTRA_FLAGS=-fno-sanitize=...
	[ "$1" != "$ENGINE" ] || dir=${FUZZ_BUILD_DIR:-$dir}
	# Configure every time (cheap when cached): targets added since the
	# directory was first configured must exist.
	if [ -f "$dir/CMakeCache.txt" ]; then
		# shellcheck disable=SC2086 # a list of -D flags
		cmake -S "$ROOT" -B "$dir" ${FUZZ_CMAKE_FLAGS:-} >/dev/null
	else
		# shellcheck disable=SC2086 # a list of -D flags
		CC=$cc cmake -S "$ROOT" -B "$dir" -DSIPVET_FUZZ=ON -DSIPVET_BENCH=OFF \
			"${opts[@]}" ${FUZZ_CMAKE_FLAGS:-} >/dev/null
	fi
	local tg=()
	for t in "${TARGETS[@]}"; do tg+=(--target "fuzz_$t"); done
	cmake --build "$dir" -j2 "${tg[@]}" >"$dir/fuzz-build.log" 2>&1 || {
		cat "$dir/fuzz-build.log" >&2
		exit 2
	}
	echo "$dir"
}

BUILD=$(build "$ENGINE")
LFBUILD=$BUILD
if [ "$MERGE" = 1 ] && [ "$ENGINE" != libfuzzer ]; then
	LFBUILD=$(build libfuzzer)
fi
REPRO=$ROOT/build/bin

count_crashes() { # dir
	find "$1" -maxdepth 1 -type f ! -name '*.txt' | wc -l
}

# Writes <crash>.txt next to every crash that has none yet.
describe_crashes() { # target crashes-dir
	local t=$1 dir=$2 c
	for c in "$dir"/*; do
		[ -f "$c" ] && [ "${c%.txt}" = "$c" ] && [ ! -f "$c.txt" ] || continue
		{
			echo "target:     $t ($ENGINE)"
			echo "reproduce:  $BUILD/bin/fuzz_$t $c"
			echo "standalone: $REPRO/fuzz_${t}_repro $c   (any normal build's bin/)"
			echo "found:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
			echo "report (replayed):"
			# The subshell's stderr swallows bash's "Aborted" job notice.
			rep=$( (timeout 60 "$BUILD/bin/fuzz_$t" "$c" 2>&1 || true) 2>/dev/null |
				grep -E 'ERROR: |SUMMARY: |runtime error|oracle failed|^[A-Za-z-]+: (input|printed|reparse) |^(roundtrip|stream|uri): ' |
				head -6 || true)
			echo "${rep:-(did not reproduce on replay: flaky, or fixed since)}" | sed 's/^/  /'
		} >"$c.txt"
	done
}

run_libfuzzer() { # target out-dir
	local t=$1 out=$2 bin=$BUILD/bin/fuzz_$1 maxlen
	maxlen=$(sed -n 's/^max_len = //p' "$BUILD/bin/fuzz_$t.options")
	rm -f "$out"/fuzz-*.log
	local args=(-dict="$BUILD/bin/fuzz_$t.dict" -max_len="$maxlen" -max_total_time="$SECS"
		-timeout=10 -print_final_stats=1 -artifact_prefix="$out/crashes/")
	if [ "$JOBS" -gt 1 ]; then
		args+=(-jobs="$JOBS" -workers="$JOBS")
	fi
	(cd "$out" && "$bin" "${args[@]}" "$out/corpus" >"$out/log" 2>&1) || true
	cat "$out"/fuzz-*.log >>"$out/log" 2>/dev/null || true
	awk '/stat::average_exec_per_sec/ {s += $2} END {print s + 0}' "$out/log"
}

run_afl() { # target out-dir
	local t=$1 out=$2 bin=$BUILD/bin/fuzz_$1 maxlen i
	maxlen=$(sed -n 's/^max_len = //p' "$BUILD/bin/fuzz_$t.options")
	rm -rf "$out/afl"
	export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
	export AFL_NO_AFFINITY=1 AFL_IGNORE_PROBLEMS=1 AFL_NO_CRASH_README=1
	# Inputs larger than max_len are not seeds AFL++ should spend time on.
	local seeds=$out/afl-in
	rm -rf "$seeds" && mkdir -p "$seeds"
	find "$out/corpus" -maxdepth 1 -type f -size -"$((maxlen + 1))"c -exec cp {} "$seeds/" \;
	local common=(-i "$seeds" -o "$out/afl" -V "$SECS" -x "$BUILD/bin/fuzz_$t.dict" -m none
		-t 10000 -G "$maxlen")
	# ASan aborts on error: afl-fuzz sees SIGABRT.
	export ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0
	export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
	if [ "$JOBS" -gt 1 ]; then
		for i in $(seq 2 "$JOBS"); do
			afl-fuzz "${common[@]}" -S "s$i" -- "$bin" >"$out/log.s$i" 2>&1 &
		done
		afl-fuzz "${common[@]}" -M main -- "$bin" >"$out/log" 2>&1 || true
		wait || true
	else
		afl-fuzz "${common[@]}" -- "$bin" >"$out/log" 2>&1 || true
	fi
	# Keep what AFL++ found: queue entries into the corpus, crashes and
	# hangs into crashes/, named by content like libFuzzer's.
	local f h
	for f in "$out"/afl/*/queue/id:*; do
		[ -f "$f" ] || continue
		h=$(sha1sum "$f" | cut -d' ' -f1)
		[ -f "$out/corpus/$h" ] || cp "$f" "$out/corpus/$h"
	done
	for f in "$out"/afl/*/crashes/id:* "$out"/afl/*/hangs/id:*; do
		[ -f "$f" ] || continue
		h=$(sha1sum "$f" | cut -d' ' -f1)
		case "$f" in
		*/hangs/*) h=timeout-$h ;;
		*) h=crash-$h ;;
		esac
		[ -f "$out/crashes/$h" ] || cp "$f" "$out/crashes/$h"
	done
	cat "$out"/afl/*/fuzzer_stats 2>/dev/null |
		awk -F: '/^execs_per_sec/ {s += $2} END {printf "%.0f\n", s + 0}'
}

# The working corpus in memory. libFuzzer writes a file for every input it
# keeps and deletes the one an input replaces, hundreds a second early in a
# run; on this machine's ext4 that file churn (inode allocation) took about a
# third of libFuzzer's own time per fuzz_message execution (fuzz_message_split:
# 30-55 us on disk, 19-37 us on tmpfs), 1.1-1.3x exec/s in runs side by side.
TMPBASE=${FUZZ_TMPDIR-/dev/shm}
WORK=
if [ -n "$TMPBASE" ] && [ -d "$TMPBASE" ] && [ -w "$TMPBASE" ]; then
	WORK=$(mktemp -d "$TMPBASE/sipvet-fuzz.XXXXXX") || WORK=
fi
SYNC_FROM='' SYNC_TO=''

# Makes the on-disk corpus $2 hold what the working corpus $1 holds: new
# entries copied, the entries libFuzzer reduced away removed. Entries are
# named by their content, so a name present in both is the same input. On a
# failed copy nothing is removed, and the working copy stays where it is.
sync_corpus() { # from to
	local f
	if ! cp -rn "$1/." "$2/"; then
		echo "run.sh: could not copy $1 back to $2; it is left in place" >&2
		KEEP=1
		return 0
	fi
	for f in "$2"/*; do
		[ -e "$f" ] || continue
		[ -e "$1/${f##*/}" ] || rm -f "$f"
	done
}

# An interrupted run (^C, a CI timeout) still keeps what it found.
KEEP=0
cleanup() {
	[ -z "$SYNC_FROM" ] || sync_corpus "$SYNC_FROM" "$SYNC_TO"
	[ -z "$WORK" ] || [ "$KEEP" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

found=0
summary=()
for t in "${TARGETS[@]}"; do
	out=$ROOT/fuzz/out/$t
	mkdir -p "$out/corpus" "$out/crashes"
	cp -n "$ROOT/corpus/$t"/* "$out/corpus/" 2>/dev/null || true
	before=$(count_crashes "$out/crashes")
	run=$out
	if [ -n "$WORK" ]; then
		# The target's directory in memory: corpus/ a copy of the one on
		# disk, crashes/ a link to the disk's, so a crash is never lost.
		# Room for the corpus to grow, or it runs on disk (a container's
		# /dev/shm is often 64 MiB).
		need=$(($(du -sk "$out/corpus" | cut -f1) * 4 + 65536))
		free=$(df -Pk "$WORK" | awk 'NR == 2 {print $4}')
		run=$WORK/$t
		if [ "${free:-0}" -ge "$need" ] && mkdir -p "$run/corpus" &&
			ln -s "$out/crashes" "$run/crashes" &&
			cp -r "$out/corpus/." "$run/corpus/" 2>/dev/null; then
			SYNC_FROM=$run/corpus SYNC_TO=$out/corpus
		else
			echo "run.sh: no room in $WORK for $t's corpus; running on disk" >&2
			rm -rf "$run"
			run=$out
		fi
	fi
	echo "== $t: $ENGINE, ${SECS}s, $JOBS job(s), corpus in $run/corpus" >&2
	if [ "$ENGINE" = afl ]; then
		eps=$(run_afl "$t" "$run")
	else
		eps=$(run_libfuzzer "$t" "$run")
	fi
	if [ "$run" != "$out" ]; then
		sync_corpus "$run/corpus" "$out/corpus"
		SYNC_FROM=
		# The logs and AFL++'s output directory, where they always were.
		for f in log log.s*; do
			[ ! -f "$run/$f" ] || cp "$run/$f" "$out/$f"
		done
		if [ -d "$run/afl" ]; then
			rm -rf "$out/afl" && cp -r "$run/afl" "$out/afl"
		fi
		[ "$KEEP" = 1 ] || rm -rf "$run"
	fi
	describe_crashes "$t" "$out/crashes"
	after=$(count_crashes "$out/crashes")
	new=$((after - before))
	[ "$new" -eq 0 ] || found=1
	if [ "$MERGE" = 1 ]; then
		"$LFBUILD/bin/fuzz_$t" -merge=1 "$ROOT/corpus/$t" "$out/corpus" >"$out/merge.log" 2>&1 ||
			echo "run.sh: merge of $t failed, see $out/merge.log" >&2
	fi
	summary+=("$(printf '%-10s %10s %8s %8s' "$t" "$eps" \
		"$(find "$out/corpus" -type f | wc -l)" "$new")")
	if [ "$new" -ne 0 ]; then
		echo "!! $t: $new new crash(es) in $out/crashes (see the .txt next to each)" >&2
	fi
done

printf '%-10s %10s %8s %8s\n' target exec/s corpus crashes
printf '%s\n' "${summary[@]}"
exit $found

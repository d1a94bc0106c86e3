#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build script (the project's build.sh): builds
# every fuzz target from $CC $CFLAGS and $LIB_FUZZING_ENGINE into $OUT, with
# the OSS-Fuzz artifacts next to each binary: <fuzzer>_seed_corpus.zip,
# <fuzzer>.dict and <fuzzer>.options.
#
# In OSS-Fuzz the checkout is $SRC/sipvet. By hand, e.g.:
#   CC=clang CFLAGS="-fsanitize=address,fuzzer-no-link" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/ossout SRC=/tmp fuzz/oss-fuzz-build.sh
# (the checkout is then the one this script lives in).

if [ -n "${SRC:-}" ] && [ -f "$SRC/sipvet/fuzz/oss-fuzz-build.sh" ]; then
	ROOT=$SRC/sipvet
else
	ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fi
: "${CC:=clang}"
: "${CXX:=clang++}"
: "${CFLAGS:=}"
: "${CXXFLAGS:=$CFLAGS}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
: "${OUT:?set OUT to the output directory}"

# The suite's own parsers (case_loader, results_json) need libyaml and
# CMake-generated sources: build those with fuzz/run.sh.
TARGETS="message stream startline uri via nameaddr scalar auth sdp multipart roundtrip stack
	transport"
WORK=$(mktemp -d "${WORK:-/tmp}/sipvet-ossfuzz.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT" "$WORK/obj"

INC=(-I"$ROOT/reference-stack/include" -I"$ROOT/reference-stack/src")
STD=(-std=gnu11 -DSIPVET_VERSION=\"oss-fuzz\" -DSIPVET_SOURCE_DIR=\"$ROOT\")

# The library, built with the engine's instrumentation flags ($CFLAGS).
objs=()
while IFS= read -r src; do
	o=$WORK/obj/$(echo "${src#"$ROOT"/}" | tr / _).o
	# shellcheck disable=SC2086 # CFLAGS is a list of flags
	$CC $CFLAGS "${STD[@]}" "${INC[@]}" -c "$src" -o "$o"
	objs+=("$o")
done < <(find "$ROOT/reference-stack/src" -name '*.c' | sort)
ar rcs "$WORK/libsipref_fuzz.a" "${objs[@]}"

max_len() {
	case "$1" in
	message | stream | roundtrip | stack | transport) echo 65535 ;;
	startline) echo 1024 ;;
	uri) echo 2048 ;;
	sdp | multipart) echo 16384 ;;
	*) echo 4096 ;;
	esac
}

for t in $TARGETS; do
	f=fuzz_$t
	# shellcheck disable=SC2086
	$CC $CFLAGS "${STD[@]}" "${INC[@]}" -c "$ROOT/fuzz/$f.c" -o "$WORK/$f.o"
	# The engine library is C++ (libFuzzer, AFL++'s driver): link with $CXX.
	# shellcheck disable=SC2086
	# libsipref's digest authentication uses OpenSSL's libcrypto.
	$CXX $CXXFLAGS "$WORK/$f.o" "$WORK/libsipref_fuzz.a" $LIB_FUZZING_ENGINE -lcrypto -o "$OUT/$f"
	if [ -d "$ROOT/corpus/$t" ] && [ -n "$(ls -A "$ROOT/corpus/$t")" ]; then
		rm -f "$OUT/${f}_seed_corpus.zip"
		(cd "$ROOT/corpus/$t" && zip -q -r "$OUT/${f}_seed_corpus.zip" .)
	fi
	cp "$ROOT/corpus/sip.dict" "$OUT/$f.dict"
	printf '[libfuzzer]\ndict = %s.dict\nmax_len = %s\n' "$f" "$(max_len "$t")" >"$OUT/$f.options"
done
echo "oss-fuzz-build.sh: $(echo $TARGETS | wc -w) fuzzers in $OUT"

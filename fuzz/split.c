/* fuzz_<target>_split: a fuzz target that times its own callback.
 *
 * The same target and flags as fuzz_<target>; at exit it prints how the
 * run's time split between the target (LLVMFuzzerTestOneInput) and
 * libFuzzer itself (mutating, collecting and ranking coverage, writing the
 * corpus). That split bounds what a faster target can gain: exec/s can
 * never pass 1 / (libFuzzer's microseconds per execution), however cheap the
 * target. Not built by default (fuzz/README.md "Throughput"):
 *
 *   cmake --build build-fuzzlf --target fuzz_message_split
 *   build-fuzzlf/bin/fuzz_message_split -max_total_time=20 DIR
 *
 * The target's source is included with its entry point renamed, so the
 * fuzzer binary has one LLVMFuzzerTestOneInput: this one. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define LLVMFuzzerTestOneInput fz_split_target
#include FZ_SPLIT_TARGET
#undef LLVMFuzzerTestOneInput

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct timespec fz_split_start;
static double fz_split_in; /* seconds inside the target */
static unsigned long fz_split_execs;

static double fz_split_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void fz_split_report(void)
{
	double wall = fz_split_now() -
	              ((double)fz_split_start.tv_sec + (double)fz_split_start.tv_nsec * 1e-9);
	double n = fz_split_execs ? (double)fz_split_execs : 1;

	fprintf(stderr,
	        "split: %lu execs in %.2f s, %.0f exec/s: %.2f us/exec in the target, %.2f us/exec "
	        "in libFuzzer (%.0f%% of the time in the target); with a free target at most "
	        "%.0f exec/s\n",
	        fz_split_execs, wall, (double)fz_split_execs / wall, 1e6 * fz_split_in / n,
	        1e6 * (wall - fz_split_in) / n, 100 * fz_split_in / wall, n / (wall - fz_split_in));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double t;

	if (!fz_split_execs++) {
		clock_gettime(CLOCK_MONOTONIC, &fz_split_start);
		atexit(fz_split_report);
	}
	t = fz_split_now();
	fz_split_target(data, size);
	fz_split_in += fz_split_now() - t;
	return 0;
}

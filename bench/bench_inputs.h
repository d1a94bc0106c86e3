/* The benchmark's inputs: bench/messages/ and the torture corpus. */
#ifndef SIPVET_BENCH_INPUTS_H
#define SIPVET_BENCH_INPUTS_H

#include <stddef.h>

struct bench_input {
	char name[96]; /* "invite-sdp.sip", "rfc4475/wsinv.dat" */
	char *buf;     /* exactly the file's bytes (may hold NULs) */
	size_t len;
};

/* A group of inputs timed together (pointers into a bench_corpus). */
struct bench_set {
	const char *name;
	const struct bench_input **in;
	size_t n, bytes;
};

#define BENCH_NMSGS 3

struct bench_corpus {
	struct bench_input msgs[BENCH_NMSGS];
	struct bench_input *torture;
	size_t ntorture;
};

/* Reads SRC/bench/messages/{invite-sdp,register,ok-invite}.sip and every file
 * of SRC/corpus/torture/rfc4475 and rfc5118 but EXPECTED.md, in name order.
 * 0, or -1 after printing why. */
int bench_corpus_load(struct bench_corpus *c, const char *src);
void bench_corpus_free(struct bench_corpus *c);

#endif

/* sipvet benchmarks: the interface every parser under comparison implements.
 *
 * bench_parse times each parser on the same bytes. A parser says whether it
 * ACCEPTED a message, so that only successful full parses are timed (a
 * rejected message would time an error path). */
#ifndef SIPVET_BENCH_H
#define SIPVET_BENCH_H

#include <stddef.h>

struct bench_parser {
	const char *name;
	/* What this parser's "full parse" covers, for the report. */
	const char *covers;
	/* 0 when the parser is usable. Called once, before any parse. */
	int (*init)(void);
	/* Parses buf[0..len) completely and frees what it built.
	 * 0: accepted; -1: rejected (or a part it decodes was malformed). */
	int (*parse)(const char *buf, size_t len);
	void (*fini)(void);
	unsigned char ours;  /* libsipref itself: the baseline of the ratios */
	unsigned char nosdp; /* leaves the SDP body out: compared with its like */
};

/* Heap calls made by the whole process (bench/malloc_count.c): malloc,
 * calloc, realloc and the aligned variants. Peer libraries call malloc from
 * their shared objects; the wrappers in the executable interpose them. */
extern unsigned long bench_malloc_calls;
extern const int bench_malloc_counted; /* 0: no wrappers in this build */

#ifdef BENCH_HAVE_SOFIA
extern const struct bench_parser bench_peer_sofia;
#endif
#ifdef BENCH_HAVE_OSIP
extern const struct bench_parser bench_peer_osip;
#endif
#ifdef BENCH_HAVE_RE
extern const struct bench_parser bench_peer_re, bench_peer_re_nosdp;
#endif

#endif

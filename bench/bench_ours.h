/* libsipref as a bench_parser. */
#ifndef SIPVET_BENCH_OURS_H
#define SIPVET_BENCH_OURS_H

#include "bench.h"

/* sip_msg_parse + sip_msg_parse_all: every header, the Request-URI, the body. */
extern const struct bench_parser bench_ours;
/* sip_msg_parse + sip_hdr_decode of every header + sip_msg_ruri: no body. */
extern const struct bench_parser bench_ours_nosdp;

/* Allocations libsipref made through its counting allocator so far. */
unsigned long bench_ours_allocs(void);
/* Why bench_ours.init failed (a part of the message layer not linked yet). */
const char *bench_ours_missing(void);

#endif

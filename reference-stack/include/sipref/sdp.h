/* sipref: SDP session descriptions (RFC 4566), parsed from a message body.
 * Slices point into the body; lists live in the message arena. */
#ifndef SIPREF_SDP_H
#define SIPREF_SDP_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "error.h"
#include "str.h"

struct sip_sdp; /* defined below by the SDP module */

/* Parses body[0..len). Returns 0, SIP_EPARSE (err->off relative to body)
 * or SIP_ENOMEM. */
int sip_sdp_parse(struct sip_arena *ar, const char *body, size_t len, unsigned flags,
		  struct sip_sdp **out, struct sip_perr *err);

/* 1 when two parsed descriptions are structurally the same. */
int sip_sdp_same(const struct sip_sdp *a, const struct sip_sdp *b);

#endif

/* sipref: multipart MIME bodies (RFC 2046 5.1, RFC 3261 7.4), binary-safe.
 * Slices point into the body; lists live in the message arena. */
#ifndef SIPREF_MULTIPART_H
#define SIPREF_MULTIPART_H

#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "str.h"

struct sip_multipart; /* defined below by the multipart module */

/* Parses body[0..len) split on `boundary` (the Content-Type parameter,
 * quotes removed). Returns 0, SIP_EPARSE (err->off relative to body) or
 * SIP_ENOMEM. */
int sip_multipart_parse(struct sip_arena *ar, const char *body, size_t len,
			struct sip_str boundary, unsigned flags, struct sip_multipart **out,
			struct sip_perr *err);

int sip_multipart_same(const struct sip_multipart *a, const struct sip_multipart *b);

#endif

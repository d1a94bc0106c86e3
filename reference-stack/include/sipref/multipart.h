/* sipref: multipart MIME bodies (RFC 2046 5.1, RFC 3261 7.4), binary-safe.
 * Slices point into the body; lists live in the message arena. */
#ifndef SIPREF_MULTIPART_H
#define SIPREF_MULTIPART_H

#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "str.h"

struct sip_media; /* hdr.h */

/* One body part (RFC 2046 5.1.1: body-part := MIME-part-headers [CRLF
 * *OCTET]). Every slice points into the parsed body; content is binary
 * (may hold NULs) and excludes the CRLF that belongs to the next
 * delimiter. A part that is itself multipart stays raw: one level only. */
struct sip_mpart {
	struct sip_str raw;     /* headers, blank line and content */
	struct sip_str headers; /* the header lines incl. each CRLF; len 0 when none */
	/* The Content-Type value (LWS trimmed, folding kept); .p NULL when the
	 * part has none (RFC 2046 5.1: text/plain; charset=us-ascii then). */
	struct sip_str content_type;
	/* content_type decoded by the Content-Type parser of hdr_media.c, or
	 * NULL when absent. */
	struct sip_media *ctype;
	struct sip_str content;
	struct sip_mpart *next;
};

struct sip_multipart {
	struct sip_str boundary; /* as given to the parser */
	struct sip_str preamble; /* before the first delimiter line; ignored */
	struct sip_str epilogue; /* after the close delimiter line; ignored */
	struct sip_mpart *parts; /* at least one */
	size_t nparts;
};

/* Parses body[0..len) split on `boundary` (the Content-Type parameter,
 * quotes removed; 1..70 bchars, RFC 2046 5.1.1). flags: SIP_LENIENT_*
 * bits, passed to the part Content-Type parser. Binary-safe: never assumes
 * NUL termination. A missing close delimiter is an error. Returns 0,
 * SIP_EPARSE (err->off relative to body; 0 for an invalid boundary) or
 * SIP_ENOMEM. */
int sip_multipart_parse(struct sip_arena *ar, const char *body, size_t len, struct sip_str boundary,
                        unsigned flags, struct sip_multipart **out, struct sip_perr *err);

/* 1 when both bodies have the same parts: same boundary, header block,
 * Content-Type value, and content octets, in order (preamble and epilogue
 * are ignored, as RFC 2046 5.1.1 says of their content). */
int sip_multipart_same(const struct sip_multipart *a, const struct sip_multipart *b);

#endif

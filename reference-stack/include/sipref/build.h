/* sipref: building messages as text (RFC 3261 8.1.1, 8.2.6, 12.1.1).
 *
 * Builders append to a sip_buf (buf.h) and return the size needed, so a
 * caller can size its storage in one pass. They never modify the parsed
 * messages they copy from; header values are copied as received (raw,
 * unfolded). */
#ifndef SIPREF_BUILD_H
#define SIPREF_BUILD_H

#include <stddef.h>

#include "buf.h"
#include "msg.h"
#include "str.h"

/* Reason phrase of RFC 3261 section 21 for a status code; "Unknown" else. */
const char *sip_reason_phrase(unsigned status);

struct sip_resp_opts {
	const char *reason;          /* NULL: sip_reason_phrase(status) */
	struct sip_str to_tag;       /* added to To when it has no tag (8.2.6.2); empty: none */
	int copy_record_route;       /* 12.1.1: a dialog-creating response copies Record-Route */
	const char *headers;         /* extra header lines, each ending in CRLF; NULL: none */
	struct sip_str content_type; /* with body */
	struct sip_str body;
};

/* A response to `req` per 8.2.6.2: status line, every Via in order, From,
 * To (plus tag), Call-ID, CSeq copied, opts->headers, Content-Type when a
 * body is given, Content-Length. Returns b->len (the size needed). */
size_t sip_build_response(struct sip_buf *b, struct sip_msg *req, unsigned status,
                          const struct sip_resp_opts *opts);

#endif

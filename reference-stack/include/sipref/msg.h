/* sipref: SIP messages (RFC 3261 section 7, 18.3, 20).
 *
 * sip_msg_parse frames one message eagerly: start line, header boundaries
 * (line folding, compact forms, case-insensitive names) and the body by
 * Content-Length. Typed header values are decoded on first access and cached
 * in the header (sip_hdr_decode, the sip_msg_* accessors);
 * sip_msg_parse_all decodes everything, the Request-URI and the body (SDP,
 * multipart) and applies the message-level rules of RFC 3261 / RFC 4475.
 *
 * Nothing here depends on NUL termination. By default the message points into
 * the caller's buffer, which must outlive it; SIP_PARSE_COPY copies the bytes
 * into the message's arena first. A sip_msg is reused across parses: once its
 * arena is warm, parsing makes no heap allocation. Not thread-safe; one
 * message per thread. */
#ifndef SIPREF_MSG_H
#define SIPREF_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "arena.h"
#include "buf.h"
#include "error.h"
#include "hdr.h"
#include "lenient.h"
#include "str.h"
#include "uri.h"

struct sip_sdp;
struct sip_multipart;

/* sip_msg_parse flags, besides the SIP_LENIENT_* bits (low 16 bits). */
enum sip_parse_flag {
	/* The bytes are exactly one message from a stream (sip_framer):
	 * Content-Length is mandatory (RFC 3261 18.3, 20.14) and must match. */
	SIP_PARSE_STREAM = 1u << 16,
	/* Copy the bytes into the message's arena; the caller's buffer may go. */
	SIP_PARSE_COPY = 1u << 17,
};

/* Read-only for users; filled by sip_msg_parse. */
struct sip_msg {
	const char *buf; /* the message: start line to end of body */
	size_t len;
	size_t input_len; /* bytes given; > len when a datagram carried extra
	                   * octets after Content-Length (RFC 3261 18.3) */
	unsigned char is_request;
	/* Request line. */
	struct sip_str method;
	enum sip_method mid;
	struct sip_str ruri_raw;
	/* Status line. */
	unsigned status;
	struct sip_str reason;
	/* Both: "SIP/2.0" as written, and its numbers. */
	struct sip_str version;
	unsigned version_major, version_minor;

	struct sip_hdr *hdrs;
	size_t nhdrs;
	int32_t first[SIP_HDR__COUNT]; /* index of the first header of an id, -1 */

	struct sip_str body;
	unsigned char cl_present;  /* a Content-Length header was there */
	unsigned char cl_conflict; /* several Content-Length values that differ (RFC 4475 3.3.9) */
	uint32_t content_length;

	unsigned flags;        /* as passed to sip_msg_parse */
	unsigned lenient_used; /* SIP_LENIENT_* bits that were needed to accept it */

	/* Decoded on demand (sip_msg_ruri, sip_msg_sdp, sip_msg_multipart). */
	struct sip_uri *ruri;
	struct sip_sdp *sdp;
	struct sip_multipart *multipart;
	unsigned char ruri_state, body_state; /* enum sip_hdr_state */

	struct sip_arena arena;
	size_t hdrs_cap;
};

/* A message object with its own arena. NULL when allocation fails. */
struct sip_msg *sip_msg_new(const struct sip_allocator *a);
void sip_msg_free(struct sip_msg *m);

/* Frames one message from buf[0..len). Datagram semantics unless
 * SIP_PARSE_STREAM: a body shorter than Content-Length is an error (400),
 * octets past it are ignored, and with no Content-Length the body is the
 * rest of the datagram (RFC 3261 18.3). Replaces whatever m held.
 * Returns 0, SIP_EPARSE (err says where and why) or SIP_ENOMEM. */
int sip_msg_parse(struct sip_msg *m, const void *buf, size_t len, unsigned flags,
                  struct sip_perr *err);

/* Decodes every header, the Request-URI and the body, and checks the
 * message-level rules a parser owns: SIP version (505), CSeq method equal
 * to the request method (400; 501 for an unknown method, RFC 4475 3.1.2.18),
 * no headers in a Request-URI (19.1.1), Content-Type syntax of the body.
 * Returns 0, SIP_EPARSE (err: the first failure) or SIP_ENOMEM. */
int sip_msg_parse_all(struct sip_msg *m, struct sip_perr *err);

/* Decodes one header (cached). 0, SIP_EPARSE (h->err set, and copied to err
 * when err is not NULL) or SIP_ENOMEM. */
int sip_hdr_decode(struct sip_msg *m, struct sip_hdr *h, struct sip_perr *err);

/* Header index. */
struct sip_hdr *sip_msg_hdr(struct sip_msg *m, enum sip_hdr_id id); /* first or NULL */
struct sip_hdr *sip_msg_hdr_next(struct sip_msg *m, const struct sip_hdr *h);
struct sip_hdr *sip_msg_hdr_named(struct sip_msg *m, struct sip_str name); /* any, by name */
size_t sip_msg_hdr_count(const struct sip_msg *m, enum sip_hdr_id id);     /* header lines */

/* Typed shortcuts: decode on demand; NULL when absent or malformed. */
const struct sip_uri *sip_msg_ruri(struct sip_msg *m);
const struct sip_via *sip_msg_top_via(struct sip_msg *m);
const struct sip_nameaddr *sip_msg_from(struct sip_msg *m);
const struct sip_nameaddr *sip_msg_to(struct sip_msg *m);
const struct sip_cseq *sip_msg_cseq(struct sip_msg *m);
struct sip_str sip_msg_call_id(struct sip_msg *m);                /* .p NULL when absent */
const struct sip_sdp *sip_msg_sdp(struct sip_msg *m);             /* application/sdp body */
const struct sip_multipart *sip_msg_multipart(struct sip_msg *m); /* multipart/ body */

/* RFC 3261 8.2 / 16.3 request sanity checks that need the whole message
 * rather than the grammar (RFC 4475 3.3): mandatory To, From, CSeq, Call-ID
 * and Via present, each single-valued header present once (3.3.8 multi01),
 * consistent Content-Length (3.3.9 mcl01). 0 or SIP_EPARSE with err->status
 * set to the response to send (400), or 0 status for a response to drop. */
int sip_msg_check(struct sip_msg *m, struct sip_perr *err);

/* Canonical text: single-space start line, canonical header names, values
 * printed from their decoded form (raw, unfolded, for unknown or malformed
 * headers), the body unchanged. Returns the size needed; writes at most cap
 * bytes. parse(print(parse(x))) is sip_msg_same as parse(x). */
size_t sip_msg_print(struct sip_msg *m, char *out, size_t cap);
void sip_msg_print_buf(struct sip_msg *m, struct sip_buf *b);

/* 1 when both messages decode to the same structure (start line, header
 * ids and order, decoded values, body), 0 otherwise. */
int sip_msg_same(struct sip_msg *a, struct sip_msg *b);

#endif

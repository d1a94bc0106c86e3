/* Internal: message-core entry points used by unit tests and fuzz targets. */
#ifndef SIPREF_SRC_MSG_MSG_IMPL_H
#define SIPREF_SRC_MSG_MSG_IMPL_H

#include "hdr_impl.h"
#include "scan.h"
#include "sipref/msg.h"

/* Parses exactly one start line [p,end) (no CRLF) into m's request-line or
 * status-line fields (RFC 3261 7.1, 7.2, 25.1). 0 or SIP_EPARSE via c. */
int sip__start_line(struct sip__pctx *c, struct sip_msg *m, const char *p, const char *end);

/* The typed-header functions of one header id (decode.c builds the table
 * from SIP_HEADERS and SIP__HDR_KINDS). NULL members for SIP_HDR_OTHER. */
struct sip__hdr_ops {
	int (*parse)(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
	             union sip_hval *out);
	void (*print)(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v);
	int (*same)(union sip_hval a, union sip_hval b);
};
extern const struct sip__hdr_ops sip__hdr_ops[SIP_HDR__COUNT];

/* Decodes the Request-URI into m->ruri (cached in m->ruri_state). 0,
 * SIP_EPARSE (err: offset in the message) or SIP_ENOMEM. */
int sip__msg_ruri(struct sip_msg *m, struct sip_perr *err);
/* Parses the body per Content-Type (application/sdp, multipart/x) into
 * m->sdp / m->multipart (cached in m->body_state). Other bodies: 0. */
int sip__msg_body(struct sip_msg *m, struct sip_perr *err);

/* Header-name tables of hdr_names.c, for the framer's one-pass header line
 * (msg.c): canonical names zero-padded to 24 octets; the candidate id by
 * name length (2..19) and first octet & 31, and the second candidate where
 * two names share both; keep[r] masks the first r octets of a word; the
 * compact form's id by octet | 0x20 (RFC 3261 7.3.3). */
/* Hidden: the library's own tables, addressed directly rather than through
 * the GOT in position-independent code. */
#if defined(__GNUC__)
#define SIP__HIDDEN __attribute__((visibility("hidden")))
#else
#define SIP__HIDDEN
#endif
extern SIP__HIDDEN const char sip__hdr_canon[SIP_HDR__COUNT][24];
extern SIP__HIDDEN const unsigned char sip__hdr_cand[20][32];
extern SIP__HIDDEN const unsigned char sip__hdr_alt[SIP_HDR__COUNT];
extern SIP__HIDDEN const unsigned char sip__hdr_keep[9][8];
extern SIP__HIDDEN const unsigned char sip__hdr_compact_id[128];
/* The first 16 octets of each name, as fast_name16 (msg.c) compares them:
 * (octets | fold) == lc in all 16 octets, those past the name 0xff in both
 * (equal whatever the message has there). */
struct sip__hdr_name16 {
	_Alignas(16) unsigned char fold[16];
	unsigned char lc[16];
};
extern SIP__HIDDEN const struct sip__hdr_name16 sip__hdr_name16[SIP_HDR__COUNT];
/* The same for the method names, compared exactly (RFC 3261 7.1), and the
 * one method of each length (3..9) and first octet & 31. */
extern SIP__HIDDEN const struct sip__hdr_name16 sip__method16[SIP_METHOD__COUNT];
extern SIP__HIDDEN const unsigned char sip__method_cand[16][32];

/* Word k of a name (w, as loaded from the message) equals word k of the
 * canonical name c8, ignoring letter case, in the octets keep selects.
 * Letters fold with 0x20 (taken from bit 6 of the canonical octet, which
 * only letters have); '-' compares exactly, so a CR cannot pass for it.
 * The canonical name is zero-padded, so octets past it compare with 0. */
static inline int sip__hdr_word_eq(uint64_t w, const char *c8, uint64_t keep)
{
	uint64_t c, f;
	memcpy(&c, c8, 8);
	f = (c >> 1) & 0x2020202020202020ull;
	return ((w | f) & keep) == (c | f);
}

#endif

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

#endif

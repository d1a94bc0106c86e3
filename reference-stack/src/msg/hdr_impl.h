/* Internal: the contract between the message core (decode.c, print.c) and
 * the typed header modules (hdr_*.c).
 *
 * For every union sip_hval member M named in SIP_HEADERS there are three
 * functions, and decode.c builds its dispatch table from SIP_HEADERS:
 *
 *   int  sip__hdr_parse_M(struct sip__pctx *c, enum sip_hdr_id id,
 *                         const char *p, const char *end, union sip_hval *out);
 *        Parses one header line's whole value [p,end) (LWS already trimmed
 *        at both ends; line folding may remain inside) with the grammar of
 *        header `id`, allocating in c->ar. Comma-separated lists become the
 *        member's `next` chain. An empty value is valid only where RFC 3261
 *        allows it (out->any = NULL then). Returns 0, SIP_EPARSE through
 *        sip__fail (offset, static reason, status 400 for requests) or
 *        SIP_ENOMEM through sip__nomem. decode.c's parse_all shares one
 *        parse context across all headers of a message and clears its error
 *        record once, so a parser must fail only through those two (which
 *        set every field of the record), must leave c->ar, c->base and
 *        c->err as it found them, and must restore c->flags if it narrows
 *        them (hdr_nameaddr.c does, around a display name). [c->base, end)
 *        is readable: 16-octet scans may read back towards c->base.
 *
 *   void sip__hdr_print_M(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v);
 *        Prints the canonical value (no name, no CRLF): single spaces, ", "
 *        between list elements, parameters as ";name=value". Parsing what it
 *        prints yields a value sip__hdr_same_M calls the same.
 *
 *   int  sip__hdr_same_M(union sip_hval a, union sip_hval b);
 *        1 when the decoded values are structurally identical (every field,
 *        order kept; tokens compared case-insensitively where the grammar
 *        makes them case-insensitive), else 0.
 */
#ifndef SIPREF_SRC_MSG_HDR_IMPL_H
#define SIPREF_SRC_MSG_HDR_IMPL_H

#include "scan.h"
#include "sipref/buf.h"
#include "sipref/hdr.h"

/* A table laid out by hand. */
/* clang-format off */
#define SIP__HDR_KINDS(X)                                                   \
	X(via) X(na) X(cseq) X(num) X(text) X(media) X(tok) X(disp) X(date) \
	X(ts) X(retry) X(warn) X(info) X(auth) X(mime)
/* clang-format on */

#define SIP__HDR_DECL(M)                                                                  \
	int sip__hdr_parse_##M(struct sip__pctx *c, enum sip_hdr_id id, const char *p,    \
	                       const char *end, union sip_hval *out);                     \
	void sip__hdr_print_##M(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v); \
	int sip__hdr_same_##M(union sip_hval a, union sip_hval b);
SIP__HDR_KINDS(SIP__HDR_DECL)
#undef SIP__HDR_DECL

/* Shared by the header modules (params.c). */
void sip__print_params(struct sip_buf *b, const struct sip_param *p);
/* Same names (case-insensitive), same values (case-insensitive unless a
 * value is a quoted-string, which compares exactly), same order. */
int sip__same_params(const struct sip_param *a, const struct sip_param *b);
int sip__same_str_case(struct sip_str a, struct sip_str b);
/* hdr_media.c: checks the "q" parameters of an accept-param list (RFC 3261
 * 25.1 qvalue: 0..1, at most three decimals). 0 or SIP_EPARSE via c. */
int sip__check_qvalues(struct sip__pctx *c, const struct sip_param *p);

#endif

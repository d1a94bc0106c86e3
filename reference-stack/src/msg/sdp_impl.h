/* Internal: the SDP field grammars (sdp_field.c) the line driver (sdp.c)
 * calls. Each parses one line's value [p,end) (after "<type>=", without the
 * line end), allocating in c->ar; returns 0, SIP_EPARSE through sip__fail
 * (offset relative to the body) or SIP_ENOMEM through sip__nomem. */
#ifndef SIPREF_SRC_MSG_SDP_IMPL_H
#define SIPREF_SRC_MSG_SDP_IMPL_H

#include "msg/scan.h"
#include "sipref/sdp.h"

/* A decimal of exactly the digits of s, at most max. */
int sip__sdp_num(struct sip__pctx *c, struct sip_str s, uint64_t max, uint64_t *out,
                 const char *reason);
/* c= (unicast 0) or the address tail of o= (unicast 1), RFC 4566 5.7. */
int sip__sdp_conn(struct sip__pctx *c, const char *p, const char *end, int unicast,
                  struct sip_sdp_conn *out);
int sip__sdp_origin(struct sip__pctx *c, const char *p, const char *end,
                    struct sip_sdp_origin *o); /* 5.2 */
int sip__sdp_time(struct sip__pctx *c, const char *p, const char *end,
                  struct sip_sdp_time *t); /* 5.9 */
int sip__sdp_repeat(struct sip__pctx *c, const char *p, const char *end,
                    struct sip_sdp_repeat *r); /* 5.10 */
/* z= (5.11): appends the pairs through *tail. */
int sip__sdp_zone(struct sip__pctx *c, const char *p, const char *end, struct sip_sdp_zone ***tail);
int sip__sdp_bw(struct sip__pctx *c, const char *p, const char *end,
                struct sip_sdp_bw *b); /* 5.8 */
int sip__sdp_attr(struct sip__pctx *c, const char *p, const char *end,
                  struct sip_sdp_attr *a); /* 5.13 */
int sip__sdp_media(struct sip__pctx *c, const char *p, const char *end,
                   struct sip_sdp_media *m); /* 5.14 */

#endif

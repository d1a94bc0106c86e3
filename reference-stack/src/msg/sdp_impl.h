/* Internal: the SDP field grammars (sdp_field.c) the line driver (sdp.c)
 * calls. Each parses one line's value [p,end) (after "<type>=", without the
 * line end), allocating in c->ar; returns 0, SIP_EPARSE through sip__fail
 * (offset relative to the body) or SIP_ENOMEM through sip__nomem. */
#ifndef SIPREF_SRC_MSG_SDP_IMPL_H
#define SIPREF_SRC_MSG_SDP_IMPL_H

#include "msg/scan.h"
#include "sipref/sdp.h"

/* Octet classes of RFC 4566 9 (sip__sdp_cc, in sdp_field.c), by table:
 * these run once per octet of every SDP field. */
enum {
	TOK = 1,   /* token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 /
	            * %x41-5A / %x5E-7E (wider than RFC 3261's token) */
	NONWS = 2, /* non-ws-string = 1*(VCHAR / %x80-FF) */
};
extern const unsigned char sip__sdp_cc[256];

/* Skips a run of `cls` octets, four per bounds check: field words are most
 * of what an SDP parse reads. */
static inline const char *sdp_run(const char *p, const char *end, unsigned cls)
{
	for (; end - p >= 4; p += 4) {
		if (!(sip__sdp_cc[(unsigned char)p[0]] & cls))
			return p;
		if (!(sip__sdp_cc[(unsigned char)p[1]] & cls))
			return p + 1;
		if (!(sip__sdp_cc[(unsigned char)p[2]] & cls))
			return p + 2;
		if (!(sip__sdp_cc[(unsigned char)p[3]] & cls))
			return p + 3;
	}
	while (p < end && (sip__sdp_cc[(unsigned char)*p] & cls))
		p++;
	return p;
}

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
int sip__sdp_media(struct sip__pctx *c, const char *p, const char *end,
                   struct sip_sdp_media *m); /* 5.14 */

/* a=att-field [":" att-value] (5.13); att-value = byte-string (non-empty).
 * Inline in the line driver: a= is the line most descriptions carry most
 * of. */
static inline int sip__sdp_attr(struct sip__pctx *c, const char *p, const char *end,
                                struct sip_sdp_attr *a)
{
	const char *q = sdp_run(p, end, TOK);
	if (q == p || (q < end && *q != ':'))
		return sip__fail(c, q, "invalid SDP attribute name", 400);
	a->name = sip_str_make(p, (size_t)(q - p));
	if (q == end)
		return 0;
	if (q + 1 == end)
		return sip__fail(c, q, "empty SDP attribute value after ':'", 400);
	a->has_value = 1;
	a->value = sip_str_make(q + 1, (size_t)(end - q - 1));
	return 0;
}

/* The common c= / o= tail "IN IP4 <dotted quad or name>" without a '/'
 * suffix, in one pass over the address: returns 1 with *out filled exactly
 * as conn_addr() would fill it, or 0 (nothing decided) for anything else,
 * which then takes the full grammar (sip__sdp_conn), errors included.
 * Inline: the line driver tries it before the call. */
static inline int sip__sdp_conn_fast(const char *p, const char *end, int unicast,
                                     struct sip_sdp_conn *out)
{
	const char *a, *q;
	if (end - p < 8 || memcmp(p, "IN IP4 ", 7) != 0)
		return 0;
	a = p + 7;
	if ((unsigned char)(*a - '0') <= 9) {
		/* The shape sip__ipv4() accepts: four parts of 1 to 3 digits,
		 * each at most 255, read part by part. */
		uint8_t b[4];
		unsigned i, d, v;
		for (q = a, i = 0; i < 4; i++) {
			if (q == end || (v = (unsigned char)(*q - '0')) > 9)
				return 0;
			if (++q < end && (d = (unsigned char)(*q - '0')) <= 9) {
				v = v * 10 + d;
				if (++q < end && (d = (unsigned char)(*q - '0')) <= 9) {
					v = v * 10 + d;
					q++;
				}
			}
			if (v > 255)
				return 0;
			b[i] = (uint8_t)v;
			if (i < 3 && (q == end || *q++ != '.'))
				return 0;
		}
		if (q != end)
			return 0;
		/* RFC 4566 5.7: a c= multicast address needs its TTL. */
		if (!unicast && b[0] >= 224 && b[0] <= 239)
			return 0;
		memcpy(out->host.addr, b, 4);
		out->host.type = SIP_HOST_IPV4;
	} else {
		/* FQDN = 4*(alpha-numeric / "-" / "."); a leading letter keeps
		 * it clear of the digits-and-dots case. */
		if ((unsigned)(((unsigned char)*a | 0x20) - 'a') >= 26u || end - a < 4)
			return 0;
		if (sip__run(a, end, SIP__C_HOST) != end)
			return 0;
		out->host.type = SIP_HOST_NAME;
	}
	out->nettype = sip_str_make(p, 2);
	out->addrtype = sip_str_make(p + 3, 3);
	out->host.text = sip_str_make(a, (size_t)(end - a));
	out->ttl = -1;
	out->num = 1;
	return 1;
}

#endif

/* Lazy decoding of header values, the Request-URI and the body, and the
 * message-level rules of sip_msg_parse_all (RFC 3261 8.2, 19.1.1; RFC 4475). */
#include <stdint.h>
#include <string.h>

#include "msg_impl.h"
#include "sipref/multipart.h"
#include "sipref/sdp.h"

const struct sip__hdr_ops sip__hdr_ops[SIP_HDR__COUNT] = {
#define SIP__H(id, name, compact, member) \
	[SIP_HDR_##id] = {sip__hdr_parse_##member, sip__hdr_print_##member, sip__hdr_same_##member},
        SIP_HEADERS(SIP__H)
#undef SIP__H
};

/* Parse errors of a response carry status 0: it is dropped, not answered
 * (RFC 3261 16.7, RFC 4475 3.1.2.19). */
static int fix_status(const struct sip_msg *m, int rc, struct sip_perr *err)
{
	if (rc == SIP_EPARSE && !m->is_request)
		err->status = 0;
	return rc;
}

/* extension-header values: header-value = *(TEXT-UTF8char / UTF8-CONT /
 * LWS) (RFC 3261 25.1): no control characters except in folding. Octets
 * 0x20..0x7e and 0x80..0xff pass; where SSE2 is there they are skipped 16
 * at a time (long values such as Identity are all such octets), and the
 * first other octet, HTAB or a fold's CRLF or an error, is decided one at
 * a time as before. The 16-octet loads stay inside [p, end), or for the
 * last few octets inside [base, end). */
static int check_raw(struct sip__pctx *c, const char *p, const char *end)
{
	for (;;) {
		unsigned char ch;
#if SIP__SSE2
		while (end - p >= 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
			/* x <= 0x1f exactly when min(x, 0x1f) == x (unsigned). */
			__m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x);
			__m128i del = _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f));
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(ctl, del));
			if (m) {
				p += __builtin_ctz(m);
				goto other;
			}
			p += 16;
		}
		if (p >= end)
			return 0;
		if (end - c->base >= 16) {
			/* The last 1..15 octets: the 16 that end at end, which lie
			 * in the object at base (sip__pctx), those before p shifted
			 * out. */
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(end - 16));
			__m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x);
			__m128i del = _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f));
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(ctl, del)) >>
			             (16 - (unsigned)(end - p));
			if (!m)
				return 0;
			p += __builtin_ctz(m);
			goto other;
		}
#endif
		for (;; p++) {
			if (p >= end)
				return 0;
			ch = (unsigned char)*p;
			if (ch < 0x20 || ch == 0x7f)
				break;
		}
#if SIP__SSE2
	other:
#endif
		ch = (unsigned char)*p;
		if (ch == '\t') {
			p++;
			continue;
		}
		if (ch == '\r' && end - p >= 3 && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t')) {
			p += 3;
			continue;
		}
		return sip__fail(c, p, "control character in header value", 400);
	}
}

/* The parse function of every id, extension headers included: the one
 * indirect call of sip_hdr_decode's common path. */
static int parse_raw(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                     union sip_hval *out)
{
	(void)id;
	out->any = NULL;
	return check_raw(c, p, end);
}

typedef int (*parse_fn)(struct sip__pctx *, enum sip_hdr_id, const char *, const char *,
                        union sip_hval *);
static const parse_fn parsers[SIP_HDR__COUNT] = {[SIP_HDR_OTHER] = parse_raw,
#define SIP__H(id, name, compact, member) [SIP_HDR_##id] = sip__hdr_parse_##member,
                                                 SIP_HEADERS(SIP__H)
#undef SIP__H
};

/* A header that did not decode: cached as bad unless memory ran out (the
 * same header may decode once memory is back). Out of line: off the
 * common path. */
static __attribute__((noinline)) int decode_failed(struct sip_msg *m, struct sip_hdr *h, int rc,
                                                   struct sip_perr *e, struct sip_perr *err)
{
	if (rc == SIP_ENOMEM) {
		if (err)
			*err = *e;
		return rc;
	}
	fix_status(m, SIP_EPARSE, e);
	h->state = SIP_HDR_BAD;
	h->err = *e;
	h->val.any = NULL;
	if (err)
		*err = *e;
	return SIP_EPARSE;
}

/* Cached results and ids out of range: off the common path. */
static __attribute__((noinline)) int decode_other(struct sip_msg *m, struct sip_hdr *h,
                                                  struct sip_perr *err)
{
	struct sip__pctx c;
	struct sip_perr e = {0, NULL, 0};
	int rc;
	if (h->state == SIP_HDR_DECODED)
		return 0;
	if (h->state == SIP_HDR_BAD) {
		if (err)
			*err = h->err;
		return SIP_EPARSE;
	}
	/* An id out of range is checked as an extension header's value. */
	sip__pctx_init(&c, &m->arena, m->buf, m->flags & 0xffffu, &e);
	if ((unsigned)h->id < SIP_HDR__COUNT)
		rc = parsers[h->id](&c, h->id, h->value.p, h->value.p + h->value.len, &h->val);
	else
		rc = parse_raw(&c, SIP_HDR_OTHER, h->value.p, h->value.p + h->value.len, &h->val);
	m->lenient_used |= c.lenient_used;
	if (rc != 0)
		return decode_failed(m, h, rc, &e, err);
	h->state = SIP_HDR_DECODED;
	return 0;
}

int sip_hdr_decode(struct sip_msg *m, struct sip_hdr *h, struct sip_perr *err)
{
	/* One frame for the parse context, its error and what is needed after
	 * the call: the context's address reaches the parser, so compilers
	 * keep m, h and err in this frame rather than in saved registers
	 * (fewer pushes and pops on the path every lazy decode takes). */
	struct {
		struct sip__pctx c;
		struct sip_perr e;
		struct sip_msg *m;
		struct sip_hdr *h;
		struct sip_perr *err;
	} f;
	int rc;
	if (h->state != SIP_HDR_RAW || (unsigned)h->id >= SIP_HDR__COUNT)
		return decode_other(m, h, err);
	/* e is copied out only when the parse fails (decode_failed). */
	f.e.off = 0;
	f.e.reason = NULL;
	f.e.status = 0;
	f.m = m;
	f.h = h;
	f.err = err;
	sip__pctx_init(&f.c, &m->arena, m->buf, m->flags & 0xffffu, &f.e);
	rc = parsers[h->id](&f.c, h->id, h->value.p, h->value.p + h->value.len, &h->val);
	f.m->lenient_used |= f.c.lenient_used;
	if (rc != 0)
		return decode_failed(f.m, f.h, rc, &f.e, f.err);
	f.h->state = SIP_HDR_DECODED;
	return 0;
}

/* sip__msg_ruri, inline in sip_msg_parse_all: there it shares the
 * caller's frame (no register saves of its own). */
static inline __attribute__((always_inline)) int msg_ruri(struct sip_msg *m, struct sip_perr *err)
{
	struct sip_perr e = {0, NULL, 0};
	struct sip_uri *u;
	int rc;
	if (!m->is_request)
		return 0;
	if (m->ruri_state == SIP_HDR_DECODED)
		return 0;
	if (m->ruri_state == SIP_HDR_BAD) {
		*err = e;
		err->off = (size_t)(m->ruri_raw.p - m->buf);
		err->reason = "bad Request-URI";
		err->status = 400;
		return SIP_EPARSE;
	}
	/* No zero-fill here: sip__uri_parse starts by emptying every field
	 * of *u itself (uri_parse in uri.c), and u is kept only when it
	 * succeeds. */
	u = sip__alloc(&m->arena, sizeof(*u));
	if (!u) {
		err->off = (size_t)(m->ruri_raw.p - m->buf);
		err->reason = "out of memory";
		err->status = 500;
		return SIP_ENOMEM;
	}
	{
		/* Parse inside a context based on the message, so offsets are
		 * message offsets and leniencies used land in lenient_used. */
		struct sip__pctx c;
		sip__pctx_init(&c, &m->arena, m->buf, m->flags & 0xffffu, err);
		err->reason = 0;
		err->status = 0;
		rc = sip__uri_parse(&c, m->ruri_raw.p, m->ruri_raw.p + m->ruri_raw.len, u);
		m->lenient_used |= c.lenient_used;
	}
	if (rc == SIP_ENOMEM)
		return rc;
	if (rc != 0) {
		m->ruri_state = SIP_HDR_BAD;
		if (!err->reason)
			err->reason = "bad Request-URI";
		if (!err->status)
			err->status = 400;
		return SIP_EPARSE;
	}
	m->ruri = u;
	m->ruri_state = SIP_HDR_DECODED;
	return 0;
}

int sip__msg_ruri(struct sip_msg *m, struct sip_perr *err)
{
	return msg_ruri(m, err);
}

/* s equals lit (8 to 16 lower-case letters, n of them) ignoring case, as
 * SIP__CASEEQ_LIT: two overlapping word compares, each octet ORed with
 * 0x20, which equals a lower-case letter exactly when it is that letter in
 * either case (sip__caseeq_lower8 in scan.h). Reads s[0..n) only. */
static inline int caseeq_letters(struct sip_str s, const char *lit, size_t n)
{
	const uint64_t f = 0x2020202020202020ull;
	uint64_t a, b, x, y;
	if (s.len != n)
		return 0;
	memcpy(&a, s.p, 8);
	memcpy(&b, s.p + n - 8, 8);
	memcpy(&x, lit, 8);
	memcpy(&y, lit + n - 8, 8);
	return (((a | f) ^ x) | ((b | f) ^ y)) == 0;
}

/* The boundary parameter without its quotes (RFC 2046 5.1.1): the first
 * parameter named boundary in any case, as sip_param_find finds it. */
static struct sip_str boundary_of(const struct sip_media *ct)
{
	const struct sip_param *b;
	struct sip_str s = SIP_STR_NULL;
	for (b = ct->params; b && !caseeq_letters(b->name, "boundary", 8); b = b->next)
		;
	if (!b || !b->has_value)
		return s;
	s = b->value;
	if (s.len >= 2 && s.p[0] == '"' && s.p[s.len - 1] == '"') {
		s.p++;
		s.len -= 2;
	}
	return s;
}

/* sip__msg_body past its usual outcomes: off the common path. */
static __attribute__((noinline)) int msg_body(struct sip_msg *m, struct sip_perr *err)
{
	struct sip_hdr *h = m->first[SIP_HDR_CONTENT_TYPE] < 0
	                            ? NULL
	                            : &m->hdrs[m->first[SIP_HDR_CONTENT_TYPE]]; /* sip_msg_hdr */
	const struct sip_media *ct;
	struct sip_perr e = {0, NULL, 0};
	unsigned fl = m->flags & 0xffffu;
	int rc = 0;
	if (m->body_state == SIP_HDR_DECODED)
		return 0;
	if (m->body_state == SIP_HDR_BAD) {
		err->off = (size_t)(m->body.p - m->buf);
		err->reason = "bad message body";
		err->status = m->is_request ? 400 : 0;
		return SIP_EPARSE;
	}
	if (!h || m->body.len == 0) {
		m->body_state = SIP_HDR_DECODED;
		return 0;
	}
	/* Decoded already, as after the loop of sip_msg_parse_all, it is
	 * only read. */
	if (h->state != SIP_HDR_DECODED && (rc = sip_hdr_decode(m, h, err)) != 0)
		return rc;
	ct = h->val.media;
	if (!ct) {
		m->body_state = SIP_HDR_DECODED;
		return 0;
	}
	/* application/sdp, multipart/x, case-insensitive (RFC 2045 5.1); the
	 * octets compared are all letters, so |0x20 is exact. */
	if (caseeq_letters(ct->type, "application", 11) && ct->subtype.len == 3 &&
	    (ct->subtype.p[0] | 0x20) == 's' && (ct->subtype.p[1] | 0x20) == 'd' &&
	    (ct->subtype.p[2] | 0x20) == 'p') {
		rc = sip_sdp_parse(&m->arena, m->body.p, m->body.len, fl, &m->sdp, &e);
	} else if (caseeq_letters(ct->type, "multipart", 9)) {
		struct sip_str b = boundary_of(ct);
		if (!b.p || b.len == 0) {
			e.off = 0;
			e.reason = "multipart body without a boundary parameter";
			e.status = 400;
			rc = SIP_EPARSE;
		} else {
			rc = sip_multipart_parse(&m->arena, m->body.p, m->body.len, b, fl,
			                         &m->multipart, &e);
		}
	}
	if (rc == 0) {
		m->body_state = SIP_HDR_DECODED;
		return 0;
	}
	*err = e;
	err->off = e.off + (size_t)(m->body.p - m->buf);
	if (rc == SIP_ENOMEM)
		return rc;
	if (!err->reason)
		err->reason = "bad message body";
	err->status = m->is_request ? 400 : 0;
	m->sdp = NULL;
	m->multipart = NULL;
	m->body_state = SIP_HDR_BAD;
	return SIP_EPARSE;
}

/* sip__msg_body, inline in sip_msg_parse_all. */
static inline int msg_body_usual(struct sip_msg *m, struct sip_perr *err)
{
	/* The usual outcomes first: decoded already, or nothing to decode (no
	 * Content-Type or an empty body), which msg_body would also find. */
	if (m->body_state == SIP_HDR_DECODED)
		return 0;
	if (m->body_state == SIP_HDR_RAW &&
	    (m->first[SIP_HDR_CONTENT_TYPE] < 0 || m->body.len == 0)) {
		m->body_state = SIP_HDR_DECODED;
		return 0;
	}
	return msg_body(m, err);
}

int sip__msg_body(struct sip_msg *m, struct sip_perr *err)
{
	return msg_body_usual(m, err);
}

static int fail(struct sip_perr *err, size_t off, const char *reason, int status)
{
	err->off = off;
	err->reason = reason;
	err->status = status;
	return SIP_EPARSE;
}

/* sip_str_eq, with 4 to 16 octets compared in two overlapping loads of
 * each (method names are 3 to 9 octets; others call memcmp). */
static inline int same_octets(struct sip_str a, struct sip_str b)
{
	if (a.len != b.len)
		return 0;
	if (a.len >= 8 && a.len <= 16) {
		uint64_t x, y, u, v;
		memcpy(&x, a.p, 8);
		memcpy(&y, a.p + a.len - 8, 8);
		memcpy(&u, b.p, 8);
		memcpy(&v, b.p + a.len - 8, 8);
		return ((x ^ u) | (y ^ v)) == 0;
	}
	if (a.len >= 4 && a.len < 8) {
		uint32_t x, y, u, v;
		memcpy(&x, a.p, 4);
		memcpy(&y, a.p + a.len - 4, 4);
		memcpy(&u, b.p, 4);
		memcpy(&v, b.p + a.len - 4, 4);
		return ((x ^ u) | (y ^ v)) == 0;
	}
	return a.len == 0 || memcmp(a.p, b.p, a.len) == 0;
}

/* The CSeq method is the request's method, octet for octet (RFC 3261 7.1:
 * case-sensitive). Two known methods (the parsers set mid from the name)
 * are their canonical names, so their ids decide. */
static inline int same_method(const struct sip_cseq *cs, const struct sip_msg *m)
{
	if (cs->mid != SIP_METHOD_OTHER && m->mid != SIP_METHOD_OTHER)
		return cs->mid == m->mid;
	return same_octets(cs->method, m->method);
}

/* RFC 3261 8.1.1.7 / 8.2 rules that span the start line and headers. */
static int message_rules(struct sip_msg *m, struct sip_perr *err)
{
	struct sip_hdr *h;
	if (!m->is_request)
		return 0;
	/* RFC 3261 19.1.1 table: no headers in a Request-URI (RFC 4475
	 * 3.1.2.11 escruri). */
	if (m->ruri && m->ruri->headers) {
		if (!(m->flags & SIP_LENIENT_RURI_HEADERS))
			return fail(err, (size_t)(m->ruri_raw.p - m->buf),
			            "Request-URI contains headers", 400);
		m->lenient_used |= SIP_LENIENT_RURI_HEADERS;
	}
	/* RFC 3261 8.1.1.5: the CSeq method matches the request method
	 * (RFC 4475 3.1.2.17 mismatch01: 400; 3.1.2.18 mismatch02: 501 when
	 * the method is one we do not implement). */
	h = m->first[SIP_HDR_CSEQ] < 0 ? NULL : &m->hdrs[m->first[SIP_HDR_CSEQ]]; /* sip_msg_hdr */
	if (h && h->state == SIP_HDR_DECODED && h->val.cseq && !same_method(h->val.cseq, m))
		return fail(err, h->off, "CSeq method differs from the request method",
		            m->mid == SIP_METHOD_OTHER ? 501 : 400);
	return 0;
}

/* sip_hdr_decode of every header in order, stopping at the first failure,
 * with the per-call work hoisted out of the loop: one parse context serves
 * every header (a parser leaves ar, base, flags and err as it found them:
 * the one parser that changes flags for a while, name-addr's quoted
 * display name, restores them before it can return; leniencies used
 * accumulate and reach m->lenient_used before anything can see them), and
 * the parser is called straight from the table. Headers already decoded
 * or bad, and ids out of range, take sip_hdr_decode.
 *
 * The error record is cleared once, not before each header as
 * sip_hdr_decode does: it is read only after a failure, and every failure
 * sets all of its fields (the contract of hdr_impl.h: SIP_EPARSE through
 * sip__fail, SIP_ENOMEM through sip__nomem; the one other writer,
 * name-addr's uri_fast, only puts back what it found, and its caller then
 * decides through those two), so what an earlier header left there is
 * never seen. */
static int decode_all(struct sip_msg *m, struct sip_perr *err)
{
	struct sip_hdr *h = m->hdrs, *hend = h + m->nhdrs;
	struct sip__pctx c;
	struct sip_perr e;
	unsigned fl = m->flags & 0xffffu;
	int rc;
	e.off = 0;
	e.reason = NULL;
	e.status = 0;
	sip__pctx_init(&c, &m->arena, m->buf, fl, &e);
	for (; h < hend; h++) {
		/* state RAW and id in range in one compare: any other state
		 * sets bits above the low 32 */
		if (((uint64_t)(unsigned)h->state << 32 | (unsigned)h->id) >= SIP_HDR__COUNT) {
			m->lenient_used |= c.lenient_used;
			c.lenient_used = 0;
			if ((rc = sip_hdr_decode(m, h, err)) != 0)
				return rc;
			continue;
		}
		rc = parsers[h->id](&c, h->id, h->value.p, h->value.p + h->value.len, &h->val);
		if (rc != 0) {
			m->lenient_used |= c.lenient_used;
			return decode_failed(m, h, rc, &e, err);
		}
		h->state = SIP_HDR_DECODED;
	}
	m->lenient_used |= c.lenient_used;
	return 0;
}

int sip_msg_parse_all(struct sip_msg *m, struct sip_perr *err)
{
	struct sip_perr dummy;
	int rc;
	if (!err)
		err = &dummy;
	/* RFC 3261 8.2.2 ... 21.5.6: only SIP/2.0 is understood; a request
	 * of another version gets 505 (RFC 4475 3.1.2.16 badvers). Checked
	 * first: the other fields of such a message may follow other rules. */
	if (m->version_major != 2 || m->version_minor != 0)
		return fail(err, (size_t)(m->version.p - m->buf), "unsupported SIP-Version",
		            m->is_request ? 505 : 0);
	/* RFC 3261 21: status codes are 100 to 699. */
	if (!m->is_request && (m->status < 100 || m->status > 699))
		return fail(err, 0, "Status-Code out of range", 0);
	if ((rc = decode_all(m, err)) != 0)
		return rc;
	if ((rc = msg_ruri(m, err)) != 0)
		return rc;
	if ((rc = message_rules(m, err)) != 0)
		return rc;
	if ((rc = msg_body_usual(m, err)) != 0)
		return rc;
	return 0;
}

static union sip_hval first_val(struct sip_msg *m, enum sip_hdr_id id)
{
	struct sip_hdr *h = sip_msg_hdr(m, id);
	union sip_hval none = {NULL};
	if (!h || sip_hdr_decode(m, h, NULL) != 0)
		return none;
	return h->val;
}

const struct sip_uri *sip_msg_ruri(struct sip_msg *m)
{
	struct sip_perr e;
	if (!m->is_request || sip__msg_ruri(m, &e) != 0)
		return NULL;
	return m->ruri;
}

const struct sip_via *sip_msg_top_via(struct sip_msg *m)
{
	return first_val(m, SIP_HDR_VIA).via;
}

const struct sip_nameaddr *sip_msg_from(struct sip_msg *m)
{
	return first_val(m, SIP_HDR_FROM).na;
}

const struct sip_nameaddr *sip_msg_to(struct sip_msg *m)
{
	return first_val(m, SIP_HDR_TO).na;
}

const struct sip_cseq *sip_msg_cseq(struct sip_msg *m)
{
	return first_val(m, SIP_HDR_CSEQ).cseq;
}

struct sip_str sip_msg_call_id(struct sip_msg *m)
{
	const struct sip_text *t = first_val(m, SIP_HDR_CALL_ID).text;
	return t ? t->value : SIP_STR_NULL;
}

const struct sip_sdp *sip_msg_sdp(struct sip_msg *m)
{
	struct sip_perr e;
	if (sip__msg_body(m, &e) != 0)
		return NULL;
	return m->sdp;
}

const struct sip_multipart *sip_msg_multipart(struct sip_msg *m)
{
	struct sip_perr e;
	if (sip__msg_body(m, &e) != 0)
		return NULL;
	return m->multipart;
}

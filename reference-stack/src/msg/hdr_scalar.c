/* Scalar headers: CSeq (RFC 3261 20.16), Content-Length (20.14), Max-Forwards
 * (20.22), Expires (20.19), Min-Expires (20.23), MIME-Version (20.24),
 * Timestamp (20.38), Retry-After (20.33). */
#include "msg_impl.h"

#define U32_MAX 4294967295u

/* Inline, so that with the constant size the zero-fill is a store or two. */
static inline void *node(struct sip__pctx *c, const char *at, size_t n, int *rc)
{
	void *x = sip__zalloc(c->ar, n);
	*rc = x ? 0 : sip__nomem(c, at);
	return x;
}

/* node without the zero-fill, for a node whose every field the caller
 * sets (CSeq, the numbers). */
static inline void *node_set(struct sip__pctx *c, const char *at, size_t n, int *rc)
{
	void *x = sip__alloc(c->ar, n);
	*rc = x ? 0 : sip__nomem(c, at);
	return x;
}

/* The bump of sip__alloc alone, for a fast path that leaves every other
 * outcome (a new chunk, no memory) to its careful path: 1 when the current
 * chunk has room for r octets (r a multiple of 8, as sip__alloc rounds
 * n), which take_room then takes. Two steps, so that the fast path tests
 * the room only, not the pointer as well. */
static inline int has_room(const struct sip_arena *ar, size_t r)
{
	return (uintptr_t)ar->end - (uintptr_t)ar->cur >= r;
}

static inline void *take_room(struct sip_arena *ar, size_t r)
{
	void *x = ar->cur;
	ar->cur += r;
	return x;
}

#define ROUND8(n) (((n) + 7) & ~(size_t)7)

/* The usual value of a number header: one to nine digits (never above
 * 2**32-1) and nothing else. Sets *v and returns 1, or returns 0. */
static inline int digits9(const char *p, const char *end, uint32_t *v)
{
	uint32_t n;
	unsigned d;
	if (end - p < 1 || end - p > 9 || (n = (unsigned char)*p - (unsigned)'0') > 9)
		return 0;
	while (++p < end) {
		if ((d = (unsigned char)*p - (unsigned)'0') > 9)
			return 0;
		n = n * 10 + d;
	}
	*v = n;
	return 1;
}

/* sip_method_lookup for the name [q, q + n), inline: the one method of
 * that length and first octet (sip__method_cand, as the framer's
 * request_line_fast), confirmed by two overlapping loads of the name (so
 * nothing outside it is read) compared with that method's octets
 * (sip__method16: 16 octets, so both loads stay inside the row). */
static inline enum sip_method method_of(const char *q, size_t n)
{
	const unsigned char *name;
	unsigned mid;
	if (n >= 16)
		return SIP_METHOD_OTHER;
	mid = sip__method_cand[n][(unsigned char)q[0] & 31];
	if (mid == SIP_METHOD_OTHER)
		return SIP_METHOD_OTHER;
	/* every method in the table has 3 to 9 octets */
	name = sip__method16[mid].lc;
	if (n >= 8) {
		uint64_t a, b, x, y;
		memcpy(&a, q, 8);
		memcpy(&b, q + n - 8, 8);
		memcpy(&x, name, 8);
		memcpy(&y, name + n - 8, 8);
		return ((a ^ x) | (b ^ y)) == 0 ? (enum sip_method)mid : SIP_METHOD_OTHER;
	}
	if (n >= 4) {
		uint32_t a, b, x, y;
		memcpy(&a, q, 4);
		memcpy(&b, q + n - 4, 4);
		memcpy(&x, name, 4);
		memcpy(&y, name + n - 4, 4);
		return ((a ^ x) | (b ^ y)) == 0 ? (enum sip_method)mid : SIP_METHOD_OTHER;
	}
	{
		uint16_t a, b, x, y;
		memcpy(&a, q, 2);
		memcpy(&b, q + n - 2, 2);
		memcpy(&x, name, 2);
		memcpy(&y, name + n - 2, 2);
		return ((a ^ x) | (b ^ y)) == 0 ? (enum sip_method)mid : SIP_METHOD_OTHER;
	}
}

/* CSeq = "CSeq" HCOLON 1*DIGIT LWS Method: every value sip__hdr_parse_cseq
 * does not take on its fast path. Out of line, so that the fast path saves
 * no registers. */
static __attribute__((noinline)) int parse_cseq(struct sip__pctx *c, const char *p, const char *end,
                                                union sip_hval *out)
{
	struct sip_cseq *x;
	uint64_t seq;
	const char *q;
	int rc;
	out->any = NULL;
	/* RFC 3261 8.1.1.5: the sequence number MUST be expressible as a 32-bit
	 * unsigned integer (RFC 4475 3.1.2.4/3.1.2.5 scalar02, scalarlg). */
	if (p >= end || *p < '0' || *p > '9')
		return sip__fail(c, p, "CSeq: expected a sequence number", 400);
	rc = sip__uint(c, &p, end, U32_MAX, &seq, "CSeq sequence number out of range");
	if (rc)
		return rc;
	q = sip__lws(p, end);
	if (q == p)
		return sip__fail(c, p, "CSeq: expected whitespace after the sequence number", 400);
	p = sip__run(q, end, SIP__C_TOKEN);
	if (p == q)
		return sip__fail(c, q, "CSeq: expected a method", 400);
	if (p != end)
		return sip__fail(c, p, "CSeq: junk after the method", 400);
	x = node_set(c, q, sizeof(*x), &rc);
	if (!x)
		return rc;
	x->seq = (uint32_t)seq;
	x->method = sip_str_make(q, (size_t)(p - q));
	x->mid = method_of(q, (size_t)(p - q));
	out->cseq = x;
	return 0;
}

int sip__hdr_parse_cseq(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                        union sip_hval *out)
{
	/* The usual value: one to nine digits (within 2**32-1, RFC 3261
	 * 8.1.1.5), one SP, a token that ends the value. That SP followed by
	 * a token octet is all the LWS parse_cseq would skip there. Anything
	 * else, and a full arena chunk, takes parse_cseq, which decides alone
	 * (nothing has been changed by then). */
	const char *q = p, *m;
	uint32_t seq;
	unsigned d;
	enum sip_method mid;
	struct sip_cseq *x;
	(void)id;
	if (end - p < 3 || (seq = (unsigned char)*q - (unsigned)'0') > 9)
		return parse_cseq(c, p, end, out);
	while (++q < end && (d = (unsigned char)*q - (unsigned)'0') <= 9)
		seq = seq * 10 + d;
	m = q + 1;
	if (q - p > 9 || end - q < 2 || *q != ' ')
		return parse_cseq(c, p, end, out);
	/* A known method is a token: when the rest of the value is one, it
	 * needs no scan of its own. */
	mid = method_of(m, (size_t)(end - m));
	if (mid == SIP_METHOD_OTHER && sip__run(m, end, SIP__C_TOKEN) != end)
		return parse_cseq(c, p, end, out);
	if (!has_room(c->ar, ROUND8(sizeof(*x))))
		return parse_cseq(c, p, end, out);
	x = take_room(c->ar, ROUND8(sizeof(*x)));
	x->seq = seq;
	x->method = sip_str_make(m, (size_t)(end - m));
	x->mid = mid;
	out->cseq = x;
	return 0;
}

void sip__hdr_print_cseq(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	(void)id;
	sip_buf_putu(b, v.cseq->seq);
	sip_buf_putc(b, ' ');
	sip_buf_putstr(b, v.cseq->method);
}

int sip__hdr_same_cseq(union sip_hval a, union sip_hval b)
{
	/* RFC 3261 7.1: method names are case-sensitive. */
	return a.cseq->seq == b.cseq->seq && a.cseq->mid == b.cseq->mid &&
	       sip_str_eq(a.cseq->method, b.cseq->method);
}

/* delta-seconds = 1*DIGIT (RFC 3261 25.1). Saturates at 2**32-1 instead of
 * failing: RFC 3261 10.2.1.1 lets implementations treat larger expirations
 * as 2**32-1, and RFC 4475 3.1.2.4 (scalar02) lists an oversized Expires as
 * something an element may tolerate. */
static inline int delta_sat(struct sip__pctx *c, const char **pp, const char *end, uint32_t *out,
                            const char *reason)
{
	const char *p = *pp, *lim = end - p > 9 ? p + 9 : end;
	uint64_t v;
	unsigned d;
	if (p >= end || (d = (unsigned char)*p - (unsigned)'0') > 9)
		return sip__fail(c, p, reason, 400);
	/* Nine digits never reach 2**32-1: no saturation test for them (the
	 * first read apart, unsigned, as in sip__uint). */
	v = d;
	while (++p < lim && (d = (unsigned char)*p - (unsigned)'0') <= 9)
		v = v * 10 + d;
	if (p == lim) {
		for (; p < end && (d = (unsigned char)*p - (unsigned)'0') <= 9; p++) {
			v = v * 10 + d;
			if (v > U32_MAX)
				v = U32_MAX;
		}
	}
	*out = (uint32_t)v;
	*pp = p;
	return 0;
}

/* Content-Length, Max-Forwards, Expires, Min-Expires: 1*DIGIT. Every value
 * sip__hdr_parse_num does not take on its fast path; out of line, so that
 * the fast path saves no registers. */
static __attribute__((noinline)) int parse_num(struct sip__pctx *c, enum sip_hdr_id id,
                                               const char *p, const char *end, union sip_hval *out)
{
	struct sip_num *x;
	const char *start = p, *junk;
	uint64_t v = 0;
	uint32_t d;
	int rc;
	out->any = NULL;
	if (p >= end || *p < '0' || *p > '9')
		return sip__fail(c, p,
		                 id == SIP_HDR_MAX_FORWARDS     ? "Max-Forwards: expected digits"
		                 : id == SIP_HDR_CONTENT_LENGTH ? "Content-Length: expected digits"
		                 : id == SIP_HDR_EXPIRES        ? "Expires: expected delta-seconds"
		                                         : "Min-Expires: expected delta-seconds",
		                 400);
	switch (id) {
	case SIP_HDR_MAX_FORWARDS:
		/* RFC 3261 20.22: an integer in the range 0-255. */
		rc = sip__uint(c, &p, end, 255, &v, "Max-Forwards out of range (0-255)");
		junk = "Max-Forwards: junk after the number";
		break;
	case SIP_HDR_EXPIRES:
		rc = delta_sat(c, &p, end, &d, "Expires: expected delta-seconds");
		v = d;
		junk = "Expires: junk after delta-seconds";
		break;
	case SIP_HDR_MIN_EXPIRES:
		rc = delta_sat(c, &p, end, &d, "Min-Expires: expected delta-seconds");
		v = d;
		junk = "Min-Expires: junk after delta-seconds";
		break;
	default:
		/* Content-Length (20.14). Framing depends on it, so an oversized
		 * value is an error, never clamped. */
		rc = sip__uint(c, &p, end, U32_MAX, &v, "Content-Length out of range");
		junk = "Content-Length: junk after the number";
		break;
	}
	if (rc)
		return rc;
	if (p != end)
		return sip__fail(c, p, junk, 400);
	x = node_set(c, start, sizeof(*x), &rc);
	if (!x)
		return rc;
	x->value = (uint32_t)v;
	out->num = x;
	return 0;
}

int sip__hdr_parse_num(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                       union sip_hval *out)
{
	/* The usual value: one to nine digits, which parse_num reads as that
	 * number in every case (nine digits neither exceed 2**32-1 nor make
	 * Expires saturate) unless Max-Forwards is above 255. Anything else,
	 * and a full arena chunk, takes parse_num, which decides alone
	 * (nothing has been changed by then). */
	struct sip_num *x;
	uint32_t v;
	if (!digits9(p, end, &v) || (id == SIP_HDR_MAX_FORWARDS && v > 255) ||
	    !has_room(c->ar, ROUND8(sizeof(*x))))
		return parse_num(c, id, p, end, out);
	x = take_room(c->ar, ROUND8(sizeof(*x)));
	x->value = v;
	out->num = x;
	return 0;
}

void sip__hdr_print_num(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	(void)id;
	sip_buf_putu(b, v.num->value);
}

int sip__hdr_same_num(union sip_hval a, union sip_hval b)
{
	return a.num->value == b.num->value;
}

/* MIME-Version = "MIME-Version" HCOLON 1*DIGIT "." 1*DIGIT */
int sip__hdr_parse_mime(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                        union sip_hval *out)
{
	struct sip_mime *x;
	uint64_t major, minor;
	const char *start = p;
	int rc;
	(void)id;
	out->any = NULL;
	rc = sip__uint(c, &p, end, U32_MAX, &major, "MIME-Version out of range");
	if (rc)
		return rc;
	if (p >= end || *p != '.')
		return sip__fail(c, p, "MIME-Version: expected '.'", 400);
	p++;
	rc = sip__uint(c, &p, end, U32_MAX, &minor, "MIME-Version out of range");
	if (rc)
		return rc;
	if (p != end)
		return sip__fail(c, p, "MIME-Version: junk after the version", 400);
	x = node(c, start, sizeof(*x), &rc);
	if (!x)
		return rc;
	x->major = (uint32_t)major;
	x->minor = (uint32_t)minor;
	out->mime = x;
	return 0;
}

void sip__hdr_print_mime(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	(void)id;
	sip_buf_putu(b, v.mime->major);
	sip_buf_putc(b, '.');
	sip_buf_putu(b, v.mime->minor);
}

int sip__hdr_same_mime(union sip_hval a, union sip_hval b)
{
	return a.mime->major == b.mime->major && a.mime->minor == b.mime->minor;
}

/* *(DIGIT) [ "." *(DIGIT) ]: the shape of both the time and the delay. */
static const char *decimal(const char *p, const char *end)
{
	p = sip__run(p, end, SIP__C_DIGIT);
	if (p < end && *p == '.')
		p = sip__run(p + 1, end, SIP__C_DIGIT);
	return p;
}

/* Timestamp = "Timestamp" HCOLON 1*(DIGIT) [ "." *(DIGIT) ] [ LWS delay ]
 * delay = *(DIGIT) [ "." *(DIGIT) ] */
int sip__hdr_parse_ts(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                      union sip_hval *out)
{
	struct sip_ts *x;
	const char *start = p, *q;
	int rc;
	(void)id;
	out->any = NULL;
	if (p >= end || *p < '0' || *p > '9')
		return sip__fail(c, p, "Timestamp: expected digits", 400);
	p = decimal(p, end);
	x = node(c, start, sizeof(*x), &rc);
	if (!x)
		return rc;
	x->value = sip_str_make(start, (size_t)(p - start));
	q = sip__lws(p, end);
	if (q != p && q < end) {
		p = decimal(q, end);
		if (p != q)
			x->delay = sip_str_make(q, (size_t)(p - q));
	}
	if (p != end)
		return sip__fail(c, p, "Timestamp: junk after the value", 400);
	out->ts = x;
	return 0;
}

void sip__hdr_print_ts(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	(void)id;
	sip_buf_putstr(b, v.ts->value);
	if (v.ts->delay.p) {
		sip_buf_putc(b, ' ');
		sip_buf_putstr(b, v.ts->delay);
	}
}

int sip__hdr_same_ts(union sip_hval a, union sip_hval b)
{
	return sip_str_eq(a.ts->value, b.ts->value) && !a.ts->delay.p == !b.ts->delay.p &&
	       sip_str_eq(a.ts->delay, b.ts->delay);
}

/* Retry-After = "Retry-After" HCOLON delta-seconds [ comment ] *( SEMI retry-param )
 * retry-param = ("duration" EQUAL delta-seconds) / generic-param */
int sip__hdr_parse_retry(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                         union sip_hval *out)
{
	struct sip_retry *x;
	const struct sip_param *prm;
	uint64_t v;
	const char *start = p, *q;
	int rc;
	(void)id;
	out->any = NULL;
	/* Unlike Expires, no RFC text allows clamping here, and RFC 4475 3.1.2.5
	 * (scalarlg) counts the oversized value as an error. */
	if (p >= end || *p < '0' || *p > '9')
		return sip__fail(c, p, "Retry-After: expected delta-seconds", 400);
	rc = sip__uint(c, &p, end, U32_MAX, &v, "Retry-After out of range");
	if (rc)
		return rc;
	x = node(c, start, sizeof(*x), &rc);
	if (!x)
		return rc;
	x->seconds = (uint32_t)v;
	q = sip__lws(p, end);
	if (q < end && *q == '(') {
		rc = sip__comment(c, &q, end, &x->comment);
		if (rc)
			return rc;
		p = q;
	}
	rc = sip__generic_params(c, &p, end, &x->params);
	if (rc)
		return rc;
	if (p != end)
		return sip__fail(c, p, "Retry-After: junk after the value", 400);
	for (prm = x->params; prm; prm = prm->next) {
		if (SIP__CASEEQ_LOWER(prm->name, "duration")) {
			const char *d = prm->value.p, *de = d ? d + prm->value.len : d;
			if (!prm->has_value)
				return sip__fail(c, prm->name.p,
				                 "Retry-After: duration needs a value", 400);
			rc = sip__uint(c, &d, de, U32_MAX, &v,
			               "Retry-After: duration out of range");
			if (rc)
				return rc;
			if (d != de)
				return sip__fail(c, d, "Retry-After: duration is not a number",
				                 400);
		}
	}
	out->retry = x;
	return 0;
}

void sip__hdr_print_retry(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	(void)id;
	sip_buf_putu(b, v.retry->seconds);
	if (v.retry->comment.p) {
		sip_buf_putc(b, ' ');
		sip_buf_putstr(b, v.retry->comment);
	}
	sip__print_params(b, v.retry->params);
}

int sip__hdr_same_retry(union sip_hval a, union sip_hval b)
{
	return a.retry->seconds == b.retry->seconds && !a.retry->comment.p == !b.retry->comment.p &&
	       sip_str_eq(a.retry->comment, b.retry->comment) &&
	       sip__same_params(a.retry->params, b.retry->params);
}

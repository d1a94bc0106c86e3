/* SDP (RFC 4566): the grammar of each field's value (RFC 4566 9). */
#include <string.h>

#include "msg/sdp_impl.h"

/* The octet classes (TOK, NONWS) of RFC 4566 9, by table: these run once per
 * octet of every SDP field. */
#define R8(v)  v, v, v, v, v, v, v, v
#define R16(v) R8(v), R8(v)
const unsigned char sip__sdp_cc[256] = {
        /* 0x00-0x1f: controls */
        R16(0),
        R16(0),
        /* 0x20 SP ! " # $ % & ' ( ) * + , - . / */
        0,
        3,
        2,
        3,
        3,
        3,
        3,
        3,
        2,
        2,
        3,
        3,
        2,
        3,
        3,
        2,
        /* 0-9 : ; < = > ? */
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        2,
        2,
        2,
        2,
        2,
        2,
        /* @ A-O */
        2,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        /* P-Z [ \ ] ^ _ */
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        2,
        2,
        2,
        3,
        3,
        /* ` a-o */
        R16(3),
        /* p-z { | } ~ DEL */
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        3,
        0,
        /* 0x80-0xff: UTF-8 octets are non-ws, never token */
        R16(2),
        R16(2),
        R16(2),
        R16(2),
        R16(2),
        R16(2),
        R16(2),
        R16(2),
};

#undef R16
#undef R8

static int is_tok(unsigned char ch)
{
	return sip__sdp_cc[ch] & TOK;
}

static int is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* Reads one SP-delimited word of class `cls` ending at SP or `end`. */
static inline int word(struct sip__pctx *c, const char **pp, const char *end, unsigned cls,
                       struct sip_str *out, const char *what)
{
	const char *p = sdp_run(*pp, end, cls);
	if (p == *pp || (p < end && *p != ' '))
		return sip__fail(c, p, what, 400);
	*out = sip_str_make(*pp, (size_t)(p - *pp));
	*pp = p;
	return 0;
}

/* Exactly one SP between fields (RFC 4566 9 uses a single SP). */
static inline int sp(struct sip__pctx *c, const char **pp, const char *end)
{
	if (*pp >= end || **pp != ' ')
		return sip__fail(c, *pp, "expected a single space between SDP fields", 400);
	(*pp)++;
	return 0;
}

static int at_end(struct sip__pctx *c, const char *p, const char *end)
{
	return p == end ? 0 : sip__fail(c, p, "unexpected text at end of SDP line", 400);
}

/* A decimal of exactly the digits in s, at most max. */
int sip__sdp_num(struct sip__pctx *c, struct sip_str s, uint64_t max, uint64_t *out,
                 const char *reason)
{
	const char *p = s.p;
	int rc = sip__uint(c, &p, s.p + s.len, max, out, reason);
	if (rc == 0 && p != s.p + s.len)
		rc = sip__fail(c, p, reason, 400);
	return rc;
}

/* integer = POS-DIGIT *DIGIT */
static int posint(struct sip__pctx *c, struct sip_str s, uint64_t max, uint64_t *out,
                  const char *reason)
{
	if (s.len == 0 || s.p[0] == '0')
		return sip__fail(c, s.p, reason, 400);
	return sip__sdp_num(c, s, max, out, reason);
}

/* FQDN = 4*(alpha-numeric / "-" / ".") */
static int is_fqdn(struct sip_str s)
{
	size_t i;
	for (i = 0; i < s.len; i++)
		if (!sip__is((unsigned char)s.p[i], SIP__C_HOST))
			return 0;
	return s.len >= 4;
}

static int only_digits_dots(struct sip_str s)
{
	size_t i;
	for (i = 0; i < s.len; i++)
		if (!is_digit(s.p[i]) && s.p[i] != '.')
			return 0;
	return 1;
}

/* Splits "a/b/c" of [p,end) at '/': up to 3 pieces; returns the count. */
static int split_slash(const char *p, const char *end, struct sip_str part[3])
{
	int n = 0;
	for (;;) {
		const char *q = memchr(p, '/', (size_t)(end - p));
		if (n == 3)
			return 4;
		if (!q) {
			part[n++] = sip_str_make(p, (size_t)(end - p));
			return n;
		}
		part[n++] = sip_str_make(p, (size_t)(q - p));
		p = q + 1;
	}
}

/* The address of c= (connection-address) or o= (unicast-address, when
 * `unicast`), RFC 4566 5.7 and 9, at [p,end) which is the rest of the line. */
static int conn_addr(struct sip__pctx *c, const char *p, const char *end, int unicast,
                     struct sip_sdp_conn *out)
{
	struct sip_str part[3];
	uint8_t v4[4];
	int n, ip4, ip6, mcast = 0, slash;
	const char *a = p;
	/* Most addresses have no "/ttl" or "/num": one run over the word,
	 * one memchr for a '/', and a split only when there is one. */
	p = sdp_run(p, end, NONWS);
	slash = memchr(a, '/', (size_t)(p - a)) != NULL;
	if (p == a || p != end)
		return sip__fail(c, p, "invalid SDP connection address", 400);
	out->ttl = -1;
	out->num = 1;
	ip4 = sip_str_eq(out->nettype, SIP_STR("IN")) && sip_str_eq(out->addrtype, SIP_STR("IP4"));
	ip6 = sip_str_eq(out->nettype, SIP_STR("IN")) && sip_str_eq(out->addrtype, SIP_STR("IP6"));
	if (!ip4 && !ip6) {
		/* extn-addr: kept as written. */
		out->host.type = SIP_HOST_NONE;
		out->host.text = sip_str_make(a, (size_t)(end - a));
		return 0;
	}
	if (slash) {
		n = split_slash(a, end, part);
	} else {
		n = 1;
		part[0] = sip_str_make(a, (size_t)(end - a));
	}
	out->host.text = part[0];
	/* A dotted quad parses as one; a run of only digits and dots that
	 * does not is a bad IPv4 address; anything else may be a name (a
	 * dotted quad starts with a digit: a name skips the attempt). */
	if (ip4 && (unsigned char)(*a - '0') <= 9 &&
	    sip__ipv4(part[0].p, part[0].p + part[0].len, v4) == 0) {
		memcpy(out->host.addr, v4, 4);
		out->host.type = SIP_HOST_IPV4;
		/* RFC 4566 9: IP4-multicast has m1 = 224..239. */
		mcast = out->host.addr[0] >= 224 && out->host.addr[0] <= 239;
	} else if (ip4 && only_digits_dots(part[0])) {
		return sip__fail(c, a, "invalid IPv4 address in SDP", 400);
	} else if (ip6 && memchr(part[0].p, ':', part[0].len)) {
		int three = 0;
		if (sip__ipv6(part[0].p, part[0].p + part[0].len, out->host.addr, &three) != 0 ||
		    (three && !sip__lenient(c, SIP_LENIENT_IPV6_3COLON)))
			return sip__fail(c, a, "invalid IPv6 address in SDP", 400);
		out->host.type = SIP_HOST_IPV6;
		mcast = out->host.addr[0] == 0xff;
	} else if (is_fqdn(part[0])) {
		out->host.type = SIP_HOST_NAME;
	} else {
		return sip__fail(c, a, "invalid SDP connection address", 400);
	}
	if (n == 1 && !(mcast && ip4 && !unicast))
		return 0;
	if (unicast || !mcast)
		return sip__fail(c, a, "unicast SDP address with a /ttl or /number suffix", 400);
	if (ip4) {
		uint64_t v;
		int rc;
		/* RFC 4566 5.7: IPv4 multicast addresses MUST carry a TTL;
		 * ttl = (POS-DIGIT *2DIGIT) / "0". */
		if (n == 1)
			return sip__fail(c, end, "IPv4 multicast SDP address without a TTL", 400);
		if (part[1].len > 3 || (part[1].len > 1 && part[1].p[0] == '0'))
			return sip__fail(c, part[1].p, "invalid TTL in SDP address", 400);
		rc = sip__sdp_num(c, part[1], 255, &v, "invalid TTL in SDP address");
		if (rc)
			return rc;
		out->ttl = (int)v;
		part[1] = part[2];
		n--;
	}
	if (n == 2) {
		uint64_t v;
		int rc = posint(c, part[1], UINT32_MAX, &v, "invalid address count in SDP");
		if (rc)
			return rc;
		out->num = (uint32_t)v;
		out->has_num = 1;
	} else if (n > 2) {
		return sip__fail(c, a, "too many '/' in SDP connection address", 400);
	}
	return 0;
}

/* nettype SP addrtype SP address (c= and the tail of o=), the general
 * grammar: kept out of line (below). */
#if defined(__GNUC__)
#define SDP_NOINLINE __attribute__((noinline))
#else
#define SDP_NOINLINE
#endif
static SDP_NOINLINE int conn_slow(struct sip__pctx *c, const char *p, const char *end, int unicast,
                                  struct sip_sdp_conn *out)
{
	int rc;
	if ((rc = word(c, &p, end, TOK, &out->nettype, "invalid SDP nettype")) ||
	    (rc = sp(c, &p, end)) ||
	    (rc = word(c, &p, end, TOK, &out->addrtype, "invalid SDP addrtype")) ||
	    (rc = sp(c, &p, end)))
		return rc;
	return conn_addr(c, p, end, unicast, out);
}

/* nettype SP addrtype SP address (c= and the tail of o=): the fast path
 * alone here; the general grammar (conn_slow) stays out of line, so that
 * the common case does not pay its register saves. */
int sip__sdp_conn(struct sip__pctx *c, const char *p, const char *end, int unicast,
                  struct sip_sdp_conn *out)
{
	if (sip__sdp_conn_fast(p, end, unicast, out))
		return 0;
	return conn_slow(c, p, end, unicast, out);
}

/* sess-id / sess-version = 1*DIGIT, unbounded: the value saturates at
 * UINT64_MAX (sdp.h). f is a non-empty word. */
static int origin_num(struct sip__pctx *c, struct sip_str f, uint64_t *out)
{
	const char *p = f.p, *e = f.p + f.len, *lim = f.len > 19 ? p + 19 : e;
	uint64_t v = 0;
	/* 19 digits cannot overflow: no saturation test for them. */
	while (p < lim && (unsigned char)(*p - '0') <= 9)
		v = v * 10 + (unsigned)(*p++ - '0');
	for (; p < e; p++) {
		unsigned d = (unsigned char)(*p - '0');
		if (d > 9)
			return sip__fail(c, p, "non-digit in SDP origin", 400);
		/* Saturates: v * 10 + d overflows exactly when v is above
		 * MAX / 10, or equal to it and d above MAX % 10. */
		v = v > UINT64_MAX / 10 || (v == UINT64_MAX / 10 && d > UINT64_MAX % 10)
		            ? UINT64_MAX
		            : v * 10 + d;
	}
	*out = v;
	return 0;
}

/* When p[0..8) are eight digits: *v = *v * 10^8 + their value, and 1.
 * Eight at a time by SWAR on a little-endian load (the first digit in the
 * low octet): an octet is a digit when its high nibble is 3 and stays 3
 * when 6 is added (a carry out of an octet only comes from one whose high
 * nibble is not 3); then pairs, quads and the eight fold by multiplies (10,
 * 100 and 10000 per step, the partial sums in the low half of each wider
 * lane). Elsewhere, or on other byte orders, 0: the caller's digit loop
 * does the work. */
static inline int digits8(const char *p, uint64_t *v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t hi = 0xf0f0f0f0f0f0f0f0ull, zeros = 0x3030303030303030ull;
	uint64_t x;
	memcpy(&x, p, 8);
	if ((x & hi) != zeros || ((x + 0x0606060606060606ull) & hi) != zeros)
		return 0;
	x -= zeros;
	x = (x * 10 + (x >> 8)) & 0x00ff00ff00ff00ffull;   /* 4 lanes of 2 digits */
	x = (x * 100 + (x >> 16)) & 0x0000ffff0000ffffull; /* 2 lanes of 4 digits */
	x = (x * 10000 + (x >> 32)) & 0xffffffffull;       /* the 8 digits */
	*v = *v * 100000000u + x;
	return 1;
#else
	(void)p;
	(void)v;
	return 0;
#endif
}

/* o=username SP sess-id SP sess-version SP nettype SP addrtype SP
 * unicast-address (RFC 4566 5.2). */
int sip__sdp_origin(struct sip__pctx *c, const char *p, const char *end, struct sip_sdp_origin *o)
{
	const char *q = p, *lim;
	uint64_t v;
	int rc, k;
	/* Fast path: a plain username and two numbers of at most 19 digits
	 * (no saturation), each ended by one SP; anything else re-reads the
	 * line with the full grammar below. */
	q = sdp_run(p, end, NONWS);
	if (q == p || q == end || *q != ' ')
		goto slow;
	o->username = sip_str_make(p, (size_t)(q - p));
	for (k = 0; k < 2; k++) {
		const char *s = ++q;
		lim = end - s > 19 ? s + 19 : end;
		v = 0;
		while (lim - q >= 8 && digits8(q, &v))
			q += 8;
		while (q < lim && (unsigned char)(*q - '0') <= 9)
			v = v * 10 + (unsigned)(*q++ - '0');
		if (q == s || q == end || *q != ' ')
			goto slow;
		if (k == 0) {
			o->sess_id = sip_str_make(s, (size_t)(q - s));
			o->id = v;
		} else {
			o->sess_version = sip_str_make(s, (size_t)(q - s));
			o->version = v;
		}
	}
	return sip__sdp_conn(c, q + 1, end, 1, &o->addr);
slow:
	if ((rc = word(c, &p, end, NONWS, &o->username, "invalid SDP origin username")) ||
	    (rc = sp(c, &p, end)) ||
	    (rc = word(c, &p, end, NONWS, &o->sess_id, "invalid SDP sess-id")) ||
	    (rc = sp(c, &p, end)) ||
	    (rc = word(c, &p, end, NONWS, &o->sess_version, "invalid SDP sess-version")) ||
	    (rc = sp(c, &p, end)))
		return rc;
	if ((rc = origin_num(c, o->sess_id, &o->id)) ||
	    (rc = origin_num(c, o->sess_version, &o->version)))
		return rc;
	return sip__sdp_conn(c, p, end, 1, &o->addr);
}

/* typed-time = 1*DIGIT [fixed-len-time-unit] (RFC 4566 5.10), in seconds. */
static int typed_time(struct sip__pctx *c, struct sip_str s, int pos, uint64_t *out)
{
	uint64_t mul = 1;
	int rc;
	if (s.len > 1) {
		switch (s.p[s.len - 1]) {
		case 'd':
			mul = 86400;
			break;
		case 'h':
			mul = 3600;
			break;
		case 'm':
			mul = 60;
			break;
		case 's':
			mul = 1;
			break;
		default:
			mul = 0;
			break;
		}
		if (mul)
			s.len--;
		else
			mul = 1;
	}
	rc = pos ? posint(c, s, UINT64_MAX / 86400, out, "invalid SDP repeat interval")
	         : sip__sdp_num(c, s, UINT64_MAX / 86400, out, "invalid SDP typed time");
	if (rc == 0)
		*out *= mul;
	return rc;
}

/* start-time / stop-time = time / "0", time = POS-DIGIT 9*DIGIT (5.9). */
static int ntp_time(struct sip__pctx *c, struct sip_str s, uint64_t *out)
{
	if (!(s.len == 1 && s.p[0] == '0') && (s.len < 10 || s.p[0] == '0'))
		return sip__fail(c, s.p, "invalid SDP time (10 or more digits, or 0)", 400);
	return sip__sdp_num(c, s, UINT64_MAX, out, "invalid SDP time");
}

int sip__sdp_time(struct sip__pctx *c, const char *p, const char *end, struct sip_sdp_time *t)
{
	struct sip_str a, b;
	int rc;
	/* "t=0 0", the unbounded session almost every offer carries. */
	if (end - p == 3 && p[0] == '0' && p[1] == ' ' && p[2] == '0') {
		t->start = t->stop = 0;
		return 0;
	}
	if ((rc = word(c, &p, end, NONWS, &a, "invalid SDP start time")) || (rc = sp(c, &p, end)) ||
	    (rc = word(c, &p, end, NONWS, &b, "invalid SDP stop time")) ||
	    (rc = at_end(c, p, end)) || (rc = ntp_time(c, a, &t->start)))
		return rc;
	return ntp_time(c, b, &t->stop);
}

/* r=repeat-interval SP typed-time 1*(SP typed-time) (5.10). */
int sip__sdp_repeat(struct sip__pctx *c, const char *p, const char *end, struct sip_sdp_repeat *r)
{
	struct sip_str w;
	size_t n = 0, i;
	const char *q;
	int rc;
	for (q = p; q < end; q++)
		n += *q == ' ';
	if (n < 2)
		return sip__fail(c, p, "SDP repeat needs an interval, a duration and offsets", 400);
	r->noffsets = n - 1;
	r->offsets = sip__alloc(c->ar, r->noffsets * sizeof(uint64_t));
	if (!r->offsets)
		return sip__nomem(c, p);
	if ((rc = word(c, &p, end, NONWS, &w, "invalid SDP repeat interval")) ||
	    (rc = typed_time(c, w, 1, &r->interval)) || (rc = sp(c, &p, end)) ||
	    (rc = word(c, &p, end, NONWS, &w, "invalid SDP active duration")) ||
	    (rc = typed_time(c, w, 0, &r->duration)))
		return rc;
	for (i = 0; i < r->noffsets; i++)
		if ((rc = sp(c, &p, end)) ||
		    (rc = word(c, &p, end, NONWS, &w, "invalid SDP repeat offset")) ||
		    (rc = typed_time(c, w, 0, &r->offsets[i])))
			return rc;
	return at_end(c, p, end);
}

/* z=time SP ["-"] typed-time *(SP time SP ["-"] typed-time) (5.11). */
int sip__sdp_zone(struct sip__pctx *c, const char *p, const char *end, struct sip_sdp_zone ***tail)
{
	do {
		struct sip_sdp_zone *z = sip__zalloc(c->ar, sizeof(*z));
		struct sip_str a, b;
		uint64_t off;
		int rc, neg;
		if (!z)
			return sip__nomem(c, p);
		if ((rc = word(c, &p, end, NONWS, &a, "invalid SDP zone time")) ||
		    (rc = ntp_time(c, a, &z->time)) || (rc = sp(c, &p, end)) ||
		    (rc = word(c, &p, end, NONWS, &b, "invalid SDP zone offset")))
			return rc;
		neg = b.p[0] == '-';
		b.p += neg;
		b.len -= (size_t)neg;
		if ((rc = typed_time(c, b, 0, &off)))
			return rc;
		if (off > INT64_MAX)
			return sip__fail(c, b.p, "SDP zone offset too large", 400);
		z->offset = neg ? -(int64_t)off : (int64_t)off;
		**tail = z;
		*tail = &z->next;
	} while (p < end && sp(c, &p, end) == 0);
	return at_end(c, p, end);
}

/* b=bwtype ":" bandwidth (5.8). */
int sip__sdp_bw(struct sip__pctx *c, const char *p, const char *end, struct sip_sdp_bw *b)
{
	const char *q = p;
	while (q < end && is_tok((unsigned char)*q))
		q++;
	if (q == p || q == end || *q != ':')
		return sip__fail(c, q, "expected bwtype ':' bandwidth", 400);
	b->type = sip_str_make(p, (size_t)(q - p));
	q++;
	return sip__sdp_num(c, sip_str_make(q, (size_t)(end - q)), UINT64_MAX, &b->kbps,
	                    "invalid SDP bandwidth");
}

/* m=media SP port ["/" integer] SP proto 1*(SP fmt) (5.14);
 * proto = token *("/" token). */
int sip__sdp_media(struct sip__pctx *c, const char *p, const char *end, struct sip_sdp_media *m)
{
	struct sip_str port;
	struct sip_sdp_fmt **tail = &m->fmts;
	const char *q, *s;
	uint64_t v;
	int rc;
	/* Fast path: a media token, one SP and a port of at most five digits
	 * (no "/count") ended by a SP, the shape of nearly every m= line; it
	 * decides as the general grammar below would, and anything else
	 * takes that grammar from the line's start. */
	q = sdp_run(p, end, TOK);
	if (q > p && end - q > 2 && *q == ' ') {
		const char *r = q + 1, *lim = end - r > 5 ? r + 5 : end;
		unsigned n = 0;
		while (r < lim && (unsigned char)(*r - '0') <= 9)
			n = n * 10 + (unsigned)(*r++ - '0');
		if (r > q + 1 && r < end && *r == ' ' && n <= 65535) {
			m->media = sip_str_make(p, (size_t)(q - p));
			m->port = (uint16_t)n;
			m->nports = 1;
			p = r + 1;
			goto proto;
		}
	}
	if ((rc = word(c, &p, end, TOK, &m->media, "invalid SDP media type")) ||
	    (rc = sp(c, &p, end)) || (rc = word(c, &p, end, NONWS, &port, "invalid SDP port")))
		return rc;
	q = memchr(port.p, '/', port.len);
	m->nports = 1;
	if (q) {
		struct sip_str cnt = sip_str_make(q + 1, (size_t)(port.p + port.len - q - 1));
		if ((rc = posint(c, cnt, UINT32_MAX, &v, "invalid SDP port count")))
			return rc;
		m->nports = (uint32_t)v;
		m->has_nports = 1;
		port.len = (size_t)(q - port.p);
	}
	if ((rc = sip__sdp_num(c, port, 65535, &v, "invalid SDP port")) || (rc = sp(c, &p, end)))
		return rc;
	m->port = (uint16_t)v;
proto:
	/* Runs of token octets; a '/' only between two of them. */
	for (s = p;; p++) {
		p = sdp_run(p, end, TOK);
		if (!(p < end && *p == '/' && p > s && p[-1] != '/' && p + 1 < end && p[1] != ' '))
			break;
	}
	if (p < end && *p != ' ')
		return sip__fail(c, p, "invalid SDP transport protocol", 400);
	if (p == s)
		return sip__fail(c, p, "missing SDP transport protocol", 400);
	m->proto = sip_str_make(s, (size_t)(p - s));
	while (p < end) {
		struct sip_sdp_fmt *f = sip__zalloc(c->ar, sizeof(*f));
		if (!f)
			return sip__nomem(c, p);
		if ((rc = sp(c, &p, end)) ||
		    (rc = word(c, &p, end, TOK, &f->fmt, "invalid SDP media format")))
			return rc;
		*tail = f;
		tail = &f->next;
		m->nfmts++;
	}
	if (m->nfmts == 0)
		return sip__fail(c, p, "SDP media line without a format", 400);
	return 0;
}

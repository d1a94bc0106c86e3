/* Internal: the scanning primitives every parser of the message layer shares
 * (RFC 3261 25.1 basic rules). Every function takes an end pointer and never
 * reads at or past it; nothing assumes NUL termination. */
#ifndef SIPREF_SRC_MSG_SCAN_H
#define SIPREF_SRC_MSG_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sipref/arena.h"
#include "sipref/error.h"
#include "sipref/hdr.h"
#include "sipref/lenient.h"
#include "sipref/uri.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define SIP__SSE2 1
#else
#define SIP__SSE2 0
#endif

/* The state of one parse: where allocations go, what offsets are relative
 * to, which leniencies are allowed and which were used, and where the first
 * error is recorded. */
struct sip__pctx {
	struct sip_arena *ar;
	/* Error offsets are relative to this. Everything a parse reads lies
	 * in the one object that starts at base, so [base, end) is readable:
	 * the 16-octet scans (sip__run16) may read back towards base, never
	 * past end. */
	const char *base;
	unsigned flags; /* SIP_LENIENT_* (other bits ignored here) */
	unsigned lenient_used;
	struct sip_perr *err; /* never NULL */
};

/* Inline: every header decode, URI and body parse starts one. */
static inline void sip__pctx_init(struct sip__pctx *c, struct sip_arena *ar, const char *base,
                                  unsigned flags, struct sip_perr *err)
{
	c->ar = ar;
	c->base = base;
	c->flags = flags;
	c->lenient_used = 0;
	c->err = err;
}

/* Records the error (off = at - base) and returns SIP_EPARSE. */
int sip__fail(struct sip__pctx *c, const char *at, const char *reason, int status);
/* Records an allocation failure and returns SIP_ENOMEM. */
int sip__nomem(struct sip__pctx *c, const char *at);
/* 1 when leniency `flag` is allowed (and records that it was used). */
int sip__lenient(struct sip__pctx *c, unsigned flag);

/* Character classes, RFC 3261 25.1. */
enum {
	SIP__C_ALPHA = 1u << 0,
	SIP__C_DIGIT = 1u << 1,
	SIP__C_HEX = 1u << 2,
	SIP__C_TOKEN = 1u << 3,      /* alphanum / "-" "." "!" "%" "*" "_" "+" "`" "'" "~" */
	SIP__C_UNRESERVED = 1u << 4, /* alphanum / mark */
	SIP__C_USER = 1u << 5,       /* unreserved / user-unreserved */
	SIP__C_PASSWORD = 1u << 6,   /* unreserved / "&" "=" "+" "$" "," */
	SIP__C_PARAM = 1u << 7,      /* unreserved / param-unreserved */
	SIP__C_HNV = 1u << 8,        /* unreserved / hnv-unreserved */
	SIP__C_WORD = 1u << 9,       /* word (Call-ID) */
	SIP__C_WSP = 1u << 10,       /* SP / HTAB */
	SIP__C_URIC = 1u << 11,      /* reserved / unreserved (absoluteURI's uric, without '%') */
	SIP__C_SCHEME = 1u << 12,    /* ALPHA / DIGIT / "+" / "-" / "." */
	SIP__C_HOST = 1u << 13,      /* alphanum / "-" / "." */
	SIP__C_LABEL = 1u << 14,     /* alphanum / "-": a domainlabel's characters */
	SIP__C_LWS = 1u << 15,       /* SP / HTAB / CR / LF: what may start LWS */
};
extern const uint16_t sip__cc[256];

static inline int sip__is(unsigned char ch, unsigned cls)
{
	return (sip__cc[ch] & cls) != 0;
}

/* The rare part of sip__lws: p is at a CR or LF; skips folding and any
 * whitespace after it. Returns p when the line break is not folding. */
const char *sip__lws_fold(const char *p, const char *end);

/* Skips SP/HTAB and line folding (CRLF or LF followed by SP/HTAB). Inline:
 * it runs between nearly every two tokens of a header value. */
static inline const char *sip__lws(const char *p, const char *end)
{
	/* The usual case, no whitespace at all, in one table test. */
	if (p >= end || !(sip__cc[(unsigned char)*p] & SIP__C_LWS))
		return p;
	/* The usual whitespace: one SP before a token. */
	if (*p == ' ' && (p + 1 >= end || !(sip__cc[(unsigned char)p[1]] & SIP__C_LWS)))
		return p + 1;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && (*p == '\r' || *p == '\n'))
		return sip__lws_fold(p, end);
	return p;
}

/* Skips a run of characters of class `cls`. Four octets per bounds check:
 * runs (names, tokens, hosts) are most of what a parser reads. */
static inline const char *sip__run(const char *p, const char *end, unsigned cls)
{
	if (end - p >= 4) {
		const char *lim = end - 4; /* the last start of a whole block */
		do {
			if (!(sip__cc[(unsigned char)p[0]] & cls))
				return p;
			if (!(sip__cc[(unsigned char)p[1]] & cls))
				return p + 1;
			if (!(sip__cc[(unsigned char)p[2]] & cls))
				return p + 2;
			if (!(sip__cc[(unsigned char)p[3]] & cls))
				return p + 3;
			p += 4;
		} while (p <= lim);
	}
	while (p < end && (sip__cc[(unsigned char)*p] & cls))
		p++;
	return p;
}
#if SIP__SSE2
/* The 16 octets from p; with fewer than 16 left before end, the 16 that end
 * at end (the caller made sure they are readable: the parse's base lies 16
 * or more octets before end), and *shift says how many of them lie before
 * p: a movemask of the result, shifted right by *shift, has bit i for p[i]. */
static inline __m128i sip__load16(const char *p, const char *end, unsigned *shift)
{
	*shift = 0;
	if (end - p < 16) {
		*shift = 16 - (unsigned)(end - p);
		p = end - 16;
	}
	return _mm_loadu_si128((const __m128i *)(const void *)p);
}

/* Bit i set when p[i] (i < 16) is an ASCII letter or digit, for the octets
 * [p, min(p + 16, end)); the bits from end on are clear. With fewer than 16
 * octets left, the 16 that end at end are read (the caller made sure that
 * they are readable) and the mask is shifted down to start at p. Each range
 * test is one signed compare after a bias: c is in [lo, lo + n) exactly
 * when (int8)(c + 128 - lo) < n - 128. Letters are tested after OR 0x20,
 * which maps an octet into 'a'..'z' exactly when it is a letter of either
 * case. */
static inline unsigned sip__alnum16(const char *p, const char *end)
{
	unsigned s;
	__m128i x = sip__load16(p, end, &s), alpha, digit;
	alpha = _mm_cmplt_epi8(
	        _mm_add_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8(128 - 'a')),
	        _mm_set1_epi8(26 - 128));
	digit = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8(128 - '0')), _mm_set1_epi8(10 - 128));
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(alpha, digit)) >> s;
}
#endif

/* sip__run for a class that holds every ASCII letter and digit (token,
 * word...), for the runs that are mostly long stretches of letters and
 * digits (branches, Call-IDs): those stretches are skipped 16 octets at a
 * time (sip__alnum16) and the rest of the run, after the first other octet
 * of the class, is sip__run's. lo is the start of the readable object (the
 * parse's base); without 16 readable octets before end, or without SSE2, it
 * is sip__run alone. Not for short runs: there one 16-octet step costs
 * more than the table. */
static inline const char *sip__run16(const char *lo, const char *p, const char *end, unsigned cls)
{
#if SIP__SSE2
	if (end - lo >= 16) {
		unsigned k;
		/* The mask is below 2^16, so its complement has bit 16 set:
		 * k <= 16, and k < 16 when fewer than 16 octets are left. */
		do {
			k = (unsigned)__builtin_ctz(~sip__alnum16(p, end));
			p += k;
		} while (k == 16);
		if (p >= end || !(sip__cc[(unsigned char)*p] & cls))
			return p;
		p++;
	}
#else
	(void)lo;
#endif
	return sip__run(p, end, cls);
}

/* Skips a run of characters of class `cls` or %HH escapes. Returns NULL on a
 * malformed escape (the caller reports it at the '%'). */
const char *sip__run_esc(const char *p, const char *end, unsigned cls, const char **bad);

/* SWS ch SWS (RFC 3261 25.1 HCOLON, SEMI, COMMA, EQUAL, SLASH, LAQUOT
 * (ch '<'), RAQUOT ('>'), COLON, LPAREN, RPAREN...). When the separator is
 * there, advances *pp past it and the whitespace after and returns 1;
 * otherwise leaves *pp unchanged and returns 0. */
static inline int sip__sep(const char **pp, const char *end, char ch)
{
	const char *p = sip__lws(*pp, end);
	if (p >= end || *p != ch)
		return 0;
	*pp = sip__lws(p + 1, end);
	return 1;
}

/* Length of the well-formed UTF-8 sequence (RFC 3629) of non-ASCII octets at
 * p (p < end), or 0. Overlong forms and surrogates are refused. */
size_t sip__utf8_len(const char *p, const char *end);

/* At a '"': reads a quoted-string (qdtext incl. UTF-8 and LWS, quoted-pair).
 * *out includes the quotes. SIP_EPARSE when unterminated or with an invalid
 * octet. */
int sip__quoted(struct sip__pctx *c, const char **pp, const char *end, struct sip_str *out);

/* At '(': reads a comment (nested, quoted-pairs). *out includes the parens. */
int sip__comment(struct sip__pctx *c, const char **pp, const char *end, struct sip_str *out);

/* Reads *( SEMI generic-param ), generic-param = token [ EQUAL gen-value ],
 * gen-value = token / host / quoted-string, appending to *out in order.
 * Stops (returning 0) at the first character that is not SEMI. */
int sip__generic_params(struct sip__pctx *c, const char **pp, const char *end,
                        struct sip_param **out);

/* One SEMI generic-param (the rule of sip__generic_params), appended through
 * *tail (see sip__param_add): returns 1 with *out the new param and *pp past
 * it, 0 with *pp unchanged when no SEMI follows, or SIP_EPARSE/SIP_ENOMEM.
 * Lets a header check each well-known param as it is read. */
int sip__generic_param_semi(struct sip__pctx *c, const char **pp, const char *end,
                            struct sip_param ***tail, struct sip_param **out);
/* Inline for the commonest outcome, no SEMI (a value without params);
 * sip__generic_param_semi reads the param. */
static inline int sip__generic_param(struct sip__pctx *c, const char **pp, const char *end,
                                     struct sip_param ***tail, struct sip_param **out)
{
	const char *p = sip__lws(*pp, end);
	if (p >= end || *p != ';')
		return 0;
	return sip__generic_param_semi(c, pp, end, tail, out);
}

/* A new param in the arena, appended through *tail (tail points at the last
 * `next` field, or the list head). NULL on allocation failure. */
struct sip_param *sip__param_add(struct sip__pctx *c, struct sip_param ***tail);

/* host = hostname / IPv4address / IPv6reference (RFC 3261 25.1, RFC 5118).
 * Fills out->type, out->text, out->addr. */
int sip__host(struct sip__pctx *c, const char **pp, const char *end, struct sip_host *out);
/* Parses exactly [p,end) as a dotted-quad IPv4 address. 0 or -1. */
int sip__ipv4(const char *p, const char *end, uint8_t out[4]);

/* The label loop of sip__host_fast: the run of letter/digit labels joined
 * by single dots at p. Returns where the run ends (at a character that is
 * neither, or at end) with *top at the start of its last label, or NULL when
 * a label is empty (no name at all, "a..b", a trailing '.'). */
static inline const char *sip__host_labels(const char *p, const char *end, const char **top)
{
	const char *q = p, *ls;
	for (;;) {
		ls = q;
		q = sip__run(q, end, SIP__C_ALPHA | SIP__C_DIGIT);
		if (q == ls)
			return NULL;
		if (q >= end || *q != '.')
			break;
		q++;
	}
	*top = ls;
	return q;
}

#if SIP__SSE2
/* For the 16 octets at p (all readable): bit i set when p[i] is an ASCII
 * letter, digit or '.' (the range tests of sip__alnum16), and in *dot when
 * it is a '.'. */
static inline unsigned sip__hostch16(const char *p, unsigned *dot)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p), alpha, digit, dt;
	alpha = _mm_cmplt_epi8(
	        _mm_add_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8(128 - 'a')),
	        _mm_set1_epi8(26 - 128));
	digit = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8(128 - '0')), _mm_set1_epi8(10 - 128));
	dt = _mm_cmpeq_epi8(x, _mm_set1_epi8('.'));
	*dot = (unsigned)_mm_movemask_epi8(dt);
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(alpha, digit), dt));
}
#endif

/* sip__host_labels for the usual host, shorter than 32 octets, read in one
 * or two 16-octet steps (base is the start of the readable object, the
 * parse's c->base; when it lies 16 or more octets before end, the 16 that
 * end at end are readable). m has bit i when p[i] is a letter, digit or
 * '.', d when it is a '.', neither from end on. sip__host_labels' loop ends
 * exactly where that run ends (a label's run stops at the first other
 * octet, and only a '.' goes on to the next label), and returns NULL
 * exactly when the run holds an empty label: a '.' first, last, or right
 * after another. A run of 32 octets or more, or a short input, is
 * sip__host_labels' own. Used where a host is read in one pass (Via
 * sent-by, name-addr fast path). */
static inline const char *sip__host_labels32(const char *base, const char *p, const char *end,
                                             const char **top)
{
#if SIP__SSE2
	if (end - base >= 16 && end - p >= 1) {
		unsigned d0, d1 = 0, m0, m1 = 0, n, s;
		uint32_t m, d;
		if (end - p >= 16) {
			m0 = sip__hostch16(p, &d0);
		} else {
			s = 16 - (unsigned)(end - p);
			m0 = sip__hostch16(end - 16, &d0) >> s;
			d0 >>= s;
		}
		if (m0 == 0xffff) {
			if (end - p >= 32) {
				m1 = sip__hostch16(p + 16, &d1);
			} else {
				s = 32 - (unsigned)(end - p); /* 1..16 */
				m1 = sip__hostch16(end - 16, &d1) >> s;
				d1 >>= s;
			}
		}
		m = m0 | (uint32_t)m1 << 16;
		if (m != 0xffffffffu) {
			n = (unsigned)__builtin_ctz(~m);
			d = (d0 | (uint32_t)d1 << 16) & ((1u << n) - 1);
			if (n == 0 || (d & 1) || (d & (d >> 1)) || (d >> (n - 1)))
				return NULL;
			*top = d ? p + 32 - __builtin_clz(d) : p;
			return p + n;
		}
	}
#else
	(void)base;
#endif
	return sip__host_labels(p, end, top);
}

/* The decision of sip__host_fast on a run [*pp,q) that sip__host_labels
 * read (top from it). Such a run has no empty label and no '-' inside, so
 * unless a '-' follows, sip__host would read the same run and find every
 * label well formed: a hostname when the top label starts with a letter
 * (RFC 3261 25.1), else an IPv4address or nothing. The IPv4 case is decided
 * here with sip__ipv4 as sip__host would; anything else goes to sip__host. */
static inline int sip__host_end(struct sip__pctx *c, const char **pp, const char *end,
                                struct sip_host *out, const char *q, const char *top)
{
	const char *p = *pp;
	if (q < end && *q == '-')
		return sip__host(c, pp, end, out);
	if (sip__is((unsigned char)*top, SIP__C_ALPHA)) {
		out->type = SIP_HOST_NAME;
		memset(out->addr, 0, sizeof(out->addr));
	} else if (sip__ipv4(p, q, out->addr) == 0) {
		out->type = SIP_HOST_IPV4;
		memset(out->addr + 4, 0, sizeof(out->addr) - 4);
	} else {
		return sip__host(c, pp, end, out); /* it reports the error */
	}
	out->text = sip_str_make(p, (size_t)(q - p));
	*pp = q;
	return 0;
}

/* sip__host with the common cases inline: a hostname of letter/digit labels
 * whose top label starts with a letter (RFC 3261 25.1), or a dotted quad, and
 * a run of host characters that ends with it. Anything else (a '-', an empty
 * label, a trailing '.', an IPv6 reference, an error) goes to sip__host,
 * which decides alone; the result is always sip__host's. */
static inline int sip__host_fast(struct sip__pctx *c, const char **pp, const char *end,
                                 struct sip_host *out)
{
	const char *top, *q = sip__host_labels(*pp, end, &top);
	if (!q)
		return sip__host(c, pp, end, out);
	return sip__host_end(c, pp, end, out, q, top);
}

/* One part of a dotted quad at p: 1 to 3 digits, at most 255 (a fourth
 * digit is left for the caller's '.' or end test to refuse), in *v.
 * Returns its end, or NULL. */
static inline const char *sip__quad_part(const char *p, const char *end, unsigned *out)
{
	unsigned v, d;
	if (p >= end || (v = (unsigned char)(*p - '0')) > 9)
		return NULL;
	p++;
	if (p < end && (d = (unsigned char)(*p - '0')) <= 9) {
		v = v * 10 + d;
		p++;
		if (p < end && (d = (unsigned char)(*p - '0')) <= 9) {
			v = v * 10 + d;
			p++;
		}
	}
	if (v > 255)
		return NULL;
	*out = v;
	return p;
}

/* sip__quad_part with the part stored as an octet. */
static inline const char *sip__ipv4_part(const char *p, const char *end, uint8_t *out)
{
	unsigned v;
	if (!(p = sip__quad_part(p, end, &v)))
		return NULL;
	*out = (uint8_t)v;
	return p;
}

/* sip__host_fast's answer for a dotted quad (RFC 3261 25.1 IPv4address)
 * followed by no host character (alphanum, '-', '.'), read in one pass: the
 * label run would stop at the same place and sip__host_end would find the
 * same address. 0 with *out and *pp set; 1, deciding nothing, when [*pp,end)
 * does not start that way. Inline (a numeric Contact host is common): the
 * call and its register saves were a tenth of its cost. The parts stay in
 * registers until the four octet stores (an array would live on the stack,
 * each part merged into it). */
static inline int sip__host_quad(const char **pp, const char *end, struct sip_host *out)
{
	const char *p = *pp;
	unsigned a0, a1, a2, a3;
	if (!(p = sip__quad_part(p, end, &a0)))
		return 1;
	if (p >= end || *p != '.' || !(p = sip__quad_part(p + 1, end, &a1)))
		return 1;
	if (p >= end || *p != '.' || !(p = sip__quad_part(p + 1, end, &a2)))
		return 1;
	if (p >= end || *p != '.' || !(p = sip__quad_part(p + 1, end, &a3)))
		return 1;
	if (p < end && sip__is((unsigned char)*p, SIP__C_HOST))
		return 1;
	out->type = SIP_HOST_IPV4;
	out->text = sip_str_make(*pp, (size_t)(p - *pp));
	out->addr[0] = (uint8_t)a0;
	out->addr[1] = (uint8_t)a1;
	out->addr[2] = (uint8_t)a2;
	out->addr[3] = (uint8_t)a3;
	memset(out->addr + 4, 0, sizeof(out->addr) - 4);
	*pp = p;
	return 0;
}

/* Parses exactly [p,end) as an IPv6 address (no brackets). 0 or -1. Sets
 * *three_colon when the RFC 3261 ABNF ":::" form was used. */
int sip__ipv6(const char *p, const char *end, uint8_t out[16], int *three_colon);

/* 1*DIGIT with value <= max. SIP_EPARSE (reason given) on no digit or
 * overflow; *pp advanced past the digits on success. */
int sip__uint_slow(struct sip__pctx *c, const char **pp, const char *end, uint64_t max,
                   uint64_t *out, const char *overflow_reason);
/* Inline for the common case (a short number that fits): CSeq, ports,
 * Content-Length, Max-Forwards, the SDP numbers. Anything else (no digit,
 * overflow, 20 or more digits) takes sip__uint_slow, which decides alone. */
static inline int sip__uint(struct sip__pctx *c, const char **pp, const char *end, uint64_t max,
                            uint64_t *out, const char *overflow_reason)
{
	const char *p = *pp, *lim = end - p > 19 ? p + 19 : end;
	uint64_t v;
	unsigned d;
	/* The first digit apart, so that the loop needs no "no digit" test
	 * after it; unsigned octets, so that no sign extension is needed. */
	if (p >= end || (d = (unsigned char)*p - (unsigned)'0') > 9)
		return sip__uint_slow(c, pp, end, max, out, overflow_reason);
	v = d;
	while (++p < lim && (d = (unsigned char)*p - (unsigned)'0') <= 9)
		v = v * 10 + d;
	/* Stopped before lim at a non-digit; at lim, a digit may follow. */
	if (v > max || (p == lim && p < end && (unsigned char)*p - (unsigned)'0' <= 9))
		return sip__uint_slow(c, pp, end, max, out, overflow_reason);
	*out = v;
	*pp = p;
	return 0;
}

/* Parses exactly [p,end) as a URI of any scheme (uri.c; the contract of
 * sip_uri_parse), within the caller's parse: error offsets are relative to
 * c->base and the leniencies used are recorded in c->lenient_used. */
int sip__uri_parse(struct sip__pctx *c, const char *p, const char *end, struct sip_uri *out);

/* The longest URI at the start of [p,end): *stop is set to where it ends
 * (out->raw is [p,*stop)). A URI that parses this way and ends at a character
 * outside every URI grammar (e.g. the RAQUOT '>') is the URI sip__uri_parse
 * gives for [p,*stop), read in a single pass; errors may differ from that
 * exact parse (they can be found past its end), so a caller that wants
 * them re-parses exactly. */
int sip__uri_parse_span(struct sip__pctx *c, const char *p, const char *end, struct sip_uri *out,
                        const char **stop);

/* sip_hdr_lookup for a name already known to be a token (1*token char):
 * the framer's header names. hdr_names.c. */
enum sip_hdr_id sip__hdr_lookup_token(const char *name, size_t len);

/* Trims SP/HTAB/CR/LF at both ends. */
void sip__trim(const char **p, const char **end);

/* sip_arena_alloc / sip_arena_zalloc with the bump inlined: the message
 * layer allocates a few dozen small nodes per message, and with a constant
 * n the zero-fill becomes a few stores. Same contract as arena.h. */
static inline void *sip__alloc(struct sip_arena *ar, size_t n)
{
	size_t r = n ? (n + 7) & ~(size_t)7 : 8;
	/* An arena without a chunk has cur and end both NULL (arena.c sets
	 * them together): the room is then 0 and the test fails without a
	 * separate NULL test (integers, as NULL - NULL is undefined). */
	if (r >= n && (uintptr_t)ar->end - (uintptr_t)ar->cur >= r) {
		void *p = ar->cur;
		ar->cur += r;
		return p;
	}
	return sip_arena_alloc(ar, n);
}

/* memset(p, 0, n) for a constant n, in 16-octet stores where SSE2 is
 * there, and memset elsewhere. GCC makes a memset of a struct as large as
 * a sip_uri (or a loop it recognises as one) a rep stos, which costs about
 * an instruction per 8 octets; the empty asm hides that the stored value is
 * zero, so the loop stays a few unrolled vector stores. */
static inline void sip__zero(void *p, size_t n)
{
#if SIP__SSE2
	char *o = (char *)p;
	size_t i;
	__m128i z = _mm_setzero_si128();
	__asm__("" : "+x"(z));
#pragma GCC unroll 16
	for (i = 0; i + 16 <= n; i += 16)
		_mm_storeu_si128((__m128i *)(void *)(o + i), z);
	if (i < n)
		memset(o + i, 0, n - i);
#else
	memset(p, 0, n);
#endif
}

static inline void *sip__zalloc(struct sip_arena *ar, size_t n)
{
	void *p = sip__alloc(ar, n);
	if (p)
		sip__zero(p, n);
	return p;
}

/* sip__param_add inline, for the parsers that add a param per ';'. Every
 * field is set explicitly (cheaper than zero-filling the node). */
static inline struct sip_param *sip__param_new(struct sip_arena *ar, struct sip_param ***tail)
{
	struct sip_param *prm = (struct sip_param *)sip__alloc(ar, sizeof(*prm));
	if (!prm)
		return NULL;
	prm->name = sip_str_make(NULL, 0);
	prm->value = sip_str_make(NULL, 0);
	prm->has_value = 0;
	prm->next = NULL;
	**tail = prm;
	*tail = &prm->next;
	return prm;
}

/* sip__generic_param_semi inline, for a parser that reads params in a loop
 * of its own (name-addr). */
static inline int sip__generic_param_in(struct sip__pctx *c, const char **pp, const char *end,
                                        struct sip_param ***tail, struct sip_param **out)
{
	const char *p = *pp, *n, *ne;
	struct sip_param *prm;
	if (!sip__sep(&p, end, ';'))
		return 0;
	n = p;
	ne = sip__run(p, end, SIP__C_TOKEN);
	if (ne == n)
		return sip__fail(c, p, "expected a parameter name after ';'", 400);
	prm = sip__param_new(c->ar, tail);
	if (!prm)
		return sip__nomem(c, p);
	prm->name = sip_str_make(n, (size_t)(ne - n));
	p = ne;
	if (sip__sep(&p, end, '=')) {
		const char *v = p;
		prm->has_value = 1;
		if (p < end && *p == '"') {
			int rc = sip__quoted(c, &p, end, &prm->value);
			if (rc)
				return rc;
		} else if (p < end && *p == '[') {
			struct sip_host h;
			int rc = sip__host(c, &p, end, &h);
			if (rc)
				return rc;
			prm->value = h.text;
		} else {
			p = sip__run(p, end, SIP__C_TOKEN);
			if (p == v)
				return sip__fail(c, v, "expected a parameter value after '='", 400);
			prm->value = sip_str_make(v, (size_t)(p - v));
		}
	}
	*out = prm;
	*pp = p;
	return 1;
}

/* n octets of s equal the NUL-free lit[0..n) ignoring ASCII letter case:
 * the rule of sip_str_caseeq_c, inline so that a literal's octets fold into
 * constants (the well-known parameter names are compared per param). */
static inline int sip__caseeq_n(const char *s, const char *lit, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		unsigned char x = (unsigned char)s[i], y = (unsigned char)lit[i];
		if (x != y && ((x | 0x20) != (y | 0x20) || (unsigned char)((y | 0x20) - 'a') > 25))
			return 0;
	}
	return 1;
}

/* sip_str_caseeq_c against a string literal, comparing the lengths first. */
#define SIP__CASEEQ_LIT(s, lit) \
	((s).len == sizeof(lit) - 1 && sip__caseeq_n((s).p, (lit), sizeof(lit) - 1))

/* The n (1 to 8, a constant) octets at s as a little-endian word, in at
 * most two loads (a memcpy of 3, 5, 6 or 7 octets into a uint64_t goes
 * through the stack). With 5 to 7 octets the two 4-octet loads overlap, and
 * the overlapping octets land on the same positions, so ORing them is
 * exact. Little-endian hosts only (sip__caseeq_lower8). */
static inline uint64_t sip__load_le(const char *s, size_t n)
{
	uint64_t v;
	uint32_t lo, hi;
	uint16_t h;
	if (n == 8) {
		memcpy(&v, s, 8);
		return v;
	}
	if (n >= 4) {
		memcpy(&lo, s, 4);
		memcpy(&hi, s + n - 4, 4);
		return lo | (uint64_t)hi << (8 * (n - 4));
	}
	if (n >= 2) {
		memcpy(&h, s, 2);
		return n == 2 ? h : h | (uint64_t)(unsigned char)s[2] << 16;
	}
	return (unsigned char)s[0];
}

/* sip__caseeq_n for 1 to 8 lower-case letters, in one word compare: an
 * octet ORed with 0x20 equals a lower-case letter exactly when it is that
 * letter in either case, which is the rule of sip__caseeq_n for letters.
 * Both words are built the same way, so the literal's folds to a constant;
 * elsewhere memcpy puts the octets in the same places in both words,
 * whatever the byte order. */
static inline int sip__caseeq_lower8(const char *s, const char *lit, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (sip__load_le(s, n) | (0x2020202020202020ull >> (64 - 8 * n))) ==
	       sip__load_le(lit, n);
#else
	uint64_t a = 0, b = 0, m = 0;
	memcpy(&a, s, n);
	memcpy(&b, lit, n);
	memset(&m, 0x20, n);
	return (a | m) == b;
#endif
}

/* SIP__CASEEQ_LIT for a literal of 1 to 8 lower-case letters only (the
 * well-known parameter names): sip__caseeq_lower8. */
#define SIP__CASEEQ_LOWER(s, lit) \
	((s).len == sizeof(lit) - 1 && sip__caseeq_lower8((s).p, (lit), sizeof(lit) - 1))

/* ASCII lower-case of one octet. */
static inline unsigned char sip__lower(unsigned char ch)
{
	return (ch >= 'A' && ch <= 'Z') ? (unsigned char)(ch | 0x20) : ch;
}

/* The value of a hex digit, or -1. */
static inline int sip__hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

#endif

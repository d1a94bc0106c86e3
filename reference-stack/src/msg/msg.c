/* The message core: eager framing of one SIP message (RFC 3261 7, 18.3, 25.1).
 *
 * sip_msg_parse finds the start line, the header lines (with folding) and
 * the body, and builds the header index. It decodes nothing but the start
 * line and Content-Length, which framing needs; typed values are decoded on
 * demand (decode.c).
 *
 * Line ends: RFC 3261 7 and 25.1 require CRLF, and this stack is the
 * suite's yardstick, so it is strict: a bare LF (or a lone CR) ending a line
 * is a parse error. Line folding is CRLF followed by SP or HTAB (7.3.1). */
#include <stddef.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "msg_impl.h"

/* Word-at-a-time scans need the lowest-addressed octet in the low bits. */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR_LE 1
#else
#define SWAR_LE 0
#endif

#define ONES  0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static inline uint64_t ld8(const char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

/* High bit of each octet of w that is zero. Only the lowest such bit is
 * exact (a borrow may mark octets above it), which is all the callers use. */
static inline uint64_t zero_octets(uint64_t w)
{
	return (w - ONES) & ~w & HIGHS;
}

#define HDRS_CAP0 32

struct sip_msg *sip_msg_new(const struct sip_allocator *a)
{
	struct sip_msg *m;
	if (!a)
		a = sip_allocator_default();
	m = a->alloc(a->ud, sizeof(*m));
	if (!m)
		return NULL;
	memset(m, 0, sizeof(*m));
	sip_arena_init(&m->arena, a, 0);
	m->hdrs_cap = HDRS_CAP0;
	return m;
}

void sip_msg_free(struct sip_msg *m)
{
	const struct sip_allocator *a;
	if (!m)
		return;
	a = m->arena.a;
	sip_arena_fini(&m->arena);
	a->free(a->ud, m, sizeof(*m));
}

/* SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT (RFC 3261 25.1; "SIP" is
 * case-insensitive, as literal strings in ABNF are). */
static int version(struct sip__pctx *c, struct sip_msg *m, const char **pp, const char *end)
{
	const char *p = *pp, *start = p;
	uint64_t maj, min;
	/* The usual "SIP/2.0", not followed by another digit. */
	if (end - p >= 7 && memcmp(p, "SIP/2.0", 7) == 0 &&
	    (end - p == 7 || (unsigned char)(p[7] - '0') > 9)) {
		m->version = sip_str_make(p, 7);
		m->version_major = 2;
		m->version_minor = 0;
		*pp = p + 7;
		return 0;
	}
	if (end - p < 4 || sip__lower((unsigned char)p[0]) != 's' ||
	    sip__lower((unsigned char)p[1]) != 'i' || sip__lower((unsigned char)p[2]) != 'p' ||
	    p[3] != '/')
		return sip__fail(c, p, "bad SIP-Version", 400);
	p += 4;
	if (sip__uint(c, &p, end, 999999, &maj, "SIP-Version too large") != 0)
		return sip__fail(c, p, "bad SIP-Version", 400);
	if (p >= end || *p != '.')
		return sip__fail(c, p, "bad SIP-Version", 400);
	p++;
	if (sip__uint(c, &p, end, 999999, &min, "SIP-Version too large") != 0)
		return sip__fail(c, p, "bad SIP-Version", 400);
	m->version = sip_str_make(start, (size_t)(p - start));
	m->version_major = (unsigned)maj;
	m->version_minor = (unsigned)min;
	*pp = p;
	return 0;
}

/* Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (RFC 3261 7.2).
 * Errors carry status 0: a malformed response is dropped, not answered. */
static int status_line(struct sip__pctx *c, struct sip_msg *m, const char *p, const char *end)
{
	const char *q;
	m->is_request = 0;
	if (end - p >= 8 && memcmp(p, "SIP/2.0 ", 8) == 0) {
		/* version()'s usual case, without the call */
		m->version = sip_str_make(p, 7);
		m->version_major = 2;
		m->version_minor = 0;
		p += 7;
	} else if (version(c, m, &p, end) != 0) {
		c->err->status = 0;
		return SIP_EPARSE;
	}
	if (p >= end || *p != ' ')
		return sip__fail(c, p, "expected SP after SIP-Version", 0);
	p++;
	q = sip__run(p, end, SIP__C_DIGIT);
	/* Status-Code = 3DIGIT (RFC 4475 3.1.2.19 bigcode: drop). */
	if (q - p != 3)
		return sip__fail(c, p, "Status-Code is not 3 digits", 0);
	m->status = (unsigned)((p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0'));
	p = q;
	if (p == end) {
		/* The SP before an empty Reason-Phrase is mandatory. */
		if (!sip__lenient(c, SIP_LENIENT_START_LINE_WS))
			return sip__fail(c, p, "expected SP after Status-Code", 0);
		m->reason = sip_str_make(p, 0);
		return 0;
	}
	if (*p != ' ')
		return sip__fail(c, p, "expected SP after Status-Code", 0);
	p++;
	/* Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII /
	 * UTF8-CONT / SP / HTAB): any text but control characters (RFC 4475
	 * 3.1.1.12 unreason, 3.1.1.13 noreason). */
	for (q = p; q < end; q++) {
		unsigned char ch = (unsigned char)*q;
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return sip__fail(c, q, "control character in Reason-Phrase", 0);
		if (ch >= 0xc0) {
			/* UTF8-NONASCII: a lead octet and its UTF8-CONT octets
			 * (RFC 3261 25.1); 0xFE and 0xFF never occur. */
			int n = ch < 0xe0   ? 1
			        : ch < 0xf0 ? 2
			        : ch < 0xf8 ? 3
			        : ch < 0xfc ? 4
			        : ch < 0xfe ? 5
			                    : -1;
			const char *lead = q;
			if (n < 0 || end - q <= n)
				return sip__fail(c, lead, "invalid UTF-8 in Reason-Phrase", 0);
			while (n-- > 0)
				if (((unsigned char)*++q & 0xc0) != 0x80)
					return sip__fail(c, lead, "invalid UTF-8 in Reason-Phrase",
					                 0);
		}
	}
	m->reason = sip_str_make(p, (size_t)(end - p));
	return 0;
}

/* Whitespace between request-line elements: exactly one SP, or any run of
 * SP/HTAB under SIP_LENIENT_START_LINE_WS (RFC 4475 3.1.2.9 lwsstart). */
static int rl_space(struct sip__pctx *c, const char **pp, const char *end)
{
	const char *p = *pp, *q = p;
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (q == p)
		return sip__fail(c, p, "expected SP in Request-Line", 400);
	if ((q - p != 1 || *p != ' ') && !sip__lenient(c, SIP_LENIENT_START_LINE_WS))
		return sip__fail(c, p, "extra whitespace in Request-Line", 400);
	*pp = q;
	return 0;
}

/* Exactly one SP not followed by more whitespace: rl_space's common case. */
static inline int one_sp(const char *p, const char *end)
{
	return p < end && *p == ' ' && (end - p == 1 || (p[1] != ' ' && p[1] != '\t'));
}

/* The Request-URI run: octets above SP other than DEL. */
static inline const char *ruri_run(const char *p, const char *end)
{
#if defined(__SSE2__)
	for (; end - p >= 16; p += 16) {
		const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* x <= SP (unsigned: min(x, SP) == x) or DEL */
		const __m128i stop =
		        _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x20)), x),
		                     _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f)));
		unsigned t = (unsigned)_mm_movemask_epi8(stop);
		if (t)
			return p + __builtin_ctz(t);
	}
#endif
#if SWAR_LE
	for (; end - p >= 8; p += 8) {
		uint64_t w = ld8(p);
		/* octets below 0x21 (ASCII ones only: ~w clears the rest) or DEL */
		uint64_t t = ((w - 0x21 * ONES) & ~w & HIGHS) | zero_octets(w ^ (0x7f * ONES));
		if (t)
			return p + __builtin_ctzll(t) / 8;
	}
#endif
	while (p < end && (unsigned char)*p > 0x20 && *p != 0x7f)
		p++;
	return p;
}

/* Request-Line = Method SP Request-URI SP SIP-Version (RFC 3261 7.1). */
static int request_line(struct sip__pctx *c, struct sip_msg *m, const char *p, const char *end)
{
	const char *q, *u;
	int rc;
	m->is_request = 1;
	q = sip__run(p, end, SIP__C_TOKEN);
	if (q == p)
		return sip__fail(c, p, "bad Method", 400);
	m->method = sip_str_make(p, (size_t)(q - p));
	m->mid = sip_method_lookup(m->method);
	p = q;
	if (one_sp(p, end))
		p++;
	else if ((rc = rl_space(c, &p, end)) != 0)
		return rc;
	/* The Request-URI has no whitespace (RFC 4475 3.1.2.8 lwsruri: the
	 * version check below then fails). */
	u = p;
	p = ruri_run(p, end);
	/* The line has no CR or LF: what stopped the run is SP, HTAB or a
	 * control character, which the Request-URI cannot hold. */
	if (p < end && *p != ' ' && *p != '\t')
		return sip__fail(c, p, "control character in Request-URI", 400);
	if (p == u)
		return sip__fail(c, u, "empty Request-URI", 400);
	if (*u == '<') {
		/* RFC 4475 3.1.2.7 ltgtruri: Request-URI in <>. */
		if (p - u < 3 || p[-1] != '>' || !sip__lenient(c, SIP_LENIENT_RURI_LTGT))
			return sip__fail(c, u, "Request-URI enclosed in <>", 400);
		m->ruri_raw = sip_str_make(u + 1, (size_t)(p - u - 2));
	} else {
		m->ruri_raw = sip_str_make(u, (size_t)(p - u));
	}
	if (one_sp(p, end))
		p++;
	else if ((rc = rl_space(c, &p, end)) != 0)
		return rc;
	if (end - p == 7 && memcmp(p, "SIP/2.0", 7) == 0) {
		/* version()'s usual case, the whole rest of the line */
		m->version = sip_str_make(p, 7);
		m->version_major = 2;
		m->version_minor = 0;
		return 0;
	}
	if ((rc = version(c, m, &p, end)) != 0) {
		if (memchr(p, ' ', (size_t)(end - p)))
			return sip__fail(c, u, "whitespace inside the Request-URI", 400);
		return rc;
	}
	if (p < end) {
		/* RFC 4475 3.1.2.10 trws: trailing whitespace. */
		q = p;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q < end)
			return sip__fail(c, p, "junk after SIP-Version in Request-Line", 400);
		if (!sip__lenient(c, SIP_LENIENT_START_LINE_WS))
			return sip__fail(c, p, "trailing whitespace in Request-Line", 400);
	}
	return 0;
}

/* The usual Request-Line in one pass, without finding its end first:
 * a known method, SP, a Request-URI not in <>, SP, "SIP/2.0", CRLF. None
 * of those octets is an LF, so its CRLF is the first LF of the message and
 * request_line would read the same. Returns the octet after the CRLF, or
 * NULL, with m untouched, for the general path (which decides every
 * error). */
static const char *request_line_fast(struct sip_msg *m, const char *p, const char *end)
{
#if defined(__SSE2__)
	const char *u, *q;
	const struct sip__hdr_name16 *cn;
	enum sip_method mid;
	unsigned sp;
	size_t ml;
	__m128i x;
	if (end - p < 16 || p[3] == '/') /* no method has a '/': a status line */
		return NULL;
	x = _mm_loadu_si128((const __m128i *)(const void *)p);
	sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
	if (!sp)
		return NULL;
	ml = (size_t)__builtin_ctz(sp);
	/* sip_method_lookup of p[0..ml) in one compare: the one method of that
	 * length and first letter, all of its octets equal (octets past it
	 * always compare equal, see sip__method16). */
	mid = (enum sip_method)sip__method_cand[ml][p[0] & 31];
	if (mid == SIP_METHOD_OTHER)
		return NULL;
	cn = &sip__method16[mid];
	if (_mm_movemask_epi8(_mm_cmpeq_epi8(
	            _mm_or_si128(x, _mm_load_si128((const __m128i *)(const void *)cn->fold)),
	            _mm_load_si128((const __m128i *)(const void *)cn->lc))) != 0xffff)
		return NULL;
	u = p + ml + 1;
	q = ruri_run(u, end);
	if (q == u || *u == '<' || end - q < 10 || memcmp(q, " SIP/2.0\r\n", 10) != 0)
		return NULL;
	m->is_request = 1;
	m->method = sip_str_make(p, ml);
	m->mid = mid;
	m->ruri_raw = sip_str_make(u, (size_t)(q - u));
	m->version = sip_str_make(q + 1, 7);
	m->version_major = 2;
	m->version_minor = 0;
	return q + 10;
#else
	(void)m;
	(void)p;
	(void)end;
	return NULL;
#endif
}

/* The usual Status-Line in one pass, as request_line_fast: "SIP/2.0", SP,
 * three digits, SP, a Reason-Phrase of printable ASCII (SP to '~'), CRLF.
 * Returns the octet after the CRLF, or NULL, with m untouched, for the
 * general path (line_end, then status_line). */
static const char *status_line_fast(struct sip_msg *m, const char *p, const char *end)
{
	const char *r, *q;
	if (end - p < 14 || memcmp(p, "SIP/2.0 ", 8) != 0 || (unsigned char)(p[8] - '0') > 9 ||
	    (unsigned char)(p[9] - '0') > 9 || (unsigned char)(p[10] - '0') > 9 || p[11] != ' ')
		return NULL;
	r = q = p + 12;
#if defined(__SSE2__)
	for (; end - q >= 16; q += 16) {
		/* octets below SP or above '~' (signed: those above 0x7f are
		 * negative) */
		const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);
		unsigned t = (unsigned)_mm_movemask_epi8(
		        _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
		                     _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f))));
		if (t) {
			q += __builtin_ctz(t);
			goto stop;
		}
	}
#endif
	while (q < end && (unsigned char)(*q - 0x20) < 0x5f)
		q++;
#if defined(__SSE2__)
stop:
#endif
	if (end - q < 2 || q[0] != '\r' || q[1] != '\n')
		return NULL;
	m->is_request = 0;
	m->version = sip_str_make(p, 7);
	m->version_major = 2;
	m->version_minor = 0;
	m->status = (unsigned)((p[8] - '0') * 100 + (p[9] - '0') * 10 + (p[10] - '0'));
	m->reason = sip_str_make(r, (size_t)(q - r));
	return q + 2;
}

/* A method is a token, which has no '/': "SIP/" starts a status line. */
static int looks_like_status(const char *p, const char *end)
{
	return end - p >= 4 && p[3] == '/' && sip__lower((unsigned char)p[0]) == 's' &&
	       sip__lower((unsigned char)p[1]) == 'i' && sip__lower((unsigned char)p[2]) == 'p';
}

int sip__start_line(struct sip__pctx *c, struct sip_msg *m, const char *p, const char *end)
{
	if (looks_like_status(p, end))
		return status_line(c, m, p, end);
	return request_line(c, m, p, end);
}

/* Content-Length = 1*DIGIT (RFC 3261 20.14), decoded eagerly for framing. */
static int content_length(struct sip__pctx *c, struct sip_msg *m, const char *p, const char *end)
{
	uint64_t v;
	int st;
	if (end - p >= 1 && end - p <= 9) {
		/* The usual value: one to nine digits, which cannot overflow. */
		const char *q = p;
		uint32_t n = 0;
		while (q < end && (unsigned char)(*q - '0') <= 9)
			n = n * 10 + (uint32_t)(*q++ - '0');
		if (q == end) {
			v = n;
			goto have;
		}
	}
	st = m->is_request ? 400 : 0;
	if (p < end && *p == '-')
		return sip__fail(c, p, "negative Content-Length", st); /* RFC 4475 3.1.2.3 ncl */
	if (p == end || !sip__is((unsigned char)*p, SIP__C_DIGIT))
		return sip__fail(c, p, "bad Content-Length", st);
	if (sip__uint(c, &p, end, UINT32_MAX, &v, "Content-Length too large") != 0)
		return sip__fail(c, p, c->err->reason, st);
	if (p != end)
		return sip__fail(c, p, "bad Content-Length", st);
have:
	if (m->cl_present && m->content_length != v)
		m->cl_conflict = 1; /* RFC 4475 3.3.9 mcl01 */
	if (!m->cl_present)
		m->content_length = (uint32_t)v;
	m->cl_present = 1;
	return 0;
}

/* Doubles the header array (out of line: 32 slots fit the usual message).
 * NULL when memory runs out. */
static __attribute__((noinline)) struct sip_hdr *grow_hdrs(struct sip_msg *m, size_t nhdrs)
{
	struct sip_hdr *n = sip_arena_alloc(&m->arena, 2 * m->hdrs_cap * sizeof(*n));
	if (!n)
		return NULL;
	memcpy(n, m->hdrs, nhdrs * sizeof(*n));
	m->hdrs = n;
	m->hdrs_cap *= 2;
	return n;
}

/* What header_line finds in a line: the id, the name's end, the value. */
struct line_parts {
	enum sip_hdr_id id;
	const char *ne, *v, *ve;
};

/* One header line [p,eol) (eol at its CR): field-name HCOLON value. The
 * general path. */
static int header_line(struct sip__pctx *c, int st, const char *p, const char *eol,
                       struct line_parts *out)
{
	const char *n = sip__run(p, eol, SIP__C_TOKEN), *v, *ve;
	if (n == p)
		return sip__fail(c, p, "bad header field name", st);
	/* HCOLON = *( SP / HTAB ) ":" SWS */
	v = n;
	if (v == eol || *v != ':') {
		while (v < eol && (*v == ' ' || *v == '\t'))
			v++;
		if (v == eol || *v != ':')
			return sip__fail(c, v, "expected ':' after header field name", st);
	}
	/* The usual ": value" in two compares; anything else the long way. */
	if (eol - v > 2 && v[1] == ' ' && (unsigned char)v[2] > ' ')
		v += 2;
	else
		v = sip__lws(v + 1, eol);
	ve = eol;
	while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r' || ve[-1] == '\n'))
		ve--;
	out->id = sip__hdr_lookup_token(p, (size_t)(n - p));
	out->ne = n;
	out->v = v;
	out->ve = ve;
	return 0;
}

/* The first '\n' in [p,end), or NULL. */
static inline const char *find_lf(const char *p, const char *end)
{
#if defined(__SSE2__)
	/* Sixteen octets per step where SSE2 is there (every x86-64). */
	const __m128i lf = _mm_set1_epi8('\n');
	if (end - p >= 16) {
		const char *lim = end - 16; /* the last start of a whole step */
		do {
			unsigned hit = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
			        _mm_loadu_si128((const __m128i *)(const void *)p), lf));
			if (hit)
				return p + __builtin_ctz(hit);
			p += 16;
		} while (p <= lim);
	}
#endif
	return memchr(p, '\n', (size_t)(end - p));
}

/* Finds the end of a logical line starting at p, given lf, the first '\n'
 * at or after p (NULL when there is none): *eol is its CRLF, the return
 * value the first byte after it. NULL when no CRLF is found (error recorded
 * when the line end is malformed). */
static inline const char *line_end_at(struct sip__pctx *c, const char *p, const char *lf,
                                      const char *end, const char **eol, int fold, int st)
{
	for (;;) {
		if (!lf) {
			sip__fail(c, end, "message head not terminated by an empty line", st);
			return NULL;
		}
		if (lf == p || lf[-1] != '\r') {
			sip__fail(c, lf, "bare LF line end (CRLF required)", st);
			return NULL;
		}
		/* RFC 3261 7.3.1: CRLF followed by whitespace continues the line. */
		if (fold && lf + 1 < end && (lf[1] == ' ' || lf[1] == '\t')) {
			p = lf + 1;
			lf = find_lf(p, end);
			continue;
		}
		*eol = lf - 1;
		return lf + 1;
	}
}

/* line_end_at with the search for the first LF. */
static inline const char *line_end(struct sip__pctx *c, const char *p, const char *end,
                                   const char **eol, int fold, int st)
{
	return line_end_at(c, p, find_lf(p, end), end, eol, fold, st);
}

/* The usual header line starts with a known name (long or compact form)
 * right before its ':'. One pass finds the ':' in the first words of the
 * line and compares those same words with the one candidate of that length
 * and first letter. Returns the id and sets *len, or SIP_HDR_OTHER for the
 * general path (header_line), which also decides every error. */
static inline enum sip_hdr_id fast_name(const char *p, const char *end, size_t *len)
{
#if SWAR_LE
	uint64_t w[3], t;
	size_t n, k, j;
	unsigned id;
	if (end - p < 8)
		return SIP_HDR_OTHER;
	w[0] = ld8(p);
	k = 0;
	if (!(t = zero_octets(w[0] ^ (':' * ONES)))) {
		if (end - p < 16)
			return SIP_HDR_OTHER;
		w[1] = ld8(p + 8);
		k = 1;
		if (!(t = zero_octets(w[1] ^ (':' * ONES)))) {
			if (end - p < 24)
				return SIP_HDR_OTHER;
			w[2] = ld8(p + 16);
			k = 2;
			if (!(t = zero_octets(w[2] ^ (':' * ONES))))
				return SIP_HDR_OTHER;
		}
	}
	n = 8 * k + (size_t)__builtin_ctzll(t) / 8;
	if (n == 1) {
		/* RFC 3261 7.3.3 compact form */
		unsigned char ch = (unsigned char)(p[0] | 0x20);
		id = ch < 128 ? sip__hdr_compact_id[ch] : SIP_HDR_OTHER;
		*len = 1;
		return (enum sip_hdr_id)id;
	}
	if (n < 2 || n > 19)
		return SIP_HDR_OTHER;
	id = sip__hdr_cand[n][p[0] & 31];
	while (id != SIP_HDR_OTHER) {
		const char *cn = sip__hdr_canon[id];
		uint64_t keep;
		for (j = 0; j < k; j++)
			if (!sip__hdr_word_eq(w[j], cn + 8 * j, ~0ull))
				break;
		memcpy(&keep, sip__hdr_keep[n - 8 * k], 8);
		if (j == k && sip__hdr_word_eq(w[k], cn + 8 * k, keep)) {
			*len = n;
			return (enum sip_hdr_id)id;
		}
		id = sip__hdr_alt[id];
	}
#else
	(void)p;
	(void)end;
	(void)len;
#endif
	return SIP_HDR_OTHER;
}

#if defined(__SSE2__)
/* fast_name for a name of at most 15 octets, its ':' at p[n] (n < 16), on
 * x, the 16 octets at p already loaded: the same candidate as fast_name,
 * compared in one step. Octets past the name always compare equal (see
 * sip__hdr_name16); the candidate of a length is a name of exactly that
 * length (sip__hdr_cand has no row 0, so n == 0 finds none). */
static inline enum sip_hdr_id fast_name16(__m128i x, const char *p, size_t n)
{
	size_t id = sip__hdr_cand[n][p[0] & 31];
	if (id == SIP_HDR_OTHER) {
		/* No long name has one octet (row 1 of sip__hdr_cand is all
		 * SIP_HDR_OTHER), so the compact form is looked at only here,
		 * off the usual path. */
		if (n == 1) {
			/* RFC 3261 7.3.3 compact form */
			unsigned char ch = (unsigned char)(p[0] | 0x20);
			return ch < 128 ? (enum sip_hdr_id)sip__hdr_compact_id[ch] : SIP_HDR_OTHER;
		}
		return SIP_HDR_OTHER;
	}
	/* As sip__hdr_word_eq, with the fold bits and the folded name taken
	 * from a table; the names of one table row are the candidate and its
	 * sip__hdr_alt chain. */
	while (_mm_movemask_epi8(_mm_cmpeq_epi8(
	               _mm_or_si128(
	                       x, _mm_load_si128(
	                                  (const __m128i *)(const void *)sip__hdr_name16[id].fold)),
	               _mm_load_si128((const __m128i *)(const void *)sip__hdr_name16[id].lc))) !=
	       0xffff)
		if ((id = sip__hdr_alt[id]) == SIP_HDR_OTHER)
			return SIP_HDR_OTHER;
	return (enum sip_hdr_id)id;
}

/* The ':' octets among the 16 x, a bit each: the first ends the header
 * name (RFC 3261 7.3.1). */
static inline unsigned colon16(__m128i x)
{
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(':')));
}

/* The first LF at or after bit k of the 16 octets x at p, then in the rest
 * of the input up to lim + 16 (lim >= p): find_lf(p + k, lim + 16), the
 * first step done on x, which the caller has loaded already. What is left
 * after the whole steps, fewer than 16 octets, is searched in the last 16
 * octets before lim + 16, at lim, with the bits of the s octets already
 * searched shifted out (1 <= s <= 16). */
static inline const char *find_lf_from(__m128i x, const char *p, unsigned k, const char *lim)
{
	const __m128i lf = _mm_set1_epi8('\n');
	unsigned hit = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, lf)) >> k << k, s;
	const char *q;
	if (hit)
		return p + __builtin_ctz(hit);
	for (q = p + 16; q <= lim; q += 16) {
		hit = (unsigned)_mm_movemask_epi8(
		        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)q), lf));
		if (hit)
			return q + (size_t)__builtin_ctz(hit);
	}
	s = (unsigned)(q - lim);
	hit = (unsigned)_mm_movemask_epi8(
	              _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)lim), lf)) >>
	      s << s;
	return hit ? lim + (size_t)__builtin_ctz(hit) : NULL;
}
#endif

/* Header line nh, at h (= &m->hdrs[nh]): name [p, p + k), value [v, ve),
 * appended and linked into the index (m->first, the next chains; last[id]
 * is the tail of id's chain, read only once first[id] is set). Shared by
 * fast_lines and headers(); inlined into both, so each keeps its values in
 * registers. */
static inline __attribute__((always_inline)) void index_hdr(struct sip_msg *m, struct sip_hdr *h,
                                                            size_t nh, int32_t *last,
                                                            enum sip_hdr_id id, const char *p,
                                                            size_t k, const char *v, const char *ve)
{
	h->id = id;
	h->name = sip_str_make(p, k);
	h->value = sip_str_make(v, (size_t)(ve - v));
	h->off = (uint32_t)(p - m->buf);
	h->next = -1;
	h->state = SIP_HDR_RAW;
	h->val.any = NULL;
	if (m->first[id] < 0)
		m->first[id] = (int32_t)nh;
	else
		m->hdrs[last[id]].next = (int32_t)nh;
	last[id] = (int32_t)nh;
}

#if defined(__SSE2__)
/* What fast_lines does with a line once it has found its name (id, k
 * octets, the ':' at p[k]) and its first LF after the ':', lf (lf[-1] and
 * lf[1] readable): checks the CRLF and that no fold follows, appends and
 * indexes the header, decodes Content-Length. Returns where the next line
 * starts, or NULL to stop with the line left to headers() (not appended).
 * *more is cleared when fast_lines must stop after this line (the octet
 * after the CRLF is not above SP, or Content-Length failed: *rc). */
static inline __attribute__((always_inline)) const char *
fast_add(struct sip__pctx *c, struct sip_msg *m, struct sip_hdr *h, size_t nh, int32_t *last,
         enum sip_hdr_id id, const char *p, size_t k, const char *lf, int *rc, int *more)
{
	const char *v, *ve, *eol;
	unsigned after;
	if (lf[-1] != '\r')
		return NULL;
	/* line_end_at's usual outcome: the octet after the CRLF is not SP
	 * or HTAB; above SP it also starts the next header line */
	after = (unsigned char)lf[1];
	if (after <= ' ' && (after == ' ' || after == '\t'))
		return NULL;
	v = p + k;
	eol = lf - 1;
	/* v[1] and v[2] are before lf + 2 <= end. When v[1] is SP and v[2]
	 * above it, neither is the CR or the LF, so eol - v > 2 as
	 * headers() checks. */
	ve = eol;
	if (v[1] == ' ' && (unsigned char)v[2] > ' ') {
		v += 2;
		/* *v is above SP, so the trim stops before it without
		 * comparing ve with v */
		while ((unsigned char)ve[-1] <= ' ' &&
		       (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r' || ve[-1] == '\n'))
			ve--;
	} else {
		v = sip__lws(v + 1, eol);
		while (ve > v &&
		       (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r' || ve[-1] == '\n'))
			ve--;
	}
	index_hdr(m, h, nh, last, id, p, k, v, ve);
	if (id == SIP_HDR_CONTENT_LENGTH) {
		/* content_length's usual case inline: the first one, one
		 * to nine digits */
		uint32_t n = 0;
		const char *q = v;
		if (!m->cl_present && ve - v >= 1 && ve - v <= 9) {
			while (q < ve && (unsigned char)(*q - '0') <= 9)
				n = n * 10 + (uint32_t)(*q++ - '0');
		}
		if (q == ve && q != v) {
			m->content_length = n;
			m->cl_present = 1;
		} else if ((*rc = content_length(c, m, v, ve)) != 0) {
			*more = 0;
		}
	}
	/* lf[1] read again rather than after kept: one value fewer live
	 * across the stores above */
	if ((unsigned char)lf[1] <= ' ')
		*more = 0;
	return lf + 1;
}

/* The usual header lines, as many as follow each other from p (*p > SP,
 * p < end): a name fast_name16 knows, ':', a value and a CRLF followed by
 * neither SP nor HTAB (no folding, RFC 3261 7.3.1), appended and indexed as
 * headers() does. One load finds the ':', checks the name and finds the LF
 * when it is among those 16 octets. Stops at the first line that is not
 * one (leaving it to headers(), which decides it, errors included) or that
 * does not start with an octet above SP (the empty line, or what headers()
 * checks first), and returns where it stopped. A separate loop with few
 * live values, so that they stay in registers. *rc is set when
 * Content-Length fails (the header is indexed, as in headers()). */
static const char *fast_lines(struct sip__pctx *c, struct sip_msg *m, const char *p,
                              const char *end, int32_t *last, int *rc)
{
	size_t nh = m->nhdrs;
	struct sip_hdr *h = m->hdrs + nh, *hend = m->hdrs + m->hdrs_cap;
	/* The last line start with 16 octets to load, and the last octet
	 * searched for an LF is end - 2: an LF found always has an octet
	 * after it (an LF at end - 1 ends the input without the empty line:
	 * headers() decides it). */
	const char *lim, *q, *lf;
	int more = 1;
	enum sip_hdr_id id;
	unsigned cm, hit;
	size_t k;
	if (end - p < 17)
		goto tail;
	lim = end - 17;
	while (p <= lim && h != hend) {
		const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		if ((cm = colon16(x)) == 0 ||
		    (id = fast_name16(x, p, k = (size_t)__builtin_ctz(cm))) == SIP_HDR_OTHER)
			goto out;
		/* the first LF after the ':' (lf > p + k, so lf[-1] can be read;
		 * at p + k + 1 it is the ':', not a CR) */
		lf = find_lf_from(x, p, (unsigned)k + 1, lim);
		if (!lf || !(q = fast_add(c, m, h, nh, last, id, p, k, lf, rc, &more)))
			goto out;
		nh++;
		h++;
		p = q;
		if (!more)
			goto out;
	}
	if (h == hend)
		goto out;
tail:
	/* The last line of the head when fewer than 17 octets are left (the
	 * usual "l: 0", CRLF, CRLF of a message without a body): the 16
	 * octets that end at end (readable: they lie in the object at base,
	 * sip__pctx) copied with zeros after them, and loaded from p, so that
	 * what is past end is neither ':' nor LF. */
	if (end - c->base >= 16 && h != hend) {
		_Alignas(16) unsigned char b[32];
		__m128i x;
		_mm_store_si128((__m128i *)(void *)b,
		                _mm_loadu_si128((const __m128i *)(const void *)(end - 16)));
		_mm_store_si128((__m128i *)(void *)(b + 16), _mm_setzero_si128());
		x = _mm_loadu_si128((const __m128i *)(const void *)(b + 16 - (end - p)));
		if ((cm = colon16(x)) == 0 ||
		    (id = fast_name16(x, p, k = (size_t)__builtin_ctz(cm))) == SIP_HDR_OTHER)
			goto out;
		hit = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))) >>
		      (k + 1) << (k + 1);
		if (!hit)
			goto out;
		lf = p + __builtin_ctz(hit);
		if (end - lf < 2 || !(q = fast_add(c, m, h, nh, last, id, p, k, lf, rc, &more)))
			goto out;
		nh++;
		p = q;
	}
out:
	m->nhdrs = nh;
	return p;
}
#endif

/* The header lines after the start line, up to and past the empty line.
 * Each line is appended to m->hdrs and linked into the index (m->first and
 * the next chains). The array, its size and the chain tails live in locals
 * (last[id] is read only once first[id] is set, so it needs no
 * initialisation); m->nhdrs is written back on every return. The usual
 * lines go through fast_lines, the rest one at a time here. */
static int headers(struct sip__pctx *c, struct sip_msg *m, const char **pp, const char *end)
{
	int32_t last[SIP_HDR__COUNT];
	const char *p = *pp, *eol, *next, *v, *ve, *ne;
	struct sip_hdr *hdrs, *h;
	size_t nh;
	int st = m->is_request ? 400 : 0, rc = 0;
	enum sip_hdr_id id;
	for (;;) {
		if (p == end || (unsigned char)*p <= ' ') {
			if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
				*pp = p + 2;
				return 0;
			}
			if (p < end && (*p == ' ' || *p == '\t'))
				return sip__fail(c, p, "continuation line without a header", st);
			goto general;
		}
#if defined(__SSE2__)
		{
			const char *q = fast_lines(c, m, p, end, last, &rc);
			if (rc != 0)
				return rc;
			if (q != p) {
				p = q;
				continue;
			}
		}
#endif
		{
			size_t n;
			id = fast_name(p, end, &n);
			if (id == SIP_HDR_OTHER)
				goto general;
			/* p[n] is the ':', and no LF comes before it. */
			v = ne = p + n;
			next = line_end(c, v + 1, end, &eol, 1, st);
		}
		if (!next)
			return SIP_EPARSE;
		if (eol - v > 2 && v[1] == ' ' && (unsigned char)v[2] > ' ')
			v += 2;
		else
			v = sip__lws(v + 1, eol);
		ve = eol;
		while (ve > v &&
		       (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r' || ve[-1] == '\n'))
			ve--;
	add:
		nh = m->nhdrs;
		hdrs = m->hdrs;
		if (nh == m->hdrs_cap && !(hdrs = grow_hdrs(m, nh)))
			return sip__nomem(c, p);
		h = &hdrs[nh];
		index_hdr(m, h, nh, last, id, p, (size_t)(ne - p), v, ve);
		m->nhdrs = nh + 1;
		if (id == SIP_HDR_CONTENT_LENGTH && (rc = content_length(c, m, v, ve)) != 0)
			return rc;
		p = next;
		continue;
	general:
		next = line_end(c, p, end, &eol, 1, st);
		if (!next)
			return SIP_EPARSE;
		{
			struct line_parts lp = {SIP_HDR_OTHER, NULL, NULL, NULL};
			if ((rc = header_line(c, st, p, eol, &lp)) != 0)
				return rc;
			id = lp.id;
			ne = lp.ne;
			v = lp.v;
			ve = lp.ve;
		}
		goto add;
	}
}

static int frame_body(struct sip__pctx *c, struct sip_msg *m, const char *p, const char *end)
{
	size_t left = (size_t)(end - p);
	int st = m->is_request ? 400 : 0;
	if (m->flags & SIP_PARSE_STREAM) {
		/* RFC 3261 18.3: on a stream Content-Length is mandatory. */
		if (!m->cl_present)
			return sip__fail(c, p, "Content-Length missing on a stream", st);
		if (m->cl_conflict)
			return sip__fail(c, p, "conflicting Content-Length values", st);
		if (left != m->content_length)
			return sip__fail(c, p, "body length differs from Content-Length", st);
	} else if (m->cl_present) {
		/* RFC 3261 18.3: a datagram shorter than Content-Length is
		 * rejected (RFC 4475 3.1.2.2 clerr); extra octets are ignored
		 * (3.1.1.8 dblreq). */
		if (left < m->content_length)
			return sip__fail(c, p, "body shorter than Content-Length", st);
		left = m->content_length;
	}
	m->body = sip_str_make(p, left);
	m->len = (size_t)(p + left - m->buf);
	return 0;
}

static void reset(struct sip_msg *m, unsigned flags)
{
	size_t cap = m->hdrs_cap ? m->hdrs_cap : HDRS_CAP0;
	sip_arena_reset(&m->arena);
	/* Every field before the arena is zero but first[], which is -1:
	 * each written once. The zeros before first[] go in two pieces, which
	 * compilers store inline (one piece of 136 octets becomes a rep stos,
	 * a step per word). */
	memset(m, 0, offsetof(struct sip_msg, ruri_raw));
	memset(&m->ruri_raw, 0,
	       offsetof(struct sip_msg, first) - offsetof(struct sip_msg, ruri_raw));
	memset(m->first, 0xff, sizeof(m->first));
	memset((char *)m + offsetof(struct sip_msg, first) + sizeof(m->first), 0,
	       offsetof(struct sip_msg, arena) - offsetof(struct sip_msg, first) -
	               sizeof(m->first));
	m->hdrs_cap = cap;
	m->flags = flags;
}

int sip_msg_parse(struct sip_msg *m, const void *buf, size_t len, unsigned flags,
                  struct sip_perr *err)
{
	struct sip_perr dummy;
	struct sip__pctx c;
	const char *p = buf, *end, *eol, *next;
	int rc;
	if (!err)
		err = &dummy;
	err->off = 0;
	err->reason = NULL;
	err->status = 0;
	reset(m, flags);
	m->input_len = len;
	sip__pctx_init(&c, &m->arena, p, flags, err);
	if (!p && len)
		return sip__fail(&c, p, "no input", 400);
	if (flags & SIP_PARSE_COPY) {
		char *cp = sip_arena_dup(&m->arena, buf, len);
		if (!cp)
			return sip__nomem(&c, p);
		p = cp;
		c.base = p;
	}
	end = p + len;
	/* RFC 3261 7.5: CRLFs before the start line are ignored. */
	while (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
		p += 2;
	m->buf = p;
	m->hdrs = sip__alloc(&m->arena, m->hdrs_cap * sizeof(*m->hdrs));
	if (!m->hdrs)
		return sip__nomem(&c, p);
	if ((next = request_line_fast(m, p, end)) == NULL &&
	    (next = status_line_fast(m, p, end)) == NULL) {
		/* A response that cannot be framed is dropped (status 0). */
		next = line_end(&c, p, end, &eol, 0, looks_like_status(p, end) ? 0 : 400);
		if (!next)
			return SIP_EPARSE;
		if ((rc = sip__start_line(&c, m, p, eol)) != 0)
			return rc;
	}
	p = next;
	if ((rc = headers(&c, m, &p, end)) != 0)
		return rc;
	if ((rc = frame_body(&c, m, p, end)) != 0)
		return rc;
	m->lenient_used = c.lenient_used;
	return 0;
}

struct sip_hdr *sip_msg_hdr(struct sip_msg *m, enum sip_hdr_id id)
{
	if ((unsigned)id >= SIP_HDR__COUNT || m->first[id] < 0)
		return NULL;
	return &m->hdrs[m->first[id]];
}

struct sip_hdr *sip_msg_hdr_next(struct sip_msg *m, const struct sip_hdr *h)
{
	if (!h || h->next < 0)
		return NULL;
	return &m->hdrs[h->next];
}

struct sip_hdr *sip_msg_hdr_named(struct sip_msg *m, struct sip_str name)
{
	enum sip_hdr_id id = sip_hdr_lookup(name.p, name.len);
	size_t i;
	if (id != SIP_HDR_OTHER)
		return sip_msg_hdr(m, id);
	for (i = 0; i < m->nhdrs; i++)
		if (m->hdrs[i].id == SIP_HDR_OTHER && sip_str_caseeq(m->hdrs[i].name, name))
			return &m->hdrs[i];
	return NULL;
}

size_t sip_msg_hdr_count(const struct sip_msg *m, enum sip_hdr_id id)
{
	size_t n = 0;
	int32_t i;
	if ((unsigned)id >= SIP_HDR__COUNT)
		return 0;
	for (i = m->first[id]; i >= 0; i = m->hdrs[i].next)
		n++;
	return n;
}

/* Multipart bodies (RFC 2046 5.1.1, used by RFC 3261 7.4 and RFC 4475
 * 3.1.1.11 mpart01). Binary-safe: every search is bounded by lengths, parts
 * may hold any octet. One level only: a part that is itself multipart stays
 * raw, so attacker-controlled nesting costs nothing. */
#include "sipref/multipart.h"

#include <stdint.h>
#include <string.h>

#include "msg/hdr_impl.h"

/* RFC 2046 5.1.1: boundary := 0*69<bchars> bcharsnospace, bchars :=
 * bcharsnospace / " ", bcharsnospace := DIGIT / ALPHA / "'" / "(" / ")" /
 * "+" / "_" / "," / "-" / "." / "/" / ":" / "=" / "?" */
static int valid_boundary(struct sip_str b)
{
	size_t i = 0;
	if (b.len < 1 || b.len > 70 || b.p[b.len - 1] == ' ')
		return 0;
#if SIP__SSE2
	/* Runs of 16 letters and digits at once (most boundaries are such);
	 * the loads stay inside the boundary. */
	while (b.len - i >= 16 && sip__alnum16(b.p + i, b.p + b.len) == 0xffffu)
		i += 16;
#endif
	for (; i < b.len; i++) {
		unsigned char ch = (unsigned char)b.p[i];
		if (!sip__is(ch, SIP__C_ALPHA | SIP__C_DIGIT) &&
		    !(ch && strchr("'()+_,-./:=? ", ch)))
			return 0;
	}
	return 1;
}

/* First occurrence of needle[0..n) in [p,end), or NULL (a bounded memmem). */
static const char *find(const char *p, const char *end, const char *needle, size_t n)
{
	while ((size_t)(end - p) >= n) {
		const char *q = memchr(p, needle[0], (size_t)(end - p) - n + 1);
		if (!q)
			return NULL;
		if (memcmp(q, needle, n) == 0)
			return q;
		p = q + 1;
	}
	return NULL;
}

#if SIP__SSE2
/* Bit i set when position p + i (i < 16) is a delimiter candidate: its
 * octet is the needle's first (CR) and the octet n - 1 on is the needle's
 * last (the boundary's last bchar), so binary content with many CRs costs a
 * compare only where both match. Reads [p, p + n - 1 + 16). */
static inline unsigned delim16(const char *p, size_t n, __m128i first, __m128i last)
{
	__m128i a = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + n - 1));
	return (unsigned)_mm_movemask_epi8(
	        _mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last)));
}

/* The first candidate p + i (bit i of m) where the needle is, or NULL. */
static const char *delim_at(const char *p, unsigned m, const char *needle, size_t n)
{
	for (; m; m &= m - 1) {
		const char *q = p + __builtin_ctz(m);
		if (memcmp(q + 1, needle + 1, n - 2) == 0)
			return q;
	}
	return NULL;
}
#endif

/* find for a delimiter (n >= 5 octets: CRLF "--" boundary), 32 then 16
 * positions per step where SSE2 is there (delim16), candidates confirmed in
 * order so that the first occurrence is found. Every load stays before end:
 * the last positions are one more step that ends at end (its last position
 * is end - n, the last where the needle fits), with the positions it
 * shares with the step before masked off. */
static const char *find_delim(const char *p, const char *end, const char *needle, size_t n)
{
#if SIP__SSE2
	const __m128i first = _mm_set1_epi8(needle[0]), last = _mm_set1_epi8(needle[n - 1]);
	const size_t w = n - 1 + 16; /* octets one step reads */
	const char *q;
	unsigned m, skip;
	if ((size_t)(end - p) < w)
		return find(p, end, needle, n);
	while ((size_t)(end - p) >= w + 16) {
		m = delim16(p, n, first, last) | delim16(p + 16, n, first, last) << 16;
		if (m && (q = delim_at(p, m, needle, n)))
			return q;
		p += 32;
	}
	if ((size_t)(end - p) >= w) {
		m = delim16(p, n, first, last);
		if (m && (q = delim_at(p, m, needle, n)))
			return q;
		p += 16;
	}
	if (end - p <= (ptrdiff_t)n - 1)
		return NULL;
	skip = (unsigned)(p - (end - w)); /* 1..15 */
	p = end - w;
	m = delim16(p, n, first, last) & (~0u << skip);
	return m ? delim_at(p, m, needle, n) : NULL;
#else
	return find(p, end, needle, n);
#endif
}

/* The CR of the CRLF that ends the line at h when no NUL, CR or LF comes
 * before it in [h, end), else NULL (the caller then finds out which error
 * it is). Sixteen octets per step where SSE2 is there, loads inside
 * [h, end). */
static const char *clean_line_end(const char *h, const char *end)
{
#if SIP__SSE2
	while (end - h >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)h);
		unsigned m = (unsigned)_mm_movemask_epi8(
		        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_setzero_si128()),
		                                  _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))),
		                     _mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))));
		if (m) {
			h += __builtin_ctz(m);
			goto found;
		}
		h += 16;
	}
#endif
	while (h < end && *h != '\0' && *h != '\r' && *h != '\n')
		h++;
#if SIP__SSE2
found:
#endif
	return end - h >= 2 && h[0] == '\r' && h[1] == '\n' ? h : NULL;
}

/* End of field-name = 1*ftext, ftext = %d33-57 / %d59-126 (RFC 5322
 * 3.6.8), from ne, at most le: the first octet at or below SP, at or above
 * DEL, or ':'. Sixteen octets per step where SSE2 is there and 16 octets
 * are readable before end (le <= end); a signed compare below 33 catches
 * both the octets <= SP and those >= 0x80. */
static const char *name_end(const char *ne, const char *le, const char *end)
{
#if SIP__SSE2
	while (ne < le && end - ne >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)ne);
		unsigned m = (unsigned)_mm_movemask_epi8(
		        _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(33)),
		                                  _mm_cmpeq_epi8(x, _mm_set1_epi8(127))),
		                     _mm_cmpeq_epi8(x, _mm_set1_epi8(':'))));
		if (m) {
			ne += __builtin_ctz(m);
			return ne < le ? ne : le;
		}
		ne += 16;
	}
	if (ne > le)
		return le;
#else
	(void)end;
#endif
	while (ne<le && * ne> 32 && *ne < 127 && *ne != ':')
		ne++;
	return ne;
}

/* [name, ne) is "Content-Type" ignoring case. The name is ftext (33..126),
 * and there an octet ORed with 0x20 equals a lower-case letter exactly when
 * it is that letter in either case, and equals '-' (0x2d) only when it is
 * '-' (the other one, 0x0d, is not ftext): two overlapping 8-octet
 * compares, as sip_str_caseeq_c would decide. */
static int is_content_type(const char *name, const char *ne)
{
	static const char ct[] = "content-type";
	const uint64_t f = 0x2020202020202020ull;
	uint64_t a, b, x, y;
	if (ne - name != 12)
		return 0;
	memcpy(&a, name, 8);
	memcpy(&b, name + 4, 8);
	memcpy(&x, ct, 8);
	memcpy(&y, ct + 4, 8);
	return (((a | f) ^ x) | ((b | f) ^ y)) == 0;
}

static int is_crlf(const char *p, const char *end)
{
	return end - p >= 2 && p[0] == '\r' && p[1] == '\n';
}

/* Records the header [name, ne) whose value is [v, ve), if Content-Type. */
static int part_header(struct sip__pctx *c, struct sip_mpart *pt, const char *name, const char *ne,
                       const char *v, const char *ve)
{
	union sip_hval hv;
	int rc;
	if (!is_content_type(name, ne))
		return 0;
	if (pt->content_type.p)
		return sip__fail(c, name, "more than one Content-Type in a body part", 400);
	/* sip__trim, inline: SP, HTAB, CR and LF off both ends. */
	while (v < ve && (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n'))
		v++;
	while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r' || ve[-1] == '\n'))
		ve--;
	pt->content_type = sip_str_make(v, (size_t)(ve - v));
	rc = sip__hdr_parse_media(c, SIP_HDR_CONTENT_TYPE, v, ve, &hv);
	if (rc)
		return rc;
	pt->ctype = hv.media;
	return 0;
}

/* body-part := MIME-part-headers [CRLF *OCTET] at [p,end): RFC 822 style
 * header fields (name ":" value CRLF, continuation lines start with SP or
 * HTAB), a blank line, then the content. */
static int part(struct sip__pctx *c, const char *p, const char *end, struct sip_mpart *pt)
{
	const char *name = NULL, *ne = NULL, *v = NULL, *h = p;
	int rc;
	pt->raw = sip_str_make(p, (size_t)(end - p));
	pt->content = sip_str_make(end, 0);
	for (;;) {
		const char *le, *q;
		if (h == end) {
			/* Headers only (or nothing): [CRLF *OCTET] is optional. */
			if (name && (rc = part_header(c, pt, name, ne, v, h - 2)))
				return rc;
			pt->headers = sip_str_make(p, (size_t)(end - p));
			return 0;
		}
		le = clean_line_end(h, end);
		if (!le) {
			/* Some error: which one, and where. */
			le = find(h, end, "\r\n", 2);
			if (!le)
				return sip__fail(
				        c, h, "body part header line not terminated by CRLF", 400);
			for (q = h; q < le; q++)
				if (*q == '\0' || *q == '\r' || *q == '\n')
					return sip__fail(c, q, "invalid octet in body part header",
					                 400);
		}
		if (le > h && (*h == ' ' || *h == '\t')) {
			/* A continuation line (folding) of the current field. */
			if (!name)
				return sip__fail(c, h, "body part header starts with whitespace",
				                 400);
			h = le + 2;
			continue;
		}
		if (name && (rc = part_header(c, pt, name, ne, v, h - 2)))
			return rc;
		if (le == h) {
			pt->headers = sip_str_make(p, (size_t)(h - p));
			pt->content = sip_str_make(le + 2, (size_t)(end - le - 2));
			return 0;
		}
		/* field-name = 1*ftext, ftext = %d33-57 / %d59-126 (RFC 5322 3.6.8) */
		name = h;
		ne = name_end(h, le, end);
		if (ne == name || ne == le || *ne != ':')
			return sip__fail(c, ne, "invalid body part header field", 400);
		v = ne + 1;
		h = le + 2;
	}
}

int sip_multipart_parse(struct sip_arena *ar, const char *body, size_t len, struct sip_str boundary,
                        unsigned flags, struct sip_multipart **out, struct sip_perr *err)
{
	struct sip__pctx c;
	struct sip_multipart *mp;
	struct sip_mpart **tail;
	char delim[2 + 2 + 70]; /* CRLF "--" boundary */
	const char *p, *end = body + len, *q;
	size_t n;
	sip__pctx_init(&c, ar, body, flags, err);
	*out = NULL;
	if (!valid_boundary(boundary))
		return sip__fail(&c, body, "invalid multipart boundary", 400);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary.p, boundary.len);
	n = 4 + boundary.len;
	mp = sip__zalloc(ar, sizeof(*mp));
	if (!mp)
		return sip__nomem(&c, body);
	mp->boundary = boundary;
	tail = &mp->parts;
	/* RFC 2046 5.1.1: multipart-body := [preamble CRLF] dash-boundary
	 * transport-padding CRLF body-part *encapsulation close-delimiter
	 * transport-padding [CRLF epilogue]. The CRLF before each delimiter
	 * belongs to the delimiter, not to the part. */
	if (len >= n - 2 && memcmp(body, delim + 2, n - 2) == 0) {
		q = body;
	} else {
		q = find(body, end, delim, n);
		if (!q)
			return sip__fail(&c, body, "no multipart boundary delimiter", 400);
		q += 2;
	}
	mp->preamble = sip_str_make(body, (size_t)(q > body ? q - 2 - body : 0));
	p = q + n - 2;
	for (;;) {
		struct sip_mpart *pt;
		int rc;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
			if (!mp->parts)
				return sip__fail(&c, p, "multipart body without a body part", 400);
			for (p += 2; p < end && (*p == ' ' || *p == '\t'); p++)
				;
			if (p < end && !is_crlf(p, end))
				return sip__fail(&c, p, "text after the multipart close delimiter",
				                 400);
			mp->epilogue = sip_str_make(p < end ? p + 2 : end,
			                            p < end ? (size_t)(end - p - 2) : 0);
			*out = mp;
			return 0;
		}
		/* transport-padding := *LWSP-char */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (!is_crlf(p, end))
			return sip__fail(&c, p, "expected CRLF after multipart boundary delimiter",
			                 400);
		p += 2;
		q = find_delim(p, end, delim, n);
		if (!q)
			return sip__fail(&c, end, "missing multipart close delimiter", 400);
		pt = sip__zalloc(ar, sizeof(*pt));
		if (!pt)
			return sip__nomem(&c, p);
		if ((rc = part(&c, p, q, pt)))
			return rc;
		*tail = pt;
		tail = &pt->next;
		mp->nparts++;
		p = q + n;
	}
}

static int same_opt(struct sip_str a, struct sip_str b)
{
	return (a.p == NULL) == (b.p == NULL) && sip_str_eq(a, b);
}

int sip_multipart_same(const struct sip_multipart *a, const struct sip_multipart *b)
{
	const struct sip_mpart *x, *y;
	if (a == b)
		return 1;
	if (!a || !b || !sip_str_eq(a->boundary, b->boundary) || a->nparts != b->nparts)
		return 0;
	for (x = a->parts, y = b->parts; x && y; x = x->next, y = y->next)
		if (!sip_str_eq(x->headers, y->headers) ||
		    !same_opt(x->content_type, y->content_type) ||
		    !sip_str_eq(x->content, y->content))
			return 0;
	return x == y;
}

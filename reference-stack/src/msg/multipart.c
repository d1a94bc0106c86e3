/* Multipart bodies (RFC 2046 5.1.1, used by RFC 3261 7.4 and RFC 4475
 * 3.1.1.11 mpart01). Binary-safe: every search is bounded by lengths, parts
 * may hold any octet. One level only: a part that is itself multipart stays
 * raw, so attacker-controlled nesting costs nothing. */
#include "sipref/multipart.h"

#include <string.h>

#include "msg/hdr_impl.h"

/* RFC 2046 5.1.1: boundary := 0*69<bchars> bcharsnospace, bchars :=
 * bcharsnospace / " ", bcharsnospace := DIGIT / ALPHA / "'" / "(" / ")" /
 * "+" / "_" / "," / "-" / "." / "/" / ":" / "=" / "?" */
static int valid_boundary(struct sip_str b)
{
	size_t i;
	if (b.len < 1 || b.len > 70 || b.p[b.len - 1] == ' ')
		return 0;
	for (i = 0; i < b.len; i++) {
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
	if (!sip_str_caseeq_c(sip_str_make(name, (size_t)(ne - name)), "Content-Type"))
		return 0;
	if (pt->content_type.p)
		return sip__fail(c, name, "more than one Content-Type in a body part", 400);
	sip__trim(&v, &ve);
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
		le = find(h, end, "\r\n", 2);
		if (!le)
			return sip__fail(c, h, "body part header line not terminated by CRLF", 400);
		for (q = h; q < le; q++)
			if (*q == '\0' || *q == '\r' || *q == '\n')
				return sip__fail(c, q, "invalid octet in body part header", 400);
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
		for (name = ne = h; ne<le && * ne> 32 && *ne < 127 && *ne != ':'; ne++)
			;
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
		q = find(p, end, delim, n);
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

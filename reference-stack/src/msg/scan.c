/* Scanning primitives of the message layer (RFC 3261 25.1). */
#include "scan.h"

#include <string.h>

const uint16_t sip__cc[256] = {
#include "cctab.inc"
};

int sip__fail(struct sip__pctx *c, const char *at, const char *reason, int status)
{
	c->err->off = (size_t)(at - c->base);
	c->err->reason = reason;
	c->err->status = status;
	return SIP_EPARSE;
}

int sip__nomem(struct sip__pctx *c, const char *at)
{
	c->err->off = (size_t)(at - c->base);
	c->err->reason = "out of memory";
	c->err->status = 500;
	return SIP_ENOMEM;
}

int sip__lenient(struct sip__pctx *c, unsigned flag)
{
	if (!(c->flags & flag))
		return 0;
	c->lenient_used |= flag;
	return 1;
}

const char *sip__lws_fold(const char *p, const char *end)
{
	for (;;) {
		/* RFC 3261 7.3.1: a line break followed by whitespace is folding. */
		if (p + 2 < end && p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t'))
			p += 3;
		else if (p + 1 < end && p[0] == '\n' && (p[1] == ' ' || p[1] == '\t'))
			p += 2;
		else
			return p;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
	}
}

const char *sip__run_esc(const char *p, const char *end, unsigned cls, const char **bad)
{
	while (p < end) {
		if (*p == '%') {
			if (end - p < 3 || !sip__is((unsigned char)p[1], SIP__C_HEX) ||
			    !sip__is((unsigned char)p[2], SIP__C_HEX)) {
				*bad = p;
				return NULL;
			}
			p += 3;
		} else if (sip__is((unsigned char)*p, cls)) {
			p++;
		} else {
			break;
		}
	}
	return p;
}

size_t sip__utf8_len(const char *p, const char *end)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t n, i;
	unsigned min;
	uint32_t cp;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

#if SIP__SSE2
/* The first octet at or after p (or end) that sip__quoted must look at: a
 * '"', a '\\', an octet below 0x20 (CR, LF, HTAB, the controls), DEL or a
 * non-ASCII octet. Every other octet is qdtext (RFC 3261 25.1: %x21 /
 * %x23-5B / %x5D-7E, or SP) that the loop would step over one at a time.
 * 16 octets per step: a signed compare below 0x20 also catches the octets
 * from 0x80 (negative as int8). With fewer than 16 left, the 16 that end at
 * end are read (the caller made sure that they are readable: the parse's
 * base lies 16 or more octets before end, as in sip__run16) and the mask is
 * shifted down to start at p. */
static inline const char *qdtext_skip(const char *p, const char *end)
{
	while (p < end) {
		unsigned s, m;
		__m128i x = sip__load16(p, end, &s), hit;
		hit = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
		                   _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
		hit = _mm_or_si128(hit, _mm_cmplt_epi8(x, _mm_set1_epi8(0x20)));
		hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f)));
		m = (unsigned)_mm_movemask_epi8(hit) >> s;
		if (m)
			return p + __builtin_ctz(m);
		p += 16 - s;
	}
	return p;
}
#endif

int sip__quoted(struct sip__pctx *c, const char **pp, const char *end, struct sip_str *out)
{
	const char *start = *pp, *p = start + 1;
#if SIP__SSE2
	int wide = end - c->base >= 16;
#endif
	while (p < end) {
		unsigned char ch;
#if SIP__SSE2
		/* The plain qdtext the loop below would step over, in blocks. */
		if (wide && (p = qdtext_skip(p, end)) >= end)
			break;
#endif
		ch = (unsigned char)*p;
		if (ch == '"') {
			out->p = start;
			out->len = (size_t)(p + 1 - start);
			*pp = p + 1;
			return 0;
		}
		if (ch == '\\') {
			/* quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F) */
			if (p + 1 >= end)
				break;
			ch = (unsigned char)p[1];
			if (ch == '\n' || ch == '\r' || ch > 0x7f)
				return sip__fail(c, p, "invalid quoted-pair in quoted-string", 400);
			p += 2;
		} else if (ch == '\r' || ch == '\n') {
			const char *q = sip__lws(p, end);
			if (q == p)
				break; /* a bare line end: the quote is unbalanced */
			p = q;
		} else if (ch < 0x80) {
			/* qdtext = LWS / %x21 / %x23-5B / %x5D-7E */
			if (ch != ' ' && ch != '\t' && (ch < 0x21 || ch == 0x7f))
				return sip__fail(c, p, "control character in quoted-string", 400);
			p++;
		} else {
			size_t n = sip__utf8_len(p, end);
			if (n == 0)
				return sip__fail(c, p, "invalid UTF-8 in quoted-string", 400);
			p += n;
		}
	}
	if (sip__lenient(c, SIP_LENIENT_UNBALANCED_QUOTE)) {
		/* RFC 4475 3.1.2.6: the element may infer the closing quote at the end. */
		out->p = start;
		out->len = (size_t)(end - start);
		*pp = end;
		return 0;
	}
	return sip__fail(c, start, "unterminated quoted-string", 400);
}

int sip__comment(struct sip__pctx *c, const char **pp, const char *end, struct sip_str *out)
{
	const char *start = *pp, *p = start + 1;
	int depth = 1;
	while (p < end) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '(') {
			depth++;
			p++;
		} else if (ch == ')') {
			p++;
			if (--depth == 0) {
				out->p = start;
				out->len = (size_t)(p - start);
				*pp = p;
				return 0;
			}
		} else if (ch == '\\') {
			if (p + 1 >= end || p[1] == '\r' || p[1] == '\n' ||
			    (unsigned char)p[1] > 0x7f)
				return sip__fail(c, p, "invalid quoted-pair in comment", 400);
			p += 2;
		} else if (ch == '\r' || ch == '\n') {
			const char *q = sip__lws(p, end);
			if (q == p)
				break;
			p = q;
		} else if (ch < 0x80) {
			if (ch != ' ' && ch != '\t' && (ch < 0x21 || ch == 0x7f))
				return sip__fail(c, p, "control character in comment", 400);
			p++;
		} else {
			size_t n = sip__utf8_len(p, end);
			if (n == 0)
				return sip__fail(c, p, "invalid UTF-8 in comment", 400);
			p += n;
		}
	}
	return sip__fail(c, start, "unterminated comment", 400);
}

struct sip_param *sip__param_add(struct sip__pctx *c, struct sip_param ***tail)
{
	return sip__param_new(c->ar, tail);
}

int sip__generic_param_semi(struct sip__pctx *c, const char **pp, const char *end,
                            struct sip_param ***tail, struct sip_param **out)
{
	return sip__generic_param_in(c, pp, end, tail, out);
}

int sip__generic_params(struct sip__pctx *c, const char **pp, const char *end,
                        struct sip_param **out)
{
	struct sip_param **tail = out, *prm;
	const char *p = *pp;
	int rc;
	while (*tail)
		tail = &(*tail)->next;
	while ((rc = sip__generic_param(c, &p, end, &tail, &prm)) > 0)
		;
	if (rc == 0)
		*pp = p; /* on an error *pp stays where it was */
	return rc;
}

int sip__ipv4(const char *p, const char *end, uint8_t out[4])
{
	/* Unrolled by hand (it runs for every numeric host): part, then
	 * "." part three times, then the end. */
	if (!(p = sip__ipv4_part(p, end, &out[0])))
		return -1;
	if (p >= end || *p != '.' || !(p = sip__ipv4_part(p + 1, end, &out[1])))
		return -1;
	if (p >= end || *p != '.' || !(p = sip__ipv4_part(p + 1, end, &out[2])))
		return -1;
	if (p >= end || *p != '.' || !(p = sip__ipv4_part(p + 1, end, &out[3])))
		return -1;
	return p == end ? 0 : -1;
}

/* The value of a hex digit (RFC 3261 25.1 HEXDIG, either case), 0xff for
 * every other octet: one load per digit where an IPv6 group is read. */
/* clang-format off */
static const uint8_t hex_value[256] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};
/* clang-format on */

/* IPv6address per RFC 4291 2.2 (the RFC 5118 4.10 correction of the RFC
 * 3261 grammar): up to 8 hex groups of 1-4 digits, one "::", an optional
 * trailing dotted quad. The RFC 3261 ABNF also admits ":::" before the dotted
 * quad; that form is reported through *three_colon.
 *
 * One pass: each group is read as 1 to 4 hex digits, unrolled, its value
 * accumulated on the way (hex_value). A group that ends at '.' is the start
 * of the dotted quad: the only group that may hold a '.', and one whose
 * other octets are all digits, so no earlier ':' or '.' lies between the
 * group's start and that '.'. A fifth hex digit is refused whatever follows
 * (too long for a group, and a dotted quad's parts have at most 3 digits).
 * Groups are stored in network order as they are read, those after the
 * "::" moved up once at the end; *out is written only on success. */
int sip__ipv6(const char *p, const char *end, uint8_t out[16], int *three_colon)
{
	uint8_t g[16] = {0};
	int n = 0, gap = -1;
	*three_colon = 0;
	if (p < end && *p == ':') {
		if (end - p < 2 || p[1] != ':')
			return -1;
		gap = 0;
		p += 2;
		if (p < end && *p == ':') {
			*three_colon = 1;
			p++;
		}
	}
	while (p < end) {
		const char *s = p;
		unsigned v, d;
		/* h16 = 1*4HEXDIG; p < end here. */
		if ((v = hex_value[(unsigned char)*p]) > 15)
			return -1;
		if (++p < end && (d = hex_value[(unsigned char)*p]) < 16) {
			v = v << 4 | d;
			if (++p < end && (d = hex_value[(unsigned char)*p]) < 16) {
				v = v << 4 | d;
				if (++p < end && (d = hex_value[(unsigned char)*p]) < 16) {
					v = v << 4 | d;
					if (++p < end && hex_value[(unsigned char)*p] < 16)
						return -1; /* a fifth digit */
				}
			}
		}
		if (p == end) {
			if (n >= 8)
				return -1;
			g[2 * n] = (uint8_t)(v >> 8);
			g[2 * n + 1] = (uint8_t)v;
			n++;
			break;
		}
		if (*p == '.') {
			/* A dotted quad ends the address (RFC 4291 2.2 form 3). */
			if (n > 6 || sip__ipv4(s, end, g + 2 * n) != 0)
				return -1;
			n += 2;
			break;
		}
		if (*p != ':' || n >= 8)
			return -1;
		g[2 * n] = (uint8_t)(v >> 8);
		g[2 * n + 1] = (uint8_t)v;
		n++;
		p++;
		if (p < end && *p == ':') {
			if (gap >= 0)
				return -1;
			gap = n;
			p++;
			if (p < end && *p == ':') {
				*three_colon = 1;
				p++;
			}
			if (p == end)
				break;
		} else if (p == end) {
			return -1; /* trailing single colon */
		}
	}
	if (gap < 0 ? n != 8 : n > 7)
		return -1;
	if (gap >= 0) {
		/* The groups after "::" move to the end; the ones they leave,
		 * and those between, are zero. Top down, each destination lies
		 * above its source, so no group is overwritten before it moves. */
		int z = 2 * (8 - n), i;
		for (i = 2 * (n - 1); i >= 2 * gap; i -= 2) {
			memcpy(g + i + z, g + i, 2);
			memset(g + i, 0, 2);
		}
	}
	memcpy(out, g, 16);
	return 0;
}

int sip__host(struct sip__pctx *c, const char **pp, const char *end, struct sip_host *out)
{
	const char *p = *pp, *q = p, *top = p;
	int ok = 1;
	/* Every field is set here (no zero-fill of the whole struct): the
	 * address is all zero unless an IPv4/IPv6 address is decoded into it,
	 * because comparisons memcmp all 16 octets. */
	out->type = SIP_HOST_NONE;
	out->text = sip_str_make(NULL, 0);
	memset(out->addr, 0, sizeof(out->addr));
	if (p < end && *p == '[') {
		int three = 0;
		q = memchr(p + 1, ']', (size_t)(end - p - 1));
		if (!q)
			return sip__fail(c, p, "unterminated IPv6 reference", 400);
		if (sip__ipv6(p + 1, q, out->addr, &three) != 0)
			return sip__fail(c, p, "invalid IPv6 address", 400);
		if (three && !sip__lenient(c, SIP_LENIENT_IPV6_3COLON))
			return sip__fail(c, p, "IPv6 address with ':::' (RFC 5118 4.10)", 400);
		out->type = SIP_HOST_IPV6;
		out->text = sip_str_make(p, (size_t)(q + 1 - p));
		*pp = q + 1;
		return 0;
	}
	/* One pass over the run of host characters (alphanum / "-" / "."), a
	 * label at a time, checking the hostname rule on the way (RFC 3261
	 * 25.1): hostname = *( domainlabel "." ) toplabel [ "." ]; labels are
	 * not empty and do not start or end with '-'; the top label (the last
	 * non-empty one) starts with a letter. */
	for (;;) {
		const char *ls = q;
		q = sip__run(q, end, SIP__C_LABEL);
		if (q == ls) {
			if (q < end && *q == '.') {
				ok = 0; /* an empty label: ".a", "a..b", "a.." */
				q++;
				continue;
			}
			break;
		}
		if (*ls == '-' || q[-1] == '-')
			ok = 0;
		top = ls;
		if (q >= end || *q != '.')
			break;
		q++;
	}
	if (q == p)
		return sip__fail(c, p, "expected a host", 400);
	out->text = sip_str_make(p, (size_t)(q - p));
	/* A valid hostname's top label starts with a letter, so it is never a
	 * dotted quad: only a run that is not a hostname can be IPv4. */
	if (ok && sip__is((unsigned char)*top, SIP__C_ALPHA))
		out->type = SIP_HOST_NAME;
	else if (sip__ipv4(p, q, out->addr) == 0)
		out->type = SIP_HOST_IPV4;
	else
		return sip__fail(c, p, "invalid host name or IPv4 address", 400);
	*pp = q;
	return 0;
}

int sip__uint_slow(struct sip__pctx *c, const char **pp, const char *end, uint64_t max,
                   uint64_t *out, const char *overflow_reason)
{
	const char *p = *pp, *lim;
	uint64_t v = 0;
	if (p >= end || *p < '0' || *p > '9')
		return sip__fail(c, p, "expected a number", 400);
	/* 19 decimal digits always fit in 64 bits: accumulate without a
	 * per-digit overflow test, then compare with max once. The value only
	 * grows with each digit, so this equals testing every prefix. */
	lim = end - p > 19 ? p + 19 : end;
	while (p < lim && *p >= '0' && *p <= '9')
		v = v * 10 + (unsigned)(*p++ - '0');
	if (v > max)
		return sip__fail(c, *pp, overflow_reason, 400);
	/* Longer runs (leading zeros, or overflow): the careful loop. */
	while (p < end && *p >= '0' && *p <= '9') {
		unsigned d = (unsigned)(*p - '0');
		if (d > max || v > (max - d) / 10)
			return sip__fail(c, *pp, overflow_reason, 400);
		v = v * 10 + d;
		p++;
	}
	*out = v;
	*pp = p;
	return 0;
}

void sip__trim(const char **p, const char **end)
{
	while (*p < *end && (**p == ' ' || **p == '\t' || **p == '\r' || **p == '\n'))
		(*p)++;
	while (*end > *p && ((*end)[-1] == ' ' || (*end)[-1] == '\t' || (*end)[-1] == '\r' ||
	                     (*end)[-1] == '\n'))
		(*end)--;
}

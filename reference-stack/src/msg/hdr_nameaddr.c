/* The name-addr family: From (RFC 3261 20.20), To (20.39), Contact (20.10),
 * Route (20.34), Record-Route (20.30), Reply-To (20.31).
 *
 *   name-addr    = [ display-name ] LAQUOT addr-spec RAQUOT
 *   display-name = *(token LWS) / quoted-string
 *
 * RFC 3261 20.10: in the addr-spec form (no <>) the URI cannot carry
 * parameters or headers: whatever follows a ';' belongs to the header, and a
 * URI containing ',', '?' or ';' MUST be enclosed in <>. */
#include <string.h>

#include "hdr_impl.h"

/* Per-header reasons, so an error names its header (hdr_impl.h contract). */
#define NA_R(msg)                                                                               \
	{                                                                                       \
		"From: " msg, "To: " msg, "Contact: " msg, "Route: " msg, "Record-Route: " msg, \
		        "Reply-To: " msg                                                        \
	}
enum { K_FROM, K_TO, K_CONTACT, K_ROUTE, K_RR, K_REPLY };

static const char *const r_laquot[] = NA_R("expected '<' after the display name");
static const char *const r_raquot[] = NA_R("expected '>' after the URI");
static const char *const r_ws[] = NA_R("whitespace inside <> around the URI");
static const char *const r_dn[] = NA_R("unquoted display name with non-token characters");
static const char *const r_qmark[] = NA_R("URI with '?' must be enclosed in <>");
static const char *const r_naddr[] = NA_R("name-addr (<URI>) required");
static const char *const r_after[] = NA_R("expected ';' or end after the address");
static const char *const r_list[] = NA_R("only one value allowed (no ',')");
static const char *const r_empty[] = NA_R("expected an address");
static const char *const r_addr[] = NA_R("expected scheme:URI or <URI>");
static const char *const r_tag[] = NA_R("tag needs a token value");
static const char *const r_q[] = NA_R("q is not a qvalue");
static const char *const r_exp[] = NA_R("expires is not delta-seconds");

static int kind_of(enum sip_hdr_id id)
{
	switch (id) {
	case SIP_HDR_FROM:
		return K_FROM;
	case SIP_HDR_TO:
		return K_TO;
	case SIP_HDR_CONTACT:
		return K_CONTACT;
	case SIP_HDR_ROUTE:
		return K_ROUTE;
	case SIP_HDR_RECORD_ROUTE:
		return K_RR;
	default:
		return K_REPLY;
	}
}

/* Parses [u,ue) as the URI inside our parse, so its error offset is
 * relative to our base and the leniencies it uses are recorded with ours. */
static int uri(struct sip__pctx *c, const char *u, const char *ue, struct sip_uri *out)
{
	return sip__uri_parse(c, u, ue, out);
}

/* The usual name-addr in one pass: the URI parsed from just after the '<'
 * up to where it ends, which must be the RAQUOT ('>' is in no URI grammar,
 * so it is the first '>' and the URI is exactly what the two-step parse
 * reads). 0 with *ue at the '>'; 1 when the value is anything else, with
 * every trace of the attempt undone (error, leniencies used, arena space)
 * so that the careful path decides alone, errors and their order included. */
static int uri_fast(struct sip__pctx *c, const char *u, const char *end, struct sip_uri *out,
                    const char **ue)
{
	struct sip_perr e = *c->err;
	unsigned used = c->lenient_used;
	struct sip__chunk *head = c->ar->head;
	char *cur = c->ar->cur;
	if (sip__uri_parse_span(c, u, end, out, ue) == 0 && *ue < end && **ue == '>')
		return 0;
	*c->err = e;
	c->lenient_used = used;
	if (c->ar->head == head)
		c->ar->cur = cur;
	return 1;
}

/* The user of an addr-spec without <> in the usual shapes: user characters
 * (RFC 3261 25.1 user = 1*( unreserved / escaped / user-unreserved )) other
 * than ',', ';' and '?', where addr_spec_end would end the URI (RFC 3261
 * 20.10), and without escapes. Returns where the run stops. */
static inline const char *addr_user(const char *p, const char *end)
{
	for (;;) {
		p = sip__run(p, end, SIP__C_UNRESERVED);
		/* The usual stop, the '@', is no user character: one test. */
		if (p >= end || !sip__is((unsigned char)*p, SIP__C_USER) || *p == ',' ||
		    *p == ';' || *p == '?')
			return p;
		p++;
	}
}

/* The rest of na_fast's user from an escape at p: escapes (RFC 3261 25.1
 * escaped = "%" HEXDIG HEXDIG) and the runs after them, as parse_sip's
 * esc_run reads them (addr_user's characters for an addr-spec). Returns
 * where the run stops; NULL at a malformed escape, whose error address()
 * reports. Apart: escaped users are rare (RFC 4475 escnull). */
static __attribute__((noinline)) const char *user_esc(const char *p, const char *end, int angle)
{
	while (p < end && *p == '%') {
		if (end - p < 3 || !sip__is((unsigned char)p[1], SIP__C_HEX) ||
		    !sip__is((unsigned char)p[2], SIP__C_HEX))
			return NULL;
		p += 3;
		p = angle ? sip__run(p, end, SIP__C_USER) : addr_user(p, end);
	}
	return p;
}

/* A display name that is a quoted-string of plain qdtext (RFC 3261 25.1:
 * SP, %x21, %x23-5B, %x5D-7E), which sip__quoted reads to the same closing
 * quote: returns the end past that quote, or NULL for any other octet (no
 * error: address() reads those). Apart: most display names are tokens. */
static __attribute__((noinline)) const char *plain_quoted(const char *p, const char *end)
{
	for (p++; p < end && (unsigned char)(*p - 0x20) < 0x5f && *p != '"' && *p != '\\'; p++)
		;
	return p < end && *p == '"' ? p + 1 : NULL;
}

/* na_fast's IPv6reference (RFC 5118) before the '>' of a name-addr:
 * parse_sip's host rule is sip__host here, with its leniency. Returns the
 * end of the host (at the '>'); NULL, with the traces of sip__host undone,
 * when it fails or no '>' follows, so that address() decides. Apart, so
 * that the usual hosts do not pay for its registers. */
static __attribute__((noinline)) const char *na_ipv6(struct sip__pctx *c, const char *h,
                                                     const char *end, struct sip_host *out)
{
	struct sip_perr e = *c->err;
	unsigned used = c->lenient_used;
	if (sip__host(c, &h, end, out) != 0 || h >= end || *h != '>') {
		*c->err = e;
		c->lenient_used = used;
		return NULL;
	}
	return h;
}

/* The usual name-addr and addr-spec in one pass, with nothing to undo when
 * the value is neither:
 *   [ token SP / quoted-string [ SP ] ] "<" "sip:" user "@" host ">"
 *                                                 (name-addr)
 *   "sip:" user "@" host                          (addr-spec, not Route/RR)
 * user a run of user characters and escapes (RFC 3261 25.1), host a name of
 * letter/digit labels whose top label starts with a letter, a dotted quad
 * or, in a name-addr, an IPv6reference (na_ipv6). On those octets address()
 * reads the same display name (its one token fast case, or sip__quoted to
 * the same quote, see plain_quoted; none before an addr-spec, whose token
 * run stops at the scheme's ':') and parse_sip the same user (the user
 * characters end at the '@', which no other component has) and host
 * (sip__host_fast, sip__host_quad for a digit, sip__host for a '[').
 * In the name-addr the '>' leaves no port,
 * params or headers: the URI is [u, '>'). In the addr-spec the user has no
 * ',', ';' or '?' (addr_user) and host characters are none of the octets
 * addr_spec_end stops at, so it stops right after the host exactly when one
 * of them other than '?' (the regbadct leniency) follows, or at end: the
 * URI is [u, host end), and address() returns there. Returns the end (past
 * the '>' of a name-addr) with the display name, angle and URI set as
 * address() sets them; NULL otherwise, with nothing of na the general path
 * reads written (it sets the URI whole), so that address() decides alone.
 * No error or allocation either way; a leniency only where the general
 * path would record it too (an IPv6 host with ':::', read by the same
 * sip__host). */
static const char *na_fast(struct sip__pctx *c, int k, const char *p, const char *end,
                           struct sip_nameaddr *na)
{
	const char *ds = p, *de = p, *u, *ue, *h, *he, *top;
	struct sip_uri *o = &na->uri;
	uint32_t w, fold, lit;
	int angle = 1;
	if (end - p < 5)
		return NULL;
	memcpy(&lit, "sip:", 4);
	memcpy(&fold, "\x20\x20\x20\x00", 4); /* uri_parse's scheme test */
	memcpy(&w, p, 4);
	if ((w | fold) == lit) {
		/* RFC 3261 20.34, 20.30: Route and Record-Route take name-addr
		 * only; address() reports the addr-spec. */
		if (k == K_ROUTE || k == K_RR)
			return NULL;
		angle = 0;
		u = p;
		ue = addr_user(u + 4, end);
	} else {
		if (*p == '"') {
			if (!(de = plain_quoted(p, end)))
				return NULL;
			/* "<" or SP "<": what sip__lws skips there. */
			p = de;
			if (p < end && *p == ' ')
				p++;
			if (p >= end || *p != '<')
				return NULL;
		} else if (*p != '<') {
			de = sip__run(p, end, SIP__C_TOKEN);
			if (de == p || end - de < 2 || de[0] != ' ' || de[1] != '<')
				return NULL;
			p = de + 1;
		}
		/* p at the '<'; "sip:" in any case as uri_parse tests it. */
		u = p + 1;
		if (end - u < 5 || (memcpy(&w, u, 4), (w | fold) != lit))
			return NULL;
		ue = sip__run(u + 4, end, SIP__C_USER);
	}
	if (ue < end && *ue == '%' && !(ue = user_esc(ue, end, angle)))
		return NULL;
	if (ue == u + 4 || ue >= end || *ue != '@')
		return NULL;
	h = he = ue + 1;
	if (h < end && (unsigned char)(*h - '0') <= 9) {
		if (sip__host_quad(&he, end, &o->host))
			return NULL;
	} else if ((he = sip__host_labels32(c->base, h, end, &top)) != NULL) {
		if (!sip__is((unsigned char)*top, SIP__C_ALPHA))
			return NULL;
		o->host.type = SIP_HOST_NAME;
		o->host.text = sip_str_make(h, (size_t)(he - h));
		memset(o->host.addr, 0, sizeof(o->host.addr));
	} else if (!angle || h >= end || *h != '[' || !(he = na_ipv6(c, h, end, &o->host))) {
		return NULL;
	}
	if (angle) {
		if (he >= end || *he != '>')
			return NULL;
	} else if (he < end && *he != ';' && *he != ',' && *he != ' ' && *he != '\t' &&
	           *he != '\r' && *he != '\n') {
		return NULL;
	}
	o->scheme = SIP_URI_SIP;
	o->raw = sip_str_make(u, (size_t)(he - u));
	o->scheme_str = sip_str_make(u, 3);
	o->user = sip_str_make(u + 4, (size_t)(ue - (u + 4)));
	o->password = sip_str_make(NULL, 0);
	o->has_user = 1;
	o->has_password = o->has_port = 0;
	o->port = 0;
	o->params = o->headers = NULL;
	o->opaque = sip_str_make(NULL, 0);
	if (de > ds)
		na->display = sip_str_make(ds, (size_t)(de - ds));
	na->angle = (unsigned char)angle;
	return he + angle;
}

/* quotbal (RFC 4475 3.1.2.6) under SIP_LENIENT_UNBALANCED_QUOTE: the closing
 * quote is inferred before the last '<' of the value. The display name is
 * rebuilt with its quote, so that printing it yields strict text; when the
 * rebuilt string is not a valid quoted-string either, nothing is inferred.
 * 0, 1 (cannot infer) or SIP_ENOMEM. */
static int infer_quote(struct sip__pctx *c, const char *start, const char *end, struct sip_str *dn,
                       const char **lt)
{
	const char *q = end, *de, *sp;
	struct sip_perr e;
	struct sip__pctx tmp;
	struct sip_str chk;
	char *s;
	size_t n;
	while (q > start && q[-1] != '<')
		q--;
	if (q == start)
		return 1;
	de = q - 1;
	while (de > start + 1 && (de[-1] == ' ' || de[-1] == '\t'))
		de--;
	n = (size_t)(de - start);
	s = sip_arena_alloc(c->ar, n + 1);
	if (!s)
		return sip__nomem(c, start);
	memcpy(s, start, n);
	s[n] = '"';
	sip__pctx_init(&tmp, c->ar, s, 0, &e);
	sp = s;
	if (sip__quoted(&tmp, &sp, s + n + 1, &chk) != 0 || sp != s + n + 1)
		return 1;
	*dn = sip_str_make(s, n + 1);
	*lt = q - 1;
	return 0;
}

/* display-name when it is not a quoted-string: *(token LWS) up to the '<'.
 * te is the end of the token run at *pp, already read by the caller. On
 * return *pp is at the '<'. */
static int token_display(struct sip__pctx *c, int k, const char **pp, const char *end,
                         const char *te, struct sip_str *dn)
{
	const char *p = *pp, *ds = p, *de = p;
	while (te != p) {
		de = te;
		p = sip__lws(te, end);
		if (p == te)
			break; /* LAQUOT = SWS "<": "caller<sip:..." is fine (lwsdisp) */
		te = sip__run(p, end, SIP__C_TOKEN);
	}
	if (p >= end || *p != '<') {
		/* RFC 4475 3.1.2.15 baddn: "Bell, Alexander <sip:...>". Only where
		 * the header has one value, so that ',' cannot start a new one. */
		const char *q = p;
		while (q < end && *q != '<' && *q != '"' && *q != '\r' && *q != '\n')
			q++;
		if (q >= end)
			return sip__fail(c, ds, r_addr[k], 400);
		if (*q != '<' || k == K_CONTACT || k == K_ROUTE || k == K_RR ||
		    !sip__lenient(c, SIP_LENIENT_UNQUOTED_DN))
			return sip__fail(c, p, r_dn[k], 400);
		de = q;
		while (de > ds && (de[-1] == ' ' || de[-1] == '\t'))
			de--;
		p = q;
	}
	if (de > ds)
		*dn = sip_str_make(ds, (size_t)(de - ds));
	*pp = p;
	return 0;
}

/* Where an addr-spec's URI stops (RFC 3261 20.10: a URI without <> ends
 * before the header params, and the header's ',' or whitespace): the first
 * ',', ';', '?', SP, HTAB, CR or LF at or after p, or end. With SSE2, 16
 * octets per step, each compared with the seven stop characters; with
 * fewer than 16 left, the 16 that end at end are read (lo is the start of
 * the readable object, the parse's base, as in sip__run16) and the mask is
 * shifted down to start at p. */
static inline const char *addr_spec_end(const char *lo, const char *p, const char *end)
{
#if SIP__SSE2
	if (end - lo >= 16) {
		while (p < end) {
			unsigned s, m;
			__m128i x = sip__load16(p, end, &s), hit;
			hit = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(',')),
			                   _mm_cmpeq_epi8(x, _mm_set1_epi8(';')));
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('?')));
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('\t')));
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('\r')));
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('\n')));
			m = (unsigned)_mm_movemask_epi8(hit) >> s;
			if (m)
				return p + __builtin_ctz(m);
			p += 16 - s;
		}
		return p;
	}
#else
	(void)lo;
#endif
	while (p < end && *p != ',' && *p != ';' && *p != '?' && *p != ' ' && *p != '\t' &&
	       *p != '\r' && *p != '\n')
		p++;
	return p;
}

/* One (name-addr / addr-spec) up to its header params. Not inlined: it is
 * the path of the unusual values (na_fast reads the usual ones), and inlined
 * its registers and stack frame burden the loop of sip__hdr_parse_na. */
static __attribute__((noinline)) int address(struct sip__pctx *c, int k, const char **pp,
                                             const char *end, struct sip_nameaddr *na)
{
	const char *p = *pp, *u, *ue;
	int rc;
	if (p >= end)
		return sip__fail(c, p, r_empty[k], 400);
	if (*p == '"') {
		unsigned save = c->flags;
		c->flags &= ~(unsigned)SIP_LENIENT_UNBALANCED_QUOTE;
		rc = sip__quoted(c, &p, end, &na->display);
		c->flags = save;
		if (rc) {
			/* sip__quoted reports an unterminated string at its start;
			 * every other error lies inside it. */
			if (c->err->off != (size_t)(p - c->base) ||
			    !sip__lenient(c, SIP_LENIENT_UNBALANCED_QUOTE))
				return rc;
			rc = infer_quote(c, p, end, &na->display, &p);
			if (rc == 1)
				return sip__fail(c, p, "unterminated quoted-string", 400);
			if (rc)
				return rc;
		}
		p = sip__lws(p, end);
		if (p >= end || *p != '<')
			return sip__fail(c, p, r_laquot[k], 400);
	} else if (*p != '<') {
		const char *q = sip__run(p, end, SIP__C_TOKEN);
		if (q != p && end - q >= 2 && q[0] == ' ' && q[1] == '<') {
			/* The usual display name, one token, SP, then the '<':
			 * what token_display reads from these octets. */
			na->display = sip_str_make(p, (size_t)(q - p));
			p = q + 1;
		} else if (q == p || q >= end || *q != ':') {
			rc = token_display(c, k, &p, end, q, &na->display);
			if (rc)
				return rc;
		}
	}
	if (p < end && *p == '<') {
		/* name-addr: the URI is everything up to the RAQUOT; '>' is in no
		 * URI grammar, escaped or not. */
		na->angle = 1;
		u = p + 1;
		if (uri_fast(c, u, end, &na->uri, &ue) == 0) {
			*pp = ue + 1;
			return 0;
		}
		ue = memchr(u, '>', (size_t)(end - u));
		if (!ue)
			return sip__fail(c, p, r_raquot[k], 400);
		p = ue + 1;
		if (u < ue &&
		    (sip__lws(u, ue) != u || ue[-1] == ' ' || ue[-1] == '\t' || ue[-1] == '\n')) {
			/* RFC 4475 3.1.2.14 badaspec: "< sip:t.watson@example.org >" */
			if (!sip__lenient(c, SIP_LENIENT_ADDR_SPEC_WS))
				return sip__fail(c, u, r_ws[k], 400);
			sip__trim(&u, &ue);
		}
	} else {
		if (k == K_ROUTE || k == K_RR)
			return sip__fail(c, p, r_naddr[k], 400);
		/* addr-spec: the URI stops at the first ',', ';', '?' or LWS. */
		u = p;
		p = addr_spec_end(c->base, p, end);
		if (p < end && *p == '?') {
			/* RFC 4475 3.1.2.13 regbadct: infer the <> around the headers. */
			if (!sip__lenient(c, SIP_LENIENT_CONTACT_NO_LTGT))
				return sip__fail(c, p, r_qmark[k], 400);
			while (p < end && *p != ',' && *p != ';' && *p != ' ' && *p != '\t' &&
			       *p != '\r' && *p != '\n')
				p++;
			na->angle = 1;
		}
		ue = p;
	}
	rc = uri(c, u, ue, &na->uri);
	if (rc)
		return rc;
	*pp = p;
	return 0;
}

/* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) */
static int is_qvalue(struct sip_str v)
{
	size_t i;
	if (v.len == 0 || v.len > 5 || (v.p[0] != '0' && v.p[0] != '1'))
		return 0;
	if (v.len == 1)
		return 1;
	if (v.p[1] != '.')
		return 0;
	for (i = 2; i < v.len; i++)
		if (v.p[i] < '0' || v.p[i] > (v.p[0] == '1' ? '0' : '9'))
			return 0;
	return 1;
}

/* is_token for a param value that sip__generic_param_in read: it is a
 * token run (never empty), a quoted-string or a bracketed host, and only the
 * token run starts with a token character; no value is the empty string. */
static int is_token_value(struct sip_str v)
{
	return v.len && v.p[0] != '"' && v.p[0] != '[';
}

/* tag-param = "tag" EQUAL token (From, To); c-p-q, c-p-expires (Contact).
 * Checks one param as it is read; the tag is kept. Returns the reason when
 * the param is malformed, else NULL. */
static const char *check_param(int k, struct sip_nameaddr *na, const struct sip_param *prm)
{
	switch (prm->name.len) {
	case 3:
		if (SIP__CASEEQ_LOWER(prm->name, "tag")) {
			if ((k == K_FROM || k == K_TO) && !is_token_value(prm->value))
				return r_tag[k];
			if (!na->tag.p)
				na->tag = prm->value;
		}
		break;
	case 1:
		if (k == K_CONTACT && SIP__CASEEQ_LOWER(prm->name, "q") && !is_qvalue(prm->value))
			return r_q[k];
		break;
	case 7:
		if (k == K_CONTACT && SIP__CASEEQ_LOWER(prm->name, "expires")) {
			/* delta-seconds; any size (RFC 3261 10.2.1.1 caps it at
			 * 2**32-1 for the registrar, not the parser). */
			const char *v = prm->value.p, *ve = v ? v + prm->value.len : v;
			if (v == ve || sip__run(v, ve, SIP__C_DIGIT) != ve)
				return r_exp[k];
		}
		break;
	}
	return NULL;
}

/* *( SEMI generic-param ), each checked as it is read. A syntax error
 * anywhere in the list comes first; then the first malformed well-known
 * param, at its name. */
static int params(struct sip__pctx *c, int k, const char **pp, const char *end,
                  struct sip_nameaddr *na)
{
	struct sip_param **tail = &na->params, *prm = NULL;
	const char *bad_at = NULL, *bad = NULL;
	int rc;
	while ((rc = sip__generic_param_in(c, pp, end, &tail, &prm)) > 0) {
		const char *r = check_param(k, na, prm);
		if (r && !bad) {
			bad = r;
			bad_at = prm->name.p;
		}
	}
	if (rc)
		return rc;
	if (bad)
		return sip__fail(c, bad_at, bad, 400);
	return 0;
}

/* The usual params of a From or To: one tag that ends the value, SEMI "tag"
 * EQUAL token (RFC 3261 20.20, 20.39) without whitespace. On those octets
 * params() adds the one param and keeps its value as the tag (a token is
 * a good tag in every header). 0 with *pp at end; 1, having done nothing,
 * for anything else; SIP_ENOMEM where params() would report it. */
static int tag_fast(struct sip__pctx *c, const char **pp, const char *end, struct sip_nameaddr *na)
{
	const char *p = *pp, *v = p + 5, *ve;
	struct sip_param **tail = &na->params, *prm;
	if (end - p < 6 || memcmp(p, ";tag=", 5) != 0)
		return 1;
	ve = sip__run(v, end, SIP__C_TOKEN);
	if (ve != end || ve == v)
		return 1;
	prm = sip__param_new(c->ar, &tail);
	if (!prm)
		return sip__nomem(c, p + 1);
	prm->name = sip_str_make(p + 1, 3);
	prm->value = sip_str_make(v, (size_t)(ve - v));
	prm->has_value = 1;
	na->tag = prm->value;
	*pp = end;
	return 0;
}

int sip__hdr_parse_na(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                      union sip_hval *out)
{
	struct sip_nameaddr *head = NULL, **tail = &head;
	int k = kind_of(id);
	out->any = NULL;
	if (k == K_CONTACT && end - p == 1 && *p == '*') {
		/* Contact: STAR (RFC 3261 10.2.2, 20.10) */
		struct sip_nameaddr *na = sip__zalloc(c->ar, sizeof(*na));
		if (!na)
			return sip__nomem(c, p);
		na->star = 1;
		out->na = na;
		return 0;
	}
	for (;;) {
		struct sip_nameaddr *na = sip__alloc(c->ar, sizeof(*na));
		const char *q;
		int rc;
		if (!na)
			return sip__nomem(c, p);
		/* Every field but the URI set here (no zero-fill of the node);
		 * the URI parse sets all of the URI's. */
		na->display = sip_str_make(NULL, 0);
		na->angle = na->star = 0;
		na->params = NULL;
		na->tag = sip_str_make(NULL, 0);
		na->next = NULL;
		q = na_fast(c, k, p, end, na);
		if (q) {
			p = q;
		} else if ((rc = address(c, k, &p, end, na)) != 0) {
			return rc;
		}
		/* At the end of the value (an address without params, the
		 * usual To and Contact) params() would find no SEMI. */
		if (p != end) {
			rc = tag_fast(c, &p, end, na);
			if (rc == 1)
				rc = params(c, k, &p, end, na);
			if (rc)
				return rc;
		}
		*tail = na;
		tail = &na->next;
		p = sip__lws(p, end);
		if (p == end)
			break;
		if (*p != ',')
			return sip__fail(c, p, r_after[k], 400);
		/* RFC 3261 7.3.1: only headers whose grammar is a comma list may
		 * carry several values on one line (RFC 4475 3.3.8 multi01). */
		if (k != K_CONTACT && k != K_ROUTE && k != K_RR)
			return sip__fail(c, p, r_list[k], 400);
		sip__sep(&p, end, ',');
	}
	out->na = head;
	return 0;
}

void sip__hdr_print_na(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	const struct sip_nameaddr *x;
	(void)id;
	for (x = v.na; x; x = x->next) {
		if (x != v.na)
			sip_buf_put(b, ", ", 2);
		if (x->star) {
			sip_buf_putc(b, '*');
			continue;
		}
		if (x->display.len) {
			sip_buf_putstr(b, x->display);
			sip_buf_putc(b, ' ');
		}
		if (x->angle)
			sip_buf_putc(b, '<');
		sip_uri_print(b, &x->uri);
		if (x->angle)
			sip_buf_putc(b, '>');
		sip__print_params(b, x->params);
	}
}

static int same_one(const struct sip_nameaddr *a, const struct sip_nameaddr *b)
{
	if (a->star || b->star)
		return a->star == b->star;
	return sip_str_eq(a->display, b->display) && a->angle == b->angle &&
	       sip_uri_same(&a->uri, &b->uri) && sip__same_params(a->params, b->params) &&
	       !a->tag.p == !b->tag.p && sip_str_eq(a->tag, b->tag);
}

int sip__hdr_same_na(union sip_hval a, union sip_hval b)
{
	const struct sip_nameaddr *x = a.na, *y = b.na;
	for (; x && y; x = x->next, y = y->next)
		if (!same_one(x, y))
			return 0;
	return !x && !y;
}

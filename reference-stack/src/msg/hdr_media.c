/* Media types: Content-Type (20.15, exactly one media-type) and Accept (20.1,
 * a possibly empty list of media-ranges with accept-params). */
#include "hdr_impl.h"

/* RFC 3261 25.1: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) */
static int qvalue_ok(struct sip_str v)
{
	size_t i;
	if (v.len == 0 || (v.p[0] != '0' && v.p[0] != '1'))
		return 0;
	if (v.len == 1)
		return 1;
	if (v.p[1] != '.' || v.len > 5)
		return 0;
	for (i = 2; i < v.len; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return 0;
		if (v.p[0] == '1' && v.p[i] != '0')
			return 0;
	}
	return 1;
}

int sip__check_qvalues(struct sip__pctx *c, const struct sip_param *p)
{
	/* RFC 3261 25.1: accept-param = ("q" EQUAL qvalue) / generic-param; a "q"
	 * that is not a qvalue matches neither. */
	for (; p; p = p->next)
		if (SIP__CASEEQ_LIT(p->name, "q") && (!p->has_value || !qvalue_ok(p->value)))
			return sip__fail(c, p->name.p, "accept-param: q is not a qvalue (0 to 1)",
			                 400);
	return 0;
}

/* RFC 3261 25.1: m-parameter = m-attribute EQUAL m-value,
 * m-value = token / quoted-string. generic-param also admits a missing value
 * and an IPv6 reference; neither is an m-value. */
static int check_m_params(struct sip__pctx *c, const struct sip_param *p, int accept)
{
	/* In Accept the m-parameters run into the accept-params, and
	 * accept-param = ("q" EQUAL qvalue) / generic-param admits them all. */
	if (accept)
		return sip__check_qvalues(c, p);
	for (; p; p = p->next) {
		if (!p->has_value)
			return sip__fail(c, p->name.p, "media-type: m-parameter without a value",
			                 400);
		if (p->value.p[0] == '[')
			return sip__fail(c, p->value.p, "media-type: m-value is not a token", 400);
	}
	return 0;
}

static int is_star(const char *s, const char *e)
{
	return e - s == 1 && *s == '*';
}

/* m-type SLASH m-subtype *(SEMI m-parameter); for Accept also "*" / "*"
 * and type "/" "*" (media-range) followed by accept-params. */
static int parse_one(struct sip__pctx *c, const char **pp, const char *end, int accept,
                     struct sip_media **out)
{
	const char *p = *pp, *t = p, *te, *s, *se;
	struct sip_media *m;
	int rc;
	te = sip__run(p, end, SIP__C_TOKEN);
	if (te == t)
		return sip__fail(c, t, "media-type: expected m-type", 400);
	p = te;
	if (!sip__sep(&p, end, '/'))
		return sip__fail(c, p, "media-type: expected '/' after m-type", 400);
	s = p;
	se = sip__run(p, end, SIP__C_TOKEN);
	if (se == s)
		return sip__fail(c, s, "media-type: expected m-subtype", 400);
	p = se;
	/* "*" is a token character, but only media-range (20.1) gives it a meaning,
	 * and only as "*" "/" "*" or type "/" "*". */
	if (!accept && (is_star(t, te) || is_star(s, se)))
		return sip__fail(c, t, "Content-Type: wildcard is not a media-type", 400);
	if (accept && is_star(t, te) && !is_star(s, se))
		return sip__fail(c, t, "Accept: \"*\" type needs \"*\" subtype", 400);
	m = sip__zalloc(c->ar, sizeof(*m));
	if (!m)
		return sip__nomem(c, t);
	m->type = sip_str_make(t, (size_t)(te - t));
	m->subtype = sip_str_make(s, (size_t)(se - s));
	rc = sip__generic_params(c, &p, end, &m->params);
	if (!rc)
		rc = check_m_params(c, m->params, accept);
	if (rc)
		return rc;
	*out = m;
	*pp = p;
	return 0;
}

int sip__hdr_parse_media(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                         union sip_hval *out)
{
	struct sip_media *head = 0, **tail = &head;
	int accept = id == SIP_HDR_ACCEPT;
	int rc;
	out->any = 0;
	if (id != SIP_HDR_ACCEPT && id != SIP_HDR_CONTENT_TYPE)
		return sip__fail(c, p, "media: header has no media grammar", 500);
	/* RFC 3261 20.1: Accept = "Accept" HCOLON [ accept-range *(COMMA accept-range) ] */
	if (accept && p == end)
		return 0;
	for (;;) {
		rc = parse_one(c, &p, end, accept, tail);
		if (rc)
			return rc;
		tail = &(*tail)->next;
		if (p == end)
			break;
		if (!accept || !sip__sep(&p, end, ','))
			return sip__fail(c, p,
			                 accept ? "Accept: expected ',' or end of value"
			                        : "Content-Type: unexpected text after media-type",
			                 400);
	}
	out->media = head;
	return 0;
}

void sip__hdr_print_media(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	const struct sip_media *m;
	(void)id;
	for (m = v.media; m; m = m->next) {
		if (m != v.media)
			sip_buf_puts(b, ", ");
		sip_buf_putstr(b, m->type);
		sip_buf_putc(b, '/');
		sip_buf_putstr(b, m->subtype);
		sip__print_params(b, m->params);
	}
}

/* RFC 3261 7.3.1 / RFC 2045 5.1: type, subtype and parameter names are
 * case-insensitive. */
int sip__hdr_same_media(union sip_hval a, union sip_hval b)
{
	const struct sip_media *x = a.media, *y = b.media;
	for (; x && y; x = x->next, y = y->next)
		if (!sip_str_caseeq(x->type, y->type) || !sip_str_caseeq(x->subtype, y->subtype) ||
		    !sip__same_params(x->params, y->params))
			return 0;
	return !x && !y;
}

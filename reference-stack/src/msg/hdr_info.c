/* Warning (20.43) and the URI-list headers Alert-Info (20.4), Call-Info
 * (20.9) and Error-Info (20.18). */
#include "hdr_impl.h"

/* RFC 3261 20.43: warn-agent = hostport / pseudonym, pseudonym = token.
 * [p,e) is everything up to the SP before warn-text. */
static int warn_agent(struct sip__pctx *c, const char *p, const char *e)
{
	struct sip_host h;
	const char *q = p;
	int rc;
	if (p == e)
		return sip__fail(c, p, "Warning: expected a warn-agent", 400);
	/* Every hostname and IPv4 address is also a token. */
	if (sip__run(p, e, SIP__C_TOKEN) == e)
		return 0;
	rc = sip__host(c, &q, e, &h);
	if (rc)
		return rc;
	if (q < e && *q == ':') {
		uint64_t port;
		q++;
		rc = sip__uint(c, &q, e, 65535, &port, "Warning: port out of range");
		if (rc)
			return rc;
	}
	if (q != e)
		return sip__fail(c, q, "Warning: invalid warn-agent", 400);
	return 0;
}

/* warning-value = warn-code SP warn-agent SP warn-text, warn-code = 3DIGIT */
static int warning_value(struct sip__pctx *c, const char **pp, const char *end,
                         struct sip_warning **out)
{
	const char *p = *pp, *a, *ae;
	struct sip_warning *w;
	int rc;
	if (end - p < 4 || !sip__is((unsigned char)p[0], SIP__C_DIGIT) ||
	    !sip__is((unsigned char)p[1], SIP__C_DIGIT) ||
	    !sip__is((unsigned char)p[2], SIP__C_DIGIT))
		return sip__fail(c, p, "Warning: warn-code is not 3 digits", 400);
	if (p[3] != ' ')
		return sip__fail(c, p + 3,
		                 sip__is((unsigned char)p[3], SIP__C_DIGIT)
		                         ? "Warning: warn-code is not 3 digits"
		                         : "Warning: expected SP after warn-code",
		                 400);
	w = sip__zalloc(c->ar, sizeof(*w));
	if (!w)
		return sip__nomem(c, p);
	w->code = (uint16_t)((p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0'));
	a = ae = p + 4;
	while (ae < end && *ae != ' ')
		ae++;
	rc = warn_agent(c, a, ae);
	if (rc)
		return rc;
	w->agent = sip_str_make(a, (size_t)(ae - a));
	if (ae + 1 >= end || ae[1] != '"')
		return sip__fail(c, ae, "Warning: expected SP and a quoted warn-text", 400);
	p = ae + 1;
	rc = sip__quoted(c, &p, end, &w->text);
	if (rc)
		return rc;
	*out = w;
	*pp = p;
	return 0;
}

static int parse_warn(struct sip__pctx *c, const char *p, const char *end, union sip_hval *out)
{
	struct sip_warning *head = 0, **tail = &head;
	for (;;) {
		int rc = warning_value(c, &p, end, tail);
		if (rc)
			return rc;
		tail = &(*tail)->next;
		if (p == end)
			break;
		if (!sip__sep(&p, end, ','))
			return sip__fail(c, p, "Warning: expected ',' or end of value", 400);
	}
	out->warn = head;
	return 0;
}

/* LAQUOT absoluteURI RAQUOT *( SEMI generic-param ) (20.4, 20.9, 20.18);
 * Call-Info: info-param = ( "purpose" EQUAL ( "icon" / "info" / "card" /
 * token ) ) / generic-param. */
static int info_value(struct sip__pctx *c, enum sip_hdr_id id, const char **pp, const char *end,
                      struct sip_info **out)
{
	const char *p = *pp, *u, *ue;
	struct sip_info *in;
	const struct sip_param *prm;
	int rc;
	if (p >= end || *p != '<')
		return sip__fail(c, p, "Info: expected '<' before the URI", 400);
	u = ue = p + 1;
	/* absoluteURI has no '>' (uric excludes it, RFC 3261 25.1). */
	while (ue < end && *ue != '>')
		ue++;
	if (ue == end)
		return sip__fail(c, p, "Info: missing '>' after the URI", 400);
	if (ue == u)
		return sip__fail(c, u, "Info: empty URI", 400);
	in = sip__zalloc(c->ar, sizeof(*in));
	if (!in)
		return sip__nomem(c, p);
	/* Inside our context: offsets and leniencies carry through. */
	rc = sip__uri_parse(c, u, ue, &in->uri);
	if (rc)
		return rc;
	p = ue + 1;
	rc = sip__generic_params(c, &p, end, &in->params);
	if (rc)
		return rc;
	if (id == SIP_HDR_CALL_INFO)
		for (prm = in->params; prm; prm = prm->next)
			if (SIP__CASEEQ_LIT(prm->name, "purpose") &&
			    (!prm->has_value ||
			     !sip__is((unsigned char)prm->value.p[0], SIP__C_TOKEN)))
				return sip__fail(c, prm->name.p,
				                 "Call-Info: purpose needs a token value", 400);
	*out = in;
	*pp = p;
	return 0;
}

static int parse_info(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                      union sip_hval *out)
{
	struct sip_info *head = 0, **tail = &head;
	for (;;) {
		int rc = info_value(c, id, &p, end, tail);
		if (rc)
			return rc;
		tail = &(*tail)->next;
		if (p == end)
			break;
		if (!sip__sep(&p, end, ','))
			return sip__fail(c, p, "Info: expected ';', ',' or end of value", 400);
	}
	out->info = head;
	return 0;
}

int sip__hdr_parse_warn(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                        union sip_hval *out)
{
	(void)id;
	out->any = 0;
	return parse_warn(c, p, end, out);
}

void sip__hdr_print_warn(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	const struct sip_warning *w;
	(void)id;
	for (w = v.warn; w; w = w->next) {
		if (w != v.warn)
			sip_buf_puts(b, ", ");
		/* warn-code = 3DIGIT: keep leading zeros. */
		sip_buf_putc(b, (char)('0' + w->code / 100 % 10));
		sip_buf_putc(b, (char)('0' + w->code / 10 % 10));
		sip_buf_putc(b, (char)('0' + w->code % 10));
		sip_buf_putc(b, ' ');
		sip_buf_putstr(b, w->agent);
		sip_buf_putc(b, ' ');
		sip_buf_putstr(b, w->text);
	}
}

int sip__hdr_same_warn(union sip_hval a, union sip_hval b)
{
	const struct sip_warning *x = a.warn, *y = b.warn;
	for (; x && y; x = x->next, y = y->next)
		if (x->code != y->code || !sip_str_caseeq(x->agent, y->agent) ||
		    !sip_str_eq(x->text, y->text))
			return 0;
	return !x && !y;
}

int sip__hdr_parse_info(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                        union sip_hval *out)
{
	out->any = 0;
	if (id != SIP_HDR_ALERT_INFO && id != SIP_HDR_CALL_INFO && id != SIP_HDR_ERROR_INFO)
		return sip__fail(c, p, "info: header has no info grammar", 500);
	return parse_info(c, id, p, end, out);
}

void sip__hdr_print_info(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	const struct sip_info *in;
	(void)id;
	for (in = v.info; in; in = in->next) {
		if (in != v.info)
			sip_buf_puts(b, ", ");
		sip_buf_putc(b, '<');
		sip_uri_print(b, &in->uri);
		sip_buf_putc(b, '>');
		sip__print_params(b, in->params);
	}
}

int sip__hdr_same_info(union sip_hval a, union sip_hval b)
{
	const struct sip_info *x = a.info, *y = b.info;
	for (; x && y; x = x->next, y = y->next)
		if (!sip_uri_same(&x->uri, &y->uri) || !sip__same_params(x->params, y->params))
			return 0;
	return !x && !y;
}

/* Authentication headers (RFC 3261 20.5 Authentication-Info, 20.7
 * Authorization, 20.27 Proxy-Authenticate, 20.28 Proxy-Authorization, 20.44
 * WWW-Authenticate; 25.1 and RFC 2617 3.2). */
#include <stddef.h>

#include "hdr_impl.h"

/* Where a directive may appear. */
enum { IN_CHAL = 1, IN_CRED = 2, IN_AINFO = 4 };

/* The form a directive's value must have. */
enum form {
	F_QUOTED, /* quoted-string */
	F_TOKEN,  /* token */
	F_BOOL,   /* stale = "true" / "false" */
	F_QOPS,   /* LDQUOT qop-value *("," qop-value) RDQUOT */
	F_DIGEST, /* request-digest = LDQUOT 32LHEX RDQUOT */
	F_QLHEX,  /* response-digest = LDQUOT *LHEX RDQUOT */
	F_NC,     /* nc-value = 8LHEX */
};

struct directive {
	const char *name;
	unsigned char where;
	unsigned char form;
	size_t field; /* offsetof(struct sip_auth, ...) */
};

#define D(name, where, form, field)                                 \
	{                                                           \
		name, where, form, offsetof(struct sip_auth, field) \
	}
/* RFC 3261 25.1: digest-cln (challenge), dig-resp (credentials), ainfo. A
 * name may have a different form depending on where it appears (qop). */
static const struct directive directives[] = {
        D("realm", IN_CHAL | IN_CRED, F_QUOTED, realm),
        D("domain", IN_CHAL, F_QUOTED, domain),
        D("nonce", IN_CHAL | IN_CRED, F_QUOTED, nonce),
        D("opaque", IN_CHAL | IN_CRED, F_QUOTED, opaque),
        D("stale", IN_CHAL, F_BOOL, stale),
        D("algorithm", IN_CHAL | IN_CRED, F_TOKEN, algorithm),
        D("qop", IN_CHAL, F_QOPS, qop),
        D("qop", IN_CRED | IN_AINFO, F_TOKEN, qop),
        D("username", IN_CRED, F_QUOTED, username),
        D("uri", IN_CRED, F_QUOTED, uri),
        D("response", IN_CRED, F_DIGEST, response),
        D("cnonce", IN_CRED | IN_AINFO, F_QUOTED, cnonce),
        D("nc", IN_CRED | IN_AINFO, F_NC, nc),
        D("nextnonce", IN_AINFO, F_QUOTED, nextnonce),
        D("rspauth", IN_AINFO, F_QLHEX, rspauth),
};
#undef D

static const struct directive *find_directive(struct sip_str name, unsigned where)
{
	size_t i;
	for (i = 0; i < sizeof(directives) / sizeof(directives[0]); i++)
		if ((directives[i].where & where) && sip_str_caseeq_c(name, directives[i].name))
			return &directives[i];
	return 0;
}

static int is_lhex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
}

/* n LHEX octets exactly, or any number when n is 0. */
static int lhex_run(const char *p, size_t len, size_t n)
{
	size_t i;
	if (n && len != n)
		return 0;
	for (i = 0; i < len; i++)
		if (!is_lhex(p[i]))
			return 0;
	return 1;
}

/* qop-value *("," qop-value) inside the quotes; whitespace around the
 * commas is tolerated (RFC 2617 examples write "auth,auth-int"). */
static int qop_list(const char *p, const char *end)
{
	for (;;) {
		const char *q = sip__run(p, end, SIP__C_TOKEN);
		if (q == p)
			return 0;
		p = sip__run(q, end, SIP__C_WSP);
		if (p == end)
			return 1;
		if (*p != ',')
			return 0;
		p = sip__run(p + 1, end, SIP__C_WSP);
	}
}

static int form_ok(enum form f, struct sip_str v, int quoted)
{
	const char *in = v.p + 1;
	size_t inlen = v.len >= 2 ? v.len - 2 : 0;
	switch (f) {
	case F_QUOTED:
		return quoted;
	case F_TOKEN:
		return !quoted;
	case F_BOOL:
		return !quoted && (SIP__CASEEQ_LIT(v, "true") || SIP__CASEEQ_LIT(v, "false"));
	case F_QOPS:
		return quoted && qop_list(in, in + inlen);
	case F_DIGEST:
		return quoted && lhex_run(in, inlen, 32);
	case F_QLHEX:
		return quoted && lhex_run(in, inlen, 0);
	case F_NC:
		return !quoted && lhex_run(v.p, v.len, 8);
	}
	return 0;
}

/* The value without its quotes (quoted-pairs kept). A quoted-string that a
 * leniency left without its closing quote loses only the opening one. */
static struct sip_str unquote(struct sip_str v)
{
	if (v.len && v.p[0] == '"') {
		v.p++;
		v.len--;
		if (v.len && v.p[v.len - 1] == '"')
			v.len--;
	}
	return v;
}

/* auth-param *(COMMA auth-param), auth-param = auth-param-name EQUAL
 * ( token / quoted-string ), checking and recording known directives when
 * `where` is non-zero (Digest or Authentication-Info). */
static int auth_params(struct sip__pctx *c, const char *p, const char *end, unsigned where,
                       struct sip_auth *a)
{
	struct sip_param **tail = &a->params;
	for (;;) {
		const char *n = p, *ne = sip__run(p, end, SIP__C_TOKEN), *v;
		struct sip_param *prm;
		int quoted = 0;
		if (ne == n)
			return sip__fail(c, p, "auth: expected an auth-param name", 400);
		p = ne;
		if (!sip__sep(&p, end, '='))
			return sip__fail(c, p, "auth: expected '=' after the auth-param name", 400);
		prm = sip__param_add(c, &tail);
		if (!prm)
			return sip__nomem(c, n);
		prm->name = sip_str_make(n, (size_t)(ne - n));
		prm->has_value = 1;
		v = p;
		if (p < end && *p == '"') {
			int rc = sip__quoted(c, &p, end, &prm->value);
			if (rc)
				return rc;
			quoted = 1;
		} else {
			p = sip__run(p, end, SIP__C_TOKEN);
			if (p == v)
				return sip__fail(
				        c, v, "auth: expected a token or quoted-string value", 400);
			prm->value = sip_str_make(v, (size_t)(p - v));
		}
		if (where) {
			const struct directive *d = find_directive(prm->name, where);
			struct sip_str *field;
			if (!d && where == IN_AINFO)
				return sip__fail(c, n, "Authentication-Info: unknown ainfo", 400);
			if (d) {
				field = (struct sip_str *)((char *)a + d->field);
				if (!form_ok((enum form)d->form, prm->value, quoted))
					return sip__fail(c, v,
					                 "auth: malformed digest parameter value",
					                 400);
				if (field->p)
					return sip__fail(c, n, "auth: duplicate digest parameter",
					                 400);
				*field = unquote(prm->value);
			}
		}
		if (p == end)
			return 0;
		if (!sip__sep(&p, end, ','))
			return sip__fail(c, p, "auth: expected ',' between auth-params", 400);
	}
}

int sip__hdr_parse_auth(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                        union sip_hval *out)
{
	struct sip_auth *a;
	unsigned where;
	int rc;
	out->any = 0;
	switch (id) {
	case SIP_HDR_WWW_AUTHENTICATE:
	case SIP_HDR_PROXY_AUTHENTICATE:
		where = IN_CHAL;
		break;
	case SIP_HDR_AUTHORIZATION:
	case SIP_HDR_PROXY_AUTHORIZATION:
		where = IN_CRED;
		break;
	case SIP_HDR_AUTHENTICATION_INFO:
		where = IN_AINFO;
		break;
	default:
		return sip__fail(c, p, "auth: header has no auth grammar", 500);
	}
	a = sip__zalloc(c->ar, sizeof(*a));
	if (!a)
		return sip__nomem(c, p);
	if (where != IN_AINFO) {
		/* challenge = ("Digest" LWS digest-cln *(COMMA digest-cln)) /
		 * other-challenge (auth-scheme LWS auth-param *(COMMA auth-param));
		 * credentials likewise. The scheme is case-insensitive (RFC 2617 1.2). */
		const char *s = p, *se = sip__run(p, end, SIP__C_TOKEN);
		if (se == s)
			return sip__fail(c, s, "auth: expected an auth-scheme", 400);
		a->scheme = sip_str_make(s, (size_t)(se - s));
		p = sip__lws(se, end);
		if (p == se)
			return sip__fail(c, se, "auth: expected LWS after the auth-scheme", 400);
		if (!SIP__CASEEQ_LIT(a->scheme, "Digest"))
			where = 0;
	}
	rc = auth_params(c, p, end, where, a);
	if (rc)
		return rc;
	out->auth = a;
	return 0;
}

void sip__hdr_print_auth(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	const struct sip_param *prm;
	(void)id;
	if (!v.auth)
		return;
	if (v.auth->scheme.len) {
		sip_buf_putstr(b, v.auth->scheme);
		sip_buf_putc(b, ' ');
	}
	for (prm = v.auth->params; prm; prm = prm->next) {
		if (prm != v.auth->params)
			sip_buf_puts(b, ", ");
		sip_buf_putstr(b, prm->name);
		sip_buf_putc(b, '=');
		sip_buf_putstr(b, prm->value);
	}
}

/* The shortcuts are derived from the params, so comparing those suffices. */
int sip__hdr_same_auth(union sip_hval a, union sip_hval b)
{
	if (!a.auth || !b.auth)
		return !a.auth == !b.auth;
	return sip_str_caseeq(a.auth->scheme, b.auth->scheme) &&
	       sip__same_params(a.auth->params, b.auth->params);
}

/* URI comparison: RFC 3261 19.1.4 (sip/sips), RFC 3966 4 (tel), octet
 * equality for other schemes; structural identity for the round-trip oracle;
 * unescaping and parameter lookup. Decoded octets may be NUL: nothing here
 * treats them as C strings. */
#include "msg/scan.h"

#include <string.h>

#include "sipref/uri.h"

/* The octet of the escape at p[0..3), or -1 when p is not an escape. */
static int escape_at(const char *p, const char *end)
{
	if (end - p < 3 || p[0] != '%' || sip__hexval(p[1]) < 0 || sip__hexval(p[2]) < 0)
		return -1;
	return sip__hexval(p[1]) << 4 | sip__hexval(p[2]);
}

long sip_unescape(struct sip_str in, char *out, size_t cap)
{
	const char *p = in.p, *end = in.p + in.len;
	size_t n = 0;
	while (p < end) {
		int ch = (unsigned char)*p;
		if (ch == '%') {
			ch = escape_at(p, end);
			if (ch < 0)
				return SIP_EPARSE;
			p += 3;
		} else {
			p++;
		}
		if (n < cap)
			out[n] = (char)ch;
		n++;
	}
	return (long)n;
}

const struct sip_param *sip_param_find(const struct sip_param *list, const char *name)
{
	for (; list; list = list->next)
		if (sip_str_caseeq_c(list->name, name))
			return list;
	return NULL;
}

/* RFC 2396 2.2 reserved characters. */
static int is_reserved(int ch)
{
	return ch && strchr(";/?:@&=+$,", ch) != NULL;
}

/* The next comparison unit of an escaped string. RFC 3261 19.1.4: a
 * character outside the reserved set equals its %HH encoding, so such an
 * escape yields its octet; an escaped reserved character stays distinct from
 * the literal one (it yields 0x100 | octet). */
static int next_unit(const char **pp, const char *end, int icase)
{
	const char *p = *pp;
	int ch = escape_at(p, end);
	if (ch >= 0) {
		*pp = p + 3;
		if (is_reserved(ch))
			return 0x100 | ch;
	} else {
		ch = (unsigned char)*p;
		*pp = p + 1;
	}
	return icase ? sip__lower((unsigned char)ch) : ch;
}

static int esc_eq(struct sip_str a, struct sip_str b, int icase)
{
	const char *p = a.p, *pe, *q = b.p, *qe;
	if (sip_str_eq(a, b))
		return 1;
	/* An absent component is {NULL, 0}: NULL + 0 is undefined in C. */
	pe = p ? p + a.len : p;
	qe = q ? q + b.len : q;
	while (p < pe && q < qe)
		if (next_unit(&p, pe, icase) != next_unit(&q, qe, icase))
			return 0;
	return p == pe && q == qe;
}

static int host_eq(const struct sip_host *a, const struct sip_host *b)
{
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case SIP_HOST_IPV4:
		return memcmp(a->addr, b->addr, 4) == 0;
	case SIP_HOST_IPV6:
		return memcmp(a->addr, b->addr, 16) == 0;
	default:
		return sip_str_caseeq(a->text, b->text);
	}
}

static const struct sip_param *find_esc(const struct sip_param *l, struct sip_str name)
{
	for (; l; l = l->next)
		if (esc_eq(l->name, name, 1))
			return l;
	return NULL;
}

/* RFC 3261 19.1.4: these parameters never match when only one URI has them. */
static int param_must_match(struct sip_str name)
{
	static const char *const names[] = {"user", "ttl", "method", "maddr", "transport"};
	size_t i;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (esc_eq(name, sip_str_make(names[i], strlen(names[i])), 1))
			return 1;
	return 0;
}

/* Parameters of `a` against `b`: common ones must match (case-insensitive
 * values), the must-match ones must be in both. Run in both directions. A
 * repeated name is undefined by the RFC; its first occurrence counts, as for
 * sip_param_find. */
static int sip_params_ok(const struct sip_param *a, const struct sip_param *b)
{
	const struct sip_param *head = a;
	for (; a; a = a->next) {
		const struct sip_param *o = find_esc(b, a->name);
		if (find_esc(head, a->name) != a)
			continue;
		if (!o) {
			if (param_must_match(a->name))
				return 0;
		} else if (o->has_value != a->has_value || !esc_eq(o->value, a->value, 1)) {
			return 0;
		}
	}
	return 1;
}

/* RFC 3261 19.1.4: header components are never ignored; every one must be
 * present in both, unordered. Names are case-insensitive, values compared
 * after unescaping. */
static int headers_ok(const struct sip_param *a, const struct sip_param *b)
{
	const struct sip_param *h, *o;
	size_t na = 0, nb = 0;
	for (h = a; h; h = h->next, na++) {
		for (o = b; o; o = o->next)
			if (esc_eq(h->name, o->name, 1) && esc_eq(h->value, o->value, 0))
				break;
		if (!o)
			return 0;
	}
	for (o = b; o; o = o->next)
		nb++;
	return na == nb;
}

static int sip_equiv(const struct sip_uri *a, const struct sip_uri *b)
{
	/* Userinfo is case-sensitive; an absent component never matches a
	 * present one, nor an absent port an explicit 5060. */
	if (a->has_user != b->has_user || a->has_password != b->has_password ||
	    a->has_port != b->has_port || (a->has_port && a->port != b->port))
		return 0;
	if ((a->has_user && !esc_eq(a->user, b->user, 0)) ||
	    (a->has_password && !esc_eq(a->password, b->password, 0)))
		return 0;
	if (!host_eq(&a->host, &b->host))
		return 0;
	return sip_params_ok(a->params, b->params) && sip_params_ok(b->params, a->params) &&
	       headers_ok(a->headers, b->headers) && headers_ok(b->headers, a->headers);
}

/* RFC 3966 4: digits compare with visual separators removed. */
static int digits_eq(struct sip_str a, struct sip_str b)
{
	const char *p = a.p, *pe = a.p + a.len, *q = b.p, *qe = b.p + b.len;
	for (;;) {
		while (p < pe && *p && strchr("-.()", *p))
			p++;
		while (q < qe && *q && strchr("-.()", *q))
			q++;
		if (p == pe || q == qe)
			return p == pe && q == qe;
		if (sip__lower((unsigned char)*p++) != sip__lower((unsigned char)*q++))
			return 0;
	}
}

static int tel_value_eq(const struct sip_param *a, const struct sip_param *b)
{
	if (a->has_value != b->has_value)
		return 0;
	if (SIP__CASEEQ_LIT(a->name, "ext") ||
	    (SIP__CASEEQ_LIT(a->name, "phone-context") && a->value.len && a->value.p[0] == '+'))
		return digits_eq(a->value, b->value);
	return esc_eq(a->value, b->value, 1);
}

/* RFC 3966 4: both global or both local, equal digits, and the same set of
 * parameter names with equal values, in any order; case-insensitive. */
static int tel_params_ok(const struct sip_param *a, const struct sip_param *b)
{
	const struct sip_param *head = a;
	for (; a; a = a->next) {
		const struct sip_param *o = find_esc(b, a->name);
		if (find_esc(head, a->name) != a)
			continue;
		if (!o || !tel_value_eq(a, o))
			return 0;
	}
	return 1;
}

static int tel_equiv(const struct sip_uri *a, const struct sip_uri *b)
{
	int ga = a->user.len && a->user.p[0] == '+', gb = b->user.len && b->user.p[0] == '+';
	return ga == gb && digits_eq(a->user, b->user) && tel_params_ok(a->params, b->params) &&
	       tel_params_ok(b->params, a->params);
}

int sip_uri_equiv(const struct sip_uri *a, const struct sip_uri *b)
{
	/* RFC 3261 19.1.4: a SIP and a SIPS URI are never equivalent. */
	if (a->scheme != b->scheme)
		return 0;
	switch (a->scheme) {
	case SIP_URI_SIP:
	case SIP_URI_SIPS:
		return sip_equiv(a, b);
	case SIP_URI_TEL:
		return tel_equiv(a, b);
	default:
		return sip_str_caseeq(a->scheme_str, b->scheme_str) &&
		       esc_eq(a->opaque, b->opaque, 0);
	}
}

static int list_same(const struct sip_param *a, const struct sip_param *b)
{
	for (; a && b; a = a->next, b = b->next)
		if (!sip_str_eq(a->name, b->name) || a->has_value != b->has_value ||
		    !sip_str_eq(a->value, b->value))
			return 0;
	return !a && !b;
}

int sip_uri_same(const struct sip_uri *a, const struct sip_uri *b)
{
	/* The printer lower-cases the scheme; everything else is kept as written. */
	return a->scheme == b->scheme && sip_str_caseeq(a->scheme_str, b->scheme_str) &&
	       a->has_user == b->has_user && sip_str_eq(a->user, b->user) &&
	       a->has_password == b->has_password && sip_str_eq(a->password, b->password) &&
	       a->host.type == b->host.type && sip_str_eq(a->host.text, b->host.text) &&
	       memcmp(a->host.addr, b->host.addr, 16) == 0 && a->has_port == b->has_port &&
	       a->port == b->port && list_same(a->params, b->params) &&
	       list_same(a->headers, b->headers) && sip_str_eq(a->opaque, b->opaque);
}

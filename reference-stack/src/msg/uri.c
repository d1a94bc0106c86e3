/* URI parsing: sip/sips (RFC 3261 19.1.1, 25.1), tel (RFC 3966 3) and any
 * other absoluteURI (RFC 3261 25.1 / RFC 2396 3). One forward scan (a URI
 * without userinfo re-reads its user-character prefix as the host); the only
 * allocations are parameter and header list nodes in the arena. */
#include "msg/scan.h"

#include <string.h>

#include "sipref/uri.h"

/* Runs over `cls` characters, the characters of `extra` and %HH escapes,
 * stopping at `stop` even when `cls` has it. A malformed escape is a parse
 * error reported at its '%' (RFC 3261 25.1 escaped = "%" HEXDIG HEXDIG). */
static int run_chars(struct sip__pctx *c, const char **pp, const char *end, unsigned cls,
                     const char *extra, char stop)
{
	const char *p = *pp;
	for (;;) {
		unsigned char ch;
		/* The common case first: a run of class characters. */
		while (p < end && sip__is((unsigned char)*p, cls) && *p != stop && *p != '%')
			p++;
		if (p >= end || *p == stop)
			break;
		ch = (unsigned char)*p;
		if (ch == '%') {
			if (end - p < 3 || !sip__is((unsigned char)p[1], SIP__C_HEX) ||
			    !sip__is((unsigned char)p[2], SIP__C_HEX))
				return sip__fail(c, p, "malformed %-escape in URI", 400);
			p += 3;
		} else if (*extra && ch && strchr(extra, ch)) {
			p++;
		} else {
			break;
		}
	}
	*pp = p;
	return 0;
}

/* run_chars for the classes that hold neither '%' nor a stop character (the
 * sip/sips user, password, params and headers): the 4-octet class run of
 * scan.h, and the escapes one at a time. */
static int esc_run(struct sip__pctx *c, const char **pp, const char *end, unsigned cls)
{
	const char *p = *pp;
	for (;;) {
		p = sip__run(p, end, cls);
		if (p >= end || *p != '%')
			break;
		if (end - p < 3 || !sip__is((unsigned char)p[1], SIP__C_HEX) ||
		    !sip__is((unsigned char)p[2], SIP__C_HEX))
			return sip__fail(c, p, "malformed %-escape in URI", 400);
		p += 3;
	}
	*pp = p;
	return 0;
}

/* esc_run with the class run inline: escapes are rare, so the call is only
 * paid at a '%'. */
static inline int esc_run_i(struct sip__pctx *c, const char **pp, const char *end, unsigned cls)
{
	const char *p = sip__run(*pp, end, cls);
	*pp = p;
	return (p < end && *p == '%') ? esc_run(c, pp, end, cls) : 0;
}

/* RFC 5118 4.2: an IPv6 address must be bracketed in a SIP URI. Tells that
 * mistake apart from an ordinary bad host, for a useful error reason. */
static int bare_ipv6(const char *p, const char *end)
{
	const char *q = p;
	uint8_t a[16];
	int three;
	while (q < end && (sip__is((unsigned char)*q, SIP__C_HEX) || *q == ':' || *q == '.'))
		q++;
	return memchr(p, ':', (size_t)(q - p)) && sip__ipv6(p, q, a, &three) == 0;
}

static int fail_host(struct sip__pctx *c, const char *host, const char *end, int rc)
{
	if (rc == SIP_EPARSE && bare_ipv6(host, end))
		return sip__fail(c, host, "IPv6 address without brackets (RFC 5118 4.2)", 400);
	return rc;
}

/* userinfo = ( user / telephone-subscriber ) [ ":" password ] "@". An '@'
 * belongs to no other component of a SIP URI, so a run of user characters
 * ending at '@' (optionally through ":" password) is the userinfo; otherwise
 * there is none and the host starts at p. RFC 4475 3.1.1.9: ';' and other
 * user-unreserved characters stay in the user part. ue is the end of the
 * user run at *pp (escapes included), already read by the caller. Sets
 * *found when there is a userinfo (then *pp is past its '@'). */
static int userinfo_at(struct sip__pctx *c, const char **pp, const char *end, struct sip_uri *u,
                       const char *ue, int *found)
{
	const char *p = *pp, *pw = NULL, *pe = NULL;
	int rc;
	*found = 0;
	if (ue < end && *ue == ':') {
		pw = pe = ue + 1;
		/* A port or an unbracketed IPv6 address looks like a password until
		 * no '@' follows; only a bad escape is an error here. */
		rc = esc_run_i(c, &pe, end, SIP__C_PASSWORD);
		if (rc)
			return rc;
		if (pe >= end || *pe != '@')
			return 0;
	} else if (ue >= end || *ue != '@') {
		return 0;
	}
	if (ue == p)
		return sip__fail(c, p, "empty user part before '@'", 400);
	u->user = sip_str_make(p, (size_t)(ue - p));
	u->has_user = 1;
	if (pw) {
		u->password = sip_str_make(pw, (size_t)(pe - pw));
		u->has_password = 1;
		ue = pe;
	}
	*pp = ue + 1;
	*found = 1;
	return 0;
}

/* RFC 3261 19.1.1 / 25.1: ttl-param = "ttl=" 1*3DIGIT (0 to 255),
 * maddr-param = "maddr=" host. The generic other-param rule would admit
 * anything, but a malformed ttl or maddr cannot be acted on. */
static int check_param(struct sip__pctx *c, const struct sip_param *prm)
{
	/* A valueless param has value.p NULL: NULL + 0 is undefined in C. */
	const char *v = prm->value.p, *ve = v ? v + prm->value.len : v;
	if (prm->name.len != 3 && prm->name.len != 5)
		return 0; /* neither "ttl" nor "maddr": the common case, one test */
	if (SIP__CASEEQ_LOWER(prm->name, "ttl")) {
		uint64_t ttl;
		if (!prm->has_value || prm->value.len > 3 ||
		    sip__uint(c, &v, ve, 255, &ttl, "ttl out of range") || v != ve)
			return sip__fail(c, prm->name.p, "invalid ttl parameter", 400);
	} else if (SIP__CASEEQ_LOWER(prm->name, "maddr")) {
		struct sip_host h;
		if (!prm->has_value || sip__host(c, &v, ve, &h) || v != ve)
			return sip__fail(c, prm->name.p, "invalid maddr parameter", 400);
	}
	return 0;
}

/* uri-parameters = *( ";" uri-parameter ), other-param = pname [ "=" pvalue ],
 * pname/pvalue = 1*paramchar (RFC 3261 25.1). */
static int parse_uri_params(struct sip__pctx *c, const char **pp, const char *end,
                            struct sip_uri *u)
{
	struct sip_param **tail = &u->params;
	const char *p = *pp;
	while (p < end && *p == ';') {
		const char *n = ++p;
		struct sip_param *prm;
		int rc = esc_run_i(c, &p, end, SIP__C_PARAM);
		if (rc)
			return rc;
		if (p == n)
			return sip__fail(c, n, "expected a URI parameter name after ';'", 400);
		prm = sip__param_new(c->ar, &tail);
		if (!prm)
			return sip__nomem(c, n);
		prm->name = sip_str_make(n, (size_t)(p - n));
		if (p < end && *p == '=') {
			const char *v = ++p;
			rc = esc_run_i(c, &p, end, SIP__C_PARAM);
			if (rc)
				return rc;
			if (p == v)
				return sip__fail(c, v, "expected a URI parameter value after '='",
				                 400);
			prm->value = sip_str_make(v, (size_t)(p - v));
			prm->has_value = 1;
		}
		rc = check_param(c, prm);
		if (rc)
			return rc;
	}
	*pp = p;
	return 0;
}

/* headers = "?" header *( "&" header ), header = hname "=" hvalue,
 * hname = 1*( hnv-unreserved / unreserved / escaped ), hvalue = *( ... ). */
static int parse_uri_headers(struct sip__pctx *c, const char **pp, const char *end,
                             struct sip_uri *u)
{
	struct sip_param **tail = &u->headers;
	const char *p = *pp;
	if (p >= end || *p != '?')
		return 0;
	do {
		const char *n = ++p, *v;
		struct sip_param *hdr;
		int rc = esc_run_i(c, &p, end, SIP__C_HNV);
		if (rc)
			return rc;
		if (p == n)
			return sip__fail(c, n, "expected a URI header name", 400);
		if (p >= end || *p != '=')
			return sip__fail(c, p, "expected '=' after a URI header name", 400);
		v = ++p;
		rc = esc_run_i(c, &p, end, SIP__C_HNV);
		if (rc)
			return rc;
		hdr = sip__param_new(c->ar, &tail);
		if (!hdr)
			return sip__nomem(c, n);
		hdr->name = sip_str_make(n, (size_t)(v - 1 - n));
		hdr->value = sip_str_make(v, (size_t)(p - v));
		hdr->has_value = 1;
	} while (p < end && *p == '&');
	*pp = p;
	return 0;
}

/* SIP-URI = "sip:" [ userinfo ] hostport uri-parameters [ headers ].
 * With stop non-NULL, parses the longest URI prefix and sets *stop to where
 * it ends instead of refusing what follows (sip__uri_parse_span). */
static int parse_sip(struct sip__pctx *c, const char *p, const char *end, struct sip_uri *u,
                     const char **stop)
{
	const char *host = p, *top, *q;
	int rc;
	/* The usual shapes in one read: the letter/digit labels at p are read
	 * once, as the host's run (sip__host_labels), and also serve the
	 * userinfo rule: they are all user characters, so they are the user
	 * when an '@' follows, the start of the user run otherwise, and the
	 * host when userinfo_at finds no userinfo after that run. */
	q = sip__host_labels(p, end, &top);
	if (q && q < end && *q == '@') {
		u->user = sip_str_make(p, (size_t)(q - p));
		u->has_user = 1;
		host = p = q + 1;
		/* A numeric host (user@192.0.2.4): the quad in one pass. */
		if (p < end && (unsigned char)(*p - '0') <= 9 &&
		    sip__host_quad(&p, end, &u->host) == 0)
			rc = 0;
		else
			rc = sip__host_fast(c, &p, end, &u->host);
	} else {
		/* userinfo = ( user / telephone-subscriber ) [ ":" password ]
		 * "@". The labels, when there are any, are user characters
		 * without escapes: the user run goes on from their end q, and
		 * without a userinfo they are the host's run. */
		const char *ue = q ? q : p;
		int found;
		rc = esc_run_i(c, &ue, end, SIP__C_USER);
		if (!rc)
			rc = userinfo_at(c, &p, end, u, ue, &found);
		if (rc)
			return rc;
		if (q && !found) {
			rc = sip__host_end(c, &p, end, &u->host, q, top);
		} else {
			host = p;
			rc = sip__host_fast(c, &p, end, &u->host);
		}
	}
	if (rc)
		return fail_host(c, host, end, rc);
	if (p < end && *p == ':') {
		uint64_t port;
		const char *at = ++p;
		/* RFC 3261 25.1: port = 1*DIGIT; it must fit a transport port. */
		rc = sip__uint(c, &p, end, 65535, &port, "port out of range");
		if (rc)
			return fail_host(c, host, end, rc);
		if (p < end && *p == ':')
			return fail_host(c, host, end, sip__fail(c, at, "invalid port", 400));
		u->port = (uint16_t)port;
		u->has_port = 1;
	}
	rc = parse_uri_params(c, &p, end, u);
	if (!rc)
		rc = parse_uri_headers(c, &p, end, u);
	if (!rc && stop)
		*stop = p;
	else if (!rc && p < end)
		rc = sip__fail(c, p, "unexpected character in URI", 400);
	return rc;
}

/* RFC 3966 3: visual-separator = "-" / "." / "(" / ")". */
static int is_visual(char ch)
{
	return ch == '-' || ch == '.' || ch == '(' || ch == ')';
}

/* global-number-digits = "+" *phonedigit DIGIT *phonedigit. Returns the end
 * of the digits or NULL when there is no digit. */
static const char *global_digits(const char *p, const char *end)
{
	int digits = 0;
	for (p++; p < end && (sip__is((unsigned char)*p, SIP__C_DIGIT) || is_visual(*p)); p++)
		digits |= sip__is((unsigned char)*p, SIP__C_DIGIT);
	return digits ? p : NULL;
}

/* local-number-digits = *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex. */
static const char *local_digits(const char *p, const char *end)
{
	int digits = 0;
	for (; p < end; p++) {
		if (sip__is((unsigned char)*p, SIP__C_HEX) || *p == '*' || *p == '#')
			digits = 1;
		else if (!is_visual(*p))
			break;
	}
	return digits ? p : NULL;
}

/* Checks the value of the parameters RFC 3966 3 gives a grammar:
 * isdn-subaddress = ";isub=" 1*uric, extension = ";ext=" 1*phonedigit,
 * context = ";phone-context=" descriptor (domainname / global-number-digits). */
static int check_tel_param(struct sip__pctx *c, const struct sip_param *prm)
{
	const char *v = prm->value.p, *ve = v ? v + prm->value.len : v, *q;
	if (SIP__CASEEQ_LOWER(prm->name, "ext")) {
		q = v;
		while (q < ve && (sip__is((unsigned char)*q, SIP__C_DIGIT) || is_visual(*q)))
			q++;
		if (!prm->has_value || q != ve)
			return sip__fail(c, prm->name.p, "invalid ext parameter (RFC 3966 3)", 400);
	} else if (SIP__CASEEQ_LIT(prm->name, "phone-context")) {
		struct sip_host h;
		if (!prm->has_value)
			return sip__fail(c, prm->name.p, "phone-context without a value", 400);
		if (*v == '+')
			q = global_digits(v, ve);
		else if (sip__host(c, &v, ve, &h) == 0 && h.type == SIP_HOST_NAME)
			q = v;
		else
			q = NULL;
		if (q != ve)
			return sip__fail(c, prm->value.p, "invalid phone-context (RFC 3966 3)",
			                 400);
	} else if (SIP__CASEEQ_LOWER(prm->name, "isub") && !prm->has_value) {
		return sip__fail(c, prm->name.p, "isub without a value", 400);
	}
	return 0;
}

/* telephone-uri = "tel:" telephone-subscriber (RFC 3966 3). The number goes
 * to u->user, parameters to u->params. */
static int parse_tel(struct sip__pctx *c, const char *p, const char *end, struct sip_uri *u,
                     const char **stop)
{
	struct sip_param **tail = &u->params;
	const char *num = p,
	           *ne = (p < end && *p == '+') ? global_digits(p, end) : local_digits(p, end);
	int context = 0;
	if (!ne)
		return sip__fail(c, num, "expected a telephone number (RFC 3966 3)", 400);
	u->user = sip_str_make(num, (size_t)(ne - num));
	u->has_user = 1;
	p = ne;
	while (p < end && *p == ';') {
		const char *n = ++p;
		struct sip_param *prm;
		int rc;
		/* pname = 1*( alphanum / "-" ) */
		while (p < end &&
		       (sip__is((unsigned char)*p, SIP__C_ALPHA | SIP__C_DIGIT) || *p == '-'))
			p++;
		if (p == n)
			return sip__fail(c, n, "expected a tel parameter name", 400);
		prm = sip__param_new(c->ar, &tail);
		if (!prm)
			return sip__nomem(c, n);
		prm->name = sip_str_make(n, (size_t)(p - n));
		if (p < end && *p == '=') {
			const char *v = ++p;
			/* isub takes uric (RFC 2396), the others paramchar; ';' ends both. */
			unsigned cls =
			        SIP__CASEEQ_LOWER(prm->name, "isub") ? SIP__C_URIC : SIP__C_PARAM;
			rc = run_chars(c, &p, end, cls, "", ';');
			if (rc)
				return rc;
			if (p == v)
				return sip__fail(c, v, "expected a tel parameter value after '='",
				                 400);
			prm->value = sip_str_make(v, (size_t)(p - v));
			prm->has_value = 1;
		}
		rc = check_tel_param(c, prm);
		if (rc)
			return rc;
		context |= SIP__CASEEQ_LIT(prm->name, "phone-context");
	}
	if (stop)
		*stop = p;
	else if (p < end)
		return sip__fail(c, p, "unexpected character in tel URI", 400);
	/* RFC 3966 5.1.5: a local number must carry a phone-context. */
	if (*num != '+' && !context)
		return sip__fail(c, num, "local tel number without phone-context (RFC 3966 5.1.5)",
		                 400);
	return 0;
}

/* absoluteURI = scheme ":" ( hier-part / opaque-part ): every character is
 * uric or an escape, and opaque-part needs at least one (RFC 2396 3). A
 * net-path authority may hold a bracketed IPv6 reference (RFC 2732). */
static int parse_other(struct sip__pctx *c, const char *p, const char *end, struct sip_uri *u,
                       const char **stop)
{
	const char *start = p;
	int rc, netpath;
	if (p >= end)
		return sip__fail(c, p, "empty URI after the scheme", 400);
	netpath = end - p >= 2 && p[0] == '/' && p[1] == '/';
	rc = run_chars(c, &p, end, SIP__C_URIC, netpath ? "[]" : "", 0);
	if (rc)
		return rc;
	if (stop) {
		/* The exact parse of [start,p) would refuse it when empty. */
		if (p == start)
			return sip__fail(c, p, "empty URI after the scheme", 400);
		*stop = end = p;
	}
	if (p < end)
		return sip__fail(c, p, "invalid character in URI", 400);
	u->opaque = sip_str_make(start, (size_t)(end - start));
	return 0;
}

/* The usual Request-URI in one pass, with nothing to undo when it is not
 * one: exactly [u,end) is "sip:" (any case) [ user "@" ] host, the user a
 * run of user characters (RFC 3261 25.1, no escapes), the host a run of
 * letter/digit labels that is a hostname (top label starting with a letter)
 * or an IPv4address. On those octets parse_sip reads the same user (the
 * user characters end at the '@', which no other component has; without
 * one, labels that reach the end are the host, as userinfo_at finds) and
 * the same host (sip__host_end's decision: a run that ends at end has no
 * '-' after it), and finds no port, params or headers. 1 with every field
 * of *o set as uri_parse sets them; 0 when the URI has another shape, with
 * *o partly written (uri_parse then sets it whole). Never an error,
 * leniency or allocation. */
static int simple_sip(const char *u, const char *end, struct sip_uri *o)
{
	const char *s = u + 4, *q, *ue = NULL, *h = s, *top = s;
	uint32_t w, fold, lit;
	memcpy(&lit, "sip:", 4);
	memcpy(&fold, "\x20\x20\x20\x00", 4); /* uri_parse's scheme test */
	if (end - u < 5 || (memcpy(&w, u, 4), (w | fold) != lit))
		return 0;
	/* parse_sip's first read: letter/digit labels, the user when an '@'
	 * follows, the host when they reach the end. */
	q = sip__host_labels(s, end, &top);
	if (q != end) {
		if (q && *q == '@') {
			ue = q;
		} else if (!q || (*q != ';' && *q != '?')) {
			/* A user with other user characters ("+1-555"); not
			 * where the labels stop at the params or headers of a
			 * host (parse_sip reads those). */
			ue = sip__run(s, end, SIP__C_USER);
			if (ue == s || ue >= end || *ue != '@')
				return 0;
		} else {
			return 0;
		}
		h = ue + 1;
		if (sip__host_labels(h, end, &top) != end)
			return 0;
	}
	if (sip__is((unsigned char)*top, SIP__C_ALPHA)) {
		o->host.type = SIP_HOST_NAME;
		memset(o->host.addr, 0, sizeof(o->host.addr));
	} else if (sip__ipv4(h, end, o->host.addr) == 0) {
		o->host.type = SIP_HOST_IPV4;
		memset(o->host.addr + 4, 0, sizeof(o->host.addr) - 4);
	} else {
		return 0;
	}
	o->host.text = sip_str_make(h, (size_t)(end - h));
	if (ue) {
		o->user = sip_str_make(s, (size_t)(ue - s));
		o->has_user = 1;
	} else {
		o->user = sip_str_make(NULL, 0);
		o->has_user = 0;
	}
	o->scheme = SIP_URI_SIP;
	o->raw = sip_str_make(u, (size_t)(end - u));
	o->scheme_str = sip_str_make(u, 3);
	o->password = sip_str_make(NULL, 0);
	o->has_password = o->has_port = 0;
	o->port = 0;
	o->params = o->headers = NULL;
	o->opaque = sip_str_make(NULL, 0);
	return 1;
}

/* Both entry points: exact ([p,end) is the URI) when stop is NULL,
 * longest prefix otherwise. */
static inline int uri_parse(struct sip__pctx *c, const char *p, const char *end,
                            struct sip_uri *out, const char **stop)
{
	const char *s;
	uint32_t w, fold, lit;
	/* Every field empty (SIP_URI_OTHER, SIP_HOST_NONE, NULL, 0) but raw. */
	sip__zero(out, sizeof(*out));
	out->raw = sip_str_make(p, (size_t)(end - p));
	/* "sip:" in any case, the scheme of nearly every URI, without the run
	 * below: the three letters are scheme characters and ':' ends them.
	 * One word compare: the three letters ORed with 0x20 (which maps an
	 * octet to a lower-case letter exactly when it is that letter in
	 * either case), the ':' as is; both words are built with memcpy, so
	 * byte order does not matter. */
	memcpy(&lit, "sip:", 4);
	memcpy(&fold, "\x20\x20\x20\x00", 4); /* a constant, like lit */
	if (end - p >= 4 && (memcpy(&w, p, 4), (w | fold) == lit)) {
		out->scheme_str = sip_str_make(p, 3);
		out->scheme = SIP_URI_SIP;
		return parse_sip(c, p + 4, end, out, stop);
	}
	/* RFC 2396 3.1: scheme = alpha *( alpha / digit / "+" / "-" / "." ). */
	if (p >= end || !sip__is((unsigned char)*p, SIP__C_ALPHA))
		return sip__fail(c, p, "expected a URI scheme", 400);
	s = sip__run(p + 1, end, SIP__C_SCHEME | SIP__C_ALPHA | SIP__C_DIGIT);
	if (s >= end || *s != ':')
		return sip__fail(c, s, "expected ':' after the URI scheme", 400);
	out->scheme_str = sip_str_make(p, (size_t)(s - p));
	/* RFC 3261 19.1.1: scheme names are case-insensitive. Every scheme
	 * octet is a letter, digit, '+', '-' or '.', and of those only letters
	 * change under | 0x20, so folding with | 0x20 is exact here. */
	if (s - p == 3 && (p[0] | 0x20) == 's' && (p[1] | 0x20) == 'i' && (p[2] | 0x20) == 'p')
		out->scheme = SIP_URI_SIP;
	else if (s - p == 4 && (p[0] | 0x20) == 's' && (p[1] | 0x20) == 'i' &&
	         (p[2] | 0x20) == 'p' && (p[3] | 0x20) == 's')
		out->scheme = SIP_URI_SIPS;
	else if (s - p == 3 && (p[0] | 0x20) == 't' && (p[1] | 0x20) == 'e' && (p[2] | 0x20) == 'l')
		out->scheme = SIP_URI_TEL;
	s++;
	switch (out->scheme) {
	case SIP_URI_SIP:
	case SIP_URI_SIPS:
		return parse_sip(c, s, end, out, stop);
	case SIP_URI_TEL:
		return parse_tel(c, s, end, out, stop);
	default:
		return parse_other(c, s, end, out, stop);
	}
}

int sip__uri_parse(struct sip__pctx *c, const char *p, const char *end, struct sip_uri *out)
{
	/* The usual Request-URI, sip:host or sip:user@host, in one pass. */
	if (simple_sip(p, end, out))
		return 0;
	return uri_parse(c, p, end, out, NULL);
}

int sip__uri_parse_span(struct sip__pctx *c, const char *p, const char *end, struct sip_uri *out,
                        const char **stop)
{
	int rc = uri_parse(c, p, end, out, stop);
	if (rc == 0)
		out->raw.len = (size_t)(*stop - p);
	return rc;
}

int sip_uri_parse(struct sip_arena *ar, const char *p, size_t len, unsigned flags,
                  struct sip_uri *out, struct sip_perr *err)
{
	struct sip__pctx c;
	sip__pctx_init(&c, ar, p, flags, err);
	return sip__uri_parse(&c, p, p + len, out);
}

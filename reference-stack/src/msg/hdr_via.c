/* Via (RFC 3261 20.42, 25.1 via-parm, 18.2.1; RFC 3581 rport; RFC 5118 4.5).
 *
 * One pass over the line: each via-parm becomes an arena node, its params a
 * list in order, and the well-known params are also copied into shortcut
 * fields so the transport and transaction layers never walk the list. */
#include <string.h>

#include "hdr_impl.h"

/* RFC 3261 25.1: received = IPv4address / IPv6address. RFC 5118 4.5: a
 * bracketed IPv6 reference is strictly outside that grammar, yet deployed
 * stacks send it and the RFC asks parsers to accept it; a bare IPv6 address
 * is the grammar's own form. A value that starts with '[' is one that
 * via_params read with sip__host (a token run or a quoted-string starts
 * otherwise), which accepted exactly [v,ve): reading it again would find
 * the same first ']' at ve - 1 and the same address, and no error. */
static int check_received(struct sip__pctx *c, const char *v, const char *ve)
{
	uint8_t a[16];
	int three = 0;
	if (v < ve && *v == '[')
		return 0;
	if (sip__ipv4(v, ve, a) == 0)
		return 0;
	if (sip__ipv6(v, ve, a, &three) == 0) {
		if (three && !sip__lenient(c, SIP_LENIENT_IPV6_3COLON))
			return sip__fail(c, v, "Via: received IPv6 with ':::' (RFC 5118 4.10)",
			                 400);
		return 0;
	}
	return sip__fail(c, v, "Via: received is not an IP address", 400);
}

/* Fills the shortcut field a well-known via-param maps to, validating its
 * value against the RFC 3261 25.1 rule (ttl, maddr, received, branch) and
 * RFC 3581 (rport). */
static int via_shortcut(struct sip__pctx *c, struct sip_via *v, const struct sip_param *prm)
{
	const char *vp = prm->value.p, *ve = vp ? vp + prm->value.len : vp; /* NULL + 0 is UB */
	struct sip_str n = prm->name;
	/* Only names of the well-known lengths go on to a comparison. */
	if (n.len != 6 && n.len != 8 && n.len != 3 && n.len != 5)
		return 0;
	if (SIP__CASEEQ_LOWER(n, "branch")) {
		/* via-branch = "branch" EQUAL token */
		if (!prm->has_value || *vp == '"' || *vp == '[')
			return sip__fail(c, n.p, "Via: branch needs a token value", 400);
		if (!v->branch.p)
			v->branch = prm->value;
	} else if (SIP__CASEEQ_LOWER(n, "received")) {
		int rc;
		if (!prm->has_value)
			return sip__fail(c, n.p, "Via: received needs an address", 400);
		rc = check_received(c, vp, ve);
		if (rc)
			return rc;
		if (!v->received.p)
			v->received = prm->value;
	} else if (SIP__CASEEQ_LOWER(n, "ttl")) {
		/* ttl = 1*3DIGIT ; 0 to 255 */
		uint64_t t;
		const char *q = vp;
		int rc;
		if (!prm->has_value)
			return sip__fail(c, n.p, "Via: ttl needs a value", 400);
		if (prm->value.len > 3)
			return sip__fail(c, vp, "Via: ttl must be 1*3DIGIT", 400);
		rc = sip__uint(c, &q, ve, 255, &t, "Via: ttl out of range (0-255)");
		if (rc)
			return rc;
		if (q != ve)
			return sip__fail(c, q, "Via: ttl is not a number", 400);
		if (v->ttl < 0)
			v->ttl = (int)t;
	} else if (SIP__CASEEQ_LOWER(n, "maddr")) {
		/* via-maddr = "maddr" EQUAL host */
		struct sip_host h;
		const char *q = vp;
		int rc;
		if (!prm->has_value)
			return sip__fail(c, n.p, "Via: maddr needs a host", 400);
		rc = sip__host(c, &q, ve, &h);
		if (rc)
			return rc;
		if (q != ve)
			return sip__fail(c, q, "Via: maddr is not a host", 400);
		if (!v->maddr.p)
			v->maddr = prm->value;
	} else if (SIP__CASEEQ_LOWER(n, "rport")) {
		/* RFC 3581 3: response-port = "rport" [EQUAL 1*DIGIT] */
		long port = 0;
		if (prm->has_value) {
			uint64_t t;
			const char *q = vp;
			int rc = sip__uint(c, &q, ve, 65535, &t, "Via: rport out of range");
			if (rc)
				return rc;
			if (q != ve)
				return sip__fail(c, q, "Via: rport is not a number", 400);
			port = (long)t;
		}
		if (v->rport < 0)
			v->rport = port;
	}
	return 0;
}

/* via-params: generic-param syntax, except that received may carry a bare
 * IPv6 address (':' is no token character), so the loop is our own. */
static int via_params(struct sip__pctx *c, const char **pp, const char *end, struct sip_via *v)
{
	struct sip_param **tail = &v->params;
	const char *p = *pp;
	for (;;) {
		const char *n, *ne;
		struct sip_param *prm;
		int rc;
		/* The usual end of a via-parm, the end of the value: no
		 * SEMI can follow (sip__sep below would find none). */
		if (p >= end)
			break;
		/* The branch of every RFC 3261 Via (8.1.1.7), written the usual
		 * way: ";branch=" and a token, no whitespace. The loop below
		 * reads the same param from these octets (the value starts
		 * with a token character, so it is a token run), and
		 * via_shortcut's only test on it is that it has a value that
		 * is no quoted-string or IPv6 reference. */
		if (end - p > 8 && memcmp(p, ";branch=", 8) == 0 &&
		    sip__is((unsigned char)p[8], SIP__C_TOKEN)) {
			const char *vs = p + 8;
			prm = sip__param_new(c->ar, &tail);
			if (!prm)
				return sip__nomem(c, p + 1);
			prm->name = sip_str_make(p + 1, 6);
			p = sip__run16(c->base, vs, end, SIP__C_TOKEN);
			prm->value = sip_str_make(vs, (size_t)(p - vs));
			prm->has_value = 1;
			if (!v->branch.p)
				v->branch = prm->value;
			continue;
		}
		/* The received of a response (18.2.1), ";received=" and an
		 * IPv4 address, read the same way: its value is the token run
		 * when no ':' (an IPv6 address) follows it, and when the run is
		 * a dotted quad sip__host_quad reads exactly (no host
		 * character after it), sip__ipv4 accepts it too. */
		if (end - p > 10 && memcmp(p, ";received=", 10) == 0 &&
		    sip__is((unsigned char)p[10], SIP__C_TOKEN)) {
			const char *vs = p + 10, *ve = sip__run16(c->base, vs, end, SIP__C_TOKEN);
			if (ve >= end || *ve != ':') {
				struct sip_host h;
				const char *q = vs;
				prm = sip__param_new(c->ar, &tail);
				if (!prm)
					return sip__nomem(c, p + 1);
				prm->name = sip_str_make(p + 1, 8);
				prm->value = sip_str_make(vs, (size_t)(ve - vs));
				prm->has_value = 1;
				if ((sip__host_quad(&q, ve, &h) || q != ve) &&
				    (rc = check_received(c, vs, ve)) != 0)
					return rc;
				if (!v->received.p)
					v->received = prm->value;
				p = ve;
				continue;
			}
		}
		if (!sip__sep(&p, end, ';'))
			break;
		n = p;
		ne = sip__run(p, end, SIP__C_TOKEN);
		if (ne == n)
			return sip__fail(c, p, "Via: expected a parameter name after ';'", 400);
		prm = sip__param_new(c->ar, &tail);
		if (!prm)
			return sip__nomem(c, p);
		prm->name = sip_str_make(n, (size_t)(ne - n));
		p = ne;
		if (sip__sep(&p, end, '=')) {
			const char *vs = p;
			prm->has_value = 1;
			if (p < end && *p == '"') {
				rc = sip__quoted(c, &p, end, &prm->value);
				if (rc)
					return rc;
			} else if (p < end && *p == '[') {
				struct sip_host h;
				rc = sip__host(c, &p, end, &h);
				if (rc)
					return rc;
				prm->value = h.text;
			} else {
				/* branch values: long runs of letters and digits. */
				p = sip__run16(c->base, p, end, SIP__C_TOKEN);
				if (p < end && *p == ':' &&
				    SIP__CASEEQ_LOWER(prm->name, "received"))
					while (p < end && *p == ':')
						p = sip__run(p + 1, end, SIP__C_TOKEN);
				if (p == vs)
					return sip__fail(
					        c, vs, "Via: expected a parameter value after '='",
					        400);
				prm->value = sip_str_make(vs, (size_t)(p - vs));
			}
		}
		rc = via_shortcut(c, v, prm);
		if (rc)
			return rc;
	}
	*pp = p;
	return 0;
}

/* via-parm = sent-protocol LWS sent-by *( SEMI via-params )
 * sent-protocol = protocol-name SLASH protocol-version SLASH transport */
static int via_parm(struct sip__pctx *c, const char **pp, const char *end, struct sip_via *v)
{
	const char *p = *pp, *q;
	int rc, colon;
	if (end - p >= 8 && memcmp(p, "SIP/2.0/", 8) == 0) {
		/* What the token runs and SLASHes below read from these octets
		 * (every sent-protocol today); the SWS after the last '/' is
		 * still skipped. */
		v->protocol = sip_str_make(p, 3);
		v->version = sip_str_make(p + 4, 3);
		p = sip__lws(p + 8, end);
	} else {
		q = sip__run(p, end, SIP__C_TOKEN);
		if (q == p)
			return sip__fail(c, p, "Via: expected protocol-name", 400);
		v->protocol = sip_str_make(p, (size_t)(q - p));
		p = q;
		if (!sip__sep(&p, end, '/'))
			return sip__fail(c, p, "Via: expected '/' after protocol-name", 400);
		q = sip__run(p, end, SIP__C_TOKEN);
		if (q == p)
			return sip__fail(c, p, "Via: expected protocol-version", 400);
		v->version = sip_str_make(p, (size_t)(q - p));
		p = q;
		if (!sip__sep(&p, end, '/'))
			return sip__fail(c, p, "Via: expected '/' after protocol-version", 400);
	}
	/* The usual transports (RFC 3261 18) and the SP after them: the
	 * token run below stops at that SP. */
	if (end - p > 3 &&
	    (memcmp(p, "UDP ", 4) == 0 || memcmp(p, "TCP ", 4) == 0 || memcmp(p, "TLS ", 4) == 0))
		q = p + 3;
	else
		q = sip__run(p, end, SIP__C_TOKEN);
	if (q == p)
		return sip__fail(c, p, "Via: expected transport after SIP/2.0/", 400);
	v->transport = sip_str_make(p, (size_t)(q - p));
	p = sip__lws(q, end);
	if (p == q)
		return sip__fail(c, q, "Via: expected whitespace before sent-by", 400);
	/* sent-by = host [ COLON port ]. A dotted quad (a numeric sent-by is
	 * common) is read in one pass by sip__host_quad, whose answer is
	 * sip__host_fast's; anything else, including a quad that a host
	 * character follows, is sip__host_fast's to decide. */
	if (p < end && *p == '[') {
		/* An IPv6 reference: sip__host_fast would find no label. */
		rc = sip__host(c, &p, end, &v->host);
		if (rc)
			return rc;
	} else if (p >= end || (unsigned char)(*p - '0') > 9 ||
	           sip__host_quad(&p, end, &v->host) != 0) {
		const char *top = p, *he = sip__host_labels32(c->base, p, end, &top);
		rc = he ? sip__host_end(c, &p, end, &v->host, he, top)
		        : sip__host(c, &p, end, &v->host);
		if (rc)
			return rc;
	}
	/* COLON = SWS ":" SWS. The usual ':' right after the host is decided
	 * inline (sip__sep would find it the same way: ':' is no whitespace);
	 * the call, which GCC keeps out of line here, only for the rest. */
	if (p < end && *p == ':') {
		p = sip__lws(p + 1, end);
		colon = 1;
	} else {
		colon = sip__sep(&p, end, ':');
	}
	if (colon) {
		uint64_t port;
		rc = sip__uint(c, &p, end, 65535, &port, "Via: port out of range");
		if (rc)
			return rc;
		v->port = (uint16_t)port;
		v->has_port = 1;
	}
	rc = via_params(c, &p, end, v);
	if (rc)
		return rc;
	*pp = p;
	return 0;
}

int sip__hdr_parse_via(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                       union sip_hval *out)
{
	struct sip_via *head = NULL, **tail = &head;
	(void)id;
	out->any = NULL;
	for (;;) {
		struct sip_via *v = sip__alloc(c->ar, sizeof(*v));
		int rc;
		if (!v)
			return sip__nomem(c, p);
		/* Every field set explicitly (no zero-fill of the node). The
		 * sent-protocol and the host are not: a via_parm that succeeds
		 * always sets them (sip__host sets every host field), and the node
		 * of one that fails is dropped. */
		v->port = 0;
		v->has_port = 0;
		v->params = NULL;
		v->branch = v->received = v->maddr = sip_str_make(NULL, 0);
		v->ttl = -1;
		v->rport = -1;
		v->next = NULL;
		rc = via_parm(c, &p, end, v);
		if (rc)
			return rc;
		*tail = v;
		tail = &v->next;
		p = sip__lws(p, end);
		if (p == end)
			break;
		/* Via = ... via-parm *(COMMA via-parm) */
		if (!sip__sep(&p, end, ','))
			return sip__fail(c, p, "Via: expected ',' or ';' after sent-by", 400);
	}
	out->via = head;
	return 0;
}

void sip__hdr_print_via(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	const struct sip_via *x;
	(void)id;
	for (x = v.via; x; x = x->next) {
		if (x != v.via)
			sip_buf_put(b, ", ", 2);
		sip_buf_putstr(b, x->protocol);
		sip_buf_putc(b, '/');
		sip_buf_putstr(b, x->version);
		sip_buf_putc(b, '/');
		sip_buf_putstr(b, x->transport);
		sip_buf_putc(b, ' ');
		sip_buf_putstr(b, x->host.text);
		if (x->has_port) {
			sip_buf_putc(b, ':');
			sip_buf_putu(b, x->port);
		}
		sip__print_params(b, x->params);
	}
}

/* RFC 3261 25.1: protocol names, transports and host names are tokens,
 * compared case-insensitively; parameter values follow sip__same_params. */
static int same_one(const struct sip_via *a, const struct sip_via *b)
{
	return sip_str_caseeq(a->protocol, b->protocol) && sip_str_caseeq(a->version, b->version) &&
	       sip_str_caseeq(a->transport, b->transport) && a->host.type == b->host.type &&
	       sip_str_caseeq(a->host.text, b->host.text) &&
	       memcmp(a->host.addr, b->host.addr, sizeof(a->host.addr)) == 0 &&
	       a->has_port == b->has_port && a->port == b->port && a->ttl == b->ttl &&
	       a->rport == b->rport && sip_str_eq(a->branch, b->branch) &&
	       sip__same_str_case(a->received, b->received) &&
	       sip__same_str_case(a->maddr, b->maddr) && sip__same_params(a->params, b->params);
}

int sip__hdr_same_via(union sip_hval a, union sip_hval b)
{
	const struct sip_via *x = a.via, *y = b.via;
	for (; x && y; x = x->next, y = y->next)
		if (!same_one(x, y))
			return 0;
	return !x && !y;
}

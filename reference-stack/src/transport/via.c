/* Via handling of the transport layer: received/rport on arrival (RFC 3261
 * 18.2.1, RFC 3581 4), where responses go (18.2.2), whose responses are ours
 * (18.1.2), and the transport change of 18.1.1. */
#include <string.h>

#include "msg/scan.h"
#include "transport/via.h"

static struct sip_via *top_via(struct sip_msg *m, struct sip_hdr **hp)
{
	struct sip_hdr *h = sip_msg_hdr(m, SIP_HDR_VIA);
	if (!h || sip_hdr_decode(m, h, NULL) != 0 || !h->val.via)
		return NULL;
	if (hp)
		*hp = h;
	return h->val.via;
}

/* End of sent-by: the host, then SWS ":" SWS port when there is a port. */
static const char *sent_by_end(const struct sip_via *v, const char *vend)
{
	const char *e = v->host.text.p + v->host.text.len, *q;
	if (!v->has_port)
		return e;
	q = sip__lws(e, vend);
	if (q >= vend || *q != ':')
		return e;
	q = sip__lws(q + 1, vend);
	while (q < vend && *q >= '0' && *q <= '9')
		q++;
	return q;
}

/* End of the via-parm: sent-by or its last parameter, whichever is later
 * (the parameters of one via-parm follow its sent-by in order). */
static const char *parm_end(const struct sip_via *v, const char *vend)
{
	const char *e = sent_by_end(v, vend);
	const struct sip_param *p;
	for (p = v->params; p; p = p->next) {
		const char *pe = p->has_value ? p->value.p + p->value.len : p->name.p + p->name.len;
		if (pe > e)
			e = pe;
	}
	return e;
}

int sip__via_first(struct sip_msg *m, struct sip_str *out)
{
	struct sip_hdr *h;
	struct sip_via *v = top_via(m, &h);
	if (!v)
		return SIP_EPARSE;
	out->p = h->value.p;
	out->len = (size_t)(parm_end(v, h->value.p + h->value.len) - h->value.p);
	return 0;
}

size_t sip__via_count(struct sip_msg *m)
{
	struct sip_hdr *h;
	size_t n = 0;
	for (h = sip_msg_hdr(m, SIP_HDR_VIA); h; h = sip_msg_hdr_next(m, h)) {
		const struct sip_via *v;
		if (sip_hdr_decode(m, h, NULL) != 0 || !h->val.via) {
			n++;
			continue;
		}
		for (v = h->val.via; v; v = v->next)
			n++;
	}
	return n;
}

int sip__host_addr(const struct sip_host *h, uint16_t port, const struct sip__resolver *r,
                   struct sip_addr *out)
{
	if (sip_addr_from_host(out, h, port) == 0)
		return 0;
	if (h->type != SIP_HOST_NAME || !r || !r->fn)
		return SIP_ENOENT;
	if (r->fn(r->ud, h->text, out) != 0 || !out->family)
		return SIP_ENOENT;
	out->port = port;
	return 0;
}

static int host_is(const struct sip_host *h, const struct sip_addr *a)
{
	if (h->type == SIP_HOST_IPV4)
		return a->family == 4 && memcmp(h->addr, a->ip, 4) == 0;
	if (h->type == SIP_HOST_IPV6)
		return a->family == 6 && memcmp(h->addr, a->ip, 16) == 0;
	return 0;
}

/* received = IPv4address / IPv6address (RFC 3261 25.1): IPv6 unbracketed. */
static size_t print_received(char *out, size_t cap, const struct sip_addr *a)
{
	char tmp[64];
	struct sip_buf b;
	sip_buf_init(&b, tmp, sizeof(tmp));
	sip_addr_print_host(&b, a);
	if (!sip_buf_ok(&b) || b.len + 1 > cap)
		return 0;
	if (a->family == 6 && b.len >= 2) {
		memcpy(out, tmp + 1, b.len - 2);
		return b.len - 2;
	}
	memcpy(out, tmp, b.len);
	return b.len;
}

struct edit {
	const char *at; /* where in the message */
	size_t del;     /* octets replaced */
	char txt[72];
	size_t n;
};

static const struct sip_param *find_param(const struct sip_via *v, const char *name)
{
	return sip_param_find(v->params, name);
}

size_t sip__via_stamp(struct sip_buf *b, struct sip_msg *m, const struct sip_addr *src)
{
	struct sip_hdr *h;
	struct sip_via *v = top_via(m, &h);
	struct edit e[2];
	const struct sip_param *rport, *rcvd;
	const char *p, *end;
	char ip[64];
	size_t ne = 0, iplen, i;
	int need;
	if (!v || !src->family)
		return 0;
	iplen = print_received(ip, sizeof(ip), src);
	if (!iplen)
		return 0;
	rport = find_param(v, "rport");
	rcvd = find_param(v, "received");
	/* RFC 3581 4: with rport the server adds received even when the
	 * address is the one in sent-by, and fills rport with the source
	 * port. */
	need = rport || v->host.type == SIP_HOST_NAME || !host_is(&v->host, src);
	if (rport) {
		struct edit *x = &e[ne];
		struct sip_buf t;
		sip_buf_init(&t, x->txt, sizeof(x->txt));
		sip_buf_putc(&t, '=');
		sip_buf_putu(&t, src->port);
		x->n = t.len;
		x->at = rport->name.p + rport->name.len;
		x->del = rport->has_value ? (size_t)(rport->value.p + rport->value.len - x->at) : 0;
		if (!(rport->has_value && rport->value.len == x->n - 1 &&
		      memcmp(rport->value.p, x->txt + 1, x->n - 1) == 0))
			ne++;
	}
	if (need && rcvd && rcvd->has_value) {
		if (!(rcvd->value.len == iplen && memcmp(rcvd->value.p, ip, iplen) == 0)) {
			e[ne].at = rcvd->value.p;
			e[ne].del = rcvd->value.len;
			memcpy(e[ne].txt, ip, iplen);
			e[ne].n = iplen;
			ne++;
		}
	} else if (need) {
		e[ne].at = parm_end(v, h->value.p + h->value.len);
		e[ne].del = 0;
		memcpy(e[ne].txt, ";received=", 10);
		memcpy(e[ne].txt + 10, ip, iplen);
		e[ne].n = 10 + iplen;
		ne++;
	}
	if (!ne)
		return 0;
	if (ne == 2 && e[1].at < e[0].at) {
		struct edit t = e[0];
		e[0] = e[1];
		e[1] = t;
	}
	p = m->buf;
	end = m->buf + m->len;
	for (i = 0; i < ne; i++) {
		sip_buf_put(b, p, (size_t)(e[i].at - p));
		sip_buf_put(b, e[i].txt, e[i].n);
		p = e[i].at + e[i].del;
	}
	sip_buf_put(b, p, (size_t)(end - p));
	return b->len ? b->len : 1;
}

int sip__via_response_dest(const struct sip_via *v, enum sip_transport tp, uint32_t conn,
                           const struct sip__resolver *r, struct sip__dest *d)
{
	uint16_t port = v->has_port ? v->port : sip_transport_default_port(tp);
	struct sip_addr a;
	memset(d, 0, sizeof(*d));
	d->tp = tp;
	if (sip_transport_reliable(tp)) {
		/* 18.2.2: the connection the request came on while it is open;
		 * else received (or sent-by) with the sent-by port. */
		d->conn = conn;
		if (v->received.p && sip_addr_parse(&a, v->received.p, v->received.len) == 0) {
			a.port = port;
			d->remote = a;
			return 0;
		}
		if (sip__host_addr(&v->host, port, r, &d->remote) == 0)
			return 0;
		return conn ? 0 : SIP_ENOENT;
	}
	if (v->maddr.p) {
		/* 18.2.2: maddr, with the sent-by port (multicast ttl is the
		 * shell's business). */
		struct sip_host h;
		struct sip_perr err;
		struct sip__pctx c;
		const char *p = v->maddr.p;
		sip__pctx_init(&c, NULL, p, 0, &err);
		if (sip__host(&c, &p, v->maddr.p + v->maddr.len, &h) != 0)
			return SIP_ENOENT;
		return sip__host_addr(&h, port, r, &d->remote);
	}
	if (v->received.p && sip_addr_parse(&a, v->received.p, v->received.len) == 0) {
		/* RFC 3581 4: to the source port when rport was asked for. */
		a.port = v->rport > 0 ? (uint16_t)v->rport : port;
		d->remote = a;
		return 0;
	}
	return sip__host_addr(&v->host, port, r, &d->remote);
}

static int unspecified(const struct sip_addr *a)
{
	static const uint8_t zero[16];
	return memcmp(a->ip, zero, a->family == 6 ? 16 : 4) == 0;
}

int sip__via_sent_by_is(const struct sip_via *v, enum sip_transport tp,
                        const struct sip_addr *local)
{
	uint16_t port = v->has_port ? v->port : sip_transport_default_port(tp);
	if (port != local->port)
		return 0;
	/* A wildcard listen address: the host is whatever the TU wrote. */
	if (unspecified(local))
		return 1;
	return host_is(&v->host, local);
}

size_t sip__via_retransport(struct sip_buf *b, struct sip_msg *m, enum sip_transport tp,
                            const struct sip_addr *sent_by)
{
	struct sip_hdr *h;
	struct sip_via *v = top_via(m, &h);
	const char *from, *to, *end = m->buf + m->len;
	if (!v)
		return 0;
	from = v->transport.p;
	to = sent_by_end(v, h->value.p + h->value.len);
	sip_buf_put(b, m->buf, (size_t)(from - m->buf));
	sip_buf_puts(b, sip_transport_name(tp));
	sip_buf_putc(b, ' ');
	sip_addr_print(b, sent_by);
	sip_buf_put(b, to, (size_t)(end - to));
	return b->len;
}

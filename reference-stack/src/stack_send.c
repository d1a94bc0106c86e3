/* The send path: where bytes go (RFC 3261 18.1.1, 18.2.2, connection reuse),
 * client transactions started by the TU, responses through server
 * transactions, and the next-hop resolution of 8.1.2 without DNS. */
#include <string.h>

#include "msg/scan.h"
#include "stack_int.h"

static const struct sip_addr *local_for(struct sip_stack *st, enum sip_transport tp,
                                        const struct sip_addr *local)
{
	if (local && local->family)
		return local;
	return sip__stack_local(st, tp);
}

int sip__stack_route(struct sip_stack *st, const struct sip__dest *d, const struct sip_addr *local,
                     const char *buf, size_t len, uint32_t *conn)
{
	struct sip__conn *c = NULL;
	int rc;
	if (conn)
		*conn = 0;
	if (!sip_transport_reliable(d->tp))
		return sip__txq_push(st, SIP_TX_SEND, d->tp, 0, local_for(st, d->tp, local),
		                     &d->remote, buf, len);
	/* Streams: the given connection while it is open (18.2.2), else one
	 * already open to the same remote (connection reuse), else a new one
	 * the shell is asked to open first. */
	if (d->conn)
		c = sip__conn_find(&st->conns, d->conn);
	if (!c && d->remote.family)
		c = sip__conn_find_remote(&st->conns, d->tp, &d->remote);
	if (!c) {
		if (!d->remote.family)
			return SIP_ENOENT;
		c = sip__conn_add(&st->conns, d->tp, local_for(st, d->tp, NULL), &d->remote, 1);
		if (!c)
			return SIP_ENOMEM;
		rc = sip__txq_push(st, SIP_TX_CONNECT, c->tp, c->id, &c->local, &c->remote, NULL,
		                   0);
		if (rc) {
			sip__conn_remove(&st->conns, c);
			return rc;
		}
	}
	rc = sip__txq_push(st, SIP_TX_SEND, c->tp, c->id, &c->local, &c->remote, buf, len);
	if (rc == 0 && conn)
		*conn = c->id;
	return rc;
}

/* RFC 3261 18.1.1: a UDP request larger than 1300 octets goes over TCP when
 * there is a TCP transport, with its top Via saying so. Writes the new
 * request to an allocated buffer (*out, *out_len) and reparses m from it. */
static int to_tcp(struct sip_stack *st, struct sip_msg *m, struct sip__dest *d, char **out,
                  size_t *out_len)
{
	const struct sip_addr *tcp = sip__stack_local(st, SIP_TP_TCP);
	struct sip_buf b;
	size_t n;
	char *p;
	if (!tcp)
		return 0;
	sip_buf_init(&b, NULL, 0);
	n = sip__via_retransport(&b, m, SIP_TP_TCP, tcp);
	if (!n)
		return 0;
	p = st->a->alloc(st->a->ud, n);
	if (!p)
		return SIP_ENOMEM;
	sip_buf_init(&b, p, n);
	sip__via_retransport(&b, m, SIP_TP_TCP, tcp);
	if (sip_msg_parse(m, p, n, st->cfg.lenient, NULL) != 0) {
		st->a->free(st->a->ud, p, n);
		return SIP_ENOMEM;
	}
	sip__stack_log(st, 3, "request of %zu bytes goes over TCP (RFC 3261 18.1.1)", n);
	d->tp = SIP_TP_TCP;
	d->conn = 0;
	*out = p;
	*out_len = n;
	return 0;
}

int sip__stack_request(struct sip_stack *st, const char *req, size_t len, const struct sip__dest *d,
                       void *owner, struct sip_txn **out, uint64_t now)
{
	struct sip_msg *m = st->aux_msg;
	struct sip__dest dest = *d;
	struct sip__stx *x = NULL;
	char *copy = NULL;
	size_t copy_len = 0;
	int rc;
	if (out)
		*out = NULL;
	st->now = now;
	rc = sip_msg_parse(m, req, len, st->cfg.lenient, NULL);
	if (rc)
		return rc == SIP_ENOMEM ? rc : SIP_EINVAL;
	/* The ACK for a 2xx is no transaction (sip__stack_send_raw). */
	if (!m->is_request || m->mid == SIP_METHOD_ACK || !sip_msg_top_via(m) || !sip_msg_cseq(m) ||
	    (unsigned)dest.tp >= SIP_TP__COUNT)
		return SIP_EINVAL;
	if (dest.tp == SIP_TP_UDP && m->len > SIP__UDP_MAX_REQUEST) {
		rc = to_tcp(st, m, &dest, &copy, &copy_len);
		if (rc)
			return rc;
	}
	x = sip__stx_new(st);
	if (!x) {
		rc = SIP_ENOMEM;
		goto out;
	}
	rc = sip__mkey_init(&x->key, m, 0, st->a);
	if (rc)
		goto out;
	x->dest = dest;
	sip_txn_init(&x->txn, m->mid == SIP_METHOD_INVITE ? SIP_TXN_ICT : SIP_TXN_NICT, &st->env,
	             st->a, sip_transport_reliable(dest.tp), ++st->txn_id);
	x->txn.user = owner;
	sip__stx_link(st, x);
	rc = sip_txn_start(&x->txn, copy ? copy : req, copy ? copy_len : len, now);
	if (rc && x->txn.state == SIP_TXN_INIT)
		goto out;
	/* Started (a timer that failed to arm is logged, the request is out). */
	if (rc)
		sip__stack_log(st, 0, "txn %u: timer not armed: %s", (unsigned)x->txn.id,
		               sip_strerror(rc));
	if (out)
		*out = &x->txn;
	x = NULL;
	rc = 0;
out:
	if (x)
		sip__stx_free(st, x);
	if (copy)
		st->a->free(st->a->ud, copy, copy_len);
	return rc;
}

int sip__stack_respond(struct sip_stack *st, struct sip_txn *t, const char *resp, size_t len,
                       uint64_t now)
{
	struct sip__stx *x = sip__stx_of(t);
	struct sip_msg *m = st->aux_msg;
	const struct sip_nameaddr *to;
	int rc;
	st->now = now;
	if (!t || (t->kind != SIP_TXN_IST && t->kind != SIP_TXN_NIST))
		return SIP_EINVAL;
	rc = sip_msg_parse(m, resp, len, 0, NULL);
	if (rc)
		return rc == SIP_ENOMEM ? rc : SIP_EINVAL;
	if (m->is_request || m->status < 100 || m->status > 699)
		return SIP_EINVAL;
	/* 17.2.3, RFC 2543 ACK rule: the To tag this transaction answered with. */
	to = sip_msg_to(m);
	if (to && to->tag.p && m->status >= 200) {
		rc = sip__mkey_set_rtag(&x->key, to->tag, st->a);
		if (rc)
			return rc;
	}
	/* t may be gone when this returns. */
	return sip_txn_input(t, sip_txn_response_event(m->status, 1), resp, len, NULL, 0, now);
}

int sip__stack_send_raw(struct sip_stack *st, const char *msg, size_t len,
                        const struct sip__dest *d)
{
	if (!msg || (unsigned)d->tp >= SIP_TP__COUNT)
		return SIP_EINVAL;
	return sip__stack_route(st, d, NULL, msg, len, NULL);
}

/* RFC 3261 8.1.2 and 18.1.1 with RFC 3263 4 reduced to what needs no DNS:
 * the transport from ;transport= (sips: TLS), the host from maddr or the
 * URI, the port from the URI or the transport's default. */
int sip__stack_resolve(struct sip_stack *st, const struct sip_uri *uri, struct sip__dest *out)
{
	const struct sip_param *tpp, *maddr;
	struct sip_host host;
	enum sip_transport tp = SIP_TP_UDP;
	uint16_t port;
	memset(out, 0, sizeof(*out));
	if (uri->scheme != SIP_URI_SIP && uri->scheme != SIP_URI_SIPS)
		return SIP_EUNSUPP;
	if (uri->scheme == SIP_URI_SIPS)
		tp = SIP_TP_TLS;
	tpp = sip_param_find(uri->params, "transport");
	if (tpp && tpp->has_value) {
		int t = sip_transport_lookup(tpp->value);
		if (t < 0)
			return SIP_EUNSUPP;
		/* RFC 3261 26.2.2: sips over UDP is not a thing. */
		if (uri->scheme != SIP_URI_SIPS || t != SIP_TP_UDP)
			tp = (enum sip_transport)t;
	}
	port = uri->has_port ? uri->port : sip_transport_default_port(tp);
	host = uri->host;
	maddr = sip_param_find(uri->params, "maddr");
	if (maddr && maddr->has_value) {
		struct sip__pctx c;
		struct sip_perr err;
		const char *p = maddr->value.p;
		sip__pctx_init(&c, NULL, p, 0, &err);
		if (sip__host(&c, &p, maddr->value.p + maddr->value.len, &host) != 0 ||
		    p != maddr->value.p + maddr->value.len)
			return SIP_ENOENT;
	}
	if (sip__host_addr(&host, port, &st->res, &out->remote) != 0)
		return SIP_ENOENT;
	out->tp = tp;
	return 0;
}

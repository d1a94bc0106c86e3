/* The receive path: datagrams and stream frames in, through the checks of
 * the transport layer (RFC 3261 18.1.2, 18.2.1, 18.3; RFC 4475 for what
 * malformed input gets), to transaction matching (17.1.3, 17.2.3) and the
 * TU. Requests that fail get the stateless response the RFC prescribes, or
 * nothing where it says to drop. */
#include <stddef.h>
#include <string.h>

#include "stack_int.h"
#include "txn/ack.h"

/* ---- Requests ------------------------------------------------------------ */

/* The checks a request passes before the transaction layer sees it: what
 * 8.2 and RFC 4475 3.1.2 make the transport's or parser's business. The
 * UA core checks the rest (8.2.1 to 8.2.3). Returns the status to answer
 * with (err->reason says why), 0 when the request is fine. */
static int check_request(struct sip_msg *m, unsigned lenient, struct sip_perr *err)
{
	static const enum sip_hdr_id need[] = {SIP_HDR_CSEQ,         SIP_HDR_CALL_ID,
	                                       SIP_HDR_FROM,         SIP_HDR_TO,
	                                       SIP_HDR_MAX_FORWARDS, SIP_HDR_CONTENT_LENGTH};
	const struct sip_uri *ruri;
	const struct sip_cseq *cs;
	size_t i;
	int rc;
	err->reason = NULL;
	/* 8.2.2 ... 21.5.6 (RFC 4475 3.1.2.16 badvers). */
	if (m->version_major != 2 || m->version_minor != 0) {
		err->reason = "unsupported SIP-Version";
		return 505;
	}
	if ((rc = sip_msg_check(m, err)) != 0)
		return rc == SIP_ENOMEM ? rc : (err->status ? err->status : 400);
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		struct sip_hdr *h = sip_msg_hdr(m, need[i]);
		if (h && (rc = sip_hdr_decode(m, h, err)) != 0)
			return rc == SIP_ENOMEM ? rc : (err->status ? err->status : 400);
	}
	ruri = sip_msg_ruri(m);
	if (!ruri) {
		err->reason = "bad Request-URI";
		return 400;
	}
	/* 19.1.1: no headers in a Request-URI (RFC 4475 3.1.2.11 escruri). */
	if (ruri->headers && !(lenient & SIP_LENIENT_RURI_HEADERS)) {
		err->reason = "Request-URI contains headers";
		return 400;
	}
	/* 8.1.1.5; RFC 4475 3.1.2.17 mismatch01 (400) and 3.1.2.18
	 * mismatch02 (501: a method we do not know). */
	cs = sip_msg_cseq(m);
	if (cs && !sip_str_eq(cs->method, m->method)) {
		err->reason = "CSeq method differs from the request method";
		return m->mid == SIP_METHOD_OTHER ? 501 : 400;
	}
	return 0;
}

static int new_server_txn(struct sip_stack *st, struct sip_msg *m, const struct sip__rx *r,
                          uint64_t now)
{
	struct sip_msg *saved = st->cur;
	const struct sip__dest *saved_from = st->cur_from;
	struct sip__stx *x = sip__stx_new(st);
	int rc;
	if (!x)
		return SIP_ENOMEM;
	rc = sip__mkey_init(&x->key, m, 1, st->a);
	if (rc) {
		sip__stx_free(st, x);
		return rc == SIP_ENOMEM ? rc : 0;
	}
	if (sip__via_response_dest(sip_msg_top_via(m), r->tp, r->conn, &st->res, &x->dest) != 0)
		x->dest = r->from;
	if (r->local)
		x->local = *r->local;
	x->conn = r->conn;
	sip_txn_init(&x->txn, m->mid == SIP_METHOD_INVITE ? SIP_TXN_IST : SIP_TXN_NIST, &st->env,
	             st->a, sip_transport_reliable(r->tp), ++st->txn_id);
	sip__stx_link(st, x);
	st->cur = m;
	st->cur_from = &r->from;
	/* The TU gets the request from START (17.2.1, 17.2.2). */
	rc = sip_txn_start(&x->txn, m->buf, m->len, now);
	st->cur = saved;
	st->cur_from = saved_from;
	if (rc && x->txn.state == SIP_TXN_INIT) {
		sip__stx_free(st, x);
		return rc;
	}
	if (rc)
		sip__stack_log(st, 0, "txn %u: timer not armed: %s", (unsigned)x->txn.id,
		               sip_strerror(rc));
	return 0;
}

static int on_request(struct sip_stack *st, struct sip_msg *m, const struct sip__rx *r,
                      uint64_t now)
{
	struct sip_perr err;
	struct sip__mkey *k;
	struct sip_hdr *via = sip_msg_hdr(m, SIP_HDR_VIA);
	int status, rc;
	/* Without a Via there is nowhere to answer (18.2.2) but the stream it
	 * came on. */
	if (!via || sip_hdr_decode(m, via, &err) != 0) {
		sip__stack_log(st, 2, "request without a usable Via from %s",
		               sip_transport_name(r->tp));
		return sip__stack_reply(st, m, r, 400, via ? err.reason : "no Via");
	}
	/* 18.2.1 first, so that even a stateless answer goes back per
	 * received/rport. */
	rc = sip__stack_stamp(st, m, r);
	if (rc)
		return rc == SIP_ENOMEM ? rc : 0;
	status = check_request(m, st->cfg.lenient, &err);
	if (status < 0)
		return status;
	if (status) {
		if (m->mid == SIP_METHOD_ACK) {
			sip__stack_log(st, 2, "malformed ACK dropped: %s", err.reason);
			return 0;
		}
		return sip__stack_reply(st, m, r, (unsigned)status, err.reason);
	}
	k = sip__match_request(&st->mt, m);
	if (k) {
		struct sip__stx *x = sip__stx_of_key(k);
		struct sip_msg *saved = st->cur;
		const struct sip__dest *saved_from = st->cur_from;
		st->cur = m;
		st->cur_from = &r->from;
		/* 17.2.1, 17.2.2: retransmissions and the ACK go to the
		 * transaction; a pair with no row is traced, not an error. */
		rc = sip_txn_input(&x->txn,
		                   m->mid == SIP_METHOD_ACK ? SIP_TXN_EV_RECV_ACK
		                                            : SIP_TXN_EV_RECV_REQUEST,
		                   m->buf, m->len, NULL, 0, now);
		st->cur = saved;
		st->cur_from = saved_from;
		return rc == SIP_ENOMEM ? rc : 0;
	}
	if (m->mid == SIP_METHOD_ACK) {
		/* 17: an ACK never creates a transaction; one that matches
		 * none acknowledges a 2xx (13.3.1.4), which the TU handles. */
		sip__ua_request(st->ua, NULL, m, &r->from, now);
		return 0;
	}
	return new_server_txn(st, m, r, now);
}

/* ---- Responses ----------------------------------------------------------- */

/* RFC 3261 18.1.2: the sent-by is one this transport layer inserts: any of
 * its listen addresses (a request may leave on another transport than the
 * address was declared for), with the default port of the Via's
 * transport when the Via has none. */
static int ours(struct sip_stack *st, const struct sip_via *v)
{
	size_t i;
	int tp = sip_transport_lookup(v->transport);
	for (i = 0; i < st->nlisten; i++)
		if (sip__via_sent_by_is(v, tp < 0 ? st->listen[i].tp : (enum sip_transport)tp,
		                        &st->listen[i].addr))
			return 1;
	return 0;
}

/* The ACK of 17.1.1.3 for a 300-699 to ICT x, in an allocated buffer. */
static int build_ack(struct sip_stack *st, struct sip__stx *x, struct sip_msg *resp, char **ack,
                     size_t *ack_len)
{
	struct sip_msg *req = st->aux_msg;
	struct sip_buf b;
	size_t n;
	int rc = sip_msg_parse(req, x->txn.req, x->txn.req_len, st->cfg.lenient, NULL);
	*ack = NULL;
	*ack_len = 0;
	if (rc)
		return rc == SIP_ENOMEM ? rc : SIP_EINVAL;
	sip_buf_init(&b, NULL, 0);
	n = sip__txn_build_ack(&b, req, resp);
	if (!n)
		return SIP_EINVAL;
	*ack = st->a->alloc(st->a->ud, n);
	if (!*ack)
		return SIP_ENOMEM;
	sip_buf_init(&b, *ack, n);
	sip__txn_build_ack(&b, req, resp);
	*ack_len = n;
	return 0;
}

static int on_response(struct sip_stack *st, struct sip_msg *m, uint64_t now)
{
	static const enum sip_hdr_id need[] = {SIP_HDR_CSEQ, SIP_HDR_CALL_ID, SIP_HDR_FROM,
	                                       SIP_HDR_TO, SIP_HDR_CONTENT_LENGTH};
	const struct sip_via *v = sip_msg_top_via(m);
	struct sip_msg *saved = st->cur;
	struct sip_perr err;
	struct sip__mkey *k;
	struct sip__stx *x;
	enum sip_txn_event ev;
	char *ack = NULL;
	size_t ack_len = 0, i;
	int rc;
	const char *why = NULL;
	/* Malformed responses are dropped, never answered (RFC 4475 3.1.2.5
	 * scalarlg, 3.1.2.19 bigcode). */
	if (m->version_major != 2 || m->version_minor != 0)
		why = "unsupported SIP-Version";
	else if (m->status < 100 || m->status > 699)
		why = "Status-Code out of range";
	else if (!v)
		why = "no usable Via";
	else if (sip__via_count(m) != 1)
		why = "more than one Via (RFC 3261 8.1.3.3)";
	else if (!ours(st, v))
		why = "top Via sent-by is not ours (RFC 3261 18.1.2)";
	else if (sip_msg_check(m, &err) != 0)
		why = err.reason;
	for (i = 0; !why && i < sizeof(need) / sizeof(need[0]); i++) {
		struct sip_hdr *h = sip_msg_hdr(m, need[i]);
		if (h && (rc = sip_hdr_decode(m, h, &err)) != 0) {
			if (rc == SIP_ENOMEM)
				return rc;
			why = err.reason;
		}
	}
	if (why) {
		sip__stack_log(st, 2, "response %u dropped: %s", m->status, why);
		return 0;
	}
	k = sip__match_response(&st->mt, m);
	if (!k) {
		/* RFC 3261 18.1.2 as updated by RFC 6026 8.4: discarded. */
		sip__stack_log(st, 2, "response %u matches no transaction: dropped", m->status);
		return 0;
	}
	x = sip__stx_of_key(k);
	ev = sip_txn_response_event(m->status, 0);
	if (x->txn.kind == SIP_TXN_ICT && ev == SIP_TXN_EV_RECV_3XX_6XX &&
	    (x->txn.state == SIP_TXN_CALLING || x->txn.state == SIP_TXN_PROCEEDING)) {
		rc = build_ack(st, x, m, &ack, &ack_len);
		if (rc == SIP_ENOMEM)
			return rc;
		if (rc) {
			sip__stack_log(st, 0, "txn %u: no ACK can be built", (unsigned)x->txn.id);
			return 0;
		}
	}
	st->cur = m;
	rc = sip_txn_input(&x->txn, ev, m->buf, m->len, ack, ack_len, now);
	st->cur = saved;
	if (ack)
		st->a->free(st->a->ud, ack, ack_len);
	return rc == SIP_ENOMEM ? rc : 0;
}

/* ---- Entry points ---------------------------------------------------------- */

int sip__stack_on_message(struct sip_stack *st, enum sip_transport tp, uint32_t conn,
                          const struct sip_addr *local, const struct sip_addr *remote,
                          const char *buf, size_t len, unsigned flags)
{
	struct sip_msg *m = st->rx_msg;
	struct sip_perr err;
	struct sip__rx r;
	int rc;
	memset(&r, 0, sizeof(r));
	r.tp = tp;
	r.conn = conn;
	r.local = local;
	r.from.tp = tp;
	r.from.conn = conn;
	if (remote)
		r.from.remote = *remote;
	rc = sip_msg_parse(m, buf, len, flags | st->cfg.lenient, &err);
	if (rc == SIP_ENOMEM)
		return rc;
	if (rc) {
		if (!err.status) {
			sip__stack_log(st, 2, "unparseable message dropped: %s",
			               err.reason ? err.reason : "?");
			return 0;
		}
		return sip__stack_on_unparsed(st, buf, len, &r, &err);
	}
	if (!m->is_request)
		return on_response(st, m, st->now);
	return on_request(st, m, &r, st->now);
}

static void close_conn(struct sip_stack *st, struct sip__conn *c, const char *why)
{
	sip__stack_log(st, 1, "%s connection %u closed: %s", sip_transport_name(c->tp),
	               (unsigned)c->id, why);
	if (sip__txq_push(st, SIP_TX_CLOSE, c->tp, c->id, &c->local, &c->remote, NULL, 0) != 0)
		sip__stack_log(st, 0, "connection %u: close request lost (no memory)",
		               (unsigned)c->id);
	sip__stack_drop_conn(st, c);
}

/* Frames what conn c has buffered and handles each frame. */
static int drain(struct sip_stack *st, struct sip__conn *c)
{
	struct sip_perr err;
	const char *msg;
	size_t n;
	int rc = 0;
	for (;;) {
		enum sip_frame f = sip__conn_next(c, &msg, &n, &err);
		switch (f) {
		case SIP_FRAME_NEED:
			return rc;
		case SIP_FRAME_SKIP:
			break;
		case SIP_FRAME_PING:
			/* RFC 5626 4.4.1: a CRLF CRLF ping gets a CRLF pong. */
			if (sip__txq_push(st, SIP_TX_SEND, c->tp, c->id, &c->local, &c->remote,
			                  "\r\n", 2) != 0)
				rc = SIP_ENOMEM;
			break;
		case SIP_FRAME_MSG:
			if (sip__stack_on_message(st, c->tp, c->id, &c->local, &c->remote, msg, n,
			                          SIP_PARSE_STREAM) == SIP_ENOMEM)
				rc = SIP_ENOMEM;
			break;
		case SIP_FRAME_ERROR:
		default:
			/* RFC 4475 3.1.2.3 ncl, 3.3.9 mcl01: the stream cannot be
			 * framed any more; a 400 when the head allows one, then
			 * close. */
			if (c->rx_len) {
				struct sip__rx r;
				memset(&r, 0, sizeof(r));
				r.tp = c->tp;
				r.conn = c->id;
				r.local = &c->local;
				r.from.tp = c->tp;
				r.from.conn = c->id;
				r.from.remote = c->remote;
				err.status = 400;
				if (!err.reason)
					err.reason = "framing error";
				/* Only the complete lines before the one the framer
				 * choked on: how much more happened to be buffered
				 * depends on how the stream was segmented, and the
				 * answer must not (fuzz/fuzz_transport.c). */
				size_t upto = err.off < c->rx_len ? err.off : c->rx_len;
				while (upto > 0 && c->rx[upto - 1] != '\n')
					upto--;
				if (upto > 0 &&
				    sip__stack_on_unparsed(st, c->rx, upto, &r, &err) == SIP_ENOMEM)
					rc = SIP_ENOMEM;
			}
			close_conn(st, c, err.reason ? err.reason : "framing error");
			return rc;
		}
	}
}

/* RFC 4475 3.1.2.2 clerr: a stream whose message never completes is
 * closed. 64*T1 is as long as any transaction would have waited for it. */
static void idle_fired(struct sip_timer *t, uint64_t now)
{
	struct sip__conn *c = (struct sip__conn *)((char *)t - offsetof(struct sip__conn, idle));
	struct sip_stack *st = c->owner;
	st->now = now;
	close_conn(st, c, "incomplete message for 64*T1 (RFC 4475 3.1.2.2)");
}

/* The idle timer runs while c holds part of a message; CR and LF alone are
 * keep-alive traffic in progress, not a message (RFC 5626 4.4.1). */
static void watch_idle(struct sip_stack *st, struct sip__conn *c)
{
	size_t i;
	for (i = 0; i < c->rx_len; i++)
		if (c->rx[i] != '\r' && c->rx[i] != '\n')
			break;
	if (i == c->rx_len) {
		sip_timer_stop(&st->timers, &c->idle);
		return;
	}
	c->owner = st;
	if (sip_timer_start(&st->timers, &c->idle, st->now + (uint64_t)64 * st->cfg.t1,
	                    idle_fired) != 0)
		sip__stack_log(st, 0, "connection %u: idle timer lost (no memory)",
		               (unsigned)c->id);
}

int sip_stack_recv(struct sip_stack *st, enum sip_transport tp, uint32_t conn,
                   const struct sip_addr *local, const struct sip_addr *remote, const void *buf,
                   size_t len, uint64_t now)
{
	struct sip__conn *c;
	const char *p = buf;
	size_t off = 0;
	int rc = 0;
	st->now = now;
	if (!buf && len)
		return SIP_EINVAL;
	if (!sip_transport_reliable(tp))
		return sip__stack_on_message(st, tp, 0, local, remote, buf, len, 0);
	c = sip__conn_find(&st->conns, conn);
	if (!c) {
		sip__stack_log(st, 1, "%zu bytes on unknown connection %u dropped", len,
		               (unsigned)conn);
		return 0;
	}
	/* In slices of at most max_msg, so the buffer stays bounded however
	 * much arrives at once. */
	do {
		size_t n = len - off < st->cfg.max_msg ? len - off : st->cfg.max_msg;
		int r = sip__conn_append(&st->conns, c, p + off, n);
		if (r) {
			/* Bytes lost: the stream cannot be framed any more. */
			close_conn(st, c, r == SIP_ENOMEM ? "out of memory" : "unframeable input");
			return r == SIP_ENOMEM ? r : 0;
		}
		off += n;
		r = drain(st, c);
		if (r)
			rc = r;
		c = sip__conn_find(&st->conns, conn);
	} while (c && off < len);
	if (c)
		watch_idle(st, c);
	return rc;
}

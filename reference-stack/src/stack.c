/* The sans-I/O endpoint (stack.h): life cycle, listen addresses,
 * connections, timers, the transactions it owns and the services of
 * stack_impl.h that are not about sending. The receive path is
 * stack_recv.c, the send path stack_send.c, the output queues
 * stack_queue.c. */
#include <stddef.h>
#include <string.h>

#include "stack_int.h"

/* ---- Transactions ---------------------------------------------------- */

static void txn_send(void *ud, struct sip_txn *t, const char *buf, size_t len)
{
	struct sip_stack *st = ud;
	struct sip__stx *x = sip__stx_of(t);
	uint32_t conn = 0;
	int rc = sip__stack_route(st, &x->dest, &x->local, buf, len, &conn);
	if (rc == 0) {
		x->conn = conn;
		return;
	}
	sip__stack_log(st, 0, "txn %u: cannot send %zu bytes: %s", (unsigned)t->id, len,
	               sip_strerror(rc));
	/* 17.1.4 / 17.2.4: a failure to send is a transport error, reported
	 * outside the transition that is sending. A lost datagram (no memory)
	 * is left to retransmission. */
	if (rc != SIP_ENOMEM || sip_transport_reliable(x->dest.tp))
		sip__stx_defer_error(st, x);
}

static void txn_tu(void *ud, struct sip_txn *t, enum sip_txn_tu what, const char *buf, size_t len)
{
	struct sip_stack *st = ud;
	(void)buf;
	(void)len;
	switch (what) {
	case SIP_TXN_TU_REQUEST:
		if (!st->cur || !st->cur->is_request)
			break;
		/* An ACK an IST in Accepted passes up (RFC 6026 7.1) is the ACK
		 * for a 2xx: the TU sees it as one that matched nothing. */
		sip__ua_request(st->ua, st->cur->mid == SIP_METHOD_ACK ? NULL : t, st->cur,
		                st->cur_from, st->now);
		break;
	case SIP_TXN_TU_RESPONSE:
		if (st->cur && !st->cur->is_request)
			sip__ua_response(st->ua, t, st->cur, st->now);
		break;
	case SIP_TXN_TU_TIMEOUT:
	case SIP_TXN_TU_TRANSPORT_ERROR:
		sip__ua_txn_event(st->ua, t, what, st->now);
		break;
	case SIP_TXN_TU_TERMINATED:
		sip__ua_txn_event(st->ua, t, what, st->now);
		sip__stx_free(st, sip__stx_of(t));
		break;
	}
}

static void txn_trace(void *ud, const struct sip_txn_trace *rec)
{
	struct sip_stack *st = ud;
	if (st->trace)
		st->trace(st->trace_ud, rec);
}

struct sip__stx *sip__stx_new(struct sip_stack *st)
{
	struct sip__stx *x = st->a->alloc(st->a->ud, sizeof(*x));
	if (!x)
		return NULL;
	memset(x, 0, sizeof(*x));
	x->st = st;
	return x;
}

void sip__stx_link(struct sip_stack *st, struct sip__stx *x)
{
	x->prev = NULL;
	x->next = st->txns;
	if (st->txns)
		st->txns->prev = x;
	st->txns = x;
	x->linked = 1;
	/* A table that could not grow still holds the key (longer chains). */
	(void)sip__mtable_insert(&st->mt, &x->key);
}

void sip__stx_free(struct sip_stack *st, struct sip__stx *x)
{
	if (x->linked) {
		sip__mtable_remove(&st->mt, &x->key);
		if (x->prev)
			x->prev->next = x->next;
		else if (st->txns == x)
			st->txns = x->next;
		if (x->next)
			x->next->prev = x->prev;
	}
	sip_timer_stop(&st->timers, &x->terr);
	sip_txn_fini(&x->txn);
	sip__mkey_fini(&x->key, st->a);
	st->a->free(st->a->ud, x, sizeof(*x));
}

/* 17.1.4, 17.2.4: a transport error, for a transaction whose table has a
 * row for it in its current state. States without one (a client that
 * already has its final response, a server confirmed by its ACK) have
 * nothing left to send, so the error is no event for them, not a missing
 * row. */
static void transport_error(struct sip__stx *x, uint64_t now)
{
	size_t i, n = sip_txn_table_size(x->txn.kind);
	for (i = 0; i < n; i++) {
		enum sip_txn_state s = SIP_TXN_INIT;
		enum sip_txn_event e = SIP_TXN_EV_START;
		const char *rfc;
		sip_txn_table_row(x->txn.kind, i, &s, &e, &rfc);
		if (s == x->txn.state && e == SIP_TXN_EV_TRANSPORT_ERROR) {
			(void)sip_txn_input(&x->txn, e, NULL, 0, NULL, 0, now);
			return;
		}
	}
}

static void terr_fired(struct sip_timer *tm, uint64_t now)
{
	transport_error((struct sip__stx *)((char *)tm - offsetof(struct sip__stx, terr)), now);
}

void sip__stx_defer_error(struct sip_stack *st, struct sip__stx *x)
{
	if (sip_timer_armed(&x->terr))
		return;
	if (sip_timer_start(&st->timers, &x->terr, st->now, terr_fired) != 0)
		sip__stack_log(st, 0, "txn %u: transport error lost (no memory)",
		               (unsigned)x->txn.id);
}

/* ---- Life cycle -------------------------------------------------------- */

struct sip_stack *sip_stack_new(const struct sip_stack_config *cfg)
{
	static const struct sip_stack_config defaults;
	const struct sip_allocator *a;
	struct sip_stack *st;
	if (!cfg)
		cfg = &defaults;
	a = cfg->alloc ? cfg->alloc : sip_allocator_default();
	st = a->alloc(a->ud, sizeof(*st));
	if (!st)
		return NULL;
	memset(st, 0, sizeof(*st));
	st->a = a;
	st->cfg = *cfg;
	st->cfg.alloc = a;
	/* RFC 3261 Table 4 defaults. */
	st->cfg.t1 = cfg->t1 ? cfg->t1 : 500;
	st->cfg.t2 = cfg->t2 ? cfg->t2 : 4000;
	st->cfg.t4 = cfg->t4 ? cfg->t4 : 5000;
	st->cfg.max_msg = cfg->max_msg ? cfg->max_msg : 65535;
	st->res.fn = cfg->resolve;
	st->res.ud = cfg->resolve_ud;
	st->rng = cfg->seed;
	sip_timer_heap_init(&st->timers, a);
	st->env.timers = &st->timers;
	st->env.t1 = st->cfg.t1;
	st->env.t2 = st->cfg.t2;
	st->env.t4 = st->cfg.t4;
	st->env.ud = st;
	st->env.send = txn_send;
	st->env.tu = txn_tu;
	st->env.trace = txn_trace;
	sip__conns_init(&st->conns, a, st->cfg.max_msg);
	if (sip__mtable_init(&st->mt, a) != 0)
		goto out;
	st->rx_msg = sip_msg_new(a);
	st->aux_msg = sip_msg_new(a);
	if (!st->rx_msg || !st->aux_msg)
		goto out;
	/* Last: the UA core may use the services right away. */
	st->ua = sip__ua_new(st, cfg->ua);
	if (st->ua)
		return st;
out:
	sip_stack_free(st);
	return NULL;
}

void sip_stack_free(struct sip_stack *st)
{
	const struct sip_allocator *a;
	if (!st)
		return;
	a = st->a;
	/* The UA core first: it may hold transactions, never the reverse. */
	if (st->ua)
		sip__ua_free(st->ua);
	st->ua = NULL;
	while (st->txns)
		sip__stx_free(st, st->txns);
	sip__mtable_fini(&st->mt);
	/* The heap before the connections: their idle timers may be armed. */
	sip_timer_heap_fini(&st->timers);
	sip__conns_fini(&st->conns);
	sip__txq_fini(st);
	if (st->rx_msg)
		sip_msg_free(st->rx_msg);
	if (st->aux_msg)
		sip_msg_free(st->aux_msg);
	if (st->rxbuf)
		a->free(a->ud, st->rxbuf, st->rxbuf_cap);
	a->free(a->ud, st, sizeof(*st));
}

int sip__stack_rxbuf(struct sip_stack *st, size_t n)
{
	char *p;
	size_t cap;
	if (n <= st->rxbuf_cap)
		return 0;
	cap = st->rxbuf_cap ? st->rxbuf_cap : 4096;
	while (cap < n)
		cap *= 2;
	p = st->a->alloc(st->a->ud, cap);
	if (!p)
		return SIP_ENOMEM;
	if (st->rxbuf)
		st->a->free(st->a->ud, st->rxbuf, st->rxbuf_cap);
	st->rxbuf = p;
	st->rxbuf_cap = cap;
	return 0;
}

int sip_stack_listen(struct sip_stack *st, enum sip_transport tp, const struct sip_addr *local)
{
	if (!st || !local || (unsigned)tp >= SIP_TP__COUNT ||
	    (local->family != 4 && local->family != 6))
		return SIP_EINVAL;
	if (st->nlisten == SIP__MAX_LISTEN)
		return SIP_ENOMEM;
	st->listen[st->nlisten].tp = tp;
	st->listen[st->nlisten].addr = *local;
	st->nlisten++;
	return 0;
}

void sip_stack_set_trace(struct sip_stack *st,
                         void (*fn)(void *ud, const struct sip_txn_trace *rec), void *ud)
{
	st->trace = fn;
	st->trace_ud = ud;
}

/* ---- Connections ------------------------------------------------------- */

uint32_t sip_stack_conn_accepted(struct sip_stack *st, enum sip_transport tp,
                                 const struct sip_addr *local, const struct sip_addr *remote,
                                 uint64_t now)
{
	struct sip__conn *c;
	if (!sip_transport_reliable(tp) || (unsigned)tp >= SIP_TP__COUNT)
		return 0;
	st->now = now;
	c = sip__conn_add(&st->conns, tp, local, remote, 0);
	return c ? c->id : 0;
}

void sip__stack_drop_conn(struct sip_stack *st, struct sip__conn *c)
{
	uint32_t id = c->id;
	struct sip__stx *x;
	sip_timer_stop(&st->timers, &c->idle);
	sip__conn_remove(&st->conns, c);
	for (x = st->txns; x; x = x->next) {
		if (x->conn != id && x->dest.conn != id)
			continue;
		x->lost = 1;
		x->conn = 0;
		/* 18.2.2: a later response opens a new connection. */
		x->dest.conn = 0;
	}
	/* Each error may end (and free) transactions, so rescan from the
	 * head after every one. */
	for (;;) {
		for (x = st->txns; x && !x->lost; x = x->next)
			;
		if (!x)
			break;
		x->lost = 0;
		transport_error(x, st->now);
	}
}

void sip_stack_conn_closed(struct sip_stack *st, uint32_t conn, int error, uint64_t now)
{
	struct sip__conn *c = sip__conn_find(&st->conns, conn);
	st->now = now;
	if (!c)
		return;
	sip__stack_log(st, error ? 1 : 3, "%s connection %u closed%s", sip_transport_name(c->tp),
	               (unsigned)conn, error ? " on error" : "");
	sip__stack_drop_conn(st, c);
}

/* ---- Time -------------------------------------------------------------- */

uint64_t sip_stack_next_expiry(const struct sip_stack *st)
{
	return sip_timer_next(&st->timers);
}

void sip_stack_handle_expiry(struct sip_stack *st, uint64_t now)
{
	st->now = now;
	sip_timer_run(&st->timers, now);
}

/* ---- Services of stack_impl.h ------------------------------------------- */

const struct sip_addr *sip__stack_local(const struct sip_stack *st, enum sip_transport tp)
{
	size_t i;
	for (i = 0; i < st->nlisten; i++)
		if (st->listen[i].tp == tp)
			return &st->listen[i].addr;
	return NULL;
}

/* splitmix64 (Steele, Lea, Flood 2014): small, and deterministic from the
 * configured seed, so runs under a virtual clock repeat exactly. */
static uint64_t next_random(struct sip_stack *st)
{
	uint64_t z = (st->rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void sip__stack_token(struct sip_stack *st, char *out, size_t n)
{
	/* Alphanumerics: valid in a token (branch, tag) and a Call-ID word. */
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz"
	                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	uint64_t r = 0;
	size_t i, left = 0;
	for (i = 0; i < n; i++) {
		if (!left) {
			r = next_random(st);
			left = 10; /* 62^10 < 2^64 */
		}
		out[i] = alphabet[r % 62];
		r /= 62;
		left--;
	}
}

struct sip_timer_heap *sip__stack_timers(struct sip_stack *st)
{
	return &st->timers;
}

const struct sip_allocator *sip__stack_alloc(const struct sip_stack *st)
{
	return st->a;
}

uint32_t sip__stack_t1(const struct sip_stack *st)
{
	return st->cfg.t1;
}

uint32_t sip__stack_t2(const struct sip_stack *st)
{
	return st->cfg.t2;
}

struct sip__ua *sip__stack_ua(struct sip_stack *st)
{
	return st->ua;
}

struct sip_txn *sip__stack_match_cancel(struct sip_stack *st, struct sip_msg *cancel)
{
	struct sip__mkey *k = sip__match_cancel(&st->mt, cancel);
	return k ? &sip__stx_of_key(k)->txn : NULL;
}

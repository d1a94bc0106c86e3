/* The transaction engine: looks up the (state, event) row of the kind's
 * table, traces the transition, runs its timer and output actions. The
 * machines themselves are data (ict.c, nict.c, ist.c, nist.c). */
#include <stddef.h>
#include <string.h>

#include "sipref/error.h"
#include "txn_impl.h"

static const struct sip__txn_table *table_of(enum sip_txn_kind k)
{
	switch (k) {
	case SIP_TXN_ICT:
		return &sip__txn_ict;
	case SIP_TXN_NICT:
		return &sip__txn_nict;
	case SIP_TXN_IST:
		return &sip__txn_ist;
	case SIP_TXN_NIST:
		return &sip__txn_nist;
	}
	return &sip__txn_nist;
}

static const enum sip_txn_event timer_event[SIP_TXN_TIMER__COUNT] = {
#define SIP__T(id) SIP_TXN_EV_TIMER_##id,
        SIP_TXN_TIMERS(SIP__T)
#undef SIP__T
};

static void timer_fired(struct sip_timer *tm, uint64_t now);

void sip_txn_init(struct sip_txn *t, enum sip_txn_kind kind, const struct sip_txn_env *env,
                  const struct sip_allocator *a, int reliable, uint32_t id)
{
	int i;
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->state = SIP_TXN_INIT;
	t->reliable = reliable ? 1 : 0;
	t->id = id;
	t->env = env;
	t->a = a ? a : sip_allocator_default();
	for (i = 0; i < SIP_TXN_TIMER__COUNT; i++) {
		t->tmr[i].txn = t;
		t->tmr[i].which = (enum sip_txn_timer)i;
	}
}

static uint32_t min32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/* RFC 3261 Table 4 and 17.1.1.2, 17.1.2.2, 17.2.1, 17.2.2; RFC 6026 for L
 * and M. `ev` tells a first start from a restart after the timer fired. */
static uint64_t interval(struct sip_txn *t, enum sip_txn_timer w, enum sip_txn_event ev,
                         enum sip_txn_state from)
{
	const struct sip_txn_env *env = t->env;
	uint32_t t1 = env->t1, t2 = env->t2, t4 = env->t4;
	switch (w) {
	case SIP_TXN_TIMER_A: /* doubles each time, no cap */
		t->backoff = ev == SIP_TXN_EV_TIMER_A ? t->backoff * 2 : t1;
		return t->backoff;
	case SIP_TXN_TIMER_E: /* doubles up to T2; T2 once Proceeding */
		if (ev != SIP_TXN_EV_TIMER_E)
			t->backoff = t1;
		else if (from == SIP_TXN_PROCEEDING)
			t->backoff = t2;
		else
			t->backoff = min32(t->backoff * 2, t2);
		return t->backoff;
	case SIP_TXN_TIMER_G: /* doubles up to T2 */
		t->backoff = ev == SIP_TXN_EV_TIMER_G ? min32(t->backoff * 2, t2) : t1;
		return t->backoff;
	case SIP_TXN_TIMER_D: /* at least 32 s on unreliable transports */
		if (t->reliable)
			return 0;
		return (uint64_t)64 * t1 > 32000 ? (uint64_t)64 * t1 : 32000;
	case SIP_TXN_TIMER_I:
	case SIP_TXN_TIMER_K:
		return t->reliable ? 0 : t4;
	case SIP_TXN_TIMER_J:
		return t->reliable ? 0 : (uint64_t)64 * t1;
	case SIP_TXN_TIMER_B:
	case SIP_TXN_TIMER_F:
	case SIP_TXN_TIMER_H:
	case SIP_TXN_TIMER_L:
	case SIP_TXN_TIMER_M:
	default:
		return (uint64_t)64 * t1;
	}
}

static int keep(struct sip_txn *t, char **dst, size_t *dlen, const char *buf, size_t len)
{
	char *p = t->a->alloc(t->a->ud, len ? len : 1);
	if (!p)
		return SIP_ENOMEM;
	if (len)
		memcpy(p, buf, len);
	if (*dst)
		t->a->free(t->a->ud, *dst, *dlen ? *dlen : 1);
	*dst = p;
	*dlen = len;
	return 0;
}

static void stop_all(struct sip_txn *t)
{
	int i;
	for (i = 0; i < SIP_TXN_TIMER__COUNT; i++)
		sip_timer_stop(t->env->timers, &t->tmr[i].timer);
}

static int dispatch(struct sip_txn *t, enum sip_txn_event ev, const char *buf, size_t len,
                    const char *ack, size_t ack_len, uint64_t now)
{
	const struct sip__txn_table *tab = table_of(t->kind);
	const struct sip__txn_row *row = 0;
	const struct sip_txn_env *env = t->env;
	struct sip_txn_trace rec;
	enum sip_txn_state from = t->state;
	size_t i;
	int rc = 0;

	for (i = 0; i < tab->n; i++) {
		if (tab->rows[i].state == from && tab->rows[i].ev == ev) {
			row = &tab->rows[i];
			break;
		}
	}
	rec.txn = t->id;
	rec.kind = t->kind;
	rec.from = from;
	rec.event = ev;
	rec.now = now;
	if (!row) {
		/* DESIGN.md: a missing (state, event) pair is reported. */
		rec.to = from;
		rec.row = -1;
		rec.rfc = "no transition";
		if (env->trace)
			env->trace(env->ud, &rec);
		return SIP_ESTATE;
	}
	/* Copies first, so an allocation failure leaves the machine as it was. */
	if ((row->actions & TA_SEND_RESP) && keep(t, &t->last, &t->last_len, buf, len))
		return SIP_ENOMEM;
	if ((row->actions & TA_SEND_ACK) && keep(t, &t->last, &t->last_len, ack, ack_len))
		return SIP_ENOMEM;

	t->state = row->next;
	rec.to = row->next;
	rec.row = (int)(row - tab->rows);
	rec.rfc = row->rfc;
	if (env->trace)
		env->trace(env->ud, &rec);

	for (i = 0; i < SIP_TXN_TIMER__COUNT; i++)
		if (row->stop & (1u << i))
			sip_timer_stop(env->timers, &t->tmr[i].timer);
	for (i = 0; i < SIP_TXN_TIMER__COUNT; i++) {
		enum sip_txn_timer w = (enum sip_txn_timer)i;
		if (!(row->arm & (1u << i)))
			continue;
		/* A, E and G drive retransmission, which only unreliable
		 * transports need (17.1.1.2, 17.1.2.2, 17.2.1). */
		if (t->reliable &&
		    (w == SIP_TXN_TIMER_A || w == SIP_TXN_TIMER_E || w == SIP_TXN_TIMER_G))
			continue;
		if (sip_timer_start(env->timers, &t->tmr[i].timer, now + interval(t, w, ev, from),
		                    timer_fired) != 0)
			rc = SIP_ENOMEM;
	}

	if (row->actions & TA_SEND_REQ)
		env->send(env->ud, t, t->req, t->req_len);
	if (row->actions & (TA_SEND_RESP | TA_SEND_ACK | TA_RESEND_ACK))
		env->send(env->ud, t, t->last, t->last_len);
	if ((row->actions & TA_RETX_RESP) && t->last)
		env->send(env->ud, t, t->last, t->last_len);
	if (row->actions & TA_TU_REQ)
		env->tu(env->ud, t, SIP_TXN_TU_REQUEST, buf, len);
	if (row->actions & TA_TU_RESP)
		env->tu(env->ud, t, SIP_TXN_TU_RESPONSE, buf, len);
	if (row->actions & TA_TU_TIMEOUT)
		env->tu(env->ud, t, SIP_TXN_TU_TIMEOUT, 0, 0);
	if (row->actions & TA_TU_TERR)
		env->tu(env->ud, t, SIP_TXN_TU_TRANSPORT_ERROR, 0, 0);
	/* Last: the owner may free the transaction when told it ended. */
	if (row->next == SIP_TXN_TERMINATED && from != SIP_TXN_TERMINATED) {
		stop_all(t);
		env->tu(env->ud, t, SIP_TXN_TU_TERMINATED, 0, 0);
	}
	return rc;
}

static void timer_fired(struct sip_timer *tm, uint64_t now)
{
	struct sip_txn_tmr *x =
	        (struct sip_txn_tmr *)((char *)tm - offsetof(struct sip_txn_tmr, timer));
	(void)dispatch(x->txn, timer_event[x->which], 0, 0, 0, 0, now);
}

int sip_txn_start(struct sip_txn *t, const char *req, size_t len, uint64_t now)
{
	int rc;
	if (t->state != SIP_TXN_INIT)
		return SIP_ESTATE;
	rc = keep(t, &t->req, &t->req_len, req, len);
	if (rc)
		return rc;
	return dispatch(t, SIP_TXN_EV_START, t->req, t->req_len, 0, 0, now);
}

int sip_txn_input(struct sip_txn *t, enum sip_txn_event ev, const char *buf, size_t len,
                  const char *ack, size_t ack_len, uint64_t now)
{
	if (ev == SIP_TXN_EV_START || ev >= SIP_TXN_EV_TIMER_A || ev >= SIP_TXN_EV__COUNT)
		return SIP_EINVAL;
	return dispatch(t, ev, buf, len, ack, ack_len, now);
}

enum sip_txn_event sip_txn_response_event(unsigned status, int sending)
{
	if (status < 200)
		return sending ? SIP_TXN_EV_SEND_1XX : SIP_TXN_EV_RECV_1XX;
	if (status < 300)
		return sending ? SIP_TXN_EV_SEND_2XX : SIP_TXN_EV_RECV_2XX;
	return sending ? SIP_TXN_EV_SEND_3XX_6XX : SIP_TXN_EV_RECV_3XX_6XX;
}

void sip_txn_fini(struct sip_txn *t)
{
	if (t->env)
		stop_all(t);
	if (t->req)
		t->a->free(t->a->ud, t->req, t->req_len ? t->req_len : 1);
	if (t->last)
		t->a->free(t->a->ud, t->last, t->last_len ? t->last_len : 1);
	t->req = t->last = 0;
	t->req_len = t->last_len = 0;
}

const char *sip_txn_state_name(enum sip_txn_state s)
{
	static const char *const names[] = {
#define SIP__S(id, name) name,
	        SIP_TXN_STATES(SIP__S)
#undef SIP__S
	};
	return (unsigned)s < SIP_TXN_STATE__COUNT ? names[s] : "?";
}

const char *sip_txn_event_name(enum sip_txn_event e)
{
	static const char *const names[] = {
#define SIP__EV(id, name) name,
	        SIP_TXN_EVENTS(SIP__EV)
#undef SIP__EV
	};
	return (unsigned)e < SIP_TXN_EV__COUNT ? names[e] : "?";
}

const char *sip_txn_kind_name(enum sip_txn_kind k)
{
	static const char *const names[] = {"ICT", "NICT", "IST", "NIST"};
	return (unsigned)k < 4 ? names[k] : "?";
}

size_t sip_txn_table_size(enum sip_txn_kind k)
{
	return table_of(k)->n;
}

void sip_txn_table_row(enum sip_txn_kind k, size_t i, enum sip_txn_state *state,
                       enum sip_txn_event *ev, const char **rfc)
{
	const struct sip__txn_table *tab = table_of(k);
	if (i >= tab->n)
		return;
	*state = tab->rows[i].state;
	*ev = tab->rows[i].ev;
	*rfc = tab->rows[i].rfc;
}

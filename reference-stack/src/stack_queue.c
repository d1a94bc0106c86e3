/* The endpoint's output queues: transmissions (a FIFO of records that own
 * their bytes), application events and log lines (bounded rings that count
 * what they had to drop). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "stack_int.h"

static void txq_free(struct sip_stack *st, struct sip__txq *q)
{
	if (q->buf)
		st->a->free(st->a->ud, q->buf, q->tx.len ? q->tx.len : 1);
	st->a->free(st->a->ud, q, sizeof(*q));
}

int sip__txq_push(struct sip_stack *st, enum sip_tx_kind kind, enum sip_transport tp, uint32_t conn,
                  const struct sip_addr *local, const struct sip_addr *remote, const char *buf,
                  size_t len)
{
	struct sip__txq *q = st->a->alloc(st->a->ud, sizeof(*q));
	if (!q)
		return SIP_ENOMEM;
	memset(q, 0, sizeof(*q));
	if (buf) {
		q->buf = st->a->alloc(st->a->ud, len ? len : 1);
		if (!q->buf) {
			st->a->free(st->a->ud, q, sizeof(*q));
			return SIP_ENOMEM;
		}
		if (len)
			memcpy(q->buf, buf, len);
		q->tx.buf = q->buf;
		q->tx.len = len;
	}
	q->tx.kind = kind;
	q->tx.tp = tp;
	q->tx.conn = conn;
	if (local)
		q->tx.local = *local;
	if (remote)
		q->tx.remote = *remote;
	if (st->txq_tail)
		st->txq_tail->next = q;
	else
		st->txq_head = q;
	st->txq_tail = q;
	return 0;
}

void sip__txq_fini(struct sip_stack *st)
{
	if (st->tx_cur)
		txq_free(st, st->tx_cur);
	st->tx_cur = NULL;
	while (st->txq_head) {
		struct sip__txq *q = st->txq_head;
		st->txq_head = q->next;
		txq_free(st, q);
	}
	st->txq_tail = NULL;
}

int sip_stack_poll_tx(struct sip_stack *st, struct sip_tx *tx)
{
	struct sip__txq *q;
	/* The record returned last time lived until this call. */
	if (st->tx_cur)
		txq_free(st, st->tx_cur);
	st->tx_cur = NULL;
	q = st->txq_head;
	if (!q)
		return 0;
	st->txq_head = q->next;
	if (!st->txq_head)
		st->txq_tail = NULL;
	st->tx_cur = q;
	*tx = q->tx;
	return 1;
}

/* ---- Events ------------------------------------------------------------- */

void sip__stack_event(struct sip_stack *st, const struct sip_event *ev)
{
	if (st->ev_n == SIP__NEV) {
		st->ev_dropped++;
		sip__stack_log(st, 0, "event queue full: event %d dropped", (int)ev->type);
		return;
	}
	st->ev[(st->ev_head + st->ev_n) % SIP__NEV] = *ev;
	st->ev_n++;
}

int sip_stack_poll_event(struct sip_stack *st, struct sip_event *ev)
{
	if (!st->ev_n)
		return 0;
	*ev = st->ev[st->ev_head];
	st->ev_head = (st->ev_head + 1) % SIP__NEV;
	st->ev_n--;
	return 1;
}

/* ---- Log ---------------------------------------------------------------- */

void sip__stack_log(struct sip_stack *st, int level, const char *fmt, ...)
{
	struct sip__logline *l;
	va_list ap;
	if (st->log_n == SIP__NLOG) {
		st->log_dropped++;
		return;
	}
	l = &st->log[(st->log_head + st->log_n) % SIP__NLOG];
	l->level = level;
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof(l->text), fmt, ap);
	va_end(ap);
	st->log_n++;
}

int sip_stack_poll_log(struct sip_stack *st, int *level, const char **line)
{
	if (st->log_dropped && st->log_n == 0) {
		/* Reported once the queue has drained, so it comes after the
		 * lines it follows. */
		snprintf(st->log_out, sizeof(st->log_out), "%lu log lines dropped (queue full)",
		         st->log_dropped);
		st->log_dropped = 0;
		*level = 1;
		*line = st->log_out;
		return 1;
	}
	if (!st->log_n)
		return 0;
	memcpy(st->log_out, st->log[st->log_head].text, sizeof(st->log_out));
	*level = st->log[st->log_head].level;
	*line = st->log_out;
	st->log_head = (st->log_head + 1) % SIP__NLOG;
	st->log_n--;
	return 1;
}

/* Internal: the state of the sans-I/O endpoint, shared by stack.c (life
 * cycle, transactions, services), stack_queue.c (output queues),
 * stack_recv.c (the receive path) and stack_send.c (the send path). */
#ifndef SIPREF_SRC_STACK_INT_H
#define SIPREF_SRC_STACK_INT_H

#include <stddef.h>

#include "stack_impl.h"
#include "transport/conn.h"
#include "transport/via.h"
#include "txn/match.h"

#define SIP__MAX_LISTEN 16
#define SIP__NEV        256 /* queued application events */
#define SIP__NLOG       256 /* queued log lines */
#define SIP__LOGLEN     200 /* bytes per log line, NUL included */
#define SIP__TAG_LEN    10  /* To tags of stateless responses */

struct sip__listen {
	enum sip_transport tp;
	struct sip_addr addr;
};

/* A transaction of the stack: the machine (txn.h), its matching key, and
 * where its messages go. */
struct sip__stx {
	struct sip_txn txn; /* first: a sip_txn pointer is a sip__stx pointer */
	struct sip__mkey key;
	struct sip_stack *st;
	/* Client: the next hop (18.1.1). Server: where responses go (18.2.2);
	 * dest.conn is the connection the request arrived on. */
	struct sip__dest dest;
	struct sip_addr local; /* UDP: the address to send from */
	uint32_t conn;         /* the stream connection last used; 0 for none */
	unsigned char lost;    /* its connection closed; transport error pending */
	unsigned char linked;  /* in st->txns and the match table */
	struct sip_timer terr; /* a transport error reported from the next expiry */
	struct sip__stx *prev, *next;
};

struct sip__txq {
	struct sip__txq *next;
	struct sip_tx tx;
	char *buf; /* owned; tx.buf points here */
};

struct sip__logline {
	int level;
	char text[SIP__LOGLEN];
};

struct sip_stack {
	const struct sip_allocator *a;
	struct sip_stack_config cfg;
	struct sip__resolver res;
	struct sip_timer_heap timers;
	struct sip_txn_env env;
	struct sip__listen listen[SIP__MAX_LISTEN];
	size_t nlisten;
	struct sip__conns conns;
	struct sip__mtable mt;
	struct sip__stx *txns;
	uint32_t txn_id;
	uint64_t now; /* the latest time given by the caller */
	uint64_t rng; /* splitmix64 state */

	/* Output: transmissions (FIFO), events and log lines (rings). */
	struct sip__txq *txq_head, *txq_tail, *tx_cur;
	struct sip_event ev[SIP__NEV];
	size_t ev_head, ev_n;
	unsigned long ev_dropped;
	struct sip__logline log[SIP__NLOG];
	size_t log_head, log_n;
	unsigned long log_dropped;
	char log_out[SIP__LOGLEN];

	/* Receive side: the message being handled, a copy of it amended by
	 * 18.2.1, and a second message for what the TU hands down. */
	struct sip_msg *rx_msg, *aux_msg;
	char *rxbuf;
	size_t rxbuf_cap;
	/* What the TU callback passes up (set around sip_txn_start/input). */
	struct sip_msg *cur;
	const struct sip__dest *cur_from;

	void (*trace)(void *ud, const struct sip_txn_trace *rec);
	void *trace_ud;
	struct sip__ua *ua;
};

static inline struct sip__stx *sip__stx_of(struct sip_txn *t)
{
	return (struct sip__stx *)t;
}

static inline struct sip__stx *sip__stx_of_key(struct sip__mkey *k)
{
	return (struct sip__stx *)((char *)k - offsetof(struct sip__stx, key));
}

/* stack.c */
struct sip__stx *sip__stx_new(struct sip_stack *st);
/* Links x, whose key is set, into st->txns and the match table. */
void sip__stx_link(struct sip_stack *st, struct sip__stx *x);
/* Unlinks (table and list), stops its timers and frees x. */
void sip__stx_free(struct sip_stack *st, struct sip__stx *x);
/* Reports a transport error to x from the next expiry (never from inside a
 * transition). */
void sip__stx_defer_error(struct sip_stack *st, struct sip__stx *x);
/* Forgets connection c (already announced closed or to be closed) and gives
 * the transactions that used it a transport error (17.1.4, 17.2.4). */
void sip__stack_drop_conn(struct sip_stack *st, struct sip__conn *c);
/* A buffer of at least n bytes in st->rxbuf. 0 or SIP_ENOMEM. */
int sip__stack_rxbuf(struct sip_stack *st, size_t n);

/* stack_queue.c */
/* Queues a transmission; buf (len bytes) is copied. 0 or SIP_ENOMEM. */
int sip__txq_push(struct sip_stack *st, enum sip_tx_kind kind, enum sip_transport tp, uint32_t conn,
                  const struct sip_addr *local, const struct sip_addr *remote, const char *buf,
                  size_t len);
void sip__txq_fini(struct sip_stack *st);

/* stack_send.c */
/* Sends buf towards d: a datagram from `local` (NULL: the transport's
 * default), or bytes on connection d->conn while it is open, else on one
 * to d->remote (reused, or announced with SIP_TX_CONNECT first). *conn gets
 * the connection used (0 for UDP) when conn is not NULL. 0, SIP_ENOMEM. */
int sip__stack_route(struct sip_stack *st, const struct sip__dest *d, const struct sip_addr *local,
                     const char *buf, size_t len, uint32_t *conn);

/* What a received message came with. */
struct sip__rx {
	enum sip_transport tp;
	uint32_t conn; /* 0 for datagrams */
	const struct sip_addr *local;
	struct sip__dest from; /* where it came from (tp, remote, conn) */
};

/* stack_reject.c */
/* Answers request m, which gets no transaction, with `status` and the
 * reason in a Warning (399): to the 18.2.2 destination of its top Via, or on
 * the stream it came on when it has no usable Via. An ACK is never
 * answered (17). 0 or SIP_ENOMEM. */
int sip__stack_reply(struct sip_stack *st, struct sip_msg *m, const struct sip__rx *r,
                     unsigned status, const char *reason);
/* RFC 3261 18.2.1 / RFC 3581 4: amends the top Via of request m (received,
 * rport) in a copy (st->rxbuf) and reparses m from it. 0, SIP_ENOMEM, or
 * SIP_EINVAL. */
int sip__stack_stamp(struct sip_stack *st, struct sip_msg *m, const struct sip__rx *r);
/* A request the parser refused (perr->status nonzero): answered from the
 * header fields that can be salvaged from buf when a Via among them is
 * usable, else dropped. 0 or SIP_ENOMEM. */
int sip__stack_on_unparsed(struct sip_stack *st, const char *buf, size_t len,
                           const struct sip__rx *r, const struct sip_perr *perr);

/* stack_recv.c */
/* One framed message (a datagram, or a frame of stream conn). */
int sip__stack_on_message(struct sip_stack *st, enum sip_transport tp, uint32_t conn,
                          const struct sip_addr *local, const struct sip_addr *remote,
                          const char *buf, size_t len, unsigned flags);

#endif

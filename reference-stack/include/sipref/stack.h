/* sipref: the sans-I/O SIP endpoint (DESIGN.md "The reference stack is
 * sans-I/O").
 *
 * Bytes and time go in (sip_stack_recv, sip_stack_handle_expiry and the UA
 * control calls of ua.h, each carrying `now` in milliseconds on a monotonic
 * scale); what the endpoint wants done comes out of queues the caller drains:
 * transmissions and connection requests (sip_stack_poll_tx), application
 * events (sip_stack_poll_event), and log lines (sip_stack_poll_log). The core
 * never touches a socket, a thread or a clock, and never blocks.
 *
 * Layers, bottom up: transport (src/transport/: datagrams, per-connection
 * stream framing, Via received/rport, response routing of 18.2.2), the
 * transaction layer (src/txn/), and the transaction user: the UA core with
 * dialogs (src/ua/, src/dialog/). */
#ifndef SIPREF_STACK_H
#define SIPREF_STACK_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "alloc.h"
#include "txn.h"

struct sip_stack;
struct sip_ua_config; /* ua.h */

struct sip_stack_config {
	const struct sip_allocator *alloc; /* NULL: malloc */
	uint32_t t1, t2, t4;               /* ms; 0: 500, 4000, 5000 (RFC 3261 Table 4) */
	uint64_t seed;    /* seeds branch, tag and Call-ID generation: the shell passes
	                   * entropy, tests a constant so runs are reproducible */
	size_t max_msg;   /* largest message accepted on a stream; 0: 65535 */
	unsigned lenient; /* SIP_LENIENT_* the parser allows (default none) */
	const struct sip_ua_config *ua; /* the UA core's behaviour; NULL: defaults */
	/* Resolves a host name for a destination (the core does no DNS). NULL:
	 * only IP literals can be reached. 0 or a negative SIP_E* code. */
	int (*resolve)(void *ud, struct sip_str host, struct sip_addr *out);
	void *resolve_ud;
};

/* NULL on allocation failure or a bad configuration. */
struct sip_stack *sip_stack_new(const struct sip_stack_config *cfg);
void sip_stack_free(struct sip_stack *st);

/* Declares a local transport address the shell listens on. Used for Via
 * sent-by and Contact, and to attribute arriving datagrams. The first one of
 * a transport is its default. 0, SIP_ENOMEM, SIP_EINVAL. */
int sip_stack_listen(struct sip_stack *st, enum sip_transport tp, const struct sip_addr *local);

/* Connections (TCP, TLS). The shell owns the sockets; the stack names
 * connections with nonzero ids. An accepted connection gets its id here; one
 * the stack wants opened is announced by a SIP_TX_CONNECT carrying the id. */
uint32_t sip_stack_conn_accepted(struct sip_stack *st, enum sip_transport tp,
                                 const struct sip_addr *local, const struct sip_addr *remote,
                                 uint64_t now); /* 0: refused (out of memory) */
/* The connection is gone (peer closed, reset, or connect failed: `error`
 * nonzero). Transactions using it see a transport error (17.1.4, 17.2.4). */
void sip_stack_conn_closed(struct sip_stack *st, uint32_t conn, int error, uint64_t now);

/* Bytes arrived: one datagram (UDP, conn 0) or the next bytes of stream
 * `conn`. Malformed requests get the stateless response the RFC prescribes
 * (400, 505, ...) or are dropped; malformed responses are dropped; an
 * unframeable stream is closed (SIP_TX_CLOSE). Returns 0 or SIP_ENOMEM;
 * protocol errors are handled, not returned. */
int sip_stack_recv(struct sip_stack *st, enum sip_transport tp, uint32_t conn,
                   const struct sip_addr *local, const struct sip_addr *remote, const void *buf,
                   size_t len, uint64_t now);

enum sip_tx_kind {
	SIP_TX_SEND,    /* transmit buf: a datagram (UDP) or bytes on connection `conn` */
	SIP_TX_CONNECT, /* open a connection to `remote` and call it `conn`; SENDs with
	                 * that id follow and are to be written once it is up */
	SIP_TX_CLOSE,   /* close connection `conn` */
};

struct sip_tx {
	enum sip_tx_kind kind;
	enum sip_transport tp;
	uint32_t conn; /* 0 for UDP */
	struct sip_addr local, remote;
	const char *buf;
	size_t len;
};

/* 1 and *tx filled (valid until the next call on st), or 0 when nothing is
 * queued. */
int sip_stack_poll_tx(struct sip_stack *st, struct sip_tx *tx);

/* Earliest timer deadline; UINT64_MAX when none. */
uint64_t sip_stack_next_expiry(const struct sip_stack *st);
/* Fires every timer due at `now`. */
void sip_stack_handle_expiry(struct sip_stack *st, uint64_t now);

/* What happened, for the application (and the suite's triggers). */
enum sip_event_type {
	SIP_EV_INCOMING_CALL,    /* an INVITE created a call (UAS) */
	SIP_EV_RINGING,          /* UAC: a 180/183 arrived */
	SIP_EV_ANSWERED,         /* a call is confirmed (2xx sent and ACKed, or 2xx received) */
	SIP_EV_CALL_FAILED,      /* UAC: final non-2xx, or timeout (status 408) */
	SIP_EV_CALL_ENDED,       /* BYE sent or received, or 2xx never ACKed (13.3.1.4) */
	SIP_EV_CANCELLED,        /* UAS: the INVITE was CANCELled (487 sent) */
	SIP_EV_REQUEST_DONE,     /* UAC non-INVITE (OPTIONS, REGISTER, BYE...) got a final status */
	SIP_EV_REQUEST_RECEIVED, /* UAS: any request handed to the UA core */
};

struct sip_event {
	enum sip_event_type type;
	uint32_t call;   /* call handle (ua.h), 0 when not about a call */
	unsigned status; /* response status, where there is one */
	char method[16]; /* request method, where there is one */
	char text[96];   /* short human-readable detail */
};

/* 1 and *ev filled, or 0. */
int sip_stack_poll_event(struct sip_stack *st, struct sip_event *ev);

/* Log lines (level: 0 error, 1 warning, 2 info, 3 debug). 1 and the line
 * (valid until the next call), or 0. Lines past the queue's capacity are
 * counted and reported as dropped. */
int sip_stack_poll_log(struct sip_stack *st, int *level, const char **line);

/* Every transaction transition (txn.h), for tests and coverage reports. */
void sip_stack_set_trace(struct sip_stack *st,
                         void (*fn)(void *ud, const struct sip_txn_trace *rec), void *ud);

#endif

/* sipref: SIP transactions (RFC 3261 section 17, RFC 6026).
 *
 * The four machines (ICT, NICT, IST, NIST) are `static const` transition
 * tables in src/txn/ (one file each, the RFC section in every row). A
 * transaction is driven by events: the embedding code (the stack) reports what
 * arrived from the transport or the transaction user (TU) with sip_txn_input,
 * and timers fire through the endpoint's sip_timer_heap. Everything the machine
 * does leaves through the callbacks of struct sip_txn_env: bytes to transmit,
 * notifications for the TU, and one trace record per transition. No clock is
 * read: every call carries `now` (ms).
 *
 * A (state, event) pair with no row is not silently ignored: it produces a
 * trace record with row -1 and sip_txn_input returns SIP_ESTATE. */
#ifndef SIPREF_TXN_H
#define SIPREF_TXN_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "error.h"
#include "timer.h"

enum sip_txn_kind { SIP_TXN_ICT, SIP_TXN_NICT, SIP_TXN_IST, SIP_TXN_NIST };

/* State names as the RFC figures spell them (RFC 6026 adds Accepted). */
/* A table laid out by hand. */
/* clang-format off */
#define SIP_TXN_STATES(X)           \
	X(INIT, "Init")             \
	X(CALLING, "Calling")       \
	X(TRYING, "Trying")         \
	X(PROCEEDING, "Proceeding") \
	X(COMPLETED, "Completed")   \
	X(CONFIRMED, "Confirmed") X(ACCEPTED, "Accepted") X(TERMINATED, "Terminated")
/* clang-format on */

enum sip_txn_state {
#define SIP__S(id, name) SIP_TXN_##id,
	SIP_TXN_STATES(SIP__S)
#undef SIP__S
	        SIP_TXN_STATE__COUNT
};

/* Timers of RFC 3261 Table 4 that a transaction runs (C belongs to the
 * proxy core), plus RFC 6026's L and M. */
/* A table laid out by hand. */
/* clang-format off */
#define SIP_TXN_TIMERS(X) X(A) X(B) X(D) X(E) X(F) X(G) X(H) X(I) X(J) X(K) X(L) X(M)
/* clang-format on */

enum sip_txn_timer {
#define SIP__T(id) SIP_TXN_TIMER_##id,
	SIP_TXN_TIMERS(SIP__T)
#undef SIP__T
	        SIP_TXN_TIMER__COUNT
};

/* A table laid out by hand. */
/* clang-format off */
#define SIP_TXN_EVENTS(X)                                                                      \
	X(START, "start")                     /* client txn started; server txn created */     \
	X(RECV_1XX, "recv 1xx")               /* client: provisional response arrived */       \
	X(RECV_2XX, "recv 2xx")               /* client: 2xx arrived */                        \
	X(RECV_3XX_6XX, "recv 300-699")       /* client: error final response arrived */       \
	X(RECV_REQUEST, "recv request")       /* server: the request again (retransmission) */ \
	X(RECV_ACK, "recv ACK")               /* IST: an ACK matching the transaction */       \
	X(SEND_1XX, "TU 1xx")                 /* server: TU sends a provisional response */    \
	X(SEND_2XX, "TU 2xx")                 /* server: TU sends a 2xx */                     \
	X(SEND_3XX_6XX, "TU 300-699")         /* server: TU sends an error final response */   \
	X(TRANSPORT_ERROR, "transport error") /* 17.1.4, 17.2.4 */                             \
	X(TIMER_A, "Timer A") X(TIMER_B, "Timer B") X(TIMER_D, "Timer D")                      \
	X(TIMER_E, "Timer E") X(TIMER_F, "Timer F") X(TIMER_G, "Timer G")                      \
	X(TIMER_H, "Timer H") X(TIMER_I, "Timer I") X(TIMER_J, "Timer J")                      \
	X(TIMER_K, "Timer K") X(TIMER_L, "Timer L") X(TIMER_M, "Timer M")
/* clang-format on */

enum sip_txn_event {
#define SIP__EV(id, name) SIP_TXN_EV_##id,
	SIP_TXN_EVENTS(SIP__EV)
#undef SIP__EV
	        SIP_TXN_EV__COUNT
};

/* What the transaction tells its TU. */
enum sip_txn_tu {
	SIP_TXN_TU_REQUEST,         /* server: the request (or, in Accepted, the ACK for a 2xx) */
	SIP_TXN_TU_RESPONSE,        /* client: a response to pass up */
	SIP_TXN_TU_TIMEOUT,         /* Timer B/F/H: no answer (17.1.1.2, 17.1.2.2, 17.2.1) */
	SIP_TXN_TU_TRANSPORT_ERROR, /* 17.1.4, 17.2.4 */
	SIP_TXN_TU_TERMINATED       /* the transaction is over; the owner may free it now */
};

/* One transition, as the trace reports it. */
struct sip_txn_trace {
	uint32_t txn; /* sip_txn.id */
	enum sip_txn_kind kind;
	enum sip_txn_state from, to;
	enum sip_txn_event event;
	int row;         /* index in the kind's table; -1: no row for (from, event) */
	const char *rfc; /* the row's RFC section */
	uint64_t now;
};

struct sip_txn;

/* Shared by every transaction of an endpoint. */
struct sip_txn_env {
	struct sip_timer_heap *timers;
	uint32_t t1, t2, t4; /* ms; RFC 3261 defaults 500, 4000, 5000 */
	void *ud;
	/* Hand bytes to the transport: the request, its retransmissions, an ACK
	 * for a non-2xx (17.1.1.3), a response or its retransmission. */
	void (*send)(void *ud, struct sip_txn *t, const char *buf, size_t len);
	/* Notify the TU. buf/len carry the message for REQUEST/RESPONSE. */
	void (*tu)(void *ud, struct sip_txn *t, enum sip_txn_tu what, const char *buf, size_t len);
	/* Optional: one record per transition. */
	void (*trace)(void *ud, const struct sip_txn_trace *rec);
};

struct sip_txn_tmr {
	struct sip_timer timer;
	struct sip_txn *txn;
	enum sip_txn_timer which;
};

struct sip_txn {
	enum sip_txn_kind kind;
	enum sip_txn_state state;
	unsigned char reliable; /* transport is reliable (TCP, TLS, SCTP) */
	uint32_t id;
	const struct sip_txn_env *env;
	const struct sip_allocator *a;
	struct sip_txn_tmr tmr[SIP_TXN_TIMER__COUNT];
	uint32_t backoff; /* current interval of Timer A, E or G */
	/* Client: the request sent. Server: the request received. */
	char *req;
	size_t req_len;
	/* Server: the last response sent. ICT: the ACK for a 300-699. */
	char *last;
	size_t last_len;
	void *user; /* for the embedding code */
};

/* Prepares t (no allocation, no output). */
void sip_txn_init(struct sip_txn *t, enum sip_txn_kind kind, const struct sip_txn_env *env,
                  const struct sip_allocator *a, int reliable, uint32_t id);

/* Client: starts the transaction with the request to send (copied).
 * Server: creates it from the request that arrived (copied), which is passed
 * to the TU. 0, SIP_ENOMEM, SIP_ESTATE. */
int sip_txn_start(struct sip_txn *t, const char *req, size_t len, uint64_t now);

/* Reports an event (not START, not a timer) with its message bytes:
 * responses that arrived (client), the request or ACK again (server), or
 * the response the TU sends (server; copied for retransmission). For
 * RECV_3XX_6XX on an ICT, `ack`/`ack_len` is the ACK the embedding code
 * built per 17.1.1.3 (copied; retransmitted on further final responses).
 * Returns 0, SIP_ESTATE when the machine has no row for the event in its
 * current state (traced with row -1), or SIP_ENOMEM. */
int sip_txn_input(struct sip_txn *t, enum sip_txn_event ev, const char *buf, size_t len,
                  const char *ack, size_t ack_len, uint64_t now);

/* Classifies a response status for sip_txn_input: RECV_1XX, RECV_2XX or
 * RECV_3XX_6XX (client side), SEND_* for server side when `sending`. */
enum sip_txn_event sip_txn_response_event(unsigned status, int sending);

/* Frees what the transaction holds and stops its timers. */
void sip_txn_fini(struct sip_txn *t);

const char *sip_txn_state_name(enum sip_txn_state s);
const char *sip_txn_event_name(enum sip_txn_event e);
const char *sip_txn_kind_name(enum sip_txn_kind k);

/* The tables, for coverage reporting: number of rows of a kind, and a row's
 * (state, event) and RFC section. */
size_t sip_txn_table_size(enum sip_txn_kind k);
void sip_txn_table_row(enum sip_txn_kind k, size_t i, enum sip_txn_state *state,
                       enum sip_txn_event *ev, const char **rfc);

#endif

/* Internal: the shape of a transaction table row, shared by the four tables
 * (ict.c, nict.c, ist.c, nist.c) and the engine (txn.c). */
#ifndef SIPREF_SRC_TXN_TXN_IMPL_H
#define SIPREF_SRC_TXN_TXN_IMPL_H

#include "sipref/txn.h"

/* What a row does, in this order. */
enum {
	TA_SEND_REQ = 1u << 0,   /* pass the request to the transport (again) */
	TA_SEND_RESP = 1u << 1,  /* keep the TU's response and pass it to the transport */
	TA_RETX_RESP = 1u << 2,  /* pass the last response to the transport again */
	TA_SEND_ACK = 1u << 3,   /* keep the ACK built for this 300-699 and send it */
	TA_RESEND_ACK = 1u << 4, /* send the kept ACK again */
	TA_TU_REQ = 1u << 5,     /* pass the request (or ACK) up to the TU */
	TA_TU_RESP = 1u << 6,    /* pass the response up to the TU */
	TA_TU_TIMEOUT = 1u << 7, /* tell the TU the transaction timed out */
	TA_TU_TERR = 1u << 8,    /* tell the TU about a transport error */
};

#define TMR(x) (1u << SIP_TXN_TIMER_##x)

struct sip__txn_row {
	enum sip_txn_state state;
	enum sip_txn_event ev;
	enum sip_txn_state next;
	unsigned actions; /* TA_* */
	unsigned stop;    /* timers to stop (TMR mask) */
	unsigned arm; /* timers to (re)start (TMR mask); A, E, G only on unreliable transports */
	const char *rfc;
};

struct sip__txn_table {
	const struct sip__txn_row *rows;
	size_t n;
};

extern const struct sip__txn_table sip__txn_ict, sip__txn_nict, sip__txn_ist, sip__txn_nist;

#endif

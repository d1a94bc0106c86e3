/* Internal: the ACK a client INVITE transaction sends for a 300-699
 * response (RFC 3261 17.1.1.3). */
#ifndef SIPREF_SRC_TXN_ACK_H
#define SIPREF_SRC_TXN_ACK_H

#include "sipref/buf.h"
#include "sipref/msg.h"

/* Writes the ACK for `resp` to the original request `req` into b:
 * Request-URI, Call-ID and From of the request, CSeq with its number and
 * method ACK, its top Via only, its Route header fields, To from the
 * response. Returns the size needed; 0 when req or resp lacks what the ACK
 * needs (a top Via, a CSeq, a To). */
size_t sip__txn_build_ack(struct sip_buf *b, struct sip_msg *req, struct sip_msg *resp);

#endif

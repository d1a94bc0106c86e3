/* INVITE server transaction: RFC 3261 17.2.1 (Figure 7) as amended by RFC
 * 6026 7.1 (Figure 5: a 2xx moves to Accepted, Timer L, ACKs go to the TU).
 *
 * The 100 (Trying) that 17.2.1 asks for when the TU will not answer within
 * 200 ms is the TU's response like any other (SEND_1XX): the UA core sends it
 * at once, so the table needs no timer for it. */
#include "txn_impl.h"

#define S(x) SIP_TXN_##x
#define E(x) SIP_TXN_EV_##x

static const struct sip__txn_row rows[] = {
        {S(INIT), E(START), S(PROCEEDING), TA_TU_REQ, 0, 0, "RFC 3261 17.2.1"},
        {S(PROCEEDING), E(RECV_REQUEST), S(PROCEEDING), TA_RETX_RESP, 0, 0, "RFC 3261 17.2.1"},
        {S(PROCEEDING), E(SEND_1XX), S(PROCEEDING), TA_SEND_RESP, 0, 0, "RFC 3261 17.2.1"},
        {S(PROCEEDING), E(SEND_2XX), S(ACCEPTED), TA_SEND_RESP, 0, TMR(L), "RFC 6026 7.1"},
        {S(PROCEEDING), E(SEND_3XX_6XX), S(COMPLETED), TA_SEND_RESP, 0, TMR(G) | TMR(H),
         "RFC 3261 17.2.1"},
        {S(PROCEEDING), E(TRANSPORT_ERROR), S(TERMINATED), TA_TU_TERR, 0, 0, "RFC 3261 17.2.4"},
        {S(COMPLETED), E(RECV_REQUEST), S(COMPLETED), TA_RETX_RESP, 0, 0, "RFC 3261 17.2.1"},
        {S(COMPLETED), E(TIMER_G), S(COMPLETED), TA_RETX_RESP, 0, TMR(G), "RFC 3261 17.2.1"},
        {S(COMPLETED), E(TIMER_H), S(TERMINATED), TA_TU_TIMEOUT, 0, 0, "RFC 3261 17.2.1"},
        {S(COMPLETED), E(RECV_ACK), S(CONFIRMED), 0, TMR(G) | TMR(H), TMR(I), "RFC 3261 17.2.1"},
        {S(COMPLETED), E(TRANSPORT_ERROR), S(TERMINATED), TA_TU_TERR, 0, 0, "RFC 3261 17.2.4"},
        /* Confirmed absorbs ACKs (and INVITE retransmissions) until Timer I. */
        {S(CONFIRMED), E(RECV_ACK), S(CONFIRMED), 0, 0, 0, "RFC 3261 17.2.1"},
        {S(CONFIRMED), E(RECV_REQUEST), S(CONFIRMED), 0, 0, 0, "RFC 3261 17.2.1"},
        {S(CONFIRMED), E(TIMER_I), S(TERMINATED), 0, 0, 0, "RFC 3261 17.2.1"},
        {S(ACCEPTED), E(RECV_REQUEST), S(ACCEPTED), 0, 0, 0, "RFC 6026 7.1"},
        {S(ACCEPTED), E(SEND_2XX), S(ACCEPTED), TA_SEND_RESP, 0, 0, "RFC 6026 7.1"},
        {S(ACCEPTED), E(RECV_ACK), S(ACCEPTED), TA_TU_REQ, 0, 0, "RFC 6026 7.1"},
        /* The TU hears of the failure; the transaction stays to absorb
         * INVITE retransmissions until Timer L. */
        {S(ACCEPTED), E(TRANSPORT_ERROR), S(ACCEPTED), TA_TU_TERR, 0, 0, "RFC 6026 7.1"},
        {S(ACCEPTED), E(TIMER_L), S(TERMINATED), 0, 0, 0, "RFC 6026 7.1"},
};

const struct sip__txn_table sip__txn_ist = {rows, sizeof(rows) / sizeof(rows[0])};

/* INVITE client transaction: RFC 3261 17.1.1.2 (Figure 5) as amended by
 * RFC 6026 7.2 (Figure 3: the Accepted state and Timer M). */
#include "txn_impl.h"

#define S(x) SIP_TXN_##x
#define E(x) SIP_TXN_EV_##x

static const struct sip__txn_row rows[] = {
        {S(INIT), E(START), S(CALLING), TA_SEND_REQ, 0, TMR(A) | TMR(B), "RFC 3261 17.1.1.2"},
        {S(CALLING), E(TIMER_A), S(CALLING), TA_SEND_REQ, 0, TMR(A), "RFC 3261 17.1.1.2"},
        {S(CALLING), E(TIMER_B), S(TERMINATED), TA_TU_TIMEOUT, 0, 0, "RFC 3261 17.1.1.2"},
        {S(CALLING), E(TRANSPORT_ERROR), S(TERMINATED), TA_TU_TERR, 0, 0, "RFC 3261 17.1.4"},
        {S(CALLING), E(RECV_1XX), S(PROCEEDING), TA_TU_RESP, TMR(A) | TMR(B), 0,
         "RFC 3261 17.1.1.2"},
        {S(CALLING), E(RECV_2XX), S(ACCEPTED), TA_TU_RESP, TMR(A) | TMR(B), TMR(M), "RFC 6026 7.2"},
        {S(CALLING), E(RECV_3XX_6XX), S(COMPLETED), TA_TU_RESP | TA_SEND_ACK, TMR(A) | TMR(B),
         TMR(D), "RFC 3261 17.1.1.2"},
        {S(PROCEEDING), E(RECV_1XX), S(PROCEEDING), TA_TU_RESP, 0, 0, "RFC 3261 17.1.1.2"},
        {S(PROCEEDING), E(RECV_2XX), S(ACCEPTED), TA_TU_RESP, 0, TMR(M), "RFC 6026 7.2"},
        {S(PROCEEDING), E(RECV_3XX_6XX), S(COMPLETED), TA_TU_RESP | TA_SEND_ACK, 0, TMR(D),
         "RFC 3261 17.1.1.2"},
        {S(COMPLETED), E(RECV_3XX_6XX), S(COMPLETED), TA_RESEND_ACK, 0, 0, "RFC 3261 17.1.1.2"},
        {S(COMPLETED), E(TRANSPORT_ERROR), S(TERMINATED), TA_TU_TERR, 0, 0, "RFC 3261 17.1.4"},
        {S(COMPLETED), E(TIMER_D), S(TERMINATED), 0, 0, 0, "RFC 3261 17.1.1.2"},
        {S(ACCEPTED), E(RECV_2XX), S(ACCEPTED), TA_TU_RESP, 0, 0, "RFC 6026 7.2"},
        {S(ACCEPTED), E(TIMER_M), S(TERMINATED), 0, 0, 0, "RFC 6026 7.2"},
};

const struct sip__txn_table sip__txn_ict = {rows, sizeof(rows) / sizeof(rows[0])};

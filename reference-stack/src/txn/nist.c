/* Non-INVITE server transaction: RFC 3261 17.2.2 (Figure 8). */
#include "txn_impl.h"

#define S(x) SIP_TXN_##x
#define E(x) SIP_TXN_EV_##x

static const struct sip__txn_row rows[] = {
        {S(INIT), E(START), S(TRYING), TA_TU_REQ, 0, 0, "RFC 3261 17.2.2"},
        /* Retransmissions in Trying are discarded (nothing to resend yet). */
        {S(TRYING), E(RECV_REQUEST), S(TRYING), 0, 0, 0, "RFC 3261 17.2.2"},
        {S(TRYING), E(SEND_1XX), S(PROCEEDING), TA_SEND_RESP, 0, 0, "RFC 3261 17.2.2"},
        {S(TRYING), E(SEND_2XX), S(COMPLETED), TA_SEND_RESP, 0, TMR(J), "RFC 3261 17.2.2"},
        {S(TRYING), E(SEND_3XX_6XX), S(COMPLETED), TA_SEND_RESP, 0, TMR(J), "RFC 3261 17.2.2"},
        {S(PROCEEDING), E(RECV_REQUEST), S(PROCEEDING), TA_RETX_RESP, 0, 0, "RFC 3261 17.2.2"},
        {S(PROCEEDING), E(SEND_1XX), S(PROCEEDING), TA_SEND_RESP, 0, 0, "RFC 3261 17.2.2"},
        {S(PROCEEDING), E(SEND_2XX), S(COMPLETED), TA_SEND_RESP, 0, TMR(J), "RFC 3261 17.2.2"},
        {S(PROCEEDING), E(SEND_3XX_6XX), S(COMPLETED), TA_SEND_RESP, 0, TMR(J), "RFC 3261 17.2.2"},
        {S(PROCEEDING), E(TRANSPORT_ERROR), S(TERMINATED), TA_TU_TERR, 0, 0, "RFC 3261 17.2.4"},
        {S(COMPLETED), E(RECV_REQUEST), S(COMPLETED), TA_RETX_RESP, 0, 0, "RFC 3261 17.2.2"},
        /* Other final responses from the TU are discarded in Completed. */
        {S(COMPLETED), E(SEND_2XX), S(COMPLETED), 0, 0, 0, "RFC 3261 17.2.2"},
        {S(COMPLETED), E(SEND_3XX_6XX), S(COMPLETED), 0, 0, 0, "RFC 3261 17.2.2"},
        {S(COMPLETED), E(TRANSPORT_ERROR), S(TERMINATED), TA_TU_TERR, 0, 0, "RFC 3261 17.2.4"},
        {S(COMPLETED), E(TIMER_J), S(TERMINATED), 0, 0, 0, "RFC 3261 17.2.2"},
};

const struct sip__txn_table sip__txn_nist = {rows, sizeof(rows) / sizeof(rows[0])};

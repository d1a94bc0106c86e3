/* Non-INVITE client transaction: RFC 3261 17.1.2.2 (Figure 6). */
#include "txn_impl.h"

#define S(x) SIP_TXN_##x
#define E(x) SIP_TXN_EV_##x

static const struct sip__txn_row rows[] = {
        {S(INIT), E(START), S(TRYING), TA_SEND_REQ, 0, TMR(E) | TMR(F), "RFC 3261 17.1.2.2"},
        {S(TRYING), E(TIMER_E), S(TRYING), TA_SEND_REQ, 0, TMR(E), "RFC 3261 17.1.2.2"},
        {S(TRYING), E(TIMER_F), S(TERMINATED), TA_TU_TIMEOUT, 0, 0, "RFC 3261 17.1.2.2"},
        {S(TRYING), E(TRANSPORT_ERROR), S(TERMINATED), TA_TU_TERR, 0, 0, "RFC 3261 17.1.4"},
        {S(TRYING), E(RECV_1XX), S(PROCEEDING), TA_TU_RESP, 0, 0, "RFC 3261 17.1.2.2"},
        {S(TRYING), E(RECV_2XX), S(COMPLETED), TA_TU_RESP, TMR(E) | TMR(F), TMR(K),
         "RFC 3261 17.1.2.2"},
        {S(TRYING), E(RECV_3XX_6XX), S(COMPLETED), TA_TU_RESP, TMR(E) | TMR(F), TMR(K),
         "RFC 3261 17.1.2.2"},
        {S(PROCEEDING), E(TIMER_E), S(PROCEEDING), TA_SEND_REQ, 0, TMR(E), "RFC 3261 17.1.2.2"},
        {S(PROCEEDING), E(TIMER_F), S(TERMINATED), TA_TU_TIMEOUT, 0, 0, "RFC 3261 17.1.2.2"},
        {S(PROCEEDING), E(TRANSPORT_ERROR), S(TERMINATED), TA_TU_TERR, 0, 0, "RFC 3261 17.1.4"},
        {S(PROCEEDING), E(RECV_1XX), S(PROCEEDING), TA_TU_RESP, 0, 0, "RFC 3261 17.1.2.2"},
        {S(PROCEEDING), E(RECV_2XX), S(COMPLETED), TA_TU_RESP, TMR(E) | TMR(F), TMR(K),
         "RFC 3261 17.1.2.2"},
        {S(PROCEEDING), E(RECV_3XX_6XX), S(COMPLETED), TA_TU_RESP, TMR(E) | TMR(F), TMR(K),
         "RFC 3261 17.1.2.2"},
        /* Completed buffers response retransmissions (17.1.2.2). */
        {S(COMPLETED), E(RECV_1XX), S(COMPLETED), 0, 0, 0, "RFC 3261 17.1.2.2"},
        {S(COMPLETED), E(RECV_2XX), S(COMPLETED), 0, 0, 0, "RFC 3261 17.1.2.2"},
        {S(COMPLETED), E(RECV_3XX_6XX), S(COMPLETED), 0, 0, 0, "RFC 3261 17.1.2.2"},
        {S(COMPLETED), E(TIMER_K), S(TERMINATED), 0, 0, 0, "RFC 3261 17.1.2.2"},
};

const struct sip__txn_table sip__txn_nict = {rows, sizeof(rows) / sizeof(rows[0])};

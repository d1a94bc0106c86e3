/* Internal: the seam between the stack (transport + transaction layers,
 * src/stack.c, src/transport/) and its transaction user, the UA core
 * (src/ua/, src/dialog/). The stack owns the transactions, the timer heap,
 * the output queues and the identifiers; the UA core owns calls and dialogs.
 *
 * Messages cross the seam as text the TU built (requests and responses are
 * built with src/msg/build.h helpers), and as parsed sip_msg for what
 * arrived (valid until the callback returns). */
#ifndef SIPREF_SRC_STACK_IMPL_H
#define SIPREF_SRC_STACK_IMPL_H

#include <stdarg.h>

#include "sipref/msg.h"
#include "sipref/stack.h"
#include "sipref/ua.h"

/* Where a message goes: transport, remote address, and for streams the
 * connection to use (0: reuse one to `remote` or open a new one). */
struct sip__dest {
	enum sip_transport tp;
	struct sip_addr remote;
	uint32_t conn;
};

/* ---- Services of the stack, for the TU ---------------------------------- */

/* RFC 3261 8.1.2 / 18.1.1 / RFC 3263 without DNS: where a request whose next
 * hop is `uri` goes (transport from ;transport= or sips, maddr, port default;
 * host names through the configured resolver). 0, SIP_EUNSUPP, SIP_ENOENT. */
int sip__stack_resolve(struct sip_stack *st, const struct sip_uri *uri, struct sip__dest *out);

/* The local address of transport tp (sip_stack_listen), NULL when none. Via
 * sent-by and Contact use it. */
const struct sip_addr *sip__stack_local(const struct sip_stack *st, enum sip_transport tp);

/* n random characters from the token alphabet (seeded by the config), for
 * branch suffixes, tags and Call-IDs. out gets no NUL. */
void sip__stack_token(struct sip_stack *st, char *out, size_t n);

/* Starts a client transaction (ICT for INVITE, NICT otherwise) for the
 * request text `req` (complete, with a top Via built from sip__stack_local
 * and a branch the TU made with the magic cookie, RFC 3261 8.1.1.7) towards
 * d. The transport layer may re-render that top Via (transport and sent-by,
 * branch and params kept) when it changes transport (18.1.1: UDP requests
 * over 1300 bytes go over TCP). `owner` is stored in
 * (*out)->user. 0, SIP_ENOMEM, SIP_EINVAL (unparseable request). */
int sip__stack_request(struct sip_stack *st, const char *req, size_t len, const struct sip__dest *d,
                       void *owner, struct sip_txn **out, uint64_t now);

/* Sends a response within server transaction t (which classifies it by
 * status and runs its table). 0 or a negative code. */
int sip__stack_respond(struct sip_stack *st, struct sip_txn *t, const char *resp, size_t len,
                       uint64_t now);

/* RFC 3261 9.2: the INVITE server transaction a CANCEL that arrived refers
 * to (matched per 17.2.3 with the method taken as INVITE, including the RFC
 * 2543 fallback), or NULL when there is none. */
struct sip_txn *sip__stack_match_cancel(struct sip_stack *st, struct sip_msg *cancel);

/* Sends a request outside any transaction: the ACK for a 2xx (13.2.2.4). */
int sip__stack_send_raw(struct sip_stack *st, const char *msg, size_t len,
                        const struct sip__dest *d);

/* Application events and log lines (sip_stack_poll_event / poll_log). */
void sip__stack_event(struct sip_stack *st, const struct sip_event *ev);
void sip__stack_log(struct sip_stack *st, int level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

struct sip_timer_heap *sip__stack_timers(struct sip_stack *st);
const struct sip_allocator *sip__stack_alloc(const struct sip_stack *st);
uint32_t sip__stack_t1(const struct sip_stack *st);
uint32_t sip__stack_t2(const struct sip_stack *st);
/* The UA core's state, allocated by sip__ua_new. */
struct sip__ua *sip__stack_ua(struct sip_stack *st);

/* ---- The TU, implemented by the UA core ---------------------------------- */

struct sip__ua;
struct sip__ua *sip__ua_new(struct sip_stack *st, const struct sip_ua_config *cfg);
void sip__ua_free(struct sip__ua *ua);

/* A request arrived. `t` is its new server transaction (IST or NIST; the TU
 * must answer through sip__stack_respond), or NULL for an ACK that matched no
 * transaction (the ACK for a 2xx, 13.3.1.4 / RFC 6026). `from` is where it
 * came from (responses go back per 18.2.2, which the stack applies). */
void sip__ua_request(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *req,
                     const struct sip__dest *from, uint64_t now);

/* A response for client transaction t arrived (passed up by its table). */
void sip__ua_response(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *resp, uint64_t now);

/* Transaction t timed out, hit a transport error, or terminated (after
 * which the stack frees it: drop every reference). */
void sip__ua_txn_event(struct sip__ua *ua, struct sip_txn *t, enum sip_txn_tu what, uint64_t now);

#endif

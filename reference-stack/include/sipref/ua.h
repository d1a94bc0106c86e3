/* sipref: the UA core (RFC 3261 8, 9, 12, 13, 14, 15) configuration and its
 * control interface: what a test tool (the suite's upper tester) uses to make
 * the reference UA originate requests. All calls are sans-I/O: they queue
 * transmissions on the stack (sip_stack_poll_tx) and report outcomes as
 * events (sip_stack_poll_event). */
#ifndef SIPREF_UA_H
#define SIPREF_UA_H

#include <stddef.h>
#include <stdint.h>

#include "stack.h"

enum sip_ua_answer {
	SIP_UA_ANSWER_AUTO,   /* 180 then 200 with an SDP answer (after answer_delay_ms) */
	SIP_UA_ANSWER_REJECT, /* the final status reject_status */
	SIP_UA_ANSWER_RING,   /* 180 and nothing more (CANCEL / timeout cases) */
};

struct sip_ua_config {
	const char *user;    /* local user part; default "sipref" */
	const char *domain;  /* for From and the AOR; default the first listen address */
	const char *display; /* display name; default none */
	enum sip_ua_answer answer;
	unsigned reject_status;   /* with SIP_UA_ANSWER_REJECT; default 486 */
	uint32_t answer_delay_ms; /* between 180 and 200; default 0 */
	/* Credentials for 401/407 challenges (RFC 3261 22.2); NULL: none. */
	const char *auth_user;
	const char *auth_password;
	unsigned max_redirects; /* 3xx recursion depth (8.1.3.4); default 5 */
	/* Outbound proxy for requests outside a dialog (NULL: the
	 * Request-URI's host). A SIP URI, e.g. "sip:127.0.0.1:5070;transport=tcp". */
	const char *outbound_proxy;
	const char *user_agent; /* User-Agent/Server value; default "sipref" */
};

/* Call handles are nonzero; 0 reports failure. */

/* INVITE `target` (a SIP URI). 0 on failure (bad URI, unreachable). */
uint32_t sip_ua_call(struct sip_stack *st, const char *target, size_t len, uint64_t now);
/* CANCEL a call not yet answered (9.1). 0 or SIP_ESTATE. */
int sip_ua_cancel(struct sip_stack *st, uint32_t call, uint64_t now);
/* BYE an established call (15.1.1); before it is answered, CANCEL. */
int sip_ua_hangup(struct sip_stack *st, uint32_t call, uint64_t now);
/* re-INVITE an established call with a new SDP version (14.1). */
int sip_ua_reinvite(struct sip_stack *st, uint32_t call, uint64_t now);
/* OPTIONS (11) and REGISTER (10.2) outside a dialog: the outcome is a
 * SIP_EV_REQUEST_DONE event. expires < 0: no Expires header. */
int sip_ua_options(struct sip_stack *st, const char *target, size_t len, uint64_t now);
int sip_ua_register(struct sip_stack *st, const char *registrar, size_t len, long expires,
                    uint64_t now);

/* Calls currently known (for shells that list them). */
size_t sip_ua_call_count(const struct sip_stack *st);

#endif

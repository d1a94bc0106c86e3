/* sipvet: rendering message templates with a run's variables.
 *
 * A struct vet_vars is the state of one run of one case: the addresses of
 * the IUT and of each agent, the transport, the fresh values (Call-ID, tags,
 * CSeq counters), captured variables and the messages seen so far by step.
 * Rendering is a pure function of the template and this context, except
 * that a send step draws its fresh branch and tag from the context's random
 * generator and advances the sending agent's CSeq counter (vet_send_begin).
 *
 * Storage: strings the runner puts in the context (hosts, users) must
 * outlive it; captured values are copied into the context's arena. */
#ifndef VET_TEMPLATE_H
#define VET_TEMPLATE_H

#include <stdint.h>

#include "case.h"
#include "sipref/buf.h"
#include "sipref/msg.h"

/* An address as the tester sees it. host: IPv6 literals WITHOUT brackets
 * (templates add them where a URI or Via needs them). */
struct vet_endpoint {
	struct sip_str host;
	uint16_t port;
	struct sip_str user;   /* may be empty */
	struct sip_str domain; /* IUT: the profile's domain; empty: host */
};

struct vet_agent_state {
	struct vet_endpoint ep;
	char tag[24];  /* NUL-terminated, fresh per run (VET_EP_TAG) */
	uint32_t cseq; /* last CSeq number used by this agent */
};

/* A message the run has seen, indexed by step (sent or received). */
struct vet_seen {
	struct sip_msg *msg; /* parsed; NULL when the step has no message yet */
	uint64_t at_us;      /* when it was sent or received (run clock) */
	int agent;           /* who sent or received it */
};

struct vet_vars {
	const struct vet_case *c;
	struct vet_endpoint iut;
	struct vet_agent_state *agents; /* c->nagents entries */
	unsigned transport;             /* one enum vet_transport bit */
	char call_id[40];               /* NUL-terminated */
	char branch[40];                /* current send step's, NUL-terminated */
	char tag[24];                   /* current send step's, NUL-terminated */
	struct sip_str *captures;       /* c->ncaptures; .p NULL: not captured */
	struct vet_seen *seen;          /* c->nsteps entries */
	uint64_t rng;                   /* xorshift state; never 0 */
	struct sip_arena arena;         /* captured values */
};

/* Initialises v for one run of c: allocates agents/captures/seen (zeroed),
 * draws the Call-ID and agent tags from seed (any value; 0 is remapped),
 * sets every agent's cseq to 0. The runner then fills iut and each
 * agents[i].ep, and transport. 0 or SIP_ENOMEM. */
int vet_vars_init(struct vet_vars *v, const struct vet_case *c, const struct sip_allocator *a,
                  uint64_t seed);
/* Frees what vet_vars_init allocated (not the messages in seen[]: the
 * runner owns those). */
void vet_vars_fini(struct vet_vars *v);

/* Sets capture slot to a copy of val. 0 or SIP_ENOMEM. */
int vet_vars_set_capture(struct vet_vars *v, int slot, struct sip_str val);

/* Called by the runner before rendering send step s for agent s->agent:
 * draws a fresh ${branch} ("z9hG4bK" + 16 hex, RFC 3261 8.1.1.7) and ${tag}
 * and, when the template is a request other than ACK and CANCEL, advances
 * the agent's CSeq counter (RFC 3261 8.1.1.5; ACK and CANCEL reuse the
 * INVITE's number, 17.1.1.3, 9.1). */
void vet_send_begin(struct vet_vars *v, const struct vet_step *s);

/* Why a rendering failed: the reference that could not be resolved. */
struct vet_tpl_err {
	struct vet_loc loc;
	char msg[160];
};

/* Renders t into out (a sip_buf: counts what does not fit; check
 * sip_buf_ok and retry with out->len bytes). agent: the sending agent (for
 * ${cseq}), -1 outside a send step. Content-Length: auto becomes the
 * length of the body after rendering (RFC 3261 20.14).
 * Returns 0, or SIP_EPARSE with err set when a reference has no value (a
 * capture not made, a step without a message, a field the message lacks). */
int vet_tpl_render(const struct vet_tpl *t, struct vet_vars *v, int agent, struct sip_buf *out,
                   struct vet_tpl_err *err);

/* Renders t into v's arena; *res points there. Same returns, plus
 * SIP_ENOMEM. */
int vet_tpl_render_str(const struct vet_tpl *t, struct vet_vars *v, int agent, struct sip_str *res,
                       struct vet_tpl_err *err);

/* Resolves one reference (what ${...} expands to) into out. Same returns as
 * vet_tpl_render. */
int vet_ref_render(const struct vet_ref *r, struct vet_vars *v, int agent, struct sip_buf *out,
                   struct vet_tpl_err *err);

#endif

/* Internal: the UA core (RFC 3261 8, 9, 11, 13, 14, 15), the transaction
 * user of the stack (src/stack_impl.h). Split by concept:
 *   ua.c          entry points, configuration, events, rendering
 *   call.c        call and client-request tables, timers, deferred freeing
 *   uas.c         8.2 request inspection (a table, in the RFC's order)
 *   respond.c     8.2.6 responses
 *   uac.c         8.1.1 request construction, client requests, 8.1.3
 *                 response processing shared by every method (401/407)
 *   invite_uas.c  13.3 answering an INVITE, 2xx retransmission, 9.2 CANCEL
 *   invite_uac.c  13.2 calling, ACK for 2xx, forking, 9.1 CANCEL
 *   redirect.c    8.1.3.4 the target set (3xx recursion)
 *   reinvite.c    14 both sides;  bye.c 15;  options.c 11;  register.c 10.2
 *   sdp_offer.c   RFC 3264 offer/answer
 *
 * Lifetime: calls and client requests are never freed while the UA core is
 * running one of its entry points (a stack service may call back into the
 * UA synchronously, e.g. a transport error while sending): they are marked
 * dead and collected when the outermost entry point returns. */
#ifndef SIPREF_SRC_UA_UA_IMPL_H
#define SIPREF_SRC_UA_UA_IMPL_H

#include <stdint.h>

#include "dialog/dialog.h"
#include "sipref/build.h"
#include "sipref/sdp.h"
#include "stack_impl.h"

struct sip__call;

/* A growable scratch buffer, reused for every message rendered. */
struct sip__sbuf {
	char *p;
	size_t cap;
};

typedef void sip__render_fn(struct sip_buf *b, const void *ctx);

/* UA timers (all on the stack's heap, sip__stack_timers). */
enum sip__ut {
	UT_ANSWER,   /* answer_delay_ms elapsed: send the 200 */
	UT_RETX_2XX, /* 13.3.1.4: retransmit the 2xx (T1 doubling to T2) */
	UT_NOACK,    /* 13.3.1.4: 64*T1 without ACK: BYE */
	UT_EXPIRES,  /* 13.3.1 step 1: the INVITE's Expires elapsed: 487 */
	UT_REINVITE, /* 14.1: retry a re-INVITE after a 491 */
	UT_CANCEL,   /* 9.1: 64*T1 after CANCEL with no final response */
	UT__COUNT
};

struct sip__utimer {
	struct sip_timer tm;
	struct sip__call *call;
	enum sip__ut which;
};

/* A dialog of a call plus what the UAC keeps to ACK its 2xx again. */
struct sip__dnode {
	struct sip__dnode *next;
	struct sip__dialog d;
	struct sip__ostr ack; /* 13.2.2.4: the ACK, sent again for each 2xx retransmission */
	struct sip__dest ack_dest;
};

/* An INVITE we are answering (13.3): the initial one or a re-INVITE. */
struct sip__sinv {
	struct sip_txn *ist; /* NULL once the transaction is gone */
	struct sip_msg *req; /* a copy of the INVITE (owned) */
	uint32_t cseq;
	unsigned char final;    /* a final response was sent */
	unsigned char reinvite; /* 14.2 */
	unsigned char offer;    /* the INVITE carried an offer */
	struct sip__ostr ok;    /* the 2xx while no ACK has come (13.3.1.4) */
	uint32_t retx;          /* current 2xx retransmission interval */
};

enum sip__cstate {
	CS_CALLING,   /* UAC: INVITE sent, nothing or 100 back */
	CS_EARLY,     /* UAC: 101-199 received; UAS: ringing */
	CS_ANSWERING, /* UAS: 2xx sent, waiting for the ACK */
	CS_CONFIRMED, /* established */
	CS_ENDED,
};

struct sip__creq;

struct sip__call {
	struct sip__call *next;
	struct sip__ua *ua;
	uint32_t id;
	unsigned char uac;
	unsigned char dead;
	enum sip__cstate state;
	enum sip_transport tp;   /* transport of the call's signalling (Contact) */
	struct sip__dnode *dlgs; /* every dialog of the call (forks, 12.1) */
	struct sip__dnode *dlg;  /* the one the call uses, once there is one */
	struct sip__utimer tmr[UT__COUNT];
	/* SDP (RFC 3264 8): our o= line's id and version. */
	uint64_t sdp_id, sdp_ver;
	uint16_t media_port;

	/* UAC: the request being formed (8.1.1) and the target set (8.1.3.4). */
	struct sip__ostr to_uri, call_id, local_tag;
	struct sip__ostr *targets;
	size_t ntargets, next_target;
	unsigned redirects;
	uint32_t cseq;         /* CSeq of the last INVITE sent */
	struct sip__ostr ruri; /* Request-URI of the last INVITE (CANCEL copies it) */
	struct sip__ostr branch;
	struct sip__dest dest;
	struct sip__ostr auth; /* Authorization / Proxy-Authorization lines */
	unsigned auth_tries;
	struct sip__creq *inv; /* the INVITE client request now in progress */
	size_t cur;            /* index of the target the INVITE went to */
	unsigned char got_1xx, ringing, cancel_wanted, cancel_sent;

	/* UAS side, and both sides for re-INVITEs received. */
	struct sip__sinv sinv;
	unsigned char bye_wanted; /* hang up as soon as 15 allows it */
	struct sip__creq *reinv;  /* our re-INVITE in progress (14.1) */
};

enum sip__crkind { CR_INVITE, CR_REINVITE, CR_CANCEL, CR_BYE, CR_OPTIONS, CR_REGISTER };

/* One client transaction the UA core started. */
struct sip__creq {
	struct sip__creq *next;
	struct sip__ua *ua;
	struct sip_txn *t; /* NULL once terminated */
	struct sip__call *call;
	struct sip__dnode *dn; /* the dialog an in-dialog request belongs to */
	enum sip__crkind kind;
	unsigned char dead;
	unsigned char quiet;    /* no REQUEST_DONE (BYE of an unwanted fork) */
	unsigned char finished; /* a final response (or failure) was handled */
	/* Out-of-dialog requests (OPTIONS, REGISTER), rebuilt for 401/407. */
	struct sip__ostr target, call_id, from_tag, auth;
	uint32_t cseq;
	long expires;
	unsigned auth_tries;
};

struct sip__ua_cfg {
	struct sip__ostr user, domain, display, auth_user, auth_password, proxy, user_agent;
	enum sip_ua_answer answer;
	unsigned reject_status;
	uint32_t answer_delay_ms;
	unsigned max_redirects;
};

#define SIP__MERGED 64

struct sip__ua {
	struct sip_stack *st;
	const struct sip_allocator *a;
	struct sip__ua_cfg cfg;
	struct sip__call *calls;
	struct sip__creq *creqs;
	uint32_t next_id;
	unsigned depth;
	struct sip__sbuf msg, part; /* scratch: whole messages; bodies and header blocks */
	/* 10.2: one Call-ID for every REGISTER of this UA, CSeq incremented. */
	struct sip__ostr reg_call_id;
	uint32_t reg_cseq;
	/* 8.2.2.2: recent requests without a To tag, to detect merged ones. */
	struct {
		uint64_t key, via, until;
	} merged[SIP__MERGED];
	unsigned merged_pos;
};

/* ---- ua.c, call.c ---------------------------------------------------------- */
void sip__ua_enter(struct sip__ua *ua);
void sip__ua_leave(struct sip__ua *ua); /* collects dead objects at depth 0 */
/* Renders fn(ctx) into sb, growing it as needed. *out is valid until sb is
 * used again. 0 or SIP_ENOMEM. */
int sip__ua_render(struct sip__ua *ua, struct sip__sbuf *sb, sip__render_fn *fn, const void *ctx,
                   struct sip_str *out);
void sip__ua_event(struct sip__ua *ua, enum sip_event_type type, uint32_t call, unsigned status,
                   const char *method, const char *text);
struct sip__call *sip__call_new(struct sip__ua *ua, int uac);
struct sip__call *sip__call_find(struct sip__ua *ua, uint32_t id);
void sip__call_end(struct sip__call *c);  /* stops its timers; freed later */
void sip__call_free(struct sip__call *c); /* now (sip__ua_free, collection) */
void sip__creq_free(struct sip__creq *cr);
struct sip__dnode *sip__call_add_dialog(struct sip__call *c);
void sip__call_drop_dialog(struct sip__call *c, struct sip__dnode *dn);
/* The dialog (of any call) a request received belongs to, NULL if none. */
struct sip__dnode *sip__ua_find_dialog(struct sip__ua *ua, struct sip_msg *req,
                                       struct sip__call **call);
void sip__call_timer(struct sip__call *c, enum sip__ut which, uint64_t at);
void sip__call_untimer(struct sip__call *c, enum sip__ut which);
/* A pseudo-random value below `mod` (any value when 0), from the stack's
 * seeded token stream. */
uint32_t sip__ua_random(struct sip__ua *ua, uint32_t mod);
/* Our identity (8.1.1.3): "sip:user@domain", the domain defaulting to the
 * first listen address. */
void sip__ua_aor(struct sip__ua *ua, struct sip_buf *b);
int sip__ua_send_ack(struct sip__ua *ua, struct sip__dnode *dn); /* send_raw of dn->ack */

/* ---- uac.c --------------------------------------------------------------- */
struct sip__req_opts {
	const struct sip__req_spec *spec;
	enum sip_transport tp;
	struct sip_str branch;
	int contact;            /* add our Contact (dialog-creating and target-refreshing) */
	int display;            /* From carries the configured display name */
	struct sip_str headers; /* extra header lines, each ending in CRLF */
	struct sip_str ctype, body;
};
/* 8.1.1: renders a request (the top Via from sip__stack_local). */
int sip__uac_render(struct sip__ua *ua, const struct sip__req_opts *o, struct sip_str *out);
/* Resolves spec->next_hop and fills dest. 0 or a negative code. */
int sip__uac_dest(struct sip__ua *ua, struct sip_str next_hop, struct sip__dest *dest);
/* "z9hG4bK" + token (8.1.1.7) into out[0..24). */
void sip__uac_branch(struct sip__ua *ua, char out[24]);
struct sip__creq *sip__creq_new(struct sip__ua *ua, enum sip__crkind kind, struct sip__call *c);
/* Starts the client transaction of cr with the rendered request. On
 * failure cr is marked dead. 0 or a negative code. */
int sip__creq_start(struct sip__creq *cr, struct sip_str req, const struct sip__dest *d,
                    uint64_t now);
/* 22.2: credentials for the challenges of a 401/407 answering a request
 * with `method` and Request-URI `ruri`, as header lines appended to *lines
 * (replacing earlier lines of the same header). 0 when the request can be
 * retried, else a negative code (no credentials, unsupported challenge,
 * already rejected). */
int sip__uac_auth(struct sip__ua *ua, struct sip_msg *resp, const char *method, struct sip_str ruri,
                  struct sip__ostr *lines, unsigned *tries);
/* Sends an in-dialog request (12.2.1.1) of `method` on dn, with a new CSeq
 * and the credential lines `auth` (NULL: none; kept in the request for a
 * later retry). kind selects what the response does. 0 or a negative
 * code. */
int sip__uac_in_dialog(struct sip__call *c, struct sip__dnode *dn, enum sip__crkind kind,
                       const char *method, const struct sip__ostr *auth, struct sip_str ctype,
                       struct sip_str body, int quiet, uint64_t now);

/* ---- uas.c, respond.c ------------------------------------------------------ */
struct sip__resp_x {
	const char *reason;
	struct sip_str to_tag; /* empty: a fresh tag (8.2.6.2) */
	struct sip_str headers;
	int copy_rr;
	int contact; /* add our Contact (12.1.1) for transport contact_tp */
	enum sip_transport contact_tp;
	struct sip_str ctype, body;
	struct sip__ostr *keep; /* when set, receives a copy of the response */
};
int sip__uas_respond(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *req, unsigned status,
                     const struct sip__resp_x *x, uint64_t now);
void sip__uas_request(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *req,
                      const struct sip__dest *from, uint64_t now);
/* 20.5: the methods we process, "INVITE, ACK, CANCEL, BYE, OPTIONS". */
extern const char sip__ua_allow[];
/* "Allow: ...\r\nSupported:\r\n" (11.2, 20.5, 20.37). */
void sip__ua_put_caps(struct sip_buf *b);
void sip__ua_put_contact(struct sip__ua *ua, struct sip_buf *b, enum sip_transport tp);

/* ---- invite_uas.c -------------------------------------------------------- */
void sip__uas_invite(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *req,
                     const struct sip__dest *from, uint64_t now);
void sip__uas_cancel(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *req, uint64_t now);
void sip__uas_ack(struct sip__ua *ua, struct sip_msg *req, uint64_t now);
/* Answers sinv with a 2xx carrying SDP and starts 13.3.1.4. */
int sip__uas_accept(struct sip__call *c, uint64_t now);
/* Final non-2xx for the INVITE being answered. */
int sip__uas_reject(struct sip__call *c, unsigned status, uint64_t now);
void sip__uas_timer(struct sip__call *c, enum sip__ut which, uint64_t now);
void sip__sinv_clear(struct sip__ua *ua, struct sip__sinv *s);
int sip__sinv_set(struct sip__ua *ua, struct sip__sinv *s, struct sip_txn *t, struct sip_msg *req);

/* ---- invite_uac.c, redirect.c ---------------------------------------------- */
/* Sends the INVITE to targets[c->cur] with a new CSeq and branch. */
int sip__uac_send_invite(struct sip__call *c, uint64_t now);
/* 8.1.3.4: the sip/sips Contacts of a 3xx into the target set. */
void sip__uac_add_contacts(struct sip__call *c, struct sip_msg *resp);
/* Next untried target, within max_redirects. 0 when an INVITE went out. */
int sip__uac_next_target(struct sip__call *c, uint64_t now);
void sip__uac_invite_response(struct sip__creq *cr, struct sip_msg *resp, unsigned status,
                              uint64_t now);
void sip__uac_invite_gone(struct sip__creq *cr); /* its ICT terminated */
void sip__uac_cancel_timer(struct sip__call *c, uint64_t now);
/* 13.2.2.4: builds the ACK for a 2xx to the INVITE with CSeq number `cseq`
 * on dn (kept in dn->ack for the 2xx's retransmissions) and sends it. */
int sip__uac_ack(struct sip__call *c, struct sip__dnode *dn, uint32_t cseq,
                 const struct sip__ostr *auth, uint64_t now);

/* ---- reinvite.c ---------------------------------------------------------- */
void sip__uas_reinvite(struct sip__call *c, struct sip__dnode *dn, struct sip_txn *t,
                       struct sip_msg *req, uint64_t now);
void sip__uac_reinvite_response(struct sip__creq *cr, struct sip_msg *resp, unsigned status,
                                uint64_t now);
void sip__reinvite_timer(struct sip__call *c, uint64_t now);

/* ---- bye.c --------------------------------------------------------------- */
void sip__uas_bye(struct sip__call *c, struct sip__dnode *dn, struct sip_txn *t,
                  struct sip_msg *req, uint64_t now);
/* 15.1.1: BYE on the call's dialog; ends the call. */
int sip__call_bye(struct sip__call *c, const char *why, uint64_t now);

/* ---- options.c / register.c ---------------------------------------------- */
void sip__uas_options(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *req, uint64_t now);
/* The final response (or failure) of an out-of-dialog request. */
void sip__uac_simple_response(struct sip__creq *cr, struct sip_msg *resp, unsigned status,
                              uint64_t now);
/* Renders and sends an OPTIONS or REGISTER from cr's stored fields. */
int sip__uac_simple_send(struct sip__creq *cr, uint64_t now);
/* Validates a target (8.1.1.1: a SIP or SIPS URI) and prepares a client
 * request outside a dialog with a fresh From tag. NULL on failure. */
struct sip__creq *sip__uac_simple_new(struct sip__ua *ua, enum sip__crkind kind, const char *target,
                                      size_t len);

/* ---- sdp_offer.c --------------------------------------------------------- */
/* RFC 3264 5: our offer (one audio stream, PCMU/PCMA/telephone-event). */
void sip__sdp_offer(struct sip_buf *b, const struct sip_addr *local, uint64_t id, uint64_t ver,
                    uint16_t port);
/* RFC 3264 6: the answer to `offer`; returns the number of streams
 * accepted (0: nothing acceptable, answer with 488). */
int sip__sdp_answer(struct sip_buf *b, const struct sip_sdp *offer, const struct sip_addr *local,
                    uint64_t id, uint64_t ver, uint16_t port);

#endif

/* Internal: SIP dialogs (RFC 3261 section 12). A dialog is the state two UAs
 * share after a dialog-creating exchange (an INVITE answered by a 101-199
 * with a To tag or by a 2xx): the dialog ID (Call-ID, local tag, remote tag),
 * the sequence numbers, the local and remote URIs, the remote target and the
 * route set. Every string is an owned copy (the messages it came from are
 * gone once a callback returns), allocated with the dialog's allocator.
 *
 * The dialog decides what an in-dialog request looks like (12.2.1.1:
 * Request-URI, Route, To, From, Call-ID, CSeq, next hop; strict routing);
 * rendering the text (Via, Contact, Max-Forwards...) is the UA core's job
 * (src/ua/uac.c), from the struct sip__req_spec filled here. */
#ifndef SIPREF_SRC_DIALOG_DIALOG_H
#define SIPREF_SRC_DIALOG_DIALOG_H

#include <stddef.h>
#include <stdint.h>

#include "sipref/alloc.h"
#include "sipref/msg.h"
#include "sipref/str.h"

/* An owned byte string (no NUL terminator is promised). */
struct sip__ostr {
	char *p;
	size_t len;
};

/* Replaces *s with a copy of v. 0 or SIP_ENOMEM (then *s is unchanged). */
int sip__ostr_set(const struct sip_allocator *a, struct sip__ostr *s, struct sip_str v);
void sip__ostr_free(const struct sip_allocator *a, struct sip__ostr *s);
static inline struct sip_str sip__ostr_str(const struct sip__ostr *s)
{
	return sip_str_make(s->p, s->len);
}

/* One element of a route set: the URI and the header parameters after it,
 * as written (";foo=bar", possibly empty). Rendered as "<uri>params". */
struct sip__route {
	struct sip__ostr uri;
	struct sip__ostr params;
};

enum sip__dlg_state {
	SIP_DLG_EARLY,      /* 12.1: created by a 101-199 with a To tag */
	SIP_DLG_CONFIRMED,  /* created or confirmed by a 2xx */
	SIP_DLG_TERMINATED, /* BYE, or a non-2xx final for an early dialog */
};

struct sip__dialog {
	const struct sip_allocator *a;
	enum sip__dlg_state state;
	unsigned char uac;            /* we sent the dialog-creating request */
	unsigned char remote_seq_set; /* 12.2.2: "empty" until a request arrives */
	uint32_t local_seq, remote_seq;
	struct sip__ostr call_id, local_tag, remote_tag;
	/* 12.1.1 / 12.1.2: URIs of the From and To header fields (URI only;
	 * display names are optional, 12.2.1.1 names the URIs). */
	struct sip__ostr local_uri, remote_uri;
	struct sip__ostr remote_target; /* Contact URI of the peer */
	struct sip__route *routes;      /* in the order requests use them */
	size_t nroutes;
};

/* An in-dialog (or any) request, as the dialog layer decides it. Slices
 * point into the dialog (or whatever the filler used) and stay valid while
 * it is unchanged. The renderer writes:
 *   METHOD ruri SIP/2.0, Via, Route: <routes[i].uri>routes[i].params ...,
 *   Route: <tail_route> (strict routing), To: <to_uri>;tag=to_tag,
 *   From: <from_uri>;tag=from_tag, Call-ID, CSeq: cseq method. */
struct sip__req_spec {
	const char *method;
	struct sip_str ruri;
	const struct sip__route *routes;
	size_t nroutes;
	struct sip_str tail_route; /* 12.2.1.1 strict routing: remote target last; .p NULL: none */
	struct sip_str to_uri, to_tag, from_uri, from_tag, call_id;
	uint32_t cseq;
	/* 8.1.2 / 12.2.1.1: the URI whose address the request is sent to (the
	 * first route when routing loosely, else the Request-URI). */
	struct sip_str next_hop;
};

/* 12.1.1: the UAS side, from the dialog-creating request and our To tag.
 * Remote target from the request's Contact, route set from Record-Route in
 * order, remote sequence number from CSeq, local sequence number unset (0;
 * the first request we send picks one). Without a Contact (RFC 2543) the
 * From URI is the remote target. Fails with SIP_EPARSE when the request
 * lacks From, To, Call-ID or CSeq, or SIP_ENOMEM. */
int sip__dialog_init_uas(struct sip__dialog *d, const struct sip_allocator *a, struct sip_msg *req,
                         struct sip_str local_tag, int early);

/* 12.1.2: the UAC side, from a 101-199 with a To tag (early) or a 2xx
 * (confirmed) to our request: route set from Record-Route in reverse order,
 * remote target from Contact, local sequence number from CSeq, remote
 * sequence number unset. An early dialog without a Contact gets an empty
 * remote target until the 2xx (18x often carries none). */
int sip__dialog_init_uac(struct sip__dialog *d, const struct sip_allocator *a,
                         struct sip_msg *resp);

void sip__dialog_fini(struct sip__dialog *d);

/* 12.2.2 / 12.2.1.2: does the message belong to this dialog? For a request
 * we receive, our tag is in To and the peer's in From; for a response to a
 * request we sent, the reverse. 1 or 0. */
int sip__dialog_match_request(const struct sip__dialog *d, struct sip_msg *req);
int sip__dialog_match_response(const struct sip__dialog *d, struct sip_msg *resp);

/* 12.2.2 remote sequence number rules for a request in the dialog (not ACK
 * or CANCEL, which reuse the INVITE's number): 0 when in order (the number
 * is recorded), 500 when lower than the last one (out of order). */
unsigned sip__dialog_check_cseq(struct sip__dialog *d, struct sip_msg *req);

/* Target refresh (12.2.1.2 for a 2xx to a re-INVITE we sent, 12.2.2 for a
 * re-INVITE we received): the remote target becomes the Contact URI. A
 * message without a usable Contact leaves it. 0 or SIP_ENOMEM. */
int sip__dialog_refresh_target(struct sip__dialog *d, struct sip_msg *m);

/* 13.2.2.4: a 2xx confirming an early dialog (UAC) recomputes the route set
 * and the remote target from the 2xx; the state becomes confirmed. */
int sip__dialog_confirm_uac(struct sip__dialog *d, struct sip_msg *resp);

/* 12.2.1.1: fills `out` for a request of `method` in the dialog. new_seq
 * nonzero takes the next local sequence number (every request but ACK and
 * CANCEL); the ACK for a 2xx passes the INVITE's number in `seq` instead.
 * Loose routing (first route has ;lr, or no route set): Request-URI = remote
 * target, Route = route set. Strict routing: Request-URI = first route URI
 * (its headers part cut off, 19.1.1), Route = the rest plus the remote
 * target. 0, or SIP_EINVAL when the dialog has no remote target. */
int sip__dialog_request(struct sip__dialog *d, const char *method, int new_seq, uint32_t seq,
                        struct sip__req_spec *out);

/* 19.1.1: 1 when the URI text carries the "lr" parameter. */
int sip__uri_has_lr(struct sip_str uri);

/* 12.2.1.1: 1 when the route set's first URI has no "lr" parameter (the
 * next hop is a strict router, RFC 2543). */
int sip__dialog_strict(const struct sip__dialog *d);

#endif

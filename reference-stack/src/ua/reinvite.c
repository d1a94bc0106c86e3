/* Modifying a session (RFC 3261 14): re-INVITEs we receive (14.2: 491 on
 * glare, 500 with Retry-After on overlap, otherwise a 2xx with a new
 * answer) and re-INVITEs we send (14.1, with the 491 back-off). */
#include <string.h>

#include "ua_impl.h"

/* 14.1 / 14.2: an INVITE transaction in progress in either direction. */
static int ours_pending(const struct sip__call *c)
{
	return c->reinv && !c->reinv->finished;
}

static int theirs_pending(const struct sip__call *c)
{
	return (c->sinv.ist && !c->sinv.final) || c->sinv.ok.len;
}

void sip__uas_reinvite(struct sip__call *c, struct sip__dnode *dn, struct sip_txn *t,
                       struct sip_msg *req, uint64_t now)
{
	struct sip__ua *ua = c->ua;
	struct sip__resp_x x;
	char hdr[40];
	struct sip_buf hb;
	memset(&x, 0, sizeof(x));
	if (dn != c->dlg || c->dead) {
		/* A dialog that is not (or no longer) the call's: only a
		 * confirmed session can be modified. */
		sip__uas_respond(ua, t, req, 481, NULL, now);
		return;
	}
	if (ours_pending(c)) {
		/* 14.2: our own re-INVITE is in progress: glare. */
		sip__uas_respond(ua, t, req, 491, NULL, now);
		return;
	}
	if (theirs_pending(c) || c->state != CS_CONFIRMED) {
		/* 14.2: a second INVITE before the final response to the first:
		 * 500 with a Retry-After of 0 to 10 seconds. */
		sip_buf_init(&hb, hdr, sizeof(hdr));
		sip_buf_puts(&hb, "Retry-After: ");
		sip_buf_putu(&hb, sip__ua_random(ua, 11));
		sip_buf_puts(&hb, "\r\n");
		x.headers = sip_str_make(hdr, hb.len);
		sip__uas_respond(ua, t, req, 500, &x, now);
		return;
	}
	if (sip__sinv_set(ua, &c->sinv, t, req) != 0) {
		sip__uas_respond(ua, t, req, 500, NULL, now);
		return;
	}
	c->sinv.reinvite = 1;
	/* 12.2.2: a re-INVITE is a target refresh request. */
	if (sip__dialog_refresh_target(&dn->d, req) != 0)
		sip__stack_log(ua->st, 1, "call %u: target refresh failed", (unsigned)c->id);
	/* 14.2: a UAS that accepts answers with a 2xx and a new answer (or an
	 * offer when the re-INVITE had none), retransmitted until the ACK. */
	if (sip__uas_accept(c, now) != 0 && !c->sinv.final)
		(void)sip__uas_reject(c, 500, now);
}

/* ---- 14.1 ----------------------------------------------------------------- */

struct offer_ctx {
	struct sip__call *c;
	const struct sip_addr *local;
};

static void build_offer(struct sip_buf *b, const void *vctx)
{
	const struct offer_ctx *x = vctx;
	sip__sdp_offer(b, x->local, x->c->sdp_id, x->c->sdp_ver, x->c->media_port);
}

static int send_reinvite(struct sip__call *c, const struct sip__ostr *auth, uint64_t now)
{
	struct sip__ua *ua = c->ua;
	struct offer_ctx ox;
	struct sip_str body;
	int rc;
	ox.c = c;
	ox.local = sip__stack_local(ua->st, c->tp);
	if (!ox.local)
		return SIP_ENOENT;
	if ((rc = sip__ua_render(ua, &ua->part, build_offer, &ox, &body)) != 0)
		return rc;
	return sip__uac_in_dialog(c, c->dlg, CR_REINVITE, "INVITE", auth,
	                          SIP_STR("application/sdp"), body, 0, now);
}

int sip_ua_reinvite(struct sip_stack *st, uint32_t call, uint64_t now)
{
	struct sip__ua *ua = sip__stack_ua(st);
	struct sip__call *c = ua ? sip__call_find(ua, call) : NULL;
	int rc;
	/* 14.1: only on a confirmed dialog, and never while another INVITE
	 * transaction is in progress in either direction. */
	if (!c || !c->dlg || c->state != CS_CONFIRMED || ours_pending(c) || theirs_pending(c))
		return SIP_ESTATE;
	sip__ua_enter(ua);
	sip__call_untimer(c, UT_REINVITE);
	c->sdp_ver++; /* RFC 3264 8: a new offer, a new version */
	rc = send_reinvite(c, NULL, now);
	sip__ua_leave(ua);
	return rc;
}

void sip__reinvite_timer(struct sip__call *c, uint64_t now)
{
	if (!c->dlg || c->state != CS_CONFIRMED || ours_pending(c) || theirs_pending(c))
		return;
	c->sdp_ver++;
	if (send_reinvite(c, NULL, now) != 0)
		sip__stack_log(c->ua->st, 1, "call %u: re-INVITE retry failed", (unsigned)c->id);
}

void sip__uac_reinvite_response(struct sip__creq *cr, struct sip_msg *resp, unsigned status,
                                uint64_t now)
{
	struct sip__call *c = cr->call;
	struct sip__ua *ua = c->ua;
	struct sip__dnode *dn = cr->dn;
	const struct sip_cseq *cs;
	struct sip__req_spec spec;
	uint32_t t;
	if (status < 200 || !dn)
		return;
	if (status < 300) {
		if (!resp || !(cs = sip_msg_cseq(resp)))
			return;
		if (cr->finished) { /* the 2xx again: the ACK again */
			(void)sip__ua_send_ack(ua, dn);
			return;
		}
		cr->finished = 1;
		/* 12.2.1.2: the 2xx refreshes the remote target. */
		(void)sip__dialog_refresh_target(&dn->d, resp);
		if (sip__uac_ack(c, dn, cs->seq, &cr->auth, now) != 0)
			sip__stack_log(ua->st, 1, "call %u: cannot ACK the re-INVITE's 2xx",
			               (unsigned)c->id);
		sip__ua_event(ua, SIP_EV_REQUEST_DONE, c->id, status, "INVITE",
		              "re-INVITE accepted");
		return;
	}
	cr->finished = 1;
	if ((status == 401 || status == 407) && resp &&
	    sip__dialog_request(&dn->d, "INVITE", 0, 0, &spec) == 0 &&
	    sip__uac_auth(ua, resp, "INVITE", spec.ruri, &cr->auth, &cr->auth_tries) == 0 &&
	    send_reinvite(c, &cr->auth, now) == 0)
		return;
	sip__ua_event(ua, SIP_EV_REQUEST_DONE, c->id, status, "INVITE",
	              status == 491 ? "glare: retrying" : "re-INVITE failed");
	if (status == 491) {
		/* 14.1: the owner of the Call-ID (the caller) waits 2.1 to 4 s,
		 * the other side 0 to 2 s, in units of 10 ms. */
		t = c->uac ? 2100 + 10 * sip__ua_random(ua, 191) : 10 * sip__ua_random(ua, 201);
		sip__call_timer(c, UT_REINVITE, now + t);
	} else if (status == 481 || status == 408) {
		/* 14.1 / 12.2.1.2: the dialog is gone (481) or unreachable
		 * (408, or no answer at all): the session ends. */
		if (status == 408 && !c->dead)
			(void)sip__call_bye(c, "re-INVITE timed out", now);
		else if (!c->dead) {
			sip__ua_event(ua, SIP_EV_CALL_ENDED, c->id, status, "INVITE",
			              "dialog gone (re-INVITE)");
			sip__call_end(c);
		}
	}
}

/* Answering an INVITE (RFC 3261 13.3): ringing, accepting with an SDP
 * answer and retransmitting the 2xx until the ACK (13.3.1.4), rejecting,
 * the INVITE's Expires, and CANCEL (9.2). */
#include <string.h>

#include "ua_impl.h"

void sip__sinv_clear(struct sip__ua *ua, struct sip__sinv *s)
{
	if (s->req)
		sip_msg_free(s->req);
	sip__ostr_free(ua->a, &s->ok);
	memset(s, 0, sizeof(*s));
}

int sip__sinv_set(struct sip__ua *ua, struct sip__sinv *s, struct sip_txn *t, struct sip_msg *req)
{
	const struct sip_cseq *cs = sip_msg_cseq(req);
	struct sip_perr e;
	struct sip_msg *m;
	if (!cs)
		return SIP_EPARSE;
	m = sip_msg_new(ua->a);
	if (!m)
		return SIP_ENOMEM;
	/* The request is only lent for the callback; later responses (a
	 * delayed 200, a 487 after CANCEL) are built from this copy. */
	if (sip_msg_parse(m, req->buf, req->len, (req->flags & 0xffffu) | SIP_PARSE_COPY, &e) !=
	    0) {
		sip_msg_free(m);
		return SIP_ENOMEM;
	}
	sip__sinv_clear(ua, s);
	s->req = m;
	s->ist = t;
	s->cseq = cs->seq;
	s->offer = req->body.len > 0;
	return 0;
}

static const struct sip_addr *local_of(struct sip__call *c)
{
	const struct sip_addr *l = sip__stack_local(c->ua->st, c->tp);
	return l ? l : sip__stack_local(c->ua->st, SIP_TP_UDP);
}

struct sdp_ctx {
	struct sip__call *c;
	const struct sip_sdp *offer; /* NULL: we make the offer */
	const struct sip_addr *local;
	int *accepted;
};

static void build_sdp(struct sip_buf *b, const void *vctx)
{
	const struct sdp_ctx *x = vctx;
	if (x->offer)
		*x->accepted = sip__sdp_answer(b, x->offer, x->local, x->c->sdp_id, x->c->sdp_ver,
		                               x->c->media_port);
	else
		sip__sdp_offer(b, x->local, x->c->sdp_id, x->c->sdp_ver, x->c->media_port);
}

int sip__uas_reject(struct sip__call *c, unsigned status, uint64_t now)
{
	struct sip__sinv *s = &c->sinv;
	struct sip__resp_x x;
	int rc;
	if (!s->ist || s->final)
		return SIP_ESTATE;
	memset(&x, 0, sizeof(x));
	x.to_tag = c->dlg ? sip__ostr_str(&c->dlg->d.local_tag) : sip_str_make("", 0);
	s->final = 1;
	sip__call_untimer(c, UT_ANSWER);
	sip__call_untimer(c, UT_EXPIRES);
	rc = sip__uas_respond(c->ua, s->ist, s->req, status, &x, now);
	/* 12.1: a non-2xx final ends the early dialog; a rejected re-INVITE
	 * leaves the session as it was (14.2). */
	if (!s->reinvite && c->dlg)
		c->dlg->d.state = SIP_DLG_TERMINATED;
	return rc;
}

int sip__uas_accept(struct sip__call *c, uint64_t now)
{
	struct sip__ua *ua = c->ua;
	struct sip__sinv *s = &c->sinv;
	struct sdp_ctx sx;
	struct sip__resp_x x;
	struct sip_str body;
	char hdrs[256];
	struct sip_buf hb;
	int accepted = 1, rc;
	uint32_t t1 = sip__stack_t1(ua->st);
	if (!s->ist || s->final || !c->dlg)
		return SIP_ESTATE;
	sx.c = c;
	sx.offer = s->offer ? sip_msg_sdp(s->req) : NULL;
	sx.local = local_of(c);
	sx.accepted = &accepted;
	if (!sx.local)
		return SIP_ENOENT;
	/* RFC 3264 5 / 8: each description we send has a higher version. */
	c->sdp_ver++;
	if (s->offer && !sx.offer)
		accepted = 0; /* an offer we cannot read cannot be answered */
	else if (sip__ua_render(ua, &ua->part, build_sdp, &sx, &body) != 0)
		return SIP_ENOMEM;
	if (!accepted)
		return sip__uas_reject(c, 488, now); /* 13.3.1.3 */
	sip_buf_init(&hb, hdrs, sizeof(hdrs));
	sip__ua_put_caps(&hb);
	memset(&x, 0, sizeof(x));
	x.to_tag = sip__ostr_str(&c->dlg->d.local_tag);
	x.headers = sip_str_make(hdrs, hb.len);
	x.copy_rr = !s->reinvite; /* 12.1.1 */
	x.contact = 1;
	x.contact_tp = c->tp;
	x.ctype = SIP_STR("application/sdp");
	x.body = body;
	x.keep = &s->ok;
	s->final = 1;
	sip__call_untimer(c, UT_ANSWER);
	sip__call_untimer(c, UT_EXPIRES);
	if ((rc = sip__uas_respond(ua, s->ist, s->req, 200, &x, now)) != 0)
		return rc;
	/* 12.1.1: the 2xx confirms the dialog. */
	c->dlg->d.state = SIP_DLG_CONFIRMED;
	if (!s->reinvite)
		c->state = CS_ANSWERING;
	/* 13.3.1.4: retransmit at T1, 2*T1, ... capped at T2, whatever the
	 * transport, until the ACK; give up after 64*T1. */
	s->retx = t1;
	sip__call_timer(c, UT_RETX_2XX, now + t1);
	sip__call_timer(c, UT_NOACK, now + 64ull * t1);
	return 0;
}

static void ring(struct sip__call *c, uint64_t now)
{
	struct sip__resp_x x;
	memset(&x, 0, sizeof(x));
	x.to_tag = sip__ostr_str(&c->dlg->d.local_tag);
	/* 12.1.1: a 101-199 with a tag creates an early dialog: Contact and
	 * Record-Route as in the 2xx. */
	x.copy_rr = 1;
	x.contact = 1;
	x.contact_tp = c->tp;
	if (sip__uas_respond(c->ua, c->sinv.ist, c->sinv.req, 180, &x, now) != 0)
		sip__stack_log(c->ua->st, 1, "call %u: could not send 180", (unsigned)c->id);
}

static void answer_now(struct sip__call *c, uint64_t now)
{
	if (sip__uas_accept(c, now) != 0 && !c->sinv.final)
		(void)sip__uas_reject(c, 500, now);
	if (c->dlg && c->dlg->d.state == SIP_DLG_TERMINATED) {
		sip__ua_event(c->ua, SIP_EV_CALL_ENDED, c->id, 488, "INVITE",
		              "offer not acceptable");
		sip__call_end(c);
	}
}

void sip__uas_invite(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *req,
                     const struct sip__dest *from, uint64_t now)
{
	struct sip__call *c = sip__call_new(ua, 0);
	const struct sip_nameaddr *f = sip_msg_from(req);
	struct sip_hdr *exp;
	char tag[10], text[96];
	struct sip_buf tb;
	if (!c || sip__sinv_set(ua, &c->sinv, t, req) != 0 || !(c->dlg = sip__call_add_dialog(c))) {
		if (c)
			sip__call_end(c);
		sip__uas_respond(ua, t, req, 500, NULL, now);
		return;
	}
	c->tp = from ? from->tp : SIP_TP_UDP;
	c->state = CS_EARLY;
	sip__stack_token(ua->st, tag, sizeof(tag));
	if (sip__dialog_init_uas(&c->dlg->d, ua->a, req, sip_str_make(tag, sizeof(tag)), 1) != 0) {
		sip__call_end(c);
		sip__uas_respond(ua, t, req, 400, NULL, now);
		return;
	}
	sip_buf_init(&tb, text, sizeof(text) - 1);
	if (f)
		sip_buf_putstr(&tb, f->uri.raw);
	text[tb.len < sizeof(text) - 1 ? tb.len : sizeof(text) - 1] = 0;
	sip__ua_event(ua, SIP_EV_INCOMING_CALL, c->id, 0, "INVITE", text);
	/* 13.3.1 step 1: the invitation expires after Expires seconds. */
	exp = sip_msg_hdr(req, SIP_HDR_EXPIRES);
	if (exp && sip_hdr_decode(req, exp, NULL) == 0 && exp->val.num)
		sip__call_timer(c, UT_EXPIRES, now + 1000ull * exp->val.num->value);
	switch (ua->cfg.answer) {
	case SIP_UA_ANSWER_REJECT:
		(void)sip__uas_reject(c, ua->cfg.reject_status, now);
		sip__ua_event(ua, SIP_EV_CALL_ENDED, c->id, ua->cfg.reject_status, "INVITE",
		              "rejected");
		sip__call_end(c);
		return;
	case SIP_UA_ANSWER_RING:
		ring(c, now);
		return;
	case SIP_UA_ANSWER_AUTO:
		ring(c, now);
		if (!c->sinv.ist || c->dead)
			return;
		if (ua->cfg.answer_delay_ms)
			sip__call_timer(c, UT_ANSWER, now + ua->cfg.answer_delay_ms);
		else
			answer_now(c, now);
		return;
	}
}

void sip__uas_timer(struct sip__call *c, enum sip__ut which, uint64_t now)
{
	struct sip__sinv *s = &c->sinv;
	uint32_t t2 = sip__stack_t2(c->ua->st);
	switch (which) {
	case UT_ANSWER:
		answer_now(c, now);
		break;
	case UT_RETX_2XX:
		/* The IST (Accepted) passes each copy to the transport. Once
		 * it is gone (Timer L, 64*T1) nothing more can be sent. */
		if (!s->ok.len || !s->ist)
			break;
		if (sip__stack_respond(c->ua->st, s->ist, s->ok.p, s->ok.len, now) != 0)
			break;
		s->retx = s->retx * 2 < t2 ? s->retx * 2 : t2;
		sip__call_timer(c, UT_RETX_2XX, now + s->retx);
		break;
	case UT_NOACK:
		/* 13.3.1.4: no ACK within 64*T1: the dialog is confirmed, the
		 * session is not; end it with a BYE. */
		sip__call_untimer(c, UT_RETX_2XX);
		sip__ostr_free(c->ua->a, &s->ok);
		c->state = CS_CONFIRMED;
		(void)sip__call_bye(c, "no ACK for the 2xx", now);
		break;
	case UT_EXPIRES:
		if (!s->final && sip__uas_reject(c, 487, now) == 0 && !s->reinvite) {
			sip__ua_event(c->ua, SIP_EV_CALL_ENDED, c->id, 487, "INVITE",
			              "invitation expired");
			sip__call_end(c);
		}
		break;
	default:
		break;
	}
}

/* ---- 9.2 CANCEL ------------------------------------------------------------ */

static int sent_by_eq(const struct sip_via *a, const struct sip_via *b)
{
	return sip_str_caseeq(a->host.text, b->host.text) &&
	       (a->has_port ? a->port : 0) == (b->has_port ? b->port : 0);
}

static int tag_eq(const struct sip_nameaddr *a, const struct sip_nameaddr *b)
{
	return a && b && sip_str_eq(a->tag, b->tag);
}

/* 9.2: the CANCEL matches the INVITE's transaction by the rules of 17.2.3
 * (the method aside): branch and sent-by, or for a branch without the magic
 * cookie the RFC 2543 fields. */
static int cancels(struct sip_msg *cancel, struct sip_msg *inv)
{
	const struct sip_via *vc = sip_msg_top_via(cancel), *vi = sip_msg_top_via(inv);
	const struct sip_cseq *cc = sip_msg_cseq(cancel), *ci = sip_msg_cseq(inv);
	const struct sip_uri *uc, *ui;
	if (!vc || !vi || !cc || !ci)
		return 0;
	if (vi->branch.len > 7 && memcmp(vi->branch.p, "z9hG4bK", 7) == 0)
		return sip_str_eq(vc->branch, vi->branch) && sent_by_eq(vc, vi);
	uc = sip_msg_ruri(cancel);
	ui = sip_msg_ruri(inv);
	return uc && ui && sip_uri_equiv(uc, ui) && tag_eq(sip_msg_to(cancel), sip_msg_to(inv)) &&
	       tag_eq(sip_msg_from(cancel), sip_msg_from(inv)) &&
	       sip_str_eq(sip_msg_call_id(cancel), sip_msg_call_id(inv)) && cc->seq == ci->seq &&
	       sent_by_eq(vc, vi) && sip_str_eq(vc->branch, vi->branch);
}

void sip__uas_cancel(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *req, uint64_t now)
{
	struct sip_txn *inv = sip__stack_match_cancel(ua->st, req);
	struct sip__call *c;
	struct sip__resp_x x;
	/* The stack's 17.2.3 matching first; the comparison with the INVITEs
	 * we hold covers a transaction the stack no longer indexes. */
	for (c = ua->calls; c; c = c->next)
		if (c->sinv.ist &&
		    (c->sinv.ist == inv || (c->sinv.req && cancels(req, c->sinv.req))))
			break;
	memset(&x, 0, sizeof(x));
	if (!c) {
		sip__uas_respond(ua, t, req, 481, NULL, now);
		return;
	}
	/* 9.2: the CANCEL gets its 200 (with the To tag of the INVITE's
	 * responses); the INVITE, if still pending, its 487. */
	if (c->dlg)
		x.to_tag = sip__ostr_str(&c->dlg->d.local_tag);
	sip__uas_respond(ua, t, req, 200, &x, now);
	if (c->sinv.final)
		return;
	if (sip__uas_reject(c, 487, now) != 0)
		return;
	sip__ua_event(ua, SIP_EV_CANCELLED, c->id, 487, "INVITE",
	              c->sinv.reinvite ? "re-INVITE cancelled" : "call cancelled");
	if (!c->sinv.reinvite)
		sip__call_end(c);
}

/* ---- 13.3.1.4 / 17.2.1: the ACK for our 2xx -------------------------------------- */

void sip__uas_ack(struct sip__ua *ua, struct sip_msg *req, uint64_t now)
{
	const struct sip_cseq *cs = sip_msg_cseq(req);
	struct sip__call *c;
	struct sip__dnode *dn = sip__ua_find_dialog(ua, req, &c);
	struct sip__sinv *s;
	if (!dn || !cs || c->dead)
		return;
	s = &c->sinv;
	/* The ACK of the 2xx we are retransmitting: same CSeq number. An ACK
	 * for anything else (a stray retransmission) changes nothing. */
	if (!s->ok.len || cs->seq != s->cseq)
		return;
	sip__call_untimer(c, UT_RETX_2XX);
	sip__call_untimer(c, UT_NOACK);
	sip__ostr_free(ua->a, &s->ok);
	if (!s->reinvite) {
		c->state = CS_CONFIRMED;
		sip__ua_event(ua, SIP_EV_ANSWERED, c->id, 200, "INVITE", "ACK received");
	}
	/* 15: a hang-up asked for before the ACK can go now. */
	if (c->bye_wanted)
		(void)sip__call_bye(c, "hangup", now);
}

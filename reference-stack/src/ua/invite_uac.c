/* Calling (RFC 3261 13.2): the INVITE, provisional responses and early
 * dialogs, the ACK for each 2xx built by the core (13.2.2.4) including the
 * 2xx of other forks (ACKed, then BYEd), 3xx recursion (8.1.3.4), 401/407
 * retries (22.2), and CANCEL (9.1). */
#include <string.h>

#include "ua_impl.h"

static void put_aor(struct sip__ua *ua, char *buf, size_t cap, struct sip_str *out)
{
	struct sip_buf b;
	sip_buf_init(&b, buf, cap);
	sip__ua_aor(ua, &b);
	*out = sip_str_make(buf, sip_buf_ok(&b) ? b.len : 0);
}

/* 8.1.1 / 8.1.2: the INVITE (or its CANCEL) outside any dialog. The
 * outbound proxy, when configured, is a one-element route set. */
static void fill_spec(struct sip__call *c, const char *method, struct sip_str aor,
                      struct sip__route *proxy, struct sip__req_spec *s)
{
	struct sip__ua *ua = c->ua;
	memset(s, 0, sizeof(*s));
	s->method = method;
	s->ruri = sip__ostr_str(&c->ruri);
	s->to_uri = sip__ostr_str(&c->to_uri);
	s->from_uri = aor;
	s->from_tag = sip__ostr_str(&c->local_tag);
	s->call_id = sip__ostr_str(&c->call_id);
	s->cseq = c->cseq;
	s->next_hop = s->ruri;
	if (ua->cfg.proxy.len) {
		memset(proxy, 0, sizeof(*proxy));
		proxy->uri = ua->cfg.proxy;
		s->routes = proxy;
		s->nroutes = 1;
		s->next_hop = sip__ostr_str(&ua->cfg.proxy);
	}
}

struct offer_ctx {
	struct sip__call *c;
	const struct sip_addr *local;
};

static void build_offer(struct sip_buf *b, const void *vctx)
{
	const struct offer_ctx *x = vctx;
	sip__sdp_offer(b, x->local, x->c->sdp_id, x->c->sdp_ver, x->c->media_port);
}

/* 19.1.1: a target's header components do not belong in a Request-URI. */
static struct sip_str ruri_part(struct sip_str uri)
{
	size_t i;
	for (i = 0; i < uri.len; i++)
		if (uri.p[i] == '?')
			return sip_str_make(uri.p, i);
	return uri;
}

int sip__uac_send_invite(struct sip__call *c, uint64_t now)
{
	struct sip__ua *ua = c->ua;
	struct sip__req_spec spec;
	struct sip__req_opts o;
	struct sip__route proxy;
	struct sip__dest dest;
	struct sip__creq *cr;
	struct offer_ctx ox;
	struct sip_str aor, body, text;
	struct sip_buf hb;
	char aorbuf[256], branch[24], *hdrs;
	size_t cap = c->auth.len + 256;
	int rc;
	if ((rc = sip__ostr_set(ua->a, &c->ruri, ruri_part(sip__ostr_str(&c->targets[c->cur])))) !=
	    0)
		return rc;
	put_aor(ua, aorbuf, sizeof(aorbuf), &aor);
	c->cseq++; /* 8.1.3.5: a retried request has a higher CSeq */
	fill_spec(c, "INVITE", aor, &proxy, &spec);
	if ((rc = sip__uac_dest(ua, spec.next_hop, &dest)) != 0)
		return rc;
	c->tp = dest.tp;
	ox.c = c;
	ox.local = sip__stack_local(ua->st, dest.tp);
	if ((rc = sip__ua_render(ua, &ua->part, build_offer, &ox, &body)) != 0)
		return rc;
	hdrs = ua->a->alloc(ua->a->ud, cap);
	if (!hdrs)
		return SIP_ENOMEM;
	sip_buf_init(&hb, hdrs, cap);
	sip_buf_putstr(&hb, sip__ostr_str(&c->auth));
	sip__ua_put_caps(&hb);
	sip__uac_branch(ua, branch);
	memset(&o, 0, sizeof(o));
	o.spec = &spec;
	o.tp = dest.tp;
	o.branch = sip_str_make(branch, 23);
	o.contact = 1;
	o.display = 1;
	o.headers = sip_str_make(hdrs, hb.len);
	o.ctype = SIP_STR("application/sdp");
	o.body = body;
	rc = sip__uac_render(ua, &o, &text);
	ua->a->free(ua->a->ud, hdrs, cap);
	if (rc)
		return rc;
	if ((rc = sip__ostr_set(ua->a, &c->branch, o.branch)) != 0)
		return rc;
	cr = sip__creq_new(ua, CR_INVITE, c);
	if (!cr)
		return SIP_ENOMEM;
	c->inv = cr;
	c->dest = dest;
	c->got_1xx = 0;
	rc = sip__creq_start(cr, text, &dest, now);
	/* A failure reported through the transaction was handled there. */
	return cr->finished ? 0 : rc;
}

uint32_t sip_ua_call(struct sip_stack *st, const char *target, size_t len, uint64_t now)
{
	struct sip__ua *ua = sip__stack_ua(st);
	struct sip__call *c;
	struct sip_arena ar;
	struct sip_uri u;
	struct sip_perr e;
	char tok[20];
	uint32_t id = 0;
	int rc;
	if (!ua || !target)
		return 0;
	sip_arena_init(&ar, ua->a, 1024);
	rc = sip_uri_parse(&ar, target, len, 0, &u, &e);
	sip_arena_fini(&ar);
	if (rc != 0 || (u.scheme != SIP_URI_SIP && u.scheme != SIP_URI_SIPS))
		return 0;
	sip__ua_enter(ua);
	c = sip__call_new(ua, 1);
	if (!c)
		goto out;
	c->targets = ua->a->alloc(ua->a->ud, sizeof(*c->targets));
	if (!c->targets)
		goto fail;
	memset(c->targets, 0, sizeof(*c->targets));
	c->ntargets = 1;
	c->next_target = 1;
	c->state = CS_CALLING;
	/* 8.1.1.4 Call-ID, 8.1.1.3 From tag: random, from the stack's tokens. */
	sip__stack_token(st, tok, sizeof(tok));
	if (sip__ostr_set(ua->a, &c->targets[0], sip_str_make(target, len)) != 0 ||
	    sip__ostr_set(ua->a, &c->to_uri, sip_str_make(target, len)) != 0 ||
	    sip__ostr_set(ua->a, &c->call_id, sip_str_make(tok, sizeof(tok))) != 0)
		goto fail;
	sip__stack_token(st, tok, 10);
	if (sip__ostr_set(ua->a, &c->local_tag, sip_str_make(tok, 10)) != 0)
		goto fail;
	if (sip__uac_send_invite(c, now) != 0)
		goto fail;
	id = c->id;
	goto out;
fail:
	if (c)
		sip__call_end(c);
out:
	sip__ua_leave(ua);
	return id;
}

/* ---- 13.2.2.4: ACK for a 2xx ---------------------------------------------------- */

int sip__uac_ack(struct sip__call *c, struct sip__dnode *dn, uint32_t cseq,
                 const struct sip__ostr *auth, uint64_t now)
{
	struct sip__ua *ua = c->ua;
	struct sip__req_spec spec;
	struct sip__req_opts o;
	struct sip__dest dest;
	struct sip_str text;
	char branch[24];
	int rc;
	(void)now;
	/* Built as any request in the dialog, with the INVITE's CSeq number
	 * and credentials, sent straight to the transport (no transaction). */
	if ((rc = sip__dialog_request(&dn->d, "ACK", 0, cseq, &spec)) != 0 ||
	    (rc = sip__uac_dest(ua, spec.next_hop, &dest)) != 0)
		return rc;
	sip__uac_branch(ua, branch);
	memset(&o, 0, sizeof(o));
	o.spec = &spec;
	o.tp = dest.tp;
	o.branch = sip_str_make(branch, 23);
	o.headers = auth ? sip__ostr_str(auth) : sip_str_make("", 0);
	if ((rc = sip__uac_render(ua, &o, &text)) != 0 ||
	    (rc = sip__ostr_set(ua->a, &dn->ack, text)) != 0)
		return rc;
	dn->ack_dest = dest;
	return sip__ua_send_ack(ua, dn);
}

static struct sip__dnode *dialog_of(struct sip__call *c, struct sip_msg *resp)
{
	struct sip__dnode *dn;
	for (dn = c->dlgs; dn; dn = dn->next)
		if (sip__dialog_match_response(&dn->d, resp))
			return dn;
	return NULL;
}

static void on_2xx(struct sip__creq *cr, struct sip_msg *resp, uint64_t now)
{
	struct sip__call *c = cr->call;
	struct sip__ua *ua = c->ua;
	const struct sip_cseq *cs = sip_msg_cseq(resp);
	struct sip__dnode *dn = dialog_of(c, resp);
	int rc;
	if (!cs)
		return;
	/* The 2xx again: the ACK again (13.2.2.4). */
	if (dn && dn->ack.len) {
		(void)sip__ua_send_ack(ua, dn);
		return;
	}
	if (!dn) {
		dn = sip__call_add_dialog(c);
		if (!dn)
			return;
		rc = sip__dialog_init_uac(&dn->d, ua->a, resp);
	} else {
		rc = sip__dialog_confirm_uac(&dn->d, resp);
	}
	if (rc == 0)
		rc = sip__uac_ack(c, dn, cs->seq, &c->auth, now);
	if (rc != 0) {
		sip__stack_log(ua->st, 1, "call %u: cannot ACK a 2xx (%s)", (unsigned)c->id,
		               sip_strerror(rc));
		sip__call_drop_dialog(c, dn);
		return;
	}
	if (!c->dlg && !c->dead && !c->cancel_wanted && !c->bye_wanted && cr == c->inv) {
		c->dlg = dn;
		c->state = CS_CONFIRMED;
		sip__ua_event(ua, SIP_EV_ANSWERED, c->id, resp->status, "INVITE", "2xx received");
		return;
	}
	/* 13.2.2.4: a dialog we do not want (another fork answered first, or
	 * we cancelled meanwhile) is ACKed, then ended with a BYE. */
	if (sip__uac_in_dialog(c, dn, CR_BYE, "BYE", NULL, sip_str_make("", 0), sip_str_make("", 0),
	                       1, now) != 0)
		sip__stack_log(ua->st, 1, "call %u: cannot BYE an extra dialog", (unsigned)c->id);
	dn->d.state = SIP_DLG_TERMINATED;
	if (!c->dlg && !c->dead) {
		sip__ua_event(ua, SIP_EV_CALL_ENDED, c->id, resp->status, "INVITE",
		              "answered after CANCEL: BYE sent");
		sip__call_end(c);
	}
}

/* ---- responses -------------------------------------------------------------- */

static void failed(struct sip__call *c, unsigned status, const char *why)
{
	sip__ua_event(c->ua, SIP_EV_CALL_FAILED, c->id, status, "INVITE", why);
	sip__call_end(c);
}

void sip__uac_invite_response(struct sip__creq *cr, struct sip_msg *resp, unsigned status,
                              uint64_t now)
{
	struct sip__call *c = cr->call;
	struct sip__ua *ua = c->ua;
	struct sip__dnode *dn;
	if (status >= 200 && status < 300) {
		if (resp)
			on_2xx(cr, resp, now);
		return;
	}
	if (cr != c->inv || c->dead || cr->finished)
		return;
	if (status < 200) {
		const struct sip_nameaddr *to = resp ? sip_msg_to(resp) : NULL;
		c->got_1xx = 1;
		if (c->state == CS_CALLING)
			c->state = CS_EARLY;
		/* 12.1.2: a 101-199 with a To tag creates an early dialog. */
		if (status > 100 && to && to->tag.len && !dialog_of(c, resp)) {
			dn = sip__call_add_dialog(c);
			if (dn && sip__dialog_init_uac(&dn->d, ua->a, resp) != 0)
				sip__call_drop_dialog(c, dn);
		}
		if ((status == 180 || status == 183) && !c->ringing) {
			c->ringing = 1;
			sip__ua_event(ua, SIP_EV_RINGING, c->id, status, "INVITE", NULL);
		}
		/* 9.1: a CANCEL waits for a provisional response. */
		if (c->cancel_wanted && !c->cancel_sent)
			(void)sip_ua_cancel(ua->st, c->id, now);
		return;
	}
	cr->finished = 1;
	/* 12.1: a non-2xx final ends the early dialogs. */
	for (dn = c->dlgs; dn; dn = dn->next)
		if (dn->d.state == SIP_DLG_EARLY)
			dn->d.state = SIP_DLG_TERMINATED;
	if (c->cancel_wanted || c->bye_wanted) {
		failed(c, status, "cancelled");
		return;
	}
	if (status < 400 && resp) {
		sip__uac_add_contacts(c, resp);
	} else if ((status == 401 || status == 407) && resp &&
	           sip__uac_auth(ua, resp, "INVITE", sip__ostr_str(&c->ruri), &c->auth,
	                         &c->auth_tries) == 0) {
		/* 8.1.3.5: same Call-ID, From, To; CSeq one higher. */
		if (sip__uac_send_invite(c, now) == 0)
			return;
	}
	/* 8.1.3.4: a failure moves on to the next target, if any. */
	if (sip__uac_next_target(c, now) == 0)
		return;
	failed(c, status, status == 408 && !resp ? "timeout" : NULL);
}

void sip__uac_invite_gone(struct sip__creq *cr)
{
	struct sip__call *c = cr->call;
	struct sip__dnode *dn;
	/* 13.2.2.4: 64*T1 after the first 2xx the INVITE is over; early
	 * dialogs that were not confirmed end. */
	if (cr != c->inv)
		return;
	for (dn = c->dlgs; dn; dn = dn->next)
		if (dn != c->dlg && dn->d.state == SIP_DLG_EARLY)
			dn->d.state = SIP_DLG_TERMINATED;
	c->inv = NULL;
}

/* ---- 9.1 CANCEL ---------------------------------------------------------------- */

static int send_cancel(struct sip__call *c, uint64_t now)
{
	struct sip__ua *ua = c->ua;
	struct sip__req_spec spec;
	struct sip__req_opts o;
	struct sip__route proxy;
	struct sip__creq *cr;
	struct sip_str aor, text;
	char aorbuf[256];
	int rc;
	/* Request-URI, Call-ID, To, From, CSeq number and Route as in the
	 * INVITE; its top Via alone, same branch. */
	put_aor(ua, aorbuf, sizeof(aorbuf), &aor);
	fill_spec(c, "CANCEL", aor, &proxy, &spec);
	memset(&o, 0, sizeof(o));
	o.spec = &spec;
	o.tp = c->dest.tp;
	o.branch = sip__ostr_str(&c->branch);
	o.display = 1;
	if ((rc = sip__uac_render(ua, &o, &text)) != 0)
		return rc;
	cr = sip__creq_new(ua, CR_CANCEL, c);
	if (!cr)
		return SIP_ENOMEM;
	c->cancel_sent = 1;
	return sip__creq_start(cr, text, &c->dest, now);
}

int sip_ua_cancel(struct sip_stack *st, uint32_t call, uint64_t now)
{
	struct sip__ua *ua = sip__stack_ua(st);
	struct sip__call *c = ua ? sip__call_find(ua, call) : NULL;
	int rc = 0;
	if (!c || !c->uac || c->dlg || !c->inv || c->inv->finished)
		return SIP_ESTATE;
	if (c->cancel_sent)
		return 0;
	sip__ua_enter(ua);
	if (!c->cancel_wanted) {
		c->cancel_wanted = 1;
		/* 9.1: if no final response comes within 64*T1 of the CANCEL,
		 * the INVITE is considered cancelled. */
		sip__call_timer(c, UT_CANCEL, now + 64ull * sip__stack_t1(st));
	}
	if (c->got_1xx)
		rc = send_cancel(c, now);
	sip__ua_leave(ua);
	return rc;
}

void sip__uac_cancel_timer(struct sip__call *c, uint64_t now)
{
	(void)now;
	if (c->dlg || !c->inv || c->inv->finished)
		return;
	c->inv->finished = 1;
	failed(c, 408, "no final response after CANCEL");
}

/* The UA core's entry points (src/stack_impl.h), its call and client
 * request tables, timers, events and deferred freeing. */
#include <stdio.h>
#include <string.h>

#include "ua_impl.h"

static const char *const default_user = "sipref";

static int cfg_str(struct sip__ua *ua, struct sip__ostr *dst, const char *s, const char *dflt,
                   size_t max)
{
	size_t n;
	if (!s)
		s = dflt;
	if (!s)
		return 0;
	n = strlen(s);
	if (n > max)
		return SIP_EINVAL;
	return sip__ostr_set(ua->a, dst, sip_str_make(s, n));
}

static void cfg_free(struct sip__ua *ua)
{
	struct sip__ua_cfg *c = &ua->cfg;
	sip__ostr_free(ua->a, &c->user);
	sip__ostr_free(ua->a, &c->domain);
	sip__ostr_free(ua->a, &c->display);
	sip__ostr_free(ua->a, &c->auth_user);
	sip__ostr_free(ua->a, &c->auth_password);
	sip__ostr_free(ua->a, &c->proxy);
	sip__ostr_free(ua->a, &c->user_agent);
}

/* The configuration is copied: the caller's strings may go. Lengths are
 * bounded so that header blocks built from them fit their buffers. */
static int cfg_load(struct sip__ua *ua, const struct sip_ua_config *cfg)
{
	static const struct sip_ua_config none;
	struct sip__ua_cfg *c = &ua->cfg;
	int rc;
	if (!cfg)
		cfg = &none;
	if ((rc = cfg_str(ua, &c->user, cfg->user, default_user, 64)) != 0 ||
	    (rc = cfg_str(ua, &c->domain, cfg->domain, NULL, 128)) != 0 ||
	    (rc = cfg_str(ua, &c->display, cfg->display, NULL, 64)) != 0 ||
	    (rc = cfg_str(ua, &c->auth_user, cfg->auth_user, NULL, 128)) != 0 ||
	    (rc = cfg_str(ua, &c->auth_password, cfg->auth_password, NULL, 128)) != 0 ||
	    (rc = cfg_str(ua, &c->proxy, cfg->outbound_proxy, NULL, 256)) != 0 ||
	    (rc = cfg_str(ua, &c->user_agent, cfg->user_agent, "sipref", 128)) != 0)
		return rc;
	/* 8.1.2: the outbound proxy is a route set of one loose router (RFC
	 * 3261 proxies are); make sure the Route we send says so. */
	if (c->proxy.len && !sip__uri_has_lr(sip__ostr_str(&c->proxy))) {
		char tmp[264];
		memcpy(tmp, c->proxy.p, c->proxy.len);
		memcpy(tmp + c->proxy.len, ";lr", 3);
		if ((rc = sip__ostr_set(ua->a, &c->proxy, sip_str_make(tmp, c->proxy.len + 3))) !=
		    0)
			return rc;
	}
	c->answer = cfg->answer;
	c->reject_status = cfg->reject_status ? cfg->reject_status : 486;
	if (c->reject_status < 300 || c->reject_status > 699)
		return SIP_EINVAL;
	c->answer_delay_ms = cfg->answer_delay_ms;
	c->max_redirects = cfg->max_redirects ? cfg->max_redirects : 5;
	return 0;
}

struct sip__ua *sip__ua_new(struct sip_stack *st, const struct sip_ua_config *cfg)
{
	const struct sip_allocator *a = sip__stack_alloc(st);
	struct sip__ua *ua;
	if (!a)
		a = sip_allocator_default();
	ua = a->alloc(a->ud, sizeof(*ua));
	if (!ua)
		return NULL;
	memset(ua, 0, sizeof(*ua));
	ua->st = st;
	ua->a = a;
	ua->next_id = 1;
	if (cfg_load(ua, cfg) != 0) {
		sip__ua_free(ua);
		return NULL;
	}
	return ua;
}

void sip__ua_free(struct sip__ua *ua)
{
	if (!ua)
		return;
	while (ua->calls) {
		struct sip__call *c = ua->calls;
		ua->calls = c->next;
		sip__call_free(c);
	}
	while (ua->creqs) {
		struct sip__creq *cr = ua->creqs;
		ua->creqs = cr->next;
		sip__creq_free(cr);
	}
	cfg_free(ua);
	sip__ostr_free(ua->a, &ua->reg_call_id);
	if (ua->msg.p)
		ua->a->free(ua->a->ud, ua->msg.p, ua->msg.cap);
	if (ua->part.p)
		ua->a->free(ua->a->ud, ua->part.p, ua->part.cap);
	ua->a->free(ua->a->ud, ua, sizeof(*ua));
}

/* ---- scratch rendering ---------------------------------------------------- */

int sip__ua_render(struct sip__ua *ua, struct sip__sbuf *sb, sip__render_fn *fn, const void *ctx,
                   struct sip_str *out)
{
	struct sip_buf b;
	for (;;) {
		sip_buf_init(&b, sb->p, sb->cap);
		fn(&b, ctx);
		if (sip_buf_ok(&b))
			break;
		/* One more pass with room for everything (builders are pure). */
		if (sb->p)
			ua->a->free(ua->a->ud, sb->p, sb->cap);
		sb->cap = b.len + 256;
		sb->p = ua->a->alloc(ua->a->ud, sb->cap);
		if (!sb->p) {
			sb->cap = 0;
			return SIP_ENOMEM;
		}
	}
	*out = sip_str_make(sb->p ? sb->p : "", b.len);
	return 0;
}

/* ---- events ------------------------------------------------------------- */

void sip__ua_event(struct sip__ua *ua, enum sip_event_type type, uint32_t call, unsigned status,
                   const char *method, const char *text)
{
	struct sip_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.call = call;
	ev.status = status;
	if (method)
		snprintf(ev.method, sizeof(ev.method), "%s", method);
	if (text)
		snprintf(ev.text, sizeof(ev.text), "%s", text);
	sip__stack_event(ua->st, &ev);
}

/* ---- randomness, identity ------------------------------------------------ */

uint32_t sip__ua_random(struct sip__ua *ua, uint32_t mod)
{
	char tok[8];
	uint64_t v = 0;
	size_t i;
	sip__stack_token(ua->st, tok, sizeof(tok));
	for (i = 0; i < sizeof(tok); i++)
		v = v * 131 + (unsigned char)tok[i];
	v ^= v >> 29;
	return mod ? (uint32_t)(v % mod) : (uint32_t)v;
}

static const struct sip_addr *default_local(struct sip__ua *ua)
{
	const struct sip_addr *l = sip__stack_local(ua->st, SIP_TP_UDP);
	if (!l)
		l = sip__stack_local(ua->st, SIP_TP_TCP);
	if (!l)
		l = sip__stack_local(ua->st, SIP_TP_TLS);
	return l;
}

void sip__ua_aor(struct sip__ua *ua, struct sip_buf *b)
{
	const struct sip_addr *l;
	sip_buf_puts(b, "sip:");
	sip_buf_putstr(b, sip__ostr_str(&ua->cfg.user));
	sip_buf_putc(b, '@');
	if (ua->cfg.domain.len) {
		sip_buf_putstr(b, sip__ostr_str(&ua->cfg.domain));
	} else if ((l = default_local(ua)) != NULL) {
		sip_addr_print(b, l);
	} else {
		sip_buf_puts(b, "invalid");
	}
}

int sip__ua_send_ack(struct sip__ua *ua, struct sip__dnode *dn)
{
	if (!dn->ack.len)
		return SIP_ESTATE;
	return sip__stack_send_raw(ua->st, dn->ack.p, dn->ack.len, &dn->ack_dest);
}

/* ---- the TU entry points ----------------------------------------------------- */

void sip__ua_request(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *req,
                     const struct sip__dest *from, uint64_t now)
{
	char m[16];
	size_t n = req->method.len < sizeof(m) - 1 ? req->method.len : sizeof(m) - 1;
	memcpy(m, req->method.p, n);
	m[n] = 0;
	sip__ua_enter(ua);
	sip__ua_event(ua, SIP_EV_REQUEST_RECEIVED, 0, 0, m, NULL);
	/* 17.2.3 / RFC 6026: an ACK reaches the core without a transaction
	 * (the ACK for a 2xx), or from an IST in Accepted. It is never
	 * answered. */
	if (req->mid == SIP_METHOD_ACK)
		sip__uas_ack(ua, req, now);
	else if (t)
		sip__uas_request(ua, t, req, from, now);
	sip__ua_leave(ua);
}

static struct sip__creq *creq_of(struct sip__ua *ua, struct sip_txn *t)
{
	struct sip__creq *cr;
	for (cr = ua->creqs; cr; cr = cr->next)
		if (cr->t == t || (void *)cr == t->user)
			return cr;
	return NULL;
}

/* Responses, real or synthesised (8.1.3.1: a timeout is a 408, a transport
 * error a 503), go to the handler of the request's kind. */
static void dispatch_response(struct sip__creq *cr, struct sip_msg *resp, unsigned status,
                              uint64_t now)
{
	/* One final answer per request; only INVITEs see several 2xx (forks,
	 * retransmissions) that each need their ACK (13.2.2.4). */
	if (cr->finished && status >= 200 &&
	    !(status < 300 && (cr->kind == CR_INVITE || cr->kind == CR_REINVITE)))
		return;
	switch (cr->kind) {
	case CR_INVITE:
		if (cr->call)
			sip__uac_invite_response(cr, resp, status, now);
		break;
	case CR_REINVITE:
		if (cr->call)
			sip__uac_reinvite_response(cr, resp, status, now);
		break;
	case CR_CANCEL:
		/* 9.1: the response to a CANCEL says nothing about the INVITE. */
		break;
	case CR_BYE:
	case CR_OPTIONS:
	case CR_REGISTER:
		sip__uac_simple_response(cr, resp, status, now);
		break;
	}
}

void sip__ua_response(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *resp, uint64_t now)
{
	struct sip__creq *cr;
	sip__ua_enter(ua);
	cr = creq_of(ua, t);
	if (cr && !cr->dead)
		dispatch_response(cr, resp, resp->status, now);
	sip__ua_leave(ua);
}

static void server_txn_event(struct sip__ua *ua, struct sip_txn *t, enum sip_txn_tu what,
                             uint64_t now)
{
	struct sip__call *c;
	for (c = ua->calls; c; c = c->next) {
		if (c->sinv.ist != t)
			continue;
		if (what == SIP_TXN_TU_TERMINATED) {
			c->sinv.ist = NULL;
		} else if (what == SIP_TXN_TU_TRANSPORT_ERROR && !c->dead) {
			/* 17.2.4: the response could not be delivered; a call
			 * still being set up cannot complete. */
			if (c->state != CS_CONFIRMED && !c->sinv.reinvite) {
				sip__ua_event(ua, SIP_EV_CALL_ENDED, c->id, 503, "INVITE",
				              "transport error");
				sip__call_end(c);
			}
		}
		(void)now;
	}
}

void sip__ua_txn_event(struct sip__ua *ua, struct sip_txn *t, enum sip_txn_tu what, uint64_t now)
{
	struct sip__creq *cr;
	sip__ua_enter(ua);
	cr = creq_of(ua, t);
	if (!cr) {
		server_txn_event(ua, t, what, now);
	} else if (what == SIP_TXN_TU_TERMINATED) {
		if (cr->kind == CR_INVITE && cr->call)
			sip__uac_invite_gone(cr);
		cr->t = NULL;
		cr->dead = 1;
	} else if (!cr->dead && !cr->finished) {
		dispatch_response(cr, NULL, what == SIP_TXN_TU_TIMEOUT ? 408 : 503, now);
	}
	sip__ua_leave(ua);
}

size_t sip_ua_call_count(const struct sip_stack *st)
{
	const struct sip__ua *ua = sip__stack_ua((struct sip_stack *)st);
	const struct sip__call *c;
	size_t n = 0;
	if (!ua)
		return 0;
	for (c = ua->calls; c; c = c->next)
		if (!c->dead)
			n++;
	return n;
}

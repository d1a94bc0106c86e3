/* OPTIONS (RFC 3261 11) on both sides, and the client side every request
 * outside a dialog shares with it (REGISTER, register.c): rendering from
 * the stored fields, 401/407 retries (8.1.3.5) and the final outcome. BYE
 * responses end up here too (15.1.1: the outcome of the BYE). */
#include <string.h>

#include "ua_impl.h"

/* The local address our capabilities SDP names: any we listen on. */
static const struct sip_addr *any_local(struct sip__ua *ua)
{
	const struct sip_addr *a = sip__stack_local(ua->st, SIP_TP_UDP);
	if (!a)
		a = sip__stack_local(ua->st, SIP_TP_TCP);
	if (!a)
		a = sip__stack_local(ua->st, SIP_TP_TLS);
	return a;
}

/* 11.2: 200 with what we support; the same header fields an INVITE's
 * answer would carry, and, as the Accept of the request admits
 * application/sdp (the inspection of 8.2.3 answered 406 otherwise), an SDP
 * body describing our media capabilities ("SHOULD include a body"). Its
 * port is 0: RFC 3264 9 describes capabilities, not a stream. */
void sip__uas_options(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *req, uint64_t now)
{
	struct sip__resp_x x;
	char hdrs[256], sdp[512];
	struct sip_buf hb, sb;
	const struct sip_addr *local = any_local(ua);
	sip_buf_init(&hb, hdrs, sizeof(hdrs));
	sip__ua_put_caps(&hb);
	sip_buf_puts(&hb, "Accept: application/sdp\r\n"
	                  "Accept-Encoding: identity\r\n"
	                  "Accept-Language: en\r\n");
	memset(&x, 0, sizeof(x));
	x.headers = sip_str_make(hdrs, hb.len);
	if (local) {
		sip_buf_init(&sb, sdp, sizeof(sdp));
		sip__sdp_offer(&sb, local, 1, 1, 0);
		if (sip_buf_ok(&sb)) {
			x.ctype = SIP_STR("application/sdp");
			x.body = sip_str_make(sdp, sb.len);
		}
	}
	if (sip__uas_respond(ua, t, req, 200, &x, now) != 0)
		sip__stack_log(ua->st, 1, "could not answer OPTIONS");
}

static const char *method_of(enum sip__crkind k)
{
	return k == CR_REGISTER ? "REGISTER" : k == CR_BYE ? "BYE" : "OPTIONS";
}

int sip__uac_simple_send(struct sip__creq *cr, uint64_t now)
{
	struct sip__ua *ua = cr->ua;
	struct sip__req_spec spec;
	struct sip__req_opts o;
	struct sip__route proxy;
	struct sip__dest dest;
	struct sip_str text;
	struct sip_buf ab, hb;
	char aor[256], branch[24], *hdrs;
	size_t cap = cr->auth.len + 128;
	int rc;
	sip_buf_init(&ab, aor, sizeof(aor));
	sip__ua_aor(ua, &ab);
	if (!sip_buf_ok(&ab))
		return SIP_ETOOBIG;
	memset(&spec, 0, sizeof(spec));
	spec.method = method_of(cr->kind);
	spec.ruri = sip__ostr_str(&cr->target);
	/* 10.2: a REGISTER's To is the address of record being registered,
	 * From the same (registering ourselves); 11.1: an OPTIONS is addressed
	 * like an INVITE. */
	spec.to_uri = cr->kind == CR_REGISTER ? sip_str_make(aor, ab.len) : spec.ruri;
	spec.from_uri = sip_str_make(aor, ab.len);
	spec.from_tag = sip__ostr_str(&cr->from_tag);
	spec.call_id = sip__ostr_str(&cr->call_id);
	spec.cseq = cr->cseq;
	spec.next_hop = spec.ruri;
	if (ua->cfg.proxy.len) {
		memset(&proxy, 0, sizeof(proxy));
		proxy.uri = ua->cfg.proxy;
		spec.routes = &proxy;
		spec.nroutes = 1;
		spec.next_hop = sip__ostr_str(&ua->cfg.proxy);
	}
	if ((rc = sip__uac_dest(ua, spec.next_hop, &dest)) != 0)
		return rc;
	hdrs = ua->a->alloc(ua->a->ud, cap);
	if (!hdrs)
		return SIP_ENOMEM;
	sip_buf_init(&hb, hdrs, cap);
	sip_buf_putstr(&hb, sip__ostr_str(&cr->auth));
	if (cr->kind == CR_OPTIONS) {
		sip_buf_puts(&hb, "Accept: application/sdp\r\n"); /* 11.1 */
	} else if (cr->expires >= 0) {
		sip_buf_puts(&hb, "Expires: "); /* 10.2.1.1 */
		sip_buf_putu(&hb, (uint64_t)cr->expires);
		sip_buf_puts(&hb, "\r\n");
	}
	sip__uac_branch(ua, branch);
	memset(&o, 0, sizeof(o));
	o.spec = &spec;
	o.tp = dest.tp;
	o.branch = sip_str_make(branch, 23);
	o.contact = 1; /* 10.2.1: the binding; 11.1: allowed */
	o.display = 1;
	o.headers = sip_str_make(hdrs, hb.len);
	rc = sip__uac_render(ua, &o, &text);
	ua->a->free(ua->a->ud, hdrs, cap);
	if (rc)
		return rc;
	return sip__creq_start(cr, text, &dest, now);
}

/* 8.1.3.5: the same request again with credentials and a higher CSeq. */
static int retry(struct sip__creq *cr, uint64_t now)
{
	struct sip__ua *ua = cr->ua;
	struct sip__creq *n = sip__creq_new(ua, cr->kind, NULL);
	if (!n)
		return SIP_ENOMEM;
	n->expires = cr->expires;
	n->auth_tries = cr->auth_tries;
	n->cseq = cr->kind == CR_REGISTER ? ++ua->reg_cseq : cr->cseq + 1;
	if (sip__ostr_set(ua->a, &n->target, sip__ostr_str(&cr->target)) != 0 ||
	    sip__ostr_set(ua->a, &n->call_id, sip__ostr_str(&cr->call_id)) != 0 ||
	    sip__ostr_set(ua->a, &n->from_tag, sip__ostr_str(&cr->from_tag)) != 0 ||
	    sip__ostr_set(ua->a, &n->auth, sip__ostr_str(&cr->auth)) != 0) {
		n->dead = 1;
		return SIP_ENOMEM;
	}
	return sip__uac_simple_send(n, now);
}

static int retry_bye(struct sip__creq *cr, struct sip_msg *resp, uint64_t now)
{
	struct sip__req_spec spec;
	struct sip__call *c = cr->call;
	if (!c || !cr->dn || sip__dialog_request(&cr->dn->d, "BYE", 0, 0, &spec) != 0 ||
	    sip__uac_auth(cr->ua, resp, "BYE", spec.ruri, &cr->auth, &cr->auth_tries) != 0)
		return SIP_ESTATE;
	return sip__uac_in_dialog(c, cr->dn, CR_BYE, "BYE", &cr->auth, sip_str_make("", 0),
	                          sip_str_make("", 0), cr->quiet, now);
}

void sip__uac_simple_response(struct sip__creq *cr, struct sip_msg *resp, unsigned status,
                              uint64_t now)
{
	struct sip__ua *ua = cr->ua;
	if (status < 200 || cr->finished)
		return;
	cr->finished = 1;
	if ((status == 401 || status == 407) && resp) {
		if (cr->kind == CR_BYE) {
			if (retry_bye(cr, resp, now) == 0)
				return;
		} else if (sip__uac_auth(ua, resp, method_of(cr->kind), sip__ostr_str(&cr->target),
		                         &cr->auth, &cr->auth_tries) == 0 &&
		           retry(cr, now) == 0) {
			return;
		}
	}
	if (!cr->quiet)
		sip__ua_event(ua, SIP_EV_REQUEST_DONE, cr->call ? cr->call->id : 0, status,
		              method_of(cr->kind),
		              resp            ? NULL
		              : status == 408 ? "timeout"
		                              : "failed");
}

struct sip__creq *sip__uac_simple_new(struct sip__ua *ua, enum sip__crkind kind, const char *target,
                                      size_t len)
{
	struct sip_arena ar;
	struct sip_uri u;
	struct sip_perr e;
	struct sip__creq *cr;
	char tag[10];
	int rc;
	if (!target)
		return NULL;
	sip_arena_init(&ar, ua->a, 1024);
	rc = sip_uri_parse(&ar, target, len, 0, &u, &e);
	sip_arena_fini(&ar);
	if (rc != 0 || (u.scheme != SIP_URI_SIP && u.scheme != SIP_URI_SIPS))
		return NULL;
	cr = sip__creq_new(ua, kind, NULL);
	if (!cr)
		return NULL;
	sip__stack_token(ua->st, tag, sizeof(tag));
	if (sip__ostr_set(ua->a, &cr->target, sip_str_make(target, len)) != 0 ||
	    sip__ostr_set(ua->a, &cr->from_tag, sip_str_make(tag, sizeof(tag))) != 0) {
		cr->dead = 1;
		return NULL;
	}
	return cr;
}

int sip_ua_options(struct sip_stack *st, const char *target, size_t len, uint64_t now)
{
	struct sip__ua *ua = sip__stack_ua(st);
	struct sip__creq *cr;
	char callid[20];
	int rc = SIP_EINVAL;
	if (!ua)
		return SIP_EINVAL;
	sip__ua_enter(ua);
	cr = sip__uac_simple_new(ua, CR_OPTIONS, target, len);
	if (cr) {
		sip__stack_token(st, callid, sizeof(callid));
		cr->cseq = 1;
		rc = sip__ostr_set(ua->a, &cr->call_id, sip_str_make(callid, sizeof(callid)));
		if (rc == 0)
			rc = sip__uac_simple_send(cr, now);
		if (rc != 0)
			cr->dead = 1;
		if (cr->finished) /* the failure was reported as REQUEST_DONE */
			rc = 0;
	}
	sip__ua_leave(ua);
	return rc;
}

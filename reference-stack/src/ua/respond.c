/* Responses of the UAS core (RFC 3261 8.2.6): built with sip_build_response
 * (build.h) plus the header fields the core adds (Contact, Server), sent
 * through the server transaction. */
#include <string.h>

#include "ua_impl.h"

/* 8.2.1 / 20.5: what this UA core processes. REGISTER is known but not
 * ours (an endpoint is not a registrar, 10): 405 like every other method
 * we recognise and do not implement. */
const char sip__ua_allow[] = "INVITE, ACK, CANCEL, BYE, OPTIONS";

void sip__ua_put_caps(struct sip_buf *b)
{
	sip_buf_puts(b, "Allow: ");
	sip_buf_puts(b, sip__ua_allow);
	/* 20.37: no extensions are supported (an empty list is valid). */
	sip_buf_puts(b, "\r\nSupported:\r\n");
}

struct resp_ctx {
	struct sip_msg *req;
	unsigned status;
	const struct sip_resp_opts *o;
};

static void build_resp(struct sip_buf *b, const void *vctx)
{
	const struct resp_ctx *x = vctx;
	sip_build_response(b, x->req, x->status, x->o);
}

int sip__uas_respond(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *req, unsigned status,
                     const struct sip__resp_x *x, uint64_t now)
{
	static const struct sip__resp_x none;
	struct sip_resp_opts o;
	struct resp_ctx rc;
	struct sip_str text;
	struct sip_buf hb;
	char tag[12], *hdrs;
	size_t cap;
	int err;
	if (!t)
		return SIP_ESTATE;
	if (!x)
		x = &none;
	/* Header lines given, our Contact, Server (20.35). */
	cap = x->headers.len + 512;
	hdrs = ua->a->alloc(ua->a->ud, cap);
	if (!hdrs)
		return SIP_ENOMEM;
	sip_buf_init(&hb, hdrs, cap);
	sip_buf_putstr(&hb, x->headers);
	if (x->contact)
		sip__ua_put_contact(ua, &hb, x->contact_tp);
	sip_buf_puts(&hb, "Server: ");
	sip_buf_putstr(&hb, sip__ostr_str(&ua->cfg.user_agent));
	sip_buf_puts(&hb, "\r\n");
	sip_buf_putc(&hb, 0);
	memset(&o, 0, sizeof(o));
	o.reason = x->reason;
	/* 8.2.6.2: every response but a 100 carries a To tag; a response that
	 * creates no dialog may take any. */
	if (x->to_tag.len) {
		o.to_tag = x->to_tag;
	} else if (status > 100) {
		sip__stack_token(ua->st, tag, 10);
		o.to_tag = sip_str_make(tag, 10);
	}
	o.copy_record_route = x->copy_rr;
	o.headers = sip_buf_ok(&hb) ? hdrs : NULL;
	o.content_type = x->ctype;
	o.body = x->body;
	rc.req = req;
	rc.status = status;
	rc.o = &o;
	err = sip__ua_render(ua, &ua->msg, build_resp, &rc, &text);
	ua->a->free(ua->a->ud, hdrs, cap);
	if (err)
		return err;
	if (x->keep && (err = sip__ostr_set(ua->a, x->keep, text)) != 0)
		return err;
	return sip__stack_respond(ua->st, t, text.p, text.len, now);
}

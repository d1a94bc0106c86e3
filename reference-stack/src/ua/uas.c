/* UAS request inspection (RFC 3261 8.2): the checks a request goes through
 * before the method's own processing, as a table in the order of 8.2.1 to
 * 8.2.3 (with the dialog rules of 12.2.2 where 8.2.2.2 points to them).
 * The first check that fails answers the request. */
#include <string.h>

#include "ua_impl.h"

struct insp {
	struct sip__ua *ua;
	struct sip_msg *req;
	uint64_t now;
	struct sip__call *c;   /* set by the dialog check */
	struct sip__dnode *dn; /* the request's dialog, NULL outside one */
	struct sip_buf *hdrs;  /* header lines for the response */
	const char *reason;    /* reason phrase; NULL: the standard one */
};

/* A check: 0 when the request passes, else the status to answer with. */
struct insp_row {
	const char *rfc;
	unsigned (*check)(struct insp *x);
};

static unsigned check_method(struct insp *x)
{
	switch (x->req->mid) {
	case SIP_METHOD_INVITE:
	case SIP_METHOD_BYE:
	case SIP_METHOD_OPTIONS:
		return 0;
	default:
		/* 8.2.1: 405 for what we know and do not do (REGISTER: an
		 * endpoint is not a registrar), 501 (21.5.2) for methods we
		 * do not know (RFC 4475 esc02, intmeth); both list Allow. */
		sip_buf_puts(x->hdrs, "Allow: ");
		sip_buf_puts(x->hdrs, sip__ua_allow);
		sip_buf_puts(x->hdrs, "\r\n");
		return x->req->mid == SIP_METHOD_OTHER ? 501 : 405;
	}
}

static unsigned check_ruri(struct insp *x)
{
	const struct sip_uri *u = sip_msg_ruri(x->req);
	if (!u) {
		x->reason = "Bad Request-URI";
		return 400;
	}
	/* RFC 4475 3.3.2 unkscm, 3.3.3 novelsc. */
	if (u->scheme != SIP_URI_SIP && u->scheme != SIP_URI_SIPS && u->scheme != SIP_URI_TEL)
		return 416;
	return 0;
}

static unsigned check_dialog(struct insp *x)
{
	const struct sip_nameaddr *to = sip_msg_to(x->req);
	/* 12.2.2: a To tag names a dialog, which must exist; 15.1.2: so must
	 * the dialog a BYE ends. */
	if (to->tag.p) {
		x->dn = sip__ua_find_dialog(x->ua, x->req, &x->c);
		return x->dn ? 0 : 481;
	}
	return x->req->mid == SIP_METHOD_BYE ? 481 : 0;
}

static uint64_t fnv(uint64_t h, struct sip_str s)
{
	size_t i;
	for (i = 0; i < s.len; i++)
		h = (h ^ (unsigned char)s.p[i]) * 1099511628211ull;
	return (h ^ 0xff) * 1099511628211ull; /* field separator */
}

/* 8.2.2.2: From tag, Call-ID and CSeq equal to those of a request still in
 * a transaction, but a different transaction (another branch or sent-by):
 * the request reached us twice through a forking proxy. Entries live as
 * long as a transaction could (64*T1). */
static unsigned check_merged(struct insp *x)
{
	struct sip__ua *ua = x->ua;
	const struct sip_nameaddr *from = sip_msg_from(x->req);
	const struct sip_cseq *cs = sip_msg_cseq(x->req);
	const struct sip_via *via = sip_msg_top_via(x->req);
	uint64_t key = 14695981039346656037ull, vk = 14695981039346656037ull;
	char num[12];
	struct sip_buf nb;
	unsigned i;
	if (x->dn || !via)
		return 0;
	sip_buf_init(&nb, num, sizeof(num));
	sip_buf_putu(&nb, cs->seq);
	key = fnv(key, from->tag);
	key = fnv(key, sip_msg_call_id(x->req));
	key = fnv(key, sip_str_make(num, nb.len));
	key = fnv(key, cs->method);
	vk = fnv(vk, via->branch);
	vk = fnv(vk, via->host.text);
	vk = fnv(vk, sip_str_make((const char *)&via->port, sizeof(via->port)));
	for (i = 0; i < SIP__MERGED; i++)
		if (ua->merged[i].until > x->now && ua->merged[i].key == key)
			return ua->merged[i].via != vk ? 482 : 0;
	i = ua->merged_pos++ % SIP__MERGED;
	ua->merged[i].key = key;
	ua->merged[i].via = vk;
	ua->merged[i].until = x->now + 64ull * sip__stack_t1(ua->st);
	return 0;
}

/* 8.2.2.3 (RFC 4475 3.3.5 bext01): the core implements no extension, so
 * every option tag of Require is unsupported. Listed while they fit: the
 * 420 must go out anyway. */
static unsigned check_require(struct insp *x)
{
	struct sip_hdr *h;
	const struct sip_token *tk;
	unsigned st = 0;
	for (h = sip_msg_hdr(x->req, SIP_HDR_REQUIRE); h; h = sip_msg_hdr_next(x->req, h)) {
		if (sip_hdr_decode(x->req, h, NULL) != 0)
			continue;
		for (tk = h->val.tok; tk; tk = tk->next) {
			st = 420;
			if (x->hdrs->len + tk->value.len + 16 > x->hdrs->cap)
				return st;
			sip_buf_puts(x->hdrs, "Unsupported: ");
			sip_buf_putstr(x->hdrs, tk->value);
			sip_buf_puts(x->hdrs, "\r\n");
		}
	}
	return st;
}

/* 8.2.3 / 20.12: any content coding but identity is one we cannot undo. */
static unsigned check_encoding(struct insp *x)
{
	struct sip_hdr *h;
	const struct sip_token *tk;
	for (h = sip_msg_hdr(x->req, SIP_HDR_CONTENT_ENCODING); h;
	     h = sip_msg_hdr_next(x->req, h)) {
		int bad = sip_hdr_decode(x->req, h, NULL) != 0;
		for (tk = bad ? NULL : h->val.tok; tk; tk = tk->next)
			bad |= !sip_str_caseeq_c(tk->value, "identity");
		if (bad) {
			sip_buf_puts(x->hdrs, "Accept-Encoding: identity\r\n");
			return 415;
		}
	}
	return 0;
}

static int is_sdp(const struct sip_media *m)
{
	return sip_str_caseeq_c(m->type, "application") && sip_str_caseeq_c(m->subtype, "sdp");
}

/* 8.2.3 (RFC 4475 3.3.6 invut): bodies other than application/sdp. */
/* 20.11: a body whose Content-Disposition says handling=optional may be
 * ignored when it is not understood ("required" is the default). */
static int body_optional(struct sip_msg *req)
{
	struct sip_hdr *cd = sip_msg_hdr(req, SIP_HDR_CONTENT_DISPOSITION);
	const struct sip_param *h;
	if (!cd || sip_hdr_decode(req, cd, NULL) != 0 || !cd->val.disp)
		return 0;
	h = sip_param_find(cd->val.disp->params, "handling");
	return h && h->has_value && sip_str_caseeq_c(h->value, "optional");
}

static unsigned check_content_type(struct insp *x)
{
	struct sip_hdr *ct = sip_msg_hdr(x->req, SIP_HDR_CONTENT_TYPE);
	if (!x->req->body.len)
		return 0;
	if (ct && sip_hdr_decode(x->req, ct, NULL) == 0 && ct->val.media && is_sdp(ct->val.media))
		return 0;
	if (body_optional(x->req))
		return 0;
	sip_buf_puts(x->hdrs, "Accept: application/sdp\r\n");
	return 415;
}

/* 8.2.3 / 21.4.7 (RFC 4475 3.3.15 sdp01): an INVITE or OPTIONS whose Accept
 * admits no application/sdp, the only type we answer with. No Accept means
 * application/sdp (20.1); an empty one admits nothing. */
static unsigned check_accept(struct insp *x)
{
	struct sip_hdr *h = sip_msg_hdr(x->req, SIP_HDR_ACCEPT);
	const struct sip_media *m;
	if (!h || (x->req->mid != SIP_METHOD_INVITE && x->req->mid != SIP_METHOD_OPTIONS))
		return 0;
	for (; h; h = sip_msg_hdr_next(x->req, h)) {
		if (sip_hdr_decode(x->req, h, NULL) != 0)
			return 0; /* unreadable: do not punish the request for it */
		for (m = h->val.media; m; m = m->next)
			if (is_sdp(m) || (sip_str_caseeq_c(m->subtype, "*") &&
			                  (sip_str_caseeq_c(m->type, "*") ||
			                   sip_str_caseeq_c(m->type, "application"))))
				return 0;
	}
	sip_buf_puts(x->hdrs, "Warning: 399 sipref \"Accept admits no type we can answer with "
	                      "(application/sdp)\"\r\n");
	return 406;
}

/* 12.2.2: sequence numbers in a dialog only grow. */
static unsigned check_cseq(struct insp *x)
{
	unsigned st = x->dn ? sip__dialog_check_cseq(&x->dn->d, x->req) : 0;
	if (st == 500)
		x->reason = "CSeq Out of Order";
	return st;
}

static const struct insp_row inspections[] = {
        {"RFC 3261 8.2.1", check_method},
        {"RFC 3261 8.2.2.1", check_ruri},
        {"RFC 3261 8.2.2.2, 12.2.2", check_dialog},
        {"RFC 3261 8.2.2.2", check_merged},
        {"RFC 3261 8.2.2.3", check_require},
        {"RFC 3261 8.2.3", check_encoding},
        {"RFC 3261 8.2.3", check_content_type},
        {"RFC 3261 8.2.3, 21.4.7", check_accept},
        {"RFC 3261 12.2.2", check_cseq},
};

static void reply(struct insp *x, struct sip_txn *t, unsigned status, const char *rfc)
{
	struct sip__resp_x r;
	memset(&r, 0, sizeof(r));
	r.reason = x->reason;
	r.headers = sip_str_make(x->hdrs->p, sip_buf_ok(x->hdrs) ? x->hdrs->len : 0);
	sip__stack_log(x->ua->st, 3, "%.*s answered %u (%s)", (int)x->req->method.len,
	               x->req->method.p, status, rfc);
	if (sip__uas_respond(x->ua, t, x->req, status, &r, x->now) != 0)
		sip__stack_log(x->ua->st, 1, "could not send %u", status);
}

void sip__uas_request(struct sip__ua *ua, struct sip_txn *t, struct sip_msg *req,
                      const struct sip__dest *from, uint64_t now)
{
	struct insp x;
	struct sip_buf hb;
	char hdrs[1024];
	unsigned st = 0;
	size_t i;
	memset(&x, 0, sizeof(x));
	sip_buf_init(&hb, hdrs, sizeof(hdrs));
	x.ua = ua;
	x.req = req;
	x.now = now;
	x.hdrs = &hb;
	/* The stack answered malformed requests (400, 505) already; these
	 * guards keep the core safe on its own. */
	if (req->version_major != 2 || req->version_minor != 0) {
		reply(&x, t, 505, "RFC 3261 8.2");
		return;
	}
	if (!sip_msg_to(req) || !sip_msg_from(req) || !sip_msg_cseq(req) ||
	    !sip_msg_call_id(req).p) {
		x.reason = "Missing Mandatory Header Field";
		reply(&x, t, 400, "RFC 3261 8.1.1");
		return;
	}
	/* 9.2: CANCEL is hop by hop and matched to a transaction, not a
	 * dialog; 8.2.2.3 exempts it from Require. */
	if (req->mid == SIP_METHOD_CANCEL) {
		sip__uas_cancel(ua, t, req, now);
		return;
	}
	for (i = 0; i < sizeof(inspections) / sizeof(inspections[0]); i++) {
		if ((st = inspections[i].check(&x)) != 0) {
			reply(&x, t, st, inspections[i].rfc);
			return;
		}
	}
	switch (req->mid) {
	case SIP_METHOD_INVITE:
		if (x.dn)
			sip__uas_reinvite(x.c, x.dn, t, req, now);
		else
			sip__uas_invite(ua, t, req, from, now);
		break;
	case SIP_METHOD_BYE:
		sip__uas_bye(x.c, x.dn, t, req, now);
		break;
	default:
		sip__uas_options(ua, t, req, now);
		break;
	}
}

/* UAC behaviour shared by every method (RFC 3261 8.1): building requests
 * (8.1.1), choosing where they go (8.1.2), client requests and their
 * transactions, credentials for 401/407 (8.1.3.5, 22.2), and requests
 * within a dialog (12.2.1.1). */
#include <string.h>

#include "auth/digest.h"
#include "ua_impl.h"

void sip__uac_branch(struct sip__ua *ua, char out[24])
{
	/* 8.1.1.7: the magic cookie, then something unique over space and
	 * time. */
	memcpy(out, "z9hG4bK", 7);
	sip__stack_token(ua->st, out + 7, 16);
	out[23] = 0;
}

struct req_ctx {
	struct sip__ua *ua;
	const struct sip__req_opts *o;
	const struct sip_addr *local;
};

static void put_route(struct sip_buf *b, struct sip_str uri, struct sip_str params)
{
	sip_buf_puts(b, "Route: <");
	sip_buf_putstr(b, uri);
	sip_buf_putc(b, '>');
	sip_buf_putstr(b, params);
	sip_buf_puts(b, "\r\n");
}

static void put_tagged(struct sip_buf *b, const char *name, struct sip_str display,
                       struct sip_str uri, struct sip_str tag)
{
	sip_buf_puts(b, name);
	if (display.len) {
		sip_buf_putc(b, '"');
		sip_buf_putstr(b, display);
		sip_buf_puts(b, "\" ");
	}
	sip_buf_putc(b, '<');
	sip_buf_putstr(b, uri);
	sip_buf_putc(b, '>');
	if (tag.len) {
		sip_buf_puts(b, ";tag=");
		sip_buf_putstr(b, tag);
	}
	sip_buf_puts(b, "\r\n");
}

void sip__ua_put_contact(struct sip__ua *ua, struct sip_buf *b, enum sip_transport tp)
{
	const struct sip_addr *l = sip__stack_local(ua->st, tp);
	/* 8.1.1.8: a SIP URI at which we can be reached directly; the
	 * transport named unless it is UDP. */
	sip_buf_puts(b, "Contact: <sip:");
	sip_buf_putstr(b, sip__ostr_str(&ua->cfg.user));
	sip_buf_putc(b, '@');
	if (l)
		sip_addr_print(b, l);
	else
		sip_buf_puts(b, "invalid");
	if (tp == SIP_TP_TCP)
		sip_buf_puts(b, ";transport=tcp");
	else if (tp == SIP_TP_TLS)
		sip_buf_puts(b, ";transport=tls");
	sip_buf_puts(b, ">\r\n");
}

static void build_request(struct sip_buf *b, const void *vctx)
{
	const struct req_ctx *x = vctx;
	const struct sip__req_opts *o = x->o;
	const struct sip__req_spec *s = o->spec;
	struct sip__ua *ua = x->ua;
	size_t i;
	/* 8.1.1.1 */
	sip_buf_puts(b, s->method);
	sip_buf_putc(b, ' ');
	sip_buf_putstr(b, s->ruri);
	sip_buf_puts(b, " SIP/2.0\r\n");
	/* 8.1.1.7 (RFC 3581 rport asks for the source port in responses). */
	sip_buf_puts(b, "Via: SIP/2.0/");
	sip_buf_puts(b, sip_transport_name(o->tp));
	sip_buf_putc(b, ' ');
	sip_addr_print(b, x->local);
	sip_buf_puts(b, ";branch=");
	sip_buf_putstr(b, o->branch);
	sip_buf_puts(b, ";rport\r\n");
	/* 8.1.1.6 */
	sip_buf_puts(b, "Max-Forwards: 70\r\n");
	/* 8.1.2 / 12.2.1.1 */
	for (i = 0; i < s->nroutes; i++)
		put_route(b, sip__ostr_str(&s->routes[i].uri), sip__ostr_str(&s->routes[i].params));
	if (s->tail_route.p)
		put_route(b, s->tail_route, sip_str_make("", 0));
	/* 8.1.1.2, 8.1.1.3 */
	put_tagged(b, "To: ", sip_str_make("", 0), s->to_uri, s->to_tag);
	put_tagged(b, "From: ", o->display ? sip__ostr_str(&ua->cfg.display) : sip_str_make("", 0),
	           s->from_uri, s->from_tag);
	/* 8.1.1.4, 8.1.1.5 */
	sip_buf_puts(b, "Call-ID: ");
	sip_buf_putstr(b, s->call_id);
	sip_buf_puts(b, "\r\nCSeq: ");
	sip_buf_putu(b, s->cseq);
	sip_buf_putc(b, ' ');
	sip_buf_puts(b, s->method);
	sip_buf_puts(b, "\r\n");
	if (o->contact)
		sip__ua_put_contact(ua, b, o->tp);
	sip_buf_putstr(b, o->headers);
	sip_buf_puts(b, "User-Agent: ");
	sip_buf_putstr(b, sip__ostr_str(&ua->cfg.user_agent));
	sip_buf_puts(b, "\r\n");
	if (o->body.len) {
		sip_buf_puts(b, "Content-Type: ");
		sip_buf_putstr(b, o->ctype);
		sip_buf_puts(b, "\r\n");
	}
	sip_buf_puts(b, "Content-Length: ");
	sip_buf_putu(b, o->body.len);
	sip_buf_puts(b, "\r\n\r\n");
	sip_buf_putstr(b, o->body);
}

int sip__uac_render(struct sip__ua *ua, const struct sip__req_opts *o, struct sip_str *out)
{
	struct req_ctx x;
	x.ua = ua;
	x.o = o;
	x.local = sip__stack_local(ua->st, o->tp);
	if (!x.local)
		return SIP_ENOENT;
	return sip__ua_render(ua, &ua->msg, build_request, &x, out);
}

int sip__uac_dest(struct sip__ua *ua, struct sip_str next_hop, struct sip__dest *dest)
{
	struct sip_arena ar;
	struct sip_uri u;
	struct sip_perr e;
	int rc;
	sip_arena_init(&ar, ua->a, 1024);
	rc = sip_uri_parse(&ar, next_hop.p, next_hop.len, 0, &u, &e);
	if (rc == 0 && u.scheme != SIP_URI_SIP && u.scheme != SIP_URI_SIPS)
		rc = SIP_EUNSUPP;
	if (rc == 0) {
		memset(dest, 0, sizeof(*dest));
		rc = sip__stack_resolve(ua->st, &u, dest);
	}
	if (rc == 0 && !sip__stack_local(ua->st, dest->tp))
		rc = SIP_ENOENT; /* no listen address to send from on that transport */
	sip_arena_fini(&ar);
	return rc;
}

struct sip__creq *sip__creq_new(struct sip__ua *ua, enum sip__crkind kind, struct sip__call *c)
{
	struct sip__creq *cr = ua->a->alloc(ua->a->ud, sizeof(*cr));
	if (!cr)
		return NULL;
	memset(cr, 0, sizeof(*cr));
	cr->ua = ua;
	cr->kind = kind;
	cr->call = c;
	cr->expires = -1;
	cr->next = ua->creqs;
	ua->creqs = cr;
	return cr;
}

int sip__creq_start(struct sip__creq *cr, struct sip_str req, const struct sip__dest *d,
                    uint64_t now)
{
	struct sip_txn *t = NULL;
	int rc = sip__stack_request(cr->ua->st, req.p, req.len, d, cr, &t, now);
	/* A transaction that failed (or ended) during the call has already
	 * said so through sip__ua_txn_event; only a live one is kept. */
	if (rc == 0 && !cr->dead)
		cr->t = t;
	if (rc != 0)
		cr->dead = 1;
	return rc;
}

/* ---- 22.2: credentials ------------------------------------------------------ */

struct auth_ctx {
	struct sip__ua *ua;
	struct sip_msg *resp;
	enum sip_hdr_id challenge, answer;
	struct sip_str method, ruri, keep, cnonce;
	int *rc;
};

static void build_auth(struct sip_buf *b, const void *vctx)
{
	const struct auth_ctx *x = vctx;
	struct sip_hdr *h;
	int any = 0, rc = SIP_EUNSUPP;
	/* Earlier lines of the other kind stay (a 407 after a 401 needs both). */
	sip_buf_putstr(b, x->keep);
	for (h = sip_msg_hdr(x->resp, x->challenge); h; h = sip_msg_hdr_next(x->resp, h)) {
		size_t mark = b->len;
		if (sip_hdr_decode(x->resp, h, NULL) != 0 || !h->val.auth)
			continue;
		sip_buf_puts(b, sip_hdr_name(x->answer));
		sip_buf_puts(b, ": ");
		rc = sip__digest_credentials(b, h->val.auth, sip__ostr_str(&x->ua->cfg.auth_user),
		                             sip__ostr_str(&x->ua->cfg.auth_password), x->method,
		                             x->ruri, x->cnonce, 1);
		if (rc != 0) {
			b->len = mark; /* 22.2: challenges we cannot answer are skipped */
			continue;
		}
		sip_buf_puts(b, "\r\n");
		any = 1;
	}
	*x->rc = any ? 0 : rc;
}

static int is_line(const char *p, size_t len, const char *name)
{
	size_t nl = strlen(name);
	return len > nl && p[nl] == ':' && sip_str_caseeq_c(sip_str_make(p, nl), name);
}

/* The lines of `lines` that are not `drop` headers (into tmp), and whether
 * there is a `drop` line. */
static struct sip_str other_lines(const struct sip__ostr *lines, enum sip_hdr_id drop, char *tmp,
                                  size_t cap, int *found)
{
	const char *name = sip_hdr_name(drop);
	size_t i = 0, n = 0;
	*found = 0;
	while (i < lines->len) {
		size_t j = i;
		while (j < lines->len && lines->p[j] != '\n')
			j++;
		j = j < lines->len ? j + 1 : j;
		if (is_line(lines->p + i, j - i, name)) {
			*found = 1;
		} else if (n + (j - i) <= cap) {
			memcpy(tmp + n, lines->p + i, j - i);
			n += j - i;
		}
		i = j;
	}
	return sip_str_make(tmp, n);
}

static int has_line(const struct sip__ostr *lines, enum sip_hdr_id id)
{
	char tmp[1];
	int found;
	(void)other_lines(lines, id, tmp, 0, &found);
	return found;
}

static int stale(struct sip_msg *resp, enum sip_hdr_id id)
{
	struct sip_hdr *h;
	for (h = sip_msg_hdr(resp, id); h; h = sip_msg_hdr_next(resp, h))
		if (sip_hdr_decode(resp, h, NULL) == 0 && h->val.auth &&
		    sip_str_caseeq_c(h->val.auth->stale, "true"))
			return 1;
	return 0;
}

int sip__uac_auth(struct sip__ua *ua, struct sip_msg *resp, const char *method, struct sip_str ruri,
                  struct sip__ostr *lines, unsigned *tries)
{
	struct auth_ctx x;
	struct sip_str out;
	char keep[2048], cn[12];
	int rc = SIP_EUNSUPP, found;
	if (!ua->cfg.auth_user.len || !ua->cfg.auth_password.p)
		return SIP_ENOENT;
	x.challenge = resp->status == 407 ? SIP_HDR_PROXY_AUTHENTICATE : SIP_HDR_WWW_AUTHENTICATE;
	x.answer = resp->status == 407 ? SIP_HDR_PROXY_AUTHORIZATION : SIP_HDR_AUTHORIZATION;
	/* 22.2: a second challenge after we answered one means the
	 * credentials were refused, unless the nonce was only stale. At most
	 * a few rounds (a 401 and a 407 may each need one). */
	if (*tries >= 4 || (!stale(resp, x.challenge) && has_line(lines, x.answer)))
		return SIP_ESTATE;
	sip__stack_token(ua->st, cn, 8);
	x.ua = ua;
	x.resp = resp;
	x.method = sip_str_make(method, strlen(method));
	x.ruri = ruri;
	x.cnonce = sip_str_make(cn, 8);
	x.keep = other_lines(lines, x.answer, keep, sizeof(keep), &found);
	x.rc = &rc;
	if (sip__ua_render(ua, &ua->part, build_auth, &x, &out) != 0)
		return SIP_ENOMEM;
	if (rc != 0)
		return rc;
	if (sip__ostr_set(ua->a, lines, out) != 0)
		return SIP_ENOMEM;
	(*tries)++;
	return 0;
}

/* ---- 12.2.1.1: requests within a dialog -------------------------------------- */

int sip__uac_in_dialog(struct sip__call *c, struct sip__dnode *dn, enum sip__crkind kind,
                       const char *method, const struct sip__ostr *auth, struct sip_str ctype,
                       struct sip_str body, int quiet, uint64_t now)
{
	struct sip__ua *ua = c->ua;
	struct sip__req_spec spec;
	struct sip__req_opts o;
	struct sip__dest dest;
	struct sip__creq *cr;
	struct sip_str text;
	char branch[24], hdrs[2560];
	struct sip_buf hb;
	int rc;
	if ((rc = sip__dialog_request(&dn->d, method, 1, 0, &spec)) != 0)
		return rc;
	if ((rc = sip__uac_dest(ua, spec.next_hop, &dest)) != 0)
		return rc;
	sip__uac_branch(ua, branch);
	sip_buf_init(&hb, hdrs, sizeof(hdrs));
	if (auth)
		sip_buf_putstr(&hb, sip__ostr_str(auth));
	if (kind == CR_REINVITE)
		sip__ua_put_caps(&hb);
	memset(&o, 0, sizeof(o));
	o.spec = &spec;
	o.tp = dest.tp;
	o.branch = sip_str_make(branch, 23);
	/* 12.2.1.1: target refresh requests carry a Contact. */
	o.contact = kind == CR_REINVITE;
	o.headers = sip_str_make(hdrs, hb.len);
	o.ctype = ctype;
	o.body = body;
	if (!sip_buf_ok(&hb))
		return SIP_ETOOBIG;
	if ((rc = sip__uac_render(ua, &o, &text)) != 0)
		return rc;
	cr = sip__creq_new(ua, kind, c);
	if (!cr)
		return SIP_ENOMEM;
	cr->dn = dn;
	cr->quiet = quiet ? 1 : 0;
	if (auth && (rc = sip__ostr_set(ua->a, &cr->auth, sip__ostr_str(auth))) != 0) {
		cr->dead = 1;
		return rc;
	}
	if (kind == CR_REINVITE)
		c->reinv = cr;
	return sip__creq_start(cr, text, &dest, now);
}

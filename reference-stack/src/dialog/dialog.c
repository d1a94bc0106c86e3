/* Dialog state (RFC 3261 12.1, 12.2): creation on both sides, matching,
 * sequence numbers, target refresh, and the shape of in-dialog requests. */
#include <string.h>

#include "dialog.h"
#include "sipref/error.h"

int sip__ostr_set(const struct sip_allocator *a, struct sip__ostr *s, struct sip_str v)
{
	char *p = NULL;
	if (v.len) {
		p = a->alloc(a->ud, v.len);
		if (!p)
			return SIP_ENOMEM;
		memcpy(p, v.p, v.len);
	}
	sip__ostr_free(a, s);
	s->p = p;
	s->len = v.len;
	return 0;
}

void sip__ostr_free(const struct sip_allocator *a, struct sip__ostr *s)
{
	if (s->p)
		a->free(a->ud, s->p, s->len);
	s->p = NULL;
	s->len = 0;
}

static void free_routes(struct sip__dialog *d)
{
	size_t i;
	for (i = 0; i < d->nroutes; i++) {
		sip__ostr_free(d->a, &d->routes[i].uri);
		sip__ostr_free(d->a, &d->routes[i].params);
	}
	if (d->routes)
		d->a->free(d->a->ud, d->routes, d->nroutes * sizeof(*d->routes));
	d->routes = NULL;
	d->nroutes = 0;
}

void sip__dialog_fini(struct sip__dialog *d)
{
	if (!d->a)
		return;
	free_routes(d);
	sip__ostr_free(d->a, &d->call_id);
	sip__ostr_free(d->a, &d->local_tag);
	sip__ostr_free(d->a, &d->remote_tag);
	sip__ostr_free(d->a, &d->local_uri);
	sip__ostr_free(d->a, &d->remote_uri);
	sip__ostr_free(d->a, &d->remote_target);
}

/* ";name=value" for every header parameter of a Record-Route value. */
static int set_params(const struct sip_allocator *a, struct sip__ostr *s, const struct sip_param *p)
{
	char tmp[512];
	struct sip_buf b;
	const struct sip_param *q;
	sip_buf_init(&b, tmp, sizeof(tmp));
	for (q = p; q; q = q->next) {
		sip_buf_putc(&b, ';');
		sip_buf_putstr(&b, q->name);
		if (q->has_value) {
			sip_buf_putc(&b, '=');
			sip_buf_putstr(&b, q->value);
		}
	}
	if (!sip_buf_ok(&b))
		return SIP_ETOOBIG;
	return sip__ostr_set(a, s, sip_str_make(tmp, b.len));
}

/* 12.1.1 / 12.1.2: the route set is the Record-Route values, in order for
 * the UAS and reversed for the UAC. */
static int load_routes(struct sip__dialog *d, struct sip_msg *m, int reverse)
{
	struct sip_hdr *h;
	const struct sip_nameaddr *na;
	struct sip__route *v;
	size_t n = 0, i = 0;
	int rc;
	for (h = sip_msg_hdr(m, SIP_HDR_RECORD_ROUTE); h; h = sip_msg_hdr_next(m, h)) {
		if (sip_hdr_decode(m, h, NULL) != 0)
			return SIP_EPARSE;
		for (na = h->val.na; na; na = na->next)
			n++;
	}
	free_routes(d);
	if (!n)
		return 0;
	v = d->a->alloc(d->a->ud, n * sizeof(*v));
	if (!v)
		return SIP_ENOMEM;
	memset(v, 0, n * sizeof(*v));
	d->routes = v;
	d->nroutes = n;
	for (h = sip_msg_hdr(m, SIP_HDR_RECORD_ROUTE); h; h = sip_msg_hdr_next(m, h)) {
		for (na = h->val.na; na; na = na->next, i++) {
			struct sip__route *r = &v[reverse ? n - 1 - i : i];
			if ((rc = sip__ostr_set(d->a, &r->uri, na->uri.raw)) != 0 ||
			    (rc = set_params(d->a, &r->params, na->params)) != 0)
				return rc;
		}
	}
	return 0;
}

static const struct sip_nameaddr *contact_of(struct sip_msg *m)
{
	struct sip_hdr *h = sip_msg_hdr(m, SIP_HDR_CONTACT);
	if (!h || sip_hdr_decode(m, h, NULL) != 0 || !h->val.na || h->val.na->star)
		return NULL;
	return h->val.na;
}

int sip__dialog_init_uas(struct sip__dialog *d, const struct sip_allocator *a, struct sip_msg *req,
                         struct sip_str local_tag, int early)
{
	const struct sip_nameaddr *from = sip_msg_from(req), *to = sip_msg_to(req);
	const struct sip_nameaddr *contact = contact_of(req);
	const struct sip_cseq *cseq = sip_msg_cseq(req);
	struct sip_str callid = sip_msg_call_id(req);
	int rc;
	memset(d, 0, sizeof(*d));
	d->a = a;
	/* 12.1.1: the remote target is the Contact of the request. RFC 2543
	 * clients may omit it (the From URI is then the best target there
	 * is) and the From tag (the remote tag is then empty). */
	if (!from || !to || !cseq || !callid.p)
		return SIP_EPARSE;
	d->state = early ? SIP_DLG_EARLY : SIP_DLG_CONFIRMED;
	d->remote_seq = cseq->seq;
	d->remote_seq_set = 1;
	if ((rc = sip__ostr_set(a, &d->call_id, callid)) != 0 ||
	    (rc = sip__ostr_set(a, &d->local_tag, local_tag)) != 0 ||
	    (rc = sip__ostr_set(a, &d->remote_tag, from->tag)) != 0 ||
	    (rc = sip__ostr_set(a, &d->local_uri, to->uri.raw)) != 0 ||
	    (rc = sip__ostr_set(a, &d->remote_uri, from->uri.raw)) != 0 ||
	    (rc = sip__ostr_set(a, &d->remote_target,
	                        contact ? contact->uri.raw : from->uri.raw)) != 0 ||
	    (rc = load_routes(d, req, 0)) != 0)
		goto out;
	return 0;
out:
	sip__dialog_fini(d);
	return rc;
}

int sip__dialog_init_uac(struct sip__dialog *d, const struct sip_allocator *a, struct sip_msg *resp)
{
	const struct sip_nameaddr *from = sip_msg_from(resp), *to = sip_msg_to(resp);
	const struct sip_nameaddr *contact = contact_of(resp);
	const struct sip_cseq *cseq = sip_msg_cseq(resp);
	struct sip_str callid = sip_msg_call_id(resp);
	int early = resp->status < 200;
	int rc;
	memset(d, 0, sizeof(*d));
	d->a = a;
	d->uac = 1;
	/* 12.1.2: a dialog needs the To tag; a 2xx must carry a Contact. */
	if (!from || !to || !to->tag.len || !cseq || !callid.p || (!early && !contact))
		return SIP_EPARSE;
	d->state = early ? SIP_DLG_EARLY : SIP_DLG_CONFIRMED;
	d->local_seq = cseq->seq;
	if ((rc = sip__ostr_set(a, &d->call_id, callid)) != 0 ||
	    (rc = sip__ostr_set(a, &d->local_tag, from->tag)) != 0 ||
	    (rc = sip__ostr_set(a, &d->remote_tag, to->tag)) != 0 ||
	    (rc = sip__ostr_set(a, &d->local_uri, from->uri.raw)) != 0 ||
	    (rc = sip__ostr_set(a, &d->remote_uri, to->uri.raw)) != 0 ||
	    (contact && (rc = sip__ostr_set(a, &d->remote_target, contact->uri.raw)) != 0) ||
	    (rc = load_routes(d, resp, 1)) != 0)
		goto out;
	return 0;
out:
	sip__dialog_fini(d);
	return rc;
}

static int tag_eq(const struct sip__ostr *mine, struct sip_str theirs)
{
	/* An absent tag (RFC 2543 peer) equals an empty one. */
	return sip_str_eq(sip__ostr_str(mine), theirs.p ? theirs : sip_str_make("", 0));
}

static int match(const struct sip__dialog *d, struct sip_msg *m, int request)
{
	const struct sip_nameaddr *from = sip_msg_from(m), *to = sip_msg_to(m);
	struct sip_str callid = sip_msg_call_id(m);
	const struct sip_nameaddr *local = request ? to : from, *remote = request ? from : to;
	if (!from || !to || !callid.p)
		return 0;
	/* 20.8: Call-IDs are compared octet by octet. */
	return sip_str_eq(sip__ostr_str(&d->call_id), callid) &&
	       tag_eq(&d->local_tag, local->tag) && tag_eq(&d->remote_tag, remote->tag);
}

int sip__dialog_match_request(const struct sip__dialog *d, struct sip_msg *req)
{
	return match(d, req, 1);
}

int sip__dialog_match_response(const struct sip__dialog *d, struct sip_msg *resp)
{
	return match(d, resp, 0);
}

unsigned sip__dialog_check_cseq(struct sip__dialog *d, struct sip_msg *req)
{
	const struct sip_cseq *c = sip_msg_cseq(req);
	if (!c)
		return 400;
	/* 12.2.2: lower than the remote sequence number -> out of order. */
	if (d->remote_seq_set && c->seq < d->remote_seq)
		return 500;
	d->remote_seq = c->seq;
	d->remote_seq_set = 1;
	return 0;
}

int sip__dialog_refresh_target(struct sip__dialog *d, struct sip_msg *m)
{
	const struct sip_nameaddr *c = contact_of(m);
	if (!c)
		return 0;
	return sip__ostr_set(d->a, &d->remote_target, c->uri.raw);
}

int sip__dialog_confirm_uac(struct sip__dialog *d, struct sip_msg *resp)
{
	int rc;
	/* 13.2.2.4: only the route set is recomputed (and 12.2.1.2's target
	 * refresh applies to the 2xx as to any INVITE response). */
	if ((rc = load_routes(d, resp, 1)) != 0 || (rc = sip__dialog_refresh_target(d, resp)) != 0)
		return rc;
	d->state = SIP_DLG_CONFIRMED;
	return 0;
}

/* 19.1.1: "lr" among the URI parameters of the first route. The URI text is
 * scanned rather than parsed: parameters follow the first ';' after the
 * userinfo (which ends at the only unescaped '@', 25.1) and end at '?'. */
int sip__uri_has_lr(struct sip_str uri)
{
	size_t i = 0, j;
	for (j = 0; j < uri.len && uri.p[j] != '?'; j++)
		if (uri.p[j] == '@')
			i = j + 1;
	while (i < uri.len && uri.p[i] != ';' && uri.p[i] != '?')
		i++;
	while (i < uri.len && uri.p[i] == ';') {
		j = ++i;
		while (j < uri.len && uri.p[j] != ';' && uri.p[j] != '?' && uri.p[j] != '=')
			j++;
		if (sip_str_caseeq_c(sip_str_make(uri.p + i, j - i), "lr"))
			return 1;
		while (j < uri.len && uri.p[j] != ';' && uri.p[j] != '?')
			j++;
		i = j;
	}
	return 0;
}

int sip__dialog_strict(const struct sip__dialog *d)
{
	return d->nroutes > 0 && !sip__uri_has_lr(sip__ostr_str(&d->routes[0].uri));
}

/* 19.1.1: header components are not allowed in a Request-URI. */
static struct sip_str without_headers(struct sip_str uri)
{
	size_t i;
	for (i = 0; i < uri.len; i++)
		if (uri.p[i] == '?')
			return sip_str_make(uri.p, i);
	return uri;
}

int sip__dialog_request(struct sip__dialog *d, const char *method, int new_seq, uint32_t seq,
                        struct sip__req_spec *out)
{
	memset(out, 0, sizeof(*out));
	if (!d->remote_target.len)
		return SIP_EINVAL;
	out->method = method;
	/* 12.2.1.1: the local sequence number is incremented for each new
	 * request; a UAS that never sent one starts at 1 (the number is ours
	 * to choose, 8.1.1.5). */
	if (new_seq) {
		d->local_seq = d->local_seq ? d->local_seq + 1 : 1;
		seq = d->local_seq;
	}
	out->cseq = seq;
	out->to_uri = sip__ostr_str(&d->remote_uri);
	out->to_tag = sip__ostr_str(&d->remote_tag);
	out->from_uri = sip__ostr_str(&d->local_uri);
	out->from_tag = sip__ostr_str(&d->local_tag);
	out->call_id = sip__ostr_str(&d->call_id);
	if (!d->nroutes) {
		out->ruri = sip__ostr_str(&d->remote_target);
		out->next_hop = out->ruri;
	} else if (!sip__dialog_strict(d)) {
		out->ruri = sip__ostr_str(&d->remote_target);
		out->routes = d->routes;
		out->nroutes = d->nroutes;
		out->next_hop = sip__ostr_str(&d->routes[0].uri);
	} else {
		/* 12.2.1.1: the next hop is a strict router; it expects to find
		 * itself in the Request-URI, and the remote target travels as
		 * the last Route. */
		out->ruri = without_headers(sip__ostr_str(&d->routes[0].uri));
		out->routes = d->routes + 1;
		out->nroutes = d->nroutes - 1;
		out->tail_route = sip__ostr_str(&d->remote_target);
		out->next_hop = out->ruri;
	}
	return 0;
}

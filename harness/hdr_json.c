/* sipvet: typed header values (sipref/hdr.h) as JSON.
 *
 * The value kind of each header comes from the SIP_HEADERS table, so a new
 * header there is printed without touching this file. Optional parts that
 * are absent are left out rather than written as null. */
#include "msg_json.h"

enum kind {
	K_none = 0,
	K_via,
	K_na,
	K_cseq,
	K_num,
	K_text,
	K_media,
	K_tok,
	K_disp,
	K_date,
	K_ts,
	K_retry,
	K_warn,
	K_info,
	K_auth,
	K_mime,
};

static const unsigned char kind_of[SIP_HDR__COUNT] = {
#define VET_K(id, name, compact, member) [SIP_HDR_##id] = K_##member,
        SIP_HEADERS(VET_K)
#undef VET_K
};

/* "key": slice, only when present. */
static void opt(struct vet_json *j, const char *k, struct sip_str s)
{
	if (s.p)
		vet_json_ksstr(j, k, s);
}

static void via(struct vet_json *j, const struct sip_via *v)
{
	vet_json_arr(j);
	for (; v; v = v->next) {
		vet_json_obj(j);
		vet_json_ksstr(j, "protocol", v->protocol);
		vet_json_ksstr(j, "version", v->version);
		vet_json_ksstr(j, "transport", v->transport);
		vet_json_key(j, "host");
		vet_json_host(j, &v->host);
		if (v->has_port)
			vet_json_kuint(j, "port", v->port);
		vet_json_key(j, "params");
		vet_json_params(j, v->params);
		opt(j, "branch", v->branch);
		opt(j, "received", v->received);
		opt(j, "maddr", v->maddr);
		if (v->ttl >= 0)
			vet_json_kint(j, "ttl", v->ttl);
		/* RFC 3581 3: "rport" alone asks for the port; true then. */
		if (v->rport == 0)
			vet_json_kbool(j, "rport", 1);
		else if (v->rport > 0)
			vet_json_kint(j, "rport", v->rport);
		vet_json_obj_end(j);
	}
	vet_json_arr_end(j);
}

static void nameaddr(struct vet_json *j, const struct sip_nameaddr *na)
{
	vet_json_arr(j);
	for (; na; na = na->next) {
		vet_json_obj(j);
		if (na->star) {
			vet_json_kbool(j, "star", 1);
		} else {
			opt(j, "display", na->display);
			vet_json_kbool(j, "angle", na->angle);
			vet_json_key(j, "uri");
			vet_json_uri(j, &na->uri);
		}
		vet_json_key(j, "params");
		vet_json_params(j, na->params);
		opt(j, "tag", na->tag);
		vet_json_obj_end(j);
	}
	vet_json_arr_end(j);
}

static void media(struct vet_json *j, const struct sip_media *md)
{
	vet_json_arr(j);
	for (; md; md = md->next) {
		vet_json_obj(j);
		vet_json_ksstr(j, "type", md->type);
		vet_json_ksstr(j, "subtype", md->subtype);
		vet_json_key(j, "params");
		vet_json_params(j, md->params);
		vet_json_obj_end(j);
	}
	vet_json_arr_end(j);
}

static void tokens(struct vet_json *j, const struct sip_token *t)
{
	vet_json_arr(j);
	for (; t; t = t->next) {
		vet_json_obj(j);
		vet_json_ksstr(j, "value", t->value);
		if (t->params) {
			vet_json_key(j, "params");
			vet_json_params(j, t->params);
		}
		vet_json_obj_end(j);
	}
	vet_json_arr_end(j);
}

static void warnings(struct vet_json *j, const struct sip_warning *w)
{
	vet_json_arr(j);
	for (; w; w = w->next) {
		vet_json_obj(j);
		vet_json_kuint(j, "code", w->code);
		vet_json_ksstr(j, "agent", w->agent);
		vet_json_ksstr(j, "text", w->text);
		vet_json_obj_end(j);
	}
	vet_json_arr_end(j);
}

static void infos(struct vet_json *j, const struct sip_info *in)
{
	vet_json_arr(j);
	for (; in; in = in->next) {
		vet_json_obj(j);
		vet_json_key(j, "uri");
		vet_json_uri(j, &in->uri);
		vet_json_key(j, "params");
		vet_json_params(j, in->params);
		vet_json_obj_end(j);
	}
	vet_json_arr_end(j);
}

static void auth(struct vet_json *j, const struct sip_auth *a)
{
	vet_json_obj(j);
	vet_json_ksstr(j, "scheme", a->scheme);
	vet_json_key(j, "params");
	vet_json_params(j, a->params);
	/* RFC 2617 3.2.1, 3.2.2, 3.2.3: the Digest fields, quotes removed. */
	opt(j, "realm", a->realm);
	opt(j, "nonce", a->nonce);
	opt(j, "opaque", a->opaque);
	opt(j, "algorithm", a->algorithm);
	opt(j, "qop", a->qop);
	opt(j, "stale", a->stale);
	opt(j, "domain", a->domain);
	opt(j, "username", a->username);
	opt(j, "uri", a->uri);
	opt(j, "response", a->response);
	opt(j, "cnonce", a->cnonce);
	opt(j, "nc", a->nc);
	opt(j, "nextnonce", a->nextnonce);
	opt(j, "rspauth", a->rspauth);
	vet_json_obj_end(j);
}

static void date(struct vet_json *j, const struct sip_date *d)
{
	vet_json_obj(j);
	vet_json_ksstr(j, "raw", d->raw);
	vet_json_kint(j, "wkday", d->wkday);
	vet_json_kint(j, "day", d->day);
	vet_json_kint(j, "month", d->month);
	vet_json_kint(j, "year", d->year);
	vet_json_kint(j, "hour", d->hour);
	vet_json_kint(j, "min", d->min);
	vet_json_kint(j, "sec", d->sec);
	vet_json_kint(j, "epoch", d->epoch);
	vet_json_obj_end(j);
}

void vet_json_hval(struct vet_json *j, enum sip_hdr_id id, union sip_hval v)
{
	enum kind k = (unsigned)id < SIP_HDR__COUNT ? (enum kind)kind_of[id] : K_none;
	switch (k) {
	case K_via:
		via(j, v.via);
		return;
	case K_na:
		nameaddr(j, v.na);
		return;
	case K_media:
		media(j, v.media);
		return;
	case K_tok:
		tokens(j, v.tok);
		return;
	case K_warn:
		warnings(j, v.warn);
		return;
	case K_info:
		infos(j, v.info);
		return;
	default:
		break;
	}
	if (!v.any) {
		vet_json_null(j);
		return;
	}
	switch (k) {
	case K_cseq:
		vet_json_obj(j);
		vet_json_kuint(j, "seq", v.cseq->seq);
		vet_json_ksstr(j, "method", v.cseq->method);
		vet_json_key(j, "method_id");
		if (v.cseq->mid == SIP_METHOD_OTHER)
			vet_json_null(j);
		else
			vet_json_cstr(j, sip_method_name(v.cseq->mid));
		vet_json_obj_end(j);
		break;
	case K_num:
		vet_json_obj(j);
		vet_json_kuint(j, "value", v.num->value);
		vet_json_obj_end(j);
		break;
	case K_text:
		vet_json_obj(j);
		vet_json_ksstr(j, "value", v.text->value);
		vet_json_obj_end(j);
		break;
	case K_disp:
		vet_json_obj(j);
		vet_json_ksstr(j, "type", v.disp->type);
		vet_json_key(j, "params");
		vet_json_params(j, v.disp->params);
		vet_json_obj_end(j);
		break;
	case K_date:
		date(j, v.date);
		break;
	case K_ts:
		vet_json_obj(j);
		vet_json_ksstr(j, "value", v.ts->value);
		opt(j, "delay", v.ts->delay);
		vet_json_obj_end(j);
		break;
	case K_retry:
		vet_json_obj(j);
		vet_json_kuint(j, "seconds", v.retry->seconds);
		opt(j, "comment", v.retry->comment);
		vet_json_key(j, "params");
		vet_json_params(j, v.retry->params);
		vet_json_obj_end(j);
		break;
	case K_auth:
		auth(j, v.auth);
		break;
	case K_mime:
		vet_json_obj(j);
		vet_json_kuint(j, "major", v.mime->major);
		vet_json_kuint(j, "minor", v.mime->minor);
		vet_json_obj_end(j);
		break;
	default:
		vet_json_null(j);
		break;
	}
}

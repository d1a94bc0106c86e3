/* sipvet: SDP (RFC 4566) and multipart (RFC 2046 5.1) bodies as JSON.
 * Absent optional lines are left out; repeated lines are arrays in order. */
#include "msg_json.h"
#include "sipref/multipart.h"
#include "sipref/sdp.h"

static void opt(struct vet_json *j, const char *k, struct sip_str s)
{
	if (s.p)
		vet_json_ksstr(j, k, s);
}

/* RFC 4566 5.7: nettype addrtype address[/ttl][/num]. */
static void conn(struct vet_json *j, const struct sip_sdp_conn *c)
{
	vet_json_obj(j);
	vet_json_ksstr(j, "nettype", c->nettype);
	vet_json_ksstr(j, "addrtype", c->addrtype);
	vet_json_key(j, "address");
	vet_json_host(j, &c->host);
	if (c->ttl >= 0)
		vet_json_kint(j, "ttl", c->ttl);
	if (c->has_num)
		vet_json_kuint(j, "num", c->num);
	vet_json_obj_end(j);
}

static void conns(struct vet_json *j, const struct sip_sdp_conn *c)
{
	vet_json_arr(j);
	for (; c; c = c->next)
		conn(j, c);
	vet_json_arr_end(j);
}

static void bws(struct vet_json *j, const struct sip_sdp_bw *b)
{
	vet_json_arr(j);
	for (; b; b = b->next) {
		vet_json_obj(j);
		vet_json_ksstr(j, "type", b->type);
		vet_json_kuint(j, "kbps", b->kbps);
		vet_json_obj_end(j);
	}
	vet_json_arr_end(j);
}

static void attrs(struct vet_json *j, const struct sip_sdp_attr *a)
{
	vet_json_arr(j);
	for (; a; a = a->next) {
		vet_json_obj(j);
		vet_json_ksstr(j, "name", a->name);
		vet_json_key(j, "value");
		if (a->has_value)
			vet_json_str(j, a->value.p ? a->value.p : "", a->value.len);
		else
			vet_json_null(j);
		vet_json_obj_end(j);
	}
	vet_json_arr_end(j);
}

static void texts(struct vet_json *j, const struct sip_sdp_text *t)
{
	vet_json_arr(j);
	for (; t; t = t->next)
		vet_json_sstr(j, t->value);
	vet_json_arr_end(j);
}

static void times(struct vet_json *j, const struct sip_sdp_time *t)
{
	vet_json_arr(j);
	for (; t; t = t->next) {
		const struct sip_sdp_repeat *r;
		vet_json_obj(j);
		vet_json_kuint(j, "start", t->start);
		vet_json_kuint(j, "stop", t->stop);
		vet_json_key(j, "repeats");
		vet_json_arr(j);
		for (r = t->repeats; r; r = r->next) {
			size_t i;
			vet_json_obj(j);
			vet_json_kuint(j, "interval", r->interval);
			vet_json_kuint(j, "duration", r->duration);
			vet_json_key(j, "offsets");
			vet_json_arr(j);
			for (i = 0; i < r->noffsets; i++)
				vet_json_uint(j, r->offsets[i]);
			vet_json_arr_end(j);
			vet_json_obj_end(j);
		}
		vet_json_arr_end(j);
		vet_json_obj_end(j);
	}
	vet_json_arr_end(j);
}

static void media(struct vet_json *j, const struct sip_sdp_media *m)
{
	vet_json_arr(j);
	for (; m; m = m->next) {
		const struct sip_sdp_fmt *f;
		vet_json_obj(j);
		vet_json_ksstr(j, "media", m->media);
		vet_json_kuint(j, "port", m->port);
		if (m->has_nports)
			vet_json_kuint(j, "nports", m->nports);
		vet_json_ksstr(j, "proto", m->proto);
		vet_json_key(j, "formats");
		vet_json_arr(j);
		for (f = m->fmts; f; f = f->next)
			vet_json_sstr(j, f->fmt);
		vet_json_arr_end(j);
		opt(j, "info", m->info);
		opt(j, "key", m->key);
		vet_json_key(j, "connections");
		conns(j, m->conns);
		vet_json_key(j, "bandwidths");
		bws(j, m->bws);
		vet_json_key(j, "attributes");
		attrs(j, m->attrs);
		vet_json_obj_end(j);
	}
	vet_json_arr_end(j);
}

void vet_json_sdp(struct vet_json *j, const struct sip_sdp *s)
{
	const struct sip_sdp_zone *z;
	vet_json_obj(j);
	vet_json_kuint(j, "version", s->version);
	vet_json_key(j, "origin");
	vet_json_obj(j);
	vet_json_ksstr(j, "username", s->origin.username);
	vet_json_ksstr(j, "sess_id", s->origin.sess_id);
	vet_json_ksstr(j, "sess_version", s->origin.sess_version);
	vet_json_key(j, "address");
	conn(j, &s->origin.addr);
	vet_json_obj_end(j);
	vet_json_ksstr(j, "name", s->name.p ? s->name : SIP_STR(""));
	opt(j, "info", s->info);
	opt(j, "uri", s->uri);
	vet_json_key(j, "emails");
	texts(j, s->emails);
	vet_json_key(j, "phones");
	texts(j, s->phones);
	vet_json_key(j, "connection");
	if (s->conn)
		conn(j, s->conn);
	else
		vet_json_null(j);
	vet_json_key(j, "bandwidths");
	bws(j, s->bws);
	vet_json_key(j, "times");
	times(j, s->times);
	vet_json_key(j, "zones");
	vet_json_arr(j);
	for (z = s->zones; z; z = z->next) {
		vet_json_obj(j);
		vet_json_kuint(j, "time", z->time);
		vet_json_kint(j, "offset", z->offset);
		vet_json_obj_end(j);
	}
	vet_json_arr_end(j);
	opt(j, "key", s->key);
	vet_json_key(j, "attributes");
	attrs(j, s->attrs);
	vet_json_key(j, "media");
	media(j, s->media);
	vet_json_obj_end(j);
}

void vet_json_multipart(struct vet_json *j, const struct sip_multipart *mp)
{
	const struct sip_mpart *p;
	vet_json_obj(j);
	vet_json_ksstr(j, "boundary", mp->boundary);
	vet_json_kuint(j, "nparts", mp->nparts);
	vet_json_key(j, "parts");
	vet_json_arr(j);
	for (p = mp->parts; p; p = p->next) {
		vet_json_obj(j);
		vet_json_ksstr(j, "headers", p->headers.p ? p->headers : SIP_STR(""));
		opt(j, "content_type", p->content_type);
		if (p->ctype) {
			union sip_hval v;
			v.media = p->ctype;
			vet_json_key(j, "content_type_decoded");
			vet_json_hval(j, SIP_HDR_CONTENT_TYPE, v);
		}
		vet_json_kuint(j, "length", p->content.len);
		vet_json_kstr(j, "content", p->content.p ? p->content.p : "", p->content.len);
		vet_json_obj_end(j);
	}
	vet_json_arr_end(j);
	vet_json_obj_end(j);
}

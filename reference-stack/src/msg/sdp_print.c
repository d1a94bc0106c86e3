/* SDP (RFC 4566): canonical printing, structural comparison, lookups. */
#include <string.h>

#include "sipref/buf.h"
#include "sipref/sdp.h"

static int same_conn(const struct sip_sdp_conn *a, const struct sip_sdp_conn *b)
{
	for (; a && b; a = a->next, b = b->next)
		if (!sip_str_eq(a->nettype, b->nettype) || !sip_str_eq(a->addrtype, b->addrtype) ||
		    a->host.type != b->host.type || !sip_str_eq(a->host.text, b->host.text) ||
		    memcmp(a->host.addr, b->host.addr, sizeof(a->host.addr)) != 0 ||
		    a->ttl != b->ttl || a->num != b->num || a->has_num != b->has_num)
			return 0;
	return a == b;
}

static int same_bw(const struct sip_sdp_bw *a, const struct sip_sdp_bw *b)
{
	for (; a && b; a = a->next, b = b->next)
		if (!sip_str_eq(a->type, b->type) || a->kbps != b->kbps)
			return 0;
	return a == b;
}

static int same_attr(const struct sip_sdp_attr *a, const struct sip_sdp_attr *b)
{
	for (; a && b; a = a->next, b = b->next)
		if (!sip_str_eq(a->name, b->name) || a->has_value != b->has_value ||
		    !sip_str_eq(a->value, b->value))
			return 0;
	return a == b;
}

static int same_text(const struct sip_sdp_text *a, const struct sip_sdp_text *b)
{
	for (; a && b; a = a->next, b = b->next)
		if (!sip_str_eq(a->value, b->value))
			return 0;
	return a == b;
}

/* Absent (.p NULL) and present differ even when both are empty. */
static int same_opt(struct sip_str a, struct sip_str b)
{
	return (a.p == NULL) == (b.p == NULL) && sip_str_eq(a, b);
}

static int same_times(const struct sip_sdp_time *a, const struct sip_sdp_time *b)
{
	for (; a && b; a = a->next, b = b->next) {
		const struct sip_sdp_repeat *ra = a->repeats, *rb = b->repeats;
		if (a->start != b->start || a->stop != b->stop)
			return 0;
		for (; ra && rb; ra = ra->next, rb = rb->next)
			if (ra->interval != rb->interval || ra->duration != rb->duration ||
			    ra->noffsets != rb->noffsets ||
			    memcmp(ra->offsets, rb->offsets, ra->noffsets * sizeof(uint64_t)) != 0)
				return 0;
		if (ra != rb)
			return 0;
	}
	return a == b;
}

static int same_zones(const struct sip_sdp_zone *a, const struct sip_sdp_zone *b)
{
	for (; a && b; a = a->next, b = b->next)
		if (a->time != b->time || a->offset != b->offset)
			return 0;
	return a == b;
}

static int same_media(const struct sip_sdp_media *a, const struct sip_sdp_media *b)
{
	for (; a && b; a = a->next, b = b->next) {
		const struct sip_sdp_fmt *fa = a->fmts, *fb = b->fmts;
		if (!sip_str_eq(a->media, b->media) || !sip_str_eq(a->proto, b->proto) ||
		    a->port != b->port || a->nports != b->nports ||
		    a->has_nports != b->has_nports || a->nfmts != b->nfmts ||
		    !same_opt(a->info, b->info) || !same_opt(a->key, b->key) ||
		    !same_conn(a->conns, b->conns) || !same_bw(a->bws, b->bws) ||
		    !same_attr(a->attrs, b->attrs))
			return 0;
		for (; fa && fb; fa = fa->next, fb = fb->next)
			if (!sip_str_eq(fa->fmt, fb->fmt))
				return 0;
		if (fa != fb)
			return 0;
	}
	return a == b;
}

int sip_sdp_same(const struct sip_sdp *a, const struct sip_sdp *b)
{
	const struct sip_sdp_origin *oa = &a->origin, *ob = &b->origin;
	if (a == b)
		return 1;
	if (!a || !b)
		return 0;
	return a->version == b->version && sip_str_eq(oa->username, ob->username) &&
	       sip_str_eq(oa->sess_id, ob->sess_id) &&
	       sip_str_eq(oa->sess_version, ob->sess_version) && oa->id == ob->id &&
	       oa->version == ob->version && same_conn(&oa->addr, &ob->addr) &&
	       sip_str_eq(a->name, b->name) && same_opt(a->info, b->info) &&
	       same_opt(a->uri, b->uri) && same_text(a->emails, b->emails) &&
	       same_text(a->phones, b->phones) && same_conn(a->conn, b->conn) &&
	       same_bw(a->bws, b->bws) && same_times(a->times, b->times) &&
	       same_zones(a->zones, b->zones) && same_opt(a->key, b->key) &&
	       same_attr(a->attrs, b->attrs) && a->nmedia == b->nmedia &&
	       same_media(a->media, b->media);
}

const struct sip_sdp_attr *sip_sdp_attr_find(const struct sip_sdp_attr *list, const char *name)
{
	size_t n = strlen(name);
	for (; list; list = list->next)
		if (list->name.len == n && memcmp(list->name.p, name, n) == 0)
			return list;
	return NULL;
}

static void line_str(struct sip_buf *b, char type, struct sip_str v)
{
	if (!v.p)
		return;
	sip_buf_putc(b, type);
	sip_buf_putc(b, '=');
	sip_buf_putstr(b, v);
	sip_buf_puts(b, "\r\n");
}

static void put_conn(struct sip_buf *b, const struct sip_sdp_conn *c)
{
	sip_buf_putstr(b, c->nettype);
	sip_buf_putc(b, ' ');
	sip_buf_putstr(b, c->addrtype);
	sip_buf_putc(b, ' ');
	sip_buf_putstr(b, c->host.text);
	if (c->ttl >= 0) {
		sip_buf_putc(b, '/');
		sip_buf_putu(b, (uint64_t)c->ttl);
	}
	if (c->has_num) {
		sip_buf_putc(b, '/');
		sip_buf_putu(b, c->num);
	}
}

static void lines_conn(struct sip_buf *b, const struct sip_sdp_conn *c)
{
	for (; c; c = c->next) {
		sip_buf_puts(b, "c=");
		put_conn(b, c);
		sip_buf_puts(b, "\r\n");
	}
}

static void lines_bw(struct sip_buf *b, const struct sip_sdp_bw *w)
{
	for (; w; w = w->next) {
		sip_buf_puts(b, "b=");
		sip_buf_putstr(b, w->type);
		sip_buf_putc(b, ':');
		sip_buf_putu(b, w->kbps);
		sip_buf_puts(b, "\r\n");
	}
}

static void lines_attr(struct sip_buf *b, const struct sip_sdp_attr *a)
{
	for (; a; a = a->next) {
		sip_buf_puts(b, "a=");
		sip_buf_putstr(b, a->name);
		if (a->has_value) {
			sip_buf_putc(b, ':');
			sip_buf_putstr(b, a->value);
		}
		sip_buf_puts(b, "\r\n");
	}
}

/* Typed times are printed in seconds: the parse of the output has the same
 * decoded values (RFC 4566 5.10 lets either form be used). */
static void lines_time(struct sip_buf *b, const struct sip_sdp_time *t)
{
	for (; t; t = t->next) {
		const struct sip_sdp_repeat *r;
		sip_buf_puts(b, "t=");
		sip_buf_putu(b, t->start);
		sip_buf_putc(b, ' ');
		sip_buf_putu(b, t->stop);
		sip_buf_puts(b, "\r\n");
		for (r = t->repeats; r; r = r->next) {
			size_t i;
			sip_buf_puts(b, "r=");
			sip_buf_putu(b, r->interval);
			sip_buf_putc(b, ' ');
			sip_buf_putu(b, r->duration);
			for (i = 0; i < r->noffsets; i++) {
				sip_buf_putc(b, ' ');
				sip_buf_putu(b, r->offsets[i]);
			}
			sip_buf_puts(b, "\r\n");
		}
	}
}

static void lines_zone(struct sip_buf *b, const struct sip_sdp_zone *z)
{
	if (!z)
		return;
	sip_buf_puts(b, "z=");
	for (; z; z = z->next) {
		sip_buf_putu(b, z->time);
		sip_buf_putc(b, ' ');
		if (z->offset < 0)
			sip_buf_putc(b, '-');
		sip_buf_putu(b, z->offset < 0 ? (uint64_t)0 - (uint64_t)z->offset
		                              : (uint64_t)z->offset);
		if (z->next)
			sip_buf_putc(b, ' ');
	}
	sip_buf_puts(b, "\r\n");
}

static void lines_media(struct sip_buf *b, const struct sip_sdp_media *m)
{
	for (; m; m = m->next) {
		const struct sip_sdp_fmt *f;
		sip_buf_puts(b, "m=");
		sip_buf_putstr(b, m->media);
		sip_buf_putc(b, ' ');
		sip_buf_putu(b, m->port);
		if (m->has_nports) {
			sip_buf_putc(b, '/');
			sip_buf_putu(b, m->nports);
		}
		sip_buf_putc(b, ' ');
		sip_buf_putstr(b, m->proto);
		for (f = m->fmts; f; f = f->next) {
			sip_buf_putc(b, ' ');
			sip_buf_putstr(b, f->fmt);
		}
		sip_buf_puts(b, "\r\n");
		line_str(b, 'i', m->info);
		lines_conn(b, m->conns);
		lines_bw(b, m->bws);
		line_str(b, 'k', m->key);
		lines_attr(b, m->attrs);
	}
}

void sip_sdp_print(struct sip_buf *b, const struct sip_sdp *s)
{
	const struct sip_sdp_text *t;
	const struct sip_sdp_origin *o = &s->origin;
	sip_buf_puts(b, "v=");
	sip_buf_putu(b, s->version);
	sip_buf_puts(b, "\r\no=");
	sip_buf_putstr(b, o->username);
	sip_buf_putc(b, ' ');
	sip_buf_putstr(b, o->sess_id);
	sip_buf_putc(b, ' ');
	sip_buf_putstr(b, o->sess_version);
	sip_buf_putc(b, ' ');
	put_conn(b, &o->addr);
	sip_buf_puts(b, "\r\ns=");
	sip_buf_putstr(b, s->name);
	sip_buf_puts(b, "\r\n");
	line_str(b, 'i', s->info);
	line_str(b, 'u', s->uri);
	for (t = s->emails; t; t = t->next)
		line_str(b, 'e', t->value);
	for (t = s->phones; t; t = t->next)
		line_str(b, 'p', t->value);
	lines_conn(b, s->conn);
	lines_bw(b, s->bws);
	lines_time(b, s->times);
	lines_zone(b, s->zones);
	line_str(b, 'k', s->key);
	lines_attr(b, s->attrs);
	lines_media(b, s->media);
}

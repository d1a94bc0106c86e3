/* sipvet: run variables and template rendering (FORMAT.md "Variables"). */
#include <stdio.h>
#include <string.h>

#include "match.h"
#include "sipref/error.h"
#include "template.h"

/* xorshift64* (Vigna): plenty for branch and tag uniqueness, which RFC
 * 3261 8.1.1.7 and 19.3 ask to be unique, not unpredictable. */
static uint64_t rnd(struct vet_vars *v)
{
	uint64_t x = v->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	v->rng = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static void hex(struct vet_vars *v, char *out, size_t ndigits)
{
	static const char digits[] = "0123456789abcdef";
	uint64_t r = 0;
	for (size_t i = 0; i < ndigits; i++) {
		if (i % 16 == 0)
			r = rnd(v);
		out[i] = digits[r & 15];
		r >>= 4;
	}
	out[ndigits] = 0;
}

int vet_vars_init(struct vet_vars *v, const struct vet_case *c, const struct sip_allocator *a,
                  uint64_t seed)
{
	memset(v, 0, sizeof *v);
	v->c = c;
	sip_arena_init(&v->arena, a ? a : sip_allocator_default(), 4096);
	v->rng = seed ? seed : 0x9E3779B97F4A7C15ULL;
	v->transport = VET_TP_UDP;
	v->agents = sip_arena_zalloc(&v->arena, (c->nagents + 1) * sizeof *v->agents);
	v->captures = sip_arena_zalloc(&v->arena, (c->ncaptures + 1) * sizeof *v->captures);
	v->seen = sip_arena_zalloc(&v->arena, (c->nsteps + 1) * sizeof *v->seen);
	if (!v->agents || !v->captures || !v->seen) {
		sip_arena_fini(&v->arena);
		memset(v, 0, sizeof *v);
		return SIP_ENOMEM;
	}
	for (size_t i = 0; i < c->nagents; i++) {
		v->agents[i].ep.user = sip_str_make(c->agents[i].user, strlen(c->agents[i].user));
		hex(v, v->agents[i].tag, 12);
	}
	for (size_t i = 0; i < c->nsteps; i++)
		v->seen[i].agent = -1;
	hex(v, v->call_id, 24);
	return 0;
}

void vet_vars_fini(struct vet_vars *v)
{
	sip_arena_fini(&v->arena);
	memset(v, 0, sizeof *v);
}

int vet_vars_set_capture(struct vet_vars *v, int slot, struct sip_str val)
{
	char *p;
	if (slot < 0 || (size_t)slot >= v->c->ncaptures)
		return SIP_EINVAL;
	p = sip_arena_alloc(&v->arena, val.len + 1);
	if (!p)
		return SIP_ENOMEM;
	if (val.len)
		memcpy(p, val.p, val.len);
	p[val.len] = 0;
	v->captures[slot] = sip_str_make(p, val.len);
	return 0;
}

void vet_send_begin(struct vet_vars *v, const struct vet_step *s)
{
	const struct vet_tpl *t = &s->send.msg;

	memcpy(v->branch, "z9hG4bK", 7); /* RFC 3261 8.1.1.7 magic cookie */
	hex(v, v->branch + 7, 16);
	hex(v, v->tag, 12);
	if (s->kind != VET_S_SEND || s->agent < 0 || (size_t)s->agent >= v->c->nagents)
		return;
	/* RFC 3261 8.1.1.5: a new request gets a new CSeq number; ACK and
	 * CANCEL carry the INVITE's (17.1.1.3, 9.1). */
	if (t->is_request == 0)
		return;
	if (t->is_request == 1 &&
	    (sip_str_eq(t->method, SIP_STR("ACK")) || sip_str_eq(t->method, SIP_STR("CANCEL"))))
		return;
	v->agents[s->agent].cseq++;
}

static int fail(struct vet_tpl_err *err, const struct vet_ref *r, const char *fmt, const char *a,
                const char *b)
{
	if (err) {
		err->loc = r->loc;
		snprintf(err->msg, sizeof err->msg, fmt, a ? a : "", b ? b : "");
	}
	return SIP_EPARSE;
}

static int is_v6(struct sip_str h)
{
	return memchr(h.p ? h.p : "", ':', h.len) != NULL;
}

static void put_host(struct sip_buf *out, struct sip_str h)
{
	/* RFC 3261 25.1: an IPv6 literal in a URI or Via is an IPv6reference. */
	if (is_v6(h) && (h.len == 0 || h.p[0] != '[')) {
		sip_buf_putc(out, '[');
		sip_buf_putstr(out, h);
		sip_buf_putc(out, ']');
	} else {
		sip_buf_putstr(out, h);
	}
}

static void put_addr(struct sip_buf *out, const struct vet_endpoint *ep)
{
	put_host(out, ep->host);
	sip_buf_putc(out, ':');
	sip_buf_putu(out, ep->port);
}

static int render_ep(const struct vet_ref *r, struct vet_vars *v, struct sip_buf *out,
                     struct vet_tpl_err *err)
{
	const struct vet_endpoint *ep;
	const struct vet_agent_state *as = NULL;
	const char *name = "iut";

	if (r->kind == VET_R_IUT) {
		ep = &v->iut;
	} else {
		if (r->agent < 0 || (size_t)r->agent >= v->c->nagents)
			return fail(err, r, "no such agent", NULL, NULL);
		as = &v->agents[r->agent];
		ep = &as->ep;
		name = v->c->agents[r->agent].name;
	}
	switch ((enum vet_epcomp)r->comp) {
	case VET_EP_HOST:
		put_host(out, ep->host);
		return 0;
	case VET_EP_PORT:
		sip_buf_putu(out, ep->port);
		return 0;
	case VET_EP_ADDR:
		put_addr(out, ep);
		return 0;
	case VET_EP_USER:
		sip_buf_putstr(out, ep->user);
		return 0;
	case VET_EP_DOMAIN:
		if (ep->domain.len)
			sip_buf_putstr(out, ep->domain);
		else
			put_host(out, ep->host);
		return 0;
	case VET_EP_URI:
	case VET_EP_CONTACT:
		if (r->comp == VET_EP_CONTACT)
			sip_buf_putc(out, '<');
		sip_buf_puts(out, "sip:");
		if (ep->user.len) {
			sip_buf_putstr(out, ep->user);
			sip_buf_putc(out, '@');
		}
		if (r->kind == VET_R_IUT && ep->domain.len)
			sip_buf_putstr(out, ep->domain);
		else
			put_addr(out, ep);
		if (r->comp == VET_EP_CONTACT) {
			/* RFC 3261 19.1.1: transport= tells the peer to reach us over a
			 * stream; UDP is the default and needs nothing. */
			if (v->transport == VET_TP_TCP)
				sip_buf_puts(out, ";transport=tcp");
			else if (v->transport == VET_TP_TLS)
				sip_buf_puts(out, ";transport=tls");
			sip_buf_putc(out, '>');
		}
		return 0;
	case VET_EP_TAG:
		if (!as)
			break;
		sip_buf_puts(out, as->tag);
		return 0;
	case VET_EP_NAME:
		sip_buf_puts(out, name);
		return 0;
	}
	return fail(err, r, "${%s}: unknown component", name, NULL);
}

int vet_ref_render(const struct vet_ref *r, struct vet_vars *v, int agent, struct sip_buf *out,
                   struct vet_tpl_err *err)
{
	const char *tp;
	struct sip_str s;
	int rc;

	switch (r->kind) {
	case VET_R_IUT:
	case VET_R_AGENT:
		return render_ep(r, v, out, err);
	case VET_R_TRANSPORT:
		tp = vet_transport_name(v->transport);
		if (!tp)
			return fail(err, r, "${transport}: no transport set", NULL, NULL);
		for (const char *p = tp; *p; p++)
			sip_buf_putc(out, r->comp == VET_TPC_LOWER ? *p : (char)(*p - 'a' + 'A'));
		return 0;
	case VET_R_BRANCH:
		if (!v->branch[0])
			return fail(err, r, "${branch} outside a send step", NULL, NULL);
		sip_buf_puts(out, v->branch);
		return 0;
	case VET_R_TAG:
		if (!v->tag[0])
			return fail(err, r, "${tag} outside a send step", NULL, NULL);
		sip_buf_puts(out, v->tag);
		return 0;
	case VET_R_CALL_ID:
		sip_buf_puts(out, v->call_id);
		return 0;
	case VET_R_CSEQ:
		if (agent < 0 || (size_t)agent >= v->c->nagents)
			return fail(err, r, "${cseq} outside a send step", NULL, NULL);
		sip_buf_putu(out, v->agents[agent].cseq);
		return 0;
	case VET_R_CAPTURE:
		if (r->slot < 0 || (size_t)r->slot >= v->c->ncaptures)
			return fail(err, r, "bad capture slot", NULL, NULL);
		if (!v->captures[r->slot].p)
			return fail(err, r, "${%s} has not been captured", v->c->captures[r->slot],
			            NULL);
		sip_buf_putstr(out, v->captures[r->slot]);
		return 0;
	case VET_R_MSG:
		if (r->step < 0 || (size_t)r->step >= v->c->nsteps || !v->seen[r->step].msg)
			return fail(err, r, "step '%s' has no message (yet)",
			            r->step >= 0 && (size_t)r->step < v->c->nsteps
			                    ? v->c->steps[r->step].name
			                    : "?",
			            NULL);
		rc = vet_field_get(&r->field, v->seen[r->step].msg, v, &s);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return fail(err, r, "${%s.%s}: the message has no such field",
			            v->c->steps[r->step].name, r->field.text);
		sip_buf_putstr(out, s);
		return 0;
	case VET_R_CLEN:
		break;
	}
	return fail(err, r, "bad reference", NULL, NULL);
}

/* Renders every part; a VET_R_CLEN part writes nothing and its offset goes
 * to *clen_off. */
static int render_parts(const struct vet_tpl *t, struct vet_vars *v, int agent, struct sip_buf *out,
                        size_t *clen_off, struct vet_tpl_err *err)
{
	for (size_t i = 0; i < t->nparts; i++) {
		const struct vet_part *p = &t->parts[i];
		int rc;
		if (p->lit) {
			sip_buf_put(out, p->lit, p->len);
			continue;
		}
		if (p->ref.kind == VET_R_CLEN) {
			*clen_off = out->len;
			continue;
		}
		rc = vet_ref_render(&p->ref, v, agent, out, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* The body starts after the first empty line (RFC 3261 7.5). */
static size_t body_len(const char *m, size_t len, size_t from)
{
	for (size_t i = from; i + 1 < len; i++) {
		if (m[i] != '\n')
			continue;
		if (m[i + 1] == '\n')
			return len - (i + 2);
		if (i + 2 < len && m[i + 1] == '\r' && m[i + 2] == '\n')
			return len - (i + 3);
	}
	return 0;
}

int vet_tpl_render(const struct vet_tpl *t, struct vet_vars *v, int agent, struct sip_buf *out,
                   struct vet_tpl_err *err)
{
	const struct sip_allocator *a = v->arena.a;
	struct sip_buf cnt, tmp;
	size_t clen_off = 0;
	char *buf;
	int rc;

	if (!t->has_clen)
		return render_parts(t, v, agent, out, &clen_off, err);
	sip_buf_init(&cnt, NULL, 0);
	rc = render_parts(t, v, agent, &cnt, &clen_off, err);
	if (rc)
		return rc;
	buf = a->alloc(a->ud, cnt.len + 1);
	if (!buf)
		return SIP_ENOMEM;
	sip_buf_init(&tmp, buf, cnt.len + 1);
	rc = render_parts(t, v, agent, &tmp, &clen_off, err);
	if (rc == 0) {
		/* RFC 3261 20.14: the size of the message-body in octets. */
		sip_buf_put(out, buf, clen_off);
		sip_buf_putu(out, body_len(buf, tmp.len, clen_off));
		sip_buf_put(out, buf + clen_off, tmp.len - clen_off);
	}
	a->free(a->ud, buf, cnt.len + 1);
	return rc;
}

int vet_tpl_render_str(const struct vet_tpl *t, struct vet_vars *v, int agent, struct sip_str *res,
                       struct vet_tpl_err *err)
{
	struct sip_buf b;
	char *p;
	int rc;

	sip_buf_init(&b, NULL, 0);
	rc = vet_tpl_render(t, v, agent, &b, err);
	if (rc)
		return rc;
	p = sip_arena_alloc(&v->arena, b.len + 1);
	if (!p)
		return SIP_ENOMEM;
	sip_buf_init(&b, p, b.len + 1);
	rc = vet_tpl_render(t, v, agent, &b, err);
	if (rc)
		return rc;
	p[b.len] = 0;
	*res = sip_str_make(p, b.len);
	return 0;
}

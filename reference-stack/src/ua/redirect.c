/* The target set of a call (RFC 3261 8.1.3.4): the Request-URI first, then
 * the Contacts of 3xx responses, each URI at most once, tried in
 * decreasing q order when a target fails, within max_redirects. */
#include <string.h>

#include "ua_impl.h"

/* ---- 8.1.3.4: the target set -------------------------------------------------- */

/* 20.10: q = "0" ["." 0*3DIGIT] / "1" ["." 0*3("0")], in thousandths. */
static unsigned qvalue(const struct sip_nameaddr *na)
{
	const struct sip_param *q = sip_param_find(na->params, "q");
	unsigned v = 0, scale = 100;
	size_t i = 0;
	if (!q || !q->value.len)
		return 1000;
	for (; i < q->value.len && q->value.p[i] >= '0' && q->value.p[i] <= '9'; i++)
		v = v ? 1 : (unsigned)(q->value.p[i] - '0');
	v *= 1000;
	if (i < q->value.len && q->value.p[i] == '.')
		for (i++; i < q->value.len && scale && q->value.p[i] >= '0' && q->value.p[i] <= '9';
		     i++, scale /= 10)
			v += (unsigned)(q->value.p[i] - '0') * scale;
	return v > 1000 ? 1000 : v;
}

static int in_targets(const struct sip__call *c, struct sip_str uri)
{
	size_t i;
	for (i = 0; i < c->ntargets; i++)
		if (sip_str_eq(sip__ostr_str(&c->targets[i]), uri))
			return 1;
	return 0;
}

static int add_target(struct sip__call *c, struct sip_str uri)
{
	const struct sip_allocator *a = c->ua->a;
	struct sip__ostr *v;
	if (in_targets(c, uri) || c->ntargets >= 32)
		return 0;
	v = a->alloc(a->ud, (c->ntargets + 1) * sizeof(*v));
	if (!v)
		return SIP_ENOMEM;
	memcpy(v, c->targets, c->ntargets * sizeof(*v));
	memset(&v[c->ntargets], 0, sizeof(*v));
	if (sip__ostr_set(a, &v[c->ntargets], uri) != 0) {
		a->free(a->ud, v, (c->ntargets + 1) * sizeof(*v));
		return SIP_ENOMEM;
	}
	a->free(a->ud, c->targets, c->ntargets * sizeof(*v));
	c->targets = v;
	c->ntargets++;
	return 0;
}

/* The sip/sips Contacts of a 3xx, highest q first, into the target set
 * (each URI once: that is what stops redirection loops). */
void sip__uac_add_contacts(struct sip__call *c, struct sip_msg *resp)
{
	const struct sip_nameaddr *na, *pick;
	struct sip_hdr *h;
	unsigned best, last = 1001;
	for (;;) {
		pick = NULL;
		best = 0;
		for (h = sip_msg_hdr(resp, SIP_HDR_CONTACT); h; h = sip_msg_hdr_next(resp, h)) {
			if (sip_hdr_decode(resp, h, NULL) != 0)
				continue;
			for (na = h->val.na; na; na = na->next) {
				unsigned q = qvalue(na);
				if (na->star || (na->uri.scheme != SIP_URI_SIP &&
				                 na->uri.scheme != SIP_URI_SIPS))
					continue;
				if (q < last && (!pick || q > best)) {
					pick = na;
					best = q;
				}
			}
		}
		if (!pick)
			return;
		/* Every Contact with this q, in order. */
		for (h = sip_msg_hdr(resp, SIP_HDR_CONTACT); h; h = sip_msg_hdr_next(resp, h))
			for (na = h->val.na; h->state == SIP_HDR_DECODED && na; na = na->next)
				if (!na->star && qvalue(na) == best &&
				    (na->uri.scheme == SIP_URI_SIP ||
				     na->uri.scheme == SIP_URI_SIPS))
					(void)add_target(c, na->uri.raw);
		last = best;
		if (!best)
			return;
	}
}

int sip__uac_next_target(struct sip__call *c, uint64_t now)
{
	while (c->next_target < c->ntargets && c->redirects < c->ua->cfg.max_redirects) {
		c->cur = c->next_target++;
		c->redirects++;
		/* 22.2: credentials were for the previous target. */
		sip__ostr_free(c->ua->a, &c->auth);
		c->auth_tries = 0;
		if (sip__uac_send_invite(c, now) == 0)
			return 0;
	}
	return SIP_ENOENT;
}

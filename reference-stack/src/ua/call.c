/* Calls and client requests of the UA core: creation, dialogs of a call,
 * timers on the stack's heap, and the deferred freeing that keeps objects
 * alive while an entry point of the core is running (ua_impl.h). */
#include <string.h>

#include "ua_impl.h"

static void timer_fired(struct sip_timer *tm, uint64_t now);

/* ---- calls --------------------------------------------------------------- */

struct sip__call *sip__call_new(struct sip__ua *ua, int uac)
{
	struct sip__call *c = ua->a->alloc(ua->a->ud, sizeof(*c));
	int i;
	if (!c)
		return NULL;
	memset(c, 0, sizeof(*c));
	c->ua = ua;
	c->uac = uac ? 1 : 0;
	c->id = ua->next_id++;
	if (!ua->next_id)
		ua->next_id = 1;
	for (i = 0; i < UT__COUNT; i++) {
		c->tmr[i].call = c;
		c->tmr[i].which = (enum sip__ut)i;
	}
	/* RFC 4566 5.2: sess-id and sess-version; an NTP-like value is
	 * suggested, any number will do. RFC 3264 5: the port is ours to pick. */
	c->sdp_id = 1000000 + sip__ua_random(ua, 1000000000u);
	c->sdp_ver = c->sdp_id;
	c->media_port = (uint16_t)(20000 + 2 * sip__ua_random(ua, 10000));
	c->next = ua->calls;
	ua->calls = c;
	return c;
}

struct sip__call *sip__call_find(struct sip__ua *ua, uint32_t id)
{
	struct sip__call *c;
	for (c = ua->calls; c; c = c->next)
		if (c->id == id && !c->dead)
			return c;
	return NULL;
}

struct sip__dnode *sip__call_add_dialog(struct sip__call *c)
{
	struct sip__dnode *dn = c->ua->a->alloc(c->ua->a->ud, sizeof(*dn));
	if (!dn)
		return NULL;
	memset(dn, 0, sizeof(*dn));
	dn->next = c->dlgs;
	c->dlgs = dn;
	return dn;
}

static void dnode_free(struct sip__ua *ua, struct sip__dnode *dn)
{
	sip__dialog_fini(&dn->d);
	sip__ostr_free(ua->a, &dn->ack);
	ua->a->free(ua->a->ud, dn, sizeof(*dn));
}

void sip__call_drop_dialog(struct sip__call *c, struct sip__dnode *dn)
{
	struct sip__dnode **p;
	for (p = &c->dlgs; *p; p = &(*p)->next) {
		if (*p == dn) {
			*p = dn->next;
			if (c->dlg == dn)
				c->dlg = NULL;
			dnode_free(c->ua, dn);
			return;
		}
	}
}

void sip__call_untimer(struct sip__call *c, enum sip__ut which)
{
	sip_timer_stop(sip__stack_timers(c->ua->st), &c->tmr[which].tm);
}

void sip__call_timer(struct sip__call *c, enum sip__ut which, uint64_t at)
{
	if (sip_timer_start(sip__stack_timers(c->ua->st), &c->tmr[which].tm, at, timer_fired) != 0)
		sip__stack_log(c->ua->st, 0, "call %u: no memory for a timer", (unsigned)c->id);
}

void sip__call_end(struct sip__call *c)
{
	int i;
	for (i = 0; i < UT__COUNT; i++)
		sip__call_untimer(c, (enum sip__ut)i);
	c->state = CS_ENDED;
	c->dead = 1;
}

void sip__call_free(struct sip__call *c)
{
	struct sip__ua *ua = c->ua;
	size_t i;
	int k;
	for (k = 0; k < UT__COUNT; k++)
		sip__call_untimer(c, (enum sip__ut)k);
	while (c->dlgs) {
		struct sip__dnode *dn = c->dlgs;
		c->dlgs = dn->next;
		dnode_free(ua, dn);
	}
	for (i = 0; i < c->ntargets; i++)
		sip__ostr_free(ua->a, &c->targets[i]);
	if (c->targets)
		ua->a->free(ua->a->ud, c->targets, c->ntargets * sizeof(*c->targets));
	sip__ostr_free(ua->a, &c->to_uri);
	sip__ostr_free(ua->a, &c->call_id);
	sip__ostr_free(ua->a, &c->local_tag);
	sip__ostr_free(ua->a, &c->ruri);
	sip__ostr_free(ua->a, &c->branch);
	sip__ostr_free(ua->a, &c->auth);
	sip__sinv_clear(ua, &c->sinv);
	ua->a->free(ua->a->ud, c, sizeof(*c));
}

void sip__creq_free(struct sip__creq *cr)
{
	const struct sip_allocator *a = cr->ua->a;
	sip__ostr_free(a, &cr->target);
	sip__ostr_free(a, &cr->call_id);
	sip__ostr_free(a, &cr->from_tag);
	sip__ostr_free(a, &cr->auth);
	a->free(a->ud, cr, sizeof(*cr));
}

/* A dead call stays while a transaction of the stack still refers to it
 * (its IST, or client requests that will report back). */
static int call_busy(struct sip__ua *ua, const struct sip__call *c)
{
	const struct sip__creq *cr;
	if (c->sinv.ist)
		return 1;
	for (cr = ua->creqs; cr; cr = cr->next)
		if (cr->call == c && cr->t)
			return 1;
	return 0;
}

static void collect(struct sip__ua *ua)
{
	struct sip__creq **pc = &ua->creqs, *cr;
	struct sip__call **pk = &ua->calls, *c;
	while ((cr = *pc) != NULL) {
		if (cr->dead && !cr->t) {
			*pc = cr->next;
			/* Our re-INVITE (14.1) ends with its request: the call
			 * must not keep pointing at it (found by fuzz_stack). */
			if (cr->call && cr->call->reinv == cr)
				cr->call->reinv = NULL;
			sip__creq_free(cr);
		} else {
			pc = &cr->next;
		}
	}
	while ((c = *pk) != NULL) {
		if (c->dead && !call_busy(ua, c)) {
			for (cr = ua->creqs; cr; cr = cr->next)
				if (cr->call == c) /* dead, transaction gone: forget the call */
					cr->call = NULL, cr->dn = NULL;
			*pk = c->next;
			sip__call_free(c);
		} else {
			pk = &c->next;
		}
	}
}

void sip__ua_enter(struct sip__ua *ua)
{
	ua->depth++;
}

void sip__ua_leave(struct sip__ua *ua)
{
	if (--ua->depth == 0)
		collect(ua);
}

struct sip__dnode *sip__ua_find_dialog(struct sip__ua *ua, struct sip_msg *req,
                                       struct sip__call **call)
{
	struct sip__call *c;
	struct sip__dnode *dn;
	for (c = ua->calls; c; c = c->next) {
		for (dn = c->dlgs; dn; dn = dn->next) {
			if (dn->d.state != SIP_DLG_TERMINATED &&
			    sip__dialog_match_request(&dn->d, req)) {
				*call = c;
				return dn;
			}
		}
	}
	*call = NULL;
	return NULL;
}

/* ---- timers ---------------------------------------------------------------- */

static void timer_fired(struct sip_timer *tm, uint64_t now)
{
	struct sip__utimer *x =
	        (struct sip__utimer *)((char *)tm - offsetof(struct sip__utimer, tm));
	struct sip__call *c = x->call;
	struct sip__ua *ua = c->ua;
	if (c->dead)
		return;
	sip__ua_enter(ua);
	switch (x->which) {
	case UT_ANSWER:
	case UT_RETX_2XX:
	case UT_NOACK:
	case UT_EXPIRES:
		sip__uas_timer(c, x->which, now);
		break;
	case UT_REINVITE:
		sip__reinvite_timer(c, now);
		break;
	case UT_CANCEL:
		sip__uac_cancel_timer(c, now);
		break;
	case UT__COUNT:
		break;
	}
	sip__ua_leave(ua);
}

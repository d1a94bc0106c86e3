/* Terminating a session (RFC 3261 15): BYE received (15.1.2), BYE sent
 * (15.1.1), and the hang-up control that picks BYE, CANCEL or a final
 * response depending on how far the call got. */
#include <string.h>

#include "ua_impl.h"

void sip__uas_bye(struct sip__call *c, struct sip__dnode *dn, struct sip_txn *t,
                  struct sip_msg *req, uint64_t now)
{
	struct sip__ua *ua = c->ua;
	/* 15.1.2: pending requests of the dialog still get their response,
	 * a 487 being the recommended one. */
	if (dn == c->dlg && c->sinv.ist && !c->sinv.final)
		(void)sip__uas_reject(c, 487, now);
	sip__uas_respond(ua, t, req, 200, NULL, now);
	dn->d.state = SIP_DLG_TERMINATED;
	if (dn != c->dlg || c->dead)
		return; /* a fork we are ending anyway */
	sip__ua_event(ua, SIP_EV_CALL_ENDED, c->id, 200, "BYE", "BYE received");
	sip__call_end(c);
}

int sip__call_bye(struct sip__call *c, const char *why, uint64_t now)
{
	struct sip__ua *ua = c->ua;
	int rc;
	if (!c->dlg)
		return SIP_ESTATE;
	/* 15.1.1: the session and the dialog end when the BYE is sent; its
	 * response is reported as REQUEST_DONE. */
	rc = sip__uac_in_dialog(c, c->dlg, CR_BYE, "BYE", NULL, sip_str_make("", 0),
	                        sip_str_make("", 0), 0, now);
	c->dlg->d.state = SIP_DLG_TERMINATED;
	sip__ua_event(ua, SIP_EV_CALL_ENDED, c->id, 0, "BYE", why);
	sip__call_end(c);
	return rc;
}

int sip_ua_hangup(struct sip_stack *st, uint32_t call, uint64_t now)
{
	struct sip__ua *ua = sip__stack_ua(st);
	struct sip__call *c = ua ? sip__call_find(ua, call) : NULL;
	int rc = 0;
	if (!c)
		return SIP_ESTATE;
	sip__ua_enter(ua);
	if (c->state == CS_CONFIRMED) {
		rc = sip__call_bye(c, "hangup", now);
	} else if (c->uac) {
		/* Not answered yet: CANCEL (9.1); a 2xx that still comes is
		 * ACKed and BYEd. */
		c->bye_wanted = 1;
		rc = sip_ua_cancel(st, call, now);
	} else if (c->state == CS_ANSWERING) {
		/* 15: the callee must not send BYE before the ACK came (or the
		 * 2xx retransmissions gave up). */
		c->bye_wanted = 1;
	} else if (sip__uas_reject(c, 603, now) == 0) {
		sip__ua_event(ua, SIP_EV_CALL_ENDED, c->id, 603, "INVITE", "declined");
		sip__call_end(c);
	} else {
		rc = SIP_ESTATE;
	}
	sip__ua_leave(ua);
	return rc;
}

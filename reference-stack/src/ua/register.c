/* Registering (RFC 3261 10.2) as a UAC. The other direction needs no code
 * here: this UA is not a registrar, so a REGISTER sent to it gets 405 with
 * Allow from the method inspection of 8.2.1 (uas.c), which is also what
 * the REGISTER-based torture messages of RFC 4475 3.3 receive from it. */
#include <string.h>

#include "ua_impl.h"

int sip_ua_register(struct sip_stack *st, const char *registrar, size_t len, long expires,
                    uint64_t now)
{
	struct sip__ua *ua = sip__stack_ua(st);
	struct sip__creq *cr;
	char callid[20];
	int rc = SIP_EINVAL;
	if (!ua)
		return SIP_EINVAL;
	sip__ua_enter(ua);
	/* 10.2: one Call-ID for all registrations of this UA (per boot), the
	 * CSeq one higher for each REGISTER. */
	if (!ua->reg_call_id.len) {
		sip__stack_token(st, callid, sizeof(callid));
		if (sip__ostr_set(ua->a, &ua->reg_call_id, sip_str_make(callid, sizeof(callid))) !=
		    0) {
			rc = SIP_ENOMEM;
			goto out;
		}
	}
	cr = sip__uac_simple_new(ua, CR_REGISTER, registrar, len);
	if (!cr)
		goto out;
	cr->expires = expires;
	cr->cseq = ++ua->reg_cseq;
	rc = sip__ostr_set(ua->a, &cr->call_id, sip__ostr_str(&ua->reg_call_id));
	if (rc == 0)
		rc = sip__uac_simple_send(cr, now);
	if (rc != 0)
		cr->dead = 1;
	if (cr->finished)
		rc = 0;
out:
	sip__ua_leave(ua);
	return rc;
}

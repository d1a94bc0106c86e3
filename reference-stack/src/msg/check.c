/* sip_msg_check: the request sanity rules that need the whole message
 * rather than the grammar (RFC 3261 8.1.1, 8.2, 20; RFC 4475 3.3). */
#include "msg_impl.h"

/* RFC 3261 8.1.1: To, From, CSeq, Call-ID and Via are mandatory. Max-Forwards
 * is too, but RFC 2543 did not have it and 3261 elements must still accept
 * such requests (RFC 4475 3.4.1 inv2543), so its absence is not an error. */
static const enum sip_hdr_id mandatory[] = {
        SIP_HDR_TO, SIP_HDR_FROM, SIP_HDR_CSEQ, SIP_HDR_CALL_ID, SIP_HDR_VIA,
};

/* Headers whose grammar (RFC 3261 25.1) is a single value, so they may
 * appear once (RFC 3261 7.3.1: only comma-separated list headers may
 * repeat; RFC 4475 3.3.8 multi01). */
static const enum sip_hdr_id single[] = {
        SIP_HDR_CALL_ID,        SIP_HDR_CONTENT_DISPOSITION,
        SIP_HDR_CONTENT_LENGTH, SIP_HDR_CONTENT_TYPE,
        SIP_HDR_CSEQ,           SIP_HDR_DATE,
        SIP_HDR_EXPIRES,        SIP_HDR_FROM,
        SIP_HDR_IN_REPLY_TO,    SIP_HDR_MAX_FORWARDS,
        SIP_HDR_MIME_VERSION,   SIP_HDR_MIN_EXPIRES,
        SIP_HDR_ORGANIZATION,   SIP_HDR_PRIORITY,
        SIP_HDR_REPLY_TO,       SIP_HDR_RETRY_AFTER,
        SIP_HDR_SERVER,         SIP_HDR_SUBJECT,
        SIP_HDR_TIMESTAMP,      SIP_HDR_TO,
        SIP_HDR_USER_AGENT,
};

/* name-addr headers that take exactly one value per line: a second value
 * after a comma on the same line is the multi01 case too. */
static const enum sip_hdr_id single_na[] = {SIP_HDR_TO, SIP_HDR_FROM, SIP_HDR_REPLY_TO};

static int fail(const struct sip_msg *m, struct sip_perr *err, size_t off, const char *reason)
{
	err->off = off;
	err->reason = reason;
	err->status = m->is_request ? 400 : 0;
	return SIP_EPARSE;
}

int sip_msg_check(struct sip_msg *m, struct sip_perr *err)
{
	struct sip_perr dummy;
	struct sip_hdr *h;
	size_t i;
	int rc;
	if (!err)
		err = &dummy;
	for (i = 0; i < sizeof(mandatory) / sizeof(mandatory[0]); i++)
		if (!sip_msg_hdr(m, mandatory[i]))
			return fail(m, err, 0, "mandatory header field missing");
	for (i = 0; i < sizeof(single) / sizeof(single[0]); i++) {
		h = sip_msg_hdr(m, single[i]);
		if (h && h->next >= 0)
			return fail(m, err, m->hdrs[h->next].off,
			            "header field that may appear once appears twice");
	}
	/* RFC 4475 3.3.9 mcl01: framing is undefined. */
	if (m->cl_conflict)
		return fail(m, err, 0, "conflicting Content-Length values");
	for (i = 0; i < sizeof(single_na) / sizeof(single_na[0]); i++) {
		h = sip_msg_hdr(m, single_na[i]);
		if (!h)
			continue;
		if ((rc = sip_hdr_decode(m, h, err)) != 0)
			return rc;
		if (h->val.na && h->val.na->next)
			return fail(m, err, h->off,
			            "several values in a single-value header field");
	}
	return 0;
}

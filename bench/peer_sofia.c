/* Peer: sofia-sip's message parser (libsofia-sip-ua).
 *
 * Full parse = msg_make() with sip_default_mclass(): it copies the bytes into
 * the message's home, frames the message and parses the start line (the
 * Request-URI into a url_t) and EVERY header sofia knows eagerly into its
 * typed structure (msg_extract); unknown headers are kept as sip_unknown.
 * We then walk the header chain (touching every header) and parse an
 * application/sdp body with sdp_parse(). Accepted = msg_make returned a
 * message without MSG_FLG_ERROR, no header landed in sip_error (a header
 * sofia could not parse), and the SDP, if any, parsed. */
#include "bench.h"

#include <strings.h>

#include <sofia-sip/msg.h>
#include <sofia-sip/sdp.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>

static msg_mclass_t const *mclass;

static int sofia_init(void)
{
	mclass = sip_default_mclass();
	return mclass ? 0 : -1;
}

static int sofia_sdp(msg_t *msg, sip_t const *sip)
{
	sdp_parser_t *p;
	int ok;

	if (!sip->sip_payload || !sip->sip_content_type || !sip->sip_content_type->c_type ||
	    strcasecmp(sip->sip_content_type->c_type, "application/sdp") != 0)
		return 0;
	p = sdp_parse(msg_home(msg), sip->sip_payload->pl_data, sip->sip_payload->pl_len, 0);
	ok = p && sdp_session(p) != NULL;
	sdp_parser_free(p);
	return ok ? 0 : -1;
}

static int sofia_parse(const char *buf, size_t len)
{
	msg_t *msg = msg_make(mclass, 0, buf, (ssize_t)len);
	sip_t const *sip;
	msg_header_t *h;
	unsigned long n = 0;
	int rc = -1;

	if (!msg)
		return -1;
	sip = sip_object(msg);
	if (msg_has_error(msg) || !sip || sip->sip_error || (!sip->sip_request && !sip->sip_status))
		goto out;
	/* Touch every header of the chain (all are already decoded). */
	for (h = *msg_chain_head(msg); h; h = h->sh_succ)
		n++;
	if (n == 0)
		goto out;
	rc = sofia_sdp(msg, sip);
out:
	msg_destroy(msg);
	return rc;
}

static void sofia_fini(void) {}

const struct bench_parser bench_peer_sofia = {
        .name = "sofia-sip",
        .covers = "msg_make (eager: start line, Request-URI, every known header typed; unknown"
                  " headers raw) + walk of the header chain + sdp_parse of an SDP body",
        .init = sofia_init,
        .parse = sofia_parse,
        .fini = sofia_fini,
};

/* Peer: libre's SIP message decoder (baresip's libre).
 *
 * Full parse = sip_msg_decode() on an mbuf: it splits the start line and
 * every header (comma-separated values of list headers become separate
 * entries), decodes the Request-URI (uri_decode), the FIRST Via, To, From,
 * CSeq and Content-Type, and keeps Call-ID, Max-Forwards, Expires and
 * Content-Length as raw slices. We then decode what libre has a decoder for
 * and sip_msg_decode leaves raw: every Via (sip_via_decode), Contact, Route
 * and Record-Route (sip_addr_decode; "Contact: *" is skipped), and Digest
 * Authorization/Proxy-Authorization (httpauth_digest_response_decode) and
 * WWW-/Proxy-Authenticate (httpauth_digest_challenge_decode). All other
 * headers stay raw slices: libre has no parser for them.
 *
 * SDP: libre decodes SDP only into an offer/answer session
 * (sdp_session_alloc + sdp_decode as an offer), which is more than a parse
 * (it builds media and format lists to negotiate against). We do it per
 * message, as a new call would, and report it; bench_parse also reports
 * "re (no SDP)" and "sipref (no SDP)" so a like-for-like ratio is visible.
 *
 * The bytes are copied into one mbuf reused across calls (libre receives into
 * an mbuf anyway; sip_msg_decode takes a reference to it). Accepted = every
 * decode above returned 0. */
#include "bench.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <re.h>

static struct mbuf *mb;
static unsigned refs; /* libre and libre-noSDP share the state */
static struct sa laddr;
static bool with_sdp = true;

static int re_init(void)
{
	if (refs++)
		return mb ? 0 : -1;
	if (libre_init() != 0)
		return -1;
	mb = mbuf_alloc(4096);
	if (!mb)
		return -1;
	if (sa_set_str(&laddr, "127.0.0.1", 0) != 0)
		return -1;
	return 0;
}

static bool pl_starts_icase(const struct pl *pl, const char *s)
{
	size_t n = strlen(s);
	return pl->l >= n && strncasecmp(pl->p, s, n) == 0;
}

static int decode_hdr(const struct sip_hdr *h)
{
	struct sip_via via;
	struct sip_addr addr;
	struct httpauth_digest_chall chall;
	struct httpauth_digest_resp resp;

	switch (h->id) {
	case SIP_HDR_VIA:
		return sip_via_decode(&via, &h->val);
	case SIP_HDR_CONTACT:
		if (h->val.l == 1 && h->val.p[0] == '*')
			return 0;
		return sip_addr_decode(&addr, &h->val);
	case SIP_HDR_ROUTE:
	case SIP_HDR_RECORD_ROUTE:
		return sip_addr_decode(&addr, &h->val);
	case SIP_HDR_AUTHORIZATION:
	case SIP_HDR_PROXY_AUTHORIZATION:
		if (!pl_starts_icase(&h->val, "digest"))
			return 0;
		return httpauth_digest_response_decode(&resp, &h->val);
	case SIP_HDR_WWW_AUTHENTICATE:
	case SIP_HDR_PROXY_AUTHENTICATE:
		if (!pl_starts_icase(&h->val, "digest"))
			return 0;
		return httpauth_digest_challenge_decode(&chall, &h->val);
	default:
		return 0;
	}
}

static int decode_sdp(const struct sip_msg *msg)
{
	struct sdp_session *sess = NULL;
	int err;

	if (!msg_ctype_cmp(&msg->ctyp, "application", "sdp") || !mbuf_get_left(msg->mb))
		return 0;
	err = sdp_session_alloc(&sess, &laddr);
	if (!err)
		err = sdp_decode(sess, msg->mb, true);
	mem_deref(sess);
	return err;
}

static int re_parse(const char *buf, size_t len)
{
	struct sip_msg *msg = NULL;
	struct le *le;
	int err;

	mbuf_rewind(mb);
	if (mbuf_write_mem(mb, (const uint8_t *)buf, len) != 0)
		return -1;
	mb->pos = 0;
	err = sip_msg_decode(&msg, mb);
	if (err)
		goto out;
	for (le = msg->hdrl.head; le && !err; le = le->next)
		err = decode_hdr(le->data);
	if (!err && with_sdp)
		err = decode_sdp(msg);
out:
	mem_deref(msg);
	return err ? -1 : 0;
}

static int re_parse_nosdp(const char *buf, size_t len)
{
	int rc;
	with_sdp = false;
	rc = re_parse(buf, len);
	with_sdp = true;
	return rc;
}

static void re_fini(void)
{
	if (!refs || --refs)
		return;
	mb = mem_deref(mb);
	libre_close();
}

const struct bench_parser bench_peer_re = {
        .name = "libre",
        .covers = "sip_msg_decode (start line, Request-URI, top Via, To, From, CSeq, Content-Type)"
                  " + every Via/Contact/Route/Record-Route/Digest auth header + SDP via"
                  " sdp_session_alloc+sdp_decode (offer)",
        .init = re_init,
        .parse = re_parse,
        .fini = re_fini,
};

const struct bench_parser bench_peer_re_nosdp = {
        .name = "libre-noSDP",
        .covers = "as libre, without the SDP body",
        .init = re_init,
        .parse = re_parse_nosdp,
        .fini = re_fini,
        .nosdp = 1,
};

/* Peer: GNU oSIP's parser (libosipparser2).
 *
 * Full parse = osip_message_parse(): it copies the bytes, parses the start
 * line (the Request-URI into an osip_uri_t) and, eagerly, every header that
 * has a typed field in osip_message_t: Accept, Accept-Encoding,
 * Accept-Language, Alert-Info, Allow, Authentication-Info, Authorization,
 * Call-ID, Call-Info, Contact, Content-Encoding, Content-Length, Content-Type,
 * CSeq, Error-Info, From, MIME-Version, Proxy-Authenticate,
 * Proxy-Authentication-Info, Proxy-Authorization, Record-Route, Route, To,
 * Via, WWW-Authenticate. Every other header (Max-Forwards, Expires, Require,
 * Supported, Subject, ...) is stored as a raw name/value string pair with no
 * further decoding, and oSIP has no typed parser for them. An application/sdp
 * body is then parsed with sdp_message_parse(). Accepted = both return 0. */
#include "bench.h"

#include <stdarg.h>
#include <strings.h>

#include <osipparser2/osip_parser.h>
#include <osipparser2/osip_port.h>
#include <osipparser2/sdp_message.h>

static void osip_no_trace(const char *fi, int li, osip_trace_level_t level, const char *chfr,
                          va_list ap)
{
	(void)fi;
	(void)li;
	(void)level;
	(void)chfr;
	(void)ap;
}

static int osip_init(void)
{
	/* oSIP logs parse errors to stderr; that I/O is not part of a parse. */
	osip_trace_initialize_func(TRACE_LEVEL0, osip_no_trace);
	for (int l = TRACE_LEVEL0; l < END_TRACE_LEVEL; l++)
		osip_trace_disable_level((osip_trace_level_t)l);
	return parser_init() == 0 ? 0 : -1;
}

static int osip_sdp(osip_message_t *m)
{
	osip_body_t *body = NULL;
	sdp_message_t *sdp = NULL;
	int rc;

	if (!m->content_type || !m->content_type->type || !m->content_type->subtype ||
	    strcasecmp(m->content_type->type, "application") != 0 ||
	    strcasecmp(m->content_type->subtype, "sdp") != 0)
		return 0;
	if (osip_message_get_body(m, 0, &body) < 0 || !body || !body->body)
		return -1;
	if (sdp_message_init(&sdp) != 0)
		return -1;
	/* oSIP NUL-terminates the bodies it copies, as sdp_message_parse needs. */
	rc = sdp_message_parse(sdp, body->body) == 0 ? 0 : -1;
	sdp_message_free(sdp);
	return rc;
}

static int osip_parse(const char *buf, size_t len)
{
	osip_message_t *m = NULL;
	int rc = -1;

	if (osip_message_init(&m) != 0)
		return -1;
	if (osip_message_parse(m, buf, len) == 0)
		rc = osip_sdp(m);
	osip_message_free(m);
	return rc;
}

static void osip_fini(void) {}

const struct bench_parser bench_peer_osip = {
        .name = "libosip2",
        .covers = "osip_message_parse (eager: start line, Request-URI, the ~25 headers with typed"
                  " fields; others raw) + sdp_message_parse of an SDP body",
        .init = osip_init,
        .parse = osip_parse,
        .fini = osip_fini,
};

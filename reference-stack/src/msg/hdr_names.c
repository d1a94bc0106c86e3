/* Header and method names (RFC 3261 7.1, 7.3.3, 20, 25.1).
 *
 * These run once per header line on the hot path, so lookup is a switch on
 * the first character followed by a length check and one case-insensitive
 * compare against the few names sharing that letter. tests/test_msg.c checks
 * every entry of SIP_HEADERS round-trips, so a row added there without a
 * TRY() here is caught. */
#include <string.h>

#include "scan.h"
#include "sipref/hdr.h"

static const char *const hdr_names[SIP_HDR__COUNT] = {[SIP_HDR_OTHER] = "",
#define SIP__H(id, name, compact, member) [SIP_HDR_##id] = name,
                                                      SIP_HEADERS(SIP__H)
#undef SIP__H
};

static const unsigned char hdr_lens[SIP_HDR__COUNT] = {
#define SIP__H(id, name, compact, member) [SIP_HDR_##id] = sizeof(name) - 1,
        SIP_HEADERS(SIP__H)
#undef SIP__H
};

static const char hdr_compacts[SIP_HDR__COUNT] = {
#define SIP__H(id, name, compact, member) [SIP_HDR_##id] = compact,
        SIP_HEADERS(SIP__H)
#undef SIP__H
};

/* Header names are tokens (the caller checked), so folding case with the
 * table's letters is exact. */
static int name_eq(const char *s, const char *canon, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++)
		if (sip__lower((unsigned char)s[i]) != sip__lower((unsigned char)canon[i]))
			return 0;
	return 1;
}

enum sip_hdr_id sip_hdr_lookup(const char *name, size_t len)
{
	if (len == 0)
		return SIP_HDR_OTHER;
	if (len == 1) {
		/* RFC 3261 7.3.3 compact forms (those of headers this stack knows). */
		switch (sip__lower((unsigned char)name[0])) {
		case 'c':
			return SIP_HDR_CONTENT_TYPE;
		case 'e':
			return SIP_HDR_CONTENT_ENCODING;
		case 'f':
			return SIP_HDR_FROM;
		case 'i':
			return SIP_HDR_CALL_ID;
		case 'k':
			return SIP_HDR_SUPPORTED;
		case 'l':
			return SIP_HDR_CONTENT_LENGTH;
		case 'm':
			return SIP_HDR_CONTACT;
		case 's':
			return SIP_HDR_SUBJECT;
		case 't':
			return SIP_HDR_TO;
		case 'v':
			return SIP_HDR_VIA;
		default:
			return SIP_HDR_OTHER;
		}
	}
#define TRY(id)                                                                           \
	if (len == hdr_lens[SIP_HDR_##id] && name_eq(name, hdr_names[SIP_HDR_##id], len)) \
		return SIP_HDR_##id;
	switch (sip__lower((unsigned char)name[0])) {
	case 'a':
		TRY(ACCEPT)
		TRY(ACCEPT_ENCODING) TRY(ACCEPT_LANGUAGE) TRY(ALERT_INFO) TRY(ALLOW)
		        TRY(AUTHENTICATION_INFO) TRY(AUTHORIZATION) break;
	case 'c':
		TRY(CALL_ID)
		TRY(CALL_INFO) TRY(CONTACT) TRY(CONTENT_DISPOSITION) TRY(CONTENT_ENCODING)
		        TRY(CONTENT_LANGUAGE) TRY(CONTENT_LENGTH) TRY(CONTENT_TYPE) TRY(CSEQ) break;
	case 'd':
		TRY(DATE) break;
	case 'e':
		TRY(ERROR_INFO) TRY(EXPIRES) break;
	case 'f':
		TRY(FROM) break;
	case 'i':
		TRY(IN_REPLY_TO) break;
	case 'm':
		TRY(MAX_FORWARDS) TRY(MIME_VERSION) TRY(MIN_EXPIRES) break;
	case 'o':
		TRY(ORGANIZATION) break;
	case 'p':
		TRY(PRIORITY)
		TRY(PROXY_AUTHENTICATE) TRY(PROXY_AUTHORIZATION) TRY(PROXY_REQUIRE) break;
	case 'r':
		TRY(RECORD_ROUTE) TRY(REPLY_TO) TRY(REQUIRE) TRY(RETRY_AFTER) TRY(ROUTE) break;
	case 's':
		TRY(SERVER) TRY(SUBJECT) TRY(SUPPORTED) break;
	case 't':
		TRY(TIMESTAMP) TRY(TO) break;
	case 'u':
		TRY(UNSUPPORTED) TRY(USER_AGENT) break;
	case 'v':
		TRY(VIA) break;
	case 'w':
		TRY(WARNING) TRY(WWW_AUTHENTICATE) break;
	default:
		break;
	}
#undef TRY
	return SIP_HDR_OTHER;
}

const char *sip_hdr_name(enum sip_hdr_id id)
{
	if ((unsigned)id >= SIP_HDR__COUNT)
		return "";
	return hdr_names[id];
}

char sip_hdr_compact(enum sip_hdr_id id)
{
	if ((unsigned)id >= SIP_HDR__COUNT)
		return 0;
	return hdr_compacts[id];
}

static const char *const method_names[SIP_METHOD__COUNT] = {[SIP_METHOD_OTHER] = "",
#define SIP__M(m) [SIP_METHOD_##m] = #m,
                                                            SIP_METHODS(SIP__M)
#undef SIP__M
};

enum sip_method sip_method_lookup(struct sip_str name)
{
	/* RFC 3261 7.1: the method is case-sensitive. */
#define M(id)                                          \
	if (memcmp(name.p, #id, sizeof(#id) - 1) == 0) \
		return SIP_METHOD_##id;
	switch (name.len) {
	case 3:
		M(ACK) M(BYE) break;
	case 4:
		M(INFO) break;
	case 5:
		M(PRACK) M(REFER) break;
	case 6:
		M(INVITE) M(CANCEL) M(NOTIFY) M(UPDATE) break;
	case 7:
		M(OPTIONS) M(PUBLISH) M(MESSAGE) break;
	case 8:
		M(REGISTER) break;
	case 9:
		M(SUBSCRIBE) break;
	default:
		break;
	}
#undef M
	return SIP_METHOD_OTHER;
}

const char *sip_method_name(enum sip_method m)
{
	if ((unsigned)m >= SIP_METHOD__COUNT)
		return "";
	return method_names[m];
}

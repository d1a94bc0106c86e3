/* Header and method names (RFC 3261 7.1, 7.3.3, 20, 25.1).
 *
 * These run once per header line on the hot path, so lookup is a switch on
 * the first character followed by a length check and one case-insensitive
 * compare against the few names sharing that letter. tests/test_msg.c checks
 * every entry of SIP_HEADERS round-trips, so a row added there without a
 * TRY() here is caught. */
#include <stdint.h>
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

/* Loads of 2, 4 or 8 octets, case-folded with |0x20. For the letters and
 * '-' of the canonical names this folding is exact on token input: only a
 * CR (0x0d) would also fold to '-', and a token has none. */
static inline uint64_t ld8(const char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v | 0x2020202020202020ull;
}

static inline uint32_t ld4(const char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v | 0x20202020u;
}

static inline uint16_t ld2(const char *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return (uint16_t)(v | 0x2020u);
}

/* Case-insensitive equality of the token s[0..len) with canon (len >= 2
 * octets, plus its NUL): word compares, the last word overlapping the
 * previous one, so nothing outside either string is read. */
static int name_eq(const char *s, const char *canon, size_t len)
{
	size_t i;
	if (len >= 8) {
		for (i = 0; i + 8 <= len; i += 8)
			if (ld8(s + i) != ld8(canon + i))
				return 0;
		return ld8(s + len - 8) == ld8(canon + len - 8);
	}
	if (len >= 4)
		return ld4(s) == ld4(canon) && ld4(s + len - 4) == ld4(canon + len - 4);
	return ld2(s) == ld2(canon) && ld2(s + len - 2) == ld2(canon + len - 2);
}

/* Compact forms: RFC 3261 7.3.3 (those of headers this stack knows). */
static enum sip_hdr_id compact(unsigned char ch)
{
	switch (ch | 0x20) {
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

/* The hot path (once per header line): a switch on the length, then on
 * the first letter where several names share a length, then one compare. */
enum sip_hdr_id sip__hdr_lookup_token(const char *name, size_t len)
{
	unsigned char c0;
	enum sip_hdr_id id;
#define T(x) (id = SIP_HDR_##x)
	if (len <= 1)
		return len ? compact((unsigned char)name[0]) : SIP_HDR_OTHER;
	c0 = (unsigned char)(name[0] | 0x20);
	/* Picks the one candidate of this length and first letter (two where
	 * noted); the compare below confirms it. */
	switch (len) {
	case 2:
		T(TO);
		break;
	case 3:
		T(VIA);
		break;
	case 4:
		c0 == 'c' ? T(CSEQ) : c0 == 'f' ? T(FROM) : T(DATE);
		break;
	case 5:
		c0 == 'r' ? T(ROUTE) : T(ALLOW);
		break;
	case 6:
		c0 == 'a' ? T(ACCEPT) : T(SERVER);
		break;
	case 7:
		switch (c0) {
		case 'c': /* Contact or Call-ID: the 3rd letter tells */
			(name[2] | 0x20) == 'n' ? T(CONTACT) : T(CALL_ID);
			break;
		case 'e':
			T(EXPIRES);
			break;
		case 'r':
			T(REQUIRE);
			break;
		case 's':
			T(SUBJECT);
			break;
		default:
			T(WARNING);
			break;
		}
		break;
	case 8:
		c0 == 'r' ? T(REPLY_TO) : T(PRIORITY);
		break;
	case 9:
		c0 == 'c' ? T(CALL_INFO) : c0 == 's' ? T(SUPPORTED) : T(TIMESTAMP);
		break;
	case 10:
		c0 == 'a' ? T(ALERT_INFO) : c0 == 'e' ? T(ERROR_INFO) : T(USER_AGENT);
		break;
	case 11:
		c0 == 'i'   ? T(IN_REPLY_TO)
		: c0 == 'm' ? T(MIN_EXPIRES)
		: c0 == 'r' ? T(RETRY_AFTER)
		            : T(UNSUPPORTED);
		break;
	case 12:
		switch (c0) {
		case 'c':
			T(CONTENT_TYPE);
			break;
		case 'm': /* Max-Forwards or MIME-Version */
			(name[1] | 0x20) == 'a' ? T(MAX_FORWARDS) : T(MIME_VERSION);
			break;
		case 'o':
			T(ORGANIZATION);
			break;
		default:
			T(RECORD_ROUTE);
			break;
		}
		break;
	case 13:
		c0 == 'a' ? T(AUTHORIZATION) : T(PROXY_REQUIRE);
		break;
	case 14:
		T(CONTENT_LENGTH);
		break;
	case 15: /* Accept-Encoding or Accept-Language */
		(name[7] | 0x20) == 'e' ? T(ACCEPT_ENCODING) : T(ACCEPT_LANGUAGE);
		break;
	case 16: /* Content-Encoding, Content-Language or WWW-Authenticate */
		c0 != 'c'                 ? T(WWW_AUTHENTICATE)
		: (name[8] | 0x20) == 'e' ? T(CONTENT_ENCODING)
		                          : T(CONTENT_LANGUAGE);
		break;
	case 18:
		T(PROXY_AUTHENTICATE);
		break;
	case 19:
		c0 == 'a'   ? T(AUTHENTICATION_INFO)
		: c0 == 'c' ? T(CONTENT_DISPOSITION)
		            : T(PROXY_AUTHORIZATION);
		break;
	default:
		return SIP_HDR_OTHER;
	}
#undef T
	return len == hdr_lens[id] && name_eq(name, hdr_names[id], len) ? id : SIP_HDR_OTHER;
}

enum sip_hdr_id sip_hdr_lookup(const char *name, size_t len)
{
	/* Every header name is a token (RFC 3261 25.1 header-name); anything
	 * else is no known header, and the fast compare relies on it. */
	if (sip__run(name, name + len, SIP__C_TOKEN) != name + len)
		return SIP_HDR_OTHER;
	return sip__hdr_lookup_token(name, len);
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

/* Header and method names (RFC 3261 7.1, 7.3.3, 20, 25.1).
 *
 * Lookup runs once per header line: the name's length and first letter
 * pick one candidate (two for four pairs of names), and one case-insensitive
 * word compare confirms it. The framer (msg.c) does the same on the words it
 * already loaded; this file holds the tables. tests/test_msg.c checks every
 * entry of SIP_HEADERS round-trips, so a row added there without one in
 * sip__hdr_cand is caught. */
#include <stdint.h>
#include <string.h>

#include "msg_impl.h"

static const char *const hdr_names[SIP_HDR__COUNT] = {[SIP_HDR_OTHER] = "",
#define SIP__H(id, name, compact, member) [SIP_HDR_##id] = name,
                                                      SIP_HEADERS(SIP__H)
#undef SIP__H
};

static const char hdr_compacts[SIP_HDR__COUNT] = {
#define SIP__H(id, name, compact, member) [SIP_HDR_##id] = compact,
        SIP_HEADERS(SIP__H)
#undef SIP__H
};

/* Canonical names, zero-padded: the framer compares a name with its
 * candidate a word at a time (sip__hdr_word_eq, msg_impl.h). */
const char sip__hdr_canon[SIP_HDR__COUNT][24] = {
#define SIP__H(id, name, compact, member) [SIP_HDR_##id] = name,
        SIP_HEADERS(SIP__H)
#undef SIP__H
};

/* The first 16 octets of each name for the framer's one-step compare
 * (msg.c fast_name16): fold has 0x20 where the name has a letter (bit 6 of
 * the octet, as sip__hdr_word_eq takes it), lc is the name with those bits
 * set (lower case); both 0xff past the name, so that any octet there
 * compares equal ((x | 0xff) == 0xff) and a match is all 16 octets equal. */
/* (i % sizeof(s): no index past the literal, even where it is not used) */
#define FOLD_AT(s, i) (sizeof(s) > (i) + 1 ? (((s)[(i) % sizeof(s)] >> 1) & 0x20) : 0xff)
#define LC_AT(s, i)   (sizeof(s) > (i) + 1 ? ((s)[(i) % sizeof(s)] | FOLD_AT(s, i)) : 0xff)
#define ROW16(M, s)                                                                              \
	{                                                                                        \
		M(s, 0), M(s, 1), M(s, 2), M(s, 3), M(s, 4), M(s, 5), M(s, 6), M(s, 7), M(s, 8), \
		        M(s, 9), M(s, 10), M(s, 11), M(s, 12), M(s, 13), M(s, 14), M(s, 15)      \
	}
const struct sip__hdr_name16 sip__hdr_name16[SIP_HDR__COUNT] = {
#define SIP__H(id, name, compact, member) \
	[SIP_HDR_##id] = {ROW16(FOLD_AT, name), ROW16(LC_AT, name)},
        SIP_HEADERS(SIP__H)
#undef SIP__H
};
#undef ROW16
#undef LC_AT
#undef FOLD_AT

/* clang-format off */
/* The one header name of each length (2..19) and first letter (& 31);
 * sip__hdr_alt holds the second where two share both. Generated from
 * SIP_HEADERS; tests/test_msg.c round-trips every row, so a row missing
 * here is caught. */
const unsigned char sip__hdr_cand[20][32] = {
	[2][20] = SIP_HDR_TO, /* t */
	[3][22] = SIP_HDR_VIA, /* v */
	[4][3] = SIP_HDR_CSEQ, /* c */
	[4][4] = SIP_HDR_DATE, /* d */
	[4][6] = SIP_HDR_FROM, /* f */
	[5][1] = SIP_HDR_ALLOW, /* a */
	[5][18] = SIP_HDR_ROUTE, /* r */
	[6][1] = SIP_HDR_ACCEPT, /* a */
	[6][19] = SIP_HDR_SERVER, /* s */
	[7][3] = SIP_HDR_CALL_ID, /* c */
	[7][5] = SIP_HDR_EXPIRES, /* e */
	[7][18] = SIP_HDR_REQUIRE, /* r */
	[7][19] = SIP_HDR_SUBJECT, /* s */
	[7][23] = SIP_HDR_WARNING, /* w */
	[8][16] = SIP_HDR_PRIORITY, /* p */
	[8][18] = SIP_HDR_REPLY_TO, /* r */
	[9][3] = SIP_HDR_CALL_INFO, /* c */
	[9][19] = SIP_HDR_SUPPORTED, /* s */
	[9][20] = SIP_HDR_TIMESTAMP, /* t */
	[10][1] = SIP_HDR_ALERT_INFO, /* a */
	[10][5] = SIP_HDR_ERROR_INFO, /* e */
	[10][21] = SIP_HDR_USER_AGENT, /* u */
	[11][9] = SIP_HDR_IN_REPLY_TO, /* i */
	[11][13] = SIP_HDR_MIN_EXPIRES, /* m */
	[11][18] = SIP_HDR_RETRY_AFTER, /* r */
	[11][21] = SIP_HDR_UNSUPPORTED, /* u */
	[12][3] = SIP_HDR_CONTENT_TYPE, /* c */
	[12][13] = SIP_HDR_MAX_FORWARDS, /* m */
	[12][15] = SIP_HDR_ORGANIZATION, /* o */
	[12][18] = SIP_HDR_RECORD_ROUTE, /* r */
	[13][1] = SIP_HDR_AUTHORIZATION, /* a */
	[13][16] = SIP_HDR_PROXY_REQUIRE, /* p */
	[14][3] = SIP_HDR_CONTENT_LENGTH, /* c */
	[15][1] = SIP_HDR_ACCEPT_ENCODING, /* a */
	[16][3] = SIP_HDR_CONTENT_ENCODING, /* c */
	[16][23] = SIP_HDR_WWW_AUTHENTICATE, /* w */
	[18][16] = SIP_HDR_PROXY_AUTHENTICATE, /* p */
	[19][1] = SIP_HDR_AUTHENTICATION_INFO, /* a */
	[19][3] = SIP_HDR_CONTENT_DISPOSITION, /* c */
	[19][16] = SIP_HDR_PROXY_AUTHORIZATION, /* p */
};
/* clang-format on */

const unsigned char sip__hdr_alt[SIP_HDR__COUNT] = {
        [SIP_HDR_CALL_ID] = SIP_HDR_CONTACT,
        [SIP_HDR_MAX_FORWARDS] = SIP_HDR_MIME_VERSION,
        [SIP_HDR_ACCEPT_ENCODING] = SIP_HDR_ACCEPT_LANGUAGE,
        [SIP_HDR_CONTENT_ENCODING] = SIP_HDR_CONTENT_LANGUAGE,
};

/* keep[r]: the first r octets of a word (loaded with memcpy, so the same
 * bytes whatever the byte order). */
const unsigned char sip__hdr_keep[9][8] = {
        {0},
        {0xff},
        {0xff, 0xff},
        {0xff, 0xff, 0xff},
        {0xff, 0xff, 0xff, 0xff},
        {0xff, 0xff, 0xff, 0xff, 0xff},
        {0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
        {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
        {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
};

/* Compact forms: RFC 3261 7.3.3 (those of headers this stack knows),
 * indexed by the octet | 0x20. */
const unsigned char sip__hdr_compact_id[128] = {
        ['c'] = SIP_HDR_CONTENT_TYPE, ['e'] = SIP_HDR_CONTENT_ENCODING,
        ['f'] = SIP_HDR_FROM,         ['i'] = SIP_HDR_CALL_ID,
        ['k'] = SIP_HDR_SUPPORTED,    ['l'] = SIP_HDR_CONTENT_LENGTH,
        ['m'] = SIP_HDR_CONTACT,      ['s'] = SIP_HDR_SUBJECT,
        ['t'] = SIP_HDR_TO,           ['v'] = SIP_HDR_VIA,
};

/* Case-insensitive equality of the token s[0..len) (2 <= len <= 19) with
 * its candidate: words of 8, the last overlapping the one before, so
 * nothing outside s is read. Folding every octet with |0x20 is exact on
 * token input: only a CR would fold onto '-', and a token has none. */
static int name_eq(const char *s, const char *canon, size_t len)
{
	uint64_t a, b;
	size_t i = 0;
	if (len < 8) {
		uint32_t x, y;
		size_t k = len >= 4 ? 4 : 2;
		if (k == 2) {
			uint16_t u, w;
			memcpy(&u, s, 2);
			memcpy(&w, canon, 2);
			if ((u | 0x2020u) != (w | 0x2020u))
				return 0;
			memcpy(&u, s + len - 2, 2);
			memcpy(&w, canon + len - 2, 2);
			return (u | 0x2020u) == (w | 0x2020u);
		}
		memcpy(&x, s, 4);
		memcpy(&y, canon, 4);
		if ((x | 0x20202020u) != (y | 0x20202020u))
			return 0;
		memcpy(&x, s + len - 4, 4);
		memcpy(&y, canon + len - 4, 4);
		return (x | 0x20202020u) == (y | 0x20202020u);
	}
	for (;; i += 8) {
		if (i + 8 > len)
			i = len - 8;
		memcpy(&a, s + i, 8);
		memcpy(&b, canon + i, 8);
		if ((a | 0x2020202020202020ull) != (b | 0x2020202020202020ull))
			return 0;
		if (i + 8 == len)
			return 1;
	}
}

enum sip_hdr_id sip__hdr_lookup_token(const char *name, size_t len)
{
	unsigned id;
	if (len <= 1) {
		unsigned char ch = len ? (unsigned char)(name[0] | 0x20) : 0;
		return ch < 128 ? (enum sip_hdr_id)sip__hdr_compact_id[ch] : SIP_HDR_OTHER;
	}
	if (len >= 20)
		return SIP_HDR_OTHER;
	id = sip__hdr_cand[len][name[0] & 31];
	if (id == SIP_HDR_OTHER)
		return SIP_HDR_OTHER;
	if (name_eq(name, sip__hdr_canon[id], len))
		return (enum sip_hdr_id)id;
	id = sip__hdr_alt[id];
	if (id != SIP_HDR_OTHER && name_eq(name, sip__hdr_canon[id], len))
		return (enum sip_hdr_id)id;
	return SIP_HDR_OTHER;
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

/* Method names for the framer's one-step compare (msg.c
 * request_line_fast), as sip__hdr_name16 but case-sensitive (RFC 3261 7.1):
 * fold is zero over the name, and both are 0xff past it. */
#define MFOLD_AT(s, i) (sizeof(s) > (i) + 1 ? 0 : 0xff)
#define MNAME_AT(s, i) (sizeof(s) > (i) + 1 ? (s)[(i) % sizeof(s)] : 0xff)
#define ROW16(M, s)                                                                              \
	{                                                                                        \
		M(s, 0), M(s, 1), M(s, 2), M(s, 3), M(s, 4), M(s, 5), M(s, 6), M(s, 7), M(s, 8), \
		        M(s, 9), M(s, 10), M(s, 11), M(s, 12), M(s, 13), M(s, 14), M(s, 15)      \
	}
const struct sip__hdr_name16 sip__method16[SIP_METHOD__COUNT] = {
#define SIP__M(m) [SIP_METHOD_##m] = {ROW16(MFOLD_AT, #m), ROW16(MNAME_AT, #m)},
        SIP_METHODS(SIP__M)
#undef SIP__M
};
#undef ROW16
#undef MNAME_AT
#undef MFOLD_AT

/* clang-format off */
/* The one method of each length (3..9) and first letter (& 31). */
const unsigned char sip__method_cand[16][32] = {
	[3][1] = SIP_METHOD_ACK, [3][2] = SIP_METHOD_BYE,
	[4][9] = SIP_METHOD_INFO,
	[5][16] = SIP_METHOD_PRACK, [5][18] = SIP_METHOD_REFER,
	[6][9] = SIP_METHOD_INVITE, [6][3] = SIP_METHOD_CANCEL,
	[6][14] = SIP_METHOD_NOTIFY, [6][21] = SIP_METHOD_UPDATE,
	[7][15] = SIP_METHOD_OPTIONS, [7][16] = SIP_METHOD_PUBLISH,
	[7][13] = SIP_METHOD_MESSAGE,
	[8][18] = SIP_METHOD_REGISTER,
	[9][19] = SIP_METHOD_SUBSCRIBE,
};
/* clang-format on */

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

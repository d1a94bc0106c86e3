/* sipref: header fields and their typed values (RFC 3261 section 20).
 *
 * SIP_HEADERS is the one table of known header fields: id, canonical name,
 * compact form (RFC 3261 7.3.3, 0 when none) and the member of union
 * sip_hval that holds the decoded value. Unknown headers get SIP_HDR_OTHER
 * and stay raw. All pointers inside a decoded value point into the
 * message's arena or its bytes; they live as long as the message. */
#ifndef SIPREF_HDR_H
#define SIPREF_HDR_H

#include <stdint.h>

#include "str.h"
#include "uri.h"

/* X(ID, "Canonical-Name", compact char or 0, union member) */
#define SIP_HEADERS(X)                                         \
	X(ACCEPT, "Accept", 0, media)                          \
	X(ACCEPT_ENCODING, "Accept-Encoding", 0, tok)          \
	X(ACCEPT_LANGUAGE, "Accept-Language", 0, tok)          \
	X(ALERT_INFO, "Alert-Info", 0, info)                   \
	X(ALLOW, "Allow", 0, tok)                              \
	X(AUTHENTICATION_INFO, "Authentication-Info", 0, auth) \
	X(AUTHORIZATION, "Authorization", 0, auth)             \
	X(CALL_ID, "Call-ID", 'i', text)                       \
	X(CALL_INFO, "Call-Info", 0, info)                     \
	X(CONTACT, "Contact", 'm', na)                         \
	X(CONTENT_DISPOSITION, "Content-Disposition", 0, disp) \
	X(CONTENT_ENCODING, "Content-Encoding", 'e', tok)      \
	X(CONTENT_LANGUAGE, "Content-Language", 0, tok)        \
	X(CONTENT_LENGTH, "Content-Length", 'l', num)          \
	X(CONTENT_TYPE, "Content-Type", 'c', media)            \
	X(CSEQ, "CSeq", 0, cseq)                               \
	X(DATE, "Date", 0, date)                               \
	X(ERROR_INFO, "Error-Info", 0, info)                   \
	X(EXPIRES, "Expires", 0, num)                          \
	X(FROM, "From", 'f', na)                               \
	X(IN_REPLY_TO, "In-Reply-To", 0, tok)                  \
	X(MAX_FORWARDS, "Max-Forwards", 0, num)                \
	X(MIME_VERSION, "MIME-Version", 0, mime)               \
	X(MIN_EXPIRES, "Min-Expires", 0, num)                  \
	X(ORGANIZATION, "Organization", 0, text)               \
	X(PRIORITY, "Priority", 0, tok)                        \
	X(PROXY_AUTHENTICATE, "Proxy-Authenticate", 0, auth)   \
	X(PROXY_AUTHORIZATION, "Proxy-Authorization", 0, auth) \
	X(PROXY_REQUIRE, "Proxy-Require", 0, tok)              \
	X(RECORD_ROUTE, "Record-Route", 0, na)                 \
	X(REPLY_TO, "Reply-To", 0, na)                         \
	X(REQUIRE, "Require", 0, tok)                          \
	X(RETRY_AFTER, "Retry-After", 0, retry)                \
	X(ROUTE, "Route", 0, na)                               \
	X(SERVER, "Server", 0, text)                           \
	X(SUBJECT, "Subject", 's', text)                       \
	X(SUPPORTED, "Supported", 'k', tok)                    \
	X(TIMESTAMP, "Timestamp", 0, ts)                       \
	X(TO, "To", 't', na)                                   \
	X(UNSUPPORTED, "Unsupported", 0, tok)                  \
	X(USER_AGENT, "User-Agent", 0, text)                   \
	X(VIA, "Via", 'v', via)                                \
	X(WARNING, "Warning", 0, warn)                         \
	X(WWW_AUTHENTICATE, "WWW-Authenticate", 0, auth)

enum sip_hdr_id {
	SIP_HDR_OTHER = 0,
#define SIP__H(id, name, compact, member) SIP_HDR_##id,
	SIP_HEADERS(SIP__H)
#undef SIP__H
	        SIP_HDR__COUNT
};

/* RFC 3261 7.1, 25.1: methods with a known meaning; anything else is
 * SIP_METHOD_OTHER (an extension-method, which is still valid). */
/* A table laid out by hand. */
/* clang-format off */
#define SIP_METHODS(X)                                                          \
	X(INVITE) X(ACK) X(OPTIONS) X(BYE) X(CANCEL) X(REGISTER) X(PRACK)       \
	X(SUBSCRIBE) X(NOTIFY) X(PUBLISH) X(INFO) X(REFER) X(MESSAGE) X(UPDATE)
/* clang-format on */

enum sip_method {
	SIP_METHOD_OTHER = 0,
#define SIP__M(m) SIP_METHOD_##m,
	SIP_METHODS(SIP__M)
#undef SIP__M
	        SIP_METHOD__COUNT
};

/* Case-sensitive, as RFC 3261 7.1 says method names are. */
enum sip_method sip_method_lookup(struct sip_str name);
const char *sip_method_name(enum sip_method m); /* "INVITE"; "" for OTHER */

/* Case-insensitive, long and compact forms. SIP_HDR_OTHER when unknown. */
enum sip_hdr_id sip_hdr_lookup(const char *name, size_t len);
const char *sip_hdr_name(enum sip_hdr_id id); /* canonical; "" for OTHER */
char sip_hdr_compact(enum sip_hdr_id id);     /* 0 when none */

/* Via (20.42, 18.2.1, RFC 3581). One element per via-parm; `next` is the
 * next via-parm of the same header line. */
struct sip_via {
	struct sip_str protocol;  /* "SIP" */
	struct sip_str version;   /* "2.0" */
	struct sip_str transport; /* as written: UDP, TCP, TLS, SCTP, other */
	struct sip_host host;
	uint16_t port;
	unsigned char has_port;
	struct sip_param *params; /* all via-params in order */
	/* Shortcuts into params (.p NULL when absent). */
	struct sip_str branch, received, maddr;
	int ttl;    /* -1 when absent */
	long rport; /* -1 absent, 0 present without value, else the port */
	struct sip_via *next;
};

/* From, To, Contact, Route, Record-Route, Reply-To (20.10, 20.20, 20.30,
 * 20.34, 20.39, 20.31). */
struct sip_nameaddr {
	struct sip_str display; /* as written: quoted-string with quotes, or tokens */
	unsigned char angle;    /* the URI was in <> (name-addr form) */
	unsigned char star;     /* Contact: * */
	struct sip_uri uri;
	struct sip_param *params;  /* header params after the URI */
	struct sip_str tag;        /* value of ;tag=, .p NULL when absent */
	struct sip_nameaddr *next; /* next value on the same line */
};

struct sip_cseq { /* 20.16 */
	uint32_t seq;
	struct sip_str method;
	enum sip_method mid;
};

/* Content-Length, Max-Forwards, Expires, Min-Expires. */
struct sip_num {
	uint32_t value;
};

/* Call-ID (the callid), Subject, Organization (TEXT-UTF8, trimmed),
 * Server, User-Agent (server-val list, validated, kept as written). */
struct sip_text {
	struct sip_str value;
};

/* Accept (list, may be empty), Content-Type (one). */
struct sip_media {
	struct sip_str type, subtype;
	struct sip_param *params;
	struct sip_media *next;
};

/* Token-list headers: Allow, Supported, Require, Proxy-Require,
 * Unsupported, Content-Encoding, Content-Language, Accept-Encoding,
 * Accept-Language (with params), Priority (one), In-Reply-To (callids).
 * An empty list is valid where RFC 3261 allows it (Allow, Supported,
 * Accept-*): the decoded value is then NULL. */
struct sip_token {
	struct sip_str value;
	struct sip_param *params;
	struct sip_token *next;
};

struct sip_disp { /* Content-Disposition 20.11 */
	struct sip_str type;
	struct sip_param *params;
};

struct sip_date { /* 20.17, rfc1123-date */
	struct sip_str raw;
	int wkday;            /* 0 = Sun */
	int day, month, year; /* month 1..12 */
	int hour, min, sec;
	int64_t epoch; /* seconds since 1970-01-01T00:00:00Z */
};

struct sip_ts {                      /* Timestamp 20.38 */
	struct sip_str value, delay; /* delay.p NULL when absent */
};

struct sip_retry { /* Retry-After 20.33 */
	uint32_t seconds;
	struct sip_str comment;   /* with parentheses; .p NULL when absent */
	struct sip_param *params; /* incl. duration */
};

struct sip_warning { /* 20.43 */
	uint16_t code;
	struct sip_str agent;
	struct sip_str text; /* quoted-string with quotes */
	struct sip_warning *next;
};

struct sip_info {           /* Alert-Info, Call-Info, Error-Info (20.4, 20.9, 20.18) */
	struct sip_uri uri; /* absoluteURI inside <> */
	struct sip_param *params;
	struct sip_info *next;
};

/* WWW-Authenticate, Proxy-Authenticate (challenge), Authorization,
 * Proxy-Authorization (credentials), Authentication-Info (scheme empty)
 * (20.5, 20.7, 20.27, 20.28, 20.44, 22.4, RFC 2617). */
struct sip_auth {
	struct sip_str scheme;    /* "Digest", "Basic", ...; empty for Authentication-Info */
	struct sip_param *params; /* auth-params in order; values as written */
	/* Digest shortcuts, quotes removed (quoted-pairs kept), .p NULL when absent. */
	struct sip_str realm, nonce, opaque, algorithm, qop, stale, domain;
	struct sip_str username, uri, response, cnonce, nc;
	struct sip_str nextnonce, rspauth; /* Authentication-Info */
};

struct sip_mime { /* MIME-Version 20.24 */
	uint32_t major, minor;
};

union sip_hval {
	const void *any;
	struct sip_via *via;
	struct sip_nameaddr *na;
	struct sip_cseq *cseq;
	struct sip_num *num;
	struct sip_text *text;
	struct sip_media *media;
	struct sip_token *tok;
	struct sip_disp *disp;
	struct sip_date *date;
	struct sip_ts *ts;
	struct sip_retry *retry;
	struct sip_warning *warn;
	struct sip_info *info;
	struct sip_auth *auth;
	struct sip_mime *mime;
};

enum sip_hdr_state { SIP_HDR_RAW = 0, SIP_HDR_DECODED, SIP_HDR_BAD };

/* One header field line of a message, as indexed by sip_msg_parse. */
struct sip_hdr {
	enum sip_hdr_id id;
	struct sip_str name;  /* as written */
	struct sip_str value; /* LWS trimmed at both ends; line folding kept */
	uint32_t off;         /* offset of the line in the message */
	int32_t next;         /* index of the next header with the same id, -1 */
	enum sip_hdr_state state;
	union sip_hval val;  /* valid when state == SIP_HDR_DECODED */
	struct sip_perr err; /* valid when state == SIP_HDR_BAD */
};

#endif

/* sipref: SDP session descriptions (RFC 4566), parsed from a message body.
 * Slices point into the body; lists live in the message arena.
 *
 * The parser is strict (RFC 4566 9 grammar, RFC 4566 5 field order), with
 * these documented decisions:
 * - Lines end in CRLF or a bare LF (RFC 4566 5 asks parsers to accept LF);
 *   the last line must be terminated too; an empty line is an error.
 * - A type letter the parser does not know, or a known letter out of the
 *   order of RFC 4566 5, fails the whole parse (SIP_EPARSE). RFC 4566 5:
 *   "An SDP parser MUST completely ignore any session description that
 *   contains a type letter that it does not understand"; a caller ignores a
 *   description by treating the parse failure as "no usable SDP".
 * - "s=" with an empty value is accepted (name.len == 0): RFC 5118 4.8 ships
 *   it in a message that must be accepted, although RFC 4566 asks for "s= ".
 * - Decoded numbers that do not fit their field are errors, except sess-id
 *   and sess-version, which are unbounded 1*DIGIT: their numeric value
 *   saturates at UINT64_MAX and the slice stays authoritative. */
#ifndef SIPREF_SDP_H
#define SIPREF_SDP_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "error.h"
#include "str.h"
#include "uri.h"

/* nettype SP addrtype SP address, from c= (RFC 4566 5.7) or the tail of o=
 * (5.2). For nettype "IN" with addrtype "IP4" / "IP6" the address is
 * decoded: host.type is SIP_HOST_IPV4 / SIP_HOST_IPV6 with host.addr the
 * bytes, or SIP_HOST_NAME for an FQDN. Other net/address types keep the
 * address raw (host.type SIP_HOST_NONE). host.text never includes the
 * "/ttl/num" suffix. */
struct sip_sdp_conn {
	struct sip_str nettype, addrtype;
	struct sip_host host;
	int ttl;      /* IP4 multicast TTL (0..255); -1 when absent */
	uint32_t num; /* "/<number of addresses>"; 1 when absent */
	unsigned char has_num;
	struct sip_sdp_conn *next; /* media level may carry several c= lines */
};

/* o= (RFC 4566 5.2). */
struct sip_sdp_origin {
	struct sip_str username, sess_id, sess_version;
	uint64_t id, version;     /* decoded; saturate at UINT64_MAX */
	struct sip_sdp_conn addr; /* ttl -1, num 1: unicast only */
};

/* b=bwtype:bandwidth (5.8). */
struct sip_sdp_bw {
	struct sip_str type;
	uint64_t kbps;
	struct sip_sdp_bw *next;
};

/* a=name or a=name:value (5.13). has_value distinguishes the two forms. */
struct sip_sdp_attr {
	struct sip_str name, value;
	unsigned char has_value;
	struct sip_sdp_attr *next;
};

/* A free-text line that may repeat (e=, p=). */
struct sip_sdp_text {
	struct sip_str value;
	struct sip_sdp_text *next;
};

/* r=repeat-interval active-duration offsets... (5.10); typed times (d h m
 * s suffixes) converted to seconds. offsets has noffsets >= 1 entries. */
struct sip_sdp_repeat {
	uint64_t interval, duration;
	uint64_t *offsets;
	size_t noffsets;
	struct sip_sdp_repeat *next;
};

/* t=start stop (5.9) with its r= lines; NTP seconds, 0 = unbounded. */
struct sip_sdp_time {
	uint64_t start, stop;
	struct sip_sdp_repeat *repeats;
	struct sip_sdp_time *next;
};

/* One "adjustment-time offset" pair of z= (5.11); offset in seconds. */
struct sip_sdp_zone {
	uint64_t time;
	int64_t offset;
	struct sip_sdp_zone *next;
};

/* One fmt of an m= line. */
struct sip_sdp_fmt {
	struct sip_str fmt;
	struct sip_sdp_fmt *next;
};

/* m=media port[/count] proto fmt... and its i= c= b= k= a= lines (5.14).
 * Absent single lines have .p NULL. */
struct sip_sdp_media {
	struct sip_str media, proto;
	uint16_t port;
	uint32_t nports; /* 1 when "/count" is absent */
	unsigned char has_nports;
	struct sip_sdp_fmt *fmts;
	size_t nfmts;
	struct sip_str info, key;
	struct sip_sdp_conn *conns;
	struct sip_sdp_bw *bws;
	struct sip_sdp_attr *attrs;
	struct sip_sdp_media *next;
};

struct sip_sdp {
	struct sip_str raw; /* the whole body parsed */
	uint32_t version;   /* v=, always 0 (RFC 4566 5.1) */
	struct sip_sdp_origin origin;
	struct sip_str name;      /* s=; may be empty (see above) */
	struct sip_str info, uri; /* i=, u=; .p NULL when absent */
	struct sip_sdp_text *emails, *phones;
	struct sip_sdp_conn *conn; /* session-level c=, NULL when absent */
	struct sip_sdp_bw *bws;
	struct sip_sdp_time *times; /* at least one */
	struct sip_sdp_zone *zones;
	struct sip_str key; /* k= value as written, .p NULL when absent */
	struct sip_sdp_attr *attrs;
	struct sip_sdp_media *media;
	size_t nmedia;
};

/* Parses body[0..len). Returns 0, SIP_EPARSE (err->off relative to body)
 * or SIP_ENOMEM. flags: SIP_LENIENT_* bits; only SIP_LENIENT_IPV6_3COLON
 * applies (an RFC 3261-ABNF ":::" IPv6 address in c= or o=). */
int sip_sdp_parse(struct sip_arena *ar, const char *body, size_t len, unsigned flags,
                  struct sip_sdp **out, struct sip_perr *err);

/* 1 when two parsed descriptions are structurally the same: every slice
 * octet-equal (SDP is case-sensitive), every number and list equal, in
 * order. raw is not compared. */
int sip_sdp_same(const struct sip_sdp *a, const struct sip_sdp *b);

/* Writes the canonical description: the lines in RFC 4566 5 order, CRLF
 * ends, numbers in decimal, typed times (r=, z=) in seconds. Parsing the
 * output yields a description sip_sdp_same() calls the same. */
void sip_sdp_print(struct sip_buf *b, const struct sip_sdp *s);

/* First attribute called `name` (exact match) in a list, or NULL. */
const struct sip_sdp_attr *sip_sdp_attr_find(const struct sip_sdp_attr *list, const char *name);

#endif

/* sipref: URIs (RFC 3261 19.1, RFC 3966 tel, RFC 3986 absoluteURI).
 *
 * A parsed URI holds slices into the bytes it was parsed from (escapes are
 * kept as written) plus the decoded host address. Lists live in the arena
 * given to the parser. */
#ifndef SIPREF_URI_H
#define SIPREF_URI_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "error.h"
#include "str.h"

enum sip_uri_scheme { SIP_URI_OTHER = 0, SIP_URI_SIP, SIP_URI_SIPS, SIP_URI_TEL };
enum sip_host_type { SIP_HOST_NONE = 0, SIP_HOST_NAME, SIP_HOST_IPV4, SIP_HOST_IPV6 };

/* name[=value]. `value` is as written (a quoted-string keeps its quotes);
 * has_value distinguishes "lr" from "lr=". */
struct sip_param {
	struct sip_str name;
	struct sip_str value;
	unsigned char has_value;
	struct sip_param *next;
};

struct sip_host {
	enum sip_host_type type;
	struct sip_str text; /* as written; an IPv6 reference keeps its brackets */
	uint8_t addr[16];    /* IPv4: first 4 octets; IPv6: all 16; network order */
};

struct sip_uri {
	enum sip_uri_scheme scheme;
	struct sip_str raw;        /* the whole URI as written */
	struct sip_str scheme_str; /* as written, e.g. "SIP" */
	/* sip/sips: userinfo (escaped as written). tel: the number in `user`. */
	struct sip_str user, password;
	unsigned char has_user, has_password, has_port;
	struct sip_host host; /* sip/sips only */
	uint16_t port;
	struct sip_param *params;  /* uri-parameters (sip/sips) or tel parameters */
	struct sip_param *headers; /* ?h=v&... (sip/sips) */
	struct sip_str opaque;     /* other schemes: everything after "scheme:" */
};

/* Parses a URI of any scheme from p[0..len). flags: SIP_LENIENT_* bits.
 * Returns 0, SIP_EPARSE (err->off relative to p) or SIP_ENOMEM. */
int sip_uri_parse(struct sip_arena *ar, const char *p, size_t len, unsigned flags,
                  struct sip_uri *out, struct sip_perr *err);

/* RFC 3261 19.1.4 equivalence for sip/sips (escapes decoded, case rules,
 * parameter rules), RFC 3966 5 for tel, octet equality after a
 * case-insensitive scheme for others. 1 when equivalent, 0 otherwise. */
int sip_uri_equiv(const struct sip_uri *a, const struct sip_uri *b);

/* Structural identity of two parsed URIs (every component, order kept):
 * the round-trip oracle's notion of "the same parse". 1 or 0. */
int sip_uri_same(const struct sip_uri *a, const struct sip_uri *b);

/* Canonical text of the URI (scheme lower case, components as parsed). */
void sip_uri_print(struct sip_buf *b, const struct sip_uri *u);

/* First parameter called `name` (case-insensitive), or NULL. */
const struct sip_param *sip_param_find(const struct sip_param *list, const char *name);

/* Decodes %XX escapes of `in` into out[0..cap). Returns the decoded length
 * (which may exceed cap: nothing past cap is written), or SIP_EPARSE for a
 * malformed escape. */
long sip_unescape(struct sip_str in, char *out, size_t cap);

#endif

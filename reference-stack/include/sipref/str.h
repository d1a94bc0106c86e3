/* sipref: pointer+length strings.
 *
 * A slice never owns its bytes and is never NUL-terminated: it points into a
 * received message (or an arena). Bodies and escaped URIs carry NUL octets,
 * so nothing in libsipref treats a slice as a C string. */
#ifndef SIPREF_STR_H
#define SIPREF_STR_H

#include <stddef.h>
#include <string.h>

struct sip_str {
	const char *p;
	size_t len;
};

#define SIP_STR(lit) ((struct sip_str){(lit), sizeof(lit) - 1})
#define SIP_STR_NULL ((struct sip_str){NULL, 0})

static inline struct sip_str sip_str_make(const char *p, size_t len)
{
	struct sip_str s = {p, len};
	return s;
}

/* Octet-exact equality. */
static inline int sip_str_eq(struct sip_str a, struct sip_str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

/* ASCII case-insensitive equality (tokens, header names, hosts). */
int sip_str_caseeq(struct sip_str a, struct sip_str b);
/* ASCII case-insensitive equality against a C string literal. */
int sip_str_caseeq_c(struct sip_str a, const char *lit);

#endif

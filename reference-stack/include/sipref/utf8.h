/* sipref: UTF-8 validation (RFC 3629). */
#ifndef SIPREF_UTF8_H
#define SIPREF_UTF8_H

#include <stddef.h>

/* Length (2 to 4) of the well-formed UTF-8 sequence of non-ASCII octets at
 * p[0..n), or 0 when p[0] does not start one: overlong forms, UTF-16
 * surrogates and code points above U+10FFFF are not well formed. n > 0. */
size_t sip_utf8_len(const unsigned char *p, size_t n);

#endif

/* Internal: HTTP Digest authentication for SIP (RFC 3261 22.4, RFC 2617
 * 3.2.2) with MD5 and MD5-sess, qop absent (RFC 2069 compatibility) or
 * "auth". The hashing is OpenSSL's EVP interface; no other part of the stack
 * links libcrypto. */
#ifndef SIPREF_SRC_AUTH_DIGEST_H
#define SIPREF_SRC_AUTH_DIGEST_H

#include <stdint.h>

#include "sipref/buf.h"
#include "sipref/hdr.h"
#include "sipref/str.h"

/* The inputs of RFC 2617 3.2.2.1. Values are as they appear between the
 * quotes of the header (quoted-pairs are unescaped before hashing). qop
 * empty (.len 0): the RFC 2069 form, cnonce and nc unused. algorithm empty:
 * MD5. */
struct sip__digest_in {
	struct sip_str username, realm, password;
	struct sip_str nonce, cnonce, nc, qop;
	struct sip_str method, uri, algorithm;
};

/* request-digest as 32 lower-case hex digits and a NUL. 0, SIP_EUNSUPP (an
 * algorithm other than MD5 / MD5-sess, a qop other than auth), SIP_ENOMEM
 * (OpenSSL could not allocate). */
int sip__digest_response(const struct sip__digest_in *in, char out[33]);

/* 22.2 / RFC 2617 3.2.2: appends the value of an Authorization or
 * Proxy-Authorization header answering challenge `ch` (a decoded
 * WWW-Authenticate or Proxy-Authenticate): username, realm, nonce, uri,
 * response, algorithm when the challenge named one, and cnonce, qop=auth
 * and nc when the challenge offers qop "auth"; opaque is echoed. 0,
 * SIP_EUNSUPP (not Digest, or an algorithm/qop we cannot answer), SIP_EINVAL
 * (no realm or nonce), SIP_ENOMEM. */
int sip__digest_credentials(struct sip_buf *b, const struct sip_auth *ch, struct sip_str user,
                            struct sip_str password, struct sip_str method, struct sip_str uri,
                            struct sip_str cnonce, uint32_t nc);

/* 1 when the Digest credentials `cr` (a decoded Authorization) carry the
 * response `password` and `method` produce; 0 otherwise (a server's check,
 * 22.4). */
int sip__digest_verify(const struct sip_auth *cr, struct sip_str password, struct sip_str method);

#endif

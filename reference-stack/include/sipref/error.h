/* sipref: error codes.
 *
 * Every int-returning function of libsipref returns 0 or one of the negative
 * SIP_E* codes below. The table is an X-macro so the code, its name and its
 * message come from one place (STYLE.md rule 4). */
#ifndef SIPREF_ERROR_H
#define SIPREF_ERROR_H

#include <stddef.h>

#define SIP_ERRORS(X)                                         \
	X(SIP_OK, 0, "success")                               \
	X(SIP_ENOMEM, -1, "out of memory")                    \
	X(SIP_EINVAL, -2, "invalid argument")                 \
	X(SIP_EPARSE, -3, "malformed input")                  \
	X(SIP_EAGAIN, -4, "need more input")                  \
	X(SIP_ENOENT, -5, "not found")                        \
	X(SIP_ERANGE, -6, "value out of range")               \
	X(SIP_ENOSPC, -7, "buffer too small")                 \
	X(SIP_EUNSUPP, -8, "not supported")                   \
	X(SIP_ESTATE, -9, "invalid state for this operation") \
	X(SIP_ETOOBIG, -10, "message too large")

enum sip_error {
#define SIP__E(name, val, msg) name = (val),
	SIP_ERRORS(SIP__E)
#undef SIP__E
};

/* Static text for a code; never NULL (unknown codes get "unknown error"). */
const char *sip_strerror(int code);
/* The code's symbolic name, e.g. "SIP_EPARSE"; never NULL. */
const char *sip_errname(int code);

/* Where and why a parse failed. `reason` is a static string (never freed).
 * `status` is the response RFC 3261 / RFC 4475 prescribe for a request that
 * fails this way (400, 505, 416 ...), or 0 when the message must be dropped
 * (e.g. a malformed response, RFC 3261 16.7 / RFC 4475 3.1.2.19). */
struct sip_perr {
	size_t off;
	const char *reason;
	int status;
};

#endif

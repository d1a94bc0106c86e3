/* sipvet: parsed SIP messages as JSON (the `sipvet parse --json` record).
 *
 * Every writer emits one JSON value at the writer's current position (after
 * a key, in an array, or as the document). Shapes are documented at each
 * function; slices are written with vet_json_str's escaping (json.h). */
#ifndef SIPVET_MSG_JSON_H
#define SIPVET_MSG_JSON_H

#include "json.h"
#include "sipref/msg.h"

/* {"offset": base + e->off, "reason": ..., "status": ...} */
void vet_json_perr(struct vet_json *j, const struct sip_perr *e, size_t base);
/* ["ipv6-3colon", ...]: the names of the SIP_LENIENT_* bits set. */
void vet_json_lenient(struct vet_json *j, unsigned bits);
/* [{"name": ..., "value": ... or null when the parameter has no "="}, ...] */
void vet_json_params(struct vet_json *j, const struct sip_param *p);
/* {"raw", "scheme", "kind": "sip"|"sips"|"tel"|"other", "user", "password",
 *  "host", "port", "params", "headers", "opaque"}; absent parts are left out. */
void vet_json_uri(struct vet_json *j, const struct sip_uri *u);
/* {"type": "name"|"ipv4"|"ipv6", "text": as written, "address": normalised} */
void vet_json_host(struct vet_json *j, const struct sip_host *h);

/* The typed value of one decoded header (hdr_json.c). List-valued headers
 * (Via, name-addr headers, Accept, token lists, Warning, *-Info) are arrays
 * of elements; the others are one object. NULL values (an empty list) are []. */
void vet_json_hval(struct vet_json *j, enum sip_hdr_id id, union sip_hval v);

/* The whole message: start line, headers in order (name as written,
 * canonical "id" name or null, raw value, offset, "decoded" typed value or
 * "error"), Request-URI, Content-Length, body (length, bytes, and SDP or
 * multipart structure when the layer decoded one). Decodes every header on
 * the way (decoding is cached, so this is cheap after sip_msg_parse_all). */
void vet_json_msg(struct vet_json *j, struct sip_msg *m);

/* The body structures (body_json.c). */
void vet_json_sdp(struct vet_json *j, const struct sip_sdp *s);
void vet_json_multipart(struct vet_json *j, const struct sip_multipart *mp);

#endif

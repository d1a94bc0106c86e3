/* Internal: message-core entry points used by unit tests and fuzz targets. */
#ifndef SIPREF_SRC_MSG_MSG_IMPL_H
#define SIPREF_SRC_MSG_MSG_IMPL_H

#include "scan.h"
#include "sipref/msg.h"

/* Parses exactly one start line [p,end) (no CRLF) into m's request-line or
 * status-line fields (RFC 3261 7.1, 7.2, 25.1). 0 or SIP_EPARSE via c. */
int sip__start_line(struct sip__pctx *c, struct sip_msg *m, const char *p, const char *end);

#endif

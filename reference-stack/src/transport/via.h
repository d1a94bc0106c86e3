/* Internal: Via handling of the transport layer (RFC 3261 18, RFC 3581).
 *
 * Works on parsed messages and writes new message text into a sip_buf
 * (snprintf style: the return value is the size needed). Nothing here
 * allocates. */
#ifndef SIPREF_SRC_TRANSPORT_VIA_H
#define SIPREF_SRC_TRANSPORT_VIA_H

#include "sipref/addr.h"
#include "sipref/msg.h"
#include "stack_impl.h"

/* Host names in a Via or URI, through the stack's configured resolver. */
struct sip__resolver {
	int (*fn)(void *ud, struct sip_str host, struct sip_addr *out);
	void *ud;
};

/* The address of `host` (IP literal, or a name through r; SIP_ENOENT when
 * there is no resolver or it fails) with `port`. */
int sip__host_addr(const struct sip_host *h, uint16_t port, const struct sip__resolver *r,
                   struct sip_addr *out);

/* The first via-parm of the first Via line of m: the text from the start of
 * the line's value to the end of that via-parm (no trailing comma or
 * whitespace). 0, or SIP_EPARSE when m has no decodable Via. */
int sip__via_first(struct sip_msg *m, struct sip_str *out);

/* Number of via-parms over all Via lines (RFC 3261 8.1.3.3); an undecodable
 * line counts as one. */
size_t sip__via_count(struct sip_msg *m);

/* RFC 3261 18.2.1 and RFC 3581 4: the request m arrived from `src`. When the
 * top Via needs a received parameter (its sent-by host is a name or another
 * address, or rport is present) or an rport value, writes the whole request
 * with that Via amended into b and returns the size needed; returns 0 (and
 * writes nothing) when the request stays as it is. */
size_t sip__via_stamp(struct sip_buf *b, struct sip_msg *m, const struct sip_addr *src);

/* RFC 3261 18.2.2 (and RFC 3581 4): where a response to a request with top
 * Via v, which arrived over tp (on connection conn for streams), is sent.
 * Reliable: that connection (d->conn) while it is open, else a new one to
 * received (or sent-by) and the sent-by port. Unreliable: maddr, else
 * received with rport or the sent-by port, else sent-by. 0, or SIP_ENOENT
 * when no address can be found (a host name without resolver). */
int sip__via_response_dest(const struct sip_via *v, enum sip_transport tp, uint32_t conn,
                           const struct sip__resolver *r, struct sip__dest *d);

/* RFC 3261 18.1.2: 1 when the sent-by of v is `local` for transport tp (IP
 * and port, the transport's default port when the Via has none). */
int sip__via_sent_by_is(const struct sip_via *v, enum sip_transport tp,
                        const struct sip_addr *local);

/* RFC 3261 18.1.1: the request m with its top Via's transport changed to tp
 * and its sent-by to `sent_by` (branch and other parameters kept). Returns
 * the size needed, 0 when m has no decodable top Via. */
size_t sip__via_retransport(struct sip_buf *b, struct sip_msg *m, enum sip_transport tp,
                            const struct sip_addr *sent_by);

/* RFC 3261 18.1.1: the largest request sent over UDP when the path MTU is
 * unknown; larger ones go over a congestion-controlled transport. */
#define SIP__UDP_MAX_REQUEST 1300

#endif

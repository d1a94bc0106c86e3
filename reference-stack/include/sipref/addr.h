/* sipref: transport addresses, without any socket header (the stack core is
 * sans-I/O; the shell converts to and from struct sockaddr). */
#ifndef SIPREF_ADDR_H
#define SIPREF_ADDR_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "str.h"
#include "uri.h"

enum sip_transport { SIP_TP_UDP = 0, SIP_TP_TCP, SIP_TP_TLS, SIP_TP__COUNT };

struct sip_addr {
	uint8_t family; /* 4 or 6; 0 = unset */
	uint8_t ip[16]; /* IPv4 in the first 4 octets; network order */
	uint16_t port;
};

/* "127.0.0.1:5060", "[::1]:5060", "192.0.2.1" (port 0 when absent).
 * 0 or SIP_EPARSE. */
int sip_addr_parse(struct sip_addr *a, const char *s, size_t len);
/* An IP host of a URI or Via (names are not resolved here). 0, SIP_EUNSUPP
 * for a host name. */
int sip_addr_from_host(struct sip_addr *a, const struct sip_host *h, uint16_t port);
/* "192.0.2.1" or "[2001:db8::1]" (no port). */
void sip_addr_print_host(struct sip_buf *b, const struct sip_addr *a);
/* host plus ":port". */
void sip_addr_print(struct sip_buf *b, const struct sip_addr *a);
int sip_addr_eq(const struct sip_addr *a, const struct sip_addr *b); /* ip and port */
int sip_addr_eq_ip(const struct sip_addr *a, const struct sip_addr *b);

const char *sip_transport_name(enum sip_transport tp); /* "UDP", "TCP", "TLS" */
/* Case-insensitive; -1 when unknown. */
int sip_transport_lookup(struct sip_str name);
static inline int sip_transport_reliable(enum sip_transport tp)
{
	return tp != SIP_TP_UDP;
}
/* Default port of a transport (5060, or 5061 for TLS). */
uint16_t sip_transport_default_port(enum sip_transport tp);

#endif

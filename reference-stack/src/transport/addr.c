/* Transport addresses (addr.h): IP literals in and out, without any socket
 * header. Host names are never resolved here (the core does no DNS). */
#include <string.h>

#include "msg/scan.h"
#include "sipref/addr.h"
#include "sipref/error.h"

static int parse_port(const char *p, const char *end, uint16_t *port)
{
	uint32_t v = 0;
	if (p == end || end - p > 5)
		return SIP_EPARSE;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return SIP_EPARSE;
		v = v * 10 + (uint32_t)(*p - '0');
	}
	if (v > 65535)
		return SIP_EPARSE;
	*port = (uint16_t)v;
	return 0;
}

/* "[v6]", "[v6]:port", "v4", "v4:port", and a bare "v6" (no port: RFC 3261
 * 25.1 writes received=IPv6address without brackets). */
int sip_addr_parse(struct sip_addr *a, const char *s, size_t len)
{
	const char *end = s + len, *colon = NULL, *p;
	int three = 0, ncolon = 0;
	memset(a, 0, sizeof(*a));
	if (!s || !len)
		return SIP_EPARSE;
	if (*s == '[') {
		const char *rb = memchr(s, ']', len);
		if (!rb || sip__ipv6(s + 1, rb, a->ip, &three) != 0 || three)
			goto bad;
		a->family = 6;
		if (rb + 1 == end)
			return 0;
		if (rb[1] != ':' || parse_port(rb + 2, end, &a->port) != 0)
			goto bad;
		return 0;
	}
	for (p = s; p < end; p++) {
		if (*p == ':') {
			ncolon++;
			colon = p;
		}
	}
	if (ncolon > 1) {
		if (sip__ipv6(s, end, a->ip, &three) != 0 || three)
			goto bad;
		a->family = 6;
		return 0;
	}
	if (sip__ipv4(s, colon ? colon : end, a->ip) != 0)
		goto bad;
	a->family = 4;
	if (colon && parse_port(colon + 1, end, &a->port) != 0)
		goto bad;
	return 0;
bad:
	memset(a, 0, sizeof(*a));
	return SIP_EPARSE;
}

int sip_addr_from_host(struct sip_addr *a, const struct sip_host *h, uint16_t port)
{
	memset(a, 0, sizeof(*a));
	switch (h->type) {
	case SIP_HOST_IPV4:
		a->family = 4;
		memcpy(a->ip, h->addr, 4);
		break;
	case SIP_HOST_IPV6:
		a->family = 6;
		memcpy(a->ip, h->addr, 16);
		break;
	default:
		return SIP_EUNSUPP;
	}
	a->port = port;
	return 0;
}

static void put_hex16(struct sip_buf *b, unsigned v)
{
	static const char hex[] = "0123456789abcdef";
	int shift, started = 0;
	for (shift = 12; shift >= 0; shift -= 4) {
		unsigned d = (v >> shift) & 0xf;
		if (d || started || shift == 0) {
			sip_buf_putc(b, hex[d]);
			started = 1;
		}
	}
}

/* RFC 5952 4: lower case, no leading zeros, the longest run (of at least
 * two) of zero groups as "::", the first one on a tie. */
static void put_ipv6(struct sip_buf *b, const uint8_t ip[16])
{
	unsigned g[8];
	int i, best = -1, bestlen = 1, run = 0;
	for (i = 0; i < 8; i++)
		g[i] = (unsigned)ip[2 * i] << 8 | ip[2 * i + 1];
	for (i = 0; i < 8; i++) {
		run = g[i] == 0 ? run + 1 : 0;
		if (run > bestlen) {
			bestlen = run;
			best = i - run + 1;
		}
	}
	for (i = 0; i < 8; i++) {
		if (i == best) {
			sip_buf_puts(b, "::");
			i += bestlen - 1;
			continue;
		}
		if (i > 0 && i != best + bestlen)
			sip_buf_putc(b, ':');
		put_hex16(b, g[i]);
	}
}

void sip_addr_print_host(struct sip_buf *b, const struct sip_addr *a)
{
	int i;
	if (a->family == 6) {
		sip_buf_putc(b, '[');
		put_ipv6(b, a->ip);
		sip_buf_putc(b, ']');
		return;
	}
	for (i = 0; i < 4; i++) {
		if (i)
			sip_buf_putc(b, '.');
		sip_buf_putu(b, a->ip[i]);
	}
}

void sip_addr_print(struct sip_buf *b, const struct sip_addr *a)
{
	sip_addr_print_host(b, a);
	sip_buf_putc(b, ':');
	sip_buf_putu(b, a->port);
}

int sip_addr_eq_ip(const struct sip_addr *a, const struct sip_addr *b)
{
	size_t n = a->family == 6 ? 16 : 4;
	return a->family == b->family && memcmp(a->ip, b->ip, n) == 0;
}

int sip_addr_eq(const struct sip_addr *a, const struct sip_addr *b)
{
	return sip_addr_eq_ip(a, b) && a->port == b->port;
}

static const char *const tp_names[SIP_TP__COUNT] = {"UDP", "TCP", "TLS"};

const char *sip_transport_name(enum sip_transport tp)
{
	return (unsigned)tp < SIP_TP__COUNT ? tp_names[tp] : "?";
}

int sip_transport_lookup(struct sip_str name)
{
	int i;
	for (i = 0; i < SIP_TP__COUNT; i++)
		if (sip_str_caseeq_c(name, tp_names[i]))
			return i;
	return -1;
}

/* RFC 3261 19.1.2 / 18.2.2: 5060, and 5061 for TLS. */
uint16_t sip_transport_default_port(enum sip_transport tp)
{
	return tp == SIP_TP_TLS ? 5061 : 5060;
}

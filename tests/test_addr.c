/* Transport addresses (addr.h): parsing and printing IP literals, host
 * conversion, comparisons, transport names and default ports. */
#include <string.h>

#include "sipref/addr.h"
#include "testutil.h"

struct parse_case {
	const char *in;
	int rc;
	int family;
	const char *host; /* sip_addr_print_host, NULL when rc != 0 */
	unsigned port;
};

static const struct parse_case parse_cases[] = {
        {"127.0.0.1:5060", 0, 4, "127.0.0.1", 5060},
        {"192.0.2.1", 0, 4, "192.0.2.1", 0},
        {"255.255.255.255:65535", 0, 4, "255.255.255.255", 65535},
        {"[::1]:5060", 0, 6, "[::1]", 5060},
        {"[2001:db8::1]", 0, 6, "[2001:db8::1]", 0},
        {"2001:db8::9:1", 0, 6, "[2001:db8::9:1]", 0}, /* RFC 3261 received form */
        {"[2001:0db8:0000:0000:0000:0000:0000:0001]:1", 0, 6, "[2001:db8::1]", 1},
        {"[2001:db8:0:0:1:0:0:1]", 0, 6, "[2001:db8::1:0:0:1]", 0}, /* RFC 5952 4.2.3 */
        {"[::]", 0, 6, "[::]", 0},
        {"[1:2:3:4:5:6:7:8]", 0, 6, "[1:2:3:4:5:6:7:8]", 0},
        {"[1:0:3:4:5:6:7:8]", 0, 6, "[1:0:3:4:5:6:7:8]", 0}, /* one zero group stays */
        {"", SIP_EPARSE, 0, NULL, 0},
        {"example.com:5060", SIP_EPARSE, 0, NULL, 0},
        {"192.0.2.1:65536", SIP_EPARSE, 0, NULL, 0},
        {"192.0.2.1:", SIP_EPARSE, 0, NULL, 0},
        {"192.0.2.256", SIP_EPARSE, 0, NULL, 0},
        {"[::1", SIP_EPARSE, 0, NULL, 0},
        {"[::1]5060", SIP_EPARSE, 0, NULL, 0},
        {"[::1]:x", SIP_EPARSE, 0, NULL, 0},
        {"2001:db8:::1", SIP_EPARSE, 0, NULL, 0},
        {"1.2.3.4:50a", SIP_EPARSE, 0, NULL, 0},
};

static void test_parse_print(void)
{
	size_t i;
	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		size_t len = strlen(c->in);
		/* Guard page: nothing is read past the input. */
		const char *in = tu_guard(c->in, len);
		struct sip_addr a;
		char out[80];
		struct sip_buf b;
		int rc = sip_addr_parse(&a, in, len);
		CU_ASSERT_EQUAL(rc, c->rc);
		if (rc != c->rc)
			fprintf(stderr, "case %s: rc %d\n", c->in, rc);
		if (rc)
			continue;
		CU_ASSERT_EQUAL(a.family, c->family);
		CU_ASSERT_EQUAL(a.port, c->port);
		sip_buf_init(&b, out, sizeof(out) - 1);
		sip_addr_print_host(&b, &a);
		out[b.len] = 0;
		CU_ASSERT_STRING_EQUAL(out, c->host);
	}
}

static void test_print_port(void)
{
	struct sip_addr a;
	char out[64];
	struct sip_buf b;
	CU_ASSERT_EQUAL(sip_addr_parse(&a, "[2001:db8::7]:5070", 18), 0);
	sip_buf_init(&b, out, sizeof(out) - 1);
	sip_addr_print(&b, &a);
	out[b.len] = 0;
	CU_ASSERT_STRING_EQUAL(out, "[2001:db8::7]:5070");
	CU_ASSERT_EQUAL(sip_addr_parse(&a, "10.0.0.1", 8), 0);
	sip_buf_init(&b, out, sizeof(out) - 1);
	sip_addr_print(&b, &a);
	out[b.len] = 0;
	CU_ASSERT_STRING_EQUAL(out, "10.0.0.1:0");
	/* A short buffer still counts the size needed. */
	sip_buf_init(&b, out, 3);
	sip_addr_print(&b, &a);
	CU_ASSERT_EQUAL(b.len, 10);
	CU_ASSERT_FALSE(sip_buf_ok(&b));
}

static void test_from_host(void)
{
	struct sip_host h;
	struct sip_addr a;
	memset(&h, 0, sizeof(h));
	h.type = SIP_HOST_IPV4;
	h.addr[0] = 192;
	h.addr[1] = 0;
	h.addr[2] = 2;
	h.addr[3] = 9;
	CU_ASSERT_EQUAL(sip_addr_from_host(&a, &h, 5080), 0);
	CU_ASSERT_EQUAL(a.family, 4);
	CU_ASSERT_EQUAL(a.port, 5080);
	CU_ASSERT_EQUAL(a.ip[3], 9);
	h.type = SIP_HOST_IPV6;
	h.addr[15] = 1;
	CU_ASSERT_EQUAL(sip_addr_from_host(&a, &h, 1), 0);
	CU_ASSERT_EQUAL(a.family, 6);
	CU_ASSERT_EQUAL(a.ip[15], 1);
	h.type = SIP_HOST_NAME;
	h.text = SIP_STR("example.com");
	CU_ASSERT_EQUAL(sip_addr_from_host(&a, &h, 1), SIP_EUNSUPP);
	CU_ASSERT_EQUAL(a.family, 0);
}

static void test_eq(void)
{
	struct sip_addr a, b, c, d;
	sip_addr_parse(&a, "192.0.2.1:5060", 14);
	sip_addr_parse(&b, "192.0.2.1:5061", 14);
	sip_addr_parse(&c, "[::ffff:192.0.2.1]:5060", 23);
	sip_addr_parse(&d, "192.0.2.1:5060", 14);
	CU_ASSERT_TRUE(sip_addr_eq(&a, &d));
	CU_ASSERT_FALSE(sip_addr_eq(&a, &b));
	CU_ASSERT_TRUE(sip_addr_eq_ip(&a, &b));
	/* A v4-mapped address is another family: not the same address. */
	CU_ASSERT_FALSE(sip_addr_eq_ip(&a, &c));
}

static void test_transports(void)
{
	CU_ASSERT_STRING_EQUAL(sip_transport_name(SIP_TP_UDP), "UDP");
	CU_ASSERT_STRING_EQUAL(sip_transport_name(SIP_TP_TCP), "TCP");
	CU_ASSERT_STRING_EQUAL(sip_transport_name(SIP_TP_TLS), "TLS");
	CU_ASSERT_STRING_EQUAL(sip_transport_name((enum sip_transport)7), "?");
	CU_ASSERT_EQUAL(sip_transport_lookup(SIP_STR("udp")), SIP_TP_UDP);
	CU_ASSERT_EQUAL(sip_transport_lookup(SIP_STR("Tcp")), SIP_TP_TCP);
	CU_ASSERT_EQUAL(sip_transport_lookup(SIP_STR("TLS")), SIP_TP_TLS);
	CU_ASSERT_EQUAL(sip_transport_lookup(SIP_STR("SCTP")), -1);
	CU_ASSERT_EQUAL(sip_transport_lookup(SIP_STR("")), -1);
	CU_ASSERT_EQUAL(sip_transport_default_port(SIP_TP_UDP), 5060);
	CU_ASSERT_EQUAL(sip_transport_default_port(SIP_TP_TCP), 5060);
	CU_ASSERT_EQUAL(sip_transport_default_port(SIP_TP_TLS), 5061);
	CU_ASSERT_FALSE(sip_transport_reliable(SIP_TP_UDP));
	CU_ASSERT_TRUE(sip_transport_reliable(SIP_TP_TCP));
	CU_ASSERT_TRUE(sip_transport_reliable(SIP_TP_TLS));
}

int main(void)
{
	tu_suite("addr", (CU_TestInfo[]){{"parse and print", test_parse_print},
	                                 {"print with port", test_print_port},
	                                 {"from URI host", test_from_host},
	                                 {"comparisons", test_eq},
	                                 {"transports", test_transports},
	                                 CU_TEST_INFO_NULL});
	return tu_run();
}

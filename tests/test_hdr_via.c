/* Via (RFC 3261 20.42, RFC 3581, RFC 5118 4.5): valid and invalid values,
 * shortcut fields, error offsets, print -> parse -> same. */
#include <string.h>

#include "msg/hdr_impl.h"
#include "testutil.h"

static struct sip_arena ar;
static struct sip_perr err;
static struct sip__pctx ctx;

/* Parses text placed right before an unreadable page. */
static int parse(const char *text, unsigned flags, union sip_hval *v)
{
	size_t n = strlen(text);
	const char *p = tu_guard(text, n);
	sip__pctx_init(&ctx, &ar, p, flags, &err);
	return sip__hdr_parse_via(&ctx, SIP_HDR_VIA, p, p + n, v);
}

/* print(v) parses back (from an unguarded buffer) to the same value. */
static void round_trip(union sip_hval v, unsigned flags)
{
	char buf[1024];
	struct sip_buf b;
	union sip_hval w;
	struct sip_perr e2;
	struct sip__pctx c2;
	sip_buf_init(&b, buf, sizeof(buf));
	sip__hdr_print_via(&b, SIP_HDR_VIA, v);
	CU_ASSERT_FATAL(sip_buf_ok(&b));
	sip__pctx_init(&c2, &ar, buf, flags, &e2);
	CU_ASSERT_EQUAL_FATAL(sip__hdr_parse_via(&c2, SIP_HDR_VIA, buf, buf + b.len, &w), 0);
	CU_ASSERT(sip__hdr_same_via(v, w));
	CU_ASSERT(sip__hdr_same_via(w, v));
}

static int str_is(struct sip_str s, const char *want)
{
	if (!want)
		return s.p == NULL;
	return s.p && sip_str_eq(s, sip_str_make(want, strlen(want)));
}

static void test_valid(void)
{
	static const struct {
		const char *text;
		unsigned flags;
		int count;
		const char *transport, *host;
		enum sip_host_type htype;
		int port; /* -1: none */
		const char *branch, *received, *maddr;
		int ttl;
		long rport;
	} t[] = {
	        {"SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds", 0, 1, "UDP", "192.0.2.1",
	         SIP_HOST_IPV4, 5060, "z9hG4bK776asdhds", NULL, NULL, -1, -1},
	        /* RFC 4475 3.1.1.10 transports */
	        {"SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf", 0, 1, "SCTP",
	         "t2.example.com", SIP_HOST_NAME, -1, "z9hG4bKklasjdhf", NULL, NULL, -1, -1},
	        {"SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en", 0, 1, "UNKNOWN",
	         "t4.example.com", SIP_HOST_NAME, -1, "z9hG4bKasd0f3en", NULL, NULL, -1, -1},
	        /* RFC 4475 3.1.1.1 wsinv: LWS and folding around the slashes */
	        {"SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw", 0, 1, "UDP",
	         "192.0.2.2", SIP_HOST_IPV4, -1, "390skdjuw", NULL, NULL, -1, -1},
	        {"SIP  / 2.0  / TCP     spindle.example.com   ;\r\n  branch  =   z9hG4bK9ikj8  "
	         ",\r\n"
	         " SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n z9hG4bK30239",
	         0, 2, "TCP", "spindle.example.com", SIP_HOST_NAME, -1, "z9hG4bK9ikj8", NULL, NULL,
	         -1, -1},
	        /* RFC 4475 3.3.10 bcast: syntactically fine */
	        {"SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23", 0, 1, "UDP",
	         "255.255.255.255", SIP_HOST_IPV4, -1, "z9hG4bK1saber23", NULL, NULL, -1, -1},
	        /* RFC 4475 3.1.1.2 intmeth: every token character in the branch */
	        {"SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~", 0, 1, "TCP",
	         "host1.example.com", SIP_HOST_NAME, -1, "z9hG4bK-.!%66*_+`'~", NULL, NULL, -1, -1},
	        /* RFC 5118 4.5: received with and without brackets */
	        {"SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111", 0,
	         1, "UDP", "[2001:db8::9:1]", SIP_HOST_IPV6, -1, "z9hG4bKas3-111",
	         "[2001:db8::9:255]", NULL, -1, -1},
	        {"SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3", 0, 1,
	         "UDP", "[2001:db8::9:1]", SIP_HOST_IPV6, -1, "z9hG4bKas3", "2001:db8::9:255", NULL,
	         -1, -1},
	        {"SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111", 0, 1, "UDP",
	         "[2001:db8::9:1]", SIP_HOST_IPV6, 6050, "z9hG4bKas3-111", NULL, NULL, -1, -1},
	        {"SIP/2.0/TCP host129.example.com;branch=z9hG4bKzzxdiwo34sw;received=192.0.2.129",
	         0, 1, "TCP", "host129.example.com", SIP_HOST_NAME, -1, "z9hG4bKzzxdiwo34sw",
	         "192.0.2.129", NULL, -1, -1},
	        /* RFC 3581 rport, RFC 3261 ttl / maddr */
	        {"SIP/2.0/UDP h.example.com;rport;branch=z9hG4bKx", 0, 1, "UDP", "h.example.com",
	         SIP_HOST_NAME, -1, "z9hG4bKx", NULL, NULL, -1, 0},
	        {"SIP/2.0/UDP h.example.com;rport=5061;received=192.0.2.9", 0, 1, "UDP",
	         "h.example.com", SIP_HOST_NAME, -1, NULL, "192.0.2.9", NULL, -1, 5061},
	        {"SIP/2.0/UDP h.example.com : 5062 ;ttl=16;maddr=224.2.0.1;branch=z9hG4bKm", 0, 1,
	         "UDP", "h.example.com", SIP_HOST_NAME, 5062, "z9hG4bKm", NULL, "224.2.0.1", 16,
	         -1},
	        {"SIP/2.0/UDP h;ttl=0;maddr=[::1]", 0, 1, "UDP", "h", SIP_HOST_NAME, -1, NULL, NULL,
	         "[::1]", 0, -1},
	        {"sip/2.0/tls h;ext=\"quoted, ;value\";flag,SIP/2.0/UDP g;ttl=255", 0, 2, "tls",
	         "h", SIP_HOST_NAME, -1, NULL, NULL, NULL, -1, -1},
	        {"SIP/2.0/UDP [2001:db8::1];received=2001:db8:::192.0.2.1", SIP_LENIENT_IPV6_3COLON,
	         1, "UDP", "[2001:db8::1]", SIP_HOST_IPV6, -1, NULL, "2001:db8:::192.0.2.1", NULL,
	         -1, -1},
	};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		union sip_hval v;
		const struct sip_via *x;
		int n = 0;
		sip_arena_init(&ar, 0, 0);
		if (parse(t[i].text, t[i].flags, &v) != 0) {
			fprintf(stderr, "\nvalid row %zu failed: %s at %zu\n", i, err.reason,
			        err.off);
			CU_FAIL("valid Via rejected");
			sip_arena_fini(&ar);
			continue;
		}
		for (x = v.via; x; x = x->next)
			n++;
		CU_ASSERT_EQUAL(n, t[i].count);
		x = v.via;
		CU_ASSERT(sip_str_caseeq_c(x->protocol, "SIP") && str_is(x->version, "2.0"));
		CU_ASSERT(str_is(x->transport, t[i].transport));
		CU_ASSERT(str_is(x->host.text, t[i].host));
		CU_ASSERT_EQUAL(x->host.type, t[i].htype);
		CU_ASSERT_EQUAL(x->has_port, t[i].port >= 0);
		if (t[i].port >= 0)
			CU_ASSERT_EQUAL(x->port, t[i].port);
		CU_ASSERT(str_is(x->branch, t[i].branch));
		CU_ASSERT(str_is(x->received, t[i].received));
		CU_ASSERT(str_is(x->maddr, t[i].maddr));
		CU_ASSERT_EQUAL(x->ttl, t[i].ttl);
		CU_ASSERT_EQUAL(x->rport, t[i].rport);
		round_trip(v, t[i].flags);
		sip_arena_fini(&ar);
	}
}

static void test_second_element(void)
{
	union sip_hval v;
	const char *txt = "SIP/2.0/TCP a.example.com;branch=z9hG4bK1 , SIP/2.0/UDP "
	                  "[2001:db8::1]:5070;rport=1;ttl=3";
	sip_arena_init(&ar, 0, 0);
	CU_ASSERT_EQUAL_FATAL(parse(txt, 0, &v), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v.via->next);
	CU_ASSERT(str_is(v.via->next->transport, "UDP"));
	CU_ASSERT_EQUAL(v.via->next->port, 5070);
	CU_ASSERT_EQUAL(v.via->next->rport, 1);
	CU_ASSERT_EQUAL(v.via->next->ttl, 3);
	CU_ASSERT_EQUAL(v.via->next->host.addr[15], 1);
	CU_ASSERT_PTR_NULL(v.via->next->branch.p);
	CU_ASSERT_PTR_NULL(v.via->next->next);
	sip_arena_fini(&ar);
}

static void test_invalid(void)
{
	static const struct {
		const char *text;
		unsigned flags;
		long off; /* -1: not checked */
	} t[] = {
	        /* RFC 4475 3.1.2.1 badinv01 */
	        {"SIP/2.0/UDP 192.0.2.15;;,;,,", 0, 23},
	        {"", 0, 0},
	        {"SIP/2.0 host", 0, 7},
	        {"SIP/2.0/ host", 0, 13},
	        {"SIP/2.0/UDPhost", 0, 15},
	        {"SIP 2.0/UDP host", 0, 3},
	        {"SIP/2.0/UDP", 0, 11},
	        {"SIP/2.0/UDP host:99999", 0, 17},
	        {"SIP/2.0/UDP host:", 0, 17},
	        {"SIP/2.0/UDP 2001:db8::1", 0, -1},
	        {"SIP/2.0/UDP -bad.example.com", 0, 12},
	        {"SIP/2.0/UDP h;ttl=256", 0, -1},
	        {"SIP/2.0/UDP h;ttl=0256", 0, -1},
	        {"SIP/2.0/UDP h;ttl=x", 0, -1},
	        {"SIP/2.0/UDP h;ttl", 0, -1},
	        {"SIP/2.0/UDP h;received=example.com", 0, 23},
	        {"SIP/2.0/UDP h;received=192.0.2.300", 0, -1},
	        {"SIP/2.0/UDP h;received", 0, -1},
	        {"SIP/2.0/UDP h;received=2001:db8:::192.0.2.1", 0, 23},
	        {"SIP/2.0/UDP h;branch", 0, -1},
	        {"SIP/2.0/UDP h;branch=\"x\"", 0, -1},
	        {"SIP/2.0/UDP h;branch=", 0, 21},
	        {"SIP/2.0/UDP h;rport=x", 0, -1},
	        {"SIP/2.0/UDP h;rport=70000", 0, -1},
	        {"SIP/2.0/UDP h;maddr=-x", 0, -1},
	        {"SIP/2.0/UDP h;maddr=[::1", 0, -1},
	        {"SIP/2.0/UDP h;branch=a,", 0, 23},
	        {"SIP/2.0/UDP h x", 0, 14},
	        {"SIP/2.0/UDP h;a=b c", 0, 18},
	        {"SIP/2.0/UDP h;a=\"open", 0, 16},
	        {"SIP/2.0/UDP [2001:db8::1", 0, 12},
	};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		union sip_hval v;
		int rc;
		sip_arena_init(&ar, 0, 0);
		rc = parse(t[i].text, t[i].flags, &v);
		if (rc != SIP_EPARSE)
			fprintf(stderr, "\ninvalid row %zu accepted\n", i);
		CU_ASSERT_EQUAL(rc, SIP_EPARSE);
		CU_ASSERT_PTR_NOT_NULL(err.reason);
		CU_ASSERT_EQUAL(err.status, 400);
		if (rc == SIP_EPARSE && t[i].off >= 0 && err.off != (size_t)t[i].off)
			fprintf(stderr, "\ninvalid row %zu: off %zu (%s)\n", i, err.off,
			        err.reason);
		if (t[i].off >= 0)
			CU_ASSERT_EQUAL(err.off, (size_t)t[i].off);
		CU_ASSERT(err.off <= strlen(t[i].text));
		sip_arena_fini(&ar);
	}
}

int main(void)
{
	tu_suite("hdr_via", (CU_TestInfo[]){{"valid", test_valid},
	                                    {"second element", test_second_element},
	                                    {"invalid", test_invalid},
	                                    CU_TEST_INFO_NULL});
	return tu_run();
}

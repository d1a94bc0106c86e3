/* Scanner primitives (RFC 3261 25.1): hosts, IPv6, quoted strings, params. */
#include "msg/scan.h"

#include <string.h>

#include "testutil.h"

static int host_of(const char *text, unsigned flags, struct sip_host *h, size_t *used)
{
	struct sip_arena ar;
	struct sip_perr err;
	struct sip__pctx c;
	size_t n = strlen(text);
	const char *p = tu_guard(text, n), *start = p;
	int rc;
	sip_arena_init(&ar, 0, 0);
	sip__pctx_init(&c, &ar, p, flags, &err);
	rc = sip__host(&c, &p, start + n, h);
	*used = (size_t)(p - start);
	sip_arena_fini(&ar);
	return rc;
}

static void test_hosts(void)
{
	static const struct {
		const char *text;
		unsigned flags;
		int rc;
		enum sip_host_type type;
		size_t used;
	} t[] = {
	        {"example.com", 0, 0, SIP_HOST_NAME, 11},
	        {"example.com.", 0, 0, SIP_HOST_NAME, 12},
	        {"host-1.example.com:5060", 0, 0, SIP_HOST_NAME, 18},
	        {"192.0.2.1", 0, 0, SIP_HOST_IPV4, 9},
	        {"192.0.2.256", 0, SIP_EPARSE, SIP_HOST_NONE, 0},
	        {"-bad.example.com", 0, SIP_EPARSE, SIP_HOST_NONE, 0},
	        {"[2001:db8::10]", 0, 0, SIP_HOST_IPV6, 14},
	        {"[2001:db8::10]:5070", 0, 0, SIP_HOST_IPV6, 14},
	        {"[::ffff:192.0.2.1]", 0, 0, SIP_HOST_IPV6, 18},
	        {"[2001:db8:::192.0.2.1]", 0, SIP_EPARSE, SIP_HOST_NONE, 0},
	        {"[2001:db8:::192.0.2.1]", SIP_LENIENT_IPV6_3COLON, 0, SIP_HOST_IPV6, 22},
	        {"[2001:db8::1", 0, SIP_EPARSE, SIP_HOST_NONE, 0},
	        {"[1:2:3:4:5:6:7:8:9]", 0, SIP_EPARSE, SIP_HOST_NONE, 0},
	        {"[1:2:3:4:5:6:7:8]", 0, 0, SIP_HOST_IPV6, 17},
	        {"[::]", 0, 0, SIP_HOST_IPV6, 4},
	        {"", 0, SIP_EPARSE, SIP_HOST_NONE, 0},
	};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct sip_host h;
		size_t used = 0;
		int rc = host_of(t[i].text, t[i].flags, &h, &used);
		CU_ASSERT_EQUAL(rc, t[i].rc);
		if (rc == 0) {
			CU_ASSERT_EQUAL(h.type, t[i].type);
			CU_ASSERT_EQUAL(used, t[i].used);
		}
	}
}

static void test_ipv6_bytes(void)
{
	uint8_t a[16];
	int three;
	const char *s = "2001:db8::9:1";
	static const uint8_t want[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
	                                 0,    0,    0,    0,    0, 9, 0, 1};
	CU_ASSERT_EQUAL(sip__ipv6(s, s + strlen(s), a, &three), 0);
	CU_ASSERT_EQUAL(memcmp(a, want, 16), 0);
	CU_ASSERT_EQUAL(three, 0);
}

static void test_quoted_and_params(void)
{
	struct sip_arena ar;
	struct sip_perr err;
	struct sip__pctx c;
	struct sip_param *prm = 0;
	const char *txt = ";tag=abc ; q=\"x\\\"y\" ;lr;maddr=[::1]";
	const char *p = tu_guard(txt, strlen(txt)), *end = p + strlen(txt);
	sip_arena_init(&ar, 0, 0);
	sip__pctx_init(&c, &ar, p, 0, &err);
	CU_ASSERT_EQUAL(sip__generic_params(&c, &p, end, &prm), 0);
	CU_ASSERT_PTR_EQUAL(p, end);
	CU_ASSERT_PTR_NOT_NULL_FATAL(prm);
	CU_ASSERT(sip_str_caseeq_c(prm->name, "tag") && sip_str_eq(prm->value, SIP_STR("abc")));
	CU_ASSERT(sip_str_eq(prm->next->value, SIP_STR("\"x\\\"y\"")));
	CU_ASSERT_FALSE(prm->next->next->has_value);
	CU_ASSERT(sip_str_eq(prm->next->next->next->value, SIP_STR("[::1]")));
	sip_arena_fini(&ar);

	txt = "\"unterminated";
	p = tu_guard(txt, strlen(txt));
	{
		struct sip_str q;
		sip_arena_init(&ar, 0, 0);
		sip__pctx_init(&c, &ar, p, 0, &err);
		CU_ASSERT_EQUAL(sip__quoted(&c, &p, p + strlen(txt), &q), SIP_EPARSE);
		sip__pctx_init(&c, &ar, p, SIP_LENIENT_UNBALANCED_QUOTE, &err);
		CU_ASSERT_EQUAL(sip__quoted(&c, &p, p + strlen(txt), &q), 0);
		CU_ASSERT_EQUAL(c.lenient_used, SIP_LENIENT_UNBALANCED_QUOTE);
		sip_arena_fini(&ar);
	}
}

static void test_arena_warm(void)
{
	struct sip_counting_alloc ca;
	struct sip_arena ar;
	int round, i;
	unsigned long before = 0;
	sip_counting_alloc_init(&ca, 0);
	sip_arena_init(&ar, &ca.base, 256);
	for (round = 0; round < 4; round++) {
		if (round == 3)
			before = ca.nalloc;
		for (i = 0; i < 40; i++)
			CU_ASSERT_PTR_NOT_NULL(sip_arena_alloc(&ar, 24));
		sip_arena_reset(&ar);
	}
	/* Warm: the fourth round needed no allocation. */
	CU_ASSERT_EQUAL(ca.nalloc, before);
	sip_arena_fini(&ar);
	CU_ASSERT_EQUAL(ca.bytes_live, 0);
}

int main(void)
{
	tu_suite("scan", (CU_TestInfo[]){{"hosts", test_hosts},
	                                 {"ipv6 bytes", test_ipv6_bytes},
	                                 {"quoted and params", test_quoted_and_params},
	                                 {"arena warm", test_arena_warm},
	                                 CU_TEST_INFO_NULL});
	return tu_run();
}

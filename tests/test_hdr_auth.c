/* Typed parsers: WWW-Authenticate, Proxy-Authenticate, Authorization, Proxy-Authorization,
 * Authentication-Info (RFC 3261 20.5, 20.7, 20.27, 20.28, 20.44, 25.1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg/hdr_impl.h"
#include "testutil.h"

#include "hdr_rows.h"

#define WWW   SIP_HDR_WWW_AUTHENTICATE
#define PXA   SIP_HDR_PROXY_AUTHENTICATE
#define AUTHZ SIP_HDR_AUTHORIZATION
#define PXZ   SIP_HDR_PROXY_AUTHORIZATION
#define AINFO SIP_HDR_AUTHENTICATION_INFO
#define E     SIP_EPARSE

/* RFC 3261 22.4 / 24.2 style examples. */
#define CHAL1                                                                         \
	"Digest realm=\"atlanta.com\", domain=\"sip:boxesbybob.com\", qop=\"auth\", " \
	"nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=MD5"
#define CRED1                                                                                  \
	"Digest username=\"bob\", realm=\"biloxi.com\", "                                      \
	"nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"sip:bob@biloxi.com\", qop=auth, " \
	"nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", "    \
	"opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""

static void test_rows(void)
{
	static const struct row t[] = {
	        /* challenge = ("Digest" LWS digest-cln *(COMMA digest-cln)) / other-challenge */
	        {WWW, CHAL1, 0, 0, -1},
	        {WWW, "Digest realm=\"biloxi.com\", qop=\"auth,auth-int\", nonce=\"dcd98b\"", 0, 0,
	         -1},
	        {WWW, "Digest qop=\"auth, auth-int\"", 0, 0, -1},
	        {WWW, "digest realm=\"a\"", 0, 0, -1},
	        {WWW, "Basic realm=\"WallyWorld\"", 0, 0, -1},
	        {WWW, "NewScheme foo=bar, baz=\"q\"", 0, 0, -1},
	        {WWW, "Digest realm=\"a\",\r\n nonce=\"b\"", 0, "Digest realm=\"a\", nonce=\"b\"",
	         -1},
	        {WWW, "Digest\t realm = \"a\" , nonce=\"b\"", 0, "Digest realm=\"a\", nonce=\"b\"",
	         -1},
	        {WWW, "Digest realm=\"a\", stale=true, x-ext=\"y\"", 0, 0, -1},
	        {PXA, CHAL1, 0, 0, -1},
	        {WWW, "Digest", E, 0, 6},
	        {WWW, "Basic", E, 0, 5},
	        {WWW, "", E, 0, 0},
	        {WWW, "Digest realm=a", E, 0, 13},
	        {WWW, "Digest stale=maybe", E, 0, 13},
	        {WWW, "Digest stale=\"true\"", E, 0, 13},
	        {WWW, "Digest qop=auth", E, 0, 11},
	        {WWW, "Digest qop=\"auth,\"", E, 0, 11},
	        {WWW, "Digest realm=\"a\", realm=\"b\"", E, 0, 18},
	        /* 20.44: several challenges are several header lines, not a list */
	        {WWW, "Digest realm=\"a\", Basic realm=\"b\"", E, 0, 23},
	        {WWW, "Digest realm=\"a\",", E, 0, 17},
	        {WWW, "Digest realm=\"a\" nonce=\"b\"", E, 0, 16},
	        {WWW, "Digest realm=", E, 0, 13},
	        {WWW, "Digest =\"a\"", E, 0, 7},
	        {WWW, "\"Digest\" realm=\"a\"", E, 0, 0},
	        {WWW, "Digest realm=\"a", E, 0, 13},
	        /* credentials = ("Digest" LWS digest-response) / other-response */
	        {AUTHZ, CRED1, 0, 0, -1},
	        {PXZ, CRED1, 0, 0, -1},
	        /* RFC 4475 3.3.7 regaut01: an unknown scheme parses */
	        {AUTHZ, "NoOneKnowsThisScheme opaque-data=here", 0, 0, -1},
	        {AUTHZ, "Digest username=\"a\", x-ext=\"anything\", y=tok", 0, 0, -1},
	        {AUTHZ, "Digest username=\"a\", response=\"6629FAE49393A05397450978507C4EF1\"", E,
	         0, 30},
	        {AUTHZ, "Digest response=\"6629fae4\"", E, 0, 16},
	        {AUTHZ, "Digest nc=0000001", E, 0, 10},
	        {AUTHZ, "Digest nc=0000000g", E, 0, 10},
	        {AUTHZ, "Digest qop=\"auth\"", E, 0, 11},
	        {AUTHZ, "Digest uri=sip:bob@biloxi.com", E, 0, -1},
	        {AUTHZ, "Digest username=\"a\", algorithm=\"MD5\"", E, 0, 31},
	        {AUTHZ, "Digest username=bob", E, 0, 16},
	        {AUTHZ, "Digest domain=\"x\", stale=true", 0, 0, -1}, /* plain auth-params here */
	        /* RFC 3261 20.7: Basic is not an auth-param list */
	        {AUTHZ, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", E, 0, 33},
	        /* Authentication-Info = ainfo *(COMMA ainfo) */
	        {AINFO, "nextnonce=\"47364c23432d2e131a5fb210812c\"", 0, 0, -1},
	        {AINFO,
	         "qop=auth, rspauth=\"6629fae49393a05397450978507c4ef1\", cnonce=\"0a4f113b\", "
	         "nc=00000001",
	         0, 0, -1},
	        {AINFO, "rspauth=\"\"", 0, 0, -1},
	        {AINFO, "", E, 0, 0},
	        {AINFO, "foo=\"bar\"", E, 0, 0},
	        {AINFO, "Digest nextnonce=\"a\"", E, 0, 6},
	        {AINFO, "rspauth=\"XYZ\"", E, 0, 8},
	        {AINFO, "nextnonce=\"a\", nextnonce=\"b\"", E, 0, 15},
	};
	run_rows(t, NROWS(t));
}

static int str_is(struct sip_str s, const char *lit)
{
	return s.p && s.len == strlen(lit) && memcmp(s.p, lit, s.len) == 0;
}

static void test_values(void)
{
	struct sip_arena ar;
	union sip_hval v;
	const struct sip_auth *a;
	sip_arena_init(&ar, 0, 0);
	CU_ASSERT_EQUAL_FATAL(parse_ok(WWW, CHAL1, &ar, &v), 0);
	a = v.auth;
	CU_ASSERT(str_is(a->scheme, "Digest"));
	CU_ASSERT(str_is(a->realm, "atlanta.com"));
	CU_ASSERT(str_is(a->domain, "sip:boxesbybob.com"));
	CU_ASSERT(str_is(a->qop, "auth"));
	CU_ASSERT(str_is(a->nonce, "f84f1cec41e6cbe5aea9c8e88d359"));
	CU_ASSERT(str_is(a->opaque, ""));
	CU_ASSERT(str_is(a->stale, "FALSE"));
	CU_ASSERT(str_is(a->algorithm, "MD5"));
	CU_ASSERT_PTR_NULL(a->username.p);
	CU_ASSERT_PTR_NULL(a->response.p);
	CU_ASSERT(str_is(a->params->name, "realm"));
	CU_ASSERT(str_is(a->params->value, "\"atlanta.com\""));

	CU_ASSERT_EQUAL_FATAL(parse_ok(AUTHZ, CRED1, &ar, &v), 0);
	a = v.auth;
	CU_ASSERT(str_is(a->username, "bob"));
	CU_ASSERT(str_is(a->realm, "biloxi.com"));
	CU_ASSERT(str_is(a->uri, "sip:bob@biloxi.com"));
	CU_ASSERT(str_is(a->qop, "auth"));
	CU_ASSERT(str_is(a->nc, "00000001"));
	CU_ASSERT(str_is(a->cnonce, "0a4f113b"));
	CU_ASSERT(str_is(a->response, "6629fae49393a05397450978507c4ef1"));
	CU_ASSERT(str_is(a->opaque, "5ccc069c403ebaf9f0171e9517f40e41"));
	CU_ASSERT_PTR_NULL(a->domain.p);

	CU_ASSERT_EQUAL_FATAL(parse_ok(AUTHZ, "Digest username=\"a\\\"b\"", &ar, &v), 0);
	CU_ASSERT(str_is(v.auth->username, "a\\\"b")); /* quoted-pair kept */

	/* Shortcuts are Digest only. */
	CU_ASSERT_EQUAL_FATAL(parse_ok(AUTHZ, "Other realm=\"x\", nonce=y", &ar, &v), 0);
	a = v.auth;
	CU_ASSERT(str_is(a->scheme, "Other"));
	CU_ASSERT_PTR_NULL(a->realm.p);
	CU_ASSERT_PTR_NULL(a->nonce.p);
	CU_ASSERT(str_is(a->params->next->value, "y"));

	CU_ASSERT_EQUAL_FATAL(
	        parse_ok(AINFO, "nextnonce=\"n1\", rspauth=\"ab\", qop=auth", &ar, &v), 0);
	a = v.auth;
	CU_ASSERT_EQUAL(a->scheme.len, 0);
	CU_ASSERT(str_is(a->nextnonce, "n1"));
	CU_ASSERT(str_is(a->rspauth, "ab"));
	CU_ASSERT(str_is(a->qop, "auth"));
	sip_arena_fini(&ar);
}

static void test_same(void)
{
	static const struct same_row t[] = {
	        {WWW, "DIGEST realm=\"a\"", "Digest REALM=\"a\"", 1},
	        {WWW, "Digest realm=\"a\"", "Digest realm=\"A\"", 0},
	        {WWW, "Digest realm=\"a\", nonce=\"b\"", "Digest nonce=\"b\", realm=\"a\"", 0},
	        {WWW, "Digest realm=\"a\"", "Basic realm=\"a\"", 0},
	        {AUTHZ, "Digest algorithm=MD5", "Digest algorithm=md5", 1},
	        {AINFO, "nextnonce=\"a\"", "nextnonce=\"a\", qop=auth", 0},
	};
	run_same(t, NROWS(t));
}

/* The header value of the first line starting with `name` in a torture
 * message (no folding in the lines used here). */
static const char *torture_value(const char *file, const char *name, char *out, size_t cap)
{
	size_t len = 0, nl = strlen(name);
	char *msg = tu_read_file(tu_src_path(file), &len), *p, *end;
	const char *r = 0;
	if (!msg)
		return 0;
	for (p = msg, end = msg + len; p < end;) {
		char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			break;
		if ((size_t)(eol - p) > nl && memcmp(p, name, nl) == 0) {
			char *v = p + nl, *ve = eol;
			while (*v == ' ')
				v++;
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' '))
				ve--;
			if ((size_t)(ve - v) < cap) {
				memcpy(out, v, (size_t)(ve - v));
				out[ve - v] = 0;
				r = out;
			}
			break;
		}
		p = eol + 1;
	}
	free(msg);
	return r;
}

/* RFC 4475 3.3.7 regaut01: Authorization of an unknown scheme parses. */
static void test_regaut01(void)
{
	char val[256];
	const char *v = torture_value("corpus/torture/rfc4475/regaut01.dat", "Authorization:", val,
	                              sizeof(val));
	struct sip_arena ar;
	union sip_hval h;
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	sip_arena_init(&ar, 0, 0);
	CU_ASSERT_EQUAL_FATAL(parse_ok(AUTHZ, v, &ar, &h), 0);
	CU_ASSERT(str_is(h.auth->scheme, "NoOneKnowsThisScheme"));
	CU_ASSERT(str_is(h.auth->params->name, "opaque-data"));
	CU_ASSERT(str_is(h.auth->params->value, "here"));
	sip_arena_fini(&ar);
}

int main(void)
{
	tu_suite("hdr_auth", (CU_TestInfo[]){
	                             {"rows", test_rows},
	                             {"values", test_values},
	                             {"same", test_same},
	                             {"regaut01", test_regaut01},
	                             CU_TEST_INFO_NULL,
	                     });
	return tu_run();
}

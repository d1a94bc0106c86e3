/* Digest authentication (src/auth/digest.c; RFC 2617 3.2.2, RFC 3261 22.4):
 * request-digest values against RFC 2617 3.5's worked example and vectors
 * computed independently (Python hashlib), the credentials a UAC writes for
 * a challenge, and the server-side check. */
#include <stdio.h>
#include <string.h>

#include "auth/digest.h"
#include "sipref/msg.h"
#include "testutil.h"

struct vec {
	const char *name;
	const char *user, *realm, *pass, *nonce, *cnonce, *nc, *qop, *method, *uri, *alg;
	int rc;
	const char *expect;
};

#define S(x) sip_str_make((x), strlen(x))

static const struct vec vecs[] = {
        /* RFC 2617 3.5 (its published response). */
        {"rfc2617 3.5", "Mufasa", "testrealm@host.com", "Circle Of Life",
         "dcd98b7102dd2f0e8b11d0f600bfb0c093", "0a4f113b", "00000001", "auth", "GET",
         "/dir/index.html", "", 0, "6629fae49393a05397450978507c4ef1"},
        /* The same without qop: RFC 2069 compatibility (3.2.2.1). */
        {"rfc2069 form", "Mufasa", "testrealm@host.com", "Circle Of Life",
         "dcd98b7102dd2f0e8b11d0f600bfb0c093", "", "", "", "GET", "/dir/index.html", "MD5", 0,
         "670fd8c2df070c60b045671b8b24ff02"},
        {"md5-sess", "Mufasa", "testrealm@host.com", "Circle Of Life",
         "dcd98b7102dd2f0e8b11d0f600bfb0c093", "0a4f113b", "00000001", "auth", "GET",
         "/dir/index.html", "MD5-sess", 0, "8e3825c57e897f5a0dec6c2d4e5059d0"},
        /* A quoted-pair in the realm is unescaped before hashing. */
        {"quoted-pair", "bob", "a\\\"b", "pw", "n1", "", "", "", "REGISTER", "sip:example.com", "",
         0, "b8e01c367c7af3d53d0b855324fba416"},
        {"sip invite", "alice", "atlanta.com", "secret", "84a4cc6f3082121f32b42a2187831a9e",
         "c1c2c3c4", "00000001", "auth", "INVITE", "sip:bob@biloxi.com", "md5", 0,
         "82f66086648d1202430bee1fe1fa17dc"},
        {"sha-256 unsupported", "a", "r", "p", "n", "", "", "", "INVITE", "sip:x", "SHA-256",
         SIP_EUNSUPP, NULL},
        {"auth-int unsupported", "a", "r", "p", "n", "c", "00000001", "auth-int", "INVITE", "sip:x",
         "", SIP_EUNSUPP, NULL},
};

static void test_vectors(void)
{
	size_t i;
	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		const struct vec *v = &vecs[i];
		struct sip__digest_in in = {S(v->user),   S(v->realm), S(v->pass), S(v->nonce),
		                            S(v->cnonce), S(v->nc),    S(v->qop),  S(v->method),
		                            S(v->uri),    S(v->alg)};
		char out[33] = "";
		int rc = sip__digest_response(&in, out);
		CU_ASSERT_EQUAL(rc, v->rc);
		if (v->expect && strcmp(out, v->expect) != 0)
			fprintf(stderr, "%s: got %s want %s\n", v->name, out, v->expect);
		if (v->expect)
			CU_ASSERT_STRING_EQUAL(out, v->expect);
	}
}

/* Parses "X: value" (one header) and returns its decoded auth value. */
static const struct sip_auth *auth_of(struct sip_msg *m, const char *line)
{
	static char buf[2048];
	struct sip_hdr *h;
	snprintf(buf, sizeof(buf),
	         "SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
	         "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n"
	         "%s\r\nContent-Length: 0\r\n\r\n",
	         line);
	if (sip_msg_parse(m, buf, strlen(buf), 0, NULL) != 0)
		return NULL;
	h = sip_msg_hdr(m, SIP_HDR_WWW_AUTHENTICATE);
	if (!h)
		h = sip_msg_hdr(m, SIP_HDR_AUTHORIZATION);
	if (!h || sip_hdr_decode(m, h, NULL) != 0)
		return NULL;
	return h->val.auth;
}

/* The UAC answers RFC 2617 3.5's challenge with exactly the RFC's
 * Authorization (same cnonce and nc), which the server check accepts. */
static void test_credentials_rfc2617(void)
{
	struct sip_msg *m = sip_msg_new(NULL), *m2 = sip_msg_new(NULL);
	const struct sip_auth *ch, *cr;
	char out[1024], line[1100];
	struct sip_buf b;
	ch = auth_of(m, "WWW-Authenticate: Digest realm=\"testrealm@host.com\", "
	                "qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
	                "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
	CU_ASSERT_FATAL(ch != NULL);
	sip_buf_init(&b, out, sizeof(out) - 1);
	CU_ASSERT_EQUAL(sip__digest_credentials(&b, ch, S("Mufasa"), S("Circle Of Life"), S("GET"),
	                                        S("/dir/index.html"), S("0a4f113b"), 1),
	                0);
	out[b.len] = 0;
	CU_ASSERT_STRING_EQUAL(out, "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
	                            "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
	                            "uri=\"/dir/index.html\", "
	                            "response=\"6629fae49393a05397450978507c4ef1\", "
	                            "cnonce=\"0a4f113b\", qop=auth, nc=00000001, "
	                            "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
	snprintf(line, sizeof(line), "Authorization: %s", out);
	cr = auth_of(m2, line);
	CU_ASSERT_FATAL(cr != NULL);
	CU_ASSERT_EQUAL(sip__digest_verify(cr, S("Circle Of Life"), S("GET")), 1);
	CU_ASSERT_EQUAL(sip__digest_verify(cr, S("Circle of Life"), S("GET")), 0);
	CU_ASSERT_EQUAL(sip__digest_verify(cr, S("Circle Of Life"), S("POST")), 0);
	sip_msg_free(m);
	sip_msg_free(m2);
}

struct chal {
	const char *line;
	int rc;
	const char *must; /* substring of the credentials */
};

static const struct chal chals[] = {
        /* No qop: RFC 2069 form, no cnonce/nc; the algorithm is echoed. */
        {"WWW-Authenticate: Digest realm=\"r\", nonce=\"n\", algorithm=MD5", 0, "algorithm=MD5"},
        {"WWW-Authenticate: Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"", SIP_EUNSUPP, NULL},
        {"WWW-Authenticate: Digest realm=\"r\", nonce=\"n\", algorithm=AKAv1-MD5", SIP_EUNSUPP,
         NULL},
        {"WWW-Authenticate: Digest nonce=\"n\"", SIP_EINVAL, NULL},
        {"WWW-Authenticate: Basic realm=\"r\"", SIP_EUNSUPP, NULL},
        {"WWW-Authenticate: Digest realm=\"r\", nonce=\"n\", qop=\"auth\", stale=TRUE", 0,
         "qop=auth, nc=00000007"},
};

static void test_challenges(void)
{
	size_t i;
	for (i = 0; i < sizeof(chals) / sizeof(chals[0]); i++) {
		struct sip_msg *m = sip_msg_new(NULL);
		const struct sip_auth *ch = auth_of(m, chals[i].line);
		char out[512];
		struct sip_buf b;
		int rc;
		CU_ASSERT_FATAL(ch != NULL);
		sip_buf_init(&b, out, sizeof(out) - 1);
		rc = sip__digest_credentials(&b, ch, S("u"), S("p"), S("REGISTER"),
		                             S("sip:example.com"), S("cn"), 7);
		CU_ASSERT_EQUAL(rc, chals[i].rc);
		out[b.len < sizeof(out) - 1 ? b.len : sizeof(out) - 1] = 0;
		if (chals[i].must)
			CU_ASSERT_PTR_NOT_NULL(strstr(out, chals[i].must));
		if (!chals[i].rc && !strstr(chals[i].line, "qop"))
			CU_ASSERT_PTR_NULL(strstr(out, "cnonce"));
		sip_msg_free(m);
	}
}

int main(void)
{
	tu_suite("digest", (CU_TestInfo[]){{"vectors", test_vectors},
	                                   {"credentials rfc2617", test_credentials_rfc2617},
	                                   {"challenges", test_challenges},
	                                   CU_TEST_INFO_NULL});
	return tu_run();
}

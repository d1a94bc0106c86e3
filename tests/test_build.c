/* Response building (build.h, RFC 3261 8.2.6, 21) and the ACK of a client
 * INVITE transaction for a 300-699 (RFC 3261 17.1.1.3, txn/ack.h). */
#include <stdio.h>
#include <string.h>

#include "sipref/build.h"
#include "testutil.h"
#include "txn/ack.h"

struct reason {
	unsigned code;
	const char *text;
};

/* RFC 3261 21.1 to 21.6, every code the RFC defines. */
static const struct reason rfc_reasons[] = {
        {100, "Trying"},
        {180, "Ringing"},
        {181, "Call Is Being Forwarded"},
        {182, "Queued"},
        {183, "Session Progress"},
        {200, "OK"},
        {300, "Multiple Choices"},
        {301, "Moved Permanently"},
        {302, "Moved Temporarily"},
        {305, "Use Proxy"},
        {380, "Alternative Service"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {402, "Payment Required"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {406, "Not Acceptable"},
        {407, "Proxy Authentication Required"},
        {408, "Request Timeout"},
        {410, "Gone"},
        {413, "Request Entity Too Large"},
        {414, "Request-URI Too Long"},
        {415, "Unsupported Media Type"},
        {416, "Unsupported URI Scheme"},
        {420, "Bad Extension"},
        {421, "Extension Required"},
        {423, "Interval Too Brief"},
        {480, "Temporarily Unavailable"},
        {481, "Call/Transaction Does Not Exist"},
        {482, "Loop Detected"},
        {483, "Too Many Hops"},
        {484, "Address Incomplete"},
        {485, "Ambiguous"},
        {486, "Busy Here"},
        {487, "Request Terminated"},
        {488, "Not Acceptable Here"},
        {491, "Request Pending"},
        {493, "Undecipherable"},
        {500, "Server Internal Error"},
        {501, "Not Implemented"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
        {504, "Server Time-out"},
        {505, "Version Not Supported"},
        {513, "Message Too Large"},
        {600, "Busy Everywhere"},
        {603, "Decline"},
        {604, "Does Not Exist Anywhere"},
        {606, "Not Acceptable"},
};

static void test_reasons(void)
{
	size_t i;
	for (i = 0; i < sizeof(rfc_reasons) / sizeof(rfc_reasons[0]); i++) {
		CU_ASSERT_STRING_EQUAL(sip_reason_phrase(rfc_reasons[i].code), rfc_reasons[i].text);
	}
	CU_ASSERT_EQUAL(sizeof(rfc_reasons) / sizeof(rfc_reasons[0]), 50);
	CU_ASSERT_STRING_EQUAL(sip_reason_phrase(0), "Unknown");
	CU_ASSERT_STRING_EQUAL(sip_reason_phrase(199), "Unknown");
	CU_ASSERT_STRING_EQUAL(sip_reason_phrase(699), "Unknown");
	CU_ASSERT_STRING_EQUAL(sip_reason_phrase(1000), "Unknown");
}

static struct sip_msg *parse(const char *text)
{
	static struct sip_msg *m[2];
	static int which;
	struct sip_msg *x;
	which ^= 1;
	if (!m[which])
		m[which] = sip_msg_new(NULL);
	x = m[which];
	CU_ASSERT_FATAL(x != NULL);
	CU_ASSERT_EQUAL_FATAL(sip_msg_parse(x, text, strlen(text), 0, NULL), 0);
	return x;
}

/* Builds into a buffer of exactly the size needed, checking the sizing pass
 * agrees with the writing pass. */
static const char *build(struct sip_msg *req, unsigned status, const struct sip_resp_opts *o)
{
	static char out[4096];
	struct sip_buf b;
	size_t need;
	sip_buf_init(&b, NULL, 0);
	need = sip_build_response(&b, req, status, o);
	CU_ASSERT_FATAL(need < sizeof(out));
	sip_buf_init(&b, out, need);
	CU_ASSERT_EQUAL(sip_build_response(&b, req, status, o), need);
	CU_ASSERT_TRUE(sip_buf_ok(&b));
	out[need] = 0;
	return out;
}

static const char invite[] = "INVITE sip:bob@example.com SIP/2.0\r\n"
                             "v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP "
                             "b.example.com;branch=z9hG4bK2\r\n"
                             "Via: SIP/2.0/UDP c.example.com\r\n"
                             "  ;branch=z9hG4bK3\r\n"
                             "Max-Forwards: 70\r\n"
                             "To: Bob <sip:bob@example.com>\r\n"
                             "f: Alice <sip:alice@example.com>;tag=a1\r\n"
                             "Call-ID: c1@example.com\r\n"
                             "CSeq: 1 INVITE\r\n"
                             "Record-Route: <sip:p1.example.com;lr>\r\n"
                             "Record-Route: <sip:p2.example.com;lr>\r\n"
                             "Route: <sip:p0.example.com;lr>\r\n"
                             "Timestamp: 54\r\n"
                             "Contact: <sip:alice@192.0.2.1>\r\n"
                             "Content-Length: 0\r\n"
                             "\r\n";

static void test_response_basic(void)
{
	struct sip_msg *req = parse(invite);
	struct sip_resp_opts o;
	const char *r;
	memset(&o, 0, sizeof(o));
	o.to_tag = SIP_STR("b2");
	r = build(req, 486, &o);
	/* 8.2.6.2: every Via in order (folding undone), From, To plus a tag,
	 * Call-ID, CSeq; no Record-Route unless asked; Content-Length. */
	CU_ASSERT_STRING_EQUAL(r, "SIP/2.0 486 Busy Here\r\n"
	                          "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP "
	                          "b.example.com;branch=z9hG4bK2\r\n"
	                          "Via: SIP/2.0/UDP c.example.com ;branch=z9hG4bK3\r\n"
	                          "From: Alice <sip:alice@example.com>;tag=a1\r\n"
	                          "To: Bob <sip:bob@example.com>;tag=b2\r\n"
	                          "Call-ID: c1@example.com\r\n"
	                          "CSeq: 1 INVITE\r\n"
	                          "Content-Length: 0\r\n"
	                          "\r\n");
	/* The built response parses and has what it claims. */
	req = parse(r);
	CU_ASSERT_EQUAL(req->status, 486);
	CU_ASSERT_EQUAL(sip_msg_hdr_count(req, SIP_HDR_VIA), 2);
	CU_ASSERT_TRUE(sip_str_eq(sip_msg_to(req)->tag, SIP_STR("b2")));
}

static void test_response_options(void)
{
	struct sip_msg *req = parse(invite);
	struct sip_resp_opts o;
	const char *r;
	memset(&o, 0, sizeof(o));
	o.reason = "Fine";
	o.to_tag = SIP_STR("xyz");
	o.copy_record_route = 1;
	o.headers = "Contact: <sip:bob@192.0.2.2>\r\nAllow: INVITE, ACK\r\n";
	o.content_type = SIP_STR("application/sdp");
	o.body = SIP_STR("v=0\r\n");
	r = build(req, 200, &o);
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "SIP/2.0 200 Fine\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "Record-Route: <sip:p1.example.com;lr>\r\n"
	                                 "Record-Route: <sip:p2.example.com;lr>\r\n"));
	CU_ASSERT_PTR_NULL(strstr(r, "Route: <sip:p0"));
	CU_ASSERT_PTR_NULL(strstr(r, "Timestamp"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "Allow: INVITE, ACK\r\n"));
	CU_ASSERT_PTR_NOT_NULL(
	        strstr(r, "Content-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n"));
	/* 8.2.6.1: a 100 copies the Timestamp; no tag asked, none added. */
	memset(&o, 0, sizeof(o));
	r = build(req, 100, &o);
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "SIP/2.0 100 Trying\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "Timestamp: 54\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "To: Bob <sip:bob@example.com>\r\n"));
	/* An impossible status becomes 500 rather than a malformed line. */
	r = build(req, 42, NULL);
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "SIP/2.0 500 Server Internal Error\r\n"));
}

static void test_response_to_tag(void)
{
	static const char tagged[] = "BYE sip:bob@example.com SIP/2.0\r\n"
	                             "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"
	                             "To: <sip:bob@example.com>;TAG=t9\r\n"
	                             "From: <sip:alice@example.com>;tag=a1\r\n"
	                             "Call-ID: c1\r\nCSeq: 2 BYE\r\n\r\n";
	/* A To that does not decode: the tag is looked for by hand. */
	static const char bad_to[] = "BYE sip:bob@example.com SIP/2.0\r\n"
	                             "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"
	                             "To: <sip:bob@exa mple.com>;tag=t9\r\n"
	                             "From: <sip:alice@example.com>;tag=a1\r\n"
	                             "Call-ID: c1\r\nCSeq: 2 BYE\r\n\r\n";
	struct sip_resp_opts o;
	const char *r;
	memset(&o, 0, sizeof(o));
	o.to_tag = SIP_STR("new");
	r = build(parse(tagged), 200, &o);
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "To: <sip:bob@example.com>;TAG=t9\r\n"));
	CU_ASSERT_PTR_NULL(strstr(r, "new"));
	r = build(parse(bad_to), 400, &o);
	CU_ASSERT_PTR_NOT_NULL(strstr(r, "To: <sip:bob@exa mple.com>;tag=t9\r\n"));
	CU_ASSERT_PTR_NULL(strstr(r, "new"));
}

/* Builds the ACK into an exact-size buffer. */
static const char *ack(struct sip_msg *req, struct sip_msg *resp)
{
	static char out[4096];
	struct sip_buf b;
	size_t need;
	sip_buf_init(&b, NULL, 0);
	need = sip__txn_build_ack(&b, req, resp);
	if (!need)
		return NULL;
	CU_ASSERT_FATAL(need < sizeof(out));
	sip_buf_init(&b, out, need);
	CU_ASSERT_EQUAL(sip__txn_build_ack(&b, req, resp), need);
	out[need] = 0;
	return out;
}

static void test_ack(void)
{
	static const char req_text[] =
	        "INVITE sip:bob@192.0.2.2:5070;transport=udp SIP/2.0\r\n"
	        "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKabc;rport, SIP/2.0/UDP "
	        "x.example.com\r\n"
	        "Max-Forwards: 69\r\n"
	        "Route: <sip:p1.example.com;lr>\r\n"
	        "Route: <sip:p2.example.com;lr>,\r\n <sip:p3.example.com;lr>\r\n"
	        "From: \"A\" <sip:alice@example.com>;tag=a1\r\n"
	        "To: <sip:bob@example.com>\r\n"
	        "Call-ID: call-1\r\n"
	        "CSeq: 314 INVITE\r\n"
	        "Contact: <sip:alice@192.0.2.10>\r\n"
	        "Content-Type: application/sdp\r\n"
	        "Content-Length: 4\r\n"
	        "\r\n"
	        "v=0\n";
	static const char resp_text[] =
	        "SIP/2.0 486 Busy Here\r\n"
	        "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKabc;rport=5060\r\n"
	        "From: \"A\" <sip:alice@example.com>;tag=a1\r\n"
	        "To: <sip:bob@example.com>;tag=b7\r\n"
	        "Call-ID: call-1\r\n"
	        "CSeq: 314 INVITE\r\n"
	        "Content-Length: 0\r\n"
	        "\r\n";
	struct sip_msg *req, *resp;
	const char *a;
	req = sip_msg_new(NULL);
	resp = sip_msg_new(NULL);
	CU_ASSERT_EQUAL_FATAL(sip_msg_parse(req, req_text, sizeof(req_text) - 1, 0, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(sip_msg_parse(resp, resp_text, sizeof(resp_text) - 1, 0, NULL), 0);
	a = ack(req, resp);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	/* 17.1.1.3: Request-URI, Call-ID, From of the request; the top Via
	 * only; CSeq number with ACK; the Routes; To of the response. */
	CU_ASSERT_STRING_EQUAL(a, "ACK sip:bob@192.0.2.2:5070;transport=udp SIP/2.0\r\n"
	                          "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKabc;rport\r\n"
	                          "Route: <sip:p1.example.com;lr>\r\n"
	                          "Route: <sip:p2.example.com;lr>, <sip:p3.example.com;lr>\r\n"
	                          "From: \"A\" <sip:alice@example.com>;tag=a1\r\n"
	                          "To: <sip:bob@example.com>;tag=b7\r\n"
	                          "Call-ID: call-1\r\n"
	                          "CSeq: 314 ACK\r\n"
	                          "Max-Forwards: 69\r\n"
	                          "Content-Length: 0\r\n"
	                          "\r\n");
	/* It is a well-formed request. */
	CU_ASSERT_EQUAL(sip_msg_parse(resp, a, strlen(a), SIP_PARSE_STREAM, NULL), 0);
	CU_ASSERT_EQUAL(sip_msg_parse_all(resp, NULL), 0);
	CU_ASSERT_EQUAL(resp->mid, SIP_METHOD_ACK);
	/* Without a To in the response there is no ACK to build. */
	CU_ASSERT_EQUAL_FATAL(
	        sip_msg_parse(resp, "SIP/2.0 486 Busy\r\nCSeq: 314 INVITE\r\n\r\n", 38, 0, NULL),
	        0);
	CU_ASSERT_PTR_NULL(ack(req, resp));
	sip_msg_free(req);
	sip_msg_free(resp);
}

int main(void)
{
	tu_suite("build", (CU_TestInfo[]){{"reason phrases of RFC 3261 21", test_reasons},
	                                  {"response per 8.2.6.2", test_response_basic},
	                                  {"response options", test_response_options},
	                                  {"To tag kept", test_response_to_tag},
	                                  {"ACK for 300-699 (17.1.1.3)", test_ack},
	                                  CU_TEST_INFO_NULL});
	return tu_run();
}

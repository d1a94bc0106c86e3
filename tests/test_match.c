/* sipvet's matchers and field extraction (harness/match*.c): tables of
 * field paths, matchers and captures over parsed messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "match.h"
#include "sipref/error.h"
#include "sipref/msg.h"
#include "template.h"
#include "testutil.h"

static const char req_text[] =
        "INVITE sip:bob@Example.COM:5062;transport=tcp;lr?Subject=hi SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKaaa;rport, SIP/2.0/TCP "
        "proxy.example.com;branch=z9hG4bKbbb\r\n"
        "v: SIP/2.0/UDP [2001:db8::1]:5080;received=192.0.2.9;branch=z9hG4bKccc\r\n"
        "Max-Forwards: 70\r\n"
        "From: \"Alice A\" <sip:alice:pw@example.com>;tag=ft1\r\n"
        "To: <sip:bob@example.com>\r\n"
        "Call-ID: cid-1@host\r\n"
        "CSeq: 42 INVITE\r\n"
        "Contact: <sip:alice@192.0.2.1:5070;transport=udp>;expires=60;+sip.instance=\"x\"\r\n"
        "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
        "Allow: INVITE, ACK, BYE\r\n"
        "X-Odd: one ;  p=1\r\n"
        "X-Odd: two\r\n"
        "Subject: a  \t b\r\n"
        "Content-Type: application/sdp\r\n"
        "Content-Length: 126\r\n"
        "\r\n"
        "v=0\r\n"
        "o=alice 1 1 IN IP4 192.0.2.1\r\n"
        "s=-\r\n"
        "c=IN IP4 192.0.2.1\r\n"
        "t=0 0\r\n"
        "m=audio 49170 RTP/AVP 0\r\n"
        "a=rtpmap:0 PCMU/8000\r\n"
        "a=sendrecv\r\n";

static const char resp_text[] = "SIP/2.0 180 Ringing\r\n"
                                "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKaaa;rport=5070;"
                                "received=192.0.2.1\r\n"
                                "From: \"Alice A\" <sip:alice:pw@example.com>;tag=ft1\r\n"
                                "To: <sip:bob@EXAMPLE.com>;tag=tt9\r\n"
                                "Call-ID: cid-1@host\r\n"
                                "CSeq: 42 INVITE\r\n"
                                "Subject: a b\r\n"
                                "Content-Length: 0\r\n"
                                "\r\n";

/* A case whose step 0 is the request (sent), step 1 the response
 * (expected) with the matchers under test, step 2 a later expect. */
#define HEAD                                                                            \
	"id: t\ntitle: T\nrfc: [1]\nroles: [uas]\ntransports: [udp]\nagents: [alice]\n" \
	"steps:\n"                                                                      \
	"  - name: req\n"                                                               \
	"    send: {bytes: x, verbatim: true}\n"                                        \
	"  - name: resp\n"                                                              \
	"    expect: any\n"

struct fixture {
	struct vet_case *c;
	struct vet_vars v;
	struct sip_msg *req, *resp;
};

static struct sip_msg *parse(const char *text)
{
	struct sip_msg *m = sip_msg_new(NULL);
	struct sip_perr e;
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	if (sip_msg_parse(m, text, strlen(text), 0, &e) != 0) {
		fprintf(stderr, "\nparse: %s at %zu\n", e.reason, e.off);
		CU_FAIL_FATAL("fixture message does not parse");
	}
	return m;
}

static int setup(struct fixture *f, const char *tail)
{
	char y[4096], diag[1024];
	struct vet_diag d = {diag, sizeof diag, 0, 0};

	memset(f, 0, sizeof *f);
	snprintf(y, sizeof y, "%s%s", HEAD, tail);
	diag[0] = 0;
	if (vet_case_load_mem("t.yaml", y, strlen(y), NULL, &f->c, &d)) {
		fprintf(stderr, "\n%s", diag);
		return -1;
	}
	CU_ASSERT_EQUAL_FATAL(vet_vars_init(&f->v, f->c, NULL, 7), 0);
	f->v.iut.host = SIP_STR("192.0.2.5");
	f->v.iut.port = 5060;
	f->v.agents[0].ep.host = SIP_STR("192.0.2.1");
	f->v.agents[0].ep.port = 5070;
	f->req = parse(req_text);
	f->resp = parse(resp_text);
	f->v.seen[0].msg = f->req;
	f->v.seen[0].agent = 0;
	f->v.seen[1].msg = f->resp;
	f->v.seen[1].agent = 0;
	return 0;
}

static void teardown(struct fixture *f)
{
	sip_msg_free(f->req);
	sip_msg_free(f->resp);
	vet_vars_fini(&f->v);
	vet_case_free(f->c);
}

/* ------------------------------------------------------------------ */

static void test_fields(void)
{
	static const struct {
		const char *path;
		int resp;
		const char *want; /* NULL: absent */
	} t[] = {
	        {"method", 0, "INVITE"},
	        {"method", 1, "INVITE"}, /* of a response: the CSeq method */
	        {"status", 1, "180"},
	        {"status", 0, NULL},
	        {"reason", 1, "Ringing"},
	        {"start", 1, "SIP/2.0 180 Ringing"},
	        {"ruri", 0, "sip:bob@Example.COM:5062;transport=tcp;lr?Subject=hi"},
	        {"ruri", 1, NULL},
	        {"ruri.user", 0, "bob"},
	        {"ruri.host", 0, "Example.COM"},
	        {"ruri.port", 0, "5062"},
	        {"ruri.transport", 0, "tcp"},
	        {"ruri.lr", 0, ""},
	        {"ruri.param.maddr", 0, NULL},
	        {"ruri.header.Subject", 0, "hi"},
	        {"ruri.scheme", 0, "sip"},
	        {"Via", 0, "SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKaaa;rport"},
	        {"via", 0, "SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKaaa;rport"},
	        {"Via[2]", 0, "SIP/2.0/TCP proxy.example.com;branch=z9hG4bKbbb"},
	        {"Via[3]", 0,
	         "SIP/2.0/UDP [2001:db8::1]:5080;received=192.0.2.9;branch=z9hG4bKccc"},
	        {"Via[4]", 0, NULL},
	        {"Via.branch", 0, "z9hG4bKaaa"},
	        {"Via.rport", 0, ""},
	        {"Via.received", 0, NULL},
	        {"Via[2].branch", 0, "z9hG4bKbbb"},
	        {"Via[2].port", 0, NULL},
	        {"Via[2].host", 0, "proxy.example.com"},
	        {"Via[2].transport", 0, "TCP"},
	        {"Via[3].host", 0, "[2001:db8::1]"},
	        {"Via[3].sent-by", 0, "[2001:db8::1]:5080"},
	        {"Via[3].received", 0, "192.0.2.9"},
	        {"Via.port", 0, "5070"},
	        {"Via.param.branch", 0, "z9hG4bKaaa"},
	        {"Via.lines", 0,
	         "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKaaa;rport, SIP/2.0/TCP "
	         "proxy.example.com;branch=z9hG4bKbbb\r\n"
	         "v: SIP/2.0/UDP [2001:db8::1]:5080;received=192.0.2.9;branch=z9hG4bKccc"},
	        {"Via.rport", 1, "5070"},
	        {"From", 0, "\"Alice A\" <sip:alice:pw@example.com>;tag=ft1"},
	        {"From.tag", 0, "ft1"},
	        {"From.display", 0, "\"Alice A\""},
	        {"From.uri", 0, "sip:alice:pw@example.com"},
	        {"From.uri.password", 0, "pw"},
	        {"To.tag", 0, NULL},
	        {"To.display", 0, NULL},
	        {"To.tag", 1, "tt9"},
	        {"Call-ID", 0, "cid-1@host"},
	        {"i", 0, "cid-1@host"},
	        {"CSeq", 0, "42 INVITE"},
	        {"CSeq.num", 0, "42"},
	        {"CSeq.method", 0, "INVITE"},
	        {"Max-Forwards.num", 0, "70"},
	        {"Content-Length.num", 0, "126"},
	        {"Contact.expires", 0, "60"},
	        {"Contact.param.+sip.instance", 0, "\"x\""},
	        {"Contact.uri.transport", 0, "udp"},
	        {"Contact.uri.port", 0, "5070"},
	        {"Contact.uri.user", 0, "alice"},
	        {"Record-Route[2].uri", 0, "sip:p2.example.com;lr"},
	        {"Record-Route[2].uri.host", 0, "p2.example.com"},
	        {"Record-Route[3]", 0, NULL},
	        {"Allow[3]", 0, "BYE"},
	        {"X-Odd", 0, "one ;  p=1"},
	        {"x-odd[2]", 0, "two"},
	        {"X-Odd.p", 0, NULL}, /* unknown headers have no parsed parameters */
	        {"X-None", 0, NULL},
	        {"Content-Type.charset", 0, NULL},
	        {"body", 1, ""},
	};
	struct fixture f;

	CU_ASSERT_EQUAL_FATAL(setup(&f, ""), 0);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char y[600], diag[512];
		struct vet_diag d = {diag, sizeof diag, 0, 0};
		struct vet_case *c;
		struct sip_str val;
		int rc;
		snprintf(y, sizeof y, "%s    match: [{field: '%s', present: true}]\n", HEAD,
		         t[i].path);
		diag[0] = 0;
		rc = vet_case_load_mem("t.yaml", y, strlen(y), NULL, &c, &d);
		if (rc)
			fprintf(stderr, "\n%s: %s", t[i].path, diag);
		CU_ASSERT_EQUAL_FATAL(rc, 0);
		rc = vet_field_get(&c->steps[1].expect.match[0].field, t[i].resp ? f.resp : f.req,
		                   &f.v, &val);
		if (!t[i].want) {
			if (rc != 0)
				fprintf(stderr, "\n%s: want absent, got '%.*s'", t[i].path,
				        (int)val.len, val.p);
			CU_ASSERT_EQUAL(rc, 0);
		} else {
			CU_ASSERT_EQUAL(rc, 1);
			if (rc == 1 && !sip_str_eq(val, sip_str_make(t[i].want, strlen(t[i].want))))
				fprintf(stderr, "\n%s: got '%.*s' want '%s'", t[i].path,
				        (int)val.len, val.p, t[i].want);
			CU_ASSERT(rc == 1 &&
			          sip_str_eq(val, sip_str_make(t[i].want, strlen(t[i].want))));
		}
		vet_case_free(c);
	}
	teardown(&f);
}

/* One matcher (YAML flow mapping) against the response (resp=1) or the
 * request; the result, and for a mismatch the exact expected/actual. */
static const struct {
	const char *m;
	int resp;
	int want;
	const char *expected, *actual;
} mt[] = {
        {"{status: 180}", 1, 1, NULL, NULL},
        {"{status: 1xx}", 1, 1, NULL, NULL},
        {"{status: [200, 3xx]}", 1, 0, "a 200 or 3xx response", "a 180 response"},
        {"{status: 200}", 0, 0, "a 200 response", "a INVITE request"},
        {"{method: INVITE}", 0, 1, NULL, NULL},
        {"{method: [BYE, INVITE]}", 0, 1, NULL, NULL},
        {"{method: invite}", 0, 0, "a invite request", "a INVITE request"},
        {"{field: To.tag, present: true}", 1, 1, NULL, NULL},
        {"{field: To.tag, present: true}", 0, 0, "To.tag present", "absent"},
        {"{field: To.tag, absent: true}", 0, 1, NULL, NULL},
        {"{field: To.tag, present: false}", 1, 0, "To.tag absent", "\"tt9\""},
        {"{field: Via, count: 3}", 0, 1, NULL, NULL},
        {"{header: Via, count: 1}", 0, 0, "1 Via value", "3"},
        {"{field: Record-Route, count: 2}", 0, 1, NULL, NULL},
        {"{field: Route, count: 0}", 0, 1, NULL, NULL},
        {"{field: Via.received, equals: '${alice.host}'}", 1, 1, NULL, NULL},
        {"{field: Via.received, equals: '${iut.host}'}", 1, 0,
         "Via.received equal to \"192.0.2.5\"", "\"192.0.2.1\""},
        {"{field: Via.received, equals: '${iut.host}'}", 0, 0,
         "Via.received equal to \"192.0.2.5\"", "absent"},
        {"{field: Call-ID, equals: CID-1@HOST}", 1, 0, NULL, NULL},
        {"{field: Call-ID, equals: CID-1@HOST, nocase: true}", 1, 1, NULL, NULL},
        /* RFC 3261 19.1.4: host parts compare case-insensitively. */
        {"{field: To.uri, equals: 'sip:bob@example.COM'}", 1, 1, NULL, NULL},
        {"{field: To.uri, equals: 'sip:BOB@example.com'}", 1, 0, NULL, NULL},
        {"{field: Allow, regex: '^INV'}", 0, 1, NULL, NULL},
        {"{field: Allow, regex: '^inv'}", 0, 0, "Allow matching /^inv/", "\"INVITE\""},
        {"{field: Allow, regex: '^inv', nocase: true}", 0, 1, NULL, NULL},
        {"{field: Allow, regex: 'x'}", 1, 0, "Allow matching /x/", "absent"},
        {"{field: Call-ID, same_as: req}", 1, 1, NULL, NULL},
        {"{field: From, same_as: req}", 1, 1, NULL, NULL},
        /* RFC 3261 7.3.1: LWS runs compare as one space. */
        {"{field: Subject, same_as: req}", 1, 1, NULL, NULL},
        {"{field: To, same_as: req}", 1, 0,
         "To same as To of step 'req' (\"<sip:bob@example.com>\")",
         "\"<sip:bob@EXAMPLE.com>;tag=tt9\""},
        {"{field: To.uri, same_as: req}", 1, 1, NULL, NULL},
        {"{field: Via.branch, same_as: req.Via.branch}", 1, 1, NULL, NULL},
        {"{field: Via.branch, same_as: 'req.Via[2].branch'}", 1, 0,
         "Via.branch same as Via[2].branch of step 'req' (\"z9hG4bKbbb\")", "\"z9hG4bKaaa\""},
        {"{field: To.tag, same_as: req}", 1, 0, "To.tag same as To.tag of step 'req' (absent)",
         "\"tt9\""},
        {"{field: X-None, same_as: req}", 1, 1, NULL, NULL},
        {"{field: body, empty: true}", 1, 1, NULL, NULL},
        {"{field: body, empty: true}", 0, 0, "an empty body", "126 octets"},
        {"{field: body, sdp: true}", 0, 1, NULL, NULL},
        {"{field: body, sdp: true}", 1, 0, "an SDP body (application/sdp)", "no body"},
        {"{field: body, regex: 'm=audio [0-9]+ RTP/AVP'}", 0, 1, NULL, NULL},
        {"{not: {field: To.tag, present: true}}", 0, 1, NULL, NULL},
        {"{not: {field: To.tag, present: true}}", 1, 0, "not: To.tag", "a 180 response"},
        {"{retransmission_of: req}", 1, 0, "a retransmission of step 'req' (same bytes)",
         "a 180 response"},
        {"{retransmission_of: req, by: transaction}", 0, 1, NULL, NULL},
        {"{any_of: [{note: n1, match: [{status: 200}]}, {note: n2, match: [{status: 180}]}]}", 1, 1,
         NULL, NULL},
        {"{any_of: [{note: n1, match: [{status: 200}]}, {note: n2, match: [{status: 486}]}]}", 1, 0,
         "one of (n1: a 200 response) or (n2: a 486 response)", "a 180 response"},
};

static void test_matchers(void)
{
	for (size_t i = 0; i < sizeof mt / sizeof mt[0]; i++) {
		char tail[600];
		struct fixture f;
		struct vet_mismatch why;
		int r;
		snprintf(tail, sizeof tail, "    match: [%s]\n", mt[i].m);
		if (setup(&f, tail) != 0) {
			CU_FAIL("case does not load");
			continue;
		}
		memset(&why, 0, sizeof why);
		r = vet_match_eval(&f.c->steps[1].expect.match[0], mt[i].resp ? f.resp : f.req,
		                   &f.v, &why);
		if (r != mt[i].want)
			fprintf(stderr, "\n[%zu] %s: got %d (%s / %s)", i, mt[i].m, r, why.expected,
			        why.actual);
		CU_ASSERT_EQUAL(r, mt[i].want);
		if (mt[i].expected) {
			if (strcmp(why.expected, mt[i].expected) ||
			    strcmp(why.actual, mt[i].actual))
				fprintf(stderr, "\n[%zu] expected '%s' actual '%s'", i,
				        why.expected, why.actual);
			CU_ASSERT_STRING_EQUAL(why.expected, mt[i].expected);
			CU_ASSERT_STRING_EQUAL(why.actual, mt[i].actual);
		}
		teardown(&f);
	}
}

/* A mismatch quotes the value it saw, escaping control characters: for
 * every length around the quoting buffer's limit, with escapes (4 bytes
 * each) falling at every position, the text stays inside its buffer and
 * ends with the closing quote (an ASan-found overflow by two bytes). */
static void test_quote_bounds(void)
{
	/* pad plain bytes, then tabs (escaped to 4 bytes): every phase of the
	 * escapes against the buffer's end occurs for some pad. */
	for (size_t pad = 0; pad < 8; pad++) {
		char msg[1024], val[300];
		struct fixture f;
		struct vet_mismatch why;
		struct sip_msg *m;
		size_t k, alen, n = pad + 90;
		for (k = 0; k < n; k++)
			val[k] = k < pad ? 'a' : (k % 7 == 6) ? '"' : '\t';
		val[n] = 0;
		snprintf(msg, sizeof msg,
		         "OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch="
		         "z9hG4bKq\r\nSubject: x%s\r\nContent-Length: 0\r\n\r\n",
		         val);
		if (setup(&f, "    match: [{field: Subject, equals: nothing-like-it}]\n") != 0) {
			CU_FAIL("case does not load");
			return;
		}
		m = parse(msg);
		memset(&why, 0x7e, sizeof why);
		CU_ASSERT_EQUAL(vet_match_eval(&f.c->steps[1].expect.match[0], m, &f.v, &why), 0);
		alen = strnlen(why.actual, sizeof why.actual);
		CU_ASSERT(alen < sizeof why.actual);
		CU_ASSERT(alen > 2 && why.actual[alen - 1] == '"');
		sip_msg_free(m);
		teardown(&f);
	}
}

static void test_expect_eval(void)
{
	struct fixture f;
	struct vet_mismatch why;
	const struct vet_match *alt = NULL;
	static const char tail[] =
	        "    rfc: 8.2.6.2\n"
	        "    match:\n"
	        "      - {field: Call-ID, same_as: req, rfc: '3261 8.2.6.2'}\n"
	        "      - any_of:\n"
	        "          - {note: 'RFC 3261 21.1.2 allows 180', match: [{status: 180}]}\n"
	        "          - {note: other, match: [{status: 183}]}\n"
	        "  - name: later\n"
	        "    expect: 200\n"
	        "    rfc: 13.3.1.4\n";

	CU_ASSERT_EQUAL_FATAL(setup(&f, tail), 0);
	CU_ASSERT_EQUAL(vet_expect_eval(&f.c->steps[1], f.resp, &f.v, &why, &alt), 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(alt);
	CU_ASSERT_STRING_EQUAL(alt->note, "RFC 3261 21.1.2 allows 180");
	/* Wrong kind of message: the step's RFC section. */
	CU_ASSERT_EQUAL(vet_expect_eval(&f.c->steps[2], f.req, &f.v, &why, &alt), 0);
	CU_ASSERT_PTR_NULL(alt);
	CU_ASSERT_PTR_NULL(why.m);
	CU_ASSERT_STRING_EQUAL(why.expected, "a response");
	CU_ASSERT_STRING_EQUAL(why.actual, "a INVITE request");
	CU_ASSERT_STRING_EQUAL(why.rfc, "RFC 3261 13.3.1.4");
	/* A failing matcher with its own RFC section names it. */
	CU_ASSERT_EQUAL(vet_expect_eval(&f.c->steps[1], f.req, &f.v, &why, &alt), 0);
	CU_ASSERT_STRING_EQUAL(why.rfc, "RFC 3261 8.2.6.2");
	CU_ASSERT_EQUAL(vet_expect_eval(&f.c->steps[2], f.resp, &f.v, &why, &alt), 0);
	CU_ASSERT_STRING_EQUAL(why.expected, "a 200 response");
	CU_ASSERT_STRING_EQUAL(why.rfc, "RFC 3261 13.3.1.4");
	teardown(&f);
}

static void test_captures(void)
{
	struct fixture f;
	struct vet_tpl_err err;
	static const char tail[] = "    capture:\n"
	                           "      totag: To.tag\n"
	                           "      host: {field: From.uri, regex: '@([^;>]*)', group: 1}\n"
	                           "      whole: {field: Call-ID, regex: '^cid'}\n"
	                           "  - name: two\n"
	                           "    expect: any\n"
	                           "    capture: {nope: To.tag}\n";

	CU_ASSERT_EQUAL_FATAL(setup(&f, tail), 0);
	CU_ASSERT_EQUAL_FATAL(f.c->ncaptures, 4);
	CU_ASSERT_EQUAL(vet_capture_apply(&f.c->steps[1], f.resp, &f.v, &err), 0);
	CU_ASSERT(sip_str_eq(f.v.captures[0], SIP_STR("tt9")));
	CU_ASSERT(sip_str_eq(f.v.captures[1], SIP_STR("example.com")));
	CU_ASSERT(sip_str_eq(f.v.captures[2], SIP_STR("cid"))); /* group 0: the match */
	CU_ASSERT_PTR_NULL(f.v.captures[3].p);
	CU_ASSERT_EQUAL(vet_capture_apply(&f.c->steps[2], f.req, &f.v, &err), SIP_EPARSE);
	CU_ASSERT_STRING_EQUAL(err.msg, "capture nope: To.tag is absent");
	CU_ASSERT_EQUAL(err.loc.line, 18);
	teardown(&f);
}

static void test_ignore_and_retrans(void)
{
	struct fixture f;
	static const char tail[] = "    ignore: [100, 1xx, OPTIONS, retransmission]\n";
	struct sip_msg *again, *other;
	static const char resp_other[] = "SIP/2.0 180 Ringing\r\n"
	                                 "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bKaaa\r\n"
	                                 "CSeq: 42 INVITE\r\n"
	                                 "Content-Length: 0\r\n"
	                                 "\r\n";

	CU_ASSERT_EQUAL_FATAL(setup(&f, tail), 0);
	again = parse(resp_text);
	other = parse(resp_other);
	{
		const struct vet_ignore *ig = f.c->steps[1].expect.ignore;
		size_t n = f.c->steps[1].expect.nignore;
		CU_ASSERT_EQUAL(n, 4);
		CU_ASSERT_EQUAL(vet_ignore_match(ig, 1, f.resp, 0, &f.v), 0); /* 100 only */
		CU_ASSERT_EQUAL(vet_ignore_match(ig, 2, f.resp, 0, &f.v), 1); /* 1xx */
		CU_ASSERT_EQUAL(vet_ignore_match(ig, 3, f.req, 0, &f.v), 0);
		CU_ASSERT_EQUAL(vet_ignore_match(ig + 3, 1, again, 0, &f.v), 1);
		CU_ASSERT_EQUAL(vet_ignore_match(ig + 3, 1, again, 1, &f.v), 0); /* other agent */
		CU_ASSERT_EQUAL(vet_ignore_match(ig + 3, 1, other, 0, &f.v), 0);
	}
	CU_ASSERT_EQUAL(vet_is_retransmission(f.resp, again, VET_RT_BYTES), 1);
	CU_ASSERT_EQUAL(vet_is_retransmission(f.resp, other, VET_RT_BYTES), 0);
	CU_ASSERT_EQUAL(vet_is_retransmission(f.resp, other, VET_RT_TRANSACTION), 1);
	CU_ASSERT_EQUAL(vet_is_retransmission(f.req, other, VET_RT_TRANSACTION), 0);
	sip_msg_free(again);
	sip_msg_free(other);
	teardown(&f);
}

int main(void)
{
	tu_suite("match", (CU_TestInfo[]){{"fields", test_fields},
	                                  {"matchers", test_matchers},
	                                  {"expect steps", test_expect_eval},
	                                  {"captures", test_captures},
	                                  {"quoting stays in bounds", test_quote_bounds},
	                                  {"ignore and retransmissions", test_ignore_and_retrans},
	                                  CU_TEST_INFO_NULL});
	return tu_run();
}

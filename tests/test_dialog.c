/* Dialogs (src/dialog/dialog.c, RFC 3261 12): creation on the UAS and UAC
 * sides, route sets (in order / reversed), matching, the CSeq rules of
 * 12.2.2, target refresh, and in-dialog request construction with loose and
 * strict routing (12.2.1.1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog/dialog.h"
#include "sipref/error.h"
#include "testutil.h"

static const struct sip_allocator *A;

/* Parses msg written with "\n" line ends (kept in a static pool so slices
 * stay valid for the test). */
static struct sip_msg *parse(const char *msg)
{
	static char pool[8][4096];
	static int next;
	char *buf = pool[next++ % 8];
	size_t i, j = 0;
	struct sip_msg *m = sip_msg_new(NULL);
	for (i = 0; msg[i] && j < 4090; i++) {
		if (msg[i] == '\n')
			buf[j++] = '\r';
		buf[j++] = msg[i];
	}
	CU_ASSERT_FATAL(sip_msg_parse(m, buf, j, 0, NULL) == 0);
	return m;
}

static int eq(struct sip_str s, const char *c)
{
	int ok = s.len == strlen(c) && memcmp(s.p, c, s.len) == 0;
	if (!ok)
		fprintf(stderr, "got '%.*s' want '%s'\n", (int)s.len, s.p ? s.p : "", c);
	return ok;
}

static const char invite[] = "INVITE sip:bob@192.0.2.4 SIP/2.0\n"
                             "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa\n"
                             "Record-Route: <sip:p1.example.com;lr>\n"
                             "Record-Route: <sip:p2.example.com;lr>;x=1\n"
                             "To: Bob <sip:bob@biloxi.com>\n"
                             "From: Alice <sip:alice@atlanta.com>;tag=1928301774\n"
                             "Call-ID: a84b4c76e66710\n"
                             "CSeq: 314159 INVITE\n"
                             "Contact: <sip:alice@pc33.atlanta.com>\n"
                             "Content-Length: 0\n\n";

static void test_uas(void)
{
	struct sip_msg *m = parse(invite);
	struct sip__dialog d;
	struct sip__req_spec s;
	CU_ASSERT_FATAL(sip__dialog_init_uas(&d, A, m, SIP_STR("bobtag"), 1) == 0);
	CU_ASSERT_EQUAL(d.state, SIP_DLG_EARLY);
	CU_ASSERT(eq(sip__ostr_str(&d.call_id), "a84b4c76e66710"));
	CU_ASSERT(eq(sip__ostr_str(&d.local_tag), "bobtag"));
	CU_ASSERT(eq(sip__ostr_str(&d.remote_tag), "1928301774"));
	CU_ASSERT(eq(sip__ostr_str(&d.local_uri), "sip:bob@biloxi.com"));
	CU_ASSERT(eq(sip__ostr_str(&d.remote_uri), "sip:alice@atlanta.com"));
	CU_ASSERT(eq(sip__ostr_str(&d.remote_target), "sip:alice@pc33.atlanta.com"));
	CU_ASSERT_EQUAL(d.remote_seq, 314159);
	CU_ASSERT_EQUAL(d.local_seq, 0);
	/* 12.1.1: the route set is the Record-Route list in order. */
	CU_ASSERT_FATAL(d.nroutes == 2);
	CU_ASSERT(eq(sip__ostr_str(&d.routes[0].uri), "sip:p1.example.com;lr"));
	CU_ASSERT(eq(sip__ostr_str(&d.routes[1].uri), "sip:p2.example.com;lr"));
	CU_ASSERT(eq(sip__ostr_str(&d.routes[1].params), ";x=1"));
	/* 12.2.1.1, loose routing: R-URI is the remote target, Route the set. */
	CU_ASSERT_FATAL(sip__dialog_request(&d, "BYE", 1, 0, &s) == 0);
	CU_ASSERT(eq(s.ruri, "sip:alice@pc33.atlanta.com"));
	CU_ASSERT_EQUAL(s.nroutes, 2);
	CU_ASSERT_PTR_NULL(s.tail_route.p);
	CU_ASSERT(eq(s.next_hop, "sip:p1.example.com;lr"));
	CU_ASSERT(eq(s.to_uri, "sip:alice@atlanta.com"));
	CU_ASSERT(eq(s.to_tag, "1928301774"));
	CU_ASSERT(eq(s.from_uri, "sip:bob@biloxi.com"));
	CU_ASSERT(eq(s.from_tag, "bobtag"));
	CU_ASSERT_EQUAL(s.cseq, 1); /* the UAS picks its first number */
	CU_ASSERT_FATAL(sip__dialog_request(&d, "BYE", 1, 0, &s) == 0);
	CU_ASSERT_EQUAL(s.cseq, 2);
	sip__dialog_fini(&d);
	sip_msg_free(m);
}

static const char ok200[] = "SIP/2.0 200 OK\n"
                            "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa\n"
                            "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\n"
                            "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\n"
                            "From: Alice <sip:alice@atlanta.com>;tag=1928301774\n"
                            "Call-ID: a84b4c76e66710\n"
                            "CSeq: 314159 INVITE\n"
                            "Contact: <sip:bob@192.0.2.4>\n"
                            "Content-Length: 0\n\n";

static void test_uac(void)
{
	struct sip_msg *m = parse(ok200);
	struct sip__dialog d;
	struct sip__req_spec s;
	CU_ASSERT_FATAL(sip__dialog_init_uac(&d, A, m) == 0);
	CU_ASSERT_EQUAL(d.state, SIP_DLG_CONFIRMED);
	CU_ASSERT(eq(sip__ostr_str(&d.local_tag), "1928301774"));
	CU_ASSERT(eq(sip__ostr_str(&d.remote_tag), "a6c85cf"));
	CU_ASSERT(eq(sip__ostr_str(&d.remote_target), "sip:bob@192.0.2.4"));
	CU_ASSERT_EQUAL(d.local_seq, 314159);
	CU_ASSERT_EQUAL(d.remote_seq_set, 0);
	/* 12.1.2: reversed (one header line, two values). */
	CU_ASSERT_FATAL(d.nroutes == 2);
	CU_ASSERT(eq(sip__ostr_str(&d.routes[0].uri), "sip:p2.example.com;lr"));
	CU_ASSERT(eq(sip__ostr_str(&d.routes[1].uri), "sip:p1.example.com;lr"));
	CU_ASSERT_EQUAL(sip__dialog_match_response(&d, m), 1);
	/* 13.2.2.4: the ACK takes the INVITE's number and does not advance. */
	CU_ASSERT_FATAL(sip__dialog_request(&d, "ACK", 0, 314159, &s) == 0);
	CU_ASSERT_EQUAL(s.cseq, 314159);
	CU_ASSERT(eq(s.to_tag, "a6c85cf"));
	CU_ASSERT(eq(s.next_hop, "sip:p2.example.com;lr"));
	CU_ASSERT_FATAL(sip__dialog_request(&d, "BYE", 1, 0, &s) == 0);
	CU_ASSERT_EQUAL(s.cseq, 314160);
	sip__dialog_fini(&d);
	sip_msg_free(m);
}

static void test_strict(void)
{
	/* Reversed, the first route is p1 without lr: a strict router. */
	struct sip_msg *m = parse("SIP/2.0 200 OK\n"
	                          "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa\n"
	                          "Record-Route: <sip:p2.example.com;lr>\n"
	                          "Record-Route: <sip:p1.example.com?X-H=1>\n"
	                          "To: <sip:bob@biloxi.com>;tag=b\n"
	                          "From: <sip:alice@atlanta.com>;tag=a\n"
	                          "Call-ID: strict\nCSeq: 1 INVITE\n"
	                          "Contact: <sip:bob@192.0.2.4>\nContent-Length: 0\n\n");
	struct sip__dialog d;
	struct sip__req_spec s;
	CU_ASSERT_FATAL(sip__dialog_init_uac(&d, A, m) == 0);
	CU_ASSERT_EQUAL(sip__dialog_strict(&d), 1);
	CU_ASSERT_FATAL(sip__dialog_request(&d, "BYE", 1, 0, &s) == 0);
	/* 12.2.1.1: R-URI = first route (headers stripped), Route = the rest,
	 * then the remote target. */
	CU_ASSERT(eq(s.ruri, "sip:p1.example.com"));
	CU_ASSERT_EQUAL(s.nroutes, 1);
	CU_ASSERT(eq(sip__ostr_str(&s.routes[0].uri), "sip:p2.example.com;lr"));
	CU_ASSERT(eq(s.tail_route, "sip:bob@192.0.2.4"));
	CU_ASSERT(eq(s.next_hop, "sip:p1.example.com"));
	sip__dialog_fini(&d);
	sip_msg_free(m);
}

static void test_lr(void)
{
	static const struct {
		const char *uri;
		int lr;
	} rows[] = {
	        {"sip:p.example.com;lr", 1},    {"sip:p.example.com;transport=tcp;lr", 1},
	        {"sip:p.example.com;lr=on", 1}, {"sip:p.example.com;LR", 1},
	        {"sip:p.example.com;lrx", 0},   {"sip:p.example.com", 0},
	        {"sip:u;lr@p.example.com", 0},  {"sip:p.example.com?lr", 0},
	        {"sip:[::1]:5060;lr", 1},
	};
	size_t i;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int got = sip__uri_has_lr(sip_str_make(rows[i].uri, strlen(rows[i].uri)));
		if (got != rows[i].lr)
			fprintf(stderr, "lr(%s) = %d\n", rows[i].uri, got);
		CU_ASSERT_EQUAL(got, rows[i].lr);
	}
}

static void test_match_and_cseq(void)
{
	struct sip_msg *inv = parse(invite);
	struct sip_msg *bye, *bye_low, *bye_eq, *other;
	struct sip__dialog d;
	CU_ASSERT_FATAL(sip__dialog_init_uas(&d, A, inv, SIP_STR("bobtag"), 0) == 0);
	bye = parse("BYE sip:bob@192.0.2.4 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKb\n"
	            "To: <sip:bob@biloxi.com>;tag=bobtag\nFrom: "
	            "<sip:alice@atlanta.com>;tag=1928301774\n"
	            "Call-ID: a84b4c76e66710\nCSeq: 314160 BYE\nContent-Length: 0\n\n");
	bye_low =
	        parse("BYE sip:bob@192.0.2.4 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKc\n"
	              "To: <sip:bob@biloxi.com>;tag=bobtag\n"
	              "From: <sip:alice@atlanta.com>;tag=1928301774\n"
	              "Call-ID: a84b4c76e66710\nCSeq: 314158 BYE\nContent-Length: 0\n\n");
	bye_eq = parse(
	        "OPTIONS sip:bob@192.0.2.4 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKd\n"
	        "To: <sip:bob@biloxi.com>;tag=bobtag\n"
	        "From: <sip:alice@atlanta.com>;tag=1928301774\n"
	        "Call-ID: a84b4c76e66710\nCSeq: 314160 OPTIONS\nContent-Length: 0\n\n");
	other = parse("BYE sip:bob@192.0.2.4 SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKe\n"
	              "To: <sip:bob@biloxi.com>;tag=someoneelse\n"
	              "From: <sip:alice@atlanta.com>;tag=1928301774\n"
	              "Call-ID: a84b4c76e66710\nCSeq: 314161 BYE\nContent-Length: 0\n\n");
	CU_ASSERT_EQUAL(sip__dialog_match_request(&d, bye), 1);
	CU_ASSERT_EQUAL(sip__dialog_match_request(&d, other), 0);
	/* Our own request's response matches only with the tags reversed. */
	CU_ASSERT_EQUAL(sip__dialog_match_response(&d, bye), 0);
	/* 12.2.2: in order, equal (not lower), then lower: 500. */
	CU_ASSERT_EQUAL(sip__dialog_check_cseq(&d, bye), 0);
	CU_ASSERT_EQUAL(d.remote_seq, 314160);
	CU_ASSERT_EQUAL(sip__dialog_check_cseq(&d, bye_eq), 0);
	CU_ASSERT_EQUAL(sip__dialog_check_cseq(&d, bye_low), 500);
	CU_ASSERT_EQUAL(d.remote_seq, 314160);
	sip__dialog_fini(&d);
	sip_msg_free(inv);
	sip_msg_free(bye);
	sip_msg_free(bye_low);
	sip_msg_free(bye_eq);
	sip_msg_free(other);
}

static void test_refresh_confirm(void)
{
	struct sip_msg *r180 = parse("SIP/2.0 180 Ringing\n"
	                             "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa\n"
	                             "Record-Route: <sip:p1.example.com;lr>\n"
	                             "To: <sip:bob@biloxi.com>;tag=t1\n"
	                             "From: <sip:alice@atlanta.com>;tag=a\n"
	                             "Call-ID: early\nCSeq: 7 INVITE\nContent-Length: 0\n\n");
	struct sip_msg *r200 =
	        parse("SIP/2.0 200 OK\n"
	              "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa\n"
	              "Record-Route: <sip:p1.example.com;lr>, <sip:p0.example.com;lr>\n"
	              "To: <sip:bob@biloxi.com>;tag=t1\n"
	              "From: <sip:alice@atlanta.com>;tag=a\n"
	              "Call-ID: early\nCSeq: 7 INVITE\n"
	              "Contact: <sip:bob@192.0.2.9:5062>\nContent-Length: 0\n\n");
	struct sip__dialog d;
	struct sip__req_spec s;
	/* 12.1.2: a 18x without Contact makes an early dialog nobody can send
	 * a request in yet. */
	CU_ASSERT_FATAL(sip__dialog_init_uac(&d, A, r180) == 0);
	CU_ASSERT_EQUAL(d.state, SIP_DLG_EARLY);
	CU_ASSERT_EQUAL(sip__dialog_request(&d, "BYE", 0, 7, &s), SIP_EINVAL);
	CU_ASSERT_EQUAL(sip__dialog_match_response(&d, r200), 1);
	/* 13.2.2.4: the 2xx recomputes the route set (and the target). */
	CU_ASSERT_FATAL(sip__dialog_confirm_uac(&d, r200) == 0);
	CU_ASSERT_EQUAL(d.state, SIP_DLG_CONFIRMED);
	CU_ASSERT_EQUAL(d.nroutes, 2);
	CU_ASSERT(eq(sip__ostr_str(&d.routes[0].uri), "sip:p0.example.com;lr"));
	CU_ASSERT(eq(sip__ostr_str(&d.remote_target), "sip:bob@192.0.2.9:5062"));
	CU_ASSERT_EQUAL(d.local_seq, 7);
	sip__dialog_fini(&d);
	sip_msg_free(r180);
	sip_msg_free(r200);
}

static void test_refusals(void)
{
	struct sip__dialog d;
	struct sip_msg *notag = parse("SIP/2.0 200 OK\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\n"
	                              "To: <sip:b@h>\nFrom: <sip:a@h>;tag=a\nCall-ID: x\n"
	                              "CSeq: 1 INVITE\nContact: <sip:b@h>\nContent-Length: 0\n\n");
	struct sip_msg *nocontact = parse("SIP/2.0 200 OK\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\n"
	                                  "To: <sip:b@h>;tag=b\nFrom: <sip:a@h>;tag=a\nCall-ID: x\n"
	                                  "CSeq: 1 INVITE\nContent-Length: 0\n\n");
	/* RFC 2543 style: no From tag, no Contact. */
	struct sip_msg *old = parse("INVITE sip:b@h SIP/2.0\nVia: SIP/2.0/UDP h\n"
	                            "To: <sip:b@h>\nFrom: <sip:a@h>\nCall-ID: x\n"
	                            "CSeq: 1 INVITE\nContent-Length: 0\n\n");
	struct sip_msg *oldbye = parse("BYE sip:b@h SIP/2.0\nVia: SIP/2.0/UDP h\n"
	                               "To: <sip:b@h>;tag=mine\nFrom: <sip:a@h>\nCall-ID: x\n"
	                               "CSeq: 2 BYE\nContent-Length: 0\n\n");
	CU_ASSERT_EQUAL(sip__dialog_init_uac(&d, A, notag), SIP_EPARSE);
	CU_ASSERT_EQUAL(sip__dialog_init_uac(&d, A, nocontact), SIP_EPARSE);
	CU_ASSERT_FATAL(sip__dialog_init_uas(&d, A, old, SIP_STR("mine"), 0) == 0);
	CU_ASSERT(eq(sip__ostr_str(&d.remote_target), "sip:a@h"));
	CU_ASSERT_EQUAL(d.remote_tag.len, 0);
	CU_ASSERT_EQUAL(sip__dialog_match_request(&d, oldbye), 1);
	sip__dialog_fini(&d);
	sip_msg_free(notag);
	sip_msg_free(nocontact);
	sip_msg_free(old);
	sip_msg_free(oldbye);
}

/* Every allocation of a dialog fails in turn: no leak, no crash. */
static void test_alloc_failure(void)
{
	struct sip_msg *m = parse(invite);
	unsigned long n;
	for (n = 1; n < 40; n++) {
		struct sip_counting_alloc ca;
		struct sip__dialog d;
		int rc;
		sip_counting_alloc_init(&ca, NULL);
		ca.fail_at = n;
		rc = sip__dialog_init_uas(&d, &ca.base, m, SIP_STR("t"), 1);
		CU_ASSERT(rc == 0 || rc == SIP_ENOMEM);
		if (rc == 0)
			sip__dialog_fini(&d);
		CU_ASSERT_EQUAL(ca.bytes_live, 0);
		if (rc == 0 && ca.nalloc < n)
			break;
	}
	sip_msg_free(m);
}

int main(void)
{
	A = sip_allocator_default();
	tu_suite("dialog", (CU_TestInfo[]){{"uas", test_uas},
	                                   {"uac", test_uac},
	                                   {"strict routing", test_strict},
	                                   {"lr", test_lr},
	                                   {"match and cseq", test_match_and_cseq},
	                                   {"early then confirmed", test_refresh_confirm},
	                                   {"refusals", test_refusals},
	                                   {"allocation failure", test_alloc_failure},
	                                   CU_TEST_INFO_NULL});
	return tu_run();
}

/* The UA core as UAS (RFC 3261 8.2, 9.2, 11, 12, 13.3, 14.2, 15.1.2) driven
 * through the whole stack under a virtual clock: a peer at 127.0.0.1:5070
 * sends hand-written requests, the test reads what the stack transmits and
 * when, and the events it reports. */
#include "ua_harness.h"

static const char sdp[] = "v=0\n"
                          "o=peer 1 1 IN IP4 127.0.0.1\n"
                          "s=-\n"
                          "c=IN IP4 127.0.0.1\n"
                          "t=0 0\n"
                          "m=audio 4000 RTP/AVP 0 8 96\n"
                          "a=rtpmap:96 opus/48000/2\n";

static void invite(const char *branch, const char *callid, unsigned cseq, const char *extra)
{
	h_send("INVITE sip:sipref@127.0.0.1 SIP/2.0\n"
	       "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=%s\n"
	       "Max-Forwards: 70\n"
	       "To: <sip:sipref@127.0.0.1>\n"
	       "From: \"Peer\" <sip:peer@127.0.0.1>;tag=ptag\n"
	       "Call-ID: %s\n"
	       "CSeq: %u INVITE\n"
	       "Contact: <sip:peer@127.0.0.1:5070>\n"
	       "%s"
	       "Content-Type: application/sdp\n"
	       "Content-Length: #\n\n%s",
	       branch, callid, cseq, extra ? extra : "", sdp);
}

/* A request in the dialog (To carries our tag). */
static void indialog(const char *method, const char *branch, const char *callid, unsigned cseq,
                     const char *totag, const char *body)
{
	h_send("%s sip:sipref@127.0.0.1:5060 SIP/2.0\n"
	       "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=%s\n"
	       "Max-Forwards: 70\n"
	       "To: <sip:sipref@127.0.0.1>;tag=%s\n"
	       "From: \"Peer\" <sip:peer@127.0.0.1>;tag=ptag\n"
	       "Call-ID: %s\n"
	       "CSeq: %u %s\n"
	       "Contact: <sip:peer@127.0.0.1:5070>\n"
	       "%s"
	       "Content-Length: #\n\n%s",
	       method, branch, totag, callid, cseq, method,
	       body ? "Content-Type: application/sdp\n" : "", body ? body : "");
}

static char tag[128];

/* INVITE, 180, 200 and ACK: an established call; tag = our To tag. */
static void establish(const char *callid, const char *rr)
{
	long ok;
	invite("z9hG4bKinv1", callid, 1, rr);
	ok = h_find(0, "INVITE", 200);
	CU_ASSERT_FATAL(ok >= 0);
	snprintf(tag, sizeof(tag), "%s", h_totag((size_t)ok));
	indialog("ACK", "z9hG4bKack1", callid, 1, tag, NULL);
	CU_ASSERT(h_event(SIP_EV_ANSWERED) >= 0);
}

static void test_options(void)
{
	h_start(NULL);
	h_send("OPTIONS sip:sipref@127.0.0.1 SIP/2.0\n"
	       "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKopt1\n"
	       "Max-Forwards: 70\n"
	       "To: <sip:sipref@127.0.0.1>\n"
	       "From: <sip:peer@127.0.0.1>;tag=p1\n"
	       "Call-ID: opt1\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n");
	CU_ASSERT_FATAL(H.nout == 1);
	CU_ASSERT_EQUAL(h_status(0), 200);
	/* 11.2 */
	CU_ASSERT_STRING_EQUAL(h_hdr(0, "Allow"), "INVITE, ACK, CANCEL, BYE, OPTIONS");
	CU_ASSERT_STRING_EQUAL(h_hdr(0, "Accept"), "application/sdp");
	CU_ASSERT_PTR_NOT_NULL(h_hdr(0, "Supported"));
	/* 8.2.6.2 */
	CU_ASSERT(strlen(h_totag(0)) > 0);
	CU_ASSERT_EQUAL(H.out[0].remote.port, 5070);
	CU_ASSERT(h_event(SIP_EV_REQUEST_RECEIVED) >= 0);
	h_stop();
}

/* 13.3.1.4: the 2xx goes out again at T1, 3*T1, 7*T1 ... (interval capped
 * at T2) until an ACK comes; none comes, so after 64*T1 a BYE ends it. */
static void test_2xx_until_bye(void)
{
	static const uint64_t want[] = {0,     500,   1500,  3500,  7500, 11500,
	                                15500, 19500, 23500, 27500, 31500};
	size_t i, n = 0;
	long bye, r180, r200;
	h_start(NULL);
	invite("z9hG4bKinv1", "noack", 1, "Record-Route: <sip:127.0.0.1:5070;lr>\n");
	r180 = h_find(0, "INVITE", 180);
	r200 = h_find(0, "INVITE", 200);
	CU_ASSERT_FATAL(r180 == 0 && r200 == 1);
	/* 12.1.1: both create the dialog: same tag, Contact, Record-Route. */
	CU_ASSERT_STRING_EQUAL(h_totag(0), h_totag(1));
	CU_ASSERT_PTR_NOT_NULL(h_hdr(0, "Contact"));
	CU_ASSERT_STRING_EQUAL(h_hdr(1, "Record-Route"), "<sip:127.0.0.1:5070;lr>");
	/* RFC 3264: an answer with our port for the audio stream, PCMU/PCMA
	 * kept, opus dropped. */
	CU_ASSERT(h_has(1, "m=audio "));
	CU_ASSERT(!h_has(1, "m=audio 0 "));
	CU_ASSERT(h_has(1, "RTP/AVP 0 8\r\n"));
	CU_ASSERT(!h_has(1, "opus"));
	CU_ASSERT_STRING_EQUAL(h_hdr(1, "Content-Type"), "application/sdp");
	h_run_to(40000);
	for (i = 0; i < H.nout; i++) {
		if (!h_is(i, "INVITE", 200))
			continue;
		if (n < sizeof(want) / sizeof(want[0]))
			CU_ASSERT_EQUAL(H.out[i].at, want[n]);
		n++;
	}
	CU_ASSERT_EQUAL(n, sizeof(want) / sizeof(want[0]));
	bye = h_find(0, "BYE", 0);
	CU_ASSERT_FATAL(bye >= 0);
	CU_ASSERT_EQUAL(H.out[bye].at, 32000);
	/* 12.2.1.1: to the remote target through the route set. */
	CU_ASSERT_STRING_EQUAL(h_ruri((size_t)bye), "sip:peer@127.0.0.1:5070");
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)bye, "Route"), "<sip:127.0.0.1:5070;lr>");
	CU_ASSERT_STRING_EQUAL(h_totag((size_t)bye), "ptag");
	CU_ASSERT_EQUAL(h_cseq((size_t)bye), 1);
	CU_ASSERT(h_event(SIP_EV_INCOMING_CALL) >= 0);
	CU_ASSERT(h_event(SIP_EV_CALL_ENDED) >= 0);
	CU_ASSERT(h_event(SIP_EV_ANSWERED) < 0);
	CU_ASSERT_EQUAL(sip_ua_call_count(H.st), 0);
	h_stop();
}

static void test_ack_stops(void)
{
	long ev;
	h_start(NULL);
	invite("z9hG4bKinv1", "acked", 1, NULL);
	snprintf(tag, sizeof(tag), "%s", h_totag(1));
	h_run_to(700);
	indialog("ACK", "z9hG4bKack1", "acked", 1, tag, NULL);
	h_run_to(64000);
	/* The 200 at 0 and its retransmission at 500; nothing after the ACK. */
	CU_ASSERT_EQUAL(h_count("INVITE", 200), 2);
	CU_ASSERT_EQUAL(h_find(0, "BYE", 0), -1);
	ev = h_event(SIP_EV_ANSWERED);
	CU_ASSERT_FATAL(ev >= 0);
	CU_ASSERT_EQUAL(H.ev[ev].call, 1);
	CU_ASSERT_EQUAL(sip_ua_call_count(H.st), 1);
	/* 15.1.2: BYE from the peer: 200, call over. */
	h_clear();
	indialog("BYE", "z9hG4bKbye1", "acked", 2, tag, NULL);
	CU_ASSERT_EQUAL(h_find(0, "BYE", 200), 0);
	CU_ASSERT(h_event(SIP_EV_CALL_ENDED) >= 0);
	CU_ASSERT_EQUAL(sip_ua_call_count(H.st), 0);
	h_stop();
}

static void test_answer_delay(void)
{
	struct sip_ua_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.answer_delay_ms = 1000;
	h_start(&cfg);
	invite("z9hG4bKinv1", "delay", 1, NULL);
	CU_ASSERT_EQUAL(h_find(0, "INVITE", 180), 0);
	CU_ASSERT_EQUAL(h_find(0, "INVITE", 200), -1);
	h_run_to(999);
	CU_ASSERT_EQUAL(h_find(0, "INVITE", 200), -1);
	h_run_to(1000);
	CU_ASSERT_FATAL(h_find(0, "INVITE", 200) >= 0);
	CU_ASSERT_EQUAL(H.out[h_find(0, "INVITE", 200)].at, 1000);
	h_stop();
}

/* 9.2: CANCEL of a ringing call: 200 to the CANCEL (the INVITE's To tag),
 * 487 to the INVITE; the ACK for the 487 ends its retransmission. */
static void test_cancel(void)
{
	struct sip_ua_config cfg;
	long c200, r487, ev;
	memset(&cfg, 0, sizeof(cfg));
	cfg.answer = SIP_UA_ANSWER_RING;
	h_start(&cfg);
	invite("z9hG4bKinv1", "cancel", 1, NULL);
	CU_ASSERT_FATAL(h_find(0, "INVITE", 180) == 0);
	snprintf(tag, sizeof(tag), "%s", h_totag(0));
	h_run_to(100);
	h_send("CANCEL sip:sipref@127.0.0.1 SIP/2.0\n"
	       "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKinv1\n"
	       "Max-Forwards: 70\n"
	       "To: <sip:sipref@127.0.0.1>\n"
	       "From: \"Peer\" <sip:peer@127.0.0.1>;tag=ptag\n"
	       "Call-ID: cancel\nCSeq: 1 CANCEL\nContent-Length: 0\n\n");
	c200 = h_find(0, "CANCEL", 200);
	r487 = h_find(0, "INVITE", 487);
	CU_ASSERT_FATAL(c200 >= 0 && r487 >= 0);
	CU_ASSERT_STRING_EQUAL(h_totag((size_t)c200), tag);
	CU_ASSERT_STRING_EQUAL(h_totag((size_t)r487), tag);
	ev = h_event(SIP_EV_CANCELLED);
	CU_ASSERT_FATAL(ev >= 0);
	CU_ASSERT_EQUAL(H.ev[ev].status, 487);
	h_run_to(200);
	h_send("ACK sip:sipref@127.0.0.1 SIP/2.0\n"
	       "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKinv1\n"
	       "Max-Forwards: 70\n"
	       "To: <sip:sipref@127.0.0.1>;tag=%s\n"
	       "From: \"Peer\" <sip:peer@127.0.0.1>;tag=ptag\n"
	       "Call-ID: cancel\nCSeq: 1 ACK\nContent-Length: 0\n\n",
	       tag);
	h_run_to(64000);
	CU_ASSERT_EQUAL(h_count("INVITE", 487), 1);
	CU_ASSERT_EQUAL(h_count("INVITE", 200), 0);
	CU_ASSERT_EQUAL(sip_ua_call_count(H.st), 0);
	/* A CANCEL that matches nothing: 481. */
	h_clear();
	h_send("CANCEL sip:sipref@127.0.0.1 SIP/2.0\n"
	       "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKnothing\n"
	       "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>\n"
	       "From: <sip:peer@127.0.0.1>;tag=x\n"
	       "Call-ID: none\nCSeq: 1 CANCEL\nContent-Length: 0\n\n");
	CU_ASSERT_EQUAL(h_find(0, "CANCEL", 481), 0);
	h_stop();
}

static void test_reject(void)
{
	struct sip_ua_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.answer = SIP_UA_ANSWER_REJECT;
	cfg.reject_status = 603;
	h_start(&cfg);
	invite("z9hG4bKinv1", "reject", 1, NULL);
	CU_ASSERT_FATAL(H.nout == 1);
	CU_ASSERT_EQUAL(h_status(0), 603);
	CU_ASSERT(strlen(h_totag(0)) > 0);
	CU_ASSERT(h_event(SIP_EV_CALL_ENDED) >= 0);
	h_stop();
}

/* 13.3.1 step 1: Expires elapsed without a final response: 487. */
static void test_expires(void)
{
	struct sip_ua_config cfg;
	long r;
	memset(&cfg, 0, sizeof(cfg));
	cfg.answer = SIP_UA_ANSWER_RING;
	h_start(&cfg);
	invite("z9hG4bKinv1", "expires", 1, "Expires: 2\n");
	h_run_to(1999);
	CU_ASSERT_EQUAL(h_find(0, "INVITE", 487), -1);
	h_run_to(2000);
	r = h_find(0, "INVITE", 487);
	CU_ASSERT_FATAL(r >= 0);
	CU_ASSERT_EQUAL(H.out[r].at, 2000);
	h_stop();
}

static uint64_t sdp_version(size_t i)
{
	const char *o = strstr(H.out[i].buf, "o=sipref ");
	unsigned long long id = 0, ver = 0;
	if (!o || sscanf(o, "o=sipref %llu %llu", &id, &ver) != 2)
		return 0;
	return ver;
}

/* 14.2: a re-INVITE in an established call: 2xx with a new answer, the
 * version of our SDP one higher; the ACK stops the retransmissions. */
static void test_reinvite(void)
{
	uint64_t v1, v2;
	long r;
	h_start(NULL);
	establish("reinv", NULL);
	v1 = sdp_version((size_t)h_find(0, "INVITE", 200));
	h_clear();
	indialog("INVITE", "z9hG4bKre1", "reinv", 2, tag, sdp);
	r = h_find(0, "INVITE", 200);
	CU_ASSERT_FATAL(r >= 0);
	CU_ASSERT_EQUAL(h_cseq((size_t)r), 2);
	v2 = sdp_version((size_t)r);
	CU_ASSERT_EQUAL(v2, v1 + 1);
	CU_ASSERT_STRING_EQUAL(h_totag((size_t)r), tag);
	indialog("ACK", "z9hG4bKack2", "reinv", 2, tag, NULL);
	h_run_to(40000);
	CU_ASSERT_EQUAL(h_count("INVITE", 200), 1);
	CU_ASSERT_EQUAL(h_find(0, "BYE", 0), -1);
	/* 12.2.2: a request with a lower CSeq is out of order: 500. */
	h_clear();
	indialog("OPTIONS", "z9hG4bKlow", "reinv", 1, tag, NULL);
	CU_ASSERT_EQUAL(h_find(0, "OPTIONS", 500), 0);
	h_stop();
}

/* 14.2: a second INVITE while the first is not finished: 500 with a
 * Retry-After of 0 to 10 s. */
static void test_overlap(void)
{
	struct sip_ua_config cfg;
	const char *ra;
	long r;
	memset(&cfg, 0, sizeof(cfg));
	cfg.answer = SIP_UA_ANSWER_RING;
	h_start(&cfg);
	invite("z9hG4bKinv1", "overlap", 1, NULL);
	snprintf(tag, sizeof(tag), "%s", h_totag(0));
	indialog("INVITE", "z9hG4bKre1", "overlap", 2, tag, sdp);
	r = h_find(0, "INVITE", 500);
	CU_ASSERT_FATAL(r >= 0);
	CU_ASSERT_EQUAL(h_cseq((size_t)r), 2);
	ra = h_hdr((size_t)r, "Retry-After");
	CU_ASSERT_FATAL(ra != NULL);
	CU_ASSERT(atoi(ra) >= 0 && atoi(ra) <= 10);
	h_stop();
}

/* 14.2: our re-INVITE is pending when the peer's arrives: 491. */
static void test_glare(void)
{
	long ours, r;
	h_start(NULL);
	establish("glare", NULL);
	h_clear();
	CU_ASSERT_EQUAL(sip_ua_reinvite(H.st, 1, H.now), 0);
	h_drain();
	ours = h_find(0, "INVITE", 0);
	CU_ASSERT_FATAL(ours >= 0);
	/* 12.2.1.1: in the dialog, the UAS's first own CSeq. */
	CU_ASSERT_STRING_EQUAL(h_totag((size_t)ours), "ptag");
	CU_ASSERT_STRING_EQUAL(h_ruri((size_t)ours), "sip:peer@127.0.0.1:5070");
	indialog("INVITE", "z9hG4bKre1", "glare", 2, tag, sdp);
	r = h_find(0, "INVITE", 491);
	CU_ASSERT_FATAL(r >= 0);
	CU_ASSERT_EQUAL(sip_ua_reinvite(H.st, 1, H.now), SIP_ESTATE);
	h_stop();
}

static void test_unknown_dialog(void)
{
	h_start(NULL);
	indialog("BYE", "z9hG4bKb1", "nodialog", 2, "nosuchtag", NULL);
	indialog("OPTIONS", "z9hG4bKo1", "nodialog", 3, "nosuchtag", NULL);
	CU_ASSERT_EQUAL(h_find(0, "BYE", 481), 0);
	CU_ASSERT_EQUAL(h_find(0, "OPTIONS", 481), 1);
	/* 15.1.2: a BYE outside any dialog. */
	h_send("BYE sip:sipref@127.0.0.1 SIP/2.0\n"
	       "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKb2\n"
	       "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>\n"
	       "From: <sip:peer@127.0.0.1>;tag=x\n"
	       "Call-ID: nodialog2\nCSeq: 1 BYE\nContent-Length: 0\n\n");
	CU_ASSERT_EQUAL(h_find(2, "BYE", 481), 2);
	/* An ACK for nothing is never answered. */
	indialog("ACK", "z9hG4bKa1", "nodialog", 2, "nosuchtag", NULL);
	CU_ASSERT_EQUAL(H.nout, 3);
	h_stop();
}

/* 8.2.2.2: the same request (From tag, Call-ID, CSeq) by another path. */
static void test_merged(void)
{
	struct sip_ua_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.answer = SIP_UA_ANSWER_RING;
	h_start(&cfg);
	invite("z9hG4bKpathA", "merged", 1, NULL);
	invite("z9hG4bKpathB", "merged", 1, NULL);
	CU_ASSERT_EQUAL(h_find(0, "INVITE", 180), 0);
	CU_ASSERT_EQUAL(h_find(0, "INVITE", 482), 1);
	CU_ASSERT_EQUAL(sip_ua_call_count(H.st), 1);
	h_stop();
}

struct insp {
	const char *name;
	const char *request; /* printf-free text */
	unsigned status;
	const char *must;
};

/* 8.2.1 to 8.2.3, in table form. */
static const struct insp insps[] = {
        {"REGISTER: 405",
         "REGISTER sip:127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKr\n"
         "Max-Forwards: 70\nTo: <sip:peer@127.0.0.1>\nFrom: <sip:peer@127.0.0.1>;tag=r\n"
         "Call-ID: reg\nCSeq: 1 REGISTER\nContact: <sip:peer@127.0.0.1:5070>\n"
         "Content-Length: 0\n\n",
         405, "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n"},
        {"MESSAGE: 405",
         "MESSAGE sip:sipref@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKm\n"
         "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>\nFrom: <sip:peer@127.0.0.1>;tag=r\n"
         "Call-ID: msg\nCSeq: 1 MESSAGE\nContent-Length: 0\n\n",
         405, "Allow: "},
        {"unknown method: 501",
         "FOO sip:sipref@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKf\n"
         "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>\nFrom: <sip:peer@127.0.0.1>;tag=r\n"
         "Call-ID: foo\nCSeq: 1 FOO\nContent-Length: 0\n\n",
         501, NULL},
        {"mailto Request-URI: 416",
         "OPTIONS mailto:a@b.c SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKu\n"
         "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>\nFrom: <sip:peer@127.0.0.1>;tag=r\n"
         "Call-ID: uri\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n",
         416, NULL},
        {"tel Request-URI: taken",
         "OPTIONS tel:+15551234 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKt\n"
         "Max-Forwards: 70\nTo: <tel:+15551234>\nFrom: <sip:peer@127.0.0.1>;tag=r\n"
         "Call-ID: tel\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n",
         200, NULL},
        {"Require: 420",
         "OPTIONS sip:sipref@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKq\n"
         "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>\nFrom: <sip:peer@127.0.0.1>;tag=r\n"
         "Call-ID: req\nCSeq: 1 OPTIONS\nRequire: 100rel, foo\nContent-Length: 0\n\n",
         420, "Unsupported: 100rel\r\nUnsupported: foo\r\n"},
        {"Proxy-Require is not the UAS's business",
         "OPTIONS sip:sipref@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKp\n"
         "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>\nFrom: <sip:peer@127.0.0.1>;tag=r\n"
         "Call-ID: preq\nCSeq: 1 OPTIONS\nProxy-Require: foo\nContent-Length: 0\n\n",
         200, NULL},
        {"Content-Encoding gzip: 415",
         "INVITE sip:sipref@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKe\n"
         "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>\nFrom: <sip:peer@127.0.0.1>;tag=r\n"
         "Call-ID: enc\nCSeq: 1 INVITE\nContact: <sip:peer@127.0.0.1:5070>\n"
         "Content-Type: application/sdp\nContent-Encoding: gzip\nContent-Length: 4\n\nabcd",
         415, "Accept-Encoding: identity\r\n"},
        {"text/plain body: 415",
         "OPTIONS sip:sipref@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKx\n"
         "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>\nFrom: <sip:peer@127.0.0.1>;tag=r\n"
         "Call-ID: txt\nCSeq: 1 OPTIONS\nContent-Type: text/plain\nContent-Length: 2\n\nhi",
         415, "Accept: application/sdp\r\n"},
        {"Accept without sdp: 406",
         "OPTIONS sip:sipref@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa\n"
         "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>\nFrom: <sip:peer@127.0.0.1>;tag=r\n"
         "Call-ID: acc\nCSeq: 1 OPTIONS\nAccept: text/html\nContent-Length: 0\n\n",
         406, "Warning: 399 "},
        {"Accept application/*: fine",
         "OPTIONS sip:sipref@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKw\n"
         "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>\nFrom: <sip:peer@127.0.0.1>;tag=r\n"
         "Call-ID: acc2\nCSeq: 1 OPTIONS\nAccept: text/html, application/*\n"
         "Content-Length: 0\n\n",
         200, NULL},
        {"SDP without audio: 488",
         "INVITE sip:sipref@127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKv\n"
         "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>\nFrom: <sip:peer@127.0.0.1>;tag=r\n"
         "Call-ID: video\nCSeq: 1 INVITE\nContact: <sip:peer@127.0.0.1:5070>\n"
         "Content-Type: application/sdp\nContent-Length: #\n\n"
         "v=0\no=p 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\n"
         "m=video 5000 RTP/AVP 31\n",
         488, NULL},
};

static void test_inspection(void)
{
	size_t i;
	for (i = 0; i < sizeof(insps) / sizeof(insps[0]); i++) {
		const struct insp *t = &insps[i];
		long fin = -1;
		size_t j;
		h_start(NULL);
		h_send("%s", t->request);
		for (j = 0; j < H.nout && fin < 0; j++)
			if (h_status(j) >= 200)
				fin = (long)j;
		if (fin < 0 || h_status((size_t)fin) != t->status) {
			fprintf(stderr, "%s: wrong answer\n", t->name);
			h_dump();
		}
		CU_ASSERT_FATAL(fin >= 0);
		CU_ASSERT_EQUAL(h_status((size_t)fin), t->status);
		if (t->must)
			CU_ASSERT(h_has((size_t)fin, t->must));
		h_stop();
	}
}

/* 15.1.1: the callee hangs up: BYE per the route set, loose or strict. */
static void test_hangup_routes(void)
{
	long bye;
	/* Loose: R-URI the Contact, Route the Record-Route, sent to it. */
	h_start(NULL);
	establish("loose", "Record-Route: <sip:127.0.0.1:5080;lr>\n");
	h_clear();
	CU_ASSERT_EQUAL(sip_ua_hangup(H.st, 1, H.now), 0);
	h_drain();
	bye = h_find(0, "BYE", 0);
	CU_ASSERT_FATAL(bye >= 0);
	CU_ASSERT_STRING_EQUAL(h_ruri((size_t)bye), "sip:peer@127.0.0.1:5070");
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)bye, "Route"), "<sip:127.0.0.1:5080;lr>");
	CU_ASSERT_EQUAL(H.out[bye].remote.port, 5080);
	CU_ASSERT(h_event(SIP_EV_CALL_ENDED) >= 0);
	/* The BYE's 200 is reported. */
	h_send("SIP/2.0 200 OK\nVia: %s\nTo: <sip:peer@127.0.0.1>;tag=ptag\n"
	       "From: <sip:sipref@127.0.0.1>;tag=%s\nCall-ID: loose\nCSeq: 1 BYE\n"
	       "Content-Length: 0\n\n",
	       h_hdr((size_t)bye, "Via"), tag);
	CU_ASSERT(h_event(SIP_EV_REQUEST_DONE) >= 0);
	CU_ASSERT_EQUAL(H.ev[h_event(SIP_EV_REQUEST_DONE)].status, 200);
	h_stop();
	/* Strict (no lr): R-URI the route, the Contact as the last Route. */
	h_start(NULL);
	establish("strict", "Record-Route: <sip:127.0.0.1:5080>\n");
	h_clear();
	CU_ASSERT_EQUAL(sip_ua_hangup(H.st, 1, H.now), 0);
	h_drain();
	bye = h_find(0, "BYE", 0);
	CU_ASSERT_FATAL(bye >= 0);
	CU_ASSERT_STRING_EQUAL(h_ruri((size_t)bye), "sip:127.0.0.1:5080");
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)bye, "Route"), "<sip:peer@127.0.0.1:5070>");
	CU_ASSERT_EQUAL(H.out[bye].remote.port, 5080);
	h_stop();
}

/* Hang-up before the ACK waits for it (15); hang-up while ringing
 * declines. */
static void test_hangup_early(void)
{
	struct sip_ua_config cfg;
	h_start(NULL);
	invite("z9hG4bKinv1", "early", 1, NULL);
	snprintf(tag, sizeof(tag), "%s", h_totag(1));
	h_clear();
	CU_ASSERT_EQUAL(sip_ua_hangup(H.st, 1, H.now), 0);
	h_drain();
	CU_ASSERT_EQUAL(h_find(0, "BYE", 0), -1);
	h_run_to(100);
	indialog("ACK", "z9hG4bKack1", "early", 1, tag, NULL);
	CU_ASSERT(h_find(0, "BYE", 0) >= 0);
	h_stop();

	memset(&cfg, 0, sizeof(cfg));
	cfg.answer = SIP_UA_ANSWER_RING;
	h_start(&cfg);
	invite("z9hG4bKinv1", "decline", 1, NULL);
	CU_ASSERT_EQUAL(sip_ua_hangup(H.st, 1, H.now), 0);
	h_drain();
	CU_ASSERT(h_find(0, "INVITE", 603) >= 0);
	CU_ASSERT_EQUAL(sip_ua_hangup(H.st, 1, H.now), SIP_ESTATE);
	h_stop();
}

/* Over TCP the responses use the connection the INVITE came on, Contact
 * names the transport, and the 2xx is still retransmitted until the ACK
 * (13.3.1.4: "independent of whatever transport protocols are used"). */
static void test_tcp(void)
{
	uint32_t conn;
	long ok;
	size_t i, n = 0;
	h_start(NULL);
	CU_ASSERT_FATAL(sip_stack_listen(H.st, SIP_TP_TCP, &H.local) == 0);
	conn = sip_stack_conn_accepted(H.st, SIP_TP_TCP, &H.local, &H.peer, 0);
	CU_ASSERT_FATAL(conn != 0);
	h_send_tcp(conn,
	           "INVITE sip:sipref@127.0.0.1;transport=tcp SIP/2.0\n"
	           "Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bKtcp\n"
	           "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>\n"
	           "From: <sip:peer@127.0.0.1>;tag=ptag\nCall-ID: tcp\nCSeq: 1 INVITE\n"
	           "Contact: <sip:peer@127.0.0.1:5070;transport=tcp>\n"
	           "Content-Type: application/sdp\nContent-Length: #\n\n%s",
	           sdp);
	ok = h_find(0, "INVITE", 200);
	CU_ASSERT_FATAL(ok >= 0);
	CU_ASSERT_EQUAL(H.out[ok].tp, SIP_TP_TCP);
	CU_ASSERT_EQUAL(H.out[ok].conn, conn);
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)ok, "Contact"),
	                       "<sip:sipref@127.0.0.1:5060;transport=tcp>");
	snprintf(tag, sizeof(tag), "%s", h_totag((size_t)ok));
	h_run_to(2000);
	h_send_tcp(conn,
	           "ACK sip:sipref@127.0.0.1:5060;transport=tcp SIP/2.0\n"
	           "Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bKtcpack\n"
	           "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>;tag=%s\n"
	           "From: <sip:peer@127.0.0.1>;tag=ptag\nCall-ID: tcp\nCSeq: 1 ACK\n"
	           "Content-Length: 0\n\n",
	           tag);
	h_run_to(40000);
	for (i = 0; i < H.nout; i++)
		if (h_is(i, "INVITE", 200))
			n++;
	CU_ASSERT_EQUAL(n, 3); /* 0, 500, 1500 */
	CU_ASSERT(h_event(SIP_EV_ANSWERED) >= 0);
	CU_ASSERT_EQUAL(h_find(0, "BYE", 0), -1);
	h_stop();
}

/* Allocation failure at every step of an incoming call: no crash, no
 * leak. */
static void test_alloc_failure(void)
{
	unsigned long n;
	for (n = 1; n < 400; n++) {
		struct sip_counting_alloc ca;
		struct sip_stack_config cfg;
		struct sip_stack *st;
		struct sip_addr l, p;
		char *t;
		size_t len;
		sip_counting_alloc_init(&ca, NULL);
		ca.fail_at = n;
		memset(&cfg, 0, sizeof(cfg));
		cfg.alloc = &ca.base;
		cfg.seed = 1;
		st = sip_stack_new(&cfg);
		if (!st)
			continue;
		sip_addr_parse(&l, "127.0.0.1:5060", 14);
		sip_addr_parse(&p, "127.0.0.1:5070", 14);
		(void)sip_stack_listen(st, SIP_TP_UDP, &l);
		t = h_text("INVITE sip:sipref@127.0.0.1 SIP/2.0\n"
		           "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa\n"
		           "Max-Forwards: 70\nTo: <sip:sipref@127.0.0.1>\n"
		           "From: <sip:peer@127.0.0.1>;tag=p\nCall-ID: oom\nCSeq: 1 INVITE\n"
		           "Contact: <sip:peer@127.0.0.1:5070>\nContent-Type: application/sdp\n"
		           "Content-Length: #\n\nv=0\no=p 1 1 IN IP4 127.0.0.1\ns=-\n"
		           "c=IN IP4 127.0.0.1\nt=0 0\nm=audio 4000 RTP/AVP 0\n",
		           &len);
		(void)sip_stack_recv(st, SIP_TP_UDP, 0, &l, &p, t, len, 0);
		sip_stack_handle_expiry(st, 40000);
		free(t);
		sip_stack_free(st);
		CU_ASSERT_EQUAL(ca.bytes_live, 0);
		if (ca.nalloc < n)
			break;
	}
}

int main(void)
{
	tu_suite("ua uas", (CU_TestInfo[]){{"options", test_options},
	                                   {"2xx retransmitted until BYE", test_2xx_until_bye},
	                                   {"ACK stops the 2xx", test_ack_stops},
	                                   {"answer delay", test_answer_delay},
	                                   {"CANCEL", test_cancel},
	                                   {"reject", test_reject},
	                                   {"INVITE Expires", test_expires},
	                                   {"re-INVITE", test_reinvite},
	                                   {"re-INVITE overlap", test_overlap},
	                                   {"re-INVITE glare", test_glare},
	                                   {"unknown dialog", test_unknown_dialog},
	                                   {"merged request", test_merged},
	                                   {"8.2 inspection", test_inspection},
	                                   {"hangup routes", test_hangup_routes},
	                                   {"hangup early", test_hangup_early},
	                                   {"TCP", test_tcp},
	                                   {"allocation failure", test_alloc_failure},
	                                   CU_TEST_INFO_NULL});
	return tu_run();
}

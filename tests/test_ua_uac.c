/* The UA core as UAC (RFC 3261 8.1, 9.1, 10.2, 11, 12, 13.2, 14.1, 15.1.1,
 * 22.2) driven through the whole stack under a virtual clock: the control
 * API (ua.h) makes the UA originate, a peer at 127.0.0.1:5070 answers with
 * hand-written responses, the test reads what the stack transmits. */
#include "auth/digest.h"
#include "ua_harness.h"

static const char target[] = "sip:bob@127.0.0.1:5070";

static const char sdp[] = "v=0\n"
                          "o=bob 7 7 IN IP4 127.0.0.1\n"
                          "s=-\n"
                          "c=IN IP4 127.0.0.1\n"
                          "t=0 0\n"
                          "m=audio 5004 RTP/AVP 0\n";

static void copy_hdr(char *dst, size_t cap, size_t i, const char *name)
{
	const char *v = h_hdr(i, name);
	size_t n = v ? strlen(v) : 0;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, v ? v : "", n);
	dst[n] = 0;
}

/* The peer answers request `req` (an output index) with `status`; totag is
 * added to To when not NULL; extra header lines and a body may follow. */
static void respond(size_t req, unsigned status, const char *totag, const char *extra,
                    const char *body)
{
	char via[512], from[512], to[512], callid[256], cseq[64];
	copy_hdr(via, sizeof(via), req, "Via");
	copy_hdr(from, sizeof(from), req, "From");
	copy_hdr(to, sizeof(to), req, "To");
	copy_hdr(callid, sizeof(callid), req, "Call-ID");
	copy_hdr(cseq, sizeof(cseq), req, "CSeq");
	h_send("SIP/2.0 %u Whatever\n"
	       "Via: %s\n"
	       "From: %s\n"
	       "To: %s%s%s\n"
	       "Call-ID: %s\n"
	       "CSeq: %s\n"
	       "%s%s"
	       "Content-Length: #\n\n%s",
	       status, via, from, to, totag ? ";tag=" : "", totag ? totag : "", callid, cseq,
	       extra ? extra : "", body ? "Content-Type: application/sdp\n" : "", body ? body : "");
}

static long last(const char *method, unsigned status)
{
	long i;
	for (i = (long)H.nout - 1; i >= 0; i--)
		if (h_is((size_t)i, method, status))
			return i;
	return -1;
}

/* INVITE, 180, 200 with Contact 5072 and the given Record-Route; ACKed. */
static uint32_t call_up(const char *rr)
{
	uint32_t id = sip_ua_call(H.st, target, strlen(target), H.now);
	char extra[512];
	long inv;
	h_drain();
	inv = h_find(0, "INVITE", 0);
	CU_ASSERT_FATAL(id != 0 && inv >= 0);
	respond((size_t)inv, 180, "b1", NULL, NULL);
	snprintf(extra, sizeof(extra), "Contact: <sip:bob@127.0.0.1:5072>\n%s", rr ? rr : "");
	respond((size_t)inv, 200, "b1", extra, sdp);
	CU_ASSERT(h_event(SIP_EV_ANSWERED) >= 0);
	return id;
}

static void test_basic_call(void)
{
	uint32_t id;
	long inv, ack, ack2, bye, ev;
	char branch[128];
	h_start(NULL);
	id = call_up("Record-Route: <sip:127.0.0.1:5080;lr>, <sip:127.0.0.1:5081;lr>\n");
	inv = h_find(0, "INVITE", 0);
	/* 8.1.1 */
	CU_ASSERT_STRING_EQUAL(h_ruri((size_t)inv), target);
	CU_ASSERT_EQUAL(strncmp(h_branch((size_t)inv), "z9hG4bK", 7), 0);
	CU_ASSERT(h_has((size_t)inv, ";rport\r\n"));
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)inv, "Max-Forwards"), "70");
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)inv, "CSeq"), "1 INVITE");
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)inv, "To"), "<sip:bob@127.0.0.1:5070>");
	CU_ASSERT(strlen(sip_msg_from(h_msg((size_t)inv))->tag.p ? "x" : "") == 1);
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)inv, "Contact"), "<sip:sipref@127.0.0.1:5060>");
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)inv, "Content-Type"), "application/sdp");
	CU_ASSERT(h_has((size_t)inv, "m=audio "));
	CU_ASSERT_EQUAL(H.out[inv].remote.port, 5070);
	snprintf(branch, sizeof(branch), "%s", h_branch((size_t)inv));
	CU_ASSERT(h_event(SIP_EV_RINGING) >= 0);
	ev = h_event(SIP_EV_ANSWERED);
	CU_ASSERT_EQUAL(H.ev[ev].call, id);
	/* 13.2.2.4: the ACK, in the dialog: R-URI the Contact, the route set
	 * reversed, CSeq of the INVITE, a new branch, to the first route. */
	ack = h_find(0, "ACK", 0);
	CU_ASSERT_FATAL(ack >= 0);
	CU_ASSERT_STRING_EQUAL(h_ruri((size_t)ack), "sip:bob@127.0.0.1:5072");
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)ack, "CSeq"), "1 ACK");
	CU_ASSERT_STRING_EQUAL(h_totag((size_t)ack), "b1");
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)ack, "Route"), "<sip:127.0.0.1:5081;lr>");
	CU_ASSERT(strcmp(h_branch((size_t)ack), branch) != 0);
	CU_ASSERT_EQUAL(H.out[ack].remote.port, 5081);
	/* The 2xx again: the same ACK again. */
	respond((size_t)inv, 200, "b1", "Contact: <sip:bob@127.0.0.1:5072>\n", sdp);
	ack2 = last("ACK", 0);
	CU_ASSERT_FATAL(ack2 > ack);
	CU_ASSERT_STRING_EQUAL(H.out[ack2].buf, H.out[ack].buf);
	CU_ASSERT_EQUAL(sip_ua_call_count(H.st), 1);
	/* 15.1.1 */
	CU_ASSERT_EQUAL(sip_ua_hangup(H.st, id, H.now), 0);
	h_drain();
	bye = h_find(0, "BYE", 0);
	CU_ASSERT_FATAL(bye >= 0);
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)bye, "CSeq"), "2 BYE");
	CU_ASSERT_EQUAL(H.out[bye].remote.port, 5081);
	CU_ASSERT(h_event(SIP_EV_CALL_ENDED) >= 0);
	respond((size_t)bye, 200, NULL, NULL, NULL);
	ev = h_event(SIP_EV_REQUEST_DONE);
	CU_ASSERT_FATAL(ev >= 0);
	CU_ASSERT_EQUAL(H.ev[ev].status, 200);
	CU_ASSERT_STRING_EQUAL(H.ev[ev].method, "BYE");
	CU_ASSERT_EQUAL(sip_ua_call_count(H.st), 0);
	h_stop();
}

/* 22.2: 401 with a Digest challenge, the INVITE again with credentials;
 * the ACK carries them too (13.2.2.4). */
static void test_auth(void)
{
	struct sip_ua_config cfg;
	struct sip_msg *m;
	struct sip_hdr *h;
	long inv1, inv2, ack;
	char b1[128];
	const char *ch = "WWW-Authenticate: Digest realm=\"sipvet\", nonce=\"4b1d\", qop=\"auth\", "
	                 "opaque=\"0p\"\n";
	memset(&cfg, 0, sizeof(cfg));
	cfg.auth_user = "alice";
	cfg.auth_password = "s3cret";
	h_start(&cfg);
	CU_ASSERT_FATAL(sip_ua_call(H.st, target, strlen(target), H.now) != 0);
	h_drain();
	inv1 = h_find(0, "INVITE", 0);
	respond((size_t)inv1, 401, "x1", ch, NULL);
	/* The ICT ACKs the 401 (17.1.1.3); the core sends the INVITE again. */
	CU_ASSERT(h_find(0, "ACK", 0) >= 0);
	inv2 = h_find((size_t)inv1 + 1, "INVITE", 0);
	CU_ASSERT_FATAL(inv2 > inv1);
	/* 8.1.3.5: same Call-ID, From, To; CSeq one higher; new branch. */
	CU_ASSERT_EQUAL(h_cseq((size_t)inv2), 2);
	snprintf(b1, sizeof(b1), "%s", h_branch((size_t)inv1));
	CU_ASSERT(strcmp(h_branch((size_t)inv2), b1) != 0);
	CU_ASSERT(sip_str_eq(sip_msg_call_id(h_msg((size_t)inv1)),
	                     sip_msg_call_id(h_msg((size_t)inv2))));
	CU_ASSERT(sip_str_eq(sip_msg_from(h_msg((size_t)inv1))->tag,
	                     sip_msg_from(h_msg((size_t)inv2))->tag));
	m = h_msg((size_t)inv2);
	h = sip_msg_hdr(m, SIP_HDR_AUTHORIZATION);
	CU_ASSERT_FATAL(h != NULL && sip_hdr_decode(m, h, NULL) == 0);
	CU_ASSERT(sip_str_eq(h->val.auth->uri, SIP_STR("sip:bob@127.0.0.1:5070")));
	CU_ASSERT(sip_str_eq(h->val.auth->opaque, SIP_STR("0p")));
	CU_ASSERT_EQUAL(sip__digest_verify(h->val.auth, SIP_STR("s3cret"), SIP_STR("INVITE")), 1);
	CU_ASSERT_EQUAL(sip__digest_verify(h->val.auth, SIP_STR("wrong"), SIP_STR("INVITE")), 0);
	respond((size_t)inv2, 200, "b1", "Contact: <sip:bob@127.0.0.1:5070>\n", sdp);
	ack = last("ACK", 0);
	CU_ASSERT_FATAL(ack >= 0);
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)ack, "CSeq"), "2 ACK");
	CU_ASSERT_PTR_NOT_NULL(h_hdr((size_t)ack, "Authorization"));
	CU_ASSERT(h_event(SIP_EV_ANSWERED) >= 0);
	h_stop();

	/* Credentials refused (a second 401, not stale): the call fails. */
	h_start(&cfg);
	CU_ASSERT_FATAL(sip_ua_call(H.st, target, strlen(target), H.now) != 0);
	h_drain();
	respond((size_t)h_find(0, "INVITE", 0), 401, "x1", ch, NULL);
	respond((size_t)last("INVITE", 0), 401, "x2", ch, NULL);
	CU_ASSERT_EQUAL(h_count("INVITE", 0), 2);
	CU_ASSERT(h_event(SIP_EV_CALL_FAILED) >= 0);
	CU_ASSERT_EQUAL(H.ev[h_event(SIP_EV_CALL_FAILED)].status, 401);
	h_stop();

	/* No credentials configured: a 407 is final. */
	h_start(NULL);
	CU_ASSERT_FATAL(sip_ua_call(H.st, target, strlen(target), H.now) != 0);
	h_drain();
	respond((size_t)h_find(0, "INVITE", 0), 407, "x1",
	        "Proxy-Authenticate: Digest realm=\"p\", nonce=\"n\"\n", NULL);
	CU_ASSERT_EQUAL(h_count("INVITE", 0), 1);
	CU_ASSERT_EQUAL(H.ev[h_event(SIP_EV_CALL_FAILED)].status, 407);
	h_stop();
}

/* 8.1.3.4: 302 -> the INVITE to the Contact; each URI tried once. */
static void test_redirect(void)
{
	long inv2;
	h_start(NULL);
	CU_ASSERT_FATAL(sip_ua_call(H.st, target, strlen(target), H.now) != 0);
	h_drain();
	respond(0, 302, "r1",
	        "Contact: <sip:carol@127.0.0.1:5090>;q=0.5, <sip:dave@127.0.0.1:5091>;q=0.9\n",
	        NULL);
	inv2 = h_find(1, "INVITE", 0);
	CU_ASSERT_FATAL(inv2 > 0);
	/* Highest q first. */
	CU_ASSERT_STRING_EQUAL(h_ruri((size_t)inv2), "sip:dave@127.0.0.1:5091");
	CU_ASSERT_EQUAL(H.out[inv2].remote.port, 5091);
	CU_ASSERT_EQUAL(h_cseq((size_t)inv2), 2);
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)inv2, "To"), "<sip:bob@127.0.0.1:5070>");
	/* dave fails: carol next. */
	respond((size_t)inv2, 486, "d1", NULL, NULL);
	CU_ASSERT_STRING_EQUAL(h_ruri((size_t)last("INVITE", 0)), "sip:carol@127.0.0.1:5090");
	/* carol redirects back to bob and dave: all tried, the call fails. */
	respond((size_t)last("INVITE", 0), 301, "c1",
	        "Contact: <sip:bob@127.0.0.1:5070>, <sip:dave@127.0.0.1:5091>\n", NULL);
	CU_ASSERT_EQUAL(h_count("INVITE", 0), 3);
	CU_ASSERT(h_event(SIP_EV_CALL_FAILED) >= 0);
	CU_ASSERT_EQUAL(H.ev[h_event(SIP_EV_CALL_FAILED)].status, 301);
	h_stop();
}

/* 9.1: CANCEL after a 180: same Request-URI, Call-ID, From, To, CSeq
 * number and branch; then 487 (ACKed by the ICT) ends the call. */
static void test_cancel(void)
{
	uint32_t id;
	long inv, can, ack;
	h_start(NULL);
	id = sip_ua_call(H.st, target, strlen(target), H.now);
	h_drain();
	inv = h_find(0, "INVITE", 0);
	/* 9.1: no provisional response yet: the CANCEL waits. */
	CU_ASSERT_EQUAL(sip_ua_cancel(H.st, id, H.now), 0);
	h_drain();
	CU_ASSERT_EQUAL(h_find(0, "CANCEL", 0), -1);
	h_run_to(200);
	respond((size_t)inv, 180, "b1", NULL, NULL);
	can = h_find(0, "CANCEL", 0);
	CU_ASSERT_FATAL(can >= 0);
	CU_ASSERT_STRING_EQUAL(h_ruri((size_t)can), target);
	CU_ASSERT_STRING_EQUAL(h_branch((size_t)can), h_branch((size_t)inv));
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)can, "CSeq"), "1 CANCEL");
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)can, "To"), h_hdr((size_t)inv, "To"));
	CU_ASSERT(strcmp(h_hdr((size_t)can, "From"), h_hdr((size_t)inv, "From")) == 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_count(h_msg((size_t)can), SIP_HDR_VIA), 1);
	respond((size_t)can, 200, "b1", NULL, NULL);
	respond((size_t)inv, 487, "b1", NULL, NULL);
	ack = h_find(0, "ACK", 0);
	CU_ASSERT_FATAL(ack >= 0);
	CU_ASSERT_STRING_EQUAL(h_branch((size_t)ack), h_branch((size_t)inv));
	CU_ASSERT(h_event(SIP_EV_CALL_FAILED) >= 0);
	CU_ASSERT_EQUAL(H.ev[h_event(SIP_EV_CALL_FAILED)].status, 487);
	CU_ASSERT_EQUAL(sip_ua_cancel(H.st, id, H.now), SIP_ESTATE);
	CU_ASSERT_EQUAL(sip_ua_call_count(H.st), 0);
	h_stop();
}

/* A 2xx that crosses the CANCEL is ACKed and the dialog BYEd (9.1, 15). */
static void test_cancel_race(void)
{
	uint32_t id;
	h_start(NULL);
	id = sip_ua_call(H.st, target, strlen(target), H.now);
	h_drain();
	respond(0, 180, "b1", NULL, NULL);
	CU_ASSERT_EQUAL(sip_ua_hangup(H.st, id, H.now), 0);
	h_drain();
	CU_ASSERT(h_find(0, "CANCEL", 0) >= 0);
	respond(0, 200, "b1", "Contact: <sip:bob@127.0.0.1:5070>\n", sdp);
	CU_ASSERT(h_find(0, "ACK", 0) >= 0);
	CU_ASSERT(h_find(0, "BYE", 0) >= 0);
	CU_ASSERT(h_event(SIP_EV_ANSWERED) < 0);
	CU_ASSERT(h_event(SIP_EV_CALL_ENDED) >= 0);
	h_stop();
}

/* 14.1: re-INVITE with a new SDP version; 2xx -> ACK with its CSeq. */
static void test_reinvite(void)
{
	uint32_t id;
	long re, ack, inv;
	unsigned long long v1 = 0, v2 = 0, x;
	h_start(NULL);
	id = call_up(NULL);
	inv = h_find(0, "INVITE", 0);
	sscanf(strstr(H.out[inv].buf, "o=sipref "), "o=sipref %llu %llu", &x, &v1);
	h_clear();
	CU_ASSERT_EQUAL(sip_ua_reinvite(H.st, id, H.now), 0);
	h_drain();
	re = h_find(0, "INVITE", 0);
	CU_ASSERT_FATAL(re >= 0);
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)re, "CSeq"), "2 INVITE");
	CU_ASSERT_STRING_EQUAL(h_totag((size_t)re), "b1");
	CU_ASSERT_STRING_EQUAL(h_ruri((size_t)re), "sip:bob@127.0.0.1:5072");
	CU_ASSERT_PTR_NOT_NULL(h_hdr((size_t)re, "Contact"));
	sscanf(strstr(H.out[re].buf, "o=sipref "), "o=sipref %llu %llu", &x, &v2);
	CU_ASSERT_EQUAL(v2, v1 + 1);
	/* Only one INVITE transaction at a time (14.1). */
	CU_ASSERT_EQUAL(sip_ua_reinvite(H.st, id, H.now), SIP_ESTATE);
	respond((size_t)re, 200, NULL, "Contact: <sip:bob@127.0.0.1:5073>\n", sdp);
	ack = h_find(0, "ACK", 0);
	CU_ASSERT_FATAL(ack >= 0);
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)ack, "CSeq"), "2 ACK");
	/* 12.2.1.2: target refreshed by the 2xx. */
	CU_ASSERT_STRING_EQUAL(h_ruri((size_t)ack), "sip:bob@127.0.0.1:5073");
	CU_ASSERT(h_event(SIP_EV_REQUEST_DONE) >= 0);
	CU_ASSERT_EQUAL(H.ev[h_event(SIP_EV_REQUEST_DONE)].status, 200);
	h_stop();
}

/* 14.1: 491 -> retry after 2.1 to 4 s (we own the Call-ID). */
static void test_reinvite_491(void)
{
	uint32_t id;
	long re, re2;
	h_start(NULL);
	id = call_up(NULL);
	h_clear();
	CU_ASSERT_EQUAL(sip_ua_reinvite(H.st, id, H.now), 0);
	h_drain();
	re = h_find(0, "INVITE", 0);
	respond((size_t)re, 491, NULL, NULL, NULL);
	CU_ASSERT_EQUAL(H.ev[h_event(SIP_EV_REQUEST_DONE)].status, 491);
	h_run_to(2099);
	CU_ASSERT_EQUAL(h_count("INVITE", 0), 1);
	h_run_to(4000);
	re2 = last("INVITE", 0);
	CU_ASSERT_FATAL(re2 > re);
	CU_ASSERT(H.out[re2].at >= 2100 && H.out[re2].at <= 4000);
	CU_ASSERT_EQUAL(H.out[re2].at % 10, 0);
	CU_ASSERT_EQUAL(h_cseq((size_t)re2), 3);
	h_stop();
}

/* 13.2.2.4: two forks answer; both 2xx are ACKed, the second BYEd. */
static void test_forked(void)
{
	long inv, bye;
	size_t i, acks = 0;
	h_start(NULL);
	CU_ASSERT_FATAL(sip_ua_call(H.st, target, strlen(target), H.now) != 0);
	h_drain();
	inv = h_find(0, "INVITE", 0);
	respond((size_t)inv, 180, "f1", NULL, NULL);
	respond((size_t)inv, 180, "f2", NULL, NULL);
	respond((size_t)inv, 200, "f1", "Contact: <sip:bob@127.0.0.1:5071>\n", sdp);
	respond((size_t)inv, 200, "f2", "Contact: <sip:bob2@127.0.0.1:5075>\n", sdp);
	for (i = 0; i < H.nout; i++)
		acks += (size_t)h_is(i, "ACK", 0);
	CU_ASSERT_EQUAL(acks, 2);
	bye = h_find(0, "BYE", 0);
	CU_ASSERT_FATAL(bye >= 0);
	CU_ASSERT_STRING_EQUAL(h_totag((size_t)bye), "f2");
	CU_ASSERT_STRING_EQUAL(h_ruri((size_t)bye), "sip:bob2@127.0.0.1:5075");
	CU_ASSERT_EQUAL(h_count("BYE", 0), 1);
	CU_ASSERT_EQUAL(sip_ua_call_count(H.st), 1);
	/* The kept call is f1's. */
	CU_ASSERT_EQUAL(sip_ua_hangup(H.st, H.ev[h_event(SIP_EV_ANSWERED)].call, H.now), 0);
	h_drain();
	CU_ASSERT_STRING_EQUAL(h_totag((size_t)last("BYE", 0)), "f1");
	h_stop();
}

/* 17.1.1.2 Timer B: no answer at all; 8.1.3.1: a timeout is a 408. */
static void test_timeout(void)
{
	long ev;
	h_start(NULL);
	CU_ASSERT_FATAL(sip_ua_call(H.st, target, strlen(target), H.now) != 0);
	h_run_to(40000);
	ev = h_event(SIP_EV_CALL_FAILED);
	CU_ASSERT_FATAL(ev >= 0);
	CU_ASSERT_EQUAL(H.ev[ev].status, 408);
	CU_ASSERT_EQUAL(H.ev_at[ev], 32000);
	/* Timer A doubles without a cap: 0 .5 1.5 3.5 7.5 15.5 31.5 s; Timer
	 * B (64*T1) ends it at 32 s. */
	CU_ASSERT_EQUAL(h_count("INVITE", 0), 7);
	CU_ASSERT_EQUAL(H.out[H.nout - 1].at, 31500);
	CU_ASSERT_EQUAL(sip_ua_call_count(H.st), 0);
	h_stop();
}

static void test_peer_bye(void)
{
	char from[256], to[256], callid[128];
	long ack;
	h_start(NULL);
	call_up(NULL);
	ack = h_find(0, "ACK", 0);
	copy_hdr(from, sizeof(from), (size_t)ack, "From");
	copy_hdr(to, sizeof(to), (size_t)ack, "To");
	copy_hdr(callid, sizeof(callid), (size_t)ack, "Call-ID");
	h_clear();
	h_send("BYE sip:sipref@127.0.0.1:5060 SIP/2.0\n"
	       "Via: SIP/2.0/UDP 127.0.0.1:5072;branch=z9hG4bKpb\n"
	       "Max-Forwards: 70\nFrom: %s\nTo: %s\nCall-ID: %s\nCSeq: 9 BYE\n"
	       "Content-Length: 0\n\n",
	       to, from, callid);
	CU_ASSERT_EQUAL(h_find(0, "BYE", 200), 0);
	CU_ASSERT(h_event(SIP_EV_CALL_ENDED) >= 0);
	CU_ASSERT_EQUAL(sip_ua_call_count(H.st), 0);
	h_stop();
}

static void test_strict_route(void)
{
	long ack;
	h_start(NULL);
	call_up("Record-Route: <sip:127.0.0.1:5080>\n");
	ack = h_find(0, "ACK", 0);
	CU_ASSERT_FATAL(ack >= 0);
	CU_ASSERT_STRING_EQUAL(h_ruri((size_t)ack), "sip:127.0.0.1:5080");
	CU_ASSERT_STRING_EQUAL(h_hdr((size_t)ack, "Route"), "<sip:bob@127.0.0.1:5072>");
	CU_ASSERT_EQUAL(H.out[ack].remote.port, 5080);
	h_stop();
}

static void test_outbound_proxy(void)
{
	static const char from[] = "\"Alice\" <sip:alice@example.com>;tag=";
	struct sip_ua_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.outbound_proxy = "sip:127.0.0.1:5099";
	cfg.user = "alice";
	cfg.domain = "example.com";
	cfg.display = "Alice";
	h_start(&cfg);
	CU_ASSERT_FATAL(sip_ua_call(H.st, target, strlen(target), H.now) != 0);
	h_drain();
	CU_ASSERT_FATAL(H.nout == 1);
	CU_ASSERT_EQUAL(H.out[0].remote.port, 5099);
	CU_ASSERT_STRING_EQUAL(h_ruri(0), target);
	CU_ASSERT_STRING_EQUAL(h_hdr(0, "Route"), "<sip:127.0.0.1:5099;lr>");
	CU_ASSERT_EQUAL(strncmp(h_hdr(0, "From"), from, strlen(from)), 0);
	h_stop();
}

static void test_bad_targets(void)
{
	h_start(NULL);
	CU_ASSERT_EQUAL(sip_ua_call(H.st, "tel:+1555", 9, 0), 0);
	CU_ASSERT_EQUAL(sip_ua_call(H.st, "sip:", 4, 0), 0);
	CU_ASSERT_EQUAL(sip_ua_call(H.st, "sip:x@h;transport=sctp", 22, 0), 0);
	CU_ASSERT_EQUAL(sip_ua_options(H.st, "mailto:a@b", 10, 0), SIP_EINVAL);
	CU_ASSERT_EQUAL(sip_ua_cancel(H.st, 77, 0), SIP_ESTATE);
	CU_ASSERT_EQUAL(sip_ua_hangup(H.st, 77, 0), SIP_ESTATE);
	CU_ASSERT_EQUAL(sip_ua_reinvite(H.st, 77, 0), SIP_ESTATE);
	h_drain();
	CU_ASSERT_EQUAL(H.nout, 0);
	CU_ASSERT_EQUAL(sip_ua_call_count(H.st), 0);
	h_stop();
}

static void test_options(void)
{
	long ev;
	h_start(NULL);
	CU_ASSERT_EQUAL(sip_ua_options(H.st, target, strlen(target), 0), 0);
	h_drain();
	CU_ASSERT_FATAL(H.nout == 1);
	CU_ASSERT(h_is(0, "OPTIONS", 0));
	CU_ASSERT_STRING_EQUAL(h_hdr(0, "Accept"), "application/sdp");
	respond(0, 200, "o1", NULL, NULL);
	ev = h_event(SIP_EV_REQUEST_DONE);
	CU_ASSERT_FATAL(ev >= 0);
	CU_ASSERT_EQUAL(H.ev[ev].status, 200);
	CU_ASSERT_STRING_EQUAL(H.ev[ev].method, "OPTIONS");
	CU_ASSERT_EQUAL(H.ev[ev].call, 0);
	h_stop();
}

/* 10.2: REGISTER: To = From = our AOR, Expires, Contact; the same Call-ID
 * and a growing CSeq for every REGISTER; 401 retried with credentials. */
static void test_register(void)
{
	struct sip_ua_config cfg;
	struct sip_msg *m;
	struct sip_hdr *h;
	long r2, r3;
	memset(&cfg, 0, sizeof(cfg));
	cfg.auth_user = "sipref";
	cfg.auth_password = "pw";
	h_start(&cfg);
	CU_ASSERT_EQUAL(sip_ua_register(H.st, "sip:127.0.0.1:5070", 18, 3600, 0), 0);
	h_drain();
	CU_ASSERT_FATAL(H.nout == 1 && h_is(0, "REGISTER", 0));
	CU_ASSERT_STRING_EQUAL(h_ruri(0), "sip:127.0.0.1:5070");
	CU_ASSERT_STRING_EQUAL(h_hdr(0, "To"), "<sip:sipref@127.0.0.1:5060>");
	CU_ASSERT_STRING_EQUAL(h_hdr(0, "Expires"), "3600");
	CU_ASSERT_STRING_EQUAL(h_hdr(0, "Contact"), "<sip:sipref@127.0.0.1:5060>");
	respond(0, 401, "r", "WWW-Authenticate: Digest realm=\"reg\", nonce=\"nn\"\n", NULL);
	r2 = h_find(1, "REGISTER", 0);
	CU_ASSERT_FATAL(r2 > 0);
	CU_ASSERT_EQUAL(h_cseq((size_t)r2), 2);
	CU_ASSERT(sip_str_eq(sip_msg_call_id(h_msg(0)), sip_msg_call_id(h_msg((size_t)r2))));
	m = h_msg((size_t)r2);
	h = sip_msg_hdr(m, SIP_HDR_AUTHORIZATION);
	CU_ASSERT_FATAL(h != NULL && sip_hdr_decode(m, h, NULL) == 0);
	CU_ASSERT_EQUAL(sip__digest_verify(h->val.auth, SIP_STR("pw"), SIP_STR("REGISTER")), 1);
	respond((size_t)r2, 200, "r", NULL, NULL);
	CU_ASSERT_EQUAL(H.ev[h_event(SIP_EV_REQUEST_DONE)].status, 200);
	CU_ASSERT_STRING_EQUAL(H.ev[h_event(SIP_EV_REQUEST_DONE)].method, "REGISTER");
	/* A later REGISTER: same Call-ID, next CSeq; expires < 0: none. */
	CU_ASSERT_EQUAL(sip_ua_register(H.st, "sip:127.0.0.1:5070", 18, -1, 0), 0);
	h_drain();
	r3 = last("REGISTER", 0);
	CU_ASSERT_EQUAL(h_cseq((size_t)r3), 3);
	CU_ASSERT(sip_str_eq(sip_msg_call_id(h_msg(0)), sip_msg_call_id(h_msg((size_t)r3))));
	CU_ASSERT_PTR_NULL(h_hdr((size_t)r3, "Expires"));
	h_stop();
}

int main(void)
{
	tu_suite("ua uac", (CU_TestInfo[]){{"INVITE 180 200 ACK BYE", test_basic_call},
	                                   {"401 retry", test_auth},
	                                   {"3xx recursion", test_redirect},
	                                   {"CANCEL", test_cancel},
	                                   {"CANCEL crossing a 2xx", test_cancel_race},
	                                   {"re-INVITE", test_reinvite},
	                                   {"re-INVITE 491", test_reinvite_491},
	                                   {"forked 2xx", test_forked},
	                                   {"timeout", test_timeout},
	                                   {"BYE from the peer", test_peer_bye},
	                                   {"strict route", test_strict_route},
	                                   {"outbound proxy", test_outbound_proxy},
	                                   {"bad targets", test_bad_targets},
	                                   {"OPTIONS", test_options},
	                                   {"REGISTER", test_register},
	                                   CU_TEST_INFO_NULL});
	return tu_run();
}

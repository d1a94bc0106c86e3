/* Transaction matching (RFC 3261 17.1.3, 17.2.3 with the RFC 2543
 * fallback, 9.2 CANCEL) on the hash table of keys (txn/match.h). */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "txn/match.h"

static const struct sip_allocator *A;

struct msgs {
	struct sip_msg *m[4];
	int next;
};
static struct msgs P;

/* The next of four messages (and its text buffer, index *i). */
static struct sip_msg *slot(int *i_out)
{
	int i = P.next;
	P.next = (P.next + 1) % 4;
	*i_out = i;
	if (!P.m[i])
		P.m[i] = sip_msg_new(NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(P.m[i]);
	return P.m[i];
}

/* A request: method, Request-URI, top Via, To tag (NULL: none), CSeq. */
static struct sip_msg *req(const char *method, const char *ruri, const char *via,
                           const char *to_tag, const char *cseq)
{
	static char text[4][1024];
	int i;
	struct sip_msg *m = slot(&i);
	char *t = text[i];
	int n = snprintf(t, sizeof(text[0]),
	                 "%s %s SIP/2.0\r\n"
	                 "Via: %s\r\n"
	                 "To: <sip:bob@example.com>%s%s\r\n"
	                 "From: <sip:alice@example.com>;tag=f1\r\n"
	                 "Call-ID: call-1@example.com\r\n"
	                 "CSeq: %s\r\n"
	                 "Content-Length: 0\r\n\r\n",
	                 method, ruri, via, to_tag ? ";tag=" : "", to_tag ? to_tag : "", cseq);
	CU_ASSERT_EQUAL_FATAL(sip_msg_parse(m, t, (size_t)n, 0, NULL), 0);
	return m;
}

static struct sip_msg *resp(unsigned status, const char *via, const char *cseq)
{
	static char text[4][1024];
	int i;
	struct sip_msg *m = slot(&i);
	char *t = text[i];
	int n = snprintf(t, sizeof(text[0]),
	                 "SIP/2.0 %u X\r\nVia: %s\r\nTo: <sip:bob@example.com>;tag=t\r\n"
	                 "From: <sip:alice@example.com>;tag=f1\r\nCall-ID: call-1@example.com\r\n"
	                 "CSeq: %s\r\nContent-Length: 0\r\n\r\n",
	                 status, via, cseq);
	CU_ASSERT_EQUAL_FATAL(sip_msg_parse(m, t, (size_t)n, 0, NULL), 0);
	return m;
}

#define VIA1 "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKaaa"
#define URI1 "sip:bob@example.com"

static void test_server_cookie(void)
{
	struct sip__mtable t;
	struct sip__mkey inv, opt;
	CU_ASSERT_EQUAL_FATAL(sip__mtable_init(&t, A), 0);
	CU_ASSERT_EQUAL(sip__mkey_init(&inv, req("INVITE", URI1, VIA1, NULL, "1 INVITE"), 1, A), 0);
	CU_ASSERT_EQUAL(
	        sip__mkey_init(&opt,
	                       req("OPTIONS", URI1, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKbbb", NULL,
	                           "2 OPTIONS"),
	                       1, A),
	        0);
	CU_ASSERT_TRUE(inv.cookie);
	sip__mtable_insert(&t, &inv);
	sip__mtable_insert(&t, &opt);
	/* The retransmission; and the ACK for a non-2xx (same branch) goes to
	 * the INVITE (17.2.3). */
	CU_ASSERT_PTR_EQUAL(sip__match_request(&t, req("INVITE", URI1, VIA1, NULL, "1 INVITE")),
	                    &inv);
	CU_ASSERT_PTR_EQUAL(sip__match_request(&t, req("ACK", URI1, VIA1, "x", "1 ACK")), &inv);
	/* Sent-by: the default port equals an explicit 5060. */
	CU_ASSERT_PTR_EQUAL(
	        sip__match_request(&t, req("OPTIONS", URI1,
	                                   "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKbbb", NULL,
	                                   "2 OPTIONS")),
	        &opt);
	/* Other sent-by, other branch, other method: no match. A CANCEL
	 * has its own transaction. */
	CU_ASSERT_PTR_NULL(sip__match_request(
	        &t, req("INVITE", URI1, "SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bKaaa", NULL,
	                "1 INVITE")));
	CU_ASSERT_PTR_NULL(sip__match_request(
	        &t, req("INVITE", URI1, "SIP/2.0/UDP 192.0.2.1:5061;branch=z9hG4bKaaa", NULL,
	                "1 INVITE")));
	CU_ASSERT_PTR_NULL(sip__match_request(
	        &t, req("INVITE", URI1, "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKaab", NULL,
	                "1 INVITE")));
	CU_ASSERT_PTR_NULL(sip__match_request(&t, req("CANCEL", URI1, VIA1, NULL, "1 CANCEL")));
	/* 9.2: the CANCEL finds the INVITE it cancels. */
	CU_ASSERT_PTR_EQUAL(sip__match_cancel(&t, req("CANCEL", URI1, VIA1, NULL, "1 CANCEL")),
	                    &inv);
	CU_ASSERT_PTR_NULL(
	        sip__match_cancel(&t, req("CANCEL", URI1, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKbbb",
	                                  NULL, "2 CANCEL")));
	sip__mtable_remove(&t, &inv);
	CU_ASSERT_PTR_NULL(sip__match_request(&t, req("INVITE", URI1, VIA1, NULL, "1 INVITE")));
	CU_ASSERT_EQUAL(t.n, 1);
	sip__mkey_fini(&inv, A);
	sip__mkey_fini(&opt, A);
	sip__mtable_fini(&t);
}

/* RFC 4475 3.2.1 badbranch: "z9hG4bK" alone carries no unique token, so it
 * is not taken for an RFC 3261 branch: the RFC 2543 fallback (17.2.3)
 * matches it, by Request-URI, tags, Call-ID, CSeq and top Via. */
static void test_badbranch(void)
{
	struct sip__mtable t;
	struct sip__mkey k;
	const char *via = "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK";
	CU_ASSERT_EQUAL_FATAL(sip__mtable_init(&t, A), 0);
	CU_ASSERT_EQUAL(sip__mkey_init(&k, req("OPTIONS", URI1, via, NULL, "8 OPTIONS"), 1, A), 0);
	CU_ASSERT_FALSE(k.cookie);
	sip__mtable_insert(&t, &k);
	CU_ASSERT_PTR_NULL(sip__match_request(&t, req("OPTIONS", URI1, via, NULL, "9 OPTIONS")));
	CU_ASSERT_PTR_EQUAL(sip__match_request(&t, req("OPTIONS", URI1, via, NULL, "8 OPTIONS")),
	                    &k);
	CU_ASSERT_PTR_NULL(
	        sip__match_request(&t, req("OPTIONS", URI1, "SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK",
	                                   NULL, "8 OPTIONS")));
	sip__mkey_fini(&k, A);
	sip__mtable_fini(&t);
}

#define VIA2543 "SIP/2.0/UDP iftgw.example.com"

static void test_server_2543(void)
{
	struct sip__mtable t;
	struct sip__mkey inv, bye;
	CU_ASSERT_EQUAL_FATAL(sip__mtable_init(&t, A), 0);
	CU_ASSERT_EQUAL(sip__mkey_init(&inv, req("INVITE", URI1, VIA2543, NULL, "56 INVITE"), 1, A),
	                0);
	CU_ASSERT_FALSE(inv.cookie);
	CU_ASSERT_EQUAL(sip__mkey_init(&bye, req("BYE", URI1, VIA2543, "t2", "57 BYE"), 1, A), 0);
	sip__mtable_insert(&t, &inv);
	sip__mtable_insert(&t, &bye);
	/* INVITE retransmission: Request-URI, tags, Call-ID, CSeq, top Via. */
	CU_ASSERT_PTR_EQUAL(sip__match_request(&t, req("INVITE", URI1, VIA2543, NULL, "56 INVITE")),
	                    &inv);
	/* An equivalent Request-URI (19.1.4: host case) matches too. */
	CU_ASSERT_PTR_EQUAL(sip__match_request(&t, req("INVITE", "sip:bob@EXAMPLE.com", VIA2543,
	                                               NULL, "56 INVITE")),
	                    &inv);
	CU_ASSERT_PTR_NULL(sip__match_request(
	        &t, req("INVITE", "sip:carol@example.com", VIA2543, NULL, "56 INVITE")));
	CU_ASSERT_PTR_NULL(sip__match_request(&t, req("INVITE", URI1, VIA2543, NULL, "55 INVITE")));
	CU_ASSERT_PTR_NULL(sip__match_request(&t, req("INVITE", URI1, VIA2543, "zz", "56 INVITE")));
	CU_ASSERT_PTR_NULL(sip__match_request(
	        &t, req("INVITE", URI1, "SIP/2.0/UDP gw2.example.com", NULL, "56 INVITE")));
	CU_ASSERT_PTR_NULL(sip__match_request(
	        &t, req("INVITE", URI1, VIA2543 ";branch=1234", NULL, "56 INVITE")));
	/* The ACK: To tag against the response sent, so none before. */
	CU_ASSERT_PTR_NULL(sip__match_request(&t, req("ACK", URI1, VIA2543, "srv", "56 ACK")));
	CU_ASSERT_EQUAL(sip__mkey_set_rtag(&inv, SIP_STR("srv"), A), 0);
	CU_ASSERT_PTR_EQUAL(sip__match_request(&t, req("ACK", URI1, VIA2543, "srv", "56 ACK")),
	                    &inv);
	CU_ASSERT_PTR_NULL(sip__match_request(&t, req("ACK", URI1, VIA2543, "other", "56 ACK")));
	CU_ASSERT_PTR_NULL(sip__match_request(&t, req("ACK", URI1, VIA2543, NULL, "56 ACK")));
	CU_ASSERT_PTR_NULL(sip__match_request(&t, req("ACK", URI1, VIA2543, "srv", "57 ACK")));
	/* Replacing the tag frees the old one (the leak check below). */
	CU_ASSERT_EQUAL(sip__mkey_set_rtag(&inv, SIP_STR("srv2"), A), 0);
	CU_ASSERT_PTR_EQUAL(sip__match_request(&t, req("ACK", URI1, VIA2543, "srv2", "56 ACK")),
	                    &inv);
	/* Other methods compare the To tag of the request. */
	CU_ASSERT_PTR_EQUAL(sip__match_request(&t, req("BYE", URI1, VIA2543, "t2", "57 BYE")),
	                    &bye);
	CU_ASSERT_PTR_NULL(sip__match_request(&t, req("BYE", URI1, VIA2543, NULL, "57 BYE")));
	/* A 2543 CANCEL finds its INVITE. */
	CU_ASSERT_PTR_EQUAL(sip__match_cancel(&t, req("CANCEL", URI1, VIA2543, NULL, "56 CANCEL")),
	                    &inv);
	sip__mkey_fini(&inv, A);
	sip__mkey_fini(&bye, A);
	sip__mtable_fini(&t);
}

static void test_client(void)
{
	struct sip__mtable t;
	struct sip__mkey inv, can, srv;
	const char *via = "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKcl1";
	CU_ASSERT_EQUAL_FATAL(sip__mtable_init(&t, A), 0);
	CU_ASSERT_EQUAL(sip__mkey_init(&inv, req("INVITE", URI1, via, NULL, "1 INVITE"), 0, A), 0);
	CU_ASSERT_EQUAL(sip__mkey_init(&can, req("CANCEL", URI1, via, NULL, "1 CANCEL"), 0, A), 0);
	/* A server key with the same branch (a request to ourselves). */
	CU_ASSERT_EQUAL(sip__mkey_init(&srv, req("INVITE", URI1, via, NULL, "1 INVITE"), 1, A), 0);
	sip__mtable_insert(&t, &inv);
	sip__mtable_insert(&t, &can);
	sip__mtable_insert(&t, &srv);
	/* 17.1.3: branch and CSeq method. */
	CU_ASSERT_PTR_EQUAL(sip__match_response(&t, resp(180, via, "1 INVITE")), &inv);
	CU_ASSERT_PTR_EQUAL(sip__match_response(&t, resp(200, via, "1 CANCEL")), &can);
	CU_ASSERT_PTR_NULL(sip__match_response(&t, resp(200, via, "1 BYE")));
	CU_ASSERT_PTR_NULL(sip__match_response(
	        &t, resp(200, "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKcl2", "1 INVITE")));
	CU_ASSERT_PTR_NULL(
	        sip__match_response(&t, resp(200, "SIP/2.0/UDP 192.0.2.10:5060", "1 INVITE")));
	/* The server key is found by requests only. */
	CU_ASSERT_PTR_EQUAL(sip__match_request(&t, req("INVITE", URI1, via, NULL, "1 INVITE")),
	                    &srv);
	sip__mkey_fini(&inv, A);
	sip__mkey_fini(&can, A);
	sip__mkey_fini(&srv, A);
	sip__mtable_fini(&t);
}

/* Enough keys to grow the table several times; every one still found,
 * and removal leaves the others. */
static void test_many(void)
{
	enum { N = 700 };
	static struct sip__mkey k[N];
	struct sip__mtable t;
	char via[128], cseq[32];
	int i, found = 0;
	CU_ASSERT_EQUAL_FATAL(sip__mtable_init(&t, A), 0);
	for (i = 0; i < N; i++) {
		snprintf(via, sizeof(via), "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK%d", i);
		snprintf(cseq, sizeof(cseq), "%d OPTIONS", i);
		CU_ASSERT_EQUAL(sip__mkey_init(&k[i], req("OPTIONS", URI1, via, NULL, cseq), 1, A),
		                0);
		CU_ASSERT_EQUAL(sip__mtable_insert(&t, &k[i]), 0);
	}
	CU_ASSERT(t.nb >= N);
	for (i = 0; i < N; i += 2)
		sip__mtable_remove(&t, &k[i]);
	for (i = 0; i < N; i++) {
		snprintf(via, sizeof(via), "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK%d", i);
		snprintf(cseq, sizeof(cseq), "%d OPTIONS", i);
		if (sip__match_request(&t, req("OPTIONS", URI1, via, NULL, cseq)) == &k[i])
			found++;
	}
	CU_ASSERT_EQUAL(found, N / 2);
	CU_ASSERT_EQUAL(t.n, N / 2);
	for (i = 0; i < N; i++)
		sip__mkey_fini(&k[i], A);
	sip__mtable_fini(&t);
}

static void test_no_leak(void)
{
	/* Everything above ran on the counting allocator. */
	const struct sip_counting_alloc *ca = (const struct sip_counting_alloc *)A->ud;
	CU_ASSERT_EQUAL(ca->bytes_live, 0);
	CU_ASSERT(ca->nalloc > 0);
	CU_ASSERT_EQUAL(ca->nalloc, ca->nfree);
}

int main(void)
{
	static struct sip_counting_alloc ca;
	int rc, i;
	sip_counting_alloc_init(&ca, NULL);
	A = &ca.base;
	tu_suite("txn match",
	         (CU_TestInfo[]){{"17.2.3 branch, sent-by, method", test_server_cookie},
	                         {"RFC 4475 3.2.1 badbranch", test_badbranch},
	                         {"17.2.3 RFC 2543 fallback (inv2543)", test_server_2543},
	                         {"17.1.3 client matching", test_client},
	                         {"table growth", test_many},
	                         {"no leaks", test_no_leak},
	                         CU_TEST_INFO_NULL});
	rc = tu_run();
	for (i = 0; i < 4; i++)
		sip_msg_free(P.m[i]);
	return rc;
}

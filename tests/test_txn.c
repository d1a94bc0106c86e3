/* Transaction state machines (RFC 3261 17, RFC 6026) under a virtual clock:
 * exact retransmission schedules and timers over UDP and TCP, every table row
 * exercised (counted from the trace, printed at the end). */
#include <stdio.h>
#include <string.h>

#include "sipref/txn.h"
#include "testutil.h"

#define MAXREC 256

struct rec {
	uint64_t at;
	char what[24]; /* "send:REQ", "tu:RESPONSE", ... */
};

static struct {
	struct sip_timer_heap heap;
	struct sip_txn_env env;
	struct sip_txn txn;
	uint64_t now;
	struct rec out[MAXREC];
	size_t nout;
	int terminated;
	int rows_hit[4][64];
	int missing;
} W;

static void note(const char *what)
{
	if (W.nout < MAXREC) {
		W.out[W.nout].at = W.now;
		snprintf(W.out[W.nout].what, sizeof(W.out[0].what), "%s", what);
		W.nout++;
	}
}

static void on_send(void *ud, struct sip_txn *t, const char *buf, size_t len)
{
	char what[24];
	(void)ud;
	(void)t;
	snprintf(what, sizeof(what), "send:%.*s", (int)(len < 12 ? len : 12), buf);
	note(what);
}

static void on_tu(void *ud, struct sip_txn *t, enum sip_txn_tu ev, const char *buf, size_t len)
{
	static const char *const names[] = {"tu:request", "tu:response", "tu:timeout",
	                                    "tu:transport-error", "tu:terminated"};
	(void)ud;
	(void)t;
	(void)buf;
	(void)len;
	note(names[ev]);
	if (ev == SIP_TXN_TU_TERMINATED)
		W.terminated++;
}

static void on_trace(void *ud, const struct sip_txn_trace *r)
{
	(void)ud;
	if (r->row >= 0)
		W.rows_hit[r->kind][r->row]++;
	else
		W.missing++;
}

static void setup(enum sip_txn_kind kind, int reliable)
{
	W.nout = 0;
	W.now = 0;
	W.terminated = 0;
	W.missing = 0;
	sip_timer_heap_init(&W.heap, 0);
	W.env.timers = &W.heap;
	W.env.t1 = 500;
	W.env.t2 = 4000;
	W.env.t4 = 5000;
	W.env.send = on_send;
	W.env.tu = on_tu;
	W.env.trace = on_trace;
	sip_txn_init(&W.txn, kind, &W.env, 0, reliable, 1);
}

static void teardown(void)
{
	sip_txn_fini(&W.txn);
	sip_timer_heap_fini(&W.heap);
}

/* Advances the virtual clock to `t`, firing every timer due on the way at
 * its exact deadline. */
static void advance(uint64_t t)
{
	for (;;) {
		uint64_t next = sip_timer_next(&W.heap);
		if (next > t)
			break;
		W.now = next;
		sip_timer_run(&W.heap, next);
	}
	W.now = t;
}

static int input(enum sip_txn_event ev, const char *msg)
{
	return sip_txn_input(&W.txn, ev, msg, strlen(msg), "ACK", 3, W.now);
}

/* Asserts the recorded outputs whose name starts with `prefix` happened at
 * exactly `times` (terminated by UINT64_MAX). */
static void expect_times(const char *prefix, const uint64_t *times)
{
	size_t i, k = 0;
	for (i = 0; i < W.nout; i++) {
		if (strncmp(W.out[i].what, prefix, strlen(prefix)) != 0)
			continue;
		CU_ASSERT_NOT_EQUAL_FATAL(times[k], UINT64_MAX);
		if (W.out[i].at != times[k])
			fprintf(stderr, "\n  %s #%zu at %llu, expected %llu\n", prefix, k,
			        (unsigned long long)W.out[i].at, (unsigned long long)times[k]);
		CU_ASSERT_EQUAL(W.out[i].at, times[k]);
		k++;
	}
	CU_ASSERT_EQUAL(times[k], UINT64_MAX);
}

static const uint64_t END = UINT64_MAX;

static void test_ict_udp_timeout(void)
{
	/* 17.1.1.2: retransmit at T1, 2T1, 4T1 ... intervals; Timer B at 64*T1. */
	static const uint64_t sends[] = {0, 500, 1500, 3500, 7500, 15500, 31500, END};
	static const uint64_t timeout[] = {32000, END};
	setup(SIP_TXN_ICT, 0);
	CU_ASSERT_EQUAL(sip_txn_start(&W.txn, "INVITE", 6, 0), 0);
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_CALLING);
	advance(100000);
	expect_times("send:INVITE", sends);
	expect_times("tu:timeout", timeout);
	expect_times("tu:terminated", timeout);
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_TERMINATED);
	teardown();
}

static void test_ict_tcp_timeout(void)
{
	/* Reliable: no Timer A; Timer B still runs. */
	static const uint64_t sends[] = {0, END};
	static const uint64_t timeout[] = {32000, END};
	setup(SIP_TXN_ICT, 1);
	sip_txn_start(&W.txn, "INVITE", 6, 0);
	advance(100000);
	expect_times("send:", sends);
	expect_times("tu:timeout", timeout);
	teardown();
}

static void test_ict_udp_rejected(void)
{
	static const uint64_t invites[] = {0, 500, END};
	static const uint64_t acks[] = {5000, 6000, END};
	static const uint64_t resp[] = {700, 5000, END};
	static const uint64_t term[] = {37000, END};
	setup(SIP_TXN_ICT, 0);
	sip_txn_start(&W.txn, "INVITE", 6, 0);
	advance(700);
	CU_ASSERT_EQUAL(input(SIP_TXN_EV_RECV_1XX, "180"), 0);
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_PROCEEDING);
	advance(5000); /* no retransmission in Proceeding */
	CU_ASSERT_EQUAL(input(SIP_TXN_EV_RECV_3XX_6XX, "486"), 0);
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_COMPLETED);
	advance(6000);
	/* A retransmitted final response: ACK again, nothing to the TU. */
	CU_ASSERT_EQUAL(input(SIP_TXN_EV_RECV_3XX_6XX, "486"), 0);
	advance(100000);
	expect_times("send:INVITE", invites);
	expect_times("send:ACK", acks);
	expect_times("tu:response", resp);
	expect_times("tu:terminated", term); /* Timer D: 32 s */
	teardown();
}

static void test_ict_calling_final_and_tcp_d(void)
{
	static const uint64_t acks[] = {100, END};
	static const uint64_t term[] = {100, END};
	setup(SIP_TXN_ICT, 1);
	sip_txn_start(&W.txn, "INVITE", 6, 0);
	advance(100);
	input(SIP_TXN_EV_RECV_3XX_6XX, "603");
	advance(100); /* Timer D is zero on reliable transports */
	expect_times("send:ACK", acks);
	expect_times("tu:terminated", term);
	teardown();
}

static void test_ict_accepted(void)
{
	static const uint64_t resp[] = {300, 350, 400, 900, END};
	static const uint64_t term[] = {32400, END};
	setup(SIP_TXN_ICT, 0);
	sip_txn_start(&W.txn, "INVITE", 6, 0);
	advance(300);
	input(SIP_TXN_EV_RECV_1XX, "183");
	advance(350);
	input(SIP_TXN_EV_RECV_1XX, "180"); /* further 1xx in Proceeding: to the TU */
	advance(400);
	input(SIP_TXN_EV_RECV_2XX, "200");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_ACCEPTED);
	advance(900);
	input(SIP_TXN_EV_RECV_2XX, "200"); /* RFC 6026 7.2: 2xx retransmissions to the TU */
	advance(100000);
	expect_times("tu:response", resp);
	expect_times("tu:terminated", term); /* Timer M = 64*T1 from entering Accepted */
	teardown();

	setup(SIP_TXN_ICT, 0);
	sip_txn_start(&W.txn, "INVITE", 6, 0);
	advance(10);
	input(SIP_TXN_EV_RECV_2XX, "200"); /* straight from Calling */
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_ACCEPTED);
	advance(100000);
	teardown();
}

static void test_ict_transport_errors(void)
{
	setup(SIP_TXN_ICT, 0);
	sip_txn_start(&W.txn, "INVITE", 6, 0);
	CU_ASSERT_EQUAL(input(SIP_TXN_EV_TRANSPORT_ERROR, ""), 0);
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_TERMINATED);
	CU_ASSERT_EQUAL(W.terminated, 1);
	CU_ASSERT_EQUAL(sip_timer_next(&W.heap), UINT64_MAX);
	teardown();

	setup(SIP_TXN_ICT, 0);
	sip_txn_start(&W.txn, "INVITE", 6, 0);
	input(SIP_TXN_EV_RECV_3XX_6XX, "500");
	CU_ASSERT_EQUAL(input(SIP_TXN_EV_TRANSPORT_ERROR, ""), 0);
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_TERMINATED);
	teardown();
}

static void test_nict_udp_timeout(void)
{
	/* 17.1.2.2: 500 ms, 1 s, 2 s, 4 s, 4 s ... capped at T2; Timer F 64*T1. */
	static const uint64_t sends[] = {0,     500,   1500,  3500,  7500,  11500,
	                                 15500, 19500, 23500, 27500, 31500, END};
	static const uint64_t timeout[] = {32000, END};
	setup(SIP_TXN_NICT, 0);
	sip_txn_start(&W.txn, "OPTIONS", 7, 0);
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_TRYING);
	advance(100000);
	expect_times("send:OPTIONS", sends);
	expect_times("tu:timeout", timeout);
	teardown();
}

static void test_nict_proceeding(void)
{
	/* After a 1xx, Timer E is reset to T2 each time it fires. */
	static const uint64_t sends[] = {0, 500, 4500, 8500, END};
	static const uint64_t term[] = {15000, END};
	setup(SIP_TXN_NICT, 0);
	sip_txn_start(&W.txn, "BYE", 3, 0);
	advance(200);
	input(SIP_TXN_EV_RECV_1XX, "100");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_PROCEEDING);
	advance(300);
	input(SIP_TXN_EV_RECV_1XX, "100");
	advance(10000);
	input(SIP_TXN_EV_RECV_2XX, "200");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_COMPLETED);
	advance(11000);
	/* Completed buffers response retransmissions (nothing to the TU). */
	input(SIP_TXN_EV_RECV_2XX, "200");
	input(SIP_TXN_EV_RECV_1XX, "100");
	input(SIP_TXN_EV_RECV_3XX_6XX, "404");
	advance(100000);
	expect_times("send:BYE", sends);
	expect_times("tu:terminated", term); /* Timer K = T4 */
	{
		static const uint64_t resp[] = {200, 300, 10000, END};
		expect_times("tu:response", resp);
	}
	teardown();
}

static void test_nict_misc(void)
{
	static const uint64_t term0[] = {50, END};
	static const uint64_t timeout[] = {32000, END};
	/* TCP: no Timer E, Timer K zero. */
	setup(SIP_TXN_NICT, 1);
	sip_txn_start(&W.txn, "REGISTER", 8, 0);
	advance(50);
	input(SIP_TXN_EV_RECV_3XX_6XX, "401");
	advance(50);
	expect_times("tu:terminated", term0);
	teardown();
	/* Trying: final straight away and transport error. */
	setup(SIP_TXN_NICT, 0);
	sip_txn_start(&W.txn, "REGISTER", 8, 0);
	input(SIP_TXN_EV_RECV_2XX, "200");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_COMPLETED);
	teardown();
	setup(SIP_TXN_NICT, 0);
	sip_txn_start(&W.txn, "REGISTER", 8, 0);
	input(SIP_TXN_EV_TRANSPORT_ERROR, "");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_TERMINATED);
	teardown();
	/* Proceeding: Timer F, a 300-699, a transport error. */
	setup(SIP_TXN_NICT, 1);
	sip_txn_start(&W.txn, "INFO", 4, 0);
	input(SIP_TXN_EV_RECV_1XX, "100");
	advance(100000);
	expect_times("tu:timeout", timeout);
	teardown();
	setup(SIP_TXN_NICT, 1);
	sip_txn_start(&W.txn, "INFO", 4, 0);
	input(SIP_TXN_EV_RECV_1XX, "100");
	input(SIP_TXN_EV_RECV_3XX_6XX, "481");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_COMPLETED);
	teardown();
	setup(SIP_TXN_NICT, 1);
	sip_txn_start(&W.txn, "INFO", 4, 0);
	input(SIP_TXN_EV_RECV_1XX, "100");
	input(SIP_TXN_EV_TRANSPORT_ERROR, "");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_TERMINATED);
	teardown();
}

static void test_ist_udp_rejected(void)
{
	/* 17.2.1: Timer G T1, doubling to T2, until ACK; Timer I = T4. */
	static const uint64_t finals[] = {1000, 1500, 2500, 4500, 8500, 12500, END};
	static const uint64_t ringing[] = {100, 300, END};
	static const uint64_t term[] = {20000, END};
	setup(SIP_TXN_IST, 0);
	CU_ASSERT_EQUAL(sip_txn_start(&W.txn, "INVITE", 6, 0), 0);
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_PROCEEDING);
	advance(100);
	input(SIP_TXN_EV_SEND_1XX, "180 Ringing");
	advance(300);
	input(SIP_TXN_EV_RECV_REQUEST, "INVITE"); /* retransmission: resend the 180 */
	advance(1000);
	input(SIP_TXN_EV_SEND_3XX_6XX, "486 Busy");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_COMPLETED);
	advance(15000);
	CU_ASSERT_EQUAL(input(SIP_TXN_EV_RECV_ACK, "ACK"), 0);
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_CONFIRMED);
	advance(16000);
	input(SIP_TXN_EV_RECV_ACK, "ACK");        /* absorbed */
	input(SIP_TXN_EV_RECV_REQUEST, "INVITE"); /* absorbed */
	advance(100000);
	expect_times("send:486", finals);
	expect_times("send:180", ringing);
	expect_times("tu:terminated", term);
	teardown();
}

static void test_ist_no_ack(void)
{
	/* Timer H = 64*T1: the TU is told, retransmissions stop. */
	static const uint64_t finals[] = {0,     500,   1500,  3500,  7500,  11500,
	                                  15500, 19500, 23500, 27500, 31500, END};
	static const uint64_t timeout[] = {32000, END};
	setup(SIP_TXN_IST, 0);
	sip_txn_start(&W.txn, "INVITE", 6, 0);
	input(SIP_TXN_EV_SEND_3XX_6XX, "500 Oops");
	input(SIP_TXN_EV_RECV_REQUEST, "INVITE"); /* in Completed: resend the final */
	advance(100000);
	{
		static const uint64_t all[] = {0,     0,     500,   1500,  3500,  7500, 11500,
		                               15500, 19500, 23500, 27500, 31500, END};
		expect_times("send:500", all);
	}
	(void)finals;
	expect_times("tu:timeout", timeout);
	teardown();
}

static void test_ist_accepted(void)
{
	static const uint64_t oks[] = {200, 700, END};
	static const uint64_t term[] = {32200, END};
	setup(SIP_TXN_IST, 0);
	sip_txn_start(&W.txn, "INVITE", 6, 0);
	advance(200);
	input(SIP_TXN_EV_SEND_2XX, "200 OK");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_ACCEPTED);
	advance(600);
	input(SIP_TXN_EV_RECV_REQUEST, "INVITE"); /* absorbed, not to the TU */
	advance(700);
	input(SIP_TXN_EV_SEND_2XX, "200 OK"); /* the TU's 2xx retransmission (13.3.1.4) */
	advance(800);
	input(SIP_TXN_EV_RECV_ACK, "ACK"); /* RFC 6026: to the TU */
	input(SIP_TXN_EV_TRANSPORT_ERROR, "");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_ACCEPTED);
	advance(100000);
	expect_times("send:200", oks);
	expect_times("tu:terminated", term); /* Timer L */
	{
		static const uint64_t req[] = {0, 800, END};
		expect_times("tu:request", req);
	}
	teardown();
}

static void test_ist_tcp_and_errors(void)
{
	static const uint64_t finals[] = {10, END};
	static const uint64_t term[] = {20, END};
	setup(SIP_TXN_IST, 1);
	sip_txn_start(&W.txn, "INVITE", 6, 0);
	advance(10);
	input(SIP_TXN_EV_SEND_3XX_6XX, "603 Decline");
	advance(20);
	input(SIP_TXN_EV_RECV_ACK, "ACK"); /* Timer I zero on TCP */
	advance(20);
	expect_times("send:603", finals);
	expect_times("tu:terminated", term);
	teardown();

	setup(SIP_TXN_IST, 0);
	sip_txn_start(&W.txn, "INVITE", 6, 0);
	input(SIP_TXN_EV_TRANSPORT_ERROR, "");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_TERMINATED);
	teardown();
	setup(SIP_TXN_IST, 0);
	sip_txn_start(&W.txn, "INVITE", 6, 0);
	input(SIP_TXN_EV_SEND_3XX_6XX, "480 Later");
	input(SIP_TXN_EV_TRANSPORT_ERROR, "");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_TERMINATED);
	teardown();
}

static void test_nist(void)
{
	static const uint64_t resp[] = {100, 150, 200, 300, END};
	static const uint64_t term[] = {32200, END};
	setup(SIP_TXN_NIST, 0);
	sip_txn_start(&W.txn, "OPTIONS", 7, 0);
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_TRYING);
	advance(50);
	input(SIP_TXN_EV_RECV_REQUEST, "OPTIONS"); /* Trying: discarded */
	advance(100);
	input(SIP_TXN_EV_SEND_1XX, "100 Trying");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_PROCEEDING);
	advance(150);
	input(SIP_TXN_EV_RECV_REQUEST, "OPTIONS"); /* Proceeding: resend the 1xx */
	input(SIP_TXN_EV_SEND_1XX, "100 Trying");
	W.nout--; /* only the retransmission matters for the schedule below */
	advance(200);
	input(SIP_TXN_EV_SEND_2XX, "200 OK");
	advance(300);
	input(SIP_TXN_EV_RECV_REQUEST, "OPTIONS");  /* Completed: resend the final */
	input(SIP_TXN_EV_SEND_3XX_6XX, "500 Late"); /* discarded */
	input(SIP_TXN_EV_SEND_2XX, "200 Again");    /* discarded */
	advance(100000);
	expect_times("send:", resp);
	expect_times("tu:terminated", term); /* Timer J = 64*T1 */
	teardown();

	/* TCP: Timer J zero; straight to a final from Trying. */
	setup(SIP_TXN_NIST, 1);
	sip_txn_start(&W.txn, "OPTIONS", 7, 0);
	input(SIP_TXN_EV_SEND_3XX_6XX, "405");
	advance(0);
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_TERMINATED);
	teardown();
	setup(SIP_TXN_NIST, 1);
	sip_txn_start(&W.txn, "OPTIONS", 7, 0);
	input(SIP_TXN_EV_SEND_1XX, "100");
	input(SIP_TXN_EV_SEND_3XX_6XX, "486");
	input(SIP_TXN_EV_TRANSPORT_ERROR, "");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_TERMINATED);
	teardown();
	setup(SIP_TXN_NIST, 1);
	sip_txn_start(&W.txn, "OPTIONS", 7, 0);
	input(SIP_TXN_EV_SEND_1XX, "100");
	input(SIP_TXN_EV_TRANSPORT_ERROR, "");
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_TERMINATED);
	teardown();
	setup(SIP_TXN_NIST, 1);
	sip_txn_start(&W.txn, "OPTIONS", 7, 0);
	input(SIP_TXN_EV_SEND_2XX, "200");
	teardown();
}

static void test_missing_rows_reported(void)
{
	setup(SIP_TXN_NIST, 0);
	sip_txn_start(&W.txn, "OPTIONS", 7, 0);
	CU_ASSERT_EQUAL(input(SIP_TXN_EV_RECV_ACK, "ACK"), SIP_ESTATE);
	CU_ASSERT_EQUAL(input(SIP_TXN_EV_RECV_2XX, "200"), SIP_ESTATE);
	CU_ASSERT_EQUAL(W.missing, 2);
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_TRYING);
	CU_ASSERT_EQUAL(sip_txn_start(&W.txn, "OPTIONS", 7, 0), SIP_ESTATE);
	CU_ASSERT_EQUAL(sip_txn_input(&W.txn, SIP_TXN_EV_TIMER_J, 0, 0, 0, 0, 0), SIP_EINVAL);
	teardown();
}

static void test_alloc_failure(void)
{
	struct sip_counting_alloc ca;
	sip_counting_alloc_init(&ca, 0);
	setup(SIP_TXN_NIST, 0);
	W.txn.a = &ca.base;
	ca.fail_at = 1;
	CU_ASSERT_EQUAL(sip_txn_start(&W.txn, "OPTIONS", 7, 0), SIP_ENOMEM);
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_INIT);
	ca.fail_at = 0;
	CU_ASSERT_EQUAL(sip_txn_start(&W.txn, "OPTIONS", 7, 0), 0);
	ca.fail_at = ca.nalloc + 1;
	CU_ASSERT_EQUAL(input(SIP_TXN_EV_SEND_2XX, "200"), SIP_ENOMEM);
	CU_ASSERT_EQUAL(W.txn.state, SIP_TXN_TRYING); /* unchanged */
	teardown();
	CU_ASSERT_EQUAL(ca.bytes_live, 0);
}

/* Must run last: every row of every table was taken at least once. */
static void test_row_coverage(void)
{
	int k;
	size_t total = 0, hit = 0;
	printf("\n  transaction table rows exercised:");
	for (k = 0; k < 4; k++) {
		size_t n = sip_txn_table_size((enum sip_txn_kind)k), i, h = 0;
		for (i = 0; i < n; i++) {
			if (W.rows_hit[k][i])
				h++;
			else {
				enum sip_txn_state s;
				enum sip_txn_event e;
				const char *rfc;
				sip_txn_table_row((enum sip_txn_kind)k, i, &s, &e, &rfc);
				printf("\n    %s row %zu (%s, %s) never taken",
				       sip_txn_kind_name((enum sip_txn_kind)k), i,
				       sip_txn_state_name(s), sip_txn_event_name(e));
			}
		}
		printf(" %s %zu/%zu", sip_txn_kind_name((enum sip_txn_kind)k), h, n);
		total += n;
		hit += h;
	}
	printf(" (total %zu/%zu)\n", hit, total);
	CU_ASSERT_EQUAL(hit, total);
}

int main(void)
{
	tu_suite("txn",
	         (CU_TestInfo[]){
	                 {"ICT UDP timeout schedule", test_ict_udp_timeout},
	                 {"ICT TCP timeout", test_ict_tcp_timeout},
	                 {"ICT UDP 1xx then 486, ACK, Timer D", test_ict_udp_rejected},
	                 {"ICT final in Calling, TCP Timer D", test_ict_calling_final_and_tcp_d},
	                 {"ICT Accepted and Timer M", test_ict_accepted},
	                 {"ICT transport errors", test_ict_transport_errors},
	                 {"NICT UDP timeout schedule", test_nict_udp_timeout},
	                 {"NICT Proceeding uses T2", test_nict_proceeding},
	                 {"NICT TCP and errors", test_nict_misc},
	                 {"IST UDP 486, Timer G, ACK, Timer I", test_ist_udp_rejected},
	                 {"IST no ACK, Timer H", test_ist_no_ack},
	                 {"IST Accepted and Timer L", test_ist_accepted},
	                 {"IST TCP and transport errors", test_ist_tcp_and_errors},
	                 {"NIST all states, Timer J", test_nist},
	                 {"missing rows are reported", test_missing_rows_reported},
	                 {"allocation failure", test_alloc_failure},
	                 {"row coverage", test_row_coverage},
	                 CU_TEST_INFO_NULL});
	return tu_run();
}

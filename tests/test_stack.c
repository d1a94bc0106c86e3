/* The sans-I/O endpoint (stack.h, the stack side of stack_impl.h) under a
 * virtual clock: what it sends for the RFC 4475 torture messages, Via
 * received/rport and response destinations (RFC 3261 18.2.1, 18.2.2, RFC
 * 3581), stream framing and keep-alives, retransmission absorption and
 * RFC 2543 matching, client transactions with their retransmission
 * schedules, connection reuse and loss, the 1300-byte rule, and allocation
 * failure at every point of a receive.
 *
 * Nothing here depends on what the UA core answers: the assertions are on
 * stateless answers, on the transaction trace, and on transactions the
 * test drives itself through stack_impl.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipref/build.h"
#include "stack_int.h"
#include "testutil.h"

#define MAXOUT 256
#define MAXTR  1024

struct out {
	enum sip_tx_kind kind;
	enum sip_transport tp;
	uint32_t conn;
	struct sip_addr local, remote;
	char buf[4096];
	size_t len;
	uint64_t at;
};

struct trec {
	uint32_t txn;
	enum sip_txn_kind kind;
	enum sip_txn_state from, to;
	enum sip_txn_event ev;
	int row;
	uint64_t now;
};

static struct {
	struct sip_stack *st;
	struct sip_ua_config ua;
	struct sip_addr local, remote;
	struct out o[MAXOUT];
	size_t n;
	struct trec tr[MAXTR];
	size_t ntr;
	uint64_t now;
} W;

static struct sip_msg *PM; /* for parsing in tests */

static void on_trace(void *ud, const struct sip_txn_trace *r)
{
	(void)ud;
	if (W.ntr < MAXTR) {
		struct trec *t = &W.tr[W.ntr++];
		t->txn = r->txn;
		t->kind = r->kind;
		t->from = r->from;
		t->to = r->to;
		t->ev = r->event;
		t->row = r->row;
		t->now = r->now;
	}
}

static struct sip_addr addr(const char *s)
{
	struct sip_addr a;
	CU_ASSERT_EQUAL(sip_addr_parse(&a, s, strlen(s)), 0);
	return a;
}

static void start_cfg(const struct sip_stack_config *base, int tcp)
{
	struct sip_stack_config cfg;
	memset(&W, 0, sizeof(W));
	if (base)
		cfg = *base;
	else
		memset(&cfg, 0, sizeof(cfg));
	cfg.seed = cfg.seed ? cfg.seed : 42;
	/* The UA core rings and never answers on its own (responses in these
	 * tests are the test's). */
	W.ua.answer = SIP_UA_ANSWER_RING;
	cfg.ua = &W.ua;
	W.st = sip_stack_new(&cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(W.st);
	W.local = addr("192.0.2.10:5060");
	W.remote = addr("198.51.100.7:5070");
	CU_ASSERT_EQUAL(sip_stack_listen(W.st, SIP_TP_UDP, &W.local), 0);
	if (tcp)
		CU_ASSERT_EQUAL(sip_stack_listen(W.st, SIP_TP_TCP, &W.local), 0);
	sip_stack_set_trace(W.st, on_trace, NULL);
	if (!PM)
		PM = sip_msg_new(NULL);
}

static void start(void)
{
	start_cfg(NULL, 1);
}

static void drain(void)
{
	struct sip_tx tx;
	int level;
	const char *line;
	while (sip_stack_poll_tx(W.st, &tx) == 1) {
		struct out *o;
		CU_ASSERT_FATAL(W.n < MAXOUT);
		o = &W.o[W.n++];
		o->kind = tx.kind;
		o->tp = tx.tp;
		o->conn = tx.conn;
		o->local = tx.local;
		o->remote = tx.remote;
		o->at = W.now;
		o->len = tx.len < sizeof(o->buf) - 1 ? tx.len : sizeof(o->buf) - 1;
		if (tx.buf)
			memcpy(o->buf, tx.buf, o->len);
		o->buf[o->len] = 0;
	}
	while (sip_stack_poll_log(W.st, &level, &line) == 1)
		if (getenv("SIPVET_TEST_LOG"))
			fprintf(stderr, "log %d: %s\n", level, line);
}

static void stop(void)
{
	size_t i, missing = 0;
	drain();
	/* No event ever reached a machine in a state without a row for it. */
	for (i = 0; i < W.ntr; i++)
		if (W.tr[i].row < 0)
			missing++;
	CU_ASSERT_EQUAL(missing, 0);
	sip_stack_free(W.st);
	W.st = NULL;
}

/* Runs the virtual clock to `to`, firing every timer at its deadline. */
static void advance(uint64_t to)
{
	uint64_t next;
	while ((next = sip_stack_next_expiry(W.st)) <= to) {
		if (next > W.now)
			W.now = next;
		sip_stack_handle_expiry(W.st, W.now);
		drain();
	}
	W.now = to;
}

static int recv_udp(const char *msg, size_t len)
{
	int rc = sip_stack_recv(W.st, SIP_TP_UDP, 0, &W.local, &W.remote, msg, len, W.now);
	drain();
	return rc;
}

static int recv_tcp(uint32_t conn, const char *msg, size_t len)
{
	int rc = sip_stack_recv(W.st, SIP_TP_TCP, conn, &W.local, &W.remote, msg, len, W.now);
	drain();
	return rc;
}

static int status_of(const struct out *o)
{
	if (o->kind != SIP_TX_SEND || o->len < 12 || memcmp(o->buf, "SIP/2.0 ", 8) != 0)
		return -1;
	return atoi(o->buf + 8);
}

/* The value of the first header line `name` of an output (full names, as
 * the stack writes them). */
static const char *hdr(const struct out *o, const char *name)
{
	static char val[1024];
	size_t nl = strlen(name);
	const char *p = o->buf;
	while ((p = strstr(p, "\r\n")) != NULL) {
		p += 2;
		if (strncmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *e = strstr(p, "\r\n");
			p += nl + 1;
			while (*p == ' ')
				p++;
			snprintf(val, sizeof(val), "%.*s", (int)(e - p), p);
			return val;
		}
	}
	return "";
}

static size_t count_ev(enum sip_txn_event ev, int server)
{
	size_t i, n = 0;
	for (i = 0; i < W.ntr; i++) {
		int srv = W.tr[i].kind == SIP_TXN_IST || W.tr[i].kind == SIP_TXN_NIST;
		if (W.tr[i].ev == ev && (server < 0 || srv == server))
			n++;
	}
	return n;
}

static const struct trec *find_tr(uint32_t txn, enum sip_txn_event ev)
{
	size_t i;
	for (i = 0; i < W.ntr; i++)
		if (W.tr[i].txn == txn && W.tr[i].ev == ev)
			return &W.tr[i];
	return NULL;
}

static int remote_is(const struct out *o, const char *s)
{
	struct sip_addr a = addr(s);
	return sip_addr_eq(&o->remote, &a);
}

static char *file(const char *rel, size_t *len)
{
	char *b = tu_read_file(tu_src_path(rel), len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	return b;
}

/* ---- RFC 4475 torture messages over UDP ------------------------------------ */

enum { DROP = -1, TXN = 0 };

struct torture {
	const char *name;
	int expect; /* a status answered statelessly, DROP, or TXN */
};

/* RFC 4475 EXPECTED.md, for an endpoint's transport and transaction layers
 * (what the UA core answers in a transaction is not asserted here). */
static const struct torture torture[] = {
        {"wsinv", TXN},     {"intmeth", TXN},    {"esc01", TXN},      {"escnull", TXN},
        {"esc02", TXN},     {"lwsdisp", TXN},    {"longreq", TXN},    {"dblreq", TXN},
        {"semiuri", TXN},   {"transports", TXN}, {"mpart01", TXN},    {"unreason", DROP},
        {"noreason", DROP}, {"badinv01", 400},   {"clerr", 400},      {"ncl", 400},
        {"scalar02", 400},  {"scalarlg", DROP},  {"quotbal", 400},    {"ltgtruri", 400},
        {"lwsruri", 400},   {"lwsstart", 400},   {"trws", 400},       {"escruri", 400},
        {"baddate", TXN},   {"regbadct", TXN},   {"badaspec", 400},   {"baddn", 400},
        {"badvers", 505},   {"mismatch01", 400}, {"mismatch02", 501}, {"bigcode", DROP},
        {"badbranch", TXN}, {"insuf", 400},      {"unkscm", TXN},     {"novelsc", TXN},
        {"unksm2", TXN},    {"bext01", TXN},     {"invut", TXN},      {"regaut01", TXN},
        {"multi01", 400},   {"mcl01", 400},      {"bcast", DROP},     {"zeromf", TXN},
        {"cparam01", TXN},  {"cparam02", TXN},   {"regescrt", TXN},   {"sdp01", TXN},
        {"inv2543", TXN},   {"test", DROP},
};

static void test_torture_udp(void)
{
	size_t i;
	for (i = 0; i < sizeof(torture) / sizeof(torture[0]); i++) {
		const struct torture *c = &torture[i];
		char rel[128];
		size_t len;
		char *msg;
		int ok = 1;
		snprintf(rel, sizeof(rel), "corpus/torture/rfc4475/%s.dat", c->name);
		msg = file(rel, &len);
		start();
		CU_ASSERT_EQUAL(recv_udp(msg, len), 0);
		if (c->expect == DROP) {
			ok = W.n == 0 && count_ev(SIP_TXN_EV_START, 1) == 0;
		} else if (c->expect == TXN) {
			ok = count_ev(SIP_TXN_EV_START, 1) == 1;
		} else {
			/* One stateless answer back to the source (the Via's
			 * sent-by is a name or another address: received), with
			 * a To tag (8.2.6.2), and no transaction. */
			ok = W.n == 1 && status_of(&W.o[0]) == c->expect &&
			     count_ev(SIP_TXN_EV_START, 1) == 0 && W.o[0].tp == SIP_TP_UDP &&
			     sip_addr_eq_ip(&W.o[0].remote, &W.remote) &&
			     /* badinv01 carries no usable Via to stamp. */
			     (strstr(hdr(&W.o[0], "Via"), ";received=198.51.100.7") ||
			      !strcmp(c->name, "badinv01")) &&
			     (!strstr(W.o[0].buf, "\r\nTo:") ||
			      strstr(hdr(&W.o[0], "To"), ";tag=")) &&
			     hdr(&W.o[0], "CSeq")[0] && sip_addr_eq(&W.o[0].local, &W.local);
		}
		CU_ASSERT_TRUE(ok);
		if (!ok)
			fprintf(stderr, "torture %s: %zu sent, first status %d, %zu starts\n",
			        c->name, W.n, W.n ? status_of(&W.o[0]) : 0,
			        count_ev(SIP_TXN_EV_START, 1));
		stop();
		free(msg);
	}
}

/* The response of a stateless answer parses, and the port rules of 18.2.2
 * put it where the torture message's Via says. */
static void test_torture_answer_details(void)
{
	size_t len;
	char *msg = file("corpus/torture/rfc4475/quotbal.dat", &len);
	start();
	recv_udp(msg, len);
	CU_ASSERT_EQUAL_FATAL(W.n, 1);
	/* Via: SIP/2.0/UDP 192.0.2.59:5050: received, and the sent-by port. */
	CU_ASSERT_TRUE(remote_is(&W.o[0], "198.51.100.7:5050"));
	CU_ASSERT_PTR_NOT_NULL(strstr(W.o[0].buf, "\r\nWarning: 399 192.0.2.10:5060 \""));
	CU_ASSERT_EQUAL(sip_msg_parse(PM, W.o[0].buf, W.o[0].len, SIP_PARSE_STREAM, NULL), 0);
	CU_ASSERT_EQUAL(PM->status, 400);
	stop();
	free(msg);
}

/* ---- Via received/rport and response destinations -------------------------- */

struct via_case {
	const char *via;
	const char *src;
	const char *want_via; /* the response's Via */
	const char *dest;
};

static const struct via_case via_cases[] = {
        /* RFC 3581: rport filled and received added; back to the source. */
        {"SIP/2.0/UDP client.example.com:5080;branch=z9hG4bKv1;rport", "198.51.100.7:5070",
         "SIP/2.0/UDP client.example.com:5080;branch=z9hG4bKv1;rport=5070;received=198.51.100.7",
         "198.51.100.7:5070"},
        /* 18.2.1: the same IP, no received; 18.2.2: the sent-by port. */
        {"SIP/2.0/UDP 198.51.100.7:5080;branch=z9hG4bKv2", "198.51.100.7:5070",
         "SIP/2.0/UDP 198.51.100.7:5080;branch=z9hG4bKv2", "198.51.100.7:5080"},
        /* Another IP: received, and the default port. */
        {"SIP/2.0/UDP 203.0.113.9;branch=z9hG4bKv3", "198.51.100.7:5070",
         "SIP/2.0/UDP 203.0.113.9;branch=z9hG4bKv3;received=198.51.100.7", "198.51.100.7:5060"},
        /* maddr. */
        {"SIP/2.0/UDP 203.0.113.9:5090;maddr=239.255.0.1;branch=z9hG4bKv4", "198.51.100.7:5070",
         "SIP/2.0/UDP 203.0.113.9:5090;maddr=239.255.0.1;branch=z9hG4bKv4;received=198.51.100.7",
         "239.255.0.1:5090"},
        /* IPv6 source. */
        {"SIP/2.0/UDP client.example.com;branch=z9hG4bKv5;rport", "[2001:db8::7]:5070",
         "SIP/2.0/UDP client.example.com;branch=z9hG4bKv5;rport=5070;received=2001:db8::7",
         "[2001:db8::7]:5070"},
};

static void test_via_received_rport(void)
{
	size_t i;
	for (i = 0; i < sizeof(via_cases) / sizeof(via_cases[0]); i++) {
		const struct via_case *c = &via_cases[i];
		char msg[1024];
		/* A CSeq mismatch: answered statelessly, with the amended Via. */
		int n = snprintf(
		        msg, sizeof(msg),
		        "OPTIONS sip:u@192.0.2.10 SIP/2.0\r\nVia: %s\r\nMax-Forwards: 70\r\n"
		        "To: <sip:u@192.0.2.10>\r\nFrom: <sip:c@example.com>;tag=1\r\n"
		        "Call-ID: via-%zu\r\nCSeq: 1 INFO\r\nContent-Length: 0\r\n\r\n",
		        c->via, i);
		start();
		W.remote = addr(c->src);
		recv_udp(msg, (size_t)n);
		CU_ASSERT_EQUAL_FATAL(W.n, 1);
		CU_ASSERT_EQUAL(status_of(&W.o[0]), 400);
		CU_ASSERT_STRING_EQUAL(hdr(&W.o[0], "Via"), c->want_via);
		CU_ASSERT_TRUE(remote_is(&W.o[0], c->dest));
		stop();
	}
}

static const char invite_fmt[] = "INVITE sip:u@192.0.2.10 SIP/2.0\r\n"
                                 "Via: %s\r\n"
                                 "Max-Forwards: 70\r\n"
                                 "To: <sip:u@192.0.2.10>\r\n"
                                 "From: <sip:c@example.com>;tag=ft\r\n"
                                 "Call-ID: %s\r\n"
                                 "CSeq: %s\r\n"
                                 "Contact: <sip:c@198.51.100.7:5070>\r\n"
                                 "Content-Length: 0\r\n\r\n";

static size_t fmt_invite(char *out, size_t cap, const char *via, const char *callid,
                         const char *cseq)
{
	int n = snprintf(out, cap, invite_fmt, via, callid, cseq);
	return (size_t)n;
}

/* The server transaction of an INVITE we sent, found as a CANCEL finds it. */
static struct sip_txn *ist_of(const char *via, const char *callid, const char *method_cseq)
{
	char text[1024];
	size_t n = fmt_invite(text, sizeof(text), via, callid, method_cseq);
	memcpy(text, "CANCEL", 6); /* "INVITE" and "CANCEL" have the same length */
	CU_ASSERT_EQUAL_FATAL(sip_msg_parse(PM, text, n, 0, NULL), 0);
	return sip__stack_match_cancel(W.st, PM);
}

/* The response `status` to the request text, with a To tag. */
static size_t response_to(char *out, size_t cap, const char *req, size_t len, unsigned status,
                          const char *tag)
{
	struct sip_resp_opts o;
	struct sip_buf b;
	memset(&o, 0, sizeof(o));
	o.to_tag = sip_str_make(tag, strlen(tag));
	CU_ASSERT_EQUAL_FATAL(sip_msg_parse(PM, req, len, 0, NULL), 0);
	sip_buf_init(&b, out, cap);
	sip_build_response(&b, PM, status, &o);
	CU_ASSERT_FATAL(sip_buf_ok(&b));
	return b.len;
}

static size_t count_status(int status, const char *dest)
{
	size_t i, n = 0;
	for (i = 0; i < W.n; i++)
		if (status_of(&W.o[i]) == status && (!dest || remote_is(&W.o[i], dest)))
			n++;
	return n;
}

/* 17.2.1 over UDP: the final response goes per 18.2.2 (rport) and is
 * retransmitted on Timer G (T1 doubling to T2) until Timer H (64*T1). */
static void test_server_timer_g(void)
{
	static const char via[] = "SIP/2.0/UDP client.example.com:5080;branch=z9hG4bKsg1;rport";
	static const uint64_t want[] = {0,     500,   1500,  3500,  7500, 11500,
	                                15500, 19500, 23500, 27500, 31500};
	char req[1024], resp[1024];
	size_t n, rn, i, k = 0;
	struct sip_txn *t;
	uint32_t id;
	start();
	n = fmt_invite(req, sizeof(req), via, "g-1", "1 INVITE");
	recv_udp(req, n);
	CU_ASSERT_EQUAL(count_ev(SIP_TXN_EV_START, 1), 1);
	t = ist_of(via, "g-1", "1 INVITE");
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	id = t->id;
	rn = response_to(resp, sizeof(resp), req, n, 486, "uas1");
	CU_ASSERT_EQUAL(sip__stack_respond(W.st, t, resp, rn, W.now), 0);
	drain();
	advance(40000);
	for (i = 0; i < W.n; i++) {
		if (status_of(&W.o[i]) != 486)
			continue;
		CU_ASSERT_TRUE(remote_is(&W.o[i], "198.51.100.7:5070"));
		CU_ASSERT(k < sizeof(want) / sizeof(want[0]));
		if (k < sizeof(want) / sizeof(want[0]))
			CU_ASSERT_EQUAL(W.o[i].at, want[k]);
		k++;
	}
	CU_ASSERT_EQUAL(k, sizeof(want) / sizeof(want[0]));
	CU_ASSERT_PTR_NOT_NULL(find_tr(id, SIP_TXN_EV_TIMER_H));
	CU_ASSERT_EQUAL(find_tr(id, SIP_TXN_EV_TIMER_H)->now, 32000);
	stop();
}

/* The ACK (same branch) stops Timer G; a retransmitted INVITE gets the final
 * response again; Timer I ends the transaction. */
static void test_server_ack_absorbs(void)
{
	static const char via[] = "SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bKsa1";
	char req[1024], resp[1024], ack[1024];
	size_t n, rn, an;
	struct sip_txn *t;
	uint32_t id;
	const struct trec *r;
	start();
	n = fmt_invite(req, sizeof(req), via, "a-1", "7 INVITE");
	recv_udp(req, n);
	t = ist_of(via, "a-1", "7 INVITE");
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	id = t->id;
	rn = response_to(resp, sizeof(resp), req, n, 603, "uas2");
	CU_ASSERT_EQUAL(sip__stack_respond(W.st, t, resp, rn, W.now), 0);
	drain();
	advance(700); /* one retransmission at 500 */
	CU_ASSERT_EQUAL(count_status(603, "198.51.100.7:5070"), 2);
	recv_udp(req, n); /* the INVITE again: the response again */
	CU_ASSERT_EQUAL(count_status(603, NULL), 3);
	an = (size_t)snprintf(
	        ack, sizeof(ack),
	        "ACK sip:u@192.0.2.10 SIP/2.0\r\nVia: %s\r\nMax-Forwards: 70\r\n"
	        "To: <sip:u@192.0.2.10>;tag=uas2\r\nFrom: <sip:c@example.com>;tag=ft\r\n"
	        "Call-ID: a-1\r\nCSeq: 7 ACK\r\nContent-Length: 0\r\n\r\n",
	        via);
	recv_udp(ack, an);
	r = find_tr(id, SIP_TXN_EV_RECV_ACK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->to, SIP_TXN_CONFIRMED);
	advance(40000);
	CU_ASSERT_EQUAL(count_status(603, NULL), 3);
	r = find_tr(id, SIP_TXN_EV_TIMER_I);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->now, 700 + 5000);
	stop();
}

/* ---- Matching ------------------------------------------------------------- */

/* 17.2.3: a retransmission reaches the transaction it created (and RFC
 * 4475 3.2.1 badbranch does not break that). */
static void test_retransmission_absorbed(void)
{
	static const char *const files[] = {"badbranch", "inv2543", "zeromf"};
	size_t i, j;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char rel[128];
		size_t len;
		char *msg;
		uint32_t id = 0;
		snprintf(rel, sizeof(rel), "corpus/torture/rfc4475/%s.dat", files[i]);
		msg = file(rel, &len);
		start();
		recv_udp(msg, len);
		W.now = 100;
		recv_udp(msg, len);
		CU_ASSERT_EQUAL(count_ev(SIP_TXN_EV_START, 1), 1);
		for (j = 0; j < W.ntr; j++)
			if (W.tr[j].ev == SIP_TXN_EV_START)
				id = W.tr[j].txn;
		CU_ASSERT_PTR_NOT_NULL(find_tr(id, SIP_TXN_EV_RECV_REQUEST));
		if (find_tr(id, SIP_TXN_EV_RECV_REQUEST))
			CU_ASSERT_EQUAL(find_tr(id, SIP_TXN_EV_RECV_REQUEST)->now, 100);
		stop();
		free(msg);
	}
}

/* The final response the stack sent last and its To tag. */
static int last_final(char *tag, size_t cap)
{
	size_t i = W.n;
	while (i-- > 0) {
		int s = status_of(&W.o[i]);
		if (s >= 300) {
			const char *t = strstr(hdr(&W.o[i], "To"), ";tag=");
			snprintf(tag, cap, "%s", t ? t + 5 : "");
			return s;
		}
	}
	return 0;
}

/* 17.2.3 for RFC 2543 requests: the INVITE by its fields, the ACK by the To
 * tag of the response the transaction sent. */
static void test_2543_ack(void)
{
	static const char via[] = "SIP/2.0/UDP old.example.com:5060";
	char req[1024], resp[1024], ack[1024], tag[64];
	size_t n, rn;
	struct sip_txn *t;
	uint32_t id;
	int i;
	start();
	n = fmt_invite(req, sizeof(req), via, "old-1", "56 INVITE");
	recv_udp(req, n);
	recv_udp(req, n);
	CU_ASSERT_EQUAL(count_ev(SIP_TXN_EV_START, 1), 1);
	t = ist_of(via, "old-1", "56 INVITE");
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	id = t->id;
	CU_ASSERT_PTR_NOT_NULL(find_tr(id, SIP_TXN_EV_RECV_REQUEST));
	rn = response_to(resp, sizeof(resp), req, n, 486, "t2543");
	CU_ASSERT_EQUAL(sip__stack_respond(W.st, t, resp, rn, W.now), 0);
	drain();
	CU_ASSERT_EQUAL(last_final(tag, sizeof(tag)), 486);
	CU_ASSERT_STRING_EQUAL(tag, "t2543");
	/* An ACK with another To tag is not this transaction's; the one with
	 * the response's tag is. */
	for (i = 0; i < 2; i++) {
		size_t an = (size_t)snprintf(
		        ack, sizeof(ack),
		        "ACK sip:u@192.0.2.10 SIP/2.0\r\nVia: %s\r\nMax-Forwards: 70\r\n"
		        "To: <sip:u@192.0.2.10>;tag=%s\r\nFrom: <sip:c@example.com>;tag=ft\r\n"
		        "Call-ID: old-1\r\nCSeq: 56 ACK\r\nContent-Length: 0\r\n\r\n",
		        via, i == 0 ? "wrong" : tag);
		recv_udp(ack, an);
		if (i == 0)
			CU_ASSERT_PTR_NULL(find_tr(id, SIP_TXN_EV_RECV_ACK));
	}
	CU_ASSERT_PTR_NOT_NULL(find_tr(id, SIP_TXN_EV_RECV_ACK));
	stop();
}

/* ---- Streams ----------------------------------------------------------------- */

static void test_stream_framing_errors(void)
{
	static const char *const close_files[] = {"ncl", "mcl01"};
	size_t i, len;
	uint32_t c;
	char *msg;
	for (i = 0; i < 2; i++) {
		char rel[128];
		snprintf(rel, sizeof(rel), "corpus/torture/rfc4475/%s.dat", close_files[i]);
		msg = file(rel, &len);
		start();
		c = sip_stack_conn_accepted(W.st, SIP_TP_TCP, &W.local, &W.remote, 0);
		CU_ASSERT_FATAL(c != 0);
		recv_tcp(c, msg, len);
		/* RFC 4475 3.1.2.3 / 3.3.9: a 400 on the connection, then it
		 * is closed; no transaction. */
		CU_ASSERT_EQUAL_FATAL(W.n, 2);
		CU_ASSERT_EQUAL(status_of(&W.o[0]), 400);
		CU_ASSERT_EQUAL(W.o[0].conn, c);
		CU_ASSERT_EQUAL(W.o[0].tp, SIP_TP_TCP);
		CU_ASSERT_EQUAL(W.o[1].kind, SIP_TX_CLOSE);
		CU_ASSERT_EQUAL(W.o[1].conn, c);
		CU_ASSERT_EQUAL(count_ev(SIP_TXN_EV_START, -1), 0);
		/* The connection is gone: more bytes are dropped. */
		recv_tcp(c, "\r\n\r\n", 4);
		CU_ASSERT_EQUAL(W.n, 2);
		stop();
		free(msg);
	}
	/* RFC 4475 3.1.2.2 clerr: the stream waits for the rest. */
	msg = file("corpus/torture/rfc4475/clerr.dat", &len);
	start();
	c = sip_stack_conn_accepted(W.st, SIP_TP_TCP, &W.local, &W.remote, 0);
	recv_tcp(c, msg, len);
	CU_ASSERT_EQUAL(W.n, 0);
	recv_tcp(c, "xyz", 3);
	CU_ASSERT_EQUAL(W.n, 0);
	sip_stack_conn_closed(W.st, c, 0, 0);
	drain();
	CU_ASSERT_EQUAL(W.n, 0);
	stop();
	/* ... then closes it: 64*T1 after the last bytes arrived, the partial
	 * message is given up. */
	start();
	c = sip_stack_conn_accepted(W.st, SIP_TP_TCP, &W.local, &W.remote, 0);
	recv_tcp(c, msg, len);
	advance(10000);
	recv_tcp(c, "xyz", 3); /* more bytes restart the wait */
	advance(10000 + 31999);
	CU_ASSERT_EQUAL(W.n, 0);
	advance(10000 + 32000);
	CU_ASSERT_EQUAL_FATAL(W.n, 1);
	CU_ASSERT_EQUAL(W.o[0].kind, SIP_TX_CLOSE);
	CU_ASSERT_EQUAL(W.o[0].conn, c);
	CU_ASSERT_EQUAL(W.o[0].at, 42000);
	stop();
	free(msg);
	/* A lone CRLF (keep-alive traffic in progress) is not a partial
	 * message: nothing is closed. */
	start();
	c = sip_stack_conn_accepted(W.st, SIP_TP_TCP, &W.local, &W.remote, 0);
	recv_tcp(c, "\r\n", 2);
	advance(1000000);
	CU_ASSERT_EQUAL(W.n, 0);
	stop();
	/* Without a usable Via (badinv01) a datagram is answered at its
	 * source address and port (RFC 3581 style), a stream on itself. */
	msg = file("corpus/torture/rfc4475/badinv01.dat", &len);
	start();
	recv_udp(msg, len);
	CU_ASSERT_EQUAL_FATAL(W.n, 1);
	CU_ASSERT_EQUAL(status_of(&W.o[0]), 400);
	CU_ASSERT(sip_addr_eq(&W.o[0].remote, &W.remote));
	stop();
	free(msg);
	msg = file("corpus/torture/rfc4475/badinv01.dat", &len);
	start();
	c = sip_stack_conn_accepted(W.st, SIP_TP_TCP, &W.local, &W.remote, 0);
	recv_tcp(c, msg, len);
	CU_ASSERT_EQUAL_FATAL(W.n, 1);
	CU_ASSERT_EQUAL(status_of(&W.o[0]), 400);
	CU_ASSERT_EQUAL(W.o[0].conn, c);
	stop();
	free(msg);
}

static const char options_tcp[] = "OPTIONS sip:u@192.0.2.10 SIP/2.0\r\n"
                                  "Via: SIP/2.0/TCP 198.51.100.7:5070;branch=z9hG4bKt1\r\n"
                                  "Max-Forwards: 70\r\n"
                                  "To: <sip:u@192.0.2.10>\r\n"
                                  "From: <sip:c@example.com>;tag=1\r\n"
                                  "Call-ID: tcp-1\r\n"
                                  "CSeq: 1 OPTIONS\r\n"
                                  "Content-Length: 0\r\n\r\n";

/* Framing does not depend on how the stream was cut. */
static void test_stream_splits(void)
{
	size_t at, len = sizeof(options_tcp) - 1;
	for (at = 0; at <= len; at++) {
		uint32_t c;
		start();
		c = sip_stack_conn_accepted(W.st, SIP_TP_TCP, &W.local, &W.remote, 0);
		recv_tcp(c, options_tcp, at);
		CU_ASSERT_EQUAL(count_ev(SIP_TXN_EV_START, 1), at == len ? 1 : 0);
		recv_tcp(c, options_tcp + at, len - at);
		CU_ASSERT_EQUAL(count_ev(SIP_TXN_EV_START, 1), 1);
		stop();
	}
	/* Two messages and a keep-alive in one read. */
	{
		char two[2048] = {0};
		uint32_t c;
		size_t n = 0;
		memcpy(two, options_tcp, len);
		n += len;
		memcpy(two + n, "\r\n\r\n", 4);
		n += 4;
		memcpy(two + n, options_tcp, len);
		/* branch z9hG4bKt2: a new transaction */
		memcpy(strstr(two + n, "z9hG4bKt1") + 8, "2", 1);
		n += len;
		start();
		c = sip_stack_conn_accepted(W.st, SIP_TP_TCP, &W.local, &W.remote, 0);
		recv_tcp(c, two, n);
		CU_ASSERT_EQUAL(count_ev(SIP_TXN_EV_START, 1), 2);
		stop();
	}
}

static void test_keepalive(void)
{
	uint32_t c;
	size_t i, pongs = 0;
	start();
	c = sip_stack_conn_accepted(W.st, SIP_TP_TCP, &W.local, &W.remote, 0);
	/* RFC 5626 4.4.1: CRLFCRLF gets CRLF; a lone CRLF is skipped. */
	recv_tcp(c, "\r\n\r\n", 4);
	recv_tcp(c, "\r\n", 2);
	recv_tcp(c, options_tcp, sizeof(options_tcp) - 1);
	for (i = 0; i < W.n; i++)
		if (W.o[i].kind == SIP_TX_SEND && W.o[i].len == 2 &&
		    memcmp(W.o[i].buf, "\r\n", 2) == 0)
			pongs++;
	CU_ASSERT_EQUAL(pongs, 1);
	CU_ASSERT_EQUAL(W.o[0].conn, c);
	CU_ASSERT_EQUAL(count_ev(SIP_TXN_EV_START, 1), 1);
	stop();
}

/* ---- Client transactions --------------------------------------------------------- */

static const char cl_invite[] = "INVITE sip:bob@198.51.100.7:5070 SIP/2.0\r\n"
                                "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKc1;rport\r\n"
                                "Max-Forwards: 70\r\n"
                                "Route: <sip:198.51.100.7:5070;lr>\r\n"
                                "To: <sip:bob@example.com>\r\n"
                                "From: <sip:alice@example.com>;tag=a1\r\n"
                                "Call-ID: cl-1\r\n"
                                "CSeq: 1 INVITE\r\n"
                                "Contact: <sip:alice@192.0.2.10:5060>\r\n"
                                "Content-Length: 0\r\n\r\n";

static const char cl_options[] = "OPTIONS sip:bob@198.51.100.7:5070 SIP/2.0\r\n"
                                 "Via: SIP/2.0/%s 192.0.2.10:5060;branch=z9hG4bK%s\r\n"
                                 "Max-Forwards: 70\r\n"
                                 "To: <sip:bob@example.com>\r\n"
                                 "From: <sip:alice@example.com>;tag=a1\r\n"
                                 "Call-ID: cl-2\r\n"
                                 "CSeq: 2 OPTIONS\r\n"
                                 "Content-Length: %zu\r\n\r\n%s";

static struct sip__dest dest(enum sip_transport tp, const char *remote)
{
	struct sip__dest d;
	memset(&d, 0, sizeof(d));
	d.tp = tp;
	d.remote = addr(remote);
	return d;
}

static size_t sends_at(uint64_t *at, size_t cap, const char *start_line)
{
	size_t i, n = 0;
	for (i = 0; i < W.n; i++)
		if (W.o[i].kind == SIP_TX_SEND &&
		    strncmp(W.o[i].buf, start_line, strlen(start_line)) == 0) {
			if (n < cap)
				at[n] = W.o[i].at;
			n++;
		}
	return n;
}

/* 17.1.1.2 over UDP: Timer A doubles from T1 without cap; Timer B. */
static void test_client_ict_schedule(void)
{
	static const uint64_t want[] = {0, 500, 1500, 3500, 7500, 15500, 31500};
	struct sip__dest d = dest(SIP_TP_UDP, "198.51.100.7:5070");
	struct sip_txn *t = NULL;
	uint64_t at[32];
	size_t n, i;
	uint32_t id;
	start();
	CU_ASSERT_EQUAL(sip__stack_request(W.st, cl_invite, sizeof(cl_invite) - 1, &d, NULL, &t, 0),
	                0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(t->kind, SIP_TXN_ICT);
	id = t->id;
	drain();
	advance(64000);
	n = sends_at(at, 32, "INVITE ");
	CU_ASSERT_EQUAL(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n && i < sizeof(want) / sizeof(want[0]); i++)
		CU_ASSERT_EQUAL(at[i], want[i]);
	CU_ASSERT_TRUE(remote_is(&W.o[0], "198.51.100.7:5070"));
	CU_ASSERT_TRUE(sip_addr_eq(&W.o[0].local, &W.local));
	CU_ASSERT_PTR_NOT_NULL(find_tr(id, SIP_TXN_EV_TIMER_B));
	if (find_tr(id, SIP_TXN_EV_TIMER_B))
		CU_ASSERT_EQUAL(find_tr(id, SIP_TXN_EV_TIMER_B)->now, 32000);
	CU_ASSERT_EQUAL(sip_stack_next_expiry(W.st), UINT64_MAX);
	stop();
}

/* 17.1.2.2 over UDP: Timer E doubles up to T2; Timer F. */
static void test_client_nict_schedule(void)
{
	static const uint64_t want[] = {0,     500,   1500,  3500,  7500, 11500,
	                                15500, 19500, 23500, 27500, 31500};
	struct sip__dest d = dest(SIP_TP_UDP, "198.51.100.7:5070");
	struct sip_txn *t = NULL;
	char req[1024];
	uint64_t at[32];
	size_t n, i;
	start();
	n = (size_t)snprintf(req, sizeof(req), cl_options, "UDP", "o1", (size_t)0, "");
	CU_ASSERT_EQUAL(sip__stack_request(W.st, req, n, &d, NULL, &t, 0), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(t->kind, SIP_TXN_NICT);
	drain();
	advance(64000);
	n = sends_at(at, 32, "OPTIONS ");
	CU_ASSERT_EQUAL(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n && i < sizeof(want) / sizeof(want[0]); i++)
		CU_ASSERT_EQUAL(at[i], want[i]);
	CU_ASSERT_EQUAL(count_ev(SIP_TXN_EV_TIMER_F, 0), 1);
	stop();
}

static size_t resp_text(char *out, size_t cap, const char *via, unsigned status, const char *cseq)
{
	return (size_t)snprintf(out, cap,
	                        "SIP/2.0 %u Whatever\r\nVia: %s\r\n"
	                        "To: <sip:bob@example.com>;tag=b9\r\n"
	                        "From: <sip:alice@example.com>;tag=a1\r\nCall-ID: cl-1\r\n"
	                        "CSeq: %s\r\nContent-Length: 0\r\n\r\n",
	                        status, via, cseq);
}

/* 17.1.1.3: the ACK for a 300-699, sent where the INVITE went, again for
 * each retransmitted final response; Timer D. */
static void test_client_ict_ack(void)
{
	struct sip__dest d = dest(SIP_TP_UDP, "198.51.100.7:5070");
	struct sip_txn *t = NULL;
	char r[1024];
	size_t n, i, acks = 0;
	uint64_t at[32];
	uint32_t id;
	const struct out *a = NULL;
	start();
	CU_ASSERT_EQUAL(sip__stack_request(W.st, cl_invite, sizeof(cl_invite) - 1, &d, NULL, &t, 0),
	                0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	id = t->id;
	drain();
	advance(100);
	n = resp_text(r, sizeof(r),
	              "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKc1;rport=5060;received=192.0.2.10",
	              486, "1 INVITE");
	recv_udp(r, n);
	W.now = 200;
	recv_udp(r, n);
	advance(64000);
	for (i = 0; i < W.n; i++) {
		if (strncmp(W.o[i].buf, "ACK ", 4) != 0)
			continue;
		acks++;
		a = &W.o[i];
	}
	CU_ASSERT_EQUAL(acks, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_TRUE(remote_is(a, "198.51.100.7:5070"));
	CU_ASSERT_EQUAL(strncmp(a->buf, "ACK sip:bob@198.51.100.7:5070 SIP/2.0\r\n", 39), 0);
	CU_ASSERT_STRING_EQUAL(hdr(a, "Via"), "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKc1;rport");
	CU_ASSERT_STRING_EQUAL(hdr(a, "To"), "<sip:bob@example.com>;tag=b9");
	CU_ASSERT_STRING_EQUAL(hdr(a, "CSeq"), "1 ACK");
	CU_ASSERT_STRING_EQUAL(hdr(a, "Route"), "<sip:198.51.100.7:5070;lr>");
	/* No INVITE retransmission after the response. */
	CU_ASSERT_EQUAL(sends_at(at, 32, "INVITE "), 1);
	CU_ASSERT_PTR_NOT_NULL(find_tr(id, SIP_TXN_EV_TIMER_D));
	if (find_tr(id, SIP_TXN_EV_TIMER_D))
		CU_ASSERT_EQUAL(find_tr(id, SIP_TXN_EV_TIMER_D)->now, 100 + 32000);
	stop();
}

/* 18.1.2 and 8.1.3.3: responses that are not ours, or carry two Vias, or
 * match no transaction (17.1.3) are dropped and change nothing. */
static void test_client_response_drops(void)
{
	static const struct {
		const char *via;
		const char *cseq;
	} bad[] = {
	        {"SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKother", "1 INVITE"},
	        {"SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKc1, SIP/2.0/UDP 192.0.2.1", "1 INVITE"},
	        {"SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bKc1", "1 INVITE"},
	        {"SIP/2.0/UDP 192.0.2.10:5099;branch=z9hG4bKc1", "1 INVITE"},
	        {"SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKc1", "1 OPTIONS"},
	};
	struct sip__dest d = dest(SIP_TP_UDP, "198.51.100.7:5070");
	struct sip_txn *t = NULL;
	char r[1024];
	size_t i, n;
	start();
	CU_ASSERT_EQUAL(sip__stack_request(W.st, cl_invite, sizeof(cl_invite) - 1, &d, NULL, &t, 0),
	                0);
	drain();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = resp_text(r, sizeof(r), bad[i].via, 486, bad[i].cseq);
		recv_udp(r, n);
	}
	/* Nothing reached the transaction: still Calling, no ACK. */
	CU_ASSERT_EQUAL(count_ev(SIP_TXN_EV_RECV_3XX_6XX, 0), 0);
	CU_ASSERT_EQUAL(W.n, 1);
	CU_ASSERT_EQUAL(t->state, SIP_TXN_CALLING);
	/* The right one does. */
	n = resp_text(r, sizeof(r), "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKc1", 180,
	              "1 INVITE");
	recv_udp(r, n);
	CU_ASSERT_EQUAL(count_ev(SIP_TXN_EV_RECV_1XX, 0), 1);
	CU_ASSERT_EQUAL(t->state, SIP_TXN_PROCEEDING);
	stop();
}

/* TCP: one connection for two requests to the same remote (CONNECT first),
 * no retransmissions, a response on the connection, and a transport error
 * for what is still running when it closes (17.1.4). */
static void test_client_tcp(void)
{
	struct sip__dest d = dest(SIP_TP_TCP, "198.51.100.7:5070");
	struct sip_txn *t1 = NULL, *t2 = NULL;
	char req[1024], r[1024];
	size_t n;
	uint32_t c, id1, id2;
	const struct trec *x;
	start();
	n = (size_t)snprintf(req, sizeof(req), cl_options, "TCP", "tc1", (size_t)0, "");
	CU_ASSERT_EQUAL(sip__stack_request(W.st, req, n, &d, NULL, &t1, 0), 0);
	n = (size_t)snprintf(req, sizeof(req), cl_options, "TCP", "tc2", (size_t)0, "");
	CU_ASSERT_EQUAL(sip__stack_request(W.st, req, n, &d, NULL, &t2, 0), 0);
	CU_ASSERT_FATAL(t1 && t2);
	id1 = t1->id;
	id2 = t2->id;
	drain();
	CU_ASSERT_EQUAL_FATAL(W.n, 3);
	CU_ASSERT_EQUAL(W.o[0].kind, SIP_TX_CONNECT);
	c = W.o[0].conn;
	CU_ASSERT(c != 0);
	CU_ASSERT_TRUE(remote_is(&W.o[0], "198.51.100.7:5070"));
	CU_ASSERT_EQUAL(W.o[1].kind, SIP_TX_SEND);
	CU_ASSERT_EQUAL(W.o[1].conn, c);
	CU_ASSERT_EQUAL(W.o[2].kind, SIP_TX_SEND);
	CU_ASSERT_EQUAL(W.o[2].conn, c);
	/* The response to the first comes back on the connection. */
	n = (size_t)snprintf(
	        r, sizeof(r),
	        "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKtc1\r\n"
	        "To: <sip:bob@example.com>;tag=b\r\nFrom: <sip:alice@example.com>;tag=a1\r\n"
	        "Call-ID: cl-2\r\nCSeq: 2 OPTIONS\r\nContent-Length: 0\r\n\r\n");
	recv_tcp(c, r, n);
	CU_ASSERT_PTR_NOT_NULL(find_tr(id1, SIP_TXN_EV_RECV_2XX));
	advance(20000);
	/* Reliable: no retransmission; Timer K is zero. */
	CU_ASSERT_EQUAL(W.n, 3);
	x = find_tr(id1, SIP_TXN_EV_TIMER_K);
	CU_ASSERT_PTR_NOT_NULL(x);
	if (x)
		CU_ASSERT_EQUAL(x->now, 0);
	sip_stack_conn_closed(W.st, c, 104, 20000);
	drain();
	x = find_tr(id2, SIP_TXN_EV_TRANSPORT_ERROR);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(x->to, SIP_TXN_TERMINATED);
	/* The next request to that remote opens a new connection. */
	n = (size_t)snprintf(req, sizeof(req), cl_options, "TCP", "tc3", (size_t)0, "");
	CU_ASSERT_EQUAL(sip__stack_request(W.st, req, n, &d, NULL, &t1, 20000), 0);
	drain();
	CU_ASSERT_EQUAL_FATAL(W.n, 5);
	CU_ASSERT_EQUAL(W.o[3].kind, SIP_TX_CONNECT);
	CU_ASSERT(W.o[3].conn != c);
	stop();
}

/* 18.1.1: a UDP request over 1300 bytes goes over TCP, its Via amended. */
static void test_udp_1300(void)
{
	struct sip__dest d = dest(SIP_TP_UDP, "198.51.100.7:5070");
	struct sip_txn *t = NULL;
	static char body[1401], req[4096];
	size_t n;
	int tcp;
	memset(body, 'x', sizeof(body) - 1);
	for (tcp = 1; tcp >= 0; tcp--) {
		start_cfg(NULL, tcp);
		n = (size_t)snprintf(req, sizeof(req), cl_options, "UDP", "big", sizeof(body) - 1,
		                     body);
		CU_ASSERT_EQUAL(sip__stack_request(W.st, req, n, &d, NULL, &t, 0), 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t);
		drain();
		advance(1000);
		if (tcp) {
			CU_ASSERT_EQUAL_FATAL(W.n, 2);
			CU_ASSERT_EQUAL(W.o[0].kind, SIP_TX_CONNECT);
			CU_ASSERT_EQUAL(W.o[0].tp, SIP_TP_TCP);
			CU_ASSERT_TRUE(remote_is(&W.o[0], "198.51.100.7:5070"));
			CU_ASSERT_EQUAL(W.o[1].tp, SIP_TP_TCP);
			CU_ASSERT_STRING_EQUAL(hdr(&W.o[1], "Via"),
			                       "SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKbig");
			CU_ASSERT_EQUAL(W.o[1].len, n);
			CU_ASSERT_TRUE(t->reliable);
		} else {
			/* No TCP to switch to: UDP it is (and retransmitted). */
			CU_ASSERT_EQUAL(W.n, 2);
			CU_ASSERT_EQUAL(W.o[0].tp, SIP_TP_UDP);
			CU_ASSERT_EQUAL(W.o[0].len, n);
		}
		stop();
	}
}

/* 18.2.2 on a stream: the connection while it is open, else a new one. */
static void test_route_streams(void)
{
	struct sip__dest d = dest(SIP_TP_TCP, "198.51.100.7:5070");
	uint32_t c, used = 0;
	start();
	c = sip_stack_conn_accepted(W.st, SIP_TP_TCP, &W.local, &W.remote, 0);
	d.conn = c;
	CU_ASSERT_EQUAL(sip__stack_route(W.st, &d, NULL, "a", 1, &used), 0);
	CU_ASSERT_EQUAL(used, c);
	/* Connection reuse by remote address. */
	d.conn = 0;
	CU_ASSERT_EQUAL(sip__stack_route(W.st, &d, NULL, "b", 1, &used), 0);
	CU_ASSERT_EQUAL(used, c);
	sip_stack_conn_closed(W.st, c, 0, 0);
	d.conn = c;
	CU_ASSERT_EQUAL(sip__stack_route(W.st, &d, NULL, "c", 1, &used), 0);
	CU_ASSERT(used != c && used != 0);
	drain();
	CU_ASSERT_EQUAL_FATAL(W.n, 4);
	CU_ASSERT_EQUAL(W.o[2].kind, SIP_TX_CONNECT);
	CU_ASSERT_EQUAL(W.o[2].conn, used);
	CU_ASSERT_EQUAL(W.o[3].conn, used);
	CU_ASSERT_EQUAL(W.o[3].buf[0], 'c');
	/* Raw sends (the ACK for a 2xx) over UDP. */
	d = dest(SIP_TP_UDP, "198.51.100.8:5060");
	CU_ASSERT_EQUAL(sip__stack_send_raw(W.st, "ACK", 3, &d), 0);
	drain();
	CU_ASSERT_EQUAL(W.o[4].tp, SIP_TP_UDP);
	CU_ASSERT_TRUE(remote_is(&W.o[4], "198.51.100.8:5060"));
	CU_ASSERT_TRUE(sip_addr_eq(&W.o[4].local, &W.local));
	stop();
}

/* ---- Services -------------------------------------------------------------- */

static int resolver(void *ud, struct sip_str host, struct sip_addr *out)
{
	(void)ud;
	if (!sip_str_caseeq_c(host, "proxy.example.com"))
		return SIP_ENOENT;
	return sip_addr_parse(out, "203.0.113.50", 12);
}

static void test_resolve(void)
{
	static const struct {
		const char *uri;
		int rc;
		enum sip_transport tp;
		const char *remote;
	} cases[] = {
	        {"sip:bob@192.0.2.1", 0, SIP_TP_UDP, "192.0.2.1:5060"},
	        {"sip:bob@192.0.2.1:5070;transport=tcp", 0, SIP_TP_TCP, "192.0.2.1:5070"},
	        {"sips:bob@192.0.2.1", 0, SIP_TP_TLS, "192.0.2.1:5061"},
	        {"sip:bob@[2001:db8::1]:7000;transport=UDP", 0, SIP_TP_UDP, "[2001:db8::1]:7000"},
	        {"sip:bob@example.com;maddr=192.0.2.77", 0, SIP_TP_UDP, "192.0.2.77:5060"},
	        {"sip:proxy.example.com;lr", 0, SIP_TP_UDP, "203.0.113.50:5060"},
	        {"sip:other.example.com", SIP_ENOENT, SIP_TP_UDP, NULL},
	        {"sip:bob@192.0.2.1;transport=sctp", SIP_EUNSUPP, SIP_TP_UDP, NULL},
	        {"tel:+15551234", SIP_EUNSUPP, SIP_TP_UDP, NULL},
	};
	struct sip_stack_config cfg;
	struct sip_arena ar;
	size_t i;
	memset(&cfg, 0, sizeof(cfg));
	cfg.resolve = resolver;
	start_cfg(&cfg, 1);
	sip_arena_init(&ar, NULL, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sip_uri u;
		struct sip__dest d;
		int rc;
		CU_ASSERT_EQUAL_FATAL(
		        sip_uri_parse(&ar, cases[i].uri, strlen(cases[i].uri), 0, &u, NULL), 0);
		rc = sip__stack_resolve(W.st, &u, &d);
		CU_ASSERT_EQUAL(rc, cases[i].rc);
		if (rc || cases[i].rc)
			continue;
		CU_ASSERT_EQUAL(d.tp, cases[i].tp);
		{
			struct sip_addr want = addr(cases[i].remote);
			CU_ASSERT_TRUE(sip_addr_eq(&d.remote, &want));
		}
	}
	sip_arena_fini(&ar);
	stop();
}

static void test_tokens_and_locals(void)
{
	char a[40], b[40], c[40];
	struct sip_stack_config cfg;
	size_t i;
	memset(&cfg, 0, sizeof(cfg));
	cfg.seed = 7;
	start_cfg(&cfg, 0);
	sip__stack_token(W.st, a, sizeof(a));
	stop();
	start_cfg(&cfg, 0);
	sip__stack_token(W.st, b, sizeof(b));
	CU_ASSERT_EQUAL(memcmp(a, b, sizeof(a)), 0);
	sip__stack_token(W.st, b, sizeof(b));
	CU_ASSERT_NOT_EQUAL(memcmp(a, b, sizeof(a)), 0);
	CU_ASSERT_PTR_NOT_NULL(sip__stack_local(W.st, SIP_TP_UDP));
	CU_ASSERT_PTR_NULL(sip__stack_local(W.st, SIP_TP_TCP));
	CU_ASSERT_EQUAL(sip__stack_t1(W.st), 500);
	CU_ASSERT_EQUAL(sip__stack_t2(W.st), 4000);
	stop();
	cfg.seed = 8;
	start_cfg(&cfg, 0);
	sip__stack_token(W.st, c, sizeof(c));
	CU_ASSERT_NOT_EQUAL(memcmp(a, c, sizeof(a)), 0);
	for (i = 0; i < sizeof(c); i++)
		CU_ASSERT((c[i] >= 'a' && c[i] <= 'z') || (c[i] >= 'A' && c[i] <= 'Z') ||
		          (c[i] >= '0' && c[i] <= '9'));
	/* Bad listen arguments. */
	{
		struct sip_addr none;
		memset(&none, 0, sizeof(none));
		CU_ASSERT_EQUAL(sip_stack_listen(W.st, SIP_TP_UDP, &none), SIP_EINVAL);
		CU_ASSERT_EQUAL(sip_stack_listen(W.st, (enum sip_transport)9, &W.local),
		                SIP_EINVAL);
	}
	stop();
}

static void test_log_and_events(void)
{
	struct sip_event ev;
	const char *line;
	int level, i, lines = 0, dropped = 0, events = 0;
	start();
	drain();
	for (i = 0; i < 300; i++)
		sip__stack_log(W.st, 3, "line %d", i);
	while (sip_stack_poll_log(W.st, &level, &line) == 1) {
		if (strstr(line, "44 log lines dropped"))
			dropped++;
		else if (strncmp(line, "line ", 5) == 0 && atoi(line + 5) == lines)
			lines++;
	}
	CU_ASSERT_EQUAL(lines, 256);
	CU_ASSERT_EQUAL(dropped, 1);
	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < 300; i++) {
		ev.type = SIP_EV_REQUEST_DONE;
		ev.status = (unsigned)i;
		sip__stack_event(W.st, &ev);
	}
	while (sip_stack_poll_event(W.st, &ev) == 1)
		if (ev.type == SIP_EV_REQUEST_DONE && ev.status == (unsigned)events)
			events++;
	CU_ASSERT_EQUAL(events, 256);
	stop();
}

/* ---- Allocation failure ------------------------------------------------------- */

/* One run of everything a stack does with its allocator. */
static void alloc_run(const struct sip_allocator *a, const char *inv, size_t len, const char *bad,
                      size_t bad_len)
{
	struct sip_stack_config cfg;
	struct sip_stack *st;
	struct sip_tx tx;
	struct sip__dest d = dest(SIP_TP_UDP, "198.51.100.7:5070");
	struct sip_txn *t;
	char r[1024];
	size_t rn;
	uint32_t c;
	uint64_t now = 0;
	memset(&cfg, 0, sizeof(cfg));
	cfg.alloc = a;
	cfg.seed = 1;
	st = sip_stack_new(&cfg);
	if (!st)
		return;
	sip_stack_listen(st, SIP_TP_UDP, &W.local);
	sip_stack_listen(st, SIP_TP_TCP, &W.local);
	sip_stack_recv(st, SIP_TP_UDP, 0, &W.local, &W.remote, inv, len, 0);
	sip_stack_recv(st, SIP_TP_UDP, 0, &W.local, &W.remote, inv, len, 1);
	sip_stack_recv(st, SIP_TP_UDP, 0, &W.local, &W.remote, bad, bad_len, 1);
	c = sip_stack_conn_accepted(st, SIP_TP_TCP, &W.local, &W.remote, 2);
	sip_stack_recv(st, SIP_TP_TCP, c, &W.local, &W.remote, options_tcp, sizeof(options_tcp) - 1,
	               2);
	sip_stack_recv(st, SIP_TP_TCP, c, &W.local, &W.remote, "\r\n\r\n", 4, 2);
	sip__stack_request(st, cl_invite, sizeof(cl_invite) - 1, &d, NULL, &t, 3);
	rn = resp_text(r, sizeof(r), "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKc1;rport=5060", 486,
	               "1 INVITE");
	sip_stack_recv(st, SIP_TP_UDP, 0, &W.local, &W.remote, r, rn, 4);
	while (sip_stack_next_expiry(st) <= 40000) {
		if (sip_stack_next_expiry(st) > now)
			now = sip_stack_next_expiry(st);
		sip_stack_handle_expiry(st, now);
		while (sip_stack_poll_tx(st, &tx) == 1)
			;
	}
	sip_stack_conn_closed(st, c, 0, now);
	while (sip_stack_poll_tx(st, &tx) == 1)
		;
	sip_stack_free(st);
}

/* Fails allocation N for every N over a whole run (new, listen, an INVITE
 * over UDP twice, a stateless 400, a request and a keep-alive over TCP, a
 * client INVITE with its ACK, timers, free): never a crash, never a leak. */
static void test_alloc_failures(void)
{
	static struct sip_counting_alloc ca;
	size_t len, bad_len;
	char *inv = file("corpus/torture/rfc4475/wsinv.dat", &len);
	char *bad = file("corpus/torture/rfc4475/ncl.dat", &bad_len);
	unsigned long n;
	int complete = 0;
	for (n = 1; n < 20000 && !complete; n++) {
		sip_counting_alloc_init(&ca, NULL);
		ca.fail_at = n;
		alloc_run(&ca.base, inv, len, bad, bad_len);
		CU_ASSERT_EQUAL(ca.bytes_live, 0);
		if (ca.bytes_live)
			fprintf(stderr, "leak with allocation %lu failing: %zu bytes\n", n,
			        ca.bytes_live);
		/* Done once a run needed fewer allocations than the one failed. */
		complete = ca.nalloc < n;
	}
	CU_ASSERT_TRUE(complete);
	CU_ASSERT(n > 25); /* every step above allocates */
	free(inv);
	free(bad);
}

int main(void)
{
	int rc;
	tu_suite("torture",
	         (CU_TestInfo[]){{"RFC 4475 over UDP", test_torture_udp},
	                         {"stateless answer details", test_torture_answer_details},
	                         CU_TEST_INFO_NULL});
	tu_suite("via",
	         (CU_TestInfo[]){{"18.2.1 received, RFC 3581 rport", test_via_received_rport},
	                         {"17.2.1 Timer G to the rport", test_server_timer_g},
	                         {"17.2.1 ACK absorbs, Timer I", test_server_ack_absorbs},
	                         CU_TEST_INFO_NULL});
	tu_suite("match",
	         (CU_TestInfo[]){{"retransmissions absorbed", test_retransmission_absorbed},
	                         {"RFC 2543 ACK matching", test_2543_ack},
	                         CU_TEST_INFO_NULL});
	tu_suite("stream", (CU_TestInfo[]){{"framing errors close", test_stream_framing_errors},
	                                   {"every split", test_stream_splits},
	                                   {"keep-alive", test_keepalive},
	                                   CU_TEST_INFO_NULL});
	tu_suite("client",
	         (CU_TestInfo[]){{"ICT schedule (17.1.1.2)", test_client_ict_schedule},
	                         {"NICT schedule (17.1.2.2)", test_client_nict_schedule},
	                         {"ACK for 300-699 (17.1.1.3)", test_client_ict_ack},
	                         {"responses dropped (18.1.2)", test_client_response_drops},
	                         {"TCP reuse and loss", test_client_tcp},
	                         {"1300-byte rule (18.1.1)", test_udp_1300},
	                         {"stream routing (18.2.2)", test_route_streams},
	                         CU_TEST_INFO_NULL});
	tu_suite("services", (CU_TestInfo[]){{"resolve", test_resolve},
	                                     {"tokens, locals", test_tokens_and_locals},
	                                     {"log and event queues", test_log_and_events},
	                                     {"allocation failure at every N", test_alloc_failures},
	                                     CU_TEST_INFO_NULL});
	rc = tu_run();
	sip_msg_free(PM);
	return rc;
}

/* The transport layer's pieces: Via handling (RFC 3261 18.1.1, 18.1.2,
 * 18.2.1, 18.2.2; RFC 3581) and stream connections (framing across any
 * split of the stream, keep-alives, RFC 5626 3.5.1). */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "transport/conn.h"
#include "transport/via.h"

static struct sip_msg *M;

static struct sip_msg *req_with_via(const char *via)
{
	static char text[1024];
	int n = snprintf(text, sizeof(text),
	                 "OPTIONS sip:bob@example.com SIP/2.0\r\n"
	                 "Via: %s\r\n"
	                 "To: <sip:bob@example.com>\r\n"
	                 "From: <sip:alice@example.com>;tag=1\r\n"
	                 "Call-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
	                 via);
	if (!M)
		M = sip_msg_new(NULL);
	CU_ASSERT_EQUAL_FATAL(sip_msg_parse(M, text, (size_t)n, 0, NULL), 0);
	return M;
}

static struct sip_addr addr(const char *s)
{
	struct sip_addr a;
	CU_ASSERT_EQUAL(sip_addr_parse(&a, s, strlen(s)), 0);
	return a;
}

/* The value of the first Via line of text. */
static const char *via_of(const char *text, size_t len)
{
	static char out[512];
	const char *p = NULL, *e;
	size_t i;
	for (i = 0; i + 5 < len; i++)
		if (memcmp(text + i, "\r\nVia: ", 7) == 0) {
			p = text + i + 7;
			break;
		}
	if (!p)
		return "";
	e = strstr(p, "\r\n");
	snprintf(out, sizeof(out), "%.*s", (int)(e - p), p);
	return out;
}

struct stamp_case {
	const char *via;
	const char *src;
	const char *want; /* the amended Via; NULL: unchanged */
};

static const struct stamp_case stamp_cases[] = {
        /* 18.2.1: the sent-by is the source: nothing to add. */
        {"SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bK1", "198.51.100.7:5070", NULL},
        /* ... also when only the port differs (received is about the IP). */
        {"SIP/2.0/UDP 198.51.100.7:5080;branch=z9hG4bK1", "198.51.100.7:5070", NULL},
        /* A name or another address: received. */
        {"SIP/2.0/UDP host.example.com;branch=z9hG4bK1", "198.51.100.7:5070",
         "SIP/2.0/UDP host.example.com;branch=z9hG4bK1;received=198.51.100.7"},
        {"SIP/2.0/UDP 203.0.113.1:5060", "198.51.100.7:5070",
         "SIP/2.0/UDP 203.0.113.1:5060;received=198.51.100.7"},
        {"SIP/2.0/UDP 203.0.113.1", "198.51.100.7:5070",
         "SIP/2.0/UDP 203.0.113.1;received=198.51.100.7"},
        /* RFC 3581 4: rport filled, received even for the same address. */
        {"SIP/2.0/UDP 198.51.100.7:5070;rport;branch=z9hG4bK1", "198.51.100.7:5070",
         "SIP/2.0/UDP 198.51.100.7:5070;rport=5070;branch=z9hG4bK1;received=198.51.100.7"},
        {"SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport", "198.51.100.7:40000",
         "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport=40000;received=198.51.100.7"},
        /* A stale received is replaced, a right one kept. */
        {"SIP/2.0/UDP h.example.com;received=192.0.2.99;branch=z9hG4bK1", "198.51.100.7:1",
         "SIP/2.0/UDP h.example.com;received=198.51.100.7;branch=z9hG4bK1"},
        {"SIP/2.0/UDP h.example.com;received=198.51.100.7;branch=z9hG4bK1", "198.51.100.7:1", NULL},
        /* Only the first via-parm is touched; whitespace and quoted
         * values are stepped over. */
        {"SIP/2.0/UDP h.example.com ; branch=z9hG4bK1 ; x=\"a,b\" , SIP/2.0/UDP o.example.com",
         "198.51.100.7:1",
         "SIP/2.0/UDP h.example.com ; branch=z9hG4bK1 ; x=\"a,b\";received=198.51.100.7 , "
         "SIP/2.0/UDP o.example.com"},
        {"SIP/2.0/TCP h.example.com : 5090", "198.51.100.7:1",
         "SIP/2.0/TCP h.example.com : 5090;received=198.51.100.7"},
        /* IPv6: received without brackets (RFC 3261 25.1). */
        {"SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1", "[2001:db8::7]:5060",
         "SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1;received=2001:db8::7"},
        {"SIP/2.0/UDP [2001:db8::7];branch=z9hG4bK1", "[2001:db8::7]:5060", NULL},
};

static void test_stamp(void)
{
	size_t i;
	for (i = 0; i < sizeof(stamp_cases) / sizeof(stamp_cases[0]); i++) {
		const struct stamp_case *c = &stamp_cases[i];
		struct sip_msg *m = req_with_via(c->via);
		struct sip_addr src = addr(c->src);
		char out[2048];
		struct sip_buf b;
		size_t n;
		sip_buf_init(&b, NULL, 0);
		n = sip__via_stamp(&b, m, &src);
		if (!c->want) {
			CU_ASSERT_EQUAL(n, 0);
			continue;
		}
		CU_ASSERT_FATAL(n > 0 && n < sizeof(out));
		sip_buf_init(&b, out, n);
		CU_ASSERT_EQUAL(sip__via_stamp(&b, m, &src), n);
		CU_ASSERT_STRING_EQUAL(via_of(out, n), c->want);
		if (strcmp(via_of(out, n), c->want) != 0)
			fprintf(stderr, "stamp case %zu: %s\n", i, via_of(out, n));
		/* The rest of the message is intact and still parses. */
		CU_ASSERT_EQUAL(n - strlen(c->want), m->len - strlen(c->via));
		CU_ASSERT_EQUAL(sip_msg_parse(M, out, n, 0, NULL), 0);
		CU_ASSERT_PTR_NOT_NULL(sip_msg_top_via(M));
	}
}

struct dest_case {
	const char *via; /* as amended by 18.2.1 */
	enum sip_transport tp;
	uint32_t conn;
	int rc;
	const char *remote;
	uint32_t want_conn;
};

static const struct dest_case dest_cases[] = {
        /* Unreliable: received + rport, received + sent-by port, sent-by. */
        {"SIP/2.0/UDP h.example.com:5080;rport=5070;received=198.51.100.7", SIP_TP_UDP, 0, 0,
         "198.51.100.7:5070", 0},
        {"SIP/2.0/UDP h.example.com:5080;received=198.51.100.7", SIP_TP_UDP, 0, 0,
         "198.51.100.7:5080", 0},
        {"SIP/2.0/UDP h.example.com;received=198.51.100.7", SIP_TP_UDP, 0, 0, "198.51.100.7:5060",
         0},
        {"SIP/2.0/UDP 203.0.113.5:5099", SIP_TP_UDP, 0, 0, "203.0.113.5:5099", 0},
        {"SIP/2.0/UDP [2001:db8::5]", SIP_TP_UDP, 0, 0, "[2001:db8::5]:5060", 0},
        {"SIP/2.0/UDP h.example.com;received=2001:db8::7;rport=7", SIP_TP_UDP, 0, 0,
         "[2001:db8::7]:7", 0},
        /* maddr wins on unreliable transports, with the sent-by port. */
        {"SIP/2.0/UDP h.example.com:5080;maddr=239.1.2.3;ttl=1;received=198.51.100.7", SIP_TP_UDP,
         0, 0, "239.1.2.3:5080", 0},
        /* A name with nothing else: no resolver, no destination. */
        {"SIP/2.0/UDP h.example.com", SIP_TP_UDP, 0, SIP_ENOENT, NULL, 0},
        /* Reliable: the connection, and received/sent-by with the sent-by
         * port for when it is gone. */
        {"SIP/2.0/TCP h.example.com:5080;rport=40000;received=198.51.100.7", SIP_TP_TCP, 4, 0,
         "198.51.100.7:5080", 4},
        {"SIP/2.0/TLS h.example.com;received=198.51.100.7", SIP_TP_TLS, 4, 0, "198.51.100.7:5061",
         4},
        {"SIP/2.0/TCP h.example.com", SIP_TP_TCP, 9, 0, NULL, 9},
        {"SIP/2.0/TCP h.example.com", SIP_TP_TCP, 0, SIP_ENOENT, NULL, 0},
};

static void test_response_dest(void)
{
	size_t i;
	for (i = 0; i < sizeof(dest_cases) / sizeof(dest_cases[0]); i++) {
		const struct dest_case *c = &dest_cases[i];
		struct sip_msg *m = req_with_via(c->via);
		struct sip__dest d;
		int rc = sip__via_response_dest(sip_msg_top_via(m), c->tp, c->conn, NULL, &d);
		CU_ASSERT_EQUAL(rc, c->rc);
		if (rc != c->rc)
			fprintf(stderr, "dest case %zu: rc %d\n", i, rc);
		if (rc)
			continue;
		CU_ASSERT_EQUAL(d.tp, c->tp);
		CU_ASSERT_EQUAL(d.conn, c->want_conn);
		if (c->remote) {
			struct sip_addr want = addr(c->remote);
			CU_ASSERT_TRUE(sip_addr_eq(&d.remote, &want));
			if (!sip_addr_eq(&d.remote, &want))
				fprintf(stderr, "dest case %zu: port %u\n", i, d.remote.port);
		}
	}
}

static int resolve_example(void *ud, struct sip_str host, struct sip_addr *out)
{
	(void)ud;
	if (!sip_str_caseeq_c(host, "h.example.com"))
		return SIP_ENOENT;
	return sip_addr_parse(out, "203.0.113.77", 12);
}

static void test_response_dest_resolver(void)
{
	struct sip__resolver r = {resolve_example, NULL};
	struct sip__dest d;
	struct sip_addr want = addr("203.0.113.77:5062");
	struct sip_msg *m = req_with_via("SIP/2.0/UDP h.example.com:5062");
	CU_ASSERT_EQUAL(sip__via_response_dest(sip_msg_top_via(m), SIP_TP_UDP, 0, &r, &d), 0);
	CU_ASSERT_TRUE(sip_addr_eq(&d.remote, &want));
	m = req_with_via("SIP/2.0/UDP other.example.com:5062");
	CU_ASSERT_EQUAL(sip__via_response_dest(sip_msg_top_via(m), SIP_TP_UDP, 0, &r, &d),
	                SIP_ENOENT);
}

static void test_sent_by(void)
{
	struct sip_addr l = addr("192.0.2.10:5060"), any = addr("0.0.0.0:5070");
	struct sip_msg *m;
	m = req_with_via("SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1");
	CU_ASSERT_TRUE(sip__via_sent_by_is(sip_msg_top_via(m), SIP_TP_UDP, &l));
	m = req_with_via("SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1");
	CU_ASSERT_TRUE(sip__via_sent_by_is(sip_msg_top_via(m), SIP_TP_UDP, &l));
	CU_ASSERT_FALSE(sip__via_sent_by_is(sip_msg_top_via(m), SIP_TP_TLS, &l));
	m = req_with_via("SIP/2.0/UDP 192.0.2.11:5060;branch=z9hG4bK1");
	CU_ASSERT_FALSE(sip__via_sent_by_is(sip_msg_top_via(m), SIP_TP_UDP, &l));
	m = req_with_via("SIP/2.0/UDP 192.0.2.10:5061;branch=z9hG4bK1");
	CU_ASSERT_FALSE(sip__via_sent_by_is(sip_msg_top_via(m), SIP_TP_UDP, &l));
	m = req_with_via("SIP/2.0/UDP me.example.com:5060;branch=z9hG4bK1");
	CU_ASSERT_FALSE(sip__via_sent_by_is(sip_msg_top_via(m), SIP_TP_UDP, &l));
	/* A wildcard listen address: the port decides. */
	m = req_with_via("SIP/2.0/UDP me.example.com:5070;branch=z9hG4bK1");
	CU_ASSERT_TRUE(sip__via_sent_by_is(sip_msg_top_via(m), SIP_TP_UDP, &any));
}

static void test_retransport(void)
{
	struct sip_addr tcp = addr("192.0.2.10:5062");
	struct sip_msg *m = req_with_via(
	        "SIP/2.0/UDP  192.0.2.10 : 5060 ;branch=z9hG4bKq;rport, SIP/2.0/UDP x");
	char out[2048];
	struct sip_buf b;
	size_t n;
	sip_buf_init(&b, NULL, 0);
	n = sip__via_retransport(&b, m, SIP_TP_TCP, &tcp);
	CU_ASSERT_FATAL(n > 0 && n < sizeof(out));
	sip_buf_init(&b, out, n);
	sip__via_retransport(&b, m, SIP_TP_TCP, &tcp);
	CU_ASSERT_STRING_EQUAL(via_of(out, n),
	                       "SIP/2.0/TCP 192.0.2.10:5062 ;branch=z9hG4bKq;rport, SIP/2.0/UDP x");
}

static void test_first_and_count(void)
{
	struct sip_str s;
	struct sip_msg *m =
	        req_with_via("SIP/2.0/UDP a;branch=z9hG4bK1 ,SIP/2.0/UDP b,SIP/2.0/UDP c");
	CU_ASSERT_EQUAL(sip__via_first(m, &s), 0);
	CU_ASSERT_TRUE(sip_str_eq(s, SIP_STR("SIP/2.0/UDP a;branch=z9hG4bK1")));
	CU_ASSERT_EQUAL(sip__via_count(m), 3);
	m = req_with_via("SIP/2.0/UDP a:5060");
	CU_ASSERT_EQUAL(sip__via_first(m, &s), 0);
	CU_ASSERT_TRUE(sip_str_eq(s, SIP_STR("SIP/2.0/UDP a:5060")));
	CU_ASSERT_EQUAL(sip__via_count(m), 1);
	/* An undecodable Via line counts as one; no first via-parm. */
	m = req_with_via("SIP/2.0/UDP 192.0.2.15;;,;,,");
	CU_ASSERT_EQUAL(sip__via_first(m, &s), SIP_EPARSE);
	CU_ASSERT_EQUAL(sip__via_count(m), 1);
}

/* ---- Connections --------------------------------------------------------- */

static const char stream[] = "\r\n\r\n" /* ping */
                             "OPTIONS sip:a@example.com SIP/2.0\r\n"
                             "Content-Length: 3\r\n\r\nabc"
                             "\r\n" /* pong (skipped) */
                             "BYE sip:a@example.com SIP/2.0\r\n"
                             "l: 0\r\n\r\n";

/* Frames the stream fed in two parts split at `at`: the frame sequence
 * must not depend on the split (STYLE.md rule 8). */
static void frames_split(size_t at, char *log, size_t cap)
{
	struct sip__conns cs;
	struct sip__conn *c;
	size_t parts[2] = {at, sizeof(stream) - 1 - at}, off = 0, used = 0, i;
	sip__conns_init(&cs, sip_allocator_default(), 0);
	c = sip__conn_add(&cs, SIP_TP_TCP, NULL, NULL, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	log[0] = 0;
	for (i = 0; i < 2; i++) {
		const char *msg;
		size_t n;
		enum sip_frame f;
		CU_ASSERT_EQUAL(sip__conn_append(&cs, c, stream + off, parts[i]), 0);
		off += parts[i];
		while ((f = sip__conn_next(c, &msg, &n, NULL)) != SIP_FRAME_NEED) {
			int w = snprintf(log + used, cap - used, "%d:%zu:%.3s ", (int)f, n,
			                 msg ? msg : "");
			used += (size_t)w;
			if (f == SIP_FRAME_ERROR)
				break;
		}
	}
	sip__conns_fini(&cs);
}

static void test_conn_framing_splits(void)
{
	char want[256], got[256];
	size_t at;
	frames_split(sizeof(stream) - 1, want, sizeof(want));
	CU_ASSERT_STRING_EQUAL(want, "2:4:\r\n\r 1:59:OPT 3:2:\r\nB 1:39:BYE ");
	for (at = 0; at < sizeof(stream); at++) {
		frames_split(at, got, sizeof(got));
		CU_ASSERT_STRING_EQUAL(got, want);
	}
}

static void test_conn_table(void)
{
	struct sip__conns cs;
	struct sip__conn *a, *b, *c;
	struct sip_addr r1 = addr("198.51.100.7:5070"), r2 = addr("198.51.100.7:5071");
	const char *msg;
	size_t n;
	struct sip_perr err;
	sip__conns_init(&cs, sip_allocator_default(), 100);
	a = sip__conn_add(&cs, SIP_TP_TCP, NULL, &r1, 0);
	b = sip__conn_add(&cs, SIP_TP_TLS, NULL, &r1, 1);
	c = sip__conn_add(&cs, SIP_TP_TCP, NULL, &r2, 1);
	CU_ASSERT_FATAL(a && b && c);
	CU_ASSERT(a->id && b->id && c->id && a->id != b->id && b->id != c->id && a->id != c->id);
	CU_ASSERT_PTR_EQUAL(sip__conn_find(&cs, b->id), b);
	CU_ASSERT_PTR_NULL(sip__conn_find(&cs, 0));
	CU_ASSERT_PTR_EQUAL(sip__conn_find_remote(&cs, SIP_TP_TCP, &r1), a);
	CU_ASSERT_PTR_EQUAL(sip__conn_find_remote(&cs, SIP_TP_TLS, &r1), b);
	CU_ASSERT_PTR_EQUAL(sip__conn_find_remote(&cs, SIP_TP_TCP, &r2), c);
	CU_ASSERT_PTR_NULL(sip__conn_find_remote(&cs, SIP_TP_TLS, &r2));
	sip__conn_remove(&cs, a);
	CU_ASSERT_PTR_NULL(sip__conn_find_remote(&cs, SIP_TP_TCP, &r1));
	CU_ASSERT_EQUAL(cs.n, 2);
	/* max_msg 100: a head that never ends is an error, and far more
	 * unframed bytes than that are refused outright. */
	CU_ASSERT_EQUAL(sip__conn_append(&cs, c, "OPTIONS sip:a SIP/2.0\r\n", 23), 0);
	CU_ASSERT_EQUAL(sip__conn_next(c, &msg, &n, &err), SIP_FRAME_NEED);
	{
		char junk[300];
		memset(junk, 'x', sizeof(junk));
		CU_ASSERT_EQUAL(sip__conn_append(&cs, c, junk, 100), 0);
		CU_ASSERT_EQUAL(sip__conn_next(c, &msg, &n, &err), SIP_FRAME_ERROR);
		CU_ASSERT_EQUAL(sip__conn_append(&cs, c, junk, sizeof(junk)), SIP_ETOOBIG);
	}
	sip__conns_fini(&cs);
	CU_ASSERT_EQUAL(cs.n, 0);
}

int main(void)
{
	tu_suite("via", (CU_TestInfo[]){{"18.2.1 received and RFC 3581 rport", test_stamp},
	                                {"18.2.2 response destinations", test_response_dest},
	                                {"18.2.2 with a resolver", test_response_dest_resolver},
	                                {"18.1.2 sent-by is ours", test_sent_by},
	                                {"18.1.1 transport change", test_retransport},
	                                {"first via-parm, count", test_first_and_count},
	                                CU_TEST_INFO_NULL});
	tu_suite("conn", (CU_TestInfo[]){{"framing across every split", test_conn_framing_splits},
	                                 {"table and limits", test_conn_table},
	                                 CU_TEST_INFO_NULL});
	int rc = tu_run();
	sip_msg_free(M);
	return rc;
}

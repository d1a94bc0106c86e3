/* The message core: names, start lines, header index, Content-Length
 * framing, COPY, warm zero-allocation parsing and allocation failures. */
#include "msg/msg_impl.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define HDRS "Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"

static int parse(struct sip_msg *m, const char *s, size_t n, unsigned flags, struct sip_perr *e)
{
	return sip_msg_parse(m, tu_guard(s, n), n, flags, e);
}

static void test_names(void)
{
	static const struct {
		const char *name;
		enum sip_hdr_id id;
	} t[] = {
	        {"via", SIP_HDR_VIA},
	        {"VIA", SIP_HDR_VIA},
	        {"v", SIP_HDR_VIA},
	        {"V", SIP_HDR_VIA},
	        {"i", SIP_HDR_CALL_ID},
	        {"m", SIP_HDR_CONTACT},
	        {"e", SIP_HDR_CONTENT_ENCODING},
	        {"l", SIP_HDR_CONTENT_LENGTH},
	        {"c", SIP_HDR_CONTENT_TYPE},
	        {"f", SIP_HDR_FROM},
	        {"s", SIP_HDR_SUBJECT},
	        {"k", SIP_HDR_SUPPORTED},
	        {"t", SIP_HDR_TO},
	        {"content-LENGTH", SIP_HDR_CONTENT_LENGTH},
	        {"cseq", SIP_HDR_CSEQ},
	        {"www-authenticate", SIP_HDR_WWW_AUTHENTICATE},
	        {"x", SIP_HDR_OTHER},
	        {"o", SIP_HDR_OTHER}, /* Event: not in the table */
	        {"C%6Fntact", SIP_HDR_OTHER},
	        {"Contacts", SIP_HDR_OTHER},
	        {"Contac", SIP_HDR_OTHER},
	        {"", SIP_HDR_OTHER},
	        {"To-", SIP_HDR_OTHER},
	        {"Call-ID\r", SIP_HDR_OTHER},
	};
	size_t i;
	int id;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CU_ASSERT_EQUAL(sip_hdr_lookup(t[i].name, strlen(t[i].name)), t[i].id);
	/* Every row of SIP_HEADERS round-trips, in any case, long and compact. */
	for (id = 1; id < SIP_HDR__COUNT; id++) {
		const char *n = sip_hdr_name((enum sip_hdr_id)id);
		char up[64], lo[64], cf = sip_hdr_compact((enum sip_hdr_id)id);
		size_t k, len = strlen(n);
		CU_ASSERT_FATAL(len > 0 && len < sizeof(up));
		for (k = 0; k < len; k++) {
			up[k] = (char)((n[k] >= 'a' && n[k] <= 'z') ? n[k] - 32 : n[k]);
			lo[k] = (char)((n[k] >= 'A' && n[k] <= 'Z') ? n[k] + 32 : n[k]);
		}
		CU_ASSERT_EQUAL((int)sip_hdr_lookup(n, len), id);
		CU_ASSERT_EQUAL((int)sip_hdr_lookup(up, len), id);
		CU_ASSERT_EQUAL((int)sip_hdr_lookup(lo, len), id);
		if (cf)
			CU_ASSERT_EQUAL((int)sip_hdr_lookup(&cf, 1), id);
	}
	CU_ASSERT_STRING_EQUAL(sip_hdr_name(SIP_HDR_OTHER), "");
	CU_ASSERT_STRING_EQUAL(sip_hdr_name(SIP_HDR_CALL_ID), "Call-ID");
	CU_ASSERT_EQUAL(sip_hdr_compact(SIP_HDR_CALL_ID), 'i');
	CU_ASSERT_EQUAL(sip_hdr_compact(SIP_HDR_ROUTE), 0);
	/* Methods: case-sensitive (RFC 3261 7.1). */
	for (id = 1; id < SIP_METHOD__COUNT; id++) {
		const char *n = sip_method_name((enum sip_method)id);
		CU_ASSERT_EQUAL((int)sip_method_lookup(sip_str_make(n, strlen(n))), id);
	}
	CU_ASSERT_EQUAL(sip_method_lookup(SIP_STR("invite")), SIP_METHOD_OTHER);
	CU_ASSERT_EQUAL(sip_method_lookup(SIP_STR("INVITEX")), SIP_METHOD_OTHER);
	CU_ASSERT_EQUAL(sip_method_lookup(SIP_STR("BYE")), SIP_METHOD_BYE);
	CU_ASSERT_EQUAL(sip_method_lookup(SIP_STR("")), SIP_METHOD_OTHER);
	CU_ASSERT_STRING_EQUAL(sip_method_name(SIP_METHOD_OTHER), "");
}

static void test_start_lines(void)
{
	static const struct {
		const char *line;
		unsigned flags;
		int rc;
		int status;        /* err.status on failure, the Status-Code on success */
		const char *a, *b; /* method and ruri, or version and reason */
		unsigned lenient;
	} t[] = {
	        {"INVITE sip:a@b SIP/2.0", 0, 0, 0, "INVITE", "sip:a@b", 0},
	        {"!interesting-Method0123456789_*+`.%indeed'~ sip:a@b SIP/2.0", 0, 0, 0,
	         "!interesting-Method0123456789_*+`.%indeed'~", "sip:a@b", 0},
	        {"INVITE sip:a@b sip/2.0", 0, 0, 0, "INVITE", "sip:a@b", 0},
	        {"OPTIONS sip:a@b SIP/7.0", 0, 0, 0, "OPTIONS", "sip:a@b", 0},
	        {"INVITE  sip:a@b SIP/2.0", 0, SIP_EPARSE, 400, 0, 0, 0},
	        {"INVITE  sip:a@b  SIP/2.0", SIP_LENIENT_START_LINE_WS, 0, 0, "INVITE", "sip:a@b",
	         SIP_LENIENT_START_LINE_WS},
	        {"INVITE sip:a@b SIP/2.0 ", 0, SIP_EPARSE, 400, 0, 0, 0},
	        {"INVITE sip:a@b SIP/2.0  ", SIP_LENIENT_START_LINE_WS, 0, 0, "INVITE", "sip:a@b",
	         SIP_LENIENT_START_LINE_WS},
	        {"INVITE <sip:a@b> SIP/2.0", 0, SIP_EPARSE, 400, 0, 0, 0},
	        {"INVITE <sip:a@b> SIP/2.0", SIP_LENIENT_RURI_LTGT, 0, 0, "INVITE", "sip:a@b",
	         SIP_LENIENT_RURI_LTGT},
	        {"INVITE sip:a@b; lr SIP/2.0", 0, SIP_EPARSE, 400, 0, 0, 0},
	        {"INVITE sip:a@b SIP/2.0x", 0, SIP_EPARSE, 400, 0, 0, 0},
	        {"INVITE sip:a@b SIP/2", 0, SIP_EPARSE, 400, 0, 0, 0},
	        {"INVITE sip:a@b HTTP/1.1", 0, SIP_EPARSE, 400, 0, 0, 0},
	        {"INVITE sip:a@b", 0, SIP_EPARSE, 400, 0, 0, 0},
	        {"INVITE", 0, SIP_EPARSE, 400, 0, 0, 0},
	        {"INV@TE sip:a@b SIP/2.0", 0, SIP_EPARSE, 400, 0, 0, 0},
	        {"", 0, SIP_EPARSE, 400, 0, 0, 0},
	        {"SIP/2.0 200 OK", 0, 0, 200, "SIP/2.0", "OK", 0},
	        {"SIP/2.0 100 ", 0, 0, 100, "SIP/2.0", "", 0},
	        {"SIP/2.0 100", 0, SIP_EPARSE, 0, 0, 0, 0},
	        {"SIP/2.0 100", SIP_LENIENT_START_LINE_WS, 0, 100, "SIP/2.0", "",
	         SIP_LENIENT_START_LINE_WS},
	        {"SIP/2.0 200 \xe2\x80\x9c\xc3\xa7"
	         "a va\xe2\x80\x9d  tab\there",
	         0, 0, 200, "SIP/2.0",
	         "\xe2\x80\x9c\xc3\xa7"
	         "a va\xe2\x80\x9d  tab\there",
	         0},
	        {"sip/2.0 200 OK", 0, 0, 200, "sip/2.0", "OK", 0},
	        {"SIP/2.0 4294967301 better not break", 0, SIP_EPARSE, 0, 0, 0, 0},
	        {"SIP/2.0 20 OK", 0, SIP_EPARSE, 0, 0, 0, 0},
	        {"SIP/2.0 200OK", 0, SIP_EPARSE, 0, 0, 0, 0},
	        {"SIP/x.0 200 OK", 0, SIP_EPARSE, 0, 0, 0, 0},
	        {"SIP/2.0 200 O\x01K", 0, SIP_EPARSE, 0, 0, 0, 0},
	        /* Found by fuzz/startline: "<>" is not a Request-URI, even
	         * with the leniency that strips the brackets. */
	        {"INVITE <> SIP/2.0", SIP_LENIENT_RURI_LTGT, SIP_EPARSE, 400, 0, 0, 0},
	        {"INVITE <x> SIP/2.0", SIP_LENIENT_RURI_LTGT, 0, 0, "INVITE", "x",
	         SIP_LENIENT_RURI_LTGT},
	        /* Reason-Phrase octets per the RFC 3261 25.1 UTF8 productions. */
	        {"SIP/2.0 200 O\xffK", 0, SIP_EPARSE, 0, 0, 0, 0},
	        {"SIP/2.0 200 O\xfeK", 0, SIP_EPARSE, 0, 0, 0, 0},
	        {"SIP/2.0 200 O\xc3", 0, SIP_EPARSE, 0, 0, 0, 0},
	        {"SIP/2.0 200 \xe2\x80K", 0, SIP_EPARSE, 0, 0, 0, 0},
	        {"SIP/2.0 200 \xc3\xa7"
	         "a",
	         0, 0, 200, "SIP/2.0",
	         "\xc3\xa7"
	         "a",
	         0},
	        {"SIP/2.0 200 \x80", 0, 0, 200, "SIP/2.0", "\x80", 0},
	};
	struct sip_msg *m = sip_msg_new(0);
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char buf[256];
		struct sip_perr e;
		int n = snprintf(buf, sizeof(buf), "%s\r\n" HDRS "\r\n", t[i].line), rc;
		rc = parse(m, buf, (size_t)n, t[i].flags, &e);
		CU_ASSERT_EQUAL(rc, t[i].rc);
		if (rc != t[i].rc)
			fprintf(stderr, "start line %zu: rc %d (%s)\n", i, rc, e.reason);
		if (rc != 0) {
			CU_ASSERT_EQUAL(e.status, t[i].status);
			CU_ASSERT_PTR_NOT_NULL(e.reason);
			continue;
		}
		CU_ASSERT_EQUAL(m->lenient_used, t[i].lenient);
		CU_ASSERT_EQUAL(m->nhdrs, 2);
		if (m->is_request) {
			CU_ASSERT(sip_str_eq(m->method, sip_str_make(t[i].a, strlen(t[i].a))));
			CU_ASSERT(sip_str_eq(m->ruri_raw, sip_str_make(t[i].b, strlen(t[i].b))));
		} else {
			CU_ASSERT_EQUAL(m->status, (unsigned)t[i].status);
			CU_ASSERT(sip_str_eq(m->version, sip_str_make(t[i].a, strlen(t[i].a))));
			CU_ASSERT(sip_str_eq(m->reason, sip_str_make(t[i].b, strlen(t[i].b))));
		}
	}
	/* Versions keep their numbers; the mid is found. */
	CU_ASSERT_EQUAL(parse(m, "OPTIONS sip:a SIP/7.12\r\n\r\n", 26, 0, 0), 0);
	CU_ASSERT_EQUAL(m->version_major, 7);
	CU_ASSERT_EQUAL(m->version_minor, 12);
	CU_ASSERT_EQUAL(m->mid, SIP_METHOD_OPTIONS);
	sip_msg_free(m);
}

static void test_headers(void)
{
	static const struct {
		const char *msg;
		int rc;
		size_t nhdrs;
		enum sip_hdr_id id0; /* first header's id */
		const char *value0;  /* its value */
		size_t nvia;         /* Via header lines */
	} t[] = {
	        {"INVITE sip:a SIP/2.0\r\nVia: x\r\n\r\n", 0, 1, SIP_HDR_VIA, "x", 1},
	        {"INVITE sip:a SIP/2.0\r\nv:x\r\nVIA :  y \t\r\n\r\n", 0, 2, SIP_HDR_VIA, "x", 2},
	        /* RFC 3261 7.3.1 folding: kept inside the value, trimmed at the ends. */
	        {"INVITE sip:a SIP/2.0\r\nSubject: a\r\n b\r\n\tc\r\nv: x\r\n\r\n", 0, 2,
	         SIP_HDR_SUBJECT, "a\r\n b\r\n\tc", 1},
	        {"INVITE sip:a SIP/2.0\r\nSubject:\r\n  a  \r\n\r\n", 0, 1, SIP_HDR_SUBJECT, "a",
	         0},
	        {"INVITE sip:a SIP/2.0\r\nSubject:\r\n\r\n", 0, 1, SIP_HDR_SUBJECT, "", 0},
	        {"INVITE sip:a SIP/2.0\r\nX-Foo: bar\r\nv: 1\r\nv: 2\r\nVia: 3\r\n\r\n", 0, 4,
	         SIP_HDR_OTHER, "bar", 3},
	        {"INVITE sip:a SIP/2.0\r\nVia: a, b\r\nv: c\r\n\r\n", 0, 2, SIP_HDR_VIA, "a, b", 2},
	        {"INVITE sip:a SIP/2.0\r\n\r\n", 0, 0, SIP_HDR_OTHER, 0, 0},
	        {"INVITE sip:a SIP/2.0\r\n v: x\r\n\r\n", SIP_EPARSE, 0, 0, 0, 0},
	        {"INVITE sip:a SIP/2.0\r\nVia x\r\n\r\n", SIP_EPARSE, 0, 0, 0, 0},
	        {"INVITE sip:a SIP/2.0\r\n: x\r\n\r\n", SIP_EPARSE, 0, 0, 0, 0},
	        {"INVITE sip:a SIP/2.0\r\nV@a: x\r\n\r\n", SIP_EPARSE, 0, 0, 0, 0},
	        {"INVITE sip:a SIP/2.0\nVia: x\r\n\r\n", SIP_EPARSE, 0, 0, 0, 0},
	        {"INVITE sip:a SIP/2.0\r\nVia: x\n\r\n", SIP_EPARSE, 0, 0, 0, 0},
	        {"INVITE sip:a SIP/2.0\r\nVia: x\r\n", SIP_EPARSE, 0, 0, 0, 0},
	        {"INVITE sip:a SIP/2.0\r\nVia: x", SIP_EPARSE, 0, 0, 0, 0},
	        {"INVITE sip:a SIP/2.0", SIP_EPARSE, 0, 0, 0, 0},
	        /* RFC 3261 7.5: CRLFs before the start line are ignored. */
	        {"\r\n\r\nINVITE sip:a SIP/2.0\r\nv: x\r\n\r\n", 0, 1, SIP_HDR_VIA, "x", 1},
	};
	struct sip_msg *m = sip_msg_new(0);
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct sip_perr e;
		int rc = parse(m, t[i].msg, strlen(t[i].msg), 0, &e);
		CU_ASSERT_EQUAL(rc, t[i].rc);
		if (rc != t[i].rc)
			fprintf(stderr, "headers %zu: rc %d (%s)\n", i, rc, e.reason);
		if (rc != 0 || t[i].rc != 0)
			continue;
		CU_ASSERT_EQUAL(m->nhdrs, t[i].nhdrs);
		CU_ASSERT_EQUAL(sip_msg_hdr_count(m, SIP_HDR_VIA), t[i].nvia);
		if (t[i].nhdrs) {
			CU_ASSERT_EQUAL(m->hdrs[0].id, t[i].id0);
			CU_ASSERT(sip_str_eq(m->hdrs[0].value,
			                     sip_str_make(t[i].value0, strlen(t[i].value0))));
		}
		CU_ASSERT_EQUAL(m->buf[0], 'I');
	}
	/* The index: first[] and next chains in order; by-name lookup. */
	{
		static const char s[] = "INVITE sip:a SIP/2.0\r\nv: 1\r\nX-A: q\r\nVia: 2\r\n"
		                        "x-a: r\r\nVIA: 3\r\n\r\n";
		struct sip_hdr *h;
		const char *want[] = {"1", "2", "3"};
		int k = 0;
		CU_ASSERT_EQUAL_FATAL(parse(m, s, sizeof(s) - 1, 0, 0), 0);
		for (h = sip_msg_hdr(m, SIP_HDR_VIA); h; h = sip_msg_hdr_next(m, h), k++)
			CU_ASSERT(k < 3 && sip_str_eq(h->value, sip_str_make(want[k], 1)));
		CU_ASSERT_EQUAL(k, 3);
		h = sip_msg_hdr_named(m, SIP_STR("X-a"));
		CU_ASSERT(h && sip_str_eq(h->value, SIP_STR("q")));
		CU_ASSERT(sip_msg_hdr_named(m, SIP_STR("v")) == sip_msg_hdr(m, SIP_HDR_VIA));
		CU_ASSERT_PTR_NULL(sip_msg_hdr_named(m, SIP_STR("X-B")));
		CU_ASSERT_PTR_NULL(sip_msg_hdr(m, SIP_HDR_TO));
		CU_ASSERT_EQUAL(sip_msg_hdr_count(m, SIP_HDR_TO), 0);
		CU_ASSERT_EQUAL(m->hdrs[1].off, 28);
	}
	/* Many headers: the index grows past its initial capacity. */
	{
		char big[8192];
		size_t n = 0;
		int k;
		n += (size_t)snprintf(big + n, sizeof(big) - n, "OPTIONS sip:a SIP/2.0\r\n");
		for (k = 0; k < 300; k++)
			n += (size_t)snprintf(big + n, sizeof(big) - n, "X-H%d: %d\r\n", k, k);
		n += (size_t)snprintf(big + n, sizeof(big) - n, "\r\n");
		CU_ASSERT_EQUAL_FATAL(parse(m, big, n, 0, 0), 0);
		CU_ASSERT_EQUAL(m->nhdrs, 300);
		CU_ASSERT(sip_str_eq(m->hdrs[299].value, SIP_STR("299")));
	}
	sip_msg_free(m);
}

static void test_content_length(void)
{
	static const struct {
		const char *hdrs; /* header lines after the request line */
		const char *body;
		unsigned flags;
		int rc;
		size_t body_len, tail; /* tail: input_len - len */
		int conflict;
	} t[] = {
	        {"l: 4\r\n", "abcd", 0, 0, 4, 0, 0},
	        {"l: 4\r\n", "abcdef", 0, 0, 4, 2, 0},              /* dblreq */
	        {"l: 4\r\n", "abc", 0, SIP_EPARSE, 0, 0, 0},        /* clerr */
	        {"", "abc", 0, 0, 3, 0, 0},                         /* datagram: rest */
	        {"", "abc", SIP_PARSE_STREAM, SIP_EPARSE, 0, 0, 0}, /* mandatory on streams */
	        {"l: 4\r\n", "abcd", SIP_PARSE_STREAM, 0, 4, 0, 0},
	        {"l: 4\r\n", "abcde", SIP_PARSE_STREAM, SIP_EPARSE, 0, 0, 0},
	        {"l: 4\r\n", "abc", SIP_PARSE_STREAM, SIP_EPARSE, 0, 0, 0},
	        {"Content-Length: -999\r\n", "", 0, SIP_EPARSE, 0, 0, 0}, /* ncl */
	        {"Content-Length: 4x\r\n", "abcd", 0, SIP_EPARSE, 0, 0, 0},
	        {"Content-Length: \r\n", "", 0, SIP_EPARSE, 0, 0, 0},
	        {"Content-Length: 4294967296\r\n", "", 0, SIP_EPARSE, 0, 0, 0},
	        {"Content-Length: 0004\r\n", "abcd", 0, 0, 4, 0, 0},
	        {"Content-Length:\r\n 4\r\n", "abcd", 0, 0, 4, 0, 0},
	        {"l: 4\r\nContent-Length: 4\r\n", "abcd", 0, 0, 4, 0, 0},
	        {"l: 2\r\nContent-Length: 4\r\n", "abcd", 0, 0, 2, 2, 1}, /* mcl01 */
	        {"l: 2\r\nContent-Length: 4\r\n", "ab", SIP_PARSE_STREAM, SIP_EPARSE, 0, 0, 1},
	        {"l: 0\r\n", "", 0, 0, 0, 0, 0},
	};
	struct sip_msg *m = sip_msg_new(0);
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char buf[256];
		struct sip_perr e;
		int n = snprintf(buf, sizeof(buf), "MESSAGE sip:a SIP/2.0\r\n%s\r\n%s", t[i].hdrs,
		                 t[i].body),
		    rc;
		rc = parse(m, buf, (size_t)n, t[i].flags, &e);
		CU_ASSERT_EQUAL(rc, t[i].rc);
		if (rc != t[i].rc)
			fprintf(stderr, "content-length %zu: rc %d (%s)\n", i, rc, e.reason);
		if (rc != 0) {
			CU_ASSERT_EQUAL(e.status, 400);
			continue;
		}
		CU_ASSERT_EQUAL(m->body.len, t[i].body_len);
		CU_ASSERT_EQUAL(m->input_len - m->len, t[i].tail);
		CU_ASSERT_EQUAL(m->cl_conflict, t[i].conflict);
		CU_ASSERT(m->body.p + m->body.len == m->buf + m->len);
		CU_ASSERT(memcmp(m->body.p, t[i].body, m->body.len) == 0);
	}
	/* A response's errors carry status 0 (dropped). */
	{
		static const char s[] = "SIP/2.0 200 OK\r\nl: -1\r\n\r\n";
		struct sip_perr e;
		CU_ASSERT_EQUAL(parse(m, s, sizeof(s) - 1, 0, &e), SIP_EPARSE);
		CU_ASSERT_EQUAL(e.status, 0);
	}
	sip_msg_free(m);
}

static void test_copy(void)
{
	static const char s[] = "MESSAGE sip:a SIP/2.0\r\nSubject: hi\r\nl: 3\r\n\r\nxyz";
	char *buf = malloc(sizeof(s));
	struct sip_msg *m = sip_msg_new(0);
	memcpy(buf, s, sizeof(s));
	CU_ASSERT_EQUAL_FATAL(sip_msg_parse(m, buf, sizeof(s) - 1, SIP_PARSE_COPY, 0), 0);
	CU_ASSERT(m->buf != buf);
	memset(buf, 'Q', sizeof(s));
	free(buf);
	CU_ASSERT(sip_str_eq(m->method, SIP_STR("MESSAGE")));
	CU_ASSERT(sip_str_eq(m->hdrs[0].value, SIP_STR("hi")));
	CU_ASSERT(sip_str_eq(m->body, SIP_STR("xyz")));
	sip_msg_free(m);
}

static const char invite[] = "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
                             "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
                             "Max-Forwards: 70\r\n"
                             "To: Bob <sip:bob@biloxi.example.com>\r\n"
                             "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                             "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
                             "CSeq: 314159 INVITE\r\n"
                             "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
                             "Subject: folded\r\n  subject\r\n"
                             "Content-Type: application/sdp\r\n"
                             "Content-Length: 149\r\n"
                             "\r\n"
                             "v=0\r\n"
                             "o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com\r\n"
                             "s=-\r\n"
                             "c=IN IP4 192.0.2.101\r\n"
                             "t=0 0\r\n"
                             "m=audio 49172 RTP/AVP 0\r\n"
                             "a=rtpmap:0 PCMU/8000\r\n";

static void test_zero_alloc_warm(void)
{
	struct sip_counting_alloc ca;
	struct sip_msg *m;
	unsigned long before = 0;
	int round;
	sip_counting_alloc_init(&ca, 0);
	m = sip_msg_new(&ca.base);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	for (round = 0; round < 4; round++) {
		if (round == 2)
			before = ca.nalloc;
		CU_ASSERT_EQUAL(sip_msg_parse(m, invite, sizeof(invite) - 1, 0, 0), 0);
		/* Whatever the typed parsers say, they allocate in the arena. */
		(void)sip_msg_parse_all(m, 0);
	}
	CU_ASSERT_EQUAL(ca.nalloc, before);
	sip_msg_free(m);
	CU_ASSERT_EQUAL(ca.bytes_live, 0);
}

/* Every allocation fails in turn: SIP_ENOMEM cleanly, never a crash or leak. */
static void test_alloc_failure(void)
{
	unsigned long n;
	int done = 0;
	for (n = 1; !done && n < 10000; n++) {
		struct sip_counting_alloc ca;
		struct sip_msg *m;
		int rc;
		sip_counting_alloc_init(&ca, 0);
		ca.fail_at = n;
		m = sip_msg_new(&ca.base);
		if (m) {
			rc = sip_msg_parse(m, invite, sizeof(invite) - 1, SIP_PARSE_COPY, 0);
			CU_ASSERT(rc == 0 || rc == SIP_ENOMEM);
			if (rc == 0) {
				rc = sip_msg_parse_all(m, 0);
				CU_ASSERT(rc == 0 || rc == SIP_ENOMEM || rc == SIP_EPARSE);
			}
			/* A failed parse leaves the message reusable. */
			ca.fail_at = 0;
			CU_ASSERT_EQUAL(sip_msg_parse(m, invite, sizeof(invite) - 1, 0, 0), 0);
			ca.fail_at = n;
			sip_msg_free(m);
		}
		CU_ASSERT_EQUAL(ca.bytes_live, 0);
		done = ca.nalloc < n;
	}
	CU_ASSERT(done);
	CU_ASSERT(n > 2);
}

/* Every prefix of a valid message, right before an unreadable page: a
 * datagram cut anywhere is a parse error, never a read past the end. */
static void test_prefixes_guarded(void)
{
	struct sip_msg *m = sip_msg_new(0);
	size_t n;
	for (n = 0; n < sizeof(invite) - 1; n++) {
		struct sip_perr e;
		int rc = parse(m, invite, n, 0, &e);
		CU_ASSERT_EQUAL(rc, SIP_EPARSE);
		CU_ASSERT(e.off <= n);
		rc = parse(m, invite, n, SIP_PARSE_STREAM, &e);
		CU_ASSERT_EQUAL(rc, SIP_EPARSE);
	}
	CU_ASSERT_EQUAL(parse(m, invite, sizeof(invite) - 1, SIP_PARSE_STREAM, 0), 0);
	CU_ASSERT_EQUAL(m->nhdrs, 10);
	CU_ASSERT(sip_str_eq(m->hdrs[7].value, SIP_STR("folded\r\n  subject")));
	sip_msg_free(m);
}

int main(void)
{
	tu_suite("msg", (CU_TestInfo[]){{"names", test_names},
	                                {"start lines", test_start_lines},
	                                {"headers", test_headers},
	                                {"content-length", test_content_length},
	                                {"copy", test_copy},
	                                {"zero alloc warm", test_zero_alloc_warm},
	                                {"alloc failure", test_alloc_failure},
	                                {"prefixes guarded", test_prefixes_guarded},
	                                CU_TEST_INFO_NULL});
	return tu_run();
}

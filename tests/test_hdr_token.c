/* Typed parsers: token lists (Allow, Supported, Require, ..., In-Reply-To) and Content-Disposition
 * (RFC 3261 20.2-20.40). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg/hdr_impl.h"
#include "testutil.h"

/* Content-Disposition (kind disp) shares the rows with the token lists. */
#define IS_2ND(id) ((id) == SIP_HDR_CONTENT_DISPOSITION)
#define KIND_PARSE(c, id, p, e, v) \
	(IS_2ND(id) ? sip__hdr_parse_disp(c, id, p, e, v) : sip__hdr_parse_tok(c, id, p, e, v))
#define KIND_PRINT(b, id, v) \
	(IS_2ND(id) ? sip__hdr_print_disp(b, id, v) : sip__hdr_print_tok(b, id, v))
#define KIND_SAME(id, a, b) (IS_2ND(id) ? sip__hdr_same_disp(a, b) : sip__hdr_same_tok(a, b))

/* Row runner (same in each test_hdr_*.c): the input is parsed through
 * tu_guard (a read past its end faults); a valid input is then parsed
 * again from the table (so the value outlives the guard), printed,
 * compared with the expected canonical text (the input itself when NULL),
 * re-parsed, and the two values must be `same`; printing the re-parse must
 * give the same text. */
struct row {
	enum sip_hdr_id id;
	const char *in;
	int rc;
	const char *canon; /* expected print; NULL: the input */
	long off;          /* expected error offset; -1: not checked */
};

static int parse_str(enum sip_hdr_id id, const char *p, size_t n, struct sip_arena *ar,
                     union sip_hval *v, struct sip_perr *err)
{
	struct sip__pctx c;
	sip__pctx_init(&c, ar, p, 0, err);
	return KIND_PARSE(&c, id, p, p + n, v);
}

static void run_rows(const struct row *t, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		struct sip_arena ar;
		struct sip_perr err = {0, 0, 0};
		union sip_hval v, w;
		char out[1024], out2[1024];
		struct sip_buf b;
		size_t len = strlen(t[i].in);
		const char *canon = t[i].canon ? t[i].canon : t[i].in;
		int rc;
		sip_arena_init(&ar, 0, 0);
		rc = parse_str(t[i].id, tu_guard(t[i].in, len), len, &ar, &v, &err);
		if (rc != t[i].rc)
			printf("\nrow %zu [%s]: rc %d (%s at %zu), want %d\n", i, t[i].in, rc,
			       err.reason ? err.reason : "", err.off, t[i].rc);
		CU_ASSERT_EQUAL(rc, t[i].rc);
		if (rc != 0) {
			CU_ASSERT_PTR_NOT_NULL(err.reason);
			CU_ASSERT(err.off <= len);
			if (t[i].off >= 0 && (long)err.off != t[i].off)
				printf("\nrow %zu [%s]: error at %zu, want %ld\n", i, t[i].in,
				       err.off, t[i].off);
			CU_ASSERT(t[i].off < 0 || (long)err.off == t[i].off);
			sip_arena_fini(&ar);
			continue;
		}
		CU_ASSERT_EQUAL_FATAL(parse_str(t[i].id, t[i].in, len, &ar, &v, &err), 0);
		sip_buf_init(&b, out, sizeof(out) - 1);
		KIND_PRINT(&b, t[i].id, v);
		CU_ASSERT_FATAL(sip_buf_ok(&b));
		out[b.len] = 0;
		if (strcmp(out, canon) != 0)
			printf("\nrow %zu [%s]: printed [%s], want [%s]\n", i, t[i].in, out, canon);
		CU_ASSERT_STRING_EQUAL(out, canon);
		rc = parse_str(t[i].id, tu_guard(out, b.len), b.len, &ar, &w, &err);
		CU_ASSERT_EQUAL(rc, 0);
		rc = parse_str(t[i].id, out, b.len, &ar, &w, &err);
		CU_ASSERT_EQUAL_FATAL(rc, 0);
		CU_ASSERT(KIND_SAME(t[i].id, v, w));
		CU_ASSERT(KIND_SAME(t[i].id, w, v));
		sip_buf_init(&b, out2, sizeof(out2) - 1);
		KIND_PRINT(&b, t[i].id, w);
		out2[b.len < sizeof(out2) ? b.len : 0] = 0;
		CU_ASSERT_STRING_EQUAL(out2, out);
		sip_arena_fini(&ar);
	}
}

/* Parses `in` (which must be valid) into v, allocating in ar. */
static int parse_ok(enum sip_hdr_id id, const char *in, struct sip_arena *ar, union sip_hval *v)
{
	struct sip_perr err = {0, 0, 0};
	return parse_str(id, in, strlen(in), ar, v, &err);
}

/* `same` must tell apart values that differ, and accept case changes where
 * the grammar is case-insensitive. */
struct same_row {
	enum sip_hdr_id id;
	const char *a, *b;
	int same;
};

static void run_same(const struct same_row *t, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		struct sip_arena ar;
		union sip_hval a, b;
		sip_arena_init(&ar, 0, 0);
		CU_ASSERT_EQUAL_FATAL(parse_ok(t[i].id, t[i].a, &ar, &a), 0);
		CU_ASSERT_EQUAL_FATAL(parse_ok(t[i].id, t[i].b, &ar, &b), 0);
		if (KIND_SAME(t[i].id, a, b) != t[i].same)
			printf("\nsame row %zu [%s] [%s]: want %d\n", i, t[i].a, t[i].b, t[i].same);
		CU_ASSERT_EQUAL(KIND_SAME(t[i].id, a, b), t[i].same);
		sip_arena_fini(&ar);
	}
}

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

#define ALLOW SIP_HDR_ALLOW
#define SUPP  SIP_HDR_SUPPORTED
#define REQ   SIP_HDR_REQUIRE
#define PREQ  SIP_HDR_PROXY_REQUIRE
#define UNS   SIP_HDR_UNSUPPORTED
#define CENC  SIP_HDR_CONTENT_ENCODING
#define CLANG SIP_HDR_CONTENT_LANGUAGE
#define AENC  SIP_HDR_ACCEPT_ENCODING
#define ALANG SIP_HDR_ACCEPT_LANGUAGE
#define PRIO  SIP_HDR_PRIORITY
#define IRT   SIP_HDR_IN_REPLY_TO
#define DISP  SIP_HDR_CONTENT_DISPOSITION
#define E     SIP_EPARSE

static void test_rows(void)
{
	static const struct row t[] = {
	        /* RFC 3261 20.5: Allow = [Method *(COMMA Method)] */
	        {ALLOW, "INVITE, ACK, OPTIONS, CANCEL, BYE", 0, 0, -1},
	        {ALLOW, "INVITE,ACK", 0, "INVITE, ACK", -1},
	        {ALLOW, "", 0, 0, -1},
	        {ALLOW, "INVITE,", E, 0, 7},
	        {ALLOW, "INVITE ACK", E, 0, 6},
	        {ALLOW, "INV@ITE", E, 0, 3},
	        /* 20.37 Supported (may be empty); 20.32, 20.29, 20.40: 1+ option-tags */
	        {SUPP, "", 0, 0, -1},
	        {SUPP, "100rel, timer", 0, 0, -1},
	        {REQ, "nothingSupportsThis, nothingSupportsThisEither", 0, 0, -1},
	        {REQ, "", E, 0, 0},
	        {REQ, "100rel;x=1", E, 0, 6},
	        {PREQ, "foo", 0, 0, -1},
	        {PREQ, "", E, 0, 0},
	        {UNS, "foo , \r\n bar", 0, "foo, bar", -1},
	        {UNS, "", E, 0, 0},
	        /* 20.12: Content-Encoding = content-coding *(COMMA content-coding) */
	        {CENC, "gzip", 0, 0, -1},
	        {CENC, "gzip, x-custom", 0, 0, -1},
	        {CENC, "", E, 0, 0},
	        {CENC, "gzip;q=1", E, 0, 4},
	        /* 20.13: language-tag = primary-tag *( "-" subtag ), 1*8ALPHA */
	        {CLANG, "fr", 0, 0, -1},
	        {CLANG, "en-US, i-klingon", 0, 0, -1},
	        {CLANG, "abcdefgh-abcdefgh", 0, 0, -1},
	        {CLANG, "abcdefghi", E, 0, 0},
	        {CLANG, "en-", E, 0, 0},
	        {CLANG, "en-123", E, 0, 0},
	        {CLANG, "en_US", E, 0, 2},
	        {CLANG, "*", E, 0, 0},
	        {CLANG, "", E, 0, 0},
	        /* 20.2: Accept-Encoding = [ encoding *(COMMA encoding) ] */
	        {AENC, "", 0, 0, -1},
	        {AENC, "gzip", 0, 0, -1},
	        {AENC, "gzip;q=0.8, identity;q=1.0, *;q=0", 0, 0, -1},
	        {AENC, "gzip ; q = 0.5", 0, "gzip;q=0.5", -1},
	        {AENC, "gzip;q=1.5", E, 0, 5},
	        {AENC, "gzip;", E, 0, 5},
	        /* 20.3: language-range = ( 1*8ALPHA *( "-" 1*8ALPHA ) ) / "*" */
	        {ALANG, "", 0, 0, -1},
	        {ALANG, "da, en-gb;q=0.8, en;q=0.7", 0, 0, -1},
	        {ALANG, "*;q=0.1", 0, 0, -1},
	        {ALANG, "en-gb-oed", 0, 0, -1},
	        {ALANG, "en;q=x", E, 0, 3},
	        {ALANG, "e1", E, 0, 1},
	        {ALANG, "**", E, 0, 1},
	        /* 20.26: exactly one priority-value */
	        {PRIO, "emergency", 0, 0, -1},
	        {PRIO, "non-urgent", 0, 0, -1},
	        {PRIO, "x-other", 0, 0, -1},
	        {PRIO, "", E, 0, 0},
	        {PRIO, "urgent, normal", E, 0, 6},
	        {PRIO, "urgent;x", E, 0, 6},
	        /* 20.21: In-Reply-To = callid *(COMMA callid) */
	        {IRT, "70710@saturn.bell-tel.com, 17320@saturn.bell-tel.com", 0, 0, -1},
	        {IRT, "abc", 0, 0, -1},
	        {IRT, "", E, 0, 0},
	        {IRT, "a@b@c", E, 0, 3},
	        {IRT, "a@", E, 0, 0},
	        /* 20.11: disp-type *( SEMI disp-param ) */
	        {DISP, "session", 0, 0, -1},
	        {DISP, "session;handling=optional", 0, 0, -1},
	        {DISP, "render ; handling = required ; x=\"y\"", 0,
	         "render;handling=required;x=\"y\"", -1},
	        {DISP, "icon;handling=other-token;flag", 0, 0, -1},
	        {DISP, "", E, 0, 0},
	        {DISP, "session;handling=\"optional\"", E, 0, 8},
	        {DISP, "session;handling", E, 0, 8},
	        {DISP, "session, render", E, 0, 7},
	        {DISP, "session;", E, 0, 8},
	};
	run_rows(t, NROWS(t));
}

static void test_values(void)
{
	struct sip_arena ar;
	union sip_hval v;
	const struct sip_token *t;
	sip_arena_init(&ar, 0, 0);
	CU_ASSERT_EQUAL_FATAL(parse_ok(ALLOW, "", &ar, &v), 0);
	CU_ASSERT_PTR_NULL(v.tok);
	CU_ASSERT_EQUAL_FATAL(parse_ok(ALANG, "da, en-gb;q=0.8", &ar, &v), 0);
	t = v.tok;
	CU_ASSERT(sip_str_eq(t->value, SIP_STR("da")));
	CU_ASSERT_PTR_NULL(t->params);
	CU_ASSERT_FATAL(t->next != NULL);
	CU_ASSERT(sip_str_eq(t->next->value, SIP_STR("en-gb")));
	CU_ASSERT(sip_str_eq(t->next->params->name, SIP_STR("q")));
	CU_ASSERT(sip_str_eq(t->next->params->value, SIP_STR("0.8")));
	CU_ASSERT_PTR_NULL(t->next->next);
	CU_ASSERT_EQUAL_FATAL(parse_ok(IRT, "a@b, c", &ar, &v), 0);
	CU_ASSERT(sip_str_eq(v.tok->value, SIP_STR("a@b")));
	CU_ASSERT(sip_str_eq(v.tok->next->value, SIP_STR("c")));
	CU_ASSERT_EQUAL_FATAL(parse_ok(DISP, "Session;handling=optional", &ar, &v), 0);
	CU_ASSERT(sip_str_eq(v.disp->type, SIP_STR("Session")));
	CU_ASSERT(sip_str_eq(v.disp->params->value, SIP_STR("optional")));
	sip_arena_fini(&ar);
}

static void test_same(void)
{
	static const struct same_row t[] = {
	        {ALLOW, "INVITE, ACK", "INVITE,ACK", 1},
	        {ALLOW, "INVITE", "invite", 0}, /* 7.1: methods are case-sensitive */
	        {ALLOW, "INVITE, ACK", "INVITE", 0},
	        {ALLOW, "", "INVITE", 0},
	        {AENC, "gzip;q=0.5", "gzip;Q=0.5", 1},
	        {AENC, "gzip;q=0.5", "gzip;q=0.6", 0},
	        {IRT, "a@b", "A@b", 0},
	        {DISP, "SESSION;Handling=optional", "session;handling=OPTIONAL", 1},
	        {DISP, "session", "render", 0},
	        {DISP, "session;handling=optional", "session", 0},
	};
	run_same(t, NROWS(t));
}

int main(void)
{
	tu_suite("hdr_token", (CU_TestInfo[]){
	                              {"rows", test_rows},
	                              {"values", test_values},
	                              {"same", test_same},
	                              CU_TEST_INFO_NULL,
	                      });
	return tu_run();
}

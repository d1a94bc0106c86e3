/* Typed parsers: Call-ID, Subject, Organization, Server, User-Agent (RFC
 * 3261 20.8, 20.25, 20.35, 20.36, 20.41). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg/hdr_impl.h"
#include "testutil.h"

#define KIND_PARSE          sip__hdr_parse_text
#define KIND_PRINT          sip__hdr_print_text
#define KIND_SAME(id, a, b) sip__hdr_same_text(a, b)

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

#define CID  SIP_HDR_CALL_ID
#define SUBJ SIP_HDR_SUBJECT
#define ORG  SIP_HDR_ORGANIZATION
#define SRV  SIP_HDR_SERVER
#define UA   SIP_HDR_USER_AGENT
#define E    SIP_EPARSE

static void test_rows(void)
{
	static const struct row t[] = {
	        /* RFC 3261 20.8, 25.1: callid = word [ "@" word ] */
	        {CID, "f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com", 0, 0, -1},
	        {CID, "a84b4c76e66710", 0, 0, -1},
	        {CID, "w\"o<r>d:(x)/[y]?{z}\\~'`%*_+!.-@h", 0, 0, -1},
	        {CID, "abc@def@ghi", E, 0, 7},
	        {CID, "", E, 0, 0},
	        {CID, "abc def", E, 0, 3},
	        {CID, "abc@", E, 0, 4},
	        {CID, "@abc", E, 0, 0},
	        {CID, "abc;x", E, 0, 3},
	        /* 20.36, 20.25: [TEXT-UTF8-TRIM] */
	        {SUBJ, "", 0, 0, -1},
	        {SUBJ, "Need more boxes", 0, 0, -1},
	        {SUBJ, "Tech  \r\n support", 0, "Tech support", -1},
	        {SUBJ, "caf\xc3\xa9 \xe2\x82\xac", 0, 0, -1},
	        {SUBJ, "bad\xc3", E, 0, 3},
	        {SUBJ, "bad\xc0\xaf", E, 0, 3},
	        {SUBJ, "ctl\x01x", E, 0, 3},
	        {SUBJ, "a\r\nb", E, 0, 1},
	        {ORG, "Boxes by Bob", 0, 0, -1},
	        {ORG, "", 0, 0, -1},
	        {ORG, "tab\tseparated", 0, "tab separated", -1},
	        {ORG, "del\x7f", E, 0, 3},
	        /* 20.35, 20.41: server-val *(LWS server-val) */
	        {SRV, "HomeServer v2", 0, 0, -1},
	        {SRV, "Foo/1.0 (Linux; x86) Bar/2", 0, 0, -1},
	        {SRV, "Foo / 1.0", 0, 0, -1},
	        {SRV, "(comment (nested) only)", 0, 0, -1},
	        {SRV, "Foo/1.0\r\n (folded)", 0, "Foo/1.0 (folded)", -1},
	        {SRV, "Foo/", E, 0, 4},
	        {SRV, "Foo(bar)", E, 0, 3},
	        {SRV, "Foo (unterminated", E, 0, 4},
	        {SRV, "", E, 0, 0},
	        {SRV, "Foo, Bar", E, 0, 3},
	        {UA, "Softphone Beta1.5", 0, 0, -1},
	        {UA, "X-Lite/4 (\xc3\xa9t\xc3\xa9)", 0, 0, -1},
	        {UA, "Bad@Agent", E, 0, 3},
	};
	run_rows(t, NROWS(t));
}

static void test_values(void)
{
	struct sip_arena ar;
	union sip_hval v;
	sip_arena_init(&ar, 0, 0);
	CU_ASSERT_EQUAL_FATAL(parse_ok(CID, "a84b@host", &ar, &v), 0);
	CU_ASSERT(sip_str_eq(v.text->value, SIP_STR("a84b@host")));
	CU_ASSERT_EQUAL_FATAL(parse_ok(SUBJ, "", &ar, &v), 0);
	CU_ASSERT_PTR_NULL(v.text);
	CU_ASSERT_EQUAL_FATAL(parse_ok(SRV, "A/1 (c)", &ar, &v), 0);
	CU_ASSERT(sip_str_eq(v.text->value, SIP_STR("A/1 (c)")));
	sip_arena_fini(&ar);
}

static void test_same(void)
{
	static const struct same_row t[] = {
	        {CID, "abc@h", "abc@h", 1}, {CID, "abc@h", "ABC@h", 0}, /* 20.8: byte by byte */
	        {SUBJ, "a  b", "a b", 1},   {SUBJ, "a b", "a c", 0},         {SUBJ, "ab", "a b", 0},
	        {SUBJ, "", "x", 0},         {SRV, "A/1  (c)", "A/1 (c)", 1}, {SRV, "A/1", "A/2", 0},
	};
	run_same(t, NROWS(t));
}

int main(void)
{
	tu_suite("hdr_text", (CU_TestInfo[]){
	                             {"rows", test_rows},
	                             {"values", test_values},
	                             {"same", test_same},
	                             CU_TEST_INFO_NULL,
	                     });
	return tu_run();
}

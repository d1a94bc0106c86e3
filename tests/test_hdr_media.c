/* Typed parsers: Content-Type and Accept (RFC 3261 20.15, 20.1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg/hdr_impl.h"
#include "testutil.h"

#define KIND_PARSE          sip__hdr_parse_media
#define KIND_PRINT          sip__hdr_print_media
#define KIND_SAME(id, a, b) sip__hdr_same_media(a, b)

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

#define CT  SIP_HDR_CONTENT_TYPE
#define ACC SIP_HDR_ACCEPT
#define E   SIP_EPARSE

static void test_rows(void)
{
	static const struct row t[] = {
	        /* RFC 3261 20.15: media-type = m-type SLASH m-subtype *(SEMI m-parameter) */
	        {CT, "application/sdp", 0, 0, -1},
	        {CT, "text/html; charset=ISO-8859-4", 0, "text/html;charset=ISO-8859-4", -1},
	        {CT, "multipart/mixed;boundary=\"a b;c\"", 0, 0, -1},
	        {CT, "Application / SDP", 0, "Application/SDP", -1},
	        {CT, "application/x-foo;a=1;b=\"2\"", 0, 0, -1},
	        {CT, "application/sdp ;\r\n p=q", 0, "application/sdp;p=q", -1},
	        {CT, "", E, 0, 0},
	        {CT, "application", E, 0, 11},
	        {CT, "application/", E, 0, 12},
	        {CT, "/sdp", E, 0, 0},
	        {CT, "application/sdp, text/plain", E, 0, 15},
	        {CT, "application/sdp;charset", E, 0, 16},
	        {CT, "application/sdp;charset=", E, 0, 24},
	        {CT, "application/sdp;a=[::1]", E, 0, 18},
	        {CT, "*/*", E, 0, 0},
	        {CT, "text/*", E, 0, 0},
	        {CT, "text/plain x", E, 0, 10},
	        {CT, "te\"xt/plain", E, 0, 2},
	        /* 20.1: Accept = [ accept-range *(COMMA accept-range) ] */
	        {ACC, "", 0, 0, -1},
	        {ACC, "application/sdp", 0, 0, -1},
	        {ACC, "application/sdp;level=1, application/x-private, text/html", 0, 0, -1},
	        {ACC, "application/sdp, application/pkcs7-mime,\r\n multipart/mixed", 0,
	         "application/sdp, application/pkcs7-mime, multipart/mixed", -1},
	        {ACC, "*/*", 0, 0, -1},
	        {ACC, "text/*;q=0.5, */*;q=0", 0, 0, -1},
	        {ACC, "text/plain;q=1.000", 0, 0, -1},
	        {ACC, "text/plain;q=0.123;x", 0, 0, -1},
	        {ACC, "text/plain;Q=1", 0, 0, -1},
	        {ACC, "text/plain;q=1.001", E, 0, 11},
	        {ACC, "text/plain;q=0.1234", E, 0, 11},
	        {ACC, "text/plain;q=2", E, 0, 11},
	        {ACC, "text/plain;q", E, 0, 11},
	        {ACC, "text/plain;q=.5", E, 0, 11},
	        {ACC, "*/plain", E, 0, 0},
	        {ACC, "text/plain,", E, 0, 11},
	        {ACC, ",text/plain", E, 0, 0},
	        {ACC, "text/plain,,text/html", E, 0, 11},
	        {ACC, "text/plain text/html", E, 0, 10},
	};
	run_rows(t, NROWS(t));
}

static void test_values(void)
{
	struct sip_arena ar;
	union sip_hval v;
	const struct sip_media *m;
	sip_arena_init(&ar, 0, 0);
	CU_ASSERT_EQUAL_FATAL(parse_ok(CT, "text/html ; charset=\"utf-8\"", &ar, &v), 0);
	m = v.media;
	CU_ASSERT(sip_str_eq(m->type, SIP_STR("text")));
	CU_ASSERT(sip_str_eq(m->subtype, SIP_STR("html")));
	CU_ASSERT_PTR_NULL(m->next);
	CU_ASSERT_FATAL(m->params != NULL);
	CU_ASSERT(sip_str_eq(m->params->name, SIP_STR("charset")));
	CU_ASSERT(sip_str_eq(m->params->value, SIP_STR("\"utf-8\"")));
	CU_ASSERT_EQUAL_FATAL(parse_ok(ACC, "", &ar, &v), 0);
	CU_ASSERT_PTR_NULL(v.media);
	CU_ASSERT_EQUAL_FATAL(parse_ok(ACC, "a/b, c/*;q=0.5, */*", &ar, &v), 0);
	m = v.media;
	CU_ASSERT(sip_str_eq(m->subtype, SIP_STR("b")));
	CU_ASSERT_FATAL(m->next && m->next->next);
	CU_ASSERT(sip_str_eq(m->next->subtype, SIP_STR("*")));
	CU_ASSERT(sip_str_eq(m->next->params->value, SIP_STR("0.5")));
	CU_ASSERT(sip_str_eq(m->next->next->type, SIP_STR("*")));
	CU_ASSERT_PTR_NULL(m->next->next->next);
	sip_arena_fini(&ar);
}

static void test_same(void)
{
	static const struct same_row t[] = {
	        {CT, "TEXT/Plain", "text/plain", 1},
	        {CT, "text/plain", "text/html", 0},
	        {CT, "text/plain;a=\"X\"", "text/plain;a=\"x\"", 0},
	        {CT, "text/plain;a=1", "text/plain", 0},
	        {ACC, "a/b, c/d", "a/b", 0},
	        {ACC, "a/b, c/d", "a/b,c/d", 1},
	        {ACC, "", "a/b", 0},
	};
	run_same(t, NROWS(t));
}

int main(void)
{
	tu_suite("hdr_media", (CU_TestInfo[]){
	                              {"rows", test_rows},
	                              {"values", test_values},
	                              {"same", test_same},
	                              CU_TEST_INFO_NULL,
	                      });
	return tu_run();
}

/* Typed parsers: Content-Type and Accept (RFC 3261 20.15, 20.1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg/hdr_impl.h"
#include "testutil.h"

#include "hdr_rows.h"

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

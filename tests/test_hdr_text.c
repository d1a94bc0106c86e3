/* Typed parsers: Call-ID, Subject, Organization, Server, User-Agent (RFC
 * 3261 20.8, 20.25, 20.35, 20.36, 20.41). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg/hdr_impl.h"
#include "testutil.h"

#include "hdr_rows.h"

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

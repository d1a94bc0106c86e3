/* Typed parsers: token lists (Allow, Supported, Require, ..., In-Reply-To) and Content-Disposition
 * (RFC 3261 20.2-20.40). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg/hdr_impl.h"
#include "testutil.h"

/* Content-Disposition (kind disp) shares the rows with the token lists. */

#include "hdr_rows.h"

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

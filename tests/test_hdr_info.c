/* Typed parsers: Warning, Alert-Info, Call-Info, Error-Info (RFC 3261 20.43, 20.4, 20.9, 20.18). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg/hdr_impl.h"
#include "testutil.h"

#include "hdr_rows.h"

#define WARN SIP_HDR_WARNING
#define AI   SIP_HDR_ALERT_INFO
#define CI   SIP_HDR_CALL_INFO
#define EI   SIP_HDR_ERROR_INFO
#define E    SIP_EPARSE

static void test_rows(void)
{
	static const struct row t[] = {
	        /* RFC 3261 20.43: warn-code SP warn-agent SP warn-text */
	        {WARN, "307 isi.edu \"Session parameter 'foo' not understood\"", 0, 0, -1},
	        {WARN, "301 isi.edu \"Incompatible network address type 'E.164'\"", 0, 0, -1},
	        {WARN, "399 192.0.2.1:5060 \"x\"", 0, 0, -1},
	        {WARN, "399 [2001:db8::1]:5060 \"x\"", 0, 0, -1},
	        {WARN, "399 [2001:db8::1] \"x\"", 0, 0, -1},
	        {WARN, "370 devnull \"Choose a bigger pipe\", 370 other \"\\\"q\\\"\"", 0, 0, -1},
	        {WARN, "399 host \"x\" ,\r\n 307 h \"y\"", 0, "399 host \"x\", 307 h \"y\"", -1},
	        {WARN, "099 pseudo!nym \"caf\xc3\xa9\"", 0, 0, -1},
	        /* RFC 4475 3.1.2.5 scalarlg: a 4-digit warn-code */
	        {WARN, "1812 overture \"In Progress\"", E, 0, 3},
	        {WARN, "30 x \"y\"", E, 0, 0},
	        {WARN, "", E, 0, 0},
	        {WARN, "399  host \"x\"", E, 0, 4},
	        {WARN, "399 host unquoted", E, 0, 8},
	        {WARN, "399 host  \"x\"", E, 0, 8},
	        {WARN, "399 host \"unterminated", E, 0, 9},
	        {WARN, "399 host:99999 \"x\"", E, 0, 9},
	        {WARN, "399 bad_host:5060 \"x\"", E, 0, 7},
	        {WARN, "399 [::1 \"x\"", E, 0, 4},
	        {WARN, "399 host \"x\",", E, 0, 13},
	        {WARN, "399 host \"x\" 399 h \"y\"", E, 0, 12},
	        {WARN, "399\thost \"x\"", E, 0, 3},
	        /* 20.4, 20.9, 20.18: LAQUOT absoluteURI RAQUOT *( SEMI generic-param ) */
	        {AI, "<http://www.example.com/sounds/moo.wav>", 0, 0, -1},
	        {CI,
	         "<http://wwww.example.com/alice/photo.jpg> ;purpose=icon,\r\n "
	         "<http://www.example.com/alice/> ;purpose=info",
	         0,
	         "<http://wwww.example.com/alice/photo.jpg>;purpose=icon, "
	         "<http://www.example.com/alice/>;purpose=info",
	         -1},
	        {CI, "<http://x.com/>;purpose=card;x=\"y\"", 0, 0, -1},
	        {EI, "<sip:not-in-service-recording@atlanta.com>", 0, 0, -1},
	        {EI, "<http://x.com/>, <http://y.com/>;a=b", 0, 0, -1},
	        {AI, "http://x.com/", E, 0, 0},
	        {AI, "<http://x.com/", E, 0, 0},
	        {AI, "<>", E, 0, 1},
	        {AI, "", E, 0, 0},
	        {AI, "<http://x.com/>;", E, 0, 16},
	        {CI, "<http://x.com/>;purpose=\"icon\"", E, 0, 16},
	        {CI, "<http://x.com/>;purpose", E, 0, 16},
	        {EI, "<http://x.com/> <http://y.com/>", E, 0, 15},
	        {EI, "<http://x.com/>,", E, 0, 16},
	        {EI, "<not a uri>", E, 0, -1},
	};
	run_rows(t, NROWS(t));
}

static void test_values(void)
{
	struct sip_arena ar;
	union sip_hval v;
	const struct sip_warning *w;
	const struct sip_info *in;
	sip_arena_init(&ar, 0, 0);
	CU_ASSERT_EQUAL_FATAL(parse_ok(WARN, "307 isi.edu \"a b\", 099 [::1]:5 \"\"", &ar, &v), 0);
	w = v.warn;
	CU_ASSERT_EQUAL(w->code, 307);
	CU_ASSERT(sip_str_eq(w->agent, SIP_STR("isi.edu")));
	CU_ASSERT(sip_str_eq(w->text, SIP_STR("\"a b\"")));
	CU_ASSERT_FATAL(w->next != NULL);
	CU_ASSERT_EQUAL(w->next->code, 99);
	CU_ASSERT(sip_str_eq(w->next->agent, SIP_STR("[::1]:5")));
	CU_ASSERT(sip_str_eq(w->next->text, SIP_STR("\"\"")));
	CU_ASSERT_PTR_NULL(w->next->next);
	CU_ASSERT_EQUAL_FATAL(parse_ok(CI, "<sip:a@b.com>;purpose=icon, <http://x/>", &ar, &v), 0);
	in = v.info;
	CU_ASSERT_EQUAL(in->uri.scheme, SIP_URI_SIP);
	CU_ASSERT(sip_str_eq(in->uri.user, SIP_STR("a")));
	CU_ASSERT(sip_str_eq(in->params->name, SIP_STR("purpose")));
	CU_ASSERT(sip_str_eq(in->params->value, SIP_STR("icon")));
	CU_ASSERT_FATAL(in->next != NULL);
	CU_ASSERT_EQUAL(in->next->uri.scheme, SIP_URI_OTHER);
	CU_ASSERT_PTR_NULL(in->next->params);
	CU_ASSERT_PTR_NULL(in->next->next);
	sip_arena_fini(&ar);
}

static void test_same(void)
{
	static const struct same_row t[] = {
	        {WARN, "307 isi.edu \"a\"", "307 ISI.EDU \"a\"", 1},
	        {WARN, "307 isi.edu \"a\"", "307 isi.edu \"A\"", 0},
	        {WARN, "307 isi.edu \"a\"", "308 isi.edu \"a\"", 0},
	        {WARN, "307 h \"a\", 307 h \"a\"", "307 h \"a\"", 0},
	        {AI, "<http://x.com/a>", "<http://x.com/a>", 1},
	        {AI, "<http://x.com/a>", "<http://x.com/b>", 0},
	        {CI, "<http://x.com/>;purpose=icon", "<http://x.com/>;PURPOSE=ICON", 1},
	        {CI, "<http://x.com/>;purpose=icon", "<http://x.com/>", 0},
	};
	run_same(t, NROWS(t));
}

/* The header value of the first line starting with `name` in a torture
 * message (no folding in the lines used here). */
static const char *torture_value(const char *file, const char *name, char *out, size_t cap)
{
	size_t len = 0, nl = strlen(name);
	char *msg = tu_read_file(tu_src_path(file), &len), *p, *end;
	const char *r = 0;
	if (!msg)
		return 0;
	for (p = msg, end = msg + len; p < end;) {
		char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			break;
		if ((size_t)(eol - p) > nl && memcmp(p, name, nl) == 0) {
			char *v = p + nl, *ve = eol;
			while (*v == ' ')
				v++;
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' '))
				ve--;
			if ((size_t)(ve - v) < cap) {
				memcpy(out, v, (size_t)(ve - v));
				out[ve - v] = 0;
				r = out;
			}
			break;
		}
		p = eol + 1;
	}
	free(msg);
	return r;
}

/* RFC 4475 3.1.2.5 scalarlg: "Warning: 1812 overture ..." has a 4-digit code. */
static void test_scalarlg(void)
{
	char val[256];
	const char *v =
	        torture_value("corpus/torture/rfc4475/scalarlg.dat", "Warning:", val, sizeof(val));
	struct sip_arena ar;
	union sip_hval h;
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	sip_arena_init(&ar, 0, 0);
	CU_ASSERT_EQUAL(parse_ok(WARN, v, &ar, &h), SIP_EPARSE);
	sip_arena_fini(&ar);
}

int main(void)
{
	tu_suite("hdr_info", (CU_TestInfo[]){
	                             {"rows", test_rows},
	                             {"values", test_values},
	                             {"same", test_same},
	                             {"scalarlg", test_scalarlg},
	                             CU_TEST_INFO_NULL,
	                     });
	return tu_run();
}

/* name-addr family: From, To, Contact, Route, Record-Route, Reply-To
 * (RFC 3261 20.10, 20.20, 20.30, 20.31, 20.34, 20.39) and the RFC 4475
 * cases about them: valid and invalid values, leniencies, error offsets,
 * print -> parse -> same. */
#include <string.h>

#include "msg/hdr_impl.h"
#include "testutil.h"

static struct sip_arena ar;
static struct sip_perr err;
static struct sip__pctx ctx;

static int parse(enum sip_hdr_id id, const char *text, unsigned flags, union sip_hval *v)
{
	size_t n = strlen(text);
	const char *p = tu_guard(text, n);
	sip__pctx_init(&ctx, &ar, p, flags, &err);
	return sip__hdr_parse_na(&ctx, id, p, p + n, v);
}

/* print(v) parses back strictly (flags 0: leniencies must print as strict
 * text, except an unquoted display name, which is kept as written) to the
 * same value. */
static void round_trip(enum sip_hdr_id id, union sip_hval v, unsigned flags)
{
	char buf[2048];
	struct sip_buf b;
	union sip_hval w;
	struct sip_perr e2;
	struct sip__pctx c2;
	sip_buf_init(&b, buf, sizeof(buf));
	sip__hdr_print_na(&b, id, v);
	CU_ASSERT_FATAL(sip_buf_ok(&b));
	sip__pctx_init(&c2, &ar, buf, flags & SIP_LENIENT_UNQUOTED_DN, &e2);
	if (sip__hdr_parse_na(&c2, id, buf, buf + b.len, &w) != 0) {
		fprintf(stderr, "\nreparse of '%.*s' failed: %s\n", (int)b.len, buf, e2.reason);
		CU_FAIL("printed value does not parse");
		return;
	}
	CU_ASSERT(sip__hdr_same_na(v, w));
	CU_ASSERT(sip__hdr_same_na(w, v));
}

static int str_is(struct sip_str s, const char *want)
{
	if (!want)
		return s.p == NULL || s.len == 0;
	return s.p && sip_str_eq(s, sip_str_make(want, strlen(want)));
}

static int count_params(const struct sip_param *p)
{
	int n = 0;
	for (; p; p = p->next)
		n++;
	return n;
}

#define F  SIP_HDR_FROM
#define T  SIP_HDR_TO
#define C  SIP_HDR_CONTACT
#define R  SIP_HDR_ROUTE
#define RR SIP_HDR_RECORD_ROUTE
#define RT SIP_HDR_REPLY_TO

static void test_valid(void)
{
	static const struct {
		enum sip_hdr_id id;
		const char *text;
		unsigned flags;
		int count;
		const char *display; /* NULL: none */
		int angle;
		const char *uri;
		int nparams, nuparams; /* header params, URI params (first value) */
		const char *tag;
	} t[] = {
	        {F, "\"Bob\" <sips:bob@biloxi.example.com>;tag=a73kszlfl", 0, 1, "\"Bob\"", 1,
	         "sips:bob@biloxi.example.com", 1, 0, "a73kszlfl"},
	        {T, "sip:user@example.com", 0, 1, NULL, 0, "sip:user@example.com", 0, 0, NULL},
	        /* wsinv: addr-spec, then LWS and params with odd spacing */
	        {T, "sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n", 0, 1, NULL, 0,
	         "sip:vivekg@chair-dnrc.example.com", 1, 0, "1918181833n"},
	        {F,
	         "\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = "
	         "98asjd8",
	         0, 1, "\"J Rosenberg \\\\\\\"\"", 1, "sip:jdrosen@example.com", 1, 0, "98asjd8"},
	        {C,
	         "\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =\r\n      "
	         "newvalue "
	         ";\r\n  secondparam ; q = 0.33",
	         0, 1, "\"Quoted string \\\"\\\"\"", 1, "sip:jdrosen@example.com", 3, 0, NULL},
	        /* lwsdisp: no LWS before '<' */
	        {F, "caller<sip:caller@example.com>;tag=323", 0, 1, "caller", 1,
	         "sip:caller@example.com", 1, 0, "323"},
	        /* intmeth: token display name of every token character */
	        {F, "token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;tag=_token~1'+`*%!-.",
	         0, 1, "token1~` token2'+_ token3*%!.-", 1, "sip:mundane@example.com", 1, 0,
	         "_token~1'+`*%!-."},
	        /* cparam01: the param after an addr-spec is the header's */
	        {C, "sip:+19725552222@gw1.example.net;unknownparam", 0, 1, NULL, 0,
	         "sip:+19725552222@gw1.example.net", 1, 0, NULL},
	        /* cparam02: inside <> it stays the URI's */
	        {C, "<sip:+19725552222@gw1.example.net;unknownparam>", 0, 1, NULL, 1,
	         "sip:+19725552222@gw1.example.net;unknownparam", 0, 1, NULL},
	        {C, "sip:u@h;expires=3", 0, 1, NULL, 0, "sip:u@h", 1, 0, NULL},
	        {C, "<sip:a@h1>;q=0.7;expires=280297596632815, \"B\" <sip:b@h2>;q=1.000, sip:c@h3",
	         0, 3, NULL, 1, "sip:a@h1", 2, 0, NULL},
	        {C, "<sip:%00@host5.example.com>", 0, 1, NULL, 1, "sip:%00@host5.example.com", 0, 0,
	         NULL},
	        {C, "\"T. desk phone\" <sip:ted@[::ffff:192.0.2.2]>", 0, 1, "\"T. desk phone\"", 1,
	         "sip:ted@[::ffff:192.0.2.2]", 0, 0, NULL},
	        {R, "<sip:services.example.com;lr;unknownwith=value;unknown-no-value>", 0, 1, NULL,
	         1, "sip:services.example.com;lr;unknownwith=value;unknown-no-value", 0, 3, NULL},
	        {RR,
	         "<sip:p1.example.com;lr>,<sip:p2.example.com;lr>;x=1 ,\r\n <sip:p3.example.com>",
	         0, 3, NULL, 1, "sip:p1.example.com;lr", 0, 1, NULL},
	        {RT, "Bob <sip:bob@example.com>;foo=\"bar\"", 0, 1, "Bob", 1, "sip:bob@example.com",
	         1, 0, NULL},
	        {T, "<tel:+1-201-555-0123>", 0, 1, NULL, 1, "tel:+1-201-555-0123", 0, 0, NULL},
	        {T, "mailto:bob@example.com", 0, 1, NULL, 0, "mailto:bob@example.com", 0, 0, NULL},
	        {T, "* <sip:u@h>", 0, 1, "*", 1, "sip:u@h", 0, 0, NULL},
	        /* quotbal (RFC 4475 3.1.2.6) under its leniency: the quote is inferred */
	        {T, "\"Mr. J. User <sip:j.user@example.com>", SIP_LENIENT_UNBALANCED_QUOTE, 1,
	         "\"Mr. J. User\"", 1, "sip:j.user@example.com", 0, 0, NULL},
	        /* baddn (3.1.2.15) under its leniency */
	        {F, "Bell, Alexander <sip:a.g.bell@example.com>;tag=43", SIP_LENIENT_UNQUOTED_DN, 1,
	         "Bell, Alexander", 1, "sip:a.g.bell@example.com", 1, 0, "43"},
	        /* badaspec (3.1.2.14) under its leniency */
	        {T, "\"Watson, Thomas\" < sip:t.watson@example.org >", SIP_LENIENT_ADDR_SPEC_WS, 1,
	         "\"Watson, Thomas\"", 1, "sip:t.watson@example.org", 0, 0, NULL},
	        /* regbadct (3.1.2.13) under its leniency: the <> are inferred */
	        {C, "sip:user@example.com?Route=%3Csip:sip.example.com%3E",
	         SIP_LENIENT_CONTACT_NO_LTGT, 1, NULL, 1,
	         "sip:user@example.com?Route=%3Csip:sip.example.com%3E", 0, 0, NULL},
	};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		union sip_hval v;
		const struct sip_nameaddr *x;
		int n = 0;
		sip_arena_init(&ar, 0, 0);
		if (parse(t[i].id, t[i].text, t[i].flags, &v) != 0) {
			fprintf(stderr, "\nvalid row %zu failed: %s at %zu\n", i, err.reason,
			        err.off);
			CU_FAIL("valid name-addr rejected");
			sip_arena_fini(&ar);
			continue;
		}
		for (x = v.na; x; x = x->next)
			n++;
		x = v.na;
		if (!str_is(x->uri.raw, t[i].uri) || !str_is(x->display, t[i].display))
			fprintf(stderr, "\nrow %zu: uri '%.*s' display '%.*s'\n", i,
			        (int)x->uri.raw.len, x->uri.raw.p, (int)x->display.len,
			        x->display.p);
		CU_ASSERT_EQUAL(n, t[i].count);
		CU_ASSERT(str_is(x->display, t[i].display));
		CU_ASSERT_EQUAL(x->angle, t[i].angle);
		CU_ASSERT_FALSE(x->star);
		CU_ASSERT(str_is(x->uri.raw, t[i].uri));
		CU_ASSERT_EQUAL(count_params(x->params), t[i].nparams);
		CU_ASSERT_EQUAL(count_params(x->uri.params), t[i].nuparams);
		CU_ASSERT(str_is(x->tag, t[i].tag));
		CU_ASSERT_EQUAL(ctx.lenient_used & t[i].flags, t[i].flags);
		round_trip(t[i].id, v, t[i].flags);
		sip_arena_fini(&ar);
	}
}

static void test_star_and_lists(void)
{
	union sip_hval v;
	const struct sip_param *q;
	sip_arena_init(&ar, 0, 0);
	CU_ASSERT_EQUAL_FATAL(parse(C, "*", 0, &v), 0);
	CU_ASSERT(v.na->star && !v.na->next);
	round_trip(C, v, 0);
	CU_ASSERT_EQUAL_FATAL(parse(C, "<sip:a@h>;q=0.5, sip:b@h ;expires=60", 0, &v), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v.na->next);
	q = sip_param_find(v.na->params, "q");
	CU_ASSERT(q && str_is(q->value, "0.5"));
	CU_ASSERT(str_is(v.na->next->uri.raw, "sip:b@h"));
	CU_ASSERT_EQUAL(v.na->next->angle, 0);
	q = sip_param_find(v.na->next->params, "expires");
	CU_ASSERT(q && str_is(q->value, "60"));
	sip_arena_fini(&ar);
}

static void test_invalid(void)
{
	static const struct {
		enum sip_hdr_id id;
		const char *text;
		unsigned flags;
		long off; /* -1: not checked */
	} t[] = {
	        /* RFC 4475 3.1.2.15 baddn, 3.1.2.14 badaspec, 3.1.2.6 quotbal,
	         * 3.1.2.13 regbadct, 3.1.2.1 badinv01 */
	        {F, "Bell, Alexander <sip:a.g.bell@example.com>;tag=43", 0, 4},
	        {T, "Watson, Thomas <sip:t.watson@example.org>", 0, 6},
	        {C, "Bell, Alexander <sip:a@example.com>", SIP_LENIENT_UNQUOTED_DN, -1},
	        {T, "\"Watson, Thomas\" < sip:t.watson@example.org >", 0, 18},
	        {T, "\"Mr. J. User <sip:j.user@example.com>", 0, 0},
	        {C, "sip:user@example.com?Route=%3Csip:sip.example.com%3E", 0, 20},
	        {C, "\"Joe\" <sip:joe@example.org>;;;;", 0, 28},
	        /* RFC 4475 3.3.8 multi01 and 7.3.1: one value in From/To/Reply-To */
	        {T, "sip:user@example.com, sip:other@example.net", 0, 20},
	        {F, "<sip:a@h>;tag=1, <sip:b@h>", 0, 15},
	        {RT, "<sip:a@h>, <sip:b@h>", 0, 9},
	        /* Route and Record-Route take name-addr only */
	        {R, "sip:p1.example.com;lr", 0, 0},
	        {RR, "<sip:p1.example.com;lr>, sip:p2.example.com", 0, 25},
	        {T, "", 0, 0},
	        {C, "", 0, 0},
	        {C, "<sip:a@h>,", 0, 10},
	        {C, "*;expires=0", 0, -1},
	        {C, "*, <sip:a@h>", 0, -1},
	        {T, "<sip:a@h", 0, 0},
	        {T, "<sip:a@h>x", 0, 9},
	        {T, "<sip:a@h> <sip:b@h>", 0, 10},
	        {T, "\"Bob\" sip:bob@h", 0, 6},
	        {T, "\"Bob <sip:bob@h>", 0, 0},
	        {T, "Bob", 0, -1},
	        {T, "<>", 0, -1},
	        {T, "<sip:a@h>;tag", 0, 10},
	        {T, "<sip:a@h>;tag=\"x\"", 0, 10},
	        {F, "<sip:a@h>;tag=", 0, -1},
	        {C, "<sip:a@h>;q=2", 0, 10},
	        {C, "<sip:a@h>;q=1.5", 0, 10},
	        {C, "<sip:a@h>;q=0.1234", 0, 10},
	        {C, "<sip:a@h>;expires=soon", 0, 10},
	        {C, "<sip:a@h>;expires", 0, 10},
	        /* the inferred quote must give a valid quoted-string */
	        {T, "\"Bob\\ <sip:bob@h>", SIP_LENIENT_UNBALANCED_QUOTE, 0},
	        /* URI errors: offsets are the header's, not the URI's */
	        {T, "\"x\" <sip:a@-bad.example.com>", 0, -1},
	        {T, "sip:a@h;tag=1;", 0, 14},
	        {T, "\"a\001b\" <sip:a@h>", 0, 2},
	};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		union sip_hval v;
		int rc;
		sip_arena_init(&ar, 0, 0);
		rc = parse(t[i].id, t[i].text, t[i].flags, &v);
		if (rc != SIP_EPARSE)
			fprintf(stderr, "\ninvalid row %zu: rc %d\n", i, rc);
		else if (t[i].off >= 0 && err.off != (size_t)t[i].off)
			fprintf(stderr, "\ninvalid row %zu: off %zu (%s)\n", i, err.off,
			        err.reason);
		CU_ASSERT_EQUAL(rc, SIP_EPARSE);
		CU_ASSERT_PTR_NOT_NULL(err.reason);
		CU_ASSERT(err.off <= strlen(t[i].text));
		if (t[i].off >= 0)
			CU_ASSERT_EQUAL(err.off, (size_t)t[i].off);
		sip_arena_fini(&ar);
	}
}

/* The URI parser's error offset lands inside the header value. */
static void test_uri_error_offset(void)
{
	union sip_hval v;
	const char *txt = "\"x\" <sip:a@-bad.example.com>";
	sip_arena_init(&ar, 0, 0);
	CU_ASSERT_EQUAL(parse(T, txt, 0, &v), SIP_EPARSE);
	CU_ASSERT(err.off >= 5 && err.off < strlen(txt));
	sip_arena_fini(&ar);
}

int main(void)
{
	tu_suite("hdr_nameaddr", (CU_TestInfo[]){{"valid", test_valid},
	                                         {"star and lists", test_star_and_lists},
	                                         {"invalid", test_invalid},
	                                         {"uri error offset", test_uri_error_offset},
	                                         CU_TEST_INFO_NULL});
	return tu_run();
}

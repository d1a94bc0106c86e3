/* Scalar headers: CSeq, Content-Length, Max-Forwards, Expires, Min-Expires,
 * MIME-Version, Timestamp, Retry-After (RFC 3261 20.x) and Date (20.17):
 * valid values with their decoded fields, invalid values, print -> parse ->
 * same. */
#include <string.h>

#include "msg/hdr_impl.h"
#include "testutil.h"

struct kind {
	int (*parse)(struct sip__pctx *, enum sip_hdr_id, const char *, const char *,
	             union sip_hval *);
	void (*print)(struct sip_buf *, enum sip_hdr_id, union sip_hval);
	int (*same)(union sip_hval, union sip_hval);
};
#define KIND(M)                                                           \
	{                                                                 \
		sip__hdr_parse_##M, sip__hdr_print_##M, sip__hdr_same_##M \
	}
static const struct kind k_cseq = KIND(cseq), k_num = KIND(num), k_mime = KIND(mime),
                         k_ts = KIND(ts), k_retry = KIND(retry), k_date = KIND(date);

static struct sip_arena ar;
static struct sip_perr err;
static struct sip__pctx ctx;

/* Parses text placed right before an unreadable page; on success checks
 * that the printed value parses back to the same value. */
static int run(const struct kind *k, enum sip_hdr_id id, const char *text, unsigned flags,
               union sip_hval *v)
{
	size_t n = strlen(text);
	const char *p = tu_guard(text, n);
	char buf[512];
	struct sip_buf b;
	union sip_hval w;
	struct sip_perr e2;
	struct sip__pctx c2;
	int rc;
	sip__pctx_init(&ctx, &ar, p, flags, &err);
	rc = k->parse(&ctx, id, p, p + n, v);
	if (rc) {
		CU_ASSERT_EQUAL(rc, SIP_EPARSE);
		CU_ASSERT_PTR_NOT_NULL(err.reason);
		CU_ASSERT(err.off <= n);
		return rc;
	}
	sip_buf_init(&b, buf, sizeof(buf));
	k->print(&b, id, *v);
	CU_ASSERT_FATAL(sip_buf_ok(&b));
	sip__pctx_init(&c2, &ar, buf, flags, &e2);
	CU_ASSERT_EQUAL_FATAL(k->parse(&c2, id, buf, buf + b.len, &w), 0);
	CU_ASSERT(k->same(*v, w) && k->same(w, *v));
	return 0;
}

static int str_is(struct sip_str s, const char *want)
{
	if (!want)
		return s.p == NULL;
	return s.p && sip_str_eq(s, sip_str_make(want, strlen(want)));
}

static void report(const char *what, size_t row, int rc)
{
	if (rc)
		fprintf(stderr, "\n%s row %zu: rc %d (%s at %zu)\n", what, row, rc,
		        err.reason ? err.reason : "-", err.off);
	else
		fprintf(stderr, "\n%s row %zu: accepted\n", what, row);
}

static void test_cseq(void)
{
	static const struct {
		const char *text;
		int rc;
		long off;
		uint32_t seq;
		const char *method;
		enum sip_method mid;
	} t[] = {
	        {"314159 INVITE", 0, 0, 314159, "INVITE", SIP_METHOD_INVITE},
	        {"0009\r\n  INVITE", 0, 0, 9, "INVITE", SIP_METHOD_INVITE}, /* wsinv */
	        {"4294967295 BYE", 0, 0, 4294967295u, "BYE", SIP_METHOD_BYE},
	        {"139122385 !interesting-Method0123456789_*+`.%indeed'~", 0, 0, 139122385,
	         "!interesting-Method0123456789_*+`.%indeed'~", SIP_METHOD_OTHER},
	        {"1 invite", 0, 0, 1, "invite", SIP_METHOD_OTHER}, /* 7.1: case-sensitive */
	        /* RFC 4475 3.1.2.4 scalar02, 3.1.2.5 scalarlg */
	        {"36893488147419103232 REGISTER", SIP_EPARSE, 0},
	        {"9292394834772304023312 OPTIONS", SIP_EPARSE, 0},
	        {"4294967296 BYE", SIP_EPARSE, 0},
	        {"INVITE", SIP_EPARSE, 0},
	        {"1INVITE", SIP_EPARSE, 1},
	        {"1 ", SIP_EPARSE, 2},
	        {"1", SIP_EPARSE, 1},
	        {"1 INVITE x", SIP_EPARSE, 8},
	        {"1 INV@TE", SIP_EPARSE, 5},
	        {"-1 INVITE", SIP_EPARSE, 0},
	        {"", SIP_EPARSE, 0},
	};
	union sip_hval big;
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		union sip_hval v;
		int rc;
		sip_arena_init(&ar, 0, 0);
		rc = run(&k_cseq, SIP_HDR_CSEQ, t[i].text, 0, &v);
		if (rc != t[i].rc)
			report("cseq", i, rc);
		CU_ASSERT_EQUAL(rc, t[i].rc);
		if (rc == 0 && t[i].rc == 0) {
			CU_ASSERT_EQUAL(v.cseq->seq, t[i].seq);
			CU_ASSERT(str_is(v.cseq->method, t[i].method));
			CU_ASSERT_EQUAL(v.cseq->mid, t[i].mid);
		} else if (rc) {
			CU_ASSERT_EQUAL(err.off, (size_t)t[i].off);
			CU_ASSERT_EQUAL(err.status, 400);
		}
		sip_arena_fini(&ar);
	}
	sip_arena_init(&ar, 0, 0);
	CU_ASSERT_EQUAL(run(&k_cseq, SIP_HDR_CSEQ, "36893488147419103232 REGISTER", 0, &big),
	                SIP_EPARSE);
	CU_ASSERT(strcmp(err.reason, "CSeq sequence number out of range") == 0);
	sip_arena_fini(&ar);
}

static void test_num(void)
{
	static const struct {
		enum sip_hdr_id id;
		const char *text;
		int rc;
		uint32_t value;
	} t[] = {
	        {SIP_HDR_CONTENT_LENGTH, "0", 0, 0},
	        {SIP_HDR_CONTENT_LENGTH, "4294967295", 0, 4294967295u},
	        {SIP_HDR_CONTENT_LENGTH, "4294967296", SIP_EPARSE, 0},
	        {SIP_HDR_CONTENT_LENGTH, "-999", SIP_EPARSE, 0}, /* RFC 4475 3.1.2.3 ncl */
	        {SIP_HDR_CONTENT_LENGTH, "12 3", SIP_EPARSE, 0},
	        {SIP_HDR_CONTENT_LENGTH, "", SIP_EPARSE, 0},
	        {SIP_HDR_MAX_FORWARDS, "70", 0, 70},
	        {SIP_HDR_MAX_FORWARDS, "0068", 0, 68}, /* wsinv */
	        {SIP_HDR_MAX_FORWARDS, "255", 0, 255},
	        {SIP_HDR_MAX_FORWARDS, "0", 0, 0},            /* zeromf */
	        {SIP_HDR_MAX_FORWARDS, "300", SIP_EPARSE, 0}, /* scalar02 */
	        {SIP_HDR_MAX_FORWARDS, "256", SIP_EPARSE, 0},
	        {SIP_HDR_MAX_FORWARDS, "7a", SIP_EPARSE, 0},
	        {SIP_HDR_EXPIRES, "3600", 0, 3600},
	        {SIP_HDR_EXPIRES, "4294967295", 0, 4294967295u},
	        /* RFC 3261 10.2.1.1: larger values count as 2**32-1 (scalar02) */
	        {SIP_HDR_EXPIRES,
	         "100000000000000000000000000000000000000000000000000000000000000000000000000000000"
	         "00"
	         "000000000000000000000",
	         0, 4294967295u},
	        {SIP_HDR_EXPIRES, "4294967296", 0, 4294967295u},
	        {SIP_HDR_EXPIRES, "1.5", SIP_EPARSE, 0},
	        {SIP_HDR_EXPIRES, "Thu, 01 Dec 1994 16:00:00 GMT", SIP_EPARSE, 0},
	        {SIP_HDR_MIN_EXPIRES, "60", 0, 60},
	        {SIP_HDR_MIN_EXPIRES, "99999999999", 0, 4294967295u},
	        {SIP_HDR_MIN_EXPIRES, "x", SIP_EPARSE, 0},
	};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		union sip_hval v;
		int rc;
		sip_arena_init(&ar, 0, 0);
		rc = run(&k_num, t[i].id, t[i].text, 0, &v);
		if (rc != t[i].rc)
			report("num", i, rc);
		CU_ASSERT_EQUAL(rc, t[i].rc);
		if (rc == 0 && t[i].rc == 0)
			CU_ASSERT_EQUAL(v.num->value, t[i].value);
		sip_arena_fini(&ar);
	}
}

static void test_mime_ts(void)
{
	static const struct {
		const char *text;
		int rc;
		uint32_t major, minor;
	} m[] = {
	        {"1.0", 0, 1, 0},           {"12.345", 0, 12, 345},
	        {"1", SIP_EPARSE, 0, 0},    {"1.", SIP_EPARSE, 0, 0},
	        {".0", SIP_EPARSE, 0, 0},   {"1.0 x", SIP_EPARSE, 0, 0},
	        {"1 .0", SIP_EPARSE, 0, 0}, {"99999999999.0", SIP_EPARSE, 0, 0},
	};
	static const struct {
		const char *text;
		int rc;
		const char *value, *delay;
	} t[] = {
	        {"54", 0, "54", NULL},
	        {"54.23 1.5", 0, "54.23", "1.5"},
	        {"54. .5", 0, "54.", ".5"},
	        {"100 \r\n 7", 0, "100", "7"},
	        {".5", SIP_EPARSE, NULL, NULL},
	        {"54x", SIP_EPARSE, NULL, NULL},
	        {"54 1.5.3", SIP_EPARSE, NULL, NULL},
	        {"54 x", SIP_EPARSE, NULL, NULL},
	        {"", SIP_EPARSE, NULL, NULL},
	};
	size_t i;
	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		union sip_hval v;
		int rc;
		sip_arena_init(&ar, 0, 0);
		rc = run(&k_mime, SIP_HDR_MIME_VERSION, m[i].text, 0, &v);
		if (rc != m[i].rc)
			report("mime", i, rc);
		CU_ASSERT_EQUAL(rc, m[i].rc);
		if (rc == 0 && m[i].rc == 0)
			CU_ASSERT(v.mime->major == m[i].major && v.mime->minor == m[i].minor);
		sip_arena_fini(&ar);
	}
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		union sip_hval v;
		int rc;
		sip_arena_init(&ar, 0, 0);
		rc = run(&k_ts, SIP_HDR_TIMESTAMP, t[i].text, 0, &v);
		if (rc != t[i].rc)
			report("timestamp", i, rc);
		CU_ASSERT_EQUAL(rc, t[i].rc);
		if (rc == 0 && t[i].rc == 0)
			CU_ASSERT(str_is(v.ts->value, t[i].value) &&
			          str_is(v.ts->delay, t[i].delay));
		sip_arena_fini(&ar);
	}
}

static void test_retry(void)
{
	static const struct {
		const char *text;
		int rc;
		uint32_t seconds;
		const char *comment;
		int nparams;
	} t[] = {
	        {"18000;duration=3600", 0, 18000, NULL, 1},
	        {"120 (I'm in a meeting)", 0, 120, "(I'm in a meeting)", 0},
	        {"120(nested (x) \\) ok) ; duration = 60 ; foo", 0, 120, "(nested (x) \\) ok)", 2},
	        {"0", 0, 0, NULL, 0},
	        /* RFC 4475 3.1.2.5 scalarlg */
	        {"949302838503028349304023988", SIP_EPARSE, 0, NULL, 0},
	        {"5;duration=99999999999", SIP_EPARSE, 0, NULL, 0},
	        {"5;duration=x1", SIP_EPARSE, 0, NULL, 0},
	        {"5;duration", SIP_EPARSE, 0, NULL, 0},
	        {"5 (unterminated", SIP_EPARSE, 0, NULL, 0},
	        {"5 x", SIP_EPARSE, 0, NULL, 0},
	        {"5;", SIP_EPARSE, 0, NULL, 0},
	        {"", SIP_EPARSE, 0, NULL, 0},
	};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		union sip_hval v;
		const struct sip_param *prm;
		int rc, n = 0;
		sip_arena_init(&ar, 0, 0);
		rc = run(&k_retry, SIP_HDR_RETRY_AFTER, t[i].text, 0, &v);
		if (rc != t[i].rc)
			report("retry", i, rc);
		CU_ASSERT_EQUAL(rc, t[i].rc);
		if (rc == 0 && t[i].rc == 0) {
			CU_ASSERT_EQUAL(v.retry->seconds, t[i].seconds);
			CU_ASSERT(str_is(v.retry->comment, t[i].comment));
			for (prm = v.retry->params; prm; prm = prm->next)
				n++;
			CU_ASSERT_EQUAL(n, t[i].nparams);
		}
		sip_arena_fini(&ar);
	}
}

static void test_date(void)
{
	static const struct {
		const char *text;
		unsigned flags;
		int rc;
		int wkday, day, month, year, hour, min, sec;
		int64_t epoch;
	} t[] = {
	        {"Sat, 13 Nov 2010 23:29:00 GMT", 0, 0, 6, 13, 11, 2010, 23, 29, 0, 1289690940},
	        {"Thu, 01 Jan 1970 00:00:00 GMT", 0, 0, 4, 1, 1, 1970, 0, 0, 0, 0},
	        {"Thu, 21 Feb 2002 13:02:03 GMT", 0, 0, 4, 21, 2, 2002, 13, 2, 3, 1014296523},
	        {"tue, 29 feb 2000 12:00:00 gmt", 0, 0, 2, 29, 2, 2000, 12, 0, 0, 951825600},
	        {"Wed, 31 Dec 1969 23:59:59 GMT", 0, 0, 3, 31, 12, 1969, 23, 59, 59, -1},
	        /* RFC 4475 3.1.2.12 baddate */
	        {"Fri, 01 Jan 2010 16:00:00 EST", 0, SIP_EPARSE},
	        {"Fri, 01 Jan 2010 16:00:00 EST", SIP_LENIENT_DATE_ZONE, 0, 5, 1, 1, 2010, 16, 0, 0,
	         1262379600},
	        {"Fri, 01 Jan 2010 16:00:00 +0130", SIP_LENIENT_DATE_ZONE, 0, 5, 1, 1, 2010, 16, 0,
	         0, 1262356200},
	        {"Fri, 01 Jan 2010 16:00:00 XYZ", SIP_LENIENT_DATE_ZONE, SIP_EPARSE},
	        {"Fri, 01 Jan 2010 16:00:00 GMT ", 0, SIP_EPARSE},
	        {"Fri, 1 Jan 2010 16:00:00 GMT", 0, SIP_EPARSE},
	        {"Fri 01 Jan 2010 16:00:00 GMT", 0, SIP_EPARSE},
	        {"Fri,  01 Jan 2010 16:00:00 GMT", 0, SIP_EPARSE},
	        {"Fry, 01 Jan 2010 16:00:00 GMT", 0, SIP_EPARSE},
	        {"Fri, 01 Jam 2010 16:00:00 GMT", 0, SIP_EPARSE},
	        {"Fri, 01 Jan 10 16:00:00 GMT", 0, SIP_EPARSE},
	        {"Fri, 01 Jan 2010 24:00:00 GMT", 0, SIP_EPARSE},
	        {"Fri, 01 Jan 2010 16:60:00 GMT", 0, SIP_EPARSE},
	        {"Fri, 01 Jan 2010 16:00:60 GMT", 0, SIP_EPARSE},
	        {"Fri, 01 Jan 2010 16.00:00 GMT", 0, SIP_EPARSE},
	        {"Mon, 29 Feb 1900 00:00:00 GMT", 0, SIP_EPARSE},
	        {"Mon, 31 Apr 2010 00:00:00 GMT", 0, SIP_EPARSE},
	        {"Mon, 00 Apr 2010 00:00:00 GMT", 0, SIP_EPARSE},
	        {"Fri, 01 Jan 2010 16:00:00", 0, SIP_EPARSE},
	        {"", 0, SIP_EPARSE},
	};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		union sip_hval v;
		int rc;
		sip_arena_init(&ar, 0, 0);
		rc = run(&k_date, SIP_HDR_DATE, t[i].text, t[i].flags, &v);
		if (rc != t[i].rc)
			report("date", i, rc);
		CU_ASSERT_EQUAL(rc, t[i].rc);
		if (rc == 0 && t[i].rc == 0) {
			const struct sip_date *d = v.date;
			CU_ASSERT(d->wkday == t[i].wkday && d->day == t[i].day &&
			          d->month == t[i].month && d->year == t[i].year);
			CU_ASSERT(d->hour == t[i].hour && d->min == t[i].min && d->sec == t[i].sec);
			CU_ASSERT_EQUAL(d->epoch, t[i].epoch);
			CU_ASSERT(str_is(d->raw, t[i].text));
			CU_ASSERT_EQUAL(ctx.lenient_used, t[i].flags);
		}
		sip_arena_fini(&ar);
	}
}

int main(void)
{
	tu_suite("hdr_scalar", (CU_TestInfo[]){{"cseq", test_cseq},
	                                       {"num", test_num},
	                                       {"mime and timestamp", test_mime_ts},
	                                       {"retry-after", test_retry},
	                                       {"date", test_date},
	                                       CU_TEST_INFO_NULL});
	return tu_run();
}

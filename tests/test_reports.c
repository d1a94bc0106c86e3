/* The report writers (reports/): results.json round trip and reader
 * strictness, junit.xml well-formedness, index.html escaping, the exit
 * status rules of harness/result.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports.h"
#include "reports_impl.h"
#include "sipref/utf8.h"
#include "testutil.h"

/* --- a run with every verdict and hostile bytes everywhere ---------------- */

#define HOST_SCRIPT "</script><script>alert(1)</script>"
#define HOST_IMG    "<img src=x onerror=alert(1)>"
#define HOST_CDATA  "]]><!-- <![CDATA[ x ]]>"
/* NUL, C0 controls, DEL, bytes outside UTF-8 (lone continuation, overlong,
 * a surrogate, a truncated sequence), U+FFFE, and real UTF-8. */
#define HOST_BYTES                                                              \
	"\x00\x01\x1b\x7f\x80\xff\xfe\xc0\xaf\xed\xa0\x80\xef\xbf\xbe\xe2\x82 " \
	"\xc3\xa9\xf0\x9f\x98\x80"

static const char invite[] = "INVITE sip:bob@example.com SIP/2.0\r\n"
                             "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
                             "Subject: " HOST_SCRIPT HOST_IMG "\r\n"
                             "X-Bytes: " HOST_BYTES "\r\n"
                             "X-Bare-LF: yes\n"
                             "X-Bare-CR: yes\r"
                             "X-Quote: \"'&amp;\t\r\n"
                             "Content-Length: 23\r\n\r\n" HOST_CDATA;

static char *xdup(const char *s)
{
	char *p = s ? strdup(s) : NULL;
	if (s)
		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	return p;
}

static char **strv(size_t *n, const char *a, const char *b)
{
	char **v = calloc(2, sizeof(*v));
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	*n = 0;
	if (a)
		v[(*n)++] = xdup(a);
	if (b)
		v[(*n)++] = xdup(b);
	return v;
}

static void add_msg(struct vet_case_result *c, int sent, const char *agent, const char *bytes,
                    size_t len)
{
	struct vet_msg *m;
	c->msgs = realloc(c->msgs, (c->nmsgs + 1) * sizeof(*c->msgs));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c->msgs);
	m = &c->msgs[c->nmsgs++];
	memset(m, 0, sizeof(*m));
	m->t_us = 1000 * c->nmsgs + 7;
	m->sent = sent;
	snprintf(m->agent, sizeof(m->agent), "%s", agent);
	snprintf(m->transport, sizeof(m->transport), "UDP");
	snprintf(m->src, sizeof(m->src), sent ? "[::1]:5070" : "127.0.0.1:5060");
	snprintf(m->dst, sizeof(m->dst), sent ? "127.0.0.1:5060" : "[::1]:5070");
	m->bytes = malloc(len + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m->bytes);
	memcpy(m->bytes, bytes, len);
	m->bytes[len] = '\0';
	m->len = len;
}

static const char resp[] = "SIP/2.0 400 Bad " HOST_IMG "\r\nContent-Length: 0\r\n\r\n";

static void build_run(struct vet_run *run)
{
	static const struct {
		const char *id, *area;
		enum vet_verdict v;
		int waived;
		const char *etsi;
	} spec[] = {
	        {"torture.wsinv", "torture", VET_PASS, 0, "SIP_CC_TE_CE_V_001"},
	        {"torture.esc01", "torture", VET_FAIL, 0, "SIP_MG_TE_V_001"},
	        {"txn.ist.timer-g", "txn", VET_FAIL, 1, NULL},
	        {"txn.nict.t2", "txn", VET_INCONC, 0, "SIP_NOT_A_PURPOSE"},
	        {"ua.options", "ua", VET_ERROR, 0, NULL},
	        {"ua.glare", "ua", VET_SKIP, 0, NULL},
	        {"ua.options", "ua", VET_PASS, 0, "SIP_QC_TE_V_001"}, /* again, over TCP */
	        {"x" HOST_SCRIPT, HOST_IMG, VET_PASS, 0, NULL},
	};
	size_t i;
	memset(run, 0, sizeof(*run));
	run->tool = xdup("sipvet");
	run->version = xdup("0.1.0");
	run->target = xdup("udp:127.0.0.1:5060 " HOST_SCRIPT);
	run->profile = NULL;
	run->started_at = xdup("2024-05-01T12:00:00Z");
	run->duration_us = 2345678;
	run->ncases = sizeof(spec) / sizeof(spec[0]);
	run->cases = calloc(run->ncases, sizeof(*run->cases));
	CU_ASSERT_PTR_NOT_NULL_FATAL(run->cases);
	for (i = 0; i < run->ncases; i++) {
		struct vet_case_result *c = &run->cases[i];
		c->id = xdup(spec[i].id);
		c->title = xdup(i == 1 ? "Title " HOST_SCRIPT HOST_IMG : "A case title");
		c->file = xdup("cases/x/case.yaml");
		c->area = xdup(spec[i].area);
		c->rfc = strv(&c->nrfc, i % 2 ? "RFC 3261 8.2.2" : "RFC 3261 17.2.1",
		              i == 1 ? "RFC 4475 3.1.2.1" : NULL);
		c->etsi = strv(&c->netsi, spec[i].etsi, NULL);
		c->tags = strv(&c->ntags, "torture", i == 3 ? HOST_CDATA : NULL);
		c->role = xdup("uas");
		c->transport = xdup(i == 6 ? "tcp" : "udp");
		c->verdict = spec[i].v;
		c->waived = spec[i].waived;
		c->waiver = spec[i].waived ? xdup("known bug " HOST_IMG) : NULL;
		c->reason =
		        xdup(spec[i].v == VET_PASS ? "all steps matched"
		                                   : "reason " HOST_SCRIPT "\x01\xff" HOST_CDATA);
		c->step = spec[i].v == VET_PASS ? 0 : 2;
		c->step_rfc = spec[i].v == VET_PASS ? NULL : xdup("RFC 3261 8.2.2.1");
		c->expected = spec[i].v == VET_FAIL ? xdup("a 400 response\n" HOST_IMG) : NULL;
		c->received =
		        spec[i].v == VET_FAIL ? xdup("SIP/2.0 200 OK \x01\xff" HOST_SCRIPT) : NULL;
		c->start_us = 1000 * i;
		c->duration_us = 1500 + i;
		if (i != 5) {
			add_msg(c, 1, i == 1 ? "al<i>ce" : "alice", invite, sizeof(invite) - 1);
			add_msg(c, 0, "alice", resp, sizeof(resp) - 1);
		}
		if (i == 4)
			add_msg(c, 1, "bob", "", 0); /* an empty datagram */
	}
}

/* Runs a writer into memory; the result is NUL-terminated (len excludes
 * it). */
static char *render(int (*w)(FILE *, const struct vet_run *), const struct vet_run *run,
                    size_t *len)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(w(f, run), 0);
	fclose(f);
	*len = n;
	return out;
}

static int str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int strv_eq(char **a, size_t na, char **b, size_t nb)
{
	size_t i;
	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (!str_eq(a[i], b[i]))
			return 0;
	return 1;
}

static void assert_run_eq(const struct vet_run *a, const struct vet_run *b)
{
	size_t i, k;
	CU_ASSERT(str_eq(a->tool, b->tool));
	CU_ASSERT(str_eq(a->version, b->version));
	CU_ASSERT(str_eq(a->target, b->target));
	CU_ASSERT(str_eq(a->profile, b->profile));
	CU_ASSERT(str_eq(a->started_at, b->started_at));
	CU_ASSERT_EQUAL(a->duration_us, b->duration_us);
	CU_ASSERT_EQUAL(a->interrupted, b->interrupted);
	CU_ASSERT_EQUAL_FATAL(a->ncases, b->ncases);
	for (i = 0; i < a->ncases; i++) {
		const struct vet_case_result *x = &a->cases[i], *y = &b->cases[i];
		CU_ASSERT(str_eq(x->id, y->id));
		CU_ASSERT(str_eq(x->title, y->title));
		CU_ASSERT(str_eq(x->file, y->file));
		CU_ASSERT(str_eq(x->area, y->area));
		CU_ASSERT(strv_eq(x->rfc, x->nrfc, y->rfc, y->nrfc));
		CU_ASSERT(strv_eq(x->etsi, x->netsi, y->etsi, y->netsi));
		CU_ASSERT(strv_eq(x->tags, x->ntags, y->tags, y->ntags));
		CU_ASSERT(str_eq(x->role, y->role));
		CU_ASSERT(str_eq(x->transport, y->transport));
		CU_ASSERT_EQUAL(x->verdict, y->verdict);
		CU_ASSERT_EQUAL(x->waived, y->waived);
		CU_ASSERT(str_eq(x->waiver, y->waiver));
		CU_ASSERT(str_eq(x->reason, y->reason));
		CU_ASSERT_EQUAL(x->step, y->step);
		CU_ASSERT(str_eq(x->step_rfc, y->step_rfc));
		CU_ASSERT(str_eq(x->expected, y->expected));
		CU_ASSERT(str_eq(x->received, y->received));
		CU_ASSERT_EQUAL(x->start_us, y->start_us);
		CU_ASSERT_EQUAL(x->duration_us, y->duration_us);
		CU_ASSERT_EQUAL_FATAL(x->nmsgs, y->nmsgs);
		for (k = 0; k < x->nmsgs; k++) {
			const struct vet_msg *m = &x->msgs[k], *n = &y->msgs[k];
			CU_ASSERT_EQUAL(m->t_us, n->t_us);
			CU_ASSERT_EQUAL(m->sent, n->sent);
			CU_ASSERT_STRING_EQUAL(m->agent, n->agent);
			CU_ASSERT_STRING_EQUAL(m->transport, n->transport);
			CU_ASSERT_STRING_EQUAL(m->src, n->src);
			CU_ASSERT_STRING_EQUAL(m->dst, n->dst);
			CU_ASSERT_EQUAL_FATAL(m->len, n->len);
			CU_ASSERT(!memcmp(m->bytes, n->bytes, m->len));
		}
	}
}

/* Every byte of s[0..n) is well-formed UTF-8. */
static int utf8_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		size_t k = *p < 0x80 ? 1 : sip_utf8_len(p, (size_t)(end - p));
		if (!k)
			return 0;
		p += k;
	}
	return 1;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p = hay;
	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p++;
	}
	return n;
}

/* --- results.json ---------------------------------------------------------- */

static void test_json_roundtrip(void)
{
	struct vet_run run, back;
	char err[256];
	size_t n1, n2, i;
	char *w1, *w2;
	build_run(&run);
	w1 = render(vet_results_write, &run, &n1);
	CU_ASSERT(utf8_ok(w1, n1));
	CU_ASSERT_EQUAL(strlen(w1), n1); /* no raw NUL */
	for (i = 0; i < n1; i++)
		CU_ASSERT(i == n1 - 1 ? w1[i] == '\n' : (unsigned char)w1[i] >= 0x20);
	CU_ASSERT_PTR_NOT_NULL(strstr(w1, "\"format\":\"" VET_RESULTS_FORMAT "\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(w1, "\"counts\":{\"pass\":3,\"fail\":2,\"inconclusive\":1,"
	                                  "\"error\":1,\"skipped\":1,\"waived\":1,\"total\":8}"));
	CU_ASSERT_PTR_NOT_NULL(strstr(w1, "\"exit_status\":2"));
	/* Bytes outside UTF-8 are \u00XX; real UTF-8 passes through. */
	CU_ASSERT_PTR_NOT_NULL(strstr(w1, "\\u0000\\u0001\\u001b\\u007f\\u0080\\u00ff\\u00fe"));
	CU_ASSERT_PTR_NOT_NULL(strstr(w1, "\xc3\xa9\xf0\x9f\x98\x80"));

	if (vet_results_read(w1, n1, "t", &back, err, sizeof(err)) != 0)
		fprintf(stderr, "\nread: %s\n", err);
	vet_run_free(&back);
	/* And from right before an unreadable page. */
	CU_ASSERT_EQUAL_FATAL(vet_results_read(tu_guard(w1, n1), n1, "t", &back, err, sizeof(err)),
	                      0);
	assert_run_eq(&run, &back);
	w2 = render(vet_results_write, &back, &n2);
	CU_ASSERT_EQUAL(n1, n2);
	CU_ASSERT(n1 == n2 && !memcmp(w1, w2, n1));
	free(w1);
	free(w2);
	vet_run_free(&back);
	vet_run_free(&run);
	/* vet_run_free zeroes, and a second call is harmless. */
	CU_ASSERT_PTR_NULL(run.cases);
	vet_run_free(&run);
}

/* Every prefix of a valid document is rejected, with a position, and the
 * reader never reads past the end. */
static void test_json_truncated(void)
{
	struct vet_run run, back;
	char err[256];
	size_t n, i;
	char *w;
	build_run(&run);
	w = render(vet_results_write, &run, &n);
	for (i = 0; i + 1 < n; i++) { /* n - 1: all but the final newline */
		int rc = vet_results_read(tu_guard(w, i), i, "t", &back, err, sizeof(err));
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT(!strncmp(err, "t:1:", 4));
		CU_ASSERT_PTR_NULL(back.cases);
		if (rc == 0)
			vet_run_free(&back);
	}
	CU_ASSERT_EQUAL(vet_results_read(tu_guard(w, n - 1), n - 1, "t", &back, err, sizeof(err)),
	                0);
	vet_run_free(&back);
	free(w);
	vet_run_free(&run);
}

/* Every allocation of the reader fails in turn: an error, never a crash
 * or a leak (the sanitizer build checks leaks). */
static void test_json_alloc_failure(void)
{
	struct vet_run run, back;
	char err[256];
	size_t n;
	unsigned long k;
	char *w;
	int rc = -1;
	build_run(&run);
	w = render(vet_results_write, &run, &n);
	for (k = 1; k < 100000 && rc != 0; k++) {
		rc = vet__results_read_failing(w, n, "t", &back, err, sizeof(err), k);
		if (rc != 0) {
			CU_ASSERT_STRING_EQUAL(err, "t: out of memory");
			CU_ASSERT_PTR_NULL(back.cases);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(k > 50); /* it did allocate, and every failure was seen */
	assert_run_eq(&run, &back);
	vet_run_free(&back);
	free(w);
	vet_run_free(&run);
}

#define DOC(rest) "{\"format\":\"sipvet-results/1\"," rest "}"

static void test_json_rejects(void)
{
	static const struct {
		const char *in;
		const char *err;
	} t[] = {
	        {"", "t:1:1: expected '{', found end of input"},
	        {"   ", "t:1:4: expected '{', found end of input"},
	        {"[]", "t:1:1: expected '{', found '['"},
	        {"\xef\xbb\xbf{}", "t:1:1: expected '{', found byte 0xef"},
	        {"{", "t:1:2: expected a string key or '}', found end of input"},
	        {"{}", "t:1:1: not a sipvet-results/1 document (needs \"format\" and \"cases\")"},
	        {"{\"cases\":[]}", "t:1:1: not a sipvet-results/1 document"},
	        {"{\"format\":\"sipvet-results/2\",\"cases\":[]}",
	         "t:1:11: not a sipvet-results/1 document"},
	        {DOC("\"cases\":[],"), "t:1:41: expected a string key, found '}'"},
	        {DOC("\"cases\":[,]"), "t:1:39: expected '{', found ','"},
	        {DOC("\"cases\":[]") " x", "t:1:42: unexpected 'x' after the document"},
	        {DOC("\"cases\":[]") "{}", "t:1:41: unexpected '{' after the document"},
	        {DOC("/* c */\"cases\":[]"), "t:1:30: expected a string key, found '/'"},
	        {DOC("\"cases\" []"), "t:1:38: expected ':' after the key, found '['"},
	        {DOC("\"cases\":[] \"tool\":\"x\""), "t:1:41: expected ',' or '}', found '\"'"},
	        {DOC("\"cases\":[],\"cases\":[]"), "t:1:41: duplicate key \"cases\""},
	        {DOC("\"cases\":[],\"duration_us\":01"), "t:1:55: leading zero in a number"},
	        {DOC("\"cases\":[],\"duration_us\":-1"), "t:1:55: expected a non-negative integer"},
	        {DOC("\"cases\":[],\"duration_us\":1.5"),
	         "t:1:55: expected a non-negative integer"},
	        {DOC("\"cases\":[],\"duration_us\":1e3"),
	         "t:1:55: expected a non-negative integer"},
	        {DOC("\"cases\":[],\"duration_us\":18446744073709551616"),
	         "t:1:55: number too large (at most 18446744073709551615)"},
	        {DOC("\"cases\":[],\"duration_us\":18446744073709551615"), NULL},
	        {DOC("\"cases\":[],\"interrupted\":1"),
	         "t:1:55: expected true or false, found '1'"},
	        {DOC("\"cases\":[],\"interrupted\":tru"),
	         "t:1:55: expected true or false, found 't'"},
	        {DOC("\"cases\":[],\"tool\":\"a\x01\""),
	         "t:1:50: control character 0x01 in a string"},
	        {DOC("\"cases\":[],\"tool\":\"a\tb\""),
	         "t:1:50: control character 0x09 in a string"},
	        {DOC("\"cases\":[],\"tool\":\"\xff\""), "t:1:49: invalid UTF-8 byte 0xff"},
	        {DOC("\"cases\":[],\"tool\":\"\xc0\xaf\""), "t:1:49: invalid UTF-8 byte 0xc0"},
	        {DOC("\"cases\":[],\"tool\":\"\\x\""), "t:1:49: unknown escape '\\x'"},
	        {DOC("\"cases\":[],\"tool\":\"\\u12\""), "t:1:49: \\u needs four hex digits"},
	        {DOC("\"cases\":[],\"tool\":\"\\udc00\""), "t:1:49: lone low surrogate \\udc00"},
	        {DOC("\"cases\":[],\"tool\":\"\\ud800x\""),
	         "t:1:49: high surrogate \\ud800 without a low one"},
	        {DOC("\"cases\":[],\"tool\":\"\\ud83d\\ude00\""), NULL},
	        {DOC("\"cases\":[],\"tool\":\"a\\u0000b\""),
	         "t:1:48: NUL (\\u0000) in a text field"},
	        {DOC("\"cases\":[],\"tool\":\"abc"), "t:1:48: unterminated string"},
	        {"{\"format\":\"sipvet-results/1\",\"cases\":[],\"tool\":\"abc\\",
	         "t:1:48: unterminated string"},
	        {DOC("\"cases\":[],\"tool\":7"), "t:1:48: expected a string, found '7'"},
	        {DOC("\"cases\":[],\"future\":{\"a\":[1,2.5e-3,true,null,\"s\"]}"), NULL},
	        {DOC("\"cases\":[],\"future\":[1,]"), "t:1:53: expected a value, found ']'"},
	        {DOC("\"cases\":[],\"future\":+1"), "t:1:50: expected a value, found '+'"},
	        {DOC("\"cases\":[],\"future\":.5"), "t:1:50: expected a value, found '.'"},
	        {DOC("\"cases\":[],\"future\":1."), "t:1:52: expected a digit after '.'"},
	        {DOC("\"cases\":[{\"id\":\"a\"}]"), "t:1:39: a case needs \"id\" and \"verdict\""},
	        {DOC("\"cases\":[{\"id\":\"a\",\"verdict\":\"PASS\"}]"),
	         "t:1:59: unknown verdict (pass, fail, inconclusive, error, skipped)"},
	        {DOC("\"cases\":[{\"id\":\"a\",\"verdict\":\"pass\",\"step\":2147483648}]"),
	         "t:1:73: number too large (at most 2147483647)"},
	        {DOC("\"cases\":[{\"id\":\"a\",\"verdict\":\"pass\",\"rfc\":[\"x\",null,3]}]"),
	         "t:1:82: expected a string, found '3'"},
	        {DOC("\"cases\":[{\"id\":\"a\",\"verdict\":\"pass\",\"messages\":[{\"agent\":"
	             "\"0123456789012345678901234567890123\"}]}]"),
	         "t:1:87: \"agent\" must be at most 31 bytes without NUL"},
	        {DOC("\"cases\":[{\"id\":\"a\",\"verdict\":\"pass\",\"messages\":[{\"len\":3,"
	             "\"bytes\":\"ab\"}]}]"),
	         "t:1:78: \"len\" is 3 but \"bytes\" holds 2 bytes"},
	        {DOC("\"cases\":[{\"id\":\"a\",\"verdict\":\"pass\",\"messages\":[{\"len\":2,"
	             "\"bytes\":\"\\u00ff\\u0000\"}]}]"),
	         NULL},
	        {"{\n  \"format\": \"sipvet-results/1\",\n  \"cases\": [\n    {\"id\": 1}\n  ]\n}",
	         "t:4:12: expected a string, found '1'"},
	        {"{\r\n\"cases\":\r\n\t[}", "t:3:3: expected '{', found '}'"},
	};
	struct vet_run run;
	char err[256];
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t n = strlen(t[i].in);
		int rc = vet_results_read(tu_guard(t[i].in, n), n, "t", &run, err, sizeof(err));
		if (t[i].err == NULL) {
			if (rc != 0)
				fprintf(stderr, "\n#%zu: unexpected error: %s\n", i, err);
			CU_ASSERT_EQUAL(rc, 0);
		} else {
			int ok = rc == -1 && !strncmp(err, t[i].err, strlen(t[i].err));
			if (!ok)
				fprintf(stderr, "\n#%zu: got \"%s\" want \"%s\"\n", i,
				        rc ? err : "success", t[i].err);
			CU_ASSERT(ok);
			CU_ASSERT_PTR_NULL(run.cases);
		}
		vet_run_free(&run);
	}
}

static void test_json_depth(void)
{
	enum { N = 2000 };
	char *doc = malloc(N * 2 + 100);
	struct vet_run run;
	char err[256];
	size_t n;
	int i;
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	n = (size_t)sprintf(doc, "{\"format\":\"sipvet-results/1\",\"cases\":[],\"x\":");
	for (i = 0; i < N; i++)
		doc[n++] = '[';
	CU_ASSERT_EQUAL(vet_results_read(doc, n, "t", &run, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "nested deeper than"));
	free(doc);
}

static void test_load_and_write_dir(void)
{
	char dir[] = "/tmp/vetreportsXXXXXX", path[128], err[256];
	struct vet_run run, back;
	struct stat st;
	static const char *const names[] = {"results.json", "junit.xml", "index.html"};
	size_t i;
	build_run(&run);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out", dir);
	CU_ASSERT_EQUAL_FATAL(vet_reports_write_dir(path, &run, err, sizeof(err)), 0);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/out/%s", dir, names[i]);
		CU_ASSERT(stat(path, &st) == 0 && st.st_size > 100);
	}
	snprintf(path, sizeof(path), "%s/out/results.json", dir);
	CU_ASSERT_EQUAL_FATAL(vet_results_load(path, &back, err, sizeof(err)), 0);
	assert_run_eq(&run, &back);
	vet_run_free(&back);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/out/%s", dir, names[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/out", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/missing.json", dir);
	CU_ASSERT_EQUAL(vet_results_load(path, &back, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "missing.json: No such file"));
	rmdir(dir);
	vet_run_free(&run);
}

/* --- junit.xml ------------------------------------------------------------ */

/* A small XML 1.0 well-formedness checker: characters, names, attributes
 * (unique, quoted, no '<'), references (predefined entities and character
 * references to legal characters), comments, CDATA, nesting, one root.
 * Returns NULL or what is wrong. */
static int xml_char(unsigned long c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
	       (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == ':';
}

static const char *xml_ref(const char **pp)
{
	const char *p = *pp + 1;
	unsigned long v = 0;
	static const char *const ents[] = {"amp;", "lt;", "gt;", "quot;", "apos;"};
	size_t i;
	for (i = 0; i < 5; i++)
		if (!strncmp(p, ents[i], strlen(ents[i]))) {
			*pp = p + strlen(ents[i]);
			return NULL;
		}
	if (*p++ != '#')
		return "unknown entity";
	if (*p == 'x') {
		for (p++; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
		          (*p >= 'A' && *p <= 'F');
		     p++)
			v = v * 16 + (unsigned long)(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
	} else {
		for (; *p >= '0' && *p <= '9'; p++)
			v = v * 10 + (unsigned long)(*p - '0');
	}
	if (*p != ';' || !xml_char(v))
		return "bad character reference";
	*pp = p + 1;
	return NULL;
}

static const char *xml_check(const char *s, size_t n)
{
	const char *p = s, *end = s + n, *stack[64], *why;
	size_t stacklen[64], depth = 0, i;
	int roots = 0;
	const unsigned char *u = (const unsigned char *)s;
	for (i = 0; i < n;) {
		size_t k = u[i] < 0x80 ? 1 : sip_utf8_len(u + i, n - i);
		unsigned long c = u[i];
		if (!k)
			return "invalid UTF-8";
		if (k == 3 && u[i] == 0xef && u[i + 1] == 0xbf && u[i + 2] >= 0xbe)
			return "U+FFFE/U+FFFF";
		if (k == 1 && !xml_char(c))
			return "illegal control character";
		i += k;
	}
	if (strlen(s) != n)
		return "NUL";
	if (!strncmp(p, "<?xml ", 6)) {
		p = strstr(p, "?>");
		if (!p)
			return "unterminated declaration";
		p += 2;
	}
	while (p < end) {
		if (*p == '&') {
			if (!depth)
				return "reference outside the root";
			if ((why = xml_ref(&p)))
				return why;
			continue;
		}
		if (*p != '<') {
			if (!depth && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
				return "text outside the root";
			if (!strncmp(p, "]]>", 3))
				return "]]> in text";
			p++;
			continue;
		}
		if (!strncmp(p, "<!--", 4)) {
			p = strstr(p + 4, "-->");
			if (!p)
				return "unterminated comment";
			p += 3;
		} else if (!strncmp(p, "<![CDATA[", 9)) {
			p = strstr(p + 9, "]]>");
			if (!p)
				return "unterminated CDATA";
			p += 3;
		} else if (p[1] == '/') {
			const char *nm = p + 2, *q = nm;
			while (name_char(*q))
				q++;
			if (!depth || (size_t)(q - nm) != stacklen[depth - 1] ||
			    strncmp(nm, stack[depth - 1], stacklen[depth - 1]))
				return "mismatched end tag";
			depth--;
			while (*q == ' ')
				q++;
			if (*q != '>')
				return "bad end tag";
			p = q + 1;
		} else {
			const char *nm = ++p, *attrs[32];
			size_t alen[32], na = 0, j, nmlen;
			while (name_char(*p))
				p++;
			nmlen = (size_t)(p - nm);
			if (!nmlen)
				return "bad tag name";
			if (!depth && roots++)
				return "two root elements";
			for (;;) {
				const char *an;
				char quote;
				while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
					p++;
				if (*p == '>' || (p[0] == '/' && p[1] == '>'))
					break;
				an = p;
				while (name_char(*p))
					p++;
				if (p == an || *p != '=' || (p[1] != '"' && p[1] != '\''))
					return "bad attribute";
				for (j = 0; j < na; j++)
					if (alen[j] == (size_t)(p - an) &&
					    !strncmp(attrs[j], an, alen[j]))
						return "duplicate attribute";
				if (na == 32)
					return "too many attributes";
				attrs[na] = an;
				alen[na++] = (size_t)(p - an);
				quote = p[1];
				p += 2;
				while (*p && *p != quote) {
					if (*p == '<')
						return "< in an attribute value";
					if (*p == '&') {
						if ((why = xml_ref(&p)))
							return why;
					} else {
						p++;
					}
				}
				if (!*p)
					return "unterminated attribute";
				p++;
			}
			if (*p == '/') {
				p += 2;
				continue;
			}
			if (depth == 64)
				return "too deep";
			stack[depth] = nm;
			stacklen[depth++] = nmlen;
			p++;
		}
	}
	if (depth)
		return "unclosed element";
	if (!roots)
		return "no root element";
	return NULL;
}

static void test_xml_checker(void)
{
	static const struct {
		const char *in;
		int ok;
	} t[] = {
	        {"<?xml version=\"1.0\"?>\n<a x=\"1\" y='&amp;&#13;'><b/>t&lt;&#x41;</a>\n", 1},
	        {"<a><b></a></b>", 0},
	        {"<a>]]></a>", 0},
	        {"<a>&foo;</a>", 0},
	        {"<a>&#1;</a>", 0},
	        {"<a>\x01</a>", 0},
	        {"<a x=\"<\"/>", 0},
	        {"<a x=\"1\" x=\"2\"/>", 0},
	        {"<a/><b/>", 0},
	        {"<a>\xff</a>", 0},
	        {"<a>\xef\xbf\xbe</a>", 0},
	        {"<a>", 0},
	};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CU_ASSERT_EQUAL(xml_check(t[i].in, strlen(t[i].in)) == NULL, t[i].ok);
}

static void test_junit(void)
{
	struct vet_run run;
	size_t n;
	char *x;
	const char *why;
	build_run(&run);
	x = render(vet_junit_write, &run, &n);
	why = xml_check(x, n);
	if (why)
		fprintf(stderr, "\njunit.xml: %s\n", why);
	CU_ASSERT_PTR_NULL(why);
	CU_ASSERT_EQUAL(count(x, "<testcase "), run.ncases);
	CU_ASSERT_EQUAL(count(x, "<testsuite "), 4); /* torture, txn, ua, and the hostile area */
	CU_ASSERT_EQUAL(count(x, "<failure "), 2);   /* the unwaived fail, the inconclusive */
	CU_ASSERT_EQUAL(count(x, "<error "), 1);
	CU_ASSERT_EQUAL(count(x, "<skipped "), 2); /* the skip and the waived fail */
	CU_ASSERT_PTR_NOT_NULL(strstr(x, "<testsuites name=\"sipvet\" tests=\"8\" failures=\"2\" "
	                                 "errors=\"1\" skipped=\"2\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(x, "name=\"torture.esc01\" classname=\"torture\""));
	/* One id twice in the run: names stay unique. */
	CU_ASSERT_PTR_NOT_NULL(strstr(x, "name=\"ua.options (udp, uas)\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(x, "name=\"ua.options (tcp, uas)\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(x, "<skipped message=\"waived: known bug &lt;img"));
	CU_ASSERT_PTR_NOT_NULL(strstr(x, "type=\"inconclusive\""));
	/* Hostile bytes: escaped or replaced, CR kept as a reference. */
	CU_ASSERT_PTR_NULL(strstr(x, "<script"));
	CU_ASSERT_PTR_NULL(strstr(x, "<img"));
	CU_ASSERT_PTR_NOT_NULL(strstr(x, "\\x00\\x01\\x1b\\x7f\\x80\\xff\\xfe\\xc0\\xaf"));
	CU_ASSERT_PTR_NOT_NULL(strstr(x, "\\xef\\xbf\\xbe"));
	CU_ASSERT_PTR_NOT_NULL(strstr(x, "INVITE sip:bob@example.com SIP/2.0&#13;\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(x, "\xc3\xa9\xf0\x9f\x98\x80"));
	/* xmllint, when installed, agrees (the test does not need it). */
	if (access("/usr/bin/xmllint", X_OK) == 0) {
		char path[] = "/tmp/vetjunitXXXXXX", cmd[128];
		int fd = mkstemp(path);
		CU_ASSERT_FATAL(fd >= 0);
		CU_ASSERT_EQUAL(write(fd, x, n), (ssize_t)n);
		close(fd);
		snprintf(cmd, sizeof(cmd), "/usr/bin/xmllint --noout %s", path);
		CU_ASSERT_EQUAL(system(cmd), 0);
		unlink(path);
	}
	free(x);
	vet_run_free(&run);
}

/* --- index.html ----------------------------------------------------------- */

static void test_html(void)
{
	struct vet_run run;
	size_t n;
	char *h;
	build_run(&run);
	h = render(vet_html_write, &run, &n);
	CU_ASSERT_EQUAL(strlen(h), n); /* no NUL */
	CU_ASSERT(utf8_ok(h, n));
	CU_ASSERT(!strncmp(h, "<!DOCTYPE html>", 15));
	CU_ASSERT_PTR_NULL(strstr(h, "{{")); /* every marker replaced */
	/* The only script and style elements are the template's. */
	CU_ASSERT_EQUAL(count(h, "<script"), 1);
	CU_ASSERT_EQUAL(count(h, "</script"), 1);
	CU_ASSERT_EQUAL(count(h, "<style"), 1);
	CU_ASSERT_EQUAL(count(h, "</style"), 1);
	CU_ASSERT_PTR_NULL(strstr(h, "<img"));
	CU_ASSERT_PTR_NULL(strstr(h, "<!--"));
	CU_ASSERT_PTR_NULL(strstr(h, "<![CDATA["));
	CU_ASSERT_PTR_NULL(strstr(h, "<i>"));
	CU_ASSERT_PTR_NULL(strstr(h, "]]>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "&lt;img src=x onerror=alert(1)&gt;"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "al&lt;i&gt;ce"));
	/* Control bytes and bytes outside UTF-8 are shown, marked. */
	CU_ASSERT_PTR_NOT_NULL(
	        strstr(h, "<span class=\"ctl\">\\x00</span><span class=\"ctl\">\\x01"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "X-Bare-LF: yes<span class=\"ctl\">\\n</span>\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "X-Bare-CR: yes<span class=\"ctl\">\\r</span>\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "X-Quote: &quot;&#39;&amp;amp;\t\n"));
	/* No network: nothing is loaded from anywhere, and CSP forbids it. */
	CU_ASSERT_PTR_NULL(strstr(h, "http://"));
	CU_ASSERT_PTR_NULL(strstr(h, "https://"));
	CU_ASSERT_PTR_NULL(strstr(h, "src=\""));
	CU_ASSERT_PTR_NULL(strstr(h, "href=\"h"));
	CU_ASSERT_PTR_NULL(strstr(h, "@import"));
	CU_ASSERT_PTR_NULL(strstr(h, "url("));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "content=\"default-src 'none';"));
	/* Balanced structure. */
	CU_ASSERT_EQUAL(count(h, "<details"), count(h, "</details>"));
	CU_ASSERT_EQUAL(count(h, "<div"), count(h, "</div>"));
	CU_ASSERT_EQUAL(count(h, "<table"), count(h, "</table>"));
	CU_ASSERT_EQUAL(count(h, "<section"), count(h, "</section>"));
	CU_ASSERT_EQUAL(count(h, "<span"), count(h, "</span>"));
	CU_ASSERT_EQUAL(count(h, "<pre"), count(h, "</pre>"));
	CU_ASSERT_EQUAL(count(h, "<a "), count(h, "</a>"));
	/* Every case, with its verdict for the filters. */
	CU_ASSERT_EQUAL(count(h, "<details class=\"case "), run.ncases);
	CU_ASSERT_EQUAL(count(h, "data-v=\"pass\" data-s="), 3);
	CU_ASSERT_EQUAL(count(h, "data-v=\"waived\" data-s="), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<div id=\"filters\" class=\"filters\" hidden>"));
	/* ETSI coverage: the passing case's purpose is covered, the failing
	 * one's referenced, the unknown id reported. */
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<span id=\"tp-SIP_CC_TE_CE_V_001\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<span id=\"tp-SIP_QC_TE_V_001\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<h3>Covered purposes (2)</h3>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "Referenced, not passing (1)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "Identifiers not in the catalogue (1)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "SIP_NOT_A_PURPOSE"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "The whole catalogue (609 purposes)"));
	/* By RFC section, in numeric order. */
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "RFC 3261 8.2.2"));
	CU_ASSERT(strstr(h, ">RFC 3261 8.2.2<") < strstr(h, ">RFC 3261 17.2.1<"));
	CU_ASSERT(strstr(h, ">RFC 3261 17.2.1<") < strstr(h, ">RFC 4475 3.1.2.1<"));
	free(h);
	vet_run_free(&run);
}

/* An empty run and a run of zeroed cases (every string NULL) render. */
static void test_empty_runs(void)
{
	struct vet_run run = {0}, back;
	struct vet_case_result c[2];
	size_t n;
	char *x, err[256];
	x = render(vet_html_write, &run, &n);
	CU_ASSERT_PTR_NOT_NULL(strstr(x, "No case ran."));
	free(x);
	x = render(vet_junit_write, &run, &n);
	CU_ASSERT_PTR_NULL(xml_check(x, n));
	free(x);
	x = render(vet_results_write, &run, &n);
	CU_ASSERT_EQUAL(vet_results_read(x, n, "t", &back, err, sizeof(err)), 0);
	vet_run_free(&back);
	free(x);
	memset(c, 0, sizeof(c));
	c[1].verdict = VET_FAIL;
	c[1].waived = 1;
	run.cases = c;
	run.ncases = 2;
	run.interrupted = 1;
	x = render(vet_html_write, &run, &n);
	CU_ASSERT_PTR_NOT_NULL(strstr(x, "Interrupted."));
	free(x);
	x = render(vet_junit_write, &run, &n);
	CU_ASSERT_PTR_NULL(xml_check(x, n));
	free(x);
	/* A null id is written as null and reads back. */
	x = render(vet_results_write, &run, &n);
	CU_ASSERT_PTR_NOT_NULL(strstr(x, "\"id\":null"));
	CU_ASSERT_EQUAL(vet_results_read(x, n, "t", &back, err, sizeof(err)), 0);
	vet_run_free(&back);
	free(x);
}

/* --- the record: verdicts, counts, exit status ---------------------------- */

static void test_verdict_names(void)
{
	int v;
	for (v = 0; v < VET_VERDICT__COUNT; v++)
		CU_ASSERT_EQUAL(vet_verdict_lookup(vet_verdict_name(v)), v);
	CU_ASSERT_STRING_EQUAL(vet_verdict_name(VET_INCONC), "inconclusive");
	CU_ASSERT_STRING_EQUAL(vet_verdict_name(VET_SKIP), "skipped");
	CU_ASSERT_EQUAL(vet_verdict_lookup("PASS"), -1);
	CU_ASSERT_EQUAL(vet_verdict_lookup("inconc"), -1);
	CU_ASSERT_EQUAL(vet_verdict_lookup(NULL), -1);
	CU_ASSERT_STRING_EQUAL(vet_verdict_name((enum vet_verdict)99), "unknown");
}

static void test_exit_status(void)
{
	/* Verdicts as letters: p f w(aived fail) i e s; then interrupted. */
	static const struct {
		const char *verdicts;
		int interrupted, status;
	} t[] = {
	        {"", 0, 0},   {"p", 0, 0},  {"ps", 0, 0},  {"s", 0, 0},  {"pw", 0, 0}, {"pf", 0, 1},
	        {"pi", 0, 1}, {"wf", 0, 1}, {"pe", 0, 2},  {"fe", 0, 2}, {"ef", 0, 2}, {"ie", 0, 2},
	        {"p", 1, 2},  {"", 1, 2},   {"wwp", 0, 0}, {"fw", 0, 1}, {"iw", 0, 1},
	};
	struct vet_case_result c[8];
	struct vet_run run;
	size_t i, k, counts[VET_VERDICT__COUNT], waived;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&run, 0, sizeof(run));
		memset(c, 0, sizeof(c));
		for (k = 0; t[i].verdicts[k]; k++) {
			const char *at = strchr("pfwies", t[i].verdicts[k]);
			static const enum vet_verdict map[] = {VET_PASS,   VET_FAIL,  VET_FAIL,
			                                       VET_INCONC, VET_ERROR, VET_SKIP};
			c[k].verdict = map[at - "pfwies"];
			c[k].waived = t[i].verdicts[k] == 'w';
		}
		run.cases = c;
		run.ncases = k;
		run.interrupted = t[i].interrupted;
		if (vet_run_exit_status(&run) != t[i].status)
			fprintf(stderr, "\nexit status #%zu (%s): got %d want %d\n", i,
			        t[i].verdicts, vet_run_exit_status(&run), t[i].status);
		CU_ASSERT_EQUAL(vet_run_exit_status(&run), t[i].status);
	}
	/* Counts: a waived fail is a fail, and counted as waived. */
	memset(c, 0, sizeof(c));
	c[0].verdict = VET_FAIL;
	c[0].waived = 1;
	c[1].verdict = VET_FAIL;
	c[2].verdict = VET_PASS;
	c[2].waived = 1; /* meaningless on a pass */
	run.cases = c;
	run.ncases = 3;
	vet_run_counts(&run, counts, &waived);
	CU_ASSERT_EQUAL(counts[VET_FAIL], 2);
	CU_ASSERT_EQUAL(counts[VET_PASS], 1);
	CU_ASSERT_EQUAL(waived, 1);
	CU_ASSERT_EQUAL(vet_run_exit_status(NULL), 2);
}

/* --- embedded assets -------------------------------------------------------- */

static void test_assets(void)
{
	struct vet_catalogue cat;
	char err[256];
	long i;
	CU_ASSERT_EQUAL_FATAL(vet__catalogue_load(&cat, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(cat.n, 609);
	i = vet__catalogue_find(&cat, "SIP_CC_OE_CE_TI_001");
	CU_ASSERT_FATAL(i >= 0);
	CU_ASSERT_STRING_EQUAL(cat.p[i].area, "CC");
	CU_ASSERT_STRING_EQUAL(cat.p[i].entity, "OE");
	CU_ASSERT_EQUAL(cat.p[i].number, 1);
	CU_ASSERT_EQUAL(vet__catalogue_find(&cat, "SIP_CC_OE_CE_TI_0011"), -1);
	CU_ASSERT_EQUAL(vet__catalogue_find(&cat, NULL), -1);
	for (i = 1; i < (long)cat.n; i++)
		CU_ASSERT(strcmp(cat.p[i - 1].id, cat.p[i].id) < 0);
	vet__catalogue_free(&cat);
	/* The inline style sheet and script cannot end their elements. */
	CU_ASSERT_PTR_NULL(strstr((const char *)vet__tpl_css, "</"));
	CU_ASSERT_PTR_NULL(strstr((const char *)vet__tpl_js, "</"));
	CU_ASSERT_EQUAL(strlen((const char *)vet__tpl_index), vet__tpl_index_len);
	CU_ASSERT_STRING_EQUAL(vet__etsi_area_name("RG"), "Registration");
	CU_ASSERT_STRING_EQUAL(vet__etsi_entity_name("ZZ"), "ZZ");
}

static void test_natcmp(void)
{
	CU_ASSERT(vet__natcmp("RFC 3261 8.2", "RFC 3261 17.1") < 0);
	CU_ASSERT(vet__natcmp("RFC 3261 17.1.1.2", "RFC 3261 17.1.1.10") < 0);
	CU_ASSERT(vet__natcmp("RFC 3261 17", "RFC 3261 17.1") < 0);
	CU_ASSERT(vet__natcmp("a010", "a10") == 0);
	CU_ASSERT(vet__natcmp("abc", "abd") < 0);
	CU_ASSERT(vet__natcmp(NULL, "a") < 0);
	CU_ASSERT(vet__natcmp(NULL, NULL) == 0);
}

int main(void)
{
	tu_suite("results.json", (CU_TestInfo[]){
	                                 {"round trip", test_json_roundtrip},
	                                 {"every prefix rejected", test_json_truncated},
	                                 {"allocation failures", test_json_alloc_failure},
	                                 {"malformed inputs", test_json_rejects},
	                                 {"nesting depth", test_json_depth},
	                                 {"files", test_load_and_write_dir},
	                                 CU_TEST_INFO_NULL,
	                         });
	tu_suite("junit.xml", (CU_TestInfo[]){
	                              {"checker", test_xml_checker},
	                              {"well-formed", test_junit},
	                              CU_TEST_INFO_NULL,
	                      });
	tu_suite("index.html", (CU_TestInfo[]){
	                               {"escaping and structure", test_html},
	                               {"empty runs", test_empty_runs},
	                               CU_TEST_INFO_NULL,
	                       });
	tu_suite("record", (CU_TestInfo[]){
	                           {"verdict names", test_verdict_names},
	                           {"exit status", test_exit_status},
	                           {"assets", test_assets},
	                           {"natural order", test_natcmp},
	                           CU_TEST_INFO_NULL,
	                   });
	return tu_run();
}

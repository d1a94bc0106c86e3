/* The RFC 4475 and RFC 5118 torture messages against
 * corpus/torture/expected.tsv, the round-trip invariant over the corpus, and
 * the properties RFC 4475 points out message by message. */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipref/msg.h"
#include "sipref/multipart.h"
#include "testutil.h"

struct row {
	char path[128], section[32], verdict[16], reason[96], check[8];
	int status;
};

static struct row rows[80];
static size_t nrows;

static char *field(char **p)
{
	char *s = *p, *t = strchr(s, '\t');
	if (t) {
		*t = 0;
		*p = t + 1;
	} else {
		*p = s + strlen(s);
	}
	return s;
}

static void load_table(void)
{
	size_t len;
	char *data = tu_read_file(tu_src_path("corpus/torture/expected.tsv"), &len), *line, *save;
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	data = realloc(data, len + 1);
	data[len] = 0;
	nrows = 0;
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct row *r = &rows[nrows];
		char *p = line;
		if (line[0] == '#' || line[0] == 0 || nrows == sizeof(rows) / sizeof(rows[0]))
			continue;
		snprintf(r->path, sizeof(r->path), "%s", field(&p));
		snprintf(r->section, sizeof(r->section), "%s", field(&p));
		snprintf(r->verdict, sizeof(r->verdict), "%s", field(&p));
		r->status = atoi(field(&p));
		snprintf(r->reason, sizeof(r->reason), "%s", field(&p));
		snprintf(r->check, sizeof(r->check), "%s", field(&p));
		nrows++;
	}
	free(data);
}

static char *read_corpus(const char *rel, size_t *len)
{
	char path[256];
	snprintf(path, sizeof(path), "corpus/torture/%s", rel);
	return tu_read_file(tu_src_path(path), len);
}

/* parse(print(m)) with flags 0 is accepted and sip_msg_same as m. (No
 * tu_guard here: m may point into the current guarded copy.) */
static int round_trip(struct sip_msg *m)
{
	struct sip_msg *m2 = sip_msg_new(0);
	size_t need = sip_msg_print(m, NULL, 0), n;
	char *out = malloc(need + 1);
	struct sip_perr e;
	int ok;
	n = sip_msg_print(m, out, need + 1);
	ok = n == need && sip_msg_parse(m2, out, n, SIP_PARSE_COPY, &e) == 0 &&
	     sip_msg_parse_all(m2, &e) == 0 && sip_msg_same(m, m2) && sip_msg_same(m2, m);
	if (!ok)
		fprintf(stderr, "round trip failed: %.*s\n", (int)(n < 300 ? n : 300), out);
	free(out);
	sip_msg_free(m2);
	return ok;
}

static void test_table(void)
{
	struct sip_msg *m = sip_msg_new(0);
	size_t i, failed = 0;
	load_table();
	CU_ASSERT_EQUAL(nrows, 62);
	for (i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		struct sip_perr e = {0, NULL, 0};
		size_t len;
		char *data = read_corpus(r->path, &len);
		int rc, valid = strcmp(r->verdict, "valid") == 0, ok = 1;
		CU_ASSERT_PTR_NOT_NULL_FATAL(data);
		rc = sip_msg_parse(m, tu_guard(data, len), len, 0, &e);
		if (rc == 0)
			rc = sip_msg_parse_all(m, &e);
		if (valid) {
			ok = rc == 0;
			if (ok) {
				struct sip_perr ce;
				int crc = sip_msg_check(m, &ce);
				if (strcmp(r->check, "ok") == 0)
					ok = crc == 0;
				else
					ok = crc == SIP_EPARSE && ce.status == atoi(r->check);
				if (!ok)
					fprintf(stderr, "%s: check rc %d (%s)\n", r->path, crc,
					        crc ? ce.reason : "");
				if (ok && !round_trip(m)) {
					fprintf(stderr, "%s: round trip\n", r->path);
					ok = 0;
				}
			}
		} else {
			ok = rc == SIP_EPARSE && e.status == r->status && e.reason &&
			     strstr(e.reason, r->reason);
		}
		if (!ok) {
			failed++;
			fprintf(stderr,
			        "%s (%s): want %s %d '%s', got rc %d status %d '%s' at %zu\n",
			        r->path, r->section, r->verdict, r->status, r->reason, rc, e.status,
			        e.reason ? e.reason : "", e.off);
		}
		CU_ASSERT(ok);
		free(data);
	}
	if (failed)
		fprintf(stderr, "torture: %zu of %zu rows fail\n", failed, nrows);
	sip_msg_free(m);
}

/* The choices the RFC leaves open: each leniency accepts its message, and
 * what the printer emits is strictly valid (RFC 4475 3.1.2.7/9/10/11: never
 * forward the <>, the extra spaces or the headers). */
static void test_lenient(void)
{
	static const struct {
		const char *path;
		unsigned flags;
	} t[] = {
	        {"rfc4475/lwsstart.dat", SIP_LENIENT_START_LINE_WS},
	        {"rfc4475/trws.dat", SIP_LENIENT_START_LINE_WS},
	        {"rfc4475/ltgtruri.dat", SIP_LENIENT_RURI_LTGT},
	};
	struct sip_msg *m = sip_msg_new(0);
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct sip_perr e;
		size_t len;
		char *data = read_corpus(t[i].path, &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(data);
		CU_ASSERT_EQUAL_FATAL(sip_msg_parse(m, data, len, t[i].flags, &e), 0);
		CU_ASSERT_EQUAL(m->lenient_used, t[i].flags);
		CU_ASSERT_EQUAL(sip_msg_parse_all(m, &e), 0);
		CU_ASSERT(round_trip(m));
		free(data);
	}
	sip_msg_free(m);
}

static struct sip_msg *load(const char *rel, char **data, unsigned flags)
{
	struct sip_msg *m = sip_msg_new(0);
	size_t len;
	struct sip_perr e;
	*data = read_corpus(rel, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(*data);
	CU_ASSERT_EQUAL(sip_msg_parse(m, *data, len, flags, &e), 0);
	return m;
}

static void test_properties(void)
{
	struct sip_msg *m;
	char *d;
	/* 3.1.1.5 esc02: two Contacts (C%6Fntact is another header), an
	 * unknown method. */
	m = load("rfc4475/esc02.dat", &d, 0);
	CU_ASSERT_EQUAL(sip_msg_hdr_count(m, SIP_HDR_CONTACT), 2);
	CU_ASSERT_PTR_NOT_NULL(sip_msg_hdr_named(m, SIP_STR("C%6Fntact")));
	CU_ASSERT_EQUAL(m->mid, SIP_METHOD_OTHER);
	CU_ASSERT(sip_str_eq(m->method, SIP_STR("RE%47IST%45R")));
	sip_msg_free(m);
	free(d);
	/* 3.3.12 cparam01: a contact-param; 3.3.13 cparam02: a URI param. */
	m = load("rfc4475/cparam01.dat", &d, 0);
	{
		struct sip_hdr *h = sip_msg_hdr(m, SIP_HDR_CONTACT);
		CU_ASSERT_FATAL(h && sip_hdr_decode(m, h, 0) == 0);
		CU_ASSERT_PTR_NOT_NULL(sip_param_find(h->val.na->params, "unknownparam"));
		CU_ASSERT_PTR_NULL(sip_param_find(h->val.na->uri.params, "unknownparam"));
	}
	sip_msg_free(m);
	free(d);
	m = load("rfc4475/cparam02.dat", &d, 0);
	{
		struct sip_hdr *h = sip_msg_hdr(m, SIP_HDR_CONTACT);
		CU_ASSERT_FATAL(h && sip_hdr_decode(m, h, 0) == 0);
		CU_ASSERT_PTR_NULL(sip_param_find(h->val.na->params, "unknownparam"));
		CU_ASSERT_PTR_NOT_NULL(sip_param_find(h->val.na->uri.params, "unknownparam"));
	}
	sip_msg_free(m);
	free(d);
	/* 3.1.1.9 semiuri: the user part keeps its semicolons. */
	m = load("rfc4475/semiuri.dat", &d, 0);
	{
		const struct sip_uri *u = sip_msg_ruri(m);
		CU_ASSERT_PTR_NOT_NULL_FATAL(u);
		CU_ASSERT(sip_str_eq(u->user, SIP_STR("user;par=u%40example.net")));
		CU_ASSERT_PTR_NULL(u->params);
	}
	sip_msg_free(m);
	free(d);
	/* 3.1.1.4 escnull: To and From name the same resource; %00 matters. */
	m = load("rfc4475/escnull.dat", &d, 0);
	{
		const struct sip_nameaddr *to = sip_msg_to(m), *from = sip_msg_from(m);
		struct sip_arena ar;
		struct sip_uri other;
		struct sip_perr e;
		CU_ASSERT_FATAL(to && from);
		CU_ASSERT(sip_uri_equiv(&to->uri, &from->uri));
		sip_arena_init(&ar, 0, 0);
		CU_ASSERT_EQUAL_FATAL(
		        sip_uri_parse(&ar, "sip:null--null@example.com", 26, 0, &other, &e), 0);
		CU_ASSERT(!sip_uri_equiv(&to->uri, &other));
		sip_arena_fini(&ar);
	}
	sip_msg_free(m);
	free(d);
	/* 3.1.1.8 dblreq: the REGISTER only; the INVITE after it is ignored. */
	m = load("rfc4475/dblreq.dat", &d, 0);
	CU_ASSERT(m->len < m->input_len);
	CU_ASSERT_EQUAL(m->body.len, 0);
	CU_ASSERT_EQUAL(m->mid, SIP_METHOD_REGISTER);
	CU_ASSERT(memcmp(m->buf + m->len, "\r\nINVITE ", 9) == 0);
	sip_msg_free(m);
	free(d);
	/* 3.1.1.11 mpart01: the binary part's octets are intact. */
	m = load("rfc4475/mpart01.dat", &d, 0);
	{
		const struct sip_multipart *mp = sip_msg_multipart(m);
		static const char hdr[] = "Content-Type: application/octet-stream\r\n"
		                          "Content-Transfer-Encoding: binary\r\n\r\n";
		static const char close[] = "\r\n--7a9cbec02ceef655--";
		const char *b = m->body.p, *be = b + m->body.len, *start, *stop = NULL, *q;
		CU_ASSERT_PTR_NOT_NULL_FATAL(mp);
		CU_ASSERT_EQUAL_FATAL(mp->nparts, 2);
		start = memmem(b, m->body.len, hdr, sizeof(hdr) - 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(start);
		start += sizeof(hdr) - 1;
		for (q = start; (q = memmem(q, (size_t)(be - q), close, sizeof(close) - 1)); q++)
			stop = q;
		CU_ASSERT_PTR_NOT_NULL_FATAL(stop);
		CU_ASSERT(memchr(start, 0, (size_t)(stop - start)) != NULL);
		CU_ASSERT(mp->parts->next && mp->parts->next->content.p == start &&
		          mp->parts->next->content.len == (size_t)(stop - start));
		CU_ASSERT(sip_str_eq(mp->parts->content, SIP_STR("Hello")));
	}
	sip_msg_free(m);
	free(d);
}

/* baddn.dat lacks the empty line ending its head; with it, the unquoted
 * display name is what gets the message rejected (RFC 4475 3.1.2.15). */
static void test_baddn(void)
{
	struct sip_msg *m = sip_msg_new(0);
	struct sip_perr e;
	size_t len;
	char *d = read_corpus("rfc4475/baddn.dat", &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	d = realloc(d, len + 2);
	memcpy(d + len, "\r\n", 2);
	CU_ASSERT_EQUAL_FATAL(sip_msg_parse(m, d, len + 2, 0, &e), 0);
	CU_ASSERT_EQUAL(sip_msg_parse_all(m, &e), SIP_EPARSE);
	CU_ASSERT_EQUAL(e.status, 400);
	CU_ASSERT(e.off >= (size_t)(strstr(d, "From:") - d));
	CU_ASSERT(e.off < (size_t)(strstr(d, "Call-ID:") - d));
	free(d);
	sip_msg_free(m);
}

int main(void)
{
	tu_suite("torture", (CU_TestInfo[]){{"expected.tsv", test_table},
	                                    {"leniencies", test_lenient},
	                                    {"RFC 4475 properties", test_properties},
	                                    {"baddn", test_baddn},
	                                    CU_TEST_INFO_NULL});
	return tu_run();
}

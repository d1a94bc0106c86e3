/* sipvet's message templates (harness/load_tpl.c, template.c): line ends,
 * escapes, Content-Length: auto, every variable, fresh values. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "sipref/error.h"
#include "sipref/msg.h"
#include "template.h"
#include "testutil.h"

#define HEAD                                                                \
	"id: t\ntitle: T\nrfc: [1]\nroles: [uas]\ntransports: [udp, tcp]\n" \
	"agents: [alice, {name: bob, user: robert}]\nsteps:\n"

struct env {
	struct vet_case *c;
	struct vet_vars v;
};

static int env_init(struct env *e, const char *steps, unsigned tp)
{
	char y[4096], diag[1024];
	struct vet_diag d = {diag, sizeof diag, 0, 0};
	struct vet_load_opts o = {0};
	static char tdir[512];

	snprintf(tdir, sizeof tdir, "%s", tu_src_path("corpus/torture"));
	o.torture_dir = tdir;
	snprintf(y, sizeof y, "%s%s", HEAD, steps);
	diag[0] = 0;
	if (vet_case_load_mem("t.yaml", y, strlen(y), &o, &e->c, &d)) {
		fprintf(stderr, "\n%s", diag);
		return -1;
	}
	if (vet_vars_init(&e->v, e->c, NULL, 1234))
		return -1;
	e->v.transport = tp;
	e->v.iut.host = SIP_STR("192.0.2.5");
	e->v.iut.port = 5060;
	e->v.agents[0].ep.host = SIP_STR("192.0.2.1");
	e->v.agents[0].ep.port = 5070;
	e->v.agents[1].ep.host = SIP_STR("2001:db8::2");
	e->v.agents[1].ep.port = 5080;
	return 0;
}

static void env_fini(struct env *e)
{
	vet_vars_fini(&e->v);
	vet_case_free(e->c);
}

/* Runs vet_send_begin and renders send step i. */
static char *render(struct env *e, size_t i, size_t *len, int *rc)
{
	struct sip_str s;
	struct vet_tpl_err err;
	const struct vet_step *st = &e->c->steps[i];

	vet_send_begin(&e->v, st);
	*rc = vet_tpl_render_str(&st->send.msg, &e->v, st->agent, &s, &err);
	if (*rc) {
		fprintf(stderr, "\nrender: %s\n", err.msg);
		return NULL;
	}
	*len = s.len;
	return (char *)s.p;
}

/* Each row: one send step (YAML) and the exact octets it renders to,
 * with alice at 192.0.2.1:5070, bob at [2001:db8::2]:5080, the IUT at
 * 192.0.2.5:5060, transport UDP, and the first fresh values. */
static const struct {
	const char *step;
	const char *want;
	size_t wantlen; /* 0: strlen(want) */
} rows[] = {
        /* text: LF -> CRLF and the header section closed (RFC 3261 7). */
        {"  - send: |\n      OPTIONS sip:x SIP/2.0\n      Max-Forwards: 70\n",
         "OPTIONS sip:x SIP/2.0\r\nMax-Forwards: 70\r\n\r\n"},
        {"  - send: |-\n      OPTIONS sip:x SIP/2.0\n      Max-Forwards: 70\n",
         "OPTIONS sip:x SIP/2.0\r\nMax-Forwards: 70\r\n\r\n"},
        {"  - send: \"OPTIONS sip:x SIP/2.0\\r\\nA: b\\n\"\n",
         "OPTIONS sip:x SIP/2.0\r\nA: b\r\n\r\n"},
        /* A body: it keeps its text, with CRLF line ends; C-L counts it. */
        {"  - send: |\n      INVITE sip:x SIP/2.0\n      Content-Length: auto\n\n      v=0\n"
         "      s=-\n",
         "INVITE sip:x SIP/2.0\r\nContent-Length: 10\r\n\r\nv=0\r\ns=-\r\n"},
        {"  - send: |\n      INVITE sip:x SIP/2.0\n      l :  AUTO \n\n      abc",
         "INVITE sip:x SIP/2.0\r\nl :  3 \r\n\r\nabc"},
        /* No body: Content-Length: auto is 0. */
        {"  - send: |\n      BYE sip:x SIP/2.0\n      Content-Length: auto\n",
         "BYE sip:x SIP/2.0\r\nContent-Length: 0\r\n\r\n"},
        /* "auto" in the body, or not alone on its line, stays. */
        {"  - send: |\n      BYE sip:x SIP/2.0\n      X: Content-Length: auto\n\n      "
         "Content-Length: auto\n",
         "BYE sip:x SIP/2.0\r\nX: Content-Length: auto\r\n\r\nContent-Length: auto\r\n"},
        /* bytes: escapes, line breaks of the YAML dropped, NUL allowed. */
        {"  - send:\n      bytes: |\n        A\\r\\n\n        "
         "B\\x00\\x7f\\t\\\\\\$$$\\0\\r\\n\\r\\n\n",
         "A\r\nB\0\x7f\t\\$$\0\r\n\r\n", 15},
        {"  - send: {bytes: 'INVITE x SIP/2.0\\r\\nContent-Length: auto\\r\\n\\r\\nxyz'}\n",
         "INVITE x SIP/2.0\r\nContent-Length: 3\r\n\r\nxyz"},
        /* verbatim: nothing is processed. */
        {"  - send: {text: \"A ${x} $\\nB\", verbatim: true}\n", "A ${x} $\nB"},
        /* Variables. */
        {"  - send: '${iut.host} ${iut.port} ${iut.addr} ${iut.uri} ${iut.domain}|${iut.user}|'\n",
         "192.0.2.5 5060 192.0.2.5:5060 sip:192.0.2.5:5060 192.0.2.5||\r\n\r\n"},
        {"  - send: '${alice.host} ${alice.port} ${alice.addr} ${alice.uri} ${alice.contact} "
         "${alice.user} ${alice.name}'\n",
         "192.0.2.1 5070 192.0.2.1:5070 sip:alice@192.0.2.1:5070 <sip:alice@192.0.2.1:5070> "
         "alice alice\r\n\r\n"},
        /* RFC 3261 25.1: IPv6 references in brackets. */
        {"  - send: '${bob.host} ${bob.addr} ${bob.uri} ${bob.user}'\n",
         "[2001:db8::2] [2001:db8::2]:5080 sip:robert@[2001:db8::2]:5080 robert\r\n\r\n"},
        {"  - send: '${transport} ${transport.lower}'\n", "UDP udp\r\n\r\n"},
        {"  - send: 'a $${b}'\n", "a ${b}\r\n\r\n"},
};

static void test_rows(void)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct env e;
		size_t len = 0, wl = rows[i].wantlen ? rows[i].wantlen : strlen(rows[i].want);
		int rc;
		char *out;
		if (env_init(&e, rows[i].step, VET_TP_UDP)) {
			CU_FAIL("case does not load");
			continue;
		}
		out = render(&e, 0, &len, &rc);
		CU_ASSERT_EQUAL(rc, 0);
		if (out && (len != wl || memcmp(out, rows[i].want, wl) != 0)) {
			fprintf(stderr, "\n[%zu] got (%zu): ", i, len);
			fwrite(out, 1, len, stderr);
		}
		CU_ASSERT(out && len == wl && memcmp(out, rows[i].want, wl) == 0);
		env_fini(&e);
	}
}

static int matches(const char *re_src, const char *s)
{
	regex_t re;
	int r;
	if (regcomp(&re, re_src, REG_EXTENDED | REG_NOSUB))
		return 0;
	r = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return r;
}

/* Fresh values: a branch and tag per send step, the same within one step;
 * one Call-ID and one tag per agent per run; CSeq counting. */
static void test_fresh(void)
{
	static const char steps[] =
	        "  - send: \"INVITE x SIP/2.0\\nV: ${branch} ${branch} ${tag} ${call_id} "
	        "${alice.tag} ${cseq}\"\n"
	        "  - send: \"ACK x SIP/2.0\\nV: ${branch} ${branch} ${tag} ${call_id} ${alice.tag} "
	        "${cseq}\"\n"
	        "  - send: \"OPTIONS x SIP/2.0\\nV: ${branch} ${branch} ${tag} ${call_id} "
	        "${alice.tag} ${cseq}\"\n"
	        "  - send: \"SIP/2.0 200 OK\\nV: ${branch} ${branch} ${tag} ${call_id} "
	        "${alice.tag} "
	        "${cseq}\"\n"
	        "  - send: \"CANCEL x SIP/2.0\\nV: ${branch} ${branch} ${tag} ${call_id} "
	        "${alice.tag} ${cseq}\"\n"
	        "  - send: \"BYE x SIP/2.0\\nV: ${branch} ${branch} ${tag} ${call_id} ${bob.tag} "
	        "${cseq}\"\n"
	        "    agent: bob\n";
	static const unsigned cseq[] = {1, 1, 2, 2, 2, 1};
	char b[6][64], t[6][64], cid[6][64], at[6][64];
	struct env e;

	CU_ASSERT_EQUAL_FATAL(env_init(&e, steps, VET_TP_TCP), 0);
	for (size_t i = 0; i < 6; i++) {
		size_t len;
		int rc;
		char line[300], b2[64];
		unsigned n = 0;
		char *out = render(&e, i, &len, &rc);
		CU_ASSERT_EQUAL_FATAL(rc, 0);
		snprintf(line, sizeof line, "%.*s", (int)len, out);
		CU_ASSERT_EQUAL_FATAL(sscanf(strstr(line, "V: "), "V: %63s %63s %63s %63s %63s %u",
		                             b[i], b2, t[i], cid[i], at[i], &n),
		                      6);
		/* RFC 3261 8.1.1.7: the magic cookie, then something unique. */
		CU_ASSERT(matches("^z9hG4bK[0-9a-f]{16}$", b[i]));
		CU_ASSERT_STRING_EQUAL(b[i], b2);
		CU_ASSERT(matches("^[0-9a-f]{12}$", t[i]));
		CU_ASSERT_EQUAL(n, cseq[i]);
		if (i) {
			CU_ASSERT_STRING_NOT_EQUAL(b[i], b[i - 1]);
			CU_ASSERT_STRING_NOT_EQUAL(t[i], t[i - 1]);
			CU_ASSERT_STRING_EQUAL(cid[i], cid[0]);
		}
		if (i && i < 5)
			CU_ASSERT_STRING_EQUAL(at[i], at[0]);
	}
	CU_ASSERT_STRING_NOT_EQUAL(at[5], at[0]);
	env_fini(&e);
}

/* Fields of earlier messages and captures, e.g. a response built from the
 * request it answers (RFC 3261 8.2.6.2). */
static void test_message_fields(void)
{
	static const char steps[] = "  - name: bye\n"
	                            "    expect: BYE\n"
	                            "    capture: {ft: From.tag}\n"
	                            "  - send: |\n"
	                            "      SIP/2.0 200 OK\n"
	                            "      ${bye.Via.lines}\n"
	                            "      From: ${bye.From}\n"
	                            "      To: ${bye.To};tag=${alice.tag}\n"
	                            "      Call-ID: ${bye.Call-ID}\n"
	                            "      CSeq: ${bye.CSeq.num} ${bye.method}\n"
	                            "      X: ${ft} ${bye.Contact.uri.port}\n"
	                            "      Content-Length: auto\n";
	static const char bye[] = "BYE sip:alice@192.0.2.1:5070 SIP/2.0\r\n"
	                          "Via: SIP/2.0/UDP 192.0.2.5;branch=z9hG4bK1, SIP/2.0/UDP h2\r\n"
	                          "v: SIP/2.0/UDP h3;branch=z9hG4bK3\r\n"
	                          "From: <sip:x@192.0.2.5>;tag=abc\r\n"
	                          "To: <sip:alice@192.0.2.1>\r\n"
	                          "Call-ID: c1\r\n"
	                          "CSeq: 7 BYE\r\n"
	                          "Content-Length: 0\r\n"
	                          "\r\n";
	struct env e;
	struct sip_msg *m = sip_msg_new(NULL);
	struct sip_perr perr;
	struct vet_tpl_err err;
	char *out, want[1024];
	size_t len;
	int rc;

	CU_ASSERT_EQUAL_FATAL(env_init(&e, steps, VET_TP_UDP), 0);
	CU_ASSERT_EQUAL_FATAL(sip_msg_parse(m, bye, strlen(bye), 0, &perr), 0);
	/* Not received yet: an error naming the step. */
	vet_send_begin(&e.v, &e.c->steps[1]);
	{
		struct sip_str s;
		CU_ASSERT_EQUAL(vet_tpl_render_str(&e.c->steps[1].send.msg, &e.v, 0, &s, &err),
		                SIP_EPARSE);
		CU_ASSERT_STRING_EQUAL(err.msg, "step 'bye' has no message (yet)");
	}
	e.v.seen[0].msg = m;
	/* Not captured yet. */
	{
		struct sip_str s;
		CU_ASSERT_EQUAL(vet_tpl_render_str(&e.c->steps[1].send.msg, &e.v, 0, &s, &err),
		                SIP_EPARSE);
		CU_ASSERT_STRING_EQUAL(err.msg, "${ft} has not been captured");
	}
	CU_ASSERT_EQUAL(vet_vars_set_capture(&e.v, 0, SIP_STR("abc")), 0);
	/* Contact is absent from the BYE. */
	{
		struct sip_str s;
		CU_ASSERT_EQUAL(vet_tpl_render_str(&e.c->steps[1].send.msg, &e.v, 0, &s, &err),
		                SIP_EPARSE);
		CU_ASSERT_STRING_EQUAL(err.msg,
		                       "${bye.Contact.uri.port}: the message has no such field");
	}
	sip_msg_free(m);
	m = sip_msg_new(NULL);
	{
		static char bye2[600];
		snprintf(bye2, sizeof bye2, "%.*sContact: <sip:x@h:5099>\r\n\r\n",
		         (int)(strlen(bye) - 2), bye);
		CU_ASSERT_EQUAL_FATAL(sip_msg_parse(m, bye2, strlen(bye2), 0, &perr), 0);
		e.v.seen[0].msg = m;
		out = render(&e, 1, &len, &rc);
		CU_ASSERT_EQUAL_FATAL(rc, 0);
		snprintf(want, sizeof want,
		         "SIP/2.0 200 OK\r\n"
		         "Via: SIP/2.0/UDP 192.0.2.5;branch=z9hG4bK1, SIP/2.0/UDP h2\r\n"
		         "v: SIP/2.0/UDP h3;branch=z9hG4bK3\r\n"
		         "From: <sip:x@192.0.2.5>;tag=abc\r\n"
		         "To: <sip:alice@192.0.2.1>;tag=%s\r\n"
		         "Call-ID: c1\r\n"
		         "CSeq: 7 BYE\r\n"
		         "X: abc 5099\r\n"
		         "Content-Length: 0\r\n\r\n",
		         e.v.agents[0].tag);
		CU_ASSERT(len == strlen(want) && memcmp(out, want, len) == 0);
		/* The output parses and is a response to the BYE. */
		{
			struct sip_msg *r = sip_msg_new(NULL);
			CU_ASSERT_EQUAL(sip_msg_parse(r, out, len, 0, &perr), 0);
			CU_ASSERT_EQUAL(r->status, 200);
			sip_msg_free(r);
		}
	}
	sip_msg_free(m);
	env_fini(&e);
}

/* Profile values: IUT user and domain; a TCP contact. */
static void test_iut_profile_values(void)
{
	struct env e;
	size_t len;
	int rc;
	char *out;

	CU_ASSERT_EQUAL_FATAL(env_init(&e,
	                               "  - send: '${iut.uri} ${iut.domain} ${iut.user} "
	                               "${alice.contact} ${bob.contact}'\n",
	                               VET_TP_TCP),
	                      0);
	e.v.iut.user = SIP_STR("svc");
	e.v.iut.domain = SIP_STR("example.org");
	out = render(&e, 0, &len, &rc);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT(len > 0 && strncmp(out,
	                             "sip:svc@example.org example.org svc "
	                             "<sip:alice@192.0.2.1:5070;transport=tcp> "
	                             "<sip:robert@[2001:db8::2]:5080;transport=tcp>\r\n\r\n",
	                             len) == 0);
	env_fini(&e);
}

/* A torture file is sent byte for byte, apart from `replace`. */
static void test_torture(void)
{
	struct env e;
	size_t len, flen;
	int rc;
	char *out, *file, *want;

	CU_ASSERT_EQUAL_FATAL(env_init(&e,
	                               "  - send:\n"
	                               "      torture: rfc4475/mpart01.dat\n"
	                               "  - send:\n"
	                               "      torture: rfc4475/mpart01.dat\n"
	                               "      replace: {'127.0.0.1:5070': '${alice.host}'}\n",
	                               VET_TP_UDP),
	                      0);
	file = tu_read_file(tu_src_path("corpus/torture/rfc4475/mpart01.dat"), &flen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	out = render(&e, 0, &len, &rc);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT(len == flen && memcmp(out, file, flen) == 0); /* NULs and all */
	out = render(&e, 1, &len, &rc);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	/* Every occurrence is replaced. */
	want = malloc(flen + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	{
		size_t wl = 0, n = 0;
		for (size_t i = 0; i < flen;) {
			if (flen - i >= 14 && memcmp(file + i, "127.0.0.1:5070", 14) == 0) {
				memcpy(want + wl, "192.0.2.1", 9);
				wl += 9;
				i += 14;
				n++;
			} else {
				want[wl++] = file[i++];
			}
		}
		CU_ASSERT(n >= 2);
		CU_ASSERT(len == wl && memcmp(out, want, len) == 0);
	}
	CU_ASSERT_EQUAL(e.c->steps[1].send.msg.is_request, 1);
	free(want);
	free(file);
	env_fini(&e);
}

/* A small buffer: sip_buf counts what did not fit. */
static void test_small_buffer(void)
{
	struct env e;
	char small[8];
	struct sip_buf b;
	struct vet_tpl_err err;

	CU_ASSERT_EQUAL_FATAL(env_init(&e,
	                               "  - send: |\n      BYE sip:x SIP/2.0\n"
	                               "      Content-Length: auto\n\n      body\n",
	                               VET_TP_UDP),
	                      0);
	vet_send_begin(&e.v, &e.c->steps[0]);
	sip_buf_init(&b, small, sizeof small);
	CU_ASSERT_EQUAL(vet_tpl_render(&e.c->steps[0].send.msg, &e.v, 0, &b, &err), 0);
	CU_ASSERT_FALSE(sip_buf_ok(&b));
	CU_ASSERT_EQUAL(b.len, strlen("BYE sip:x SIP/2.0\r\nContent-Length: 6\r\n\r\nbody\r\n"));
	CU_ASSERT_EQUAL(memcmp(small, "BYE sip:", 8), 0);
	env_fini(&e);
}

int main(void)
{
	tu_suite("template", (CU_TestInfo[]){{"rendering table", test_rows},
	                                     {"fresh values", test_fresh},
	                                     {"fields of earlier messages", test_message_fields},
	                                     {"IUT profile values", test_iut_profile_values},
	                                     {"torture files", test_torture},
	                                     {"small buffer", test_small_buffer},
	                                     CU_TEST_INFO_NULL});
	return tu_run();
}

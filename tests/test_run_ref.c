/* The case runner (harness/run.c, sched.c) against the reference target
 * (harness/target_ref.c): small inline cases run in process under the
 * virtual clock. Verdicts (pass, fail with the step, RFC section, expected
 * and received; error; skipped), the record of messages with their virtual
 * times, and timing constraints checked exactly (RFC 3261 17.2.1 Timer G:
 * a 486 retransmitted at T1, 2 T1, 4 T1 after the first). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "result.h"
#include "run.h"
#include "target.h"
#include "testutil.h"

static struct vet_target *ref;

static struct vet_case *load(const char *yaml)
{
	static char diag[4096];
	struct vet_diag d = {diag, sizeof(diag), 0, 0};
	struct vet_case *c = NULL;
	diag[0] = '\0';
	if (vet_case_load_mem("inline.yaml", yaml, strlen(yaml), NULL, &c, &d)) {
		fprintf(stderr, "case does not load:\n%s", diag);
		return NULL;
	}
	return c;
}

/* Runs yaml over tp on the reference target; res must be freed with
 * result_free. Returns the case (free with vet_case_free). */
static struct vet_case *run(const char *yaml, unsigned tp, struct vet_case_result *res,
                            const volatile sig_atomic_t *stop)
{
	struct vet_case *c = load(yaml);
	struct vet_case_run_opts o = {1234, stop};
	memset(res, 0, sizeof(*res));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(vet_result_init(res, c, tp, VET_ROLE_UAS, NULL), 0);
	CU_ASSERT_EQUAL(vet_case_run(ref, c, tp, &o, res), 0);
	return c;
}

static void result_free(struct vet_case_result *res)
{
	struct vet_run r;
	memset(&r, 0, sizeof(r));
	r.cases = malloc(sizeof(*res));
	memcpy(r.cases, res, sizeof(*res));
	r.ncases = 1;
	vet_run_free(&r);
	memset(res, 0, sizeof(*res));
}

static int has(const char *s, const char *sub)
{
	if (!s || !strstr(s, sub)) {
		fprintf(stderr, "\n  '%s' does not contain '%s'\n", s ? s : "(null)", sub);
		return 0;
	}
	return 1;
}

#define HEAD(ID, ROLES)                                                    \
	"id: " ID "\ntitle: t\nrfc: [RFC 3261 11.2]\nroles: [" ROLES "]\n" \
	"transports: [udp, tcp]\nagents: [alice]\n"

#define OPTIONS_SEND                                                       \
	"  - name: opt\n"                                                  \
	"    send: |\n"                                                    \
	"      OPTIONS ${iut.uri} SIP/2.0\n"                               \
	"      Via: SIP/2.0/${transport} ${alice.addr};branch=${branch}\n" \
	"      Max-Forwards: 70\n"                                         \
	"      From: <${alice.uri}>;tag=${alice.tag}\n"                    \
	"      To: <${iut.uri}>\n"                                         \
	"      Call-ID: ${call_id}\n"                                      \
	"      CSeq: ${cseq} OPTIONS\n"                                    \
	"      Accept: application/sdp\n"                                  \
	"      Content-Length: auto\n"

#define INVITE_SEND                                                        \
	"  - name: inv\n"                                                  \
	"    send: |\n"                                                    \
	"      INVITE ${iut.uri} SIP/2.0\n"                                \
	"      Via: SIP/2.0/${transport} ${alice.addr};branch=${branch}\n" \
	"      Max-Forwards: 70\n"                                         \
	"      From: <${alice.uri}>;tag=${alice.tag}\n"                    \
	"      To: <${iut.uri}>\n"                                         \
	"      Call-ID: ${call_id}\n"                                      \
	"      CSeq: ${cseq} INVITE\n"                                     \
	"      Contact: ${alice.contact}\n"                                \
	"      Content-Length: 0\n"                                        \
	"  - trigger: answer\n"                                            \
	"    args: {status: \"486\"}\n"

/* ------------------------------------------------------------------ */

static void test_pass(void)
{
	static const unsigned tps[] = {VET_TP_UDP, VET_TP_TCP};
	for (size_t i = 0; i < 2; i++) {
		struct vet_case_result res;
		struct vet_case *c =
		        run(HEAD("t.pass", "uas") "ignore: [100]\nsteps:\n" OPTIONS_SEND
		                                  "  - expect: 200\n"
		                                  "    within: 1 T1\n"
		                                  "    match:\n"
		                                  "      - {field: To.tag, present: true}\n"
		                                  "      - {field: Call-ID, same_as: opt}\n"
		                                  "      - {field: CSeq, same_as: opt}\n",
		            tps[i], &res, NULL);
		CU_ASSERT_EQUAL(res.verdict, VET_PASS);
		CU_ASSERT_EQUAL(res.step, 0);
		CU_ASSERT(has(res.reason, "all 2 steps passed"));
		CU_ASSERT_EQUAL_FATAL(res.nmsgs, 2);
		CU_ASSERT_EQUAL(res.msgs[0].sent, 1);
		CU_ASSERT_EQUAL(res.msgs[1].sent, 0);
		CU_ASSERT_STRING_EQUAL(res.msgs[0].agent, "alice");
		CU_ASSERT_STRING_EQUAL(res.msgs[0].transport, i ? "TCP" : "UDP");
		CU_ASSERT_STRING_EQUAL(res.msgs[0].dst, "127.0.0.1:5060");
		CU_ASSERT_STRING_EQUAL(res.msgs[1].src, "127.0.0.1:5060");
		CU_ASSERT_EQUAL(res.msgs[0].t_us, 0);
		CU_ASSERT_EQUAL(res.msgs[1].t_us, 0); /* virtual time: answered at once */
		CU_ASSERT(res.msgs[0].len > 0 && !memcmp(res.msgs[0].bytes, "OPTIONS sip:", 12));
		CU_ASSERT(res.msgs[1].len > 0 && !memcmp(res.msgs[1].bytes, "SIP/2.0 200", 11));
		CU_ASSERT_STRING_EQUAL(res.transport, i ? "tcp" : "udp");
		result_free(&res);
		vet_case_free(c);
	}
}

/* Wrong status: the verdict names step 2, its RFC section, what was
 * expected and what arrived. */
static void test_fail_status(void)
{
	struct vet_case_result res;
	struct vet_case *c = run(HEAD("t.fail.status", "uas") "ignore: [100]\nsteps:\n" OPTIONS_SEND
	                                                      "  - name: nf\n"
	                                                      "    expect: 404\n"
	                                                      "    rfc: RFC 3261 8.2.2.1\n",
	                         VET_TP_UDP, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VET_FAIL);
	CU_ASSERT_EQUAL(res.step, 2);
	CU_ASSERT_STRING_EQUAL(res.step_rfc, "RFC 3261 8.2.2.1");
	CU_ASSERT(has(res.reason, "step 2 (nf)"));
	CU_ASSERT(has(res.expected, "404"));
	CU_ASSERT(has(res.received, "200"));
	CU_ASSERT_EQUAL(res.nmsgs, 2);
	result_free(&res);
	vet_case_free(c);
}

/* A matcher's own RFC section overrides the step's. */
static void test_fail_matcher(void)
{
	struct vet_case_result res;
	struct vet_case *c =
	        run(HEAD("t.fail.match",
	                 "uas") "ignore: [100]\nsteps:\n" OPTIONS_SEND "  - expect: 200\n"
	                        "    rfc: RFC 3261 11.2\n"
	                        "    match:\n"
	                        "      - {field: Call-ID, same_as: opt}\n"
	                        "      - {field: To.tag, absent: true, rfc: RFC 3261 8.2.6.2}\n",
	            VET_TP_TCP, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VET_FAIL);
	CU_ASSERT_EQUAL(res.step, 2);
	CU_ASSERT_STRING_EQUAL(res.step_rfc, "RFC 3261 8.2.6.2");
	CU_ASSERT(has(res.received, "SIP/2.0 200"));
	result_free(&res);
	vet_case_free(c);
}

/* Nothing in time: the clock moves exactly to the deadline (virtual). */
static void test_fail_nothing_arrived(void)
{
	struct vet_case_result res;
	struct vet_case *c =
	        run(HEAD("t.fail.timeout",
	                 "uas") "steps:\n"
	                        "  - send: |\n"
	                        "      SIP/2.0 200 OK\n"
	                        "      Via: SIP/2.0/UDP ${iut.addr};branch=z9hG4bKnothing\n"
	                        "      From: <${alice.uri}>;tag=a\n"
	                        "      To: <${iut.uri}>;tag=b\n"
	                        "      Call-ID: x\n"
	                        "      CSeq: 1 OPTIONS\n"
	                        "      Content-Length: 0\n"
	                        "  - expect: 200\n"
	                        "    within: 2 T1\n",
	            VET_TP_UDP, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VET_FAIL);
	CU_ASSERT_EQUAL(res.step, 2);
	CU_ASSERT_STRING_EQUAL(res.received, "nothing");
	CU_ASSERT(has(res.reason, "nothing arrived"));
	CU_ASSERT(has(res.expected, "within 1000.0 ms"));
	CU_ASSERT_EQUAL(res.duration_us, 1000000);
	CU_ASSERT_EQUAL(res.nmsgs, 1); /* the stray response is dropped (RFC 3261 18.1.2) */
	result_free(&res);
	vet_case_free(c);
}

/* RFC 3261 17.2.1: over UDP the IST retransmits the 486 on Timer G: T1,
 * 2 T1, 4 T1 after each previous one; after the ACK, Timer I absorbs and
 * nothing more arrives. Tolerance 0: the virtual clock is exact. */
static void test_timing_exact(void)
{
	struct vet_case_result res;
	struct vet_case *c = run(
	        HEAD("t.timing",
	             "uas") "ignore: [1xx]\nsteps:\n" INVITE_SEND "  - {name: r1, expect: 486}\n"
	                    "  - {name: r2, expect: 486, at: 1 T1 +/- 0 ms, after: r1,\n"
	                    "     match: [{retransmission_of: r1}]}\n"
	                    "  - {name: r3, expect: 486, at: 2 T1 +/- 0 ms, after: r2,\n"
	                    "     match: [{retransmission_of: r1}]}\n"
	                    "  - {name: r4, expect: 486, at: 7 T1 +/- 0 ms, after: r1}\n"
	                    "  - send: |\n"
	                    "      ACK ${iut.uri} SIP/2.0\n"
	                    "      Via: SIP/2.0/${transport} "
	                    "${alice.addr};branch=${inv.Via.branch}\n"
	                    "      Max-Forwards: 70\n"
	                    "      From: ${inv.From}\n"
	                    "      To: ${r1.To}\n"
	                    "      Call-ID: ${call_id}\n"
	                    "      CSeq: ${cseq} ACK\n"
	                    "      Content-Length: 0\n"
	                    "  - nothing: 64 T1\n",
	        VET_TP_UDP, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VET_PASS);
	if (res.verdict != VET_PASS)
		fprintf(stderr, "\n  %s\n", res.reason);
	/* INVITE, 486 at 0, 500, 1500, 3500 ms, ACK at 3500 ms. */
	if (res.nmsgs >= 6) {
		size_t k = 0;
		uint64_t want[] = {0, 0, 500000, 1500000, 3500000, 3500000};
		for (size_t i = 0; i < res.nmsgs && k < 6; i++) {
			if (res.msgs[i].len > 9 && !memcmp(res.msgs[i].bytes, "SIP/2.0 1", 9))
				continue; /* a provisional response, ignored */
			CU_ASSERT_EQUAL(res.msgs[i].t_us, want[k]);
			k++;
		}
		CU_ASSERT_EQUAL(k, 6);
	} else {
		CU_FAIL("fewer than 6 messages recorded");
	}
	/* The nothing step ran for 64 T1 after the ACK, in virtual time. */
	CU_ASSERT_EQUAL(res.duration_us, 3500000 + 32000000);
	result_free(&res);
	vet_case_free(c);
}

/* The first retransmission comes at 1 T1; a case that wants it at 2 T1
 * fails with the window it expected. */
static void test_timing_violation(void)
{
	struct vet_case_result res;
	struct vet_case *c = run(
	        HEAD("t.timing.bad",
	             "uas") "ignore: [1xx]\nsteps:\n" INVITE_SEND "  - {name: r1, expect: 486}\n"
	                    "  - {name: r2, expect: 486, at: 2 T1 +/- 0.1 T1, after: r1,\n"
	                    "     rfc: RFC 3261 17.2.1}\n",
	        VET_TP_UDP, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VET_FAIL);
	CU_ASSERT_EQUAL(res.step, 4);
	CU_ASSERT_STRING_EQUAL(res.step_rfc, "RFC 3261 17.2.1");
	CU_ASSERT(has(res.reason, "arrived 500.0 ms after"));
	CU_ASSERT(has(res.reason, "[950.0, 1050.0]"));
	CU_ASSERT(has(res.expected, "at 1000.0 ms +/- 50.0 ms after step 3"));
	result_free(&res);
	vet_case_free(c);
}

/* A nothing step sees the retransmission (no ACK was sent). */
static void test_nothing_fails(void)
{
	struct vet_case_result res;
	struct vet_case *c =
	        run(HEAD("t.nothing", "uas") "ignore: [1xx]\nsteps:\n" INVITE_SEND
	                                     "  - {name: r1, expect: 486}\n"
	                                     "  - {nothing: 2 T1, rfc: RFC 3261 17.2.1}\n",
	            VET_TP_UDP, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VET_FAIL);
	CU_ASSERT_EQUAL(res.step, 4);
	CU_ASSERT(has(res.reason, "500.0 ms into the window"));
	CU_ASSERT(has(res.received, "486"));
	result_free(&res);
	vet_case_free(c);
}

/* Over TCP there is no Timer G (RFC 3261 17.2.1): nothing for 64 T1 passes
 * with the 486 never repeated. */
static void test_nothing_tcp(void)
{
	struct vet_case_result res;
	struct vet_case *c =
	        run(HEAD("t.nothing.tcp", "uas") "ignore: [1xx]\nsteps:\n" INVITE_SEND
	                                         "  - {name: r1, expect: 486}\n"
	                                         "  - {nothing: 32 T1, ignore: [1xx]}\n",
	            VET_TP_TCP, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VET_PASS);
	if (res.verdict != VET_PASS)
		fprintf(stderr, "\n  %s\n", res.reason);
	CU_ASSERT_EQUAL(res.duration_us, 16000000);
	result_free(&res);
	vet_case_free(c);
}

/* UAC role through a trigger: the reference UA sends OPTIONS to alice,
 * alice answers from the request's fields. */
static void test_trigger_uac(void)
{
	struct vet_case_result res;
	struct vet_case *c =
	        run(HEAD("t.uac", "uac") "steps:\n"
	                                 "  - trigger: options\n"
	                                 "    args: {to: \"${alice.uri}\"}\n"
	                                 "  - name: opt\n"
	                                 "    expect: OPTIONS\n"
	                                 "    within: 1 T1\n"
	                                 "    match: [{field: Via.branch, regex: \"^z9hG4bK\"}]\n"
	                                 "  - send: |\n"
	                                 "      SIP/2.0 200 OK\n"
	                                 "      ${opt.Via.lines}\n"
	                                 "      From: ${opt.From}\n"
	                                 "      To: ${opt.To};tag=${tag}\n"
	                                 "      Call-ID: ${opt.Call-ID}\n"
	                                 "      CSeq: ${opt.CSeq}\n"
	                                 "      Content-Length: 0\n"
	                                 "  - nothing: 64 T1\n",
	            VET_TP_UDP, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VET_PASS);
	if (res.verdict != VET_PASS)
		fprintf(stderr, "\n  %s\n", res.reason);
	CU_ASSERT(res.nmsgs >= 2);
	if (res.nmsgs >= 2) {
		CU_ASSERT_EQUAL(res.msgs[0].sent, 0);
		CU_ASSERT_STRING_EQUAL(res.msgs[0].dst, "127.0.0.10:5070");
		CU_ASSERT_EQUAL(res.msgs[1].sent, 1);
	}
	result_free(&res);
	vet_case_free(c);
}

/* Tester-side problems are errors, not fails. */
static void test_errors(void)
{
	struct vet_case_result res;
	volatile sig_atomic_t stop = 1;
	struct vet_case *c = run(HEAD("t.err.trigger", "uac") "steps:\n"
	                                                      "  - trigger: cancel\n",
	                         VET_TP_UDP, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VET_ERROR);
	CU_ASSERT_EQUAL(res.step, 1);
	CU_ASSERT(has(res.reason, "trigger cancel failed"));
	result_free(&res);
	vet_case_free(c);

	c = run(HEAD("t.err.stop", "uas") "steps:\n" OPTIONS_SEND, VET_TP_UDP, &res, &stop);
	CU_ASSERT_EQUAL(res.verdict, VET_ERROR);
	CU_ASSERT(has(res.reason, "interrupted"));
	CU_ASSERT_EQUAL(res.nmsgs, 0);
	result_free(&res);
	vet_case_free(c);
}

/* Planning: roles and transports the target lacks make skipped runs with
 * the reason; the scheduler fills the record in plan order, -j 3. */
static void test_plan_and_sched(void)
{
	struct vet_caseset set;
	struct vet_plan_item *items = NULL;
	struct vet_plan_filter f;
	struct vet_sched_opts so;
	struct vet_run rec;
	volatile sig_atomic_t stop = 0;
	const char *tags[] = {"keep"};
	size_t n = 0;
	struct vet_case *c;
	memset(&set, 0, sizeof(set));
	c = load("id: a.registrar\ntitle: t\nrfc: [RFC 3261 10.3]\nroles: [registrar]\n"
	         "transports: [udp]\ntags: [keep]\nagents: [alice]\nsteps:\n  - wait: 1 T1\n");
	CU_ASSERT_EQUAL_FATAL(vet_caseset_add(&set, c, NULL), 0);
	c = load("id: b.tls\ntitle: t\nrfc: [RFC 3261 26]\nroles: [uas]\n"
	         "transports: [udp, tls]\ntags: [keep]\nagents: [alice]\nsteps:\n  - wait: 1 T1\n");
	CU_ASSERT_EQUAL_FATAL(vet_caseset_add(&set, c, NULL), 0);
	c = load("id: c.other\ntitle: t\nrfc: [RFC 3261 26]\nroles: [uas]\n"
	         "transports: [udp]\ntags: [drop]\nagents: [alice]\nsteps:\n  - wait: 1 T1\n");
	CU_ASSERT_EQUAL_FATAL(vet_caseset_add(&set, c, NULL), 0);
	memset(&f, 0, sizeof(f));
	f.tags = tags;
	f.ntags = 1;
	CU_ASSERT_EQUAL_FATAL(vet_plan_build(&set, &f, vet_target_info(ref), &items, &n), 0);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_STRING_EQUAL(items[0].c->id, "a.registrar");
	CU_ASSERT(has(items[0].skip, "not applicable: the case is for registrar; the target "
	                             "plays uas, uac"));
	CU_ASSERT_STRING_EQUAL(items[1].c->id, "b.tls");
	CU_ASSERT_EQUAL(items[1].transport, VET_TP_UDP);
	CU_ASSERT_STRING_EQUAL(items[1].skip, "");
	CU_ASSERT_EQUAL(items[1].role, VET_ROLE_UAS);
	CU_ASSERT_EQUAL(items[2].transport, VET_TP_TLS);
	CU_ASSERT(has(items[2].skip, "does not offer tls"));

	memset(&so, 0, sizeof(so));
	so.jobs = 3;
	so.stop = &stop;
	memset(&rec, 0, sizeof(rec));
	CU_ASSERT_EQUAL(vet_sched_run(ref, items, n, &so, &rec), 0);
	CU_ASSERT_EQUAL_FATAL(rec.ncases, 3);
	CU_ASSERT_EQUAL(rec.interrupted, 0);
	CU_ASSERT_EQUAL(rec.cases[0].verdict, VET_SKIP);
	CU_ASSERT(has(rec.cases[0].reason, "not applicable"));
	CU_ASSERT_STRING_EQUAL(rec.cases[0].role, "registrar");
	CU_ASSERT_EQUAL(rec.cases[1].verdict, VET_PASS);
	CU_ASSERT_EQUAL(rec.cases[1].duration_us, 500000); /* virtual: one T1 */
	CU_ASSERT_STRING_EQUAL(rec.cases[1].area, "b");
	CU_ASSERT_EQUAL(rec.cases[2].verdict, VET_SKIP);
	CU_ASSERT_STRING_EQUAL(rec.cases[2].transport, "tls");
	CU_ASSERT_EQUAL(vet_run_exit_status(&rec), 0);
	vet_run_free(&rec);

	/* Interrupted before anything started: an empty, interrupted record. */
	stop = 1;
	memset(&rec, 0, sizeof(rec));
	CU_ASSERT_EQUAL(vet_sched_run(ref, items, n, &so, &rec), 0);
	CU_ASSERT_EQUAL(rec.ncases, 0);
	CU_ASSERT_EQUAL(rec.interrupted, 1);
	CU_ASSERT_EQUAL(vet_run_exit_status(&rec), 2);
	vet_run_free(&rec);
	free(items);
	vet_caseset_free(&set);
}

/* Preconditions (FORMAT.md "Preconditions"): a `precondition: true` step
 * that does not hold makes the case inconclusive, naming that step with
 * what it expected and what came; a later ordinary step that does not hold
 * is still a fail. */
static const struct {
	const char *name, *yaml;
	unsigned tp;
	enum vet_verdict verdict;
	int step;
	const char *reason, *expected, *received, *rfc;
} pre_rows[] = {
        /* RFC 3261 13.3.1.3: the IUT may reject the INVITE (486); the dialog
         * a re-INVITE needs never exists. */
        {"initial INVITE rejected",
         HEAD("t.pre.rejected", "uas") "ignore: [1xx]\nsteps:\n" INVITE_SEND "  - name: ok\n"
                                       "    expect: 200\n"
                                       "    rfc: RFC 3261 12.1.1\n"
                                       "    precondition: true\n"
                                       "  - send: |\n"
                                       "      INVITE ${iut.uri} SIP/2.0\n"
                                       "      Via: SIP/2.0/${transport} "
                                       "${alice.addr};branch=${branch}\n"
                                       "      To: ${ok.To}\n"
                                       "      Content-Length: 0\n"
                                       "  - expect: 2xx\n",
         VET_TP_UDP, VET_INCONC, 3, "step 3 (ok): precondition not met: expected", "200", "486",
         "RFC 3261 12.1.1"},
        {"precondition: nothing in time",
         HEAD("t.pre.timeout", "uas") "steps:\n"
                                      "  - wait: 1 T1\n"
                                      "  - expect: 200\n"
                                      "    within: 2 T1\n"
                                      "    precondition: true\n"
                                      "  - expect: 404\n",
         VET_TP_TCP, VET_INCONC, 2, "step 2: precondition not met: expected a response 200",
         "within 1000.0 ms", "nothing", NULL},
        /* RFC 3261 17.2.1: Timer G retransmits at T1; a precondition that
         * wants silence sees it. */
        {"precondition nothing step sees a message",
         HEAD("t.pre.nothing", "uas") "ignore: [1xx]\nsteps:\n" INVITE_SEND
                                      "  - {name: r1, expect: 486}\n"
                                      "  - {nothing: 2 T1, precondition: true}\n"
                                      "  - {expect: 200}\n",
         VET_TP_UDP, VET_INCONC, 4, "precondition not met: expected no message to any agent",
         "no message", "486", NULL},
        {"precondition timing window",
         HEAD("t.pre.timing", "uas") "ignore: [1xx]\nsteps:\n" INVITE_SEND
                                     "  - {name: r1, expect: 486}\n"
                                     "  - {name: r2, expect: 486, at: 2 T1 +/- 0.1 T1, after: r1,\n"
                                     "     precondition: true, rfc: RFC 3261 17.2.1}\n",
         VET_TP_UDP, VET_INCONC, 4, "step 4 (r2): precondition not met: SIP/2.0 486",
         "at 1000.0 ms +/- 50.0 ms after step 3", "SIP/2.0 486", "RFC 3261 17.2.1"},
        /* The precondition holds (the OPTIONS is answered 200); the step
         * under test then fails: fail, not inconclusive. */
        {"later ordinary step fails",
         HEAD("t.pre.then.fail", "uas") "ignore: [100]\nsteps:\n" OPTIONS_SEND
                                        "  - {name: ok, expect: 200, precondition: true}\n"
                                        "  - name: again\n"
                                        "    send: |\n"
                                        "      OPTIONS ${iut.uri} SIP/2.0\n"
                                        "      Via: SIP/2.0/${transport} "
                                        "${alice.addr};branch=${branch}\n"
                                        "      Max-Forwards: 70\n"
                                        "      From: <${alice.uri}>;tag=${alice.tag}\n"
                                        "      To: <${iut.uri}>\n"
                                        "      Call-ID: ${call_id}\n"
                                        "      CSeq: ${cseq} OPTIONS\n"
                                        "      Content-Length: 0\n"
                                        "  - name: nf\n"
                                        "    expect: 404\n"
                                        "    rfc: RFC 3261 8.2.2.1\n",
         VET_TP_UDP, VET_FAIL, 4, "step 4 (nf): expected a 404 response", "404", "200",
         "RFC 3261 8.2.2.1"},
        /* Every precondition holds: pass. */
        {"preconditions hold",
         HEAD("t.pre.pass", "uas") "ignore: [100]\nsteps:\n" OPTIONS_SEND
                                   "  - {name: ok, expect: 200, precondition: true}\n"
                                   "  - {nothing: 4 T1, precondition: true}\n",
         VET_TP_UDP, VET_PASS, 0, "all 3 steps passed", NULL, NULL, NULL},
};

static void test_precondition(void)
{
	for (size_t i = 0; i < sizeof(pre_rows) / sizeof(pre_rows[0]); i++) {
		struct vet_case_result res;
		struct vet_case *c = run(pre_rows[i].yaml, pre_rows[i].tp, &res, NULL);
		int ok = res.verdict == pre_rows[i].verdict && res.step == pre_rows[i].step;
		CU_ASSERT_EQUAL(res.verdict, pre_rows[i].verdict);
		CU_ASSERT_EQUAL(res.step, pre_rows[i].step);
		CU_ASSERT(has(res.reason, pre_rows[i].reason));
		if (pre_rows[i].verdict != VET_INCONC)
			CU_ASSERT(!strstr(res.reason ? res.reason : "", "precondition"));
		if (pre_rows[i].expected)
			CU_ASSERT(has(res.expected, pre_rows[i].expected));
		if (pre_rows[i].received)
			CU_ASSERT(has(res.received, pre_rows[i].received));
		if (pre_rows[i].rfc)
			CU_ASSERT(res.step_rfc && !strcmp(res.step_rfc, pre_rows[i].rfc));
		if (!ok)
			fprintf(stderr, "\n  [%s] %s: %s\n", pre_rows[i].name,
			        vet_verdict_name(res.verdict), res.reason ? res.reason : "(null)");
		/* Nothing after the deciding step ran: the tester sent no more. */
		if (pre_rows[i].verdict == VET_INCONC) {
			size_t sent = 0;
			for (size_t k = 0; k < res.nmsgs; k++)
				sent += res.msgs[k].sent ? 1 : 0;
			CU_ASSERT(sent <= 1);
		}
		result_free(&res);
		vet_case_free(c);
	}
}

/* The same seed gives the same run: byte-identical records. */
static void test_reproducible(void)
{
	struct vet_case_result a, b;
	struct vet_case *c1 = run(HEAD("t.repro", "uas") "ignore: [100]\nsteps:\n" OPTIONS_SEND
	                                                 "  - expect: 200\n",
	                          VET_TP_UDP, &a, NULL);
	struct vet_case *c2 = run(HEAD("t.repro", "uas") "ignore: [100]\nsteps:\n" OPTIONS_SEND
	                                                 "  - expect: 200\n",
	                          VET_TP_UDP, &b, NULL);
	CU_ASSERT_EQUAL_FATAL(a.nmsgs, b.nmsgs);
	for (size_t i = 0; i < a.nmsgs; i++) {
		CU_ASSERT_EQUAL(a.msgs[i].len, b.msgs[i].len);
		CU_ASSERT(a.msgs[i].len == b.msgs[i].len &&
		          !memcmp(a.msgs[i].bytes, b.msgs[i].bytes, a.msgs[i].len));
	}
	result_free(&a);
	result_free(&b);
	vet_case_free(c1);
	vet_case_free(c2);
}

int main(void)
{
	char err[256];
	int rc;
	if (vet_target_open(&ref, "reference", NULL, NULL, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	tu_suite("run_ref",
	         (CU_TestInfo[]){{"pass, udp and tcp, record", test_pass},
	                         {"fail: wrong status", test_fail_status},
	                         {"fail: matcher with its rfc", test_fail_matcher},
	                         {"fail: nothing in time", test_fail_nothing_arrived},
	                         {"timing exact (Timer G)", test_timing_exact},
	                         {"timing violation", test_timing_violation},
	                         {"nothing sees a retransmission", test_nothing_fails},
	                         {"nothing over tcp", test_nothing_tcp},
	                         {"uac through a trigger", test_trigger_uac},
	                         {"errors: trigger, interrupt", test_errors},
	                         {"plan, skip, scheduler", test_plan_and_sched},
	                         {"precondition: inconclusive or fail", test_precondition},
	                         {"reproducible", test_reproducible},
	                         CU_TEST_INFO_NULL});
	rc = tu_run();
	vet_target_close(ref);
	return rc;
}

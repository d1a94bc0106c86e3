/* sipvet's case loader (harness/load_*.c): the model it builds, the exact
 * diagnostics for malformed case files, and robustness (every prefix, every
 * allocation failure, input before an unreadable page). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "case.h"
#include "sipref/error.h"
#include "testutil.h"

/* Lines 1-7; steps start on line 8. */
#define HEAD                                           \
	"id: t.one\n"                                  \
	"title: T\n"                                   \
	"rfc: [8.2.2.1]\n"                             \
	"roles: [uas]\n"                               \
	"transports: [udp]\n"                          \
	"agents: [alice, {name: bob, user: robert}]\n" \
	"steps:\n"

#define OPT_SEND                                                           \
	"  - name: opt\n"                                                  \
	"    send: |\n"                                                    \
	"      OPTIONS ${iut.uri} SIP/2.0\n"                               \
	"      Via: SIP/2.0/${transport} ${alice.addr};branch=${branch}\n" \
	"      CSeq: ${cseq} OPTIONS\n"                                    \
	"      Content-Length: auto\n"

static char torture_dir[512], examples_dir[512];

/* tu_src_path returns a static buffer: copy. */
static struct vet_load_opts opts(void)
{
	struct vet_load_opts o = {0};
	snprintf(torture_dir, sizeof torture_dir, "%s", tu_src_path("corpus/torture"));
	snprintf(examples_dir, sizeof examples_dir, "%s", tu_src_path("cases/examples"));
	o.torture_dir = torture_dir;
	o.base_dir = examples_dir;
	return o;
}

static int load(const char *yaml, struct vet_case **c, char *diag, size_t cap)
{
	struct vet_diag d = {diag, cap, 0, 0};
	struct vet_load_opts o = opts();
	diag[0] = 0;
	return vet_case_load_mem("t.yaml", yaml, strlen(yaml), &o, c, &d);
}

/* ------------------------------------------------------------------ */

static void test_model(void)
{
	static const char y[] =
	        HEAD OPT_SEND "  - name: ok\n"
	                      "    expect: [200, 2xx]\n"
	                      "    within: 4 T1\n"
	                      "    rfc: RFC 3261 11.2\n"
	                      "    match:\n"
	                      "      - {field: To.tag, present: true}\n"
	                      "      - {field: 'Via[1].branch', same_as: opt}\n"
	                      "      - {header: Allow, regex: 'INVITE', nocase: true}\n"
	                      "      - {field: Contact.uri.port, absent: true}\n"
	                      "      - any_of:\n"
	                      "          - {note: 'a', match: [{status: 200}]}\n"
	                      "          - {note: 'b', rfc: '3261 21.4.1', match: [{not: {field: "
	                      "body, empty: true}}]}\n"
	                      "    capture: {totag: To.tag, u: {field: Contact.uri, regex: "
	                      "'^sip:([^@]*)@', group: 1}}\n"
	                      "  - nothing: 500 ms\n"
	                      "    after: ok\n"
	                      "  - trigger: call\n"
	                      "    args: {to: '${bob.uri}'}\n"
	                      "  - expect: INVITE\n"
	                      "    agent: bob\n"
	                      "    at: 2 T1 +/- 0.2 T1\n"
	                      "    after: opt\n";
	char diag[1024];
	struct vet_case *c;
	const struct vet_step *s;

	CU_ASSERT_EQUAL_FATAL(load(y, &c, diag, sizeof diag), 0);
	CU_ASSERT_STRING_EQUAL(diag, "");
	CU_ASSERT_STRING_EQUAL(c->id, "t.one");
	CU_ASSERT_EQUAL(c->nrfc, 1);
	CU_ASSERT_STRING_EQUAL(c->rfc[0], "RFC 3261 8.2.2.1");
	CU_ASSERT_EQUAL(c->roles, VET_ROLE_UAS);
	CU_ASSERT_EQUAL(c->transports, VET_TP_UDP);
	CU_ASSERT_EQUAL(c->nagents, 2);
	CU_ASSERT_STRING_EQUAL(c->agents[1].user, "robert");
	CU_ASSERT_STRING_EQUAL(c->agents[0].user, "alice");
	CU_ASSERT_EQUAL_FATAL(c->nsteps, 5);
	CU_ASSERT_EQUAL(c->ncaptures, 2);

	s = &c->steps[0];
	CU_ASSERT_EQUAL(s->kind, VET_S_SEND);
	CU_ASSERT_EQUAL(s->send.src, VET_SRC_TEXT);
	CU_ASSERT_EQUAL(s->send.msg.is_request, 1);
	CU_ASSERT(sip_str_eq(s->send.msg.method, SIP_STR("OPTIONS")));
	CU_ASSERT_EQUAL(s->send.msg.has_clen, 1);

	s = &c->steps[1];
	CU_ASSERT_EQUAL(s->kind, VET_S_EXPECT);
	CU_ASSERT_EQUAL(s->expect.what, VET_X_RESPONSE);
	CU_ASSERT_STRING_EQUAL(s->rfc, "RFC 3261 11.2");
	CU_ASSERT_EQUAL_FATAL(s->expect.nmatch, 6);
	CU_ASSERT_EQUAL(s->expect.match[0].kind, VET_M_STATUS);
	CU_ASSERT_EQUAL(s->expect.match[0].nranges, 2);
	CU_ASSERT_EQUAL(s->expect.match[0].ranges[1].lo, 200);
	CU_ASSERT_EQUAL(s->expect.match[0].ranges[1].hi, 299);
	CU_ASSERT_EQUAL(s->expect.match[1].field.comp, VET_C_PARAM);
	CU_ASSERT_STRING_EQUAL(s->expect.match[1].field.param, "tag");
	CU_ASSERT_EQUAL(s->expect.match[2].pred, VET_P_SAME_AS);
	CU_ASSERT_EQUAL(s->expect.match[2].same_step, 0);
	CU_ASSERT_EQUAL(s->expect.match[2].field.index, 1);
	CU_ASSERT_EQUAL(s->expect.match[3].nocase, 1);
	CU_ASSERT_EQUAL(s->expect.match[4].pred, VET_P_ABSENT);
	CU_ASSERT_EQUAL(s->expect.match[4].field.ucomp, VET_U_PORT);
	CU_ASSERT_EQUAL(s->expect.match[5].kind, VET_M_ANY_OF);
	CU_ASSERT_EQUAL(s->expect.match[5].nsub, 2);
	CU_ASSERT_STRING_EQUAL(s->expect.match[5].sub[1].rfc, "RFC 3261 21.4.1");
	CU_ASSERT_EQUAL(s->expect.match[5].sub[1].sub[0].kind, VET_M_NOT);
	CU_ASSERT_EQUAL(s->timing.has_within, 1);
	CU_ASSERT_EQUAL(s->timing.within.unit, VET_UNIT_T1);
	CU_ASSERT_EQUAL(s->expect.ncaptures, 2);
	CU_ASSERT_EQUAL(s->expect.captures[1].group, 1);

	s = &c->steps[2];
	CU_ASSERT_EQUAL(s->kind, VET_S_NOTHING);
	CU_ASSERT_EQUAL(s->agent, -1);
	CU_ASSERT_EQUAL(s->timing.after, 1);
	CU_ASSERT_EQUAL(s->dur.unit, VET_UNIT_MS);
	CU_ASSERT_DOUBLE_EQUAL(s->dur.n, 500, 1e-9);

	s = &c->steps[3];
	CU_ASSERT_EQUAL(s->kind, VET_S_TRIGGER);
	CU_ASSERT_EQUAL(s->action, VET_A_CALL);
	CU_ASSERT_EQUAL_FATAL(s->nargs, 1);
	CU_ASSERT_STRING_EQUAL(s->args[0].key, "to");
	CU_ASSERT_EQUAL(s->args[0].value.parts[0].ref.kind, VET_R_AGENT);
	CU_ASSERT_EQUAL(s->args[0].value.parts[0].ref.agent, 1);

	s = &c->steps[4];
	CU_ASSERT_EQUAL(s->agent, 1);
	CU_ASSERT_EQUAL(s->expect.what, VET_X_REQUEST);
	CU_ASSERT_EQUAL(s->timing.has_at, 1);
	CU_ASSERT_EQUAL(s->timing.has_within, 0);
	CU_ASSERT_DOUBLE_EQUAL(s->timing.tol.n, 0.2, 1e-9);
	CU_ASSERT_EQUAL(s->timing.after, 0);
	vet_case_free(c);
}

/* Default deadline, durations, timing windows. */
static void test_timing(void)
{
	struct vet_timers t;
	struct vet_timing tm = {0};
	uint64_t lo, hi;
	struct vet_dur d = {64, VET_UNIT_T1};

	vet_timers_default(&t);
	CU_ASSERT_EQUAL(vet_dur_us(&d, &t), 32000000);
	d.n = 0.2;
	CU_ASSERT_EQUAL(vet_dur_us(&d, &t), 100000);
	d.unit = VET_UNIT_T2;
	d.n = 1;
	CU_ASSERT_EQUAL(vet_dur_us(&d, &t), 4000000);
	d.unit = VET_UNIT_MS;
	d.n = 1.5;
	CU_ASSERT_EQUAL(vet_dur_us(&d, &t), 1500);

	tm.has_at = 1;
	tm.at = (struct vet_dur){2, VET_UNIT_T1};
	tm.tol = (struct vet_dur){0.2, VET_UNIT_T1};
	CU_ASSERT_EQUAL(vet_timing_check(&tm, &t, 1000, 1000 + 1000000, &lo, &hi), 0);
	CU_ASSERT_EQUAL(lo, 900000);
	CU_ASSERT_EQUAL(hi, 1100000);
	CU_ASSERT_EQUAL(vet_timing_check(&tm, &t, 1000, 1000 + 900000, NULL, NULL), 0);
	CU_ASSERT_EQUAL(vet_timing_check(&tm, &t, 1000, 1000 + 1100000, NULL, NULL), 0);
	CU_ASSERT_EQUAL(vet_timing_check(&tm, &t, 1000, 1000 + 899999, NULL, NULL), 1);
	CU_ASSERT_EQUAL(vet_timing_check(&tm, &t, 1000, 1000 + 1100001, NULL, NULL), 1);
	CU_ASSERT_EQUAL(vet_timing_check(&tm, &t, 1000, 0, NULL, NULL), 1);
	tm.has_at = 0;
	tm.has_within = 1;
	tm.within = (struct vet_dur){64, VET_UNIT_T1};
	CU_ASSERT_EQUAL(vet_timing_check(&tm, &t, 0, 32000000, NULL, NULL), 0);
	CU_ASSERT_EQUAL(vet_timing_check(&tm, &t, 0, 32000001, NULL, NULL), 1);
	CU_ASSERT_EQUAL(vet_timing_check(&tm, &t, 0, 0, NULL, NULL), 0);
}

static void test_defaults(void)
{
	static const char y[] = HEAD OPT_SEND "  - expect: response\n";
	char diag[512];
	struct vet_case *c;

	CU_ASSERT_EQUAL_FATAL(load(y, &c, diag, sizeof diag), 0);
	/* RFC 3261 17.1.1.2: Timer B = 64*T1 is the default deadline. */
	CU_ASSERT_EQUAL(c->steps[1].timing.has_within, 1);
	CU_ASSERT_DOUBLE_EQUAL(c->steps[1].timing.within.n, 64, 1e-9);
	CU_ASSERT_EQUAL(c->steps[1].timing.within.unit, VET_UNIT_T1);
	CU_ASSERT_EQUAL(c->steps[1].timing.after, -1);
	CU_ASSERT_EQUAL(c->steps[1].expect.nmatch, 0);
	CU_ASSERT_EQUAL(c->steps[0].agent, 0);
	CU_ASSERT_EQUAL(c->steps[1].agent, 0);
	vet_case_free(c);
}

/* `precondition: true` (FORMAT.md "Preconditions") on each kind of step;
 * absent or false leaves the step an ordinary one. */
static void test_precondition(void)
{
	static const char y[] =
	        HEAD OPT_SEND "    precondition: false\n"
	                      "  - name: ok\n"
	                      "    expect: 200\n"
	                      "    precondition: true\n"
	                      "  - {nothing: 1 T1, precondition: true}\n"
	                      "  - {wait: 1 T1, precondition: true}\n"
	                      "  - {trigger: hangup, precondition: true}\n"
	                      "  - {expect: 200, optional: true, precondition: false}\n"
	                      "  - expect: 481\n";
	static const unsigned char want[] = {0, 1, 1, 1, 1, 0, 0};
	char diag[512];
	struct vet_case *c;

	CU_ASSERT_EQUAL_FATAL(load(y, &c, diag, sizeof diag), 0);
	CU_ASSERT_STRING_EQUAL(diag, "");
	CU_ASSERT_EQUAL_FATAL(c->nsteps, sizeof want);
	for (size_t i = 0; i < sizeof want; i++) {
		if (c->steps[i].precondition != want[i])
			fprintf(stderr, "\n  step %zu: precondition %d, want %d\n", i + 1,
			        c->steps[i].precondition, want[i]);
		CU_ASSERT_EQUAL(c->steps[i].precondition, want[i]);
	}
	CU_ASSERT_EQUAL(c->steps[1].kind, VET_S_EXPECT);
	CU_ASSERT_EQUAL(c->steps[4].kind, VET_S_TRIGGER);
	CU_ASSERT_EQUAL(c->steps[5].expect.optional, 1);
	vet_case_free(c);
}

static void test_rfc_refs(void)
{
	static const struct {
		const char *in, *want;
	} t[] = {
	        {"8.2.2.1", "RFC 3261 8.2.2.1"},
	        {"RFC 3261 17.1.1.2", "RFC 3261 17.1.1.2"},
	        {"'4475 3.1.1.1'", "RFC 4475 3.1.1.1"},
	        {"RFC 4475", "RFC 4475"},
	        {"A", "RFC 3261 A"},
	        {"RFC 3261 B.2", "RFC 3261 B.2"},
	        {"'12'", "RFC 3261 12"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char y[512], diag[512];
		struct vet_case *c;
		snprintf(y, sizeof y,
		         "id: x\ntitle: T\nrfc: [%s]\nroles: [uas]\ntransports: [udp]\n"
		         "agents: [a]\nsteps: [{wait: 1 s}]\n",
		         t[i].in);
		CU_ASSERT_EQUAL_FATAL(load(y, &c, diag, sizeof diag), 0);
		CU_ASSERT_STRING_EQUAL(c->rfc[0], t[i].want);
		vet_case_free(c);
	}
}

/* ------------------------------------------------------------------ */
/* Malformed files and the exact first diagnostic. */

static const struct {
	const char *yaml;
	const char *want; /* the whole diagnostic output */
} bad[] = {
        {"", "t.yaml: empty file: a case needs at least id, title, rfc, roles, transports, "
             "agents, steps\n"},
        {"id: [\n", "t.yaml:2:1: YAML: did not find expected node content while parsing a flow "
                    "node\n"},
        {"- a\n- b\n", "t.yaml:1:1: case: expected a mapping, got a list\n"},
        {"a: &x 1\nb: *x\n", "t.yaml:2:4: YAML aliases (*x) are not supported in case files\n"},
        {"id: a\nid: b\n", "t.yaml:2:1: duplicate key 'id' (first at line 1)\n"},
        {"id: a\n---\nid: b\n", "t.yaml:2:1: one YAML document per case file\n"},
        {"id: a\ntitel: T\n",
         "t.yaml:2:1: case: unknown key 'titel' (valid keys: id, title, description, rfc, etsi, "
         "roles, transports, tags, agents, ignore, timeout, steps)\n"},
        {"id: a\ntitle: T\n", "t.yaml:1:1: case: missing required key 'rfc'\n"},
        {"id: a b\ntitle: T\nrfc: [1]\nroles: [uas]\ntransports: [udp]\nagents: [a]\nsteps: []\n",
         "t.yaml:1:5: id: expected [A-Za-z0-9._-]+ (at most 128), got 'a b'\n"},
        {"id: a\ntitle: [T]\nrfc: [1]\nroles: [uas]\ntransports: [udp]\nagents: [a]\nsteps: []\n",
         "t.yaml:2:8: title: expected a string, got a list\n"},
        {"id: a\ntitle: T\nrfc: [RFC x]\nroles: [uas]\ntransports: [udp]\nagents: [a]\nsteps: "
         "[]\n",
         "t.yaml:3:7: rfc: expected a reference such as 'RFC 3261 17.1.1.2' or '8.2.2.1', got "
         "'RFC x'\n"},
        {"id: a\ntitle: T\nrfc: [1]\netsi: [SIP_NOPE]\nroles: [uas]\ntransports: [udp]\nagents: "
         "[a]\nsteps: []\n",
         "t.yaml:4:8: etsi: 'SIP_NOPE' is not a test purpose of ETSI TS 102 027-2\n"},
        {"id: a\ntitle: T\nrfc: [1]\nroles: [uas, server]\ntransports: [udp]\nagents: "
         "[a]\nsteps: []\n",
         "t.yaml:4:14: roles: unknown value 'server' (valid: uas, uac, registrar, registrant, "
         "proxy, redirect)\n"},
        {"id: a\ntitle: T\nrfc: [1]\nroles: [uas]\ntransports: []\nagents: [a]\nsteps: []\n",
         "t.yaml:5:13: transports: at least one of udp, tcp, tls is required\n"},
        {"id: a\ntitle: T\nrfc: [1]\nroles: [uas]\ntransports: [udp, udp]\nagents: [a]\nsteps: "
         "[]\n",
         "t.yaml:5:19: transports: 'udp' listed twice\n"},
        {"id: a\ntitle: T\nrfc: [1]\nroles: [uas]\ntransports: [udp]\nagents: [iut]\nsteps: []\n",
         "t.yaml:6:10: agent name: 'iut' is a reserved word\n"},
        {"id: a\ntitle: T\nrfc: [1]\nroles: [uas]\ntransports: [udp]\nagents: [a, a]\nsteps: []\n",
         "t.yaml:6:13: agent name: 'a' is already the name of an agent\n"},
        {"id: a\ntitle: T\nrfc: [1]\nroles: [uas]\ntransports: [udp]\nagents: [Alice]\nsteps: "
         "[]\n",
         "t.yaml:6:10: agent name: 'Alice' is not a valid name ([a-z][a-z0-9_]*, at most 64)\n"},
        {"id: a\ntitle: T\nrfc: [1]\nroles: [uas]\ntransports: [udp]\nagents: [a]\nsteps: []\n",
         "t.yaml:7:8: steps: expected a non-empty list of steps, got a list\n"},
        {"id: a\ntitle: T\nrfc: [1]\nroles: [uas]\ntransports: [udp]\nagents: [a]\ntimeout: 3 "
         "T3\nsteps: [{wait: 1 s}]\n",
         "t.yaml:7:10: timeout: expected a duration: a number and a unit (ms, s, T1, T2, T4), "
         "e.g. '64 T1' or '500 ms'\n"},
        /* Steps (line 8 on). */
        {HEAD "  - send: x\n    expect: 200\n",
         "t.yaml:8:5: step: needs exactly one of send, expect, nothing, wait, trigger\n"},
        {HEAD "  - send: x\n    within: 1 s\n",
         "t.yaml:9:5: send: unknown key 'within' (valid keys: send, name, rfc, note, agent, "
         "precondition)\n"},
        /* precondition: a plain true or false, on every kind of step. */
        {HEAD "  - expect: 200\n    precondition: yes\n",
         "t.yaml:9:19: precondition: expected true or false\n"},
        {HEAD "  - {wait: 1 s, precondition: 'true'}\n",
         "t.yaml:8:31: precondition: expected true or false\n"},
        {HEAD "  - nothing: 1 s\n    precondition: [true]\n",
         "t.yaml:9:19: precondition: expected true or false\n"},
        {HEAD "  - trigger: cancel\n    precondition:\n",
         "t.yaml:9:18: precondition: expected true or false\n"},
        {HEAD "  - expect: 200\n    precondtion: true\n",
         "t.yaml:9:5: expect: unknown key 'precondtion' (valid keys: expect, name, rfc, note, "
         "agent, match, capture, within, at, after, ignore, optional, precondition)\n"},
        {HEAD "  - send: |\n      OPTIONS sip:x SIP/2.0\n      Via: ${carol.host}\n",
         "t.yaml:10:12: unknown variable ${carol.host} (known here: iut.*, transport, branch, "
         "tag, call_id, cseq, alice.*, bob.*)\n"},
        {HEAD "  - send: |\n      OPTIONS sip:x SIP/2.0\n      Via: ${alice.hots}\n",
         "t.yaml:10:12: unknown variable ${alice.hots}: after 'an agent name.' write one of "
         "host, port, addr, user, uri, contact, tag, name\n"},
        {HEAD "  - send: 'OPTIONS $x'\n",
         "t.yaml:8:20: lone '$': write $$ for a dollar sign or ${name} for a variable\n"},
        {HEAD "  - send: \"OPTIONS ${iut.uri\"\n", "t.yaml:8:20: unterminated ${ (expected '}')\n"},
        {HEAD "  - send: {bytes: 'A\\q'}\n",
         "t.yaml:8:21: unknown escape '\\q' (valid: \\r \\n \\t \\\\ \\0 \\xHH \\$)\n"},
        {HEAD "  - send: {bytes: 'A\\x4'}\n", "t.yaml:8:21: \\x needs two hex digits\n"},
        {HEAD "  - send: {text: a, bytes: b}\n",
         "t.yaml:8:21: send: give one of text, bytes, file, torture\n"},
        {HEAD "  - send: {torture: ../secret}\n",
         "t.yaml:8:21: torture: expected a path inside corpus/torture, such as "
         "rfc4475/wsinv.dat\n"},
        {HEAD "  - send: {file: nope.sip}\n",
         "t.yaml:8:18: cannot read " SIPVET_SOURCE_DIR
         "/cases/examples/nope.sip: No such file or directory\n"},
        {HEAD "  - send: {torture: rfc4475/wsinv.dat, replace: {'no such text': x}}\n",
         "t.yaml:8:50: replace: 'no such text' does not occur in the message\n"},
        {HEAD "  - expect: 20x\n",
         "t.yaml:8:13: expect: expected request, response, any, a status (200, 2xx), a method "
         "(INVITE) or a list of statuses or of methods\n"},
        {HEAD "  - expect: [200, INVITE]\n",
         "t.yaml:8:19: expect: a list holds status codes or methods, not both\n"},
        {HEAD "  - expect: 200\n    at: 2 T1\n",
         "t.yaml:9:9: at: expected 'DURATION +/- DURATION', e.g. '2 T1 +/- 0.2 T1'\n"},
        {HEAD "  - expect: 200\n    after: later\n  - name: later\n    wait: 1 s\n",
         "t.yaml:9:12: after: step 'later' does not come before this one\n"},
        {HEAD "  - expect: 200\n    match: [{field: Call-ID, same_as: nope}]\n",
         "t.yaml:9:39: same_as: no step is named 'nope'\n"},
        {HEAD "  - expect: 200\n    match: [{field: Call-ID, regex: 'a(b'}]\n",
         "t.yaml:9:37: invalid regular expression 'a(b': Unmatched ( or \\(\n"},
        {HEAD "  - expect: 200\n    match: [{field: Via.uri, present: true}]\n",
         "t.yaml:9:21: field 'Via.uri': Via has no URI\n"},
        {HEAD "  - expect: 200\n    match: [{field: 'Via[0]', present: true}]\n",
         "t.yaml:9:21: field 'Via[0]': indexes start at 1 ([1] is the first)\n"},
        {HEAD "  - expect: 200\n    match: [{field: To.host, present: true}]\n",
         "t.yaml:9:21: field 'To.host': 'host' applies to Via (for a parameter of that name "
         "write To.param.host)\n"},
        {HEAD "  - expect: 200\n    match: [{field: status, count: 2}]\n",
         "t.yaml:9:29: count: applies to a header (field: Via)\n"},
        {HEAD "  - expect: 200\n    match: [{field: To, present: true, absent: true}]\n",
         "t.yaml:9:13: matcher: field To needs exactly one of present, absent, count, equals, "
         "regex, same_as, empty, sdp\n"},
        {HEAD "  - expect: 200\n    match: [{field: To, presnt: true}]\n",
         "t.yaml:9:25: matcher: unknown key 'presnt' (valid keys: status, method, field, header, "
         "retransmission_of, any_of, not, present, absent, count, equals, regex, same_as, empty, "
         "sdp, nocase, by, rfc, note)\n"},
        {HEAD "  - expect: 200\n    match: [{any_of: [{match: [{status: 200}]}]}]\n",
         "t.yaml:9:23: any_of alternative: missing required key 'note'\n"},
        {HEAD "  - expect: 200\n    match: [{field: To, equals: '${totag}'}]\n"
              "    capture: {totag: To.tag}\n",
         "t.yaml:9:34: unknown variable ${totag} (known here: iut.*, transport, branch, tag, "
         "call_id, cseq, alice.*, bob.*)\n"},
        {HEAD "  - expect: 200\n    capture: {alice: To.tag}\n",
         "t.yaml:9:15: capture: 'alice' is already the name of an agent\n"},
        {HEAD "  - expect: 200\n    ignore: [1yy]\n",
         "t.yaml:9:14: ignore: expected a status (100), a class (1xx), a method or "
         "retransmission\n"},
        {HEAD "  - trigger: dial\n",
         "t.yaml:8:14: trigger: unknown action 'dial' (valid: call, cancel, hangup, reinvite, "
         "options, register, answer)\n"},
        {HEAD "  - trigger: call\n", "t.yaml:8:5: trigger call: args: {to: ...} is required\n"},
        {HEAD "  - trigger: call\n    args: {too: x}\n",
         "t.yaml:9:12: trigger call: args: unknown key 'too' (valid keys: to)\n"},
        {HEAD "  - nothing: 1 s\n    agent: carol\n",
         "t.yaml:9:12: agent: 'carol' is not one of this case's agents\n"},
        {HEAD "  - name: x\n    wait: 1 s\n  - name: x\n    wait: 1 s\n",
         "t.yaml:10:11: name: 'x' is already the name of a step\n"},
        {HEAD "  - wait: 1 s\n  - send: '${x.Via}'\n    name: x\n",
         "t.yaml:9:12: ${x.Via}: step 'x' does not come before this one\n"},
};

static void test_bad(void)
{
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char diag[1024];
		struct vet_case *c = (struct vet_case *)1;
		int rc = load(bad[i].yaml, &c, diag, sizeof diag);
		CU_ASSERT_EQUAL(rc, SIP_EPARSE);
		CU_ASSERT_PTR_NULL(c);
		if (strcmp(diag, bad[i].want) != 0)
			fprintf(stderr, "\n[%zu] got:  %s     want: %s", i, diag, bad[i].want);
		CU_ASSERT_STRING_EQUAL(diag, bad[i].want);
	}
}

/* ------------------------------------------------------------------ */
/* Robustness */

static const char full[] = HEAD OPT_SEND
        "  - name: ok\n"
        "    expect: 200\n"
        "    match:\n"
        "      - {field: To.tag, present: true}\n"
        "      - {field: Call-ID, same_as: opt}\n"
        "      - {field: Allow, regex: 'INVITE'}\n"
        "      - any_of:\n"
        "          - {note: a, match: [{status: 200}]}\n"
        "    capture: {totag: To.tag}\n"
        "    precondition: true\n"
        "  - send:\n"
        "      bytes: |\n"
        "        ACK ${iut.uri} SIP/2.0\\r\\n\n"
        "        To: <${iut.uri}>;tag=${totag}\\r\\n\n"
        "        CSeq: ${cseq} ACK\\r\\n\\r\\n\n"
        "  - send: {torture: rfc4475/wsinv.dat, replace: {'192.0.2.2': '${alice.host}'}}\n"
        "  - trigger: register\n"
        "    args: {expires: '0'}\n";

/* Every prefix of a valid case: an error or a case, never a crash or a
 * leak (ASan and the counting allocator check). */
static void test_prefixes(void)
{
	struct sip_counting_alloc ca;
	struct vet_load_opts o = opts();
	size_t n = strlen(full);

	sip_counting_alloc_init(&ca, sip_allocator_default());
	o.a = &ca.base;
	for (size_t len = 0; len <= n; len++) {
		struct vet_case *c;
		const char *g = tu_guard(full, len);
		int rc = vet_case_load_mem("t.yaml", g, len, &o, &c, NULL);
		CU_ASSERT(rc == 0 || rc == SIP_EPARSE);
		CU_ASSERT((rc == 0) == (c != NULL));
		vet_case_free(c);
		CU_ASSERT_EQUAL(ca.bytes_live, 0);
	}
}

/* STYLE.md rule 5: fail allocation N for every N until loading succeeds. */
static void test_alloc_failures(void)
{
	struct sip_counting_alloc ca;
	struct vet_load_opts o = opts();
	unsigned long n;
	int rc = SIP_ENOMEM;

	for (n = 1; rc == SIP_ENOMEM && n < 10000; n++) {
		struct vet_case *c;
		sip_counting_alloc_init(&ca, sip_allocator_default());
		ca.fail_at = n;
		o.a = &ca.base;
		rc = vet_case_load_mem("t.yaml", full, strlen(full), &o, &c, NULL);
		CU_ASSERT(rc == 0 || rc == SIP_ENOMEM);
		vet_case_free(c);
		CU_ASSERT_EQUAL(ca.bytes_live, 0);
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 2);
}

static void test_depth_and_size(void)
{
	char y[4096], diag[512];
	struct vet_case *c;
	size_t o = 0;

	o += (size_t)snprintf(y, sizeof y, "id: ");
	for (int i = 0; i < 40; i++)
		y[o++] = '[';
	y[o] = 0;
	CU_ASSERT_EQUAL(load(y, &c, diag, sizeof diag), SIP_EPARSE);
	CU_ASSERT_STRING_EQUAL(diag, "t.yaml:1:36: nesting deeper than 32 levels\n");
	/* A NUL in the input is a YAML error, not a truncated string. */
	CU_ASSERT_EQUAL(vet_case_load_mem("t.yaml", "id: a\0b\n", 8, NULL, &c, NULL), SIP_EPARSE);
}

/* ------------------------------------------------------------------ */
/* Directories */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

static void test_dir(void)
{
	char tmpl[] = "/tmp/vet-cases-XXXXXX", p[256], diag[2048];
	struct vet_caseset set = {0};
	struct vet_diag d = {diag, sizeof diag, 0, 0};
	struct vet_load_opts o = opts();
	const char *dir = mkdtemp(tmpl);
	static const char one[] = "id: same\ntitle: T\nrfc: [1]\nroles: [uas]\ntransports: "
	                          "[udp]\nagents: [a]\nsteps: [{wait: 1 s}]\n";

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	snprintf(p, sizeof p, "%s/sub", dir);
	CU_ASSERT_EQUAL_FATAL(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/a.yaml", dir);
	write_file(p, one);
	snprintf(p, sizeof p, "%s/sub/b.yaml", dir);
	write_file(p, one);
	snprintf(p, sizeof p, "%s/c.yaml", dir);
	write_file(p, "id: x\n");
	snprintf(p, sizeof p, "%s/ignored.txt", dir);
	write_file(p, "not yaml: [");
	o.base_dir = NULL;
	diag[0] = 0;
	CU_ASSERT_EQUAL(vet_caseset_load_dir(&set, dir, &o, &d), SIP_EPARSE);
	CU_ASSERT_EQUAL(set.n, 1);
	CU_ASSERT_EQUAL(d.nerrors, 2);
	{
		char want[1024];
		snprintf(want, sizeof want,
		         "%s/c.yaml:1:1: case: missing required key 'title'\n"
		         "%s/sub/b.yaml:1:1: duplicate id 'same' (also in %s/a.yaml:1)\n",
		         dir, dir, dir);
		CU_ASSERT_STRING_EQUAL(diag, want);
	}
	vet_caseset_free(&set);
	snprintf(p, sizeof p, "%s/a.yaml", dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/c.yaml", dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/ignored.txt", dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/sub/b.yaml", dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/sub", dir);
	rmdir(p);
	rmdir(dir);
}

/* The shipped examples and every case under cases/ load cleanly. */
static void test_examples(void)
{
	char diag[4096];
	struct vet_caseset set = {0};
	struct vet_diag d = {diag, sizeof diag, 0, 0};
	struct vet_load_opts o = opts();

	diag[0] = 0;
	o.base_dir = NULL;
	CU_ASSERT_EQUAL(vet_caseset_load_dir(&set, tu_src_path("cases"), &o, &d), 0);
	if (d.nerrors)
		fprintf(stderr, "\n%s", diag);
	CU_ASSERT(set.n >= 3);
	vet_caseset_free(&set);
	CU_ASSERT(vet_etsi_count() > 600);
	CU_ASSERT(vet_etsi_known("SIP_CC_OE_CE_TI_001", 19));
	CU_ASSERT(!vet_etsi_known("SIP_CC_OE_CE_TI_00", 18));
}

int main(void)
{
	tu_suite("case_load", (CU_TestInfo[]){{"model", test_model},
	                                      {"timing", test_timing},
	                                      {"defaults", test_defaults},
	                                      {"precondition", test_precondition},
	                                      {"rfc references", test_rfc_refs},
	                                      {"malformed files", test_bad},
	                                      {"every prefix", test_prefixes},
	                                      {"allocation failures", test_alloc_failures},
	                                      {"depth and NUL", test_depth_and_size},
	                                      {"directory", test_dir},
	                                      {"examples", test_examples},
	                                      CU_TEST_INFO_NULL});
	return tu_run();
}

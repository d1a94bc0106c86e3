/* sipvet's target profiles (harness/profile.c): the model, exact
 * diagnostics, trigger command expansion, waivers, robustness. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "profile.h"
#include "sipref/error.h"
#include "testutil.h"

static const char full[] =
        "name: Kamailio on loopback\n"
        "roles: [registrar, uas]\n"
        "transports: [udp, tcp]\n"
        "domain: example.org\n"
        "user: svc\n"
        "users:\n"
        "  - {user: alice, password: 'pa ss'}\n"
        "  - {user: bob}\n"
        "timers: {T1: 250 ms, T2: 4 s, T4: 5 s}\n"
        "triggers:\n"
        "  call: \"sipp -sf uac.xml -s ${to} ${iut.addr} -t ${transport.lower} -m 1 # $$HOME\"\n"
        "  register: 'reg --expires ${expires} --user ${user}:${password}'\n"
        "downstream: {mode: fixed, host: 127.0.0.1, port: 5090}\n"
        "waivers:\n"
        "  - case: torture.rfc4475.clerr\n"
        "    reason: the server closes TCP instead of answering 400\n";

static int load(const char *y, struct vet_profile **p, char *diag, size_t cap)
{
	struct vet_diag d = {diag, cap, 0, 0};
	diag[0] = 0;
	return vet_profile_load_mem("p.yaml", y, strlen(y), NULL, p, &d);
}

static void test_model(void)
{
	struct vet_profile *p;
	char diag[512];

	CU_ASSERT_EQUAL_FATAL(load(full, &p, diag, sizeof diag), 0);
	CU_ASSERT_STRING_EQUAL(p->name, "Kamailio on loopback");
	CU_ASSERT_EQUAL(p->roles, VET_ROLE_REGISTRAR | VET_ROLE_UAS);
	CU_ASSERT_EQUAL(p->transports, VET_TP_UDP | VET_TP_TCP);
	CU_ASSERT_STRING_EQUAL(p->domain, "example.org");
	CU_ASSERT_STRING_EQUAL(p->iut_user, "svc");
	CU_ASSERT_EQUAL_FATAL(p->nusers, 2);
	CU_ASSERT_STRING_EQUAL(p->users[0].password, "pa ss");
	CU_ASSERT_PTR_NULL(p->users[1].password);
	CU_ASSERT_EQUAL(p->timers.t1_us, 250000);
	CU_ASSERT_EQUAL(p->timers.t2_us, 4000000);
	CU_ASSERT_PTR_NOT_NULL(p->triggers[VET_A_CALL]);
	CU_ASSERT_PTR_NULL(p->triggers[VET_A_HANGUP]);
	CU_ASSERT_EQUAL(p->downstream, VET_DS_FIXED);
	CU_ASSERT_STRING_EQUAL(p->ds_host, "127.0.0.1");
	CU_ASSERT_EQUAL(p->ds_port, 5090);
	CU_ASSERT_EQUAL(p->nwaivers, 1);
	CU_ASSERT_PTR_NOT_NULL(vet_profile_waiver(p, "torture.rfc4475.clerr"));
	CU_ASSERT_PTR_NULL(vet_profile_waiver(p, "torture.rfc4475.clerr2"));
	vet_profile_free(p);
}

static void test_defaults(void)
{
	struct vet_profile *p;
	char diag[512];

	CU_ASSERT_EQUAL_FATAL(load("roles: [uas]\n", &p, diag, sizeof diag), 0);
	/* RFC 3261 17.1.1.1 / 17.1.2.2 defaults. */
	CU_ASSERT_EQUAL(p->timers.t1_us, 500000);
	CU_ASSERT_EQUAL(p->timers.t2_us, 4000000);
	CU_ASSERT_EQUAL(p->timers.t4_us, 5000000);
	CU_ASSERT_EQUAL(p->transports, 0);
	CU_ASSERT_EQUAL(p->downstream, VET_DS_DIRECT);
	CU_ASSERT_PTR_NULL(p->domain);
	vet_profile_free(p);
}

static void test_expand(void)
{
	struct vet_profile *p;
	char diag[512], out[512];
	struct sip_buf b;
	const struct vet_kv kv[] = {
	        {"to", SIP_STR("sip:bob@192.0.2.1:5070")},
	        {"iut.addr", SIP_STR("127.0.0.1:5060")},
	        {"transport.lower", SIP_STR("udp")},
	        {"user", SIP_STR("alice")},
	        {"password", SIP_STR("it's")},
	        {"expires", SIP_STR("0")},
	};

	CU_ASSERT_EQUAL_FATAL(load(full, &p, diag, sizeof diag), 0);
	sip_buf_init(&b, out, sizeof out);
	CU_ASSERT_EQUAL(vet_profile_expand(p, VET_A_CALL, kv, 6, &b), 0);
	CU_ASSERT_FATAL(sip_buf_ok(&b));
	out[b.len] = 0;
	CU_ASSERT_STRING_EQUAL(out, "sipp -sf uac.xml -s 'sip:bob@192.0.2.1:5070' "
	                            "'127.0.0.1:5060' -t 'udp' -m 1 # $HOME");
	sip_buf_init(&b, out, sizeof out);
	CU_ASSERT_EQUAL(vet_profile_expand(p, VET_A_REGISTER, kv, 6, &b), 0);
	out[b.len] = 0;
	/* A quote in a value cannot end the quoting (sh: '\'' ). */
	CU_ASSERT_STRING_EQUAL(out, "reg --expires '0' --user 'alice':'it'\\''s'");
	sip_buf_init(&b, out, sizeof out);
	CU_ASSERT_EQUAL(vet_profile_expand(p, VET_A_REGISTER, kv, 0, &b), 0);
	out[b.len] = 0;
	CU_ASSERT_STRING_EQUAL(out, "reg --expires '' --user '':''");
	CU_ASSERT_EQUAL(vet_profile_expand(p, VET_A_HANGUP, kv, 6, &b), SIP_ENOENT);
	vet_profile_free(p);
}

static const struct {
	const char *yaml, *want;
} bad[] = {
        {"", "p.yaml: empty profile: at least 'roles' is required\n"},
        {"name: x\n", "p.yaml:1:1: profile: missing required key 'roles'\n"},
        {"roles: [uas]\nrole: [uac]\n",
         "p.yaml:2:1: profile: unknown key 'role' (valid keys: name, roles, transports, domain, "
         "user, users, timers, triggers, downstream, waivers)\n"},
        {"roles: [sbc]\n",
         "p.yaml:1:9: roles: unknown value 'sbc' (valid: uas, uac, registrar, registrant, proxy, "
         "redirect)\n"},
        {"roles: [uas]\ntimers: {T1: 2 T1}\n", "p.yaml:2:14: T1: give it in ms or s\n"},
        {"roles: [uas]\ntimers: {T1: 0 ms}\n",
         "p.yaml:2:14: T1: expected more than 0 and at most 600 s\n"},
        {"roles: [uas]\ntimers: {T1: 5 s, T2: 4 s}\n",
         "p.yaml:2:9: timers: T2 must not be smaller than T1\n"},
        {"roles: [uas]\ntimers: {T3: 1 s}\n",
         "p.yaml:2:10: timers: unknown key 'T3' (valid keys: T1, T2, T4)\n"},
        {"roles: [uas]\ntriggers: {dial: x}\n",
         "p.yaml:2:12: triggers: unknown key 'dial' (valid keys: call, cancel, hangup, reinvite, "
         "options, register, answer)\n"},
        {"roles: [uas]\ntriggers: {call: 'x ${too}'}\n",
         "p.yaml:2:21: unknown placeholder ${too} (known: to, expires, contact, status, iut.host, "
         "iut.port, iut.addr, iut.uri, iut.user, iut.domain, transport, transport.lower, user, "
         "password, case)\n"},
        {"roles: [uas]\ntriggers: {call: 'x $to'}\n",
         "p.yaml:2:21: lone '$': write $$ for a dollar sign or ${name} for a placeholder\n"},
        {"roles: [uas]\ntriggers:\n  call: |\n    a\n    b ${to\n",
         "p.yaml:5:7: unterminated ${ (expected '}')\n"},
        {"roles: [uas]\ndownstream: {mode: fixed}\n",
         "p.yaml:2:13: downstream: mode fixed needs host and port\n"},
        {"roles: [uas]\ndownstream: {mode: direct, port: 5}\n",
         "p.yaml:2:28: downstream: host and port apply to mode fixed\n"},
        {"roles: [uas]\ndownstream: {mode: fixed, host: h, port: 70000}\n",
         "p.yaml:2:42: port: 70000 is larger than 65535\n"},
        {"roles: [uas]\ndownstream: {mode: relay}\n",
         "p.yaml:2:20: mode: expected direct, register or fixed\n"},
        {"roles: [uas]\nusers: [{password: x}]\n",
         "p.yaml:2:9: users entry: missing required key 'user'\n"},
        {"roles: [uas]\nwaivers: [{case: a}]\n",
         "p.yaml:2:11: waiver: missing required key 'reason'\n"},
        {"roles: [uas]\nwaivers: [{case: a, reason: x}, {case: a, reason: y}]\n",
         "p.yaml:2:40: waivers: 'a' already waived at line 2\n"},
        {"roles: [uas]\nwaivers: [{case: a, reason: ''}]\n", "p.yaml:2:29: reason: must say why\n"},
};

static void test_bad(void)
{
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct vet_profile *p = (struct vet_profile *)1;
		char diag[1024];
		CU_ASSERT_EQUAL(load(bad[i].yaml, &p, diag, sizeof diag), SIP_EPARSE);
		CU_ASSERT_PTR_NULL(p);
		if (strcmp(diag, bad[i].want))
			fprintf(stderr, "\n[%zu] got:  %s     want: %s", i, diag, bad[i].want);
		CU_ASSERT_STRING_EQUAL(diag, bad[i].want);
	}
}

static void test_waivers_vs_cases(void)
{
	struct vet_profile *p;
	struct vet_caseset set = {0};
	struct vet_case *c;
	char diag[512];
	struct vet_diag d = {diag, sizeof diag, 0, 0};
	static const char cy[] = "id: torture.rfc4475.clerr\ntitle: T\nrfc: [1]\nroles: [uas]\n"
	                         "transports: [udp]\nagents: [a]\nsteps: [{wait: 1 s}]\n";

	CU_ASSERT_EQUAL_FATAL(load("roles: [uas]\nwaivers:\n  - {case: torture.rfc4475.clerr, "
	                           "reason: r}\n  - {case: typo, reason: r}\n",
	                           &p, diag, sizeof diag),
	                      0);
	CU_ASSERT_EQUAL_FATAL(vet_case_load_mem("c.yaml", cy, strlen(cy), NULL, &c, NULL), 0);
	CU_ASSERT_EQUAL(vet_caseset_add(&set, c, NULL), 0);
	diag[0] = 0;
	CU_ASSERT_EQUAL(vet_profile_check_waivers(p, &set, &d), 1);
	CU_ASSERT_STRING_EQUAL(diag, "p.yaml:4:5: waiver for unknown case 'typo'\n");
	vet_caseset_free(&set);
	vet_profile_free(p);
}

static void test_robust(void)
{
	struct sip_counting_alloc ca;
	size_t n = strlen(full);
	int rc = SIP_ENOMEM;

	sip_counting_alloc_init(&ca, sip_allocator_default());
	for (size_t len = 0; len <= n; len++) {
		struct vet_profile *p;
		rc = vet_profile_load_mem("p.yaml", tu_guard(full, len), len, &ca.base, &p, NULL);
		CU_ASSERT(rc == 0 || rc == SIP_EPARSE);
		vet_profile_free(p);
		CU_ASSERT_EQUAL(ca.bytes_live, 0);
	}
	rc = SIP_ENOMEM;
	for (unsigned long k = 1; rc == SIP_ENOMEM && k < 5000; k++) {
		struct vet_profile *p;
		sip_counting_alloc_init(&ca, sip_allocator_default());
		ca.fail_at = k;
		rc = vet_profile_load_mem("p.yaml", full, n, &ca.base, &p, NULL);
		CU_ASSERT(rc == 0 || rc == SIP_ENOMEM);
		vet_profile_free(p);
		CU_ASSERT_EQUAL(ca.bytes_live, 0);
	}
	CU_ASSERT_EQUAL(rc, 0);
}

/* The example profile shipped with the documentation loads. */
static void test_example(void)
{
	struct vet_profile *p;
	char diag[1024];
	struct vet_diag d = {diag, sizeof diag, 0, 0};

	diag[0] = 0;
	CU_ASSERT_EQUAL(vet_profile_load_file(tu_src_path("cases/examples/profile-example.yml"),
	                                      NULL, &p, &d),
	                0);
	if (d.nerrors)
		fprintf(stderr, "\n%s", diag);
	vet_profile_free(p);
}

int main(void)
{
	tu_suite("profile", (CU_TestInfo[]){{"model", test_model},
	                                    {"defaults", test_defaults},
	                                    {"trigger expansion", test_expand},
	                                    {"malformed profiles", test_bad},
	                                    {"waivers against cases", test_waivers_vs_cases},
	                                    {"prefixes and allocation failures", test_robust},
	                                    {"example", test_example},
	                                    CU_TEST_INFO_NULL});
	return tu_run();
}

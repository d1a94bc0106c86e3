/* Fuzz target: the YAML case loader (harness/load_*.c) and the profile
 * loader (harness/profile.c). Whatever the bytes, loading returns 0 with a
 * case, or SIP_EPARSE with at least one "file:line:col: message"
 * diagnostic, or SIP_ENOMEM; never a crash or a leak. On success the
 * oracle renders every send template and evaluates every matcher of every
 * expect step against the first rendered message, which exercises the
 * model the loader built (indices in range, templates consistent).
 *
 * File system access is off (`file:`/`torture:` sends load as empty
 * templates), so the target is hermetic. The lead wires it into
 * fuzz/CMakeLists.txt (it links sipvet_case, from harness/). */
#include "case.h"
#include "fuzz.h"
#include "match.h"
#include "profile.h"
#include "sipref/error.h"
#include "sipref/msg.h"
#include "template.h"

/* Renders every send step and evaluates every expect step against the
 * messages rendered so far. */
static void exercise(const struct vet_case *c)
{
	struct vet_vars v;
	struct sip_msg *m = sip_msg_new(NULL);
	char buf[8192];

	if (!m || vet_vars_init(&v, c, NULL, 1))
		abort();
	v.iut.host = SIP_STR("127.0.0.1");
	v.iut.port = 5060;
	for (size_t i = 0; i < c->nagents; i++) {
		v.agents[i].ep.host = SIP_STR("::1");
		v.agents[i].ep.port = (uint16_t)(5070 + i);
	}
	for (size_t i = 0; i < c->nsteps; i++) {
		const struct vet_step *s = &c->steps[i];
		FZ_ASSERT(s->kind >= VET_S_SEND && s->kind <= VET_S_TRIGGER);
		FZ_ASSERT(s->timing.after < (int)i);
		if (s->kind == VET_S_SEND) {
			struct sip_buf b;
			struct vet_tpl_err err;
			struct sip_perr perr;
			FZ_ASSERT(s->agent >= 0 && (size_t)s->agent < c->nagents);
			vet_send_begin(&v, s);
			sip_buf_init(&b, buf, sizeof buf);
			if (vet_tpl_render(&s->send.msg, &v, s->agent, &b, &err) == 0 &&
			    sip_buf_ok(&b) && !v.seen[i].msg &&
			    sip_msg_parse(m, buf, b.len, SIP_PARSE_COPY, &perr) == 0) {
				v.seen[i].msg = m;
				v.seen[i].agent = s->agent;
				m = sip_msg_new(NULL);
				if (!m)
					abort();
			}
		} else if (s->kind == VET_S_EXPECT) {
			struct vet_mismatch why;
			const struct vet_match *alt;
			struct vet_tpl_err err;
			struct sip_msg *got = NULL;
			FZ_ASSERT(s->agent >= 0 && (size_t)s->agent < c->nagents);
			for (size_t k = 0; k < i && !got; k++)
				got = v.seen[k].msg;
			if (!got)
				continue;
			if (vet_expect_eval(s, got, &v, &why, &alt) == 1)
				(void)vet_capture_apply(s, got, &v, &err);
			(void)vet_ignore_match(s->expect.ignore, s->expect.nignore, got, s->agent,
			                       &v);
		}
	}
	for (size_t i = 0; i < c->nsteps; i++)
		sip_msg_free(v.seen[i].msg);
	sip_msg_free(m);
	vet_vars_fini(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fz_dup(data, size);
	char diag[2048];
	struct vet_diag d = {diag, sizeof diag, 0, 0};
	struct vet_load_opts o = {0};
	struct vet_case *c = NULL;
	struct vet_profile *p = NULL;
	int rc;

	o.no_files = 1;
	diag[0] = 0;
	rc = vet_case_load_mem("f.yaml", buf, size, &o, &c, &d);
	FZ_ASSERT(rc == 0 || rc == SIP_EPARSE || rc == SIP_ENOMEM);
	FZ_ASSERT((rc == 0) == (c != NULL));
	if (rc == SIP_EPARSE)
		FZ_ASSERT(d.nerrors > 0 && strncmp(diag, "f.yaml", 6) == 0);
	if (c) {
		FZ_ASSERT(c->nsteps > 0 && c->nagents > 0 && c->roles && c->transports);
		exercise(c);
		vet_case_free(c);
	}
	d.len = 0;
	d.nerrors = 0;
	rc = vet_profile_load_mem("f.yaml", buf, size, NULL, &p, &d);
	FZ_ASSERT(rc == 0 || rc == SIP_EPARSE || rc == SIP_ENOMEM);
	if (rc == SIP_EPARSE)
		FZ_ASSERT(d.nerrors > 0);
	vet_profile_free(p);
	free(buf);
	return 0;
}

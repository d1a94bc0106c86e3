/* sipvet: the step interpreter. Runs one case's steps against a target
 * session (target.h) and decides the verdict (DESIGN.md "Verdicts follow
 * TTCN-3"): pass when every step passed; fail when an expect saw a wrong
 * message or nothing in time, or a nothing step saw something (naming the
 * step, its RFC section, what was expected and what arrived); inconclusive
 * when such a step is marked `precondition: true` (TTCN-3: the case could
 * not reach what it is about, e.g. the IUT refused the INVITE that would
 * have set up the dialog a re-INVITE case needs; FORMAT.md "Preconditions");
 * error for tester-side problems (a bind failure, a template that cannot render at run
 * time, a trigger that failed, an interruption).
 *
 * Messages from the IUT land in an inbox in arrival order. An expect step is
 * offered the oldest message of its agent (FORMAT.md "expect"); messages for
 * other agents wait for their steps. Times are the session's clock. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "run.h"
#include "sipref/error.h"
#include "sipref/msg.h"
#include "template.h"

#define NO_TIME UINT64_MAX

struct inmsg {
	int agent;
	uint64_t at_us;
	struct sip_msg *msg; /* NULL: it did not parse (why) */
	char why[128];
	char first[160]; /* the start line, for verdicts */
};

struct run {
	const struct vet_case *c;
	const struct vet_timers *tm;
	struct vet_sess *s;
	struct vet_vars v;
	int vars_ok;
	uint64_t *stime; /* per step: its reference time; NO_TIME before it ran */
	uint64_t prev;   /* the previous step's time */
	struct inmsg *in;
	size_t nin, capin;
	struct vet_case_result *res;
	size_t capmsgs;
	const volatile sig_atomic_t *stop;
	const char *alt_note; /* the any_of alternative that last decided a pass */
	char err[256];
};

/* Step outcomes: go on, or the verdict is decided. */
enum { STEP_OK = 0, STEP_DONE = 1 };

/* ------------------------------------------------------------------ */
/* The record */

static char *xstrdup(const char *s)
{
	size_t n;
	char *d;
	if (!s)
		return NULL;
	n = strlen(s);
	d = malloc(n + 1);
	if (d)
		memcpy(d, s, n + 1);
	return d;
}

static char **dup_strv(const char *const *v, size_t n)
{
	char **d;
	size_t i;
	if (!n)
		return NULL;
	d = calloc(n, sizeof(*d));
	if (!d)
		return NULL;
	for (i = 0; i < n; i++)
		if (!(d[i] = xstrdup(v[i]))) {
			while (i-- > 0)
				free(d[i]);
			free(d);
			return NULL;
		}
	return d;
}

int vet_result_init(struct vet_case_result *res, const struct vet_case *c, unsigned transport,
                    unsigned role, const char *area)
{
	char a[64];
	const char *dot;
	memset(res, 0, sizeof(*res));
	if (!area) {
		dot = strchr(c->id, '.');
		snprintf(a, sizeof(a), "%.*s", (int)(dot ? (size_t)(dot - c->id) : strlen(c->id)),
		         c->id);
		area = a;
	}
	res->id = xstrdup(c->id);
	res->title = xstrdup(c->title ? c->title : "");
	res->file = xstrdup(c->file ? c->file : "");
	res->area = xstrdup(area);
	res->rfc = dup_strv(c->rfc, c->nrfc);
	res->nrfc = res->rfc ? c->nrfc : 0;
	res->etsi = dup_strv(c->etsi, c->netsi);
	res->netsi = res->etsi ? c->netsi : 0;
	res->tags = dup_strv(c->tags, c->ntags);
	res->ntags = res->tags ? c->ntags : 0;
	res->role = xstrdup(vet_role_name(role) ? vet_role_name(role) : "");
	res->transport =
	        xstrdup(vet_transport_name(transport) ? vet_transport_name(transport) : "");
	res->verdict = VET_ERROR;
	if (!res->id || !res->title || !res->file || !res->area || !res->role || !res->transport ||
	    res->nrfc != c->nrfc || res->netsi != c->netsi || res->ntags != c->ntags)
		return SIP_ENOMEM;
	return 0;
}

int vet_result_set(struct vet_case_result *res, enum vet_verdict v, const char *reason)
{
	free(res->reason);
	res->verdict = v;
	res->reason = xstrdup(reason);
	return reason && !res->reason ? SIP_ENOMEM : 0;
}

/* Decides the verdict. step: 0-based index, -1 for none. A fail at a
 * precondition step becomes inconclusive, with the same step, expected and
 * received; errors stay errors (the tester, not the IUT, is at fault). */
static int verdict(struct run *r, enum vet_verdict v, int step, const char *rfc,
                   const char *expected, const char *received, const char *fmt, ...)
        __attribute__((format(printf, 7, 8)));

static int verdict(struct run *r, enum vet_verdict v, int step, const char *rfc,
                   const char *expected, const char *received, const char *fmt, ...)
{
	struct vet_case_result *res = r->res;
	char reason[768];
	int n = 0;
	va_list ap;
	if (step >= 0) {
		const struct vet_step *s = &r->c->steps[step];
		int pre = v == VET_FAIL && s->precondition;
		if (pre)
			v = VET_INCONC;
		n = snprintf(reason, sizeof(reason), "step %d%s%s%s: %s", step + 1,
		             s->name ? " (" : "", s->name ? s->name : "", s->name ? ")" : "",
		             pre ? "precondition not met: " : "");
	}
	va_start(ap, fmt);
	vsnprintf(reason + n, sizeof(reason) - (size_t)n, fmt, ap);
	va_end(ap);
	vet_result_set(res, v, reason);
	res->step = step + 1;
	free(res->step_rfc);
	free(res->expected);
	free(res->received);
	if (!rfc && step >= 0)
		rfc = r->c->steps[step].rfc;
	res->step_rfc = xstrdup(rfc);
	res->expected = xstrdup(expected);
	res->received = xstrdup(received);
	return STEP_DONE;
}

static void record(struct run *r, int sent, int agent, const struct vet_wire *w, const void *buf,
                   size_t len)
{
	struct vet_case_result *res = r->res;
	struct vet_msg *m;
	if (res->nmsgs == r->capmsgs) {
		size_t ncap = r->capmsgs ? r->capmsgs * 2 : 16;
		struct vet_msg *n = realloc(res->msgs, ncap * sizeof(*n));
		if (!n)
			return; /* the record loses a message, the verdict stands */
		res->msgs = n;
		r->capmsgs = ncap;
	}
	m = &res->msgs[res->nmsgs];
	memset(m, 0, sizeof(*m));
	m->bytes = malloc(len ? len : 1);
	if (!m->bytes)
		return;
	memcpy(m->bytes, buf, len);
	m->len = len;
	m->t_us = w->t_us;
	m->sent = sent;
	snprintf(m->agent, sizeof(m->agent), "%s", agent >= 0 ? r->c->agents[agent].name : "");
	snprintf(m->transport, sizeof(m->transport), "%s", w->transport);
	snprintf(m->src, sizeof(m->src), "%s", w->src);
	snprintf(m->dst, sizeof(m->dst), "%s", w->dst);
	res->nmsgs++;
}

/* The start line (or the first bytes) of a message, printable. */
static void first_line(const char *buf, size_t len, char *out, size_t cap)
{
	size_t i, o = 0;
	for (i = 0; i < len && o + 5 < cap; i++) {
		unsigned char ch = (unsigned char)buf[i];
		if (ch == '\r' || ch == '\n')
			break;
		if (ch < 0x20 || ch == 0x7f)
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x", ch);
		else
			out[o++] = (char)ch;
	}
	if (o == 0 && len == 0)
		o += (size_t)snprintf(out, cap, "(empty)");
	out[o < cap ? o : cap - 1] = '\0';
}

/* ------------------------------------------------------------------ */
/* Receiving */

static struct sip_msg *parse(const void *buf, size_t len, int stream, char *why, size_t whylen)
{
	struct sip_msg *m = sip_msg_new(sip_allocator_default());
	struct sip_perr perr = {0};
	int rc;
	if (!m) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	rc = sip_msg_parse(m, buf, len, SIP_PARSE_COPY | (stream ? SIP_PARSE_STREAM : 0), &perr);
	if (rc) {
		snprintf(why, whylen, "does not parse: %s at byte %zu",
		         perr.reason ? perr.reason : sip_strerror(rc), perr.off);
		sip_msg_free(m);
		return NULL;
	}
	return m;
}

/* Waits for the next message of the IUT until deadline and puts it in the
 * inbox (messages to no agent are recorded only). 1 a message was added,
 * 0 the deadline passed, VET_SESS_ERROR / VET_SESS_STOPPED (r->err). */
static int pump(struct run *r, uint64_t deadline)
{
	for (;;) {
		struct vet_rx rx;
		struct inmsg *im;
		int rc = vet_sess_recv(r->s, deadline, &rx, r->err, sizeof(r->err));
		if (rc <= 0)
			return rc;
		record(r, 0, rx.agent, &rx.w, rx.buf, rx.len);
		if (rx.agent < 0)
			continue;
		if (r->nin == r->capin) {
			size_t ncap = r->capin ? r->capin * 2 : 16;
			struct inmsg *n = realloc(r->in, ncap * sizeof(*n));
			if (!n) {
				snprintf(r->err, sizeof(r->err), "out of memory");
				return VET_SESS_ERROR;
			}
			r->in = n;
			r->capin = ncap;
		}
		im = &r->in[r->nin++];
		memset(im, 0, sizeof(*im));
		im->agent = rx.agent;
		im->at_us = rx.w.t_us;
		first_line(rx.buf, rx.len, im->first, sizeof(im->first));
		im->msg = parse(rx.buf, rx.len, rx.stream, im->why, sizeof(im->why));
		return 1;
	}
}

static void inbox_drop(struct run *r, size_t i, int free_msg)
{
	if (free_msg && r->in[i].msg)
		sip_msg_free(r->in[i].msg);
	memmove(&r->in[i], &r->in[i + 1], (r->nin - i - 1) * sizeof(r->in[0]));
	r->nin--;
}

static int ignored(const struct run *r, const struct vet_ignore *ig, size_t nig,
                   const struct inmsg *im)
{
	if (!im->msg)
		return 0;
	return vet_ignore_match(r->c->ignore, r->c->nignore, im->msg, im->agent, &r->v) ||
	       vet_ignore_match(ig, nig, im->msg, im->agent, &r->v);
}

/* A session failure as the verdict. */
static int sess_failed(struct run *r, int step, int rc)
{
	if (rc == VET_SESS_STOPPED)
		return verdict(r, VET_ERROR, step, NULL, NULL, NULL, "interrupted");
	return verdict(r, VET_ERROR, step, NULL, NULL, NULL, "tester: %s", r->err);
}

/* ------------------------------------------------------------------ */
/* Descriptions for verdicts */

static void describe_match(const struct vet_match *m, char *out, size_t cap)
{
	size_t i, o = 0;
	out[0] = '\0';
	if (m->kind == VET_M_STATUS) {
		for (i = 0; i < m->nranges && o + 16 < cap; i++) {
			const struct vet_range *g = &m->ranges[i];
			const char *sep = i ? "," : "";
			if (g->lo == g->hi)
				o += (size_t)snprintf(out + o, cap - o, "%s%u", sep, g->lo);
			else if (g->lo % 100 == 0 && g->hi == g->lo + 99)
				o += (size_t)snprintf(out + o, cap - o, "%s%uxx", sep, g->lo / 100);
			else
				o += (size_t)snprintf(out + o, cap - o, "%s%u-%u", sep, g->lo,
				                      g->hi);
		}
	} else if (m->kind == VET_M_METHOD) {
		for (i = 0; i < m->nmethods && o + 20 < cap; i++)
			o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? "," : "",
			                      m->methods[i]);
	}
}

static void describe_timing(const struct run *r, const struct vet_step *s, char *out, size_t cap)
{
	const struct vet_timing *t = &s->timing;
	char after[48];
	if (t->after >= 0)
		snprintf(after, sizeof(after), "step %d", t->after + 1);
	else
		snprintf(after, sizeof(after), "the previous step");
	if (t->has_at)
		snprintf(out, cap, "at %.1f ms +/- %.1f ms after %s",
		         (double)vet_dur_us(&t->at, r->tm) / 1000,
		         (double)vet_dur_us(&t->tol, r->tm) / 1000, after);
	else if (t->has_within)
		snprintf(out, cap, "within %.1f ms after %s",
		         (double)vet_dur_us(&t->within, r->tm) / 1000, after);
	else
		snprintf(out, cap, "within %.1f ms (the case's timeout)",
		         (double)vet_dur_us(&r->c->timeout, r->tm) / 1000);
}

static void describe_expect(const struct run *r, const struct vet_step *s, char *out, size_t cap)
{
	const char *what = s->expect.what == VET_X_REQUEST    ? "a request"
	                   : s->expect.what == VET_X_RESPONSE ? "a response"
	                                                      : "a message";
	char m0[96] = "", tm[128];
	if (s->expect.nmatch)
		describe_match(&s->expect.match[0], m0, sizeof(m0));
	describe_timing(r, s, tm, sizeof(tm));
	snprintf(out, cap, "%s%s%s to %s, %s", what, m0[0] ? " " : "", m0,
	         r->c->agents[s->agent].name, tm);
}

/* ------------------------------------------------------------------ */
/* Steps */

static uint64_t ref_time(const struct run *r, const struct vet_step *s)
{
	int a = s->timing.after;
	if (a >= 0 && (size_t)a < r->c->nsteps && r->stime[a] != NO_TIME)
		return r->stime[a];
	return r->prev;
}

static int render(struct run *r, const struct vet_tpl *t, int agent, char **out, size_t *len,
                  struct vet_tpl_err *te)
{
	size_t cap = 2048;
	for (;;) {
		struct sip_buf b;
		char *p = malloc(cap);
		int rc;
		if (!p)
			return SIP_ENOMEM;
		sip_buf_init(&b, p, cap);
		rc = vet_tpl_render(t, &r->v, agent, &b, te);
		if (rc) {
			free(p);
			return rc;
		}
		if (sip_buf_ok(&b)) {
			*out = p;
			*len = b.len;
			return 0;
		}
		free(p);
		cap = b.len + 1;
	}
}

/* Lets the clock reach `until`, keeping what arrives for later steps. */
static int wait_until(struct run *r, int i, uint64_t until)
{
	for (;;) {
		int rc = pump(r, until);
		if (rc == 0)
			return STEP_OK;
		if (rc < 0)
			return sess_failed(r, i, rc);
	}
}

static int step_send(struct run *r, int i)
{
	const struct vet_step *s = &r->c->steps[i];
	struct vet_tpl_err te = {0};
	struct vet_wire w;
	char *buf = NULL;
	size_t len = 0;
	int rc;
	if (s->timing.has_at) {
		uint64_t at = ref_time(r, s) + vet_dur_us(&s->timing.at, r->tm);
		if (wait_until(r, i, at) == STEP_DONE)
			return STEP_DONE;
	}
	vet_send_begin(&r->v, s);
	rc = render(r, &s->send.msg, s->agent, &buf, &len, &te);
	if (rc == SIP_ENOMEM)
		return verdict(r, VET_ERROR, i, NULL, NULL, NULL, "out of memory");
	if (rc)
		return verdict(r, VET_ERROR, i, NULL, NULL, NULL,
		               "the message template does not render: %s", te.msg);
	rc = vet_sess_send(r->s, s->agent, buf, len, &w, r->err, sizeof(r->err));
	if (rc) {
		free(buf);
		return sess_failed(r, i, rc);
	}
	record(r, 1, s->agent, &w, buf, len);
	/* Later steps may refer to its fields (${name.Via} ...); a torture
	 * message that does not parse simply has none. */
	{
		char why[128];
		r->v.seen[i].msg = parse(buf, len, 0, why, sizeof(why));
		r->v.seen[i].at_us = w.t_us;
		r->v.seen[i].agent = s->agent;
	}
	free(buf);
	r->stime[i] = w.t_us;
	return STEP_OK;
}

static int step_expect(struct run *r, int i)
{
	const struct vet_step *s = &r->c->steps[i];
	const struct vet_expect *x = &s->expect;
	uint64_t ref = ref_time(r, s), deadline;
	char want[320];
	if (s->timing.has_at)
		deadline =
		        ref + vet_dur_us(&s->timing.at, r->tm) + vet_dur_us(&s->timing.tol, r->tm);
	else if (s->timing.has_within)
		deadline = ref + vet_dur_us(&s->timing.within, r->tm);
	else
		deadline = ref + vet_dur_us(&r->c->timeout, r->tm);
	for (;;) {
		struct vet_mismatch why;
		const struct vet_match *alt = NULL;
		struct inmsg *im = NULL;
		size_t k;
		int rc;
		for (k = 0; k < r->nin; k++)
			if (r->in[k].agent == s->agent) {
				im = &r->in[k];
				break;
			}
		if (!im) {
			rc = pump(r, deadline);
			if (rc < 0)
				return sess_failed(r, i, rc);
			if (rc == 1)
				continue;
			if (x->optional) {
				r->stime[i] = NO_TIME; /* skipped: later steps refer past it */
				return STEP_OK;
			}
			describe_expect(r, s, want, sizeof(want));
			return verdict(r, VET_FAIL, i, NULL, want, "nothing",
			               "expected %s; nothing arrived", want);
		}
		if (!im->msg) {
			char got[320];
			if (x->optional)
				return STEP_OK;
			describe_expect(r, s, want, sizeof(want));
			snprintf(got, sizeof(got), "%s (%s)", im->first, im->why);
			return verdict(r, VET_FAIL, i, NULL, want, got,
			               "expected %s; received a message that %s: %s", want, im->why,
			               im->first);
		}
		memset(&why, 0, sizeof(why));
		rc = vet_expect_eval(s, im->msg, &r->v, &why, &alt);
		if (rc == SIP_ENOMEM)
			return verdict(r, VET_ERROR, i, NULL, NULL, NULL, "out of memory");
		if (rc < 0)
			return verdict(r, VET_ERROR, i, NULL, NULL, NULL,
			               "a matcher's template does not render: %s", why.expected);
		if (rc == 1) {
			uint64_t lo, hi;
			struct vet_tpl_err te = {0};
			if ((s->timing.has_at || s->timing.has_within) &&
			    vet_timing_check(&s->timing, r->tm, ref, im->at_us, &lo, &hi)) {
				char tm[128], got[256];
				describe_timing(r, s, tm, sizeof(tm));
				snprintf(got, sizeof(got), "%s at %.1f ms after the reference",
				         im->first, (double)(int64_t)(im->at_us - ref) / 1000);
				return verdict(r, VET_FAIL, i, NULL, tm, got,
				               "%s arrived %.1f ms after the reference; expected "
				               "%s (window [%.1f, %.1f] ms)",
				               im->first, (double)(int64_t)(im->at_us - ref) / 1000,
				               tm, (double)lo / 1000,
				               hi == UINT64_MAX ? -1.0 : (double)hi / 1000);
			}
			rc = vet_capture_apply(s, im->msg, &r->v, &te);
			if (rc == SIP_ENOMEM)
				return verdict(r, VET_ERROR, i, NULL, NULL, NULL, "out of memory");
			if (rc)
				return verdict(r, VET_FAIL, i, NULL, "the captured field",
				               im->first, "capture failed: %s", te.msg);
			r->v.seen[i].msg = im->msg;
			r->v.seen[i].at_us = im->at_us;
			r->v.seen[i].agent = im->agent;
			r->stime[i] = im->at_us;
			if (alt && alt->note)
				r->alt_note = alt->note;
			inbox_drop(r, k, 0);
			return STEP_OK;
		}
		if (ignored(r, x->ignore, x->nignore, im)) {
			inbox_drop(r, k, 1);
			continue;
		}
		if (x->optional)
			return STEP_OK;
		{
			char got[600];
			if (why.m)
				snprintf(got, sizeof(got), "%s (in: %s)", why.actual, im->first);
			else
				snprintf(got, sizeof(got), "%s", im->first);
			if (!why.expected[0])
				describe_expect(r, s, why.expected, sizeof(why.expected));
			return verdict(r, VET_FAIL, i, why.rfc, why.expected, got,
			               "expected %s; received %s", why.expected, got);
		}
	}
}

static int step_nothing(struct run *r, int i)
{
	const struct vet_step *s = &r->c->steps[i];
	uint64_t ref = s->timing.after >= 0 ? ref_time(r, s) : vet_sess_now(r->s);
	uint64_t end = ref + vet_dur_us(&s->dur, r->tm);
	size_t k = 0;
	for (;;) {
		int rc;
		for (; k < r->nin; k++) {
			struct inmsg *im = &r->in[k];
			char want[160];
			if ((s->agent >= 0 && im->agent != s->agent) || im->at_us < ref)
				continue;
			if (ignored(r, s->ignore, s->nignore, im)) {
				inbox_drop(r, k--, 1);
				continue;
			}
			snprintf(want, sizeof(want), "no message to %s for %.1f ms",
			         s->agent >= 0 ? r->c->agents[s->agent].name : "any agent",
			         (double)vet_dur_us(&s->dur, r->tm) / 1000);
			return verdict(r, VET_FAIL, i, NULL, want, im->first,
			               "expected %s; %s received at %.1f ms into the window: %s",
			               want, r->c->agents[im->agent].name,
			               (double)(im->at_us - ref) / 1000, im->first);
		}
		rc = pump(r, end);
		if (rc < 0)
			return sess_failed(r, i, rc);
		if (rc == 0)
			break;
	}
	r->stime[i] = end;
	return STEP_OK;
}

static int step_wait(struct run *r, int i)
{
	const struct vet_step *s = &r->c->steps[i];
	uint64_t ref = s->timing.after >= 0 ? ref_time(r, s) : vet_sess_now(r->s);
	uint64_t end = ref + vet_dur_us(&s->dur, r->tm);
	if (wait_until(r, i, end) == STEP_DONE)
		return STEP_DONE;
	r->stime[i] = end;
	return STEP_OK;
}

static int step_trigger(struct run *r, int i)
{
	const struct vet_step *s = &r->c->steps[i];
	struct vet_targ args[16];
	size_t j, n = s->nargs < 16 ? s->nargs : 16;
	uint64_t t0 = vet_sess_now(r->s);
	int rc;
	for (j = 0; j < n; j++) {
		struct vet_tpl_err te = {0};
		args[j].key = s->args[j].key;
		rc = vet_tpl_render_str(&s->args[j].value, &r->v, -1, &args[j].val, &te);
		if (rc == SIP_ENOMEM)
			return verdict(r, VET_ERROR, i, NULL, NULL, NULL, "out of memory");
		if (rc)
			return verdict(r, VET_ERROR, i, NULL, NULL, NULL,
			               "trigger argument '%s' does not render: %s", args[j].key,
			               te.msg);
	}
	rc = vet_sess_trigger(r->s, s->action, args, n, r->err, sizeof(r->err));
	if (rc == VET_SESS_STOPPED)
		return sess_failed(r, i, rc);
	if (rc)
		return verdict(r, VET_ERROR, i, NULL, NULL, NULL, "trigger %s failed: %s",
		               vet_action_name(s->action) ? vet_action_name(s->action) : "?",
		               r->err);
	r->stime[i] = t0;
	return STEP_OK;
}

static int run_steps(struct run *r)
{
	size_t i;
	for (i = 0; i < r->c->nsteps; i++) {
		const struct vet_step *s = &r->c->steps[i];
		int rc = STEP_OK;
		if (r->stop && *r->stop)
			return verdict(r, VET_ERROR, (int)i, NULL, NULL, NULL, "interrupted");
		switch (s->kind) {
		case VET_S_SEND:
			rc = step_send(r, (int)i);
			break;
		case VET_S_EXPECT:
			rc = step_expect(r, (int)i);
			break;
		case VET_S_NOTHING:
			rc = step_nothing(r, (int)i);
			break;
		case VET_S_WAIT:
			rc = step_wait(r, (int)i);
			break;
		case VET_S_TRIGGER:
			rc = step_trigger(r, (int)i);
			break;
		default:
			return verdict(r, VET_ERROR, (int)i, NULL, NULL, NULL,
			               "unknown step kind %d", (int)s->kind);
		}
		if (rc == STEP_DONE)
			return rc;
		if (r->stime[i] != NO_TIME)
			r->prev = r->stime[i];
	}
	if (r->alt_note)
		return verdict(r, VET_PASS, -1, NULL, NULL, NULL,
		               "all %zu steps passed (alternative taken: %s)", r->c->nsteps,
		               r->alt_note);
	return verdict(r, VET_PASS, -1, NULL, NULL, NULL, "all %zu steps passed", r->c->nsteps);
}

int vet_case_run(struct vet_target *t, const struct vet_case *c, unsigned transport,
                 const struct vet_case_run_opts *o, struct vet_case_result *res)
{
	struct run r;
	struct vet_sess_cfg cfg;
	struct vet_endpoint *eps = NULL;
	size_t i;
	int rc = 0;
	memset(&r, 0, sizeof(r));
	r.c = c;
	r.tm = &vet_target_info(t)->timers;
	r.res = res;
	r.stop = o->stop;
	memset(&cfg, 0, sizeof(cfg));
	cfg.c = c;
	cfg.transport = transport;
	cfg.seed = o->seed;
	cfg.stop = o->stop;
	r.stime = malloc((c->nsteps ? c->nsteps : 1) * sizeof(*r.stime));
	eps = calloc(c->nagents ? c->nagents : 1, sizeof(*eps));
	if (!r.stime || !eps || vet_vars_init(&r.v, c, sip_allocator_default(), o->seed)) {
		verdict(&r, VET_ERROR, -1, NULL, NULL, NULL, "out of memory");
		goto out;
	}
	r.vars_ok = 1;
	for (i = 0; i < c->nsteps; i++)
		r.stime[i] = NO_TIME;
	if (vet_sess_open(t, &cfg, &r.s, r.err, sizeof(r.err))) {
		verdict(&r, VET_ERROR, -1, NULL, NULL, NULL, "tester: %s", r.err);
		goto out;
	}
	vet_sess_endpoints(r.s, &r.v.iut, eps);
	for (i = 0; i < c->nagents; i++)
		r.v.agents[i].ep = eps[i];
	r.v.transport = transport;
	r.prev = vet_sess_now(r.s);
	run_steps(&r);
	res->duration_us = vet_sess_now(r.s);
out:
	if (!res->reason)
		rc = SIP_ENOMEM;
	for (i = 0; i < r.nin; i++)
		if (r.in[i].msg)
			sip_msg_free(r.in[i].msg);
	free(r.in);
	if (r.vars_ok) {
		for (i = 0; i < c->nsteps; i++)
			if (r.v.seen[i].msg)
				sip_msg_free(r.v.seen[i].msg);
		vet_vars_fini(&r.v);
	}
	vet_sess_close(r.s);
	free(eps);
	free(r.stime);
	return rc;
}

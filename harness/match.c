/* sipvet: evaluating matchers, captures and ignore selectors (FORMAT.md
 * "Matchers"). Pure: the same case, variables and message give the same
 * answer. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "match.h"
#include "sipref/error.h"
#include "sipref/uri.h"

/* Printable, bounded rendering of a value for verdicts. */
static void quote(char *dst, size_t cap, struct sip_str s)
{
	/* Room kept at the end for "...", the closing quote and the NUL; an
	 * escape takes at most 4 bytes ("\\xNN"). */
	enum { RESERVE = 5, ESC_MAX = 4 };
	size_t o = 0;
	if (cap < 1 + ESC_MAX + RESERVE) {
		if (cap)
			dst[0] = 0;
		return;
	}
	dst[o++] = '"';
	for (size_t i = 0; i < s.len; i++) {
		unsigned char ch = (unsigned char)s.p[i];
		if (o + ESC_MAX + RESERVE > cap) {
			memcpy(dst + o, "...", 3);
			o += 3;
			break;
		}
		if (ch == '"' || ch == '\\') {
			dst[o++] = '\\';
			dst[o++] = (char)ch;
		} else if (ch < 0x20 || ch == 0x7f) {
			o += (size_t)snprintf(dst + o, cap - o, "\\x%02x", ch);
		} else {
			dst[o++] = (char)ch;
		}
	}
	dst[o++] = '"';
	dst[o] = 0;
}

static void describe_msg(char *dst, size_t cap, struct sip_msg *m)
{
	if (m->is_request)
		snprintf(dst, cap, "a %.*s request", (int)(m->method.len > 40 ? 40 : m->method.len),
		         m->method.p);
	else
		snprintf(dst, cap, "a %u response", m->status);
}

static int mism(struct vet_mismatch *why, const struct vet_match *m, const char *actual,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int mism(struct vet_mismatch *why, const struct vet_match *m, const char *actual,
                const char *fmt, ...)
{
	va_list ap;
	if (!why)
		return 0;
	why->m = m;
	why->rfc = m ? m->rfc : NULL;
	va_start(ap, fmt);
	vsnprintf(why->expected, sizeof why->expected, fmt, ap);
	va_end(ap);
	snprintf(why->actual, sizeof why->actual, "%s", actual);
	return 0;
}

static int in_ranges(const struct vet_match *m, unsigned st)
{
	for (size_t i = 0; i < m->nranges; i++)
		if (st >= m->ranges[i].lo && st <= m->ranges[i].hi)
			return 1;
	return 0;
}

static void ranges_text(const struct vet_match *m, char *dst, size_t cap)
{
	size_t o = 0;
	dst[0] = 0;
	for (size_t i = 0; i < m->nranges && o + 8 < cap; i++) {
		if (m->ranges[i].lo == m->ranges[i].hi)
			o += (size_t)snprintf(dst + o, cap - o, "%s%u", i ? " or " : "",
			                      m->ranges[i].lo);
		else
			o += (size_t)snprintf(dst + o, cap - o, "%s%uxx", i ? " or " : "",
			                      m->ranges[i].lo / 100);
	}
}

static int is_uri_field(const struct vet_field *f)
{
	return f->ucomp == VET_U_ALL &&
	       (f->base == VET_F_RURI || (f->base == VET_F_HDR && f->comp == VET_C_URI));
}

/* RFC 3261 19.1.4 comparison when both sides parse as URIs; else -1. */
static int uri_equiv(struct vet_vars *v, struct sip_str a, struct sip_str b)
{
	struct sip_uri ua, ub;
	struct sip_perr e;
	if (sip_uri_parse(&v->arena, a.p, a.len, 0, &ua, &e) ||
	    sip_uri_parse(&v->arena, b.p, b.len, 0, &ub, &e))
		return -1;
	return sip_uri_equiv(&ua, &ub);
}

/* Header values compare with runs of LWS (folds included) as one space
 * (RFC 3261 7.3.1: LWS is equivalent to SP). */
static int lws_eq(struct sip_str a, struct sip_str b)
{
	size_t i = 0, j = 0;
#define WS(c) ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n')
	for (;;) {
		int wa = i < a.len && WS(a.p[i]), wb = j < b.len && WS(b.p[j]);
		if (wa != wb)
			return 0;
		if (wa) {
			while (i < a.len && WS(a.p[i]))
				i++;
			while (j < b.len && WS(b.p[j]))
				j++;
			continue;
		}
		if (i == a.len || j == b.len)
			return i == a.len && j == b.len;
		if (a.p[i++] != b.p[j++])
			return 0;
	}
#undef WS
}

static int regex_match(struct vet_vars *v, const regex_t *re, struct sip_str s, size_t ngroups,
                       regmatch_t *gm)
{
	const struct sip_allocator *a = v->arena.a;
	char *z;
	int r;

	if (memchr(s.p ? s.p : "", 0, s.len))
		return 0; /* regexec cannot see past a NUL: never a match */
	z = a->alloc(a->ud, s.len + 1);
	if (!z)
		return SIP_ENOMEM;
	if (s.len)
		memcpy(z, s.p, s.len);
	z[s.len] = 0;
	r = regexec(re, z, ngroups, gm, 0);
	a->free(a->ud, z, s.len + 1);
	return r == 0;
}

static int eval_field(const struct vet_match *m, struct sip_msg *msg, struct vet_vars *v,
                      struct vet_mismatch *why)
{
	char act[200], exp[200];
	struct sip_str val = SIP_STR_NULL, want, other = SIP_STR_NULL;
	struct vet_tpl_err terr;
	const char *fld = m->field.text;
	int have, r, ohave;
	size_t cnt;

	have = vet_field_get(&m->field, msg, v, &val);
	if (have < 0)
		return have;
	if (have)
		quote(act, sizeof act, val);
	else
		snprintf(act, sizeof act, "absent");
	switch (m->pred) {
	case VET_P_PRESENT:
		return have ? 1 : mism(why, m, act, "%s present", fld);
	case VET_P_ABSENT:
		return !have ? 1 : mism(why, m, act, "%s absent", fld);
	case VET_P_COUNT:
		cnt = vet_field_count(&m->field, msg);
		if (cnt == m->count)
			return 1;
		snprintf(act, sizeof act, "%zu", cnt);
		return mism(why, m, act, "%u %s value%s", m->count, fld, m->count == 1 ? "" : "s");
	case VET_P_EQUALS:
		r = vet_tpl_render_str(&m->value, v, -1, &want, &terr);
		if (r) {
			if (why)
				snprintf(why->expected, sizeof why->expected, "%s", terr.msg);
			return r;
		}
		quote(exp, sizeof exp, want);
		if (!have)
			return mism(why, m, act, "%s equal to %s", fld, exp);
		if (m->nocase)
			r = sip_str_caseeq(val, want);
		else if (is_uri_field(&m->field) && (r = uri_equiv(v, val, want)) >= 0)
			;
		else
			r = sip_str_eq(val, want);
		return r ? 1 : mism(why, m, act, "%s equal to %s", fld, exp);
	case VET_P_REGEX:
		if (!have)
			return mism(why, m, act, "%s matching /%s/", fld, m->re_src);
		r = regex_match(v, m->re, val, 0, NULL);
		if (r < 0)
			return r;
		return r ? 1 : mism(why, m, act, "%s matching /%s/", fld, m->re_src);
	case VET_P_SAME_AS:
		if (m->same_step < 0 || (size_t)m->same_step >= v->c->nsteps ||
		    !v->seen[m->same_step].msg)
			return mism(why, m, act, "%s same as in step %d, which has no message", fld,
			            m->same_step + 1);
		ohave = vet_field_get(&m->same_field, v->seen[m->same_step].msg, v, &other);
		if (ohave < 0)
			return ohave;
		if (ohave)
			quote(exp, sizeof exp, other);
		else
			snprintf(exp, sizeof exp, "absent");
		if (!have || !ohave) {
			if (!have && !ohave)
				return 1;
			return mism(why, m, act, "%s same as %s of step '%s' (%s)", fld,
			            m->same_field.text, v->c->steps[m->same_step].name, exp);
		}
		if (is_uri_field(&m->field) && is_uri_field(&m->same_field) &&
		    (r = uri_equiv(v, val, other)) >= 0)
			;
		else if (m->field.base == VET_F_HDR && m->field.comp == VET_C_VALUE)
			r = lws_eq(val, other);
		else
			r = sip_str_eq(val, other);
		return r ? 1
		         : mism(why, m, act, "%s same as %s of step '%s' (%s)", fld,
		                m->same_field.text, v->c->steps[m->same_step].name, exp);
	case VET_P_EMPTY:
		if (msg->body.len == 0)
			return 1;
		snprintf(act, sizeof act, "%zu octets", msg->body.len);
		return mism(why, m, act, "an empty body");
	case VET_P_SDP:
		if (sip_msg_sdp(msg))
			return 1;
		return mism(why, m, msg->body.len ? "a body that is not valid SDP" : "no body",
		            "an SDP body (application/sdp)");
	}
	return mism(why, m, act, "(bad matcher)");
}

static int eval_any(const struct vet_match *m, struct sip_msg *msg, struct vet_vars *v,
                    struct vet_mismatch *why, const struct vet_match **alt)
{
	struct vet_mismatch first;
	size_t o = 0;
	char exp[256];

	exp[0] = 0;
	for (size_t i = 0; i < m->nsub; i++) {
		struct vet_mismatch w;
		int r = vet_match_eval(&m->sub[i], msg, v, &w);
		if (r < 0)
			return r;
		if (r) {
			if (alt)
				*alt = &m->sub[i];
			return 1;
		}
		if (i == 0)
			first = w;
		if (o + 4 < sizeof exp)
			o += (size_t)snprintf(exp + o, sizeof exp - o, "%s(%s: %s)",
			                      i ? " or " : "one of ",
			                      m->sub[i].note ? m->sub[i].note : "?", w.expected);
	}
	if (!why)
		return 0;
	mism(why, m, m->nsub ? first.actual : "", "%s", exp);
	return 0;
}

int vet_match_eval(const struct vet_match *m, struct sip_msg *msg, struct vet_vars *v,
                   struct vet_mismatch *why)
{
	char act[160], exp[160];
	int r;

	switch (m->kind) {
	case VET_M_STATUS:
		ranges_text(m, exp, sizeof exp);
		if (msg->is_request) {
			describe_msg(act, sizeof act, msg);
			return mism(why, m, act, "a %s response", exp);
		}
		if (in_ranges(m, msg->status))
			return 1;
		describe_msg(act, sizeof act, msg);
		return mism(why, m, act, "a %s response", exp);
	case VET_M_METHOD:
		if (msg->is_request)
			for (size_t i = 0; i < m->nmethods; i++)
				if (sip_str_eq(msg->method,
				               sip_str_make(m->methods[i], strlen(m->methods[i]))))
					return 1;
		describe_msg(act, sizeof act, msg);
		return mism(why, m, act, "a %s%s request", m->methods[0],
		            m->nmethods > 1 ? "/..." : "");
	case VET_M_FIELD:
		return eval_field(m, msg, v, why);
	case VET_M_RETRANS:
		if (m->rt_step < 0 || (size_t)m->rt_step >= v->c->nsteps ||
		    !v->seen[m->rt_step].msg)
			return mism(why, m, "", "a retransmission of a step without a message");
		if (vet_is_retransmission(v->seen[m->rt_step].msg, msg, m->rt_by))
			return 1;
		describe_msg(act, sizeof act, msg);
		return mism(why, m, act, "a retransmission of step '%s' (%s)",
		            v->c->steps[m->rt_step].name,
		            m->rt_by == VET_RT_BYTES ? "same bytes" : "same branch and CSeq");
	case VET_M_ALL:
		for (size_t i = 0; i < m->nsub; i++) {
			r = vet_match_eval(&m->sub[i], msg, v, why);
			if (r <= 0) {
				if (r == 0 && why && !why->rfc)
					why->rfc = m->rfc;
				return r;
			}
		}
		return 1;
	case VET_M_ANY_OF:
		return eval_any(m, msg, v, why, NULL);
	case VET_M_NOT:
		r = vet_match_eval(m->sub, msg, v, why);
		if (r < 0)
			return r;
		if (r == 0)
			return 1;
		describe_msg(act, sizeof act, msg);
		return mism(why, m, act, "not: %s",
		            m->sub->field.text ? m->sub->field.text : "the inner matcher");
	}
	return mism(why, m, "", "(bad matcher)");
}

int vet_expect_eval(const struct vet_step *s, struct sip_msg *msg, struct vet_vars *v,
                    struct vet_mismatch *why, const struct vet_match **alt)
{
	const struct vet_expect *x = &s->expect;
	char act[160];

	if (alt)
		*alt = NULL;
	if ((x->what == VET_X_REQUEST && !msg->is_request) ||
	    (x->what == VET_X_RESPONSE && msg->is_request)) {
		describe_msg(act, sizeof act, msg);
		mism(why, NULL, act, "a %s", x->what == VET_X_REQUEST ? "request" : "response");
		if (why)
			why->rfc = s->rfc;
		return 0;
	}
	for (size_t i = 0; i < x->nmatch; i++) {
		const struct vet_match *m = &x->match[i];
		int r = m->kind == VET_M_ANY_OF ? eval_any(m, msg, v, why, alt)
		                                : vet_match_eval(m, msg, v, why);
		if (r <= 0) {
			if (r == 0 && why && !why->rfc)
				why->rfc = s->rfc;
			return r;
		}
	}
	return 1;
}

int vet_capture_apply(const struct vet_step *s, struct sip_msg *msg, struct vet_vars *v,
                      struct vet_tpl_err *err)
{
	const struct vet_expect *x = &s->expect;

	for (size_t i = 0; i < x->ncaptures; i++) {
		const struct vet_capture *cp = &x->captures[i];
		struct sip_str val;
		regmatch_t gm[10];
		int r = vet_field_get(&cp->field, msg, v, &val);
		if (r < 0)
			return r;
		if (r == 0)
			goto absent;
		if (cp->re) {
			r = regex_match(v, cp->re, val, 10, gm);
			if (r < 0)
				return r;
			if (r == 0 || gm[cp->group].rm_so < 0)
				goto absent;
			val = sip_str_make(val.p + gm[cp->group].rm_so,
			                   (size_t)(gm[cp->group].rm_eo - gm[cp->group].rm_so));
		}
		r = vet_vars_set_capture(v, cp->slot, val);
		if (r)
			return r;
		continue;
	absent:
		if (err) {
			err->loc = cp->loc;
			snprintf(err->msg, sizeof err->msg, "capture %s: %s %s",
			         v->c->captures[cp->slot], cp->field.text,
			         cp->re ? "does not match the regex" : "is absent");
		}
		return SIP_EPARSE;
	}
	return 0;
}

int vet_ignore_match(const struct vet_ignore *ig, size_t n, struct sip_msg *msg, int agent,
                     const struct vet_vars *v)
{
	for (size_t i = 0; i < n; i++) {
		switch (ig[i].kind) {
		case VET_IGN_STATUS:
			if (!msg->is_request && msg->status >= ig[i].range.lo &&
			    msg->status <= ig[i].range.hi)
				return 1;
			break;
		case VET_IGN_METHOD:
			if (msg->is_request &&
			    sip_str_eq(msg->method,
			               sip_str_make(ig[i].method, strlen(ig[i].method))))
				return 1;
			break;
		case VET_IGN_RETRANS:
			for (size_t k = 0; k < v->c->nsteps; k++)
				if (v->seen[k].msg && v->seen[k].agent == agent &&
				    v->c->steps[k].kind == VET_S_EXPECT &&
				    vet_is_retransmission(v->seen[k].msg, msg, VET_RT_BYTES))
					return 1;
			break;
		}
	}
	return 0;
}

int vet_is_retransmission(struct sip_msg *a, struct sip_msg *b, enum vet_retrans_by by)
{
	const struct sip_via *va, *vb;
	const struct sip_cseq *ca, *cb;

	if (by == VET_RT_BYTES)
		return a->len == b->len && (a->len == 0 || memcmp(a->buf, b->buf, a->len) == 0);
	/* RFC 3261 17.1.3 / 17.2.3: the transaction is the top Via branch and
	 * the CSeq; a retransmission also repeats the method or status. */
	if (a->is_request != b->is_request)
		return 0;
	if (a->is_request ? !sip_str_eq(a->method, b->method) : a->status != b->status)
		return 0;
	va = sip_msg_top_via(a);
	vb = sip_msg_top_via(b);
	ca = sip_msg_cseq(a);
	cb = sip_msg_cseq(b);
	if (!va || !vb || !ca || !cb || !va->branch.p || !vb->branch.p)
		return 0;
	return sip_str_eq(va->branch, vb->branch) && ca->seq == cb->seq &&
	       sip_str_eq(ca->method, cb->method);
}

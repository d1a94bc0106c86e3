/* sipvet: loading steps (FORMAT.md "Steps"). */
#include <stdio.h>
#include <string.h>

#include "load_int.h"
#include "sipref/error.h"

#ifndef SIPVET_SOURCE_DIR
#define SIPVET_SOURCE_DIR "."
#endif

/* Every action allows name, rfc, note and precondition (FORMAT.md "Steps"). */
static const char *const send_keys[] = {"send",  "name",         "rfc", "note",
                                        "agent", "precondition", NULL};
static const char *const expect_keys[] = {"expect", "name",     "rfc",          "note", "agent",
                                          "match",  "capture",  "within",       "at",   "after",
                                          "ignore", "optional", "precondition", NULL};
static const char *const nothing_keys[] = {"nothing", "name",  "rfc",          "note", "agent",
                                           "ignore",  "after", "precondition", NULL};
static const char *const wait_keys[] = {"wait",  "name",         "rfc", "note",
                                        "after", "precondition", NULL};
static const char *const trigger_keys[] = {"trigger", "name",         "rfc", "note",
                                           "args",    "precondition", NULL};

static const struct {
	const char *key;
	enum vet_stepkind kind;
	const char *const *keys;
} actions[] = {
        {"send", VET_S_SEND, send_keys},          {"expect", VET_S_EXPECT, expect_keys},
        {"nothing", VET_S_NOTHING, nothing_keys}, {"wait", VET_S_WAIT, wait_keys},
        {"trigger", VET_S_TRIGGER, trigger_keys},
};

/* Trigger arguments (FORMAT.md "trigger"): valid keys and the required one. */
static const struct {
	enum vet_action a;
	const char *const keys[3];
	const char *req;
} trig_args[] = {
        {VET_A_CALL, {"to", NULL, NULL}, "to"},
        {VET_A_CANCEL, {NULL, NULL, NULL}, NULL},
        {VET_A_HANGUP, {NULL, NULL, NULL}, NULL},
        {VET_A_REINVITE, {NULL, NULL, NULL}, NULL},
        {VET_A_OPTIONS, {"to", NULL, NULL}, "to"},
        {VET_A_REGISTER, {"expires", "contact", NULL}, NULL},
        {VET_A_ANSWER, {"status", NULL, NULL}, NULL},
};

static int step_agent(struct vet__ld *ld, const struct vet__node *m, int dflt, int *out)
{
	const struct vet__node *v = vet__get(m, "agent");
	const char *s;
	int i;

	*out = dflt;
	if (!v)
		return 0;
	if (vet__str(ld, v, "agent", &s))
		return ld->rc;
	i = vet_case_agent(ld->c, v->s, v->len);
	if (i < 0)
		return vet__err(ld, v, "agent: '%s' is not one of this case's agents", s);
	*out = i;
	return 0;
}

static int step_after(struct vet__ld *ld, const struct vet__node *m, int *out)
{
	const struct vet__node *v = vet__get(m, "after");
	const char *s;
	int i;

	*out = -1;
	if (!v)
		return 0;
	if (vet__str(ld, v, "after", &s))
		return ld->rc;
	i = vet_case_step(ld->c, v->s, v->len);
	if (i < 0)
		return vet__err(ld, v, "after: no step is named '%s'", s);
	if (i >= ld->cur_step)
		return vet__err(ld, v, "after: step '%s' does not come before this one", s);
	*out = i;
	return 0;
}

/* "2 T1 +/- 0.2 T1" (also "±"). */
static int parse_at(struct vet__ld *ld, const struct vet__node *v, struct vet_timing *t)
{
	const char *p, *e;

	if (!v || v->kind != VET__N_SCALAR)
		goto bad;
	e = v->s + v->len;
	if (vet__dur_text(v->s, v->len, &t->at, &p))
		goto bad;
	while (p < e && *p == ' ')
		p++;
	if (e - p >= 3 && memcmp(p, "+/-", 3) == 0)
		p += 3;
	else if (e - p >= 2 && (unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xb1)
		p += 2;
	else
		goto bad;
	if (vet__dur_text(p, (size_t)(e - p), &t->tol, &p))
		goto bad;
	while (p < e && *p == ' ')
		p++;
	if (p != e)
		goto bad;
	t->has_at = 1;
	return 0;
bad:
	return vet__err(ld, v, "at: expected 'DURATION +/- DURATION', e.g. '2 T1 +/- 0.2 T1'");
}

static int is_file_path_ok(const char *s, size_t len)
{
	if (len == 0 || s[0] == '/')
		return 0;
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] == '.' && s[i + 1] == '.' && (i == 0 || s[i - 1] == '/') &&
		    (i + 2 == len || s[i + 2] == '/'))
			return 0;
	return 1;
}

static int send_file(struct vet__ld *ld, const struct vet__node *pn, int torture, int verbatim,
                     struct vet_send *snd)
{
	const char *rel, *dir;
	char path[4096];
	char *data = NULL;
	size_t len = 0;
	struct vet__node content;

	if (vet__str(ld, pn, torture ? "torture" : "file", &rel))
		return ld->rc;
	if (torture && !is_file_path_ok(rel, pn->len))
		return vet__err(ld, pn,
		                "torture: expected a path inside corpus/torture, such as "
		                "rfc4475/wsinv.dat");
	dir = torture ? (ld->o->torture_dir ? ld->o->torture_dir
	                                    : SIPVET_SOURCE_DIR "/corpus/torture")
	              : ld->dir;
	if (rel[0] == '/')
		snprintf(path, sizeof path, "%s", rel);
	else
		snprintf(path, sizeof path, "%s/%s", dir, rel);
	snd->path = vet__dup(ld, path, strlen(path));
	if (!snd->path)
		return SIP_ENOMEM;
	if (!ld->o->no_files && vet__read_file(ld, pn, path, &data, &len))
		return ld->rc;
	content = *pn;
	content.s = data ? data : "";
	content.len = len;
	content.style = 0; /* positions inside the file are not the YAML's */
	return vet__tpl(ld, &content, content.s, len,
	                verbatim || torture ? VET__TPL_VERBATIM : VET__TPL_TEXT, &snd->msg);
}

static int load_send(struct vet__ld *ld, const struct vet__node *v, struct vet_step *st)
{
	static const char *const keys[] = {"text",    "bytes",    "file", "torture",
	                                   "replace", "verbatim", NULL};
	static const char *const srcs[] = {"text", "bytes", "file", "torture"};
	struct vet_send *snd = &st->send;
	const struct vet__node *src = NULL, *rep;
	int verbatim = 0, which = -1;

	if (v && v->kind == VET__N_SCALAR) {
		const char *s;
		if (vet__str(ld, v, "send", &s))
			return ld->rc;
		snd->src = VET_SRC_TEXT;
		return vet__tpl(ld, v, v->s, v->len, VET__TPL_TEXT, &snd->msg);
	}
	if (vet__check_map(ld, v, "send", keys, NULL))
		return ld->rc;
	for (int i = 0; i < 4; i++) {
		const struct vet__node *k = vet__key(v, srcs[i]);
		if (!k)
			continue;
		if (src)
			return vet__err(ld, k, "send: give one of text, bytes, file, torture");
		src = vet__get(v, srcs[i]);
		which = i;
	}
	if (!src)
		return vet__err(ld, v, "send: one of text, bytes, file, torture is required");
	if (vet__get(v, "verbatim") &&
	    vet__bool(ld, vet__get(v, "verbatim"), "verbatim", &verbatim))
		return ld->rc;
	rep = vet__get(v, "replace");
	if (rep && which < 2)
		return vet__err(ld, vet__key(v, "replace"),
		                "send: replace applies to file and torture sends");
	snd->verbatim = (unsigned char)(verbatim || which == 3);
	snd->src = (enum vet_sendsrc)(VET_SRC_TEXT + which);
	if (which < 2) {
		const char *s;
		if (src->kind != VET__N_SCALAR || (which == 0 && vet__str(ld, src, "text", &s)))
			return vet__err(ld, src, "%s: expected a string, got %s", srcs[which],
			                vet__kind_name(src));
		return vet__tpl(ld, src, src->s, src->len,
		                verbatim     ? VET__TPL_VERBATIM
		                : which == 0 ? VET__TPL_TEXT
		                             : VET__TPL_BYTES,
		                &snd->msg);
	}
	if (send_file(ld, src, which == 3, verbatim, snd))
		return ld->rc;
	if (rep && !ld->o->no_files) {
		if (snd->msg.nparts > 1 || !snd->verbatim)
			return vet__err(ld, vet__key(v, "replace"),
			                "send: replace needs a verbatim file (verbatim: true)");
		return vet__tpl_replace(ld, rep, &snd->msg);
	}
	return 0;
}

/* expect: request | response | any | STATUS | METHOD | [list]. */
static int expect_head(struct vet__ld *ld, const struct vet__node *v, struct vet_expect *x,
                       struct vet_match *sugar, int *has_sugar)
{
	const struct vet__node *one = v;
	size_t n = 1;
	int statuses = 0, methods = 0;

	*has_sugar = 0;
	if (v && v->kind == VET__N_SCALAR && !v->plain && v->len == 0)
		goto bad;
	if (v && v->kind == VET__N_SCALAR) {
		if (v->len == 7 && memcmp(v->s, "request", 7) == 0) {
			x->what = VET_X_REQUEST;
			return 0;
		}
		if (v->len == 8 && memcmp(v->s, "response", 8) == 0) {
			x->what = VET_X_RESPONSE;
			return 0;
		}
		if (v->len == 3 && memcmp(v->s, "any", 3) == 0) {
			x->what = VET_X_ANY;
			return 0;
		}
	} else if (v && v->kind == VET__N_SEQ && v->n > 0) {
		n = v->n;
	} else {
		goto bad;
	}
	memset(sugar, 0, sizeof *sugar);
	sugar->loc = v->loc;
	sugar->ranges = sip_arena_zalloc(ld->ar, n * sizeof *sugar->ranges);
	sugar->methods = sip_arena_zalloc(ld->ar, n * sizeof *sugar->methods);
	if (!sugar->ranges || !sugar->methods)
		return vet__nomem(ld);
	for (size_t i = 0; i < n; i++) {
		struct vet_range r;
		one = v->kind == VET__N_SEQ ? v->items[i] : v;
		if (one->kind != VET__N_SCALAR)
			goto bad;
		if (vet__status_spec(one->s, one->len, &r)) {
			sugar->ranges[sugar->nranges++] = r;
			statuses = 1;
		} else if (vet__is_method(one->s, one->len)) {
			sugar->methods[sugar->nmethods++] = one->s;
			methods = 1;
		} else {
			goto bad;
		}
		if (statuses && methods)
			return vet__err(ld, one,
			                "expect: a list holds status codes or methods, "
			                "not both");
	}
	sugar->kind = statuses ? VET_M_STATUS : VET_M_METHOD;
	x->what = statuses ? VET_X_RESPONSE : VET_X_REQUEST;
	*has_sugar = 1;
	return 0;
bad:
	return vet__err(ld, one,
	                "expect: expected request, response, any, a status (200, 2xx), a "
	                "method (INVITE) or a list of statuses or of methods");
}

static int load_expect(struct vet__ld *ld, const struct vet__node *m, struct vet_step *st)
{
	struct vet_expect *x = &st->expect;
	struct vet_match sugar, *list = NULL;
	const struct vet__node *v;
	size_t n = 0;
	int has_sugar, opt = 0;

	if (expect_head(ld, vet__get(m, "expect"), x, &sugar, &has_sugar))
		return ld->rc;
	if ((v = vet__get(m, "match")) && vet__matchers(ld, v, &list, &n))
		return ld->rc;
	x->match = sip_arena_zalloc(ld->ar, (n + 1) * sizeof *x->match);
	if (!x->match)
		return vet__nomem(ld);
	if (has_sugar)
		x->match[x->nmatch++] = sugar;
	if (n)
		memcpy(x->match + x->nmatch, list, n * sizeof *list);
	x->nmatch += n;
	if ((v = vet__get(m, "within"))) {
		if (vet__dur(ld, v, "within", &st->timing.within))
			return ld->rc;
		st->timing.has_within = 1;
	}
	if ((v = vet__get(m, "at")) && parse_at(ld, v, &st->timing))
		return ld->rc;
	if (!st->timing.has_within && !st->timing.has_at) {
		st->timing.has_within = 1;
		st->timing.within = ld->c->timeout;
	}
	if (step_after(ld, m, &st->timing.after))
		return ld->rc;
	if ((v = vet__get(m, "capture")) && vet__captures(ld, v, &x->captures, &x->ncaptures))
		return ld->rc;
	if ((v = vet__get(m, "ignore")) && vet__ignores(ld, v, &x->ignore, &x->nignore))
		return ld->rc;
	if ((v = vet__get(m, "optional"))) {
		if (vet__bool(ld, v, "optional", &opt))
			return ld->rc;
		x->optional = (unsigned char)opt;
	}
	return step_agent(ld, m, 0, &st->agent);
}

static int load_trigger(struct vet__ld *ld, const struct vet__node *m, struct vet_step *st)
{
	const struct vet__node *v = vet__get(m, "trigger"), *args = vet__get(m, "args");
	const char *s;
	size_t ti;

	if (vet__str(ld, v, "trigger", &s))
		return ld->rc;
	for (ti = 0; ti < sizeof trig_args / sizeof trig_args[0]; ti++)
		if (strcmp(vet_action_name(trig_args[ti].a), s) == 0)
			break;
	if (ti == sizeof trig_args / sizeof trig_args[0])
		return vet__err(ld, v,
		                "trigger: unknown action '%s' (valid: call, cancel, hangup, "
		                "reinvite, options, register, answer)",
		                s);
	st->action = trig_args[ti].a;
	if (!args) {
		if (trig_args[ti].req)
			return vet__err(ld, m, "trigger %s: args: {%s: ...} is required", s,
			                trig_args[ti].req);
		return 0;
	}
	{
		const char *keys[4] = {trig_args[ti].keys[0], trig_args[ti].keys[1],
		                       trig_args[ti].keys[2], NULL};
		const char *req[2] = {trig_args[ti].req, NULL};
		char what[40];
		snprintf(what, sizeof what, "trigger %s: args", s);
		if (!keys[0])
			return vet__err(ld, args, "trigger %s takes no args", s);
		if (vet__check_map(ld, args, what, keys, req))
			return ld->rc;
	}
	st->args = sip_arena_zalloc(ld->ar, args->n * sizeof *st->args);
	if (!st->args)
		return vet__nomem(ld);
	for (size_t i = 0; i < args->n; i++) {
		const struct vet__node *k = args->items[2 * i], *val = args->items[2 * i + 1];
		const char *tmp;
		st->args[i].key = k->s;
		if (vet__str(ld, val, k->s, &tmp) ||
		    vet__tpl(ld, val, val->s, val->len, VET__TPL_PLAIN, &st->args[i].value))
			return ld->rc;
	}
	st->nargs = args->n;
	return 0;
}

static int load_step(struct vet__ld *ld, const struct vet__node *m, struct vet_step *st)
{
	const struct vet__node *v;
	size_t a, found = 0, which = 0;

	for (a = 0; a < sizeof actions / sizeof actions[0]; a++)
		if (vet__key(m, actions[a].key)) {
			found++;
			which = a;
		}
	if (found != 1)
		return vet__err(ld, m,
		                "step: needs exactly one of send, expect, nothing, wait, "
		                "trigger");
	if (vet__check_map(ld, m, actions[which].key, actions[which].keys, NULL))
		return ld->rc;
	st->kind = actions[which].kind;
	st->loc = m->loc;
	st->agent = 0;
	st->timing.after = -1;
	if ((v = vet__get(m, "rfc")) && vet__rfc_one(ld, v, &st->rfc))
		return ld->rc;
	if ((v = vet__get(m, "note")) && vet__str(ld, v, "note", &st->note))
		return ld->rc;
	if ((v = vet__get(m, "precondition"))) {
		int pre;
		if (vet__bool(ld, v, "precondition", &pre))
			return ld->rc;
		st->precondition = (unsigned char)pre;
	}
	v = vet__get(m, actions[which].key);
	switch (st->kind) {
	case VET_S_SEND:
		if (step_agent(ld, m, 0, &st->agent))
			return ld->rc;
		return load_send(ld, v, st);
	case VET_S_EXPECT:
		return load_expect(ld, m, st);
	case VET_S_NOTHING:
		if (vet__dur(ld, v, "nothing", &st->dur) || step_agent(ld, m, -1, &st->agent) ||
		    step_after(ld, m, &st->timing.after))
			return ld->rc;
		v = vet__get(m, "ignore");
		return v ? vet__ignores(ld, v, &st->ignore, &st->nignore) : 0;
	case VET_S_WAIT:
		if (vet__dur(ld, v, "wait", &st->dur))
			return ld->rc;
		return step_after(ld, m, &st->timing.after);
	case VET_S_TRIGGER:
		return load_trigger(ld, m, st);
	}
	return 0;
}

int vet__steps(struct vet__ld *ld, const struct vet__node *seq)
{
	struct vet_case *c = ld->c;

	if (!seq || seq->kind != VET__N_SEQ || seq->n == 0)
		return vet__err(ld, seq, "steps: expected a non-empty list of steps, got %s",
		                vet__kind_name(seq));
	c->steps = sip_arena_zalloc(ld->ar, seq->n * sizeof *c->steps);
	if (!c->steps)
		return vet__nomem(ld);
	c->nsteps = seq->n;
	/* Names first, so a reference to a later step can say so. */
	for (size_t i = 0; i < seq->n; i++) {
		const struct vet__node *m = seq->items[i], *nm;
		if (m->kind != VET__N_MAP)
			return vet__err(ld, m, "step: expected a mapping, got %s",
			                vet__kind_name(m));
		if (!(nm = vet__get(m, "name")))
			continue;
		if (vet__name(ld, nm, "name") || vet__name_taken(ld, nm, "name"))
			return ld->rc;
		c->steps[i].name = nm->s;
	}
	for (size_t i = 0; i < seq->n; i++) {
		ld->cur_step = (int)i;
		if (load_step(ld, seq->items[i], &c->steps[i]))
			return ld->rc;
	}
	ld->cur_step = -1;
	return 0;
}

/* sipvet: loading matchers, captures and ignore selectors (FORMAT.md
 * "Matchers", "Captures", "Ignoring"). */
#include <string.h>

#include "load_int.h"
#include "sipref/error.h"

static const char *const match_keys[] = {
        "status", "method", "field",  "header", "retransmission_of", "any_of", "not", "present",
        "absent", "count",  "equals", "regex",  "same_as",           "empty",  "sdp", "nocase",
        "by",     "rfc",    "note",   NULL};
static const char *const subjects[] = {"status", "method", "field", "header", "retransmission_of",
                                       "any_of", "not"};
static const char *const preds[] = {"present", "absent",  "count", "equals",
                                    "regex",   "same_as", "empty", "sdp"};

int vet__status_spec(const char *s, size_t len, struct vet_range *r)
{
	if (len != 3 || s[0] < '1' || s[0] > '6')
		return 0;
	if ((s[1] == 'x' || s[1] == 'X') && (s[2] == 'x' || s[2] == 'X')) {
		r->lo = (unsigned)(s[0] - '0') * 100;
		r->hi = r->lo + 99;
		return 1;
	}
	if (s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9')
		return 0;
	r->lo = r->hi =
	        (unsigned)(s[0] - '0') * 100 + (unsigned)(s[1] - '0') * 10 + (unsigned)(s[2] - '0');
	return 1;
}

static int status_list(struct vet__ld *ld, const struct vet__node *v, struct vet_match *m)
{
	size_t n = v->kind == VET__N_SEQ ? v->n : 1;

	if (v->kind != VET__N_SCALAR && (v->kind != VET__N_SEQ || v->n == 0))
		goto bad;
	m->ranges = sip_arena_zalloc(ld->ar, n * sizeof *m->ranges);
	if (!m->ranges)
		return vet__nomem(ld);
	for (size_t i = 0; i < n; i++) {
		const struct vet__node *it = v->kind == VET__N_SEQ ? v->items[i] : v;
		if (it->kind != VET__N_SCALAR || !vet__status_spec(it->s, it->len, &m->ranges[i]))
			return vet__err(ld, it,
			                "status: expected a status code (100-699) or a "
			                "class (2xx)");
	}
	m->nranges = n;
	m->kind = VET_M_STATUS;
	return 0;
bad:
	return vet__err(ld, v, "status: expected a status, a class (2xx) or a list of them");
}

static int method_list(struct vet__ld *ld, const struct vet__node *v, struct vet_match *m)
{
	size_t n = v->kind == VET__N_SEQ ? v->n : 1;

	if (v->kind != VET__N_SCALAR && (v->kind != VET__N_SEQ || v->n == 0))
		return vet__err(ld, v, "method: expected a method or a list of methods");
	m->methods = sip_arena_zalloc(ld->ar, n * sizeof *m->methods);
	if (!m->methods)
		return vet__nomem(ld);
	for (size_t i = 0; i < n; i++) {
		const struct vet__node *it = v->kind == VET__N_SEQ ? v->items[i] : v;
		if (it->kind != VET__N_SCALAR || !vet__is_method(it->s, it->len))
			return vet__err(ld, it, "method: expected a method name (a token)");
		m->methods[i] = it->s;
	}
	m->nmethods = n;
	m->kind = VET_M_METHOD;
	return 0;
}

/* An earlier step with a message, by name. */
static int msg_step(struct vet__ld *ld, const struct vet__node *n, const char *s, size_t len,
                    const char *key, int *out)
{
	int i = vet_case_step(ld->c, s, len);
	if (i < 0)
		return vet__err(ld, n, "%s: no step is named '%.*s'", key,
		                (int)(len > 40 ? 40 : len), s);
	if (i >= ld->cur_step)
		return vet__err(ld, n, "%s: step '%.*s' does not come before this one", key,
		                (int)len, s);
	if (ld->c->steps[i].kind != VET_S_SEND && ld->c->steps[i].kind != VET_S_EXPECT)
		return vet__err(ld, n, "%s: step '%.*s' has no message", key, (int)len, s);
	*out = i;
	return 0;
}

static int load_pred(struct vet__ld *ld, const struct vet__node *m, const struct vet__node *pk,
                     struct vet_match *mt)
{
	const struct vet__node *v = vet__get(m, pk->s), *nc = vet__get(m, "nocase");
	const char *s;
	int b, body = mt->field.base == VET_F_BODY;

	if (nc) {
		if (vet__bool(ld, nc, "nocase", &b))
			return ld->rc;
		if (strcmp(pk->s, "equals") != 0 && strcmp(pk->s, "regex") != 0)
			return vet__err(ld, vet__key(m, "nocase"),
			                "nocase: applies to equals and regex");
		mt->nocase = (unsigned char)b;
	}
	if (strcmp(pk->s, "present") == 0 || strcmp(pk->s, "absent") == 0) {
		if (vet__bool(ld, v, pk->s, &b))
			return ld->rc;
		mt->pred = (b == (pk->s[0] == 'p')) ? VET_P_PRESENT : VET_P_ABSENT;
	} else if (strcmp(pk->s, "count") == 0) {
		if (mt->field.base != VET_F_HDR || mt->field.comp != VET_C_VALUE || mt->field.index)
			return vet__err(ld, pk, "count: applies to a header (field: Via)");
		if (vet__uint(ld, v, "count", 10000, &mt->count))
			return ld->rc;
		mt->pred = VET_P_COUNT;
	} else if (strcmp(pk->s, "equals") == 0) {
		if (vet__str(ld, v, "equals", &s) ||
		    vet__tpl(ld, v, v->s, v->len, VET__TPL_PLAIN, &mt->value))
			return ld->rc;
		mt->pred = VET_P_EQUALS;
	} else if (strcmp(pk->s, "regex") == 0) {
		if (vet__str(ld, v, "regex", &mt->re_src) ||
		    vet__regex(ld, v, mt->re_src, mt->nocase ? REG_ICASE : 0, &mt->re))
			return ld->rc;
		mt->pred = VET_P_REGEX;
	} else if (strcmp(pk->s, "same_as") == 0) {
		const char *dot;
		if (vet__str(ld, v, "same_as", &s))
			return ld->rc;
		dot = memchr(s, '.', v->len);
		if (msg_step(ld, v, s, dot ? (size_t)(dot - s) : v->len, "same_as", &mt->same_step))
			return ld->rc;
		if (dot) {
			if (vet__field(ld, v, dot + 1, v->len - (size_t)(dot + 1 - s),
			               &mt->same_field))
				return ld->rc;
		} else {
			mt->same_field = mt->field;
		}
		mt->pred = VET_P_SAME_AS;
	} else { /* empty, sdp */
		if (!body)
			return vet__err(ld, pk, "%s: applies to the body (field: body)", pk->s);
		if (vet__bool(ld, v, pk->s, &b))
			return ld->rc;
		if (!b)
			return vet__err(ld, v, "%s: only 'true' is meaningful; use not: {...}",
			                pk->s);
		mt->pred = pk->s[0] == 'e' ? VET_P_EMPTY : VET_P_SDP;
	}
	return 0;
}

static int load_one(struct vet__ld *ld, const struct vet__node *m, struct vet_match *mt);

static int load_any_of(struct vet__ld *ld, const struct vet__node *v, struct vet_match *mt)
{
	static const char *const keys[] = {"note", "rfc", "match", NULL};
	static const char *const req[] = {"note", "match", NULL};

	if (!v || v->kind != VET__N_SEQ || v->n == 0)
		return vet__err(ld, v,
		                "any_of: expected a list of alternatives "
		                "({note: ..., match: [...]}), got %s",
		                vet__kind_name(v));
	mt->kind = VET_M_ANY_OF;
	mt->sub = sip_arena_zalloc(ld->ar, v->n * sizeof *mt->sub);
	if (!mt->sub)
		return vet__nomem(ld);
	for (size_t i = 0; i < v->n; i++) {
		const struct vet__node *alt = v->items[i], *x;
		struct vet_match *a = &mt->sub[i];
		if (vet__check_map(ld, alt, "any_of alternative", keys, req))
			return ld->rc;
		a->kind = VET_M_ALL;
		a->loc = alt->loc;
		if (vet__str(ld, vet__get(alt, "note"), "note", &a->note))
			return ld->rc;
		if ((x = vet__get(alt, "rfc")) && vet__rfc_one(ld, x, &a->rfc))
			return ld->rc;
		if (vet__matchers(ld, vet__get(alt, "match"), &a->sub, &a->nsub))
			return ld->rc;
	}
	mt->nsub = v->n;
	return 0;
}

static int load_subject(struct vet__ld *ld, const struct vet__node *m, const char *subj,
                        struct vet_match *mt)
{
	const struct vet__node *v = vet__get(m, subj);
	const char *s;

	if (strcmp(subj, "status") == 0)
		return status_list(ld, v, mt);
	if (strcmp(subj, "method") == 0)
		return method_list(ld, v, mt);
	if (strcmp(subj, "any_of") == 0)
		return load_any_of(ld, v, mt);
	if (strcmp(subj, "not") == 0) {
		mt->kind = VET_M_NOT;
		mt->sub = sip_arena_zalloc(ld->ar, sizeof *mt->sub);
		if (!mt->sub)
			return vet__nomem(ld);
		mt->nsub = 1;
		return load_one(ld, v, mt->sub);
	}
	if (strcmp(subj, "retransmission_of") == 0) {
		const struct vet__node *by = vet__get(m, "by");
		mt->kind = VET_M_RETRANS;
		if (vet__str(ld, v, subj, &s) || msg_step(ld, v, s, v->len, subj, &mt->rt_step))
			return ld->rc;
		if (!by)
			return 0;
		if (by->kind == VET__N_SCALAR && strcmp(by->s, "bytes") == 0)
			mt->rt_by = VET_RT_BYTES;
		else if (by->kind == VET__N_SCALAR && strcmp(by->s, "transaction") == 0)
			mt->rt_by = VET_RT_TRANSACTION;
		else
			return vet__err(ld, by, "by: expected bytes or transaction");
		return 0;
	}
	/* field / header */
	mt->kind = VET_M_FIELD;
	if (vet__str(ld, v, subj, &s))
		return ld->rc;
	return vet__field(ld, v, s, v->len, &mt->field);
}

static int load_one(struct vet__ld *ld, const struct vet__node *m, struct vet_match *mt)
{
	const struct vet__node *pk = NULL, *x;
	const char *subj = NULL;
	size_t nsubj = 0, npred = 0;

	if (vet__check_map(ld, m, "matcher", match_keys, NULL))
		return ld->rc;
	mt->loc = m->loc;
	for (size_t i = 0; i < sizeof subjects / sizeof subjects[0]; i++)
		if (vet__key(m, subjects[i])) {
			subj = subjects[i];
			nsubj++;
		}
	for (size_t i = 0; i < sizeof preds / sizeof preds[0]; i++)
		if ((x = vet__key(m, preds[i]))) {
			pk = x;
			npred++;
		}
	if (nsubj != 1)
		return vet__err(ld, m,
		                "matcher: needs exactly one of status, method, field, "
		                "header, retransmission_of, any_of, not");
	if ((x = vet__get(m, "rfc")) && vet__rfc_one(ld, x, &mt->rfc))
		return ld->rc;
	if ((x = vet__get(m, "note")) && vet__str(ld, x, "note", &mt->note))
		return ld->rc;
	if (vet__key(m, "by") && strcmp(subj, "retransmission_of") != 0)
		return vet__err(ld, vet__key(m, "by"), "by: applies to retransmission_of");
	if (load_subject(ld, m, subj, mt))
		return ld->rc;
	if (mt->kind != VET_M_FIELD) {
		if (npred)
			return vet__err(ld, pk, "%s: %s takes no predicate", pk->s, subj);
		if (vet__key(m, "nocase"))
			return vet__err(ld, vet__key(m, "nocase"),
			                "nocase: applies to equals and "
			                "regex");
		return 0;
	}
	if (npred != 1)
		return vet__err(ld, m,
		                "matcher: %s %s needs exactly one of present, absent, "
		                "count, equals, regex, same_as, empty, sdp",
		                subj, mt->field.text);
	return load_pred(ld, m, pk, mt);
}

int vet__matchers(struct vet__ld *ld, const struct vet__node *seq, struct vet_match **out,
                  size_t *n)
{
	struct vet_match *arr;

	if (!seq || seq->kind != VET__N_SEQ)
		return vet__err(ld, seq, "match: expected a list of matchers, got %s",
		                vet__kind_name(seq));
	arr = sip_arena_zalloc(ld->ar, (seq->n ? seq->n : 1) * sizeof *arr);
	if (!arr)
		return vet__nomem(ld);
	for (size_t i = 0; i < seq->n; i++)
		if (load_one(ld, seq->items[i], &arr[i]))
			return ld->rc;
	*out = arr;
	*n = seq->n;
	return 0;
}

/* A capture name: new (gets a slot) or an earlier capture's (same slot). */
static int capture_slot(struct vet__ld *ld, const struct vet__node *k, int *slot)
{
	struct vet_case *c = ld->c;

	if (vet__name(ld, k, "capture") || vet__name_taken(ld, k, "capture"))
		return ld->rc;
	for (size_t i = 0; i < c->ncaptures; i++)
		if (strcmp(c->captures[i], k->s) == 0) {
			*slot = (int)i;
			return 0;
		}
	if (vet__grow(ld, (void **)&c->captures, &ld->capcap, c->ncaptures, sizeof(char *)))
		return SIP_ENOMEM;
	c->captures[c->ncaptures] = k->s;
	*slot = (int)c->ncaptures++;
	return 0;
}

int vet__captures(struct vet__ld *ld, const struct vet__node *map, struct vet_capture **out,
                  size_t *n)
{
	static const char *const keys[] = {"field", "regex", "group", NULL};
	static const char *const req[] = {"field", NULL};
	struct vet_capture *arr;

	if (!map || map->kind != VET__N_MAP || map->n == 0)
		return vet__err(ld, map, "capture: expected a mapping of name: field, got %s",
		                vet__kind_name(map));
	arr = sip_arena_zalloc(ld->ar, map->n * sizeof *arr);
	if (!arr)
		return vet__nomem(ld);
	/* Fields first: a capture cannot be used by the step that makes it. */
	for (size_t i = 0; i < map->n; i++) {
		const struct vet__node *k = map->items[2 * i], *v = map->items[2 * i + 1], *f = v;
		struct vet_capture *cp = &arr[i];
		const char *s;
		cp->loc = k->loc;
		if (v->kind == VET__N_MAP) {
			const struct vet__node *g;
			if (vet__check_map(ld, v, "capture", keys, req))
				return ld->rc;
			f = vet__get(v, "field");
			if ((g = vet__get(v, "regex"))) {
				if (vet__str(ld, g, "regex", &s) ||
				    vet__regex(ld, g, s, 0, &cp->re))
					return ld->rc;
				cp->group = 0;
				if (vet__get(v, "group") &&
				    vet__uint(ld, vet__get(v, "group"), "group", 9, &cp->group))
					return ld->rc;
				if (cp->group > cp->re->re_nsub)
					return vet__err(ld, vet__get(v, "group"),
					                "group: the regex has only %zu groups",
					                (size_t)cp->re->re_nsub);
			} else if (vet__get(v, "group")) {
				return vet__err(ld, vet__key(v, "group"), "group: needs a regex");
			}
		}
		if (vet__str(ld, f, "capture", &s) || vet__field(ld, f, s, f->len, &cp->field))
			return ld->rc;
	}
	for (size_t i = 0; i < map->n; i++)
		if (capture_slot(ld, map->items[2 * i], &arr[i].slot))
			return ld->rc;
	*out = arr;
	*n = map->n;
	return 0;
}

int vet__ignores(struct vet__ld *ld, const struct vet__node *seq, struct vet_ignore **out,
                 size_t *n)
{
	struct vet_ignore *arr;
	size_t cnt = seq && seq->kind == VET__N_SEQ ? seq->n : 1;

	if (!seq || (seq->kind != VET__N_SEQ && seq->kind != VET__N_SCALAR))
		return vet__err(ld, seq,
		                "ignore: expected a list of selectors (100, 1xx, OPTIONS, "
		                "retransmission), got %s",
		                vet__kind_name(seq));
	arr = sip_arena_zalloc(ld->ar, (cnt ? cnt : 1) * sizeof *arr);
	if (!arr)
		return vet__nomem(ld);
	for (size_t i = 0; i < cnt; i++) {
		const struct vet__node *it = seq->kind == VET__N_SEQ ? seq->items[i] : seq;
		if (it->kind == VET__N_SCALAR && it->len == 14 &&
		    memcmp(it->s, "retransmission", 14) == 0) {
			arr[i].kind = VET_IGN_RETRANS;
		} else if (it->kind == VET__N_SCALAR &&
		           vet__status_spec(it->s, it->len, &arr[i].range)) {
			arr[i].kind = VET_IGN_STATUS;
		} else if (it->kind == VET__N_SCALAR && vet__is_method(it->s, it->len)) {
			arr[i].kind = VET_IGN_METHOD;
			arr[i].method = it->s;
		} else {
			return vet__err(ld, it,
			                "ignore: expected a status (100), a class (1xx), "
			                "a method or retransmission");
		}
	}
	*out = arr;
	*n = cnt;
	return 0;
}

/* sipvet: loader helpers: diagnostics, schema checks, typed scalars. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_int.h"
#include "sipref/error.h"

void vet_diag_add(struct vet_diag *d, const struct vet_loc *loc, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n;

	if (!d)
		return;
	d->nerrors++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!d->buf || d->cap == 0 || d->len + 1 >= d->cap)
		return;
	if (loc && loc->line)
		n = snprintf(d->buf + d->len, d->cap - d->len, "%s:%u:%u: %s\n",
		             loc->file ? loc->file : "-", loc->line, loc->col, msg);
	else
		n = snprintf(d->buf + d->len, d->cap - d->len, "%s: %s\n",
		             loc && loc->file ? loc->file : "-", msg);
	if (n < 0)
		return;
	d->len += (size_t)n;
	if (d->len >= d->cap)
		d->len = d->cap - 1;
}

static struct vet_loc loc_at(const struct vet__ld *ld, const struct vet__node *n, size_t off);

int vet__err(struct vet__ld *ld, const struct vet__node *n, const char *fmt, ...)
{
	char msg[480];
	struct vet_loc loc = {ld->file, 0, 0};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n && n == ld->at_node)
		loc = loc_at(ld, n, ld->at_off);
	else if (n)
		loc = n->loc;
	vet_diag_add(ld->d, &loc, "%s", msg);
	if (!ld->rc)
		ld->rc = SIP_EPARSE;
	return SIP_EPARSE;
}

/* Leading spaces of 1-based line `line` of the source. */
static unsigned src_indent(const struct vet__ld *ld, unsigned line)
{
	const char *p = ld->src, *e = ld->src + ld->srclen;
	unsigned ind = 0;

	if (!p)
		return 0;
	for (unsigned l = 1; l < line && p < e; p++)
		if (*p == '\n')
			l++;
	while (p < e && *p == ' ') {
		p++;
		ind++;
	}
	return ind;
}

/* The position of octet `off` of scalar n's value, where it can be
 * computed: literal blocks (|) line by line, single-line scalars when no
 * escape or quote doubling precedes it. Otherwise n's own position. */
static struct vet_loc loc_at(const struct vet__ld *ld, const struct vet__node *n, size_t off)
{
	struct vet_loc loc = n->loc;
	size_t nl = 0, ls = 0;

	if (off > n->len)
		off = n->len;
	for (size_t i = 0; i < off; i++)
		if (n->s[i] == '\n') {
			nl++;
			ls = i + 1;
		}
	if (n->style == 4 /* YAML_LITERAL_SCALAR_STYLE */) {
		loc.line = n->loc.line + 1 + (unsigned)nl;
		loc.col = src_indent(ld, loc.line) + (unsigned)(off - ls) + 1;
	} else if (nl == 0 && n->style == 1 /* plain */) {
		loc.col = n->loc.col + (unsigned)off;
	} else if (nl == 0 && n->style == 2 /* single-quoted */) {
		if (!memchr(n->s, '\'', off))
			loc.col = n->loc.col + 1 + (unsigned)off;
	} else if (nl == 0 && n->style == 3 /* double-quoted */) {
		if (!memchr(n->s, '\\', off) && !memchr(n->s, '"', off))
			loc.col = n->loc.col + 1 + (unsigned)off;
	}
	return loc;
}

int vet__err_at(struct vet__ld *ld, const struct vet__node *n, size_t off, const char *fmt, ...)
{
	char msg[480];
	struct vet_loc loc = loc_at(ld, n, off);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	vet_diag_add(ld->d, &loc, "%s", msg);
	if (!ld->rc)
		ld->rc = SIP_EPARSE;
	return SIP_EPARSE;
}

int vet__nomem(struct vet__ld *ld)
{
	ld->rc = SIP_ENOMEM;
	return SIP_ENOMEM;
}

static int key_is(const struct vet__node *k, const char *key)
{
	size_t kl = strlen(key);
	return k->kind == VET__N_SCALAR && k->len == kl && memcmp(k->s, key, kl) == 0;
}

struct vet__node *vet__key(const struct vet__node *n, const char *key)
{
	if (!n || n->kind != VET__N_MAP)
		return NULL;
	for (size_t i = 0; i < n->n; i++)
		if (key_is(n->items[2 * i], key))
			return n->items[2 * i];
	return NULL;
}

struct vet__node *vet__get(const struct vet__node *n, const char *key)
{
	if (!n || n->kind != VET__N_MAP)
		return NULL;
	for (size_t i = 0; i < n->n; i++)
		if (key_is(n->items[2 * i], key))
			return n->items[2 * i + 1];
	return NULL;
}

static void join_keys(char *out, size_t cap, const char *const *keys)
{
	size_t len = 0;
	out[0] = 0;
	for (size_t i = 0; keys[i] && len + 1 < cap; i++) {
		int w = snprintf(out + len, cap - len, "%s%s", i ? ", " : "", keys[i]);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

int vet__check_map(struct vet__ld *ld, const struct vet__node *n, const char *what,
                   const char *const *keys, const char *const *req)
{
	char list[300];

	if (!n || n->kind != VET__N_MAP)
		return vet__err(ld, n, "%s: expected a mapping, got %s", what, vet__kind_name(n));
	for (size_t i = 0; i < n->n; i++) {
		const struct vet__node *k = n->items[2 * i];
		size_t j;
		if (k->kind != VET__N_SCALAR)
			return vet__err(ld, k, "%s: keys must be strings", what);
		for (j = 0; keys[j]; j++)
			if (key_is(k, keys[j]))
				break;
		if (!keys[j]) {
			join_keys(list, sizeof list, keys);
			return vet__err(ld, k, "%s: unknown key '%.*s' (valid keys: %s)", what,
			                (int)(k->len > 40 ? 40 : k->len), k->s, list);
		}
	}
	for (size_t j = 0; req && req[j]; j++)
		if (!vet__key(n, req[j]))
			return vet__err(ld, n, "%s: missing required key '%s'", what, req[j]);
	return 0;
}

int vet__str(struct vet__ld *ld, const struct vet__node *v, const char *key, const char **out)
{
	if (!v || v->kind != VET__N_SCALAR || (v->plain && v->len == 0))
		return vet__err(ld, v, "%s: expected a string, got %s", key, vet__kind_name(v));
	if (memchr(v->s, 0, v->len))
		return vet__err(ld, v, "%s: NUL characters are not allowed here", key);
	*out = v->s;
	return 0;
}

int vet__uint(struct vet__ld *ld, const struct vet__node *v, const char *key, unsigned max,
              unsigned *out)
{
	unsigned long x = 0;

	if (!v || v->kind != VET__N_SCALAR || !v->plain || v->len == 0 || v->len > 10)
		goto bad;
	for (size_t i = 0; i < v->len; i++) {
		if (v->s[i] < '0' || v->s[i] > '9')
			goto bad;
		x = x * 10 + (unsigned long)(v->s[i] - '0');
	}
	if (x > max)
		return vet__err(ld, v, "%s: %lu is larger than %u", key, x, max);
	*out = (unsigned)x;
	return 0;
bad:
	return vet__err(ld, v, "%s: expected an unsigned integer, got %s", key,
	                v && v->kind == VET__N_SCALAR ? "text" : vet__kind_name(v));
}

int vet__bool(struct vet__ld *ld, const struct vet__node *v, const char *key, int *out)
{
	if (v && v->kind == VET__N_SCALAR && v->plain) {
		if (v->len == 4 && memcmp(v->s, "true", 4) == 0) {
			*out = 1;
			return 0;
		}
		if (v->len == 5 && memcmp(v->s, "false", 5) == 0) {
			*out = 0;
			return 0;
		}
	}
	return vet__err(ld, v, "%s: expected true or false", key);
}

int vet__strlist(struct vet__ld *ld, const struct vet__node *v, const char *key, const char ***out,
                 size_t *n)
{
	const char **arr;

	if (v && v->kind == VET__N_SCALAR) {
		arr = sip_arena_alloc(ld->ar, sizeof *arr);
		if (!arr)
			return vet__nomem(ld);
		if (vet__str(ld, v, key, &arr[0]))
			return SIP_EPARSE;
		*out = arr;
		*n = 1;
		return 0;
	}
	if (!v || v->kind != VET__N_SEQ)
		return vet__err(ld, v, "%s: expected a list of strings, got %s", key,
		                vet__kind_name(v));
	arr = sip_arena_alloc(ld->ar, (v->n ? v->n : 1) * sizeof *arr);
	if (!arr)
		return vet__nomem(ld);
	for (size_t i = 0; i < v->n; i++)
		if (vet__str(ld, v->items[i], key, &arr[i]))
			return SIP_EPARSE;
	*out = arr;
	*n = v->n;
	return 0;
}

char *vet__dup(struct vet__ld *ld, const char *s, size_t len)
{
	char *p = sip_arena_alloc(ld->ar, len + 1);
	if (!p) {
		vet__nomem(ld);
		return NULL;
	}
	if (len)
		memcpy(p, s, len);
	p[len] = 0;
	return p;
}

int vet__grow(struct vet__ld *ld, void **arr, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *na;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 4;
	na = sip_arena_alloc(ld->ar, ncap * size);
	if (!na)
		return vet__nomem(ld);
	if (n)
		memcpy(na, *arr, n * size);
	*arr = na;
	*cap = ncap;
	return 0;
}

static const char *const reserved[] = {"iut",  "transport",      "branch", "tag",     "call_id",
                                       "cseq", "retransmission", "any",    "request", "response",
                                       NULL};

int vet__is_reserved(const char *s, size_t len)
{
	for (size_t i = 0; reserved[i]; i++)
		if (strlen(reserved[i]) == len && memcmp(reserved[i], s, len) == 0)
			return 1;
	return 0;
}

int vet__name(struct vet__ld *ld, const struct vet__node *v, const char *what)
{
	const char *s;

	if (vet__str(ld, v, what, &s))
		return SIP_EPARSE;
	if (v->len == 0 || v->len > 64 || v->s[0] < 'a' || v->s[0] > 'z')
		goto bad;
	for (size_t i = 0; i < v->len; i++) {
		char ch = v->s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
			goto bad;
	}
	if (vet__is_reserved(v->s, v->len))
		return vet__err(ld, v, "%s: '%s' is a reserved word", what, v->s);
	return 0;
bad:
	return vet__err(ld, v, "%s: '%.*s' is not a valid name ([a-z][a-z0-9_]*, at most 64)", what,
	                (int)(v->len > 64 ? 64 : v->len), v->s);
}

int vet__regex(struct vet__ld *ld, const struct vet__node *n, const char *src, int flags,
               regex_t **out)
{
	regex_t *re;
	char why[160];
	int e;

	if (vet__grow(ld, (void **)&ld->c->regexes, &ld->c->capregexes, ld->c->nregexes,
	              sizeof(regex_t *)))
		return SIP_ENOMEM;
	re = sip_arena_zalloc(ld->ar, sizeof *re);
	if (!re)
		return vet__nomem(ld);
	e = regcomp(re, src, REG_EXTENDED | flags);
	if (e) {
		regerror(e, re, why, sizeof why);
		return vet__err(ld, n, "invalid regular expression '%s': %s", src, why);
	}
	ld->c->regexes[ld->c->nregexes++] = re;
	*out = re;
	return 0;
}

int vet__read_file(struct vet__ld *ld, const struct vet__node *n, const char *path, char **out,
                   size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, used = 0;
	int rc = 0;

	if (!f)
		return vet__err(ld, n, "cannot read %s: %s", path, strerror(errno));
	for (;;) {
		size_t r;
		if (used + 1 >= cap) {
			char *nb;
			if (cap >= (size_t)16 << 20) {
				rc = vet__err(ld, n, "%s: larger than 16 MiB", path);
				goto out;
			}
			cap = cap ? cap * 2 : 4096;
			nb = sip_arena_alloc(ld->ar, cap);
			if (!nb) {
				rc = vet__nomem(ld);
				goto out;
			}
			if (used)
				memcpy(nb, buf, used);
			buf = nb;
		}
		r = fread(buf + used, 1, cap - used - 1, f);
		used += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		rc = vet__err(ld, n, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	buf[used] = 0;
	*out = buf;
	*len = used;
out:
	fclose(f);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Durations and timing */

int vet__dur_text(const char *s, size_t len, struct vet_dur *out, const char **end)
{
	const char *p = s, *e = s + len;
	double v = 0, scale = 0.1;
	int digits = 0;

	while (p < e && *p == ' ')
		p++;
	while (p < e && *p >= '0' && *p <= '9' && digits < 9) {
		v = v * 10 + (*p++ - '0');
		digits++;
	}
	if (p < e && *p == '.') {
		p++;
		while (p < e && *p >= '0' && *p <= '9' && digits < 12) {
			v += (*p++ - '0') * scale;
			scale /= 10;
			digits++;
		}
	}
	if (!digits || (p < e && *p >= '0' && *p <= '9'))
		return SIP_EPARSE;
	while (p < e && *p == ' ')
		p++;
	if (e - p >= 2 && p[0] == 'T' && (p[1] == '1' || p[1] == '2' || p[1] == '4')) {
		out->unit = p[1] == '1' ? VET_UNIT_T1 : p[1] == '2' ? VET_UNIT_T2 : VET_UNIT_T4;
		p += 2;
	} else if (e - p >= 2 && p[0] == 'm' && p[1] == 's') {
		out->unit = VET_UNIT_MS;
		p += 2;
	} else if (e - p >= 1 && p[0] == 's') {
		out->unit = VET_UNIT_MS;
		v *= 1000;
		p += 1;
	} else {
		return SIP_EPARSE;
	}
	if (p < e &&
	    ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
		return SIP_EPARSE;
	out->n = v;
	*end = p;
	return 0;
}

int vet__dur(struct vet__ld *ld, const struct vet__node *v, const char *key, struct vet_dur *out)
{
	const char *end;

	if (v && v->kind == VET__N_SCALAR && vet__dur_text(v->s, v->len, out, &end) == 0) {
		while (end < v->s + v->len && *end == ' ')
			end++;
		if (end == v->s + v->len)
			return 0;
	}
	return vet__err(ld, v,
	                "%s: expected a duration: a number and a unit (ms, s, T1, T2, T4), "
	                "e.g. '64 T1' or '500 ms'",
	                key);
}

void vet_timers_default(struct vet_timers *t)
{
	/* RFC 3261 17.1.1.1 (T1), 17.1.2.2 (T2, T4). */
	t->t1_us = 500000;
	t->t2_us = 4000000;
	t->t4_us = 5000000;
}

uint64_t vet_dur_us(const struct vet_dur *d, const struct vet_timers *t)
{
	double base = 1000;
	switch (d->unit) {
	case VET_UNIT_MS:
		break;
	case VET_UNIT_T1:
		base = (double)t->t1_us;
		break;
	case VET_UNIT_T2:
		base = (double)t->t2_us;
		break;
	case VET_UNIT_T4:
		base = (double)t->t4_us;
		break;
	}
	return (uint64_t)(d->n * base + 0.5);
}

int vet_timing_check(const struct vet_timing *t, const struct vet_timers *tm, uint64_t ref_us,
                     uint64_t arrival_us, uint64_t *lo_us, uint64_t *hi_us)
{
	uint64_t lo = 0, hi = UINT64_MAX, el;

	if (t->has_at) {
		uint64_t at = vet_dur_us(&t->at, tm), tol = vet_dur_us(&t->tol, tm);
		lo = at > tol ? at - tol : 0;
		hi = at + tol;
	}
	if (t->has_within) {
		uint64_t w = vet_dur_us(&t->within, tm);
		if (w < hi)
			hi = w;
	}
	if (lo_us)
		*lo_us = lo;
	if (hi_us)
		*hi_us = hi;
	if (arrival_us < ref_us)
		return lo == 0 ? 0 : 1;
	el = arrival_us - ref_us;
	return el >= lo && el <= hi ? 0 : 1;
}

/* ------------------------------------------------------------------ */
/* Names */

static const char *const role_names[] = {"uas",        "uac",   "registrar",
                                         "registrant", "proxy", "redirect"};
static const char *const tp_names[] = {"udp", "tcp", "tls"};
static const char *const action_names[] = {"",         "call",    "cancel",   "hangup",
                                           "reinvite", "options", "register", "answer"};

static const char *bit_name(const char *const *names, size_t n, unsigned bit)
{
	for (size_t i = 0; i < n; i++)
		if (bit == 1u << i)
			return names[i];
	return NULL;
}

static unsigned name_bit(const char *const *names, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return 1u << i;
	return 0;
}

const char *vet_role_name(unsigned role_bit)
{
	return bit_name(role_names, 6, role_bit);
}

const char *vet_transport_name(unsigned tp_bit)
{
	return bit_name(tp_names, 3, tp_bit);
}

unsigned vet_role_lookup(const char *name, size_t len)
{
	return name_bit(role_names, 6, name, len);
}

unsigned vet_transport_lookup(const char *name, size_t len)
{
	return name_bit(tp_names, 3, name, len);
}

const char *vet_action_name(enum vet_action a)
{
	if ((unsigned)a >= sizeof action_names / sizeof action_names[0] || a == 0)
		return NULL;
	return action_names[a];
}

/* A list of names, each mapped to a bit by lookup (0: unknown), none twice:
 * roles and transports of cases and profiles. */
int vet__load_set(struct vet__ld *ld, const struct vet__node *v, const char *key,
                  unsigned (*lookup)(const char *, size_t), const char *valid, unsigned *out)
{
	const char **names;
	size_t n;

	if (vet__strlist(ld, v, key, &names, &n))
		return ld->rc;
	if (n == 0)
		return vet__err(ld, v, "%s: at least one of %s is required", key, valid);
	*out = 0;
	for (size_t i = 0; i < n; i++) {
		const struct vet__node *it = v->kind == VET__N_SEQ ? v->items[i] : v;
		unsigned bit = lookup(it->s, it->len);
		if (!bit)
			return vet__err(ld, it, "%s: unknown value '%.*s' (valid: %s)", key,
			                (int)(it->len > 40 ? 40 : it->len), it->s, valid);
		if (*out & bit)
			return vet__err(ld, it, "%s: '%s' listed twice", key, it->s);
		*out |= bit;
	}
	return 0;
}

/* sipvet: compiling message templates (FORMAT.md "send", "Variables").
 *
 * A template becomes literal parts (escapes and line ends already applied)
 * and typed references, so rendering is a copy plus lookups and every
 * unknown variable is a load-time error. */
#include <stdio.h>
#include <string.h>

#include "load_int.h"
#include "sipref/error.h"

struct tb {
	struct vet__ld *ld;
	struct vet_part *parts;
	size_t n, cap;
	char *lit;       /* literal storage */
	size_t litlen;   /* used */
	size_t litstart; /* start of the literal part being built */
};

static int add_part(struct tb *b, const struct vet_part *p)
{
	if (vet__grow(b->ld, (void **)&b->parts, &b->cap, b->n, sizeof *b->parts))
		return SIP_ENOMEM;
	b->parts[b->n++] = *p;
	return 0;
}

/* Closes the literal being built (if any) as a part. */
static int flush_lit(struct tb *b)
{
	struct vet_part p = {0};
	if (b->litlen == b->litstart)
		return 0;
	p.lit = b->lit + b->litstart;
	p.len = b->litlen - b->litstart;
	b->litstart = b->litlen;
	return add_part(b, &p);
}

static int add_ref(struct tb *b, const struct vet_ref *r)
{
	struct vet_part p = {0};
	if (flush_lit(b))
		return SIP_ENOMEM;
	p.ref = *r;
	return add_part(b, &p);
}

/* ------------------------------------------------------------------ */
/* References */

static const struct {
	const char *name;
	enum vet_epcomp c;
	unsigned char iut, agent;
} epcomps[] = {
        {"host", VET_EP_HOST, 1, 1},       {"port", VET_EP_PORT, 1, 1},
        {"addr", VET_EP_ADDR, 1, 1},       {"user", VET_EP_USER, 1, 1},
        {"domain", VET_EP_DOMAIN, 1, 0},   {"uri", VET_EP_URI, 1, 1},
        {"contact", VET_EP_CONTACT, 0, 1}, {"tag", VET_EP_TAG, 0, 1},
        {"name", VET_EP_NAME, 0, 1},
};

static int ep_comp(struct vet__ld *ld, const struct vet__node *n, const char *whole, const char *c,
                   size_t cl, int iut, int *out)
{
	char list[160];
	size_t ll = 0;

	for (size_t i = 0; i < sizeof epcomps / sizeof epcomps[0]; i++) {
		if (!(iut ? epcomps[i].iut : epcomps[i].agent))
			continue;
		if (strlen(epcomps[i].name) == cl && memcmp(epcomps[i].name, c, cl) == 0) {
			*out = (int)epcomps[i].c;
			return 0;
		}
		ll += (size_t)snprintf(list + ll, sizeof list - ll, "%s%s", ll ? ", " : "",
		                       epcomps[i].name);
	}
	return vet__err(ld, n, "unknown variable ${%s}: after '%s.' write one of %s", whole,
	                iut ? "iut" : "an agent name", list);
}

static size_t known_list(struct vet__ld *ld, char *buf, size_t cap)
{
	const struct vet_case *c = ld->c;
	size_t l = (size_t)snprintf(buf, cap, "iut.*, transport, branch, tag, call_id, cseq");
	for (size_t i = 0; i < c->nagents && l < cap; i++)
		l += (size_t)snprintf(buf + l, cap - l, ", %s.*", c->agents[i].name);
	for (int i = 0; i < ld->cur_step && l < cap; i++)
		if (c->steps[i].name &&
		    (c->steps[i].kind == VET_S_SEND || c->steps[i].kind == VET_S_EXPECT))
			l += (size_t)snprintf(buf + l, cap - l, ", %s.FIELD", c->steps[i].name);
	for (size_t i = 0; i < c->ncaptures && l < cap; i++)
		l += (size_t)snprintf(buf + l, cap - l, ", %s", c->captures[i]);
	return l;
}

static int simple_ref(const char *s, size_t len, enum vet_refkind *k)
{
	static const struct {
		const char *n;
		enum vet_refkind k;
	} t[] = {{"branch", VET_R_BRANCH},
	         {"tag", VET_R_TAG},
	         {"call_id", VET_R_CALL_ID},
	         {"cseq", VET_R_CSEQ}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strlen(t[i].n) == len && memcmp(t[i].n, s, len) == 0) {
			*k = t[i].k;
			return 1;
		}
	return 0;
}

int vet__ref(struct vet__ld *ld, const struct vet__node *n, const char *s, size_t len,
             struct vet_ref *r)
{
	const char *dot = memchr(s, '.', len);
	size_t hl = dot ? (size_t)(dot - s) : len;
	const char *rest = dot ? dot + 1 : NULL;
	size_t rl = dot ? len - hl - 1 : 0;
	char whole[128], known[400];
	struct vet_case *c = ld->c;
	int i;

	memset(r, 0, sizeof *r);
	r->loc = n->loc;
	snprintf(whole, sizeof whole, "%.*s", (int)(len > 100 ? 100 : len), s);
	if (hl == 3 && memcmp(s, "iut", 3) == 0) {
		r->kind = VET_R_IUT;
		if (!dot)
			return vet__err(ld, n,
			                "unknown variable ${iut}: write ${iut.uri}, "
			                "${iut.host}, ...");
		return ep_comp(ld, n, whole, rest, rl, 1, &r->comp);
	}
	if (hl == 9 && memcmp(s, "transport", 9) == 0) {
		r->kind = VET_R_TRANSPORT;
		if (!dot)
			return 0;
		if (rl == 5 && memcmp(rest, "lower", 5) == 0) {
			r->comp = VET_TPC_LOWER;
			return 0;
		}
		return vet__err(ld, n,
		                "unknown variable ${%s}: ${transport} or "
		                "${transport.lower}",
		                whole);
	}
	if (simple_ref(s, hl, &r->kind)) {
		if (dot)
			return vet__err(ld, n, "unknown variable ${%s}: ${%.*s} has no components",
			                whole, (int)hl, s);
		return 0;
	}
	if ((i = vet_case_agent(c, s, hl)) >= 0) {
		r->kind = VET_R_AGENT;
		r->agent = i;
		if (!dot)
			return vet__err(ld, n,
			                "unknown variable ${%s}: write ${%s.uri}, "
			                "${%s.addr}, ...",
			                whole, whole, whole);
		return ep_comp(ld, n, whole, rest, rl, 0, &r->comp);
	}
	for (i = 0; i < (int)c->nsteps; i++) {
		const struct vet_step *st = &c->steps[i];
		if (!st->name || strlen(st->name) != hl || memcmp(st->name, s, hl) != 0)
			continue;
		if (i >= ld->cur_step)
			return vet__err(ld, n, "${%s}: step '%s' does not come before this one",
			                whole, st->name);
		if (st->kind != VET_S_SEND && st->kind != VET_S_EXPECT)
			return vet__err(ld, n, "${%s}: step '%s' has no message", whole, st->name);
		if (!dot)
			return vet__err(ld, n,
			                "${%s}: name a field of the message, e.g. "
			                "${%s.Call-ID}",
			                whole, whole);
		r->kind = VET_R_MSG;
		r->step = i;
		return vet__field(ld, n, rest, rl, &r->field);
	}
	for (i = 0; i < (int)c->ncaptures; i++)
		if (strlen(c->captures[i]) == hl && memcmp(c->captures[i], s, hl) == 0) {
			if (dot)
				return vet__err(ld, n, "${%s}: a captured value has no components",
				                whole);
			r->kind = VET_R_CAPTURE;
			r->slot = i;
			return 0;
		}
	known_list(ld, known, sizeof known);
	return vet__err(ld, n, "unknown variable ${%s} (known here: %s)", whole, known);
}

/* ------------------------------------------------------------------ */
/* Scanning */

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* `${...}` at s[i] (s[i] == '$'). Returns the bytes consumed, or 0 after
 * reporting an error. `npos` positions errors for n (src is n's value). */
static size_t scan_dollar(struct tb *b, const struct vet__node *n, const char *s, size_t len,
                          size_t i, size_t npos)
{
	size_t j;
	struct vet_ref r;

	if (i + 1 < len && s[i + 1] == '$') {
		b->lit[b->litlen++] = '$';
		return 2;
	}
	if (i + 1 >= len || s[i + 1] != '{') {
		vet__err_at(b->ld, n, npos,
		            "lone '$': write $$ for a dollar sign or ${name} for a variable");
		return 0;
	}
	for (j = i + 2; j < len && j - i < 200; j++)
		if (s[j] == '}' || s[j] == '\n' || s[j] == '$' || s[j] == '{')
			break;
	if (j >= len || s[j] != '}') {
		vet__err_at(b->ld, n, npos, "unterminated ${ (expected '}')");
		return 0;
	}
	if (j == i + 2) {
		vet__err_at(b->ld, n, npos, "empty variable ${}");
		return 0;
	}
	b->ld->at_node = n;
	b->ld->at_off = npos;
	if (vet__ref(b->ld, n, s + i + 2, j - i - 2, &r)) {
		b->ld->at_node = NULL;
		return 0;
	}
	b->ld->at_node = NULL;
	if (add_ref(b, &r))
		return 0;
	return j - i + 1;
}

/* Escapes of the bytes form: \r \n \t \\ \0 \xHH \$. */
static size_t scan_escape(struct tb *b, const struct vet__node *n, const char *s, size_t len,
                          size_t i)
{
	int h1, h2;
	if (i + 1 >= len) {
		vet__err_at(b->ld, n, i, "'\\' at the end: write \\\\ for a backslash");
		return 0;
	}
	switch (s[i + 1]) {
	case 'r':
		b->lit[b->litlen++] = '\r';
		return 2;
	case 'n':
		b->lit[b->litlen++] = '\n';
		return 2;
	case 't':
		b->lit[b->litlen++] = '\t';
		return 2;
	case '0':
		b->lit[b->litlen++] = 0;
		return 2;
	case '\\':
	case '$':
		b->lit[b->litlen++] = s[i + 1];
		return 2;
	case 'x':
		if (i + 3 < len && (h1 = hexval(s[i + 2])) >= 0 && (h2 = hexval(s[i + 3])) >= 0) {
			b->lit[b->litlen++] = (char)(h1 * 16 + h2);
			return 4;
		}
		vet__err_at(b->ld, n, i, "\\x needs two hex digits");
		return 0;
	default:
		vet__err_at(b->ld, n, i,
		            "unknown escape '\\%c' (valid: \\r \\n \\t \\\\ \\0 \\xHH \\$)",
		            (unsigned char)s[i + 1] >= 0x20 && (unsigned char)s[i + 1] < 0x7f
		                    ? s[i + 1]
		                    : '?');
		return 0;
	}
}

/* Scans src into b. pos[] maps src offsets back to n's value offsets when
 * src was rewritten (TEXT mode); NULL when src is n's value. */
static int scan(struct tb *b, const struct vet__node *n, const char *s, size_t len,
                enum vet__tplmode mode, const size_t *pos)
{
	for (size_t i = 0; i < len;) {
		size_t used = 1;
		if (s[i] == '$') {
			used = scan_dollar(b, n, s, len, i, pos ? pos[i] : i);
			if (!used)
				return b->ld->rc ? b->ld->rc : SIP_EPARSE;
		} else if (mode == VET__TPL_BYTES && s[i] == '\\') {
			used = scan_escape(b, n, s, len, i);
			if (!used)
				return b->ld->rc ? b->ld->rc : SIP_EPARSE;
		} else if (mode == VET__TPL_BYTES && (s[i] == '\n' || s[i] == '\r')) {
			/* Line breaks of the YAML scalar are layout, not content. */
		} else {
			b->lit[b->litlen++] = s[i];
		}
		i += used;
	}
	return flush_lit(b);
}

/* RFC 3261 7: CRLF line ends; 7.5: an empty line ends the header section
 * even without a body. Bare CRs are left alone (a case may want them). */
static char *text_norm(struct vet__ld *ld, const char *s, size_t len, size_t *outlen, size_t **posp)
{
	char *o = sip_arena_alloc(ld->ar, 2 * len + 5);
	size_t *pos = sip_arena_alloc(ld->ar, (2 * len + 5) * sizeof *pos);
	size_t k = 0;
	int blank = 0;

	if (!o || !pos) {
		vet__nomem(ld);
		return NULL;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) {
			pos[k] = i;
			o[k++] = '\r';
		}
		pos[k] = i;
		o[k++] = s[i];
	}
	/* Starting with an empty line means no headers at all. */
	blank = k >= 2 && o[0] == '\r' && o[1] == '\n';
	for (size_t i = 0; !blank && i + 3 < k; i++)
		blank = memcmp(o + i, "\r\n\r\n", 4) == 0;
	if (!blank) {
		if (k < 2 || o[k - 2] != '\r' || o[k - 1] != '\n') {
			pos[k] = len;
			o[k++] = '\r';
			pos[k] = len;
			o[k++] = '\n';
		}
		pos[k] = len;
		o[k++] = '\r';
		pos[k] = len;
		o[k++] = '\n';
	}
	*outlen = k;
	*posp = pos;
	return o;
}

static int ieq(const char *a, const char *lit, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (x != lit[i])
			return 0;
	}
	return 1;
}

/* Length of "auto" value span if line p[0..e) is "Content-Length: auto" (or
 * "l: auto"), with *ao the offset of "auto". 0 otherwise. */
static int clen_line(const char *p, const char *e, size_t *ao)
{
	const char *q = p;
	if (e - q >= 14 && ieq(q, "content-length", 14))
		q += 14;
	else if (e - q >= 1 && (q[0] == 'l' || q[0] == 'L'))
		q += 1;
	else
		return 0;
	while (q < e && (*q == ' ' || *q == '\t'))
		q++;
	if (q >= e || *q != ':')
		return 0;
	q++;
	while (q < e && (*q == ' ' || *q == '\t'))
		q++;
	if (e - q < 4 || !ieq(q, "auto", 4))
		return 0;
	*ao = (size_t)(q - p);
	q += 4;
	while (q < e && (*q == ' ' || *q == '\t'))
		q++;
	if (q < e && *q == '\r')
		q++;
	return q == e;
}

/* Finds "Content-Length: auto" in the header section of literal parts and
 * replaces "auto" by a VET_R_CLEN part (RFC 3261 20.14: the body size is
 * only known once variables are expanded). */
static int find_clen(struct vet__ld *ld, struct vet_tpl *t)
{
	int line_start = 1;

	for (size_t i = 0; i < t->nparts; i++) {
		struct vet_part *p = &t->parts[i];
		const char *s = p->lit, *e;
		if (!s) {
			line_start = 0;
			continue;
		}
		e = s + p->len;
		for (const char *ls = s; ls < e;) {
			const char *nl = memchr(ls, '\n', (size_t)(e - ls));
			size_t ao;
			if (!nl)
				break;
			if (line_start && (nl == ls || (nl == ls + 1 && *ls == '\r')))
				return 0; /* end of the header section */
			if (line_start && clen_line(ls, nl, &ao)) {
				struct vet_part *np;
				size_t off = (size_t)(ls - s) + ao;
				np = sip_arena_alloc(ld->ar, (t->nparts + 2) * sizeof *np);
				if (!np)
					return vet__nomem(ld);
				memcpy(np, t->parts, (i + 1) * sizeof *np);
				np[i].len = off;
				memset(&np[i + 1], 0, sizeof np[i + 1]);
				np[i + 1].ref.kind = VET_R_CLEN;
				np[i + 1].ref.loc = t->loc;
				np[i + 2].lit = s + off + 4;
				np[i + 2].len = p->len - off - 4;
				memset(&np[i + 2].ref, 0, sizeof np[i + 2].ref);
				if (i + 1 < t->nparts)
					memcpy(np + i + 3, t->parts + i + 1,
					       (t->nparts - i - 1) * sizeof *np);
				t->parts = np;
				t->nparts += 2;
				t->has_clen = 1;
				return 0;
			}
			ls = nl + 1;
			line_start = 1;
		}
		line_start = p->len && s[p->len - 1] == '\n';
	}
	return 0;
}

/* Request or response, from the first token (RFC 3261 7.1, 7.2). */
static void classify(struct vet_tpl *t)
{
	const struct vet_part *p = t->nparts ? &t->parts[0] : NULL;
	size_t i = 0;

	t->is_request = 2;
	t->method = SIP_STR_NULL;
	if (!p || !p->lit)
		return;
	while (i < p->len && p->lit[i] != ' ' && p->lit[i] != '\r' && p->lit[i] != '\n')
		i++;
	if (i == p->len && t->nparts > 1)
		return; /* first token continues into a reference */
	if (i >= 4 && memcmp(p->lit, "SIP/", 4) == 0) {
		t->is_request = 0;
		return;
	}
	t->is_request = 1;
	t->method = sip_str_make(p->lit, i);
}

int vet__tpl(struct vet__ld *ld, const struct vet__node *n, const char *src, size_t len,
             enum vet__tplmode mode, struct vet_tpl *t)
{
	struct tb b = {ld, NULL, 0, 0, NULL, 0, 0};
	const char *s = src;
	size_t sl = len, *pos = NULL;
	int rc;

	memset(t, 0, sizeof *t);
	t->loc = n ? n->loc : (struct vet_loc){ld->file, 0, 0};
	if (mode == VET__TPL_TEXT) {
		s = text_norm(ld, src, len, &sl, &pos);
		if (!s)
			return SIP_ENOMEM;
	}
	b.lit = sip_arena_alloc(ld->ar, sl + 1);
	if (!b.lit)
		return vet__nomem(ld);
	if (mode == VET__TPL_VERBATIM) {
		memcpy(b.lit, s, sl);
		b.litlen = sl;
		rc = flush_lit(&b);
	} else {
		rc = scan(&b, n, s, sl, mode, pos);
	}
	if (rc)
		return rc;
	t->parts = b.parts;
	t->nparts = b.n;
	if ((mode == VET__TPL_TEXT || mode == VET__TPL_BYTES) && find_clen(ld, t))
		return ld->rc;
	classify(t);
	return 0;
}

int vet__tpl_replace(struct vet__ld *ld, const struct vet__node *map, struct vet_tpl *t)
{
	struct tb b = {ld, NULL, 0, 0, NULL, 0, 0};
	const char *s = t->nparts ? t->parts[0].lit : "";
	size_t len = t->nparts ? t->parts[0].len : 0;
	unsigned char *used;
	struct vet_tpl *vals;

	if (!map || map->kind != VET__N_MAP)
		return vet__err(ld, map,
		                "replace: expected a mapping of literal text to "
		                "template, got %s",
		                vet__kind_name(map));
	used = sip_arena_zalloc(ld->ar, map->n + 1);
	vals = sip_arena_zalloc(ld->ar, (map->n + 1) * sizeof *vals);
	if (!used || !vals)
		return vet__nomem(ld);
	for (size_t k = 0; k < map->n; k++) {
		const struct vet__node *key = map->items[2 * k], *v = map->items[2 * k + 1];
		const char *tmp;
		if (key->kind != VET__N_SCALAR || key->len == 0)
			return vet__err(ld, key, "replace: keys must be non-empty strings");
		if (vet__str(ld, v, "replace", &tmp) ||
		    vet__tpl(ld, v, v->s, v->len, VET__TPL_PLAIN, &vals[k]))
			return ld->rc;
	}
	b.lit = sip_arena_alloc(ld->ar, len + 1);
	if (!b.lit)
		return vet__nomem(ld);
	for (size_t i = 0; i < len;) {
		size_t k;
		for (k = 0; k < map->n; k++) {
			const struct vet__node *key = map->items[2 * k];
			if (key->len <= len - i && memcmp(s + i, key->s, key->len) == 0)
				break;
		}
		if (k == map->n) {
			b.lit[b.litlen++] = s[i++];
			continue;
		}
		if (flush_lit(&b))
			return SIP_ENOMEM;
		for (size_t j = 0; j < vals[k].nparts; j++)
			if (add_part(&b, &vals[k].parts[j]))
				return SIP_ENOMEM;
		used[k] = 1;
		i += map->items[2 * k]->len;
	}
	if (flush_lit(&b))
		return SIP_ENOMEM;
	for (size_t k = 0; k < map->n; k++)
		if (!used[k])
			return vet__err(
			        ld, map->items[2 * k],
			        "replace: '%.*s' does not occur in the message",
			        (int)(map->items[2 * k]->len > 60 ? 60 : map->items[2 * k]->len),
			        map->items[2 * k]->s);
	t->parts = b.parts;
	t->nparts = b.n;
	classify(t);
	return 0;
}

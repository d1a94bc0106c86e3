/* sipvet: loading target profiles (cases/PROFILE.md). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "load_int.h"
#include "profile.h"
#include "sipref/error.h"

const char *const vet_profile_placeholders[] = {
        "to",       "expires",  "contact",  "status",     "iut.host",  "iut.port",
        "iut.addr", "iut.uri",  "iut.user", "iut.domain", "transport", "transport.lower",
        "user",     "password", "case",     NULL};

static const char *const top_keys[] = {"name",       "roles",   "transports", "domain",
                                       "user",       "users",   "timers",     "triggers",
                                       "downstream", "waivers", NULL};
static const char *const top_req[] = {"roles", NULL};

static int known_placeholder(const char *s, size_t len)
{
	for (size_t i = 0; vet_profile_placeholders[i]; i++)
		if (strlen(vet_profile_placeholders[i]) == len &&
		    memcmp(vet_profile_placeholders[i], s, len) == 0)
			return 1;
	return 0;
}

/* ${name} placeholders must be known; $$ is a dollar. */
static int check_command(struct vet__ld *ld, const struct vet__node *v)
{
	const char *s = v->s;
	for (size_t i = 0; i < v->len; i++) {
		size_t j;
		if (s[i] != '$')
			continue;
		if (i + 1 < v->len && s[i + 1] == '$') {
			i++;
			continue;
		}
		if (i + 1 >= v->len || s[i + 1] != '{')
			return vet__err_at(ld, v, i,
			                   "lone '$': write $$ for a dollar sign or "
			                   "${name} for a placeholder");
		for (j = i + 2; j < v->len && s[j] != '}' && j - i < 64; j++)
			;
		if (j >= v->len || s[j] != '}')
			return vet__err_at(ld, v, i, "unterminated ${ (expected '}')");
		if (!known_placeholder(s + i + 2, j - i - 2))
			return vet__err_at(ld, v, i,
			                   "unknown placeholder ${%.*s} (known: to, expires, "
			                   "contact, status, iut.host, iut.port, iut.addr, "
			                   "iut.uri, iut.user, iut.domain, transport, "
			                   "transport.lower, user, password, case)",
			                   (int)(j - i - 2), s + i + 2);
		i = j;
	}
	return 0;
}

static int load_users(struct vet__ld *ld, struct vet_profile *p, const struct vet__node *v)
{
	static const char *const keys[] = {"user", "password", NULL};
	static const char *const req[] = {"user", NULL};

	if (!v || v->kind != VET__N_SEQ)
		return vet__err(ld, v, "users: expected a list of {user: U, password: P}, got %s",
		                vet__kind_name(v));
	p->users = sip_arena_zalloc(ld->ar, (v->n + 1) * sizeof *p->users);
	if (!p->users)
		return vet__nomem(ld);
	for (size_t i = 0; i < v->n; i++) {
		const struct vet__node *u = v->items[i], *pw;
		if (vet__check_map(ld, u, "users entry", keys, req) ||
		    vet__str(ld, vet__get(u, "user"), "user", &p->users[i].user))
			return ld->rc;
		if ((pw = vet__get(u, "password")) &&
		    vet__str(ld, pw, "password", &p->users[i].password))
			return ld->rc;
		p->users[i].loc = u->loc;
	}
	p->nusers = v->n;
	return 0;
}

static int load_timers(struct vet__ld *ld, struct vet_profile *p, const struct vet__node *v)
{
	static const char *const keys[] = {"T1", "T2", "T4", NULL};
	static const char *const names[] = {"T1", "T2", "T4"};
	uint64_t *dst[] = {&p->timers.t1_us, &p->timers.t2_us, &p->timers.t4_us};

	if (vet__check_map(ld, v, "timers", keys, NULL))
		return ld->rc;
	for (int i = 0; i < 3; i++) {
		const struct vet__node *t = vet__get(v, names[i]);
		struct vet_dur d;
		if (!t)
			continue;
		if (vet__dur(ld, t, names[i], &d))
			return ld->rc;
		if (d.unit != VET_UNIT_MS)
			return vet__err(ld, t, "%s: give it in ms or s", names[i]);
		if (d.n <= 0 || d.n > 600000)
			return vet__err(ld, t, "%s: expected more than 0 and at most 600 s",
			                names[i]);
		*dst[i] = (uint64_t)(d.n * 1000 + 0.5);
	}
	/* RFC 3261 17.1.2.2: T2 caps the non-INVITE retransmission interval,
	 * so it cannot be below T1. */
	if (p->timers.t2_us < p->timers.t1_us)
		return vet__err(ld, v, "timers: T2 must not be smaller than T1");
	return 0;
}

static int load_triggers(struct vet__ld *ld, struct vet_profile *p, const struct vet__node *v)
{
	static const char *const keys[] = {"call",    "cancel",   "hangup", "reinvite",
	                                   "options", "register", "answer", NULL};

	if (vet__check_map(ld, v, "triggers", keys, NULL))
		return ld->rc;
	for (size_t i = 0; i < v->n; i++) {
		const struct vet__node *k = v->items[2 * i], *c = v->items[2 * i + 1];
		int a;
		for (a = VET_A_CALL; a <= VET_A_ANSWER; a++)
			if (strcmp(vet_action_name((enum vet_action)a), k->s) == 0)
				break;
		if (vet__str(ld, c, k->s, &p->triggers[a]) || check_command(ld, c))
			return ld->rc;
		p->trigger_loc[a] = c->loc;
	}
	return 0;
}

static int load_downstream(struct vet__ld *ld, struct vet_profile *p, const struct vet__node *v)
{
	static const char *const keys[] = {"mode", "host", "port", NULL};
	static const char *const req[] = {"mode", NULL};
	const struct vet__node *m, *h, *pt;
	unsigned port;

	if (vet__check_map(ld, v, "downstream", keys, req))
		return ld->rc;
	m = vet__get(v, "mode");
	h = vet__get(v, "host");
	pt = vet__get(v, "port");
	if (m->kind == VET__N_SCALAR && strcmp(m->s, "direct") == 0)
		p->downstream = VET_DS_DIRECT;
	else if (m->kind == VET__N_SCALAR && strcmp(m->s, "register") == 0)
		p->downstream = VET_DS_REGISTER;
	else if (m->kind == VET__N_SCALAR && strcmp(m->s, "fixed") == 0)
		p->downstream = VET_DS_FIXED;
	else
		return vet__err(ld, m, "mode: expected direct, register or fixed");
	if (p->downstream != VET_DS_FIXED) {
		if (h || pt)
			return vet__err(ld, h ? vet__key(v, "host") : vet__key(v, "port"),
			                "downstream: host and port apply to mode fixed");
		return 0;
	}
	if (!h || !pt)
		return vet__err(ld, v, "downstream: mode fixed needs host and port");
	if (vet__str(ld, h, "host", &p->ds_host) || vet__uint(ld, pt, "port", 65535, &port))
		return ld->rc;
	if (port == 0)
		return vet__err(ld, pt, "port: must not be 0");
	p->ds_port = (uint16_t)port;
	return 0;
}

static int load_waivers(struct vet__ld *ld, struct vet_profile *p, const struct vet__node *v)
{
	static const char *const keys[] = {"case", "reason", NULL};
	static const char *const req[] = {"case", "reason", NULL};

	if (!v || v->kind != VET__N_SEQ)
		return vet__err(ld, v,
		                "waivers: expected a list of {case: ID, reason: WHY}, got %s",
		                vet__kind_name(v));
	p->waivers = sip_arena_zalloc(ld->ar, (v->n + 1) * sizeof *p->waivers);
	if (!p->waivers)
		return vet__nomem(ld);
	for (size_t i = 0; i < v->n; i++) {
		const struct vet__node *w = v->items[i];
		struct vet_waiver *wv = &p->waivers[i];
		if (vet__check_map(ld, w, "waiver", keys, req) ||
		    vet__str(ld, vet__get(w, "case"), "case", &wv->case_id) ||
		    vet__str(ld, vet__get(w, "reason"), "reason", &wv->reason))
			return ld->rc;
		if (wv->reason[0] == 0)
			return vet__err(ld, vet__get(w, "reason"), "reason: must say why");
		wv->loc = w->loc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->waivers[j].case_id, wv->case_id) == 0)
				return vet__err(ld, vet__get(w, "case"),
				                "waivers: '%s' already waived at line %u",
				                wv->case_id, p->waivers[j].loc.line);
	}
	p->nwaivers = v->n;
	return 0;
}

static int load_top(struct vet__ld *ld, struct vet_profile *p, const struct vet__node *root)
{
	const struct vet__node *v;

	if (!root)
		return vet__err(ld, NULL, "empty profile: at least 'roles' is required");
	if (vet__check_map(ld, root, "profile", top_keys, top_req))
		return ld->rc;
	if ((v = vet__get(root, "name")) && vet__str(ld, v, "name", &p->name))
		return ld->rc;
	if (vet__load_set(ld, vet__get(root, "roles"), "roles", vet_role_lookup,
	                  "uas, uac, registrar, registrant, proxy, redirect", &p->roles))
		return ld->rc;
	if ((v = vet__get(root, "transports")) &&
	    vet__load_set(ld, v, "transports", vet_transport_lookup, "udp, tcp, tls",
	                  &p->transports))
		return ld->rc;
	if ((v = vet__get(root, "domain")) && vet__str(ld, v, "domain", &p->domain))
		return ld->rc;
	if ((v = vet__get(root, "user")) && vet__str(ld, v, "user", &p->iut_user))
		return ld->rc;
	if ((v = vet__get(root, "users")) && load_users(ld, p, v))
		return ld->rc;
	if ((v = vet__get(root, "timers")) && load_timers(ld, p, v))
		return ld->rc;
	if ((v = vet__get(root, "triggers")) && load_triggers(ld, p, v))
		return ld->rc;
	if ((v = vet__get(root, "downstream")) && load_downstream(ld, p, v))
		return ld->rc;
	if ((v = vet__get(root, "waivers")) && load_waivers(ld, p, v))
		return ld->rc;
	return 0;
}

void vet_profile_free(struct vet_profile *p)
{
	struct sip_arena ar;
	if (!p)
		return;
	ar = p->arena;
	sip_arena_fini(&ar);
}

int vet_profile_load_mem(const char *file, const void *buf, size_t len,
                         const struct sip_allocator *a, struct vet_profile **out,
                         struct vet_diag *d)
{
	static const struct vet_load_opts opts = {0};
	struct sip_arena ar;
	struct vet_profile *p;
	struct vet__node *root;
	struct vet__ld ld = {0};
	int rc;

	*out = NULL;
	a = a ? a : sip_allocator_default();
	file = file ? file : "-";
	sip_arena_init(&ar, a, 4096);
	p = sip_arena_zalloc(&ar, sizeof *p);
	if (!p) {
		rc = SIP_ENOMEM;
		goto out;
	}
	vet_timers_default(&p->timers);
	ld.ar = &ar;
	ld.d = d;
	ld.o = &opts;
	ld.cur_step = -1;
	ld.src = buf;
	ld.srclen = len;
	ld.file = p->file = vet__dup(&ld, file, strlen(file));
	if (!ld.file) {
		rc = SIP_ENOMEM;
		goto out;
	}
	/* The tree lives as long as the case: the model points into its
	 * scalars. */
	rc = vet__yaml_load(&ar, ld.file, buf, len, &root, d);
	if (rc == 0 && load_top(&ld, p, root))
		rc = ld.rc;
out:
	if (rc) {
		sip_arena_fini(&ar);
		return rc;
	}
	p->arena = ar;
	*out = p;
	return 0;
}

int vet_profile_load_file(const char *path, const struct sip_allocator *a, struct vet_profile **out,
                          struct vet_diag *d)
{
	struct vet_loc loc = {path, 0, 0};
	char buf[65536];
	size_t len;
	FILE *f;
	int rc;

	*out = NULL;
	f = fopen(path, "rb");
	if (!f) {
		vet_diag_add(d, &loc, "cannot read: %s", strerror(errno));
		return SIP_EPARSE;
	}
	len = fread(buf, 1, sizeof buf, f);
	if (ferror(f)) {
		vet_diag_add(d, &loc, "cannot read: %s", strerror(errno));
		fclose(f);
		return SIP_EPARSE;
	}
	if (len == sizeof buf) {
		vet_diag_add(d, &loc, "larger than %zu bytes: not a profile", sizeof buf - 1);
		fclose(f);
		return SIP_EPARSE;
	}
	fclose(f);
	rc = vet_profile_load_mem(path, buf, len, a, out, d);
	return rc;
}

const struct vet_waiver *vet_profile_waiver(const struct vet_profile *p, const char *case_id)
{
	for (size_t i = 0; p && i < p->nwaivers; i++)
		if (strcmp(p->waivers[i].case_id, case_id) == 0)
			return &p->waivers[i];
	return NULL;
}

unsigned vet_profile_check_waivers(const struct vet_profile *p, const struct vet_caseset *set,
                                   struct vet_diag *d)
{
	unsigned bad = 0;
	for (size_t i = 0; i < p->nwaivers; i++) {
		size_t k;
		for (k = 0; k < set->n; k++)
			if (strcmp(set->cases[k]->id, p->waivers[i].case_id) == 0)
				break;
		if (k == set->n) {
			vet_diag_add(d, &p->waivers[i].loc, "waiver for unknown case '%s'",
			             p->waivers[i].case_id);
			bad++;
		}
	}
	return bad;
}

/* POSIX sh: inside single quotes nothing is special; a quote itself is
 * written '\'' . */
static void shell_quote(struct sip_buf *out, struct sip_str v)
{
	sip_buf_putc(out, '\'');
	for (size_t i = 0; i < v.len; i++) {
		if (v.p[i] == '\'')
			sip_buf_puts(out, "'\\''");
		else
			sip_buf_putc(out, v.p[i]);
	}
	sip_buf_putc(out, '\'');
}

int vet_profile_expand(const struct vet_profile *p, enum vet_action a, const struct vet_kv *kv,
                       size_t n, struct sip_buf *out)
{
	const char *s;

	if ((unsigned)a > VET_A_ANSWER || !(s = p->triggers[a]))
		return SIP_ENOENT;
	while (*s) {
		const char *e;
		size_t k;
		if (s[0] == '$' && s[1] == '$') {
			sip_buf_putc(out, '$');
			s += 2;
			continue;
		}
		if (s[0] != '$' || s[1] != '{' || !(e = strchr(s + 2, '}'))) {
			sip_buf_putc(out, *s++);
			continue;
		}
		for (k = 0; k < n; k++)
			if (strlen(kv[k].key) == (size_t)(e - s - 2) &&
			    memcmp(kv[k].key, s + 2, (size_t)(e - s - 2)) == 0)
				break;
		shell_quote(out, k < n ? kv[k].val : SIP_STR(""));
		s = e + 1;
	}
	return 0;
}

/* sipvet: loading one case file (FORMAT.md "Top-level keys"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etsi.h"
#include "load_int.h"
#include "sipref/error.h"

static const char *const top_keys[] = {"id",      "title",      "description", "rfc",    "etsi",
                                       "roles",   "transports", "tags",        "agents", "ignore",
                                       "timeout", "steps",      NULL};
static const char *const top_req[] = {"id",         "title",  "rfc",   "roles",
                                      "transports", "agents", "steps", NULL};

int vet_etsi_known(const char *id, size_t len)
{
	for (size_t i = 0; vet__etsi_ids[i]; i++)
		if (strlen(vet__etsi_ids[i]) == len && memcmp(vet__etsi_ids[i], id, len) == 0)
			return 1;
	return 0;
}

size_t vet_etsi_count(void)
{
	size_t n = 0;
	while (vet__etsi_ids[n])
		n++;
	return n;
}

int vet_case_agent(const struct vet_case *c, const char *name, size_t len)
{
	for (size_t i = 0; i < c->nagents; i++)
		if (strlen(c->agents[i].name) == len && memcmp(c->agents[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

int vet_case_step(const struct vet_case *c, const char *name, size_t len)
{
	for (size_t i = 0; i < c->nsteps; i++)
		if (c->steps[i].name && strlen(c->steps[i].name) == len &&
		    memcmp(c->steps[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static int check_id(struct vet__ld *ld, const struct vet__node *v)
{
	const char *s;
	if (vet__str(ld, v, "id", &s))
		return SIP_EPARSE;
	if (v->len == 0 || v->len > 128)
		goto bad;
	for (size_t i = 0; i < v->len; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
			goto bad;
	}
	ld->c->id = s;
	return 0;
bad:
	return vet__err(ld, v, "id: expected [A-Za-z0-9._-]+ (at most 128), got '%.*s'",
	                (int)(v->len > 60 ? 60 : v->len), v->s);
}

/* "RFC 3261 8.2.2.1", "RFC 4475", "3261 8.2.2.1", or a bare section
 * "8.2.2.1" (RFC 3261) -> "RFC NNNN[ SECTION]". A section is digits and
 * dots, or an appendix letter followed by them ("A", "B.2"). */
static int norm_rfc(struct vet__ld *ld, const struct vet__node *v, const char **out)
{
	const char *s = v->s, *e = v->s + v->len, *num = "3261", *sec, *sp;
	size_t numlen = 4, seclen;
	int prefix = 0;
	char buf[96];

	if (e - s >= 4 && memcmp(s, "RFC ", 4) == 0) {
		prefix = 1;
		s += 4;
		while (s < e && *s == ' ')
			s++;
	}
	sp = memchr(s, ' ', (size_t)(e - s));
	if (prefix || sp) {
		num = s;
		numlen = (size_t)((sp ? sp : e) - s);
		if (numlen == 0 || numlen > 5)
			goto bad;
		for (size_t i = 0; i < numlen; i++)
			if (num[i] < '0' || num[i] > '9')
				goto bad;
		s = sp ? sp : e;
		while (s < e && *s == ' ')
			s++;
	}
	sec = s;
	seclen = (size_t)(e - s);
	if (seclen > 40 || (!prefix && seclen == 0))
		goto bad;
	for (size_t i = 0; i < seclen; i++) {
		char ch = sec[i];
		int ok = (ch >= '0' && ch <= '9') || (ch == '.' && i > 0 && sec[i - 1] != '.') ||
		         (i == 0 && ch >= 'A' && ch <= 'Z');
		if (!ok)
			goto bad;
	}
	if (seclen && sec[seclen - 1] == '.')
		goto bad;
	snprintf(buf, sizeof buf, "RFC %.*s%s%.*s", (int)numlen, num, seclen ? " " : "",
	         (int)seclen, sec);
	*out = vet__dup(ld, buf, strlen(buf));
	return *out ? 0 : SIP_ENOMEM;
bad:
	return vet__err(ld, v,
	                "rfc: expected a reference such as 'RFC 3261 17.1.1.2' or "
	                "'8.2.2.1', got '%.*s'",
	                (int)(v->len > 60 ? 60 : v->len), v->s);
}

/* Shared by every `rfc:` key (top level, steps, matchers). */
int vet__rfc_one(struct vet__ld *ld, const struct vet__node *v, const char **out)
{
	const char *s;
	if (vet__str(ld, v, "rfc", &s))
		return SIP_EPARSE;
	if (v->len == 0)
		return vet__err(ld, v, "rfc: empty reference");
	return norm_rfc(ld, v, out);
}

static int load_rfc(struct vet__ld *ld, const struct vet__node *v)
{
	struct vet_case *c = ld->c;
	if (vet__strlist(ld, v, "rfc", &c->rfc, &c->nrfc))
		return ld->rc;
	if (c->nrfc == 0)
		return vet__err(ld, v, "rfc: at least one reference is required");
	for (size_t i = 0; i < c->nrfc; i++) {
		const struct vet__node *it = v->kind == VET__N_SEQ ? v->items[i] : v;
		if (norm_rfc(ld, it, &c->rfc[i]))
			return ld->rc;
	}
	return 0;
}

static int load_etsi(struct vet__ld *ld, const struct vet__node *v)
{
	struct vet_case *c = ld->c;
	if (vet__strlist(ld, v, "etsi", &c->etsi, &c->netsi))
		return ld->rc;
	for (size_t i = 0; i < c->netsi; i++) {
		const struct vet__node *it = v->kind == VET__N_SEQ ? v->items[i] : v;
		if (vet_etsi_count() && !vet_etsi_known(it->s, it->len))
			return vet__err(ld, it,
			                "etsi: '%.*s' is not a test purpose of ETSI TS 102 027-2",
			                (int)(it->len > 60 ? 60 : it->len), it->s);
		for (size_t j = 0; j < i; j++)
			if (strcmp(c->etsi[j], c->etsi[i]) == 0)
				return vet__err(ld, it, "etsi: '%s' listed twice", c->etsi[i]);
	}
	return 0;
}

/* One namespace for agents, steps and captures (FORMAT.md). */
int vet__name_taken(struct vet__ld *ld, const struct vet__node *v, const char *what)
{
	struct vet_case *c = ld->c;
	if (vet_case_agent(c, v->s, v->len) >= 0)
		return vet__err(ld, v, "%s: '%s' is already the name of an agent", what, v->s);
	if (vet_case_step(c, v->s, v->len) >= 0)
		return vet__err(ld, v, "%s: '%s' is already the name of a step", what, v->s);
	return 0;
}

static int load_agents(struct vet__ld *ld, const struct vet__node *v)
{
	static const char *const keys[] = {"name", "user", NULL};
	static const char *const req[] = {"name", NULL};
	struct vet_case *c = ld->c;

	if (!v || v->kind != VET__N_SEQ || v->n == 0)
		return vet__err(ld, v,
		                "agents: expected a non-empty list of agents (a name, or "
		                "{name: N, user: U}), got %s",
		                vet__kind_name(v));
	c->agents = sip_arena_zalloc(ld->ar, v->n * sizeof *c->agents);
	if (!c->agents)
		return vet__nomem(ld);
	for (size_t i = 0; i < v->n; i++) {
		const struct vet__node *a = v->items[i], *nm = a, *u = NULL;
		struct vet_agent *ag = &c->agents[i];
		if (a->kind == VET__N_MAP) {
			if (vet__check_map(ld, a, "agent", keys, req))
				return ld->rc;
			nm = vet__get(a, "name");
			u = vet__get(a, "user");
		}
		if (vet__name(ld, nm, "agent name") || vet__name_taken(ld, nm, "agent name"))
			return ld->rc;
		ag->name = nm->s;
		ag->user = nm->s;
		ag->loc = a->loc;
		if (u && vet__str(ld, u, "user", &ag->user))
			return ld->rc;
		c->nagents++;
	}
	return 0;
}

static int load_top(struct vet__ld *ld, const struct vet__node *root)
{
	struct vet_case *c = ld->c;
	const struct vet__node *v;

	if (!root)
		return vet__err(ld, NULL, "empty file: a case needs at least %s",
		                "id, title, rfc, roles, transports, agents, steps");
	if (vet__check_map(ld, root, "case", top_keys, top_req))
		return ld->rc;
	c->loc = root->loc;
	if (check_id(ld, vet__get(root, "id")) ||
	    vet__str(ld, vet__get(root, "title"), "title", &c->title))
		return ld->rc;
	if ((v = vet__get(root, "description")) && vet__str(ld, v, "description", &c->description))
		return ld->rc;
	if (load_rfc(ld, vet__get(root, "rfc")))
		return ld->rc;
	if ((v = vet__get(root, "etsi")) && load_etsi(ld, v))
		return ld->rc;
	if (vet__load_set(ld, vet__get(root, "roles"), "roles", vet_role_lookup,
	                  "uas, uac, registrar, registrant, proxy, redirect", &c->roles) ||
	    vet__load_set(ld, vet__get(root, "transports"), "transports", vet_transport_lookup,
	                  "udp, tcp, tls", &c->transports))
		return ld->rc;
	if ((v = vet__get(root, "tags")) && vet__strlist(ld, v, "tags", &c->tags, &c->ntags))
		return ld->rc;
	c->timeout.n = 64; /* RFC 3261 17.1.1.2: Timer B, the longest a transaction waits */
	c->timeout.unit = VET_UNIT_T1;
	if ((v = vet__get(root, "timeout")) && vet__dur(ld, v, "timeout", &c->timeout))
		return ld->rc;
	if ((v = vet__get(root, "ignore")) && vet__ignores(ld, v, &c->ignore, &c->nignore))
		return ld->rc;
	if (load_agents(ld, vet__get(root, "agents")))
		return ld->rc;
	return vet__steps(ld, vet__get(root, "steps"));
}

static char *dirname_of(struct vet__ld *ld, const char *file)
{
	const char *slash = strrchr(file, '/');
	if (!slash)
		return vet__dup(ld, ".", 1);
	return vet__dup(ld, file, slash == file ? 1 : (size_t)(slash - file));
}

void vet_case_free(struct vet_case *c)
{
	struct sip_arena ar;
	if (!c)
		return;
	for (size_t i = 0; i < c->nregexes; i++)
		regfree(c->regexes[i]);
	/* The case lives in its own arena: copy the arena out before freeing. */
	ar = c->arena;
	sip_arena_fini(&ar);
}

int vet_case_load_mem(const char *file, const void *buf, size_t len, const struct vet_load_opts *o,
                      struct vet_case **out, struct vet_diag *d)
{
	static const struct vet_load_opts defaults = {0};
	const struct sip_allocator *a;
	struct sip_arena ar;
	struct vet_case *c;
	struct vet__node *root;
	struct vet__ld ld = {0};
	int rc;

	*out = NULL;
	if (!o)
		o = &defaults;
	if (!file)
		file = "-";
	a = o->a ? o->a : sip_allocator_default();
	sip_arena_init(&ar, a, 16384);
	c = sip_arena_zalloc(&ar, sizeof *c);
	if (!c) {
		rc = SIP_ENOMEM;
		goto out;
	}
	c->a = a;
	ld.c = c;
	ld.ar = &ar;
	ld.d = d;
	ld.o = o;
	ld.cur_step = -1;
	ld.src = buf;
	ld.srclen = len;
	ld.file = c->file = vet__dup(&ld, file, strlen(file));
	if (!ld.file) {
		rc = SIP_ENOMEM;
		goto out;
	}
	ld.dir = o->base_dir ? o->base_dir : dirname_of(&ld, file);
	if (!ld.dir) {
		rc = SIP_ENOMEM;
		goto out;
	}
	/* The tree lives as long as the case: the model points into its
	 * scalars. */
	rc = vet__yaml_load(&ar, ld.file, buf, len, &root, d);
	if (rc == 0)
		rc = load_top(&ld, root) ? ld.rc : 0;
	if (rc == 0 && ld.rc)
		rc = ld.rc;
out:
	if (rc) {
		if (c) {
			c->arena = ar;
			vet_case_free(c);
		} else {
			sip_arena_fini(&ar);
		}
		return rc;
	}
	c->arena = ar;
	*out = c;
	return 0;
}

int vet_case_load_file(const char *path, const struct vet_load_opts *o, struct vet_case **out,
                       struct vet_diag *d)
{
	const struct sip_allocator *a = o && o->a ? o->a : sip_allocator_default();
	struct vet_loc loc = {path, 0, 0};
	FILE *f;
	char *buf = NULL;
	size_t cap = 0, len = 0;
	int rc;

	*out = NULL;
	f = fopen(path, "rb");
	if (!f) {
		vet_diag_add(d, &loc, "cannot read: %s", strerror(errno));
		return SIP_EPARSE;
	}
	for (;;) {
		size_t r;
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 8192;
			char *nb;
			if (ncap > (size_t)64 << 20) {
				vet_diag_add(d, &loc, "larger than 64 MiB");
				rc = SIP_EPARSE;
				goto out;
			}
			nb = a->alloc(a->ud, ncap);
			if (!nb) {
				rc = SIP_ENOMEM;
				goto out;
			}
			if (len)
				memcpy(nb, buf, len);
			if (buf)
				a->free(a->ud, buf, cap);
			buf = nb;
			cap = ncap;
		}
		r = fread(buf + len, 1, cap - len, f);
		len += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		vet_diag_add(d, &loc, "cannot read: %s", strerror(errno));
		rc = SIP_EPARSE;
		goto out;
	}
	rc = vet_case_load_mem(path, buf, len, o, out, d);
out:
	if (buf)
		a->free(a->ud, buf, cap);
	fclose(f);
	return rc;
}

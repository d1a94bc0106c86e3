/* sipvet: loading every case of a directory tree, with duplicate ids
 * reported across files. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "case.h"
#include "sipref/error.h"

struct paths {
	char **v;
	size_t n, cap;
	const struct sip_allocator *a;
};

static int paths_add(struct paths *p, const char *s)
{
	size_t len = strlen(s) + 1;
	char *c;
	if (p->n == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 64;
		char **nv = p->a->alloc(p->a->ud, ncap * sizeof *nv);
		if (!nv)
			return SIP_ENOMEM;
		if (p->n)
			memcpy(nv, p->v, p->n * sizeof *nv);
		if (p->v)
			p->a->free(p->a->ud, p->v, p->cap * sizeof *nv);
		p->v = nv;
		p->cap = ncap;
	}
	c = p->a->alloc(p->a->ud, len);
	if (!c)
		return SIP_ENOMEM;
	memcpy(c, s, len);
	p->v[p->n++] = c;
	return 0;
}

static void paths_free(struct paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		p->a->free(p->a->ud, p->v[i], strlen(p->v[i]) + 1);
	if (p->v)
		p->a->free(p->a->ud, p->v, p->cap * sizeof *p->v);
}

static int ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && strcmp(s + a - b, suf) == 0;
}

/* Collects *.yaml below dir; depth bounds symlink loops. */
static int walk(struct paths *p, const char *dir, int depth, struct vet_diag *d)
{
	struct vet_loc loc = {dir, 0, 0};
	DIR *dh;
	struct dirent *e;
	int rc = 0;

	if (depth > 16)
		return 0;
	dh = opendir(dir);
	if (!dh) {
		vet_diag_add(d, &loc, "cannot open directory: %s", strerror(errno));
		return SIP_EPARSE;
	}
	while (rc != SIP_ENOMEM && (e = readdir(dh))) {
		char path[4096];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
			continue;
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			int r = walk(p, path, depth + 1, d);
			if (r)
				rc = r;
		} else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".yaml")) {
			if (paths_add(p, path))
				rc = SIP_ENOMEM;
		}
	}
	closedir(dh);
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int vet_caseset_add(struct vet_caseset *set, struct vet_case *c, struct vet_diag *d)
{
	if (!set->a)
		set->a = sip_allocator_default();
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->cases[i]->id, c->id) == 0) {
			struct vet_loc loc = c->loc;
			vet_diag_add(d, &loc, "duplicate id '%s' (also in %s:%u)", c->id,
			             set->cases[i]->file, set->cases[i]->loc.line);
			vet_case_free(c);
			return SIP_EPARSE;
		}
	if (set->n == set->cap) {
		size_t ncap = set->cap ? set->cap * 2 : 32;
		struct vet_case **nv = set->a->alloc(set->a->ud, ncap * sizeof *nv);
		if (!nv) {
			vet_case_free(c);
			return SIP_ENOMEM;
		}
		if (set->n)
			memcpy(nv, set->cases, set->n * sizeof *nv);
		if (set->cases)
			set->a->free(set->a->ud, set->cases, set->cap * sizeof *nv);
		set->cases = nv;
		set->cap = ncap;
	}
	set->cases[set->n++] = c;
	return 0;
}

void vet_caseset_free(struct vet_caseset *set)
{
	for (size_t i = 0; i < set->n; i++)
		vet_case_free(set->cases[i]);
	if (set->cases)
		set->a->free(set->a->ud, set->cases, set->cap * sizeof *set->cases);
	set->cases = NULL;
	set->n = set->cap = 0;
}

int vet_caseset_load_dir(struct vet_caseset *set, const char *dir, const struct vet_load_opts *o,
                         struct vet_diag *d)
{
	struct paths p = {0};
	int rc, bad = 0;

	if (!set->a)
		set->a = o && o->a ? o->a : sip_allocator_default();
	p.a = set->a;
	rc = walk(&p, dir, 0, d);
	if (rc == SIP_ENOMEM)
		goto out;
	bad = rc != 0;
	if (p.n)
		qsort(p.v, p.n, sizeof *p.v, cmp_path);
	for (size_t i = 0; i < p.n; i++) {
		struct vet_case *c;
		rc = vet_case_load_file(p.v[i], o, &c, d);
		if (rc == 0)
			rc = vet_caseset_add(set, c, d);
		if (rc == SIP_ENOMEM)
			goto out;
		if (rc)
			bad = 1;
	}
	rc = bad ? SIP_EPARSE : 0;
out:
	paths_free(&p);
	return rc;
}

/* sipvet reports: the ETSI TS 102 027-2 test purpose catalogue (609
 * purposes: identifiers, applicability and RFC 3261 references, no purpose
 * text), embedded in the binary from reports/etsi-purposes.json and read
 * with the same strict reader as results.json. */
#include <stdlib.h>
#include <string.h>

#include "jread.h"
#include "reports_impl.h"

void vet__catalogue_free(struct vet_catalogue *cat)
{
	size_t i;
	for (i = 0; cat->p && i < cat->n; i++) {
		struct vet_purpose *p = &cat->p[i];
		free(p->id);
		free(p->area);
		free(p->entity);
		free(p->function);
		free(p->klass);
		free(p->ref);
		free(p->status);
	}
	free(cat->p);
	cat->p = NULL;
	cat->n = 0;
}

static int purpose(struct vet_jr *r, struct vet_purpose *p)
{
	static const char *const keys[] = {"id",    "area",   "entity", "function",
	                                   "klass", "number", "ref",    "status"};
	char key[16];
	const char *at = vet__jr_pos(r);
	uint64_t num;
	int first = 1, rc, k;
	char **dst;
	if (vet__jr_obj_begin(r) < 0)
		return -1;
	while ((rc = vet__jr_obj_next(r, &first, key, sizeof(key), &at)) > 0) {
		for (k = 0; k < 8 && strcmp(keys[k], key); k++)
			;
		dst = k == 0   ? &p->id
		      : k == 1 ? &p->area
		      : k == 2 ? &p->entity
		      : k == 3 ? &p->function
		      : k == 4 ? &p->klass
		      : k == 6 ? &p->ref
		      : k == 7 ? &p->status
		               : NULL;
		if (dst && *dst)
			return vet__jr_fail(r, at, "duplicate key \"%s\"", key);
		if (dst)
			rc = vet__jr_string(r, dst, NULL);
		else if (k == 5 && (rc = vet__jr_uint(r, 999, &num)) == 0)
			p->number = (unsigned)num;
		else if (k == 8)
			rc = vet__jr_skip(r);
		if (rc < 0)
			return -1;
	}
	if (rc < 0)
		return -1;
	if (!p->id || !p->area || !p->entity || !p->function || !p->klass || !p->ref || !p->status)
		return vet__jr_fail(r, at, "purpose without every field");
	return 0;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct vet_purpose *)a)->id, ((const struct vet_purpose *)b)->id);
}

int vet__catalogue_load(struct vet_catalogue *cat, char *err, size_t errlen)
{
	struct vet_jr r;
	char key[16];
	const char *at;
	int first = 1, afirst, rc;
	memset(cat, 0, sizeof(*cat));
	vet__jr_init(&r, (const char *)vet__etsi_json, vet__etsi_json_len, "etsi-purposes.json",
	             err, errlen);
	if (vet__jr_obj_begin(&r) < 0)
		goto out;
	while ((rc = vet__jr_obj_next(&r, &first, key, sizeof(key), &at)) > 0) {
		if (strcmp(key, "purposes")) {
			if (vet__jr_skip(&r) < 0)
				goto out;
			continue;
		}
		if (vet__jr_arr_begin(&r) < 0)
			goto out;
		afirst = 1;
		while ((rc = vet__jr_arr_next(&r, &afirst)) > 0) {
			struct vet_purpose *np =
			        vet__jr_realloc(&r, cat->p, (cat->n + 1) * sizeof(*np));
			if (!np)
				goto out;
			cat->p = np;
			memset(&cat->p[cat->n++], 0, sizeof(*np));
			if (purpose(&r, &cat->p[cat->n - 1]) < 0)
				goto out;
		}
		if (rc < 0)
			goto out;
	}
	if (rc < 0 || vet__jr_finish(&r) < 0)
		goto out;
	if (cat->n)
		qsort(cat->p, cat->n, sizeof(*cat->p), by_id);
	return 0;
out:
	vet__catalogue_free(cat);
	return -1;
}

long vet__catalogue_find(const struct vet_catalogue *cat, const char *id)
{
	struct vet_purpose key = {.id = (char *)id};
	const struct vet_purpose *p;
	if (!id || !cat->n)
		return -1;
	p = bsearch(&key, cat->p, cat->n, sizeof(*cat->p), by_id);
	return p ? (long)(p - cat->p) : -1;
}

/* ETSI TS 102 027-2 clause 5 (test purpose naming): the group and the
 * entity under test of each identifier. */
static const struct {
	const char *code, *name;
} areas[] =
        {
                {"CC", "Call control"},
                {"RG", "Registration"},
                {"QC", "Querying capabilities"},
                {"MG", "Messages (syntax and URIs)"},
},
  entities[] = {
          {"OE", "Originating endpoint"},
          {"TE", "Terminating endpoint"},
          {"PR", "Proxy"},
          {"RR", "Registrar"},
          {"RT", "Registrant"},
          {"RD", "Redirect server"},
};

const char *vet__etsi_area_name(const char *code)
{
	size_t i;
	for (i = 0; i < sizeof(areas) / sizeof(areas[0]); i++)
		if (!strcmp(areas[i].code, code))
			return areas[i].name;
	return code;
}

const char *vet__etsi_entity_name(const char *code)
{
	size_t i;
	for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++)
		if (!strcmp(entities[i].code, code))
			return entities[i].name;
	return code;
}

/* sipvet reports: the orders the reports list things in. */
#include <stdlib.h>
#include <string.h>

#include "reports_impl.h"

static int isdig(char c)
{
	return c >= '0' && c <= '9';
}

int vet__natcmp(const char *a, const char *b)
{
	if (!a || !b)
		return !a ? (b ? -1 : 0) : 1;
	while (*a && *b) {
		if (isdig(*a) && isdig(*b)) {
			const char *ea, *eb;
			size_t na, nb;
			while (*a == '0' && isdig(a[1]))
				a++;
			while (*b == '0' && isdig(b[1]))
				b++;
			for (ea = a; isdig(*ea); ea++)
				;
			for (eb = b; isdig(*eb); eb++)
				;
			na = (size_t)(ea - a);
			nb = (size_t)(eb - b);
			if (na != nb)
				return na < nb ? -1 : 1;
			for (; a < ea; a++, b++)
				if (*a != *b)
					return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

const char *vet__area(const struct vet_case_result *c)
{
	return c->area && c->area[0] ? c->area : "(none)";
}

const char *vet__vclass(const struct vet_case_result *c)
{
	if (c->verdict == VET_FAIL && c->waived)
		return "waived";
	return vet_verdict_name(c->verdict);
}

struct ent {
	size_t i;
	const struct vet_case_result *c;
};

static int by_case(const void *pa, const void *pb)
{
	const struct ent *a = pa, *b = pb;
	int d = vet__natcmp(vet__area(a->c), vet__area(b->c));
	if (!d)
		d = vet__natcmp(a->c->id, b->c->id);
	if (!d)
		d = vet__natcmp(a->c->transport, b->c->transport);
	if (!d)
		d = vet__natcmp(a->c->role, b->c->role);
	if (!d)
		d = a->i < b->i ? -1 : a->i > b->i;
	return d;
}

size_t *vet__case_order(const struct vet_run *run)
{
	size_t n = run->cases ? run->ncases : 0, i;
	struct ent *e = malloc((n ? n : 1) * sizeof(*e));
	size_t *order = malloc((n ? n : 1) * sizeof(*order));
	if (!e || !order) {
		free(e);
		free(order);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		e[i].i = i;
		e[i].c = &run->cases[i];
	}
	qsort(e, n, sizeof(*e), by_case);
	for (i = 0; i < n; i++)
		order[i] = e[i].i;
	free(e);
	return order;
}

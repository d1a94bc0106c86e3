/* sipvet reports: coverage of the ETSI TS 102 027-2 test purpose catalogue
 * in index.html. A purpose is covered when at least one case that lists it
 * passed; "referenced" when cases list it but none passed. Void purposes
 * (withdrawn from the catalogue) count in no denominator. */
#include <stdlib.h>
#include <string.h>

#include "reports_impl.h"

enum { ST_NONE, ST_REF, ST_COV };

/* One (purpose, case) reference; purpose -1 for an id the catalogue does
 * not know. */
struct ref {
	long p;
	size_t c;
	const char *id;
};

struct etsi {
	struct vet_html *h;
	unsigned char *state; /* per purpose */
	struct ref *refs;
	size_t nrefs;
};

static int is_void(const struct vet_purpose *p)
{
	return !strcmp(p->status, "Void");
}

static int by_purpose(const void *pa, const void *pb)
{
	const struct ref *a = pa, *b = pb;
	if (a->p != b->p)
		return a->p < b->p ? -1 : 1;
	if (a->p < 0) {
		int d = strcmp(a->id, b->id);
		if (d)
			return d;
	}
	return a->c < b->c ? -1 : a->c > b->c;
}

static int collect(struct etsi *e)
{
	const struct vet_run *run = e->h->run;
	size_t i, k, cap = 0;
	e->state = calloc(e->h->cat.n ? e->h->cat.n : 1, 1);
	if (!e->state)
		return -1;
	for (i = 0; run->cases && i < run->ncases; i++) {
		const struct vet_case_result *c = &run->cases[i];
		for (k = 0; c->etsi && k < c->netsi; k++) {
			long p;
			if (!c->etsi[k])
				continue;
			p = vet__catalogue_find(&e->h->cat, c->etsi[k]);
			if (e->nrefs == cap) {
				struct ref *nr =
				        realloc(e->refs, (cap = cap ? cap * 2 : 64) * sizeof(*nr));
				if (!nr)
					return -1;
				e->refs = nr;
			}
			e->refs[e->nrefs++] = (struct ref){.p = p, .c = i, .id = c->etsi[k]};
			if (p >= 0 && e->state[p] != ST_COV)
				e->state[p] = c->verdict == VET_PASS ? ST_COV : ST_REF;
		}
	}
	if (e->nrefs) /* qsort(NULL, 0) is undefined */
		qsort(e->refs, e->nrefs, sizeof(*e->refs), by_purpose);
	return 0;
}

static void pct(FILE *f, size_t n, size_t total)
{
	unsigned long long w = total ? (unsigned long long)n * 1000 / total : 0;
	fprintf(f, "<span class=\"pct\">%llu.%llu%%</span>", w / 10, w % 10);
}

static void cov_bar(FILE *f, size_t cov, size_t ref, size_t total)
{
	unsigned long long a = total ? (unsigned long long)cov * 1000 / total : 0;
	unsigned long long b = total ? (unsigned long long)ref * 1000 / total : 0;
	fprintf(f,
	        "<div class=\"bar\"><span class=\"cov\" style=\"width:%llu.%llu%%\"></span>"
	        "<span class=\"ref\" style=\"width:%llu.%llu%%\"></span></div>",
	        a / 10, a % 10, b / 10, b % 10);
}

/* Counts over the purposes matching area (and entity, when not NULL). */
static void row(struct etsi *e, const char *area, const char *entity)
{
	FILE *f = e->h->f;
	size_t i, total = 0, cov = 0, ref = 0;
	for (i = 0; i < e->h->cat.n; i++) {
		const struct vet_purpose *p = &e->h->cat.p[i];
		if (is_void(p) || (area && strcmp(p->area, area)) ||
		    (entity && strcmp(p->entity, entity)))
			continue;
		total++;
		cov += e->state[i] == ST_COV;
		ref += e->state[i] == ST_REF;
	}
	if (!area)
		fputs("<tr class=\"total\"><td>All purposes</td>", f);
	else if (entity)
		fprintf(f, "<tr class=\"sub\"><td>%s <span class=\"muted\">(%s)</span></td>",
		        vet__etsi_entity_name(entity), entity);
	else
		fprintf(f, "<tr><td><b>%s</b> <span class=\"muted\">(%s)</span></td>",
		        vet__etsi_area_name(area), area);
	fprintf(f,
	        "<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
	        "<td class=\"num\">",
	        total, cov, ref);
	pct(f, cov, total);
	fputs("</td><td class=\"barcell\">", f);
	cov_bar(f, cov, ref, total);
	fputs("</td></tr>\n", f);
}

/* Each distinct area, then each of its entities, in catalogue (id) order. */
static void coverage_table(struct etsi *e)
{
	const struct vet_catalogue *cat = &e->h->cat;
	size_t i, j, k;
	fputs("<div class=\"tablewrap\"><table>\n<thead><tr><th>Group / entity under test</th>"
	      "<th class=\"num\">Purposes</th><th class=\"num\">Covered</th>"
	      "<th class=\"num\">Referenced, not passing</th><th class=\"num\">Coverage</th>"
	      "<th></th></tr></thead>\n<tbody>\n",
	      e->h->f);
	for (i = 0; i < cat->n; i++) {
		for (j = 0; j < i && strcmp(cat->p[j].area, cat->p[i].area); j++)
			;
		if (j < i)
			continue;
		row(e, cat->p[i].area, NULL);
		for (j = i; j < cat->n; j++) {
			if (strcmp(cat->p[j].area, cat->p[i].area))
				continue;
			for (k = i; k < j; k++)
				if (!strcmp(cat->p[k].area, cat->p[i].area) &&
				    !strcmp(cat->p[k].entity, cat->p[j].entity))
					break;
			if (k == j)
				row(e, cat->p[i].area, cat->p[j].entity);
		}
	}
	row(e, NULL, NULL);
	fputs("</tbody></table></div>\n", e->h->f);
	fputs("<div class=\"legend\"><span><i style=\"background:#0b4f8a\"></i>covered (a passing "
	      "case)</span><span><i style=\"background:#9ec5e8\"></i>referenced by cases that did "
	      "not pass</span></div>\n",
	      e->h->f);
}

static void purpose_cells(FILE *f, const struct vet_purpose *p)
{
	fprintf(f, "<td class=\"mono\"><span id=\"tp-");
	vet__html_cstr(f, p->id);
	fputs("\"></span>", f);
	vet__html_cstr(f, p->id);
	fputs("</td><td>", f);
	vet__html_cstr(f, vet__etsi_entity_name(p->entity));
	fputs("</td><td>", f);
	vet__html_cstr(f, p->ref);
	fputs("</td><td>", f);
	vet__html_cstr(f, p->status);
	fputs("</td>", f);
}

/* The cases referring to purpose p (refs sorted by purpose), as links,
 * each with its verdict when show_verdict. */
static void case_cell(struct etsi *e, long p, const char *id, int show_verdict)
{
	FILE *f = e->h->f;
	size_t i;
	fputs("<td class=\"links\">", f);
	for (i = 0; i < e->nrefs; i++) {
		const struct ref *r = &e->refs[i];
		const struct vet_case_result *c = &e->h->run->cases[r->c];
		if (r->p != p || (p < 0 && strcmp(r->id, id)))
			continue;
		if (!show_verdict && c->verdict != VET_PASS)
			continue;
		fprintf(f, "<a href=\"#case-%zu\">", r->c);
		if (show_verdict) {
			vet__html_badge(f, c);
			fputc(' ', f);
		}
		vet__html_cstr(f, c->id);
		fputs("</a> ", f);
	}
	fputs("</td>", f);
}

static void purpose_table(struct etsi *e, int want, const char *last)
{
	FILE *f = e->h->f;
	size_t i;
	fprintf(f,
	        "<div class=\"tablewrap\"><table>\n<thead><tr><th>Purpose</th><th>Entity</th>"
	        "<th>Reference</th><th>Status</th><th>%s</th></tr></thead>\n<tbody>\n",
	        last);
	for (i = 0; i < e->h->cat.n; i++) {
		const struct vet_purpose *p = &e->h->cat.p[i];
		if (e->state[i] != want)
			continue;
		fputs("<tr>", f);
		purpose_cells(f, p);
		case_cell(e, (long)i, NULL, want == ST_REF);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
}

static void unknown_ids(struct etsi *e, size_t n)
{
	FILE *f = e->h->f;
	size_t i;
	fprintf(f,
	        "<details class=\"more\"><summary>Identifiers not in the catalogue "
	        "(%zu)</summary>\n"
	        "<p>Cases list these as ETSI test purposes, but TS 102 027-2 has no such "
	        "identifier: probably a typing error in the case file.</p>\n"
	        "<div class=\"tablewrap\"><table>\n<thead><tr><th>Identifier</th><th>Cases</th>"
	        "</tr></thead>\n<tbody>\n",
	        n);
	for (i = 0; i < e->nrefs && e->refs[i].p < 0; i++) {
		if (i && !strcmp(e->refs[i - 1].id, e->refs[i].id))
			continue;
		fputs("<tr><td class=\"mono\">", f);
		vet__html_cstr(f, e->refs[i].id);
		fputs("</td>", f);
		case_cell(e, -1, e->refs[i].id, 1);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div></details>\n", f);
}

static void full_catalogue(struct etsi *e)
{
	FILE *f = e->h->f;
	size_t i;
	fprintf(f,
	        "<details class=\"more\"><summary>The whole catalogue (%zu purposes)</summary>\n"
	        "<div class=\"tablewrap\"><table>\n<thead><tr><th>Purpose</th><th>Entity</th>"
	        "<th>Reference</th><th>Status</th><th>Here</th></tr></thead>\n<tbody>\n",
	        e->h->cat.n);
	for (i = 0; i < e->h->cat.n; i++) {
		const struct vet_purpose *p = &e->h->cat.p[i];
		fputs("<tr><td class=\"mono\">", f);
		vet__html_cstr(f, p->id);
		fputs("</td><td>", f);
		vet__html_cstr(f, vet__etsi_entity_name(p->entity));
		fputs("</td><td>", f);
		vet__html_cstr(f, p->ref);
		fputs("</td><td>", f);
		vet__html_cstr(f, p->status);
		fputs(e->state[i] == ST_COV   ? "</td><td><span class=\"st cov\">covered</span>"
		      : e->state[i] == ST_REF ? "</td><td><span class=\"st ref\">not passing</span>"
		                              : "</td><td><span class=\"st none\">&ndash;</span>",
		      f);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table></div></details>\n", f);
}

int vet__html_etsi(struct vet_html *h)
{
	FILE *f = h->f;
	struct etsi e = {.h = h};
	size_t i, applicable = 0, cov = 0, ref = 0, unknown = 0, ncov = 0, nref = 0;
	int rc = -1;
	if (collect(&e) < 0)
		goto out;
	for (i = 0; i < h->cat.n; i++) {
		/* The listings show void purposes too, the figures do not. */
		ncov += e.state[i] == ST_COV;
		nref += e.state[i] == ST_REF;
		if (is_void(&h->cat.p[i]))
			continue;
		applicable++;
		cov += e.state[i] == ST_COV;
		ref += e.state[i] == ST_REF;
	}
	for (i = 0; i < e.nrefs && e.refs[i].p < 0; i++)
		if (!i || strcmp(e.refs[i - 1].id, e.refs[i].id))
			unknown++;
	fputs("<section id=\"etsi\" class=\"wrap\">\n<h2>ETSI TS 102 027-2 test purposes</h2>\n",
	      f);
	fprintf(f, "<p><b>%zu</b> of the %zu test purposes of the catalogue (", cov, applicable);
	pct(f, cov, applicable);
	fprintf(f,
	        ") have at least one passing case; %zu more are referenced by cases that did "
	        "not pass. <span class=\"muted\">%zu void purposes are left out.</span></p>\n",
	        ref, h->cat.n - applicable);
	coverage_table(&e);
	fprintf(f, "<h3>Covered purposes (%zu)</h3>\n", ncov);
	if (ncov)
		purpose_table(&e, ST_COV, "Passing cases");
	else
		fputs("<p class=\"muted\">None yet.</p>\n", f);
	if (nref) {
		fprintf(f,
		        "<details class=\"more\" open><summary>Referenced, not passing (%zu)"
		        "</summary>\n",
		        nref);
		purpose_table(&e, ST_REF, "Cases");
		fputs("</details>\n", f);
	}
	if (unknown)
		unknown_ids(&e, unknown);
	full_catalogue(&e);
	fputs("</section>\n", f);
	rc = 0;
out:
	free(e.state);
	free(e.refs);
	return rc;
}

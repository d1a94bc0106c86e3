/* sipvet reports: the "by area" and "by RFC section" tables of index.html. */
#include <stdlib.h>
#include <string.h>

#include "reports_impl.h"

struct group {
	const char *name;
	size_t counts[VET_VERDICT__COUNT], waived, total;
	size_t *bad, nbad; /* cases that did not pass (fail, inconclusive, error) */
};

static const enum vet_verdict cols[] = {VET_PASS, VET_FAIL, VET_INCONC, VET_ERROR, VET_SKIP};

static int group_add(struct group *g, const struct vet_case_result *c, size_t idx)
{
	size_t *nb;
	g->total++;
	if ((unsigned)c->verdict < VET_VERDICT__COUNT)
		g->counts[c->verdict]++;
	if (c->verdict == VET_FAIL && c->waived)
		g->waived++;
	if (c->verdict == VET_PASS || c->verdict == VET_SKIP ||
	    (c->verdict == VET_FAIL && c->waived))
		return 0;
	nb = realloc(g->bad, (g->nbad + 1) * sizeof(*nb));
	if (!nb)
		return -1;
	g->bad = nb;
	g->bad[g->nbad++] = idx;
	return 0;
}

static void head(FILE *f, const char *first, int links)
{
	fprintf(f,
	        "<div class=\"tablewrap\"><table>\n<thead><tr><th>%s</th><th "
	        "class=\"num\">Cases</th>"
	        "<th class=\"num\">Pass</th><th class=\"num\">Fail</th><th "
	        "class=\"num\">Inconc.</th>"
	        "<th class=\"num\">Error</th><th class=\"num\">Skipped</th><th>Results</th>%s"
	        "</tr></thead>\n<tbody>\n",
	        first, links ? "<th>Not passing</th>" : "");
}

static void cells(FILE *f, const struct group *g)
{
	size_t i;
	fprintf(f, "<td class=\"num\">%zu</td>", g->total);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		size_t n = g->counts[cols[i]];
		if (!n)
			fputs("<td class=\"num\"><span class=\"z\">&ndash;</span></td>", f);
		else if (cols[i] == VET_FAIL && g->waived)
			fprintf(f,
			        "<td class=\"num c-fail\"><b>%zu</b> <span class=\"muted\">(%zu "
			        "waived)</span></td>",
			        n, g->waived);
		else
			fprintf(f, "<td class=\"num c-%s\"><b>%zu</b></td>",
			        vet_verdict_name(cols[i]), n);
	}
	fputs("<td class=\"barcell\">", f);
	vet__html_bar(f, g->counts, g->waived);
	fputs("</td>", f);
}

static void case_links(struct vet_html *h, const struct group *g)
{
	size_t i;
	fputs("<td class=\"links\">", h->f);
	for (i = 0; i < g->nbad; i++) {
		fprintf(h->f, "<a href=\"#case-%zu\">", g->bad[i]);
		vet__html_cstr(h->f, h->run->cases[g->bad[i]].id);
		fputs("</a>", h->f);
	}
	fputs("</td>", h->f);
}

int vet__html_areas(struct vet_html *h)
{
	FILE *f = h->f;
	size_t n = h->run->cases ? h->run->ncases : 0, i, j, k = 0;
	struct group all = {.name = "Total"};
	fputs("<section id=\"areas\" class=\"wrap\">\n<h2>Results by area</h2>\n", f);
	if (!n) {
		fputs("<p class=\"muted\">No case ran.</p>\n</section>\n", f);
		return 0;
	}
	head(f, "Area", 0);
	for (i = 0; i < n; i = j, k++) {
		struct group g = {.name = vet__area(&h->run->cases[h->order[i]])};
		for (j = i; j < n && !strcmp(vet__area(&h->run->cases[h->order[j]]), g.name); j++) {
			const struct vet_case_result *c = &h->run->cases[h->order[j]];
			g.total++;
			all.total++;
			if ((unsigned)c->verdict < VET_VERDICT__COUNT) {
				g.counts[c->verdict]++;
				all.counts[c->verdict]++;
			}
			if (c->verdict == VET_FAIL && c->waived) {
				g.waived++;
				all.waived++;
			}
		}
		fprintf(f, "<tr><td><a href=\"#area-%zu\">", k);
		vet__html_cstr(f, g.name);
		fputs("</a></td>", f);
		cells(f, &g);
		fputs("</tr>\n", f);
	}
	fputs("<tr class=\"total\"><td>Total</td>", f);
	cells(f, &all);
	fputs("</tr>\n</tbody></table></div>\n</section>\n", f);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return vet__natcmp(((const struct group *)a)->name, ((const struct group *)b)->name);
}

/* The RFC sections the cases cite, each with the verdicts of the cases
 * that cite it (a case citing a section twice counts once). The caller
 * frees *gsp and every group's bad list, also when this fails. */
static int collect_rfc(struct vet_html *h, struct group **gsp, size_t *ngp, struct group *none)
{
	struct group *gs = NULL, *ng;
	size_t ng_n = 0, i, r, r2, g;
	int rc = -1;
	for (i = 0; h->run->cases && i < h->run->ncases; i++) {
		size_t idx = h->order[i];
		const struct vet_case_result *c = &h->run->cases[idx];
		int any = 0;
		for (r = 0; c->rfc && r < c->nrfc; r++) {
			if (!c->rfc[r])
				continue;
			for (r2 = 0; r2 < r; r2++)
				if (c->rfc[r2] && !strcmp(c->rfc[r2], c->rfc[r]))
					break;
			if (r2 < r)
				continue;
			any = 1;
			for (g = 0; g < ng_n && strcmp(gs[g].name, c->rfc[r]); g++)
				;
			if (g == ng_n) {
				ng = realloc(gs, (ng_n + 1) * sizeof(*gs));
				if (!ng)
					goto out;
				gs = ng;
				memset(&gs[ng_n], 0, sizeof(*gs));
				gs[ng_n++].name = c->rfc[r];
			}
			if (group_add(&gs[g], c, idx) < 0)
				goto out;
		}
		if (!any && group_add(none, c, idx) < 0)
			goto out;
	}
	if (ng_n) /* qsort(NULL, 0) is undefined */
		qsort(gs, ng_n, sizeof(*gs), by_name);
	rc = 0;
out:
	*gsp = gs;
	*ngp = ng_n;
	return rc;
}

int vet__html_rfc(struct vet_html *h)
{
	FILE *f = h->f;
	struct group *gs = NULL, none = {.name = "(no RFC reference)"};
	size_t n = 0, g;
	int rc = -1;
	fputs("<section id=\"rfc\" class=\"wrap\">\n<h2>Results by RFC section</h2>\n", f);
	if (collect_rfc(h, &gs, &n, &none) < 0)
		goto out;
	rc = 0;
	if (!n && !none.total) {
		fputs("<p class=\"muted\">No case ran.</p>\n</section>\n", f);
		goto out;
	}
	fprintf(f,
	        "<p class=\"muted\">%zu sections cited by the cases; a case counts under every "
	        "section it cites.</p>\n",
	        n);
	head(f, "Section", 1);
	for (g = 0; g <= n; g++) {
		struct group *x = g < n ? &gs[g] : &none;
		if (g == n && !none.total)
			break;
		fputs("<tr><td class=\"mono\">", f);
		vet__html_cstr(f, x->name);
		fputs("</td>", f);
		cells(f, x);
		case_links(h, x);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n</section>\n", f);
out:
	for (g = 0; g < n; g++)
		free(gs[g].bad);
	free(gs);
	free(none.bad);
	return rc;
}

/* sipvet reports: index.html. The page is template/index.html (embedded at
 * build time) with its {{name}} markers replaced: the style sheet and the
 * script come verbatim from template/, every other section is written here
 * and in html_*.c from the record, through the escapers of text.c only. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "reports.h"
#include "reports_impl.h"

/* The order of the summary cards and filters. */
static const enum vet_verdict card_order[] = {VET_PASS, VET_FAIL, VET_INCONC, VET_ERROR, VET_SKIP};

static const char *const verdict_label[VET_VERDICT__COUNT] = {
        [VET_PASS] = "pass",   [VET_FAIL] = "fail",    [VET_INCONC] = "inconc.",
        [VET_ERROR] = "error", [VET_SKIP] = "skipped",
};

void vet__html_badge(FILE *f, const struct vet_case_result *c)
{
	const char *cls = vet__vclass(c);
	const char *label =
	        (unsigned)c->verdict < VET_VERDICT__COUNT ? verdict_label[c->verdict] : "?";
	if (c->verdict == VET_FAIL && c->waived)
		label = "waived";
	fprintf(f, "<span class=\"badge v-%s\">%s</span>", cls, label);
}

/* width = n / total, in tenths of a percent. */
static void seg(FILE *f, const char *cls, size_t n, size_t total, const char *what)
{
	unsigned long long w;
	if (!n || !total)
		return;
	w = (unsigned long long)n * 1000 / total;
	fprintf(f, "<span class=\"%s\" style=\"width:%llu.%llu%%\" title=\"%zu %s\"></span>", cls,
	        w / 10, w % 10, n, what);
}

void vet__html_bar(FILE *f, const size_t counts[VET_VERDICT__COUNT], size_t waived)
{
	size_t total = 0, i;
	for (i = 0; i < VET_VERDICT__COUNT; i++)
		total += counts[i];
	fputs("<div class=\"bar\">", f);
	seg(f, "v-pass", counts[VET_PASS], total, "passed");
	seg(f, "v-fail", counts[VET_FAIL] - waived, total, "failed");
	seg(f, "v-waived", waived, total, "failed, waived");
	seg(f, "v-inconclusive", counts[VET_INCONC], total, "inconclusive");
	seg(f, "v-error", counts[VET_ERROR], total, "error");
	seg(f, "v-skipped", counts[VET_SKIP], total, "skipped");
	fputs("</div>", f);
}

static void meta(FILE *f, const char *label, const char *value)
{
	if (!value)
		return;
	fprintf(f, "<div><dt>%s</dt><dd>", label);
	vet__html_cstr(f, value);
	fputs("</dd></div>", f);
}

static void header(struct vet_html *h)
{
	FILE *f = h->f;
	char b[48];
	fputs("<header class=\"top\"><div class=\"wrap\">\n"
	      "<div class=\"brand\"><b>sipvet</b> &middot; SIP conformance report</div>\n<h1>",
	      f);
	vet__html_cstr(f, h->run->target ? h->run->target : "(unknown target)");
	fputs("</h1>\n<dl class=\"meta\">", f);
	meta(f, "Started", h->run->started_at);
	meta(f, "Duration", vet__fmt_us(b, sizeof(b), h->run->duration_us));
	snprintf(b, sizeof(b), "%zu", h->run->cases ? h->run->ncases : 0);
	meta(f, "Cases", b);
	meta(f, "Profile", h->run->profile);
	fputs("<div><dt>Tool</dt><dd>", f);
	vet__html_cstr(f, h->run->tool ? h->run->tool : "sipvet");
	fputc(' ', f);
	vet__html_cstr(f, h->run->version);
	fputs("</dd></div></dl>\n</div></header>\n", f);
	if (h->run->interrupted)
		fputs("<div class=\"wrap\"><div class=\"banner\"><b>Interrupted.</b> The run was "
		      "stopped before every case ran; this report holds the cases that "
		      "finished.</div></div>\n",
		      f);
	fputs("<nav class=\"toc\"><div class=\"wrap\"><a href=\"#summary\">Summary</a>"
	      "<a href=\"#areas\">By area</a><a href=\"#rfc\">By RFC section</a>"
	      "<a href=\"#etsi\">ETSI test purposes</a><a href=\"#cases\">Cases</a></div></nav>\n",
	      f);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void vet__html_summary(struct vet_html *h)
{
	FILE *f = h->f;
	size_t counts[VET_VERDICT__COUNT], waived, total, i;
	int status = vet_run_exit_status(h->run);
	static const char *const card_label[VET_VERDICT__COUNT] = {
	        [VET_PASS] = "passed",  [VET_FAIL] = "failed",  [VET_INCONC] = "inconclusive",
	        [VET_ERROR] = "errors", [VET_SKIP] = "skipped",
	};
	vet_run_counts(h->run, counts, &waived);
	total = h->run->cases ? h->run->ncases : 0;
	fputs("<section id=\"summary\" class=\"wrap\">\n", f);
	fprintf(f, "<div class=\"outcome %s\">",
	        status == 0   ? "pass"
	        : status == 1 ? "fail"
	                      : "error");
	if (status == 2 && counts[VET_ERROR])
		fprintf(f, "<b>%zu %s ended in error</b>", counts[VET_ERROR],
		        plural(counts[VET_ERROR], "case", "cases"));
	else if (status == 2)
		fputs("<b>The run did not complete</b>", f);
	else if (status == 1)
		fprintf(f, "<b>%zu of %zu %s did not pass</b>",
		        counts[VET_FAIL] - waived + counts[VET_INCONC], total,
		        plural(total, "case", "cases"));
	else if (total == counts[VET_SKIP])
		fputs("<b>No case applied to this target</b>", f);
	else
		fprintf(f, "<b>Every applicable case passed</b> (%zu of %zu)", counts[VET_PASS],
		        total - counts[VET_SKIP]);
	fprintf(f, "<small>Exit status %d", status);
	if (status == 2 && counts[VET_FAIL] + counts[VET_INCONC] > waived)
		fprintf(f, "; %zu failed, %zu inconclusive", counts[VET_FAIL] - waived,
		        counts[VET_INCONC]);
	if (waived)
		fprintf(f, "; %zu %s waived by the profile", waived,
		        plural(waived, "failure", "failures"));
	fputs(".</small></div>\n<div class=\"cards\">\n", f);
	for (i = 0; i < sizeof(card_order) / sizeof(card_order[0]); i++) {
		enum vet_verdict v = card_order[i];
		fprintf(f,
		        "<a class=\"card v-%s%s\" href=\"#cases\" data-v=\"%s\"><span "
		        "class=\"n\">%zu</span>"
		        "<span class=\"l\">%s",
		        vet_verdict_name(v), counts[v] ? "" : " v-zero", vet_verdict_name(v),
		        counts[v], card_label[v]);
		if (v == VET_FAIL && waived)
			fprintf(f, " (%zu waived)", waived);
		fputs("</span></a>\n", f);
	}
	fputs("</div>\n", f);
	vet__html_bar(f, counts, waived);
	fputs("\n</section>\n", f);
}

static void footer(struct vet_html *h)
{
	fputs("Generated by ", h->f);
	vet__html_cstr(h->f, h->run->tool ? h->run->tool : "sipvet");
	fputc(' ', h->f);
	vet__html_cstr(h->f, h->run->version);
	fputs(" from results.json (the complete record, with every message byte). ETSI test "
	      "purpose identifiers and references: ETSI TS 102 027-2.",
	      h->f);
}

static int section(struct vet_html *h, const char *name, size_t len)
{
	FILE *f = h->f;
#define IS(s) (len == sizeof(s) - 1 && !memcmp(name, s, len))
	if (IS("css"))
		fwrite(vet__tpl_css, 1, vet__tpl_css_len, f);
	else if (IS("js"))
		fwrite(vet__tpl_js, 1, vet__tpl_js_len, f);
	else if (IS("generator")) {
		vet__html_cstr(f, h->run->tool ? h->run->tool : "sipvet");
		fputc(' ', f);
		vet__html_cstr(f, h->run->version);
	} else if (IS("title")) {
		fputs("sipvet report: ", f);
		vet__html_cstr(f, h->run->target ? h->run->target : "(unknown target)");
	} else if (IS("header"))
		header(h);
	else if (IS("summary"))
		vet__html_summary(h);
	else if (IS("areas"))
		return vet__html_areas(h);
	else if (IS("rfc"))
		return vet__html_rfc(h);
	else if (IS("etsi"))
		return vet__html_etsi(h);
	else if (IS("cases"))
		vet__html_cases(h);
	else if (IS("footer"))
		footer(h);
	else
		return -1; /* the embedded template is broken: tests catch it */
#undef IS
	return 0;
}

/* The first "{{" or "}}" (c) in p[0..end), or NULL. */
static const char *find2(const char *p, const char *end, char c)
{
	for (; p + 1 < end; p++)
		if (p[0] == c && p[1] == c)
			return p;
	return NULL;
}

int vet_html_write(FILE *f, const struct vet_run *run)
{
	const char *t = (const char *)vet__tpl_index, *end = t + vet__tpl_index_len, *m, *e;
	struct vet_html h = {.f = f, .run = run};
	char err[256];
	int rc = -1;
	h.order = vet__case_order(run);
	if (!h.order || vet__catalogue_load(&h.cat, err, sizeof(err)) < 0)
		goto out;
	while (t < end) {
		m = find2(t, end, '{');
		if (!m) {
			fwrite(t, 1, (size_t)(end - t), f);
			break;
		}
		fwrite(t, 1, (size_t)(m - t), f);
		e = find2(m + 2, end, '}');
		if (!e || section(&h, m + 2, (size_t)(e - m - 2)) < 0)
			goto out;
		t = e + 2;
	}
	rc = ferror(f) || h.oom ? -1 : 0;
out:
	free(h.order);
	vet__catalogue_free(&h.cat);
	return rc;
}

/* sipvet reports: the case list of index.html: one collapsible entry per
 * case with its verdict, reason, expected/received, references, and the
 * message exchange as a ladder (tester on the left, the IUT on the right).
 * The filter bar is hidden until report.js shows it, so without JavaScript
 * the page is the complete static list. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "reports_impl.h"

/* Above this many cases that did not pass, none is opened by default: a
 * page of hundreds of open cases helps nobody. */
#define OPEN_BAD_MAX 20

static const struct {
	const char *cls, *label;
} chips[] = {
        {"pass", "pass"},     {"fail", "fail"},
        {"waived", "waived"}, {"inconclusive", "inconclusive"},
        {"error", "error"},   {"skipped", "skipped"},
};

static size_t count_class(const struct vet_run *run, const char *cls)
{
	size_t i, n = 0;
	for (i = 0; run->cases && i < run->ncases; i++)
		n += !strcmp(vet__vclass(&run->cases[i]), cls);
	return n;
}

static void filters(struct vet_html *h)
{
	FILE *f = h->f;
	size_t i, n;
	fputs("<div id=\"filters\" class=\"filters\" hidden>\n<span class=\"muted\">Show</span>\n",
	      f);
	for (i = 0; i < sizeof(chips) / sizeof(chips[0]); i++) {
		n = count_class(h->run, chips[i].cls);
		if (!n && !strcmp(chips[i].cls, "waived"))
			continue;
		fprintf(f,
		        "<label><input type=\"checkbox\" data-v=\"%s\" checked>"
		        "<span class=\"badge v-%s\">%s</span><b>%zu</b></label>\n",
		        chips[i].cls, chips[i].cls, chips[i].label, n);
	}
	fputs("<input type=\"search\" id=\"q\" placeholder=\"Search id, title, reason, tags\" "
	      "aria-label=\"Search cases\">\n"
	      "<button type=\"button\" id=\"all\">Show all</button>"
	      "<button type=\"button\" id=\"expand\">Expand all</button>"
	      "<button type=\"button\" id=\"collapse\">Collapse all</button>"
	      "<span id=\"shown\"></span>\n</div>\n",
	      f);
}

/* Part of the data-s search text: s lower-cased (ASCII), escaped. */
static void search_part(struct vet_html *h, const char *s)
{
	size_t n, i;
	char *low;
	if (!s)
		return;
	n = strlen(s);
	low = malloc(n + 1);
	if (!low) {
		h->oom = 1;
		return;
	}
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	vet__html_escape(h->f, low, n, 1);
	fputc(' ', h->f);
	free(low);
}

static void chips_list(struct vet_html *h, const char *label, char *const *v, size_t n, int etsi)
{
	FILE *f = h->f;
	size_t i;
	if (!v || !n)
		return;
	fprintf(f, "<dt>%s</dt><dd>", label);
	for (i = 0; i < n; i++) {
		long p = etsi ? vet__catalogue_find(&h->cat, v[i]) : -1;
		if (!v[i])
			continue;
		if (p >= 0) {
			/* The id is the catalogue's (known safe) spelling. */
			fputs("<a class=\"chip\" href=\"#tp-", f);
			vet__html_cstr(f, h->cat.p[p].id);
			fputs("\" title=\"", f);
			vet__html_escape(f, h->cat.p[p].ref, strlen(h->cat.p[p].ref), 1);
			fputs("\">", f);
		} else {
			fputs("<span class=\"chip\">", f);
		}
		vet__html_cstr(f, v[i]);
		fputs(p >= 0 ? "</a>" : "</span>", f);
	}
	fputs("</dd>", f);
}

static void fact(FILE *f, const char *label, const char *value, int mono)
{
	if (!value)
		return;
	fprintf(f, "<dt>%s</dt><dd%s>", label, mono ? " class=\"mono\"" : "");
	vet__html_cstr(f, value);
	fputs("</dd>", f);
}

static void fixed(FILE *f, const char *s, size_t cap)
{
	vet__html_escape(f, s, strnlen(s, cap), 0);
}

static void message(FILE *f, const struct vet_msg *m)
{
	size_t len = m->bytes ? m->len : 0, fl = vet__first_line(m->bytes, len, 200);
	char b[32];
	fprintf(f,
	        "<details class=\"msg %s\"><summary><span class=\"t\">+%s</span>"
	        "<span class=\"who\">",
	        m->sent ? "out" : "in", vet__fmt_ms(b, sizeof(b), m->t_us));
	fixed(f, m->agent, sizeof(m->agent));
	fputs("</span><span class=\"arrow\"><span class=\"lbl\">", f);
	if (fl)
		vet__html_escape(f, m->bytes, fl, 0);
	else
		fprintf(f, "<span class=\"muted\">(%zu bytes)</span>", len);
	fputs("</span></span><span class=\"iut\">IUT</span></summary>\n<div class=\"mmeta\">", f);
	fputs(m->sent ? "tester &rarr; IUT &middot; " : "IUT &rarr; tester &middot; ", f);
	fixed(f, m->transport, sizeof(m->transport));
	fputc(' ', f);
	fixed(f, m->src, sizeof(m->src));
	fputs(" &rarr; ", f);
	fixed(f, m->dst, sizeof(m->dst));
	fprintf(f, " &middot; %zu bytes</div>\n<pre class=\"wire\">", len);
	vet__html_bytes(f, m->bytes, len);
	fputs("</pre></details>\n", f);
}

static void ladder(FILE *f, const struct vet_case_result *c)
{
	size_t i;
	fputs("<div class=\"ladder\"><div class=\"lhead\"><span class=\"t\">Time</span>"
	      "<span>Tester</span><span></span><span class=\"iut\">IUT</span></div>\n",
	      f);
	if (!c->msgs || !c->nmsgs)
		fputs("<div class=\"nomsg\">No message was exchanged.</div>\n", f);
	for (i = 0; c->msgs && i < c->nmsgs; i++)
		message(f, &c->msgs[i]);
	fputs("</div>\n", f);
}

static void one_case(struct vet_html *h, size_t idx, int open)
{
	FILE *f = h->f;
	const struct vet_case_result *c = &h->run->cases[idx];
	const char *cls = vet__vclass(c);
	char b[32];
	size_t i;
	fprintf(f, "<details class=\"case v-%s\" id=\"case-%zu\" data-v=\"%s\" data-s=\"", cls, idx,
	        cls);
	search_part(h, c->id);
	search_part(h, c->title);
	search_part(h, c->reason);
	search_part(h, c->area);
	for (i = 0; c->tags && i < c->ntags; i++)
		search_part(h, c->tags[i]);
	for (i = 0; c->rfc && i < c->nrfc; i++)
		search_part(h, c->rfc[i]);
	for (i = 0; c->etsi && i < c->netsi; i++)
		search_part(h, c->etsi[i]);
	fprintf(f, "\"%s>\n<summary>", open ? " open" : "");
	vet__html_badge(f, c);
	fputs("<span class=\"id\">", f);
	vet__html_cstr(f, c->id);
	fputs("</span><span class=\"title\">", f);
	vet__html_cstr(f, c->title);
	fputs("</span><span class=\"meta\">", f);
	if (c->transport) {
		vet__html_cstr(f, c->transport);
		fputs(" &middot; ", f);
	}
	if (c->role) {
		vet__html_cstr(f, c->role);
		fputs(" &middot; ", f);
	}
	fputs(vet__fmt_us(b, sizeof(b), c->duration_us), f);
	fputs("</span></summary>\n<div class=\"cbody\">\n", f);
	if (c->reason) {
		fputs("<p class=\"reason\">", f);
		vet__html_cstr(f, c->reason);
		fputs("</p>\n", f);
	}
	if (c->step || c->step_rfc) {
		fputs("<p class=\"where\">", f);
		if (c->step)
			fprintf(f, "Decided at step %d", c->step);
		if (c->step && c->step_rfc)
			fputs(" &middot; ", f);
		if (c->step_rfc) {
			fputs("checks <span class=\"mono\">", f);
			vet__html_cstr(f, c->step_rfc);
			fputs("</span>", f);
		}
		fputs("</p>\n", f);
	}
	if (c->expected || c->received) {
		fputs("<div class=\"er\"><div class=\"exp\"><h4>Expected</h4><pre>", f);
		vet__html_cstr(f, c->expected ? c->expected : "");
		fputs("</pre></div><div class=\"rcv\"><h4>Received</h4><pre>", f);
		vet__html_cstr(f, c->received ? c->received : "");
		fputs("</pre></div></div>\n", f);
	}
	if (c->verdict == VET_FAIL && c->waived) {
		fputs("<p class=\"waiver\"><b>Waived by the profile:</b> ", f);
		vet__html_cstr(f, c->waiver ? c->waiver : "(no reason given)");
		fputs("</p>\n", f);
	}
	fputs("<dl class=\"facts\">", f);
	chips_list(h, "RFC", c->rfc, c->nrfc, 0);
	chips_list(h, "ETSI", c->etsi, c->netsi, 1);
	chips_list(h, "Tags", c->tags, c->ntags, 0);
	fact(f, "Role", c->role, 0);
	fact(f, "Transport", c->transport, 0);
	fact(f, "Case file", c->file, 1);
	fprintf(f, "<dt>Started</dt><dd>%s into the run</dd>",
	        vet__fmt_ms(b, sizeof(b), c->start_us));
	fputs("</dl>\n", f);
	ladder(f, c);
	fputs("</div></details>\n", f);
}

void vet__html_cases(struct vet_html *h)
{
	FILE *f = h->f;
	size_t n = h->run->cases ? h->run->ncases : 0, i, j, k = 0, bad = 0;
	for (i = 0; i < n; i++) {
		enum vet_verdict v = h->run->cases[i].verdict;
		bad += v == VET_INCONC || v == VET_ERROR ||
		       (v == VET_FAIL && !h->run->cases[i].waived);
	}
	fputs("<section id=\"cases\" class=\"wrap\">\n<h2>Cases</h2>\n", f);
	if (!n) {
		fputs("<p class=\"muted\">No case ran.</p>\n</section>\n", f);
		return;
	}
	filters(h);
	for (i = 0; i < n; i = j, k++) {
		const char *area = vet__area(&h->run->cases[h->order[i]]);
		size_t pass = 0;
		for (j = i; j < n && !strcmp(vet__area(&h->run->cases[h->order[j]]), area); j++)
			pass += h->run->cases[h->order[j]].verdict == VET_PASS;
		fprintf(f, "<div class=\"area\" id=\"area-%zu\"><h3>", k);
		vet__html_cstr(f, area);
		fprintf(f, " <span class=\"muted\">%zu %s &middot; %zu passed</span></h3>\n", j - i,
		        j - i == 1 ? "case" : "cases", pass);
		for (; i < j; i++) {
			const struct vet_case_result *c = &h->run->cases[h->order[i]];
			int is_bad = c->verdict == VET_INCONC || c->verdict == VET_ERROR ||
			             (c->verdict == VET_FAIL && !c->waived);
			one_case(h, h->order[i], is_bad && bad <= OPEN_BAD_MAX);
		}
		fputs("</div>\n", f);
	}
	fputs("</section>\n", f);
}

/* sipvet reports: junit.xml for CI systems (Jenkins, GitLab, GitHub
 * reporters). The mapping of verdicts and the escaping rules are in
 * reports.h; every string from the record goes through vet__xml_escape. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "reports.h"
#include "reports_impl.h"

struct tally {
	size_t tests, failures, errors, skipped;
	uint64_t us;
};

static void tally_add(struct tally *t, const struct vet_case_result *c)
{
	t->tests++;
	t->us += c->duration_us;
	if ((c->verdict == VET_FAIL && !c->waived) || c->verdict == VET_INCONC)
		t->failures++;
	else if (c->verdict == VET_ERROR)
		t->errors++;
	else if (c->verdict == VET_SKIP || c->verdict == VET_FAIL)
		t->skipped++;
}

static void tally_attrs(FILE *f, const struct tally *t)
{
	char b[32];
	fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%s\"",
	        t->tests, t->failures, t->errors, t->skipped, vet__fmt_secs(b, sizeof(b), t->us));
}

static void attr(FILE *f, const char *name, const char *value)
{
	fprintf(f, " %s=\"", name);
	vet__xml_cstr(f, value, 1);
	fputc('"', f);
}

static void property(FILE *f, const char *name, const char *value)
{
	if (!value)
		return;
	fputs("      <property", f);
	attr(f, "name", name);
	attr(f, "value", value);
	fputs("/>\n", f);
}

static int id_repeats(const struct vet_run *run, const struct vet_case_result *c)
{
	size_t i;
	for (i = 0; i < run->ncases; i++)
		if (&run->cases[i] != c && run->cases[i].id && c->id &&
		    !strcmp(run->cases[i].id, c->id))
			return 1;
	return 0;
}

static void strv_line(FILE *f, const char *label, char *const *v, size_t n)
{
	size_t i;
	if (!v || !n)
		return;
	fprintf(f, "%s:", label);
	for (i = 0; i < n; i++) {
		fputc(' ', f);
		vet__xml_cstr(f, v[i], 0);
	}
	fputc('\n', f);
}

/* The text of a <failure>/<error>: where and why. */
static void detail(FILE *f, const struct vet_case_result *c)
{
	if (c->step) {
		fprintf(f, "Step %d", c->step);
		if (c->step_rfc) {
			fputs(" (", f);
			vet__xml_cstr(f, c->step_rfc, 0);
			fputc(')', f);
		}
		fputs("\n", f);
	}
	if (c->reason) {
		vet__xml_cstr(f, c->reason, 0);
		fputc('\n', f);
	}
	if (c->expected) {
		fputs("Expected: ", f);
		vet__xml_cstr(f, c->expected, 0);
		fputc('\n', f);
	}
	if (c->received) {
		fputs("Received: ", f);
		vet__xml_cstr(f, c->received, 0);
		fputc('\n', f);
	}
}

static void transcript(FILE *f, const struct vet_case_result *c)
{
	size_t i;
	char b[32];
	fputs("      <system-out>", f);
	if (c->title) {
		vet__xml_cstr(f, c->title, 0);
		fputc('\n', f);
	}
	if (c->file) {
		fputs("File: ", f);
		vet__xml_cstr(f, c->file, 0);
		fputc('\n', f);
	}
	strv_line(f, "RFC", c->rfc, c->nrfc);
	strv_line(f, "ETSI", c->etsi, c->netsi);
	if (c->role || c->transport) {
		fputs("Role/transport: ", f);
		vet__xml_cstr(f, c->role ? c->role : "-", 0);
		fputc('/', f);
		vet__xml_cstr(f, c->transport ? c->transport : "-", 0);
		fputc('\n', f);
	}
	for (i = 0; c->msgs && i < c->nmsgs; i++) {
		const struct vet_msg *m = &c->msgs[i];
		size_t len = m->bytes ? m->len : 0;
		fprintf(f, "\n[+%s] ", vet__fmt_secs(b, sizeof(b), m->t_us));
		vet__xml_escape(f, m->agent, strnlen(m->agent, sizeof(m->agent)), 0);
		fputs(m->sent ? " -&gt; IUT " : " &lt;- IUT ", f);
		vet__xml_escape(f, m->transport, strnlen(m->transport, sizeof(m->transport)), 0);
		fputc(' ', f);
		vet__xml_escape(f, m->src, strnlen(m->src, sizeof(m->src)), 0);
		fputs(" -&gt; ", f);
		vet__xml_escape(f, m->dst, strnlen(m->dst, sizeof(m->dst)), 0);
		fprintf(f, " (%zu bytes)\n", len);
		vet__xml_escape(f, m->bytes, len, 0);
		fputc('\n', f);
	}
	fputs("</system-out>\n", f);
}

static void testcase(FILE *f, const struct vet_run *run, const struct vet_case_result *c)
{
	char b[32];
	fputs("    <testcase", f);
	fputs(" name=\"", f);
	vet__xml_cstr(f, c->id, 1);
	if (id_repeats(run, c)) {
		fputs(" (", f);
		vet__xml_cstr(f, c->transport ? c->transport : "-", 1);
		fputs(", ", f);
		vet__xml_cstr(f, c->role ? c->role : "-", 1);
		fputc(')', f);
	}
	fputc('"', f);
	attr(f, "classname", vet__area(c));
	fprintf(f, " time=\"%s\">\n", vet__fmt_secs(b, sizeof(b), c->duration_us));
	switch (c->verdict) {
	case VET_PASS:
		break;
	case VET_FAIL:
	case VET_INCONC:
		if (c->verdict == VET_FAIL && c->waived) {
			fputs("      <skipped message=\"waived: ", f);
			vet__xml_cstr(f, c->waiver ? c->waiver : "(no reason given)", 1);
			fputs(" (fail: ", f);
			vet__xml_cstr(f, c->reason, 1);
			fputs(")\"/>\n", f);
			break;
		}
		fputs("      <failure", f);
		attr(f, "type", vet_verdict_name(c->verdict));
		attr(f, "message", c->reason ? c->reason : "");
		fputs(">", f);
		detail(f, c);
		fputs("</failure>\n", f);
		break;
	case VET_ERROR:
		fputs("      <error type=\"error\"", f);
		attr(f, "message", c->reason ? c->reason : "");
		fputs(">", f);
		detail(f, c);
		fputs("</error>\n", f);
		break;
	default: /* VET_SKIP, and anything out of range */
		fputs("      <skipped", f);
		attr(f, "message", c->reason ? c->reason : "");
		fputs("/>\n", f);
	}
	transcript(f, c);
	fputs("    </testcase>\n", f);
}

int vet_junit_write(FILE *f, const struct vet_run *run)
{
	size_t n = run->cases ? run->ncases : 0, i, j, *order = vet__case_order(run);
	struct tally all = {0};
	if (!order)
		return -1;
	for (i = 0; i < n; i++)
		tally_add(&all, &run->cases[i]);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sipvet\"", f);
	/* Cases run concurrently: the run's time is its wall-clock duration,
	 * not the sum of the cases' (each suite's time is that sum). */
	all.us = run->duration_us;
	tally_attrs(f, &all);
	fputs(">\n", f);
	for (i = 0; i < n; i = j) {
		const char *area = vet__area(&run->cases[order[i]]);
		struct tally t = {0};
		for (j = i; j < n && !strcmp(vet__area(&run->cases[order[j]]), area); j++)
			tally_add(&t, &run->cases[order[j]]);
		fputs("  <testsuite", f);
		attr(f, "name", area);
		tally_attrs(f, &t);
		if (run->started_at)
			attr(f, "timestamp", run->started_at);
		fputs(">\n    <properties>\n", f);
		property(f, "tool", run->tool);
		property(f, "version", run->version);
		property(f, "target", run->target);
		property(f, "profile", run->profile);
		if (run->interrupted)
			property(f, "interrupted",
			         "true: the run was stopped before every case ran");
		fputs("    </properties>\n", f);
		for (; i < j; i++)
			testcase(f, run, &run->cases[order[i]]);
		fputs("  </testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
	free(order);
	return ferror(f) ? -1 : 0;
}

/* sipvet report: re-render the reports of a run from its results.json (the
 * record, DESIGN.md "Records"), e.g. after a newer sipvet improved the
 * HTML, or to get junit.xml for a CI system from an archived run. */
#include <stdio.h>
#include <string.h>

#include "reports.h"
#include "vet.h"

static const char report_usage[] =
        "usage: sipvet report [--html FILE] [--junit FILE] [--json FILE] [--out DIR]\n"
        "                     RESULTS.json\n"
        "\n"
        "Reads RESULTS.json (written by `sipvet run --out DIR`) and writes the reports\n"
        "asked for (FILE - is standard output). With no option, prints a summary.\n"
        "\n"
        "  --html FILE    the self-contained HTML report (index.html)\n"
        "  --junit FILE   JUnit XML for CI systems (junit.xml)\n"
        "  --json FILE    the record again, as this version of sipvet writes it\n"
        "  --out DIR      all three into DIR: results.json, junit.xml, index.html\n"
        "\n"
        "Exit status: 0 the reports were written, 2 usage, unreadable input or write\n"
        "error. (The exit status of the run itself is in the record: \"exit_status\".)\n";

static void summary(const struct vet_run *run)
{
	size_t counts[VET_VERDICT__COUNT], waived;
	int v;
	vet_run_counts(run, counts, &waived);
	printf("target %s, %zu cases%s:", run->target ? run->target : "(unknown)",
	       run->cases ? run->ncases : 0, run->interrupted ? " (interrupted)" : "");
	for (v = 0; v < VET_VERDICT__COUNT; v++)
		printf(" %zu %s%s", counts[v], vet_verdict_name(v),
		       v + 1 < VET_VERDICT__COUNT ? "," : "");
	if (waived)
		printf(" (%zu fail%s waived)", waived, waived == 1 ? "" : "s");
	printf("; exit status %d\n", vet_run_exit_status(run));
}

int vet_cmd_report(int argc, char **argv)
{
	const char *html = NULL, *junit = NULL, *json = NULL, *out = NULL, *in = NULL;
	struct vet_run run;
	char err[512];
	int i, rc = VET_EXIT_USAGE;
	for (i = 1; i < argc; i++) {
		const char **opt = !strcmp(argv[i], "--html")    ? &html
		                   : !strcmp(argv[i], "--junit") ? &junit
		                   : !strcmp(argv[i], "--json")  ? &json
		                   : !strcmp(argv[i], "--out")   ? &out
		                                                 : NULL;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(report_usage, stdout);
			return VET_EXIT_OK;
		}
		if (opt) {
			if (i + 1 >= argc) {
				vet_err("report: %s needs an argument", argv[i]);
				return VET_EXIT_USAGE;
			}
			*opt = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			vet_err("report: unknown option '%s'", argv[i]);
			fputs(report_usage, stderr);
			return VET_EXIT_USAGE;
		} else if (in) {
			vet_err("report: one RESULTS.json at a time");
			return VET_EXIT_USAGE;
		} else {
			in = argv[i];
		}
	}
	if (!in) {
		fputs(report_usage, stderr);
		return VET_EXIT_USAGE;
	}
	if (vet_results_load(in, &run, err, sizeof(err)) < 0) {
		vet_err("%s", err);
		return VET_EXIT_USAGE;
	}
	if ((json && vet_reports_write_file(json, vet_results_write, &run, err, sizeof(err)) < 0) ||
	    (junit && vet_reports_write_file(junit, vet_junit_write, &run, err, sizeof(err)) < 0) ||
	    (html && vet_reports_write_file(html, vet_html_write, &run, err, sizeof(err)) < 0) ||
	    (out && vet_reports_write_dir(out, &run, err, sizeof(err)) < 0)) {
		vet_err("%s", err);
		goto out;
	}
	if (!json && !junit && !html && !out)
		summary(&run);
	rc = VET_EXIT_OK;
out:
	vet_run_free(&run);
	return rc;
}

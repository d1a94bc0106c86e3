/* sipvet run: load cases, plan the runs against a target, run them (-j N at
 * a time), print what failed and a summary, and write the reports.
 *
 * Exit status (result.h vet_run_exit_status): 0 no fail, 1 some fail or
 * inconclusive, 2 an error (a case ended in error, the run was interrupted,
 * a case file did not load, bad usage). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "case.h"
#include "profile.h"
#include "reports.h"
#include "run.h"
#include "sipref/error.h"
#include "target.h"
#include "vet.h"

#ifndef SIPVET_SOURCE_DIR
#define SIPVET_SOURCE_DIR "."
#endif
#ifndef SIPVET_VERSION
#define SIPVET_VERSION "unknown"
#endif

static const char run_usage[] =
        "usage: sipvet run [--target T] [--profile FILE] [--out DIR] [-j N] [--id GLOB]\n"
        "                  [--tag TAG] [--role ROLE] [--transport udp,tcp] [--list]\n"
        "                  [--seed N] [PATH...]\n"
        "\n"
        "Runs the conformance cases in PATH (case files or directories of them; default:\n"
        "the cases/ directory of the source tree) against an implementation under test.\n"
        "\n"
        "  --target T        reference (default: the reference stack in process, virtual\n"
        "                    time), sipref (the sipref server on loopback), or a remote\n"
        "                    IUT: udp:HOST:PORT, tcp:HOST:PORT ([IPv6] in brackets)\n"
        "  --profile FILE    the remote IUT's profile: roles, domain, users, timers,\n"
        "                    trigger commands, waivers (cases/PROFILE.md)\n"
        "  --out DIR         write results.json, junit.xml and index.html into DIR\n"
        "  -j N              run N cases at a time (default: the number of cores for\n"
        "                    reference, 16 for real-time targets)\n"
        "  --id GLOB         only cases whose id matches GLOB (repeatable)\n"
        "  --tag TAG         only cases with this tag (repeatable: any of them)\n"
        "  --role ROLE       only cases for this IUT role (uas, uac, registrar, ...)\n"
        "  --transport LIST  only these transports (udp,tcp,tls)\n"
        "  --list            print the planned runs and exit\n"
        "  --seed N          base seed of the runs' random values (default 1)\n"
        "\n"
        "Exit status: 0 no case failed, 1 some case failed or was inconclusive,\n"
        "2 an error (a case file, the target, a case that ended in error, Ctrl-C).\n";

#define MAX_FILTERS 32

struct run_args {
	const char *target, *profile, *out;
	unsigned jobs;
	const char *ids[MAX_FILTERS];
	size_t nids;
	const char *tags[MAX_FILTERS];
	size_t ntags;
	unsigned role;       /* 0: any */
	unsigned transports; /* 0: any */
	int list;
	uint64_t seed;
	const char **paths;
	size_t npaths;
};

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;
	if (!s || !*s || *s == '-')
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_transports(const char *s, unsigned *out)
{
	unsigned set = 0;
	while (*s) {
		size_t n = strcspn(s, ",");
		unsigned b = vet_transport_lookup(s, n);
		if (!b)
			return -1;
		set |= b;
		s += n;
		if (*s == ',')
			s++;
	}
	*out = set;
	return set ? 0 : -1;
}

static int parse_args(int argc, char **argv, struct run_args *a)
{
	int i;
	memset(a, 0, sizeof(*a));
	a->seed = 1;
	a->paths = calloc((size_t)argc, sizeof(*a->paths));
	if (!a->paths)
		return -1;
	for (i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned long n;
		int takes = !strcmp(o, "--target") || !strcmp(o, "--profile") ||
		            !strcmp(o, "--out") || !strcmp(o, "-j") || !strcmp(o, "--id") ||
		            !strcmp(o, "--tag") || !strcmp(o, "--role") ||
		            !strcmp(o, "--transport") || !strcmp(o, "--seed");
		if (takes && !v) {
			vet_err("run: %s needs an argument", o);
			return -1;
		}
		if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
			fputs(run_usage, stdout);
			exit(VET_EXIT_OK);
		} else if (!strcmp(o, "--target")) {
			a->target = v;
		} else if (!strcmp(o, "--profile")) {
			a->profile = v;
		} else if (!strcmp(o, "--out")) {
			a->out = v;
		} else if (!strcmp(o, "-j")) {
			if (parse_uint(v, 1024, &n) || n == 0) {
				vet_err("run: -j '%s': expected a number of jobs from 1 to 1024",
				        v);
				return -1;
			}
			a->jobs = (unsigned)n;
		} else if (!strcmp(o, "--id") || !strcmp(o, "--tag")) {
			const char **arr = o[2] == 'i' ? a->ids : a->tags;
			size_t *cnt = o[2] == 'i' ? &a->nids : &a->ntags;
			if (*cnt == MAX_FILTERS) {
				vet_err("run: at most %d %s filters", MAX_FILTERS, o);
				return -1;
			}
			arr[(*cnt)++] = v;
		} else if (!strcmp(o, "--role")) {
			a->role = vet_role_lookup(v, strlen(v));
			if (!a->role) {
				vet_err("run: --role '%s': expected uas, uac, registrar, "
				        "registrant, "
				        "proxy or redirect",
				        v);
				return -1;
			}
		} else if (!strcmp(o, "--transport")) {
			if (parse_transports(v, &a->transports)) {
				vet_err("run: --transport '%s': expected a list of udp, tcp, tls",
				        v);
				return -1;
			}
		} else if (!strcmp(o, "--seed")) {
			if (parse_uint(v, (unsigned long)-1, &n)) {
				vet_err("run: --seed '%s': expected a number", v);
				return -1;
			}
			a->seed = n;
		} else if (!strcmp(o, "--list")) {
			a->list = 1;
			continue;
		} else if (o[0] == '-' && o[1]) {
			vet_err("run: unknown option '%s'", o);
			fputs(run_usage, stderr);
			return -1;
		} else {
			a->paths[a->npaths++] = o;
			continue;
		}
		i++;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Loading */

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int load_cases(const struct run_args *a, struct vet_caseset *set)
{
	static char diagbuf[16384];
	struct vet_diag d = {diagbuf, sizeof(diagbuf), 0, 0};
	struct vet_load_opts lo;
	size_t i;
	int bad = 0;
	memset(&lo, 0, sizeof(lo));
	for (i = 0; i < a->npaths; i++) {
		const char *p = a->paths[i];
		if (is_dir(p)) {
			if (vet_caseset_load_dir(set, p, &lo, &d))
				bad = 1;
		} else {
			struct vet_case *c = NULL;
			if (vet_case_load_file(p, &lo, &c, &d) || vet_caseset_add(set, c, &d))
				bad = 1;
		}
	}
	if (d.len)
		fputs(diagbuf, stderr);
	if (d.nerrors > 0 && d.len >= sizeof(diagbuf) - 1)
		vet_err("run: ... %u errors in case files in all", d.nerrors);
	return bad ? -1 : 0;
}

static int load_profile(const char *path, struct vet_profile **out)
{
	static char diagbuf[8192];
	struct vet_diag d = {diagbuf, sizeof(diagbuf), 0, 0};
	if (vet_profile_load_file(path, NULL, out, &d) == 0)
		return 0;
	fputs(diagbuf, stderr);
	vet_err("run: --profile %s did not load", path);
	*out = NULL;
	return -1;
}

/* A waiver naming no loaded case is most likely a typo: say so, run anyway. */
static void check_waivers(const struct vet_profile *p, const struct vet_caseset *set)
{
	static char diagbuf[4096];
	struct vet_diag d = {diagbuf, sizeof(diagbuf), 0, 0};
	if (vet_profile_check_waivers(p, set, &d))
		fputs(diagbuf, stderr);
}

/* ------------------------------------------------------------------ */
/* Output */

static void now_iso(char *out, size_t cap)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void print_results(const struct vet_run *run)
{
	size_t i, counts[VET_VERDICT__COUNT], waived;
	for (i = 0; i < run->ncases; i++) {
		const struct vet_case_result *r = &run->cases[i];
		if (r->verdict == VET_PASS || r->verdict == VET_SKIP)
			continue;
		printf("%-5s %s (%s, %s): %s\n",
		       r->verdict == VET_FAIL     ? (r->waived ? "WAIVE" : "FAIL")
		       : r->verdict == VET_INCONC ? "INCONC"
		                                  : "ERROR",
		       r->id, r->transport, r->role, r->reason ? r->reason : "");
		if (r->expected)
			printf("      expected: %s\n", r->expected);
		if (r->received)
			printf("      received: %s\n", r->received);
		if (r->step_rfc)
			printf("      rfc: %s\n", r->step_rfc);
	}
	vet_run_counts(run, counts, &waived);
	printf("%zu runs: %zu pass, %zu fail", run->ncases, counts[VET_PASS], counts[VET_FAIL]);
	if (waived)
		printf(" (%zu waived)", waived);
	printf(", %zu inconclusive, %zu error, %zu skipped in %.2f s%s\n", counts[VET_INCONC],
	       counts[VET_ERROR], counts[VET_SKIP], (double)run->duration_us / 1e6,
	       run->interrupted ? " (interrupted)" : "");
}

static char *dupstr(const char *s)
{
	char *d;
	if (!s)
		return NULL;
	d = malloc(strlen(s) + 1);
	if (d)
		strcpy(d, s);
	return d;
}

int vet_cmd_run(int argc, char **argv)
{
	struct run_args a;
	struct vet_caseset set;
	struct vet_profile *prof = NULL;
	struct vet_target *t = NULL;
	struct vet_plan_item *items = NULL;
	struct vet_plan_filter pf;
	size_t nitems = 0, i;
	struct vet_run run;
	static volatile sig_atomic_t stop;
	struct vet_sched_opts so;
	char err[512], started[32];
	int rc = VET_EXIT_USAGE;
	const char *defpath;

	memset(&set, 0, sizeof(set));
	memset(&run, 0, sizeof(run));
	if (parse_args(argc, argv, &a))
		goto out;
	if (a.npaths == 0) {
		defpath = is_dir(SIPVET_SOURCE_DIR "/cases") ? SIPVET_SOURCE_DIR "/cases" : "cases";
		a.paths[a.npaths++] = defpath;
	}
	if (a.profile && load_profile(a.profile, &prof))
		goto out;
	if (load_cases(&a, &set)) {
		vet_err("run: case files with errors; nothing was run");
		goto out;
	}
	if (prof)
		check_waivers(prof, &set);
	if (vet_target_open(&t, a.target ? a.target : "reference", prof, argv[0], err,
	                    sizeof(err))) {
		vet_err("run: --target: %s", err);
		goto out;
	}
	memset(&pf, 0, sizeof(pf));
	pf.ids = a.ids;
	pf.nids = a.nids;
	pf.tags = a.tags;
	pf.ntags = a.ntags;
	pf.role = a.role;
	pf.transports = a.transports;
	pf.roots = a.paths;
	pf.nroots = a.npaths;
	if (vet_plan_build(&set, &pf, vet_target_info(t), &items, &nitems)) {
		vet_err("run: out of memory");
		goto out;
	}
	if (a.list) {
		for (i = 0; i < nitems; i++)
			printf("%s\t%s\t%s\t%s\n", items[i].c->id,
			       vet_transport_name(items[i].transport),
			       vet_role_name(items[i].role) ? vet_role_name(items[i].role) : "-",
			       items[i].skip[0] ? items[i].skip : items[i].c->title);
		rc = VET_EXIT_OK;
		goto out;
	}

	now_iso(started, sizeof(started));
	run.tool = dupstr("sipvet");
	run.version = dupstr(SIPVET_VERSION);
	run.target = dupstr(vet_target_info(t)->name);
	run.profile = dupstr(a.profile);
	run.started_at = dupstr(started);
	memset(&so, 0, sizeof(so));
	so.jobs = a.jobs;
	so.progress = isatty(2);
	so.seed = a.seed;
	stop = 0;
	so.stop = &stop;
	if (vet_sched_run(t, items, nitems, &so, &run))
		vet_err("run: out of memory: the record is incomplete");
	if (prof)
		for (i = 0; i < run.ncases; i++) {
			struct vet_case_result *r = &run.cases[i];
			const struct vet_waiver *w = vet_profile_waiver(prof, r->id);
			if (r->verdict == VET_FAIL && w) {
				r->waived = 1;
				r->waiver = dupstr(w->reason);
			}
		}
	print_results(&run);
	rc = vet_run_exit_status(&run);
	if (a.out && vet_reports_write_dir(a.out, &run, err, sizeof(err))) {
		vet_err("run: --out: %s", err);
		rc = VET_EXIT_USAGE;
	}
out:
	vet_run_free(&run);
	free(items);
	vet_target_close(t);
	vet_caseset_free(&set);
	if (prof)
		vet_profile_free(prof);
	free(a.paths);
	return rc;
}

/* sipvet: the record of a run (result.h): freeing it, counting it, and the
 * exit status `sipvet run` derives from it. */
#include "result.h"

#include <stdlib.h>
#include <string.h>

/* Indexed by enum vet_verdict; the names are the TTCN-3 verdicts (ETSI ES
 * 201 873-1 "verdict handling") plus "skipped", and are what results.json,
 * junit.xml and the HTML report print. */
static const char *const verdict_names[VET_VERDICT__COUNT] = {
        [VET_PASS] = "pass",   [VET_FAIL] = "fail",    [VET_INCONC] = "inconclusive",
        [VET_ERROR] = "error", [VET_SKIP] = "skipped",
};

const char *vet_verdict_name(enum vet_verdict v)
{
	if ((unsigned)v >= VET_VERDICT__COUNT)
		return "unknown";
	return verdict_names[v];
}

int vet_verdict_lookup(const char *name)
{
	int v;
	if (!name)
		return -1;
	for (v = 0; v < VET_VERDICT__COUNT; v++)
		if (!strcmp(name, verdict_names[v]))
			return v;
	return -1;
}

static void free_strv(char **v, size_t n)
{
	size_t i;
	if (!v)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void case_free(struct vet_case_result *c)
{
	size_t i;
	free(c->id);
	free(c->title);
	free(c->file);
	free(c->area);
	free_strv(c->rfc, c->nrfc);
	free_strv(c->etsi, c->netsi);
	free_strv(c->tags, c->ntags);
	free(c->role);
	free(c->transport);
	free(c->waiver);
	free(c->reason);
	free(c->step_rfc);
	free(c->expected);
	free(c->received);
	if (c->msgs)
		for (i = 0; i < c->nmsgs; i++)
			free(c->msgs[i].bytes);
	free(c->msgs);
}

void vet_run_free(struct vet_run *run)
{
	size_t i;
	if (!run)
		return;
	free(run->tool);
	free(run->version);
	free(run->target);
	free(run->profile);
	free(run->started_at);
	if (run->cases)
		for (i = 0; i < run->ncases; i++)
			case_free(&run->cases[i]);
	free(run->cases);
	memset(run, 0, sizeof(*run));
}

void vet_run_counts(const struct vet_run *run, size_t counts[VET_VERDICT__COUNT], size_t *waived)
{
	size_t i;
	memset(counts, 0, VET_VERDICT__COUNT * sizeof(counts[0]));
	if (waived)
		*waived = 0;
	if (!run || !run->cases)
		return;
	for (i = 0; i < run->ncases; i++) {
		const struct vet_case_result *c = &run->cases[i];
		if ((unsigned)c->verdict >= VET_VERDICT__COUNT)
			continue;
		counts[c->verdict]++;
		if (c->verdict == VET_FAIL && c->waived && waived)
			(*waived)++;
	}
}

int vet_run_exit_status(const struct vet_run *run)
{
	size_t i;
	int status = 0;
	if (!run)
		return 2;
	if (run->interrupted)
		return 2;
	for (i = 0; run->cases && i < run->ncases; i++) {
		const struct vet_case_result *c = &run->cases[i];
		switch (c->verdict) {
		case VET_ERROR:
			return 2;
		case VET_FAIL:
			if (!c->waived)
				status = 1;
			break;
		case VET_INCONC:
			status = 1;
			break;
		case VET_PASS:
		case VET_SKIP:
			break;
		default:
			return 2; /* not a verdict: the record is corrupt */
		}
	}
	return status;
}

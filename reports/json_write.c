/* sipvet reports: results.json, the record of a run (shape in reports.h).
 * All escaping is harness/json.c's: it writes every byte so that the
 * reader (json_read.c) gets the exact octets back. */
#include <string.h>

#include "json.h"
#include "reports.h"

static void strv(struct vet_json *j, const char *k, char *const *v, size_t n)
{
	size_t i;
	vet_json_key(j, k);
	vet_json_arr(j);
	for (i = 0; v && i < n; i++)
		vet_json_cstr(j, v[i]);
	vet_json_arr_end(j);
}

/* A fixed-size field of struct vet_msg, NUL-terminated or full. */
static void fixed(struct vet_json *j, const char *k, const char *s, size_t cap)
{
	vet_json_kstr(j, k, s, strnlen(s, cap));
}

static void msg(struct vet_json *j, const struct vet_msg *m)
{
	size_t len = m->bytes ? m->len : 0;
	vet_json_obj(j);
	vet_json_kuint(j, "t_us", m->t_us);
	vet_json_kbool(j, "sent", m->sent);
	fixed(j, "agent", m->agent, sizeof(m->agent));
	fixed(j, "transport", m->transport, sizeof(m->transport));
	fixed(j, "src", m->src, sizeof(m->src));
	fixed(j, "dst", m->dst, sizeof(m->dst));
	vet_json_kuint(j, "len", len);
	vet_json_kstr(j, "bytes", m->bytes ? m->bytes : "", len);
	vet_json_obj_end(j);
}

static void one_case(struct vet_json *j, const struct vet_case_result *c)
{
	size_t i;
	vet_json_obj(j);
	vet_json_kcstr(j, "id", c->id);
	vet_json_kcstr(j, "title", c->title);
	vet_json_kcstr(j, "file", c->file);
	vet_json_kcstr(j, "area", c->area);
	strv(j, "rfc", c->rfc, c->nrfc);
	strv(j, "etsi", c->etsi, c->netsi);
	strv(j, "tags", c->tags, c->ntags);
	vet_json_kcstr(j, "role", c->role);
	vet_json_kcstr(j, "transport", c->transport);
	vet_json_kcstr(j, "verdict", vet_verdict_name(c->verdict));
	vet_json_kbool(j, "waived", c->waived);
	vet_json_kcstr(j, "waiver", c->waiver);
	vet_json_kcstr(j, "reason", c->reason);
	vet_json_kint(j, "step", c->step);
	vet_json_kcstr(j, "step_rfc", c->step_rfc);
	vet_json_kcstr(j, "expected", c->expected);
	vet_json_kcstr(j, "received", c->received);
	vet_json_kuint(j, "start_us", c->start_us);
	vet_json_kuint(j, "duration_us", c->duration_us);
	vet_json_key(j, "messages");
	vet_json_arr(j);
	for (i = 0; c->msgs && i < c->nmsgs; i++)
		msg(j, &c->msgs[i]);
	vet_json_arr_end(j);
	vet_json_obj_end(j);
}

int vet_results_write(FILE *out, const struct vet_run *run)
{
	struct vet_json j;
	size_t counts[VET_VERDICT__COUNT], waived, i;
	int v;
	vet_run_counts(run, counts, &waived);
	vet_json_init(&j, out);
	vet_json_obj(&j);
	vet_json_kcstr(&j, "format", VET_RESULTS_FORMAT);
	vet_json_kcstr(&j, "tool", run->tool);
	vet_json_kcstr(&j, "version", run->version);
	vet_json_kcstr(&j, "target", run->target);
	vet_json_kcstr(&j, "profile", run->profile);
	vet_json_kcstr(&j, "started_at", run->started_at);
	vet_json_kuint(&j, "duration_us", run->duration_us);
	vet_json_kbool(&j, "interrupted", run->interrupted);
	vet_json_key(&j, "counts");
	vet_json_obj(&j);
	for (v = 0; v < VET_VERDICT__COUNT; v++)
		vet_json_kuint(&j, vet_verdict_name(v), counts[v]);
	vet_json_kuint(&j, "waived", waived);
	vet_json_kuint(&j, "total", run->cases ? run->ncases : 0);
	vet_json_obj_end(&j);
	vet_json_kint(&j, "exit_status", vet_run_exit_status(run));
	vet_json_key(&j, "cases");
	vet_json_arr(&j);
	for (i = 0; run->cases && i < run->ncases; i++)
		one_case(&j, &run->cases[i]);
	vet_json_arr_end(&j);
	vet_json_obj_end(&j);
	if (vet_json_end(&j) < 0)
		return -1;
	return ferror(out) ? -1 : 0;
}

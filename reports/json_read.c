/* sipvet reports: results.json back into a struct vet_run (contract in
 * reports.h), so `sipvet report` re-renders junit.xml and index.html from
 * the record alone. The document is walked with the pull reader of
 * jread.c; each object's keys are dispatched through a table, so a key may
 * come in any order but only once. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "jread.h"
#include "reports.h"

#define KEYCAP 32

/* Index of key in names[0..n), -1 when unknown, -2 (error recorded) when
 * the object already had it. */
static int lookup(struct vet_jr *r, const char *const *names, int n, const char *key,
                  const char *at, unsigned long *seen)
{
	int i;
	for (i = 0; i < n; i++)
		if (!strcmp(names[i], key))
			break;
	if (i == n)
		return -1;
	if (*seen & (1ul << i)) {
		vet__jr_fail(r, at, "duplicate key \"%s\"", key);
		return -2;
	}
	*seen |= 1ul << i;
	return i;
}

/* A string or null into a C string (no NUL inside). */
static int cstr(struct vet_jr *r, char **out)
{
	const char *at = vet__jr_pos(r);
	size_t len;
	if (vet__jr_null(r))
		return 0;
	if (vet__jr_string(r, out, &len) < 0)
		return -1;
	if (strlen(*out) != len)
		return vet__jr_fail(r, at, "NUL (\\u0000) in a text field");
	return 0;
}

/* A string into char dst[cap]. */
static int fixed(struct vet_jr *r, char *dst, size_t cap, const char *name)
{
	const char *at = vet__jr_pos(r);
	char *s;
	size_t len;
	if (vet__jr_string(r, &s, &len) < 0)
		return -1;
	if (len >= cap || strlen(s) != len) {
		free(s);
		return vet__jr_fail(r, at, "\"%s\" must be at most %zu bytes without NUL", name,
		                    cap - 1);
	}
	memcpy(dst, s, len + 1);
	free(s);
	return 0;
}

/* An array of strings (or nulls). */
static int strv(struct vet_jr *r, char ***v, size_t *n)
{
	int first = 1, rc;
	if (vet__jr_arr_begin(r) < 0)
		return -1;
	while ((rc = vet__jr_arr_next(r, &first)) > 0) {
		char **nv = vet__jr_realloc(r, *v, (*n + 1) * sizeof(**v));
		if (!nv)
			return -1;
		*v = nv;
		(*v)[(*n)++] = NULL;
		if (cstr(r, &(*v)[*n - 1]) < 0)
			return -1;
	}
	return rc;
}

static int u64(struct vet_jr *r, uint64_t *v)
{
	return vet__jr_uint(r, UINT64_MAX, v);
}

static const char *const msg_keys[] = {"t_us", "sent", "agent", "transport",
                                       "src",  "dst",  "len",   "bytes"};

static int msg(struct vet_jr *r, struct vet_msg *m)
{
	char key[KEYCAP];
	const char *at, *obj = vet__jr_pos(r);
	unsigned long seen = 0;
	uint64_t len = 0;
	int first = 1, rc, k;
	if (vet__jr_obj_begin(r) < 0)
		return -1;
	while ((rc = vet__jr_obj_next(r, &first, key, sizeof(key), &at)) > 0) {
		k = lookup(r, msg_keys, 8, key, at, &seen);
		switch (k) {
		case 0:
			rc = u64(r, &m->t_us);
			break;
		case 1:
			rc = vet__jr_bool(r, &m->sent);
			break;
		case 2:
			rc = fixed(r, m->agent, sizeof(m->agent), key);
			break;
		case 3:
			rc = fixed(r, m->transport, sizeof(m->transport), key);
			break;
		case 4:
			rc = fixed(r, m->src, sizeof(m->src), key);
			break;
		case 5:
			rc = fixed(r, m->dst, sizeof(m->dst), key);
			break;
		case 6:
			rc = u64(r, &len);
			break;
		case 7:
			rc = vet__jr_string(r, &m->bytes, &m->len);
			break;
		case -1:
			rc = vet__jr_skip(r);
			break;
		default:
			return -1;
		}
		if (rc < 0)
			return -1;
	}
	if (rc < 0)
		return -1;
	if (!m->bytes) {
		if (!(m->bytes = vet__jr_alloc(r, 1)))
			return -1;
		m->bytes[0] = '\0';
		m->len = 0;
	}
	if ((seen & (1ul << 6)) && len != m->len)
		return vet__jr_fail(r, obj, "\"len\" is %llu but \"bytes\" holds %zu bytes",
		                    (unsigned long long)len, m->len);
	return 0;
}

static int msgs(struct vet_jr *r, struct vet_case_result *c)
{
	int first = 1, rc;
	if (vet__jr_arr_begin(r) < 0)
		return -1;
	while ((rc = vet__jr_arr_next(r, &first)) > 0) {
		struct vet_msg *nm = vet__jr_realloc(r, c->msgs, (c->nmsgs + 1) * sizeof(*nm));
		if (!nm)
			return -1;
		c->msgs = nm;
		memset(&c->msgs[c->nmsgs++], 0, sizeof(*nm));
		if (msg(r, &c->msgs[c->nmsgs - 1]) < 0)
			return -1;
	}
	return rc;
}

static const char *const case_keys[] = {
        "id",       "title",     "file",     "area",     "rfc",         "etsi",     "tags",
        "role",     "transport", "verdict",  "waived",   "waiver",      "reason",   "step",
        "step_rfc", "expected",  "received", "start_us", "duration_us", "messages",
};
enum { CK_ID, CK_VERDICT = 9, CK__N = 20 };

static int verdict(struct vet_jr *r, enum vet_verdict *v)
{
	const char *at = vet__jr_pos(r);
	char *s;
	int x;
	if (vet__jr_string(r, &s, NULL) < 0)
		return -1;
	x = vet_verdict_lookup(s);
	free(s);
	if (x < 0)
		return vet__jr_fail(r, at,
		                    "unknown verdict (pass, fail, inconclusive, error, "
		                    "skipped)");
	*v = (enum vet_verdict)x;
	return 0;
}

static int one_case(struct vet_jr *r, struct vet_case_result *c)
{
	char key[KEYCAP];
	const char *at, *obj = vet__jr_pos(r);
	unsigned long seen = 0;
	uint64_t u;
	int first = 1, rc, k;
	if (vet__jr_obj_begin(r) < 0)
		return -1;
	while ((rc = vet__jr_obj_next(r, &first, key, sizeof(key), &at)) > 0) {
		k = lookup(r, case_keys, CK__N, key, at, &seen);
		switch (k) {
		case 0:
			rc = cstr(r, &c->id);
			break;
		case 1:
			rc = cstr(r, &c->title);
			break;
		case 2:
			rc = cstr(r, &c->file);
			break;
		case 3:
			rc = cstr(r, &c->area);
			break;
		case 4:
			rc = strv(r, &c->rfc, &c->nrfc);
			break;
		case 5:
			rc = strv(r, &c->etsi, &c->netsi);
			break;
		case 6:
			rc = strv(r, &c->tags, &c->ntags);
			break;
		case 7:
			rc = cstr(r, &c->role);
			break;
		case 8:
			rc = cstr(r, &c->transport);
			break;
		case 9:
			rc = verdict(r, &c->verdict);
			break;
		case 10:
			rc = vet__jr_bool(r, &c->waived);
			break;
		case 11:
			rc = cstr(r, &c->waiver);
			break;
		case 12:
			rc = cstr(r, &c->reason);
			break;
		case 13:
			rc = vet__jr_uint(r, INT_MAX, &u);
			c->step = (int)u;
			break;
		case 14:
			rc = cstr(r, &c->step_rfc);
			break;
		case 15:
			rc = cstr(r, &c->expected);
			break;
		case 16:
			rc = cstr(r, &c->received);
			break;
		case 17:
			rc = u64(r, &c->start_us);
			break;
		case 18:
			rc = u64(r, &c->duration_us);
			break;
		case 19:
			rc = msgs(r, c);
			break;
		case -1:
			rc = vet__jr_skip(r);
			break;
		default:
			return -1;
		}
		if (rc < 0)
			return -1;
	}
	if (rc < 0)
		return -1;
	if (!(seen & (1ul << CK_ID)) || !(seen & (1ul << CK_VERDICT)))
		return vet__jr_fail(r, obj, "a case needs \"id\" and \"verdict\"");
	return 0;
}

static int cases(struct vet_jr *r, struct vet_run *run)
{
	int first = 1, rc;
	if (vet__jr_arr_begin(r) < 0)
		return -1;
	while ((rc = vet__jr_arr_next(r, &first)) > 0) {
		struct vet_case_result *nc =
		        vet__jr_realloc(r, run->cases, (run->ncases + 1) * sizeof(*nc));
		if (!nc)
			return -1;
		run->cases = nc;
		memset(&run->cases[run->ncases++], 0, sizeof(*nc));
		if (one_case(r, &run->cases[run->ncases - 1]) < 0)
			return -1;
	}
	return rc;
}

static const char *const run_keys[] = {
        "format",      "tool",        "version", "target",      "profile", "started_at",
        "duration_us", "interrupted", "counts",  "exit_status", "cases",
};
enum { RK_FORMAT, RK_CASES = 10, RK__N = 11 };

static int format(struct vet_jr *r)
{
	const char *at = vet__jr_pos(r);
	char *s;
	int ok;
	if (vet__jr_string(r, &s, NULL) < 0)
		return -1;
	ok = !strcmp(s, VET_RESULTS_FORMAT);
	free(s);
	if (!ok)
		return vet__jr_fail(r, at, "not a %s document", VET_RESULTS_FORMAT);
	return 0;
}

static int run_obj(struct vet_jr *r, struct vet_run *run)
{
	char key[KEYCAP];
	const char *at, *obj = vet__jr_pos(r);
	unsigned long seen = 0;
	int first = 1, rc, k;
	if (vet__jr_obj_begin(r) < 0)
		return -1;
	while ((rc = vet__jr_obj_next(r, &first, key, sizeof(key), &at)) > 0) {
		k = lookup(r, run_keys, RK__N, key, at, &seen);
		switch (k) {
		case 0:
			rc = format(r);
			break;
		case 1:
			rc = cstr(r, &run->tool);
			break;
		case 2:
			rc = cstr(r, &run->version);
			break;
		case 3:
			rc = cstr(r, &run->target);
			break;
		case 4:
			rc = cstr(r, &run->profile);
			break;
		case 5:
			rc = cstr(r, &run->started_at);
			break;
		case 6:
			rc = u64(r, &run->duration_us);
			break;
		case 7:
			rc = vet__jr_bool(r, &run->interrupted);
			break;
		case 10:
			rc = cases(r, run);
			break;
		case -1:
		case 8: /* counts and exit_status are derived: recomputed on write */
		case 9:
			rc = vet__jr_skip(r);
			break;
		default:
			return -1;
		}
		if (rc < 0)
			return -1;
	}
	if (rc < 0)
		return -1;
	if (!(seen & (1ul << RK_FORMAT)) || !(seen & (1ul << RK_CASES)))
		return vet__jr_fail(r, obj, "not a %s document (needs \"format\" and \"cases\")",
		                    VET_RESULTS_FORMAT);
	return 0;
}

int vet__results_read_failing(const char *text, size_t len, const char *file, struct vet_run *run,
                              char *err, size_t errlen, unsigned long fail_at)
{
	struct vet_jr r;
	memset(run, 0, sizeof(*run));
	vet__jr_init(&r, text, len, file, err, errlen);
	r.fail_at = fail_at;
	if (run_obj(&r, run) < 0 || vet__jr_finish(&r) < 0) {
		vet_run_free(run);
		return -1;
	}
	return 0;
}

int vet_results_read(const char *text, size_t len, const char *file, struct vet_run *run, char *err,
                     size_t errlen)
{
	return vet__results_read_failing(text, len, file, run, err, errlen, 0);
}

int vet_results_load(const char *path, struct vet_run *run, char *err, size_t errlen)
{
	FILE *f;
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0, n;
	int rc = -1;
	memset(run, 0, sizeof(*run));
	f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			if (cap >= (size_t)1 << 30) {
				snprintf(err, errlen, "%s: larger than 1 GiB", path);
				goto out;
			}
			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb) {
				snprintf(err, errlen, "%s: out of memory", path);
				goto out;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		goto out;
	}
	rc = vet_results_read(buf, len, path, run, err, errlen);
out:
	free(buf);
	fclose(f);
	return rc;
}

/* sipvet: the record of a run (DESIGN.md "Records": one JSON results file
 * per run is the source of truth; HTML and JUnit are rendered from it).
 *
 * The runner fills a vet_run; reports/ writes it as results.json and renders
 * index.html and junit.xml from the same record (and can re-render them from
 * a results.json read back). All strings are NUL-terminated, owned by the
 * run's allocations (vet_run_free releases everything). Message bytes are
 * binary-safe (bytes + len). */
#ifndef SIPVET_RESULT_H
#define SIPVET_RESULT_H

#include <stddef.h>
#include <stdint.h>

/* TTCN-3 verdicts plus "skipped" (role or transport not applicable). */
enum vet_verdict { VET_PASS, VET_FAIL, VET_INCONC, VET_ERROR, VET_SKIP, VET_VERDICT__COUNT };
const char *
vet_verdict_name(enum vet_verdict v);     /* "pass", "fail", "inconclusive", "error", "skipped" */
int vet_verdict_lookup(const char *name); /* -1 when unknown */

/* One message on the wire, as the tester saw it. */
struct vet_msg {
	uint64_t t_us;         /* since the case started (virtual or real time) */
	int sent;              /* 1: the tester sent it to the IUT; 0: the IUT sent it */
	char agent[32];        /* the tester's agent ("alice", ...) */
	char transport[8];     /* "UDP", "TCP", "TLS" */
	char src[64], dst[64]; /* "127.0.0.1:5060", "[::1]:5070" */
	char *bytes;
	size_t len;
};

struct vet_case_result {
	/* From the case file. */
	char *id, *title, *file, *area; /* area: first component of the id or the cases/ subdir */
	char **rfc;
	size_t nrfc; /* "RFC 3261 17.2.1" ... */
	char **etsi;
	size_t netsi; /* ETSI TS 102 027-2 purpose ids */
	char **tags;
	size_t ntags;
	/* How it ran. */
	char *role;      /* "uas", "uac", "registrar", ... */
	char *transport; /* "udp", "tcp", "tls" */
	enum vet_verdict verdict;
	int waived; /* failed, but the profile waives it (reason in waiver) */
	char *waiver;
	char *reason;   /* one line: why this verdict */
	int step;       /* 1-based index of the deciding step; 0 when none */
	char *step_rfc; /* the RFC section that step checks, NULL if none */
	char *expected; /* what the step expected (human-readable), NULL if none */
	char *received; /* what arrived instead (summary or first line), NULL if none */
	uint64_t start_us, duration_us; /* start relative to the run start */
	struct vet_msg *msgs;
	size_t nmsgs;
};

struct vet_run {
	char *tool;       /* "sipvet" */
	char *version;    /* SIPVET_VERSION */
	char *target;     /* "reference", "sipref", "udp:127.0.0.1:5060" ... */
	char *profile;    /* path, or NULL */
	char *started_at; /* ISO 8601 UTC wall-clock time of the start */
	uint64_t duration_us;
	int interrupted; /* Ctrl-C: the record holds what finished */
	struct vet_case_result *cases;
	size_t ncases;
};

/* Frees everything the run owns (strings, arrays, message bytes: all with
 * free()) and zeroes *run; *run itself is not freed (it may live on the
 * stack). NULL pointers anywhere are fine; so is a zeroed run. */
void vet_run_free(struct vet_run *run);

/* Counts by verdict (waived fails counted as fail in counts[VET_FAIL] and in
 * *waived). */
void vet_run_counts(const struct vet_run *run, size_t counts[VET_VERDICT__COUNT], size_t *waived);

/* Exit status of `sipvet run` for this record: 0 no (unwaived) fail, 1 some
 * fail or inconclusive, 2 error. In order: any case with verdict error, or an
 * interrupted run (the record is incomplete), gives 2; else any unwaived fail
 * or any inconclusive gives 1; else 0 (a run of only passes and skips, or of
 * no cases). `waived` only matters on a fail. */
int vet_run_exit_status(const struct vet_run *run);

#endif

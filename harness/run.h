/* sipvet: running cases (`sipvet run`): the step interpreter (run.c) and
 * the scheduler (sched.c).
 *
 * A run of a case is the case, one transport and one role, against one
 * target. Its outcome is a struct vet_case_result (result.h): the verdict,
 * the deciding step with its RFC section, what was expected and what
 * arrived, and every message sent and received with its time on the
 * target's clock (virtual for the reference target). */
#ifndef VET_RUN_H
#define VET_RUN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "case.h"
#include "result.h"
#include "target.h"

struct vet_case_run_opts {
	uint64_t seed;                     /* variables' and the IUT's randomness */
	const volatile sig_atomic_t *stop; /* interrupt flag, may be NULL */
};

/* Fills the case-file part of res (id, title, file, area, rfc, etsi, tags)
 * and role/transport (their names), zeroing the rest. area may be NULL (the
 * first component of the id). 0 or SIP_ENOMEM. */
int vet_result_init(struct vet_case_result *res, const struct vet_case *c, unsigned transport,
                    unsigned role, const char *area);

/* Sets the verdict and one-line reason (copied) of res. 0 or SIP_ENOMEM. */
int vet_result_set(struct vet_case_result *res, enum vet_verdict v, const char *reason);

/* Runs c once over `transport` (one enum vet_transport bit) on t and fills
 * res (after vet_result_init): verdict, reason, deciding step, messages,
 * duration_us (on the target's clock). Problems become verdicts: a wrong or
 * missing message is fail, a tester-side problem (bind failure, a template
 * that cannot render, a failed trigger, interruption) is error. Returns 0,
 * or SIP_ENOMEM when even the verdict could not be recorded. */
int vet_case_run(struct vet_target *t, const struct vet_case *c, unsigned transport,
                 const struct vet_case_run_opts *o, struct vet_case_result *res);

/* One planned run: a case, a transport and the role it runs as. skip is the
 * reason when the case does not apply to the target (FORMAT.md "roles",
 * "transports"); empty when it runs. */
struct vet_plan_item {
	const struct vet_case *c;
	unsigned transport;
	unsigned role;
	char area[64]; /* empty: the first component of the id */
	char skip[256];
};

/* Which cases a run takes (sipvet run --id/--tag/--role/--transport). */
struct vet_plan_filter {
	const char *const *ids; /* fnmatch globs on the id; any may match */
	size_t nids;
	const char *const *tags; /* any of them */
	size_t ntags;
	unsigned role;       /* 0: any; else the case must apply to it */
	unsigned transports; /* 0: any */
	/* The directories the cases were loaded from: a case's area is its
	 * first subdirectory below one of them. */
	const char *const *roots;
	size_t nroots;
};

/* Plans one run per selected case and transport (the case's transports, as
 * filtered), in the set's order. The role is the first one the case (as
 * filtered), and the target share; when there is none, or the target lacks
 * the transport, the item is skipped with the reason. *out is malloc'd.
 * 0 or SIP_ENOMEM. */
int vet_plan_build(const struct vet_caseset *set, const struct vet_plan_filter *f,
                   const struct vet_target_info *ti, struct vet_plan_item **out, size_t *n);

struct vet_sched_opts {
	unsigned jobs; /* concurrent runs; 0: the target's default */
	int progress;  /* draw a progress line on stderr */
	uint64_t seed; /* base seed; each run derives its own */
	/* The interrupt flag (set by the signal handlers vet_sched_run
	 * installs, or by the caller). Required. */
	volatile sig_atomic_t *stop;
};

/* Runs every item on t, -j jobs at a time, and fills run->cases in item
 * order (a skipped item gets its verdict at once). When stop is raised: no
 * new run starts, running ones end with verdict error "interrupted", the
 * record keeps the runs that started and run->interrupted is set.
 * Installs SIGINT/SIGTERM handlers that raise *stop for the duration.
 * 0 or SIP_ENOMEM. */
int vet_sched_run(struct vet_target *t, const struct vet_plan_item *items, size_t n,
                  const struct vet_sched_opts *o, struct vet_run *run);

/* Exposed for the tests: the per-run seed derived from the base seed and
 * the run (id, transport). */
uint64_t vet_run_seed(uint64_t base, const struct vet_case *c, unsigned transport);

#endif

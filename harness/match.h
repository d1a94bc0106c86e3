/* sipvet: matchers, field extraction and captures over parsed messages.
 *
 * Pure functions of the case model, a run's variables (template.h) and a
 * parsed struct sip_msg (typed headers are decoded on demand, so the message
 * is not const). Nothing here reads a clock or does I/O; timing checks are
 * vet_timing_check in case.h.
 *
 * Comparison rules (FORMAT.md "Matchers"):
 * - equals: octet-exact after rendering the expected template, except
 *   ASCII case-insensitive with nocase, and URIs (a whole URI field) which
 *   compare with RFC 3261 19.1.4 equivalence (sip_uri_equiv).
 * - same_as: header values compare LWS-normalised (runs of spaces/tabs and
 *   line folds collapse to one space); URIs by 19.1.4; other fields exact.
 * - regex: POSIX ERE, unanchored, on the field's octets (a field holding a
 *   NUL never matches a regex). */
#ifndef VET_MATCH_H
#define VET_MATCH_H

#include "case.h"
#include "sipref/msg.h"
#include "template.h"

/* Extracts field f of m. Returns 1 and *val (pointing into m, or into v's
 * arena for composed values such as VET_C_LINES and VET_U_PORT), 0 when the
 * field is absent (no such header, parameter, index; a request's status),
 * SIP_ENOMEM. A header whose value does not decode is present for
 * VET_C_VALUE/VET_C_LINES and absent for components. A present parameter
 * without a value (";lr", ";rport") yields an empty string. */
int vet_field_get(const struct vet_field *f, struct sip_msg *m, struct vet_vars *v,
                  struct sip_str *val);

/* Number of values of header field f in m (Via lines with two via-parms
 * count 2; RFC 3261 7.3.1). For non-header fields: 1 present, 0 absent. */
size_t vet_field_count(const struct vet_field *f, struct sip_msg *m);

/* Why a match failed, for the verdict: the matcher that failed, the RFC
 * section it checks, what was expected and what arrived. */
struct vet_mismatch {
	const struct vet_match *m; /* NULL when the kind of message was wrong */
	const char *rfc;           /* m->rfc, else NULL (the step's applies) */
	char expected[256];        /* NUL-terminated, human readable */
	char actual[256];
};

/* Evaluates one matcher. 1 match, 0 mismatch (why filled when not NULL),
 * SIP_ENOMEM or SIP_EPARSE (a template of the matcher could not render:
 * the case is broken, why says which reference). */
int vet_match_eval(const struct vet_match *m, struct sip_msg *msg, struct vet_vars *v,
                   struct vet_mismatch *why);

/* Evaluates an expect step: kind of message (request/response) and every
 * matcher in order; the first failure is reported. When it matches and a
 * top-level any_of was involved, *alt (when alt is not NULL) is the
 * alternative that matched (its note and rfc belong in the report), else
 * NULL. Same returns as vet_match_eval. */
int vet_expect_eval(const struct vet_step *s, struct sip_msg *msg, struct vet_vars *v,
                    struct vet_mismatch *why, const struct vet_match **alt);

/* Applies the step's captures to msg (after vet_expect_eval said 1).
 * 0; SIP_EPARSE when a captured field is absent or its regex group did not
 * participate (err->msg says which); SIP_ENOMEM. */
int vet_capture_apply(const struct vet_step *s, struct sip_msg *msg, struct vet_vars *v,
                      struct vet_tpl_err *err);

/* 1 when msg, received by agent, is covered by one of the n selectors
 * (VET_IGN_RETRANS consults v->seen for messages received by that agent). */
int vet_ignore_match(const struct vet_ignore *ig, size_t n, struct sip_msg *msg, int agent,
                     const struct vet_vars *v);

/* 1 when b is a retransmission of a by `by` (see enum vet_retrans_by). */
int vet_is_retransmission(struct sip_msg *a, struct sip_msg *b, enum vet_retrans_by by);

#endif

/* sipvet: the in-memory model of a test case, and its loader.
 *
 * One YAML file describes one case (cases/FORMAT.md is the reference for the
 * format; this header is the reference for the model). The loader turns the
 * file into a struct vet_case whose every part is resolved at load time:
 * agent names become indices, step names become indices, variables become
 * typed references (struct vet_ref), regular expressions are compiled, field
 * paths are parsed, durations carry their unit. The runner never re-parses
 * text and never has to guess.
 *
 * Ownership: everything a case points to lives in the case's own arena and
 * is released by vet_case_free. A case is read-only after loading and may be
 * shared by concurrent runs (each run has its own struct vet_vars).
 *
 * Errors are reported as "file:line:col: message" (line and column 1-based,
 * from libyaml's marks) into a struct vet_diag; the loader never crashes or
 * leaks on any input. */
#ifndef VET_CASE_H
#define VET_CASE_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "sipref/alloc.h"
#include "sipref/arena.h"
#include "sipref/str.h"

/* ------------------------------------------------------------------ */
/* Diagnostics */

/* A position in a case file. file points at the case's (or profile's) path
 * string and lives as long as the case. line/col are 1-based; 0 when the
 * error is about the file as a whole. */
struct vet_loc {
	const char *file;
	unsigned line, col;
};

/* Error sink. The loader appends one line per error ("file:line:col: msg\n",
 * NUL-terminated, truncated to fit cap) and counts them; loading stops at
 * the first error unless a load function says otherwise. */
struct vet_diag {
	char *buf;  /* caller's storage; may be NULL (count only) */
	size_t cap; /* bytes at buf */
	size_t len; /* bytes written, excluding the NUL */
	unsigned nerrors;
};

/* Appends "file:line:col: <fmt>\n" (":line:col" left out when line is 0). */
void vet_diag_add(struct vet_diag *d, const struct vet_loc *loc, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* ------------------------------------------------------------------ */
/* Enumerations */

/* IUT roles (DESIGN.md, The suite). Bit masks, so a case and a profile can
 * each hold a set. */
enum vet_role {
	VET_ROLE_UAS = 1u << 0, /* UA, terminating */
	VET_ROLE_UAC = 1u << 1, /* UA, originating (needs triggers) */
	VET_ROLE_REGISTRAR = 1u << 2,
	VET_ROLE_REGISTRANT = 1u << 3, /* UA registering (needs triggers) */
	VET_ROLE_PROXY = 1u << 4,
	VET_ROLE_REDIRECT = 1u << 5,
};
#define VET_ROLE_ALL 0x3fu

enum vet_transport {
	VET_TP_UDP = 1u << 0,
	VET_TP_TCP = 1u << 1,
	VET_TP_TLS = 1u << 2,
};
#define VET_TP_ALL 0x7u

/* "uas", "udp", ...; NULL for an invalid bit. Names as written in YAML. */
const char *vet_role_name(unsigned role_bit);
const char *vet_transport_name(unsigned tp_bit); /* lower case: "udp" */
/* Bit for a YAML name, 0 when unknown. Case-sensitive (the format is). */
unsigned vet_role_lookup(const char *name, size_t len);
unsigned vet_transport_lookup(const char *name, size_t len);

/* ------------------------------------------------------------------ */
/* Durations (FORMAT.md "Durations"): a number and a unit. T1/T2/T4 are
 * resolved against the target's timer values at run time (RFC 3261 17.1.1.1
 * T1, 17.1.2.2 T2, 17.1.2.2 T4). */

enum vet_unit { VET_UNIT_MS = 0, VET_UNIT_T1, VET_UNIT_T2, VET_UNIT_T4 };

struct vet_dur {
	double n; /* >= 0, finite */
	enum vet_unit unit;
};

/* Timer values of a target, in microseconds. RFC 3261 defaults: 500 ms,
 * 4 s, 5 s (vet_timers_default). */
struct vet_timers {
	uint64_t t1_us, t2_us, t4_us;
};

void vet_timers_default(struct vet_timers *t);
/* The duration in microseconds (rounded to nearest). */
uint64_t vet_dur_us(const struct vet_dur *d, const struct vet_timers *t);

/* ------------------------------------------------------------------ */
/* Field paths (FORMAT.md "Fields"): which part of a message a matcher,
 * capture or template reference looks at. Parsed at load time from text
 * such as "status", "Via.branch", "To.uri.user", "Via[2].received",
 * "Contact.param.expires", "Via.lines", "body". */

enum vet_fbase {
	VET_F_STATUS = 1, /* status code, decimal */
	VET_F_REASON,     /* reason phrase */
	VET_F_METHOD,     /* request method; for a response the CSeq method */
	VET_F_RURI,       /* Request-URI; comp may select a URI component */
	VET_F_START,      /* the start line as written, without CRLF */
	VET_F_HDR,        /* a header, by name (hdr_id / hdr_name) */
	VET_F_BODY,       /* the body octets */
	VET_F_RAW,        /* the whole message octets */
};

/* What of a header (or of the Request-URI) is selected. */
enum vet_fcomp {
	VET_C_VALUE = 0,   /* the header value as written (LWS-trimmed) */
	VET_C_LINES,       /* every line of this header, "Name: value" CRLF-joined
	                    * (for copying Vias into a response, RFC 3261 8.2.6.2) */
	VET_C_PARAM,       /* a header parameter (param); Via branch, To tag... */
	VET_C_URI,         /* the URI of a name-addr header (or the R-URI) */
	VET_C_DISPLAY,     /* display-name of a name-addr header */
	VET_C_HOST,        /* Via sent-by host */
	VET_C_PORT,        /* Via sent-by port (absent when not written) */
	VET_C_SENTBY,      /* Via sent-by, host[:port] */
	VET_C_PROTO,       /* Via transport: UDP, TCP, ... */
	VET_C_NUM,         /* CSeq number (also the value of a numeric header) */
	VET_C_CSEQ_METHOD, /* CSeq method */
};

/* A URI component, after VET_C_URI (or on VET_F_RURI). */
enum vet_ucomp {
	VET_U_ALL = 0, /* the whole URI as written */
	VET_U_SCHEME,
	VET_U_USER,
	VET_U_PASSWORD,
	VET_U_HOST,
	VET_U_PORT,   /* absent when not written */
	VET_U_PARAM,  /* a uri-parameter (uparam), e.g. transport, lr */
	VET_U_HEADER, /* a URI header (uparam) */
};

struct vet_field {
	enum vet_fbase base;
	int hdr_id;           /* enum sip_hdr_id; SIP_HDR_OTHER (0) for others */
	const char *hdr_name; /* canonical or as written (for SIP_HDR_OTHER) */
	unsigned index;       /* 0: the first value; n: the n-th value (1-based,
	                       * "Via[2]"); counts values, not lines */
	enum vet_fcomp comp;
	const char *param;    /* VET_C_PARAM: the parameter name */
	enum vet_ucomp ucomp; /* VET_C_URI / VET_F_RURI */
	const char *uparam;   /* VET_U_PARAM / VET_U_HEADER */
	const char *text;     /* the path as written, for messages */
};

/* ------------------------------------------------------------------ */
/* Templates (FORMAT.md "Messages and variables"). A template is a list of
 * parts: literal octets (escapes and line ends already processed) and
 * references resolved at run time by template.h. */

enum vet_refkind {
	VET_R_IUT = 1,   /* ${iut.host} ... (comp: enum vet_epcomp) */
	VET_R_AGENT,     /* ${alice.port} ... (agent, comp) */
	VET_R_TRANSPORT, /* ${transport} "UDP", ${transport.lower} "udp" (comp) */
	VET_R_BRANCH,    /* ${branch}: "z9hG4bK" + random, fresh per send step */
	VET_R_TAG,       /* ${tag}: random, fresh per send step */
	VET_R_CALL_ID,   /* ${call_id}: random, one per case run */
	VET_R_CSEQ,      /* ${cseq}: the sending agent's CSeq counter */
	VET_R_CAPTURE,   /* ${name}: a captured variable (slot) */
	VET_R_MSG,       /* ${step.field}: a field of an earlier message (step, field) */
	VET_R_CLEN,      /* "Content-Length: auto": the body length, filled last */
};

/* Endpoint components for VET_R_IUT / VET_R_AGENT. */
enum vet_epcomp {
	VET_EP_HOST = 1, /* IPv6 in brackets, as in a URI */
	VET_EP_PORT,
	VET_EP_ADDR, /* host:port */
	VET_EP_USER,
	VET_EP_DOMAIN,  /* iut only: the profile's domain (host when none) */
	VET_EP_URI,     /* iut: sip:user@domain (sip:host:port without a
	                 * profile domain); agent: sip:user@host:port */
	VET_EP_CONTACT, /* agent: <sip:user@host:port;transport=tcp>; udp: no param */
	VET_EP_TAG,     /* agent: its From tag, random, one per agent per run */
	VET_EP_NAME,    /* agent: its name */
};

/* ${transport} comps. */
enum { VET_TPC_UPPER = 0, VET_TPC_LOWER = 1 };

struct vet_ref {
	enum vet_refkind kind;
	int comp;               /* enum vet_epcomp for IUT/AGENT; VET_TPC_* for TRANSPORT */
	int agent;              /* VET_R_AGENT: index into vet_case.agents */
	int slot;               /* VET_R_CAPTURE: index into vet_case.captures */
	int step;               /* VET_R_MSG: index into vet_case.steps */
	struct vet_field field; /* VET_R_MSG */
	struct vet_loc loc;
};

struct vet_part {
	const char *lit; /* literal octets (NULL for a reference); may hold NULs */
	size_t len;
	struct vet_ref ref; /* when lit is NULL */
};

struct vet_tpl {
	struct vet_part *parts;
	size_t nparts;
	unsigned char has_clen;   /* a VET_R_CLEN part is present */
	unsigned char is_request; /* 1 request, 0 response, 2 unknown (starts with
	                           * a reference); decided on the first token */
	struct sip_str method;    /* request: the method (e.g. for CSeq counting) */
	struct vet_loc loc;
};

/* ------------------------------------------------------------------ */
/* Matchers (FORMAT.md "Matchers"). */

enum vet_mkind {
	VET_M_STATUS = 1, /* status code in one of the ranges */
	VET_M_METHOD,     /* request method in a list */
	VET_M_FIELD,      /* a predicate on a field */
	VET_M_RETRANS,    /* is a retransmission of an earlier message */
	VET_M_ALL,        /* every sub-matcher (an any_of alternative) */
	VET_M_ANY_OF,     /* at least one sub-matcher (each a VET_M_ALL) */
	VET_M_NOT,        /* the one sub-matcher fails */
};

enum vet_pred {
	VET_P_PRESENT = 1, /* field present (header there, parameter there) */
	VET_P_ABSENT,
	VET_P_COUNT,   /* number of header values == count */
	VET_P_EQUALS,  /* equals the rendered template (see match.h for rules) */
	VET_P_REGEX,   /* POSIX ERE matches somewhere (anchor with ^$) */
	VET_P_SAME_AS, /* same as field same_field of message same_step */
	VET_P_EMPTY,   /* body: no octets */
	VET_P_SDP,     /* body: an application/sdp body that parses */
};

struct vet_range {
	unsigned lo, hi; /* inclusive: 200-200, 200-299 for "2xx" */
};

enum vet_retrans_by {
	VET_RT_BYTES = 0,   /* byte-identical (RFC 3261 17.1.1.2, 17.2.1) */
	VET_RT_TRANSACTION, /* same top Via branch, CSeq, method or status
	                     * (the transaction identity of 17.1.3 / 17.2.3) */
};

struct vet_match {
	enum vet_mkind kind;
	struct vet_loc loc;
	const char *rfc;  /* "RFC 3261 8.2.6.2" or NULL: the step's applies */
	const char *note; /* why (any_of alternatives: which text allows it) */
	/* VET_M_STATUS */
	struct vet_range *ranges;
	size_t nranges;
	/* VET_M_METHOD */
	const char **methods;
	size_t nmethods;
	/* VET_M_FIELD */
	struct vet_field field;
	enum vet_pred pred;
	unsigned count;       /* VET_P_COUNT */
	struct vet_tpl value; /* VET_P_EQUALS: rendered with the run's variables */
	regex_t *re;          /* VET_P_REGEX: compiled (REG_EXTENDED|REG_NOSUB) */
	const char *re_src;
	unsigned char nocase; /* EQUALS/REGEX: ASCII case-insensitive */
	int same_step;        /* VET_P_SAME_AS */
	struct vet_field same_field;
	/* VET_M_RETRANS */
	int rt_step;
	enum vet_retrans_by rt_by;
	/* VET_M_ALL / ANY_OF / NOT */
	struct vet_match *sub;
	size_t nsub;
};

/* ------------------------------------------------------------------ */
/* Ignore selectors: messages dropped when no step wants them. */

enum vet_ignkind {
	VET_IGN_STATUS = 1, /* a response whose status is in range */
	VET_IGN_METHOD,     /* a request with this method */
	VET_IGN_RETRANS,    /* byte-identical to a message this agent already got */
};

struct vet_ignore {
	enum vet_ignkind kind;
	struct vet_range range;
	const char *method;
};

/* ------------------------------------------------------------------ */
/* Captures: "name: field" or with a regex group. */

struct vet_capture {
	int slot; /* index into vet_case.captures */
	struct vet_field field;
	regex_t *re; /* NULL: the whole field; else group `group` of re (0: the match) */
	unsigned group;
	struct vet_loc loc;
};

/* ------------------------------------------------------------------ */
/* Timing constraints (FORMAT.md "Timing"). Reference points are steps: the
 * time a send step sent its message, an expect step received its message,
 * a trigger step ran, a wait/nothing step ended. */

struct vet_timing {
	unsigned char has_within; /* arrive no later than `within` after `after` */
	unsigned char has_at;     /* arrive at at +/- tol after `after` */
	struct vet_dur within;
	struct vet_dur at, tol;
	int after; /* step index; -1: the previous step (the step start) */
	struct vet_loc loc;
};

/* 0 when `arrival_us` satisfies t, given the reference time `ref_us`;
 * otherwise 1, with lo/hi (microseconds after ref) set to the window. */
int vet_timing_check(const struct vet_timing *t, const struct vet_timers *tm, uint64_t ref_us,
                     uint64_t arrival_us, uint64_t *lo_us, uint64_t *hi_us);

/* ------------------------------------------------------------------ */
/* Steps */

enum vet_stepkind {
	VET_S_SEND = 1,
	VET_S_EXPECT,
	VET_S_NOTHING, /* expect no message for a duration */
	VET_S_WAIT,    /* let time pass, then go on */
	VET_S_TRIGGER, /* ask the IUT to act (upper tester) */
};

/* Triggers (FORMAT.md "Triggers"): mapped by the runner to the reference
 * control API (ua.h), sipref's control socket, or the profile's commands. */
enum vet_action {
	VET_A_CALL = 1, /* INVITE to args "to" */
	VET_A_CANCEL,   /* CANCEL the pending INVITE */
	VET_A_HANGUP,   /* BYE the established dialog */
	VET_A_REINVITE, /* re-INVITE in the dialog */
	VET_A_OPTIONS,  /* OPTIONS to args "to" */
	VET_A_REGISTER, /* REGISTER (args: expires, contact) */
	VET_A_ANSWER,   /* answer the incoming call (args: status) */
};
const char *vet_action_name(enum vet_action a); /* "call" ... */

struct vet_arg {
	const char *key;      /* "to", "expires", ... */
	struct vet_tpl value; /* rendered at run time */
};

enum vet_sendsrc {
	VET_SRC_TEXT = 1, /* "text": LF -> CRLF, blank line ensured */
	VET_SRC_BYTES,    /* "bytes": escapes, no line-end processing */
	VET_SRC_FILE,     /* "file": a template read at load time */
	VET_SRC_TORTURE,  /* "torture": corpus/torture file, sent verbatim */
};

struct vet_send {
	enum vet_sendsrc src;
	struct vet_tpl msg;     /* every source ends up as a template */
	const char *path;       /* file/torture: resolved path, for reports */
	unsigned char verbatim; /* no variables, no Content-Length: auto */
};

enum vet_expkind {
	VET_X_ANY = 0, /* request or response (matchers decide) */
	VET_X_REQUEST,
	VET_X_RESPONSE,
};

struct vet_expect {
	enum vet_expkind what;
	struct vet_match *match; /* all must hold; `response:`/`request:` sugar
	                          * is the first matcher */
	size_t nmatch;
	struct vet_capture *captures;
	size_t ncaptures;
	struct vet_ignore *ignore; /* step-level, in addition to the case's */
	size_t nignore;
	unsigned char optional; /* a non-matching message goes to the next step */
};

struct vet_step {
	enum vet_stepkind kind;
	struct vet_loc loc;
	const char *name;          /* NULL when unnamed; unique within the case */
	const char *rfc;           /* the RFC section the step checks, or NULL */
	const char *note;          /* free text for the report, or NULL */
	int agent;                 /* SEND/EXPECT: index; NOTHING: -1 means every agent */
	struct vet_timing timing;  /* EXPECT (within/at); SEND (at: send time) */
	struct vet_send send;      /* VET_S_SEND */
	struct vet_expect expect;  /* VET_S_EXPECT */
	struct vet_dur dur;        /* VET_S_NOTHING, VET_S_WAIT */
	struct vet_ignore *ignore; /* VET_S_NOTHING: tolerated messages */
	size_t nignore;
	enum vet_action action; /* VET_S_TRIGGER */
	struct vet_arg *args;
	size_t nargs;
	/* `precondition: true` (FORMAT.md "Preconditions"): the step sets up
	 * what the case is about (e.g. the 2xx that establishes a dialog before
	 * a re-INVITE); when it does not hold the verdict is inconclusive, not
	 * fail (TTCN-3: the test could not reach its purpose). */
	unsigned char precondition;
};

/* ------------------------------------------------------------------ */
/* The case */

struct vet_agent {
	const char *name; /* unique; not "iut" nor a reserved variable name */
	const char *user; /* default: the name */
	struct vet_loc loc;
};

struct vet_case {
	const char *file; /* path as given to the loader */
	const char *id;   /* unique across a directory, [A-Za-z0-9._-]+ */
	const char *title;
	const char *description; /* optional */
	const char **rfc;        /* "RFC 3261 8.2.2.1" ... */
	size_t nrfc;
	const char **etsi; /* checked against the ETSI catalogue */
	size_t netsi;
	const char **tags;
	size_t ntags;
	unsigned roles;           /* enum vet_role bits; never 0 */
	unsigned transports;      /* enum vet_transport bits; never 0 */
	struct vet_agent *agents; /* at least one */
	size_t nagents;
	struct vet_step *steps; /* at least one */
	size_t nsteps;
	const char **captures; /* capture variable names; slot = index */
	size_t ncaptures;
	struct vet_ignore *ignore; /* case-level */
	size_t nignore;
	struct vet_dur timeout; /* default `within` of expect steps (64 T1) */
	struct vet_loc loc;
	/* private */
	struct sip_arena arena;
	regex_t **regexes; /* every regex_t, for regfree */
	size_t nregexes, capregexes;
	const struct sip_allocator *a;
};

/* ------------------------------------------------------------------ */
/* Loading */

struct vet_load_opts {
	const struct sip_allocator *a; /* NULL: sip_allocator_default() */
	/* Root of corpus/torture for `torture:` sends; NULL: SIPVET_SOURCE_DIR
	 * "/corpus/torture". */
	const char *torture_dir;
	/* Base directory for `file:` sends; NULL: the case file's directory. */
	const char *base_dir;
	/* 1: skip reading `file:`/`torture:` (fuzzing: no file system access);
	 * such sends get an empty template. */
	unsigned char no_files;
};

/* Loads one case from bytes (file is used for messages and base_dir).
 * Returns 0 and *out (free with vet_case_free), or SIP_EPARSE with errors in
 * d (d may be NULL), or SIP_ENOMEM. Never crashes on any input. */
int vet_case_load_mem(const char *file, const void *buf, size_t len, const struct vet_load_opts *o,
                      struct vet_case **out, struct vet_diag *d);

/* Reads and loads one file. As vet_case_load_mem; an unreadable file is
 * SIP_EPARSE with "file: cannot read: <strerror>". */
int vet_case_load_file(const char *path, const struct vet_load_opts *o, struct vet_case **out,
                       struct vet_diag *d);

void vet_case_free(struct vet_case *c);

/* A set of cases: every *.yaml under a directory, recursively, sorted by
 * path. */
struct vet_caseset {
	struct vet_case **cases;
	size_t n, cap;
	const struct sip_allocator *a;
};

/* Loads every *.yaml file under dir (recursively, sorted by path) and
 * appends them to set. Keeps going after an error to report every broken
 * file; duplicate ids are errors naming both files. Returns 0 when every
 * file loaded, SIP_EPARSE when any failed (the good ones are still in set),
 * SIP_ENOMEM. */
int vet_caseset_load_dir(struct vet_caseset *set, const char *dir, const struct vet_load_opts *o,
                         struct vet_diag *d);
/* Adds one loaded case, checking its id against those in set (SIP_EPARSE
 * and a diagnostic on a duplicate; the case is then freed). */
int vet_caseset_add(struct vet_caseset *set, struct vet_case *c, struct vet_diag *d);
void vet_caseset_free(struct vet_caseset *set);

/* Lookups. -1 when absent. */
int vet_case_agent(const struct vet_case *c, const char *name, size_t len);
int vet_case_step(const struct vet_case *c, const char *name, size_t len);

/* ETSI TS 102 027-2 catalogue (compiled in from the purposes JSON).
 * 1 when id is a known test purpose identifier. */
int vet_etsi_known(const char *id, size_t len);
size_t vet_etsi_count(void);

#endif

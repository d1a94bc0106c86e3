/* sipvet: targets, the implementations under test (DESIGN.md "The suite").
 *
 * A target says what the IUT is (its roles, transports and timer values) and
 * opens one session per case run. A session owns the run's agents (the
 * tester's peers: in-process virtual addresses for the reference target,
 * sockets for the others), sends their messages to the IUT, hands back what
 * the IUT sends them, one framed message at a time, keeps the run's clock and
 * performs triggers (the upper tester).
 *
 *   reference          the reference stack in process, virtual clock
 *                      (target_ref.c): waiting costs nothing
 *   sipref             the sipref binary next to sipvet, one process per case
 *                      run on loopback, triggers through its control protocol
 *                      (target_sipref.c, target_net.c)
 *   udp:HOST:PORT      a remote IUT over real sockets, real time, described by
 *   tcp:HOST:PORT      a profile; triggers run the profile's commands
 *                      (target_net.c); IPv6 literals in brackets
 *
 * Times are microseconds since the session opened, on the target's clock
 * (virtual for the reference target). A target is shared by concurrent
 * sessions (one per worker thread); a session is used by one thread. */
#ifndef VET_TARGET_H
#define VET_TARGET_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "case.h"
#include "sipref/str.h"
#include "template.h"

struct vet_profile; /* profile.h */
struct vet_target;
struct vet_sess;

/* What a target is, for the scheduler and the skip decisions. */
struct vet_target_info {
	const char *name;           /* as given: "reference", "sipref", "udp:[::1]:5060" */
	unsigned roles;             /* enum vet_role bits the IUT plays */
	unsigned transports;        /* enum vet_transport bits the target offers */
	struct vet_timers timers;   /* T1/T2/T4 the IUT uses */
	unsigned char virtual_time; /* 1: waiting is free (reference) */
	unsigned default_jobs;      /* -j default: enough that 64 T1 cases overlap */
};

/* Opens the target named by spec ("reference", "sipref", "udp:HOST:PORT",
 * "tcp:HOST:PORT"). prof may be NULL (a remote target then plays the roles
 * "uas" only and has no triggers). self is argv[0] of sipvet (to find the
 * sipref binary next to it; /proc/self/exe is preferred). Returns 0 and
 * *out, or -1 with a one-line reason in err. */
int vet_target_open(struct vet_target **out, const char *spec, const struct vet_profile *prof,
                    const char *self, char *err, size_t errlen);
void vet_target_close(struct vet_target *t);
const struct vet_target_info *vet_target_info(const struct vet_target *t);

/* One run of one case. */
struct vet_sess_cfg {
	const struct vet_case *c;
	unsigned transport; /* one enum vet_transport bit */
	uint64_t seed;      /* reproducible runs on the reference target */
	/* Set asynchronously (SIGINT): the session stops waiting and its calls
	 * return VET_SESS_STOPPED. May be NULL. */
	const volatile sig_atomic_t *stop;
};

/* Session return codes, besides 0 / 1. */
enum {
	VET_SESS_ERROR = -1,   /* tester-side problem: err says what (verdict error) */
	VET_SESS_STOPPED = -2, /* interrupted */
};

/* Opens a session: binds the agents' addresses, starts the IUT process when
 * there is one. 0, or VET_SESS_ERROR with err set (e.g. a bind failure). */
int vet_sess_open(struct vet_target *t, const struct vet_sess_cfg *cfg, struct vet_sess **out,
                  char *err, size_t errlen);
/* Stops whatever the session started (processes are reaped) and frees it. */
void vet_sess_close(struct vet_sess *s);

/* The IUT's and the agents' addresses as templates see them (template.h).
 * Strings point into the session and live until vet_sess_close. agents has
 * cfg->c->nagents entries. */
void vet_sess_endpoints(struct vet_sess *s, struct vet_endpoint *iut, struct vet_endpoint *agents);

/* The session's clock: microseconds since it opened. */
uint64_t vet_sess_now(struct vet_sess *s);

/* Where a message went, for the record (struct vet_msg). */
struct vet_wire {
	uint64_t t_us;
	char src[64], dst[64]; /* "127.0.0.1:5060", "[::1]:5070" */
	char transport[8];     /* "UDP", "TCP" */
};

/* Sends buf[0..len) from agent to the IUT over the session's transport
 * (streams: the agent's open connection to the IUT, or a new one). 0 and *w,
 * VET_SESS_ERROR, VET_SESS_STOPPED. */
int vet_sess_send(struct vet_sess *s, int agent, const void *buf, size_t len, struct vet_wire *w,
                  char *err, size_t errlen);

/* A message the IUT sent. agent is the receiving agent, or -1 when the IUT
 * sent it to an address no agent owns (recorded, never offered to a step).
 * buf is one datagram or one framed stream message (framing errors deliver
 * what is left of the stream and close it); valid until the next call on
 * the session. */
struct vet_rx {
	int agent;
	int stream; /* 1: framed from a stream (parse with SIP_PARSE_STREAM) */
	struct vet_wire w;
	const char *buf;
	size_t len;
};

/* Waits until the IUT sends a message or the clock reaches deadline_us.
 * 1 and *rx, 0 when the deadline passed (the clock then reads deadline_us
 * on a virtual clock, at least that on a real one), VET_SESS_ERROR,
 * VET_SESS_STOPPED. */
int vet_sess_recv(struct vet_sess *s, uint64_t deadline_us, struct vet_rx *rx, char *err,
                  size_t errlen);

/* A trigger's rendered arguments. */
struct vet_targ {
	const char *key;
	struct sip_str val;
};

/* Asks the IUT to act (FORMAT.md "trigger"). 0, VET_SESS_ERROR (the action
 * is not available on this target, or it failed: err says why),
 * VET_SESS_STOPPED. */
int vet_sess_trigger(struct vet_sess *s, enum vet_action a, const struct vet_targ *args,
                     size_t nargs, char *err, size_t errlen);

/* ------------------------------------------------------------------ */
/* Internals shared by target_*.c: each kind of target fills these. */

struct vet_sess_ops {
	void (*close)(struct vet_sess *s);
	void (*endpoints)(struct vet_sess *s, struct vet_endpoint *iut,
	                  struct vet_endpoint *agents);
	uint64_t (*now)(struct vet_sess *s);
	int (*send)(struct vet_sess *s, int agent, const void *buf, size_t len, struct vet_wire *w,
	            char *err, size_t errlen);
	int (*recv)(struct vet_sess *s, uint64_t deadline_us, struct vet_rx *rx, char *err,
	            size_t errlen);
	int (*trigger)(struct vet_sess *s, enum vet_action a, const struct vet_targ *args,
	               size_t nargs, char *err, size_t errlen);
};

struct vet_sess {
	const struct vet_sess_ops *ops;
};

struct vet_target {
	struct vet_target_info info;
	int (*sess_open)(struct vet_target *t, const struct vet_sess_cfg *cfg,
	                 struct vet_sess **out, char *err, size_t errlen);
	void (*close)(struct vet_target *t);
};

int vet__target_ref_open(struct vet_target **out, char *err, size_t errlen);
/* kind: "udp" / "tcp" with host and port of a remote IUT; or sipref (path of
 * the binary, host NULL). */
int vet__target_net_open(struct vet_target **out, const char *spec, unsigned tp, const char *host,
                         uint16_t port, const struct vet_profile *prof, char *err, size_t errlen);
int vet__target_sipref_open(struct vet_target **out, const char *bin, char *err, size_t errlen);

/* The value of trigger argument key, or an empty slice with .p NULL. */
struct sip_str vet__targ_get(const struct vet_targ *args, size_t n, const char *key);

/* The reference and sipref UAs answer incoming calls by configuration, not
 * on command: a case's `answer` trigger (FORMAT.md) selects the answer the
 * IUT is configured with for that run. Returns the status of the first
 * `answer` trigger whose status is a literal (default 200), 0 when the case
 * has none. */
unsigned vet__case_answer_status(const struct vet_case *c);

/* The account of the embedded targets (reference, sipref): the IUT answers
 * authentication challenges with it. */
#define VET_EMBEDDED_USER     "sipvet"
#define VET_EMBEDDED_PASSWORD "sipvet"

#endif

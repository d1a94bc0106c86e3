/* sipvet: target profiles (cases/PROFILE.md): what the suite needs to know
 * about a remote IUT that the wire cannot tell it: its roles, domain and
 * accounts, its timer values, how to make it originate requests (trigger
 * commands), how its requests reach the tester, and which cases are
 * expected to fail (waivers).
 *
 * Same error quality as case files: "file:line:col: message", unknown keys
 * listed, never a crash or leak on any input. */
#ifndef VET_PROFILE_H
#define VET_PROFILE_H

#include <stdint.h>

#include "case.h"
#include "sipref/buf.h"

struct vet_account {
	const char *user;
	const char *password; /* may be NULL */
	struct vet_loc loc;
};

struct vet_waiver {
	const char *case_id;
	const char *reason; /* required: a waiver says why */
	struct vet_loc loc;
};

/* How requests the IUT originates reach the tester's agents. */
enum vet_downstream {
	VET_DS_DIRECT = 0, /* to the URI the trigger names (an agent's address) */
	VET_DS_REGISTER,   /* the agent registers with the IUT first; the IUT
	                    * routes to the registered contact */
	VET_DS_FIXED,      /* the IUT sends to a configured next hop
	                    * (ds_host:ds_port) where an agent must listen */
};

/* Placeholder of a trigger command: ${name} is replaced by the value,
 * single-quoted for /bin/sh. */
struct vet_kv {
	const char *key;
	struct sip_str val;
};

struct vet_profile {
	const char *file;
	const char *name;     /* free text, NULL when absent */
	unsigned roles;       /* enum vet_role bits; never 0 */
	unsigned transports;  /* enum vet_transport bits; 0: not said */
	const char *domain;   /* NULL: the IUT's host */
	const char *iut_user; /* ${iut.user}; NULL when absent */
	struct vet_account *users;
	size_t nusers;
	struct vet_timers timers;               /* RFC 3261 defaults unless given */
	const char *triggers[VET_A_ANSWER + 1]; /* by enum vet_action; NULL: none */
	struct vet_loc trigger_loc[VET_A_ANSWER + 1];
	enum vet_downstream downstream;
	const char *ds_host; /* VET_DS_FIXED */
	uint16_t ds_port;
	struct vet_waiver *waivers;
	size_t nwaivers;
	/* private */
	struct sip_arena arena;
};

/* Loads a profile. 0 and *out (free with vet_profile_free), SIP_EPARSE
 * (errors in d) or SIP_ENOMEM. a: NULL for the default allocator. */
int vet_profile_load_mem(const char *file, const void *buf, size_t len,
                         const struct sip_allocator *a, struct vet_profile **out,
                         struct vet_diag *d);
int vet_profile_load_file(const char *path, const struct sip_allocator *a, struct vet_profile **out,
                          struct vet_diag *d);
void vet_profile_free(struct vet_profile *p);

/* The waiver for a case id, or NULL. */
const struct vet_waiver *vet_profile_waiver(const struct vet_profile *p, const char *case_id);

/* Reports waivers naming no case of set (a stale waiver hides nothing but
 * is most likely a typo). Returns the number reported. */
unsigned vet_profile_check_waivers(const struct vet_profile *p, const struct vet_caseset *set,
                                   struct vet_diag *d);

/* Placeholders a trigger command may use (PROFILE.md): the trigger's args
 * (to, expires, contact, status), iut.host iut.port iut.addr iut.uri
 * iut.user iut.domain, transport, transport.lower, user, password, case.
 * Validated at load time. */
extern const char *const vet_profile_placeholders[];

/* Expands the command of action a with kv[0..n) into out (NUL not added).
 * Every value is single-quoted for /bin/sh, so a value cannot inject shell
 * syntax. A placeholder with no entry in kv expands to ''.
 * Returns 0, SIP_ENOENT when the profile has no command for a. */
int vet_profile_expand(const struct vet_profile *p, enum vet_action a, const struct vet_kv *kv,
                       size_t n, struct sip_buf *out);

#endif

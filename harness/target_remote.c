/* sipvet: --target udp:HOST:PORT / tcp:HOST:PORT, a remote IUT in real time
 * (DESIGN.md "Targets"), described by a profile (cases/PROFILE.md): its
 * roles, domain and user, timer values, and the trigger commands that make
 * it originate requests, run with /bin/sh and their placeholders
 * substituted (single-quoted by vet_profile_expand). The agents are the
 * socket sessions of target_net.c on the local address that routes to the
 * IUT. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "profile.h"
#include "target_int.h"

struct remote {
	struct vet_target base;
	const struct vet_profile *prof;
	char spec[300];
	char host[64];  /* IP literal */
	char local[64]; /* the local IP agents bind */
	uint16_t port;
};

/* Per-session state of the trigger hook. */
struct remote_hook {
	struct remote *r;
	const struct vet_case *c;
	unsigned tp;
	const volatile sig_atomic_t *stop;
};

#define REMOTE_TRIGGER_MS 15000

static int remote_trigger(void *ud, struct vet__net_sess *ns, enum vet_action a,
                          const struct vet_targ *args, size_t nargs, char *err, size_t errlen)
{
	struct remote_hook *h = ud;
	const struct vet_profile *p = h->r->prof;
	struct vet_kv kv[32];
	size_t n = 0, i;
	char port[8], addr[80], uri[200], cmd[4096];
	struct sip_buf b;
	int rc;
	(void)ns;
	if (!p || !p->triggers[a]) {
		snprintf(err, errlen, "%s: the profile has no trigger command for it",
		         vet_action_name(a) ? vet_action_name(a) : "trigger");
		return VET_SESS_ERROR;
	}
	for (i = 0; i < nargs && n < 8; i++)
		kv[n++] = (struct vet_kv){args[i].key, args[i].val};
	snprintf(port, sizeof(port), "%u", (unsigned)h->r->port);
	snprintf(addr, sizeof(addr), "%s%s%s:%u", strchr(h->r->host, ':') ? "[" : "", h->r->host,
	         strchr(h->r->host, ':') ? "]" : "", (unsigned)h->r->port);
	if (p->iut_user)
		snprintf(uri, sizeof(uri), "sip:%s@%s", p->iut_user, p->domain ? p->domain : addr);
	else
		snprintf(uri, sizeof(uri), "sip:%s", addr);
#define KV(k, v) kv[n++] = (struct vet_kv){(k), sip_str_make((v), strlen(v))}
	KV("iut.host", h->r->host);
	KV("iut.port", port);
	KV("iut.addr", addr);
	KV("iut.uri", uri);
	if (p->iut_user)
		KV("iut.user", p->iut_user);
	KV("iut.domain", p->domain ? p->domain : h->r->host);
	KV("transport", h->tp == VET_TP_TCP ? "TCP" : "UDP");
	KV("transport.lower", h->tp == VET_TP_TCP ? "tcp" : "udp");
	if (p->nusers && p->users[0].user)
		KV("user", p->users[0].user);
	if (p->nusers && p->users[0].password)
		KV("password", p->users[0].password);
	KV("case", h->c->id);
#undef KV
	sip_buf_init(&b, cmd, sizeof(cmd) - 1);
	if (vet_profile_expand(p, a, kv, n, &b) || !sip_buf_ok(&b)) {
		snprintf(err, errlen, "%s: the trigger command does not expand (or is too long)",
		         vet_action_name(a));
		return VET_SESS_ERROR;
	}
	cmd[b.len] = '\0';
	rc = vet__run_command(cmd, REMOTE_TRIGGER_MS, h->stop, err, errlen);
	if (rc == -2)
		return VET_SESS_STOPPED;
	return rc ? VET_SESS_ERROR : 0;
}

static void remote_hook_close(void *ud)
{
	free(ud);
}

static int remote_sess_open(struct vet_target *t, const struct vet_sess_cfg *cfg,
                            struct vet_sess **out, char *err, size_t errlen)
{
	struct remote *r = (struct remote *)t;
	struct remote_hook *h = calloc(1, sizeof(*h));
	struct vet__net_hooks hooks;
	struct vet__net_iut iut;
	if (!h) {
		snprintf(err, errlen, "out of memory");
		return VET_SESS_ERROR;
	}
	h->r = r;
	h->c = cfg->c;
	h->tp = cfg->transport;
	h->stop = cfg->stop;
	memset(&hooks, 0, sizeof(hooks));
	hooks.ud = h;
	hooks.trigger = remote_trigger;
	hooks.close = remote_hook_close;
	memset(&iut, 0, sizeof(iut));
	iut.host = r->host;
	iut.port = r->port;
	iut.user = r->prof ? r->prof->iut_user : NULL;
	iut.domain = r->prof ? r->prof->domain : NULL;
	iut.local = r->local;
	return vet__net_sess_open(cfg, &iut, &hooks, out, err, errlen);
}

static void remote_close(struct vet_target *t)
{
	free(t);
}

/* The local address that routes to host: a connected UDP socket knows. */
static int local_for(const struct sockaddr_storage *to, socklen_t tl, char *out, size_t cap)
{
	struct sockaddr_storage me;
	socklen_t ml = sizeof(me);
	int fd = socket(to->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = -1;
	if (fd < 0)
		return -1;
	if (connect(fd, (const struct sockaddr *)to, tl) == 0 &&
	    getsockname(fd, (struct sockaddr *)&me, &ml) == 0) {
		const void *ip = me.ss_family == AF_INET6
		                         ? (const void *)&((struct sockaddr_in6 *)&me)->sin6_addr
		                         : (const void *)&((struct sockaddr_in *)&me)->sin_addr;
		if (inet_ntop(me.ss_family, ip, out, (socklen_t)cap))
			rc = 0;
	}
	close(fd);
	return rc;
}

int vet__target_net_open(struct vet_target **out, const char *spec, unsigned tp, const char *host,
                         uint16_t port, const struct vet_profile *prof, char *err, size_t errlen)
{
	struct remote *r = calloc(1, sizeof(*r));
	struct addrinfo hints, *ai = NULL;
	struct sockaddr_storage ss;
	socklen_t sl;
	int gai;
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* Only requests the IUT sends straight to the URI a trigger names
	 * (an agent's address) reach the agents in this version. */
	if (prof && prof->downstream != VET_DS_DIRECT) {
		snprintf(err, errlen,
		         "profile: downstream mode %s is not supported yet (only direct: the "
		         "IUT sends to the URI the trigger names)",
		         prof->downstream == VET_DS_FIXED ? "fixed" : "register");
		free(r);
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = tp == VET_TP_TCP ? SOCK_STREAM : SOCK_DGRAM;
	gai = getaddrinfo(host, NULL, &hints, &ai);
	if (gai || !ai) {
		snprintf(err, errlen, "%s: %s", host, gai_strerror(gai));
		free(r);
		return -1;
	}
	if (ai->ai_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr, r->host,
		          sizeof(r->host));
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)ai->ai_addr)->sin_addr, r->host,
		          sizeof(r->host));
	freeaddrinfo(ai);
	r->port = port;
	snprintf(r->spec, sizeof(r->spec), "%s", spec);
	if (vet__make_sa(r->host, port, &ss, &sl) ||
	    local_for(&ss, sl, r->local, sizeof(r->local))) {
		snprintf(err, errlen, "%s: no local address routes there", r->host);
		free(r);
		return -1;
	}
	r->prof = prof;
	r->base.info.name = r->spec;
	r->base.info.roles = prof ? prof->roles : VET_ROLE_UAS;
	r->base.info.transports = tp;
	if (prof && prof->transports)
		r->base.info.transports &= prof->transports;
	if (prof)
		r->base.info.timers = prof->timers;
	else
		vet_timers_default(&r->base.info.timers);
	r->base.info.virtual_time = 0;
	r->base.info.default_jobs = 16;
	r->base.sess_open = remote_sess_open;
	r->base.close = remote_close;
	*out = &r->base;
	return 0;
}

/* sipvet: --target reference, the reference stack in process under a
 * virtual clock (DESIGN.md "The reference stack is sans-I/O").
 *
 * One sip_stack per case run is the IUT. Agents are virtual addresses: what
 * they send goes straight into sip_stack_recv, and what the stack queues on
 * sip_stack_poll_tx is routed to the agent whose address it targets. Waiting
 * is advancing the clock to min(next expiry, deadline) and handling the
 * expiry, so Timer B's 64*T1 costs nothing and every time is exact. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sipref/error.h"
#include "sipref/framer.h"
#include "sipref/stack.h"
#include "sipref/ua.h"
#include "target.h"

/* The stack's clock starts here (ms), far from 0 so no timer arithmetic of
 * the stack meets an edge; the session's clock is relative to it. */
#define REF_T0_MS 1000000u
/* Expiries handled without the clock moving before the stack is declared
 * stuck in a timer loop (a bug in the IUT; never in a correct stack). */
#define REF_MAX_SPIN 100000u

/* A stream connection between an agent and the stack. */
struct ref_conn {
	uint32_t id;
	int agent;
	int open;
	struct sip_addr remote; /* the agent's side */
	struct sip_framer fr;
	char *buf; /* bytes the stack wrote, not yet framed */
	size_t len, cap;
};

/* A message the stack sent, waiting for vet_sess_recv. */
struct ref_rx {
	struct vet_rx rx;
	char *bytes;
};

struct ref_sess {
	struct vet_sess base;
	const struct vet_case *c;
	unsigned tp; /* enum vet_transport bit */
	enum sip_transport stp;
	struct sip_stack *st;
	struct sip_ua_config ua;
	unsigned answer; /* configured answer status (vet__case_answer_status) */
	uint64_t now_us;
	const volatile sig_atomic_t *stop;
	struct sip_addr iut;
	struct sip_addr *agents;
	char (*hosts)[48];
	char iut_host[48];
	struct ref_conn *conns;
	size_t nconns, capconns;
	struct ref_rx *q; /* FIFO: q[qhead..qlen) */
	size_t qhead, qlen, qcap;
	char *last;    /* the buffer handed out by the last recv */
	uint32_t call; /* the call triggers act on (ua.h handle) */
	int failed;    /* out of memory while draining: reported by recv */
};

static uint64_t now_ms(const struct ref_sess *s)
{
	return REF_T0_MS + s->now_us / 1000;
}

static void addr_str(const struct sip_addr *a, char *out, size_t cap)
{
	struct sip_buf b;
	sip_buf_init(&b, out, cap - 1);
	sip_addr_print(&b, a);
	out[b.len < cap - 1 ? b.len : cap - 1] = '\0';
}

/* The agent that owns addr: the exact address, else (a Via whose sent-by
 * port differs from the agent's, e.g. a torture message sent verbatim, RFC
 * 3261 18.2.2) the one on that IP. -1 when none. */
static int route(const struct ref_sess *s, const struct sip_addr *addr)
{
	size_t i;
	for (i = 0; i < s->c->nagents; i++)
		if (sip_addr_eq(&s->agents[i], addr))
			return (int)i;
	for (i = 0; i < s->c->nagents; i++)
		if (sip_addr_eq_ip(&s->agents[i], addr))
			return (int)i;
	return -1;
}

static int enqueue(struct ref_sess *s, int agent, int stream, const struct sip_addr *src,
                   const struct sip_addr *dst, const char *buf, size_t len)
{
	struct ref_rx *r;
	if (s->qhead == s->qlen)
		s->qhead = s->qlen = 0;
	if (s->qlen == s->qcap) {
		size_t ncap = s->qcap ? s->qcap * 2 : 8;
		struct ref_rx *nq = realloc(s->q, ncap * sizeof(*nq));
		if (!nq)
			return SIP_ENOMEM;
		s->q = nq;
		s->qcap = ncap;
	}
	r = &s->q[s->qlen];
	memset(r, 0, sizeof(*r));
	r->bytes = malloc(len ? len : 1);
	if (!r->bytes)
		return SIP_ENOMEM;
	memcpy(r->bytes, buf, len);
	r->rx.agent = agent;
	r->rx.stream = stream;
	r->rx.buf = r->bytes;
	r->rx.len = len;
	r->rx.w.t_us = s->now_us;
	addr_str(src, r->rx.w.src, sizeof(r->rx.w.src));
	addr_str(dst, r->rx.w.dst, sizeof(r->rx.w.dst));
	snprintf(r->rx.w.transport, sizeof(r->rx.w.transport), "%s",
	         sip_transport_name(stream ? SIP_TP_TCP : SIP_TP_UDP));
	s->qlen++;
	return 0;
}

static struct ref_conn *conn_find(struct ref_sess *s, uint32_t id)
{
	size_t i;
	for (i = 0; i < s->nconns; i++)
		if (s->conns[i].id == id)
			return &s->conns[i];
	return NULL;
}

static struct ref_conn *conn_add(struct ref_sess *s, uint32_t id, int agent,
                                 const struct sip_addr *remote)
{
	struct ref_conn *k;
	if (s->nconns == s->capconns) {
		size_t ncap = s->capconns ? s->capconns * 2 : 4;
		struct ref_conn *n = realloc(s->conns, ncap * sizeof(*n));
		if (!n)
			return NULL;
		s->conns = n;
		s->capconns = ncap;
	}
	k = &s->conns[s->nconns++];
	memset(k, 0, sizeof(*k));
	k->id = id;
	k->agent = agent;
	k->open = 1;
	k->remote = *remote;
	sip_framer_init(&k->fr, 0);
	return k;
}

/* The stack wrote bytes on a connection: frame them into messages for the
 * agent (RFC 3261 18.3). A framing error delivers the rest as it is. */
static int conn_bytes(struct ref_sess *s, struct ref_conn *k, const char *buf, size_t len)
{
	size_t n;
	if (k->len + len > k->cap) {
		size_t ncap = k->cap ? k->cap : 1024;
		char *nb;
		while (ncap < k->len + len)
			ncap *= 2;
		nb = realloc(k->buf, ncap);
		if (!nb)
			return SIP_ENOMEM;
		k->buf = nb;
		k->cap = ncap;
	}
	memcpy(k->buf + k->len, buf, len);
	k->len += len;
	for (;;) {
		struct sip_perr perr = {0};
		enum sip_frame f = sip_framer_feed(&k->fr, k->buf, k->len, &n, &perr);
		int rc = 0;
		if (f == SIP_FRAME_NEED)
			return 0;
		if (f == SIP_FRAME_ERROR) {
			rc = enqueue(s, k->agent, 1, &s->iut, &k->remote, k->buf, k->len);
			k->len = 0;
			sip_framer_init(&k->fr, 0);
			return rc;
		}
		if (f == SIP_FRAME_MSG)
			rc = enqueue(s, k->agent, 1, &s->iut, &k->remote, k->buf, n);
		/* PING/SKIP: keep-alives (RFC 5626 3.5.1) are not messages. */
		memmove(k->buf, k->buf + n, k->len - n);
		k->len -= n;
		if (rc)
			return rc;
	}
}

static void drain_events(struct ref_sess *s)
{
	struct sip_event ev;
	int level;
	const char *line;
	while (sip_stack_poll_event(s->st, &ev))
		if (ev.call && (ev.type == SIP_EV_INCOMING_CALL || ev.type == SIP_EV_RINGING ||
		                ev.type == SIP_EV_ANSWERED))
			s->call = ev.call;
	while (sip_stack_poll_log(s->st, &level, &line))
		;
}

/* Moves everything the stack queued into the session's FIFO. */
static void drain(struct ref_sess *s)
{
	struct sip_tx tx;
	while (sip_stack_poll_tx(s->st, &tx)) {
		struct ref_conn *k;
		int rc = 0;
		switch (tx.kind) {
		case SIP_TX_SEND:
			if (tx.conn == 0) {
				rc = enqueue(s, route(s, &tx.remote), 0, &tx.local, &tx.remote,
				             tx.buf, tx.len);
				break;
			}
			k = conn_find(s, tx.conn);
			if (!k) /* a SEND without CONNECT: the stack's bug, still routed */
				k = conn_add(s, tx.conn, route(s, &tx.remote), &tx.remote);
			rc = k ? conn_bytes(s, k, tx.buf, tx.len) : SIP_ENOMEM;
			break;
		case SIP_TX_CONNECT:
			/* The agent accepts at once: a virtual peer never refuses. */
			if (!conn_add(s, tx.conn, route(s, &tx.remote), &tx.remote))
				rc = SIP_ENOMEM;
			break;
		case SIP_TX_CLOSE:
			k = conn_find(s, tx.conn);
			if (k) {
				k->open = 0;
				k->len = 0;
			}
			break;
		}
		if (rc)
			s->failed = 1;
	}
	drain_events(s);
}

static uint64_t ref_now(struct vet_sess *vs)
{
	return ((struct ref_sess *)vs)->now_us;
}

static void ref_endpoints(struct vet_sess *vs, struct vet_endpoint *iut,
                          struct vet_endpoint *agents)
{
	struct ref_sess *s = (struct ref_sess *)vs;
	size_t i;
	memset(iut, 0, sizeof(*iut));
	iut->host = sip_str_make(s->iut_host, strlen(s->iut_host));
	iut->port = s->iut.port;
	for (i = 0; i < s->c->nagents; i++) {
		const char *u = s->c->agents[i].user ? s->c->agents[i].user : s->c->agents[i].name;
		memset(&agents[i], 0, sizeof(agents[i]));
		agents[i].host = sip_str_make(s->hosts[i], strlen(s->hosts[i]));
		agents[i].port = s->agents[i].port;
		agents[i].user = sip_str_make(u, strlen(u));
	}
}

/* The agent's open connection to the stack (the most recent), opening one
 * when there is none: connection reuse, RFC 3261 18.2.2 and 18.1.1. */
static struct ref_conn *agent_conn(struct ref_sess *s, int agent)
{
	size_t i = s->nconns;
	uint32_t id;
	while (i-- > 0)
		if (s->conns[i].open && s->conns[i].agent == agent)
			return &s->conns[i];
	id = sip_stack_conn_accepted(s->st, s->stp, &s->iut, &s->agents[agent], now_ms(s));
	if (!id)
		return NULL;
	return conn_add(s, id, agent, &s->agents[agent]);
}

static int ref_send(struct vet_sess *vs, int agent, const void *buf, size_t len, struct vet_wire *w,
                    char *err, size_t errlen)
{
	struct ref_sess *s = (struct ref_sess *)vs;
	uint32_t conn = 0;
	int rc;
	if (s->stop && *s->stop)
		return VET_SESS_STOPPED;
	if (agent < 0 || (size_t)agent >= s->c->nagents) {
		snprintf(err, errlen, "no agent %d", agent);
		return VET_SESS_ERROR;
	}
	if (s->stp != SIP_TP_UDP) {
		struct ref_conn *k = agent_conn(s, agent);
		if (!k) {
			snprintf(err, errlen, "the stack refused a connection (out of memory)");
			return VET_SESS_ERROR;
		}
		conn = k->id;
	}
	memset(w, 0, sizeof(*w));
	w->t_us = s->now_us;
	addr_str(&s->agents[agent], w->src, sizeof(w->src));
	addr_str(&s->iut, w->dst, sizeof(w->dst));
	snprintf(w->transport, sizeof(w->transport), "%s", sip_transport_name(s->stp));
	rc = sip_stack_recv(s->st, s->stp, conn, &s->iut, &s->agents[agent], buf, len, now_ms(s));
	if (rc) {
		snprintf(err, errlen, "sip_stack_recv: %s", sip_strerror(rc));
		return VET_SESS_ERROR;
	}
	drain(s);
	return 0;
}

static int ref_recv(struct vet_sess *vs, uint64_t deadline_us, struct vet_rx *rx, char *err,
                    size_t errlen)
{
	struct ref_sess *s = (struct ref_sess *)vs;
	unsigned spin = 0;
	free(s->last);
	s->last = NULL;
	for (;;) {
		uint64_t exp, exp_us;
		if (s->stop && *s->stop)
			return VET_SESS_STOPPED;
		drain(s);
		if (s->failed) {
			snprintf(err, errlen, "out of memory");
			return VET_SESS_ERROR;
		}
		if (s->qhead < s->qlen) {
			*rx = s->q[s->qhead].rx;
			s->last = s->q[s->qhead].bytes;
			s->qhead++;
			return 1;
		}
		exp = sip_stack_next_expiry(s->st);
		if (exp == UINT64_MAX)
			exp_us = UINT64_MAX;
		else
			exp_us = exp <= REF_T0_MS ? 0 : (exp - REF_T0_MS) * 1000;
		if (exp_us < s->now_us)
			exp_us = s->now_us;
		if (exp_us > deadline_us) {
			if (deadline_us > s->now_us)
				s->now_us = deadline_us;
			return 0;
		}
		if (exp_us == s->now_us) {
			if (++spin > REF_MAX_SPIN) {
				snprintf(err, errlen,
				         "the reference stack fires timers at %" PRIu64
				         " ms without end",
				         exp);
				return VET_SESS_ERROR;
			}
		} else {
			spin = 0;
		}
		s->now_us = exp_us;
		sip_stack_handle_expiry(s->st, now_ms(s));
	}
}

/* The agent a trigger without a target addresses by default: the first. */
static int agent_uri(struct ref_sess *s, char *out, size_t cap)
{
	char a[64];
	addr_str(&s->agents[0], a, sizeof(a));
	return snprintf(out, cap, "sip:%s%s", a, s->stp == SIP_TP_TCP ? ";transport=tcp" : "");
}

static int ref_trigger(struct vet_sess *vs, enum vet_action act, const struct vet_targ *args,
                       size_t nargs, char *err, size_t errlen)
{
	struct ref_sess *s = (struct ref_sess *)vs;
	struct sip_str to = vet__targ_get(args, nargs, "to");
	char def[96];
	int rc = 0;
	uint32_t call;
	if (s->stop && *s->stop)
		return VET_SESS_STOPPED;
	drain(s);
	switch (act) {
	case VET_A_CALL:
		if (!to.p) {
			snprintf(err, errlen, "call: argument 'to' missing");
			return VET_SESS_ERROR;
		}
		call = sip_ua_call(s->st, to.p, to.len, now_ms(s));
		if (!call) {
			snprintf(err, errlen, "call: the reference UA refused '%.*s'",
			         (int)(to.len > 80 ? 80 : to.len), to.p);
			return VET_SESS_ERROR;
		}
		s->call = call;
		break;
	case VET_A_CANCEL:
		rc = sip_ua_cancel(s->st, s->call, now_ms(s));
		break;
	case VET_A_HANGUP:
		rc = sip_ua_hangup(s->st, s->call, now_ms(s));
		break;
	case VET_A_REINVITE:
		rc = sip_ua_reinvite(s->st, s->call, now_ms(s));
		break;
	case VET_A_OPTIONS:
		if (!to.p) {
			snprintf(err, errlen, "options: argument 'to' missing");
			return VET_SESS_ERROR;
		}
		rc = sip_ua_options(s->st, to.p, to.len, now_ms(s));
		break;
	case VET_A_REGISTER: {
		struct sip_str ex = vet__targ_get(args, nargs, "expires");
		long expires = -1;
		if (ex.p) {
			char tmp[16];
			char *end;
			snprintf(tmp, sizeof(tmp), "%.*s", (int)(ex.len > 15 ? 15 : ex.len), ex.p);
			expires = strtol(tmp, &end, 10);
			if (end == tmp || *end || expires < 0) {
				snprintf(err, errlen, "register: expires '%s' is not a number",
				         tmp);
				return VET_SESS_ERROR;
			}
		}
		if (!to.p) {
			agent_uri(s, def, sizeof(def));
			to = sip_str_make(def, strlen(def));
		}
		rc = sip_ua_register(s->st, to.p, to.len, expires, now_ms(s));
		break;
	}
	case VET_A_ANSWER: {
		/* Configured at session open (vet__case_answer_status): the
		 * UA has answered, or will, by itself. */
		struct sip_str st = vet__targ_get(args, nargs, "status");
		unsigned want = 200;
		if (st.p) {
			size_t i;
			want = 0;
			for (i = 0; i < st.len && i < 4; i++)
				want = want * 10 + (unsigned)(st.p[i] - '0');
		}
		if (want != s->answer) {
			snprintf(err, errlen,
			         "answer %u: the reference UA answers by configuration, and was "
			         "configured for %u (write the status as a literal)",
			         want, s->answer);
			return VET_SESS_ERROR;
		}
		break;
	}
	default:
		snprintf(err, errlen, "trigger %d: unknown action", (int)act);
		return VET_SESS_ERROR;
	}
	if (rc) {
		snprintf(err, errlen, "%s: %s", vet_action_name(act), sip_strerror(rc));
		return VET_SESS_ERROR;
	}
	drain(s);
	return 0;
}

static void ref_close(struct vet_sess *vs)
{
	struct ref_sess *s = (struct ref_sess *)vs;
	size_t i;
	if (!s)
		return;
	sip_stack_free(s->st);
	for (i = 0; i < s->nconns; i++)
		free(s->conns[i].buf);
	free(s->conns);
	for (i = s->qhead; i < s->qlen; i++)
		free(s->q[i].bytes);
	free(s->q);
	free(s->last);
	free(s->agents);
	free(s->hosts);
	free(s);
}

static const struct vet_sess_ops ref_ops = {
        .close = ref_close,
        .endpoints = ref_endpoints,
        .now = ref_now,
        .send = ref_send,
        .recv = ref_recv,
        .trigger = ref_trigger,
};

static int ref_sess_open(struct vet_target *t, const struct vet_sess_cfg *cfg,
                         struct vet_sess **out, char *err, size_t errlen)
{
	struct ref_sess *s = calloc(1, sizeof(*s));
	struct sip_stack_config sc;
	size_t i;
	if (!s)
		goto nomem;
	s->base.ops = &ref_ops;
	s->c = cfg->c;
	s->tp = cfg->transport;
	s->stop = cfg->stop;
	if (cfg->transport == VET_TP_UDP) {
		s->stp = SIP_TP_UDP;
	} else if (cfg->transport == VET_TP_TCP) {
		s->stp = SIP_TP_TCP;
	} else {
		snprintf(err, errlen, "the reference target offers udp and tcp only");
		ref_close(&s->base);
		return VET_SESS_ERROR;
	}
	s->agents = calloc(cfg->c->nagents ? cfg->c->nagents : 1, sizeof(*s->agents));
	s->hosts = calloc(cfg->c->nagents ? cfg->c->nagents : 1, sizeof(*s->hosts));
	if (!s->agents || !s->hosts)
		goto nomem;
	/* The IUT on 127.0.0.1:5060; agent i on its own address 127.0.0.(10+i),
	 * port 5070+i, so that a response routed by IP alone still finds it. */
	sip_addr_parse(&s->iut, "127.0.0.1:5060", 14);
	snprintf(s->iut_host, sizeof(s->iut_host), "127.0.0.1");
	for (i = 0; i < cfg->c->nagents; i++) {
		char a[48];
		int n;
		snprintf(s->hosts[i], sizeof(s->hosts[i]), "127.0.%u.%u",
		         (unsigned)((10 + i) / 250), (unsigned)((10 + i) % 250));
		n = snprintf(a, sizeof(a), "%s:%u", s->hosts[i], (unsigned)(5070 + i % 20000));
		sip_addr_parse(&s->agents[i], a, (size_t)n);
	}
	s->answer = vet__case_answer_status(cfg->c);
	s->ua.answer = SIP_UA_ANSWER_AUTO;
	/* The embedded targets' account (FORMAT.md "Triggers"): what the UA
	 * answers 401/407 challenges with (RFC 3261 22.2). */
	s->ua.auth_user = VET_EMBEDDED_USER;
	s->ua.auth_password = VET_EMBEDDED_PASSWORD;
	if (s->answer >= 300) {
		s->ua.answer = SIP_UA_ANSWER_REJECT;
		s->ua.reject_status = s->answer;
	} else if (s->answer >= 100 && s->answer < 200) {
		/* A provisional answer: ring and never answer, for CANCEL
		 * (9.2) and provisional-retransmission (17.2.1) cases. */
		s->ua.answer = SIP_UA_ANSWER_RING;
	} else if (s->answer == 0) {
		s->answer = 200; /* no answer trigger: the UA answers by itself */
	}
	memset(&sc, 0, sizeof(sc));
	sc.t1 = (uint32_t)(t->info.timers.t1_us / 1000);
	sc.t2 = (uint32_t)(t->info.timers.t2_us / 1000);
	sc.t4 = (uint32_t)(t->info.timers.t4_us / 1000);
	sc.seed = cfg->seed ? cfg->seed : 1;
	sc.ua = &s->ua;
	s->st = sip_stack_new(&sc);
	if (!s->st)
		goto nomem;
	/* Only the case's transport, as the sipref target does: a TCP case
	 * whose requests quietly went over UDP would prove nothing. */
	if (sip_stack_listen(s->st, s->stp, &s->iut))
		goto nomem;
	*out = &s->base;
	return 0;
nomem:
	snprintf(err, errlen, "reference target: out of memory");
	ref_close(s ? &s->base : NULL);
	return VET_SESS_ERROR;
}

static void ref_target_close(struct vet_target *t)
{
	free(t);
}

int vet__target_ref_open(struct vet_target **out, char *err, size_t errlen)
{
	struct vet_target *t = calloc(1, sizeof(*t));
	long ncpu;
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	t->info.name = "reference";
	/* The reference UA answers (uas), calls (uac) and registers through its
	 * control API (registrant, RFC 3261 10.2); it is not a registrar. */
	t->info.roles = VET_ROLE_UAS | VET_ROLE_UAC | VET_ROLE_REGISTRANT;
	t->info.transports = VET_TP_UDP | VET_TP_TCP;
	vet_timers_default(&t->info.timers);
	t->info.virtual_time = 1;
	ncpu = 2;
#ifdef _SC_NPROCESSORS_ONLN
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
#endif
	t->info.default_jobs = ncpu > 0 ? (unsigned)ncpu : 1;
	t->sess_open = ref_sess_open;
	t->close = ref_target_close;
	*out = t;
	return 0;
}

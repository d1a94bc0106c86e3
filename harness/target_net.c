/* sipvet: agents on real sockets, for --target udp:HOST:PORT, tcp:HOST:PORT
 * and sipref. Real time: the session's clock is CLOCK_MONOTONIC.
 *
 * Each agent owns one socket on the local address with a free port: a UDP
 * socket, or a listening TCP socket (its port is the one its Via and
 * Contact carry). Over TCP an agent sends on its open connection to the IUT
 * (one the IUT opened to it, or one it opened itself on first use: RFC 3261
 * 18.1.1, 18.2.2 connection reuse), and what arrives on a connection is
 * framed into messages (RFC 3261 18.3). Keep-alive pings are answered with a
 * pong (RFC 5626 3.5.1). */
#define _GNU_SOURCE /* accept4, pipe2: close-on-exec from the start */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sipref/framer.h"
#include "target_int.h"

#define NET_MAX_CONNS    64
#define NET_CONNECT_MS   3000
#define NET_WRITE_MS     3000
#define NET_MAX_HOOK_FDS 4

struct net_conn {
	int fd; /* -1: closed */
	int agent;
	struct sip_framer fr;
	char *buf;
	size_t len, cap;
	char local[64], remote[64];
};

struct net_agent {
	int fd; /* UDP socket or TCP listener */
	uint16_t port;
	char addr[64]; /* host:port as in a URI */
};

struct net_rx {
	struct vet_rx rx;
	char *bytes;
};

struct vet__net_sess {
	struct vet_sess base;
	const struct vet_case *c;
	unsigned tp;
	int stream;
	int family;
	struct sockaddr_storage iut;
	socklen_t iutlen;
	char iut_host[64], iut_addr[64], local[64];
	char iut_user[64], iut_domain[128];
	uint16_t iut_port;
	struct net_agent *agents;
	struct net_conn conns[NET_MAX_CONNS];
	size_t nconns;
	struct net_rx *q;
	size_t qhead, qlen, qcap;
	char *last;
	uint64_t t0;
	const volatile sig_atomic_t *stop;
	struct vet__net_hooks hooks;
	int has_hooks;
};

static uint64_t sess_now(const struct vet__net_sess *s)
{
	return vet__mono_us() - s->t0;
}

static void sa_str(const struct sockaddr_storage *ss, char *out, size_t cap)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
		inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof(ip));
		snprintf(out, cap, "[%s]:%u", ip, (unsigned)ntohs(a->sin6_port));
	} else {
		const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
		inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
		snprintf(out, cap, "%s:%u", ip, (unsigned)ntohs(a->sin_port));
	}
}

static void fd_str(int fd, int peer, char *out, size_t cap)
{
	struct sockaddr_storage ss;
	socklen_t l = sizeof(ss);
	memset(&ss, 0, sizeof(ss));
	if ((peer ? getpeername(fd, (struct sockaddr *)&ss, &l)
	          : getsockname(fd, (struct sockaddr *)&ss, &l)) != 0) {
		snprintf(out, cap, "?");
		return;
	}
	sa_str(&ss, out, cap);
}

int vet__make_sa(const char *host, uint16_t port, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (strchr(host, ':')) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		*len = sizeof(*a);
		return inet_pton(AF_INET6, host, &a->sin6_addr) == 1 ? 0 : -1;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;
		a->sin_family = AF_INET;
		a->sin_port = htons(port);
		*len = sizeof(*a);
		return inet_pton(AF_INET, host, &a->sin_addr) == 1 ? 0 : -1;
	}
}

static void conn_close(struct net_conn *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
	k->len = 0;
}

static int enqueue(struct vet__net_sess *s, int agent, int stream, const char *src, const char *dst,
                   const char *buf, size_t len)
{
	struct net_rx *r;
	if (s->qhead == s->qlen)
		s->qhead = s->qlen = 0;
	if (s->qlen == s->qcap) {
		size_t ncap = s->qcap ? s->qcap * 2 : 8;
		struct net_rx *nq = realloc(s->q, ncap * sizeof(*nq));
		if (!nq)
			return -1;
		s->q = nq;
		s->qcap = ncap;
	}
	r = &s->q[s->qlen];
	memset(r, 0, sizeof(*r));
	r->bytes = malloc(len ? len : 1);
	if (!r->bytes)
		return -1;
	memcpy(r->bytes, buf, len);
	r->rx.agent = agent;
	r->rx.stream = stream;
	r->rx.buf = r->bytes;
	r->rx.len = len;
	r->rx.w.t_us = sess_now(s);
	snprintf(r->rx.w.src, sizeof(r->rx.w.src), "%s", src);
	snprintf(r->rx.w.dst, sizeof(r->rx.w.dst), "%s", dst);
	snprintf(r->rx.w.transport, sizeof(r->rx.w.transport), "%s", stream ? "TCP" : "UDP");
	s->qlen++;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Receiving */

static int frame(struct vet__net_sess *s, struct net_conn *k)
{
	for (;;) {
		struct sip_perr perr = {0};
		size_t n = 0;
		enum sip_frame f = sip_framer_feed(&k->fr, k->buf, k->len, &n, &perr);
		if (f == SIP_FRAME_NEED)
			return 0;
		if (f == SIP_FRAME_ERROR) {
			/* The IUT wrote something unframeable: hand it over as it is
			 * and drop the connection (RFC 3261 18.3). */
			int rc = enqueue(s, k->agent, 1, k->remote, k->local, k->buf, k->len);
			conn_close(k);
			return rc;
		}
		if (f == SIP_FRAME_MSG && enqueue(s, k->agent, 1, k->remote, k->local, k->buf, n))
			return -1;
		if (f == SIP_FRAME_PING) {
			ssize_t w = write(k->fd, "\r\n", 2); /* pong, RFC 5626 3.5.1 */
			(void)w;
		}
		memmove(k->buf, k->buf + n, k->len - n);
		k->len -= n;
	}
}

static int conn_read(struct vet__net_sess *s, struct net_conn *k)
{
	for (;;) {
		ssize_t n;
		if (k->cap - k->len < 4096) {
			size_t ncap = k->cap ? k->cap * 2 : 8192;
			char *nb;
			if (ncap > (1u << 22)) { /* the IUT streams garbage: 4 MiB is plenty */
				int rc = enqueue(s, k->agent, 1, k->remote, k->local, k->buf,
				                 k->len);
				conn_close(k);
				return rc;
			}
			nb = realloc(k->buf, ncap);
			if (!nb)
				return -1;
			k->buf = nb;
			k->cap = ncap;
		}
		n = read(k->fd, k->buf + k->len, k->cap - k->len);
		if (n > 0) {
			k->len += (size_t)n;
			if (frame(s, k))
				return -1;
			if (k->fd < 0)
				return 0;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		/* Closed by the IUT or reset: what is left was never a message. */
		if (k->len && enqueue(s, k->agent, 1, k->remote, k->local, k->buf, k->len))
			return -1;
		conn_close(k);
		return 0;
	}
}

static struct net_conn *conn_add(struct vet__net_sess *s, int fd, int agent)
{
	size_t i;
	struct net_conn *k = NULL;
	for (i = 0; i < s->nconns; i++)
		if (s->conns[i].fd < 0) {
			k = &s->conns[i];
			break;
		}
	if (!k) {
		if (s->nconns == NET_MAX_CONNS)
			return NULL;
		k = &s->conns[s->nconns++];
		k->buf = NULL;
		k->cap = 0;
	}
	k->fd = fd;
	k->agent = agent;
	k->len = 0;
	sip_framer_init(&k->fr, 0);
	fd_str(fd, 0, k->local, sizeof(k->local));
	fd_str(fd, 1, k->remote, sizeof(k->remote));
	return k;
}

static int agent_input(struct vet__net_sess *s, int i)
{
	struct net_agent *a = &s->agents[i];
	if (s->stream) {
		int fd = accept4(a->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return 0;
		if (!conn_add(s, fd, i))
			close(fd);
		return 0;
	}
	for (;;) {
		char buf[65536];
		struct sockaddr_storage from;
		socklen_t fl = sizeof(from);
		char src[64];
		ssize_t n = recvfrom(a->fd, buf, sizeof(buf), MSG_DONTWAIT,
		                     (struct sockaddr *)&from, &fl);
		if (n < 0)
			return 0;
		sa_str(&from, src, sizeof(src));
		if (enqueue(s, i, 0, src, a->addr, buf, (size_t)n))
			return -1;
	}
}

/* Polls the agents, their connections and the hooks' descriptors until
 * something arrives or timeout_ms. */
static int poll_once(struct vet__net_sess *s, int timeout_ms, char *err, size_t errlen)
{
	struct pollfd pf[NET_MAX_CONNS + 64 + NET_MAX_HOOK_FDS];
	int kind[NET_MAX_CONNS + 64 + NET_MAX_HOOK_FDS], idx[NET_MAX_CONNS + 64 + NET_MAX_HOOK_FDS];
	int hfds[NET_MAX_HOOK_FDS];
	nfds_t n = 0, k;
	size_t i;
	int nh = 0;
	for (i = 0; i < s->c->nagents && n < 64; i++, n++) {
		pf[n] = (struct pollfd){.fd = s->agents[i].fd, .events = POLLIN};
		kind[n] = 0;
		idx[n] = (int)i;
	}
	for (i = 0; i < s->nconns; i++)
		if (s->conns[i].fd >= 0) {
			pf[n] = (struct pollfd){.fd = s->conns[i].fd, .events = POLLIN};
			kind[n] = 1;
			idx[n++] = (int)i;
		}
	if (s->has_hooks && s->hooks.fds)
		nh = s->hooks.fds(s->hooks.ud, hfds, NET_MAX_HOOK_FDS);
	for (int h = 0; h < nh && h < NET_MAX_HOOK_FDS; h++) {
		pf[n] = (struct pollfd){.fd = hfds[h], .events = POLLIN};
		kind[n] = 2;
		idx[n++] = hfds[h];
	}
	if (poll(pf, n, timeout_ms) <= 0)
		return 0;
	for (k = 0; k < n; k++) {
		if (!pf[k].revents)
			continue;
		if (kind[k] == 0 && agent_input(s, idx[k])) {
			snprintf(err, errlen, "out of memory");
			return VET_SESS_ERROR;
		}
		if (kind[k] == 1 && s->conns[idx[k]].fd >= 0 && conn_read(s, &s->conns[idx[k]])) {
			snprintf(err, errlen, "out of memory");
			return VET_SESS_ERROR;
		}
		if (kind[k] == 2 && s->hooks.readable(s->hooks.ud, idx[k], err, errlen))
			return VET_SESS_ERROR;
	}
	return 0;
}

static int net_recv(struct vet_sess *vs, uint64_t deadline_us, struct vet_rx *rx, char *err,
                    size_t errlen)
{
	struct vet__net_sess *s = (struct vet__net_sess *)vs;
	free(s->last);
	s->last = NULL;
	for (;;) {
		uint64_t now;
		int rc, ms;
		if (s->stop && *s->stop)
			return VET_SESS_STOPPED;
		if (s->qhead < s->qlen) {
			*rx = s->q[s->qhead].rx;
			s->last = s->q[s->qhead].bytes;
			s->qhead++;
			return 1;
		}
		now = sess_now(s);
		if (now >= deadline_us)
			return 0;
		/* Short slices so that an interrupt is seen promptly. */
		ms = (int)((deadline_us - now + 999) / 1000);
		rc = poll_once(s, ms > 100 ? 100 : ms, err, errlen);
		if (rc)
			return rc;
	}
}

int vet__net_wait_hooks(struct vet__net_sess *s, int timeout_ms, int (*done)(void *ud), void *ud,
                        char *err, size_t errlen)
{
	uint64_t end = vet__mono_us() + (uint64_t)timeout_ms * 1000;
	int hfds[NET_MAX_HOOK_FDS];
	while (!done(ud)) {
		struct pollfd pf[NET_MAX_HOOK_FDS];
		uint64_t now = vet__mono_us();
		int nh, h, ms;
		if (s->stop && *s->stop)
			return VET_SESS_STOPPED;
		if (now >= end)
			return -1;
		nh = s->hooks.fds ? s->hooks.fds(s->hooks.ud, hfds, NET_MAX_HOOK_FDS) : 0;
		if (nh <= 0 || nh > NET_MAX_HOOK_FDS) {
			snprintf(err, errlen, "the IUT's control channel is closed");
			return VET_SESS_ERROR;
		}
		for (h = 0; h < nh; h++)
			pf[h] = (struct pollfd){.fd = hfds[h], .events = POLLIN};
		ms = (int)((end - now) / 1000 + 1);
		if (poll(pf, (nfds_t)nh, ms > 100 ? 100 : ms) <= 0)
			continue;
		for (h = 0; h < nh; h++)
			if (pf[h].revents && s->hooks.readable(s->hooks.ud, pf[h].fd, err, errlen))
				return VET_SESS_ERROR;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Sending */

static int write_all(struct vet__net_sess *s, int fd, const char *p, size_t n)
{
	uint64_t end = vet__mono_us() + NET_WRITE_MS * 1000u;
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno != EAGAIN && errno != EINTR)
			return -1;
		if (vet__mono_us() >= end || (s->stop && *s->stop))
			return -1;
		{
			struct pollfd pf = {.fd = fd, .events = POLLOUT};
			poll(&pf, 1, 100);
		}
	}
	return 0;
}

static struct net_conn *agent_conn(struct vet__net_sess *s, int agent, char *err, size_t errlen)
{
	size_t i = s->nconns;
	int fd, soerr = 0;
	socklen_t sl = sizeof(soerr);
	struct pollfd pf;
	struct net_conn *k;
	while (i-- > 0)
		if (s->conns[i].fd >= 0 && s->conns[i].agent == agent)
			return &s->conns[i];
	fd = socket(s->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return NULL;
	}
	{
		/* From the agent's host; the port is the kernel's choice. */
		struct sockaddr_storage la;
		socklen_t ll;
		if (vet__make_sa(s->local, 0, &la, &ll) == 0)
			bind(fd, (struct sockaddr *)&la, ll);
	}
	if (connect(fd, (struct sockaddr *)&s->iut, s->iutlen) != 0 && errno != EINPROGRESS) {
		snprintf(err, errlen, "connect to %s: %s", s->iut_addr, strerror(errno));
		close(fd);
		return NULL;
	}
	pf = (struct pollfd){.fd = fd, .events = POLLOUT};
	if (poll(&pf, 1, NET_CONNECT_MS) <= 0 ||
	    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 || soerr) {
		snprintf(err, errlen, "connect to %s: %s", s->iut_addr,
		         soerr ? strerror(soerr) : "timed out");
		close(fd);
		return NULL;
	}
	{
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	}
	k = conn_add(s, fd, agent);
	if (!k) {
		snprintf(err, errlen, "too many connections");
		close(fd);
	}
	return k;
}

static int net_send(struct vet_sess *vs, int agent, const void *buf, size_t len, struct vet_wire *w,
                    char *err, size_t errlen)
{
	struct vet__net_sess *s = (struct vet__net_sess *)vs;
	memset(w, 0, sizeof(*w));
	if (s->stop && *s->stop)
		return VET_SESS_STOPPED;
	if (agent < 0 || (size_t)agent >= s->c->nagents) {
		snprintf(err, errlen, "no agent %d", agent);
		return VET_SESS_ERROR;
	}
	snprintf(w->transport, sizeof(w->transport), "%s", s->stream ? "TCP" : "UDP");
	snprintf(w->dst, sizeof(w->dst), "%s", s->iut_addr);
	if (!s->stream) {
		snprintf(w->src, sizeof(w->src), "%s", s->agents[agent].addr);
		w->t_us = sess_now(s);
		if (sendto(s->agents[agent].fd, buf, len, 0, (struct sockaddr *)&s->iut,
		           s->iutlen) < 0) {
			snprintf(err, errlen, "sendto %s: %s", s->iut_addr, strerror(errno));
			return VET_SESS_ERROR;
		}
		return 0;
	}
	{
		struct net_conn *k = agent_conn(s, agent, err, errlen);
		if (!k)
			return VET_SESS_ERROR;
		snprintf(w->src, sizeof(w->src), "%s", k->local);
		snprintf(w->dst, sizeof(w->dst), "%s", k->remote);
		w->t_us = sess_now(s);
		if (write_all(s, k->fd, buf, len)) {
			snprintf(err, errlen, "write to %s: %s", k->remote,
			         errno ? strerror(errno) : "timed out");
			conn_close(k);
			return VET_SESS_ERROR;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The rest of the session */

static uint64_t net_now(struct vet_sess *vs)
{
	return sess_now((struct vet__net_sess *)vs);
}

static void net_endpoints(struct vet_sess *vs, struct vet_endpoint *iut,
                          struct vet_endpoint *agents)
{
	struct vet__net_sess *s = (struct vet__net_sess *)vs;
	size_t i;
	memset(iut, 0, sizeof(*iut));
	iut->host = sip_str_make(s->iut_host, strlen(s->iut_host));
	iut->port = s->iut_port;
	iut->user = sip_str_make(s->iut_user, strlen(s->iut_user));
	iut->domain = sip_str_make(s->iut_domain, strlen(s->iut_domain));
	for (i = 0; i < s->c->nagents; i++) {
		const char *u = s->c->agents[i].user ? s->c->agents[i].user : s->c->agents[i].name;
		memset(&agents[i], 0, sizeof(agents[i]));
		agents[i].host = sip_str_make(s->local, strlen(s->local));
		agents[i].port = s->agents[i].port;
		agents[i].user = sip_str_make(u, strlen(u));
	}
}

static int net_trigger(struct vet_sess *vs, enum vet_action a, const struct vet_targ *args,
                       size_t nargs, char *err, size_t errlen)
{
	struct vet__net_sess *s = (struct vet__net_sess *)vs;
	if (s->stop && *s->stop)
		return VET_SESS_STOPPED;
	if (!s->has_hooks || !s->hooks.trigger) {
		snprintf(err, errlen,
		         "%s: this target has no triggers (give a --profile with trigger commands)",
		         vet_action_name(a) ? vet_action_name(a) : "trigger");
		return VET_SESS_ERROR;
	}
	return s->hooks.trigger(s->hooks.ud, s, a, args, nargs, err, errlen);
}

static void net_close(struct vet_sess *vs)
{
	struct vet__net_sess *s = (struct vet__net_sess *)vs;
	size_t i;
	if (!s)
		return;
	if (s->has_hooks && s->hooks.close)
		s->hooks.close(s->hooks.ud);
	for (i = 0; i < s->nconns; i++) {
		conn_close(&s->conns[i]);
		free(s->conns[i].buf);
	}
	if (s->agents)
		for (i = 0; i < s->c->nagents; i++)
			if (s->agents[i].fd >= 0)
				close(s->agents[i].fd);
	for (i = s->qhead; i < s->qlen; i++)
		free(s->q[i].bytes);
	free(s->q);
	free(s->last);
	free(s->agents);
	free(s);
}

static const struct vet_sess_ops net_ops = {
        .close = net_close,
        .endpoints = net_endpoints,
        .now = net_now,
        .send = net_send,
        .recv = net_recv,
        .trigger = net_trigger,
};

static int agent_open(struct vet__net_sess *s, struct net_agent *a, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int one = 1;
	a->fd = socket(s->family,
	               (s->stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (a->fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	if (s->stream)
		setsockopt(a->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	vet__make_sa(s->local, 0, &ss, &sl);
	if (bind(a->fd, (struct sockaddr *)&ss, sl) != 0 || (s->stream && listen(a->fd, 16) != 0)) {
		snprintf(err, errlen, "bind %s%s%s:0: %s", s->family == AF_INET6 ? "[" : "",
		         s->local, s->family == AF_INET6 ? "]" : "", strerror(errno));
		return -1;
	}
	sl = sizeof(ss);
	getsockname(a->fd, (struct sockaddr *)&ss, &sl);
	sa_str(&ss, a->addr, sizeof(a->addr));
	a->port = s->family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
	                                : ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return 0;
}

int vet__net_sess_open(const struct vet_sess_cfg *cfg, const struct vet__net_iut *iut,
                       const struct vet__net_hooks *hooks, struct vet_sess **out, char *err,
                       size_t errlen)
{
	struct vet__net_sess *s = calloc(1, sizeof(*s));
	size_t i;
	if (!s) {
		snprintf(err, errlen, "out of memory");
		if (hooks && hooks->close)
			hooks->close(hooks->ud);
		return VET_SESS_ERROR;
	}
	s->base.ops = &net_ops;
	s->c = cfg->c;
	s->tp = cfg->transport;
	s->stop = cfg->stop;
	s->t0 = vet__mono_us();
	if (hooks) {
		s->hooks = *hooks;
		s->has_hooks = 1;
	}
	if (cfg->transport != VET_TP_UDP && cfg->transport != VET_TP_TCP) {
		snprintf(err, errlen, "transport %s is not supported",
		         vet_transport_name(cfg->transport) ? vet_transport_name(cfg->transport)
		                                            : "?");
		goto fail;
	}
	s->stream = cfg->transport == VET_TP_TCP;
	snprintf(s->iut_host, sizeof(s->iut_host), "%s", iut->host);
	snprintf(s->local, sizeof(s->local), "%s", iut->local);
	snprintf(s->iut_user, sizeof(s->iut_user), "%s", iut->user ? iut->user : "");
	snprintf(s->iut_domain, sizeof(s->iut_domain), "%s", iut->domain ? iut->domain : "");
	s->iut_port = iut->port;
	if (vet__make_sa(iut->host, iut->port, &s->iut, &s->iutlen)) {
		snprintf(err, errlen, "'%s' is not an IP address", iut->host);
		goto fail;
	}
	s->family = s->iut.ss_family;
	sa_str(&s->iut, s->iut_addr, sizeof(s->iut_addr));
	s->agents = calloc(cfg->c->nagents ? cfg->c->nagents : 1, sizeof(*s->agents));
	if (!s->agents) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (i = 0; i < cfg->c->nagents; i++)
		s->agents[i].fd = -1;
	for (i = 0; i < cfg->c->nagents; i++)
		if (agent_open(s, &s->agents[i], err, errlen))
			goto fail;
	*out = &s->base;
	return 0;
fail:
	net_close(&s->base);
	return VET_SESS_ERROR;
}

const char *vet__net_agent_addr(struct vet__net_sess *s, int agent)
{
	return s->agents[agent].addr;
}

/* sipref server: the event loop, a thin shell over the sans-I/O stack
 * (include/sipref/stack.h; DESIGN.md "The reference stack is sans-I/O").
 *
 * Each round: the timeout is the stack's next expiry on CLOCK_MONOTONIC;
 * every input (a datagram, stream bytes, an accepted or lost connection, a
 * control command, a due timer) is handed to the stack with the current time
 * and followed by srv_pump(), which carries out what the stack queued. The
 * loop never blocks on a socket: all of them are nonblocking and stream
 * output waits in per-connection buffers. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "server.h"
#include "sipref/txn.h"

/* Datagrams read per readiness event before other sockets get a turn. */
#define SRV_UDP_READS 32

int srv_poll_set(struct srv *s, struct srv_handle *h, uint32_t *cur, uint32_t events)
{
	struct epoll_event ev;
	int op;

	if (*cur == events)
		return 0;
	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.ptr = h;
	op = *cur == 0 ? EPOLL_CTL_ADD : events == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD;
	if (epoll_ctl(s->ep, op, h->fd, &ev) != 0) {
		if (op == EPOLL_CTL_DEL)
			*cur = 0;
		return -1;
	}
	*cur = events;
	return 0;
}

static struct srv_sock *udp_sock_for(struct srv *s, const struct sip_tx *tx)
{
	struct srv_sock *fallback = NULL;

	for (size_t i = 0; i < s->nsocks; i++) {
		struct srv_sock *k = &s->socks[i];

		if (k->tp != SIP_TP_UDP || k->local.family != tx->remote.family)
			continue;
		if (srv_addr_same(&k->local, &tx->local))
			return k;
		if (!fallback)
			fallback = k;
	}
	return fallback;
}

static void send_udp(struct srv *s, const struct sip_tx *tx)
{
	struct srv_sock *k = udp_sock_for(s, tx);
	struct sockaddr_storage ss;
	socklen_t len;
	char ra[64];

	if (!k || srv_addr_to_sa(&tx->remote, &ss, &len) != 0) {
		srv_log(SRV_LOG_WARN, "no UDP socket for %s: %zu bytes dropped",
		        srv_addr_str(&tx->remote, ra, sizeof(ra)), tx->len);
		return;
	}
	while (sendto(k->h.fd, tx->buf, tx->len, 0, (struct sockaddr *)&ss, len) < 0) {
		if (errno == EINTR)
			continue;
		/* UDP is unreliable anyway: the transaction layer retransmits
		 * (RFC 3261 17.1.1.2, 17.1.2.2) or the loss is the peer's to
		 * recover from. */
		srv_log(errno == EAGAIN || errno == EWOULDBLOCK ? SRV_LOG_DEBUG : SRV_LOG_WARN,
		        "udp send to %s: %s", srv_addr_str(&tx->remote, ra, sizeof(ra)),
		        strerror(errno));
		return;
	}
}

static void handle_tx(struct srv *s, const struct sip_tx *tx)
{
	if (srv_log_enabled(SRV_LOG_DEBUG) && tx->kind == SIP_TX_SEND) {
		char ra[64];
		size_t first = 0;

		while (first < tx->len && first < 80 && tx->buf[first] != '\r' &&
		       tx->buf[first] != '\n')
			first++;
		srv_log(SRV_LOG_DEBUG, "send %s %s conn %u (%zu bytes): %.*s",
		        sip_transport_name(tx->tp), srv_addr_str(&tx->remote, ra, sizeof(ra)),
		        (unsigned)tx->conn, tx->len, (int)first, tx->buf);
	}
	switch (tx->kind) {
	case SIP_TX_SEND:
		if (tx->tp == SIP_TP_UDP)
			send_udp(s, tx);
		else
			srv_conn_send(s, tx);
		return;
	case SIP_TX_CONNECT:
		srv_conn_connect(s, tx);
		return;
	case SIP_TX_CLOSE:
		srv_conn_close(s, tx->conn);
		return;
	}
}

void srv_pump(struct srv *s)
{
	struct sip_event ev;
	struct sip_tx tx;
	int more = 1;

	while (more) {
		more = 0;
		/* tx is valid until the next call on the stack: handle_tx may
		 * call the stack (a failed connect) only after its last use. */
		while (sip_stack_poll_tx(s->st, &tx) == 1) {
			handle_tx(s, &tx);
			more = 1;
		}
		while (sip_stack_poll_event(s->st, &ev) == 1) {
			srv_ctl_event(s, &ev);
			more = 1;
		}
		srv_log_drain_stack(s->st);
	}
}

static void udp_read(struct srv *s, struct srv_sock *k)
{
	static char buf[65536];

	for (int i = 0; i < SRV_UDP_READS; i++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		struct sip_addr remote;
		ssize_t n = recvfrom(k->h.fd, buf, sizeof(buf), 0, (struct sockaddr *)&ss, &len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				srv_log(SRV_LOG_DEBUG, "udp receive: %s", strerror(errno));
			return;
		}
		if (srv_addr_from_sa(&remote, (struct sockaddr *)&ss, len) != 0)
			continue;
		if (sip_stack_recv(s->st, SIP_TP_UDP, 0, &k->local, &remote, buf, (size_t)n,
		                   s->now) != 0)
			srv_log(SRV_LOG_WARN, "datagram dropped: the stack is out of memory");
		srv_pump(s);
	}
}

static void signal_read(struct srv *s)
{
	struct signalfd_siginfo si;

	while (read(s->sig.fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		srv_log(SRV_LOG_INFO, "%s: shutting down",
		        si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
		s->quit = 1;
	}
}

static void dispatch(struct srv *s, struct srv_handle *h, uint32_t events)
{
	switch (h->kind) {
	case SRV_H_UDP:
		udp_read(s, (struct srv_sock *)h);
		return;
	case SRV_H_TCP_LISTEN:
		srv_conn_accept(s, (struct srv_sock *)h);
		srv_pump(s);
		return;
	case SRV_H_CONN:
		srv_conn_io(s, (struct srv_conn *)h, events);
		return;
	case SRV_H_SIGNAL:
		signal_read(s);
		return;
	case SRV_H_CTL_LISTEN:
		srv_ctl_accept(s);
		return;
	case SRV_H_CTL_CLIENT:
		srv_ctl_io(s, (struct srv_ctl_client *)h, events);
		return;
	}
}

/* Frees what the batch left dead; telling the stack about lost
 * connections may queue more work, hence the loop. */
static void reap(struct srv *s)
{
	while (srv_conn_reap(s) > 0)
		srv_pump(s);
	srv_ctl_reap(s);
}

static void expire(struct srv *s)
{
	if (sip_stack_next_expiry(s->st) <= s->now) {
		sip_stack_handle_expiry(s->st, s->now);
		srv_pump(s);
		reap(s);
	}
}

int srv_run(struct srv *s)
{
	struct epoll_event evs[64];
	int out_pending = 0;

	while (!s->quit) {
		uint64_t next;
		int timeout, n;

		s->now = srv_now_ms();
		expire(s);
		next = sip_stack_next_expiry(s->st);
		if (next == UINT64_MAX)
			timeout = -1;
		else if (next <= s->now)
			timeout = 0;
		else
			timeout = next - s->now > INT_MAX ? INT_MAX : (int)(next - s->now);
		if (srv_ctl_stdin_pending(s))
			timeout = 0;
		else if (out_pending && (timeout < 0 || timeout > 20))
			timeout = 20; /* stdout is not polled: retry soon */
		n = epoll_wait(s->ep, evs, (int)(sizeof(evs) / sizeof(evs[0])), timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			srv_log(SRV_LOG_ERROR, "epoll_wait: %s", strerror(errno));
			return 1;
		}
		s->now = srv_now_ms();
		for (int i = 0; i < n; i++)
			dispatch(s, evs[i].data.ptr, evs[i].events);
		srv_ctl_poll_stdin(s);
		reap(s);
		out_pending = srv_ctl_flush(s);
	}
	return 0;
}

static void trace(void *ud, const struct sip_txn_trace *r)
{
	(void)ud;
	srv_log(SRV_LOG_DEBUG, "txn %u %s: %s -> %s on %s (row %d, %s)", (unsigned)r->txn,
	        sip_txn_kind_name(r->kind), sip_txn_state_name(r->from), sip_txn_state_name(r->to),
	        sip_txn_event_name(r->event), r->row, r->rfc ? r->rfc : "-");
}

static int open_signals(struct srv *s)
{
	sigset_t set;
	uint32_t cur = 0;

	/* Writes to a vanished peer report EPIPE instead of killing us. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
		return -1;
	s->sig.kind = SRV_H_SIGNAL;
	s->sig.fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (s->sig.fd < 0)
		return -1;
	return srv_poll_set(s, &s->sig, &cur, EPOLLIN);
}

int srv_open(struct srv *s, const struct srv_opts *o)
{
	char la[64];

	memset(s, 0, sizeof(*s));
	s->opts = o;
	s->sig.fd = -1;
	s->ctl.listen.fd = -1;
	srv_conn_init();
	s->ep = epoll_create1(EPOLL_CLOEXEC);
	if (s->ep < 0 || open_signals(s) != 0) {
		srv_log(SRV_LOG_ERROR, "event loop setup: %s", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < o->nlisten; i++) {
		struct srv_sock *k = &s->socks[s->nsocks];
		int err = srv_sock_open(k, &o->listen[i]);

		if (err) {
			srv_log(SRV_LOG_ERROR, "--listen %s:%s: %s",
			        o->listen[i].tp == SIP_TP_UDP ? "udp" : "tcp",
			        srv_addr_str(&o->listen[i].addr, la, sizeof(la)), strerror(err));
			return -1;
		}
		s->nsocks++;
	}
	s->st = sip_stack_new(&o->stack);
	if (!s->st) {
		srv_log(SRV_LOG_ERROR, "the stack refused its configuration (or memory is out)");
		return -1;
	}
	if (o->trace)
		sip_stack_set_trace(s->st, trace, s);
	for (size_t i = 0; i < s->nsocks; i++) {
		struct srv_sock *k = &s->socks[i];
		uint32_t cur = 0;
		int rc = sip_stack_listen(s->st, k->tp, &k->local);

		if (rc != 0 || srv_poll_set(s, &k->h, &cur, EPOLLIN) != 0) {
			srv_log(SRV_LOG_ERROR, "listen %s: %s",
			        srv_addr_str(&k->local, la, sizeof(la)),
			        rc ? "refused by the stack" : strerror(errno));
			return -1;
		}
		srv_log(SRV_LOG_INFO, "listening on %s:%s", k->tp == SIP_TP_UDP ? "udp" : "tcp",
		        srv_addr_str(&k->local, la, sizeof(la)));
	}
	if (srv_ctl_open(s) != 0)
		return -1;
	srv_pump(s);
	return 0;
}

void srv_close(struct srv *s)
{
	srv_ctl_close(s);
	srv_conn_close_all(s);
	for (size_t i = 0; i < s->nsocks; i++)
		close(s->socks[i].h.fd);
	s->nsocks = 0;
	if (s->st) {
		srv_log_drain_stack(s->st);
		sip_stack_free(s->st);
		s->st = NULL;
	}
	if (s->sig.fd >= 0)
		close(s->sig.fd);
	if (s->ep >= 0)
		close(s->ep);
	s->sig.fd = s->ep = -1;
}

/* sipref server: TCP connections. The stack names connections with ids
 * (stack.h); this file maps them to sockets, writes without blocking through
 * per-connection output buffers, and reports every loss back to the stack
 * (sip_stack_conn_closed), which turns it into the transport errors of RFC
 * 3261 17.1.4 / 17.2.4.
 *
 * Lifetime: nothing is freed while an epoll batch is being handled (a later
 * event of the same batch may point at it). A lost connection is marked
 * SRV_CONN_DEAD and freed by srv_conn_reap() after the batch. */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "server.h"

/* A peer that does not read gets its connection closed rather than
 * growing our memory without bound. */
#define SRV_CONN_MAX_OUT (8u << 20)
/* Reads per readiness event, so one busy connection cannot starve others
 * (epoll is level-triggered: the rest is read on the next round). */
#define SRV_CONN_READS 16

static struct srv_conn **slot(struct srv *s, uint32_t id)
{
	struct srv_conn **pp = &s->conns.bucket[id % SRV_CONN_BUCKETS];

	while (*pp && (*pp)->id != id)
		pp = &(*pp)->hnext;
	return pp;
}

static struct srv_conn *find(struct srv *s, uint32_t id)
{
	return *slot(s, id);
}

static void update_poll(struct srv *s, struct srv_conn *c)
{
	uint32_t ev = 0;

	if (c->state == SRV_CONN_OPEN)
		ev |= EPOLLIN;
	if (c->state == SRV_CONN_CONNECTING || srv_obuf_pending(&c->out) > 0)
		ev |= EPOLLOUT;
	if (c->state == SRV_CONN_DEAD)
		ev = 0;
	if (ev != c->events && srv_poll_set(s, &c->h, &c->events, ev) != 0)
		srv_log(SRV_LOG_ERROR, "epoll: connection %u: %s", (unsigned)c->id,
		        strerror(errno));
}

/* Marks c for reaping. notify: the stack still believes in it. */
static void kill_conn(struct srv *s, struct srv_conn *c, int error, int notify)
{
	char ra[64];

	if (c->state == SRV_CONN_DEAD)
		return;
	srv_log(error ? SRV_LOG_INFO : SRV_LOG_DEBUG, "tcp connection %u with %s %s%s%s",
	        (unsigned)c->id, srv_addr_str(&c->remote, ra, sizeof(ra)),
	        !notify ? "closed by the stack"
	        : error ? "lost"
	                : "closed by the peer",
	        error ? ": " : "", error ? strerror(error) : "");
	c->state = SRV_CONN_DEAD;
	c->error = error;
	c->notify = notify;
	update_poll(s, c);
	c->dnext = s->conns.dead;
	s->conns.dead = c;
}

static struct srv_conn *add_conn(struct srv *s, int fd, uint32_t id, enum sip_transport tp,
                                 const struct sip_addr *local, const struct sip_addr *remote)
{
	struct srv_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->h.kind = SRV_H_CONN;
	c->h.fd = fd;
	c->id = id;
	c->tp = tp;
	c->local = *local;
	c->remote = *remote;
	c->state = SRV_CONN_OPEN;
	c->hnext = s->conns.bucket[id % SRV_CONN_BUCKETS];
	s->conns.bucket[id % SRV_CONN_BUCKETS] = c;
	s->conns.count++;
	return c;
}

/* Out of descriptors, a pending connection would keep the (level-triggered)
 * listener readable forever: a spare descriptor is given up to accept it and
 * close it at once, so the peer sees a reset instead of a hang. */
static int spare = -1;

void srv_conn_init(void)
{
	if (spare < 0)
		spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

static void shed(struct srv_sock *ls)
{
	int fd;

	if (spare >= 0) {
		close(spare);
		fd = accept(ls->h.fd, NULL, NULL);
		if (fd >= 0)
			close(fd);
	}
	spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	srv_log(SRV_LOG_WARN, "accept: out of file descriptors, a connection was refused");
}

void srv_conn_accept(struct srv *s, struct srv_sock *ls)
{
	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		struct sip_addr remote;
		struct srv_conn *c;
		uint32_t id;
		char ra[64];
		int fd = accept4(ls->h.fd, (struct sockaddr *)&ss, &len,
		                 SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE)
				shed(ls);
			else if (errno != EAGAIN && errno != EWOULDBLOCK)
				srv_log(SRV_LOG_WARN, "accept: %s", strerror(errno));
			return;
		}
		if (srv_addr_from_sa(&remote, (struct sockaddr *)&ss, len) != 0) {
			close(fd);
			continue;
		}
		id = sip_stack_conn_accepted(s->st, ls->tp, &ls->local, &remote, s->now);
		if (id == 0 || find(s, id) != NULL) {
			srv_log(SRV_LOG_WARN, "tcp connection from %s refused by the stack%s",
			        srv_addr_str(&remote, ra, sizeof(ra)), id ? " (duplicate id)" : "");
			close(fd);
			continue;
		}
		c = add_conn(s, fd, id, ls->tp, &ls->local, &remote);
		if (!c) {
			close(fd);
			sip_stack_conn_closed(s->st, id, ENOMEM, s->now);
			continue;
		}
		srv_log(SRV_LOG_DEBUG, "tcp connection %u from %s", (unsigned)id,
		        srv_addr_str(&remote, ra, sizeof(ra)));
		update_poll(s, c);
	}
}

static void flush(struct srv *s, struct srv_conn *c)
{
	int err;

	if (c->state != SRV_CONN_OPEN && c->state != SRV_CONN_CLOSING)
		return;
	err = srv_obuf_flush(&c->out, c->h.fd, 1);
	if (err) {
		kill_conn(s, c, err, c->state == SRV_CONN_OPEN);
		return;
	}
	if (c->state == SRV_CONN_CLOSING && srv_obuf_pending(&c->out) == 0) {
		kill_conn(s, c, 0, 0);
		return;
	}
	update_poll(s, c);
}

static void connected(struct srv *s, struct srv_conn *c)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(c->h.fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	if (err) {
		kill_conn(s, c, err, 1);
		return;
	}
	c->state = SRV_CONN_OPEN;
	flush(s, c);
}

static void readable(struct srv *s, struct srv_conn *c)
{
	static char buf[65536];

	for (int i = 0; i < SRV_CONN_READS && c->state == SRV_CONN_OPEN; i++) {
		ssize_t n = recv(c->h.fd, buf, sizeof(buf), 0);

		if (n == 0) {
			kill_conn(s, c, 0, 1);
			return;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				kill_conn(s, c, errno, 1);
			return;
		}
		if (sip_stack_recv(s->st, c->tp, c->id, &c->local, &c->remote, buf, (size_t)n,
		                   s->now) != 0)
			srv_log(SRV_LOG_WARN, "tcp connection %u: the stack is out of memory",
			        (unsigned)c->id);
		srv_pump(s);
		if ((size_t)n < sizeof(buf))
			return;
	}
}

void srv_conn_io(struct srv *s, struct srv_conn *c, uint32_t events)
{
	if (c->state == SRV_CONN_DEAD)
		return;
	if (c->state == SRV_CONN_CONNECTING) {
		if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
			connected(s, c);
		return;
	}
	if (events & EPOLLOUT)
		flush(s, c);
	if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
		readable(s, c);
	if (c->state == SRV_CONN_CLOSING && (events & (EPOLLERR | EPOLLHUP)))
		kill_conn(s, c, EPIPE, 0);
}

void srv_conn_connect(struct srv *s, const struct sip_tx *tx)
{
	struct sockaddr_storage ss, ls;
	socklen_t len, llen;
	struct srv_conn *c;
	char ra[64];
	int fd;

	if (find(s, tx->conn)) {
		srv_log(SRV_LOG_ERROR, "stack asked to open connection %u, which exists",
		        (unsigned)tx->conn);
		return;
	}
	if (srv_addr_to_sa(&tx->remote, &ss, &len) != 0) {
		sip_stack_conn_closed(s->st, tx->conn, EAFNOSUPPORT, s->now);
		return;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	c = fd >= 0 ? add_conn(s, fd, tx->conn, tx->tp, &tx->local, &tx->remote) : NULL;
	if (!c) {
		int err = fd >= 0 ? ENOMEM : errno;

		if (fd >= 0)
			close(fd);
		srv_log(SRV_LOG_WARN, "connect to %s: %s",
		        srv_addr_str(&tx->remote, ra, sizeof(ra)), strerror(err));
		/* Outside the tx drain of this connection's SENDs: they find no
		 * connection and are dropped; the stack learns it here. */
		sip_stack_conn_closed(s->st, tx->conn, err, s->now);
		return;
	}
	/* Connect from the advertised address so the peer sees the host of our
	 * Via sent-by (RFC 3261 18.2.2 sends responses back over this
	 * connection, or to sent-by when it is gone). Port: any. */
	if (tx->local.family == tx->remote.family && srv_addr_to_sa(&tx->local, &ls, &llen) == 0) {
		((struct sockaddr_in *)&ls)->sin_port = 0; /* same offset in sockaddr_in6 */
		if (bind(fd, (struct sockaddr *)&ls, llen) != 0)
			srv_log(SRV_LOG_DEBUG, "bind before connect: %s", strerror(errno));
	}
	srv_log(SRV_LOG_DEBUG, "tcp connection %u: connecting to %s", (unsigned)tx->conn,
	        srv_addr_str(&tx->remote, ra, sizeof(ra)));
	if (connect(fd, (struct sockaddr *)&ss, len) == 0) {
		c->state = SRV_CONN_OPEN;
	} else if (errno == EINPROGRESS) {
		c->state = SRV_CONN_CONNECTING;
	} else {
		kill_conn(s, c, errno, 1);
		return;
	}
	update_poll(s, c);
}

void srv_conn_send(struct srv *s, const struct sip_tx *tx)
{
	struct srv_conn *c = find(s, tx->conn);

	if (!c || c->state == SRV_CONN_DEAD || c->state == SRV_CONN_CLOSING) {
		srv_log(SRV_LOG_DEBUG, "tcp connection %u is gone: %zu bytes dropped",
		        (unsigned)tx->conn, tx->len);
		return;
	}
	if (srv_obuf_append(&c->out, tx->buf, tx->len, SRV_CONN_MAX_OUT) != 0) {
		kill_conn(s, c, ENOBUFS, 1);
		return;
	}
	if (c->state == SRV_CONN_OPEN)
		flush(s, c);
	else
		update_poll(s, c);
}

void srv_conn_close(struct srv *s, uint32_t id)
{
	struct srv_conn *c = find(s, id);

	if (!c || c->state == SRV_CONN_DEAD)
		return;
	if (c->state == SRV_CONN_OPEN && srv_obuf_pending(&c->out) > 0) {
		/* The stack's last words (e.g. a 400 before closing on a framing
		 * error, RFC 4475 3.1.2.x) still go out. */
		c->state = SRV_CONN_CLOSING;
		update_poll(s, c);
		return;
	}
	kill_conn(s, c, 0, 0);
}

static void free_conn(struct srv *s, struct srv_conn *c)
{
	struct srv_conn **pp = slot(s, c->id);

	if (*pp == c)
		*pp = c->hnext;
	s->conns.count--;
	close(c->h.fd);
	srv_obuf_free(&c->out);
	free(c);
}

size_t srv_conn_reap(struct srv *s)
{
	size_t n = 0;

	while (s->conns.dead) {
		struct srv_conn *c = s->conns.dead;
		uint32_t id = c->id;
		int notify = c->notify, error = c->error;

		s->conns.dead = c->dnext;
		free_conn(s, c);
		if (notify)
			sip_stack_conn_closed(s->st, id, error, s->now);
		n++;
	}
	return n;
}

void srv_conn_close_all(struct srv *s)
{
	for (size_t b = 0; b < SRV_CONN_BUCKETS; b++) {
		while (s->conns.bucket[b]) {
			struct srv_conn *c = s->conns.bucket[b];

			/* Best effort: one nonblocking attempt at what is queued. */
			if (c->state == SRV_CONN_OPEN || c->state == SRV_CONN_CLOSING)
				(void)srv_obuf_flush(&c->out, c->h.fd, 1);
			free_conn(s, c);
		}
	}
	s->conns.dead = NULL;
	if (spare >= 0)
		close(spare);
	spare = -1;
}

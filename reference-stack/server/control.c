/* sipref server: the control interface's I/O (the protocol itself is in
 * ctl_parse.c; README.md documents it). Clients are a UNIX stream socket's
 * connections (--control PATH) and stdin/stdout (--control-stdin). Each
 * command gets one reply line; every stack event is written to every
 * client as an "event ..." line. */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "server.h"
#include "sipref/error.h"
#include "sipref/ua.h"

/* A client that reads nothing is dropped before it costs more than this. */
#define SRV_CTL_MAX_OUT (1u << 20)

static struct srv_ctl_client *new_client(struct srv *s, int in_fd, int out_fd, int is_socket)
{
	struct srv_ctl_client *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->h.kind = SRV_H_CTL_CLIENT;
	c->h.fd = in_fd;
	c->out_fd = out_fd;
	c->is_socket = is_socket;
	c->next = s->ctl.clients;
	s->ctl.clients = c;
	return c;
}

static void client_poll(struct srv *s, struct srv_ctl_client *c)
{
	uint32_t ev;

	/* stdout is not polled: srv_ctl_flush retries it every round. */
	if (!c->is_socket && !c->poll_in)
		return;
	ev = c->dead || c->eof ? 0 : EPOLLIN;
	if (c->is_socket && !c->dead && srv_obuf_pending(&c->out))
		ev |= EPOLLOUT;
	if (ev != c->events && srv_poll_set(s, &c->h, &c->events, ev) != 0 && ev != 0)
		c->dead = 1;
}

static void client_flush(struct srv *s, struct srv_ctl_client *c)
{
	int err;

	if (c->dead)
		return;
	err = srv_obuf_flush(&c->out, c->out_fd, c->is_socket);
	if (err) {
		srv_log(SRV_LOG_DEBUG, "control client gone: %s", strerror(err));
		c->dead = 1;
	}
	client_poll(s, c);
}

static void client_put(struct srv *s, struct srv_ctl_client *c, const char *line)
{
	if (c->dead)
		return;
	if (srv_obuf_append(&c->out, line, strlen(line), SRV_CTL_MAX_OUT) != 0 ||
	    srv_obuf_append(&c->out, "\n", 1, SRV_CTL_MAX_OUT) != 0) {
		srv_log(SRV_LOG_WARN, "control client does not read its replies: dropped");
		c->dead = 1;
		client_poll(s, c);
		return;
	}
	client_flush(s, c);
}

/* ---- the calls the control interface has seen ------------------------------ */

static void call_set(struct srv *s, uint32_t id, const char *state)
{
	struct srv_call **pp = &s->ctl.calls, *k;

	while (*pp && (*pp)->id != id)
		pp = &(*pp)->next;
	if (!state) {
		if ((k = *pp) != NULL) {
			*pp = k->next;
			free(k);
		}
		return;
	}
	if (!*pp) {
		k = calloc(1, sizeof(*k));
		if (!k)
			return;
		k->id = id;
		*pp = k;
	}
	(*pp)->state = state;
}

static void calls_reply(struct srv *s, struct srv_ctl_client *c)
{
	char line[SRV_CTL_MAX_LINE];
	size_t n = 0, count = 0;
	int r;

	for (struct srv_call *k = s->ctl.calls; k; k = k->next)
		count++;
	r = snprintf(line, sizeof(line), "ok calls=%zu", count);
	n = (size_t)r;
	for (struct srv_call *k = s->ctl.calls; k && n + 40 < sizeof(line); k = k->next) {
		r = snprintf(line + n, sizeof(line) - n, " %u:%s", (unsigned)k->id, k->state);
		n += (size_t)r;
	}
	client_put(s, c, line);
}

/* ---- commands -------------------------------------------------------------- */

static void reply_rc(struct srv *s, struct srv_ctl_client *c, const char *what, uint32_t call,
                     int rc)
{
	char line[256];

	if (rc == 0)
		snprintf(line, sizeof(line), "ok call=%u", (unsigned)call);
	else
		snprintf(line, sizeof(line), "error %s %u: %s", what, (unsigned)call,
		         sip_strerror(rc));
	client_put(s, c, line);
}

static void execute(struct srv *s, struct srv_ctl_client *c, const struct srv_ctl_cmd *cmd)
{
	char line[256];
	uint32_t call;
	int rc;

	switch (cmd->kind) {
	case SRV_CTL_NONE:
		return;
	case SRV_CTL_CALL:
		call = sip_ua_call(s->st, cmd->uri, cmd->uri_len, s->now);
		if (call) {
			call_set(s, call, "calling");
			snprintf(line, sizeof(line), "ok call=%u", (unsigned)call);
		} else {
			snprintf(line, sizeof(line),
			         "error call: cannot call '%.*s' (bad URI or "
			         "unreachable)",
			         (int)(cmd->uri_len > 100 ? 100 : cmd->uri_len), cmd->uri);
		}
		client_put(s, c, line);
		return;
	case SRV_CTL_CANCEL:
		reply_rc(s, c, "cancel", cmd->call, sip_ua_cancel(s->st, cmd->call, s->now));
		return;
	case SRV_CTL_HANGUP:
		reply_rc(s, c, "hangup", cmd->call, sip_ua_hangup(s->st, cmd->call, s->now));
		return;
	case SRV_CTL_REINVITE:
		reply_rc(s, c, "reinvite", cmd->call, sip_ua_reinvite(s->st, cmd->call, s->now));
		return;
	case SRV_CTL_OPTIONS:
	case SRV_CTL_REGISTER:
		rc = cmd->kind == SRV_CTL_OPTIONS
		             ? sip_ua_options(s->st, cmd->uri, cmd->uri_len, s->now)
		             : sip_ua_register(s->st, cmd->uri, cmd->uri_len, cmd->expires, s->now);
		if (rc == 0)
			snprintf(line, sizeof(line), "ok");
		else
			snprintf(line, sizeof(line), "error %s: %s",
			         cmd->kind == SRV_CTL_OPTIONS ? "options" : "register",
			         sip_strerror(rc));
		client_put(s, c, line);
		return;
	case SRV_CTL_CALLS:
		calls_reply(s, c);
		return;
	case SRV_CTL_PING:
		client_put(s, c, "ok pong");
		return;
	case SRV_CTL_HELP:
		snprintf(line, sizeof(line), "ok %s", srv_ctl_help());
		client_put(s, c, line);
		return;
	case SRV_CTL_QUIT:
		client_put(s, c, "ok bye");
		srv_log(SRV_LOG_INFO, "quit requested on the control interface");
		s->quit = 1;
		return;
	}
}

static void handle_line(struct srv *s, struct srv_ctl_client *c, const char *p, size_t n)
{
	struct srv_ctl_cmd cmd;
	char err[256], line[300];

	if (srv_ctl_parse(p, n, &cmd, err, sizeof(err)) != 0) {
		snprintf(line, sizeof(line), "error %s", err);
		client_put(s, c, line);
		return;
	}
	if (cmd.kind != SRV_CTL_NONE)
		srv_log(SRV_LOG_DEBUG, "control: %.*s", (int)(n > 200 ? 200 : n), p);
	execute(s, c, &cmd);
	srv_pump(s);
}

/* Splits what arrived into lines; an overlong line gets one error reply and
 * is skipped up to its newline. */
static void feed(struct srv *s, struct srv_ctl_client *c, const char *p, size_t n)
{
	while (n > 0 && !c->dead) {
		const char *nl = memchr(p, '\n', n);
		size_t take = nl ? (size_t)(nl - p) : n;

		if (c->discard) {
			c->discard = nl == NULL;
		} else if (c->inlen + take > sizeof(c->in)) {
			client_put(s, c, "error line too long");
			c->inlen = 0;
			c->discard = nl == NULL;
		} else {
			memcpy(c->in + c->inlen, p, take);
			c->inlen += take;
			if (nl) {
				size_t len = c->inlen;

				c->inlen = 0;
				handle_line(s, c, c->in, len);
			}
		}
		if (!nl)
			break;
		p = nl + 1;
		n -= take + 1;
	}
}

static void client_read(struct srv *s, struct srv_ctl_client *c)
{
	char buf[4096];
	ssize_t n = read(c->h.fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (n <= 0) {
		/* A last line without newline still counts. */
		if (c->inlen && !c->discard) {
			size_t len = c->inlen;

			c->inlen = 0;
			handle_line(s, c, c->in, len);
		}
		if (c->is_socket) {
			c->dead = 1;
		} else {
			srv_log(SRV_LOG_INFO, "control: end of stdin (the server keeps running)");
			c->eof = 1;
		}
		client_poll(s, c);
		return;
	}
	feed(s, c, buf, (size_t)n);
}

void srv_ctl_io(struct srv *s, struct srv_ctl_client *c, uint32_t events)
{
	if (c->dead)
		return;
	if (events & EPOLLOUT)
		client_flush(s, c);
	if (!c->dead && !c->eof && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		client_read(s, c);
}

/* ---- events ---------------------------------------------------------------- */

void srv_ctl_event(struct srv *s, const struct sip_event *ev)
{
	char line[512];

	srv_ctl_format_event(ev, line, sizeof(line));
	srv_log(SRV_LOG_INFO, "%s", line);
	if (ev->call) {
		switch (ev->type) {
		case SIP_EV_INCOMING_CALL:
			call_set(s, ev->call, "incoming");
			break;
		case SIP_EV_RINGING:
			call_set(s, ev->call, "ringing");
			break;
		case SIP_EV_ANSWERED:
			call_set(s, ev->call, "answered");
			break;
		case SIP_EV_CALL_FAILED:
		case SIP_EV_CALL_ENDED:
		case SIP_EV_CANCELLED:
			call_set(s, ev->call, NULL);
			break;
		default:
			break;
		}
	}
	for (struct srv_ctl_client *c = s->ctl.clients; c; c = c->next)
		client_put(s, c, line);
}

/* ---- setup, stdin, teardown ------------------------------------------------ */

/* Binds path; a stale socket file left by a crashed run (nobody accepts on
 * it) is replaced, a live one or any other file is not. */
static int bind_unix(int fd, const char *path)
{
	struct sockaddr_un sun;
	struct stat sb;
	int probe, live;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path));
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
		return 0;
	if (errno != EADDRINUSE || lstat(path, &sb) != 0 || !S_ISSOCK(sb.st_mode))
		return -1;
	probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (probe < 0)
		return -1;
	live = connect(probe, (struct sockaddr *)&sun, sizeof(sun)) == 0;
	close(probe);
	if (live) {
		errno = EADDRINUSE;
		return -1;
	}
	if (unlink(path) != 0)
		return -1;
	return bind(fd, (struct sockaddr *)&sun, sizeof(sun));
}

int srv_ctl_open(struct srv *s)
{
	s->ctl.listen.kind = SRV_H_CTL_LISTEN;
	s->ctl.listen.fd = -1;
	if (s->opts->control_path) {
		uint32_t cur = 0;
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

		if (fd < 0 || bind_unix(fd, s->opts->control_path) != 0 || listen(fd, 16) != 0) {
			srv_log(SRV_LOG_ERROR, "--control %s: %s", s->opts->control_path,
			        strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		s->ctl.listen.fd = fd;
		s->ctl.path = s->opts->control_path;
		if (srv_poll_set(s, &s->ctl.listen, &cur, EPOLLIN) != 0)
			return -1;
		srv_log(SRV_LOG_INFO, "control socket %s", s->ctl.path);
	}
	if (s->opts->control_stdin) {
		struct srv_ctl_client *c = new_client(s, 0, 1, 0);
		struct stat sb;

		if (!c)
			return -1;
		/* Replies must not block the loop: a pipe or socket on stdout
		 * is made nonblocking (srv_ctl_flush retries what is left);
		 * files and terminals do not block for long. */
		if (fstat(1, &sb) == 0 && (S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode))) {
			int fl = fcntl(1, F_GETFL);

			if (fl >= 0 && !(fl & O_NONBLOCK) &&
			    fcntl(1, F_SETFL, fl | O_NONBLOCK) == 0)
				s->ctl.stdout_flags = fl + 1;
		}
		/* epoll refuses plain files (and /dev/null): those are read
		 * without polling, a chunk per round (srv_ctl_poll_stdin). */
		c->poll_in = 1;
		if (srv_poll_set(s, &c->h, &c->events, EPOLLIN) != 0) {
			if (errno != EPERM)
				return -1;
			c->poll_in = 0;
		}
	}
	return 0;
}

void srv_ctl_accept(struct srv *s)
{
	for (int i = 0; i < 16; i++) {
		struct srv_ctl_client *c;
		int fd = accept4(s->ctl.listen.fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				srv_log(SRV_LOG_WARN, "control accept: %s", strerror(errno));
			return;
		}
		c = new_client(s, fd, fd, 1);
		if (!c) {
			close(fd);
			continue;
		}
		srv_log(SRV_LOG_DEBUG, "control client connected");
		client_poll(s, c);
	}
}

static struct srv_ctl_client *unpolled_stdin(struct srv *s)
{
	for (struct srv_ctl_client *c = s->ctl.clients; c; c = c->next)
		if (!c->is_socket && !c->poll_in && !c->eof && !c->dead)
			return c;
	return NULL;
}

int srv_ctl_stdin_pending(struct srv *s)
{
	return unpolled_stdin(s) != NULL;
}

void srv_ctl_poll_stdin(struct srv *s)
{
	struct srv_ctl_client *c = unpolled_stdin(s);

	if (c)
		client_read(s, c);
}

int srv_ctl_flush(struct srv *s)
{
	int pending = 0;

	for (struct srv_ctl_client *c = s->ctl.clients; c; c = c->next) {
		if (c->is_socket || c->dead)
			continue;
		client_flush(s, c);
		pending |= srv_obuf_pending(&c->out) > 0;
	}
	return pending;
}

static void free_client(struct srv_ctl_client *c)
{
	if (c->is_socket)
		close(c->h.fd);
	srv_obuf_free(&c->out);
	free(c);
}

void srv_ctl_reap(struct srv *s)
{
	struct srv_ctl_client **pp = &s->ctl.clients;

	while (*pp) {
		struct srv_ctl_client *c = *pp;

		if (c->dead) {
			client_poll(s, c);
			*pp = c->next;
			free_client(c);
		} else {
			pp = &c->next;
		}
	}
}

void srv_ctl_close(struct srv *s)
{
	while (s->ctl.clients) {
		struct srv_ctl_client *c = s->ctl.clients;

		s->ctl.clients = c->next;
		(void)srv_obuf_flush(&c->out, c->out_fd, c->is_socket);
		free_client(c);
	}
	while (s->ctl.calls) {
		struct srv_call *k = s->ctl.calls;

		s->ctl.calls = k->next;
		free(k);
	}
	if (s->ctl.stdout_flags) {
		(void)fcntl(1, F_SETFL, s->ctl.stdout_flags - 1);
		s->ctl.stdout_flags = 0;
	}
	if (s->ctl.listen.fd >= 0) {
		close(s->ctl.listen.fd);
		s->ctl.listen.fd = -1;
		if (s->ctl.path)
			unlink(s->ctl.path);
	}
}

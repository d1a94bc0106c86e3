/* sipref server: the event loop's internals, shared by loop.c, net.c,
 * conn.c and control.c. Everything here is I/O; the SIP logic is the
 * sans-I/O stack of include/sipref/stack.h. */
#ifndef SIPREF_SERVER_SERVER_H
#define SIPREF_SERVER_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "control.h"
#include "opts.h"
#include "sipref/stack.h"

/* What an epoll registration points at (epoll_event.data.ptr). */
enum srv_handle_kind {
	SRV_H_UDP,        /* a UDP socket we listen on */
	SRV_H_TCP_LISTEN, /* a TCP listening socket */
	SRV_H_CONN,       /* a TCP connection (struct srv_conn) */
	SRV_H_SIGNAL,     /* the signalfd */
	SRV_H_CTL_LISTEN, /* the control UNIX socket */
	SRV_H_CTL_CLIENT, /* a control client (struct srv_ctl_client) */
};

struct srv_handle {
	enum srv_handle_kind kind;
	int fd;
};

/* Bytes waiting to be written to a nonblocking descriptor. */
struct srv_obuf {
	char *p;
	size_t off, len, cap; /* p[off..len) is pending */
};

/* 0, or -1 when the buffer would exceed `limit` bytes or memory is out. */
int srv_obuf_append(struct srv_obuf *b, const void *p, size_t n, size_t limit);
/* Writes what it can. 0 (all written or EAGAIN), or an errno value. */
int srv_obuf_flush(struct srv_obuf *b, int fd, int is_socket);
static inline size_t srv_obuf_pending(const struct srv_obuf *b)
{
	return b->len - b->off;
}
void srv_obuf_free(struct srv_obuf *b);

/* ---- addresses and sockets (net.c) ---------------------------------------- */

int srv_addr_to_sa(const struct sip_addr *a, struct sockaddr_storage *ss, socklen_t *len);
int srv_addr_from_sa(struct sip_addr *a, const struct sockaddr *sa, socklen_t len);
/* "udp:127.0.0.1:5060" / "[::1]:5060" forms for logs. */
const char *srv_addr_str(const struct sip_addr *a, char *buf, size_t cap);
int srv_addr_same(const struct sip_addr *a, const struct sip_addr *b);

struct srv_sock {
	struct srv_handle h;
	enum sip_transport tp;
	struct sip_addr local; /* with the port actually bound */
};

/* Binds a UDP or listening TCP socket (nonblocking) to l; fills s->local
 * with the bound port. 0 or an errno value. */
int srv_sock_open(struct srv_sock *s, const struct srv_listen *l);

/* ---- TCP connections (conn.c) --------------------------------------------- */

enum srv_conn_state {
	SRV_CONN_CONNECTING, /* nonblocking connect in progress; output waits */
	SRV_CONN_OPEN,
	SRV_CONN_CLOSING, /* the stack closed it: flush what is queued, then close */
	SRV_CONN_DEAD,    /* gone; reaped (and reported to the stack) after the batch */
};

struct srv_conn {
	struct srv_handle h;
	uint32_t id; /* the stack's connection id */
	enum sip_transport tp;
	struct sip_addr local, remote;
	enum srv_conn_state state;
	int error;       /* DEAD: errno (0: orderly close by the peer) */
	int notify;      /* DEAD: tell the stack (sip_stack_conn_closed) */
	uint32_t events; /* the epoll mask currently registered */
	struct srv_obuf out;
	struct srv_conn *hnext; /* hash chain */
	struct srv_conn *dnext; /* dead list */
};

#define SRV_CONN_BUCKETS 1024

struct srv_conns {
	struct srv_conn *bucket[SRV_CONN_BUCKETS];
	struct srv_conn *dead;
	size_t count;
};

/* ---- control clients (control.c) ------------------------------------------ */

struct srv_ctl_client {
	struct srv_handle h; /* fd: read side (the socket, or 0 for stdin) */
	int out_fd;          /* the socket, or 1 for stdin's replies */
	int is_socket;
	int dead;
	int eof;         /* stdin: no more input */
	int poll_in;     /* stdin: registered with epoll (not so for a plain file) */
	uint32_t events; /* the epoll mask currently registered */
	int discard;     /* dropping the rest of an overlong line */
	char in[SRV_CTL_MAX_LINE];
	size_t inlen;
	struct srv_obuf out;
	struct srv_ctl_client *next;
};

/* What the control interface knows about a call, from the events it saw. */
struct srv_call {
	uint32_t id;
	const char *state;
	struct srv_call *next;
};

struct srv_ctl {
	struct srv_handle listen; /* fd -1 when no --control */
	const char *path;
	struct srv_ctl_client *clients;
	struct srv_call *calls;
	int stdout_flags; /* original F_GETFL + 1 when we made stdout nonblocking */
};

/* ---- the server ------------------------------------------------------------ */

struct srv {
	const struct srv_opts *opts;
	struct sip_stack *st;
	int ep;
	struct srv_sock socks[SRV_MAX_LISTEN];
	size_t nsocks;
	struct srv_handle sig;
	struct srv_conns conns;
	struct srv_ctl ctl;
	int quit;
	uint64_t now;
};

/* loop.c */
/* Sockets, signals, the stack and the control interface; logs what failed.
 * 0 or -1 (call srv_close either way). */
int srv_open(struct srv *s, const struct srv_opts *o);
/* Runs until quit (signal or control command): 0, or 1 on a fatal error. */
int srv_run(struct srv *s);
void srv_close(struct srv *s);
/* Registers, updates or (events 0) removes h in epoll; *cur is the mask
 * registered now (0: none). 0, or -1 with errno set. */
int srv_poll_set(struct srv *s, struct srv_handle *h, uint32_t *cur, uint32_t events);
/* Hands every queued transmission, event and log line of the stack to the
 * sockets, the control clients and the log. Never frees anything. */
void srv_pump(struct srv *s);

/* conn.c */
/* Keeps a spare descriptor for accepting (and refusing) a connection when
 * the process is out of descriptors. */
void srv_conn_init(void);
void srv_conn_accept(struct srv *s, struct srv_sock *ls);
void srv_conn_io(struct srv *s, struct srv_conn *c, uint32_t events);
void srv_conn_connect(struct srv *s, const struct sip_tx *tx);
void srv_conn_send(struct srv *s, const struct sip_tx *tx);
void srv_conn_close(struct srv *s, uint32_t id);
/* Frees dead connections, telling the stack; returns how many. */
size_t srv_conn_reap(struct srv *s);
void srv_conn_close_all(struct srv *s);

/* control.c */
int srv_ctl_open(struct srv *s);
void srv_ctl_accept(struct srv *s);
void srv_ctl_io(struct srv *s, struct srv_ctl_client *c, uint32_t events);
/* Reads stdin when it cannot be polled (a plain file): 1 while more may come. */
int srv_ctl_stdin_pending(struct srv *s);
void srv_ctl_poll_stdin(struct srv *s);
void srv_ctl_event(struct srv *s, const struct sip_event *ev);
/* Retries pending output (stdout is written without epoll). */
int srv_ctl_flush(struct srv *s);
void srv_ctl_reap(struct srv *s);
void srv_ctl_close(struct srv *s);

#endif

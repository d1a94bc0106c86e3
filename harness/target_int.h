/* sipvet: internals shared by the socket targets (target_net.c), the
 * sipref target (target_sipref.c) and the child processes they start
 * (target_proc.c). Not an API: use target.h. */
#ifndef VET_TARGET_INT_H
#define VET_TARGET_INT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "target.h"

uint64_t vet__mono_us(void);

/* ------------------------------------------------------------------ */
/* Child processes (target_proc.c) */

struct vet__proc {
	pid_t pid;
	int in_fd, out_fd, err_fd; /* our ends; -1 when closed */
	char obuf[4096], ebuf[1024];
	size_t olen, elen;
	char last_err[256]; /* the last line the child wrote on stderr */
	char last_out[256];
};

/* Starts argv[0] (a path) with pipes on stdout and stderr, and on stdin when
 * want_stdin (else /dev/null). Our ends are nonblocking. 0 or -1 (err). */
int vet__proc_spawn(struct vet__proc *p, char *const argv[], int want_stdin, char *err,
                    size_t errlen);
/* Reads what is there on fd (p->out_fd or p->err_fd): complete lines go to
 * line (without the line end; may be NULL); the last stderr line is also
 * kept in last_err. Returns -1 when stdout reached end of file (the child is
 * going away); the end of stderr only closes err_fd. */
int vet__proc_read(struct vet__proc *p, int fd, void (*line)(void *ud, const char *l, size_t n),
                   void *ud);
/* Writes all of s to the child's stdin within timeout_ms. 0 or -1. */
int vet__proc_write(struct vet__proc *p, const char *s, size_t n, int timeout_ms);
/* Asks the child to stop (writes quit to its stdin when not NULL, closes
 * stdin), waits, then SIGTERM, then SIGKILL; always reaps it. Returns the
 * wait status. */
int vet__proc_stop(struct vet__proc *p, const char *quit);
/* Runs `/bin/sh -c cmd` to completion within timeout_ms. 0 when it exits
 * 0; -1 with err naming the command and its status or last stderr line; -2
 * when stop was raised. */
int vet__run_command(const char *cmd, int timeout_ms, const volatile sig_atomic_t *stop, char *err,
                     size_t errlen);

/* ------------------------------------------------------------------ */
/* Socket sessions (target_net.c) */

struct vet__net_sess;

/* What a kind of socket target adds to a session: the IUT's triggers and
 * descriptors to watch while waiting (sipref's control output). */
struct vet__net_hooks {
	void *ud;
	/* Descriptors to poll for input (up to max); returns how many. */
	int (*fds)(void *ud, int *out, int max);
	/* fd is readable. 0, or VET_SESS_ERROR with err (the IUT died). */
	int (*readable)(void *ud, int fd, char *err, size_t errlen);
	int (*trigger)(void *ud, struct vet__net_sess *ns, enum vet_action a,
	               const struct vet_targ *args, size_t nargs, char *err, size_t errlen);
	void (*close)(void *ud);
};

/* Where the IUT is, as the session reaches and describes it. */
struct vet__net_iut {
	const char *host; /* IP literal without brackets */
	uint16_t port;
	const char *user;   /* may be NULL */
	const char *domain; /* may be NULL */
	const char *local;  /* the local IP agents bind (a literal) */
};

/* Opens a session whose agents are sockets on iut->local (UDP sockets, or
 * listening TCP sockets, with free ports). hooks may be NULL; the session
 * calls hooks->close when it closes. 0 or VET_SESS_ERROR (err). */
int vet__net_sess_open(const struct vet_sess_cfg *cfg, const struct vet__net_iut *iut,
                       const struct vet__net_hooks *hooks, struct vet_sess **out, char *err,
                       size_t errlen);

/* Waits up to timeout_ms for a descriptor of the hooks (not the agents: what
 * they receive meanwhile stays queued in the sockets) until done(ud) says
 * so. 0 done, -1 timed out, VET_SESS_STOPPED, VET_SESS_ERROR (err). */
int vet__net_wait_hooks(struct vet__net_sess *ns, int timeout_ms, int (*done)(void *ud), void *ud,
                        char *err, size_t errlen);

/* An IP literal and port as a socket address. 0, or -1 when host is not an
 * IP literal. */
struct sockaddr_storage;
int vet__make_sa(const char *host, uint16_t port, struct sockaddr_storage *ss, socklen_t *len);

/* The agent's address as a URI host:port ("127.0.0.1:40000"). */
const char *vet__net_agent_addr(struct vet__net_sess *ns, int agent);

#endif

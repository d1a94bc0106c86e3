/* sipref server: command-line flags and the configuration they produce.
 *
 * Parsing is kept apart from main() and from any socket so that
 * tests/test_server_cli.c can compile it in and check every flag and every
 * error message. Names: the server's cross-file functions use `srv_`
 * (like the harness's `vet_`), public libsipref names stay `sip_`. */
#ifndef SIPREF_SERVER_OPTS_H
#define SIPREF_SERVER_OPTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sipref/addr.h"
#include "sipref/stack.h"
#include "sipref/ua.h"

#define SRV_MAX_LISTEN 16

/* One --listen: transport and the address to bind (port 0: any free port,
 * the log says which one was taken). */
struct srv_listen {
	enum sip_transport tp;
	struct sip_addr addr;
};

enum srv_log_level { SRV_LOG_ERROR = 0, SRV_LOG_WARN, SRV_LOG_INFO, SRV_LOG_DEBUG };

struct srv_opts {
	struct srv_listen listen[SRV_MAX_LISTEN];
	size_t nlisten;
	struct sip_stack_config stack; /* t1/t2/t4, seed, max_msg, lenient */
	struct sip_ua_config ua;
	int seed_set;             /* --seed given; otherwise main() reads /dev/urandom */
	const char *control_path; /* --control: UNIX socket path, NULL: none */
	int control_stdin;        /* --control-stdin */
	enum srv_log_level log_level;
	int trace;   /* --trace: log every transaction transition (debug level) */
	int help;    /* --help: print usage, exit 0 */
	int version; /* --version */
};

/* Parses argv[1..argc) into *o (which it initialises first). Every string
 * of *o points into argv. Returns 0, or -1 with a one-line message in
 * err[0..errlen) that names the flag and says what is wrong (the caller
 * prints "sipref: " err and exits 2). */
int srv_opts_parse(struct srv_opts *o, int argc, char **argv, char *err, size_t errlen);

/* The usage text (--help). */
void srv_opts_usage(FILE *f);

/* "udp:127.0.0.1:5060", "tcp:[::1]:5061", "udp:127.0.0.1" (port 5060).
 * 0, or -1 with a reason in err. */
int srv_listen_parse(struct srv_listen *l, const char *s, char *err, size_t errlen);

/* "sipref VERSION". */
const char *srv_version_text(void);

/* "error", "warn", "info", "debug" -> level; -1 when unknown. */
int srv_log_level_lookup(const char *s);

#endif

/* sipref: the reference SIP user agent on real sockets. Flags (opts.c),
 * then the event loop (loop.c) until SIGINT, SIGTERM or "quit".
 *
 * Exit status: 0 after a clean shutdown, 1 when the server could not start
 * or failed while running, 2 for a usage error. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "log.h"
#include "opts.h"
#include "server.h"

/* Tags, branches and Call-IDs must differ between runs (RFC 3261 8.1.1.7,
 * 19.3: "globally unique"), so the seed comes from the kernel unless the
 * user fixes it with --seed for a reproducible run. */
static uint64_t random_seed(void)
{
	uint64_t seed = 0;

	if (getrandom(&seed, sizeof(seed), 0) == (ssize_t)sizeof(seed))
		return seed;
	seed = srv_now_ms() ^ ((uint64_t)getpid() << 32);
	return seed;
}

int main(int argc, char **argv)
{
	struct srv_opts o;
	struct srv s;
	char err[512];
	int rc = 1;

	if (srv_opts_parse(&o, argc, argv, err, sizeof(err)) != 0) {
		fprintf(stderr, "sipref: %s\nTry 'sipref --help'.\n", err);
		return 2;
	}
	if (o.help) {
		srv_opts_usage(stdout);
		return 0;
	}
	if (o.version) {
		printf("%s\n", srv_version_text());
		return 0;
	}
	srv_log_init(o.log_level);
	if (!o.seed_set)
		o.stack.seed = random_seed();
	if (srv_open(&s, &o) == 0) {
		srv_log(SRV_LOG_INFO, "%s ready (role uas, seed %llu, T1 %u ms)",
		        srv_version_text(), (unsigned long long)o.stack.seed,
		        o.stack.t1 ? o.stack.t1 : 500);
		rc = srv_run(&s);
	}
	srv_close(&s);
	srv_log(SRV_LOG_INFO, "exit %d", rc);
	return rc;
}

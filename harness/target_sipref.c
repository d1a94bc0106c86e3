/* sipvet: --target sipref, the real sipref server (reference-stack/server,
 * README.md there) on loopback, one process per case run so that runs
 * never share dialogs or ports.
 *
 * The server listens on the case's transport at 127.0.0.1 port 0 (a free
 * port; its log names the one it took), with --control-stdin: triggers are
 * control lines ("call URI" -> "ok call=N"), and its "event ..." lines tell
 * which call later cancel/hangup/reinvite act on. It is stopped ("quit",
 * then SIGTERM, then SIGKILL) and reaped when the session closes. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "target_int.h"

#define SR_START_MS 5000
#define SR_REPLY_MS 5000

struct sr {
	struct vet__proc p;
	uint16_t port; /* from "listening on TP:127.0.0.1:PORT" */
	int ready;     /* the server said it is ready */
	int replied;   /* a reply line ("ok ..."/"error ...") arrived */
	char reply[256];
	uint32_t call; /* the call triggers act on */
	int dead;
};

/* "event incoming-call call=3 status=0 ..." and replies. */
static void sr_line(void *ud, const char *l, size_t n)
{
	struct sr *s = ud;
	const char *c;
	char tmp[256];
	snprintf(tmp, sizeof(tmp), "%.*s", (int)n, l);
	if (!strncmp(tmp, "event ", 6)) {
		c = strstr(tmp, " call=");
		if (c && (strstr(tmp, "incoming-call") || strstr(tmp, "ringing") ||
		          strstr(tmp, "answered"))) {
			unsigned long v = strtoul(c + 6, NULL, 10);
			if (v)
				s->call = (uint32_t)v;
		}
		return;
	}
	if (!strncmp(tmp, "ok", 2) || !strncmp(tmp, "error", 5)) {
		snprintf(s->reply, sizeof(s->reply), "%s", tmp);
		s->replied = 1;
	}
}

/* The startup log on stderr: the port taken and the ready line. */
static void sr_err_line(void *ud, const char *l, size_t n)
{
	struct sr *s = ud;
	char tmp[256];
	const char *k;
	snprintf(tmp, sizeof(tmp), "%.*s", (int)n, l);
	if ((k = strstr(tmp, "listening on ")) != NULL) {
		const char *colon = strrchr(k, ':');
		unsigned long v = colon ? strtoul(colon + 1, NULL, 10) : 0;
		if (v > 0 && v < 65536)
			s->port = (uint16_t)v;
	}
	if (strstr(tmp, " ready"))
		s->ready = 1;
}

static int sr_fds(void *ud, int *out, int max)
{
	struct sr *s = ud;
	int n = 0;
	if (s->p.out_fd >= 0 && n < max)
		out[n++] = s->p.out_fd;
	if (s->p.err_fd >= 0 && n < max)
		out[n++] = s->p.err_fd;
	return n;
}

static int sr_readable(void *ud, int fd, char *err, size_t errlen)
{
	struct sr *s = ud;
	if (fd == s->p.err_fd) {
		vet__proc_read(&s->p, fd, sr_err_line, s);
		return 0;
	}
	if (vet__proc_read(&s->p, fd, sr_line, s) < 0) {
		s->dead = 1;
		snprintf(err, errlen, "sipref exited%s%s", s->p.last_err[0] ? ": " : "",
		         s->p.last_err);
		return VET_SESS_ERROR;
	}
	return 0;
}

static int sr_replied(void *ud)
{
	return ((struct sr *)ud)->replied;
}

/* Sends one control line and waits for its reply. */
static int sr_command(struct sr *s, struct vet__net_sess *ns, const char *line, char *err,
                      size_t errlen)
{
	int rc;
	s->replied = 0;
	if (vet__proc_write(&s->p, line, strlen(line), SR_REPLY_MS)) {
		snprintf(err, errlen, "sipref control: cannot write '%.*s'",
		         (int)strcspn(line, "\n"), line);
		return VET_SESS_ERROR;
	}
	rc = vet__net_wait_hooks(ns, SR_REPLY_MS, sr_replied, s, err, errlen);
	if (rc == -1) {
		snprintf(err, errlen, "sipref control: no reply to '%.*s'",
		         (int)strcspn(line, "\n"), line);
		return VET_SESS_ERROR;
	}
	if (rc)
		return rc;
	if (strncmp(s->reply, "ok", 2)) {
		snprintf(err, errlen, "sipref control '%.*s': %s", (int)strcspn(line, "\n"), line,
		         s->reply);
		return VET_SESS_ERROR;
	}
	return 0;
}

static int sr_has_call(void *ud)
{
	return ((struct sr *)ud)->call != 0;
}

static int sr_trigger(void *ud, struct vet__net_sess *ns, enum vet_action a,
                      const struct vet_targ *args, size_t nargs, char *err, size_t errlen)
{
	struct sr *s = ud;
	struct sip_str to = vet__targ_get(args, nargs, "to");
	char line[1024];
	int rc;
	switch (a) {
	case VET_A_CALL:
	case VET_A_OPTIONS:
		if (!to.p || !to.len || memchr(to.p, '\n', to.len) || memchr(to.p, ' ', to.len)) {
			snprintf(err, errlen, "%s: argument 'to' missing or not one URI",
			         vet_action_name(a));
			return VET_SESS_ERROR;
		}
		snprintf(line, sizeof(line), "%s %.*s\n", vet_action_name(a), (int)to.len, to.p);
		break;
	case VET_A_CANCEL:
	case VET_A_HANGUP:
	case VET_A_REINVITE:
		/* The call an incoming INVITE made is named by an event line
		 * that may still be on its way: wait for it. */
		if (!s->call) {
			rc = vet__net_wait_hooks(ns, SR_REPLY_MS, sr_has_call, s, err, errlen);
			if (rc == VET_SESS_STOPPED)
				return rc;
			if (!s->call) {
				snprintf(err, errlen, "%s: sipref reported no call to act on",
				         vet_action_name(a));
				return VET_SESS_ERROR;
			}
		}
		snprintf(line, sizeof(line), "%s %u\n", vet_action_name(a), (unsigned)s->call);
		break;
	case VET_A_REGISTER: {
		struct sip_str ex = vet__targ_get(args, nargs, "expires");
		char def[96];
		if (!to.p) {
			snprintf(def, sizeof(def), "sip:%s", vet__net_agent_addr(ns, 0));
			to = sip_str_make(def, strlen(def));
		}
		snprintf(line, sizeof(line), "register %.*s%s%.*s\n", (int)to.len, to.p,
		         ex.p ? " " : "", ex.p ? (int)ex.len : 0, ex.p ? ex.p : "");
		break;
	}
	case VET_A_ANSWER:
		/* Configured with --answer when the server started. */
		return 0;
	default:
		snprintf(err, errlen, "trigger %d: unknown action", (int)a);
		return VET_SESS_ERROR;
	}
	rc = sr_command(s, ns, line, err, errlen);
	if (rc == 0 && a == VET_A_CALL) {
		const char *c = strstr(s->reply, "call=");
		if (c && strtoul(c + 5, NULL, 10))
			s->call = (uint32_t)strtoul(c + 5, NULL, 10);
	}
	return rc;
}

static void sr_close(void *ud)
{
	struct sr *s = ud;
	vet__proc_stop(&s->p, s->dead ? NULL : "quit\n");
	free(s);
}

/* Starts the server and waits for its port and ready line. */
static int sr_start(struct sr *s, const char *bin, const struct vet_sess_cfg *cfg, char *err,
                    size_t errlen)
{
	char listen[64], seed[32], answer[32];
	unsigned st = vet__case_answer_status(cfg->c);
	char *argv[] = {(char *)bin,
	                "--listen",
	                listen,
	                "--control-stdin",
	                "--seed",
	                seed,
	                "--log-level",
	                "info",
	                "--answer",
	                answer,
	                "--auth-user",
	                VET_EMBEDDED_USER,
	                "--auth-password",
	                VET_EMBEDDED_PASSWORD,
	                NULL};
	uint64_t end;
	snprintf(listen, sizeof(listen), "%s:127.0.0.1:0",
	         cfg->transport == VET_TP_TCP ? "tcp" : "udp");
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)(cfg->seed ? cfg->seed : 1));
	if (st >= 300)
		snprintf(answer, sizeof(answer), "reject:%u", st);
	else if (st >= 100 && st < 200)
		snprintf(answer, sizeof(answer), "ring");
	else
		snprintf(answer, sizeof(answer), "auto");
	if (vet__proc_spawn(&s->p, argv, 1, err, errlen))
		return -1;
	end = vet__mono_us() + SR_START_MS * 1000u;
	while (!(s->ready && s->port)) {
		struct pollfd pf = {.fd = s->p.err_fd, .events = POLLIN};
		char e2[8];
		if (cfg->stop && *cfg->stop) {
			snprintf(err, errlen, "interrupted");
			return -1;
		}
		if (s->p.err_fd < 0 || vet__mono_us() >= end) {
			snprintf(err, errlen, "sipref did not start%s%s",
			         s->p.last_err[0] ? ": " : "", s->p.last_err);
			return -1;
		}
		/* stderr is the channel that matters until the server is up. */
		if (poll(&pf, 1, 50) > 0)
			sr_readable(s, s->p.err_fd, e2, sizeof(e2));
	}
	return 0;
}

static int sr_sess_open(struct vet_target *t, const struct vet_sess_cfg *cfg, struct vet_sess **out,
                        char *err, size_t errlen)
{
	struct sr *s = calloc(1, sizeof(*s));
	struct vet__net_hooks h;
	struct vet__net_iut iut;
	const char *bin = (const char *)(t + 1);
	int rc;
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return VET_SESS_ERROR;
	}
	if (sr_start(s, bin, cfg, err, errlen)) {
		sr_close(s);
		return VET_SESS_ERROR;
	}
	memset(&h, 0, sizeof(h));
	h.ud = s;
	h.fds = sr_fds;
	h.readable = sr_readable;
	h.trigger = sr_trigger;
	h.close = sr_close;
	memset(&iut, 0, sizeof(iut));
	iut.host = "127.0.0.1";
	iut.port = s->port;
	iut.local = "127.0.0.1";
	rc = vet__net_sess_open(cfg, &iut, &h, out, err, errlen);
	if (rc)
		return rc; /* the hooks' close stopped the server */
	{
		/* The control channel answers: the server is in its loop. */
		int prc = sr_command(s, (struct vet__net_sess *)*out, "ping\n", err, errlen);
		if (prc) {
			vet_sess_close(*out);
			*out = NULL;
			return VET_SESS_ERROR;
		}
	}
	return 0;
}

static void sr_target_close(struct vet_target *t)
{
	free(t);
}

int vet__target_sipref_open(struct vet_target **out, const char *bin, char *err, size_t errlen)
{
	size_t n = strlen(bin);
	struct vet_target *t;
	if (access(bin, X_OK) != 0) {
		snprintf(err, errlen,
		         "sipref: no executable at %s (build the sipref_server target, or set "
		         "SIPVET_SIPREF)",
		         bin);
		return -1;
	}
	t = calloc(1, sizeof(*t) + n + 1);
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(t + 1, bin, n + 1); /* the path lives right after the target */
	t->info.name = "sipref";
	/* The reference UA answers (uas), calls (uac) and registers through its
	 * control API (registrant, RFC 3261 10.2); it is not a registrar. */
	t->info.roles = VET_ROLE_UAS | VET_ROLE_UAC | VET_ROLE_REGISTRANT;
	t->info.transports = VET_TP_UDP | VET_TP_TCP;
	vet_timers_default(&t->info.timers);
	t->info.virtual_time = 0;
	t->info.default_jobs = 16;
	t->sess_open = sr_sess_open;
	t->close = sr_target_close;
	*out = t;
	return 0;
}

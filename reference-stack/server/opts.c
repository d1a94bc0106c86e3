/* sipref server: command-line flags (see opts.h and README.md). */
#include "opts.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipref/lenient.h"

#include <strings.h>

#ifndef SIPVET_VERSION
#define SIPVET_VERSION "0"
#endif

static int opt_fail(char *err, size_t errlen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static int opt_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Strict unsigned decimal (or 0x hex when hex is set) in [min, max]. */
static int parse_u64(const char *s, uint64_t min, uint64_t max, int hex, uint64_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;
	const char *p = s;

	if (hex && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && p[2]) {
		base = 16;
		p += 2;
	}
	if (!*p)
		return -1;
	for (; *p; p++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
		else
			return -1;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_ms(const char *flag, const char *arg, uint64_t min, uint64_t max, uint32_t *out,
                    char *err, size_t errlen)
{
	uint64_t v;

	if (parse_u64(arg, min, max, 0, &v))
		return opt_fail(err, errlen,
		                "%s: '%s' is not a number of milliseconds in %llu..%llu", flag, arg,
		                (unsigned long long)min, (unsigned long long)max);
	*out = (uint32_t)v;
	return 0;
}

int srv_log_level_lookup(const char *s)
{
	static const char *const names[] = {"error", "warn", "info", "debug"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	if (strcmp(s, "warning") == 0)
		return SRV_LOG_WARN;
	return -1;
}

/* RFC 3261 18: the server speaks UDP and TCP; TLS (and SCTP) are not in this
 * issue. Names are case-insensitive as in Via. */
static int parse_transport(const char *s, size_t n, enum sip_transport *tp)
{
	if (n == 3 && strncasecmp(s, "udp", 3) == 0)
		*tp = SIP_TP_UDP;
	else if (n == 3 && strncasecmp(s, "tcp", 3) == 0)
		*tp = SIP_TP_TCP;
	else if (n == 3 && strncasecmp(s, "tls", 3) == 0)
		*tp = SIP_TP_TLS;
	else
		return -1;
	return 0;
}

static int all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

int srv_listen_parse(struct srv_listen *l, const char *s, char *err, size_t errlen)
{
	const char *colon = strchr(s, ':');
	const char *host, *port = NULL;
	char buf[64];
	size_t hlen;
	uint64_t pv = 5060;

	memset(l, 0, sizeof(*l));
	if (!colon || parse_transport(s, (size_t)(colon - s), &l->tp))
		return opt_fail(err, errlen,
		                "'%s': expected TRANSPORT:ADDRESS[:PORT] with TRANSPORT "
		                "udp or tcp, e.g. udp:127.0.0.1:5060 or tcp:[::1]:5060",
		                s);
	if (l->tp == SIP_TP_TLS)
		return opt_fail(err, errlen,
		                "'%s': TLS is not supported by this version (udp or tcp)", s);
	host = colon + 1;
	if (*host == '[') {
		const char *rb = strchr(host, ']');

		if (!rb)
			return opt_fail(err, errlen, "'%s': missing ']' after the IPv6 address", s);
		host++;
		hlen = (size_t)(rb - host);
		if (rb[1] == ':')
			port = rb + 2;
		else if (rb[1])
			return opt_fail(err, errlen, "'%s': expected ':PORT' after ']'", s);
		l->addr.family = 6;
	} else {
		const char *pc = strchr(host, ':');

		if (pc && strchr(pc + 1, ':'))
			return opt_fail(err, errlen,
			                "'%s': an IPv6 address goes in brackets, e.g. "
			                "tcp:[::1]:5060",
			                s);
		hlen = pc ? (size_t)(pc - host) : strlen(host);
		if (pc)
			port = pc + 1;
		l->addr.family = 4;
	}
	if (hlen == 0 || hlen >= sizeof(buf))
		return opt_fail(err, errlen, "'%s': missing or overlong address", s);
	memcpy(buf, host, hlen);
	buf[hlen] = '\0';
	if (inet_pton(l->addr.family == 6 ? AF_INET6 : AF_INET, buf, l->addr.ip) != 1)
		return opt_fail(err, errlen,
		                "'%s': '%s' is not an IPv%d address (host names are not "
		                "resolved here)",
		                s, buf, l->addr.family);
	/* The bound address is advertised in Via sent-by and Contact (RFC 3261
	 * 18.1.1, 8.1.1.8): a wildcard cannot be. */
	if (all_zero(l->addr.ip, l->addr.family == 6 ? 16 : 4))
		return opt_fail(err, errlen,
		                "'%s': a wildcard address cannot be advertised in Via and "
		                "Contact; give the address peers reach this host at",
		                s);
	if (port && parse_u64(port, 0, 65535, 0, &pv))
		return opt_fail(err, errlen, "'%s': port '%s' is not a number in 0..65535", s,
		                port);
	l->addr.port = (uint16_t)pv;
	return 0;
}

/* ---- one handler per flag ------------------------------------------------- */

typedef int srv_flag_fn(struct srv_opts *o, const char *flag, const char *arg, char *err,
                        size_t errlen);

static int f_listen(struct srv_opts *o, const char *flag, const char *arg, char *err, size_t errlen)
{
	struct srv_listen l;
	char why[200];

	if (o->nlisten == SRV_MAX_LISTEN)
		return opt_fail(err, errlen, "%s: at most %d listen addresses", flag,
		                SRV_MAX_LISTEN);
	if (srv_listen_parse(&l, arg, why, sizeof(why)))
		return opt_fail(err, errlen, "%s: %s", flag, why);
	for (size_t i = 0; i < o->nlisten; i++)
		if (o->listen[i].tp == l.tp && o->listen[i].addr.family == l.addr.family &&
		    o->listen[i].addr.port == l.addr.port && l.addr.port != 0 &&
		    memcmp(o->listen[i].addr.ip, l.addr.ip, 16) == 0)
			return opt_fail(err, errlen, "%s: '%s' is given twice", flag, arg);
	o->listen[o->nlisten++] = l;
	return 0;
}

static int f_role(struct srv_opts *o, const char *flag, const char *arg, char *err, size_t errlen)
{
	static const char *const later[] = {"uac", "proxy", "registrar", "redirect"};

	(void)o;
	if (strcmp(arg, "uas") == 0)
		return 0;
	for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++)
		if (strcmp(arg, later[i]) == 0)
			return opt_fail(err, errlen,
			                "%s: role '%s' is not available in this version "
			                "(only 'uas'; a UAS also originates through --control)",
			                flag, arg);
	return opt_fail(err, errlen, "%s: unknown role '%s' (only 'uas')", flag, arg);
}

static int f_str(const char **dst, const char *flag, const char *arg, char *err, size_t errlen)
{
	if (!*arg)
		return opt_fail(err, errlen, "%s: empty value", flag);
	*dst = arg;
	return 0;
}

static int f_user(struct srv_opts *o, const char *flag, const char *arg, char *err, size_t errlen)
{
	return f_str(&o->ua.user, flag, arg, err, errlen);
}

static int f_domain(struct srv_opts *o, const char *flag, const char *arg, char *err, size_t errlen)
{
	return f_str(&o->ua.domain, flag, arg, err, errlen);
}

static int f_display(struct srv_opts *o, const char *flag, const char *arg, char *err,
                     size_t errlen)
{
	return f_str(&o->ua.display, flag, arg, err, errlen);
}

static int f_user_agent(struct srv_opts *o, const char *flag, const char *arg, char *err,
                        size_t errlen)
{
	return f_str(&o->ua.user_agent, flag, arg, err, errlen);
}

static int f_auth_user(struct srv_opts *o, const char *flag, const char *arg, char *err,
                       size_t errlen)
{
	return f_str(&o->ua.auth_user, flag, arg, err, errlen);
}

static int f_auth_password(struct srv_opts *o, const char *flag, const char *arg, char *err,
                           size_t errlen)
{
	(void)err;
	(void)errlen;
	(void)flag;
	o->ua.auth_password = arg; /* an empty password is a password */
	return 0;
}

static int f_answer(struct srv_opts *o, const char *flag, const char *arg, char *err, size_t errlen)
{
	uint64_t code;

	if (strcmp(arg, "auto") == 0) {
		o->ua.answer = SIP_UA_ANSWER_AUTO;
	} else if (strcmp(arg, "ring") == 0) {
		o->ua.answer = SIP_UA_ANSWER_RING;
	} else if (strcmp(arg, "reject") == 0) {
		o->ua.answer = SIP_UA_ANSWER_REJECT;
		o->ua.reject_status = 486;
	} else if (strncmp(arg, "reject:", 7) == 0) {
		/* RFC 3261 13.3.1.3: a rejection is a 3xx-6xx final response. */
		if (parse_u64(arg + 7, 300, 699, 0, &code))
			return opt_fail(err, errlen,
			                "%s: '%s': the reject status must be in 300..699", flag,
			                arg);
		o->ua.answer = SIP_UA_ANSWER_REJECT;
		o->ua.reject_status = (unsigned)code;
	} else {
		return opt_fail(err, errlen, "%s: '%s' is not auto, ring, reject or reject:CODE",
		                flag, arg);
	}
	return 0;
}

static int f_answer_delay(struct srv_opts *o, const char *flag, const char *arg, char *err,
                          size_t errlen)
{
	return parse_ms(flag, arg, 0, 3600000, &o->ua.answer_delay_ms, err, errlen);
}

static int f_max_redirects(struct srv_opts *o, const char *flag, const char *arg, char *err,
                           size_t errlen)
{
	uint64_t v;

	if (parse_u64(arg, 0, 100, 0, &v))
		return opt_fail(err, errlen, "%s: '%s' is not a number in 0..100", flag, arg);
	o->ua.max_redirects = (unsigned)v;
	return 0;
}

static int f_outbound_proxy(struct srv_opts *o, const char *flag, const char *arg, char *err,
                            size_t errlen)
{
	/* RFC 3261 8.1.2: the outbound proxy is a SIP or SIPS URI; the UA core
	 * parses the rest. */
	if (strncasecmp(arg, "sip:", 4) != 0 && strncasecmp(arg, "sips:", 5) != 0)
		return opt_fail(err, errlen, "%s: '%s' is not a sip: or sips: URI", flag, arg);
	o->ua.outbound_proxy = arg;
	return 0;
}

static int f_t1(struct srv_opts *o, const char *flag, const char *arg, char *err, size_t errlen)
{
	return parse_ms(flag, arg, 1, 60000, &o->stack.t1, err, errlen);
}

static int f_t2(struct srv_opts *o, const char *flag, const char *arg, char *err, size_t errlen)
{
	return parse_ms(flag, arg, 1, 600000, &o->stack.t2, err, errlen);
}

static int f_t4(struct srv_opts *o, const char *flag, const char *arg, char *err, size_t errlen)
{
	return parse_ms(flag, arg, 1, 600000, &o->stack.t4, err, errlen);
}

static int f_lenient(struct srv_opts *o, const char *flag, const char *arg, char *err,
                     size_t errlen)
{
	const char *p = arg;

	if (strcmp(arg, "all") == 0) {
		o->stack.lenient |= SIP_LENIENT_ALL;
		return 0;
	}
	while (1) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		unsigned bit;

		for (bit = 1; bit && bit <= SIP_LENIENT_ALL; bit <<= 1) {
			const char *name = sip_lenient_name(bit);

			if (name && strlen(name) == n && strncmp(name, p, n) == 0)
				break;
		}
		if (!bit || bit > SIP_LENIENT_ALL)
			return opt_fail(err, errlen, "%s: unknown leniency '%.*s' (see --help)",
			                flag, (int)n, p);
		o->stack.lenient |= bit;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

static int f_max_msg(struct srv_opts *o, const char *flag, const char *arg, char *err,
                     size_t errlen)
{
	uint64_t v;

	if (parse_u64(arg, 1024, 16u << 20, 0, &v))
		return opt_fail(err, errlen, "%s: '%s' is not a size in 1024..16777216 bytes", flag,
		                arg);
	o->stack.max_msg = (size_t)v;
	return 0;
}

static int f_control(struct srv_opts *o, const char *flag, const char *arg, char *err,
                     size_t errlen)
{
	/* sizeof(struct sockaddr_un.sun_path) is 108 on Linux, NUL included. */
	if (!*arg || strlen(arg) > 107)
		return opt_fail(err, errlen, "%s: a UNIX socket path of 1..107 bytes is needed",
		                flag);
	o->control_path = arg;
	return 0;
}

static int f_log_level(struct srv_opts *o, const char *flag, const char *arg, char *err,
                       size_t errlen)
{
	int lv = srv_log_level_lookup(arg);

	if (lv < 0)
		return opt_fail(err, errlen, "%s: '%s' is not error, warn, info or debug", flag,
		                arg);
	o->log_level = (enum srv_log_level)lv;
	return 0;
}

static int f_seed(struct srv_opts *o, const char *flag, const char *arg, char *err, size_t errlen)
{
	uint64_t v;

	if (parse_u64(arg, 0, UINT64_MAX, 1, &v))
		return opt_fail(err, errlen, "%s: '%s' is not an unsigned 64-bit number", flag,
		                arg);
	o->stack.seed = v;
	o->seed_set = 1;
	return 0;
}

static int f_set(int *dst)
{
	*dst = 1;
	return 0;
}

static int f_control_stdin(struct srv_opts *o, const char *flag, const char *arg, char *err,
                           size_t errlen)
{
	(void)flag, (void)arg, (void)err, (void)errlen;
	return f_set(&o->control_stdin);
}

static int f_trace(struct srv_opts *o, const char *flag, const char *arg, char *err, size_t errlen)
{
	(void)flag, (void)arg, (void)err, (void)errlen;
	return f_set(&o->trace);
}

static int f_help(struct srv_opts *o, const char *flag, const char *arg, char *err, size_t errlen)
{
	(void)flag, (void)arg, (void)err, (void)errlen;
	return f_set(&o->help);
}

static int f_version(struct srv_opts *o, const char *flag, const char *arg, char *err,
                     size_t errlen)
{
	(void)flag, (void)arg, (void)err, (void)errlen;
	return f_set(&o->version);
}

struct srv_flag {
	const char *name;
	const char *shortname;
	const char *arg; /* NULL: the flag takes no value */
	srv_flag_fn *fn;
	const char *help;
};

static const struct srv_flag flags[] = {
        {"--listen", "-l", "TP:ADDR[:PORT]", f_listen,
         "listen on udp or tcp, IPv4 or [IPv6]; repeatable; port 0: any free port"},
        {"--role", NULL, "ROLE", f_role, "uas (the only role of this version; default)"},
        {"--user", "-u", "NAME", f_user, "local user part (default sipref)"},
        {"--domain", "-d", "HOST", f_domain,
         "domain of From and the AOR (default: listen address)"},
        {"--display", NULL, "NAME", f_display, "display name of From"},
        {"--user-agent", NULL, "TEXT", f_user_agent, "User-Agent / Server value"},
        {"--answer", "-a", "MODE", f_answer,
         "auto (180 then 200), ring (180 only), reject or reject:CODE (300..699)"},
        {"--answer-delay", NULL, "MS", f_answer_delay, "delay between 180 and 200 (default 0)"},
        {"--auth-user", NULL, "NAME", f_auth_user, "user name for 401/407 challenges"},
        {"--auth-password", NULL, "PASSWORD", f_auth_password, "password for 401/407 challenges"},
        {"--outbound-proxy", NULL, "URI", f_outbound_proxy,
         "sip: URI for requests outside dialogs"},
        {"--max-redirects", NULL, "N", f_max_redirects, "3xx recursion depth (default 5)"},
        {"--t1", NULL, "MS", f_t1, "RFC 3261 T1, RTT estimate (default 500)"},
        {"--t2", NULL, "MS", f_t2, "RFC 3261 T2, retransmit cap (default 4000)"},
        {"--t4", NULL, "MS", f_t4, "RFC 3261 T4, max network lifetime (default 5000)"},
        {"--lenient", NULL, "NAME[,NAME]", f_lenient,
         "accept a named deviation; 'all'; repeatable"},
        {"--max-msg", NULL, "BYTES", f_max_msg, "largest message on a stream (default 65535)"},
        {"--control", "-c", "PATH", f_control, "control interface on a UNIX stream socket"},
        {"--control-stdin", NULL, NULL, f_control_stdin,
         "control interface on stdin (replies and events on stdout)"},
        {"--log-level", NULL, "LEVEL", f_log_level, "error, warn, info (default) or debug"},
        {"--trace", NULL, NULL, f_trace, "log every transaction transition (at debug)"},
        {"--seed", NULL, "N", f_seed, "seed for tags, branches, Call-IDs (default: /dev/urandom)"},
        {"--help", "-h", NULL, f_help, "this text"},
        {"--version", "-V", NULL, f_version, "print the version"},
};

void srv_opts_usage(FILE *f)
{
	fprintf(f, "usage: sipref --listen TP:ADDR[:PORT]... [--role uas] [options]\n"
	           "\n"
	           "The sipvet reference SIP user agent (RFC 3261) on real sockets.\n"
	           "\n"
	           "options:\n");
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		char lhs[64];

		snprintf(lhs, sizeof(lhs), "%s%s%s%s%s",
		         flags[i].shortname ? flags[i].shortname : "",
		         flags[i].shortname ? ", " : "", flags[i].name, flags[i].arg ? " " : "",
		         flags[i].arg ? flags[i].arg : "");
		fprintf(f, "  %-30s %s\n", lhs, flags[i].help);
	}
	fprintf(f, "\nleniencies:");
	for (unsigned bit = 1; bit && bit <= SIP_LENIENT_ALL; bit <<= 1)
		if (sip_lenient_name(bit))
			fprintf(f, " %s", sip_lenient_name(bit));
	fprintf(f, "\n\nexamples:\n"
	           "  sipref --listen udp:127.0.0.1:5060 --listen tcp:[::1]:5060 --role uas\n"
	           "  sipref -l udp:127.0.0.1:0 --answer reject:486 --control /tmp/sipref.sock\n"
	           "\nControl protocol and exit status: reference-stack/server/README.md\n");
}

static const struct srv_flag *find_flag(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (strlen(flags[i].name) == n && strncmp(flags[i].name, name, n) == 0)
			return &flags[i];
		if (flags[i].shortname && strlen(flags[i].shortname) == n &&
		    strncmp(flags[i].shortname, name, n) == 0)
			return &flags[i];
	}
	return NULL;
}

/* Checks that need every flag: defaults resolved, pairs complete. */
static int check_opts(struct srv_opts *o, char *err, size_t errlen)
{
	uint32_t t1 = o->stack.t1 ? o->stack.t1 : 500, t2 = o->stack.t2 ? o->stack.t2 : 4000;

	if (o->help || o->version)
		return 0;
	if (o->nlisten == 0)
		return opt_fail(err, errlen,
		                "--listen: at least one listen address is required, "
		                "e.g. --listen udp:127.0.0.1:5060");
	/* RFC 3261 17.1.2.2: T2 caps the doubling of T1, so T2 < T1 is meaningless. */
	if (t2 < t1)
		return opt_fail(err, errlen, "--t2: %u ms is smaller than T1 (%u ms)", t2, t1);
	if (!o->ua.auth_user != !o->ua.auth_password)
		return opt_fail(err, errlen, "%s: --auth-user and --auth-password go together",
		                o->ua.auth_user ? "--auth-user" : "--auth-password");
	return 0;
}

int srv_opts_parse(struct srv_opts *o, int argc, char **argv, char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->log_level = SRV_LOG_INFO;
	o->stack.ua = &o->ua;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *eq = NULL, *val = NULL;
		const struct srv_flag *f;
		size_t n = strlen(a);

		if (a[0] != '-' || a[1] == '\0')
			return opt_fail(err, errlen,
			                "'%s': unexpected argument (flags only; see --help)", a);
		if (a[1] == '-' && (eq = strchr(a, '=')) != NULL)
			n = (size_t)(eq - a);
		f = find_flag(a, n);
		if (!f)
			return opt_fail(err, errlen, "%.*s: unknown flag (see --help)", (int)n, a);
		if (f->arg && eq) {
			val = eq + 1;
		} else if (f->arg) {
			if (i + 1 >= argc)
				return opt_fail(err, errlen, "%s: missing value %s", f->name,
				                f->arg);
			val = argv[++i];
		} else if (eq) {
			return opt_fail(err, errlen, "%s: takes no value", f->name);
		}
		if (f->fn(o, f->name, val, err, errlen))
			return -1;
	}
	return check_opts(o, err, errlen);
}

const char *srv_version_text(void)
{
	return "sipref " SIPVET_VERSION;
}

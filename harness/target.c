/* sipvet: opening targets by name, and the session calls every kind of
 * target shares (target.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "target.h"

/* "HOST:PORT" with IPv6 literals in brackets. host gets the bare host. */
static int split_hostport(const char *s, char *host, size_t hostcap, uint16_t *port, char *err,
                          size_t errlen)
{
	const char *colon, *h = s, *hend;
	char *end;
	unsigned long p;
	if (*s == '[') {
		hend = strchr(s, ']');
		if (!hend || hend[1] != ':') {
			snprintf(err, errlen, "'%s': an IPv6 literal is written [ADDR]:PORT", s);
			return -1;
		}
		h = s + 1;
		colon = hend + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon) {
			snprintf(err, errlen, "'%s': expected HOST:PORT", s);
			return -1;
		}
		hend = colon;
		if (memchr(s, ':', (size_t)(colon - s))) {
			snprintf(err, errlen, "'%s': write IPv6 literals in brackets, [ADDR]:PORT",
			         s);
			return -1;
		}
	}
	if (hend == h || (size_t)(hend - h) >= hostcap) {
		snprintf(err, errlen, "'%s': bad host", s);
		return -1;
	}
	memcpy(host, h, (size_t)(hend - h));
	host[hend - h] = '\0';
	p = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || p == 0 || p > 65535) {
		snprintf(err, errlen, "'%s': the port must be a number from 1 to 65535", s);
		return -1;
	}
	*port = (uint16_t)p;
	return 0;
}

/* The sipref binary: $SIPVET_SIPREF, else next to this executable. */
static void sipref_path(const char *self, char *out, size_t cap)
{
	const char *env = getenv("SIPVET_SIPREF");
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;
	if (env && *env) {
		snprintf(out, cap, "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
	} else {
		snprintf(exe, sizeof(exe), "%s", self ? self : "sipvet");
	}
	slash = strrchr(exe, '/');
	if (slash)
		snprintf(out, cap, "%.*s/sipref", (int)(slash - exe), exe);
	else
		snprintf(out, cap, "./sipref");
}

int vet_target_open(struct vet_target **out, const char *spec, const struct vet_profile *prof,
                    const char *self, char *err, size_t errlen)
{
	char host[256];
	uint16_t port;
	*out = NULL;
	if (!spec || !strcmp(spec, "reference"))
		return vet__target_ref_open(out, err, errlen);
	if (!strcmp(spec, "sipref")) {
		char bin[PATH_MAX];
		sipref_path(self, bin, sizeof(bin));
		return vet__target_sipref_open(out, bin, err, errlen);
	}
	if (!strncmp(spec, "udp:", 4) || !strncmp(spec, "tcp:", 4)) {
		unsigned tp = spec[0] == 'u' ? VET_TP_UDP : VET_TP_TCP;
		if (split_hostport(spec + 4, host, sizeof(host), &port, err, errlen))
			return -1;
		return vet__target_net_open(out, spec, tp, host, port, prof, err, errlen);
	}
	snprintf(err, errlen,
	         "unknown target '%s' (reference, sipref, udp:HOST:PORT or tcp:HOST:PORT)", spec);
	return -1;
}

void vet_target_close(struct vet_target *t)
{
	if (t)
		t->close(t);
}

const struct vet_target_info *vet_target_info(const struct vet_target *t)
{
	return &t->info;
}

int vet_sess_open(struct vet_target *t, const struct vet_sess_cfg *cfg, struct vet_sess **out,
                  char *err, size_t errlen)
{
	*out = NULL;
	return t->sess_open(t, cfg, out, err, errlen);
}

void vet_sess_close(struct vet_sess *s)
{
	if (s)
		s->ops->close(s);
}

void vet_sess_endpoints(struct vet_sess *s, struct vet_endpoint *iut, struct vet_endpoint *agents)
{
	s->ops->endpoints(s, iut, agents);
}

uint64_t vet_sess_now(struct vet_sess *s)
{
	return s->ops->now(s);
}

int vet_sess_send(struct vet_sess *s, int agent, const void *buf, size_t len, struct vet_wire *w,
                  char *err, size_t errlen)
{
	return s->ops->send(s, agent, buf, len, w, err, errlen);
}

int vet_sess_recv(struct vet_sess *s, uint64_t deadline_us, struct vet_rx *rx, char *err,
                  size_t errlen)
{
	return s->ops->recv(s, deadline_us, rx, err, errlen);
}

int vet_sess_trigger(struct vet_sess *s, enum vet_action a, const struct vet_targ *args,
                     size_t nargs, char *err, size_t errlen)
{
	return s->ops->trigger(s, a, args, nargs, err, errlen);
}

struct sip_str vet__targ_get(const struct vet_targ *args, size_t n, const char *key)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (args[i].key && !strcmp(args[i].key, key))
			return args[i].val;
	return SIP_STR_NULL;
}

/* A template made of literal parts only, as a number; 0 otherwise. */
static unsigned tpl_literal_status(const struct vet_tpl *t)
{
	unsigned v = 0;
	size_t i, j, digits = 0;
	for (i = 0; i < t->nparts; i++) {
		if (!t->parts[i].lit)
			return 0;
		for (j = 0; j < t->parts[i].len; j++) {
			char ch = t->parts[i].lit[j];
			if (ch < '0' || ch > '9' || ++digits > 3)
				return 0;
			v = v * 10 + (unsigned)(ch - '0');
		}
	}
	return v >= 100 && v <= 699 ? v : 0;
}

unsigned vet__case_answer_status(const struct vet_case *c)
{
	size_t i, j;
	for (i = 0; i < c->nsteps; i++) {
		const struct vet_step *s = &c->steps[i];
		if (s->kind != VET_S_TRIGGER || s->action != VET_A_ANSWER)
			continue;
		for (j = 0; j < s->nargs; j++)
			if (s->args[j].key && !strcmp(s->args[j].key, "status"))
				return tpl_literal_status(&s->args[j].value);
		return 200;
	}
	return 0;
}

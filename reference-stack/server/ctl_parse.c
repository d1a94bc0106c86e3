/* sipref server: control protocol parsing and event formatting (no I/O). */
#include "control.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define SRV_CTL_MAX_ARGS 3

struct ctl_word {
	const char *p;
	size_t len;
};

static const struct {
	const char *name;
	enum srv_ctl_kind kind;
	int min_args, max_args;
	const char *usage;
} commands[] = {
        {"call", SRV_CTL_CALL, 1, 1, "call URI"},
        {"cancel", SRV_CTL_CANCEL, 1, 1, "cancel CALL"},
        {"hangup", SRV_CTL_HANGUP, 1, 1, "hangup CALL"},
        {"reinvite", SRV_CTL_REINVITE, 1, 1, "reinvite CALL"},
        {"options", SRV_CTL_OPTIONS, 1, 1, "options URI"},
        {"register", SRV_CTL_REGISTER, 1, 2, "register URI [EXPIRES]"},
        {"calls", SRV_CTL_CALLS, 0, 0, "calls"},
        {"ping", SRV_CTL_PING, 0, 0, "ping"},
        {"help", SRV_CTL_HELP, 0, 0, "help"},
        {"quit", SRV_CTL_QUIT, 0, 0, "quit"},
};

const char *srv_ctl_help(void)
{
	return "commands: call URI | cancel CALL | hangup CALL | reinvite CALL | options URI | "
	       "register URI [EXPIRES] | calls | ping | help | quit";
}

static int ctl_fail(char *err, size_t errlen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static int ctl_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Strict decimal in [min, max]. */
static int parse_num(struct ctl_word w, unsigned long long min, unsigned long long max,
                     unsigned long long *out)
{
	unsigned long long v = 0;

	if (w.len == 0 || w.len > 20)
		return -1;
	for (size_t i = 0; i < w.len; i++) {
		if (w.p[i] < '0' || w.p[i] > '9')
			return -1;
		if (v > (max - (unsigned)(w.p[i] - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned)(w.p[i] - '0');
	}
	if (v < min)
		return -1;
	*out = v;
	return 0;
}

int srv_ctl_parse(const char *line, size_t len, struct srv_ctl_cmd *cmd, char *err, size_t errlen)
{
	struct ctl_word w[SRV_CTL_MAX_ARGS + 1];
	size_t nw = 0, i = 0, c;
	unsigned long long v;

	memset(cmd, 0, sizeof(*cmd));
	cmd->expires = -1;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	for (size_t k = 0; k < len; k++)
		if ((unsigned char)line[k] < 0x20 && !is_space(line[k]))
			return ctl_fail(err, errlen, "control character 0x%02x in the command",
			                (unsigned char)line[k]);
	while (i < len) {
		while (i < len && is_space(line[i]))
			i++;
		if (i == len)
			break;
		if (nw == SRV_CTL_MAX_ARGS + 1)
			return ctl_fail(err, errlen, "too many arguments");
		w[nw].p = line + i;
		while (i < len && !is_space(line[i]))
			i++;
		w[nw].len = (size_t)(line + i - w[nw].p);
		nw++;
	}
	if (nw == 0 || w[0].p[0] == '#')
		return 0;
	for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (strlen(commands[c].name) == w[0].len &&
		    strncasecmp(commands[c].name, w[0].p, w[0].len) == 0)
			break;
	if (c == sizeof(commands) / sizeof(commands[0]))
		return ctl_fail(err, errlen, "unknown command '%.*s' (try 'help')",
		                (int)(w[0].len > 40 ? 40 : w[0].len), w[0].p);
	if ((int)nw - 1 < commands[c].min_args || (int)nw - 1 > commands[c].max_args)
		return ctl_fail(err, errlen, "usage: %s", commands[c].usage);
	cmd->kind = commands[c].kind;
	switch (cmd->kind) {
	case SRV_CTL_CALL:
	case SRV_CTL_OPTIONS:
	case SRV_CTL_REGISTER:
		/* The UA core parses the URI; only its shape is checked here. */
		if (!memchr(w[1].p, ':', w[1].len))
			return ctl_fail(err, errlen,
			                "%s: '%.*s' is not a URI (e.g. sip:bob@127.0.0.1:5070)",
			                commands[c].name, (int)(w[1].len > 80 ? 80 : w[1].len),
			                w[1].p);
		cmd->uri = w[1].p;
		cmd->uri_len = w[1].len;
		if (nw == 3) {
			/* RFC 3261 20.19: Expires is delta-seconds, 32 bits. */
			if (parse_num(w[2], 0, 4294967295ull, &v))
				return ctl_fail(err, errlen,
				                "register: EXPIRES '%.*s' is not a number of "
				                "seconds",
				                (int)(w[2].len > 20 ? 20 : w[2].len), w[2].p);
			cmd->expires = (long)v;
		}
		break;
	case SRV_CTL_CANCEL:
	case SRV_CTL_HANGUP:
	case SRV_CTL_REINVITE:
		if (parse_num(w[1], 1, UINT32_MAX, &v))
			return ctl_fail(
			        err, errlen, "%s: '%.*s' is not a call number (see 'calls')",
			        commands[c].name, (int)(w[1].len > 20 ? 20 : w[1].len), w[1].p);
		cmd->call = (uint32_t)v;
		break;
	default:
		break;
	}
	return 0;
}

const char *srv_ctl_event_name(enum sip_event_type t)
{
	switch (t) {
	case SIP_EV_INCOMING_CALL:
		return "incoming-call";
	case SIP_EV_RINGING:
		return "ringing";
	case SIP_EV_ANSWERED:
		return "answered";
	case SIP_EV_CALL_FAILED:
		return "call-failed";
	case SIP_EV_CALL_ENDED:
		return "call-ended";
	case SIP_EV_CANCELLED:
		return "cancelled";
	case SIP_EV_REQUEST_DONE:
		return "request-done";
	case SIP_EV_REQUEST_RECEIVED:
		return "request-received";
	}
	return "unknown";
}

/* Appends a fixed-size, possibly unterminated char array as a token. */
static size_t put_bounded(char *out, size_t cap, size_t n, const char *s, size_t max, int quote)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];
		char esc[5];
		size_t el = 0;

		if (quote && (ch == '"' || ch == '\\')) {
			esc[el++] = '\\';
			esc[el++] = (char)ch;
		} else if (ch < 0x20 || ch == 0x7f || (!quote && ch == ' ')) {
			esc[el++] = '\\';
			esc[el++] = 'x';
			esc[el++] = hex[ch >> 4];
			esc[el++] = hex[ch & 15];
		} else {
			esc[el++] = (char)ch;
		}
		for (size_t k = 0; k < el && n + 1 < cap; k++)
			out[n++] = esc[k];
	}
	return n;
}

size_t srv_ctl_format_event(const struct sip_event *ev, char *out, size_t cap)
{
	int r;
	size_t n;

	if (cap == 0)
		return 0;
	r = snprintf(out, cap, "event %s call=%u status=%u", srv_ctl_event_name(ev->type),
	             (unsigned)ev->call, ev->status);
	n = r < 0 ? 0 : (size_t)r < cap ? (size_t)r : cap - 1;
	if (ev->method[0] && n + 8 < cap) {
		memcpy(out + n, " method=", 8);
		n = put_bounded(out, cap, n + 8, ev->method, sizeof(ev->method), 0);
	}
	if (ev->text[0] && n + 8 < cap) {
		memcpy(out + n, " text=\"", 7);
		/* cap - 1 keeps room for the closing quote. */
		n = put_bounded(out, cap - 1, n + 7, ev->text, sizeof(ev->text), 1);
		out[n++] = '"';
	}
	out[n] = '\0';
	return n;
}

/* sipref server: the control protocol (README.md "Control interface").
 *
 * One command per line, one reply line per command ("ok ..." or
 * "error ..."), and asynchronous "event ..." lines for every stack event.
 * This header is the pure part (parsing and formatting, no I/O) so that
 * tests/test_server_cli.c can compile it in; control.c does the I/O. */
#ifndef SIPREF_SERVER_CONTROL_H
#define SIPREF_SERVER_CONTROL_H

#include <stddef.h>
#include <stdint.h>

#include "sipref/stack.h"

/* Longest command line accepted; longer lines are answered with an error. */
#define SRV_CTL_MAX_LINE 2048

enum srv_ctl_kind {
	SRV_CTL_NONE = 0, /* empty line or "# comment": no reply */
	SRV_CTL_CALL,     /* call URI */
	SRV_CTL_CANCEL,   /* cancel CALL */
	SRV_CTL_HANGUP,   /* hangup CALL */
	SRV_CTL_REINVITE, /* reinvite CALL */
	SRV_CTL_OPTIONS,  /* options URI */
	SRV_CTL_REGISTER, /* register URI [EXPIRES] */
	SRV_CTL_CALLS,    /* calls */
	SRV_CTL_PING,     /* ping */
	SRV_CTL_HELP,     /* help */
	SRV_CTL_QUIT,     /* quit */
};

struct srv_ctl_cmd {
	enum srv_ctl_kind kind;
	const char *uri; /* call/options/register: points into the line */
	size_t uri_len;
	uint32_t call; /* cancel/hangup/reinvite: the call handle (ua.h) */
	long expires;  /* register: -1 when not given */
};

/* Parses line[0..len) (no newline; a trailing CR is ignored). 0 and *cmd, or
 * -1 with the reason in err (the caller replies "error " err). */
int srv_ctl_parse(const char *line, size_t len, struct srv_ctl_cmd *cmd, char *err, size_t errlen);

/* "incoming-call", "ringing", ... */
const char *srv_ctl_event_name(enum sip_event_type t);

/* The event line, without newline: event TYPE call=N status=S [method=M]
 * [text="..."] (text with '"', '\' and control characters escaped). Returns
 * the length written (truncated to cap - 1; out is NUL-terminated). */
size_t srv_ctl_format_event(const struct sip_event *ev, char *out, size_t cap);

/* The one-line command summary "help" replies with. */
const char *srv_ctl_help(void);

#endif

/* Fuzz target: sipref's control line protocol (reference-stack/server/
 * ctl_parse.c), which reads whatever a client writes to the control socket.
 * The input is split into lines as the server splits them; each line is
 * parsed from an exact-size copy. Oracles: no crash; a parse either
 * succeeds with a URI slice inside the line (and a nonzero call handle for
 * the commands that act on one) or fails with a reason; and an event line
 * formatted from input-derived text stays one line (no CR or LF) and
 * within its buffer. */
#include "control.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	while (p < end) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		char *line = fz_dup(p, n), err[256] = "";
		struct srv_ctl_cmd cmd;
		struct sip_event ev;
		char out[512];
		size_t k;
		if (srv_ctl_parse(line, n, &cmd, err, sizeof(err)) == 0) {
			if (cmd.uri)
				FZ_ASSERT(cmd.uri >= line && cmd.uri + cmd.uri_len <= line + n);
			if (cmd.kind == SRV_CTL_CANCEL || cmd.kind == SRV_CTL_HANGUP ||
			    cmd.kind == SRV_CTL_REINVITE)
				FZ_ASSERT(cmd.call != 0);
		} else {
			FZ_ASSERT(err[0] != 0);
		}
		/* Event text comes from the stack (and so from the network). */
		memset(&ev, 0, sizeof(ev));
		ev.type = (enum sip_event_type)(n % 8);
		ev.call = (uint32_t)n;
		snprintf(ev.method, sizeof(ev.method), "%.*s", (int)(n < 15 ? n : 15), line);
		snprintf(ev.text, sizeof(ev.text), "%.*s", (int)(n < 95 ? n : 95), line);
		k = srv_ctl_format_event(&ev, out, sizeof(out));
		FZ_ASSERT(k < sizeof(out) && strlen(out) == k);
		FZ_ASSERT(!memchr(out, '\n', k) && !memchr(out, '\r', k));
		free(line);
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* Fuzz target: the start line alone (RFC 3261 7.1 Request-Line, 7.2
 * Status-Line, 25.1), sip__start_line of msg_impl.h. The whole input is one
 * line without its CRLF. Strict first, then with every leniency (RFC 4475
 * 3.1.2.7, 3.1.2.9, 3.1.2.10 are start-line leniencies). */
#include "fuzz.h"
#include "msg/msg_impl.h"

static struct sip_msg *m;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned modes[] = {0, SIP_LENIENT_ALL};
	char *buf = fz_dup(data, size);
	struct sip_perr err = {0};
	struct sip__pctx c;
	size_t i;
	int rc = SIP_EPARSE;

	if (!m && !(m = sip_msg_new(sip_allocator_default())))
		abort();
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]) && rc != 0; i++) {
		sip_arena_reset(&m->arena);
		sip__pctx_init(&c, &m->arena, buf, modes[i], &err);
		rc = sip__start_line(&c, m, buf, buf + size);
		if (rc != 0) {
			FZ_ASSERT(rc == SIP_EPARSE || rc == SIP_ENOMEM);
			FZ_ASSERT(err.reason != NULL && err.off <= size);
		}
	}
	if (rc == 0 && m->is_request) {
		FZ_ASSERT(m->method.len > 0 && m->ruri_raw.len > 0);
		FZ_ASSERT(m->method.p >= buf && m->method.p + m->method.len <= buf + size);
		FZ_ASSERT(m->ruri_raw.p >= buf && m->ruri_raw.p + m->ruri_raw.len <= buf + size);
	} else if (rc == 0) {
		/* RFC 3261 25.1: Status-Code is any 3DIGIT (extension-code). */
		FZ_ASSERT(m->status <= 999);
	}
	free(buf);
	return 0;
}

/* Fuzz target: one SIP message as a datagram (RFC 3261 7, 18.3, 20, 25).
 * sip_msg_parse frames it, sip_msg_parse_all reaches every typed parser, the
 * Request-URI, SDP and multipart bodies; then every accessor, the request
 * checks (8.2, RFC 4475 3.3) and the printer run. Strict first; when strict
 * parsing rejects the input, again with every leniency. */
#include "fuzz_msg.h"

static struct sip_msg *m;
static char out[1 << 17];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fz_dup(data, size);
	int parsed;
	size_t n;

	if (!m)
		m = fz_msg_new();
	if (fz_parse(m, buf, size, 0, &parsed) != 0)
		(void)fz_parse(m, buf, size, SIP_LENIENT_ALL, &parsed);
	if (parsed) {
		fz_walk(m);
		n = sip_msg_print(m, out, sizeof(out));
		FZ_ASSERT(n > 0);
	}
	free(buf);
	return 0;
}

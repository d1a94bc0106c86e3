/* Fuzz target: one SIP message as a datagram (RFC 3261 7, 18.3, 20, 25).
 * sip_msg_parse frames it, sip_msg_parse_all reaches every typed parser, the
 * Request-URI, SDP and multipart bodies; then every accessor and the request
 * checks (8.2, RFC 4475 3.3) run. Strict or with every leniency, by the
 * input length's parity (fz_mode). The printer has its own target
 * (roundtrip), which prints every message this one accepts. */
#include "fuzz_msg.h"

static struct sip_msg *m;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fz_dup(data, size);
	int parsed;

	if (!m)
		m = fz_msg_new();
	(void)fz_parse(m, buf, size, fz_mode(size), &parsed);
	if (parsed)
		fz_walk(m);
	free(buf);
	return 0;
}

/* Fuzz target: the Via header parser (RFC 3261 20.42, 18.2.1; RFC 3581
 * rport), sip__hdr_parse_via, with the print/reparse/same oracle. The whole
 * input is one Via header value. */
#include "fuzz_hdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fz_dup(data, size);

	fz_hdr_run(&fz_hdrs[SIP_HDR_VIA - 1], buf, buf + size);
	free(buf);
	return 0;
}

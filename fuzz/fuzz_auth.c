/* Fuzz target: the authentication headers (RFC 3261 20.5, 20.7, 20.27,
 * 20.28, 20.44, 22.4; RFC 2617 3.2): WWW-Authenticate, Proxy-Authenticate,
 * Authorization, Proxy-Authorization, Authentication-Info, with the
 * print/reparse/same oracle. data[0] picks the header (SIP_HEADERS order of
 * the `auth` kind), the rest is its value. */
#include "fuzz_hdr.h"

static const struct fz_hdr *sel[FZ_NHDRS];
static size_t nsel;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {"auth"};

	if (!nsel)
		nsel = fz_hdr_select(sel, kinds, 1, 0);
	return fz_hdr_one(sel, nsel, data, size);
}

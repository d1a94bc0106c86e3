/* Fuzz target: every typed header that is neither an address (name-addr),
 * Via nor authentication header: CSeq, Content-Length, Max-Forwards,
 * Expires, Date, Timestamp, Retry-After, MIME-Version, Call-ID, the token
 * lists (Allow, Supported, Require ...), Accept, Content-Type, Warning,
 * Alert-/Call-/Error-Info, Content-Disposition, the TEXT headers (RFC 3261
 * section 20), with the print/reparse/same oracle. data[0] picks the header
 * (SIP_HEADERS order without the via, na and auth kinds), the rest is its
 * value. */
#include "fuzz_hdr.h"

static const struct fz_hdr *sel[FZ_NHDRS];
static size_t nsel;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {"via", "na", "auth"};

	if (!nsel)
		nsel = fz_hdr_select(sel, kinds, 3, 1);
	return fz_hdr_one(sel, nsel, data, size);
}

/* Fuzz target: the name-addr / addr-spec headers (RFC 3261 20.10 Contact,
 * 20.20 From, 20.30 Record-Route, 20.31 Reply-To, 20.34 Route, 20.39 To),
 * sip__hdr_parse_na with the print/reparse/same oracle. data[0] picks the
 * header (SIP_HEADERS order of the `na` kind), the rest is its value. */
#include "fuzz_hdr.h"

static const struct fz_hdr *sel[FZ_NHDRS];
static size_t nsel;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {"na"};

	if (!nsel)
		nsel = fz_hdr_select(sel, kinds, 1, 0);
	return fz_hdr_one(sel, nsel, data, size);
}

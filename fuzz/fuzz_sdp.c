/* Fuzz target: SDP session descriptions (RFC 4566) as carried in a SIP body,
 * sip_sdp_parse over the whole input; a parsed description must be
 * sip_sdp_same to itself. */
#include "fuzz.h"
#include "sipref/alloc.h"
#include "sipref/lenient.h"
#include "sipref/sdp.h"

static struct sip_arena ar;
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned modes[] = {0, SIP_LENIENT_ALL};
	char *buf = fz_dup(data, size);
	struct sip_perr err = {0};
	struct sip_sdp *sdp = NULL;
	size_t i;
	int rc = SIP_EPARSE;

	if (!ready) {
		sip_arena_init(&ar, sip_allocator_default(), 0);
		ready = 1;
	}
	sip_arena_reset(&ar);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]) && rc != 0; i++) {
		rc = sip_sdp_parse(&ar, buf, size, modes[i], &sdp, &err);
		if (rc != 0) {
			FZ_ASSERT(rc == SIP_EPARSE || rc == SIP_ENOMEM);
			FZ_ASSERT(err.reason != NULL && err.off <= size);
		}
	}
	if (rc == 0)
		FZ_ASSERT(sip_sdp_same(sdp, sdp) == 1);
	free(buf);
	return 0;
}

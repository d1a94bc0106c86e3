/* Fuzz target: multipart MIME bodies (RFC 2046 5.1, RFC 3261 7.4). The
 * input's first line (up to LF, a CR before it dropped) is the boundary as
 * the Content-Type parameter gives it (quotes removed); the rest is the
 * body, which sip_multipart_parse splits. A parsed body must be
 * sip_multipart_same to itself. */
#include "fuzz.h"
#include "sipref/alloc.h"
#include "sipref/lenient.h"
#include "sipref/multipart.h"

static struct sip_arena ar;
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned modes[] = {0, SIP_LENIENT_ALL};
	const uint8_t *nl = memchr(data, '\n', size);
	size_t blen = nl ? (size_t)(nl - data) : size;
	size_t skip = nl ? blen + 1 : size;
	char *bnd, *body;
	struct sip_perr err = {0};
	struct sip_multipart *mp = NULL;
	size_t i;
	int rc = SIP_EPARSE;

	if (!ready) {
		sip_arena_init(&ar, sip_allocator_default(), 0);
		ready = 1;
	}
	sip_arena_reset(&ar);
	if (blen && data[blen - 1] == '\r')
		blen--;
	/* Separate blocks, so an over-read of either is caught. */
	bnd = fz_dup(data, blen);
	body = fz_dup(data + skip, size - skip);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]) && rc != 0; i++) {
		rc = sip_multipart_parse(&ar, body, size - skip, sip_str_make(bnd, blen), modes[i],
		                         &mp, &err);
		if (rc != 0) {
			FZ_ASSERT(rc == SIP_EPARSE || rc == SIP_ENOMEM);
			FZ_ASSERT(err.reason != NULL && err.off <= size - skip);
		}
	}
	if (rc == 0)
		FZ_ASSERT(sip_multipart_same(mp, mp) == 1);
	free(bnd);
	free(body);
	return 0;
}

/* Fuzz target: URIs (RFC 3261 19.1 sip/sips, RFC 3966 tel, RFC 3986
 * absoluteURI). sip_uri_parse, then the oracle: the printed URI parses
 * again (same flags) to a sip_uri_same value, and equivalence (19.1.4) is
 * reflexive. Strict first, then with every leniency. */
#include "fuzz.h"
#include "sipref/alloc.h"
#include "sipref/lenient.h"
#include "sipref/uri.h"

static struct sip_arena ar;
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned modes[] = {0, SIP_LENIENT_ALL};
	char *buf = fz_dup(data, size), *out;
	struct sip_perr err = {0};
	struct sip_uri u, u2;
	struct sip_buf b;
	unsigned flags = 0;
	size_t i, n;
	int rc = SIP_EPARSE;

	if (!ready) {
		sip_arena_init(&ar, sip_allocator_default(), 0);
		ready = 1;
	}
	sip_arena_reset(&ar);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]) && rc != 0; i++) {
		flags = modes[i];
		rc = sip_uri_parse(&ar, buf, size, flags, &u, &err);
		if (rc != 0) {
			FZ_ASSERT(rc == SIP_EPARSE || rc == SIP_ENOMEM);
			FZ_ASSERT(err.reason != NULL && err.off <= size);
		}
	}
	if (rc != 0)
		goto out;
	FZ_ASSERT(sip_uri_equiv(&u, &u) == 1);
	FZ_ASSERT(sip_uri_same(&u, &u) == 1);

	sip_buf_init(&b, NULL, 0);
	sip_uri_print(&b, &u);
	n = b.len;
	out = malloc(n ? n : 1);
	if (!out)
		abort();
	sip_buf_init(&b, out, n);
	sip_uri_print(&b, &u);
	FZ_ASSERT(b.len == n);
	rc = sip_uri_parse(&ar, out, n, flags, &u2, &err);
	if (rc != 0 || !sip_uri_same(&u, &u2) || !sip_uri_equiv(&u, &u2)) {
		fprintf(stderr, "uri: input [%.*s] printed [%.*s]: %s\n", (int)size, buf, (int)n,
		        out, rc ? err.reason : "reparse differs");
		abort();
	}
	free(out);
out:
	free(buf);
	return 0;
}

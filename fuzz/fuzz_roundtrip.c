/* Fuzz target, the printer's oracle (DESIGN.md "Messages"): when
 * sip_msg_parse + sip_msg_parse_all accept x, the canonical text
 * sip_msg_print writes must be accepted too (same flags) and decode to the
 * same message: sip_msg_same(parse(x), parse(print(parse(x)))) == 1.
 * Anything else aborts. Strict or lenient by the length's parity (fz_mode);
 * the reparse uses the same flags. */
#include "fuzz_msg.h"

static struct sip_msg *a, *b;

static void dump(const char *what, const char *p, size_t n)
{
	fprintf(stderr, "---- %s (%zu bytes)\n%.*s\n----\n", what, n, (int)n, p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fz_dup(data, size), *out;
	unsigned flags = fz_mode(size);
	int parsed, rc;
	size_t n, n2;

	if (!a) {
		a = fz_msg_new();
		b = fz_msg_new();
	}
	if (fz_parse(a, in, size, flags, &parsed) != 0)
		goto out;
	n = sip_msg_print(a, NULL, 0);
	out = malloc(n ? n : 1);
	if (!out)
		abort();
	n2 = sip_msg_print(a, out, n);
	FZ_ASSERT(n2 == n);
	rc = fz_parse(b, out, n, flags, &parsed);
	if (rc != 0 || !sip_msg_same(a, b)) {
		dump("input", in, size);
		dump("printed", out, n);
		fprintf(stderr, "roundtrip: printed message %s (flags %#x)\n",
		        rc ? (parsed ? "fails parse_all" : "fails to parse") : "differs", flags);
		abort();
	}
	FZ_ASSERT(sip_msg_same(a, a));
	free(out);
out:
	free(in);
	return 0;
}

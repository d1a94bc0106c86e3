/* Shared by the typed-header targets (via, nameaddr, scalar, auth): drives
 * one sip__hdr_parse_M of hdr_impl.h, then the print/reparse/same oracle the
 * contract states: "Parsing what it prints yields a value sip__hdr_same_M
 * calls the same". */
#ifndef SIPVET_FUZZ_HDR_H
#define SIPVET_FUZZ_HDR_H

#include "fuzz.h"
#include "msg/hdr_impl.h"
#include "sipref/alloc.h"
#include "sipref/arena.h"

struct fz_hdr {
	enum sip_hdr_id id;
	const char *name;
	const char *kind; /* the union sip_hval member */
	int (*parse)(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
	             union sip_hval *out);
	void (*print)(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v);
	int (*same)(union sip_hval a, union sip_hval b);
};

/* Every known header, in SIP_HEADERS order. fuzz/extract_seeds.py builds the
 * same table from hdr.h to prefix each seed with its selector byte. */
#define FZ__H(ID, name, compact, M) \
	{SIP_HDR_##ID, name, #M, sip__hdr_parse_##M, sip__hdr_print_##M, sip__hdr_same_##M},
static const struct fz_hdr fz_hdrs[] = {SIP_HEADERS(FZ__H)};
#undef FZ__H
#define FZ_NHDRS (sizeof(fz_hdrs) / sizeof(fz_hdrs[0]))

static struct sip_arena fz_ar;
static int fz_ar_ready;

/* Parses [p,end) as header h: strict first, then with every leniency, so the
 * lenient paths are reached too. When one is accepted, prints it, parses
 * the printed text with the same flags and requires the same value. */
static inline void fz_hdr_run(const struct fz_hdr *h, const char *p, const char *end)
{
	static const unsigned modes[] = {0, SIP_LENIENT_ALL};
	struct sip_perr err = {0};
	struct sip__pctx c;
	union sip_hval v, v2;
	struct sip_buf b;
	unsigned flags = 0;
	char *out;
	size_t n, i;
	int rc = SIP_EPARSE;

	if (!fz_ar_ready) {
		sip_arena_init(&fz_ar, sip_allocator_default(), 0);
		fz_ar_ready = 1;
	}
	sip_arena_reset(&fz_ar);
	fz_trim(&p, &end);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]) && rc != 0; i++) {
		flags = modes[i];
		sip__pctx_init(&c, &fz_ar, p, flags, &err);
		v.any = NULL;
		rc = h->parse(&c, h->id, p, end, &v);
		if (rc != 0) {
			FZ_ASSERT(rc == SIP_EPARSE || rc == SIP_ENOMEM);
			FZ_ASSERT(err.reason != NULL);
			FZ_ASSERT(err.off <= (size_t)(end - p));
		}
	}
	if (rc != 0)
		return;

	sip_buf_init(&b, NULL, 0);
	h->print(&b, h->id, v);
	n = b.len;
	out = malloc(n ? n : 1);
	if (!out)
		abort();
	sip_buf_init(&b, out, n);
	h->print(&b, h->id, v);
	FZ_ASSERT(b.len == n); /* printing is deterministic */

	sip__pctx_init(&c, &fz_ar, out, flags, &err);
	v2.any = NULL;
	rc = h->parse(&c, h->id, out, out + n, &v2);
	if (rc != 0 || !h->same(v, v2)) {
		fprintf(stderr,
		        "%s: input   [%.*s]\n%s: printed [%.*s]\n%s: reparse %s (%s at %zu)\n",
		        h->name, (int)(end - p), p, h->name, (int)n, out, h->name,
		        rc ? "failed" : "differs", rc ? err.reason : "same()==0", rc ? err.off : 0);
		abort();
	}
	FZ_ASSERT(h->same(v, v));
	free(out);
}

/* The headers of kind `kind` (or every kind but the listed ones when
 * `exclude`), in table order, into sel[]; returns how many. */
static inline size_t fz_hdr_select(const struct fz_hdr **sel, const char *const *kinds,
                                   size_t nkinds, int exclude)
{
	size_t i, k, n = 0;

	for (i = 0; i < FZ_NHDRS; i++) {
		int hit = 0;

		for (k = 0; k < nkinds; k++)
			hit |= strcmp(fz_hdrs[i].kind, kinds[k]) == 0;
		if (hit != exclude)
			sel[n++] = &fz_hdrs[i];
	}
	return n;
}

/* The common body of the header targets: data[0] picks the header among
 * sel[0..nsel), data[1..] is its value. */
static inline int fz_hdr_one(const struct fz_hdr *const *sel, size_t nsel, const uint8_t *data,
                             size_t size)
{
	char *buf;

	if (size < 1 || nsel == 0)
		return 0;
	buf = fz_dup(data + 1, size - 1);
	fz_hdr_run(sel[data[0] % nsel], buf, buf + (size - 1));
	free(buf);
	return 0;
}

#endif

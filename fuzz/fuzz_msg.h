/* Shared by the whole-message targets (message, stream, roundtrip): the
 * message objects, initialised once and reused (their arenas are reset by
 * every sip_msg_parse), and a walk over every accessor of msg.h. */
#ifndef SIPVET_FUZZ_MSG_H
#define SIPVET_FUZZ_MSG_H

#include "fuzz.h"
#include "sipref/msg.h"

/* Parses buf[0..len) with `flags`, then decodes everything. Returns 0 when
 * both accept, else the failing code (parse_all is skipped when framing
 * failed). *parsed says whether sip_msg_parse accepted. */
static inline int fz_parse(struct sip_msg *m, const char *buf, size_t len, unsigned flags,
                           int *parsed)
{
	struct sip_perr err = {0};
	int rc;

	*parsed = 0;
	rc = sip_msg_parse(m, buf, len, flags, &err);
	if (rc != 0) {
		FZ_ASSERT(rc == SIP_EPARSE || rc == SIP_ENOMEM);
		FZ_ASSERT(err.reason != NULL && err.off <= len);
		return rc;
	}
	*parsed = 1;
	FZ_ASSERT(m->len <= len && m->input_len == len);
	FZ_ASSERT(m->body.len <= m->len);
	rc = sip_msg_parse_all(m, &err);
	if (rc != 0) {
		FZ_ASSERT(rc == SIP_EPARSE || rc == SIP_ENOMEM);
		FZ_ASSERT(err.reason != NULL);
	}
	return rc;
}

/* Calls every accessor; they must not crash whatever parse_all said, and
 * the header index must be consistent. One pass over the header lines
 * (linear in their number, like the parser): each id's chain is walked from
 * the line that heads it, and together the chains hold every line once. */
static inline void fz_walk(struct sip_msg *m)
{
	struct sip_perr err = {0};
	struct sip_hdr *h, *c;
	size_t i, n, total = 0, others = 0;

	for (i = 0; i < m->nhdrs; i++) {
		h = &m->hdrs[i];
		FZ_ASSERT((unsigned)h->id < SIP_HDR__COUNT);
		if (sip_msg_hdr(m, h->id) == h) {
			n = 0;
			for (c = h; c; c = sip_msg_hdr_next(m, c)) {
				FZ_ASSERT(c->id == h->id);
				FZ_ASSERT(++n <= m->nhdrs);
			}
			if (h->id != SIP_HDR_OTHER)
				FZ_ASSERT(n == sip_msg_hdr_count(m, h->id));
			total += n;
		}
		/* Lookup by name; an unknown name is a linear search, so only
		 * the first few of those (a message of 1,000 unknown headers
		 * would otherwise cost a million name comparisons). */
		if (h->id != SIP_HDR_OTHER || others++ < 8)
			FZ_ASSERT(sip_msg_hdr_named(m, h->name) != NULL);
		(void)sip_hdr_decode(m, h, &err);
		(void)sip_hdr_decode(m, h, NULL); /* cached */
	}
	FZ_ASSERT(total == m->nhdrs);
	(void)sip_msg_ruri(m);
	(void)sip_msg_top_via(m);
	(void)sip_msg_from(m);
	(void)sip_msg_to(m);
	(void)sip_msg_cseq(m);
	(void)sip_msg_call_id(m);
	(void)sip_msg_sdp(m);
	(void)sip_msg_multipart(m);
	(void)sip_msg_check(m, &err);
}

/* Strict or lenient, for the whole-message targets: the length's parity
 * picks (even: strict, odd: SIP_LENIENT_ALL). One parse per input instead
 * of a strict parse and a lenient retry of every rejected input, which
 * costed a second full parse of most inputs (a mutated message is usually
 * rejected somewhere): inserting or erasing one octet moves an input to
 * the other mode, so the fuzzer explores both. */
static inline unsigned fz_mode(size_t size)
{
	return (size & 1) ? SIP_LENIENT_ALL : 0;
}

static inline struct sip_msg *fz_msg_new(void)
{
	struct sip_msg *m = sip_msg_new(sip_allocator_default());

	if (!m)
		abort();
	return m;
}

#endif

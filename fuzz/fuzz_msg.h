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

/* Calls every accessor; they must not crash whatever parse_all said. */
static inline void fz_walk(struct sip_msg *m)
{
	struct sip_perr err = {0};
	struct sip_hdr *h;
	size_t i, n;
	int id;

	for (id = 0; id < SIP_HDR__COUNT; id++) {
		n = 0;
		for (h = sip_msg_hdr(m, (enum sip_hdr_id)id); h; h = sip_msg_hdr_next(m, h)) {
			FZ_ASSERT(h->id == (enum sip_hdr_id)id);
			FZ_ASSERT(++n <= m->nhdrs);
		}
		if (id != SIP_HDR_OTHER)
			FZ_ASSERT(n == sip_msg_hdr_count(m, (enum sip_hdr_id)id));
	}
	for (i = 0; i < m->nhdrs; i++) {
		h = &m->hdrs[i];
		FZ_ASSERT(sip_msg_hdr_named(m, h->name) != NULL);
		(void)sip_hdr_decode(m, h, &err);
		(void)sip_hdr_decode(m, h, NULL); /* cached */
	}
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

static inline struct sip_msg *fz_msg_new(void)
{
	struct sip_msg *m = sip_msg_new(sip_allocator_default());

	if (!m)
		abort();
	return m;
}

#endif

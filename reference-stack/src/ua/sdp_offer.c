/* A minimal offer/answer (RFC 3264) for the reference UA: one audio stream
 * with PCMU, PCMA and telephone-event. No media flows; the descriptions are
 * there so that peers see a well-formed session negotiation. */
#include <string.h>

#include "ua_impl.h"

/* RFC 4566 5.7: "IN IP4 192.0.2.1" / "IN IP6 2001:db8::1" (no brackets). */
static void put_addr(struct sip_buf *b, const struct sip_addr *a)
{
	char tmp[64];
	struct sip_buf t;
	sip_buf_init(&t, tmp, sizeof(tmp));
	sip_addr_print_host(&t, a);
	sip_buf_puts(b, a->family == 6 ? "IN IP6 " : "IN IP4 ");
	if (!sip_buf_ok(&t))
		return;
	if (t.len >= 2 && tmp[0] == '[')
		sip_buf_put(b, tmp + 1, t.len - 2);
	else
		sip_buf_put(b, tmp, t.len);
}

static void put_session(struct sip_buf *b, const struct sip_addr *local, uint64_t id, uint64_t ver)
{
	sip_buf_puts(b, "v=0\r\no=sipref ");
	sip_buf_putu(b, id);
	sip_buf_putc(b, ' ');
	sip_buf_putu(b, ver);
	sip_buf_putc(b, ' ');
	put_addr(b, local);
	sip_buf_puts(b, "\r\ns=sipref\r\nc=");
	put_addr(b, local);
	sip_buf_puts(b, "\r\nt=0 0\r\n");
}

void sip__sdp_offer(struct sip_buf *b, const struct sip_addr *local, uint64_t id, uint64_t ver,
                    uint16_t port)
{
	put_session(b, local, id, ver);
	sip_buf_puts(b, "m=audio ");
	sip_buf_putu(b, port);
	sip_buf_puts(b, " RTP/AVP 0 8 101\r\n"
	                "a=rtpmap:0 PCMU/8000\r\n"
	                "a=rtpmap:8 PCMA/8000\r\n"
	                "a=rtpmap:101 telephone-event/8000\r\n"
	                "a=fmtp:101 0-15\r\n"
	                "a=sendrecv\r\n");
}

/* The codec a payload type stands for in this media section: static types
 * of RFC 3551 (0 PCMU, 8 PCMA) or the rtpmap of a dynamic one. */
static const char *codec_of(const struct sip_sdp_media *m, struct sip_str fmt)
{
	static const char *const known[] = {"PCMU/8000", "PCMA/8000", "telephone-event/8000"};
	const struct sip_sdp_attr *a;
	size_t i;
	if (sip_str_eq(fmt, SIP_STR("0")))
		return known[0];
	if (sip_str_eq(fmt, SIP_STR("8")))
		return known[1];
	for (a = sip_sdp_attr_find(m->attrs, "rtpmap"); a;
	     a = sip_sdp_attr_find(a->next, "rtpmap")) {
		struct sip_str v = a->value, enc;
		size_t sp = 0;
		while (sp < v.len && v.p[sp] != ' ')
			sp++;
		if (!sip_str_eq(sip_str_make(v.p, sp), fmt) || sp == v.len)
			continue;
		enc = sip_str_make(v.p + sp + 1, v.len - sp - 1);
		/* "telephone-event/8000/1": the channel count may follow. */
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
			size_t n = strlen(known[i]);
			if (enc.len >= n && sip_str_caseeq_c(sip_str_make(enc.p, n), known[i]) &&
			    (enc.len == n || enc.p[n] == '/'))
				return known[i];
		}
	}
	return NULL;
}

/* RFC 3264 6.1: the answer's direction mirrors the offer's. */
static const char *direction(const struct sip_sdp *s, const struct sip_sdp_media *m)
{
	static const char *const pairs[][2] = {
	        {"sendonly", "recvonly"},
	        {"recvonly", "sendonly"},
	        {"inactive", "inactive"},
	        {"sendrecv", "sendrecv"},
	};
	size_t i;
	for (i = 0; i < 4; i++)
		if (sip_sdp_attr_find(m->attrs, pairs[i][0]))
			return pairs[i][1];
	for (i = 0; i < 4; i++)
		if (sip_sdp_attr_find(s->attrs, pairs[i][0]))
			return pairs[i][1];
	return "sendrecv";
}

static int accept_audio(struct sip_buf *b, const struct sip_sdp *s, const struct sip_sdp_media *m,
                        uint16_t port)
{
	const struct sip_sdp_fmt *f;
	int voice = 0;
	for (f = m->fmts; f; f = f->next) {
		const char *c = codec_of(m, f->fmt);
		if (c && strcmp(c, "telephone-event/8000") != 0)
			voice = 1;
	}
	if (!voice)
		return 0;
	sip_buf_puts(b, "m=audio ");
	sip_buf_putu(b, port);
	sip_buf_puts(b, " RTP/AVP");
	for (f = m->fmts; f; f = f->next) {
		if (codec_of(m, f->fmt)) {
			sip_buf_putc(b, ' ');
			sip_buf_putstr(b, f->fmt);
		}
	}
	sip_buf_puts(b, "\r\n");
	/* RFC 3264 6.1: the answer uses the offer's payload type numbers. */
	for (f = m->fmts; f; f = f->next) {
		const char *c = codec_of(m, f->fmt);
		if (!c)
			continue;
		sip_buf_puts(b, "a=rtpmap:");
		sip_buf_putstr(b, f->fmt);
		sip_buf_putc(b, ' ');
		sip_buf_puts(b, c);
		sip_buf_puts(b, "\r\n");
	}
	sip_buf_puts(b, "a=");
	sip_buf_puts(b, direction(s, m));
	sip_buf_puts(b, "\r\n");
	return 1;
}

int sip__sdp_answer(struct sip_buf *b, const struct sip_sdp *offer, const struct sip_addr *local,
                    uint64_t id, uint64_t ver, uint16_t port)
{
	const struct sip_sdp_media *m;
	const struct sip_sdp_fmt *f;
	int accepted = 0;
	put_session(b, local, id, ver);
	/* RFC 3264 6: one m= line per offered stream, in the same order; a
	 * stream we do not take gets port 0 (6.1). */
	for (m = offer->media; m; m = m->next) {
		if (!accepted && m->port != 0 && sip_str_eq(m->media, SIP_STR("audio")) &&
		    sip_str_caseeq_c(m->proto, "RTP/AVP") && accept_audio(b, offer, m, port)) {
			accepted = 1;
			continue;
		}
		sip_buf_putstr(b, SIP_STR("m="));
		sip_buf_putstr(b, m->media);
		sip_buf_puts(b, " 0 ");
		sip_buf_putstr(b, m->proto);
		for (f = m->fmts; f; f = f->next) {
			sip_buf_putc(b, ' ');
			sip_buf_putstr(b, f->fmt);
		}
		sip_buf_puts(b, "\r\n");
	}
	return accepted;
}

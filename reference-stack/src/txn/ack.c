/* The ACK for a non-2xx final response, built by the INVITE client
 * transaction (RFC 3261 17.1.1.3). The ACK for a 2xx is the UA core's
 * (13.2.2.4). */
#include "txn/ack.h"
#include "transport/via.h"

static void put_value(struct sip_buf *b, struct sip_str v)
{
	/* Line folding (7.3.1) becomes one SP: the ACK has single-line
	 * header fields. */
	size_t i = 0;
	while (i < v.len) {
		if (v.p[i] == '\r' || v.p[i] == '\n') {
			while (i < v.len && (v.p[i] == '\r' || v.p[i] == '\n' || v.p[i] == ' ' ||
			                     v.p[i] == '\t'))
				i++;
			sip_buf_putc(b, ' ');
			continue;
		}
		sip_buf_putc(b, v.p[i++]);
	}
}

static void put_hdr(struct sip_buf *b, const char *name, struct sip_str v)
{
	sip_buf_puts(b, name);
	sip_buf_puts(b, ": ");
	put_value(b, v);
	sip_buf_puts(b, "\r\n");
}

size_t sip__txn_build_ack(struct sip_buf *b, struct sip_msg *req, struct sip_msg *resp)
{
	const struct sip_cseq *cs = sip_msg_cseq(req);
	struct sip_hdr *from = sip_msg_hdr(req, SIP_HDR_FROM);
	struct sip_hdr *call_id = sip_msg_hdr(req, SIP_HDR_CALL_ID);
	struct sip_hdr *to = sip_msg_hdr(resp, SIP_HDR_TO);
	struct sip_hdr *h;
	struct sip_str via;
	if (!req->is_request || !cs || !from || !call_id || !to || sip__via_first(req, &via) != 0)
		return 0;
	sip_buf_puts(b, "ACK ");
	sip_buf_putstr(b, req->ruri_raw);
	sip_buf_puts(b, " SIP/2.0\r\n");
	/* "a single Via header field ... equal to the top Via header field of
	 * the original request" */
	put_hdr(b, "Via", via);
	for (h = sip_msg_hdr(req, SIP_HDR_ROUTE); h; h = sip_msg_hdr_next(req, h))
		put_hdr(b, "Route", h->value);
	put_hdr(b, "From", from->value);
	/* "The To header field in the ACK MUST equal the To header field in the
	 * response being acknowledged" (it carries the UAS's tag). */
	put_hdr(b, "To", to->value);
	put_hdr(b, "Call-ID", call_id->value);
	sip_buf_puts(b, "CSeq: ");
	sip_buf_putu(b, cs->seq);
	sip_buf_puts(b, " ACK\r\n");
	/* 8.1.1.6: Max-Forwards is mandatory in every request; the INVITE's
	 * value, as the ACK follows the same path. */
	h = sip_msg_hdr(req, SIP_HDR_MAX_FORWARDS);
	if (h)
		put_hdr(b, "Max-Forwards", h->value);
	else
		sip_buf_puts(b, "Max-Forwards: 70\r\n");
	sip_buf_puts(b, "Content-Length: 0\r\n\r\n");
	return b->len;
}

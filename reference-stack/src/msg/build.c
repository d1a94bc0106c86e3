/* Building responses as text (build.h): the reason phrases of RFC 3261
 * section 21 and the response of 8.2.6.2 to a parsed request. */
#include <string.h>

#include "sipref/build.h"

struct reason {
	unsigned code;
	const char *text;
};

/* RFC 3261 21.1 to 21.6, in order. */
static const struct reason reasons[] = {
        {100, "Trying"},
        {180, "Ringing"},
        {181, "Call Is Being Forwarded"},
        {182, "Queued"},
        {183, "Session Progress"},
        {200, "OK"},
        {300, "Multiple Choices"},
        {301, "Moved Permanently"},
        {302, "Moved Temporarily"},
        {305, "Use Proxy"},
        {380, "Alternative Service"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {402, "Payment Required"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {406, "Not Acceptable"},
        {407, "Proxy Authentication Required"},
        {408, "Request Timeout"},
        {410, "Gone"},
        {413, "Request Entity Too Large"},
        {414, "Request-URI Too Long"},
        {415, "Unsupported Media Type"},
        {416, "Unsupported URI Scheme"},
        {420, "Bad Extension"},
        {421, "Extension Required"},
        {423, "Interval Too Brief"},
        {480, "Temporarily Unavailable"},
        {481, "Call/Transaction Does Not Exist"},
        {482, "Loop Detected"},
        {483, "Too Many Hops"},
        {484, "Address Incomplete"},
        {485, "Ambiguous"},
        {486, "Busy Here"},
        {487, "Request Terminated"},
        {488, "Not Acceptable Here"},
        {491, "Request Pending"},
        {493, "Undecipherable"},
        {500, "Server Internal Error"},
        {501, "Not Implemented"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
        {504, "Server Time-out"},
        {505, "Version Not Supported"},
        {513, "Message Too Large"},
        {600, "Busy Everywhere"},
        {603, "Decline"},
        {604, "Does Not Exist Anywhere"},
        {606, "Not Acceptable"},
};

const char *sip_reason_phrase(unsigned status)
{
	size_t lo = 0, hi = sizeof(reasons) / sizeof(reasons[0]);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (reasons[mid].code == status)
			return reasons[mid].text;
		if (reasons[mid].code < status)
			lo = mid + 1;
		else
			hi = mid;
	}
	return "Unknown";
}

/* A header value as received, with line folding (RFC 3261 7.3.1: CRLF then
 * whitespace) replaced by one SP so the copy is a single line. */
static void put_unfolded(struct sip_buf *b, struct sip_str v)
{
	size_t i = 0;
	while (i < v.len) {
		char c = v.p[i];
		if (c == '\r' || c == '\n') {
			while (i < v.len && (v.p[i] == '\r' || v.p[i] == '\n' || v.p[i] == ' ' ||
			                     v.p[i] == '\t'))
				i++;
			sip_buf_putc(b, ' ');
			continue;
		}
		sip_buf_putc(b, c);
		i++;
	}
}

static void put_line(struct sip_buf *b, enum sip_hdr_id id, struct sip_str v)
{
	sip_buf_puts(b, sip_hdr_name(id));
	sip_buf_puts(b, ": ");
	put_unfolded(b, v);
	sip_buf_puts(b, "\r\n");
}

/* Every line of header `id`, in order. */
static void copy_all(struct sip_buf *b, struct sip_msg *req, enum sip_hdr_id id)
{
	struct sip_hdr *h;
	for (h = sip_msg_hdr(req, id); h; h = sip_msg_hdr_next(req, h))
		put_line(b, id, h->value);
}

/* Whether the To of the request carries a tag. An undecodable To is
 * searched for a ";tag=" parameter by hand, so that a 400 answering it never
 * gets a second tag. */
static int to_has_tag(struct sip_msg *req, struct sip_hdr *h)
{
	size_t i;
	if (sip_hdr_decode(req, h, NULL) == 0)
		return h->val.na && h->val.na->tag.p;
	for (i = 0; i + 5 <= h->value.len; i++)
		if (h->value.p[i] == ';' &&
		    sip_str_caseeq_c(sip_str_make(h->value.p + i + 1, 4), "tag="))
			return 1;
	return 0;
}

size_t sip_build_response(struct sip_buf *b, struct sip_msg *req, unsigned status,
                          const struct sip_resp_opts *opts)
{
	static const struct sip_resp_opts none;
	struct sip_hdr *h;
	if (!opts)
		opts = &none;
	if (status < 100 || status > 699)
		status = 500;
	sip_buf_puts(b, "SIP/2.0 ");
	sip_buf_putu(b, status);
	sip_buf_putc(b, ' ');
	sip_buf_puts(b, opts->reason ? opts->reason : sip_reason_phrase(status));
	sip_buf_puts(b, "\r\n");
	/* RFC 3261 8.2.6.2: Via values equal and in the same order. */
	copy_all(b, req, SIP_HDR_VIA);
	copy_all(b, req, SIP_HDR_FROM);
	h = sip_msg_hdr(req, SIP_HDR_TO);
	if (h) {
		sip_buf_puts(b, "To: ");
		put_unfolded(b, h->value);
		/* ... and a tag added when the request had none. */
		if (opts->to_tag.len && !to_has_tag(req, h)) {
			sip_buf_puts(b, ";tag=");
			sip_buf_putstr(b, opts->to_tag);
		}
		sip_buf_puts(b, "\r\n");
	}
	copy_all(b, req, SIP_HDR_CALL_ID);
	copy_all(b, req, SIP_HDR_CSEQ);
	/* RFC 3261 8.2.6.1: a 100 (Trying) copies the Timestamp. */
	if (status == 100)
		copy_all(b, req, SIP_HDR_TIMESTAMP);
	/* RFC 3261 12.1.1: a dialog-creating response copies Record-Route. */
	if (opts->copy_record_route)
		copy_all(b, req, SIP_HDR_RECORD_ROUTE);
	if (opts->headers)
		sip_buf_puts(b, opts->headers);
	if (opts->body.len && opts->content_type.len) {
		sip_buf_puts(b, "Content-Type: ");
		sip_buf_putstr(b, opts->content_type);
		sip_buf_puts(b, "\r\n");
	}
	sip_buf_puts(b, "Content-Length: ");
	sip_buf_putu(b, opts->body.len);
	sip_buf_puts(b, "\r\n\r\n");
	sip_buf_putstr(b, opts->body);
	return b->len;
}

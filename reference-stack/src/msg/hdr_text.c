/* Free-text headers kept as written after validation: Call-ID (20.8),
 * Subject (20.36), Organization (20.25), Server (20.35), User-Agent (20.41). */
#include "hdr_impl.h"

/* RFC 3261 25.1: callid = word [ "@" word ] */
static int parse_callid(struct sip__pctx *c, const char *p, const char *end)
{
	/* Call-IDs are long runs of letters and digits: sip__run16. */
	const char *q = sip__run16(c->base, p, end, SIP__C_WORD);
	if (q == p)
		return sip__fail(c, p, "Call-ID: expected a word", 400);
	if (q < end && *q == '@') {
		const char *w = q + 1;
		q = sip__run16(c->base, w, end, SIP__C_WORD);
		if (q == w)
			return sip__fail(c, w, "Call-ID: expected a word after '@'", 400);
	}
	if (q != end)
		return sip__fail(c, q, "Call-ID: invalid character in callid", 400);
	return 0;
}

/* RFC 3261 25.1: TEXT-UTF8-TRIM = 1*TEXT-UTF8char *(*LWS TEXT-UTF8char),
 * TEXT-UTF8char = %x21-7E / UTF8-NONASCII. The value arrives trimmed. */
static int check_text_utf8(struct sip__pctx *c, const char *p, const char *end)
{
	while (p < end) {
		unsigned char ch = (unsigned char)*p;
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
			const char *q = sip__lws(p, end);
			if (q == p)
				return sip__fail(c, p, "TEXT-UTF8: line break that is not folding",
				                 400);
			p = q;
		} else if (ch >= 0x21 && ch <= 0x7e) {
			p++;
		} else if (ch >= 0x80) {
			size_t n = sip__utf8_len(p, end);
			if (n == 0)
				return sip__fail(c, p, "TEXT-UTF8: invalid UTF-8", 400);
			p += n;
		} else {
			return sip__fail(c, p, "TEXT-UTF8: control character", 400);
		}
	}
	return 0;
}

/* RFC 3261 20.35, 20.41: server-val *(LWS server-val),
 * server-val = product / comment, product = token [SLASH product-version]. */
static int check_server_vals(struct sip__pctx *c, const char *p, const char *end)
{
	for (;;) {
		if (p < end && *p == '(') {
			struct sip_str cm;
			int rc = sip__comment(c, &p, end, &cm);
			if (rc)
				return rc;
		} else {
			const char *q = sip__run(p, end, SIP__C_TOKEN);
			if (q == p)
				return sip__fail(c, p,
				                 "Server/User-Agent: expected a product or comment",
				                 400);
			p = q;
			if (sip__sep(&p, end, '/')) {
				q = sip__run(p, end, SIP__C_TOKEN);
				if (q == p)
					return sip__fail(
					        c, p,
					        "Server/User-Agent: expected a product-version",
					        400);
				p = q;
			}
		}
		if (p == end)
			return 0;
		{
			const char *q = sip__lws(p, end);
			if (q == p)
				return sip__fail(c, p,
				                 "Server/User-Agent: expected LWS between values",
				                 400);
			p = q;
		}
	}
}

int sip__hdr_parse_text(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                        union sip_hval *out)
{
	struct sip_text *t;
	int rc;
	out->any = 0;
	switch (id) {
	case SIP_HDR_CALL_ID:
		rc = parse_callid(c, p, end);
		break;
	case SIP_HDR_SUBJECT:
	case SIP_HDR_ORGANIZATION:
		/* RFC 3261 20.25, 20.36: [TEXT-UTF8-TRIM], the value may be empty. */
		if (p == end)
			return 0;
		rc = check_text_utf8(c, p, end);
		break;
	case SIP_HDR_SERVER:
	case SIP_HDR_USER_AGENT:
		rc = check_server_vals(c, p, end);
		break;
	default:
		return sip__fail(c, p, "text: header has no text grammar", 500);
	}
	if (rc)
		return rc;
	t = sip__alloc(c->ar, sizeof(*t)); /* its one field is set below */
	if (!t)
		return sip__nomem(c, p);
	t->value = sip_str_make(p, (size_t)(end - p));
	out->text = t;
	return 0;
}

static int is_lws_char(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* RFC 3261 7.3.1: any LWS has the semantics of one SP, so the canonical form
 * has a single SP where the value had folding or a run of whitespace. */
void sip__hdr_print_text(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	const char *p, *end;
	(void)id;
	if (!v.text)
		return;
	p = v.text->value.p;
	end = p + v.text->value.len;
	while (p < end) {
		if (is_lws_char(*p)) {
			while (p < end && is_lws_char(*p))
				p++;
			sip_buf_putc(b, ' ');
		} else {
			sip_buf_putc(b, *p++);
		}
	}
}

/* Octet equality, with every whitespace run equal to any other (7.3.1).
 * Call-IDs compare byte by byte (20.8); the texts are kept as written. */
int sip__hdr_same_text(union sip_hval a, union sip_hval b)
{
	const char *p, *pe, *q, *qe;
	if (!a.text || !b.text)
		return !a.text == !b.text;
	p = a.text->value.p;
	pe = p + a.text->value.len;
	q = b.text->value.p;
	qe = q + b.text->value.len;
	while (p < pe && q < qe) {
		if (is_lws_char(*p) && is_lws_char(*q)) {
			while (p < pe && is_lws_char(*p))
				p++;
			while (q < qe && is_lws_char(*q))
				q++;
		} else if (*p++ != *q++) {
			return 0;
		}
	}
	return p == pe && q == qe;
}

/* Canonical printing of a message and structural comparison of two parses:
 * the round-trip oracle parse(print(parse(x))) == parse(x) of the fuzzers. */
#include <string.h>

#include "msg_impl.h"

/* Raw values are printed unfolded: each whitespace run that contains a line
 * fold becomes one SP (RFC 3261 7.3.1 allows exactly that replacement). */
static void put_unfolded(struct sip_buf *b, struct sip_str v)
{
	const char *p = v.p, *end = v.p + v.len, *run;
	while (p < end) {
		const char *q = p;
		while (q < end && *q != '\r' && *q != '\n')
			q++;
		/* Back up over the whitespace before the fold. */
		run = q;
		while (run > p && (run[-1] == ' ' || run[-1] == '\t'))
			run--;
		sip_buf_put(b, p, (size_t)(run - p));
		if (q == end) {
			sip_buf_put(b, run, (size_t)(q - run));
			return;
		}
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
			q++;
		sip_buf_putc(b, ' ');
		p = q;
	}
}

static void print_start_line(struct sip_msg *m, struct sip_buf *b)
{
	if (m->is_request) {
		sip_buf_putstr(b, m->method);
		sip_buf_putc(b, ' ');
		if (m->ruri && m->ruri_state == SIP_HDR_DECODED)
			sip_uri_print(b, m->ruri);
		else
			sip_buf_putstr(b, m->ruri_raw);
		sip_buf_puts(b, " SIP/");
		sip_buf_putu(b, m->version_major);
		sip_buf_putc(b, '.');
		sip_buf_putu(b, m->version_minor);
	} else {
		char code[3];
		sip_buf_puts(b, "SIP/");
		sip_buf_putu(b, m->version_major);
		sip_buf_putc(b, '.');
		sip_buf_putu(b, m->version_minor);
		sip_buf_putc(b, ' ');
		code[0] = (char)('0' + m->status / 100 % 10);
		code[1] = (char)('0' + m->status / 10 % 10);
		code[2] = (char)('0' + m->status % 10);
		sip_buf_put(b, code, 3);
		sip_buf_putc(b, ' ');
		sip_buf_putstr(b, m->reason);
	}
	sip_buf_puts(b, "\r\n");
}

void sip_msg_print_buf(struct sip_msg *m, struct sip_buf *b)
{
	size_t i;
	print_start_line(m, b);
	for (i = 0; i < m->nhdrs; i++) {
		const struct sip_hdr *h = &m->hdrs[i];
		if (h->id == SIP_HDR_OTHER)
			sip_buf_putstr(b, h->name);
		else
			sip_buf_puts(b, sip_hdr_name(h->id));
		sip_buf_puts(b, ": ");
		if (h->id == SIP_HDR_CONTENT_LENGTH)
			sip_buf_putu(b, m->body.len); /* the length actually framed */
		else if (h->id != SIP_HDR_OTHER && h->state == SIP_HDR_DECODED)
			sip__hdr_ops[h->id].print(b, h->id, h->val);
		else
			put_unfolded(b, h->value);
		sip_buf_puts(b, "\r\n");
	}
	sip_buf_puts(b, "\r\n");
	sip_buf_putstr(b, m->body);
}

size_t sip_msg_print(struct sip_msg *m, char *out, size_t cap)
{
	struct sip_buf b;
	sip_buf_init(&b, out, cap);
	sip_msg_print_buf(m, &b);
	return b.len;
}

/* Next octet of a raw value with every whitespace run (folding included)
 * read as one SP; -1 at the end. */
static int next_norm(const char **pp, const char *end)
{
	const char *p = *pp;
	if (p >= end)
		return -1;
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
			p++;
		*pp = p;
		return ' ';
	}
	*pp = p + 1;
	return (unsigned char)*p;
}

static int same_raw(struct sip_str a, struct sip_str b)
{
	const char *p = a.p, *pe = a.p + a.len, *q = b.p, *qe = b.p + b.len;
	for (;;) {
		int x = next_norm(&p, pe), y = next_norm(&q, qe);
		if (x != y)
			return 0;
		if (x < 0)
			return 1;
	}
}

static int same_hdr(struct sip_msg *a, struct sip_hdr *x, struct sip_msg *b, struct sip_hdr *y)
{
	int bx, by;
	if (x->id != y->id)
		return 0;
	if (x->id == SIP_HDR_OTHER)
		return sip_str_caseeq(x->name, y->name) && same_raw(x->value, y->value);
	/* Content-Length is printed as the framed length (mcl01 has values
	 * that differ); the body comparison covers what it means. */
	if (x->id == SIP_HDR_CONTENT_LENGTH)
		return 1;
	bx = sip_hdr_decode(a, x, NULL);
	by = sip_hdr_decode(b, y, NULL);
	if (bx != by)
		return 0;
	if (bx != 0)
		return same_raw(x->value, y->value);
	if (!x->val.any || !y->val.any)
		return !x->val.any == !y->val.any;
	return sip__hdr_ops[x->id].same(x->val, y->val);
}

static int same_start(struct sip_msg *a, struct sip_msg *b)
{
	struct sip_perr e;
	int ra, rb;
	if (a->is_request != b->is_request || a->version_major != b->version_major ||
	    a->version_minor != b->version_minor)
		return 0;
	if (!a->is_request)
		return a->status == b->status && sip_str_eq(a->reason, b->reason);
	if (!sip_str_eq(a->method, b->method))
		return 0;
	ra = sip__msg_ruri(a, &e);
	rb = sip__msg_ruri(b, &e);
	if (ra != rb)
		return 0;
	if (ra != 0)
		return sip_str_eq(a->ruri_raw, b->ruri_raw);
	return sip_uri_same(a->ruri, b->ruri);
}

int sip_msg_same(struct sip_msg *a, struct sip_msg *b)
{
	size_t i;
	if (!same_start(a, b) || a->nhdrs != b->nhdrs || !sip_str_eq(a->body, b->body))
		return 0;
	for (i = 0; i < a->nhdrs; i++)
		if (!same_hdr(a, &a->hdrs[i], b, &b->hdrs[i]))
			return 0;
	return 1;
}

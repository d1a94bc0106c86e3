/* Stateless answers to requests the endpoint will not take (RFC 3261
 * 8.2.6, 18.2.2; RFC 4475 3.1.2), the salvage of the header fields a
 * response needs from a request the parser refused, and the 18.2.1 / RFC
 * 3581 amendment of the top Via every request gets on arrival. */
#include <string.h>

#include "sipref/build.h"
#include "stack_int.h"

/* ---- Stateless responses (RFC 3261 8.2.6, 18.2.2) ---------------------- */

/* `Warning: 399 host "reason"` (20.43): the parser's reason, which may hold
 * characters a Reason-Phrase may not. */
static void put_warning(struct sip_buf *b, const struct sip__rx *r, const char *reason)
{
	const struct sip_addr *l = r->local && r->local->family ? r->local : NULL;
	sip_buf_puts(b, "Warning: 399 ");
	if (l)
		sip_addr_print(b, l);
	else
		sip_buf_puts(b, "sipref");
	sip_buf_puts(b, " \"");
	for (; *reason; reason++) {
		if (*reason == '"' || *reason == '\\')
			sip_buf_putc(b, '\\');
		sip_buf_putc(b, *reason);
	}
	sip_buf_puts(b, "\"\r\n");
}

int sip__stack_reply(struct sip_stack *st, struct sip_msg *m, const struct sip__rx *r,
                     unsigned status, const char *reason)
{
	struct sip_resp_opts o;
	struct sip__dest d;
	const struct sip_via *v = sip_msg_top_via(m);
	/* The CSeq names the request in the log, also a salvaged one. */
	struct sip_hdr *cs = sip_msg_hdr(m, SIP_HDR_CSEQ);
	struct sip_str what = cs ? cs->value : SIP_STR("?");
	char tag[SIP__TAG_LEN], warn[SIP__LOGLEN + 64];
	struct sip_buf wb, b;
	size_t n;
	char *p;
	int rc;
	/* RFC 3261 17: an ACK is never answered. */
	if (m->is_request && m->mid == SIP_METHOD_ACK)
		return 0;
	if (v) {
		if (sip__via_response_dest(v, r->tp, r->conn, &st->res, &d) != 0)
			d = r->from; /* a name with no resolver: where it came from */
	} else {
		/* No usable Via (RFC 4475 3.1.2.1 badinv01): 18.2.2 cannot
		 * route the answer, so it goes back where the request came
		 * from, as RFC 3581 rport would have it: the same connection,
		 * or the datagram's source address and port. */
		d = r->from;
	}
	memset(&o, 0, sizeof(o));
	/* 8.2.6.2: a tag for the To of any response but a 100. */
	sip__stack_token(st, tag, sizeof(tag));
	o.to_tag = sip_str_make(tag, sizeof(tag));
	if (reason) {
		sip_buf_init(&wb, warn, sizeof(warn));
		put_warning(&wb, r, reason);
		if (sip_buf_ok(&wb) && wb.len < sizeof(warn)) {
			warn[wb.len] = 0;
			o.headers = warn;
		}
	}
	sip_buf_init(&b, NULL, 0);
	n = sip_build_response(&b, m, status, &o);
	p = st->a->alloc(st->a->ud, n);
	if (!p)
		return SIP_ENOMEM;
	sip_buf_init(&b, p, n);
	sip_build_response(&b, m, status, &o);
	rc = sip__stack_route(st, &d, r->local, p, n, NULL);
	st->a->free(st->a->ud, p, n);
	sip__stack_log(st, 2, "stateless %u to CSeq %.*s: %s", status,
	               (int)(what.len < 40 ? what.len : 40), what.p, reason ? reason : "-");
	return rc;
}

/* The header fields a response needs (8.2.6.2), taken line by line from a
 * request the parser refused. */
static int salvage_hdr(enum sip_hdr_id id)
{
	return id == SIP_HDR_VIA || id == SIP_HDR_FROM || id == SIP_HDR_TO ||
	       id == SIP_HDR_CALL_ID || id == SIP_HDR_CSEQ;
}

/* Writes "OPTIONS sip:invalid SIP/2.0" and the salvageable header lines of
 * buf (CRLF or bare LF line ends, folding kept) to b. 0 when the start line
 * is an ACK's or a response's. */
static size_t salvage(struct sip_buf *b, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *line, *e, *colon;
	while (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
		p += 2;
	/* A response is never answered; nor is an ACK (17). */
	if ((end - p >= 4 && memcmp(p, "ACK ", 4) == 0) ||
	    (end - p >= 4 && sip_str_caseeq_c(sip_str_make(p, 4), "SIP/")))
		return 0;
	sip_buf_puts(b, "OPTIONS sip:invalid SIP/2.0\r\n");
	/* Skip the start line. */
	e = memchr(p, '\n', (size_t)(end - p));
	p = e ? e + 1 : end;
	while (p < end) {
		line = p;
		/* The logical line, with its continuation lines. */
		for (e = p;; e++) {
			e = memchr(e, '\n', (size_t)(end - e));
			if (!e || e + 1 >= end || (e[1] != ' ' && e[1] != '\t'))
				break;
		}
		p = e ? e + 1 : end;
		if (!e)
			e = end;
		if (e > line && e[-1] == '\r')
			e--;
		if (e == line)
			break; /* the empty line ending the head */
		colon = memchr(line, ':', (size_t)(e - line));
		if (!colon) {
			continue;
		} else {
			const char *ne = colon;
			while (ne > line && (ne[-1] == ' ' || ne[-1] == '\t'))
				ne--;
			if (!salvage_hdr(sip_hdr_lookup(line, (size_t)(ne - line))))
				continue;
		}
		sip_buf_put(b, line, (size_t)(e - line));
		sip_buf_puts(b, "\r\n");
	}
	sip_buf_puts(b, "Content-Length: 0\r\n\r\n");
	return b->len;
}

/* ---- Via on arrival (RFC 3261 18.2.1) ---------------------------------- */

int sip__stack_stamp(struct sip_stack *st, struct sip_msg *m, const struct sip__rx *r)
{
	struct sip_buf b;
	size_t n;
	int rc;
	sip_buf_init(&b, NULL, 0);
	n = sip__via_stamp(&b, m, &r->from.remote);
	if (!n)
		return 0;
	if ((rc = sip__stack_rxbuf(st, n)) != 0)
		return rc;
	sip_buf_init(&b, st->rxbuf, n);
	sip__via_stamp(&b, m, &r->from.remote);
	/* With the flags m was parsed with: only the Via changed. */
	rc = sip_msg_parse(m, st->rxbuf, n, m->flags, NULL);
	return rc == SIP_EPARSE ? SIP_EINVAL : rc;
}

/* ---- Requests the parser refused ---------------------------------------- */

int sip__stack_on_unparsed(struct sip_stack *st, const char *buf, size_t len,
                           const struct sip__rx *r, const struct sip_perr *perr)
{
	struct sip_msg *m = st->rx_msg;
	struct sip_buf b;
	struct sip_perr err;
	char *copy;
	size_t n;
	int rc;
	sip_buf_init(&b, NULL, 0);
	n = salvage(&b, buf, len);
	if (!n)
		return 0;
	copy = st->a->alloc(st->a->ud, n);
	if (!copy)
		return SIP_ENOMEM;
	sip_buf_init(&b, copy, n);
	salvage(&b, buf, len);
	/* Parsed leniently: the aim is an answer, not a verdict. */
	rc = sip_msg_parse(m, copy, n, SIP_LENIENT_ALL, &err);
	if (rc == 0 && (!sip_msg_hdr(m, SIP_HDR_CSEQ) || !sip_msg_hdr(m, SIP_HDR_CALL_ID))) {
		/* A response without the CSeq and Call-ID of its request
		 * (8.2.6.2) matches nothing at the client: not worth sending. */
		sip__stack_log(st, 2, "unparseable request dropped (%s): no CSeq or Call-ID",
		               perr->reason ? perr->reason : "?");
	} else if (rc == 0) {
		rc = sip__stack_stamp(st, m, r);
		if (rc == 0)
			rc = sip__stack_reply(st, m, r, (unsigned)perr->status,
			                      perr->reason ? perr->reason : "malformed request");
	}
	st->a->free(st->a->ud, copy, n);
	return rc == SIP_ENOMEM ? rc : 0;
}

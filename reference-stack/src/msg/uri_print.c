/* URI printing: the canonical text of a parsed URI. The scheme is written in
 * lower case (RFC 3261 19.1.1: schemes are case-insensitive); every other
 * component is written as parsed, escapes included, so that parsing the
 * output gives a URI sip_uri_same to the input. */
#include "sipref/uri.h"

static void put_lower(struct sip_buf *b, struct sip_str s)
{
	size_t i;
	for (i = 0; i < s.len; i++) {
		char ch = s.p[i];
		sip_buf_putc(b, (ch >= 'A' && ch <= 'Z') ? (char)(ch | 0x20) : ch);
	}
}

static void put_list(struct sip_buf *b, const struct sip_param *l, char first, char sep)
{
	char c = first;
	for (; l; l = l->next, c = sep) {
		sip_buf_putc(b, c);
		sip_buf_putstr(b, l->name);
		if (l->has_value) {
			sip_buf_putc(b, '=');
			sip_buf_putstr(b, l->value);
		}
	}
}

void sip_uri_print(struct sip_buf *b, const struct sip_uri *u)
{
	static const char *const names[] = {"", "sip", "sips", "tel"};
	if (u->scheme_str.len || u->scheme == SIP_URI_OTHER)
		put_lower(b, u->scheme_str);
	else
		sip_buf_puts(b, names[u->scheme]);
	sip_buf_putc(b, ':');
	switch (u->scheme) {
	case SIP_URI_SIP:
	case SIP_URI_SIPS:
		if (u->has_user) {
			sip_buf_putstr(b, u->user);
			if (u->has_password) {
				sip_buf_putc(b, ':');
				sip_buf_putstr(b, u->password);
			}
			sip_buf_putc(b, '@');
		}
		sip_buf_putstr(b, u->host.text);
		if (u->has_port) {
			sip_buf_putc(b, ':');
			sip_buf_putu(b, u->port);
		}
		put_list(b, u->params, ';', ';');
		put_list(b, u->headers, '?', '&');
		break;
	case SIP_URI_TEL:
		sip_buf_putstr(b, u->user);
		put_list(b, u->params, ';', ';');
		break;
	default:
		sip_buf_putstr(b, u->opaque);
		break;
	}
}

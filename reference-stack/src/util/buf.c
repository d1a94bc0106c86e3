#include "sipref/buf.h"

#include <string.h>

void sip_buf_put(struct sip_buf *b, const void *p, size_t n)
{
	if (b->len < b->cap) {
		size_t room = b->cap - b->len;
		memcpy(b->p + b->len, p, n < room ? n : room);
	}
	b->len += n;
}

void sip_buf_putc(struct sip_buf *b, char c)
{
	if (b->len < b->cap)
		b->p[b->len] = c;
	b->len++;
}

void sip_buf_puts(struct sip_buf *b, const char *s)
{
	sip_buf_put(b, s, strlen(s));
}

void sip_buf_putstr(struct sip_buf *b, struct sip_str s)
{
	if (s.len)
		sip_buf_put(b, s.p, s.len);
}

void sip_buf_putu(struct sip_buf *b, uint64_t v)
{
	char tmp[24];
	size_t n = sizeof(tmp);
	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sip_buf_put(b, tmp + n, sizeof(tmp) - n);
}

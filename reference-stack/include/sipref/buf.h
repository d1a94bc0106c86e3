/* sipref: an output buffer that counts what it could not hold.
 *
 * Printers append to a sip_buf; when the caller's storage is too small the
 * bytes that do not fit are dropped but still counted, so one pass tells the
 * caller the size it needs (snprintf style). */
#ifndef SIPREF_BUF_H
#define SIPREF_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "str.h"

struct sip_buf {
	char *p;
	size_t cap;
	size_t len; /* bytes that would have been written; may exceed cap */
};

static inline void sip_buf_init(struct sip_buf *b, char *p, size_t cap)
{
	b->p = p;
	b->cap = cap;
	b->len = 0;
}
void sip_buf_put(struct sip_buf *b, const void *p, size_t n);
void sip_buf_putc(struct sip_buf *b, char c);
void sip_buf_puts(struct sip_buf *b, const char *s); /* C string */
void sip_buf_putstr(struct sip_buf *b, struct sip_str s);
void sip_buf_putu(struct sip_buf *b, uint64_t v); /* decimal */
/* Nonzero when everything appended so far fitted. */
static inline int sip_buf_ok(const struct sip_buf *b)
{
	return b->len <= b->cap;
}

#endif

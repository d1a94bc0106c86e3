/* STUB: replaced by the typed parser for this file's headers. */
#include "hdr_impl.h"

int sip__hdr_parse_auth(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
			union sip_hval *out)
{
	(void)id;
	(void)end;
	out->any = 0;
	return sip__fail(c, p, "not implemented", 500);
}

void sip__hdr_print_auth(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	(void)b;
	(void)id;
	(void)v;
}

int sip__hdr_same_auth(union sip_hval a, union sip_hval b)
{
	return a.any == b.any;
}


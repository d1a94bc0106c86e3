/* STUB: replaced by the typed parser for this file's headers. */
#include "hdr_impl.h"

int sip__hdr_parse_cseq(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
			union sip_hval *out)
{
	(void)id;
	(void)end;
	out->any = 0;
	return sip__fail(c, p, "not implemented", 500);
}

void sip__hdr_print_cseq(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	(void)b;
	(void)id;
	(void)v;
}

int sip__hdr_same_cseq(union sip_hval a, union sip_hval b)
{
	return a.any == b.any;
}

int sip__hdr_parse_num(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
			union sip_hval *out)
{
	(void)id;
	(void)end;
	out->any = 0;
	return sip__fail(c, p, "not implemented", 500);
}

void sip__hdr_print_num(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	(void)b;
	(void)id;
	(void)v;
}

int sip__hdr_same_num(union sip_hval a, union sip_hval b)
{
	return a.any == b.any;
}

int sip__hdr_parse_mime(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
			union sip_hval *out)
{
	(void)id;
	(void)end;
	out->any = 0;
	return sip__fail(c, p, "not implemented", 500);
}

void sip__hdr_print_mime(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	(void)b;
	(void)id;
	(void)v;
}

int sip__hdr_same_mime(union sip_hval a, union sip_hval b)
{
	return a.any == b.any;
}

int sip__hdr_parse_ts(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
			union sip_hval *out)
{
	(void)id;
	(void)end;
	out->any = 0;
	return sip__fail(c, p, "not implemented", 500);
}

void sip__hdr_print_ts(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	(void)b;
	(void)id;
	(void)v;
}

int sip__hdr_same_ts(union sip_hval a, union sip_hval b)
{
	return a.any == b.any;
}

int sip__hdr_parse_retry(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
			union sip_hval *out)
{
	(void)id;
	(void)end;
	out->any = 0;
	return sip__fail(c, p, "not implemented", 500);
}

void sip__hdr_print_retry(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	(void)b;
	(void)id;
	(void)v;
}

int sip__hdr_same_retry(union sip_hval a, union sip_hval b)
{
	return a.any == b.any;
}


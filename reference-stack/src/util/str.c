#include "sipref/str.h"

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c | 0x20) : c;
}

int sip_str_caseeq(struct sip_str a, struct sip_str b)
{
	size_t i;
	if (a.len != b.len)
		return 0;
	for (i = 0; i < a.len; i++)
		if (lower((unsigned char)a.p[i]) != lower((unsigned char)b.p[i]))
			return 0;
	return 1;
}

int sip_str_caseeq_c(struct sip_str a, const char *lit)
{
	size_t i;
	for (i = 0; i < a.len; i++) {
		if (!lit[i] || lower((unsigned char)a.p[i]) != lower((unsigned char)lit[i]))
			return 0;
	}
	return lit[i] == 0;
}

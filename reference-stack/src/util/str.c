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
	const unsigned char *s = (const unsigned char *)a.p, *l = (const unsigned char *)lit;
	size_t i;
	for (i = 0; i < a.len; i++) {
		unsigned char x = s[i], y = l[i];
		if (!y)
			return 0;
		/* Octets differing only in bit 0x20 are the same letter when
		 * that bit set gives 'a'..'z'. */
		if (x != y && ((x | 0x20) != (y | 0x20) || (unsigned char)((x | 0x20) - 'a') > 25))
			return 0;
	}
	return l[i] == 0;
}

/* Parameter lists shared by URIs and headers: printing and comparison. */
#include "hdr_impl.h"

void sip__print_params(struct sip_buf *b, const struct sip_param *p)
{
	for (; p; p = p->next) {
		sip_buf_putc(b, ';');
		sip_buf_putstr(b, p->name);
		if (p->has_value) {
			sip_buf_putc(b, '=');
			sip_buf_putstr(b, p->value);
		}
	}
}

int sip__same_str_case(struct sip_str a, struct sip_str b)
{
	if (!a.p || !b.p)
		return !a.p == !b.p;
	return sip_str_caseeq(a, b);
}

int sip__same_params(const struct sip_param *a, const struct sip_param *b)
{
	for (; a && b; a = a->next, b = b->next) {
		if (!sip_str_caseeq(a->name, b->name) || a->has_value != b->has_value)
			return 0;
		if (a->value.len && a->value.p[0] == '"') {
			if (!sip_str_eq(a->value, b->value))
				return 0;
		} else if (!sip_str_caseeq(a->value, b->value)) {
			return 0;
		}
	}
	return !a && !b;
}

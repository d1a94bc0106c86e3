/* Token lists (Allow 20.5, Supported 20.37, Require 20.32, Proxy-Require
 * 20.29, Unsupported 20.40, Content-Encoding 20.12, Content-Language 20.13,
 * Accept-Encoding 20.2, Accept-Language 20.3, Priority 20.26, In-Reply-To
 * 20.21) and Content-Disposition (20.11). */
#include "hdr_impl.h"

enum elem { E_TOKEN, E_LANGTAG, E_LANGRANGE, E_CALLID };

struct tok_grammar {
	enum elem elem;
	unsigned char empty_ok; /* [ x *(COMMA x) ] */
	unsigned char one;      /* exactly one value, no list */
	unsigned char params;   /* *(SEMI accept-param) after each value */
	const char *reason;     /* "Header: expected ..." */
};

static const struct tok_grammar *grammar_of(enum sip_hdr_id id)
{
	/* RFC 3261 25.1, one row per header. */
	static const struct tok_grammar allow = {E_TOKEN, 1, 0, 0, "Allow: expected a method"};
	static const struct tok_grammar supp = {E_TOKEN, 1, 0, 0,
	                                        "Supported: expected an option-tag"};
	static const struct tok_grammar req = {E_TOKEN, 0, 0, 0, "Require: expected an option-tag"};
	static const struct tok_grammar preq = {E_TOKEN, 0, 0, 0,
	                                        "Proxy-Require: expected an option-tag"};
	static const struct tok_grammar unsupp = {E_TOKEN, 0, 0, 0,
	                                          "Unsupported: expected an option-tag"};
	static const struct tok_grammar cenc = {E_TOKEN, 0, 0, 0,
	                                        "Content-Encoding: expected a content-coding"};
	static const struct tok_grammar clang = {E_LANGTAG, 0, 0, 0,
	                                         "Content-Language: expected a language-tag"};
	static const struct tok_grammar aenc = {E_TOKEN, 1, 0, 1,
	                                        "Accept-Encoding: expected a coding"};
	static const struct tok_grammar alang = {E_LANGRANGE, 1, 0, 1,
	                                         "Accept-Language: expected a language-range"};
	static const struct tok_grammar prio = {E_TOKEN, 0, 1, 0,
	                                        "Priority: expected one priority-value"};
	static const struct tok_grammar irt = {E_CALLID, 0, 0, 0, "In-Reply-To: expected a callid"};
	switch (id) {
	case SIP_HDR_ALLOW:
		return &allow;
	case SIP_HDR_SUPPORTED:
		return &supp;
	case SIP_HDR_REQUIRE:
		return &req;
	case SIP_HDR_PROXY_REQUIRE:
		return &preq;
	case SIP_HDR_UNSUPPORTED:
		return &unsupp;
	case SIP_HDR_CONTENT_ENCODING:
		return &cenc;
	case SIP_HDR_CONTENT_LANGUAGE:
		return &clang;
	case SIP_HDR_ACCEPT_ENCODING:
		return &aenc;
	case SIP_HDR_ACCEPT_LANGUAGE:
		return &alang;
	case SIP_HDR_PRIORITY:
		return &prio;
	case SIP_HDR_IN_REPLY_TO:
		return &irt;
	default:
		return 0;
	}
}

/* 1*8ALPHA; returns the end of the run, or p when it is not 1 to 8 letters. */
static const char *alpha8(const char *p, const char *end)
{
	const char *q = sip__run(p, end, SIP__C_ALPHA);
	return q - p > 8 ? p : q;
}

/* RFC 3261 20.13: language-tag = primary-tag *( "-" subtag ), both 1*8ALPHA.
 * 20.3: language-range = ( 1*8ALPHA *( "-" 1*8ALPHA ) ) / "*". */
static const char *lang(const char *p, const char *end, int star_ok)
{
	const char *q;
	if (star_ok && p < end && *p == '*')
		return p + 1;
	q = alpha8(p, end);
	if (q == p)
		return p;
	while (q < end && *q == '-') {
		const char *r = alpha8(q + 1, end);
		if (r == q + 1)
			return p;
		q = r;
	}
	return q;
}

/* RFC 3261 25.1: callid = word [ "@" word ] */
static const char *callid(const char *p, const char *end)
{
	const char *q = sip__run(p, end, SIP__C_WORD);
	if (q != p && q < end && *q == '@') {
		const char *r = sip__run(q + 1, end, SIP__C_WORD);
		if (r == q + 1)
			return p;
		q = r;
	}
	return q;
}

static const char *elem_end(enum elem e, const char *p, const char *end)
{
	switch (e) {
	case E_LANGTAG:
		return lang(p, end, 0);
	case E_LANGRANGE:
		return lang(p, end, 1);
	case E_CALLID:
		return callid(p, end);
	default:
		return sip__run(p, end, SIP__C_TOKEN);
	}
}

int sip__hdr_parse_tok(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                       union sip_hval *out)
{
	const struct tok_grammar *g = grammar_of(id);
	struct sip_token *head = 0, **tail = &head;
	out->any = 0;
	if (!g)
		return sip__fail(c, p, "token list: header has no token grammar", 500);
	if (p == end && g->empty_ok)
		return 0;
	for (;;) {
		const char *q = elem_end(g->elem, p, end);
		struct sip_token *t;
		if (q == p)
			return sip__fail(c, p, g->reason, 400);
		t = sip__zalloc(c->ar, sizeof(*t));
		if (!t)
			return sip__nomem(c, p);
		t->value = sip_str_make(p, (size_t)(q - p));
		*tail = t;
		tail = &t->next;
		p = q;
		if (g->params) {
			int rc = sip__generic_params(c, &p, end, &t->params);
			if (!rc)
				rc = sip__check_qvalues(c, t->params);
			if (rc)
				return rc;
		}
		if (p == end)
			break;
		if (g->one || !sip__sep(&p, end, ','))
			return sip__fail(c, p, g->reason, 400);
	}
	out->tok = head;
	return 0;
}

void sip__hdr_print_tok(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	const struct sip_token *t;
	(void)id;
	for (t = v.tok; t; t = t->next) {
		if (t != v.tok)
			sip_buf_puts(b, ", ");
		sip_buf_putstr(b, t->value);
		sip__print_params(b, t->params);
	}
}

/* Values compare octet by octet: some of these grammars are case-sensitive
 * (methods 7.1, callids 20.8), `same` does not know which header it is
 * given, and the printer keeps the case as written. */
int sip__hdr_same_tok(union sip_hval a, union sip_hval b)
{
	const struct sip_token *x = a.tok, *y = b.tok;
	for (; x && y; x = x->next, y = y->next)
		if (!sip_str_eq(x->value, y->value) || !sip__same_params(x->params, y->params))
			return 0;
	return !x && !y;
}

/* RFC 3261 20.11: Content-Disposition = disp-type *( SEMI disp-param ),
 * disp-param = handling-param / generic-param,
 * handling-param = "handling" EQUAL ( "optional" / "required" / token ). */
int sip__hdr_parse_disp(struct sip__pctx *c, enum sip_hdr_id id, const char *p, const char *end,
                        union sip_hval *out)
{
	const char *q = sip__run(p, end, SIP__C_TOKEN);
	const struct sip_param *prm;
	struct sip_disp *d;
	int rc;
	(void)id;
	out->any = 0;
	if (q == p)
		return sip__fail(c, p, "Content-Disposition: expected a disp-type", 400);
	d = sip__zalloc(c->ar, sizeof(*d));
	if (!d)
		return sip__nomem(c, p);
	d->type = sip_str_make(p, (size_t)(q - p));
	rc = sip__generic_params(c, &q, end, &d->params);
	if (rc)
		return rc;
	if (q != end)
		return sip__fail(c, q, "Content-Disposition: expected ';' or end of value", 400);
	for (prm = d->params; prm; prm = prm->next)
		if (SIP__CASEEQ_LOWER(prm->name, "handling") &&
		    (!prm->has_value || !sip__is((unsigned char)prm->value.p[0], SIP__C_TOKEN)))
			return sip__fail(c, prm->name.p,
			                 "Content-Disposition: handling needs a token value", 400);
	out->disp = d;
	return 0;
}

void sip__hdr_print_disp(struct sip_buf *b, enum sip_hdr_id id, union sip_hval v)
{
	(void)id;
	if (!v.disp)
		return;
	sip_buf_putstr(b, v.disp->type);
	sip__print_params(b, v.disp->params);
}

int sip__hdr_same_disp(union sip_hval a, union sip_hval b)
{
	if (!a.disp || !b.disp)
		return !a.disp == !b.disp;
	return sip_str_caseeq(a.disp->type, b.disp->type) &&
	       sip__same_params(a.disp->params, b.disp->params);
}

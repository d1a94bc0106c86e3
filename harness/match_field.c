/* sipvet: extracting fields of a parsed message (FORMAT.md "Fields").
 *
 * Header values are counted as RFC 3261 7.3.1 does: a line holding a
 * comma-separated list is as many values as it has elements, for the
 * headers whose grammar is a list. Unknown headers are one value a line. */
#include <stdio.h>
#include <string.h>

#include "match.h"
#include "sipref/error.h"
#include "sipref/hdr.h"

static int is_list(int id)
{
	switch (id) {
	case SIP_HDR_VIA:
	case SIP_HDR_CONTACT:
	case SIP_HDR_ROUTE:
	case SIP_HDR_RECORD_ROUTE:
	case SIP_HDR_ACCEPT:
	case SIP_HDR_ACCEPT_ENCODING:
	case SIP_HDR_ACCEPT_LANGUAGE:
	case SIP_HDR_ALLOW:
	case SIP_HDR_SUPPORTED:
	case SIP_HDR_REQUIRE:
	case SIP_HDR_PROXY_REQUIRE:
	case SIP_HDR_UNSUPPORTED:
	case SIP_HDR_CONTENT_ENCODING:
	case SIP_HDR_CONTENT_LANGUAGE:
	case SIP_HDR_IN_REPLY_TO:
	case SIP_HDR_ALERT_INFO:
	case SIP_HDR_CALL_INFO:
	case SIP_HDR_ERROR_INFO:
	case SIP_HDR_WARNING:
		return 1;
	default:
		return 0;
	}
}

/* Next element of a list value starting at *pos: commas inside quoted
 * strings and <...> do not separate (RFC 3261 7.3.1, 25.1). */
static int next_elem(struct sip_str v, size_t *pos, struct sip_str *out)
{
	size_t i = *pos, start;
	int q = 0, angle = 0;

	while (i < v.len && (v.p[i] == ' ' || v.p[i] == '\t' || v.p[i] == '\r' || v.p[i] == '\n' ||
	                     v.p[i] == ','))
		i++;
	if (i >= v.len)
		return 0;
	start = i;
	for (; i < v.len; i++) {
		char ch = v.p[i];
		if (q) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				q = 0;
		} else if (ch == '"') {
			q = 1;
		} else if (ch == '<') {
			angle = 1;
		} else if (ch == '>') {
			angle = 0;
		} else if (ch == ',' && !angle) {
			break;
		}
	}
	*pos = i;
	if (i > v.len)
		i = v.len;
	while (i > start && (v.p[i - 1] == ' ' || v.p[i - 1] == '\t' || v.p[i - 1] == '\r' ||
	                     v.p[i - 1] == '\n'))
		i--;
	*out = sip_str_make(v.p + start, i - start);
	return 1;
}

static size_t elems_in(const struct sip_hdr *h)
{
	size_t pos = 0, n = 0;
	struct sip_str e;
	if (!is_list(h->id))
		return 1;
	while (next_elem(h->value, &pos, &e))
		n++;
	return n ? n : 1; /* an empty Allow: is still one (empty) value */
}

static int hdr_matches(const struct vet_field *f, const struct sip_hdr *h)
{
	if (f->hdr_id != SIP_HDR_OTHER)
		return (int)h->id == f->hdr_id;
	return h->id == SIP_HDR_OTHER &&
	       sip_str_caseeq(h->name, sip_str_make(f->hdr_name, strlen(f->hdr_name)));
}

static struct sip_hdr *hdr_next(const struct vet_field *f, struct sip_msg *m, struct sip_hdr *after)
{
	size_t i = after ? (size_t)(after - m->hdrs) + 1 : 0;
	for (; i < m->nhdrs; i++)
		if (hdr_matches(f, &m->hdrs[i]))
			return &m->hdrs[i];
	return NULL;
}

size_t vet_field_count(const struct vet_field *f, struct sip_msg *m)
{
	size_t n = 0;

	if (f->base != VET_F_HDR) {
		switch (f->base) {
		case VET_F_STATUS:
		case VET_F_REASON:
			return m->is_request ? 0 : 1;
		case VET_F_RURI:
			return m->is_request ? 1 : 0;
		default:
			return 1;
		}
	}
	for (struct sip_hdr *h = hdr_next(f, m, NULL); h; h = hdr_next(f, m, h))
		n += elems_in(h);
	return n;
}

/* The k-th (0-based) element of a decoded list value; NULL when short. */
static const void *nth_decoded(const struct sip_hdr *h, size_t k)
{
	const void *p = h->val.any;
	for (size_t i = 0; p && i < k; i++) {
		switch (h->id) {
		case SIP_HDR_VIA:
			p = ((const struct sip_via *)p)->next;
			break;
		case SIP_HDR_CONTACT:
		case SIP_HDR_ROUTE:
		case SIP_HDR_RECORD_ROUTE:
		case SIP_HDR_FROM:
		case SIP_HDR_TO:
		case SIP_HDR_REPLY_TO:
			p = ((const struct sip_nameaddr *)p)->next;
			break;
		case SIP_HDR_ACCEPT:
		case SIP_HDR_CONTENT_TYPE:
			p = ((const struct sip_media *)p)->next;
			break;
		case SIP_HDR_ALERT_INFO:
		case SIP_HDR_CALL_INFO:
		case SIP_HDR_ERROR_INFO:
			p = ((const struct sip_info *)p)->next;
			break;
		case SIP_HDR_WARNING:
			p = ((const struct sip_warning *)p)->next;
			break;
		default:
			if (is_list(h->id))
				p = ((const struct sip_token *)p)->next;
			else
				p = NULL;
		}
	}
	return p;
}

static const struct sip_param *hdr_params(const struct sip_hdr *h, const void *e)
{
	switch (h->id) {
	case SIP_HDR_VIA:
		return ((const struct sip_via *)e)->params;
	case SIP_HDR_CONTACT:
	case SIP_HDR_ROUTE:
	case SIP_HDR_RECORD_ROUTE:
	case SIP_HDR_FROM:
	case SIP_HDR_TO:
	case SIP_HDR_REPLY_TO:
		return ((const struct sip_nameaddr *)e)->params;
	case SIP_HDR_ACCEPT:
	case SIP_HDR_CONTENT_TYPE:
		return ((const struct sip_media *)e)->params;
	case SIP_HDR_ALERT_INFO:
	case SIP_HDR_CALL_INFO:
	case SIP_HDR_ERROR_INFO:
		return ((const struct sip_info *)e)->params;
	case SIP_HDR_CONTENT_DISPOSITION:
		return ((const struct sip_disp *)e)->params;
	case SIP_HDR_RETRY_AFTER:
		return ((const struct sip_retry *)e)->params;
	case SIP_HDR_AUTHORIZATION:
	case SIP_HDR_PROXY_AUTHORIZATION:
	case SIP_HDR_WWW_AUTHENTICATE:
	case SIP_HDR_PROXY_AUTHENTICATE:
	case SIP_HDR_AUTHENTICATION_INFO:
		return ((const struct sip_auth *)e)->params;
	default:
		if (is_list(h->id) && h->id != SIP_HDR_WARNING)
			return ((const struct sip_token *)e)->params;
		return NULL;
	}
}

static int num_str(struct vet_vars *v, uint64_t n, struct sip_str *out)
{
	char *p = sip_arena_alloc(&v->arena, 24);
	int w;
	if (!p)
		return SIP_ENOMEM;
	w = snprintf(p, 24, "%llu", (unsigned long long)n);
	*out = sip_str_make(p, (size_t)w);
	return 1;
}

static int param_val(const struct sip_param *list, const char *name, struct sip_str *out)
{
	const struct sip_param *p = sip_param_find(list, name);
	if (!p)
		return 0;
	*out = p->has_value ? p->value : sip_str_make(p->name.p + p->name.len, 0);
	return 1;
}

static int uri_get(const struct vet_field *f, const struct sip_uri *u, struct vet_vars *v,
                   struct sip_str *out)
{
	switch (f->ucomp) {
	case VET_U_ALL:
		*out = u->raw;
		return 1;
	case VET_U_SCHEME:
		*out = u->scheme_str;
		return 1;
	case VET_U_USER:
		*out = u->user;
		return u->has_user || (u->scheme == SIP_URI_TEL && u->user.len);
	case VET_U_PASSWORD:
		*out = u->password;
		return u->has_password;
	case VET_U_HOST:
		*out = u->host.text;
		return u->host.type != SIP_HOST_NONE;
	case VET_U_PORT:
		if (!u->has_port)
			return 0;
		return num_str(v, u->port, out);
	case VET_U_PARAM:
		return param_val(u->params, f->uparam, out);
	case VET_U_HEADER:
		return param_val(u->headers, f->uparam, out);
	}
	return 0;
}

static int via_get(const struct vet_field *f, const struct sip_via *via, struct vet_vars *v,
                   struct sip_str *out)
{
	switch (f->comp) {
	case VET_C_HOST:
		*out = via->host.text;
		return 1;
	case VET_C_PORT:
		if (!via->has_port)
			return 0;
		return num_str(v, via->port, out);
	case VET_C_SENTBY:
		/* host.text points into the message; sent-by runs to the port. */
		if (!via->has_port) {
			*out = via->host.text;
			return 1;
		} else {
			char *b = sip_arena_alloc(&v->arena, via->host.text.len + 8);
			int w;
			if (!b)
				return SIP_ENOMEM;
			w = snprintf(b, via->host.text.len + 8, "%.*s:%u", (int)via->host.text.len,
			             via->host.text.p, (unsigned)via->port);
			*out = sip_str_make(b, (size_t)w);
			return 1;
		}
	case VET_C_PROTO:
		*out = via->transport;
		return 1;
	default:
		return 0;
	}
}

/* Every line of the header, "Name: value" CRLF-joined (RFC 3261 8.2.6.2:
 * a response copies the request's Vias in order). */
static int lines_get(const struct vet_field *f, struct sip_msg *m, struct vet_vars *v,
                     struct sip_str *out)
{
	struct sip_buf b;
	char *p = NULL;
	size_t need = 0;

	/* Pass 0 measures, pass 1 writes into the arena. */
	for (int pass = 0; pass < 2; pass++) {
		size_t n = 0;
		sip_buf_init(&b, p, need);
		for (struct sip_hdr *h = hdr_next(f, m, NULL); h; h = hdr_next(f, m, h)) {
			if (n++)
				sip_buf_put(&b, "\r\n", 2);
			sip_buf_putstr(&b, h->name);
			sip_buf_put(&b, ": ", 2);
			sip_buf_putstr(&b, h->value);
		}
		if (n == 0)
			return 0;
		need = b.len + 1;
		if (pass == 0 && !(p = sip_arena_alloc(&v->arena, need)))
			return SIP_ENOMEM;
	}
	*out = sip_str_make(b.p, b.len);
	return 1;
}

/* The header element that f's index selects: its line and position. */
static struct sip_hdr *select_elem(const struct vet_field *f, struct sip_msg *m, size_t *k,
                                   struct sip_str *raw)
{
	size_t want = f->index ? f->index - 1 : 0;
	for (struct sip_hdr *h = hdr_next(f, m, NULL); h; h = hdr_next(f, m, h)) {
		size_t n = elems_in(h), pos = 0;
		if (want >= n) {
			want -= n;
			continue;
		}
		*k = want;
		if (!is_list(h->id)) {
			*raw = h->value;
			return h;
		}
		for (size_t i = 0; i <= want; i++)
			if (!next_elem(h->value, &pos, raw))
				*raw = sip_str_make(h->value.p + h->value.len, 0);
		return h;
	}
	return NULL;
}

static int hdr_get(const struct vet_field *f, struct sip_msg *m, struct vet_vars *v,
                   struct sip_str *out)
{
	struct sip_hdr *h;
	struct sip_str raw;
	const void *e;
	size_t k = 0;
	int rc;

	if (f->comp == VET_C_LINES)
		return lines_get(f, m, v, out);
	h = select_elem(f, m, &k, &raw);
	if (!h)
		return 0;
	if (f->comp == VET_C_VALUE) {
		*out = raw;
		return 1;
	}
	rc = sip_hdr_decode(m, h, NULL);
	if (rc == SIP_ENOMEM)
		return rc;
	if (rc || h->state != SIP_HDR_DECODED || !(e = nth_decoded(h, k)))
		return 0;
	switch (f->comp) {
	case VET_C_PARAM:
		return param_val(hdr_params(h, e), f->param, out);
	case VET_C_URI:
		if (h->id == SIP_HDR_ALERT_INFO || h->id == SIP_HDR_CALL_INFO ||
		    h->id == SIP_HDR_ERROR_INFO)
			return uri_get(f, &((const struct sip_info *)e)->uri, v, out);
		return uri_get(f, &((const struct sip_nameaddr *)e)->uri, v, out);
	case VET_C_DISPLAY:
		*out = ((const struct sip_nameaddr *)e)->display;
		return out->len > 0;
	case VET_C_HOST:
	case VET_C_PORT:
	case VET_C_SENTBY:
	case VET_C_PROTO:
		return via_get(f, e, v, out);
	case VET_C_NUM:
		if (h->id == SIP_HDR_CSEQ)
			return num_str(v, ((const struct sip_cseq *)e)->seq, out);
		return num_str(v, ((const struct sip_num *)e)->value, out);
	case VET_C_CSEQ_METHOD:
		*out = ((const struct sip_cseq *)e)->method;
		return 1;
	default:
		return 0;
	}
}

int vet_field_get(const struct vet_field *f, struct sip_msg *m, struct vet_vars *v,
                  struct sip_str *val)
{
	const struct sip_cseq *cs;
	const struct sip_uri *u;
	size_t i;

	switch (f->base) {
	case VET_F_STATUS:
		return m->is_request ? 0 : num_str(v, m->status, val);
	case VET_F_REASON:
		if (m->is_request)
			return 0;
		*val = m->reason;
		return 1;
	case VET_F_METHOD:
		if (m->is_request) {
			*val = m->method;
			return 1;
		}
		cs = sip_msg_cseq(m);
		if (!cs)
			return 0;
		*val = cs->method;
		return 1;
	case VET_F_RURI:
		if (!m->is_request)
			return 0;
		if (f->ucomp == VET_U_ALL) {
			*val = m->ruri_raw;
			return 1;
		}
		u = sip_msg_ruri(m);
		return u ? uri_get(f, u, v, val) : 0;
	case VET_F_START:
		for (i = 0; i < m->len && m->buf[i] != '\r' && m->buf[i] != '\n'; i++)
			;
		*val = sip_str_make(m->buf, i);
		return 1;
	case VET_F_BODY:
		*val = m->body;
		return 1;
	case VET_F_RAW:
		*val = sip_str_make(m->buf, m->len);
		return 1;
	case VET_F_HDR:
		return hdr_get(f, m, v, val);
	}
	return 0;
}

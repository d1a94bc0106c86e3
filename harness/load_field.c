/* sipvet: field paths ("Via[2].branch", "To.uri.user", "status"), FORMAT.md
 * "Fields". Parsed once at load time so a typo is a load error, not a
 * failing verdict. */
#include <string.h>

#include "load_int.h"
#include "sipref/error.h"
#include "sipref/hdr.h"

struct seg {
	const char *p;
	size_t len;
};

static int seg_is(struct seg s, const char *lit)
{
	return strlen(lit) == s.len && memcmp(s.p, lit, s.len) == 0;
}

/* A method name where the case format expects one: an RFC 3261 token that
 * starts with a letter, so that "20x" is a typo and not a method. */
int vet__is_method(const char *s, size_t len)
{
	return len && ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) &&
	       vet__is_token(s, len);
}

/* RFC 3261 25.1 token characters (header names, parameter names). */
int vet__is_token(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || strchr("-.!%*_+`'~", ch)))
			return 0;
	}
	return 1;
}

/* Segments split at '.', except that '.' right after "param" or "header"
 * keeps the following name whole (parameter names may hold dots). */
static size_t split(const char *s, size_t len, struct seg *out, size_t max)
{
	size_t n = 0, start = 0;
	for (size_t i = 0; i <= len && n < max; i++) {
		if (i == len || s[i] == '.') {
			out[n].p = s + start;
			out[n].len = i - start;
			n++;
			start = i + 1;
			if (n >= 1 && i < len &&
			    (seg_is(out[n - 1], "param") || seg_is(out[n - 1], "header")) &&
			    n < max) {
				out[n].p = s + start;
				out[n].len = len - start;
				return n + 1;
			}
		}
	}
	return n;
}

static int is_na(int id)
{
	return id == SIP_HDR_FROM || id == SIP_HDR_TO || id == SIP_HDR_CONTACT ||
	       id == SIP_HDR_ROUTE || id == SIP_HDR_RECORD_ROUTE || id == SIP_HDR_REPLY_TO;
}

static int has_uri(int id)
{
	return is_na(id) || id == SIP_HDR_ALERT_INFO || id == SIP_HDR_CALL_INFO ||
	       id == SIP_HDR_ERROR_INFO;
}

static int is_num(int id)
{
	return id == SIP_HDR_CSEQ || id == SIP_HDR_CONTENT_LENGTH || id == SIP_HDR_MAX_FORWARDS ||
	       id == SIP_HDR_EXPIRES || id == SIP_HDR_MIN_EXPIRES;
}

static int uri_comps(struct vet__ld *ld, const struct vet__node *n, struct seg *sg, size_t ns,
                     struct vet_field *f, const char *text)
{
	static const struct {
		const char *name;
		enum vet_ucomp c;
	} names[] = {{"scheme", VET_U_SCHEME},
	             {"user", VET_U_USER},
	             {"password", VET_U_PASSWORD},
	             {"host", VET_U_HOST},
	             {"port", VET_U_PORT}};

	if (ns == 0) {
		f->ucomp = VET_U_ALL;
		return 0;
	}
	if (seg_is(sg[0], "param") || seg_is(sg[0], "header")) {
		if (ns != 2 || !vet__is_token(sg[1].p, sg[1].len))
			return vet__err(ld, n, "field '%s': expected a name after '%.*s.'", text,
			                (int)sg[0].len, sg[0].p);
		f->ucomp = seg_is(sg[0], "param") ? VET_U_PARAM : VET_U_HEADER;
		f->uparam = vet__dup(ld, sg[1].p, sg[1].len);
		return f->uparam ? 0 : SIP_ENOMEM;
	}
	if (ns != 1)
		return vet__err(ld, n, "field '%s': nothing may follow '%.*s'", text,
		                (int)sg[0].len, sg[0].p);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (seg_is(sg[0], names[i].name)) {
			f->ucomp = names[i].c;
			return 0;
		}
	if (!vet__is_token(sg[0].p, sg[0].len))
		return vet__err(ld, n,
		                "field '%s': '%.*s' is not a URI component (scheme, user, "
		                "password, host, port, param.P, header.N or a parameter name)",
		                text, (int)sg[0].len, sg[0].p);
	f->ucomp = VET_U_PARAM;
	f->uparam = vet__dup(ld, sg[0].p, sg[0].len);
	return f->uparam ? 0 : SIP_ENOMEM;
}

static int base_word(struct seg s, enum vet_fbase *b)
{
	static const struct {
		const char *w;
		enum vet_fbase b;
	} t[] = {{"status", VET_F_STATUS}, {"reason", VET_F_REASON}, {"method", VET_F_METHOD},
	         {"ruri", VET_F_RURI},     {"start", VET_F_START},   {"body", VET_F_BODY},
	         {"raw", VET_F_RAW}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (seg_is(s, t[i].w)) {
			*b = t[i].b;
			return 1;
		}
	return 0;
}

/* Header name with an optional [n] index. */
static int header_base(struct vet__ld *ld, const struct vet__node *n, struct seg s,
                       struct vet_field *f, const char *text)
{
	size_t nl = s.len;
	const char *lb = memchr(s.p, '[', s.len);

	if (lb) {
		unsigned idx = 0;
		const char *q = lb + 1, *e = s.p + s.len;
		nl = (size_t)(lb - s.p);
		if (e - q < 2 || e[-1] != ']')
			return vet__err(ld, n, "field '%s': expected [n] after the header name",
			                text);
		for (; q < e - 1; q++) {
			if (*q < '0' || *q > '9' || idx > 9999)
				return vet__err(ld, n, "field '%s': the index must be a number",
				                text);
			idx = idx * 10 + (unsigned)(*q - '0');
		}
		if (idx == 0)
			return vet__err(ld, n, "field '%s': indexes start at 1 ([1] is the first)",
			                text);
		f->index = idx;
	}
	if (!vet__is_token(s.p, nl))
		return vet__err(ld, n,
		                "field '%s': '%.*s' is neither a header name nor one of "
		                "status, reason, method, ruri, start, body, raw",
		                text, (int)nl, s.p);
	f->base = VET_F_HDR;
	f->hdr_id = (int)sip_hdr_lookup(s.p, nl);
	if (f->hdr_id != SIP_HDR_OTHER)
		f->hdr_name = sip_hdr_name((enum sip_hdr_id)f->hdr_id);
	else
		f->hdr_name = vet__dup(ld, s.p, nl);
	return f->hdr_name ? 0 : SIP_ENOMEM;
}

static int header_comps(struct vet__ld *ld, const struct vet__node *n, struct seg *sg, size_t ns,
                        struct vet_field *f, const char *text)
{
	int id = f->hdr_id;
	struct seg c = sg[0];

	if (seg_is(c, "uri")) {
		if (!has_uri(id))
			return vet__err(ld, n, "field '%s': %s has no URI", text, f->hdr_name);
		f->comp = VET_C_URI;
		return uri_comps(ld, n, sg + 1, ns - 1, f, text);
	}
	if (seg_is(c, "param")) {
		if (ns != 2 || !vet__is_token(sg[1].p, sg[1].len))
			return vet__err(ld, n,
			                "field '%s': expected a parameter name after "
			                "'param.'",
			                text);
		f->comp = VET_C_PARAM;
		f->param = vet__dup(ld, sg[1].p, sg[1].len);
		return f->param ? 0 : SIP_ENOMEM;
	}
	if (ns != 1)
		return vet__err(ld, n, "field '%s': nothing may follow '%.*s'", text, (int)c.len,
		                c.p);
	if (seg_is(c, "value")) {
		f->comp = VET_C_VALUE;
	} else if (seg_is(c, "lines")) {
		if (f->index)
			return vet__err(ld, n, "field '%s': 'lines' takes every value; drop [n]",
			                text);
		f->comp = VET_C_LINES;
	} else if (seg_is(c, "display")) {
		if (!is_na(id))
			return vet__err(ld, n, "field '%s': %s has no display name", text,
			                f->hdr_name);
		f->comp = VET_C_DISPLAY;
	} else if (seg_is(c, "host") || seg_is(c, "port") || seg_is(c, "sent-by") ||
	           seg_is(c, "transport")) {
		if (id != SIP_HDR_VIA)
			return vet__err(ld, n,
			                "field '%s': '%.*s' applies to Via (for a "
			                "parameter of that name write %s.param.%.*s)",
			                text, (int)c.len, c.p, f->hdr_name, (int)c.len, c.p);
		f->comp = seg_is(c, "host")      ? VET_C_HOST
		          : seg_is(c, "port")    ? VET_C_PORT
		          : seg_is(c, "sent-by") ? VET_C_SENTBY
		                                 : VET_C_PROTO;
	} else if (seg_is(c, "num")) {
		if (!is_num(id))
			return vet__err(ld, n, "field '%s': %s has no number", text, f->hdr_name);
		f->comp = VET_C_NUM;
	} else if (seg_is(c, "method") && id == SIP_HDR_CSEQ) {
		f->comp = VET_C_CSEQ_METHOD;
	} else if (vet__is_token(c.p, c.len)) {
		f->comp = VET_C_PARAM;
		f->param = vet__dup(ld, c.p, c.len);
		return f->param ? 0 : SIP_ENOMEM;
	} else {
		return vet__err(ld, n, "field '%s': '%.*s' is not a component or parameter name",
		                text, (int)c.len, c.p);
	}
	return 0;
}

int vet__field(struct vet__ld *ld, const struct vet__node *n, const char *text, size_t len,
               struct vet_field *f)
{
	struct seg sg[6];
	size_t ns;
	const char *t;

	memset(f, 0, sizeof *f);
	t = vet__dup(ld, text, len);
	if (!t)
		return SIP_ENOMEM;
	f->text = t;
	if (len == 0 || len > 200 || memchr(text, 0, len))
		return vet__err(ld, n, "field '%s': expected a field path such as Via.branch", t);
	ns = split(t, len, sg, 6);
	for (size_t i = 0; i < ns; i++)
		if (sg[i].len == 0)
			return vet__err(ld, n, "field '%s': empty component", t);
	if (ns == 6 && sg[5].p + sg[5].len != t + len)
		return vet__err(ld, n, "field '%s': too many components", t);
	if (base_word(sg[0], &f->base)) {
		if (f->base == VET_F_RURI) {
			f->comp = VET_C_URI;
			return uri_comps(ld, n, sg + 1, ns - 1, f, t);
		}
		if (ns > 1)
			return vet__err(ld, n, "field '%s': '%.*s' has no components", t,
			                (int)sg[0].len, sg[0].p);
		return 0;
	}
	if (header_base(ld, n, sg[0], f, t))
		return ld->rc;
	if (ns == 1)
		return 0;
	return header_comps(ld, n, sg + 1, ns - 1, f, t);
}

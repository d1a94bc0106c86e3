/* sipvet: messages, URIs and parse errors as JSON (shapes in msg_json.h). */
#include "msg_json.h"

#include <arpa/inet.h>

void vet_json_perr(struct vet_json *j, const struct sip_perr *e, size_t base)
{
	vet_json_obj(j);
	vet_json_kuint(j, "offset", base + e->off);
	vet_json_kcstr(j, "reason", e->reason);
	vet_json_kint(j, "status", e->status);
	vet_json_obj_end(j);
}

void vet_json_lenient(struct vet_json *j, unsigned bits)
{
	unsigned bit;
	vet_json_arr(j);
	for (bit = 1; bit; bit <<= 1) {
		if (bits & bit) {
			const char *n = sip_lenient_name(bit);
			vet_json_cstr(j, n ? n : "unknown");
		}
	}
	vet_json_arr_end(j);
}

void vet_json_params(struct vet_json *j, const struct sip_param *p)
{
	vet_json_arr(j);
	for (; p; p = p->next) {
		vet_json_obj(j);
		vet_json_ksstr(j, "name", p->name);
		vet_json_key(j, "value");
		if (p->has_value)
			vet_json_str(j, p->value.p ? p->value.p : "", p->value.len);
		else
			vet_json_null(j);
		vet_json_obj_end(j);
	}
	vet_json_arr_end(j);
}

void vet_json_host(struct vet_json *j, const struct sip_host *h)
{
	static const char *const types[] = {"none", "name", "ipv4", "ipv6"};
	char addr[INET6_ADDRSTRLEN];
	vet_json_obj(j);
	vet_json_kcstr(j, "type", (unsigned)h->type < 4 ? types[h->type] : "unknown");
	vet_json_ksstr(j, "text", h->text);
	if (h->type == SIP_HOST_IPV4 && inet_ntop(AF_INET, h->addr, addr, sizeof(addr)))
		vet_json_kcstr(j, "address", addr);
	else if (h->type == SIP_HOST_IPV6 && inet_ntop(AF_INET6, h->addr, addr, sizeof(addr)))
		vet_json_kcstr(j, "address", addr);
	vet_json_obj_end(j);
}

void vet_json_uri(struct vet_json *j, const struct sip_uri *u)
{
	static const char *const kinds[] = {"other", "sip", "sips", "tel"};
	vet_json_obj(j);
	vet_json_ksstr(j, "raw", u->raw);
	vet_json_ksstr(j, "scheme", u->scheme_str);
	vet_json_kcstr(j, "kind", (unsigned)u->scheme < 4 ? kinds[u->scheme] : "unknown");
	if (u->scheme == SIP_URI_OTHER) {
		vet_json_ksstr(j, "opaque", u->opaque);
		vet_json_obj_end(j);
		return;
	}
	if (u->has_user || u->scheme == SIP_URI_TEL)
		vet_json_ksstr(j, "user", u->user);
	if (u->has_password)
		vet_json_ksstr(j, "password", u->password);
	if (u->scheme != SIP_URI_TEL) {
		vet_json_key(j, "host");
		vet_json_host(j, &u->host);
	}
	if (u->has_port)
		vet_json_kuint(j, "port", u->port);
	vet_json_key(j, "params");
	vet_json_params(j, u->params);
	if (u->scheme != SIP_URI_TEL) {
		vet_json_key(j, "headers");
		vet_json_params(j, u->headers);
	}
	vet_json_obj_end(j);
}

static void json_hdr(struct vet_json *j, struct sip_msg *m, struct sip_hdr *h)
{
	struct sip_perr err = {0, NULL, 0};
	int rc;
	vet_json_obj(j);
	vet_json_ksstr(j, "name", h->name);
	vet_json_key(j, "id");
	if (h->id == SIP_HDR_OTHER)
		vet_json_null(j);
	else
		vet_json_cstr(j, sip_hdr_name(h->id));
	vet_json_kuint(j, "offset", h->off);
	vet_json_ksstr(j, "value", h->value);
	if (h->id == SIP_HDR_OTHER) {
		vet_json_obj_end(j);
		return;
	}
	rc = sip_hdr_decode(m, h, &err);
	if (rc == 0 && h->state == SIP_HDR_DECODED) {
		vet_json_key(j, "decoded");
		vet_json_hval(j, h->id, h->val);
	} else if (rc == SIP_EPARSE) {
		vet_json_key(j, "error");
		vet_json_perr(j, &err, 0);
	} else if (rc != 0) {
		vet_json_kcstr(j, "error", sip_strerror(rc));
	}
	vet_json_obj_end(j);
}

static void json_body(struct vet_json *j, struct sip_msg *m)
{
	const struct sip_sdp *sdp;
	const struct sip_multipart *mp;
	vet_json_obj(j);
	vet_json_kuint(j, "length", m->body.len);
	vet_json_kstr(j, "bytes", m->body.p ? m->body.p : "", m->body.len);
	sdp = m->body.len ? sip_msg_sdp(m) : NULL;
	if (sdp) {
		vet_json_key(j, "sdp");
		vet_json_sdp(j, sdp);
	}
	mp = m->body.len ? sip_msg_multipart(m) : NULL;
	if (mp) {
		vet_json_key(j, "multipart");
		vet_json_multipart(j, mp);
	}
	vet_json_obj_end(j);
}

void vet_json_msg(struct vet_json *j, struct sip_msg *m)
{
	size_t i;
	vet_json_obj(j);
	vet_json_kcstr(j, "type", m->is_request ? "request" : "response");
	if (m->is_request) {
		const struct sip_uri *ru;
		vet_json_ksstr(j, "method", m->method);
		vet_json_key(j, "method_id");
		if (m->mid == SIP_METHOD_OTHER)
			vet_json_null(j);
		else
			vet_json_cstr(j, sip_method_name(m->mid));
		vet_json_ksstr(j, "request_uri_raw", m->ruri_raw);
		ru = sip_msg_ruri(m);
		vet_json_key(j, "request_uri");
		if (ru)
			vet_json_uri(j, ru);
		else
			vet_json_null(j);
	} else {
		vet_json_kuint(j, "status", m->status);
		vet_json_ksstr(j, "reason", m->reason);
	}
	vet_json_ksstr(j, "version", m->version);
	vet_json_kuint(j, "version_major", m->version_major);
	vet_json_kuint(j, "version_minor", m->version_minor);
	vet_json_kuint(j, "length", m->len);
	vet_json_kuint(j, "input_length", m->input_len);
	vet_json_key(j, "headers");
	vet_json_arr(j);
	for (i = 0; i < m->nhdrs; i++)
		json_hdr(j, m, &m->hdrs[i]);
	vet_json_arr_end(j);
	vet_json_key(j, "content_length");
	if (m->cl_present)
		vet_json_uint(j, m->content_length);
	else
		vet_json_null(j);
	if (m->cl_conflict)
		vet_json_kbool(j, "content_length_conflict", 1);
	vet_json_key(j, "body");
	json_body(j, m);
	vet_json_obj_end(j);
}

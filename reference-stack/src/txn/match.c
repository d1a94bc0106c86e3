/* Matching requests and responses to transactions (RFC 3261 17.1.3,
 * 17.2.3, 9.2) with one hash table of keys (match.h).
 *
 * Keys with a magic-cookie branch hash on the branch; RFC 2543 keys hash on
 * Call-ID and CSeq number, which an ACK shares with its INVITE. Branches,
 * Call-IDs and tags compare octet by octet (RFC 3261 8.1.1.4 says Call-IDs
 * are case-sensitive; the branch and tag are opaque tokens the sender made);
 * hosts and transports case-insensitively (RFC 3261 7.3.1). */
#include <string.h>

#include "sipref/addr.h"
#include "txn/match.h"

#define NB0 64

static uint32_t fnv(uint32_t h, const char *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 16777619u;
	}
	return h;
}

static uint32_t hash_branch(struct sip_str b)
{
	return fnv(2166136261u, b.p, b.len);
}

static uint32_t hash_2543(struct sip_str call_id, uint32_t cseq)
{
	char n[4] = {(char)(cseq >> 24), (char)(cseq >> 16), (char)(cseq >> 8), (char)cseq};
	return fnv(fnv(2166136261u ^ 0x2543u, call_id.p, call_id.len), n, 4);
}

static int is_cookie(struct sip_str branch)
{
	return branch.p && branch.len > 7 && memcmp(branch.p, SIP__MAGIC_COOKIE, 7) == 0;
}

static uint16_t via_port(const struct sip_via *v)
{
	int tp;
	if (v->has_port)
		return v->port;
	tp = sip_transport_lookup(v->transport);
	return sip_transport_default_port(tp < 0 ? SIP_TP_UDP : (enum sip_transport)tp);
}

static struct sip_str tag_of(const struct sip_nameaddr *na)
{
	return na ? na->tag : SIP_STR_NULL;
}

/* Copies s into the key's block at *at. */
static struct sip_str put(char **at, struct sip_str s)
{
	struct sip_str r = {*at, s.len};
	if (!s.p)
		return SIP_STR_NULL;
	if (s.len)
		memcpy(*at, s.p, s.len);
	*at += s.len;
	return r;
}

int sip__mkey_init(struct sip__mkey *k, struct sip_msg *req, int server,
                   const struct sip_allocator *a)
{
	const struct sip_via *v = sip_msg_top_via(req);
	const struct sip_cseq *cs = sip_msg_cseq(req);
	const struct sip_nameaddr *from = sip_msg_from(req), *to = sip_msg_to(req);
	struct sip_str call_id = sip_msg_call_id(req), method;
	char *at;
	memset(k, 0, sizeof(*k));
	if (!v || !cs || !req->is_request)
		return SIP_EPARSE;
	method = server ? req->method : cs->method;
	k->server = server ? 1 : 0;
	k->cookie = is_cookie(v->branch) ? 1 : 0;
	k->cseq = cs->seq;
	k->via_port = via_port(v);
	k->mem_len = method.len + v->branch.len + v->transport.len + v->host.text.len +
	             req->ruri_raw.len + call_id.len + tag_of(from).len + tag_of(to).len;
	k->mem = a->alloc(a->ud, k->mem_len ? k->mem_len : 1);
	if (!k->mem)
		return SIP_ENOMEM;
	at = k->mem;
	k->method = put(&at, method);
	k->branch = put(&at, v->branch);
	k->via_tp = put(&at, v->transport);
	k->via_host = put(&at, v->host.text);
	k->ruri = put(&at, req->ruri_raw);
	k->call_id = put(&at, call_id);
	k->from_tag = put(&at, tag_of(from));
	k->to_tag = put(&at, tag_of(to));
	k->hash = k->cookie || !server ? hash_branch(k->branch) : hash_2543(k->call_id, k->cseq);
	return 0;
}

void sip__mkey_fini(struct sip__mkey *k, const struct sip_allocator *a)
{
	if (k->mem)
		a->free(a->ud, k->mem, k->mem_len ? k->mem_len : 1);
	if (k->rtag)
		a->free(a->ud, k->rtag, k->rtag_len ? k->rtag_len : 1);
	k->mem = k->rtag = NULL;
}

int sip__mkey_set_rtag(struct sip__mkey *k, struct sip_str tag, const struct sip_allocator *a)
{
	char *p;
	if (!tag.p || (k->rtag && sip_str_eq(sip_str_make(k->rtag, k->rtag_len), tag)))
		return 0;
	p = a->alloc(a->ud, tag.len ? tag.len : 1);
	if (!p)
		return SIP_ENOMEM;
	if (tag.len)
		memcpy(p, tag.p, tag.len);
	if (k->rtag)
		a->free(a->ud, k->rtag, k->rtag_len ? k->rtag_len : 1);
	k->rtag = p;
	k->rtag_len = tag.len;
	return 0;
}

int sip__mtable_init(struct sip__mtable *t, const struct sip_allocator *a)
{
	t->a = a;
	t->n = 0;
	t->nb = NB0;
	t->b = a->alloc(a->ud, NB0 * sizeof(*t->b));
	if (!t->b)
		return SIP_ENOMEM;
	memset(t->b, 0, NB0 * sizeof(*t->b));
	return 0;
}

void sip__mtable_fini(struct sip__mtable *t)
{
	if (t->b)
		t->a->free(t->a->ud, t->b, t->nb * sizeof(*t->b));
	t->b = NULL;
	t->nb = t->n = 0;
}

static int grow(struct sip__mtable *t)
{
	size_t nb = t->nb * 2, i;
	struct sip__mkey **b = t->a->alloc(t->a->ud, nb * sizeof(*b));
	if (!b)
		return SIP_ENOMEM;
	memset(b, 0, nb * sizeof(*b));
	for (i = 0; i < t->nb; i++) {
		while (t->b[i]) {
			struct sip__mkey *k = t->b[i];
			t->b[i] = k->hnext;
			k->hnext = b[k->hash & (nb - 1)];
			b[k->hash & (nb - 1)] = k;
		}
	}
	t->a->free(t->a->ud, t->b, t->nb * sizeof(*t->b));
	t->b = b;
	t->nb = nb;
	return 0;
}

int sip__mtable_insert(struct sip__mtable *t, struct sip__mkey *k)
{
	/* Growing first keeps a failed growth harmless: longer chains. */
	int rc = t->n >= t->nb ? grow(t) : 0;
	size_t i = k->hash & (t->nb - 1);
	k->hnext = t->b[i];
	t->b[i] = k;
	t->n++;
	return rc;
}

void sip__mtable_remove(struct sip__mtable *t, struct sip__mkey *k)
{
	struct sip__mkey **pp = &t->b[k->hash & (t->nb - 1)];
	for (; *pp; pp = &(*pp)->hnext) {
		if (*pp == k) {
			*pp = k->hnext;
			k->hnext = NULL;
			t->n--;
			return;
		}
	}
}

/* 17.2.3: the sent-by (and, for 2543 keys, the rest of the top Via). */
static int via_eq(const struct sip__mkey *k, const struct sip_via *v)
{
	return sip_str_caseeq(k->via_host, v->host.text) && k->via_port == via_port(v) &&
	       sip_str_caseeq(k->via_tp, v->transport);
}

/* RFC 2543 "Request-URI matches": the same text, or equivalent URIs (RFC
 * 3261 19.1.4); the stored one is parsed into the request's arena. */
static int ruri_eq(const struct sip__mkey *k, struct sip_msg *req)
{
	const struct sip_uri *u;
	struct sip_uri stored;
	struct sip_perr err;
	if (sip_str_eq(k->ruri, req->ruri_raw))
		return 1;
	u = sip_msg_ruri(req);
	if (!u || sip_uri_parse(&req->arena, k->ruri.p, k->ruri.len, req->flags & 0xffffu, &stored,
	                        &err) != 0)
		return 0;
	return sip_uri_equiv(u, &stored);
}

/* 17.2.3, RFC 2543 fallback. `method` is what the key's request method must
 * be; `ack` applies the ACK rule (To tag against the response's). */
static int match_2543(const struct sip__mkey *k, struct sip_msg *req, const struct sip_via *v,
                      struct sip_str method, int ack)
{
	const struct sip_cseq *cs = sip_msg_cseq(req);
	const struct sip_nameaddr *from = sip_msg_from(req), *to = sip_msg_to(req);
	struct sip_str to_tag = tag_of(to);
	if (!cs || !from || !to || k->cseq != cs->seq)
		return 0;
	if (!sip_str_eq(k->call_id, sip_msg_call_id(req)) || !sip_str_eq(k->from_tag, from->tag))
		return 0;
	if (!via_eq(k, v) || !sip_str_eq(k->branch, v->branch) || !sip_str_eq(k->method, method))
		return 0;
	if (ack) {
		if (!k->rtag || !to_tag.p ||
		    !sip_str_eq(sip_str_make(k->rtag, k->rtag_len), to_tag))
			return 0;
	} else if (!sip_str_eq(k->to_tag, to_tag)) {
		return 0;
	}
	return ruri_eq(k, req);
}

static struct sip__mkey *server_lookup(struct sip__mtable *t, struct sip_msg *req,
                                       struct sip_str method, int ack)
{
	const struct sip_via *v = sip_msg_top_via(req);
	const struct sip_cseq *cs;
	struct sip__mkey *k;
	if (!v || !req->is_request)
		return NULL;
	if (is_cookie(v->branch)) {
		for (k = t->b[hash_branch(v->branch) & (t->nb - 1)]; k; k = k->hnext)
			if (k->server && k->cookie && sip_str_eq(k->branch, v->branch) &&
			    via_eq(k, v) && sip_str_eq(k->method, method))
				return k;
		return NULL;
	}
	cs = sip_msg_cseq(req);
	if (!cs)
		return NULL;
	for (k = t->b[hash_2543(sip_msg_call_id(req), cs->seq) & (t->nb - 1)]; k; k = k->hnext)
		if (k->server && !k->cookie && match_2543(k, req, v, method, ack))
			return k;
	return NULL;
}

struct sip__mkey *sip__match_request(struct sip__mtable *t, struct sip_msg *req)
{
	/* 17.2.3: an ACK matches the INVITE that created the transaction. */
	if (req->mid == SIP_METHOD_ACK)
		return server_lookup(t, req, SIP_STR("INVITE"), 1);
	return server_lookup(t, req, req->method, 0);
}

struct sip__mkey *sip__match_cancel(struct sip__mtable *t, struct sip_msg *cancel)
{
	return server_lookup(t, cancel, SIP_STR("INVITE"), 0);
}

struct sip__mkey *sip__match_response(struct sip__mtable *t, struct sip_msg *resp)
{
	const struct sip_via *v = sip_msg_top_via(resp);
	const struct sip_cseq *cs = sip_msg_cseq(resp);
	struct sip__mkey *k;
	if (!v || !cs || !v->branch.p || resp->is_request)
		return NULL;
	/* 17.1.3: the branch of the top Via and the CSeq method. */
	for (k = t->b[hash_branch(v->branch) & (t->nb - 1)]; k; k = k->hnext)
		if (!k->server && sip_str_eq(k->branch, v->branch) &&
		    sip_str_eq(k->method, cs->method))
			return k;
	return NULL;
}

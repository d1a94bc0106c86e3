/* Internal: matching messages to transactions (RFC 3261 17.1.3, 17.2.3).
 *
 * Each transaction of the stack carries a key copied from the request that
 * created it; keys live in one hash table. A key whose branch starts with
 * the magic cookie "z9hG4bK" (RFC 3261 8.1.1.7) is matched by branch, sent-by
 * and method; any other server key by the RFC 2543 rules of 17.2.3
 * (Request-URI, tags, Call-ID, CSeq, top Via). */
#ifndef SIPREF_SRC_TXN_MATCH_H
#define SIPREF_SRC_TXN_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "sipref/alloc.h"
#include "sipref/msg.h"

#define SIP__MAGIC_COOKIE "z9hG4bK"

struct sip__mkey {
	struct sip__mkey *hnext; /* hash chain */
	uint32_t hash;
	unsigned char server; /* 17.2.3 key (else 17.1.3) */
	unsigned char cookie; /* RFC 3261 branch: match on it */
	/* Server: the request method. Client: the CSeq method. */
	struct sip_str method;
	struct sip_str branch;
	/* Server: the top Via's transport and sent-by. */
	struct sip_str via_tp, via_host;
	uint16_t via_port; /* the transport's default when the Via has none */
	/* RFC 2543 matching (server keys without the cookie). */
	struct sip_str ruri, call_id, from_tag, to_tag;
	uint32_t cseq;
	/* The To tag of the last response sent (the 2543 ACK rule). */
	char *rtag;
	size_t rtag_len;
	char *mem; /* every slice above points into it */
	size_t mem_len;
};

/* A key from a request that arrived (server) or one being sent (client).
 * The request's top Via, CSeq, Call-ID, From and To must decode (the stack
 * checked them). 0, SIP_ENOMEM, SIP_EPARSE. */
int sip__mkey_init(struct sip__mkey *k, struct sip_msg *req, int server,
                   const struct sip_allocator *a);
void sip__mkey_fini(struct sip__mkey *k, const struct sip_allocator *a);
/* Remembers the To tag of a response the server transaction sent. 0 or
 * SIP_ENOMEM. */
int sip__mkey_set_rtag(struct sip__mkey *k, struct sip_str tag, const struct sip_allocator *a);

struct sip__mtable {
	const struct sip_allocator *a;
	struct sip__mkey **b;
	size_t nb, n;
};

/* 0 or SIP_ENOMEM. */
int sip__mtable_init(struct sip__mtable *t, const struct sip_allocator *a);
/* Frees the buckets, not the keys. */
void sip__mtable_fini(struct sip__mtable *t);
/* 0 or SIP_ENOMEM (the table could not grow: the key is still added). */
int sip__mtable_insert(struct sip__mtable *t, struct sip__mkey *k);
void sip__mtable_remove(struct sip__mtable *t, struct sip__mkey *k);

/* RFC 3261 17.2.3: the server transaction a request belongs to (an ACK
 * belongs to its INVITE's). NULL when none. */
struct sip__mkey *sip__match_request(struct sip__mtable *t, struct sip_msg *req);
/* RFC 3261 9.2: the INVITE server transaction a CANCEL refers to (17.2.3
 * with the method ignored). NULL when none. */
struct sip__mkey *sip__match_cancel(struct sip__mtable *t, struct sip_msg *cancel);
/* RFC 3261 17.1.3: the client transaction of a response. NULL when none. */
struct sip__mkey *sip__match_response(struct sip__mtable *t, struct sip_msg *resp);

#endif

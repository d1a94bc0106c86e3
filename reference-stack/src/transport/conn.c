/* Stream connections: the table of ids and the receive side (conn.h). A
 * handful of connections is the normal case, so the table is a list. */
#include <string.h>

#include "sipref/error.h"
#include "transport/conn.h"

void sip__conns_init(struct sip__conns *cs, const struct sip_allocator *a, size_t max_msg)
{
	memset(cs, 0, sizeof(*cs));
	cs->a = a;
	cs->max_msg = max_msg ? max_msg : 65535;
}

static void conn_free(struct sip__conns *cs, struct sip__conn *c)
{
	if (c->rx)
		cs->a->free(cs->a->ud, c->rx, c->rx_cap);
	cs->a->free(cs->a->ud, c, sizeof(*c));
}

void sip__conns_fini(struct sip__conns *cs)
{
	while (cs->head) {
		struct sip__conn *c = cs->head;
		cs->head = c->next;
		conn_free(cs, c);
	}
	cs->n = 0;
}

struct sip__conn *sip__conn_add(struct sip__conns *cs, enum sip_transport tp,
                                const struct sip_addr *local, const struct sip_addr *remote,
                                int outbound)
{
	struct sip__conn *c = cs->a->alloc(cs->a->ud, sizeof(*c));
	if (!c)
		return NULL;
	memset(c, 0, sizeof(*c));
	/* Ids are never 0 (UDP) and not reused while a connection holds one. */
	do {
		cs->last_id++;
	} while (cs->last_id == 0 || sip__conn_find(cs, cs->last_id));
	c->id = cs->last_id;
	c->tp = tp;
	if (local)
		c->local = *local;
	if (remote)
		c->remote = *remote;
	c->outbound = outbound ? 1 : 0;
	sip_framer_init(&c->fr, cs->max_msg);
	c->next = cs->head;
	cs->head = c;
	cs->n++;
	return c;
}

struct sip__conn *sip__conn_find(struct sip__conns *cs, uint32_t id)
{
	struct sip__conn *c;
	if (!id)
		return NULL;
	for (c = cs->head; c; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

struct sip__conn *sip__conn_find_remote(struct sip__conns *cs, enum sip_transport tp,
                                        const struct sip_addr *remote)
{
	struct sip__conn *c;
	for (c = cs->head; c; c = c->next)
		if (c->tp == tp && sip_addr_eq(&c->remote, remote))
			return c;
	return NULL;
}

void sip__conn_remove(struct sip__conns *cs, struct sip__conn *c)
{
	struct sip__conn **pp;
	for (pp = &cs->head; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			cs->n--;
			conn_free(cs, c);
			return;
		}
	}
}

static void drop_consumed(struct sip__conn *c)
{
	if (!c->consume)
		return;
	memmove(c->rx, c->rx + c->consume, c->rx_len - c->consume);
	c->rx_len -= c->consume;
	c->consume = 0;
}

int sip__conn_append(struct sip__conns *cs, struct sip__conn *c, const void *buf, size_t len)
{
	size_t need, cap;
	char *nb;
	drop_consumed(c);
	if (!len)
		return 0;
	need = c->rx_len + len;
	/* The framer refuses anything longer than max_msg, so more than two
	 * of them unframed means the peer is not speaking SIP. */
	if (need > 2 * cs->max_msg + 4)
		return SIP_ETOOBIG;
	if (need > c->rx_cap) {
		cap = c->rx_cap ? c->rx_cap : 2048;
		while (cap < need)
			cap *= 2;
		nb = cs->a->alloc(cs->a->ud, cap);
		if (!nb)
			return SIP_ENOMEM;
		if (c->rx_len)
			memcpy(nb, c->rx, c->rx_len);
		if (c->rx)
			cs->a->free(cs->a->ud, c->rx, c->rx_cap);
		c->rx = nb;
		c->rx_cap = cap;
	}
	memcpy(c->rx + c->rx_len, buf, len);
	c->rx_len += len;
	return 0;
}

enum sip_frame sip__conn_next(struct sip__conn *c, const char **msg, size_t *n,
                              struct sip_perr *err)
{
	enum sip_frame f;
	drop_consumed(c);
	*msg = NULL;
	*n = 0;
	if (!c->rx_len)
		return SIP_FRAME_NEED;
	f = sip_framer_feed(&c->fr, c->rx, c->rx_len, n, err);
	if (f == SIP_FRAME_MSG || f == SIP_FRAME_PING || f == SIP_FRAME_SKIP) {
		*msg = c->rx;
		c->consume = *n;
	}
	return f;
}

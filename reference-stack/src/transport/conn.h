/* Internal: stream connections (TCP, TLS) as the sans-I/O stack sees them:
 * an id the shell and the stack share, the two addresses, and the receive
 * side: a buffer of unconsumed bytes and the stream framer (RFC 3261 18.3,
 * RFC 5626 3.5.1). The shell owns the sockets. */
#ifndef SIPREF_SRC_TRANSPORT_CONN_H
#define SIPREF_SRC_TRANSPORT_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "sipref/addr.h"
#include "sipref/alloc.h"
#include "sipref/framer.h"
#include "sipref/timer.h"

struct sip__conn {
	uint32_t id;
	enum sip_transport tp;
	struct sip_addr local, remote;
	unsigned char outbound; /* opened by us (SIP_TX_CONNECT) */
	struct sip_framer fr;
	char *rx; /* unconsumed bytes: rx[0..rx_len) */
	size_t rx_len, rx_cap;
	size_t consume; /* bytes of the last frame returned, dropped on the next call */
	/* Runs while a partial message is buffered (RFC 4475 3.1.2.2: wait for
	 * more bytes, then close); `owner` is the stack, for the callback. */
	struct sip_timer idle;
	void *owner;
	struct sip__conn *next;
};

struct sip__conns {
	const struct sip_allocator *a;
	struct sip__conn *head;
	uint32_t last_id;
	size_t max_msg;
	size_t n;
};

void sip__conns_init(struct sip__conns *cs, const struct sip_allocator *a, size_t max_msg);
/* Frees every connection (no output). */
void sip__conns_fini(struct sip__conns *cs);

/* A new connection with a fresh nonzero id; NULL on allocation failure. */
struct sip__conn *sip__conn_add(struct sip__conns *cs, enum sip_transport tp,
                                const struct sip_addr *local, const struct sip_addr *remote,
                                int outbound);
struct sip__conn *sip__conn_find(struct sip__conns *cs, uint32_t id);
/* An open connection of transport tp to `remote` (ip and port), for reuse
 * (RFC 3261 18.1.1, 18.2.2). NULL when none. */
struct sip__conn *sip__conn_find_remote(struct sip__conns *cs, enum sip_transport tp,
                                        const struct sip_addr *remote);
/* Forgets and frees c. */
void sip__conn_remove(struct sip__conns *cs, struct sip__conn *c);

/* Appends received bytes. 0, SIP_ENOMEM, or SIP_ETOOBIG when the unframed
 * bytes would exceed what the framer could ever accept (the connection is
 * to be closed). */
int sip__conn_append(struct sip__conns *cs, struct sip__conn *c, const void *buf, size_t len);

/* The next frame of c's buffered bytes (framer.h): on SIP_FRAME_MSG *msg and
 * *n are the message (valid until the next call on c); on ERROR err says
 * why. Drops the previous frame first. */
enum sip_frame sip__conn_next(struct sip__conn *c, const char **msg, size_t *n,
                              struct sip_perr *err);

#endif

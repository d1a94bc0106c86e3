/* sipref: stream framing for SIP over TCP/TLS (RFC 3261 18.3, 7.5;
 * RFC 5626 3.5.1 keep-alives).
 *
 * The framer looks at the unconsumed bytes at the head of a connection's
 * receive buffer and says what they are. It is resumable: it remembers how
 * far it has scanned, so feeding a growing buffer costs O(total bytes). */
#ifndef SIPREF_FRAMER_H
#define SIPREF_FRAMER_H

#include <stddef.h>

#include "error.h"

enum sip_frame {
	SIP_FRAME_NEED = 0,   /* incomplete: read more and call again */
	SIP_FRAME_MSG = 1,    /* buf[0..*n) is one message: parse it with SIP_PARSE_STREAM */
	SIP_FRAME_PING = 2,   /* *n bytes were a CRLFCRLF keep-alive: answer CRLF */
	SIP_FRAME_SKIP = 3,   /* *n bytes were a lone CRLF (pong, or RFC 3261 7.5 filler) */
	SIP_FRAME_ERROR = -1, /* unframeable: close the connection (RFC 4475 3.1.2.2/3.1.2.3) */
};

struct sip_framer {
	size_t max_msg;  /* largest message accepted (head plus body) */
	size_t scanned;  /* bytes of the current head already scanned */
	size_t head_len; /* 0 until the blank line ending the head is found */
	size_t body_len;
	int line_start; /* scanner state between calls */
	int in_cl;      /* internal */
};

/* max_msg 0 picks 65535. */
void sip_framer_init(struct sip_framer *f, size_t max_msg);

/* Examines buf[0..len), the unconsumed bytes of the stream; buf must start
 * where the previous frame ended and must keep the bytes seen so far (it may
 * move). Sets *n to the frame's length for MSG/PING/SKIP (the caller then
 * drops *n bytes) and resets itself for the next frame. On ERROR, err says
 * why; the framer must be re-initialised before reuse. */
enum sip_frame sip_framer_feed(struct sip_framer *f, const char *buf, size_t len, size_t *n,
                               struct sip_perr *err);

#endif

/* A peer for the UA core tests (test_ua_uas.c, test_ua_uac.c,
 * test_ua_torture.c): drives a whole sip_stack through its public API under
 * a virtual clock, feeds it hand-written messages as if they came from a
 * peer at 127.0.0.1:5070 over UDP, and records what the stack transmits
 * (with the time) and the events it reports.
 *
 * Messages are written with "\n" line ends (turned into CRLF); a
 * "Content-Length: #" line gets the body's length. */
#ifndef SIPVET_TESTS_UA_HARNESS_H
#define SIPVET_TESTS_UA_HARNESS_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipref/msg.h"
#include "sipref/stack.h"
#include "sipref/ua.h"
#include "testutil.h"

#define H_MAXOUT 128
#define H_MAXEV  64

struct h_out {
	uint64_t at;
	enum sip_transport tp;
	uint32_t conn;
	struct sip_addr remote;
	char *buf;
	size_t len;
	struct sip_msg *m; /* parsed on demand */
};

struct h_world {
	struct sip_stack *st;
	struct sip_ua_config ua;
	uint64_t now;
	struct sip_addr local, peer;
	struct h_out out[H_MAXOUT];
	size_t nout;
	struct sip_event ev[H_MAXEV];
	uint64_t ev_at[H_MAXEV]; /* when each event was polled */
	size_t nev;
};

static struct h_world H;

/* Every host name resolves to the peer (the core does no DNS). */
static inline int h_resolve(void *ud, struct sip_str host, struct sip_addr *out)
{
	(void)ud;
	(void)host;
	*out = H.peer;
	out->port = 0;
	return 0;
}

static inline void h_drain(void)
{
	struct sip_tx tx;
	struct sip_event ev;
	int level;
	const char *line;
	while (sip_stack_poll_tx(H.st, &tx)) {
		struct h_out *o;
		if (tx.kind != SIP_TX_SEND || H.nout >= H_MAXOUT)
			continue;
		o = &H.out[H.nout++];
		o->at = H.now;
		o->tp = tx.tp;
		o->conn = tx.conn;
		o->remote = tx.remote;
		o->buf = malloc(tx.len + 1);
		memcpy(o->buf, tx.buf, tx.len);
		o->buf[tx.len] = 0;
		o->len = tx.len;
		o->m = NULL;
	}
	while (sip_stack_poll_event(H.st, &ev)) {
		if (H.nev < H_MAXEV) {
			H.ev_at[H.nev] = H.now;
			H.ev[H.nev++] = ev;
		}
	}
	while (sip_stack_poll_log(H.st, &level, &line))
		if (getenv("UA_TEST_LOG"))
			fprintf(stderr, "  [log %d] %s\n", level, line);
}

static inline void h_clear(void)
{
	size_t i;
	for (i = 0; i < H.nout; i++) {
		free(H.out[i].buf);
		if (H.out[i].m)
			sip_msg_free(H.out[i].m);
	}
	H.nout = 0;
	H.nev = 0;
}

/* A fresh stack: seed 42, T1 500, T2 4000, UDP on 127.0.0.1:5060. */
static inline void h_start(const struct sip_ua_config *ua)
{
	struct sip_stack_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	memset(&H.ua, 0, sizeof(H.ua));
	if (ua)
		H.ua = *ua;
	H.now = 0;
	cfg.seed = 42;
	cfg.ua = &H.ua;
	cfg.resolve = h_resolve;
	H.st = sip_stack_new(&cfg);
	CU_ASSERT_FATAL(H.st != NULL);
	sip_addr_parse(&H.local, "127.0.0.1:5060", 14);
	sip_addr_parse(&H.peer, "127.0.0.1:5070", 14);
	CU_ASSERT_FATAL(sip_stack_listen(H.st, SIP_TP_UDP, &H.local) == 0);
}

static inline void h_stop(void)
{
	h_clear();
	sip_stack_free(H.st);
	H.st = NULL;
}

/* "\n" -> CRLF, "Content-Length: #" -> the body length. */
static inline char *h_text(const char *msg, size_t *len)
{
	size_t n = strlen(msg), i, j = 0, body = 0;
	char *crlf = malloc(2 * n + 16), *out;
	const char *sep;
	for (i = 0; i < n; i++) {
		if (msg[i] == '\n')
			crlf[j++] = '\r';
		crlf[j++] = msg[i];
	}
	crlf[j] = 0;
	sep = strstr(crlf, "\r\n\r\n");
	if (sep)
		body = j - (size_t)(sep + 4 - crlf);
	out = malloc(j + 32);
	{
		const char *hash = strstr(crlf, "Content-Length: #");
		if (hash) {
			size_t pre = (size_t)(hash - crlf) + 16;
			memcpy(out, crlf, pre);
			j = pre + (size_t)sprintf(out + pre, "%zu", body);
			strcpy(out + j, hash + 17);
			j += strlen(hash + 17);
		} else {
			memcpy(out, crlf, j + 1);
		}
	}
	free(crlf);
	*len = j;
	return out;
}

static inline void h_vsend(enum sip_transport tp, uint32_t conn, const char *fmt, va_list ap)
{
	char raw[8192], *t;
	size_t len;
	vsnprintf(raw, sizeof(raw), fmt, ap);
	t = h_text(raw, &len);
	CU_ASSERT(sip_stack_recv(H.st, tp, conn, &H.local, &H.peer, t, len, H.now) == 0);
	free(t);
	h_drain();
}

/* The peer sends msg (printf format) at the current time over UDP. */
static inline void h_send(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void h_send(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	h_vsend(SIP_TP_UDP, 0, fmt, ap);
	va_end(ap);
}

/* The same on stream connection `conn` (sip_stack_conn_accepted). */
static inline void h_send_tcp(uint32_t conn, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static inline void h_send_tcp(uint32_t conn, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	h_vsend(SIP_TP_TCP, conn, fmt, ap);
	va_end(ap);
}

/* Raw bytes (a torture file). */
static inline void h_send_raw(const char *buf, size_t len)
{
	CU_ASSERT(sip_stack_recv(H.st, SIP_TP_UDP, 0, &H.local, &H.peer, buf, len, H.now) == 0);
	h_drain();
}

/* Runs the clock to `t`, firing timers at their exact deadlines. */
static inline void h_run_to(uint64_t t)
{
	uint64_t next;
	while ((next = sip_stack_next_expiry(H.st)) <= t) {
		if (next > H.now)
			H.now = next;
		sip_stack_handle_expiry(H.st, H.now);
		h_drain();
	}
	if (t > H.now)
		H.now = t;
}

static inline struct sip_msg *h_msg(size_t i)
{
	struct h_out *o = &H.out[i];
	if (!o->m) {
		o->m = sip_msg_new(NULL);
		if (sip_msg_parse(o->m, o->buf, o->len, 0, NULL) != 0 ||
		    sip_msg_parse_all(o->m, NULL) != 0)
			fprintf(stderr, "unparseable output:\n%s\n", o->buf);
	}
	return o->m;
}

/* Status of output i (0 for a request). */
static inline unsigned h_status(size_t i)
{
	struct sip_msg *m = h_msg(i);
	return m->is_request ? 0 : m->status;
}

/* 1 when output i is a request of `method` (or a response to one, when
 * status is nonzero) per its CSeq. */
static inline int h_is(size_t i, const char *method, unsigned status)
{
	struct sip_msg *m = h_msg(i);
	const struct sip_cseq *cs = sip_msg_cseq(m);
	if (!cs || !sip_str_eq(cs->method, sip_str_make(method, strlen(method))))
		return 0;
	return status ? !m->is_request && m->status == status : m->is_request;
}

/* Index of the first output at or after `from` matching (method, status),
 * or -1. */
static inline long h_find(size_t from, const char *method, unsigned status)
{
	size_t i;
	for (i = from; i < H.nout; i++)
		if (h_is(i, method, status))
			return (long)i;
	return -1;
}

static inline size_t h_count(const char *method, unsigned status)
{
	size_t i, n = 0;
	for (i = 0; i < H.nout; i++)
		n += (size_t)h_is(i, method, status);
	return n;
}

/* Value of the first header `name` of output i as a C string (static). */
static inline const char *h_hdr(size_t i, const char *name)
{
	static char v[2048];
	struct sip_msg *m = h_msg(i);
	struct sip_hdr *h = sip_msg_hdr_named(m, sip_str_make(name, strlen(name)));
	if (!h)
		return NULL;
	snprintf(v, sizeof(v), "%.*s", (int)h->value.len, h->value.p);
	return v;
}

static inline int h_has(size_t i, const char *needle)
{
	return strstr(H.out[i].buf, needle) != NULL;
}

/* To tag of output i (static buffer). */
static inline const char *h_totag(size_t i)
{
	static char v[128];
	const struct sip_nameaddr *to = sip_msg_to(h_msg(i));
	if (!to || !to->tag.p)
		return "";
	snprintf(v, sizeof(v), "%.*s", (int)to->tag.len, to->tag.p);
	return v;
}

static inline const char *h_branch(size_t i)
{
	static char v[128];
	const struct sip_via *via = sip_msg_top_via(h_msg(i));
	if (!via || !via->branch.p)
		return "";
	snprintf(v, sizeof(v), "%.*s", (int)via->branch.len, via->branch.p);
	return v;
}

static inline const char *h_ruri(size_t i)
{
	static char v[512];
	struct sip_msg *m = h_msg(i);
	snprintf(v, sizeof(v), "%.*s", (int)m->ruri_raw.len, m->ruri_raw.p);
	return v;
}

static inline unsigned long h_cseq(size_t i)
{
	const struct sip_cseq *cs = sip_msg_cseq(h_msg(i));
	return cs ? cs->seq : 0;
}

/* Index of the first event of `type`, or -1. */
static inline long h_event(enum sip_event_type type)
{
	size_t i;
	for (i = 0; i < H.nev; i++)
		if (H.ev[i].type == type)
			return (long)i;
	return -1;
}

static inline void h_dump(void)
{
	size_t i;
	for (i = 0; i < H.nout; i++)
		fprintf(stderr, "--- out %zu at %llu\n%s\n", i, (unsigned long long)H.out[i].at,
		        H.out[i].buf);
	for (i = 0; i < H.nev; i++)
		fprintf(stderr, "--- event %d call %u status %u %s %s\n", (int)H.ev[i].type,
		        (unsigned)H.ev[i].call, H.ev[i].status, H.ev[i].method, H.ev[i].text);
}

#endif

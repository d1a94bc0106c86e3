/* Fuzz target: the whole endpoint (stack.h) with its UA core, driven by a
 * sequence of events decoded from the input (DESIGN.md "Fuzzing": the
 * stateful layers get a sequence of messages and clock advances).
 *
 * Input: one config byte, then events until the input ends. Each event is
 * an opcode byte; the low 3 bits pick the event, the others its variant:
 *   0,1  UDP datagram from peer (op>>3)&1: 2-byte length, then the bytes
 *   2    bytes on TCP connection (op>>3)&1 (accepted on first use)
 *   3    clock: +N*50 ms (N = next byte), or to the next expiry when N = 0
 *   4    a UA control call (ua.h): variant picks call/options/register/
 *        hangup/cancel/reinvite towards peer 0
 *   5    close TCP connection (op>>3)&1 (error when bit 4 is set)
 *   6    answer the last request the endpoint sent: status from a table,
 *        with a To tag, Contact and, for 401/407, a Digest challenge
 *   7    a request in the last dialog the endpoint answered with a 2xx:
 *        ACK, BYE, re-INVITE or CANCEL (variant), built from that response
 * After every event the tx, event and log queues are drained. Oracles:
 * no crash, no leak (the stack is freed at the end, after its timers have
 * run out), and every tx is well formed (SEND has bytes, UDP SENDs carry no
 * connection id). The trace is consumed but not judged: an event with no
 * row in the current state (a stray retransmission) is legitimate there. */
#include "fuzz.h"
#include "sipref/build.h"
#include "sipref/msg.h"
#include "sipref/stack.h"
#include "sipref/ua.h"

#define NPEERS 2

struct fz_world {
	struct sip_stack *st;
	struct sip_addr local_udp, local_tcp, peer[NPEERS];
	uint32_t conn[NPEERS];
	uint64_t now;
	uint32_t last_call;
	char last_req[8192], last_resp[8192];
	size_t last_req_len, last_resp_len;
	unsigned branch;
};

static void on_trace(void *ud, const struct sip_txn_trace *rec)
{
	(void)ud;
	(void)rec;
}

static void drain(struct fz_world *w)
{
	struct sip_tx tx;
	struct sip_event ev;
	const char *line;
	int level;

	while (sip_stack_poll_tx(w->st, &tx)) {
		if (tx.kind != SIP_TX_SEND)
			continue;
		FZ_ASSERT(tx.buf != NULL || tx.len == 0);
		FZ_ASSERT(tx.tp != SIP_TP_UDP || tx.conn == 0);
		if (tx.len >= 8 && tx.len < sizeof(w->last_req)) {
			if (memcmp(tx.buf, "SIP/2.0 ", 8) == 0) {
				memcpy(w->last_resp, tx.buf, tx.len);
				w->last_resp_len = tx.len;
			} else {
				memcpy(w->last_req, tx.buf, tx.len);
				w->last_req_len = tx.len;
			}
		}
	}
	while (sip_stack_poll_event(w->st, &ev))
		if (ev.call)
			w->last_call = ev.call;
	while (sip_stack_poll_log(w->st, &level, &line))
		;
}

static size_t take(const uint8_t **p, const uint8_t *end, size_t n)
{
	size_t have = (size_t)(end - *p);
	return n < have ? n : have;
}

static void recv_bytes(struct fz_world *w, enum sip_transport tp, int peer, const uint8_t *b,
                       size_t n)
{
	/* An exact-size heap copy: ASan sees any over-read. */
	char *copy = fz_dup(b, n);
	if (tp == SIP_TP_UDP) {
		sip_stack_recv(w->st, tp, 0, &w->local_udp, &w->peer[peer], copy, n, w->now);
	} else {
		if (!w->conn[peer])
			w->conn[peer] = sip_stack_conn_accepted(w->st, tp, &w->local_tcp,
			                                        &w->peer[peer], w->now);
		if (w->conn[peer])
			sip_stack_recv(w->st, tp, w->conn[peer], &w->local_tcp, &w->peer[peer],
			               copy, n, w->now);
	}
	free(copy);
}

/* Builds a response to the last request the endpoint sent and feeds it back
 * to the endpoint from peer 0 over UDP. */
static void answer_last(struct fz_world *w, unsigned variant)
{
	static const unsigned codes[] = {100, 180, 183, 200, 202, 302, 401, 407,
	                                 404, 481, 486, 487, 491, 500, 503, 603};
	static const char challenge[] =
	        "WWW-Authenticate: Digest realm=\"fuzz\", nonce=\"abc\", qop=\"auth\"\r\n"
	        "Proxy-Authenticate: Digest realm=\"fuzz\", nonce=\"def\"\r\n";
	struct sip_msg *req = sip_msg_new(NULL);
	struct sip_resp_opts o;
	struct sip_perr err;
	char out[16384], hdrs[512];
	struct sip_buf b;
	unsigned status = codes[variant % 16];
	if (!req)
		abort();
	if (w->last_req_len && sip_msg_parse(req, w->last_req, w->last_req_len, 0, &err) == 0 &&
	    req->is_request && req->mid != SIP_METHOD_ACK) {
		memset(&o, 0, sizeof(o));
		o.to_tag = SIP_STR("fz7tag");
		o.copy_record_route = 1;
		snprintf(hdrs, sizeof(hdrs), "Contact: <sip:peer@192.0.2.20:5070>\r\n%s",
		         (status == 401 || status == 407) ? challenge : "");
		o.headers = hdrs;
		if (status == 200 && req->mid == SIP_METHOD_INVITE) {
			o.content_type = SIP_STR("application/sdp");
			o.body = SIP_STR("v=0\r\no=- 1 1 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 "
			                 "192.0.2.20\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n");
		}
		sip_buf_init(&b, out, sizeof(out));
		sip_build_response(&b, req, status, &o);
		if (sip_buf_ok(&b))
			recv_bytes(w, SIP_TP_UDP, 0, (const uint8_t *)out, b.len);
	}
	sip_msg_free(req);
}

/* A request in the dialog of the last 2xx the endpoint sent (it is the
 * UAS there): From and To swap roles, the Request-URI is its Contact. */
static void in_dialog(struct fz_world *w, unsigned variant)
{
	static const char *const methods[] = {"ACK", "BYE", "INVITE", "CANCEL"};
	struct sip_msg *r = sip_msg_new(NULL);
	struct sip_perr err;
	const struct sip_cseq *cs;
	struct sip_hdr *from, *to, *cid, *ct;
	char out[4096];
	int n;
	if (!r)
		abort();
	if (w->last_resp_len && sip_msg_parse(r, w->last_resp, w->last_resp_len, 0, &err) == 0 &&
	    (cs = sip_msg_cseq(r)) && (from = sip_msg_hdr(r, SIP_HDR_FROM)) &&
	    (to = sip_msg_hdr(r, SIP_HDR_TO)) && (cid = sip_msg_hdr(r, SIP_HDR_CALL_ID))) {
		const char *m = methods[variant % 4];
		unsigned seq =
		        cs->seq + (variant % 4 == 0 || variant % 4 == 3 ? 0 : 1 + variant / 4);
		ct = sip_msg_hdr(r, SIP_HDR_CONTACT);
		n = snprintf(
		        out, sizeof(out),
		        "%s %s SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.20:5070;branch=z9hG4bKfz%u\r\n"
		        "Max-Forwards: 70\r\nFrom: %.*s\r\nTo: %.*s\r\nCall-ID: %.*s\r\n"
		        "CSeq: %u %s\r\nContent-Length: 0\r\n\r\n",
		        m, ct ? "sip:sipref@127.0.0.1:5060" : "sip:x@127.0.0.1", w->branch++,
		        (int)from->value.len, from->value.p, (int)to->value.len, to->value.p,
		        (int)cid->value.len, cid->value.p, seq, m);
		if (n > 0 && (size_t)n < sizeof(out))
			recv_bytes(w, SIP_TP_UDP, 0, (const uint8_t *)out, (size_t)n);
	}
	sip_msg_free(r);
}

static void ua_action(struct fz_world *w, unsigned variant)
{
	static const char target[] = "sip:peer@192.0.2.20:5070";
	static const char target_tcp[] = "sip:peer@192.0.2.20:5070;transport=tcp";
	const char *t = (variant & 8) ? target_tcp : target;
	size_t tl = strlen(t);
	switch (variant % 8) {
	case 0: {
		uint32_t c = sip_ua_call(w->st, t, tl, w->now);
		if (c)
			w->last_call = c;
		break;
	}
	case 1:
		sip_ua_options(w->st, t, tl, w->now);
		break;
	case 2:
		sip_ua_register(w->st, t, tl, (long)(variant >> 4) * 60 - 1, w->now);
		break;
	case 3:
		sip_ua_hangup(w->st, w->last_call, w->now);
		break;
	case 4:
		sip_ua_cancel(w->st, w->last_call, w->now);
		break;
	case 5:
		sip_ua_reinvite(w->st, w->last_call, w->now);
		break;
	default:
		(void)sip_ua_call_count(w->st);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct sip_ua_config ua;
	struct sip_stack_config cfg;
	struct fz_world w;
	unsigned steps = 0;

	if (size < 1)
		return 0;
	memset(&w, 0, sizeof(w));
	memset(&ua, 0, sizeof(ua));
	memset(&cfg, 0, sizeof(cfg));
	ua.answer = (enum sip_ua_answer)(*p % 3);
	ua.reject_status = 486;
	ua.answer_delay_ms = (uint32_t)((*p >> 2) & 3) * 500;
	ua.auth_user = "fuzz";
	ua.auth_password = "secret";
	cfg.seed = 1;
	cfg.lenient = (*p & 0x80) ? SIP_LENIENT_ALL : 0;
	cfg.ua = &ua;
	p++;
	w.st = sip_stack_new(&cfg);
	if (!w.st)
		abort();
	sip_stack_set_trace(w.st, on_trace, &w);
	sip_addr_parse(&w.local_udp, "127.0.0.1:5060", 14);
	sip_addr_parse(&w.local_tcp, "127.0.0.1:5060", 14);
	sip_addr_parse(&w.peer[0], "192.0.2.20:5070", 15);
	sip_addr_parse(&w.peer[1], "[2001:db8::20]:5072", 19);
	sip_stack_listen(w.st, SIP_TP_UDP, &w.local_udp);
	sip_stack_listen(w.st, SIP_TP_TCP, &w.local_tcp);

	/* Bounded: a few hundred events are plenty and keep runs fast. */
	while (p < end && steps++ < 256) {
		unsigned op = *p++, kind = op & 7, var = op >> 3;
		size_t n;
		switch (kind) {
		case 0:
		case 1:
		case 2:
			n = take(&p, end, 2);
			if (n < 2) {
				p = end;
				break;
			}
			n = (size_t)(p[0] | p[1] << 8) % 8192;
			p += 2;
			n = take(&p, end, n);
			recv_bytes(&w, kind == 2 ? SIP_TP_TCP : SIP_TP_UDP, (int)(var & 1), p, n);
			p += n;
			break;
		case 3:
			if (p < end && *p) {
				w.now += (uint64_t)*p * 50;
			} else {
				uint64_t next = sip_stack_next_expiry(w.st);
				if (next != UINT64_MAX && next > w.now)
					w.now = next;
			}
			if (p < end)
				p++;
			sip_stack_handle_expiry(w.st, w.now);
			break;
		case 4:
			ua_action(&w, var);
			break;
		case 5:
			if (w.conn[var & 1]) {
				sip_stack_conn_closed(w.st, w.conn[var & 1], (var >> 1) & 1, w.now);
				w.conn[var & 1] = 0;
			}
			break;
		case 6:
			answer_last(&w, var);
			break;
		default:
			in_dialog(&w, var);
			break;
		}
		drain(&w);
	}
	/* Let every timer run out, so transactions and calls end on their own. */
	{
		int i;
		for (i = 0; i < 64 && sip_stack_next_expiry(w.st) != UINT64_MAX; i++) {
			uint64_t next = sip_stack_next_expiry(w.st);
			if (next > w.now)
				w.now = next;
			sip_stack_handle_expiry(w.st, w.now);
			drain(&w);
		}
	}
	sip_stack_free(w.st);
	return 0;
}

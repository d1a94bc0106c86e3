/* Fuzz target: the stream transport of the endpoint (stack.h over TCP:
 * per-connection buffering, the framer, keep-alives, close on framing
 * errors, RFC 3261 18.3 / RFC 4475 3.1.2.2-3 / 3.3.9), as opposed to the
 * framer alone (fuzz_stream).
 *
 * Input: byte 0 picks a chunking seed; the rest is the byte stream of one
 * TCP connection, fed to sip_stack_recv in chunks whose sizes come from a
 * small PRNG seeded by byte 0 (1..64 bytes, or the whole rest); a second
 * endpoint gets the same stream in one piece. Oracles: no crash, no leak,
 * and both endpoints send and close the same: framing must not depend on
 * how the bytes were split. */
#include "fuzz.h"
#include "sipref/stack.h"

struct fz_side {
	struct sip_stack *st;
	uint32_t conn;
	unsigned sends, closes;
};

static void drain(struct fz_side *x)
{
	struct sip_tx tx;
	struct sip_event ev;
	const char *line;
	int level;
	while (sip_stack_poll_tx(x->st, &tx)) {
		if (tx.kind == SIP_TX_SEND)
			x->sends++;
		else if (tx.kind == SIP_TX_CLOSE && tx.conn == x->conn)
			x->closes++;
	}
	while (sip_stack_poll_event(x->st, &ev))
		;
	while (sip_stack_poll_log(x->st, &level, &line))
		;
}

static const struct sip_addr *addr(const char *s)
{
	static struct sip_addr a[2];
	static int i;
	i ^= 1;
	if (sip_addr_parse(&a[i], s, strlen(s)) != 0)
		abort();
	return &a[i];
}

static void open_side(struct fz_side *x)
{
	struct sip_stack_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	memset(x, 0, sizeof(*x));
	cfg.seed = 7;
	cfg.max_msg = 8192;
	x->st = sip_stack_new(&cfg);
	if (!x->st)
		abort();
	sip_stack_listen(x->st, SIP_TP_TCP, addr("127.0.0.1:5060"));
	x->conn = sip_stack_conn_accepted(x->st, SIP_TP_TCP, addr("127.0.0.1:5060"),
	                                  addr("192.0.2.1:40001"), 0);
	FZ_ASSERT(x->conn != 0);
}

static void feed(struct fz_side *x, const uint8_t *b, size_t n)
{
	struct sip_addr local = *addr("127.0.0.1:5060"), remote = *addr("192.0.2.1:40001");
	/* Each chunk in an exact-size block: over-reads are caught. */
	char *copy = fz_dup(b, n);
	sip_stack_recv(x->st, SIP_TP_TCP, x->conn, &local, &remote, copy, n, 0);
	free(copy);
	drain(x);
}

static void close_side(struct fz_side *x)
{
	sip_stack_conn_closed(x->st, x->conn, 0, 1);
	sip_stack_handle_expiry(x->st, 1000000);
	drain(x);
	sip_stack_free(x->st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_side chunked, whole;
	uint32_t rng;
	size_t off = 0, n;

	if (size < 1)
		return 0;
	rng = 0x9e3779b9u ^ data[0];
	data++;
	size--;
	open_side(&chunked);
	open_side(&whole);
	while (off < size) {
		rng = rng * 1103515245u + 12345u;
		n = (rng >> 16) % 65;
		if (n == 0 || n > size - off)
			n = size - off;
		feed(&chunked, data + off, n);
		off += n;
	}
	feed(&whole, data, size);
	/* Framing must not depend on how the bytes were split. */
	FZ_ASSERT(chunked.sends == whole.sends);
	FZ_ASSERT(chunked.closes == whole.closes);
	close_side(&chunked);
	close_side(&whole);
	return 0;
}

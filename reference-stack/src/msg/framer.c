/* Stream framing (RFC 3261 18.3, 7.5; RFC 5626 3.5.1).
 *
 * A frame is a message head (start line to the empty line) plus exactly
 * Content-Length body octets. The head is scanned once: `scanned` remembers
 * where the search for its end stopped, so a growing buffer costs O(bytes).
 *
 * Keep-alives at a frame boundary: CRLFCRLF is a ping (answer CRLF), a
 * lone CRLF followed by anything else is skipped (a pong, or the filler RFC
 * 3261 7.5 says to ignore before a start line). A buffer holding only
 * "\r\n" or "\r\n\r" is NEED: the next octets decide between the two, and
 * deciding early would make the frames depend on how the stream was split.
 *
 * As in the parser, lines end in CRLF (RFC 3261 7): a bare LF is an error. */
#include <stdint.h>
#include <string.h>

#include "scan.h"
#include "sipref/framer.h"
#include "sipref/hdr.h"

void sip_framer_init(struct sip_framer *f, size_t max_msg)
{
	memset(f, 0, sizeof(*f));
	f->max_msg = max_msg ? max_msg : 65535;
}

static void restart(struct sip_framer *f)
{
	size_t max = f->max_msg;
	sip_framer_init(f, max);
}

static enum sip_frame fail(struct sip_perr *err, size_t off, const char *reason)
{
	if (err) {
		err->off = off;
		err->reason = reason;
		err->status = 0; /* the connection is closed, nothing is answered */
	}
	return SIP_FRAME_ERROR;
}

/* One Content-Length value [p,end) (may hold folding): 1*DIGIT with LWS
 * around it. -1 when malformed or negative (RFC 4475 3.1.2.3 ncl). */
static int64_t cl_value(const char *p, const char *end)
{
	uint64_t v = 0;
	const char *d;
	p = sip__lws(p, end);
	d = p;
	while (p < end && *p >= '0' && *p <= '9') {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > UINT32_MAX)
			return -1;
		p++;
	}
	if (p == d || sip__lws(p, end) != end)
		return -1;
	return (int64_t)v;
}

/* Finds Content-Length in the head [buf, buf+head) (which ends with
 * CRLFCRLF). Returns the value, or -1 with err set. */
static int64_t head_cl(const char *buf, size_t head, struct sip_perr *err)
{
	const char *p = memchr(buf, '\n', head), *end = buf + head - 2;
	int64_t cl = -2, v;
	/* p: the LF of the start line; header lines follow until `end`. */
	for (p = p + 1; p < end;) {
		const char *line = p, *n, *c, *e = p;
		/* The logical line: through CRLFs followed by SP/HTAB. */
		for (;;) {
			e = memchr(e, '\n', (size_t)(end - e));
			if (!e)
				e = end;
			if (e + 1 < end && (e[1] == ' ' || e[1] == '\t')) {
				e++;
				continue;
			}
			break;
		}
		p = e < end ? e + 1 : end;
		n = sip__run(line, e, SIP__C_TOKEN);
		c = n;
		while (c < e && (*c == ' ' || *c == '\t'))
			c++;
		if (c == e || *c != ':' ||
		    sip_hdr_lookup(line, (size_t)(n - line)) != SIP_HDR_CONTENT_LENGTH)
			continue;
		v = cl_value(c + 1, e[-1] == '\r' ? e - 1 : e);
		if (v < 0) {
			fail(err, (size_t)(c + 1 - buf), "bad or negative Content-Length");
			return -1;
		}
		if (cl >= 0 && v != cl) {
			fail(err, (size_t)(line - buf), "conflicting Content-Length values");
			return -1;
		}
		cl = v;
	}
	if (cl < 0) {
		/* RFC 3261 18.3: mandatory on a stream. */
		fail(err, 0, "Content-Length missing on a stream");
		return -1;
	}
	return cl;
}

/* Searches for the end of the head from f->scanned. 1 when found. */
static int find_head(struct sip_framer *f, const char *buf, size_t len, struct sip_perr *err)
{
	const char *p = buf + f->scanned, *end = buf + len, *lf;
	while ((lf = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		size_t i = (size_t)(lf - buf);
		if (i == 0 || lf[-1] != '\r') {
			fail(err, i, "bare LF line end (CRLF required)");
			return -1;
		}
		if (i >= 3 && lf[-2] == '\n' && lf[-3] == '\r') {
			f->head_len = i + 1;
			f->scanned = i + 1;
			return 1;
		}
		p = lf + 1;
	}
	f->scanned = len;
	return 0;
}

enum sip_frame sip_framer_feed(struct sip_framer *f, const char *buf, size_t len, size_t *n,
                               struct sip_perr *err)
{
	int64_t cl;
	int rc;
	*n = 0;
	if (f->head_len == 0 && f->scanned == 0) {
		/* At a frame boundary: keep-alives (RFC 5626 3.5.1, RFC 3261 7.5). */
		if (len >= 1 && buf[0] == '\r') {
			if (len < 2)
				return SIP_FRAME_NEED;
			if (buf[1] != '\n')
				return fail(err, 1, "bare CR at the start of a message");
			if (len < 3)
				return SIP_FRAME_NEED;
			if (buf[2] != '\r') {
				*n = 2;
				return SIP_FRAME_SKIP;
			}
			if (len < 4)
				return SIP_FRAME_NEED;
			if (buf[3] != '\n')
				return fail(err, 3, "bare CR at the start of a message");
			*n = 4;
			return SIP_FRAME_PING;
		}
		if (len >= 1 && buf[0] == '\n')
			return fail(err, 0, "bare LF line end (CRLF required)");
	}
	if (f->head_len == 0) {
		rc = find_head(f, buf, len, err);
		if (rc < 0)
			return SIP_FRAME_ERROR;
		if (rc == 0) {
			if (len > f->max_msg)
				return fail(err, f->max_msg, "message head too large");
			return SIP_FRAME_NEED;
		}
		cl = head_cl(buf, f->head_len, err);
		if (cl < 0)
			return SIP_FRAME_ERROR;
		if ((uint64_t)cl + f->head_len > f->max_msg)
			return fail(err, 0, "message too large");
		f->body_len = (size_t)cl;
	}
	/* RFC 4475 3.1.2.2 clerr: a short body waits for more octets. */
	if (len - f->head_len < f->body_len)
		return SIP_FRAME_NEED;
	*n = f->head_len + f->body_len;
	restart(f);
	return SIP_FRAME_MSG;
}

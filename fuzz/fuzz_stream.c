/* Fuzz target: stream framing (RFC 3261 18.3, 7.5; RFC 5626 3.5.1) with
 * sip_framer, and every framed message parsed with SIP_PARSE_STREAM.
 *
 * Input: 4 control bytes, then the stream. The control bytes seed the
 * choice of max_msg and of the chunk sizes. The stream is framed twice:
 * once as one buffer, once arriving in chunks (llhttp style, STYLE.md rule
 * 8); both must give the same frames. In the chunked pass the bytes not yet
 * "received" are poisoned under ASan, so a framer that looks past what it
 * was given is caught even though the bytes exist. */
#include "fuzz_msg.h"
#include "sipref/framer.h"

#if defined(__SANITIZE_ADDRESS__)
#define FZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FZ_ASAN 1
#endif
#endif
#ifdef FZ_ASAN
#include <sanitizer/asan_interface.h>
#define FZ_POISON(p, n)   ASAN_POISON_MEMORY_REGION(p, n)
#define FZ_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define FZ_POISON(p, n)   ((void)(p), (void)(n))
#define FZ_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define CTL        4
#define MAX_FRAMES 4096

struct frame {
	int kind;
	size_t n;
};

static struct sip_msg *m;
static struct frame oneshot[MAX_FRAMES];

static uint32_t rnd(uint32_t *s)
{
	/* xorshift32: cheap, deterministic, never 0 from a nonzero state */
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void parse_frame(const char *p, size_t n)
{
	char *copy = fz_dup((const uint8_t *)p, n);
	int parsed;

	(void)fz_parse(m, copy, n, SIP_PARSE_STREAM | fz_mode(n), &parsed);
	if (parsed)
		fz_walk(m);
	free(copy);
}

/* Frames buf[0..len) given whole; records at most MAX_FRAMES frames. */
static size_t frame_oneshot(const char *buf, size_t len, size_t max_msg)
{
	struct sip_framer f;
	struct sip_perr err = {0};
	size_t off = 0, k = 0, n;
	enum sip_frame r;

	sip_framer_init(&f, max_msg);
	while (off < len && k < MAX_FRAMES) {
		n = 0;
		r = sip_framer_feed(&f, buf + off, len - off, &n, &err);
		oneshot[k].kind = r;
		oneshot[k].n = r > 0 ? n : 0;
		k++;
		if (r == SIP_FRAME_NEED)
			break;
		if (r == SIP_FRAME_ERROR) {
			FZ_ASSERT(err.reason != NULL);
			break;
		}
		FZ_ASSERT(r == SIP_FRAME_MSG || r == SIP_FRAME_PING || r == SIP_FRAME_SKIP);
		FZ_ASSERT(n > 0 && n <= len - off);
		if (r == SIP_FRAME_MSG)
			parse_frame(buf + off, n);
		off += n;
	}
	return k;
}

/* Frames buf[0..len) arriving in chunks of 1..maxchunk bytes; the frames
 * must be oneshot[0..k). */
static void frame_chunked(char *buf, size_t len, size_t max_msg, uint32_t *s, size_t maxchunk,
                          size_t k)
{
	struct sip_framer f;
	struct sip_perr err = {0};
	size_t off = 0, avail = 0, i = 0, n;
	enum sip_frame r;

	sip_framer_init(&f, max_msg);
	FZ_POISON(buf, len);
	while (off < len && i < k) {
		if (avail == off || avail < len) {
			size_t add = 1 + rnd(s) % maxchunk;

			add = add < len - avail ? add : len - avail;
			FZ_UNPOISON(buf + avail, add);
			avail += add;
		}
		n = 0;
		r = sip_framer_feed(&f, buf + off, avail - off, &n, &err);
		if (r == SIP_FRAME_NEED && avail < len)
			continue;
		if (r != oneshot[i].kind || (r > 0 && n != oneshot[i].n)) {
			fprintf(stderr,
			        "stream: frame %zu at offset %zu: chunked gives %d (%zu bytes), "
			        "one-shot gives %d (%zu bytes); %zu of %zu bytes received\n",
			        i, off, (int)r, r > 0 ? n : 0, oneshot[i].kind, oneshot[i].n, avail,
			        len);
			abort();
		}
		i++;
		if (r <= 0)
			break;
		off += n;
	}
	FZ_UNPOISON(buf, len);
	FZ_ASSERT(i == k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[] = {1, 2, 3, 7, 16, 64, 200, 1500};
	uint32_t s = 0x9e3779b9u;
	size_t len, max_msg, k, maxchunk;
	char *buf;

	if (!m)
		m = fz_msg_new();
	if (size < CTL)
		return 0;
	memcpy(&s, data, CTL);
	s = s ? s : 1;
	/* RFC 3261 18.3: a framer must cope with a limit smaller than the message. */
	max_msg = (s & 0xf) == 0 ? 64 + (s >> 20) % 1024 : 0;
	maxchunk = chunks[(s >> 4) % (sizeof(chunks) / sizeof(chunks[0]))];
	len = size - CTL;
	/* Keep 1-byte chunks affordable on long inputs. */
	if (maxchunk < len / 512)
		maxchunk = len / 512;
	buf = fz_dup(data + CTL, len);
	k = frame_oneshot(buf, len, max_msg);
	frame_chunked(buf, len, max_msg, &s, maxchunk, k);
	free(buf);
	return 0;
}

/* Stream framing: the same frames however the stream is split (RFC 3261
 * 18.3, 7.5; RFC 5626 3.5.1; RFC 4475 3.1.2.2 clerr, 3.1.2.3 ncl, 3.3.9 mcl01). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipref/framer.h"
#include "sipref/msg.h"
#include "testutil.h"

#define MAXF 16

/* What a stream turned into: its frames, then how it ended. */
struct result {
	int kind[MAXF];
	size_t len[MAXF];
	int nframes;
	int end;        /* SIP_FRAME_NEED or SIP_FRAME_ERROR */
	size_t pending; /* unconsumed bytes at the end */
};

/* Feeds data[0..len) as it arrives in chunks: avail grows by `step` bytes
 * (0: first `split` bytes, then everything). The receive buffer is a copy
 * so reads past what has "arrived" would be caught by ASan. */
static void run(const char *data, size_t len, size_t split, size_t step, size_t max,
                struct result *r)
{
	struct sip_framer f;
	size_t off = 0, avail = 0;
	char *buf = malloc(len ? len : 1);
	memset(r, 0, sizeof(*r));
	sip_framer_init(&f, max);
	for (;;) {
		size_t want = step ? avail + step : (avail < split ? split : len);
		size_t n;
		enum sip_frame k;
		if (want > len)
			want = len;
		memcpy(buf + avail, data + avail, want - avail);
		avail = want;
		for (;;) {
			k = sip_framer_feed(&f, buf + off, avail - off, &n, 0);
			if (k == SIP_FRAME_NEED || k == SIP_FRAME_ERROR)
				break;
			CU_ASSERT(n > 0 && n <= avail - off);
			if (r->nframes < MAXF) {
				r->kind[r->nframes] = k;
				r->len[r->nframes] = n;
			}
			r->nframes++;
			off += n;
		}
		if (k == SIP_FRAME_ERROR || avail == len) {
			r->end = k;
			r->pending = len - off;
			break;
		}
	}
	free(buf);
}

static int same_result(const struct result *a, const struct result *b)
{
	int i;
	if (a->nframes != b->nframes || a->end != b->end || a->pending != b->pending)
		return 0;
	for (i = 0; i < a->nframes && i < MAXF; i++)
		if (a->kind[i] != b->kind[i] || a->len[i] != b->len[i])
			return 0;
	return 1;
}

/* Whole, split at every offset, and byte by byte give the same frames. */
static void check_splits(const char *data, size_t len, size_t max, struct result *whole)
{
	struct result r;
	size_t k;
	run(data, len, len, 0, max, whole);
	for (k = 0; k <= len; k++) {
		run(data, len, k, 0, max, &r);
		CU_ASSERT(same_result(whole, &r));
	}
	run(data, len, 0, 1, max, &r);
	CU_ASSERT(same_result(whole, &r));
}

#define M1 "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nl: 0\r\n\r\n"
#define M2 "MESSAGE sip:a@b SIP/2.0\r\nContent-Length:\r\n 5\r\n\r\nhello"
#define M3 "SIP/2.0 200 OK\r\nContent-Length: 3\r\nl: 3\r\n\r\n\r\n\r"

static void test_crafted(void)
{
	static const struct {
		const char *stream;
		size_t max;
		int nframes;
		int kind[6];
		size_t len[6];
		int end;
		size_t pending;
	} t[] = {
	        {M1, 0, 1, {SIP_FRAME_MSG}, {sizeof(M1) - 1}, SIP_FRAME_NEED, 0},
	        {"\r\n\r\n" M1 "\r\n" M2 M3 "\r\n\r\n",
	         0,
	         6,
	         {SIP_FRAME_PING, SIP_FRAME_MSG, SIP_FRAME_SKIP, SIP_FRAME_MSG, SIP_FRAME_MSG,
	          SIP_FRAME_PING},
	         {4, sizeof(M1) - 1, 2, sizeof(M2) - 1, sizeof(M3) - 1, 4},
	         SIP_FRAME_NEED,
	         0},
	        /* A lone CRLF is undecided until the next octets arrive. */
	        {M1 "\r\n", 0, 1, {SIP_FRAME_MSG}, {sizeof(M1) - 1}, SIP_FRAME_NEED, 2},
	        {M1 "\r\n\r", 0, 1, {SIP_FRAME_MSG}, {sizeof(M1) - 1}, SIP_FRAME_NEED, 3},
	        {M1 M2,
	         0,
	         2,
	         {SIP_FRAME_MSG, SIP_FRAME_MSG},
	         {sizeof(M1) - 1, sizeof(M2) - 1},
	         SIP_FRAME_NEED,
	         0},
	        /* Content-Length required; malformed, negative, conflicting: close. */
	        {"OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n", 0, 0, {0}, {0}, SIP_FRAME_ERROR, 33},
	        {M1 "OPTIONS sip:a SIP/2.0\r\nl: -1\r\n\r\n",
	         0,
	         1,
	         {SIP_FRAME_MSG},
	         {sizeof(M1) - 1},
	         SIP_FRAME_ERROR,
	         32},
	        {"OPTIONS sip:a SIP/2.0\r\nl: 1x\r\n\r\nx", 0, 0, {0}, {0}, SIP_FRAME_ERROR, 33},
	        {"OPTIONS sip:a SIP/2.0\r\nl: 1\r\nl: 2\r\n\r\nxx",
	         0,
	         0,
	         {0},
	         {0},
	         SIP_FRAME_ERROR,
	         39},
	        /* A short body waits (clerr). */
	        {"OPTIONS sip:a SIP/2.0\r\nl: 9\r\n\r\nabc", 0, 0, {0}, {0}, SIP_FRAME_NEED, 34},
	        /* Too large: by Content-Length, or an endless head. */
	        {"OPTIONS sip:a SIP/2.0\r\nl: 100\r\n\r\n", 64, 0, {0}, {0}, SIP_FRAME_ERROR, 33},
	        {"OPTIONS sip:a SIP/2.0\r\nX: 0123456789012345678901234567890123456789",
	         40,
	         0,
	         {0},
	         {0},
	         SIP_FRAME_ERROR,
	         66},
	        {M1, sizeof(M1) - 1, 1, {SIP_FRAME_MSG}, {sizeof(M1) - 1}, SIP_FRAME_NEED, 0},
	        /* RFC 3261 7: CRLF line ends. */
	        {"OPTIONS sip:a SIP/2.0\nl: 0\r\n\r\n", 0, 0, {0}, {0}, SIP_FRAME_ERROR, 30},
	        {"\n", 0, 0, {0}, {0}, SIP_FRAME_ERROR, 1},
	        {"\r\r", 0, 0, {0}, {0}, SIP_FRAME_ERROR, 2},
	};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct result r;
		int k;
		check_splits(t[i].stream, strlen(t[i].stream), t[i].max, &r);
		CU_ASSERT_EQUAL(r.nframes, t[i].nframes);
		CU_ASSERT_EQUAL(r.end, t[i].end);
		CU_ASSERT_EQUAL(r.pending, t[i].pending);
		if (r.nframes != t[i].nframes || r.end != t[i].end || r.pending != t[i].pending)
			fprintf(stderr, "crafted %zu: %d frames, end %d, pending %zu\n", i,
			        r.nframes, r.end, r.pending);
		for (k = 0; k < r.nframes && k < t[i].nframes; k++) {
			CU_ASSERT_EQUAL(r.kind[k], t[i].kind[k]);
			CU_ASSERT_EQUAL(r.len[k], t[i].len[k]);
		}
	}
}

/* The framer and the parser agree: a frame parses as a stream message
 * exactly when its bytes parse as a datagram (its Content-Length is exact). */
static void check_frames_parse(const char *data, const struct result *r, int *ok)
{
	struct sip_msg *m = sip_msg_new(0);
	size_t off = 0;
	int i;
	for (i = 0; i < r->nframes && i < MAXF; i++) {
		if (r->kind[i] == SIP_FRAME_MSG) {
			const char *g = tu_guard(data + off, r->len[i]);
			int rs = sip_msg_parse(m, g, r->len[i], SIP_PARSE_STREAM, 0);
			int rd = sip_msg_parse(m, g, r->len[i], 0, 0);
			if (rs != rd || (rd == 0 && m->len != r->len[i]))
				*ok = 0;
		}
		off += r->len[i];
	}
	sip_msg_free(m);
}

static void test_torture(void)
{
	static const struct {
		const char *file;
		int nframes; /* MSG frames */
		int end;
	} want[] = {
	        {"rfc4475/clerr.dat", 0, SIP_FRAME_NEED},    /* waits for the rest, forever */
	        {"rfc4475/ncl.dat", 0, SIP_FRAME_ERROR},     /* negative: close */
	        {"rfc4475/mcl01.dat", 0, SIP_FRAME_ERROR},   /* conflicting: close */
	        {"rfc4475/inv2543.dat", 0, SIP_FRAME_ERROR}, /* no Content-Length on a stream */
	        {"rfc4475/esc01.dat", 1, SIP_FRAME_NEED},
	        {"rfc4475/mpart01.dat", 1, SIP_FRAME_NEED},
	};
	static const char *dirs[] = {"rfc4475", "rfc5118"};
	size_t d, i, nfiles = 0, checked = 0;
	for (d = 0; d < 2; d++) {
		char path[512];
		DIR *dir;
		struct dirent *de;
		snprintf(path, sizeof(path), "corpus/torture/%s", dirs[d]);
		dir = opendir(tu_src_path(path));
		CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
		while ((de = readdir(dir)) != NULL) {
			char rel[512];
			struct result r;
			size_t len;
			char *data;
			int ok = 1;
			if (de->d_name[0] == '.' || strcmp(de->d_name, "EXPECTED.md") == 0)
				continue;
			snprintf(rel, sizeof(rel), "corpus/torture/%s/%s", dirs[d], de->d_name);
			data = tu_read_file(tu_src_path(rel), &len);
			CU_ASSERT_PTR_NOT_NULL_FATAL(data);
			nfiles++;
			check_splits(data, len, 0, &r);
			check_frames_parse(data, &r, &ok);
			CU_ASSERT(ok);
			for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
				char full[512];
				snprintf(full, sizeof(full), "corpus/torture/%s", want[i].file);
				if (strcmp(full, rel) != 0)
					continue;
				checked++;
				CU_ASSERT_EQUAL(r.nframes, want[i].nframes);
				CU_ASSERT_EQUAL(r.end, want[i].end);
				if (r.nframes != want[i].nframes || r.end != want[i].end)
					fprintf(stderr, "%s: %d frames, end %d\n", rel, r.nframes,
					        r.end);
			}
			free(data);
		}
		closedir(dir);
	}
	CU_ASSERT_EQUAL(nfiles, 62);
	CU_ASSERT_EQUAL(checked, sizeof(want) / sizeof(want[0]));
}

/* dblreq over a stream: the first message is framed by its Content-Length
 * and the second one follows. */
static void test_dblreq(void)
{
	size_t len;
	char *data = tu_read_file(tu_src_path("corpus/torture/rfc4475/dblreq.dat"), &len);
	struct result r;
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	check_splits(data, len, 0, &r);
	/* REGISTER, the CRLF after it (RFC 3261 7.5), then the INVITE. */
	CU_ASSERT_EQUAL_FATAL(r.nframes, 3);
	CU_ASSERT_EQUAL(r.kind[0], SIP_FRAME_MSG);
	CU_ASSERT_EQUAL(r.kind[1], SIP_FRAME_SKIP);
	CU_ASSERT_EQUAL(r.kind[2], SIP_FRAME_MSG);
	CU_ASSERT(memcmp(data + r.len[0] + r.len[1], "INVITE ", 7) == 0);
	CU_ASSERT_EQUAL(r.len[0] + r.len[1] + r.len[2] + r.pending, len);
	free(data);
}

int main(void)
{
	tu_suite("framer", (CU_TestInfo[]){{"crafted streams", test_crafted},
	                                   {"torture corpus", test_torture},
	                                   {"dblreq", test_dblreq},
	                                   CU_TEST_INFO_NULL});
	return tu_run();
}

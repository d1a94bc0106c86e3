/* SDP (RFC 4566): the line driver: line splitting, field order, lists.
 * Decisions are documented in sdp.h; field grammars are in sdp_field.c. */
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "msg/sdp_impl.h"

/* RFC 4566 5: the order of the lines; m= ends the session part and each
 * media section runs until the next m=. Ranks by letter ('a'..'z'), -1 for
 * a letter not allowed there: session "vosiuepcbtrzka", media "micbka". */
#define L(ch) ((ch) - 'a')
static const signed char sess_rank[26] = {
        [L('a')] = 13, [L('b')] = 8,  [L('c')] = 7, [L('d')] = -1, [L('e')] = 5,  [L('f')] = -1,
        [L('g')] = -1, [L('h')] = -1, [L('i')] = 3, [L('j')] = -1, [L('k')] = 12, [L('l')] = -1,
        [L('m')] = -1, [L('n')] = -1, [L('o')] = 1, [L('p')] = 6,  [L('q')] = -1, [L('r')] = 10,
        [L('s')] = 2,  [L('t')] = 9,  [L('u')] = 4, [L('v')] = 0,  [L('w')] = -1, [L('x')] = -1,
        [L('y')] = -1, [L('z')] = 11,
};
static const signed char media_rank[26] = {
        [L('a')] = 5,  [L('b')] = 3,  [L('c')] = 2,  [L('d')] = -1, [L('e')] = -1, [L('f')] = -1,
        [L('g')] = -1, [L('h')] = -1, [L('i')] = 1,  [L('j')] = -1, [L('k')] = 4,  [L('l')] = -1,
        [L('m')] = 0,  [L('n')] = -1, [L('o')] = -1, [L('p')] = -1, [L('q')] = -1, [L('r')] = -1,
        [L('s')] = -1, [L('t')] = -1, [L('u')] = -1, [L('v')] = -1, [L('w')] = -1, [L('x')] = -1,
        [L('y')] = -1, [L('z')] = -1,
};
#define BIT(ch) (1u << L(ch))
/* The letters that may repeat: e p b t r a (session), c b a (media). */
#define SESS_REPEAT  (BIT('e') | BIT('p') | BIT('b') | BIT('t') | BIT('r') | BIT('a'))
#define MEDIA_REPEAT (BIT('c') | BIT('b') | BIT('a'))
/* Every type letter RFC 4566 defines. */
#define KNOWN                                                                                    \
	(BIT('v') | BIT('o') | BIT('s') | BIT('i') | BIT('u') | BIT('e') | BIT('p') | BIT('c') | \
	 BIT('b') | BIT('t') | BIT('r') | BIT('z') | BIT('k') | BIT('a') | BIT('m'))
enum { RANK_S = 2, RANK_T = 9, MEDIA_LINES = 6 };

/* The order check as a state machine. The state is the last line's
 * letter and part, one number for both parts; next_ok[state] holds the
 * letters that may follow it (RFC 4566 5 as check_order() below spells it
 * out), so a line whose letter is in there passes with one test, and any
 * other takes check_order(), which finds the error. */
enum {
	ST_START, /* before v= */
	ST_V,     /* session part: the state is 1 + sess_rank */
	ST_O,
	ST_S,
	ST_I,
	ST_U,
	ST_E,
	ST_P,
	ST_C,
	ST_B,
	ST_T,
	ST_R,
	ST_Z,
	ST_K,
	ST_A,
	ST_M, /* media sections: the state is ST_M + media_rank */
	ST_MI,
	ST_MC,
	ST_MB,
	ST_MK,
	ST_MA,
	ST_COUNT
};
#define OK_MA (BIT('a') | BIT('m'))
static const uint32_t next_ok[ST_COUNT] = {
        /* session: v o s, then i u e* p* c b* t* (r*) z k a*, then m */
        [ST_START] = BIT('v'),
        [ST_V] = BIT('o'),
        [ST_O] = BIT('s'),
        [ST_S] = BIT('i') | BIT('u') | BIT('e') | BIT('p') | BIT('c') | BIT('b') | BIT('t'),
        [ST_I] = BIT('u') | BIT('e') | BIT('p') | BIT('c') | BIT('b') | BIT('t'),
        [ST_U] = BIT('e') | BIT('p') | BIT('c') | BIT('b') | BIT('t'),
        [ST_E] = BIT('e') | BIT('p') | BIT('c') | BIT('b') | BIT('t'),
        [ST_P] = BIT('p') | BIT('c') | BIT('b') | BIT('t'),
        [ST_C] = BIT('b') | BIT('t'),
        [ST_B] = BIT('b') | BIT('t'),
        /* after t= and after r=: another t= (with its r= lines) or on */
        [ST_T] = BIT('t') | BIT('r') | BIT('z') | BIT('k') | OK_MA,
        [ST_R] = BIT('t') | BIT('r') | BIT('z') | BIT('k') | OK_MA,
        [ST_Z] = BIT('k') | OK_MA,
        [ST_K] = OK_MA,
        [ST_A] = OK_MA,
        /* media: m, then i c* b* k a*; the next m= opens a new section */
        [ST_M] = BIT('i') | BIT('c') | BIT('b') | BIT('k') | OK_MA,
        [ST_MI] = BIT('c') | BIT('b') | BIT('k') | OK_MA,
        [ST_MC] = BIT('c') | BIT('b') | BIT('k') | OK_MA,
        [ST_MB] = BIT('b') | BIT('k') | OK_MA,
        [ST_MK] = OK_MA,
        [ST_MA] = OK_MA,
};
#undef OK_MA

struct sdp_state {
	struct sip__pctx c;
	struct sip_sdp *s;
	struct sip_sdp_media *m, **mtail; /* current media section; NULL: session */
	struct sip_sdp_text **etail, **ptail;
	struct sip_sdp_time **ttail;
	struct sip_sdp_repeat **rtail;
	struct sip_sdp_zone **ztail;
	struct sip_sdp_conn **ctail;
	struct sip_sdp_bw **btail;
	struct sip_sdp_attr **atail;
	unsigned state; /* ST_* */
};

static int rank_of(const struct sdp_state *st, char type)
{
	unsigned i = (unsigned)(unsigned char)type - 'a';
	return i < 26 ? (st->m ? media_rank : sess_rank)[i] : -1;
}

/* RFC 4566 5: "all MUST appear in exactly the order given"; v, o, s and at
 * least one t are required; only e p b t r a (session) and c b a (media)
 * repeat, and r= follows a t= or another r=. Decides the lines next_ok
 * does not let through: the error, or 0 when the line may come now. */
static int check_order(struct sdp_state *st, char type, const char *at)
{
	unsigned repeatable = st->m ? MEDIA_REPEAT : SESS_REPEAT;
	int r = type == 'm' ? (st->m ? MEDIA_LINES : 14) : rank_of(st, type);
	int t = RANK_T;
	/* The rank (sess_rank / media_rank) of the last line, -1 before v=. */
	int rank = st->m ? (int)st->state - ST_M : (int)st->state - ST_V;
	if (r < 0)
		return sip__fail(&st->c, at,
		                 type >= 'a' && (KNOWN & BIT(type)) ? "SDP line out of order"
		                                                    : "unknown SDP type letter",
		                 400);
	if (!st->m && rank < RANK_S && r != rank + 1)
		return sip__fail(&st->c, at,
		                 rank < 0 ? "SDP must start with v="
		                          : "SDP needs v=, o=, s= as its first lines",
		                 400);
	if (type == 'm')
		return !st->m && rank < t ? sip__fail(&st->c, at, "SDP without t=", 400) : 0;
	if (r < rank && !(type == 't' && !st->m && rank == t + 1))
		return sip__fail(&st->c, at, "SDP line out of order", 400);
	if (r == rank && !(repeatable & BIT(type)))
		return sip__fail(&st->c, at, "SDP line repeated", 400);
	if (type == 'r' && rank != t && rank != t + 1)
		return sip__fail(&st->c, at, "SDP r= without t=", 400);
	if (!st->m && r > t && rank < t)
		return sip__fail(&st->c, at, "SDP without t=", 400);
	return 0;
}

/* A text line (i= u= e= p= k=) is a non-empty byte-string. */
static int text(struct sdp_state *st, const char *p, const char *end, struct sip_str *out)
{
	if (p == end)
		return sip__fail(&st->c, p, "empty SDP value", 400);
	*out = sip_str_make(p, (size_t)(end - p));
	return 0;
}

#define SDP_NEW(st, var, at)                                     \
	do {                                                     \
		(var) = sip__zalloc((st)->c.ar, sizeof(*(var))); \
		if (!(var))                                      \
			return sip__nomem(&(st)->c, (at));       \
	} while (0)

/* The nodes of every description (the description, c=, t=, m=, a=) are not
 * zero-filled (a fill of the whole node is a loop over it): SDP_NODE
 * allocates, and the *_init below set each field their field grammar does
 * not set on success (a failed parse hands out nothing). */
#define SDP_NODE(st, var, at)                                   \
	do {                                                    \
		(var) = sip__alloc((st)->c.ar, sizeof(*(var))); \
		if (!(var))                                     \
			return sip__nomem(&(st)->c, (at));      \
	} while (0)

static const struct sip_str absent; /* .p NULL: a line that is not there */

/* sip__sdp_conn sets nettype, addrtype, host.type, host.text, the used
 * octets of host.addr, ttl and num; has_num only when "/num" is there. */
static void conn_init(struct sip_sdp_conn *cn)
{
	memset(cn->host.addr, 0, sizeof(cn->host.addr));
	cn->has_num = 0;
	cn->next = NULL;
}

/* sip__sdp_media sets media, port, nports, proto and the fmts (at least
 * one); has_nports only with "/count"; the lines after m= set the rest. */
static void media_init(struct sip_sdp_media *m)
{
	m->has_nports = 0;
	m->fmts = NULL;
	m->nfmts = 0;
	m->info = m->key = absent;
	m->conns = NULL;
	m->bws = NULL;
	m->attrs = NULL;
	m->next = NULL;
}

/* v= o= s= t= are required (RFC 4566 5): a parse that succeeds has set
 * version (0 here), origin and name; every other field starts absent. */
static void sdp_init(struct sip_sdp *s, const char *body, size_t len)
{
	s->raw = sip_str_make(body, len);
	s->version = 0;
	conn_init(&s->origin.addr);
	s->info = s->uri = s->key = absent;
	s->emails = s->phones = NULL;
	s->conn = NULL;
	s->bws = NULL;
	s->times = NULL;
	s->zones = NULL;
	s->attrs = NULL;
	s->media = NULL;
	s->nmedia = 0;
}

static int line_media(struct sdp_state *st, const char *p, const char *end)
{
	struct sip_sdp_media *m;
	SDP_NODE(st, m, p);
	media_init(m);
	*st->mtail = m;
	st->mtail = &m->next;
	st->s->nmedia++;
	st->m = m;
	st->state = ST_M;
	st->ctail = &m->conns;
	st->btail = &m->bws;
	st->atail = &m->attrs;
	return sip__sdp_media(&st->c, p, end, m);
}

/* One <type>=<value> line, value at [p,end); the letter is in 'a'..'z'.
 * Each case moves the order state to its letter. */
static int line(struct sdp_state *st, char type, const char *p, const char *end)
{
	struct sip_sdp *s = st->s;
	struct sip_sdp_text *tx;
	struct sip_sdp_time *t;
	struct sip_sdp_repeat *r;
	struct sip_sdp_conn *cn;
	struct sip_sdp_bw *b;
	struct sip_sdp_attr *a;
	uint64_t v;
	int rc, media = st->m != NULL;
	if (!(next_ok[st->state] & BIT(type)) && (rc = check_order(st, type, p - 2)))
		return rc;
	switch (type) {
	case 'v':
		st->state = ST_V;
		/* "v=0", the only version (below), without the number parse. */
		if (end - p == 1 && *p == '0')
			return 0;
		if ((rc = sip__sdp_num(&st->c, sip_str_make(p, (size_t)(end - p)), UINT32_MAX, &v,
		                       "invalid SDP version")))
			return rc;
		/* RFC 4566 5.1: this memo defines version 0 only. */
		if (v != 0)
			return sip__fail(&st->c, p, "unsupported SDP version", 400);
		return 0;
	case 'o':
		st->state = ST_O;
		return sip__sdp_origin(&st->c, p, end, &s->origin);
	case 's':
		st->state = ST_S;
		s->name = sip_str_make(p, (size_t)(end - p));
		return 0;
	case 'i':
		st->state = media ? ST_MI : ST_I;
		return text(st, p, end, media ? &st->m->info : &s->info);
	case 'u':
		st->state = ST_U;
		return text(st, p, end, &s->uri);
	case 'k':
		st->state = media ? ST_MK : ST_K;
		return text(st, p, end, media ? &st->m->key : &s->key);
	case 'e':
	case 'p':
		st->state = type == 'e' ? ST_E : ST_P;
		SDP_NEW(st, tx, p);
		*(type == 'e' ? st->etail : st->ptail) = tx;
		*(type == 'e' ? &st->etail : &st->ptail) = &tx->next;
		return text(st, p, end, &tx->value);
	case 'c':
		st->state = media ? ST_MC : ST_C;
		SDP_NODE(st, cn, p);
		conn_init(cn);
		*st->ctail = cn;
		st->ctail = &cn->next;
		if (sip__sdp_conn_fast(p, end, 0, cn))
			return 0;
		return sip__sdp_conn(&st->c, p, end, 0, cn);
	case 'b':
		st->state = media ? ST_MB : ST_B;
		SDP_NEW(st, b, p);
		*st->btail = b;
		st->btail = &b->next;
		return sip__sdp_bw(&st->c, p, end, b);
	case 't':
		st->state = ST_T;
		SDP_NODE(st, t, p); /* sip__sdp_time sets start and stop */
		t->repeats = NULL;
		t->next = NULL;
		*st->ttail = t;
		st->ttail = &t->next;
		st->rtail = &t->repeats;
		/* "t=0 0", the unbounded session almost every offer carries,
		 * without the call (sip__sdp_time decides it the same way). */
		if (end - p == 3 && p[0] == '0' && p[1] == ' ' && p[2] == '0') {
			t->start = t->stop = 0;
			return 0;
		}
		return sip__sdp_time(&st->c, p, end, t);
	case 'r':
		st->state = ST_R;
		SDP_NEW(st, r, p);
		*st->rtail = r;
		st->rtail = &r->next;
		return sip__sdp_repeat(&st->c, p, end, r);
	case 'z':
		st->state = ST_Z;
		return sip__sdp_zone(&st->c, p, end, &st->ztail);
	case 'a':
		st->state = media ? ST_MA : ST_A;
		SDP_NODE(st, a, p); /* sip__sdp_attr sets name */
		a->value = absent;
		a->has_value = 0;
		a->next = NULL;
		*st->atail = a;
		st->atail = &a->next;
		return sip__sdp_attr(&st->c, p, end, a);
	case 'm':
		return line_media(st, p, end);
	default:
		/* check_order() has refused every other letter; telling the
		 * compiler spares the jump table its range check. */
#if defined(__GNUC__)
		__builtin_unreachable();
#else
		return sip__fail(&st->c, p - 2, "unknown SDP type letter", 400);
#endif
	}
}

/* The first NUL or CR in [p,end), or end. Eight octets at a time: a word
 * has a zero octet when (v - 0x01..01) & ~v & 0x80..80 is not zero, and a CR
 * octet when v ^ 0x0d..0d has a zero octet. */
static const char *bad_octet(const char *p, const char *end)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	for (; end - p >= 8; p += 8) {
		uint64_t v, x;
		memcpy(&v, p, 8);
		x = v ^ (ones * '\r');
		if (((v - ones) & ~v & highs) | ((x - ones) & ~x & highs))
			break;
	}
	for (; p < end; p++)
		if (*p == '\0' || *p == '\r')
			return p;
	return end;
}

/* The line ends: the NULs, CRs and LFs of the body, found 64 octets at a
 * time and kept as a bit mask, so that the body is read once here for all
 * its lines and each line end costs a shift and a count of trailing zeros
 * (an SDP line is 20 to 40 octets: a search per line pays its setup and
 * its ragged tail once per line). One pass finds the line end and proves
 * the line free of the octets byte-string excludes (RFC 4566 9), so a
 * clean line is read once here and once by its field grammar. The block
 * [blk, blk + 64) has the mask whose bit i is set when blk[i] is NUL, CR
 * or LF, clear past the end of the body. */
#if defined(__SSE2__)
/* Bit i set when q[i] is NUL, CR or LF, for 16 octets (SSE2: every x86-64). */
static inline unsigned stop16(const char *q)
{
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n'), nul = _mm_setzero_si128();
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
	return (unsigned)_mm_movemask_epi8(
	        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)),
	                     _mm_cmpeq_epi8(v, nul)));
}
#endif

#if !defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* 0x80 in each octet of v that is NUL, CR or LF, exactly (no borrow runs
 * from one octet to the next): an octet x is zero when neither its low
 * seven bits plus 0x7f nor x itself has the high bit set. */
static inline uint64_t stop_octets(uint64_t v)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7full, ones = 0x0101010101010101ull;
	uint64_t x = v ^ (ones * '\r'), y = v ^ (ones * '\n');
	return ~(((v & low7) + low7) | v | low7) | ~(((x & low7) + low7) | x | low7) |
	       ~(((y & low7) + low7) | y | low7);
}
#endif

/* The mask of [p, p + 64) cut at end, p in [body, end). */
static inline uint64_t stop_bits(const char *body, const char *end, const char *p)
{
	size_t n = end - p < 64 ? (size_t)(end - p) : 64, i = 0;
	uint64_t m = 0;
#if defined(__SSE2__)
	if (n == 64)
		return (uint64_t)stop16(p) | (uint64_t)stop16(p + 16) << 16 |
		       (uint64_t)stop16(p + 32) << 32 | (uint64_t)stop16(p + 48) << 48;
	if (end - body >= 16) {
		for (; n - i >= 16; i += 16)
			m |= (uint64_t)stop16(p + i) << i;
		/* A ragged tail: the 16 octets that end at the body's end
		 * start inside the body; drop the ones before the tail. */
		if (i < n)
			m |= (uint64_t)(stop16(end - 16) >> (16 - (n - i))) << i;
		return m;
	}
#else
	(void)body;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* Elsewhere eight octets per step by SWAR: stop_octets() flags them
	 * exactly, and the multiply gathers the eight flags (0x01 per octet)
	 * into the top octet, octet k to bit 56 + k: every partial product
	 * lands on its own bit, so no carry disturbs them. */
	for (; n - i >= 8; i += 8) {
		uint64_t v;
		memcpy(&v, p + i, 8);
		m |= ((stop_octets(v) >> 7) * 0x0102040810204080ull) >> 56 << i;
	}
#endif
#endif
	for (; i < n; i++)
		if (p[i] == '\0' || p[i] == '\r' || p[i] == '\n')
			m |= (uint64_t)1 << i;
	return m;
}

/* The first NUL, CR or LF in [p,end), or end; *blk <= p < end. */
static inline const char *next_stop(const char *body, const char *end, const char **blk,
                                    uint64_t *mask, const char *p)
{
	for (;;) {
		size_t off = (size_t)(p - *blk);
		if (off < 64) {
			uint64_t m = *mask >> off;
			if (m)
				return p + __builtin_ctzll(m);
			if (end - *blk <= 64)
				return end;
			p = *blk + 64; /* none before the next block */
		}
		/* A block starts where the search goes on (anywhere: a
		 * line with a NUL or a bare CR is skipped by memchr). */
		*blk = p;
		*mask = stop_bits(body, end, p);
	}
}

int sip_sdp_parse(struct sip_arena *ar, const char *body, size_t len, unsigned flags,
                  struct sip_sdp **out, struct sip_perr *err)
{
	struct sdp_state st;
	const char *p = body, *end = body + len, *blk;
	uint64_t mask;
	int rc;
	sip__pctx_init(&st.c, ar, body, flags, err);
	*out = NULL;
	SDP_NODE(&st, st.s, body);
	sdp_init(st.s, body, len);
	st.m = NULL;
	st.mtail = &st.s->media;
	st.etail = &st.s->emails;
	st.ptail = &st.s->phones;
	st.ttail = &st.s->times;
	st.rtail = NULL; /* set by t=, which every r= follows */
	st.ztail = &st.s->zones;
	st.ctail = &st.s->conn;
	st.btail = &st.s->bws;
	st.atail = &st.s->attrs;
	st.state = ST_START;
	blk = body;
	mask = len ? stop_bits(body, end, body) : 0;
	while (p < end) {
		const char *ls = p, *le = next_stop(body, end, &blk, &mask, p), *q;
		/* RFC 4566 5: lines end in CRLF; parsers should accept a bare LF.
		 * In the same robust spirit the last line may lack its line end:
		 * a SIP body ends where Content-Length says (RFC 3261 18.3), and
		 * RFC 5118's valid examples (ipv6-in-sdp, mult-ip-in-sdp,
		 * ipv4-mapped-ipv6) carry a Content-Length that cuts the SDP
		 * inside its last line. */
		if (end - le >= 2 && le[0] == '\r' && le[1] == '\n') {
			p = le + 2;
		} else if (le == end || (*le == '\r' && le + 1 == end)) {
			p = end;
		} else if (*le == '\n') {
			p = le + 1;
		} else {
			/* A NUL or a bare CR inside the line: find its end the
			 * long way and report the first bad octet, after the
			 * line's shape (such a line is never empty). */
			le = memchr(p, '\n', (size_t)(end - p));
			if (!le)
				le = end;
			p = le < end ? le + 1 : end;
			if (le > ls && le[-1] == '\r')
				le--;
			if (le - ls < 2 || ls[1] != '=' || (unsigned)(ls[0] - 'a') > 'z' - 'a')
				return sip__fail(&st.c, ls, "expected an SDP line <type>=<value>",
				                 400);
			/* byte-string = 1*(%x01-09/%x0B-0C/%x0E-FF): no NUL, no
			 * bare CR. */
			if ((q = bad_octet(ls + 2, le)) != le)
				return sip__fail(&st.c, q, "invalid octet in SDP line", 400);
		}
		if (le - ls < 2 || ls[1] != '=' || (unsigned)(ls[0] - 'a') > 'z' - 'a') {
			/* Trailing empty lines end the description (RFC 4475
			 * 3.3.8 multi01's body ends with one); an empty line
			 * elsewhere is still an error. */
			if (le == ls) {
				const char *r = p;
				while (r < end && (*r == '\r' || *r == '\n'))
					r++;
				if (r == end && st.state != ST_START)
					break;
			}
			return sip__fail(&st.c, ls, "expected an SDP line <type>=<value>", 400);
		}
		if ((rc = line(&st, ls[0], ls + 2, le)))
			return rc;
	}
	if (st.state == ST_START)
		return sip__fail(&st.c, end, "empty SDP", 400);
	if (!st.m && st.state < ST_T)
		return sip__fail(&st.c, end, "SDP without t=", 400);
	*out = st.s;
	return 0;
}

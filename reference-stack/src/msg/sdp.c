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
	int rank; /* rank (sess_rank / media_rank) of the last line */
};

static int rank_of(const struct sdp_state *st, char type)
{
	unsigned i = (unsigned)(unsigned char)type - 'a';
	return i < 26 ? (st->m ? media_rank : sess_rank)[i] : -1;
}

/* RFC 4566 5: "all MUST appear in exactly the order given"; v, o, s and at
 * least one t are required; only e p b t r a (session) and c b a (media)
 * repeat, and r= follows a t= or another r=. */
static int check_order(struct sdp_state *st, char type, const char *at)
{
	unsigned repeatable = st->m ? MEDIA_REPEAT : SESS_REPEAT;
	int r = type == 'm' ? (st->m ? MEDIA_LINES : 14) : rank_of(st, type);
	int t = RANK_T;
	if (r < 0)
		return sip__fail(&st->c, at,
		                 type >= 'a' && (KNOWN & BIT(type)) ? "SDP line out of order"
		                                                    : "unknown SDP type letter",
		                 400);
	if (!st->m && st->rank < RANK_S && r != st->rank + 1)
		return sip__fail(&st->c, at,
		                 st->rank < 0 ? "SDP must start with v="
		                              : "SDP needs v=, o=, s= as its first lines",
		                 400);
	if (type == 'm')
		return !st->m && st->rank < t ? sip__fail(&st->c, at, "SDP without t=", 400) : 0;
	if (r < st->rank && !(type == 't' && !st->m && st->rank == t + 1))
		return sip__fail(&st->c, at, "SDP line out of order", 400);
	if (r == st->rank && !(repeatable & BIT(type)))
		return sip__fail(&st->c, at, "SDP line repeated", 400);
	if (type == 'r' && st->rank != t && st->rank != t + 1)
		return sip__fail(&st->c, at, "SDP r= without t=", 400);
	if (!st->m && r > t && st->rank < t)
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

static int line_media(struct sdp_state *st, const char *p, const char *end)
{
	struct sip_sdp_media *m;
	SDP_NEW(st, m, p);
	*st->mtail = m;
	st->mtail = &m->next;
	st->s->nmedia++;
	st->m = m;
	st->rank = 0;
	st->ctail = &m->conns;
	st->btail = &m->bws;
	st->atail = &m->attrs;
	return sip__sdp_media(&st->c, p, end, m);
}

/* One <type>=<value> line, value at [p,end). */
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
	int rc = check_order(st, type, p - 2);
	if (rc)
		return rc;
	if (type != 'm')
		st->rank = rank_of(st, type);
	switch (type) {
	case 'v':
		if ((rc = sip__sdp_num(&st->c, sip_str_make(p, (size_t)(end - p)), UINT32_MAX, &v,
		                       "invalid SDP version")))
			return rc;
		/* RFC 4566 5.1: this memo defines version 0 only. */
		if (v != 0)
			return sip__fail(&st->c, p, "unsupported SDP version", 400);
		return 0;
	case 'o':
		return sip__sdp_origin(&st->c, p, end, &s->origin);
	case 's':
		s->name = sip_str_make(p, (size_t)(end - p));
		return 0;
	case 'i':
		return text(st, p, end, st->m ? &st->m->info : &s->info);
	case 'u':
		return text(st, p, end, &s->uri);
	case 'k':
		return text(st, p, end, st->m ? &st->m->key : &s->key);
	case 'e':
	case 'p':
		SDP_NEW(st, tx, p);
		*(type == 'e' ? st->etail : st->ptail) = tx;
		*(type == 'e' ? &st->etail : &st->ptail) = &tx->next;
		return text(st, p, end, &tx->value);
	case 'c':
		SDP_NEW(st, cn, p);
		*st->ctail = cn;
		st->ctail = &cn->next;
		return sip__sdp_conn(&st->c, p, end, 0, cn);
	case 'b':
		SDP_NEW(st, b, p);
		*st->btail = b;
		st->btail = &b->next;
		return sip__sdp_bw(&st->c, p, end, b);
	case 't':
		SDP_NEW(st, t, p);
		*st->ttail = t;
		st->ttail = &t->next;
		st->rtail = &t->repeats;
		return sip__sdp_time(&st->c, p, end, t);
	case 'r':
		SDP_NEW(st, r, p);
		*st->rtail = r;
		st->rtail = &r->next;
		return sip__sdp_repeat(&st->c, p, end, r);
	case 'z':
		return sip__sdp_zone(&st->c, p, end, &st->ztail);
	case 'a':
		SDP_NEW(st, a, p);
		*st->atail = a;
		st->atail = &a->next;
		return sip__sdp_attr(&st->c, p, end, a);
	default:
		return line_media(st, p, end);
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

/* The first NUL, CR or LF in [p,end), or end: one pass finds the line end
 * and proves the line free of the octets byte-string excludes (RFC 4566 9),
 * so a clean line is read once here and once by its field grammar. Same
 * word trick as bad_octet; the lowest flagged octet is exact (a false
 * positive only ever sits above a true match), and on a little-endian load
 * the lowest octet is the first in memory. */
static const char *line_stop(const char *p, const char *end)
{
#if defined(__SSE2__)
	/* Sixteen octets per step where SSE2 is there (every x86-64). */
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n'), nul = _mm_setzero_si128();
	for (; end - p >= 16; p += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned hit = (unsigned)_mm_movemask_epi8(
		        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)),
		                     _mm_cmpeq_epi8(v, nul)));
		if (hit)
			return p + __builtin_ctz(hit);
	}
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	for (; end - p >= 8; p += 8) {
		uint64_t v, x, y, hit;
		memcpy(&v, p, 8);
		x = v ^ (ones * '\r');
		y = v ^ (ones * '\n');
		hit = (((v - ones) & ~v) | ((x - ones) & ~x) | ((y - ones) & ~y)) & highs;
		if (hit)
			return p + (__builtin_ctzll(hit) >> 3);
	}
#endif
	for (; p < end; p++)
		if (*p == '\0' || *p == '\r' || *p == '\n')
			return p;
	return end;
}

int sip_sdp_parse(struct sip_arena *ar, const char *body, size_t len, unsigned flags,
                  struct sip_sdp **out, struct sip_perr *err)
{
	struct sdp_state st;
	const char *p = body, *end = body + len;
	int rc;
	memset(&st, 0, sizeof(st));
	sip__pctx_init(&st.c, ar, body, flags, err);
	*out = NULL;
	SDP_NEW(&st, st.s, body);
	st.s->raw = sip_str_make(body, len);
	st.mtail = &st.s->media;
	st.etail = &st.s->emails;
	st.ptail = &st.s->phones;
	st.ttail = &st.s->times;
	st.ztail = &st.s->zones;
	st.ctail = &st.s->conn;
	st.btail = &st.s->bws;
	st.atail = &st.s->attrs;
	st.rank = -1;
	while (p < end) {
		const char *ls = p, *le = line_stop(p, end), *q;
		int clean = 1;
		/* RFC 4566 5: lines end in CRLF; parsers should accept a bare LF.
		 * In the same robust spirit the last line may lack its line end:
		 * a SIP body ends where Content-Length says (RFC 3261 18.3), and
		 * RFC 5118's valid examples (ipv6-in-sdp, mult-ip-in-sdp,
		 * ipv4-mapped-ipv6) carry a Content-Length that cuts the SDP
		 * inside its last line. */
		if (le == end || *le == '\n') {
			p = le < end ? le + 1 : end;
		} else if (*le == '\r' && (le + 1 == end || le[1] == '\n')) {
			p = le + 1 < end ? le + 2 : end;
		} else {
			/* A NUL or a bare CR inside the line: find its end the
			 * long way; the octet check below reports it. */
			le = memchr(p, '\n', (size_t)(end - p));
			if (!le)
				le = end;
			p = le < end ? le + 1 : end;
			if (le > ls && le[-1] == '\r')
				le--;
			clean = 0;
		}
		/* Trailing empty lines end the description (RFC 4475 3.3.8
		 * multi01's body ends with one); an empty line elsewhere is
		 * still an error. */
		if (le == ls) {
			const char *r = p;
			while (r < end && (*r == '\r' || *r == '\n'))
				r++;
			if (r == end && st.rank >= 0)
				break;
		}
		if (le - ls < 2 || ls[1] != '=' || ls[0] < 'a' || ls[0] > 'z')
			return sip__fail(&st.c, ls, "expected an SDP line <type>=<value>", 400);
		/* byte-string = 1*(%x01-09/%x0B-0C/%x0E-FF): no NUL, no bare CR. */
		if (!clean && (q = bad_octet(ls + 2, le)) != le)
			return sip__fail(&st.c, q, "invalid octet in SDP line", 400);
		if ((rc = line(&st, ls[0], ls + 2, le)))
			return rc;
	}
	if (st.rank < 0)
		return sip__fail(&st.c, end, "empty SDP", 400);
	if (!st.m && st.rank < RANK_T)
		return sip__fail(&st.c, end, "SDP without t=", 400);
	*out = st.s;
	return 0;
}

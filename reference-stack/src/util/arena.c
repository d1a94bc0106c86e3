/* Bump allocator. Chunks are chained newest first; reset keeps the largest
 * so a warm arena serves messages of similar size with no heap traffic. */
#include "sipref/arena.h"

#include <stdint.h>
#include <string.h>

struct sip__chunk {
	struct sip__chunk *prev;
	size_t size; /* usable bytes after the header */
	             /* data follows, 8-aligned */
};

#define HDR_SIZE ((sizeof(struct sip__chunk) + 7) & ~(size_t)7)

static char *chunk_data(struct sip__chunk *ch)
{
	return (char *)ch + HDR_SIZE;
}

void sip_arena_init(struct sip_arena *ar, const struct sip_allocator *a, size_t chunk_size)
{
	ar->a = a ? a : sip_allocator_default();
	ar->head = 0;
	ar->cur = ar->end = 0;
	ar->chunk_size = chunk_size ? chunk_size : 4096;
	ar->heap_allocs = 0;
}

static void *grow(struct sip_arena *ar, size_t n)
{
	size_t size = ar->chunk_size;
	struct sip__chunk *ch;
	while (size < n)
		size *= 2;
	ch = ar->a->alloc(ar->a->ud, HDR_SIZE + size);
	if (!ch)
		return 0;
	ar->heap_allocs++;
	ch->prev = ar->head;
	ch->size = size;
	ar->head = ch;
	ar->cur = chunk_data(ch) + n;
	ar->end = chunk_data(ch) + size;
	return chunk_data(ch);
}

void *sip_arena_alloc(struct sip_arena *ar, size_t n)
{
	char *p;
	n = (n + 7) & ~(size_t)7;
	if (n == 0)
		n = 8;
	if ((size_t)(ar->end - ar->cur) >= n && ar->cur) {
		p = ar->cur;
		ar->cur += n;
		return p;
	}
	if (n > SIZE_MAX / 4)
		return 0;
	return grow(ar, n);
}

void *sip_arena_zalloc(struct sip_arena *ar, size_t n)
{
	void *p = sip_arena_alloc(ar, n);
	if (p)
		memset(p, 0, n);
	return p;
}

void *sip_arena_dup(struct sip_arena *ar, const void *src, size_t n)
{
	void *p = sip_arena_alloc(ar, n);
	if (p && n)
		memcpy(p, src, n);
	return p;
}

/* sip_arena_reset of several chunks (or none): off the common path. */
static __attribute__((noinline)) void reset_chain(struct sip_arena *ar)
{
	struct sip__chunk *keep = 0, *ch = ar->head, *prev;
	size_t total = 0;
	for (; ch; ch = prev) {
		prev = ch->prev;
		total += ch->size;
		if (!keep || ch->size > keep->size) {
			if (keep)
				ar->a->free(ar->a->ud, keep, HDR_SIZE + keep->size);
			keep = ch;
		} else {
			ar->a->free(ar->a->ud, ch, HDR_SIZE + ch->size);
		}
	}
	ar->head = keep;
	if (keep) {
		keep->prev = 0;
		/* A message that needed several chunks gets one chunk of their
		 * total next time, which is then the one kept: warm arenas
		 * converge to a single chunk and stop allocating. */
		if (total > ar->chunk_size)
			ar->chunk_size = total;
		ar->cur = chunk_data(keep);
		ar->end = chunk_data(keep) + keep->size;
	} else {
		ar->cur = ar->end = 0;
	}
}

void sip_arena_reset(struct sip_arena *ar)
{
	struct sip__chunk *ch = ar->head;
	if (ch && !ch->prev) {
		/* The warm arena's usual state, one chunk: what reset_chain
		 * does with it, without the loop or its register saves. */
		if (ch->size > ar->chunk_size)
			ar->chunk_size = ch->size;
		ar->cur = chunk_data(ch);
		ar->end = chunk_data(ch) + ch->size;
		return;
	}
	reset_chain(ar);
}

void sip_arena_fini(struct sip_arena *ar)
{
	struct sip__chunk *ch = ar->head, *prev;
	for (; ch; ch = prev) {
		prev = ch->prev;
		ar->a->free(ar->a->ud, ch, HDR_SIZE + ch->size);
	}
	ar->head = 0;
	ar->cur = ar->end = 0;
}

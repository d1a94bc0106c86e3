/* sipref: bump allocator, one per message.
 *
 * Every parsed structure of a message lives in its arena and is freed in one
 * call. sip_arena_reset() keeps the largest chunk, so a warm arena that is
 * reused for messages of similar size makes no heap allocation at all. */
#ifndef SIPREF_ARENA_H
#define SIPREF_ARENA_H

#include <stddef.h>

#include "alloc.h"

struct sip__chunk;

struct sip_arena {
	const struct sip_allocator *a;
	struct sip__chunk *head; /* current chunk; older chunks chained behind */
	char *cur, *end;
	size_t chunk_size;         /* default size of a new chunk */
	unsigned long heap_allocs; /* chunks taken from the allocator so far */
};

/* chunk_size 0 picks a default (4 KiB). Never allocates. */
void sip_arena_init(struct sip_arena *ar, const struct sip_allocator *a, size_t chunk_size);
/* n bytes aligned to 8, uninitialised; NULL when the allocator fails. */
void *sip_arena_alloc(struct sip_arena *ar, size_t n);
/* As sip_arena_alloc, zero-filled. */
void *sip_arena_zalloc(struct sip_arena *ar, size_t n);
/* Copies n bytes into the arena; NULL on allocation failure. */
void *sip_arena_dup(struct sip_arena *ar, const void *p, size_t n);
/* Forgets everything allocated; keeps the largest chunk for reuse. */
void sip_arena_reset(struct sip_arena *ar);
/* Returns every chunk to the allocator. The arena can be re-initialised. */
void sip_arena_fini(struct sip_arena *ar);

#endif

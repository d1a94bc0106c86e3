/* sipref: the allocator every libsipref object is built with.
 *
 * All allocation goes through one of these (STYLE.md rule 5) so tests can
 * fail allocation N for every N. `free` receives the size given to `alloc`. */
#ifndef SIPREF_ALLOC_H
#define SIPREF_ALLOC_H

#include <stddef.h>

struct sip_allocator {
	void *(*alloc)(void *ud, size_t n); /* NULL on failure */
	void (*free)(void *ud, void *p, size_t n);
	void *ud;
};

/* malloc/free; never NULL. */
const struct sip_allocator *sip_allocator_default(void);

/* A counting allocator for tests and benchmarks: counts calls and bytes and
 * fails the allocation whose 1-based index equals `fail_at` (0: never). */
struct sip_counting_alloc {
	struct sip_allocator base; /* pass &ca.base */
	const struct sip_allocator *inner;
	unsigned long nalloc, nfree;
	size_t bytes_live, bytes_peak;
	unsigned long fail_at;
};
void sip_counting_alloc_init(struct sip_counting_alloc *ca, const struct sip_allocator *inner);

#endif

#include "sipref/alloc.h"

#include <stdlib.h>

static void *std_alloc(void *ud, size_t n)
{
	(void)ud;
	return malloc(n ? n : 1);
}

static void std_free(void *ud, void *p, size_t n)
{
	(void)ud;
	(void)n;
	free(p);
}

static const struct sip_allocator std_allocator = {std_alloc, std_free, 0};

const struct sip_allocator *sip_allocator_default(void)
{
	return &std_allocator;
}

static void *count_alloc(void *ud, size_t n)
{
	struct sip_counting_alloc *ca = ud;
	void *p;
	ca->nalloc++;
	if (ca->fail_at && ca->nalloc == ca->fail_at)
		return 0;
	p = ca->inner->alloc(ca->inner->ud, n);
	if (p) {
		ca->bytes_live += n;
		if (ca->bytes_live > ca->bytes_peak)
			ca->bytes_peak = ca->bytes_live;
	}
	return p;
}

static void count_free(void *ud, void *p, size_t n)
{
	struct sip_counting_alloc *ca = ud;
	if (!p)
		return;
	ca->nfree++;
	ca->bytes_live -= n;
	ca->inner->free(ca->inner->ud, p, n);
}

void sip_counting_alloc_init(struct sip_counting_alloc *ca, const struct sip_allocator *inner)
{
	ca->base.alloc = count_alloc;
	ca->base.free = count_free;
	ca->base.ud = ca;
	ca->inner = inner ? inner : sip_allocator_default();
	ca->nalloc = ca->nfree = 0;
	ca->bytes_live = ca->bytes_peak = 0;
	ca->fail_at = 0;
}

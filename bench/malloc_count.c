/* Counting malloc for the parser benchmark.
 *
 * The bench executable defines malloc, calloc, realloc, free and the aligned
 * allocators itself. The dynamic linker binds every call to these names, from
 * the executable and from the peer libraries (libsofia-sip-ua, libosip2,
 * libre) alike, to these definitions, which count the call and forward to
 * glibc's own entry points (__libc_malloc and friends, exported by glibc for
 * exactly this kind of wrapper). Only glibc is supported; other C libraries,
 * and sanitizer builds (whose runtime owns malloc), get no counting: the
 * report prints n/a for the peers.
 *
 * The counter is a plain global: the benchmark is single-threaded. */
#include "bench.h"

#include <errno.h>
#include <stddef.h>

unsigned long bench_malloc_calls;

#if defined(__GLIBC__) && !defined(BENCH_NO_MALLOC_COUNT)
const int bench_malloc_counted = 1;

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
extern void __libc_free(void *p);

/* The prototypes of the standard names come from <stdlib.h>, which we do not
 * include here so the definitions below need none of its attributes. */
void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);
void free(void *p);
void *memalign(size_t align, size_t n);
void *aligned_alloc(size_t align, size_t n);
int posix_memalign(void **out, size_t align, size_t n);

void *malloc(size_t n)
{
	bench_malloc_calls++;
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
	bench_malloc_calls++;
	return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
	bench_malloc_calls++;
	return __libc_realloc(p, n);
}

void free(void *p)
{
	__libc_free(p);
}

void *memalign(size_t align, size_t n)
{
	bench_malloc_calls++;
	return __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
	bench_malloc_calls++;
	return __libc_memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
	void *p;
	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	bench_malloc_calls++;
	p = __libc_memalign(align, n);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}
#else
const int bench_malloc_counted = 0;
#endif

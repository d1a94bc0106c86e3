/* sipref: one heap of timers for a whole endpoint (DESIGN.md: "Timers live in
 * one heap keyed by (deadline, insertion sequence)").
 *
 * Time is whatever the caller says it is (milliseconds on a monotonic scale):
 * the heap never reads a clock. Equal deadlines fire in the order the timers
 * were started, so runs under a virtual clock are reproducible. */
#ifndef SIPREF_TIMER_H
#define SIPREF_TIMER_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

struct sip_timer;
typedef void sip_timer_fn(struct sip_timer *t, uint64_t now);

/* Embedded in its owner; the owner finds itself again from the pointer. */
struct sip_timer {
	uint64_t deadline;
	uint64_t seq;
	size_t slot; /* position in the heap + 1; 0 when not armed */
	sip_timer_fn *fire;
};

struct sip_timer_heap {
	const struct sip_allocator *a;
	struct sip_timer **v;
	size_t n, cap;
	uint64_t seq;
};

void sip_timer_heap_init(struct sip_timer_heap *h, const struct sip_allocator *a);
/* Frees the heap's storage; armed timers are simply forgotten. */
void sip_timer_heap_fini(struct sip_timer_heap *h);

/* Arms (or re-arms) t to fire at `deadline` with `fire`. 0 or SIP_ENOMEM. */
int sip_timer_start(struct sip_timer_heap *h, struct sip_timer *t, uint64_t deadline,
                    sip_timer_fn *fire);
/* Disarms t; harmless when it is not armed. */
void sip_timer_stop(struct sip_timer_heap *h, struct sip_timer *t);
static inline int sip_timer_armed(const struct sip_timer *t)
{
	return t->slot != 0;
}
/* Earliest deadline, UINT64_MAX when nothing is armed. */
uint64_t sip_timer_next(const struct sip_timer_heap *h);
/* Fires, in (deadline, seq) order, every timer whose deadline is <= now,
 * including timers armed by those callbacks that are already due. Returns
 * the number fired. */
size_t sip_timer_run(struct sip_timer_heap *h, uint64_t now);

#endif

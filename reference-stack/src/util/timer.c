/* Binary min-heap of timers keyed by (deadline, seq). */
#include "sipref/timer.h"

#include "sipref/error.h"

void sip_timer_heap_init(struct sip_timer_heap *h, const struct sip_allocator *a)
{
	h->a = a ? a : sip_allocator_default();
	h->v = 0;
	h->n = h->cap = 0;
	h->seq = 0;
}

void sip_timer_heap_fini(struct sip_timer_heap *h)
{
	size_t i;
	for (i = 0; i < h->n; i++)
		h->v[i]->slot = 0;
	if (h->v)
		h->a->free(h->a->ud, h->v, h->cap * sizeof(*h->v));
	h->v = 0;
	h->n = h->cap = 0;
}

static int before(const struct sip_timer *a, const struct sip_timer *b)
{
	return a->deadline < b->deadline || (a->deadline == b->deadline && a->seq < b->seq);
}

static void place(struct sip_timer_heap *h, size_t i, struct sip_timer *t)
{
	h->v[i] = t;
	t->slot = i + 1;
}

static void sift_up(struct sip_timer_heap *h, size_t i)
{
	struct sip_timer *t = h->v[i];
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!before(t, h->v[parent]))
			break;
		place(h, i, h->v[parent]);
		i = parent;
	}
	place(h, i, t);
}

static void sift_down(struct sip_timer_heap *h, size_t i)
{
	struct sip_timer *t = h->v[i];
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		struct sip_timer *best = t;
		if (l < h->n && before(h->v[l], best)) {
			m = l;
			best = h->v[l];
		}
		if (l + 1 < h->n && before(h->v[l + 1], best))
			m = l + 1;
		if (m == i)
			break;
		place(h, i, h->v[m]);
		i = m;
	}
	place(h, i, t);
}

static void remove_at(struct sip_timer_heap *h, size_t i)
{
	struct sip_timer *t = h->v[i];
	t->slot = 0;
	h->n--;
	if (i == h->n)
		return;
	{
		struct sip_timer *last = h->v[h->n];
		place(h, i, last);
		sift_down(h, i);
		sift_up(h, last->slot - 1);
	}
}

int sip_timer_start(struct sip_timer_heap *h, struct sip_timer *t, uint64_t deadline,
                    sip_timer_fn *fire)
{
	if (t->slot)
		remove_at(h, t->slot - 1);
	if (h->n == h->cap) {
		size_t ncap = h->cap ? h->cap * 2 : 16;
		struct sip_timer **nv = h->a->alloc(h->a->ud, ncap * sizeof(*nv));
		size_t i;
		if (!nv)
			return SIP_ENOMEM;
		for (i = 0; i < h->n; i++)
			nv[i] = h->v[i];
		if (h->v)
			h->a->free(h->a->ud, h->v, h->cap * sizeof(*h->v));
		h->v = nv;
		h->cap = ncap;
	}
	t->deadline = deadline;
	t->seq = h->seq++;
	t->fire = fire;
	place(h, h->n++, t);
	sift_up(h, h->n - 1);
	return 0;
}

void sip_timer_stop(struct sip_timer_heap *h, struct sip_timer *t)
{
	if (t->slot)
		remove_at(h, t->slot - 1);
}

uint64_t sip_timer_next(const struct sip_timer_heap *h)
{
	return h->n ? h->v[0]->deadline : UINT64_MAX;
}

size_t sip_timer_run(struct sip_timer_heap *h, uint64_t now)
{
	size_t fired = 0;
	while (h->n && h->v[0]->deadline <= now) {
		struct sip_timer *t = h->v[0];
		remove_at(h, 0);
		fired++;
		t->fire(t, now);
	}
	return fired;
}

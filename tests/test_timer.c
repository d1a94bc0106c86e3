/* The endpoint timer heap: (deadline, insertion order), stop, re-arm. */
#include <stdlib.h>

#include "sipref/timer.h"
#include "testutil.h"

static int order[128];
static int norder;

struct owned {
	struct sip_timer t;
	int id;
};

static void fired(struct sip_timer *t, uint64_t now)
{
	(void)now;
	order[norder++] = ((struct owned *)t)->id;
}

static void test_order_and_ties(void)
{
	static const struct {
		int id;
		uint64_t at;
	} in[] = {{0, 30}, {1, 10}, {2, 20}, {3, 10}, {4, 20}, {5, 5}, {6, 10}};
	static const int want[] = {5, 1, 3, 6, 2, 4, 0};
	struct sip_timer_heap h;
	struct owned o[7] = {0};
	size_t i;
	sip_timer_heap_init(&h, 0);
	norder = 0;
	for (i = 0; i < 7; i++) {
		o[i].id = in[i].id;
		CU_ASSERT_EQUAL(sip_timer_start(&h, &o[i].t, in[i].at, fired), 0);
	}
	CU_ASSERT_EQUAL(sip_timer_next(&h), 5);
	CU_ASSERT_EQUAL(sip_timer_run(&h, 9), 1);
	CU_ASSERT_EQUAL(sip_timer_run(&h, 100), 6);
	CU_ASSERT_EQUAL(norder, 7);
	for (i = 0; i < 7; i++)
		CU_ASSERT_EQUAL(order[i], want[i]);
	CU_ASSERT_EQUAL(sip_timer_next(&h), UINT64_MAX);
	sip_timer_heap_fini(&h);
}

static void test_stop_and_rearm(void)
{
	struct sip_timer_heap h;
	struct owned o[100] = {0};
	int i;
	sip_timer_heap_init(&h, 0);
	norder = 0;
	for (i = 0; i < 100; i++) {
		o[i].id = i;
		sip_timer_start(&h, &o[i].t, (uint64_t)(1000 - i * 7 % 500), fired);
	}
	/* Stop every third, re-arm every fifth later than everything else. */
	for (i = 0; i < 100; i += 3)
		sip_timer_stop(&h, &o[i].t);
	for (i = 0; i < 100; i += 5)
		sip_timer_start(&h, &o[i].t, 5000 + (uint64_t)i, fired);
	CU_ASSERT_FALSE(sip_timer_armed(&o[3].t));
	CU_ASSERT_TRUE(sip_timer_armed(&o[15].t));
	sip_timer_stop(&h, &o[3].t); /* harmless when not armed */
	{
		uint64_t last = 0;
		size_t n = 0;
		while (sip_timer_next(&h) != UINT64_MAX) {
			uint64_t at = sip_timer_next(&h);
			CU_ASSERT(at >= last);
			last = at;
			n += sip_timer_run(&h, at);
		}
		/* 100 - 34 stopped + 7 re-armed that had been stopped (0,15,30,45,60,75,90). */
		CU_ASSERT_EQUAL(n, 73);
	}
	sip_timer_heap_fini(&h);
}

int main(void)
{
	tu_suite("timer", (CU_TestInfo[]){{"order and ties", test_order_and_ties},
	                                  {"stop and re-arm", test_stop_and_rearm},
	                                  CU_TEST_INFO_NULL});
	return tu_run();
}

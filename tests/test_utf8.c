/* sip_utf8_len: the RFC 3629 table of well-formed sequences. */
#include <string.h>

#include "sipref/utf8.h"
#include "testutil.h"

static void test_table(void)
{
	static const struct {
		const char *bytes;
		size_t n, want;
	} t[] = {
	        {"\xc3\xa7", 2, 2},
	        {"\xc2\x80", 2, 2},
	        {"\xc1\xbf", 2, 0}, /* overlong */
	        {"\xc3", 1, 0},     /* truncated */
	        {"\xe2\x82\xac", 3, 3},
	        {"\xe0\x9f\xbf", 3, 0}, /* overlong */
	        {"\xed\xa0\x80", 3, 0}, /* surrogate */
	        {"\xef\xbf\xbf", 3, 3},
	        {"\xf0\x9f\x98\x80", 4, 4},
	        {"\xf0\x8f\xbf\xbf", 4, 0}, /* overlong */
	        {"\xf4\x90\x80\x80", 4, 0}, /* above U+10FFFF */
	        {"\xf4\x8f\xbf\xbf", 4, 4},
	        {"\xf5\x80\x80\x80", 4, 0},
	        {"\x80", 1, 0}, /* lone continuation */
	        {"\xff", 1, 0},
	        {"\xe2\x28\xa1", 3, 0},
	        {"\xe2\x82", 2, 0}, /* truncated */
	};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const unsigned char *p = (const unsigned char *)tu_guard(t[i].bytes, t[i].n);
		CU_ASSERT_EQUAL(sip_utf8_len(p, t[i].n), t[i].want);
	}
}

int main(void)
{
	tu_suite("utf8", (CU_TestInfo[]){{"RFC 3629 table", test_table}, CU_TEST_INFO_NULL});
	return tu_run();
}

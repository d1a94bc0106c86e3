#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int tu_run(void)
{
	unsigned fails;
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	fails = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	tu_guard_free();
	return fails ? 1 : 0;
}

void tu_suite(const char *name, CU_TestInfo *tests)
{
	CU_pSuite s;
	if (!CU_get_registry() && CU_initialize_registry() != CUE_SUCCESS)
		abort();
	s = CU_add_suite(name, 0, 0);
	if (!s)
		abort();
	for (; tests->pName; tests++)
		if (!CU_add_test(s, tests->pName, tests->pTestFunc))
			abort();
}

static void *guard_map;
static size_t guard_maplen;

void tu_guard_free(void)
{
	if (guard_map)
		munmap(guard_map, guard_maplen);
	guard_map = 0;
}

const char *tu_guard(const void *data, size_t len)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t pages = (len + pg - 1) / pg + 1;
	char *base;
	tu_guard_free();
	guard_maplen = (pages + 1) * pg;
	base = mmap(0, guard_maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		abort();
	guard_map = base;
	if (mprotect(base + pages * pg, pg, PROT_NONE) != 0)
		abort();
	memcpy(base + pages * pg - len, data, len);
	return base + pages * pg - len;
}

char *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = 0;
	long n;
	if (!f)
		return 0;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = 0;
		}
		if (buf)
			*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

const char *tu_src_path(const char *rel)
{
	static char path[4096];
	snprintf(path, sizeof(path), "%s/%s", SIPVET_SOURCE_DIR, rel);
	return path;
}

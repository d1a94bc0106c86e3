/* Helpers shared by the CUnit tests. */
#ifndef SIPVET_TESTUTIL_H
#define SIPVET_TESTUTIL_H

#include <CUnit/Basic.h>
#include <stddef.h>

/* Runs the registered CUnit suites, prints the summary and returns the
 * process exit status (0 when every assertion passed). */
int tu_run(void);

/* Adds a suite with the given tests: tu_suite("uri", (CU_TestInfo[]){...}). */
void tu_suite(const char *name, CU_TestInfo *tests);

/* Copies data[0..len) so that its last byte is immediately followed by an
 * unreadable page: any read past the end faults. Returns a pointer valid
 * until tu_guard_free(). */
const char *tu_guard(const void *data, size_t len);
void tu_guard_free(void);

/* Reads a whole file (binary-safe) into a malloc'd buffer; NULL on error. */
char *tu_read_file(const char *path, size_t *len);

/* Path under the source tree (static buffer, overwritten by the next call). */
const char *tu_src_path(const char *rel);

#endif

/* Shared by the fuzz targets: the libFuzzer entry points and the harness
 * hygiene every target follows (fuzz/README.md "Harness rules").
 *
 * Each target is one C file that builds three ways: with libFuzzer
 * (-fsanitize=fuzzer), with AFL++ (afl-clang-fast -fsanitize=fuzzer, its
 * persistent driver) and as a standalone reproducer (standalone.c). */
#ifndef SIPVET_FUZZ_H
#define SIPVET_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A copy of data[0..size) in an exact-size heap block: no NUL is appended,
 * so ASan reports any read at or past the end. malloc(0) may return NULL, so
 * an empty input gets a 1-byte block and the callers pass size 0. */
static inline char *fz_dup(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

/* The oracle failed: say why on stderr and abort, which every engine
 * records as a crash. */
#define FZ_ASSERT(cond)                                                                           \
	do {                                                                                      \
		if (!(cond)) {                                                                    \
			fprintf(stderr, "%s:%d: oracle failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                  \
		}                                                                                 \
	} while (0)

/* Strips SP, HTAB, CR and LF at both ends: a header parser's contract
 * (hdr_impl.h) is a value with LWS already trimmed, as the message core
 * hands it over. */
static inline void fz_trim(const char **p, const char **end)
{
	while (*p < *end && (**p == ' ' || **p == '\t' || **p == '\r' || **p == '\n'))
		(*p)++;
	while (*end > *p && ((*end)[-1] == ' ' || (*end)[-1] == '\t' || (*end)[-1] == '\r' ||
	                     (*end)[-1] == '\n'))
		(*end)--;
}

#endif

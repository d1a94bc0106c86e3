/* sipvet reports: a strict pull reader for JSON (RFC 8259), shared by the
 * results.json reader and the ETSI catalogue loader.
 *
 * The caller walks the document it expects: vet__jr_obj_next() yields the
 * keys of an object one by one, vet__jr_arr_next() the elements of an array,
 * and a typed getter or vet__jr_skip() consumes each value. The first error
 * is kept as "FILE:LINE:COL: message" and every later call fails at once,
 * so callers only propagate -1. The reader never reads outside the text
 * and never recurses deeper than VET_RESULTS_DEPTH. */
#ifndef SIPVET_JREAD_H
#define SIPVET_JREAD_H

#include <stddef.h>
#include <stdint.h>

struct vet_jr {
	const char *start, *p, *end;
	const char *file;
	char *err;
	size_t errlen;
	int failed;
	unsigned long nalloc, fail_at; /* allocation fault injection: 0 never */
};

void vet__jr_init(struct vet_jr *r, const char *text, size_t len, const char *file, char *err,
                  size_t errlen);
/* Records "FILE:LINE:COL: message" for position `at` (unless an error is
 * already recorded) and returns -1. */
int vet__jr_fail(struct vet_jr *r, const char *at, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* malloc/realloc that count calls and fail call number fail_at; a failure
 * records "FILE: out of memory". */
void *vet__jr_alloc(struct vet_jr *r, size_t n);
void *vet__jr_realloc(struct vet_jr *r, void *p, size_t n);

/* '{' (then vet__jr_obj_next) and '[' (then vet__jr_arr_next). */
int vet__jr_obj_begin(struct vet_jr *r);
int vet__jr_arr_begin(struct vet_jr *r);
/* Next key of the object: 1 with the key in key[0..cap) (NUL-terminated;
 * a key that does not fit or holds a NUL reads as "\x7f", which matches no
 * name) and *at its position, ready for its value; 0 at the closing brace;
 * -1 on error. *first starts at 1. */
int vet__jr_obj_next(struct vet_jr *r, int *first, char *key, size_t cap, const char **at);
/* 1: an element follows; 0: the closing bracket was consumed; -1: error. */
int vet__jr_arr_next(struct vet_jr *r, int *first);

/* 1 and consumes it when the next value is null; 0 otherwise. */
int vet__jr_null(struct vet_jr *r);
/* A string, decoded as the byte string documented in reports.h, in a new
 * NUL-terminated allocation; *len (may be NULL) excludes the NUL. */
int vet__jr_string(struct vet_jr *r, char **out, size_t *len);
/* A non-negative integer (no fraction, no exponent) <= max. */
int vet__jr_uint(struct vet_jr *r, uint64_t max, uint64_t *v);
int vet__jr_bool(struct vet_jr *r, int *v);
/* Any value, checked against the grammar. */
int vet__jr_skip(struct vet_jr *r);
/* Only whitespace remains. */
int vet__jr_finish(struct vet_jr *r);
/* The position of the next token (after whitespace), for messages. */
const char *vet__jr_pos(struct vet_jr *r);

#endif

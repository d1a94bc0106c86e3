/* sipvet: a small streaming JSON writer (RFC 8259).
 *
 * The writer inserts commas and checks nesting itself, so callers only say
 * what comes next. Output is compact (one line per document, JSON Lines).
 *
 * Strings are byte slices, not C strings: they may hold NULs and arbitrary
 * octets (SIP bodies and escaped URIs do). Every byte is written so the
 * result is always valid JSON in valid UTF-8:
 *   - '"' and '\\' are backslash-escaped; \b \f \n \r \t use their short forms;
 *   - other control characters (0x00-0x1f) and DEL (0x7f) become \u00XX;
 *   - well-formed UTF-8 sequences (no overlongs, no surrogates, <= U+10FFFF)
 *     are copied as they are;
 *   - every byte that is not part of a well-formed UTF-8 sequence becomes
 *     \u00XX of that byte: a consumer sees the Latin-1 reading of the byte,
 *     so nothing is lost, but such a character is indistinguishable from a
 *     real U+0080..U+00FF in the input. Callers that need the exact octets
 *     use vet_json_hex.
 */
#ifndef SIPVET_JSON_H
#define SIPVET_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sipref/str.h"

#define VET_JSON_DEPTH 32

struct vet_json {
	FILE *out;
	int depth;
	/* Per level: nothing written yet at that level (no comma needed). */
	unsigned char first[VET_JSON_DEPTH];
	unsigned char after_key; /* a key was written, its value comes next */
	unsigned char error;     /* nesting misuse or depth exceeded; see vet_json_end */
};

void vet_json_init(struct vet_json *j, FILE *out);
/* Ends the document (newline). 0 when the document was well formed and
 * complete, -1 when the caller misnested or exceeded VET_JSON_DEPTH. */
int vet_json_end(struct vet_json *j);

void vet_json_obj(struct vet_json *j);
void vet_json_obj_end(struct vet_json *j);
void vet_json_arr(struct vet_json *j);
void vet_json_arr_end(struct vet_json *j);
/* An object key (a C string the harness chose, so ASCII). */
void vet_json_key(struct vet_json *j, const char *k);

void vet_json_str(struct vet_json *j, const char *p, size_t len);
void vet_json_cstr(struct vet_json *j, const char *s);    /* NULL: null */
void vet_json_sstr(struct vet_json *j, struct sip_str s); /* .p NULL: null */
void vet_json_uint(struct vet_json *j, uint64_t v);
void vet_json_int(struct vet_json *j, int64_t v);
void vet_json_bool(struct vet_json *j, int v);
void vet_json_null(struct vet_json *j);
/* The bytes as a string of lower-case hex digits. */
void vet_json_hex(struct vet_json *j, const void *p, size_t len);

/* Escapes p[0..len) as a JSON string (with quotes) to out. */
void vet_json_escape(FILE *out, const char *p, size_t len);

/* Shorthands for "key": value. */
void vet_json_kstr(struct vet_json *j, const char *k, const char *p, size_t len);
void vet_json_kcstr(struct vet_json *j, const char *k, const char *s);
void vet_json_ksstr(struct vet_json *j, const char *k, struct sip_str s);
void vet_json_kuint(struct vet_json *j, const char *k, uint64_t v);
void vet_json_kint(struct vet_json *j, const char *k, int64_t v);
void vet_json_kbool(struct vet_json *j, const char *k, int v);

#endif

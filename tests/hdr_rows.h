/* Shared by the typed-header tests (tests/test_hdr_*.c): table rows of
 * header values run through the parse/print/same functions of their header
 * id, dispatched like the message core does (sip__hdr_ops, msg_impl.h). */
#ifndef SIPVET_TESTS_HDR_ROWS_H
#define SIPVET_TESTS_HDR_ROWS_H

#include <stdio.h>
#include <string.h>

#include "msg/msg_impl.h"
#include "testutil.h"

/* Row runner: the input is parsed through
 * tu_guard (a read past its end faults); a valid input is then parsed
 * again from the table (so the value outlives the guard), printed,
 * compared with the expected canonical text (the input itself when NULL),
 * re-parsed, and the two values must be `same`; printing the re-parse must
 * give the same text. */
struct row {
	enum sip_hdr_id id;
	const char *in;
	int rc;
	const char *canon; /* expected print; NULL: the input */
	long off;          /* expected error offset; -1: not checked */
};

static int parse_str(enum sip_hdr_id id, const char *p, size_t n, struct sip_arena *ar,
                     union sip_hval *v, struct sip_perr *err)
{
	struct sip__pctx c;
	sip__pctx_init(&c, ar, p, 0, err);
	return sip__hdr_ops[id].parse(&c, id, p, p + n, v);
}

static void run_rows(const struct row *t, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		struct sip_arena ar;
		struct sip_perr err = {0, 0, 0};
		union sip_hval v, w;
		char out[1024], out2[1024];
		struct sip_buf b;
		size_t len = strlen(t[i].in);
		const char *canon = t[i].canon ? t[i].canon : t[i].in;
		int rc;
		sip_arena_init(&ar, 0, 0);
		rc = parse_str(t[i].id, tu_guard(t[i].in, len), len, &ar, &v, &err);
		if (rc != t[i].rc)
			printf("\nrow %zu [%s]: rc %d (%s at %zu), want %d\n", i, t[i].in, rc,
			       err.reason ? err.reason : "", err.off, t[i].rc);
		CU_ASSERT_EQUAL(rc, t[i].rc);
		if (rc != 0) {
			CU_ASSERT_PTR_NOT_NULL(err.reason);
			CU_ASSERT(err.off <= len);
			if (t[i].off >= 0 && (long)err.off != t[i].off)
				printf("\nrow %zu [%s]: error at %zu, want %ld\n", i, t[i].in,
				       err.off, t[i].off);
			CU_ASSERT(t[i].off < 0 || (long)err.off == t[i].off);
			sip_arena_fini(&ar);
			continue;
		}
		CU_ASSERT_EQUAL_FATAL(parse_str(t[i].id, t[i].in, len, &ar, &v, &err), 0);
		sip_buf_init(&b, out, sizeof(out) - 1);
		sip__hdr_ops[t[i].id].print(&b, t[i].id, v);
		CU_ASSERT_FATAL(sip_buf_ok(&b));
		out[b.len] = 0;
		if (strcmp(out, canon) != 0)
			printf("\nrow %zu [%s]: printed [%s], want [%s]\n", i, t[i].in, out, canon);
		CU_ASSERT_STRING_EQUAL(out, canon);
		rc = parse_str(t[i].id, tu_guard(out, b.len), b.len, &ar, &w, &err);
		CU_ASSERT_EQUAL(rc, 0);
		rc = parse_str(t[i].id, out, b.len, &ar, &w, &err);
		CU_ASSERT_EQUAL_FATAL(rc, 0);
		CU_ASSERT(sip__hdr_ops[t[i].id].same(v, w));
		CU_ASSERT(sip__hdr_ops[t[i].id].same(w, v));
		sip_buf_init(&b, out2, sizeof(out2) - 1);
		sip__hdr_ops[t[i].id].print(&b, t[i].id, w);
		out2[b.len < sizeof(out2) ? b.len : 0] = 0;
		CU_ASSERT_STRING_EQUAL(out2, out);
		sip_arena_fini(&ar);
	}
}

/* Parses `in` (which must be valid) into v, allocating in ar. */
static int parse_ok(enum sip_hdr_id id, const char *in, struct sip_arena *ar, union sip_hval *v)
{
	struct sip_perr err = {0, 0, 0};
	return parse_str(id, in, strlen(in), ar, v, &err);
}

/* `same` must tell apart values that differ, and accept case changes where
 * the grammar is case-insensitive. */
struct same_row {
	enum sip_hdr_id id;
	const char *a, *b;
	int same;
};

static void run_same(const struct same_row *t, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		struct sip_arena ar;
		union sip_hval a, b;
		sip_arena_init(&ar, 0, 0);
		CU_ASSERT_EQUAL_FATAL(parse_ok(t[i].id, t[i].a, &ar, &a), 0);
		CU_ASSERT_EQUAL_FATAL(parse_ok(t[i].id, t[i].b, &ar, &b), 0);
		if (sip__hdr_ops[t[i].id].same(a, b) != t[i].same)
			printf("\nsame row %zu [%s] [%s]: want %d\n", i, t[i].a, t[i].b, t[i].same);
		CU_ASSERT_EQUAL(sip__hdr_ops[t[i].id].same(a, b), t[i].same);
		sip_arena_fini(&ar);
	}
}

#define NROWS(t) (sizeof(t) / sizeof((t)[0]))

#endif

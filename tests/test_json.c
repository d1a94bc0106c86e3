/* sipvet's JSON writer (harness/json.c): escaping of every byte, nesting. */
#include "json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Runs vet_json_escape over p[0..n) placed right before an unreadable page;
 * returns the malloc'd output (NUL-terminated; the escaper never writes a
 * raw NUL, which test_all_bytes checks). */
static char *escape(const char *p, size_t n, size_t *outlen)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	vet_json_escape(f, tu_guard(p, n), n);
	fclose(f);
	if (outlen)
		*outlen = len;
	return out;
}

#define S(lit) lit, sizeof(lit) - 1

static void test_escape_table(void)
{
	static const struct {
		const char *in;
		size_t len;
		const char *want;
	} t[] = {
	        {S(""), "\"\""},
	        {S("sip:alice@example.com"), "\"sip:alice@example.com\""},
	        {S("\""), "\"\\\"\""},
	        {S("\\"), "\"\\\\\""},
	        {S("a/b"), "\"a/b\""},
	        {S("\0"), "\"\\u0000\""},
	        {S("a\0b%00"), "\"a\\u0000b%00\""},
	        {S("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\""},
	        {S("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\""},
	        {S(" ~"), "\" ~\""},
	        /* Well-formed UTF-8 passes through (RFC 3629 4). */
	        {S("\xc3\xa9"), "\"\xc3\xa9\""},                 /* U+00E9 */
	        {S("\xc2\x80"), "\"\xc2\x80\""},                 /* U+0080 */
	        {S("\xe2\x82\xac"), "\"\xe2\x82\xac\""},         /* U+20AC */
	        {S("\xef\xbf\xbf"), "\"\xef\xbf\xbf\""},         /* U+FFFF */
	        {S("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\""}, /* U+1F600 */
	        {S("\xf4\x8f\xbf\xbf"), "\"\xf4\x8f\xbf\xbf\""}, /* U+10FFFF */
	        /* Everything else: \u00XX of each byte. */
	        {S("\x80"), "\"\\u0080\""},
	        {S("\xff\xfe"), "\"\\u00ff\\u00fe\""},
	        {S("\xc0\xaf"), "\"\\u00c0\\u00af\""},            /* overlong '/' */
	        {S("\xc1\xbf"), "\"\\u00c1\\u00bf\""},            /* overlong */
	        {S("\xe0\x80\xaf"), "\"\\u00e0\\u0080\\u00af\""}, /* overlong */
	        {S("\xf0\x80\x80\xaf"), "\"\\u00f0\\u0080\\u0080\\u00af\""},
	        {S("\xed\xa0\x80"), "\"\\u00ed\\u00a0\\u0080\""},            /* surrogate D800 */
	        {S("\xed\x9f\xbf"), "\"\xed\x9f\xbf\""},                     /* U+D7FF is fine */
	        {S("\xf4\x90\x80\x80"), "\"\\u00f4\\u0090\\u0080\\u0080\""}, /* > U+10FFFF */
	        {S("\xf5\x80\x80\x80"), "\"\\u00f5\\u0080\\u0080\\u0080\""},
	        {S("\xc3"), "\"\\u00c3\""}, /* truncated at the end */
	        {S("\xe2\x82"), "\"\\u00e2\\u0082\""},
	        {S("\xf0\x9f\x98"), "\"\\u00f0\\u009f\\u0098\""},
	        {S("\xc3"
	           "a"),
	         "\"\\u00c3a\""}, /* bad continuation */
	        {S("\xe2\x28\xa1"), "\"\\u00e2(\\u00a1\""},
	        {S("x\xc3\xa9\x00\xe9"), "\"x\xc3\xa9\\u0000\\u00e9\""},
	};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *got = escape(t[i].in, t[i].len, NULL);
		if (strcmp(got, t[i].want) != 0)
			fprintf(stderr, "\nescape #%zu: got %s want %s\n", i, got, t[i].want);
		CU_ASSERT_STRING_EQUAL(got, t[i].want);
		free(got);
	}
}

/* Is p[0..n) one JSON string literal in well-formed UTF-8, with no raw
 * control characters (RFC 8259 7, 8.1)? */
static int valid_json_string(const unsigned char *p, size_t n)
{
	size_t i = 1;
	if (n < 2 || p[0] != '"' || p[n - 1] != '"')
		return 0;
	while (i < n - 1) {
		unsigned char c = p[i];
		if (c < 0x20 || c == '"')
			return 0;
		if (c == '\\') {
			if (i + 1 >= n - 1)
				return 0;
			if (strchr("\"\\/bfnrt", p[i + 1]) && p[i + 1]) {
				i += 2;
				continue;
			}
			if (p[i + 1] != 'u' || i + 6 > n - 1)
				return 0;
			for (size_t k = 2; k < 6; k++)
				if (!strchr("0123456789abcdefABCDEF", p[i + k]) || !p[i + k])
					return 0;
			i += 6;
			continue;
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		/* Minimal UTF-8 check, written independently of json.c. */
		{
			uint32_t cp;
			size_t len, k;
			if ((c & 0xe0) == 0xc0)
				len = 2, cp = c & 0x1f;
			else if ((c & 0xf0) == 0xe0)
				len = 3, cp = c & 0x0f;
			else if ((c & 0xf8) == 0xf0)
				len = 4, cp = c & 0x07;
			else
				return 0;
			if (i + len > n - 1)
				return 0;
			for (k = 1; k < len; k++) {
				if ((p[i + k] & 0xc0) != 0x80)
					return 0;
				cp = cp << 6 | (p[i + k] & 0x3f);
			}
			if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
			    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
			    (cp >= 0xd800 && cp <= 0xdfff))
				return 0;
			i += len;
		}
	}
	return 1;
}

/* Reverses the escaping byte for byte: \u00XX gives back the byte XX, raw
 * UTF-8 is copied. The writer's scheme must be lossless. */
static size_t unescape(const char *s, size_t n, char *out)
{
	size_t i = 1, o = 0;
	while (i < n - 1) {
		if (s[i] != '\\') {
			out[o++] = s[i++];
			continue;
		}
		switch (s[i + 1]) {
		case 'b':
			out[o++] = '\b';
			break;
		case 'f':
			out[o++] = '\f';
			break;
		case 'n':
			out[o++] = '\n';
			break;
		case 'r':
			out[o++] = '\r';
			break;
		case 't':
			out[o++] = '\t';
			break;
		case 'u':
			out[o++] = (char)strtol((char[]){s[i + 4], s[i + 5], 0}, NULL, 16);
			i += 4;
			break;
		default:
			out[o++] = s[i + 1];
			break;
		}
		i += 2;
	}
	return o;
}

static void check_roundtrip(const char *in, size_t n)
{
	size_t len;
	char *got = escape(in, n, &len);
	char *back = malloc(len + 1);
	int ok = valid_json_string((const unsigned char *)got, len);
	CU_ASSERT_TRUE(ok);
	CU_ASSERT_EQUAL(strlen(got), len); /* no raw NUL */
	if (ok) {
		size_t bn = unescape(got, len, back);
		CU_ASSERT_EQUAL(bn, n);
		CU_ASSERT_TRUE(bn == n && memcmp(back, in, n) == 0);
	}
	free(back);
	free(got);
}

static void test_all_bytes(void)
{
	unsigned c, d;
	char two[2];
	for (c = 0; c < 256; c++) {
		two[0] = (char)c;
		check_roundtrip(two, 1);
		for (d = 0; d < 256; d += 15) {
			two[1] = (char)d;
			check_roundtrip(two, 2);
		}
	}
}

static void test_random_bytes(void)
{
	uint32_t x = 2463534242u; /* xorshift32: deterministic */
	char buf[64];
	int i;
	for (i = 0; i < 2000; i++) {
		size_t n = 1 + i % sizeof(buf), k;
		for (k = 0; k < n; k++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			/* Bias towards the bytes that start and continue UTF-8. */
			buf[k] = (char)((x & 0x100) ? (0x80 | (x & 0x7f)) : (x & 0xff));
		}
		check_roundtrip(buf, n);
	}
}

static void test_structure(void)
{
	char *out = NULL;
	size_t len = 0;
	struct vet_json j;
	FILE *f = open_memstream(&out, &len);
	vet_json_init(&j, f);
	vet_json_obj(&j);
	vet_json_kuint(&j, "n", 18446744073709551615ull);
	vet_json_kint(&j, "neg", -5);
	vet_json_key(&j, "list");
	vet_json_arr(&j);
	vet_json_cstr(&j, "a\"b");
	vet_json_null(&j);
	vet_json_bool(&j, 1);
	vet_json_obj(&j);
	vet_json_obj_end(&j);
	vet_json_arr(&j);
	vet_json_arr_end(&j);
	vet_json_sstr(&j, SIP_STR_NULL);
	vet_json_hex(&j, "\x00\xff", 2);
	vet_json_arr_end(&j);
	vet_json_kstr(&j, "body", "x\0y", 3);
	vet_json_obj_end(&j);
	CU_ASSERT_EQUAL(vet_json_end(&j), 0);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(out, "{\"n\":18446744073709551615,\"neg\":-5,\"list\":[\"a\\\"b\","
	                            "null,true,{},[],null,\"00ff\"],\"body\":\"x\\u0000y\"}\n");
	free(out);
}

static void test_misuse(void)
{
	static const struct {
		const char *what;
		int depth; /* nest this deep, then close `close` levels */
		int close;
		int key_dangling;
		int rc;
	} t[] = {
	        {"balanced", 3, 3, 0, 0},
	        {"unclosed", 3, 2, 0, -1},
	        {"over-closed", 2, 3, 0, -1},
	        {"key without value", 1, 1, 1, -1},
	        {"too deep", VET_JSON_DEPTH + 2, VET_JSON_DEPTH + 2, 0, -1},
	};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *out = NULL;
		size_t len = 0;
		struct vet_json j;
		FILE *f = open_memstream(&out, &len);
		int k;
		vet_json_init(&j, f);
		for (k = 0; k < t[i].depth; k++)
			vet_json_arr(&j);
		if (t[i].key_dangling) {
			vet_json_obj(&j);
			vet_json_key(&j, "k");
			vet_json_obj_end(&j);
		}
		for (k = 0; k < t[i].close; k++)
			vet_json_arr_end(&j);
		if (vet_json_end(&j) != t[i].rc)
			fprintf(stderr, "\nmisuse '%s': wrong verdict\n", t[i].what);
		CU_ASSERT_EQUAL(vet_json_end(&j) == 0 ? 0 : -1, t[i].rc);
		fclose(f);
		free(out);
	}
}

int main(void)
{
	tu_suite("json", (CU_TestInfo[]){{"escape table", test_escape_table},
	                                 {"every byte and byte pair", test_all_bytes},
	                                 {"random bytes round trip", test_random_bytes},
	                                 {"structure", test_structure},
	                                 {"misuse", test_misuse},
	                                 CU_TEST_INFO_NULL});
	return tu_run();
}

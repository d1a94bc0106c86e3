/* Multipart bodies (RFC 2046 5.1.1): delimiters, parts, binary content. */
#include "sipref/multipart.h"

#include <stdlib.h>
#include <string.h>

#include "sipref/hdr.h"
#include "testutil.h"

static struct sip_arena ar;
static struct sip_perr perr;

static int parse(const char *text, size_t len, const char *boundary, struct sip_multipart **out)
{
	const char *p = tu_guard(text, len);
	sip_arena_reset(&ar);
	memset(&perr, 0, sizeof(perr));
	return sip_multipart_parse(&ar, p, len, sip_str_make(boundary, strlen(boundary)), 0, out,
	                           &perr);
}

/* RFC 3261 23.4's multipart/signed, shortened: a folded header line in the
 * second part and a part that is itself a message. */
#define RFC3261_MP                                                      \
	"--boundary42\r\n"                                              \
	"Content-Type: message/sip\r\n"                                 \
	"\r\n"                                                          \
	"INVITE sip:bob@biloxi.com SIP/2.0\r\n"                         \
	"\r\n"                                                          \
	"--boundary42\r\n"                                              \
	"Content-Type: application/pkcs7-signature; name=smime.p7s\r\n" \
	"Content-Transfer-Encoding: base64\r\n"                         \
	"Content-Disposition: attachment; filename=smime.p7s;\r\n"      \
	"   handling=required\r\n"                                      \
	"\r\n"                                                          \
	"ghyHhHUujhJhjH77n8HHGTrfvbnj756tbB9HG4VQpfyF467GhIGfHfYT6\r\n" \
	"\r\n"                                                          \
	"--boundary42--\r\n"

static const struct {
	const char *text;
	const char *boundary;
	int rc;
	long off;             /* error offset, -1: not checked */
	size_t nparts;        /* when rc == 0 */
	const char *content0; /* first part's content, NULL: not checked */
} cases[] = {
        {RFC3261_MP, "boundary42", 0, -1, 2, "INVITE sip:bob@biloxi.com SIP/2.0\r\n"},
        {"--b\r\n\r\nx\r\n--b--", "b", 0, -1, 1, "x"},
        {"--b\r\n\r\nx\r\n--b--\r\n", "b", 0, -1, 1, "x"},
        /* Preamble and epilogue are ignored; transport padding after delimiters. */
        {"preamble\r\nmore\r\n--b \t\r\n\r\nx\r\n--b--  \r\nepilogue", "b", 0, -1, 1, "x"},
        /* Empty parts; a part with headers only. */
        {"--b\r\n\r\n--b\r\n\r\n\r\n--b--", "b", 0, -1, 2, ""},
        {"--b\r\nContent-Type: text/plain\r\n\r\n--b--", "b", 0, -1, 1, NULL},
        {"--b\r\n\r\n--b--", "b", 0, -1, 1, ""},
        /* A boundary lookalike inside content that is not at a line start. */
        {"--b\r\n\r\nx--b y\r\n--b--", "b", 0, -1, 1, "x--b y"},
        /* A nested multipart stays raw. */
        {"--o\r\nContent-Type: multipart/mixed;boundary=i\r\n\r\n--i\r\n\r\nx\r\n--i--\r\n--o--",
         "o", 0, -1, 1, "--i\r\n\r\nx\r\n--i--"},
        /* Boundary with bchars incl. an inner space (RFC 2046 5.1.1). */
        {"--a b'()+_,-./:=?\r\n\r\nx\r\n--a b'()+_,-./:=?--", "a b'()+_,-./:=?", 0, -1, 1, "x"},
        /* Errors. */
        {"--b\r\n\r\nx\r\n", "b", SIP_EPARSE, 10, 0, NULL},
        {"--b\r\n\r\nx\r\n--b", "b", SIP_EPARSE, 13, 0, NULL},
        {"--b\r\n\r\nx\r\n--c--", "b", SIP_EPARSE, 15, 0, NULL},
        {"no delimiter at all", "b", SIP_EPARSE, 0, 0, NULL},
        {"", "b", SIP_EPARSE, 0, 0, NULL},
        {"--b--", "b", SIP_EPARSE, 3, 0, NULL},
        {"--bx\r\n\r\nx\r\n--b--", "b", SIP_EPARSE, 3, 0, NULL},
        {"--b\r\n\r\nx\r\n--b--junk", "b", SIP_EPARSE, 15, 0, NULL},
        /* The first delimiter found is the close delimiter: no part. */
        {"x--b\r\n\r\nx\r\n--b--", "b", SIP_EPARSE, 14, 0, NULL},
        {"--b\r\nnot a header\r\n\r\nx\r\n--b--", "b", SIP_EPARSE, 8, 0, NULL},
        {"--b\r\n folded\r\n\r\nx\r\n--b--", "b", SIP_EPARSE, 5, 0, NULL},
        /* The CRLF before "--b" belongs to the delimiter: the header line
         * is unterminated. */
        {"--b\r\nContent-Type: text/plain\r\n--b--", "b", SIP_EPARSE, 5, 0, NULL},
        {"--b\r\nContent-Type: text/plain\r\nContent-Type: a/b\r\n\r\n--b--", "b", SIP_EPARSE, 31,
         0, NULL},
        {"--b\r\nContent-Type: bad\r\n\r\n--b--", "b", SIP_EPARSE, -1, 0, NULL},
        {"--b\r\nX: y\rz\r\n\r\n--b--", "b", SIP_EPARSE, 9, 0, NULL},
        {"--b\r\nX: y\r\n\r\n--b", "b", SIP_EPARSE, 16, 0, NULL},
        /* Invalid boundaries. */
        {"--\r\n\r\n--", "", SIP_EPARSE, 0, 0, NULL},
        {"--b \r\n\r\nx\r\n--b --", "b ", SIP_EPARSE, 0, 0, NULL},
        {"--b;\r\n\r\nx\r\n--b;--", "b;", SIP_EPARSE, 0, 0, NULL},
        {"--01234567890123456789012345678901234567890123456789012345678901234567890\r\n\r\n",
         "01234567890123456789012345678901234567890123456789012345678901234567890", SIP_EPARSE, 0,
         0, NULL},
};

static void test_cases(void)
{
	size_t i;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sip_multipart *mp = NULL;
		int rc = parse(cases[i].text, strlen(cases[i].text), cases[i].boundary, &mp);
		if (rc != cases[i].rc ||
		    (rc && cases[i].off >= 0 && (long)perr.off != cases[i].off))
			printf("\n  case %zu: rc %d (%s at %zu)\n", i, rc,
			       perr.reason ? perr.reason : "-", perr.off);
		CU_ASSERT_EQUAL(rc, cases[i].rc);
		CU_ASSERT_EQUAL(rc == 0, mp != NULL);
		if (rc != 0) {
			if (cases[i].off >= 0)
				CU_ASSERT_EQUAL((long)perr.off, cases[i].off);
			continue;
		}
		if (!mp || rc != cases[i].rc)
			continue;
		CU_ASSERT_EQUAL(mp->nparts, cases[i].nparts);
		if (cases[i].content0)
			CU_ASSERT(sip_str_eq(
			        mp->parts->content,
			        sip_str_make(cases[i].content0, strlen(cases[i].content0))));
	}
}

/* Details of the RFC 3261 example: headers, folding, Content-Type. */
#define PRE_EPI "pre\r\n--b\r\n\r\nx\r\n--b--\r\nepi"

static void test_rfc3261(void)
{
	struct sip_multipart *mp;
	const struct sip_mpart *p;
	CU_ASSERT_EQUAL_FATAL(parse(RFC3261_MP, sizeof(RFC3261_MP) - 1, "boundary42", &mp), 0);
	CU_ASSERT_EQUAL(mp->preamble.len, 0);
	CU_ASSERT_EQUAL(mp->epilogue.len, 0);
	p = mp->parts;
	CU_ASSERT(sip_str_eq(p->content_type, SIP_STR("message/sip")));
	CU_ASSERT_PTR_NOT_NULL_FATAL(p->ctype);
	CU_ASSERT(sip_str_eq(p->ctype->type, SIP_STR("message")));
	CU_ASSERT(sip_str_eq(p->ctype->subtype, SIP_STR("sip")));
	CU_ASSERT(sip_str_eq(p->headers, SIP_STR("Content-Type: message/sip\r\n")));
	p = p->next;
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT(sip_str_eq(p->content_type,
	                     SIP_STR("application/pkcs7-signature; name=smime.p7s")));
	CU_ASSERT_PTR_NOT_NULL_FATAL(p->ctype);
	CU_ASSERT_PTR_NOT_NULL(p->ctype->params);
	CU_ASSERT(sip_str_eq(
	        p->content,
	        SIP_STR("ghyHhHUujhJhjH77n8HHGTrfvbnj756tbB9HG4VQpfyF467GhIGfHfYT6\r\n")));
	CU_ASSERT_EQUAL(p->headers.len, 170);
	CU_ASSERT_PTR_NULL(p->next);
	/* A part without Content-Type. */
	CU_ASSERT_EQUAL_FATAL(parse("--b\r\n\r\nx\r\n--b--", 15, "b", &mp), 0);
	CU_ASSERT_PTR_NULL(mp->parts->content_type.p);
	CU_ASSERT_PTR_NULL(mp->parts->ctype);
	/* Preamble and epilogue slices. */
	CU_ASSERT_EQUAL_FATAL(parse(PRE_EPI, sizeof(PRE_EPI) - 1, "b", &mp), 0);
	CU_ASSERT(sip_str_eq(mp->preamble, SIP_STR("pre")));
	CU_ASSERT(sip_str_eq(mp->epilogue, SIP_STR("epi")));
}

static uint32_t fnv1a(struct sip_str s)
{
	uint32_t h = 0x811c9dc5u;
	size_t i;
	for (i = 0; i < s.len; i++)
		h = (h ^ (unsigned char)s.p[i]) * 0x01000193u;
	return h;
}

/* RFC 4475 3.1.1.11 mpart01: the body after the blank line, boundary from
 * its Content-Type; the binary part's exact bytes. Every prefix of the body
 * is handled (only one is complete: the close delimiter ends the body). */
static void test_mpart01(void)
{
	size_t len = 0, blen, k;
	char *buf = tu_read_file(tu_src_path("corpus/torture/rfc4475/mpart01.dat"), &len);
	const char *body, *b;
	struct sip_multipart *mp, *mp2;
	const struct sip_mpart *p;
	struct sip_arena ar2;
	struct sip_perr e2;
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	b = strstr(buf, "boundary=");
	body = strstr(buf, "\r\n\r\n");
	CU_ASSERT_FATAL(b && body && b < body);
	CU_ASSERT_EQUAL_FATAL(strncmp(b + 9, "7a9cbec02ceef655\r\n", 18), 0);
	body += 4;
	blen = len - (size_t)(body - buf);
	CU_ASSERT_EQUAL(blen, 553); /* its Content-Length */
	CU_ASSERT_EQUAL_FATAL(parse(body, blen, "7a9cbec02ceef655", &mp), 0);
	CU_ASSERT_EQUAL_FATAL(mp->nparts, 2);
	p = mp->parts;
	CU_ASSERT(sip_str_eq(p->content, SIP_STR("Hello")));
	CU_ASSERT(sip_str_eq(p->content_type, SIP_STR("text/plain")));
	CU_ASSERT(p->ctype && sip_str_eq(p->ctype->subtype, SIP_STR("plain")));
	p = p->next;
	CU_ASSERT(sip_str_eq(p->content_type, SIP_STR("application/octet-stream")));
	CU_ASSERT_EQUAL(p->content.len, 342);
	CU_ASSERT_EQUAL(p->content.len > 8 && memcmp(p->content.p, "0\x82\x01R\x06\t*\x86", 8), 0);
	CU_ASSERT_EQUAL(p->content.len > 8 && memcmp(p->content.p + p->content.len - 8,
	                                             "O\xe5{e\xbc\x99\xd0\x05", 8),
	                0);
	CU_ASSERT_PTR_NOT_NULL(memchr(p->content.p, 0, p->content.len));
	CU_ASSERT_EQUAL(fnv1a(p->content), 0xa89ec95cu);
	CU_ASSERT_EQUAL(mp->epilogue.len, 0);
	/* Structural equality: a second parse is the same; a changed part not. */
	sip_arena_init(&ar2, 0, 0);
	CU_ASSERT_EQUAL_FATAL(
	        sip_multipart_parse(&ar2, body, blen, SIP_STR("7a9cbec02ceef655"), 0, &mp2, &e2),
	        0);
	CU_ASSERT(sip_multipart_same(mp, mp2));
	mp2->parts->next->content.len--;
	CU_ASSERT(!sip_multipart_same(mp, mp2));
	sip_arena_fini(&ar2);
	for (k = 0; k < blen; k++) {
		int rc = parse(body, k, "7a9cbec02ceef655", &mp);
		/* Only the prefix that drops the final CRLF is still complete. */
		CU_ASSERT_EQUAL(rc, k == blen - 2 ? 0 : SIP_EPARSE);
		CU_ASSERT(rc == 0 || perr.off <= k);
	}
	free(buf);
}

int main(void)
{
	int rc;
	sip_arena_init(&ar, 0, 0);
	tu_suite("multipart", (CU_TestInfo[]){{"table", test_cases},
	                                      {"RFC 3261 23.4 example", test_rfc3261},
	                                      {"RFC 4475 mpart01", test_mpart01},
	                                      CU_TEST_INFO_NULL});
	rc = tu_run();
	sip_arena_fini(&ar);
	return rc;
}

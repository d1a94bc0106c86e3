/* SDP (RFC 4566): line grammar, field order, decoded values, round trip. */
#include "sipref/sdp.h"

#include <stdlib.h>
#include <string.h>

#include "msg/scan.h"
#include "testutil.h"

static struct sip_arena ar;
static struct sip_perr perr;

/* Parses text[0..len) placed right before an unreadable page. */
static int parse(const char *text, size_t len, struct sip_sdp **out)
{
	const char *p = tu_guard(text, len);
	sip_arena_reset(&ar);
	memset(&perr, 0, sizeof(perr));
	return sip_sdp_parse(&ar, p, len, 0, out, &perr);
}

#define RFC4566_EX                                            \
	"v=0\r\n"                                             \
	"o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5\r\n"  \
	"s=SDP Seminar\r\n"                                   \
	"i=A Seminar on the session description protocol\r\n" \
	"u=http://www.example.com/seminars/sdp.pdf\r\n"       \
	"e=j.doe@example.com (Jane Doe)\r\n"                  \
	"c=IN IP4 224.2.17.12/127\r\n"                        \
	"t=2873397496 2873404696\r\n"                         \
	"a=recvonly\r\n"                                      \
	"m=audio 49170 RTP/AVP 0\r\n"                         \
	"m=video 51372 RTP/AVP 99\r\n"                        \
	"a=rtpmap:99 h263-1998/90000\r\n"

/* RFC 3261 23.4 (the SDP of the tunnelled INVITE). */
#define RFC3261_EX                                          \
	"v=0\r\n"                                           \
	"o=UserA 2890844526 2890844526 IN IP4 here.com\r\n" \
	"s=Session SDP\r\n"                                 \
	"c=IN IP4 pc33.atlanta.com\r\n"                     \
	"t=0 0\r\n"                                         \
	"m=audio 49172 RTP/AVP 0\r\n"                       \
	"a=rtpmap:0 PCMU/8000\r\n"

/* The SDP of RFC 4475 sdp01 (and most other torture messages). */
#define TORTURE_SDP                                     \
	"v=0\r\n"                                       \
	"o=mhandley 29739 7272939 IN IP4 192.0.2.5\r\n" \
	"s=-\r\n"                                       \
	"c=IN IP4 192.0.2.5\r\n"                        \
	"t=0 0\r\n"                                     \
	"m=audio 49217 RTP/AVP 0 12\r\n"                \
	"m=video 3227 RTP/AVP 31\r\n"                   \
	"a=rtpmap:31 LPC\r\n"

#define VOS  "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n"
#define VOST VOS "t=0 0\r\n"

static const struct {
	const char *text;
	int rc;
	long off; /* expected error offset, -1: not checked */
} whole[] = {
        {RFC4566_EX, 0, -1},
        {RFC3261_EX, 0, -1},
        {TORTURE_SDP, 0, -1},
        /* RFC 4566 5: parsers accept a bare LF. */
        {"v=0\no=- 1 1 IN IP4 192.0.2.1\ns=x\nt=0 0\n", 0, -1},
        /* RFC 4566 5.10, 5.11 examples. */
        {VOS "t=3034423619 3042462419\r\nr=604800 3600 0 90000\r\nr=7d 1h 0 25h\r\n"
             "z=2882844526 -1h 2898848070 0\r\n",
         0, -1},
        {VOST "m=audio 49170/2 RTP/AVP 0\r\nc=IN IP6 FF15::101/3\r\nc=IN IP4 224.2.1.1/127/3\r\n"
              "b=AS:64\r\nk=prompt\r\n",
         0, -1},
        {VOS "c=IN IP4 224.2.1.1/127/3\r\nb=CT:128\r\nt=0 0\r\nk=clear:x\r\na=tool:x y\r\n", 0, -1},
        {VOST "m=application 9 TCP/TLS/BFCP *\r\n", 0, -1},
        {VOS "i=info\r\nu=http://x\r\ne=a@b\r\ne=c@d\r\np=+1 617 555-6011\r\nt=0 0\r\n", 0, -1},
        {VOST "m=audio 0 RTP/AVP 0\r\ni=x\r\nc=IN IP4 192.0.2.1\r\nb=AS:1\r\nk=prompt\r\na=x\r\n",
         0, -1},
        /* Other nettype / addrtype: extn-addr kept raw. */
        {"v=0\r\no=- 1 1 ATM NSAP 47.0005.80/x\r\ns=-\r\nt=0 0\r\n", 0, -1},
        /* Missing or out-of-order lines (RFC 4566 5). */
        {"", SIP_EPARSE, 0},
        {"o=- 1 1 IN IP4 192.0.2.1\r\n", SIP_EPARSE, 0},
        {"v=0\r\ns=-\r\nt=0 0\r\n", SIP_EPARSE, 5},
        {VOS, SIP_EPARSE, 36},
        {VOS "m=audio 1 RTP/AVP 0\r\n", SIP_EPARSE, 36},
        {VOST "s=-\r\n", SIP_EPARSE, 43},
        {VOST "c=IN IP4 192.0.2.1\r\n", SIP_EPARSE, 43},
        {VOST "a=x\r\nb=AS:1\r\n", SIP_EPARSE, 48},
        {VOS "c=IN IP4 192.0.2.1\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n", SIP_EPARSE, 56},
        {VOS "r=7d 1h 0\r\nt=0 0\r\n", SIP_EPARSE, 36},
        {VOST "m=audio 1 RTP/AVP 0\r\nr=7d 1h 0\r\n", SIP_EPARSE, 64},
        {VOST "m=audio 1 RTP/AVP 0\r\na=x\r\ni=y\r\n", SIP_EPARSE, 69},
        /* A type letter the parser does not understand (RFC 4566 5). */
        {VOST "x=1\r\n", SIP_EPARSE, 43},
        /* RFC 4475 test.dat's body. */
        {"v=0\r\ntesting=123\r\n", SIP_EPARSE, 5},
        /* Line syntax. */
        {VOST "m =audio 1 RTP/AVP 0\r\n", SIP_EPARSE, 43},
        {VOST "A=x\r\n", SIP_EPARSE, 43},
        /* Trailing empty lines end the description; an empty line before
         * another line is an error; the last line may lack its CRLF (see
         * sip_sdp_parse: RFC 4566 5 robustness, RFC 5118's examples). */
        {VOST "\r\n", 0, 0},
        {VOST "\r\n\r\n", 0, 0},
        {VOST "\r\na=x\r\n", SIP_EPARSE, 43},
        {VOST "a=x", 0, 0},
        {VOST "a=x\ry\r\n", SIP_EPARSE, 46},
        {"v=1\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", SIP_EPARSE, 2},
};

static void test_whole(void)
{
	size_t i;
	for (i = 0; i < sizeof(whole) / sizeof(whole[0]); i++) {
		struct sip_sdp *s = NULL;
		size_t len = strlen(whole[i].text);
		int rc;
		rc = parse(whole[i].text, len, &s);
		if (rc != whole[i].rc)
			printf("\n  case %zu: rc %d (%s at %zu)\n", i, rc,
			       perr.reason ? perr.reason : "-", perr.off);
		CU_ASSERT_EQUAL(rc, whole[i].rc);
		CU_ASSERT_EQUAL(rc == 0, s != NULL);
		if (rc != 0 && whole[i].off >= 0) {
			if ((long)perr.off != whole[i].off)
				printf("\n  case %zu: off %zu (%s)\n", i, perr.off, perr.reason);
			CU_ASSERT_EQUAL((long)perr.off, whole[i].off);
			CU_ASSERT_PTR_NOT_NULL(perr.reason);
		}
	}
}

/* An embedded NUL is an invalid octet (byte-string excludes %x00). */
static void test_nul(void)
{
	static const char t[] = VOST "a=x\0y\r\n";
	struct sip_sdp *s;
	CU_ASSERT_EQUAL(parse(t, sizeof(t) - 1, &s), SIP_EPARSE);
	CU_ASSERT_EQUAL(perr.off, sizeof(VOST) - 1 + 3);
}

/* One line after VOST: valid and invalid values of each field. */
static const struct {
	const char *line;
	int rc;
} lines[] = {
        {"c=IN IP4 192.0.2.1\r\n", SIP_EPARSE}, /* session c= after t= */
        {"m=audio 65535 RTP/AVP 0\r\n", 0},
        {"m=audio 65536 RTP/AVP 0\r\n", SIP_EPARSE},
        {"m=audio 1/0 RTP/AVP 0\r\n", SIP_EPARSE},
        {"m=audio 1/2 RTP/AVP 0\r\n", 0},
        {"m=audio 1 RTP/AVP\r\n", SIP_EPARSE},
        {"m=audio 1 RTP/AVP \r\n", SIP_EPARSE},
        {"m=audio 1 RTP//AVP 0\r\n", SIP_EPARSE},
        {"m=audio 1 /AVP 0\r\n", SIP_EPARSE},
        {"m=audio  1 RTP/AVP 0\r\n", SIP_EPARSE},
        {"m=audio x RTP/AVP 0\r\n", SIP_EPARSE},
        {"m=audio 1 RTP/AVP 0 8 101\r\n", 0},
        {"m=aud(io 1 RTP/AVP 0\r\n", SIP_EPARSE},
        {"a=rtpmap:0 PCMU/8000\r\n", 0},
        {"a=sendrecv\r\n", 0},
        {"a=x:\r\n", SIP_EPARSE},
        {"a=\r\n", SIP_EPARSE},
        {"a=:x\r\n", SIP_EPARSE},
        {"a=fmtp:101 0-15\r\n", 0},
        {"k=\r\n", SIP_EPARSE},
        {"z=2882844526 -1h\r\n", 0},
        {"z=2882844526 -1h 2898848070\r\n", SIP_EPARSE},
        {"z=2882844526 1x\r\n", SIP_EPARSE},
        {"r=0 1h 0\r\n", SIP_EPARSE},
        {"r=7d 1h\r\n", SIP_EPARSE},
        {"r=7d 1h 0 25h\r\n", 0},
        {"t=1 0\r\n", SIP_EPARSE},
        {"t=0123456789 0\r\n", SIP_EPARSE},
        {"t=3034423619 0\r\n", 0},
        {"t=0 0 \r\n", SIP_EPARSE},
        {"t=0\r\n", SIP_EPARSE},
};

static void test_lines(void)
{
	size_t i;
	char buf[256];
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct sip_sdp *s;
		int rc;
		snprintf(buf, sizeof(buf), "%s%s", VOST, lines[i].line);
		rc = parse(buf, strlen(buf), &s);
		if (rc != lines[i].rc)
			printf("\n  line %zu: rc %d (%s)\n", i, rc,
			       perr.reason ? perr.reason : "-");
		CU_ASSERT_EQUAL(rc, lines[i].rc);
	}
}

/* c= and o= addresses (RFC 4566 5.7, RFC 5118 4.6/4.8/4.9). */
static const struct {
	const char *addr; /* after "c=" */
	int rc;
	enum sip_host_type type;
	const char *text;
	int ttl;
	uint32_t num;
	uint8_t bytes[16];
} conns[] = {
        {"IN IP4 192.0.2.5", 0, SIP_HOST_IPV4, "192.0.2.5", -1, 1, {192, 0, 2, 5}},
        {"IN IP4 224.2.1.1/127", 0, SIP_HOST_IPV4, "224.2.1.1", 127, 1, {224, 2, 1, 1}},
        {"IN IP4 224.2.1.1/0/3", 0, SIP_HOST_IPV4, "224.2.1.1", 0, 3, {224, 2, 1, 1}},
        {"IN IP4 224.2.1.1", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP4 224.2.1.1/256", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP4 224.2.1.1/012", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP4 224.2.1.1/1/0", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP4 224.2.1.1/1/2/3", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP4 192.0.2.5/127", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP4 192.0.2.256", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP4 192.0.2", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP4 pc33.atlanta.com", 0, SIP_HOST_NAME, "pc33.atlanta.com", -1, 1, {0}},
        {"IN IP4 a.b", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP4 host_1.com", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP6 2001:db8::20",
         0,
         SIP_HOST_IPV6,
         "2001:db8::20",
         -1,
         1,
         {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20}},
        {"IN IP6 ::ffff:192.0.2.2",
         0,
         SIP_HOST_IPV6,
         "::ffff:192.0.2.2",
         -1,
         1,
         {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 2}},
        {"IN IP6 FF15::101/3",
         0,
         SIP_HOST_IPV6,
         "FF15::101",
         -1,
         3,
         {0xff, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x01}},
        {"IN IP6 2001:db8::20/3", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP6 2001:db8:::192.0.2.1", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP6 [2001:db8::20]", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP6 host.example.com", 0, SIP_HOST_NAME, "host.example.com", -1, 1, {0}},
        {"IN  IP4 192.0.2.5", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP4", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP4 ", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"IN IP4 192.0.2.5 x", SIP_EPARSE, 0, 0, 0, 0, {0}},
        {"TN RFC2543 x/y/z", 0, SIP_HOST_NONE, "x/y/z", -1, 1, {0}},
};

static void test_conns(void)
{
	size_t i;
	char buf[256];
	for (i = 0; i < sizeof(conns) / sizeof(conns[0]); i++) {
		struct sip_sdp *s = NULL;
		const struct sip_sdp_conn *c;
		int rc;
		snprintf(buf, sizeof(buf), VOS "c=%s\r\nt=0 0\r\n", conns[i].addr);
		rc = parse(buf, strlen(buf), &s);
		if (rc != conns[i].rc)
			printf("\n  conn %zu: rc %d (%s)\n", i, rc,
			       perr.reason ? perr.reason : "-");
		CU_ASSERT_EQUAL(rc, conns[i].rc);
		if (rc != 0 || rc != conns[i].rc)
			continue;
		c = s->conn;
		CU_ASSERT_PTR_NOT_NULL_FATAL(c);
		CU_ASSERT_PTR_NULL(c->next);
		CU_ASSERT_EQUAL(c->host.type, conns[i].type);
		CU_ASSERT(sip_str_eq(c->host.text,
		                     sip_str_make(conns[i].text, strlen(conns[i].text))));
		CU_ASSERT_EQUAL(c->ttl, conns[i].ttl);
		CU_ASSERT_EQUAL(c->num, conns[i].num);
		if (c->host.type == SIP_HOST_IPV4)
			CU_ASSERT_EQUAL(memcmp(c->host.addr, conns[i].bytes, 4), 0);
		if (c->host.type == SIP_HOST_IPV6)
			CU_ASSERT_EQUAL(memcmp(c->host.addr, conns[i].bytes, 16), 0);
	}
}

/* RFC 4566 5 example: every decoded field. */
static void test_decoded(void)
{
	struct sip_sdp *s;
	const struct sip_sdp_media *m;
	const struct sip_sdp_attr *a;
	CU_ASSERT_EQUAL_FATAL(parse(RFC4566_EX, sizeof(RFC4566_EX) - 1, &s), 0);
	CU_ASSERT_EQUAL(s->version, 0);
	CU_ASSERT(sip_str_eq(s->origin.username, SIP_STR("jdoe")));
	CU_ASSERT_EQUAL(s->origin.id, 2890844526u);
	CU_ASSERT_EQUAL(s->origin.version, 2890842807u);
	CU_ASSERT_EQUAL(s->origin.addr.host.type, SIP_HOST_IPV4);
	CU_ASSERT_EQUAL(memcmp(s->origin.addr.host.addr, "\x0a\x2f\x10\x05", 4), 0);
	CU_ASSERT(sip_str_eq(s->name, SIP_STR("SDP Seminar")));
	CU_ASSERT(sip_str_eq(s->uri, SIP_STR("http://www.example.com/seminars/sdp.pdf")));
	CU_ASSERT_PTR_NOT_NULL_FATAL(s->emails);
	CU_ASSERT(sip_str_eq(s->emails->value, SIP_STR("j.doe@example.com (Jane Doe)")));
	CU_ASSERT_PTR_NULL(s->phones);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s->conn);
	CU_ASSERT_EQUAL(s->conn->ttl, 127);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s->times);
	CU_ASSERT_EQUAL(s->times->start, 2873397496u);
	CU_ASSERT_EQUAL(s->times->stop, 2873404696u);
	CU_ASSERT_PTR_NULL(s->times->next);
	CU_ASSERT_PTR_NULL(s->key.p);
	a = sip_sdp_attr_find(s->attrs, "recvonly");
	CU_ASSERT_PTR_NOT_NULL(a);
	CU_ASSERT_EQUAL(a ? a->has_value : 1, 0);
	CU_ASSERT_EQUAL(s->nmedia, 2);
	m = s->media;
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT(sip_str_eq(m->media, SIP_STR("audio")));
	CU_ASSERT_EQUAL(m->port, 49170);
	CU_ASSERT_EQUAL(m->nports, 1);
	CU_ASSERT(sip_str_eq(m->proto, SIP_STR("RTP/AVP")));
	CU_ASSERT_EQUAL(m->nfmts, 1);
	CU_ASSERT_PTR_NULL(m->attrs);
	CU_ASSERT_PTR_NULL(m->conns);
	m = m->next;
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->port, 51372);
	CU_ASSERT(sip_str_eq(m->fmts->fmt, SIP_STR("99")));
	a = sip_sdp_attr_find(m->attrs, "rtpmap");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT(sip_str_eq(a->value, SIP_STR("99 h263-1998/90000")));
	CU_ASSERT_PTR_NULL(m->next);
}

/* RFC 4566 5.10 / 5.11: typed times become seconds. */
static void test_times(void)
{
	static const char t[] = VOS "t=3034423619 3042462419\r\nr=7d 1h 0 25h\r\n"
	                            "z=2882844526 -1h 2898848070 0\r\n";
	struct sip_sdp *s;
	const struct sip_sdp_repeat *r;
	CU_ASSERT_EQUAL_FATAL(parse(t, sizeof(t) - 1, &s), 0);
	r = s->times->repeats;
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->interval, 604800);
	CU_ASSERT_EQUAL(r->duration, 3600);
	CU_ASSERT_EQUAL_FATAL(r->noffsets, 2);
	CU_ASSERT_EQUAL(r->offsets[0], 0);
	CU_ASSERT_EQUAL(r->offsets[1], 90000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s->zones);
	CU_ASSERT_EQUAL(s->zones->time, 2882844526u);
	CU_ASSERT_EQUAL(s->zones->offset, -3600);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s->zones->next);
	CU_ASSERT_EQUAL(s->zones->next->offset, 0);
}

/* The bodies of the torture messages (after the blank line). */
static const struct {
	const char *file;
	int rc;
} torture[] = {
        {"corpus/torture/rfc4475/sdp01.dat", 0},
        {"corpus/torture/rfc4475/inv2543.dat", 0},
        {"corpus/torture/rfc4475/ltgtruri.dat", 0},
        {"corpus/torture/rfc4475/wsinv.dat", 0},
        {"corpus/torture/rfc4475/unreason.dat", 0},
        {"corpus/torture/rfc5118/ipv6-in-sdp", 0},
        {"corpus/torture/rfc5118/mult-ip-in-sdp", 0},
        {"corpus/torture/rfc5118/ipv4-mapped-ipv6", 0},
        /* No s= and no t=. */
        {"corpus/torture/rfc4475/mismatch02.dat", SIP_EPARSE},
};

static struct sip_sdp *torture_sdp(const char *file, int *rc)
{
	size_t len = 0;
	char *buf = tu_read_file(tu_src_path(file), &len);
	const char *body;
	struct sip_sdp *s = NULL;
	*rc = -100;
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	body = strstr(buf, "\r\n\r\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(body);
	body += 4;
	*rc = parse(body, len - (size_t)(body - buf), &s);
	free(buf);
	return s;
}

static void test_torture(void)
{
	size_t i;
	for (i = 0; i < sizeof(torture) / sizeof(torture[0]); i++) {
		int rc;
		torture_sdp(torture[i].file, &rc);
		if (rc != torture[i].rc)
			printf("\n  %s: rc %d (%s at %zu)\n", torture[i].file, rc,
			       perr.reason ? perr.reason : "-", perr.off);
		CU_ASSERT_EQUAL(rc, torture[i].rc);
	}
}

/* RFC 5118 4.8: c= per media section, one IPv4 and one IPv6. */
static void test_mult_ip(void)
{
	int rc;
	struct sip_sdp *s = torture_sdp("corpus/torture/rfc5118/mult-ip-in-sdp", &rc);
	static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_EQUAL(s->name.len, 0);
	CU_ASSERT_PTR_NULL(s->conn);
	CU_ASSERT_EQUAL(s->origin.addr.host.type, SIP_HOST_NAME);
	CU_ASSERT_EQUAL_FATAL(s->nmedia, 2);
	CU_ASSERT_EQUAL(s->media->conns->host.type, SIP_HOST_IPV4);
	CU_ASSERT_EQUAL(memcmp(s->media->conns->host.addr, "\xc0\x00\x02\x01", 4), 0);
	CU_ASSERT_EQUAL(s->media->next->conns->host.type, SIP_HOST_IPV6);
	CU_ASSERT_EQUAL(memcmp(s->media->next->conns->host.addr, v6, 16), 0);
	s = torture_sdp("corpus/torture/rfc5118/ipv6-in-sdp", &rc);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_EQUAL(s->origin.addr.host.type, SIP_HOST_IPV6);
	CU_ASSERT_EQUAL(s->origin.id, 971731711378798081u);
	CU_ASSERT_EQUAL(s->conn->host.type, SIP_HOST_IPV6);
	CU_ASSERT_EQUAL(s->conn->host.addr[15], 0x20);
}

/* parse(print(parse(x))) is the same as parse(x); every prefix of a valid
 * description is handled without reading past its end. */
static void test_roundtrip(void)
{
	static const char *const in[] = {
	        RFC4566_EX,
	        RFC3261_EX,
	        TORTURE_SDP,
	        VOS "t=3034423619 3042462419\r\nr=604800 3600 0 90000\r\nr=7d 1h 0 25h\r\n"
	            "z=2882844526 -1h 2898848070 0\r\nk=prompt\r\na=x:y\r\n",
	        VOST "m=audio 49170/2 RTP/AVP 0\r\ni=m\r\nc=IN IP6 FF15::101/3\r\n"
	             "c=IN IP4 224.2.1.1/127/3\r\nb=AS:64\r\nk=prompt\r\n",
	        "v=0\no=- 1 1 ATM NSAP 47.0005.80/x\ns=\nu=x\ne=a\np=b\nt=0 0\n",
	};
	size_t i, k;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		struct sip_arena ar2;
		struct sip_perr e2;
		struct sip_sdp *a, *b = NULL;
		struct sip_buf out;
		char buf[2048];
		size_t len = strlen(in[i]);
		sip_arena_init(&ar2, 0, 0);
		CU_ASSERT_EQUAL_FATAL(parse(in[i], len, &a), 0);
		sip_buf_init(&out, buf, sizeof(buf));
		sip_sdp_print(&out, a);
		CU_ASSERT_FATAL(sip_buf_ok(&out));
		CU_ASSERT_EQUAL(sip_sdp_parse(&ar2, buf, out.len, 0, &b, &e2), 0);
		CU_ASSERT(b && sip_sdp_same(a, b));
		/* Stricter: a different description is not "the same". */
		if (b && b->nmedia)
			b->media->port ^= 1;
		else if (b)
			b->version = 9;
		CU_ASSERT(!b || !sip_sdp_same(a, b));
		sip_arena_fini(&ar2);
		for (k = 0; k < len; k++) {
			int rc = parse(in[i], k, &a);
			CU_ASSERT(rc == 0 || rc == SIP_EPARSE);
			CU_ASSERT(rc != SIP_EPARSE || perr.off <= k);
		}
	}
}

int main(void)
{
	int rc;
	sip_arena_init(&ar, 0, 0);
	tu_suite("sdp", (CU_TestInfo[]){{"whole descriptions", test_whole},
	                                {"NUL octet", test_nul},
	                                {"field lines", test_lines},
	                                {"connection addresses", test_conns},
	                                {"decoded RFC 4566 example", test_decoded},
	                                {"typed times", test_times},
	                                {"torture bodies", test_torture},
	                                {"RFC 5118 addresses", test_mult_ip},
	                                {"round trip and prefixes", test_roundtrip},
	                                CU_TEST_INFO_NULL});
	rc = tu_run();
	sip_arena_fini(&ar);
	return rc;
}

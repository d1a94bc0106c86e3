/* URIs: sip/sips (RFC 3261 19.1, 25.1), tel (RFC 3966), absoluteURI, RFC 5118
 * IPv6 references, RFC 4475 URI torture cases, 19.1.4 comparison, printing. */
#include "sipref/uri.h"

#include <stdio.h>
#include <string.h>

#include "msg/scan.h"
#include "sipref/alloc.h"
#include "sipref/lenient.h"
#include "testutil.h"

enum { NOPORT = -1 };

/* One parse: the input (len 0: strlen), the leniencies, the result, and for a
 * success the components (NULL: absent; params/headers as printed) and the
 * canonical text (NULL: the input itself). For a failure, the error offset. */
struct row {
	const char *in;
	size_t len;
	unsigned flags;
	int rc;
	size_t off;
	enum sip_uri_scheme scheme;
	const char *user, *password, *host;
	enum sip_host_type htype;
	int port;
	const char *params, *headers, *opaque, *print;
};

#define OK(in, sch, user, pw, host, ht, port, prm, hdr)                                          \
	{                                                                                        \
		(in), 0, 0, 0, 0, (sch), (user), (pw), (host), (ht), (port), (prm), (hdr), NULL, \
		        NULL                                                                     \
	}
#define BAD(in, off)                                         \
	{                                                    \
		(in), 0, 0, SIP_EPARSE, (off), SIP_URI_OTHER \
	}
#define SIP  SIP_URI_SIP
#define NAME SIP_HOST_NAME
#define V4   SIP_HOST_IPV4
#define V6   SIP_HOST_IPV6

static const struct row rows[] = {
        /* RFC 3261 19.1.3 examples */
        OK("sip:alice@atlanta.com", SIP, "alice", NULL, "atlanta.com", NAME, NOPORT, "", ""),
        OK("sip:alice:secretword@atlanta.com;transport=tcp", SIP, "alice", "secretword",
           "atlanta.com", NAME, NOPORT, ";transport=tcp", ""),
        OK("sips:alice@atlanta.com?subject=project%20x&priority=urgent", SIP_URI_SIPS, "alice",
           NULL, "atlanta.com", NAME, NOPORT, "", "?subject=project%20x&priority=urgent"),
        OK("sip:+1-212-555-1212:1234@gateway.com;user=phone", SIP, "+1-212-555-1212", "1234",
           "gateway.com", NAME, NOPORT, ";user=phone", ""),
        OK("sips:1212@gateway.com", SIP_URI_SIPS, "1212", NULL, "gateway.com", NAME, NOPORT, "",
           ""),
        OK("sip:alice@192.0.2.4", SIP, "alice", NULL, "192.0.2.4", V4, NOPORT, "", ""),
        OK("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com", SIP, NULL, NULL, "atlanta.com",
           NAME, NOPORT, ";method=REGISTER", "?to=alice%40atlanta.com"),
        OK("sip:alice;day=tuesday@atlanta.com", SIP, "alice;day=tuesday", NULL, "atlanta.com", NAME,
           NOPORT, "", ""),
        /* ports, parameters, headers */
        OK("sip:example.com:5060", SIP, NULL, NULL, "example.com", NAME, 5060, "", ""),
        OK("sip:example.com:0", SIP, NULL, NULL, "example.com", NAME, 0, "", ""),
        OK("sip:example.com:65535", SIP, NULL, NULL, "example.com", NAME, 65535, "", ""),
        OK("sip:u@h.example.com;lr;ttl=255;maddr=239.255.255.1;x=%41b", SIP, "u", NULL,
           "h.example.com", NAME, NOPORT, ";lr;ttl=255;maddr=239.255.255.1;x=%41b", ""),
        OK("sip:h;maddr=[2001:db8::1];a[b]=c/d:e", SIP, NULL, NULL, "h", NAME, NOPORT,
           ";maddr=[2001:db8::1];a[b]=c/d:e", ""),
        OK("sip:h?a=&b=c", SIP, NULL, NULL, "h", NAME, NOPORT, "", "?a=&b=c"),
        OK("sip:u:@h", SIP, "u", "", "h", NAME, NOPORT, "", ""),
        OK("sip:host.example.com.", SIP, NULL, NULL, "host.example.com.", NAME, NOPORT, "", ""),
        /* RFC 4475 3.1.1.3 esc01, 3.1.1.4 escnull, 3.1.1.9 semiuri */
        OK("sip:sips%3Auser%40example.com@example.net", SIP, "sips%3Auser%40example.com", NULL,
           "example.net", NAME, NOPORT, "", ""),
        OK("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31", SIP, "cal%6Cer", NULL,
           "host5.example.net", NAME, NOPORT, ";%6C%72;n%61me=v%61lue%25%34%31", ""),
        OK("sip:null-%00-null@example.com", SIP, "null-%00-null", NULL, "example.com", NAME, NOPORT,
           "", ""),
        OK("sip:%00%00@host5.example.com", SIP, "%00%00", NULL, "host5.example.com", NAME, NOPORT,
           "", ""),
        OK("sip:user;par=u%40example.net@example.com", SIP, "user;par=u%40example.net", NULL,
           "example.com", NAME, NOPORT, "", ""),
        OK("sip:user@example.com?Route=%3Csip:example.com%3E", SIP, "user", NULL, "example.com",
           NAME, NOPORT, "", "?Route=%3Csip:example.com%3E"),
        /* RFC 5118 4.1, 4.3, 4.4, 4.9, 4.10 */
        OK("sip:[2001:db8::10]", SIP, NULL, NULL, "[2001:db8::10]", V6, NOPORT, "", ""),
        OK("sip:[2001:db8::10:5070]", SIP, NULL, NULL, "[2001:db8::10:5070]", V6, NOPORT, "", ""),
        OK("sip:[2001:db8::10]:5070", SIP, NULL, NULL, "[2001:db8::10]", V6, 5070, "", ""),
        OK("sip:caller@[2001:db8::1]", SIP, "caller", NULL, "[2001:db8::1]", V6, NOPORT, "", ""),
        OK("sip:ted@[::ffff:192.0.2.2]", SIP, "ted", NULL, "[::ffff:192.0.2.2]", V6, NOPORT, "",
           ""),
        {"sip:[2001:db8:::192.0.2.1]", 0, SIP_LENIENT_IPV6_3COLON, 0, 0, SIP, NULL, NULL,
         "[2001:db8:::192.0.2.1]", V6, NOPORT, "", ""},
        /* scheme case */
        {"SIP:ALICE@AtLanTa.CoM;Transport=udp", 0, 0, 0, 0, SIP, "ALICE", NULL, "AtLanTa.CoM", NAME,
         NOPORT, ";Transport=udp", "", NULL, "sip:ALICE@AtLanTa.CoM;Transport=udp"},
        {"Sips:h", 0, 0, 0, 0, SIP_URI_SIPS, NULL, NULL, "h", NAME, NOPORT, "", "", NULL, "sips:h"},
        /* tel (RFC 3966 3) */
        OK("tel:+1-201-555-0123", SIP_URI_TEL, "+1-201-555-0123", NULL, NULL, SIP_HOST_NONE, NOPORT,
           "", ""),
        OK("tel:7042;phone-context=example.com", SIP_URI_TEL, "7042", NULL, NULL, SIP_HOST_NONE,
           NOPORT, ";phone-context=example.com", ""),
        OK("tel:863-1234;phone-context=+1-914-555", SIP_URI_TEL, "863-1234", NULL, NULL,
           SIP_HOST_NONE, NOPORT, ";phone-context=+1-914-555", ""),
        OK("tel:+358-555-1234567;postd=pp22;isub=1411;ext=12", SIP_URI_TEL, "+358-555-1234567",
           NULL, NULL, SIP_HOST_NONE, NOPORT, ";postd=pp22;isub=1411;ext=12", ""),
        OK("tel:*21#;phone-context=+1", SIP_URI_TEL, "*21#", NULL, NULL, SIP_HOST_NONE, NOPORT,
           ";phone-context=+1", ""),
        {"TEL:+(1)2;x", 0, 0, 0, 0, SIP_URI_TEL, "+(1)2", NULL, NULL, SIP_HOST_NONE, NOPORT, ";x",
         "", NULL, "tel:+(1)2;x"},
        /* other schemes: RFC 4475 3.3.2 unkscm, 3.3.3 novelsc, 3.3.4 unksm2 */
        {"nobodyKnowsThisScheme:totallyopaquecontent", 0, 0, 0, 0, SIP_URI_OTHER, NULL, NULL, NULL,
         SIP_HOST_NONE, NOPORT, "", "", "totallyopaquecontent",
         "nobodyknowsthisscheme:totallyopaquecontent"},
        {"soap.beep://192.0.2.103:3002", 0, 0, 0, 0, SIP_URI_OTHER, NULL, NULL, NULL, SIP_HOST_NONE,
         NOPORT, "", "", "//192.0.2.103:3002", NULL},
        {"isbn:2983792873", 0, 0, 0, 0, SIP_URI_OTHER, NULL, NULL, NULL, SIP_HOST_NONE, NOPORT, "",
         "", "2983792873", NULL},
        {"http://www.example.com", 0, 0, 0, 0, SIP_URI_OTHER, NULL, NULL, NULL, SIP_HOST_NONE,
         NOPORT, "", "", "//www.example.com", NULL},
        {"name:John_Smith", 0, 0, 0, 0, SIP_URI_OTHER, NULL, NULL, NULL, SIP_HOST_NONE, NOPORT, "",
         "", "John_Smith", NULL},
        {"http://[2001:db8::1]:80/a;b?c=%20d", 0, 0, 0, 0, SIP_URI_OTHER, NULL, NULL, NULL,
         SIP_HOST_NONE, NOPORT, "", "", "//[2001:db8::1]:80/a;b?c=%20d", NULL},
        {"urn:x%00y", 0, 0, 0, 0, SIP_URI_OTHER, NULL, NULL, NULL, SIP_HOST_NONE, NOPORT, "", "",
         "x%00y", NULL},

        /* errors, with offsets */
        BAD("", 0),
        BAD("sip", 3),
        BAD("1sip:h", 0),
        BAD("sip:", 4),
        BAD("sip:@h", 4),
        BAD("sip:2001:db8::10", 4),           /* RFC 5118 4.2 ipv6-bad */
        BAD("sip:user@2001:db8::10", 9),      /* RFC 5118 4.2 */
        BAD("sip:abcd:db8::10", 4),           /* bare IPv6 that starts like a name */
        BAD("sip:[2001:db8:::192.0.2.1]", 4), /* RFC 5118 4.10 without the leniency */
        BAD("sip:[2001:db8::1", 4),
        BAD("sip:h:65536", 6),
        BAD("sip:h:", 6),
        BAD("sip:h:5060:1", 6),
        BAD("sip:user@example.com; lr", 21), /* RFC 4475 3.1.2.8 lwsruri */
        BAD("<sip:user@example.com>", 0),    /* RFC 4475 3.1.2.7 ltgtruri */
        BAD("sip:u%4@h", 5),
        BAD("sip:u@h;x=%zz", 10),
        BAD("sip:u@h;%", 8),
        BAD("sip:u@h;", 8),
        BAD("sip:u@h;x=", 10),
        BAD("sip:u@h;ttl=256", 8),
        BAD("sip:u@h;ttl=1000", 8),
        BAD("sip:u@h;ttl=a", 8),
        BAD("sip:u@h;maddr=-x", 8),
        BAD("sip:u@h?", 8),
        BAD("sip:u@h?a", 9),
        BAD("sip:u@h?=b", 8),
        BAD("sip:u@h?a=b&", 12),
        BAD("sip:u@h#frag", 7),
        BAD("sip:u@-h", 6),
        BAD("sip:u@h@i", 7),
        BAD("sip:u\"x@h", 5),
        BAD("tel:", 4),
        BAD("tel:+", 4),
        BAD("tel:7042", 4), /* RFC 3966 5.1.5: phone-context required */
        BAD("tel:+1;ext=a", 7),
        BAD("tel:+1;phone-context=", 21),
        BAD("tel:12;phone-context=1.2.3.4", 21),
        BAD("tel:+1;=x", 7),
        BAD("tel:+1 2", 6),
        BAD("tel:+1;a=b c", 10),
        BAD("foo:", 4),
        BAD("foo:a b", 5),
        BAD("foo:%g0", 4),
        BAD("foo:<x>", 4),
        {"sip:a\0b@h", 9, 0, SIP_EPARSE, 5},
        {"x-y:a\0", 6, 0, SIP_EPARSE, 5},
};

static void check_str(const char *what, size_t i, int has, struct sip_str got, const char *want)
{
	int ok = want ? has && got.len == strlen(want) && memcmp(got.p, want, got.len) == 0 : !has;
	if (!ok)
		fprintf(stderr, "row %zu (%s): %s got '%.*s' (present %d), want '%s'\n", i,
		        rows[i].in, what, (int)got.len, got.p ? got.p : "", has,
		        want ? want : "(absent)");
	CU_ASSERT(ok);
}

static void check_list(const char *what, size_t i, const struct sip_param *l, char first, char sep,
                       const char *want)
{
	char buf[512];
	size_t n = 0;
	char c = first;
	for (; l && n < sizeof(buf) - 1; l = l->next, c = sep)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%c%.*s%s%.*s", c, (int)l->name.len,
		                      l->name.p, l->has_value ? "=" : "", (int)l->value.len,
		                      l->value.p ? l->value.p : "");
	buf[n] = 0;
	check_str(what, i, 1, sip_str_make(buf, n), want);
}

static void check_components(size_t i, const struct sip_uri *u, size_t len)
{
	const struct row *r = &rows[i];
	CU_ASSERT_EQUAL(u->scheme, r->scheme);
	CU_ASSERT_EQUAL(u->raw.len, len);
	check_str("user", i, u->has_user, u->user, r->user);
	check_str("password", i, u->has_password, u->password, r->password);
	check_str("host", i, u->host.type != SIP_HOST_NONE, u->host.text, r->host);
	CU_ASSERT_EQUAL(u->host.type, r->htype);
	CU_ASSERT_EQUAL(u->has_port, r->port != NOPORT);
	if (r->port != NOPORT)
		CU_ASSERT_EQUAL(u->port, r->port);
	check_list("params", i, u->params, ';', ';', r->params);
	check_list("headers", i, u->headers, '?', '&', r->headers);
	check_str("opaque", i, u->opaque.p != NULL, u->opaque, r->opaque);
}

/* Prints u, checks the canonical text, reparses it and expects the same
 * structure and an equivalent URI (the fuzz oracle's round trip). */
static void check_round_trip(size_t i, const struct sip_uri *u)
{
	const struct row *r = &rows[i];
	const char *want = r->print ? r->print : r->in;
	char out[512], tiny[4];
	struct sip_buf b;
	struct sip_arena ar;
	struct sip_perr err;
	struct sip_uri v;
	sip_buf_init(&b, out, sizeof(out));
	sip_uri_print(&b, u);
	CU_ASSERT_FATAL(sip_buf_ok(&b));
	check_str("print", i, 1, sip_str_make(out, b.len), want);
	sip_arena_init(&ar, 0, 0);
	CU_ASSERT_EQUAL(sip_uri_parse(&ar, out, b.len, r->flags, &v, &err), 0);
	CU_ASSERT(sip_uri_same(u, &v));
	CU_ASSERT(sip_uri_equiv(u, &v));
	sip_arena_fini(&ar);
	/* A short buffer still counts the full length (snprintf style). */
	sip_buf_init(&b, tiny, sizeof(tiny));
	sip_uri_print(&b, u);
	CU_ASSERT_EQUAL(b.len, strlen(want));
}

static void test_parse_table(void)
{
	size_t i;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct row r = rows[i];
		size_t len = r.len ? r.len : strlen(r.in);
		const char *p = tu_guard(r.in, len);
		struct sip_arena ar;
		struct sip_perr err = {0};
		struct sip_uri u;
		int rc;
		sip_arena_init(&ar, 0, 0);
		rc = sip_uri_parse(&ar, p, len, r.flags, &u, &err);
		if (rc != r.rc || (rc && err.off != r.off))
			fprintf(stderr, "row %zu (%s): rc %d off %zu (%s), want rc %d off %zu\n", i,
			        r.in, rc, err.off, err.reason ? err.reason : "", r.rc, r.off);
		CU_ASSERT_EQUAL(rc, r.rc);
		if (rc == 0) {
			check_components(i, &u, len);
			check_round_trip(i, &u);
		} else {
			CU_ASSERT_EQUAL(err.off, r.off);
			CU_ASSERT_PTR_NOT_NULL(err.reason);
			CU_ASSERT_EQUAL(err.status, 400);
		}
		sip_arena_fini(&ar);
	}
}

/* Every prefix of every valid row, placed before an unreadable page: the
 * parser must answer 0 or SIP_EPARSE and never read past the end. */
static void test_prefixes(void)
{
	size_t i, n;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t len = rows[i].len ? rows[i].len : strlen(rows[i].in);
		for (n = 0; n <= len; n++) {
			const char *p = tu_guard(rows[i].in, n);
			struct sip_arena ar;
			struct sip_perr err;
			struct sip_uri u;
			int rc;
			sip_arena_init(&ar, 0, 0);
			rc = sip_uri_parse(&ar, p, n, SIP_LENIENT_ALL, &u, &err);
			CU_ASSERT(rc == 0 || rc == SIP_EPARSE);
			if (rc)
				CU_ASSERT(err.off <= n);
			sip_arena_fini(&ar);
		}
	}
}

/* RFC 3261 19.1.4 (its own example lists first), RFC 4475 3.1.1.4, RFC 5118,
 * RFC 3966 4, other schemes. */
static const struct {
	const char *a, *b;
	int eq;
} equiv[] = {
        {"sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp", 1},
        {"sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5", 1},
        {"sip:carol@chicago.com", "sip:carol@chicago.com;security=on", 1},
        {"sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on", 1},
        {"sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
         "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com", 1},
        {"sip:alice@atlanta.com?subject=project%20x&priority=urgent",
         "sip:alice@atlanta.com?priority=urgent&subject=project%20x", 1},
        {"SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP", 0},
        {"sip:bob@biloxi.com", "sip:bob@biloxi.com:5060", 0},
        {"sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp", 0},
        {"sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp", 0},
        {"sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting", 0},
        {"sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4", 0},
        {"sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off", 0},
        /* more 19.1.4 rules */
        {"sip:alice@atlanta.com", "sips:alice@atlanta.com", 0},
        {"sip:alice@atlanta.com", "SIP:alice@ATLANTA.COM", 1},
        {"sip:alice@atlanta.com", "sip:atlanta.com", 0},
        {"sip:alice:pw@atlanta.com", "sip:alice@atlanta.com", 0},
        {"sip:alice:pw@atlanta.com", "sip:alice:PW@atlanta.com", 0},
        {"sip:alice:p%77@atlanta.com", "sip:alice:pw@atlanta.com", 1},
        {"sip:a@h:5060", "sip:a@h:5060", 1},
        {"sip:a@h:5060", "sip:a@h:05060", 1},
        {"sip:a@h;user=phone", "sip:a@h", 0},
        {"sip:a@h;ttl=1", "sip:a@h", 0},
        {"sip:a@h;method=INVITE", "sip:a@h", 0},
        {"sip:a@h", "sip:a@h;maddr=192.0.2.1", 0},
        {"sip:a@h;lr", "sip:a@h", 1},
        {"sip:a@h;lr", "sip:a@h;lr=on", 0},
        {"sip:a@h;%6Cr", "sip:a@h;lr", 1},
        {"sip:a@h;x=%41", "sip:a@h;x=a", 1},
        {"sip:a@h;x;x=1", "sip:a@h;x;x=1", 1},
        {"sip:a@h;x;x=1", "sip:a@h;x=1;x", 0},
        {"tel:+1;x;x=1", "tel:+1;x;x=1", 1},
        {"sip:a@h?subject=x", "sip:a@h?SUBJECT=x", 1},
        {"sip:a@h?subject=x", "sip:a@h?subject=X", 0},
        {"sip:a@h?subject=x&subject=x", "sip:a@h?subject=x", 0},
        {"sip:a@h?a=1&b=2", "sip:a@h?b=2&a=1", 1},
        /* escapes: unreserved characters equal their escapes, reserved ones do not */
        {"sip:%75se%72@example.com", "sip:user@example.com", 1},
        {"sip:%75SE%72@example.com", "sip:user@example.com", 0},
        {"sip:a%3bb@h", "sip:a;b@h", 0},
        {"sip:a%3bb@h", "sip:a%3Bb@h", 1},
        {"sip:I%20have%20spaces@example.net", "sip:I%20have%20spaces@example.net", 1},
        /* RFC 4475 3.1.1.4: escaped NULs are part of the user; the two Contacts
         * are distinct bindings, and unescaping must not shorten the user */
        {"sip:%00@host5.example.com", "sip:%00%00@host5.example.com", 0},
        {"sip:null-%00-null@example.com", "sip:null-%00-null@example.com", 1},
        {"sip:null-%00-null@example.com", "sip:null-@example.com", 0},
        {"sip:null-%00-null@example.com", "sip:null-%00-nulL@example.com", 0},
        /* hosts: IPv6 and IPv4 by address bytes, names case-insensitive */
        {"sip:[2001:db8::1]", "sip:[2001:DB8:0:0::1]", 1},
        {"sip:[2001:db8::1]", "sip:[2001:db8::2]", 0},
        {"sip:[::ffff:192.0.2.2]", "sip:192.0.2.2", 0},
        {"sip:192.0.2.1", "sip:192.000.002.001", 1},
        {"sip:[2001:db8::10:5070]", "sip:[2001:db8::10]:5070", 0},
        /* tel, RFC 3966 4 */
        {"tel:+1-201-555-0123", "tel:+12015550123", 1},
        {"tel:+1-201-555-0123", "tel:+(1)201.555.0123", 1},
        {"tel:+12015550123", "tel:+12015550124", 0},
        {"tel:7042;phone-context=example.com", "tel:7042;phone-context=EXAMPLE.com", 1},
        {"tel:7042;phone-context=example.com", "tel:+7042", 0},
        {"tel:863-1234;phone-context=+1-914-555", "tel:8631234;phone-context=+1914555", 1},
        {"tel:+358-555-1234567;postd=pp22", "tel:+358-555-1234567;POSTD=PP22", 1},
        {"tel:+358-555-1234567;postd=pp22;isub=1411", "tel:+358-555-1234567;isub=1411;postd=pp22",
         1},
        {"tel:+358-555-1234567;postd=pp22", "tel:+358-555-1234567", 0},
        {"tel:+1;ext=1-2", "tel:+1;ext=12", 1},
        {"tel:abc;phone-context=x.org", "tel:ABC;phone-context=x.org", 1},
        {"tel:+12015550123", "sip:+12015550123@h;user=phone", 0},
        /* other schemes */
        {"soap.beep://192.0.2.103:3002", "SOAP.BEEP://192.0.2.103:3002", 1},
        {"isbn:2983792873", "isbn:2983792874", 0},
        {"urn:%61b", "URN:ab", 1},
        {"urn:a%2fb", "urn:a/b", 0},
        {"urn:ab", "urx:ab", 0},
};

static int parse_plain(struct sip_arena *ar, const char *s, struct sip_uri *u)
{
	struct sip_perr err;
	/* Also once before a guard page, then from the literal (one guard at a time). */
	CU_ASSERT_EQUAL(sip_uri_parse(ar, tu_guard(s, strlen(s)), strlen(s), 0, u, &err), 0);
	return sip_uri_parse(ar, s, strlen(s), 0, u, &err);
}

static void test_equiv(void)
{
	size_t i;
	for (i = 0; i < sizeof(equiv) / sizeof(equiv[0]); i++) {
		struct sip_arena ar;
		struct sip_uri a, b;
		sip_arena_init(&ar, 0, 0);
		CU_ASSERT_EQUAL_FATAL(parse_plain(&ar, equiv[i].a, &a), 0);
		CU_ASSERT_EQUAL_FATAL(parse_plain(&ar, equiv[i].b, &b), 0);
		if (sip_uri_equiv(&a, &b) != equiv[i].eq || sip_uri_equiv(&b, &a) != equiv[i].eq)
			fprintf(stderr, "equiv %zu: %s vs %s: want %d\n", i, equiv[i].a, equiv[i].b,
			        equiv[i].eq);
		CU_ASSERT_EQUAL(sip_uri_equiv(&a, &b), equiv[i].eq);
		CU_ASSERT_EQUAL(sip_uri_equiv(&b, &a), equiv[i].eq);
		CU_ASSERT_EQUAL(sip_uri_equiv(&a, &a), 1);
		CU_ASSERT_EQUAL(sip_uri_same(&a, &a), 1);
		/* Structural identity implies equivalence. */
		CU_ASSERT(!sip_uri_same(&a, &b) || equiv[i].eq);
		sip_arena_fini(&ar);
	}
}

static void test_unescape(void)
{
	static const struct {
		const char *in;
		long rc;
		const char *out;
	} t[] = {
	        {"", 0, ""},
	        {"abc", 3, "abc"},
	        {"null-%00-null", 11, "null-\0-null"},
	        {"%00%00", 2, "\0\0"},
	        {"%41%62%2f%2F", 4, "Ab//"},
	        {"100%25", 4, "100%"},
	        {"%4", SIP_EPARSE, NULL},
	        {"%", SIP_EPARSE, NULL},
	        {"a%g1", SIP_EPARSE, NULL},
	};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char out[32], tiny[2];
		size_t n = strlen(t[i].in);
		const char *p = tu_guard(t[i].in, n);
		long rc = sip_unescape(sip_str_make(p, n), out, sizeof(out));
		CU_ASSERT_EQUAL(rc, t[i].rc);
		if (rc >= 0) {
			CU_ASSERT_EQUAL(memcmp(out, t[i].out, (size_t)rc), 0);
			/* The length is reported even when the output does not fit. */
			CU_ASSERT_EQUAL(sip_unescape(sip_str_make(p, n), tiny, sizeof(tiny)), rc);
		}
	}
}

static void test_param_find(void)
{
	static const char s[] = "sip:h;Transport=tcp;lr;x=1;x=2?Subject=a";
	struct sip_arena ar;
	struct sip_perr err;
	struct sip_uri u;
	const struct sip_param *prm;
	sip_arena_init(&ar, 0, 0);
	CU_ASSERT_EQUAL_FATAL(sip_uri_parse(&ar, s, strlen(s), 0, &u, &err), 0);
	prm = sip_param_find(u.params, "transport");
	CU_ASSERT_FATAL(prm != NULL);
	CU_ASSERT(sip_str_eq(prm->value, SIP_STR("tcp")));
	prm = sip_param_find(u.params, "LR");
	CU_ASSERT_FATAL(prm != NULL);
	CU_ASSERT_EQUAL(prm->has_value, 0);
	prm = sip_param_find(u.params, "x");
	CU_ASSERT_FATAL(prm != NULL);
	CU_ASSERT(sip_str_eq(prm->value, SIP_STR("1")));
	CU_ASSERT_PTR_NULL(sip_param_find(u.params, "l"));
	CU_ASSERT_PTR_NULL(sip_param_find(u.params, "lrx"));
	CU_ASSERT_PTR_NOT_NULL(sip_param_find(u.headers, "subject"));
	CU_ASSERT_PTR_NULL(sip_param_find(NULL, "x"));
	sip_arena_fini(&ar);
}

/* The hot path allocates nothing but list nodes: a URI without parameters
 * leaves the arena untouched; one node per parameter otherwise. Leniencies
 * used through sip__uri_parse are recorded in the caller's context. */
static void test_alloc_and_lenient(void)
{
	static const char plain[] = "sip:alice@atlanta.com:5060";
	static const char v6[] = "<sip:[2001:db8:::192.0.2.1]>";
	struct sip_counting_alloc ca;
	struct sip_arena ar;
	struct sip_perr err;
	struct sip__pctx c;
	struct sip_uri u;
	sip_counting_alloc_init(&ca, 0);
	sip_arena_init(&ar, &ca.base, 0);
	CU_ASSERT_EQUAL(sip_uri_parse(&ar, plain, strlen(plain), 0, &u, &err), 0);
	CU_ASSERT_EQUAL(ca.nalloc, 0);
	sip__pctx_init(&c, &ar, v6, SIP_LENIENT_ALL, &err);
	CU_ASSERT_EQUAL(sip__uri_parse(&c, v6 + 1, v6 + strlen(v6) - 1, &u), 0);
	CU_ASSERT_EQUAL(c.lenient_used, SIP_LENIENT_IPV6_3COLON);
	sip__pctx_init(&c, &ar, v6, 0, &err);
	CU_ASSERT_EQUAL(sip__uri_parse(&c, v6 + 1, v6 + strlen(v6) - 1, &u), SIP_EPARSE);
	CU_ASSERT_EQUAL(err.off, 5); /* relative to the caller's base */
	CU_ASSERT_EQUAL(c.lenient_used, 0);
	sip_arena_fini(&ar);
	CU_ASSERT_EQUAL(ca.bytes_live, 0);
}

int main(void)
{
	tu_suite("uri", (CU_TestInfo[]){{"parse table", test_parse_table},
	                                {"prefixes", test_prefixes},
	                                {"equivalence", test_equiv},
	                                {"unescape", test_unescape},
	                                {"param find", test_param_find},
	                                {"alloc and lenient", test_alloc_and_lenient},
	                                CU_TEST_INFO_NULL});
	return tu_run();
}

/* The sipref server's pure parts: command-line flags (opts.c) and the
 * control protocol (ctl_parse.c), compiled in here. The sockets and the
 * loop are exercised end to end by tests/interop/. */
#include <string.h>

#include "../reference-stack/server/ctl_parse.c"
#include "../reference-stack/server/opts.c"
#include "testutil.h"

#define MAXARGS 12

/* argv from a NULL-terminated list, argv[0] = "sipref". */
static int parse(struct srv_opts *o, const char *const *args, char *err, size_t errlen)
{
	char *argv[MAXARGS + 1] = {(char *)"sipref"};
	int argc = 1;

	for (; args[argc - 1]; argc++)
		argv[argc] = (char *)args[argc - 1];
	return srv_opts_parse(o, argc, argv, err, errlen);
}

static void test_opts_valid(void)
{
	static const uint8_t v6loop[16] = {[15] = 1};
	struct srv_opts o;
	char err[256] = "";

	CU_ASSERT_EQUAL(
	        parse(&o, (const char *[]){"--listen", "udp:127.0.0.1:5060", "--role", "uas", NULL},
	              err, sizeof(err)),
	        0);
	CU_ASSERT_EQUAL(o.nlisten, 1);
	CU_ASSERT_EQUAL(o.listen[0].tp, SIP_TP_UDP);
	CU_ASSERT_EQUAL(o.listen[0].addr.family, 4);
	CU_ASSERT_EQUAL(o.listen[0].addr.port, 5060);
	CU_ASSERT(memcmp(o.listen[0].addr.ip, "\x7f\0\0\x01", 4) == 0);
	CU_ASSERT_EQUAL(o.log_level, SRV_LOG_INFO);
	CU_ASSERT_EQUAL(o.seed_set, 0);
	CU_ASSERT_PTR_EQUAL(o.stack.ua, &o.ua);

	CU_ASSERT_EQUAL(parse(&o,
	                      (const char *[]){"--listen=tcp:[::1]:5061", "-l", "UDP:10.0.0.1",
	                                       "-l", "udp:[::1]:0", NULL},
	                      err, sizeof(err)),
	                0);
	CU_ASSERT_EQUAL(o.nlisten, 3);
	CU_ASSERT_EQUAL(o.listen[0].tp, SIP_TP_TCP);
	CU_ASSERT_EQUAL(o.listen[0].addr.family, 6);
	CU_ASSERT(memcmp(o.listen[0].addr.ip, v6loop, 16) == 0);
	CU_ASSERT_EQUAL(o.listen[0].addr.port, 5061);
	CU_ASSERT_EQUAL(o.listen[1].addr.port, 5060); /* default port */
	CU_ASSERT_EQUAL(o.listen[2].addr.port, 0);    /* any free port */

	CU_ASSERT_EQUAL(parse(&o,
	                      (const char *[]){"-l", "udp:127.0.0.1:1", "--answer", "reject:603",
	                                       "--answer-delay", "250", "--t1", "100", "--t2",
	                                       "400", "--t4", "1000", NULL},
	                      err, sizeof(err)),
	                0);
	CU_ASSERT_EQUAL(o.ua.answer, SIP_UA_ANSWER_REJECT);
	CU_ASSERT_EQUAL(o.ua.reject_status, 603);
	CU_ASSERT_EQUAL(o.ua.answer_delay_ms, 250);
	CU_ASSERT_EQUAL(o.stack.t1, 100);
	CU_ASSERT_EQUAL(o.stack.t2, 400);
	CU_ASSERT_EQUAL(o.stack.t4, 1000);

	CU_ASSERT_EQUAL(
	        parse(&o,
	              (const char *[]){"-l", "udp:127.0.0.1:1", "--answer", "reject", "--lenient",
	                               "ipv6-3colon,date-non-gmt", "--seed", "0x10", NULL},
	              err, sizeof(err)),
	        0);
	CU_ASSERT_EQUAL(o.ua.reject_status, 486);
	CU_ASSERT_EQUAL(o.stack.lenient, SIP_LENIENT_IPV6_3COLON | SIP_LENIENT_DATE_ZONE);
	CU_ASSERT_EQUAL(o.stack.seed, 16);
	CU_ASSERT_EQUAL(o.seed_set, 1);

	CU_ASSERT_EQUAL(
	        parse(&o,
	              (const char *[]){"-l", "udp:127.0.0.1:1", "--lenient", "all", "--answer",
	                               "ring", "--control", "/tmp/s.sock", "--control-stdin",
	                               "--log-level", "debug", "--trace", NULL},
	              err, sizeof(err)),
	        0);
	CU_ASSERT_EQUAL(o.stack.lenient, SIP_LENIENT_ALL);
	CU_ASSERT_EQUAL(o.ua.answer, SIP_UA_ANSWER_RING);
	CU_ASSERT_STRING_EQUAL(o.control_path, "/tmp/s.sock");
	CU_ASSERT(o.control_stdin && o.trace);
	CU_ASSERT_EQUAL(o.log_level, SRV_LOG_DEBUG);

	CU_ASSERT_EQUAL(
	        parse(&o,
	              (const char *[]){"-l", "tcp:127.0.0.1:1", "--user", "alice", "--domain",
	                               "example.com", "--auth-user", "a", "--auth-password", "",
	                               "--outbound-proxy", "sip:127.0.0.1:5070;lr", NULL},
	              err, sizeof(err)),
	        0);
	CU_ASSERT_STRING_EQUAL(o.ua.user, "alice");
	CU_ASSERT_STRING_EQUAL(o.ua.domain, "example.com");
	CU_ASSERT_STRING_EQUAL(o.ua.auth_password, "");
	CU_ASSERT_STRING_EQUAL(o.ua.outbound_proxy, "sip:127.0.0.1:5070;lr");

	/* --help and --version need no --listen. */
	CU_ASSERT_EQUAL(parse(&o, (const char *[]){"--help", NULL}, err, sizeof(err)), 0);
	CU_ASSERT(o.help);
	CU_ASSERT_EQUAL(parse(&o, (const char *[]){"-V", NULL}, err, sizeof(err)), 0);
	CU_ASSERT(o.version);
}

static void test_opts_errors(void)
{
	/* Each bad command line, and what the message must say: the flag and
	 * what is wrong with it. */
	static const struct {
		const char *args[MAXARGS];
		const char *want;
	} rows[] = {
	        {{NULL}, "--listen: at least one listen address is required"},
	        {{"--listen", NULL}, "--listen: missing value"},
	        {{"--listen", "foo", NULL}, "--listen: 'foo': expected TRANSPORT:ADDRESS"},
	        {{"--listen", "sctp:127.0.0.1", NULL}, "--listen: 'sctp:127.0.0.1': expected"},
	        {{"--listen", "tls:127.0.0.1:5061", NULL}, "TLS is not supported"},
	        {{"--listen", "udp:::1:5060", NULL}, "an IPv6 address goes in brackets"},
	        {{"--listen", "udp:localhost:5060", NULL}, "'localhost' is not an IPv4 address"},
	        {{"--listen", "udp:0.0.0.0:5060", NULL}, "a wildcard address cannot be advertised"},
	        {{"--listen", "tcp:[::]:5060", NULL}, "a wildcard address cannot be advertised"},
	        {{"--listen", "udp:127.0.0.1:70000", NULL},
	         "port '70000' is not a number in 0..65535"},
	        {{"--listen", "udp:127.0.0.1:", NULL}, "port '' is not a number"},
	        {{"--listen", "tcp:[::1:5060", NULL}, "missing ']'"},
	        {{"--listen", "tcp:[::1]5060", NULL}, "expected ':PORT' after ']'"},
	        {{"-l", "udp:127.0.0.1:5", "-l", "udp:127.0.0.1:5", NULL}, "is given twice"},
	        {{"-l", "udp:127.0.0.1:5", "--role", "proxy", NULL},
	         "--role: role 'proxy' is not available in this version"},
	        {{"-l", "udp:127.0.0.1:5", "--role", "b2bua", NULL},
	         "--role: unknown role 'b2bua'"},
	        {{"-l", "udp:127.0.0.1:5", "--answer", "maybe", NULL},
	         "--answer: 'maybe' is not auto, ring, reject or reject:CODE"},
	        {{"-l", "udp:127.0.0.1:5", "--answer", "reject:200", NULL}, "must be in 300..699"},
	        {{"-l", "udp:127.0.0.1:5", "--answer", "reject:4860", NULL}, "must be in 300..699"},
	        {{"-l", "udp:127.0.0.1:5", "--t1", "abc", NULL},
	         "--t1: 'abc' is not a number of milliseconds in 1..60000"},
	        {{"-l", "udp:127.0.0.1:5", "--t1", "0", NULL}, "--t1: '0' is not a number"},
	        {{"-l", "udp:127.0.0.1:5", "--t2", "-4", NULL}, "--t2: '-4' is not a number"},
	        {{"-l", "udp:127.0.0.1:5", "--t1", "1000", "--t2", "500", NULL},
	         "--t2: 500 ms is smaller than T1 (1000 ms)"},
	        {{"-l", "udp:127.0.0.1:5", "--t2", "100", NULL}, "--t2: 100 ms is smaller than T1"},
	        {{"-l", "udp:127.0.0.1:5", "--answer-delay", "1e3", NULL}, "--answer-delay: '1e3'"},
	        {{"-l", "udp:127.0.0.1:5", "--auth-user", "bob", NULL},
	         "--auth-user: --auth-user and --auth-password go together"},
	        {{"-l", "udp:127.0.0.1:5", "--auth-password", "pw", NULL},
	         "--auth-password: --auth-user and --auth-password go together"},
	        {{"-l", "udp:127.0.0.1:5", "--lenient", "ipv6-3colon,nope", NULL},
	         "--lenient: unknown leniency 'nope'"},
	        {{"-l", "udp:127.0.0.1:5", "--lenient", "", NULL},
	         "--lenient: unknown leniency ''"},
	        {{"-l", "udp:127.0.0.1:5", "--bogus", NULL}, "--bogus: unknown flag"},
	        {{"-l", "udp:127.0.0.1:5", "--bogus=1", NULL}, "--bogus: unknown flag"},
	        {{"-l", "udp:127.0.0.1:5", "--trace=1", NULL}, "--trace: takes no value"},
	        {{"-l", "udp:127.0.0.1:5", "stray", NULL}, "'stray': unexpected argument"},
	        {{"-l", "udp:127.0.0.1:5", "-", NULL}, "'-': unexpected argument"},
	        {{"-l", "udp:127.0.0.1:5", "--log-level", "loud", NULL},
	         "--log-level: 'loud' is not error, warn, info or debug"},
	        {{"-l", "udp:127.0.0.1:5", "--seed", "-1", NULL},
	         "--seed: '-1' is not an unsigned"},
	        {{"-l", "udp:127.0.0.1:5", "--seed", "18446744073709551616", NULL},
	         "--seed: '18446744073709551616'"},
	        {{"-l", "udp:127.0.0.1:5", "--outbound-proxy", "http://x", NULL},
	         "--outbound-proxy: 'http://x' is not a sip: or sips: URI"},
	        {{"-l", "udp:127.0.0.1:5", "--user", "", NULL}, "--user: empty value"},
	        {{"-l", "udp:127.0.0.1:5", "--max-redirects", "101", NULL},
	         "--max-redirects: '101'"},
	        {{"-l", "udp:127.0.0.1:5", "--max-msg", "10", NULL},
	         "--max-msg: '10' is not a size"},
	        {{"-l", "udp:127.0.0.1:5", "--control",
	          "/tmp/"
	          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	          "a"
	          "aaaaaaaaaaaaaaaaaaaaaaaaaa",
	          NULL},
	         "--control: a UNIX socket path of 1..107 bytes"},
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct srv_opts o;
		char err[256] = "";
		int rc = parse(&o, rows[i].args, err, sizeof(err));

		CU_ASSERT_EQUAL(rc, -1);
		if (rc != -1 || !strstr(err, rows[i].want))
			fprintf(stderr, "row %zu: got '%s', want '%s'\n", i, err, rows[i].want);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, rows[i].want));
	}
}

static void test_usage_mentions_every_flag(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	srv_opts_usage(f);
	fclose(f);
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(text, flags[i].name));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "ipv6-3colon"));
	free(text);
}

static void test_ctl_parse(void)
{
	static const struct {
		const char *line;
		enum srv_ctl_kind kind;
		const char *uri;
		uint32_t call;
		long expires;
	} ok[] = {
	        {"call sip:bob@127.0.0.1:5070", SRV_CTL_CALL, "sip:bob@127.0.0.1:5070", 0, -1},
	        {"call sip:bob@h\r", SRV_CTL_CALL, "sip:bob@h", 0, -1},
	        {"  CALL\tsip:x@y  ", SRV_CTL_CALL, "sip:x@y", 0, -1},
	        {"cancel 3", SRV_CTL_CANCEL, NULL, 3, -1},
	        {"hangup 4294967295", SRV_CTL_HANGUP, NULL, 4294967295u, -1},
	        {"reinvite 12", SRV_CTL_REINVITE, NULL, 12, -1},
	        {"options sip:127.0.0.1:5070", SRV_CTL_OPTIONS, "sip:127.0.0.1:5070", 0, -1},
	        {"register sip:reg@h 3600", SRV_CTL_REGISTER, "sip:reg@h", 0, 3600},
	        {"register sip:reg@h 0", SRV_CTL_REGISTER, "sip:reg@h", 0, 0},
	        {"register sip:reg@h", SRV_CTL_REGISTER, "sip:reg@h", 0, -1},
	        {"calls", SRV_CTL_CALLS, NULL, 0, -1},
	        {"ping", SRV_CTL_PING, NULL, 0, -1},
	        {"help", SRV_CTL_HELP, NULL, 0, -1},
	        {"quit\r", SRV_CTL_QUIT, NULL, 0, -1},
	        {"", SRV_CTL_NONE, NULL, 0, -1},
	        {"   ", SRV_CTL_NONE, NULL, 0, -1},
	        {"# a comment", SRV_CTL_NONE, NULL, 0, -1},
	};
	static const struct {
		const char *line;
		const char *want;
	} bad[] = {
	        {"frob", "unknown command 'frob' (try 'help')"},
	        {"call", "usage: call URI"},
	        {"call a:b c:d", "usage: call URI"},
	        {"calls extra", "usage: calls"},
	        {"options nouri", "options: 'nouri' is not a URI"},
	        {"hangup 0", "hangup: '0' is not a call number"},
	        {"hangup x1", "hangup: 'x1' is not a call number"},
	        {"cancel 4294967296", "cancel: '4294967296' is not a call number"},
	        {"cancel 99999999999999999999999", "is not a call number"},
	        {"register sip:r@h -5", "register: EXPIRES '-5' is not a number"},
	        {"register sip:r@h 4294967296", "EXPIRES '4294967296'"},
	        {"register sip:r@h 1 2", "usage: register URI [EXPIRES]"},
	        {"register sip:r@h 1 2 3", "too many arguments"},
	        {"call sip:a\x01@b", "control character 0x01"},
	        {"call sip:a\nb", "control character 0x0a"},
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct srv_ctl_cmd c;
		char err[256] = "";
		int rc = srv_ctl_parse(ok[i].line, strlen(ok[i].line), &c, err, sizeof(err));

		if (rc != 0 || c.kind != ok[i].kind)
			fprintf(stderr, "ok row %zu: rc %d kind %d err '%s'\n", i, rc, c.kind, err);
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT_EQUAL(c.kind, ok[i].kind);
		CU_ASSERT_EQUAL(c.call, ok[i].call);
		CU_ASSERT_EQUAL(c.expires, ok[i].expires);
		if (ok[i].uri) {
			CU_ASSERT_EQUAL(c.uri_len, strlen(ok[i].uri));
			CU_ASSERT(c.uri && memcmp(c.uri, ok[i].uri, c.uri_len) == 0);
		} else {
			CU_ASSERT_PTR_NULL(c.uri);
		}
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct srv_ctl_cmd c;
		char err[256] = "";
		int rc = srv_ctl_parse(bad[i].line, strlen(bad[i].line), &c, err, sizeof(err));

		if (rc != -1 || !strstr(err, bad[i].want))
			fprintf(stderr, "bad row %zu: got '%s', want '%s'\n", i, err, bad[i].want);
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, bad[i].want));
	}
}

/* The parser reads exactly len bytes: a line right before an unreadable
 * page, without newline or NUL, and every prefix of it. */
static void test_ctl_parse_bounds(void)
{
	static const char line[] = "register sip:registrar@127.0.0.1:5070 3600";
	size_t n = sizeof(line) - 1;

	for (size_t k = 0; k <= n; k++) {
		struct srv_ctl_cmd c;
		char err[256];
		const char *g = tu_guard(line, k);

		(void)srv_ctl_parse(g, k, &c, err, sizeof(err));
		tu_guard_free();
	}
	CU_PASS("no read past the end");
}

static void test_event_format(void)
{
	struct sip_event ev;
	char out[512], small[24];
	size_t n;

	memset(&ev, 0, sizeof(ev));
	ev.type = SIP_EV_INCOMING_CALL;
	ev.call = 1;
	strcpy(ev.method, "INVITE");
	strcpy(ev.text, "from sip:alice@x");
	n = srv_ctl_format_event(&ev, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(
	        out, "event incoming-call call=1 status=0 method=INVITE text=\"from sip:alice@x\"");
	CU_ASSERT_EQUAL(n, strlen(out));

	memset(&ev, 0, sizeof(ev));
	ev.type = SIP_EV_REQUEST_DONE;
	ev.status = 200;
	n = srv_ctl_format_event(&ev, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "event request-done call=0 status=200");

	/* Quotes, backslashes and control characters cannot break the line. */
	memset(&ev, 0, sizeof(ev));
	ev.type = SIP_EV_CALL_ENDED;
	ev.call = 7;
	strcpy(ev.method, "B Y\n");
	strcpy(ev.text, "a\"b\\c\nd");
	srv_ctl_format_event(&ev, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "event call-ended call=7 status=0 method=B\\x20Y\\x0a "
	                            "text=\"a\\\"b\\\\c\\x0ad\"");

	/* Unterminated fixed-size fields are read within their size only. */
	memset(&ev, 'x', sizeof(ev));
	ev.type = SIP_EV_ANSWERED;
	ev.call = 2;
	ev.status = 200;
	n = srv_ctl_format_event(&ev, out, sizeof(out));
	CU_ASSERT_EQUAL(n, strlen(out));
	CU_ASSERT_EQUAL(n, strlen("event answered call=2 status=200 method= text=\"\"") +
	                           sizeof(ev.method) + sizeof(ev.text));

	/* Truncation keeps the output NUL-terminated within cap. */
	for (size_t cap = 1; cap <= sizeof(small); cap++) {
		memset(small, '#', sizeof(small));
		n = srv_ctl_format_event(&ev, small, cap);
		CU_ASSERT(n < cap);
		CU_ASSERT_EQUAL(small[n], '\0');
		for (size_t k = cap; k < sizeof(small); k++)
			CU_ASSERT_EQUAL(small[k], '#');
	}
	for (int t = SIP_EV_INCOMING_CALL; t <= SIP_EV_REQUEST_RECEIVED; t++)
		CU_ASSERT_STRING_NOT_EQUAL(srv_ctl_event_name((enum sip_event_type)t), "unknown");
}

int main(void)
{
	tu_suite("server_cli",
	         (CU_TestInfo[]){{"valid flags", test_opts_valid},
	                         {"bad flags name the flag", test_opts_errors},
	                         {"usage lists every flag", test_usage_mentions_every_flag},
	                         CU_TEST_INFO_NULL});
	tu_suite("server_control", (CU_TestInfo[]){{"command lines", test_ctl_parse},
	                                           {"bounded reads", test_ctl_parse_bounds},
	                                           {"event lines", test_event_format},
	                                           CU_TEST_INFO_NULL});
	return tu_run();
}

/* sipvet parse: run files through the message layer and say what it makes of
 * them.
 *
 * Datagram mode (default): each file is one UDP datagram (RFC 3261 18.3):
 * sip_msg_parse, then sip_msg_parse_all. Stream mode (--stream): each file is
 * the byte stream of one TCP/TLS connection, fed through sip_framer in
 * chunks as if it arrived over the network; every framed message is parsed
 * with SIP_PARSE_STREAM and every keep-alive is reported (RFC 5626 3.5.1).
 *
 * Output is one line per file ("FILE: valid", "FILE: invalid at offset N:
 * REASON (status S)"), or with --json one JSON document per file, one per
 * line (JSON Lines; the shape is in msg_json.h and below). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg_json.h"
#include "sipref/framer.h"
#include "vet.h"

#define DEFAULT_CHUNK 512

struct popts {
	unsigned flags; /* SIP_LENIENT_* */
	int stream, json;
	size_t chunk; /* stream mode: bytes that "arrive" per read */
};

/* What the message layer made of one message. */
struct result {
	int framed; /* sip_msg_parse succeeded: the message is inspectable */
	int rc;     /* 0 valid, SIP_EPARSE invalid */
	struct sip_perr err;
	int checked; /* sip_msg_check ran (the message was valid) */
	int check_rc;
	struct sip_perr cerr;
};

static const char parse_usage[] =
        "usage: sipvet parse [--stream [--chunk N]] [--json] [--lenient NAME[,NAME...]|all]\n"
        "                    FILE...\n"
        "\n"
        "Parses each FILE (- for standard input) with the reference stack's message layer\n"
        "and prints \"FILE: valid\" or \"FILE: invalid at offset N: REASON (status S)\", where S\n"
        "is the response an endpoint sends (0: the message is dropped).\n"
        "\n"
        "  --stream       FILE is a TCP/TLS byte stream: frame it (RFC 3261 18.3) in chunks\n"
        "                 and report every message and keep-alive\n"
        "  --chunk N      stream mode: feed N bytes at a time (default 512)\n"
        "  --json         one JSON document per file per line (JSON Lines) with the verdict\n"
        "                 and the decoded message\n"
        "  --lenient L    accept the named departures from the grammar (comma-separated),\n"
        "                 or all of them; off by default:\n";

static void usage(FILE *f)
{
	unsigned bit;
	fputs(parse_usage, f);
	for (bit = 1; bit & SIP_LENIENT_ALL; bit <<= 1)
		fprintf(f, "                   %s\n", sip_lenient_name(bit));
	fputs("\nExit status: 0 all valid, 1 something invalid, 2 usage or I/O error.\n", f);
}

static int lenient_parse(const char *arg, unsigned *flags)
{
	const char *p = arg;
	if (!strcmp(arg, "all")) {
		*flags |= SIP_LENIENT_ALL;
		return 0;
	}
	while (*p) {
		size_t n = strcspn(p, ",");
		unsigned bit;
		for (bit = 1; bit & SIP_LENIENT_ALL; bit <<= 1) {
			const char *name = sip_lenient_name(bit);
			if (name && strlen(name) == n && !strncmp(name, p, n))
				break;
		}
		if (!(bit & SIP_LENIENT_ALL)) {
			vet_err("parse: unknown leniency '%.*s' (see sipvet parse --help)", (int)n,
			        p);
			return -1;
		}
		*flags |= bit;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* Reads the whole file (binary-safe). 0, or an errno value. */
static int read_all(const char *path, char **out, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	int e = 0;
	if (!f)
		return errno;
	for (;;) {
		size_t got;
		if (n == cap) {
			char *nb = realloc(buf, cap ? cap * 2 : 65536);
			if (!nb) {
				e = ENOMEM;
				break;
			}
			buf = nb;
			cap = cap ? cap * 2 : 65536;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f))
				e = errno ? errno : EIO;
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	if (e) {
		free(buf);
		return e;
	}
	*out = buf;
	*len = n;
	return 0;
}

/* Runs one message through the layer. 0 with r filled in, or a hard error
 * (SIP_ENOMEM, SIP_EUNSUPP, ...) that is not a verdict on the message. */
static int run_msg(struct sip_msg *m, const char *p, size_t n, unsigned flags, struct result *r)
{
	int rc;
	memset(r, 0, sizeof(*r));
	rc = sip_msg_parse(m, p, n, flags, &r->err);
	if (rc == 0) {
		r->framed = 1;
		rc = sip_msg_parse_all(m, &r->err);
	}
	if (rc != 0 && rc != SIP_EPARSE)
		return rc;
	r->rc = rc;
	if (rc == 0) {
		r->checked = 1;
		r->check_rc = sip_msg_check(m, &r->cerr);
		if (r->check_rc != 0 && r->check_rc != SIP_EPARSE)
			return r->check_rc;
	}
	return 0;
}

static const char *reason_of(const struct sip_perr *e)
{
	return e->reason ? e->reason : "(no reason given)";
}

/* "valid (lenient: a, b)" or "invalid at offset N: REASON (status S)", then
 * the sip_msg_check note on its own line. */
static void print_verdict(const char *name, const char *prefix, const struct result *r,
                          const struct sip_msg *m, size_t base)
{
	printf("%s: %s", name, prefix);
	if (r->rc == 0) {
		fputs("valid", stdout);
		if (m->lenient_used) {
			unsigned bit;
			const char *sep = " (lenient: ";
			for (bit = 1; bit; bit <<= 1) {
				if (!(m->lenient_used & bit))
					continue;
				printf("%s%s", sep,
				       sip_lenient_name(bit) ? sip_lenient_name(bit) : "unknown");
				sep = ", ";
			}
			fputc(')', stdout);
		}
	} else {
		printf("invalid at offset %zu: %s (status %d)", base + r->err.off,
		       reason_of(&r->err), r->err.status);
	}
	fputc('\n', stdout);
	if (r->checked && r->check_rc != 0) {
		/* RFC 3261 8.2: a UAS answers a request it cannot process; a
		 * malformed response is dropped instead (16.7, RFC 4475 3.1.2.19). */
		if (m->is_request && r->cerr.status)
			printf("  note: an endpoint answers %d: %s\n", r->cerr.status,
			       reason_of(&r->cerr));
		else
			printf("  note: an endpoint drops it: %s\n", reason_of(&r->cerr));
	}
}

/* The verdict members of a JSON record (into the current object). */
static void json_result(struct vet_json *j, const struct result *r, struct sip_msg *m, size_t base)
{
	vet_json_kcstr(j, "verdict", r->rc == 0 ? "valid" : "invalid");
	vet_json_key(j, "error");
	if (r->rc == 0)
		vet_json_null(j);
	else
		vet_json_perr(j, &r->err, base);
	vet_json_key(j, "lenient_used");
	vet_json_lenient(j, r->framed ? m->lenient_used : 0);
	vet_json_key(j, "check");
	if (!r->checked) {
		vet_json_null(j);
	} else {
		vet_json_obj(j);
		vet_json_kbool(j, "ok", r->check_rc == 0);
		if (r->check_rc != 0) {
			vet_json_key(j, "error");
			vet_json_perr(j, &r->cerr, base);
		}
		vet_json_obj_end(j);
	}
	vet_json_key(j, "message");
	if (r->framed)
		vet_json_msg(j, m);
	else
		vet_json_null(j);
}

static void json_head(struct vet_json *j, const struct popts *o, const char *name, size_t len)
{
	vet_json_obj(j);
	vet_json_kcstr(j, "file", name);
	vet_json_kcstr(j, "mode", o->stream ? "stream" : "datagram");
	vet_json_kuint(j, "size", len);
	vet_json_key(j, "lenient");
	vet_json_lenient(j, o->flags);
}

static int hard_error(const char *name, int rc)
{
	if (rc == SIP_EUNSUPP)
		vet_err("%s: not implemented yet in the message layer (%s)", name,
		        sip_strerror(rc));
	else
		vet_err("%s: %s", name, sip_strerror(rc));
	return VET_EXIT_USAGE;
}

static int parse_datagram(struct sip_msg *m, const struct popts *o, const char *name,
                          const char *buf, size_t len)
{
	struct result r;
	int rc = run_msg(m, buf, len, o->flags, &r);
	if (rc)
		return hard_error(name, rc);
	if (o->json) {
		struct vet_json j;
		vet_json_init(&j, stdout);
		json_head(&j, o, name, len);
		json_result(&j, &r, m, 0);
		vet_json_obj_end(&j);
		vet_json_end(&j);
	} else {
		print_verdict(name, "", &r, m, 0);
	}
	return r.rc == 0 ? VET_EXIT_OK : VET_EXIT_FAIL;
}

/* One frame's record: text line, or a JSON element of "frames". */
static void frame_simple(struct vet_json *j, const char *name, const char *kind, size_t off,
                         size_t n, const char *text)
{
	if (j) {
		vet_json_obj(j);
		vet_json_kcstr(j, "kind", kind);
		vet_json_kuint(j, "offset", off);
		vet_json_kuint(j, "length", n);
		vet_json_obj_end(j);
	} else {
		printf("%s: %s at offset %zu (%zu bytes)\n", name, text, off, n);
	}
}

static int parse_stream(struct sip_msg *m, const struct popts *o, const char *name, const char *buf,
                        size_t len)
{
	struct sip_framer f;
	struct vet_json jw, *j = o->json ? &jw : NULL;
	size_t cons = 0, arrived = len < o->chunk ? len : o->chunk;
	unsigned nmsg = 0, nka = 0;
	int status = VET_EXIT_OK;
	if (j) {
		vet_json_init(j, stdout);
		json_head(j, o, name, len);
		vet_json_kuint(j, "chunk", o->chunk);
		vet_json_key(j, "frames");
		vet_json_arr(j);
	}
	sip_framer_init(&f, 0);
	for (;;) {
		struct sip_perr err = {0, NULL, 0};
		size_t n = 0;
		enum sip_frame fr = sip_framer_feed(&f, buf + cons, arrived - cons, &n, &err);
		if (fr == SIP_FRAME_NEED) {
			if (arrived < len) {
				arrived = len - arrived < o->chunk ? len : arrived + o->chunk;
				continue;
			}
			if (cons < len) {
				/* RFC 4475 3.1.2.2 clerr: a stream waits for the rest. */
				status = VET_EXIT_FAIL;
				if (j)
					frame_simple(j, name, "incomplete", cons, len - cons, NULL);
				else
					printf("%s: invalid at offset %zu: incomplete message "
					       "(need "
					       "more bytes)\n",
					       name, cons);
			}
			break;
		}
		if (fr == SIP_FRAME_ERROR) {
			/* RFC 4475 3.1.2.2/3.1.2.3: an unframeable stream is closed. */
			status = VET_EXIT_FAIL;
			if (j) {
				vet_json_obj(j);
				vet_json_kcstr(j, "kind", "error");
				vet_json_kuint(j, "offset", cons);
				vet_json_key(j, "error");
				vet_json_perr(j, &err, cons);
				vet_json_kbool(j, "close", 1);
				vet_json_obj_end(j);
			} else {
				printf("%s: invalid at offset %zu: %s (status %d); connection "
				       "would "
				       "be closed\n",
				       name, cons + err.off, reason_of(&err), err.status);
			}
			break;
		}
		if (n == 0 || n > arrived - cons) {
			vet_err("%s: the framer returned a frame of %zu bytes at offset %zu", name,
			        n, cons);
			status = VET_EXIT_USAGE;
			break;
		}
		if (fr == SIP_FRAME_MSG) {
			struct result r;
			char prefix[96];
			int rc = run_msg(m, buf + cons, n, o->flags | SIP_PARSE_STREAM, &r);
			if (rc) {
				status = hard_error(name, rc);
				break;
			}
			nmsg++;
			if (r.rc)
				status = VET_EXIT_FAIL;
			if (j) {
				vet_json_obj(j);
				vet_json_kcstr(j, "kind", "message");
				vet_json_kuint(j, "offset", cons);
				vet_json_kuint(j, "length", n);
				json_result(j, &r, m, cons);
				vet_json_obj_end(j);
			} else {
				snprintf(prefix, sizeof(prefix),
				         "message %u at offset %zu (%zu bytes): ", nmsg, cons, n);
				print_verdict(name, prefix, &r, m, cons);
			}
		} else if (fr == SIP_FRAME_PING) {
			nka++;
			frame_simple(j, name, "ping", cons, n, "keep-alive CRLFCRLF (answer CRLF)");
		} else {
			frame_simple(j, name, "crlf", cons, n, "lone CRLF (skipped)");
		}
		cons += n;
	}
	if (j) {
		vet_json_arr_end(j);
		vet_json_kcstr(j, "verdict", status == VET_EXIT_OK ? "valid" : "invalid");
		vet_json_kuint(j, "messages", nmsg);
		vet_json_kuint(j, "keepalives", nka);
		vet_json_obj_end(j);
		vet_json_end(j);
	} else if (status != VET_EXIT_USAGE) {
		printf("%s: %s (%u message%s, %u keep-alive%s)\n", name,
		       status == VET_EXIT_OK ? "valid" : "invalid", nmsg, nmsg == 1 ? "" : "s", nka,
		       nka == 1 ? "" : "s");
	}
	return status;
}

static int parse_args(int argc, char **argv, struct popts *o, int *first_file)
{
	int i;
	memset(o, 0, sizeof(*o));
	o->chunk = DEFAULT_CHUNK;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || !strcmp(a, "-"))
			break;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 1;
		} else if (!strcmp(a, "--stream")) {
			o->stream = 1;
		} else if (!strcmp(a, "--json")) {
			o->json = 1;
		} else if (!strncmp(a, "--lenient", 9) || !strncmp(a, "--chunk", 7)) {
			const char *eq = strchr(a, '=');
			size_t nl = eq ? (size_t)(eq - a) : strlen(a);
			int is_len = nl == 9 && !strncmp(a, "--lenient", 9);
			if (!is_len && !(nl == 7 && !strncmp(a, "--chunk", 7)))
				goto unknown;
			if (eq)
				val = eq + 1;
			else if (i + 1 < argc)
				val = argv[++i];
			else {
				vet_err("parse: %s needs a value", a);
				return -1;
			}
			if (is_len) {
				if (lenient_parse(val, &o->flags))
					return -1;
			} else {
				char *end;
				unsigned long v = strtoul(val, &end, 10);
				if (!*val || *end || v == 0 || v > (1ul << 30)) {
					vet_err("parse: --chunk wants a positive number, not '%s'",
					        val);
					return -1;
				}
				o->chunk = v;
			}
		} else {
		unknown:
			vet_err("parse: unknown option '%s'", a);
			return -1;
		}
	}
	if (i >= argc) {
		vet_err("parse: no FILE given");
		return -1;
	}
	*first_file = i;
	return 0;
}

int vet_cmd_parse(int argc, char **argv)
{
	struct popts o;
	struct sip_msg *m;
	int i, first, worst = VET_EXIT_OK;
	int rc = parse_args(argc, argv, &o, &first);
	if (rc) {
		if (rc < 0)
			fputs("Try 'sipvet parse --help'.\n", stderr);
		return rc < 0 ? VET_EXIT_USAGE : VET_EXIT_OK;
	}
	m = sip_msg_new(sip_allocator_default());
	if (!m) {
		vet_err("parse: out of memory");
		return VET_EXIT_USAGE;
	}
	for (i = first; i < argc; i++) {
		const char *name = strcmp(argv[i], "-") ? argv[i] : "<stdin>";
		char *buf = NULL;
		size_t len = 0;
		int e = read_all(argv[i], &buf, &len), st;
		if (e) {
			vet_err("%s: %s", name, strerror(e));
			worst = VET_EXIT_USAGE;
			continue;
		}
		if (o.stream)
			st = parse_stream(m, &o, name, buf, len);
		else
			st = parse_datagram(m, &o, name, buf, len);
		fflush(stdout);
		free(buf);
		if (st > worst)
			worst = st;
	}
	sip_msg_free(m);
	return worst;
}

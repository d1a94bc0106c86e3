/* parse_digest: one line per parse of many inputs, for checking that a
 * change to the message layer (a speed-up, usually) changes no result.
 *
 *   parse_digest FILE... > before.txt    (build of the old tree)
 *   parse_digest FILE... > after.txt     (build of the new tree)
 *   cmp before.txt after.txt
 *
 * Each file is parsed whole, cut at every length, and with each octet in
 * turn replaced by each of a set of octets that matter to SIP syntax; each
 * variant strictly and with every leniency. A line holds the outcome of
 * sip_msg_parse (code, error offset, status, reason), of sip_msg_parse_all,
 * the leniencies used, sip_msg_check, and a hash of the canonical print of
 * the message, of its SDP and of its multipart body (the printer prints
 * decoded values, so a changed decode shows up there), plus the header ids
 * and the Request-URI's host type and address. Not a test: a tool for
 * whoever changes the parser (bench/README.md). --sdp: the files are SDP
 * bodies, parsed with sip_sdp_parse. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipref/buf.h"
#include "sipref/msg.h"
#include "sipref/multipart.h"
#include "sipref/sdp.h"

static char out[1 << 18];

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;
	size_t i;
	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ull;
	return h;
}

static void digest(struct sip_msg *m, const char *name, const char *buf, size_t len, unsigned flags)
{
	struct sip_perr e = {0}, ea = {0}, ec = {0};
	char *copy = malloc(len ? len : 1); /* exact size: no NUL after it */
	int rc, ra = -99, rk = -99;
	uint64_t h = 0xcbf29ce484222325ull, hs = 0, hm = 0;
	const struct sip_uri *ru;
	size_t i;

	if (!copy)
		abort();
	memcpy(copy, buf, len);
	rc = sip_msg_parse(m, copy, len, flags, &e);
	printf("%s f=%x rc=%d off=%zu st=%d r=%s", name, flags, rc, e.off, e.status,
	       rc ? e.reason : "-");
	if (rc == 0) {
		struct sip_buf b;
		const struct sip_sdp *sdp;
		const struct sip_multipart *mp;
		ra = sip_msg_parse_all(m, &ea);
		rk = sip_msg_check(m, &ec);
		h = fnv(out, sip_msg_print(m, out, sizeof(out)), h);
		for (i = 0; i < m->nhdrs; i++)
			h = fnv(&m->hdrs[i].id, sizeof(m->hdrs[i].id), h);
		if ((sdp = sip_msg_sdp(m)) != NULL) {
			sip_buf_init(&b, out, sizeof(out));
			sip_sdp_print(&b, sdp);
			hs = fnv(out, b.len < sizeof(out) ? b.len : sizeof(out), 1);
		}
		if ((mp = sip_msg_multipart(m)) != NULL)
			hm = 1 + mp->nparts;
		if ((ru = sip_msg_ruri(m)) != NULL) {
			h = fnv(&ru->host.type, sizeof(ru->host.type), h);
			h = fnv(ru->host.addr, sizeof(ru->host.addr), h);
		}
		printf(" all=%d off=%zu st=%d r=%s len=%zu body=%zu len_used=%x chk=%d/%d/%s"
		       " h=%016llx sdp=%016llx mp=%llu",
		       ra, ea.off, ea.status, ra ? ea.reason : "-", m->len, m->body.len,
		       m->lenient_used, rk, ec.status, rk ? ec.reason : "-", (unsigned long long)h,
		       (unsigned long long)hs, (unsigned long long)hm);
	}
	putchar('\n');
	free(copy);
}

/* --sdp: the file is an SDP body alone (sip_sdp_parse). */
static int sdp_mode;
static struct sip_arena sdp_arena;

static void digest_sdp(const char *name, const char *buf, size_t len, unsigned flags)
{
	struct sip_perr e = {0};
	struct sip_sdp *s = NULL;
	char *copy = malloc(len ? len : 1);
	int rc;

	if (!copy)
		abort();
	memcpy(copy, buf, len);
	sip_arena_reset(&sdp_arena);
	rc = sip_sdp_parse(&sdp_arena, copy, len, flags, &s, &e);
	printf("%s f=%x rc=%d off=%zu st=%d r=%s", name, flags, rc, e.off, e.status,
	       rc ? e.reason : "-");
	if (rc == 0) {
		struct sip_buf b;
		sip_buf_init(&b, out, sizeof(out));
		sip_sdp_print(&b, s);
		printf(" n=%zu h=%016llx", s->nmedia,
		       (unsigned long long)fnv(out, b.len < sizeof(out) ? b.len : sizeof(out), 1));
	}
	putchar('\n');
	free(copy);
}

static void run(struct sip_msg *m, const char *name, const char *buf, size_t len, unsigned flags)
{
	if (sdp_mode)
		digest_sdp(name, buf, len, flags);
	else
		digest(m, name, buf, len, flags);
}

static const char subst[] = {' ',  ':', ';', ',',  '<',    '>', '@', '"', '\r',
                             '\n', '=', '%', '\0', '\x80', '[', '/', '0', 'a'};

int main(int argc, char **argv)
{
	struct sip_msg *m = sip_msg_new(sip_allocator_default());
	static char buf[1 << 16], var[1 << 16], name[4096];
	int a = 1;

	if (argc > 1 && strcmp(argv[1], "--sdp") == 0) {
		sdp_mode = 1;
		a++;
	}
	if (!m || a >= argc) {
		fprintf(stderr, "usage: parse_digest [--sdp] FILE...\n");
		return 2;
	}
	sip_arena_init(&sdp_arena, sip_allocator_default(), 0);
	for (; a < argc; a++) {
		FILE *f = fopen(argv[a], "rb");
		size_t len, i, k;
		unsigned fl;
		if (!f) {
			perror(argv[a]);
			return 2;
		}
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		for (fl = 0; fl < 2; fl++) {
			unsigned flags = fl ? SIP_LENIENT_ALL : 0;
			snprintf(name, sizeof(name), "%s", argv[a]);
			run(m, name, buf, len, flags);
			for (i = 0; i < len; i++) {
				snprintf(name, sizeof(name), "%s/cut%zu", argv[a], i);
				run(m, name, buf, i, flags);
				memcpy(var, buf, len);
				for (k = 0; k < sizeof(subst); k++) {
					if (buf[i] == subst[k])
						continue;
					var[i] = subst[k];
					snprintf(name, sizeof(name), "%s/%zu=%02x", argv[a], i,
					         (unsigned char)subst[k]);
					run(m, name, var, len, flags);
				}
			}
		}
	}
	sip_arena_fini(&sdp_arena);
	sip_msg_free(m);
	return 0;
}

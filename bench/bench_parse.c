/* bench_parse: full-parse throughput of libsipref against peer SIP parsers.
 *
 * Every parser gets the same bytes in the same run: the three messages of
 * bench/messages/ (RFC 3261 24.1 F1 REGISTER, 24.2 F1 INVITE with SDP, a 200 OK
 * to it) and the torture set (corpus/torture/rfc4475, rfc5118). Only messages
 * a parser ACCEPTS are timed; bench/README.md says what each "full parse"
 * covers and how heap calls are counted.
 *
 * Per (message, parser): ns/message and MB/s of the best of `runs` timed runs
 * (CLOCK_MONOTONIC, each run at least `run_time` seconds after a warm-up),
 * then heap calls per message counted over a separate pass once warm.
 *
 *   bench_parse [--quick] [--time SECONDS] [--runs N] [--verbose] [--src DIR]
 *               [--only PARSER]
 *   bench_parse --repeat N --file FILE [--only PARSER]
 *
 * --repeat parses FILE N times with each parser and prints nothing but a
 * line per parser: a fixed workload for instruction counting (see
 * scripts/bench-instructions.sh, which runs it under callgrind twice and
 * takes the difference, so setup costs cancel out).
 *
 * --quick (the CTest smoke test): a few iterations, no timing claims; exits
 * non-zero when libsipref rejects a benchmark message or allocates once warm. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "bench_inputs.h"
#include "bench_ours.h"

static double run_time = 0.06; /* seconds per timed run; runs * run_time >= 0.3 s */
static int runs = 5;
static int quick, verbose;
static const char *only; /* --only NAME: one parser, e.g. for perf record */
static long repeat;      /* --repeat N: fixed workload mode */
static const char *repeat_file;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One pass over the set `iters` times; returns rejected parses (must be 0). */
static unsigned long pass(const struct bench_parser *p, const struct bench_set *s,
                          unsigned long iters)
{
	unsigned long bad = 0;
	for (unsigned long it = 0; it < iters; it++)
		for (size_t i = 0; i < s->n; i++)
			bad += p->parse(s->in[i]->buf, s->in[i]->len) != 0;
	return bad;
}

struct result {
	int valid;
	double ns_msg, mb_s, allocs_msg, ours_allocs_msg;
	unsigned long failures, iters;
	double best;
};

/* Checks acceptance, warms up and calibrates: doubles the iteration count
 * until one pass takes >= run_time / 4, then scales it to run_time. */
static void calibrate(const struct bench_parser *p, const struct bench_set *s, struct result *r)
{
	double t;

	memset(r, 0, sizeof(*r));
	r->best = 1e30;
	r->iters = 1;
	if (s->n == 0)
		return;
	r->valid = 1;
	/* A rejected message would time an error path: do not time it at all. */
	r->failures = pass(p, s, 1);
	if (r->failures)
		return;
	for (;;) {
		t = now_s();
		r->failures += pass(p, s, r->iters);
		t = now_s() - t;
		if (quick || t >= run_time / 4 || r->iters >= (1ul << 30))
			break;
		r->iters *= 2;
	}
	if (!quick && t > 0)
		r->iters = (unsigned long)((double)r->iters * run_time / t) + 1;
}

/* Times every parser on the same set. The timed runs are interleaved (run k of
 * every parser, then run k + 1) so a burst of load on this shared machine
 * hits all parsers alike rather than the one that happened to be running;
 * each keeps its best run. Heap calls are counted afterwards, once warm. */
static void measure_all(const struct bench_parser *const *ps, size_t np, const struct bench_set *s,
                        struct result *r)
{
	for (size_t i = 0; i < np; i++)
		calibrate(ps[i], s, &r[i]);
	for (int k = 0; k < (quick ? 1 : runs); k++)
		for (size_t i = 0; i < np; i++) {
			double t;
			if (!r[i].valid || r[i].failures)
				continue;
			t = now_s();
			r[i].failures += pass(ps[i], s, r[i].iters);
			t = now_s() - t;
			if (t < r[i].best)
				r[i].best = t;
		}
	for (size_t i = 0; i < np; i++) {
		unsigned long cnt_iters = quick ? 4 : 64, m0, a0;
		double msgs = (double)r[i].iters * (double)s->n;
		if (!r[i].valid || r[i].failures)
			continue;
		m0 = bench_malloc_calls;
		a0 = bench_ours_allocs();
		r[i].failures += pass(ps[i], s, cnt_iters);
		r[i].allocs_msg = (double)(bench_malloc_calls - m0) / (double)(cnt_iters * s->n);
		r[i].ours_allocs_msg =
		        (double)(bench_ours_allocs() - a0) / (double)(cnt_iters * s->n);
		r[i].ns_msg = r[i].best * 1e9 / msgs;
		r[i].mb_s = (double)s->bytes * (double)r[i].iters / r[i].best / 1e6;
	}
}

#define MAXP 8

/* Prints one group's table and ratios; returns 1 when libsipref fails the
 * smoke criteria on it (rejected, or heap calls once warm). */
static int report_set(const struct bench_set *s, const struct bench_parser *const *ps, size_t np,
                      int check)
{
	struct result r[MAXP];
	const struct result *base[2] = {0, 0}; /* ours: full, no SDP */
	int fail = 0;

	printf("\n== %s: %zu message(s), %zu bytes ==\n", s->name, s->n, s->bytes);
	printf("%-14s %10s %9s %11s %11s\n", "parser", "ns/msg", "MB/s", "allocs/msg",
	       "time/sipref");
	measure_all(ps, np, s, r);
	for (size_t i = 0; i < np; i++) {
		if (ps[i]->ours && r[i].valid && !r[i].failures)
			base[ps[i]->nosdp] = &r[i];
	}
	for (size_t i = 0; i < np; i++) {
		const struct result *b = base[ps[i]->nosdp];
		double allocs = ps[i]->ours ? r[i].ours_allocs_msg : r[i].allocs_msg;
		if (!r[i].valid || r[i].failures) {
			printf("%-14s %10s\n", ps[i]->name, r[i].valid ? "REJECTED" : "-");
			continue;
		}
		printf("%-14s %10.1f %9.1f", ps[i]->name, r[i].ns_msg, r[i].mb_s);
		if (ps[i]->ours || bench_malloc_counted)
			printf(" %11.2f", allocs);
		else
			printf(" %11s", "n/a");
		if (b && !ps[i]->ours)
			printf(" %10.2fx\n", r[i].ns_msg / b->ns_msg);
		else
			printf("\n");
		if (ps[i]->ours && (r[i].ours_allocs_msg > 0 || r[i].allocs_msg > 0)) {
			printf("  !! %s: %.2f allocator / %.2f malloc calls per message once "
			       "warm\n",
			       ps[i]->name, r[i].ours_allocs_msg, r[i].allocs_msg);
			fail |= check;
		}
	}
	for (int k = 0; k < 2; k++) {
		const struct result *fast = 0;
		const char *fname = 0;
		if (!base[k])
			continue;
		for (size_t i = 0; i < np; i++)
			if (!ps[i]->ours && ps[i]->nosdp == k && r[i].valid && !r[i].failures &&
			    (!fast || r[i].ns_msg < fast->ns_msg)) {
				fast = &r[i];
				fname = ps[i]->name;
			}
		if (fast)
			printf("%s speed-up over the fastest peer (%s): %.2fx%s\n",
			       k ? "sipref-noSDP" : "sipref", fname, fast->ns_msg / base[k]->ns_msg,
			       k ? "" : "  [goal: >= 5x, 0 allocs/msg]");
	}
	for (size_t i = 0; i < np; i++)
		if (ps[i]->ours && (!r[i].valid || r[i].failures))
			fail |= check;
	return fail;
}

/* Which parsers accept each torture message; builds each parser's set and
 * the set every parser accepts. */
static int report_torture(const struct bench_corpus *c, const struct bench_parser *const *ps,
                          size_t np)
{
	size_t nt = c->ntorture;
	unsigned char *acc = calloc(nt * np + 1, 1);
	const struct bench_input **common = calloc(nt + 1, sizeof(*common));
	const struct bench_input **own = calloc(nt + 1, sizeof(*own));
	struct bench_set cs = {"torture, accepted by every parser", common, 0, 0};
	int fail = 0;

	if (!acc || !common || !own)
		return 1;
	printf("\n== torture: %zu messages (corpus/torture/rfc4475, rfc5118) ==\n", nt);
	if (verbose)
		printf("(per message: parsers in the order below, + accepted, - rejected)\n");
	for (size_t t = 0; t < nt; t++) {
		int all = 1;
		for (size_t i = 0; i < np; i++) {
			acc[t * np + i] = ps[i]->parse(c->torture[t].buf, c->torture[t].len) == 0;
			all &= acc[t * np + i];
		}
		if (verbose) {
			printf("  %-40s ", c->torture[t].name);
			for (size_t i = 0; i < np; i++)
				putchar(acc[t * np + i] ? '+' : '-');
			putchar('\n');
		}
		if (all) {
			common[cs.n++] = &c->torture[t];
			cs.bytes += c->torture[t].len;
		}
	}
	for (size_t i = 0; i < np; i++) {
		size_t n = 0;
		for (size_t t = 0; t < nt; t++)
			n += acc[t * np + i];
		printf("  %-14s accepts %zu/%zu\n", ps[i]->name, n, nt);
	}
	/* Each parser over the messages it accepts (not comparable across parsers). */
	printf("\n== torture, each parser over the messages it accepts ==\n");
	printf("%-14s %8s %10s %9s %11s\n", "parser", "messages", "ns/msg", "MB/s", "allocs/msg");
	for (size_t i = 0; i < np; i++) {
		struct bench_set s = {ps[i]->name, own, 0, 0};
		struct result r;
		for (size_t t = 0; t < nt; t++)
			if (acc[t * np + i]) {
				own[s.n++] = &c->torture[t];
				s.bytes += c->torture[t].len;
			}
		measure_all(&ps[i], 1, &s, &r);
		printf("%-14s %8zu %10.1f %9.1f", ps[i]->name, s.n, r.ns_msg, r.mb_s);
		if (ps[i]->ours || bench_malloc_counted)
			printf(" %11.2f\n", ps[i]->ours ? r.ours_allocs_msg : r.allocs_msg);
		else
			printf(" %11s\n", "n/a");
		if (ps[i]->ours && (r.failures || r.ours_allocs_msg > 0 || r.allocs_msg > 0)) {
			printf("  !! %s: heap calls once warm or unstable result\n", ps[i]->name);
			fail = 1;
		}
	}
	fail |= report_set(&cs, ps, np, 0);
	free(acc);
	free(common);
	free(own);
	return fail;
}

/* Every parser over the benchmark messages for a while before anything is
 * timed: the first measurement otherwise pays for a cold CPU (frequency
 * ramp, caches), which showed as a first message twice as slow as the same
 * message measured later. */
static void warm_up(const struct bench_corpus *c, const struct bench_parser *const *ps, size_t np)
{
	double end = now_s() + (quick ? 0.01 : 0.5);
	while (now_s() < end)
		for (size_t i = 0; i < np; i++)
			for (size_t k = 0; k < BENCH_NMSGS; k++)
				(void)ps[i]->parse(c->msgs[k].buf, c->msgs[k].len);
}

static int bench_report(const struct bench_corpus *c, const struct bench_parser *const *ps,
                        size_t np)
{
	int fail = 0;

	printf("bench_parse: %s, best of %d run(s) of >= %.2f s each; heap calls counted once "
	       "warm\n",
	       quick ? "QUICK mode (no meaningful timings)" : "full parse", quick ? 1 : runs,
	       quick ? 0.0 : run_time);
	for (size_t i = 0; i < np; i++)
		printf("  %-14s %s\n", ps[i]->name, ps[i]->covers);
	for (size_t m = 0; m < BENCH_NMSGS; m++) {
		const struct bench_input *in = &c->msgs[m];
		struct bench_set s = {in->name, &in, 1, in->len};
		fail |= report_set(&s, ps, np, 1);
	}
	fail |= report_torture(c, ps, np);
	return fail;
}

/* --repeat N --file F: the same bytes N times through each parser. */
static int repeat_file_parse(const struct bench_parser *const *ps, size_t np)
{
	FILE *f = fopen(repeat_file, "rb");
	char *buf;
	long len, i, ok;
	if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "bench_parse: cannot read %s\n", repeat_file);
		if (f)
			fclose(f);
		return 1;
	}
	buf = malloc((size_t)len + 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "bench_parse: cannot read %s\n", repeat_file);
		fclose(f);
		free(buf);
		return 1;
	}
	fclose(f);
	for (size_t k = 0; k < np; k++) {
		for (i = ok = 0; i < repeat; i++)
			ok += ps[k]->parse(buf, (size_t)len) == 0;
		printf("%s: %ld parses of %s, %ld accepted\n", ps[k]->name, repeat, repeat_file,
		       ok);
	}
	free(buf);
	return 0;
}

static int usage(const char *argv0)
{
	fprintf(stderr,
	        "usage: %s [--quick] [--time SECONDS] [--runs N] [--verbose] [--src DIR]"
	        " [--only PARSER]\n"
	        "       %s --repeat N --file FILE [--only PARSER]\n",
	        argv0, argv0);
	return 2;
}

int main(int argc, char **argv)
{
	const char *src = SIPVET_SOURCE_DIR;
	const struct bench_parser *parsers[MAXP];
	size_t np = 0;
	struct bench_corpus corpus;
	int status = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick"))
			quick = 1;
		else if (!strcmp(argv[i], "--verbose"))
			verbose = 1;
		else if (!strcmp(argv[i], "--time") && i + 1 < argc)
			run_time = atof(argv[++i]);
		else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--src") && i + 1 < argc)
			src = argv[++i];
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
			repeat = atol(argv[++i]);
		else if (!strcmp(argv[i], "--file") && i + 1 < argc)
			repeat_file = argv[++i];
		else
			return usage(argv[0]);
	}
	if ((repeat > 0) != (repeat_file != NULL))
		return usage(argv[0]);
	if (runs < 1 || run_time <= 0)
		return usage(argv[0]);

	if (bench_corpus_load(&corpus, src) != 0)
		return 1;

	/* Each entry is initialised, and later finished, once (shared state is
	 * reference-counted by the parser). */
	if (bench_ours.init() == 0 && bench_ours_nosdp.init() == 0) {
		parsers[np++] = &bench_ours;
		parsers[np++] = &bench_ours_nosdp;
	} else {
		printf("sipref: message layer not available in this build: %s\n",
		       bench_ours_missing());
		status = 1;
	}
#ifdef BENCH_HAVE_SOFIA
	if (bench_peer_sofia.init() == 0)
		parsers[np++] = &bench_peer_sofia;
#endif
#ifdef BENCH_HAVE_OSIP
	if (bench_peer_osip.init() == 0)
		parsers[np++] = &bench_peer_osip;
#endif
#ifdef BENCH_HAVE_RE
	if (bench_peer_re.init() == 0)
		parsers[np++] = &bench_peer_re;
	if (bench_peer_re_nosdp.init() == 0)
		parsers[np++] = &bench_peer_re_nosdp;
#endif

	if (only) {
		size_t k = 0;
		for (size_t i = 0; i < np; i++)
			if (!strcmp(parsers[i]->name, only))
				parsers[k++] = parsers[i];
			else
				parsers[i]->fini();
		np = k;
	}
	if (repeat > 0)
		status |= repeat_file_parse(parsers, np);
	else {
		warm_up(&corpus, parsers, np);
		status |= bench_report(&corpus, parsers, np);
	}

	for (size_t i = 0; i < np; i++)
		parsers[i]->fini();
	bench_corpus_free(&corpus);
	return status;
}

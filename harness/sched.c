/* sipvet: the scheduler of `sipvet run -j N`. Worker threads take the
 * planned runs in order, each run with its own session (its own ports, its
 * own IUT process or stack), so that real-time cases waiting out Timer B
 * (64*T1) overlap. Results land in the plan's order, whatever the order of
 * completion, so a record is reproducible.
 *
 * Ctrl-C (SIGINT) or SIGTERM raises the stop flag: no new run starts, the
 * running ones end with verdict error "interrupted" (sessions watch the
 * flag), and the record keeps what started. A second signal kills at once. */
#include <errno.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "run.h"
#include "sipref/error.h"

enum { ST_IDLE = 0, ST_RUNNING, ST_DONE };

struct sched {
	struct vet_target *t;
	const struct vet_plan_item *items;
	size_t n;
	const struct vet_sched_opts *o;
	struct vet_case_result *res; /* n entries, by item */
	unsigned char *state;
	pthread_mutex_t mu;
	size_t next, done;
	size_t counts[VET_VERDICT__COUNT];
	int nomem;
	uint64_t t0;
	int width; /* terminal columns for the progress line */
};

static uint64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

uint64_t vet_run_seed(uint64_t base, const struct vet_case *c, unsigned transport)
{
	/* FNV-1a over the id, then a splitmix64 finaliser: a run's randomness
	 * depends on what runs, not on the order or the thread. */
	uint64_t h = 1469598103934665603ull ^ base;
	const unsigned char *p = (const unsigned char *)c->id;
	while (p && *p)
		h = (h ^ *p++) * 1099511628211ull;
	h ^= transport * 0x9e3779b97f4a7c15ull;
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
	h ^= h >> 31;
	return h ? h : 1;
}

/* ------------------------------------------------------------------ */
/* Planning */

static int case_selected(const struct vet_plan_filter *f, const struct vet_case *c)
{
	size_t i, j;
	int ok = f->nids == 0;
	for (i = 0; i < f->nids && !ok; i++)
		ok = fnmatch(f->ids[i], c->id, 0) == 0;
	if (!ok)
		return 0;
	ok = f->ntags == 0;
	for (i = 0; i < f->ntags && !ok; i++)
		for (j = 0; j < c->ntags && !ok; j++)
			ok = !strcmp(f->tags[i], c->tags[j]);
	if (!ok)
		return 0;
	return !f->role || (c->roles & f->role);
}

static void role_list(unsigned roles, char *out, size_t cap)
{
	size_t o = 0;
	unsigned b;
	out[0] = '\0';
	for (b = 1; b <= VET_ROLE_ALL && o < cap; b <<= 1)
		if (roles & b)
			o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? ", " : "",
			                      vet_role_name(b));
}

/* The first directory below the root the case was found in
 * (cases/torture/x.yaml -> "torture"); empty when none. */
static void case_area(const struct vet_plan_filter *f, const struct vet_case *c, char *buf,
                      size_t cap)
{
	size_t i;
	buf[0] = '\0';
	for (i = 0; c->file && i < f->nroots; i++) {
		size_t n = strlen(f->roots[i]);
		const char *rest, *slash;
		while (n > 1 && f->roots[i][n - 1] == '/')
			n--;
		if (strncmp(c->file, f->roots[i], n) || c->file[n] != '/')
			continue;
		rest = c->file + n + 1;
		slash = strchr(rest, '/');
		if (slash)
			snprintf(buf, cap, "%.*s", (int)(slash - rest), rest);
		return;
	}
}

int vet_plan_build(const struct vet_caseset *set, const struct vet_plan_filter *f,
                   const struct vet_target_info *ti, struct vet_plan_item **out, size_t *nout)
{
	size_t i, n = 0;
	struct vet_plan_item *items = calloc(set->n * 3 + 1, sizeof(*items));
	*out = NULL;
	*nout = 0;
	if (!items)
		return SIP_ENOMEM;
	for (i = 0; i < set->n; i++) {
		const struct vet_case *c = set->cases[i];
		unsigned tps, b, roles, role;
		char area[64];
		if (!case_selected(f, c))
			continue;
		case_area(f, c, area, sizeof(area));
		tps = c->transports & (f->transports ? f->transports : VET_TP_ALL);
		roles = c->roles & (f->role ? f->role : VET_ROLE_ALL);
		role = roles & ti->roles;
		role &= -role; /* the first role both the case and the target have */
		for (b = 1; b <= VET_TP_TLS; b <<= 1) {
			struct vet_plan_item *it;
			if (!(tps & b))
				continue;
			it = &items[n++];
			it->c = c;
			it->transport = b;
			snprintf(it->area, sizeof(it->area), "%s", area);
			it->role = role ? role : (roles & -roles);
			if (!role) {
				char cr[96], tr[96];
				role_list(roles, cr, sizeof(cr));
				role_list(ti->roles, tr, sizeof(tr));
				snprintf(it->skip, sizeof(it->skip),
				         "not applicable: the case is for %s; the target plays %s",
				         cr, tr);
			} else if (!(ti->transports & b)) {
				snprintf(it->skip, sizeof(it->skip),
				         "not applicable: the target does not offer %s",
				         vet_transport_name(b));
			}
		}
	}
	*out = items;
	*nout = n;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Signals */

static volatile sig_atomic_t *sig_stop;

static void on_signal(int sig)
{
	if (sig_stop && *sig_stop) {
		/* Second signal: the user means it. */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	if (sig_stop)
		*sig_stop = 1;
}

/* ------------------------------------------------------------------ */
/* Progress line (stderr is a terminal) */

static void progress(struct sched *s)
{
	char line[512];
	size_t i, o, cap;
	int shown = 0;
	if (!s->o->progress)
		return;
	cap = (size_t)s->width < sizeof(line) ? (size_t)s->width : sizeof(line) - 1;
	o = (size_t)snprintf(line, sizeof(line),
	                     "[%zu/%zu] pass %zu fail %zu inconc %zu error %zu skip %zu", s->done,
	                     s->n, s->counts[VET_PASS], s->counts[VET_FAIL], s->counts[VET_INCONC],
	                     s->counts[VET_ERROR], s->counts[VET_SKIP]);
	for (i = 0; i < s->n && o < cap; i++) {
		if (s->state[i] != ST_RUNNING)
			continue;
		o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%s", shown ? " " : " | ",
		                      s->items[i].c->id);
		shown = 1;
	}
	if (o > cap)
		o = cap;
	line[o] = '\0';
	fprintf(stderr, "\r\033[K%s", line);
	fflush(stderr);
}

/* ------------------------------------------------------------------ */
/* Workers */

static void run_one(struct sched *s, size_t i)
{
	const struct vet_plan_item *it = &s->items[i];
	struct vet_case_result *res = &s->res[i];
	struct vet_case_run_opts ro;
	uint64_t start = mono_us() - s->t0;
	int rc =
	        vet_result_init(res, it->c, it->transport, it->role, it->area[0] ? it->area : NULL);
	if (!rc && it->skip[0]) {
		rc = vet_result_set(res, VET_SKIP, it->skip);
	} else if (!rc) {
		memset(&ro, 0, sizeof(ro));
		ro.seed = vet_run_seed(s->o->seed, it->c, it->transport);
		ro.stop = s->o->stop;
		rc = vet_case_run(s->t, it->c, it->transport, &ro, res);
	}
	res->start_us = start;
	if (!s->t->info.virtual_time || it->skip[0])
		res->duration_us = mono_us() - s->t0 - start;
	if (rc)
		s->nomem = 1;
}

static void *worker(void *arg)
{
	struct sched *s = arg;
	for (;;) {
		size_t i;
		pthread_mutex_lock(&s->mu);
		if (*s->o->stop || s->next == s->n) {
			pthread_mutex_unlock(&s->mu);
			return NULL;
		}
		i = s->next++;
		s->state[i] = ST_RUNNING;
		progress(s);
		pthread_mutex_unlock(&s->mu);
		run_one(s, i);
		pthread_mutex_lock(&s->mu);
		s->state[i] = ST_DONE;
		s->done++;
		if ((unsigned)s->res[i].verdict < VET_VERDICT__COUNT)
			s->counts[s->res[i].verdict]++;
		progress(s);
		pthread_mutex_unlock(&s->mu);
	}
}

static int term_width(void)
{
	struct winsize ws;
	if (ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col - 1;
	return 79;
}

int vet_sched_run(struct vet_target *t, const struct vet_plan_item *items, size_t n,
                  const struct vet_sched_opts *o, struct vet_run *run)
{
	struct sched s;
	struct sigaction sa, old_int, old_term;
	pthread_t *th = NULL;
	unsigned jobs, started = 0, k;
	size_t i, kept = 0;
	int rc = 0;
	memset(&s, 0, sizeof(s));
	s.t = t;
	s.items = items;
	s.n = n;
	s.o = o;
	s.t0 = mono_us();
	s.width = o->progress ? term_width() : 79;
	s.res = calloc(n ? n : 1, sizeof(*s.res));
	s.state = calloc(n ? n : 1, 1);
	jobs = o->jobs ? o->jobs : t->info.default_jobs;
	if (jobs == 0)
		jobs = 1;
	if (jobs > n)
		jobs = n ? (unsigned)n : 1;
	th = calloc(jobs, sizeof(*th));
	if (!s.res || !s.state || !th) {
		free(s.res);
		free(s.state);
		free(th);
		return SIP_ENOMEM;
	}
	pthread_mutex_init(&s.mu, NULL);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sig_stop = o->stop;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	for (k = 0; k < jobs; k++) {
		if (pthread_create(&th[k], NULL, worker, &s))
			break;
		started++;
	}
	if (started == 0)
		worker(&s);
	for (k = 0; k < started; k++)
		pthread_join(th[k], NULL);

	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sig_stop = NULL;
	if (o->progress) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}

	/* The record keeps the runs that started, in plan order. */
	for (i = 0; i < n; i++) {
		if (s.state[i] == ST_IDLE)
			continue;
		if (kept != i)
			s.res[kept] = s.res[i];
		kept++;
	}
	run->cases = s.res;
	run->ncases = kept;
	run->duration_us = mono_us() - s.t0;
	run->interrupted = *o->stop ? 1 : 0;
	if (s.nomem)
		rc = SIP_ENOMEM;
	pthread_mutex_destroy(&s.mu);
	free(s.state);
	free(th);
	return rc;
}

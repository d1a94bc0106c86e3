/* Loading the benchmark's inputs from the source tree. */
#include "bench_inputs.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const msg_files[BENCH_NMSGS] = {
        "invite-sdp.sip", /* RFC 3261 24.2 F1 */
        "register.sip",   /* RFC 3261 24.1 F1 */
        "ok-invite.sip",  /* RFC 3261 24.2 F10 style, with Record-Route */
};

static const char *const torture_dirs[] = {"rfc4475", "rfc5118"};

static int read_file(struct bench_input *in, const char *path, const char *name)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "bench_parse: cannot read %s\n", path);
		if (f)
			fclose(f);
		return -1;
	}
	in->buf = malloc((size_t)n + 1);
	if (!in->buf || fread(in->buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "bench_parse: cannot read %s\n", path);
		fclose(f);
		return -1;
	}
	fclose(f);
	in->len = (size_t)n;
	snprintf(in->name, sizeof(in->name), "%s", name);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends every regular file of dir (but EXPECTED.md) to c->torture. */
static int load_dir(struct bench_corpus *c, const char *src, const char *sub)
{
	char path[4096], *names[512];
	size_t n = 0;
	struct dirent *de;
	DIR *d;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/corpus/torture/%s", src, sub);
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "bench_parse: cannot open %s\n", path);
		return -1;
	}
	while ((de = readdir(d)) && n < 512)
		if (de->d_name[0] != '.' && strcmp(de->d_name, "EXPECTED.md") != 0)
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	if (n) {
		struct bench_input *t = realloc(c->torture, (c->ntorture + n) * sizeof(*t));
		if (!t)
			rc = -1;
		else
			c->torture = t;
	}
	for (size_t i = 0; i < n; i++) {
		char name[96];
		snprintf(path, sizeof(path), "%s/corpus/torture/%s/%s", src, sub, names[i]);
		snprintf(name, sizeof(name), "%s/%s", sub, names[i]);
		if (rc == 0 && read_file(&c->torture[c->ntorture], path, name) == 0)
			c->ntorture++;
		else
			rc = -1;
		free(names[i]);
	}
	return rc;
}

int bench_corpus_load(struct bench_corpus *c, const char *src)
{
	char path[4096];

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < BENCH_NMSGS; i++) {
		snprintf(path, sizeof(path), "%s/bench/messages/%s", src, msg_files[i]);
		if (read_file(&c->msgs[i], path, msg_files[i]) != 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof(torture_dirs) / sizeof(torture_dirs[0]); i++)
		if (load_dir(c, src, torture_dirs[i]) != 0)
			return -1;
	return 0;
}

void bench_corpus_free(struct bench_corpus *c)
{
	for (size_t i = 0; i < BENCH_NMSGS; i++)
		free(c->msgs[i].buf);
	for (size_t i = 0; i < c->ntorture; i++)
		free(c->torture[i].buf);
	free(c->torture);
	memset(c, 0, sizeof(*c));
}

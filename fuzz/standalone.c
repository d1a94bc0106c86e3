/* main() for the standalone reproducers (fuzz_<target>_repro): runs
 * LLVMFuzzerTestOneInput once over every file named on the command line,
 * recursing into directories, so a crash found by libFuzzer or AFL++ can be
 * replayed with a normal build and every corpus stays a regression test
 * (CTest runs each reproducer over corpus/<target>/). "-" reads stdin.
 * Exit status: 0 when every input ran, 1 when an argument could not be
 * read; a crash aborts as it would under a fuzzer. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* A target may define LLVMFuzzerInitialize; the weak reference is NULL
 * when it does not. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static unsigned long ninputs;
static int nerrors;

static int run_stream(FILE *fp, const char *name)
{
	size_t cap = 4096, len = 0, got;
	uint8_t *buf = malloc(cap), *nb;

	if (!buf)
		abort();
	while ((got = fread(buf + len, 1, cap - len, fp)) > 0) {
		len += got;
		if (len == cap) {
			nb = realloc(buf, cap * 2);
			if (!nb)
				abort();
			buf = nb;
			cap *= 2;
		}
	}
	if (ferror(fp)) {
		fprintf(stderr, "%s: read error\n", name);
		free(buf);
		return -1;
	}
	/* The target copies the input into an exact-size block itself. */
	LLVMFuzzerTestOneInput(buf, len);
	ninputs++;
	free(buf);
	return 0;
}

static void run_path(const char *path)
{
	struct stat st;
	FILE *fp;

	if (strcmp(path, "-") == 0) {
		if (run_stream(stdin, "stdin"))
			nerrors++;
		return;
	}
	if (stat(path, &st) != 0) {
		perror(path);
		nerrors++;
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		struct dirent **ents;
		int i, n = scandir(path, &ents, NULL, alphasort);

		if (n < 0) {
			perror(path);
			nerrors++;
			return;
		}
		for (i = 0; i < n; i++) {
			/* Dot files are not inputs (and "." / ".." would loop). */
			if (ents[i]->d_name[0] != '.') {
				size_t l = strlen(path) + strlen(ents[i]->d_name) + 2;
				char *sub = malloc(l);

				if (!sub)
					abort();
				snprintf(sub, l, "%s/%s", path, ents[i]->d_name);
				run_path(sub);
				free(sub);
			}
			free(ents[i]);
		}
		free(ents);
		return;
	}
	fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		nerrors++;
		return;
	}
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "running %s\n", path);
	if (run_stream(fp, path))
		nerrors++;
	fclose(fp);
}

int main(int argc, char **argv)
{
	int i;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR|- ...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("%s: %lu inputs ran, %d unreadable\n", argv[0], ninputs, nerrors);
	return nerrors ? 1 : 0;
}

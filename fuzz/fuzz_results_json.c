/* Fuzz target: the results.json reader (reports/json_read.c) and the
 * writers behind it. Builds like the targets of fuzz/ (include fuzz/ and
 * reports/, link vetreports); not wired into fuzz/CMakeLists.txt yet.
 *
 * Oracles: the reader never crashes nor reads outside the input; an error
 * has a "<fuzz>:LINE:COL: " position or is out of memory; an accepted
 * document X is a fixed point after one rewrite: with Y = write(read(X)),
 * write(read(Y)) == Y byte for byte; and junit.xml and index.html render
 * from what was read. */
#include <stdio.h>

#include "fuzz.h"
#include "reports.h"

/* The writer's output in a malloc'd buffer (NULL-terminated, *len bytes). */
static char *render(int (*w)(FILE *, const struct vet_run *), const struct vet_run *run,
                    size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);
	FZ_ASSERT(f != NULL);
	FZ_ASSERT(w(f, run) == 0);
	FZ_ASSERT(fclose(f) == 0);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fz_dup(data, size), *y, *z, *r, err[256];
	struct vet_run run, run2;
	size_t ny, nz, nr;

	if (vet_results_read(buf, size, "<fuzz>", &run, err, sizeof(err)) != 0) {
		FZ_ASSERT(!strncmp(err, "<fuzz>:", 7));
		FZ_ASSERT(run.cases == NULL && run.tool == NULL);
		free(buf);
		return 0;
	}
	y = render(vet_results_write, &run, &ny);
	if (vet_results_read(y, ny, "<rewritten>", &run2, err, sizeof(err)) != 0) {
		fprintf(stderr, "rewritten document rejected: %s\n", err);
		FZ_ASSERT(0);
	}
	z = render(vet_results_write, &run2, &nz);
	FZ_ASSERT(ny == nz && !memcmp(y, z, ny));
	r = render(vet_junit_write, &run2, &nr);
	free(r);
	r = render(vet_html_write, &run2, &nr);
	free(r);
	free(z);
	free(y);
	vet_run_free(&run2);
	vet_run_free(&run);
	free(buf);
	return 0;
}

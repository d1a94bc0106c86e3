/* sipvet reports: writing the report files (`--out DIR`, `sipvet report`).
 * Each file is written next to its final name and renamed into place, so
 * an interrupted run or a full disk never leaves half a report behind a
 * complete-looking name. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "reports.h"

int vet_reports_write_file(const char *path, int (*writer)(FILE *, const struct vet_run *),
                           const struct vet_run *run, char *err, size_t errlen)
{
	char *tmp = NULL;
	FILE *f;
	int rc = -1, wrc;
	size_t n;
	if (!strcmp(path, "-")) {
		if (writer(stdout, run) < 0 || fflush(stdout) != 0) {
			snprintf(err, errlen, "standard output: write error");
			return -1;
		}
		return 0;
	}
	n = strlen(path) + sizeof(".tmp");
	tmp = malloc(n);
	if (!tmp) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	snprintf(tmp, n, "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	wrc = writer(f, run);
	if (fclose(f) != 0 || wrc < 0) {
		snprintf(err, errlen, "%s: write error", path);
		remove(tmp);
		goto out;
	}
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		remove(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	return rc;
}

int vet_reports_write_dir(const char *dir, const struct vet_run *run, char *err, size_t errlen)
{
	static const struct {
		const char *name;
		int (*writer)(FILE *, const struct vet_run *);
	} files[] = {
	        /* The record first: if a renderer fails, the record is there. */
	        {"results.json", vet_results_write},
	        {"junit.xml", vet_junit_write},
	        {"index.html", vet_html_write},
	};
	size_t i, n;
	char *path;
	int rc = 0;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]) && rc == 0; i++) {
		n = strlen(dir) + strlen(files[i].name) + 2;
		path = malloc(n);
		if (!path) {
			snprintf(err, errlen, "%s: out of memory", dir);
			return -1;
		}
		snprintf(path, n, "%s/%s", dir, files[i].name);
		rc = vet_reports_write_file(path, files[i].writer, run, err, errlen);
		free(path);
	}
	return rc;
}

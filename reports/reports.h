/* sipvet: the report writers (DESIGN.md "Records").
 *
 * results.json is the record of a run and the source of truth; junit.xml and
 * index.html are rendered from the same struct vet_run, either as the runner
 * filled it or as read back from a results.json (`sipvet report`).
 *
 * Writers return 0, or -1 when the stream reported a write error (the
 * output is then incomplete) or memory ran out. They never stop on hostile
 * content: message bytes, reasons and every other string are escaped for
 * the format at hand (the rules are at each writer). */
#ifndef SIPVET_REPORTS_H
#define SIPVET_REPORTS_H

#include <stddef.h>
#include <stdio.h>

#include "result.h"

/* Identifies the results.json format; bumped on incompatible changes. */
#define VET_RESULTS_FORMAT "sipvet-results/1"

/* results.json: one JSON object (RFC 8259), UTF-8, compact, ending with a
 * newline:
 *   {"format": VET_RESULTS_FORMAT, "tool", "version", "target", "profile",
 *    "started_at", "duration_us", "interrupted",
 *    "counts": {"pass", "fail", "inconclusive", "error", "skipped", "waived",
 *               "total"},
 *    "exit_status",
 *    "cases": [{"id", "title", "file", "area", "rfc": [...], "etsi": [...],
 *               "tags": [...], "role", "transport", "verdict" (a
 *               vet_verdict_name), "waived", "waiver", "reason", "step",
 *               "step_rfc", "expected", "received", "start_us",
 *               "duration_us",
 *               "messages": [{"t_us", "sent", "agent", "transport", "src",
 *                             "dst", "len", "bytes"}]}]}
 * Every field of struct vet_run / vet_case_result / vet_msg appears, in that
 * order; a NULL string is null. Times are integer microseconds. Strings are
 * byte strings escaped by harness/json.c (json.h): well-formed UTF-8 is
 * copied, every other byte b is written as \u00XX, so "bytes" holds the
 * exact octets of the message. "counts" and "exit_status" are derived
 * (vet_run_counts, vet_run_exit_status) for readers that want the summary
 * only; the reader ignores them. */
int vet_results_write(FILE *out, const struct vet_run *run);

/* Reads a results.json document text[0..len) (not NUL-terminated) into *run,
 * which the function initialises; the caller frees it with vet_run_free.
 * Returns 0, or -1 with *run empty and err holding "FILE:LINE:COL: message"
 * (line and column 1-based, the column counted in bytes) or "FILE: out of
 * memory". `file` names the input in messages (NULL: "<input>").
 *
 * The reader is strict RFC 8259 (no comments, no trailing commas, no
 * leading zeros, valid UTF-8, no control characters in strings, no lone
 * surrogates, no duplicate keys, nothing after the value) with a bounded
 * nesting depth (VET_RESULTS_DEPTH), and never reads outside text[0..len).
 * Strings are byte strings, the inverse of the writer: \u0000-\u00ff is the
 * byte of that value, any other code point its UTF-8 encoding. So
 * write(read(write(run))) == write(run) byte for byte. Unknown keys are
 * skipped (after checking their syntax); "format" must be
 * VET_RESULTS_FORMAT; a case needs "id" and "verdict"; other keys may be
 * absent (NULL / 0). Strings kept as C strings must not hold a NUL; agent,
 * transport, src and dst must fit their arrays in struct vet_msg; "len"
 * must equal the length of "bytes". */
int vet_results_read(const char *text, size_t len, const char *file, struct vet_run *run, char *err,
                     size_t errlen);
#define VET_RESULTS_DEPTH 64

/* As vet_results_read, but allocation number fail_at (1-based; 0: none)
 * fails as if memory ran out: for tests of every allocation failure. */
int vet__results_read_failing(const char *text, size_t len, const char *file, struct vet_run *run,
                              char *err, size_t errlen, unsigned long fail_at);

/* Reads the file at path (binary, up to 1 GiB) with vet_results_read. I/O
 * errors are "PATH: strerror". */
int vet_results_load(const char *path, struct vet_run *run, char *err, size_t errlen);

/* junit.xml (the Ant/Jenkins/GitLab JUnit format), UTF-8 XML 1.0:
 * <testsuites> with one <testsuite> per area (sorted by name), each
 * <testcase name=ID classname=AREA time=SECONDS> (when one id ran more than
 * once in the run, e.g. over UDP and TCP, the name is "ID (transport,
 * role)" so names stay unique) holding
 *   fail -> <failure type="fail">, inconclusive -> <failure
 *   type="inconclusive"> (both make `sipvet run` exit 1), error -> <error>,
 *   skipped -> <skipped>, a waived fail -> <skipped message="waived: ...">
 *   (it does not fail the run), pass -> nothing;
 * message="the reason", the element text the step, RFC section, expected
 * and received; <system-out> the message exchange, one header line per
 * message then its bytes.
 * Escaping: & < > (and " ' in attributes) become entities; CR is written
 * as &#13; everywhere and TAB and LF as &#9; &#10; in attributes, so XML
 * line-end and attribute normalisation do not change them. Bytes XML 1.0
 * cannot carry at all (C0 controls other than TAB LF CR, U+FFFE, U+FFFF)
 * and bytes outside well-formed UTF-8 are written as the four characters
 * \xNN: the XML is always well formed, and results.json keeps the exact
 * octets. */
int vet_junit_write(FILE *out, const struct vet_run *run);

/* index.html: one self-contained page (inline style sheet and script, no
 * network access: a Content-Security-Policy forbids every fetch) with the
 * summary, results by area and by RFC section, coverage of the ETSI TS
 * 102 027-2 catalogue (embedded in the binary), and every case with its
 * verdict, reason, expected/received, references and messages. Every string
 * from the record is HTML-escaped (& < > " ' as entities; control bytes and
 * bytes outside well-formed UTF-8 shown as a marked \xNN), and no record
 * content is ever placed inside the <script> or <style> elements. The
 * verdict filters need JavaScript; without it the page shows everything. */
int vet_html_write(FILE *out, const struct vet_run *run);

/* Writes path (via path.tmp and rename, so a reader never sees half a
 * file) with one of the writers above; "-" is standard output. On error
 * returns -1 with "PATH: reason" in err. */
int vet_reports_write_file(const char *path, int (*writer)(FILE *, const struct vet_run *),
                           const struct vet_run *run, char *err, size_t errlen);

/* `--out DIR`: creates DIR if needed (one level) and writes results.json,
 * junit.xml and index.html in it. Returns 0 or -1 with err set. */
int vet_reports_write_dir(const char *dir, const struct vet_run *run, char *err, size_t errlen);

#endif

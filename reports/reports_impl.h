/* sipvet reports: internals shared by the writers (text.c, etsi.c, html*.c,
 * junit.c). */
#ifndef SIPVET_REPORTS_IMPL_H
#define SIPVET_REPORTS_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "result.h"

/* Assets generated into the binary by embed.cmake (template/, the ETSI
 * catalogue). Each array has a NUL after its _len bytes. */
extern const unsigned char vet__tpl_index[], vet__tpl_css[], vet__tpl_js[], vet__etsi_json[];
extern const size_t vet__tpl_index_len, vet__tpl_css_len, vet__tpl_js_len, vet__etsi_json_len;

/* --- text.c: bytes to text ------------------------------------------------ */

/* XML 1.0 character data (attr 0) or attribute value (attr 1); the rules
 * are in reports.h at vet_junit_write. */
void vet__xml_escape(FILE *f, const char *p, size_t len, int attr);
void vet__xml_cstr(FILE *f, const char *s, int attr); /* NULL: nothing */

/* HTML text or attribute value (the same escaping serves both): & < > " '
 * as entities; TAB, LF, CR kept; other control bytes and bytes outside
 * well-formed UTF-8 as <span class="ctl">\xNN</span> in text, or the plain
 * four characters \xNN in attributes (attr 1). */
void vet__html_escape(FILE *f, const char *p, size_t len, int attr);
void vet__html_cstr(FILE *f, const char *s); /* NULL: nothing */
/* Message bytes for a <pre>: as vet__html_escape, and line ends made
 * visible where they are not CRLF: a bare LF is shown as a marked \n, a
 * bare CR as a marked \r (then a line break), so torture messages with
 * odd line ends read as what they are. */
void vet__html_bytes(FILE *f, const char *p, size_t len);

/* The first line of a message (up to CR or LF, at most max bytes). */
size_t vet__first_line(const char *p, size_t len, size_t max);

/* Microseconds as "12.345 ms" / "1.234 s" / "850 us" into buf. */
const char *vet__fmt_us(char *buf, size_t cap, uint64_t us);
/* Times on a ladder, comparable at a glance: "0.812 ms", "5210.000 ms",
 * and seconds from 10 s on. */
const char *vet__fmt_ms(char *buf, size_t cap, uint64_t us);
/* Seconds with 3 decimals ("0.012"), as JUnit wants. */
const char *vet__fmt_secs(char *buf, size_t cap, uint64_t us);

/* strcmp where runs of digits compare as numbers ("RFC 3261 8.2" <
 * "RFC 3261 17.1"); NULL sorts first. */
int vet__natcmp(const char *a, const char *b);

/* Case indices sorted by area, id, transport, role, then run order (a new
 * allocation, free()d by the caller; NULL when memory ran out). */
size_t *vet__case_order(const struct vet_run *run);
/* A case's area, or "(none)". */
const char *vet__area(const struct vet_case_result *c);
/* The case's verdict as a CSS/filter class: the verdict name, or "waived"
 * for a waived fail. */
const char *vet__vclass(const struct vet_case_result *c);

/* --- etsi.c: the ETSI TS 102 027-2 catalogue -------------------------------- */

struct vet_purpose {
	char *id, *area, *entity, *function, *klass, *ref, *status;
	unsigned number;
};

struct vet_catalogue {
	struct vet_purpose *p; /* sorted by id */
	size_t n;
};

/* Parses the embedded catalogue. 0, or -1 (out of memory, or the embedded
 * file is broken: message in err). */
int vet__catalogue_load(struct vet_catalogue *cat, char *err, size_t errlen);
void vet__catalogue_free(struct vet_catalogue *cat);
/* Index of the purpose with that id, or -1. */
long vet__catalogue_find(const struct vet_catalogue *cat, const char *id);
/* Human names of the catalogue's codes ("CC" -> "Call control"); the code
 * itself when unknown. */
const char *vet__etsi_area_name(const char *code);
const char *vet__etsi_entity_name(const char *code);

/* --- html_*.c: the sections of index.html ----------------------------------- */

/* State shared by the section writers of one page. */
struct vet_html {
	FILE *f;
	const struct vet_run *run;
	size_t *order; /* case indices sorted by area, id, transport, role */
	struct vet_catalogue cat;
	int oom;
};

void vet__html_summary(struct vet_html *h);
int vet__html_areas(struct vet_html *h);
int vet__html_rfc(struct vet_html *h);
int vet__html_etsi(struct vet_html *h);
void vet__html_cases(struct vet_html *h);
/* A verdict badge: <span class="badge v-CLASS">LABEL</span>. */
void vet__html_badge(FILE *f, const struct vet_case_result *c);
/* A horizontal bar of counts per verdict (for tables). */
void vet__html_bar(FILE *f, const size_t counts[VET_VERDICT__COUNT], size_t waived);

#endif

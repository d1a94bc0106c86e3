/* sipvet reports: turning record bytes into XML and HTML text, and small
 * formatting helpers. Message bytes are hostile input (torture messages,
 * fuzzed traffic, a broken IUT): every byte goes through one of the escapers
 * below, whose rules are documented in reports.h and reports_impl.h. */
#include <inttypes.h>
#include <string.h>

#include "reports_impl.h"
#include "sipref/utf8.h"

enum esc_mode {
	ESC_XML_TEXT,
	ESC_XML_ATTR,
	ESC_HTML_TEXT,
	ESC_HTML_ATTR,
};

/* A byte that cannot (or should not invisibly) appear as itself. */
static void bad_byte(FILE *f, unsigned char c, enum esc_mode m)
{
	if (m == ESC_HTML_TEXT)
		fprintf(f, "<span class=\"ctl\">\\x%02x</span>", c);
	else
		fprintf(f, "\\x%02x", c);
}

/* One byte or character at p (of n left); returns how many bytes it used. */
static size_t esc1(FILE *f, const unsigned char *p, size_t n, enum esc_mode m)
{
	int xml = m == ESC_XML_TEXT || m == ESC_XML_ATTR;
	int attr = m == ESC_XML_ATTR || m == ESC_HTML_ATTR;
	unsigned char c = p[0];
	size_t k, i;
	switch (c) {
	case '&':
		fputs("&amp;", f);
		return 1;
	case '<':
		fputs("&lt;", f);
		return 1;
	case '>':
		/* Always, so "]]>" can never end up in XML character data. */
		fputs("&gt;", f);
		return 1;
	case '"':
		fputs(xml && !attr ? "\"" : "&quot;", f);
		return 1;
	case '\'':
		fputs(!xml ? "&#39;" : attr ? "&apos;" : "'", f);
		return 1;
	case '\t':
	case '\n':
		/* XML 3.3.3: attribute values normalise TAB/LF to spaces. */
		if (xml && attr)
			fprintf(f, "&#%d;", c);
		else
			fputc(c, f);
		return 1;
	case '\r':
		/* XML 2.11 turns a literal CR (or CRLF) into LF. */
		if (xml)
			fputs("&#13;", f);
		else
			fputc(c, f);
		return 1;
	}
	if (c < 0x20 || c == 0x7f) {
		bad_byte(f, c, m);
		return 1;
	}
	if (c < 0x80) {
		fputc(c, f);
		return 1;
	}
	k = sip_utf8_len(p, n);
	/* XML 1.0 2.2: U+FFFE and U+FFFF are not characters (EF BF BE/BF). */
	if (k == 3 && xml && p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe)
		k = 0;
	if (!k) {
		bad_byte(f, c, m);
		return 1;
	}
	for (i = 0; i < k; i++)
		fputc(p[i], f);
	return k;
}

static void esc(FILE *f, const char *s, size_t len, enum esc_mode m)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	if (!s)
		return;
	while (p < end)
		p += esc1(f, p, (size_t)(end - p), m);
}

void vet__xml_escape(FILE *f, const char *p, size_t len, int attr)
{
	esc(f, p, len, attr ? ESC_XML_ATTR : ESC_XML_TEXT);
}

void vet__xml_cstr(FILE *f, const char *s, int attr)
{
	if (s)
		vet__xml_escape(f, s, strlen(s), attr);
}

void vet__html_escape(FILE *f, const char *p, size_t len, int attr)
{
	esc(f, p, len, attr ? ESC_HTML_ATTR : ESC_HTML_TEXT);
}

void vet__html_cstr(FILE *f, const char *s)
{
	if (s)
		vet__html_escape(f, s, strlen(s), 0);
}

void vet__html_bytes(FILE *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	if (!s)
		return;
	while (p < end) {
		if (p[0] == '\r' && p + 1 < end && p[1] == '\n') {
			fputc('\n', f);
			p += 2;
		} else if (p[0] == '\r' || p[0] == '\n') {
			/* RFC 3261 7: lines end in CRLF; show anything else. */
			fprintf(f, "<span class=\"ctl\">\\%c</span>\n", p[0] == '\r' ? 'r' : 'n');
			p++;
		} else {
			p += esc1(f, p, (size_t)(end - p), ESC_HTML_TEXT);
		}
	}
}

size_t vet__first_line(const char *p, size_t len, size_t max)
{
	size_t i;
	if (!p)
		return 0;
	for (i = 0; i < len && i < max; i++)
		if (p[i] == '\r' || p[i] == '\n')
			break;
	return i;
}

const char *vet__fmt_us(char *buf, size_t cap, uint64_t us)
{
	if (us < 1000)
		snprintf(buf, cap, "%" PRIu64 " \xc2\xb5s", us);
	else if (us < 1000000)
		snprintf(buf, cap, "%" PRIu64 ".%03" PRIu64 " ms", us / 1000, us % 1000);
	else
		snprintf(buf, cap, "%" PRIu64 ".%03" PRIu64 " s", us / 1000000, us / 1000 % 1000);
	return buf;
}

const char *vet__fmt_ms(char *buf, size_t cap, uint64_t us)
{
	if (us < 10000000)
		snprintf(buf, cap, "%" PRIu64 ".%03" PRIu64 " ms", us / 1000, us % 1000);
	else
		snprintf(buf, cap, "%" PRIu64 ".%03" PRIu64 " s", us / 1000000, us / 1000 % 1000);
	return buf;
}

const char *vet__fmt_secs(char *buf, size_t cap, uint64_t us)
{
	snprintf(buf, cap, "%" PRIu64 ".%03" PRIu64, us / 1000000, us / 1000 % 1000);
	return buf;
}

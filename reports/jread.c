/* sipvet reports: strict JSON pull reader (RFC 8259); the contract is in
 * jread.h, the string decoding rule in reports.h. */
#include "jread.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports.h"
#include "reports_impl.h"
#include "sipref/utf8.h"

void vet__jr_init(struct vet_jr *r, const char *text, size_t len, const char *file, char *err,
                  size_t errlen)
{
	memset(r, 0, sizeof(*r));
	r->start = r->p = text;
	r->end = text + len;
	r->file = file ? file : "<input>";
	r->err = err;
	r->errlen = errlen;
	if (err && errlen)
		err[0] = '\0';
}

int vet__jr_fail(struct vet_jr *r, const char *at, const char *fmt, ...)
{
	const char *q, *bol;
	unsigned long line = 1;
	size_t n;
	va_list ap;
	if (r->failed)
		return -1;
	r->failed = 1;
	if (!r->err || !r->errlen)
		return -1;
	if (at < r->start || at > r->end)
		at = r->end;
	bol = r->start;
	for (q = r->start; q < at; q++)
		if (*q == '\n') {
			line++;
			bol = q + 1;
		}
	n = (size_t)snprintf(r->err, r->errlen, "%s:%lu:%lu: ", r->file, line,
	                     (unsigned long)(at - bol) + 1);
	if (n >= r->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(r->err + n, r->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

static int oom(struct vet_jr *r)
{
	if (!r->failed && r->err && r->errlen)
		snprintf(r->err, r->errlen, "%s: out of memory", r->file);
	r->failed = 1;
	return -1;
}

void *vet__jr_realloc(struct vet_jr *r, void *p, size_t n)
{
	void *q;
	if (r->failed)
		return NULL;
	if (++r->nalloc == r->fail_at) {
		oom(r);
		return NULL;
	}
	q = realloc(p, n ? n : 1);
	if (!q)
		oom(r);
	return q;
}

void *vet__jr_alloc(struct vet_jr *r, size_t n)
{
	return vet__jr_realloc(r, NULL, n);
}

/* RFC 8259 2: insignificant whitespace. */
static void ws(struct vet_jr *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

const char *vet__jr_pos(struct vet_jr *r)
{
	ws(r);
	return r->p;
}

/* "found X" for messages. */
static const char *found(struct vet_jr *r, char *buf, size_t cap)
{
	unsigned char c;
	if (r->p >= r->end)
		return "end of input";
	c = (unsigned char)*r->p;
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, cap, "'%c'", c);
	else
		snprintf(buf, cap, "byte 0x%02x", c);
	return buf;
}

static int expect(struct vet_jr *r, char c, const char *what)
{
	char b[16];
	if (r->failed)
		return -1;
	ws(r);
	if (r->p < r->end && *r->p == c) {
		r->p++;
		return 0;
	}
	return vet__jr_fail(r, r->p, "expected %s, found %s", what, found(r, b, sizeof(b)));
}

int vet__jr_obj_begin(struct vet_jr *r)
{
	return expect(r, '{', "'{'");
}

int vet__jr_arr_begin(struct vet_jr *r)
{
	return expect(r, '[', "'['");
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at p (p + 4 <= end checked by the caller). */
static long hex4(const char *p)
{
	long v = 0;
	int i, d;
	for (i = 0; i < 4; i++) {
		d = hexval(p[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static size_t put_utf8(char *out, unsigned long cp)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The string whose opening quote is at r->p: checked, and decoded into out
 * when out is not NULL (the first pass passes NULL to learn the length, so
 * every error is found before anything is allocated). Returns the decoded
 * length and leaves *endp after the closing quote, or -1. */
static long scan_string(struct vet_jr *r, char *out, const char **endp)
{
	const char *p = r->p + 1, *end = r->end;
	char tmp[4];
	long n = 0;
	while (p < end && *p != '"') {
		unsigned char c = (unsigned char)*p;
		size_t k;
		long cp, lo;
		if (c < 0x20)
			return vet__jr_fail(r, p, "control character 0x%02x in a string", c);
		if (c >= 0x80) {
			k = sip_utf8_len((const unsigned char *)p, (size_t)(end - p));
			if (!k)
				return vet__jr_fail(r, p, "invalid UTF-8 byte 0x%02x", c);
			if (out)
				memcpy(out + n, p, k);
			n += (long)k;
			p += k;
			continue;
		}
		if (c != '\\') {
			if (out)
				out[n] = (char)c;
			n++;
			p++;
			continue;
		}
		if (p + 1 >= end)
			return vet__jr_fail(r, r->p, "unterminated string");
		switch (p[1]) {
		case '"':
		case '\\':
		case '/':
			c = (unsigned char)p[1];
			break;
		case 'b':
			c = '\b';
			break;
		case 'f':
			c = '\f';
			break;
		case 'n':
			c = '\n';
			break;
		case 'r':
			c = '\r';
			break;
		case 't':
			c = '\t';
			break;
		case 'u':
			if (end - p < 6 || (cp = hex4(p + 2)) < 0)
				return vet__jr_fail(r, p, "\\u needs four hex digits");
			p += 6;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return vet__jr_fail(r, p - 6, "lone low surrogate \\u%04lx", cp);
			if (cp >= 0xd800 && cp <= 0xdbff) {
				/* RFC 8259 7: a pair for a code point above the BMP. */
				if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
				    (lo = hex4(p + 2)) < 0xdc00 || lo > 0xdfff)
					return vet__jr_fail(
					        r, p - 6,
					        "high surrogate \\u%04lx without a low one", cp);
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			/* reports.h: \u0000-\u00ff is the byte itself (the writer
			 * escapes bytes outside UTF-8 that way). */
			if (cp <= 0xff) {
				if (out)
					out[n] = (char)cp;
				n++;
			} else {
				k = put_utf8(out ? out + n : tmp, (unsigned long)cp);
				n += (long)k;
			}
			continue;
		default:
			return vet__jr_fail(r, p, "unknown escape '\\%c'",
			                    p[1] > 0x20 && p[1] < 0x7f ? p[1] : '?');
		}
		if (out)
			out[n] = (char)c;
		n++;
		p += 2;
	}
	if (p >= end)
		return vet__jr_fail(r, r->p, "unterminated string");
	*endp = p + 1;
	return n;
}

int vet__jr_string(struct vet_jr *r, char **out, size_t *len)
{
	const char *endp;
	char b[16];
	long n;
	*out = NULL;
	if (r->failed)
		return -1;
	ws(r);
	if (r->p >= r->end || *r->p != '"')
		return vet__jr_fail(r, r->p, "expected a string, found %s", found(r, b, sizeof(b)));
	n = scan_string(r, NULL, &endp);
	if (n < 0)
		return -1;
	*out = vet__jr_alloc(r, (size_t)n + 1);
	if (!*out)
		return -1;
	scan_string(r, *out, &endp);
	(*out)[n] = '\0';
	if (len)
		*len = (size_t)n;
	r->p = endp;
	return 0;
}

int vet__jr_obj_next(struct vet_jr *r, int *first, char *key, size_t cap, const char **at)
{
	const char *endp;
	char b[16];
	long n;
	if (r->failed)
		return -1;
	ws(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		return 0;
	}
	if (!*first && expect(r, ',', "',' or '}'") < 0)
		return -1;
	ws(r);
	if (r->p >= r->end || *r->p != '"')
		return vet__jr_fail(r, r->p, "expected a string key%s, found %s",
		                    *first ? " or '}'" : "", found(r, b, sizeof(b)));
	*first = 0;
	*at = r->p;
	n = scan_string(r, NULL, &endp);
	if (n < 0)
		return -1;
	if ((size_t)n < cap) {
		scan_string(r, key, &endp);
		key[n] = '\0';
		if (strlen(key) != (size_t)n)
			strcpy(key, "\x7f");
	} else if (cap >= 2) {
		strcpy(key, "\x7f");
	}
	r->p = endp;
	return expect(r, ':', "':' after the key") < 0 ? -1 : 1;
}

int vet__jr_arr_next(struct vet_jr *r, int *first)
{
	if (r->failed)
		return -1;
	ws(r);
	if (r->p < r->end && *r->p == ']') {
		r->p++;
		return 0;
	}
	if (!*first && expect(r, ',', "',' or ']'") < 0)
		return -1;
	*first = 0;
	return 1;
}

static int literal(struct vet_jr *r, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(r->end - r->p) >= n && !memcmp(r->p, word, n)) {
		r->p += n;
		return 1;
	}
	return 0;
}

int vet__jr_null(struct vet_jr *r)
{
	if (r->failed)
		return 0;
	ws(r);
	return literal(r, "null");
}

int vet__jr_bool(struct vet_jr *r, int *v)
{
	char b[16];
	if (r->failed)
		return -1;
	ws(r);
	if (literal(r, "true"))
		*v = 1;
	else if (literal(r, "false"))
		*v = 0;
	else
		return vet__jr_fail(r, r->p, "expected true or false, found %s",
		                    found(r, b, sizeof(b)));
	return 0;
}

/* RFC 8259 6: number = [ minus ] int [ frac ] [ exp ]. Sets *integral when
 * there is neither fraction nor exponent. */
static int number(struct vet_jr *r, int *integral)
{
	const char *p = r->p, *end = r->end;
	char b[16];
	*integral = 1;
	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0') {
		p++;
		if (p < end && *p >= '0' && *p <= '9')
			return vet__jr_fail(r, p - 1, "leading zero in a number");
	} else if (p < end && *p >= '1' && *p <= '9') {
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	} else {
		r->p = p;
		return vet__jr_fail(r, p, "expected a digit, found %s", found(r, b, sizeof(b)));
	}
	if (p < end && *p == '.') {
		*integral = 0;
		if (++p >= end || *p < '0' || *p > '9')
			return vet__jr_fail(r, p, "expected a digit after '.'");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		*integral = 0;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return vet__jr_fail(r, p, "expected a digit in the exponent");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	r->p = p;
	return 0;
}

int vet__jr_uint(struct vet_jr *r, uint64_t max, uint64_t *v)
{
	const char *start, *q;
	int integral;
	uint64_t x = 0;
	if (r->failed)
		return -1;
	ws(r);
	start = r->p;
	if (number(r, &integral) < 0)
		return -1;
	if (*start == '-' || !integral)
		return vet__jr_fail(r, start, "expected a non-negative integer");
	for (q = start; q < r->p; q++) {
		unsigned d = (unsigned)(*q - '0');
		if (x > (max - d) / 10)
			return vet__jr_fail(r, start, "number too large (at most %llu)",
			                    (unsigned long long)max);
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

static int skip(struct vet_jr *r, int depth)
{
	const char *endp;
	char key[2], b[16];
	const char *at;
	int first = 1, rc, integral;
	if (r->failed)
		return -1;
	ws(r);
	if (r->p >= r->end)
		return vet__jr_fail(r, r->p, "expected a value, found end of input");
	switch (*r->p) {
	case '{':
	case '[':
		if (depth >= VET_RESULTS_DEPTH)
			return vet__jr_fail(r, r->p, "nested deeper than %d", VET_RESULTS_DEPTH);
		if (*r->p++ == '{') {
			while ((rc = vet__jr_obj_next(r, &first, key, sizeof(key), &at)) > 0)
				if (skip(r, depth + 1) < 0)
					return -1;
		} else {
			while ((rc = vet__jr_arr_next(r, &first)) > 0)
				if (skip(r, depth + 1) < 0)
					return -1;
		}
		return rc;
	case '"':
		if (scan_string(r, NULL, &endp) < 0)
			return -1;
		r->p = endp;
		return 0;
	case 't':
	case 'f':
	case 'n':
		if (literal(r, "true") || literal(r, "false") || literal(r, "null"))
			return 0;
		break;
	default:
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
			return number(r, &integral);
	}
	return vet__jr_fail(r, r->p, "expected a value, found %s", found(r, b, sizeof(b)));
}

int vet__jr_skip(struct vet_jr *r)
{
	/* The caller is already inside the document's objects; count them
	 * generously as 4 levels so the bound holds for the whole document. */
	return skip(r, 4);
}

int vet__jr_finish(struct vet_jr *r)
{
	char b[16];
	if (r->failed)
		return -1;
	ws(r);
	if (r->p < r->end)
		return vet__jr_fail(r, r->p, "unexpected %s after the document",
		                    found(r, b, sizeof(b)));
	return 0;
}

/* sipvet: streaming JSON writer; the escaping rules are documented in json.h. */
#include "json.h"

#include "sipref/utf8.h"

#include <inttypes.h>
#include <string.h>

void vet_json_init(struct vet_json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = 1;
	j->after_key = 0;
	j->error = 0;
}

int vet_json_end(struct vet_json *j)
{
	fputc('\n', j->out);
	return (j->error || j->depth != 0 || j->after_key) ? -1 : 0;
}

/* Before any value: the comma that separates it from the previous one. */
static void sep(struct vet_json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (!j->first[j->depth])
		fputc(',', j->out);
	j->first[j->depth] = 0;
}

static void nest(struct vet_json *j, char c)
{
	sep(j);
	fputc(c, j->out);
	if (j->depth + 1 >= VET_JSON_DEPTH) {
		j->error = 1;
		return;
	}
	j->first[++j->depth] = 1;
}

static void unnest(struct vet_json *j, char c)
{
	if (j->depth == 0 || j->after_key)
		j->error = 1;
	else
		j->depth--;
	fputc(c, j->out);
}

void vet_json_obj(struct vet_json *j)
{
	nest(j, '{');
}

void vet_json_obj_end(struct vet_json *j)
{
	unnest(j, '}');
}

void vet_json_arr(struct vet_json *j)
{
	nest(j, '[');
}

void vet_json_arr_end(struct vet_json *j)
{
	unnest(j, ']');
}

void vet_json_key(struct vet_json *j, const char *k)
{
	if (j->after_key)
		j->error = 1;
	sep(j);
	vet_json_escape(j->out, k, strlen(k));
	fputc(':', j->out);
	j->after_key = 1;
}

void vet_json_escape(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	fputc('"', out);
	while (p < end) {
		unsigned char c = *p;
		size_t n;
		if (c >= 0x20 && c < 0x7f) {
			if (c == '"' || c == '\\')
				fputc('\\', out);
			fputc(c, out);
			p++;
			continue;
		}
		switch (c) {
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			n = c >= 0x80 ? sip_utf8_len(p, (size_t)(end - p)) : 0;
			if (n) {
				fwrite(p, 1, n, out);
				p += n;
				continue;
			}
			/* Control, DEL, or a byte outside well-formed UTF-8. */
			fprintf(out, "\\u%04x", c);
		}
		p++;
	}
	fputc('"', out);
}

void vet_json_str(struct vet_json *j, const char *p, size_t len)
{
	sep(j);
	vet_json_escape(j->out, p, len);
}

void vet_json_cstr(struct vet_json *j, const char *s)
{
	if (!s)
		vet_json_null(j);
	else
		vet_json_str(j, s, strlen(s));
}

void vet_json_sstr(struct vet_json *j, struct sip_str s)
{
	if (!s.p)
		vet_json_null(j);
	else
		vet_json_str(j, s.p, s.len);
}

void vet_json_uint(struct vet_json *j, uint64_t v)
{
	sep(j);
	fprintf(j->out, "%" PRIu64, v);
}

void vet_json_int(struct vet_json *j, int64_t v)
{
	sep(j);
	fprintf(j->out, "%" PRId64, v);
}

void vet_json_bool(struct vet_json *j, int v)
{
	sep(j);
	fputs(v ? "true" : "false", j->out);
}

void vet_json_null(struct vet_json *j)
{
	sep(j);
	fputs("null", j->out);
}

void vet_json_hex(struct vet_json *j, const void *p, size_t len)
{
	const unsigned char *b = p;
	size_t i;
	sep(j);
	fputc('"', j->out);
	for (i = 0; i < len; i++)
		fprintf(j->out, "%02x", b[i]);
	fputc('"', j->out);
}

void vet_json_kstr(struct vet_json *j, const char *k, const char *p, size_t len)
{
	vet_json_key(j, k);
	vet_json_str(j, p, len);
}

void vet_json_kcstr(struct vet_json *j, const char *k, const char *s)
{
	vet_json_key(j, k);
	vet_json_cstr(j, s);
}

void vet_json_ksstr(struct vet_json *j, const char *k, struct sip_str s)
{
	vet_json_key(j, k);
	vet_json_sstr(j, s);
}

void vet_json_kuint(struct vet_json *j, const char *k, uint64_t v)
{
	vet_json_key(j, k);
	vet_json_uint(j, v);
}

void vet_json_kint(struct vet_json *j, const char *k, int64_t v)
{
	vet_json_key(j, k);
	vet_json_int(j, v);
}

void vet_json_kbool(struct vet_json *j, const char *k, int v)
{
	vet_json_key(j, k);
	vet_json_bool(j, v);
}

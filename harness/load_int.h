/* sipvet: internals shared by the case and profile loaders (load_*.c,
 * profile.c). Not part of the runner's API: use case.h. */
#ifndef VET_LOAD_INT_H
#define VET_LOAD_INT_H

#include <stddef.h>

#include "case.h"

/* A YAML node, built from libyaml events (load_yaml.c). Aliases are
 * rejected (they could make the tree cyclic or exponential), so this is a
 * tree. Scalars are NUL-terminated copies; they may hold NULs ("\0" in a
 * double-quoted scalar), so len is authoritative. */
enum vet__nkind { VET__N_SCALAR = 1, VET__N_SEQ, VET__N_MAP };

struct vet__node {
	enum vet__nkind kind;
	struct vet_loc loc;
	const char *s; /* scalar */
	size_t len;
	unsigned char plain;      /* unquoted scalar: may be a number, bool or null */
	unsigned char style;      /* yaml_scalar_style_t, for positions inside it */
	struct vet__node **items; /* seq: n items; map: keys at 2i, values at 2i+1 */
	size_t n;                 /* seq: items; map: pairs */
};

/* Parses one YAML document from buf into nodes allocated in ar. *root is
 * NULL for an empty document. 0, SIP_EPARSE (diagnostic added) or
 * SIP_ENOMEM. Nesting deeper than VET__MAX_DEPTH is an error. */
#define VET__MAX_DEPTH 32
int vet__yaml_load(struct sip_arena *ar, const char *file, const void *buf, size_t len,
                   struct vet__node **root, struct vet_diag *d);

/* The kind name for type errors: "a string", "a list", "a mapping". */
const char *vet__kind_name(const struct vet__node *n);

/* Loader state for one file. */
struct vet__ld {
	struct vet_case *c;   /* NULL while loading a profile */
	struct sip_arena *ar; /* permanent storage */
	struct vet_diag *d;
	const struct vet_load_opts *o;
	const char *file;
	const char *dir; /* for relative `file:` paths */
	int rc;          /* first error: SIP_EPARSE or SIP_ENOMEM */
	int cur_step;    /* index of the step being loaded; -1 outside */
	/* capture names are in c->captures; this is their capacity */
	size_t capcap;
	const char *src; /* the YAML text, for positions inside block scalars */
	size_t srclen;
	/* While a ${...} reference is resolved: errors about at_node are
	 * reported at octet at_off of its value, where the reference is. */
	const struct vet__node *at_node;
	size_t at_off;
};

/* Reports an error at n (or the file when n is NULL) and sets ld->rc to
 * SIP_EPARSE. Returns SIP_EPARSE. */
int vet__err(struct vet__ld *ld, const struct vet__node *n, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* As vet__err, at octet `off` of scalar n's value: exact line and column
 * for single-line and literal-block (|) scalars, else n's position. */
int vet__err_at(struct vet__ld *ld, const struct vet__node *n, size_t off, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
/* Out of memory: sets ld->rc and returns SIP_ENOMEM. */
int vet__nomem(struct vet__ld *ld);

/* Mapping schema: `keys` is a NULL-terminated list of valid keys. Checks
 * that n is a mapping, that every key is a plain string in the list (the
 * error lists the valid keys) and that required keys (those in `req`,
 * NULL-terminated, may be NULL) are present. 0 or SIP_EPARSE. */
int vet__check_map(struct vet__ld *ld, const struct vet__node *n, const char *what,
                   const char *const *keys, const char *const *req);
/* Value of key in mapping n, NULL when absent. */
struct vet__node *vet__get(const struct vet__node *n, const char *key);
/* The key node of key in n (for error positions), NULL when absent. */
struct vet__node *vet__key(const struct vet__node *n, const char *key);

/* Typed accessors: each reports "KEY: expected ..." on a type error. */
int vet__str(struct vet__ld *ld, const struct vet__node *v, const char *key, const char **out);
int vet__uint(struct vet__ld *ld, const struct vet__node *v, const char *key, unsigned max,
              unsigned *out);
int vet__bool(struct vet__ld *ld, const struct vet__node *v, const char *key, int *out);
/* A list of strings; a single string is accepted as a list of one. */
int vet__strlist(struct vet__ld *ld, const struct vet__node *v, const char *key, const char ***out,
                 size_t *n);
/* Copies s[0..len) NUL-terminated into the arena. NULL on ENOMEM (rc set). */
char *vet__dup(struct vet__ld *ld, const char *s, size_t len);
/* Grows an arena array of `size`-byte elements from *cap to hold n+1. */
int vet__grow(struct vet__ld *ld, void **arr, size_t *cap, size_t n, size_t size);

/* "64 T1", "500 ms", "0.2 T1", "2 s". 0 or SIP_EPARSE. */
int vet__dur(struct vet__ld *ld, const struct vet__node *v, const char *key, struct vet_dur *out);
/* Parses "D", "D +/- D" (also "±") from text; at/tol. */
int vet__dur_text(const char *s, size_t len, struct vet_dur *out, const char **end);

/* Names: [a-z][a-z0-9_]*, not reserved. 0 or SIP_EPARSE (reported). */
int vet__name(struct vet__ld *ld, const struct vet__node *v, const char *what);
int vet__is_reserved(const char *s, size_t len);

/* One RFC reference, normalised to "RFC NNNN[ SECTION]". */
int vet__rfc_one(struct vet__ld *ld, const struct vet__node *v, const char **out);
/* Agents, steps and captures share one namespace: SIP_EPARSE when v's name
 * is an agent or a step already. */
int vet__name_taken(struct vet__ld *ld, const struct vet__node *v, const char *what);

/* Registers a regex_t for regfree at vet_case_free; compiles src.
 * 0, SIP_EPARSE (reported at n with regerror text) or SIP_ENOMEM. */
int vet__regex(struct vet__ld *ld, const struct vet__node *n, const char *src, int flags,
               regex_t **out);

/* Field paths (load_field.c). Parses text into f, reporting at n. */
int vet__field(struct vet__ld *ld, const struct vet__node *n, const char *text, size_t len,
               struct vet_field *f);

/* Templates (load_tpl.c). */
enum vet__tplmode {
	VET__TPL_PLAIN = 0, /* variables only (matcher values, args) */
	VET__TPL_TEXT,      /* LF -> CRLF, header section closed, C-L auto */
	VET__TPL_BYTES,     /* escapes, line breaks dropped, C-L auto */
	VET__TPL_VERBATIM,  /* exact octets */
};
int vet__tpl(struct vet__ld *ld, const struct vet__node *n, const char *src, size_t len,
             enum vet__tplmode mode, struct vet_tpl *t);
/* Splices `replace` (mapping literal -> template) into t (a verbatim
 * template of one literal part). */
int vet__tpl_replace(struct vet__ld *ld, const struct vet__node *map, struct vet_tpl *t);
/* Resolves "name.rest" as a template reference (also used by same_as). */
int vet__ref(struct vet__ld *ld, const struct vet__node *n, const char *s, size_t len,
             struct vet_ref *r);

/* Steps and matchers (load_step.c, load_match.c). */
int vet__steps(struct vet__ld *ld, const struct vet__node *seq);
int vet__matchers(struct vet__ld *ld, const struct vet__node *seq, struct vet_match **out,
                  size_t *n);
int vet__captures(struct vet__ld *ld, const struct vet__node *map, struct vet_capture **out,
                  size_t *n);
int vet__ignores(struct vet__ld *ld, const struct vet__node *seq, struct vet_ignore **out,
                 size_t *n);
/* A status spec "200", "2xx" into r. 1 when s is one, 0 otherwise. */
int vet__status_spec(const char *s, size_t len, struct vet_range *r);
/* 1 when s is an RFC 3261 token (a method name). */
int vet__is_token(const char *s, size_t len);
/* A token starting with a letter (methods in expect, ignore, matchers). */
int vet__is_method(const char *s, size_t len);

/* Reads a whole file into the arena (NUL appended). 0, SIP_EPARSE
 * (reported at n: "cannot read PATH: why") or SIP_ENOMEM. */
int vet__read_file(struct vet__ld *ld, const struct vet__node *n, const char *path, char **out,
                   size_t *len);

/* load_util.c: a list of names, each mapped to a bit by lookup (0: unknown),
 * none listed twice, OR-ed into *out; `valid` names them in errors. */
int vet__load_set(struct vet__ld *ld, const struct vet__node *v, const char *key,
                  unsigned (*lookup)(const char *, size_t), const char *valid, unsigned *out);

#endif

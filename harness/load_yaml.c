/* sipvet: YAML to a node tree, from libyaml's event stream.
 *
 * The event API (rather than yaml_parser_load) lets us refuse aliases before
 * they are resolved: libyaml's document loader shares aliased nodes, so a
 * hostile file can make a tree exponential ("billion laughs") or, through an
 * anchor used inside itself, cyclic. Case files have no use for them. */
#include <string.h>
#include <yaml.h>

#include "load_int.h"
#include "sipref/error.h"

struct frame {
	struct vet__node *node;
	size_t cap; /* items capacity */
};

static struct vet_loc mark_loc(const char *file, yaml_mark_t m)
{
	struct vet_loc l = {file, (unsigned)m.line + 1, (unsigned)m.column + 1};
	return l;
}

const char *vet__kind_name(const struct vet__node *n)
{
	if (!n)
		return "nothing";
	switch (n->kind) {
	case VET__N_SCALAR:
		return n->plain && n->len == 0 ? "nothing (null)" : "a scalar";
	case VET__N_SEQ:
		return "a list";
	case VET__N_MAP:
		return "a mapping";
	}
	return "?";
}

static int push_item(struct sip_arena *ar, struct frame *f, struct vet__node *item)
{
	if (f->node->n == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 8;
		struct vet__node **ni = sip_arena_alloc(ar, ncap * sizeof *ni);
		if (!ni)
			return SIP_ENOMEM;
		if (f->node->n)
			memcpy(ni, f->node->items, f->node->n * sizeof *ni);
		f->node->items = ni;
		f->cap = ncap;
	}
	f->node->items[f->node->n++] = item;
	return 0;
}

/* Adds a finished node to the container on top of the stack. A mapping
 * holds keys and values alternately; n counts items until the end event. */
static int attach(struct sip_arena *ar, struct frame *st, int depth, struct vet__node *node,
                  struct vet__node **root)
{
	if (depth == 0) {
		*root = node;
		return 0;
	}
	return push_item(ar, &st[depth - 1], node);
}

/* Duplicate keys make a mapping ambiguous (YAML 1.2 3.2.1.1 forbids them);
 * libyaml does not check. */
static int check_dup_keys(const char *file, const struct vet__node *m, struct vet_diag *d)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct vet__node *k = m->items[2 * i];
		if (k->kind != VET__N_SCALAR)
			continue;
		for (size_t j = 0; j < i; j++) {
			const struct vet__node *p = m->items[2 * j];
			if (p->kind == VET__N_SCALAR && p->len == k->len &&
			    memcmp(p->s, k->s, k->len) == 0) {
				vet_diag_add(d, &k->loc, "duplicate key '%.*s' (first at line %u)",
				             (int)(k->len > 60 ? 60 : k->len), k->s, p->loc.line);
				(void)file;
				return SIP_EPARSE;
			}
		}
	}
	return 0;
}

static int on_event(struct sip_arena *ar, const char *file, yaml_event_t *ev, struct frame *st,
                    int *depth, struct vet__node **root, struct vet_diag *d)
{
	struct vet__node *n;
	struct vet_loc loc = mark_loc(file, ev->start_mark);

	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		vet_diag_add(d, &loc, "YAML aliases (*%s) are not supported in case files",
		             (const char *)ev->data.alias.anchor);
		return SIP_EPARSE;
	case YAML_SCALAR_EVENT:
		n = sip_arena_zalloc(ar, sizeof *n);
		if (!n)
			return SIP_ENOMEM;
		n->kind = VET__N_SCALAR;
		n->loc = loc;
		n->len = ev->data.scalar.length;
		n->s = sip_arena_alloc(ar, n->len + 1);
		if (!n->s)
			return SIP_ENOMEM;
		memcpy((char *)n->s, ev->data.scalar.value, n->len);
		((char *)n->s)[n->len] = 0;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.tag;
		n->style = (unsigned char)ev->data.scalar.style;
		return attach(ar, st, *depth, n, root);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (*depth >= VET__MAX_DEPTH) {
			vet_diag_add(d, &loc, "nesting deeper than %d levels", VET__MAX_DEPTH);
			return SIP_EPARSE;
		}
		n = sip_arena_zalloc(ar, sizeof *n);
		if (!n)
			return SIP_ENOMEM;
		n->kind = ev->type == YAML_SEQUENCE_START_EVENT ? VET__N_SEQ : VET__N_MAP;
		n->loc = loc;
		st[*depth].node = n;
		st[*depth].cap = 0;
		(*depth)++;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (*depth == 0)
			return SIP_EPARSE; /* libyaml never does this */
		n = st[--(*depth)].node;
		if (n->kind == VET__N_MAP) {
			n->n /= 2;
			if (check_dup_keys(file, n, d))
				return SIP_EPARSE;
		}
		return attach(ar, st, *depth, n, root);
	default:
		return 0;
	}
}

int vet__yaml_load(struct sip_arena *ar, const char *file, const void *buf, size_t len,
                   struct vet__node **root, struct vet_diag *d)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct frame st[VET__MAX_DEPTH];
	int depth = 0, rc = 0, docs = 0, done = 0;

	*root = NULL;
	if (!yaml_parser_initialize(&p))
		return SIP_ENOMEM;
	yaml_parser_set_input_string(&p, buf, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			struct vet_loc loc = mark_loc(file, p.problem_mark);
			if (p.error == YAML_MEMORY_ERROR) {
				rc = SIP_ENOMEM;
			} else {
				vet_diag_add(d, &loc, "YAML: %s%s%s",
				             p.problem ? p.problem : "error", p.context ? " " : "",
				             p.context ? p.context : "");
				rc = SIP_EPARSE;
			}
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
			struct vet_loc loc = mark_loc(file, ev.start_mark);
			vet_diag_add(d, &loc, "one YAML document per case file");
			rc = SIP_EPARSE;
		} else if (ev.type == YAML_STREAM_END_EVENT) {
			done = 1;
		} else {
			rc = on_event(ar, file, &ev, st, &depth, root, d);
		}
		yaml_event_delete(&ev);
		if (rc)
			break;
	}
	yaml_parser_delete(&p);
	return rc;
}

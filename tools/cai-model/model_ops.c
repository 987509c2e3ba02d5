/* SPDX-License-Identifier: Apache-2.0 */
/* See model_ops.h. Field numbers: the TFLite schema (schema.fbs). */
#include "model_ops.h"

#include <string.h>

#include "cai/escape.h"
#include "cai/infer.h"

typedef struct fbr {
    const uint8_t *b;
    size_t n;
} fbr_t;

static bool rd32(const fbr_t *r, size_t at, uint32_t *v)
{
    if (at > r->n || r->n - at < 4) {
        return false;
    }
    *v = (uint32_t)r->b[at] | (uint32_t)r->b[at + 1] << 8 | (uint32_t)r->b[at + 2] << 16 |
         (uint32_t)r->b[at + 3] << 24;
    return true;
}

static bool rd16(const fbr_t *r, size_t at, uint16_t *v)
{
    if (at > r->n || r->n - at < 2) {
        return false;
    }
    *v = (uint16_t)(r->b[at] | r->b[at + 1] << 8);
    return true;
}

/* The position of field `id` of the table at `t`, or 0 when absent. */
static bool field(const fbr_t *r, size_t t, unsigned id, size_t *pos)
{
    uint32_t so;
    uint16_t vlen, off = 0;
    if (!rd32(r, t, &so)) {
        return false;
    }
    int64_t vt = (int64_t)t - (int32_t)so;
    if (vt < 0 || (size_t)vt >= r->n || !rd16(r, (size_t)vt, &vlen)) {
        return false;
    }
    if (4u + 2u * id + 2u <= vlen && !rd16(r, (size_t)vt + 4 + 2 * id, &off)) {
        return false;
    }
    *pos = off ? t + off : 0;
    return *pos < r->n;
}

/* An offset field: the position it points to. */
static bool deref(const fbr_t *r, size_t at, size_t *to)
{
    uint32_t o;
    if (!rd32(r, at, &o) || o == 0 || (uint64_t)at + o >= r->n) {
        return false;
    }
    *to = at + o;
    return true;
}

/* A vector field: its element count and first element position. */
static bool vec(const fbr_t *r, size_t t, unsigned id, uint32_t *count, size_t *first)
{
    size_t p, v;
    *count = 0;
    if (!field(r, t, id, &p)) {
        return false;
    }
    if (p == 0) {
        return true;
    }
    if (!deref(r, p, &v) || !rd32(r, v, count) || *count > (r->n - v - 4) / 4) {
        return false;
    }
    *first = v + 4;
    return true;
}

static bool i32_field(const fbr_t *r, size_t t, unsigned id, int32_t def, int32_t *v)
{
    size_t p;
    uint32_t u;
    if (!field(r, t, id, &p)) {
        return false;
    }
    if (p == 0) {
        *v = def;
        return true;
    }
    if (!rd32(r, p, &u)) {
        return false;
    }
    *v = (int32_t)u;
    return true;
}

typedef struct op_code {
    int32_t code, version;
    const char *custom; /* bounded copy below */
    char custom_buf[64];
} op_code_t;

static bool read_opcode(const fbr_t *r, size_t t, op_code_t *oc)
{
    size_t p, s;
    int32_t builtin = 0;
    memset(oc, 0, sizeof *oc);
    /* deprecated_builtin_code (0, int8), custom_code (1), version (2),
     * builtin_code (3): the code is the larger of the two, as TFLite's
     * GetBuiltinCode */
    if (!field(r, t, 0, &p)) {
        return false;
    }
    int32_t dep = p ? (int8_t)r->b[p] : 0;
    if (!i32_field(r, t, 2, 1, &oc->version) || !i32_field(r, t, 3, 0, &builtin) ||
        !field(r, t, 1, &p)) {
        return false;
    }
    oc->code = dep > builtin ? dep : builtin;
    uint32_t slen;
    if (p != 0 && deref(r, p, &s) && rd32(r, s, &slen) && slen <= r->n - s - 4) {
        size_t n = slen < sizeof oc->custom_buf - 1 ? slen : sizeof oc->custom_buf - 1;
        memcpy(oc->custom_buf, r->b + s + 4, n);
        oc->custom = oc->custom_buf;
    }
    return true;
}

#define BUILTIN_CUSTOM 32

static const char *why_unsupported(const op_code_t *oc)
{
    if (oc->code == BUILTIN_CUSTOM) {
        return "custom operator";
    }
    int32_t maxv = oc->code >= 0 ? cai_infer_op_max_version((uint32_t)oc->code) : 0;
    if (maxv == 0) {
        return "operator";
    }
    return oc->version < 1 || oc->version > maxv ? "version" : NULL;
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            fprintf(f, "\\%c", *p);
        } else if (*p < 0x20 || *p >= 0x7f) {
            fprintf(f, "\\u%04x", *p);
        } else {
            fputc(*p, f);
        }
    }
    fputc('"', f);
}

bool model_ops_list(FILE *f, const uint8_t *buf, size_t len, bool json)
{
    const fbr_t r = { buf, len };
    size_t root, sg, first_code = 0, first_sg = 0, first_op = 0;
    uint32_t n_codes, n_sg, n_ops;
    /* Model: operator_codes (1), subgraphs (2); SubGraph: operators (3) */
    if (!deref(&r, 0, &root) || !vec(&r, root, 1, &n_codes, &first_code) ||
        !vec(&r, root, 2, &n_sg, &first_sg) || n_sg == 0 || !deref(&r, first_sg, &sg) ||
        !vec(&r, sg, 3, &n_ops, &first_op)) {
        return false;
    }
    /* check every operator before printing anything */
    for (uint32_t k = 0; k < n_ops; k++) {
        size_t ot, ct;
        int32_t idx;
        op_code_t oc;
        if (!deref(&r, first_op + 4 * k, &ot) || !i32_field(&r, ot, 0, 0, &idx) || idx < 0 ||
            (uint32_t)idx >= n_codes || !deref(&r, first_code + 4 * (size_t)idx, &ct) ||
            !read_opcode(&r, ct, &oc)) {
            return false;
        }
    }
    if (json) {
        fputs("{\"operators\": [", f);
    } else {
        fprintf(f, "operators (%u):\n", (unsigned)n_ops);
    }
    for (uint32_t k = 0; k < n_ops; k++) {
        /* every read below succeeded in the check above */
        size_t ot = 0, ct = 0;
        int32_t idx = 0;
        op_code_t oc = { 0 };
        (void)deref(&r, first_op + 4 * k, &ot);
        (void)i32_field(&r, ot, 0, 0, &idx);
        (void)deref(&r, first_code + 4 * (size_t)idx, &ct);
        (void)read_opcode(&r, ct, &oc);
        const char *why = why_unsupported(&oc);
        const char *name = oc.code >= 0 ? cai_builtin_name((uint32_t)oc.code) : "?";
        if (json) {
            fprintf(f, "%s{\"index\": %u, \"op\": ", k ? ", " : "", (unsigned)k);
            json_str(f, name);
            fprintf(f, ", \"builtin_code\": %d, \"version\": %d", (int)oc.code, (int)oc.version);
            if (oc.custom != NULL) {
                fputs(", \"custom_code\": ", f);
                json_str(f, oc.custom);
            }
            fprintf(f, ", \"supported\": %s}", why ? "false" : "true");
            continue;
        }
        fprintf(f, "  %3u %s", (unsigned)k, name);
        if (oc.custom != NULL) {
            fputs(" '", f);
            cai_fputs_escaped(oc.custom, f); /* a name in the file may hold any byte */
            fputc('\'', f);
        }
        fprintf(f, " v%d", (int)oc.version);
        if (why != NULL && strcmp(why, "version") == 0) {
            fprintf(f, "  UNSUPPORTED (the engine runs versions 1-%d)",
                    (int)cai_infer_op_max_version((uint32_t)oc.code));
        } else if (why != NULL) {
            fprintf(f, "  UNSUPPORTED (%s not in the engine)", why);
        }
        fputc('\n', f);
    }
    if (json) {
        fputs("]}\n", f);
    }
    return true;
}

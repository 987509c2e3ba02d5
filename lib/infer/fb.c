/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checked flatbuffer access (see fb.h). The rules follow the flatbuffers
 * binary format: little-endian; a table starts with an int32 soffset to its
 * vtable (vtable = table - soffset); a vtable is uint16 vtable_bytes,
 * uint16 table_bytes, then one uint16 field offset per field id (0 = absent);
 * reference fields hold a uint32 offset, relative to the field, to a table,
 * vector (uint32 count + elements) or string (vector of bytes + NUL).
 */
#include "fb.h"

#include <string.h>

#include "cai/infer.h"
#include "errfmt.h"

uint16_t fb_ld16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

uint32_t fb_ld32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

uint64_t fb_ld64(const uint8_t *p)
{
    return (uint64_t)fb_ld32(p) | ((uint64_t)fb_ld32(p + 4) << 32);
}

int fb_fail(fb_ctx_t *c, const char *fmt, ...)
{
    if (!c->failed) {
        va_list ap;
        va_start(ap, fmt);
        infer_vfmt(c->err, c->errcap, fmt, ap);
        va_end(ap);
        c->failed = true;
        c->status = CAI_INFER_ERR_MALFORMED;
    }
    return -1;
}

int fb_failc(fb_ctx_t *c, cai_infer_err_t status, const char *fmt, ...)
{
    if (!c->failed) {
        va_list ap;
        va_start(ap, fmt);
        infer_vfmt(c->err, c->errcap, fmt, ap);
        va_end(ap);
        c->failed = true;
        c->status = status;
    }
    return -1;
}

/* [pos, pos+n) inside the buffer, overflow-safe. */
static int in_bounds(const fb_ctx_t *c, uint64_t pos, uint64_t n)
{
    return pos <= c->len && n <= c->len - pos;
}

int fb_table_at(fb_ctx_t *c, uint32_t pos, const char *what, fb_table_t *t)
{
    if (c->failed) {
        return -1;
    }
    if (pos % 4 != 0 || !in_bounds(c, pos, 4)) {
        return fb_fail(c, "malformed model: %s table at 0x%x out of bounds or misaligned", what,
                       (unsigned)pos);
    }
    int32_t soff = (int32_t)fb_ld32(c->buf + pos);
    int64_t vt = (int64_t)pos - (int64_t)soff;
    if (vt < 0 || vt % 2 != 0 || !in_bounds(c, (uint64_t)vt, 4)) {
        return fb_fail(c, "malformed model: %s table at 0x%x has its vtable out of bounds", what,
                       (unsigned)pos);
    }
    uint16_t vt_bytes = fb_ld16(c->buf + vt);
    uint16_t size = fb_ld16(c->buf + vt + 2);
    if (vt_bytes < 4 || vt_bytes % 2 != 0 || !in_bounds(c, (uint64_t)vt, vt_bytes)) {
        return fb_fail(c, "malformed model: %s table at 0x%x has a bad vtable (%u bytes)", what,
                       (unsigned)pos, (unsigned)vt_bytes);
    }
    if (size < 4 || !in_bounds(c, pos, size)) {
        return fb_fail(c, "malformed model: %s table at 0x%x has a bad size (%u bytes)", what,
                       (unsigned)pos, (unsigned)size);
    }
    /* A vtable inside its own table's bytes is never produced by a
     * flatbuffer builder; refuse it rather than reason about it. */
    if ((uint64_t)vt < (uint64_t)pos + size && (uint64_t)pos < (uint64_t)vt + vt_bytes) {
        return fb_fail(c, "malformed model: %s table at 0x%x overlaps its vtable", what,
                       (unsigned)pos);
    }
    t->pos = pos;
    t->vt = (uint32_t)vt;
    t->vt_bytes = vt_bytes;
    t->size = size;
    return 0;
}

int fb_root(fb_ctx_t *c, fb_table_t *root)
{
    if (c->len < 8) {
        return fb_fail(c, "malformed model: %lu bytes is too short for a flatbuffer",
                       (unsigned long)c->len);
    }
    if (c->len > 0x7fffffffu) {
        return fb_failc(c, CAI_INFER_ERR_UNSUPPORTED, "unsupported model: larger than 2 GiB");
    }
    if (memcmp(c->buf + 4, "TFL3", 4) != 0) {
        return fb_fail(c, "not a TFLite model: file identifier is not \"TFL3\"");
    }
    return fb_table_at(c, fb_ld32(c->buf), "Model", root);
}

/* Offset of field `id` inside the table (0 = absent), checked so that a
 * field of `size` bytes lies inside the table and is aligned to `align`. */
static int field(fb_ctx_t *c, const fb_table_t *t, unsigned id, unsigned size, unsigned align,
                 uint32_t *at)
{
    *at = 0;
    if (c->failed) {
        return -1;
    }
    uint32_t slot = 4u + 2u * id;
    if (slot + 2u > t->vt_bytes) {
        return 0;
    }
    uint16_t off = fb_ld16(c->buf + t->vt + slot);
    if (off == 0) {
        return 0;
    }
    if (off < 4 || (uint32_t)off + size > t->size) {
        return fb_fail(c, "malformed model: field %u of the table at 0x%x lies outside it", id,
                       (unsigned)t->pos);
    }
    uint32_t pos = t->pos + off;
    if (pos % align != 0) {
        return fb_fail(c, "malformed model: field %u of the table at 0x%x is misaligned", id,
                       (unsigned)t->pos);
    }
    *at = pos;
    return 0;
}

int fb_u8(fb_ctx_t *c, const fb_table_t *t, unsigned id, uint8_t def, uint8_t *out)
{
    uint32_t at;
    if (field(c, t, id, 1, 1, &at) != 0) {
        return -1;
    }
    *out = at ? c->buf[at] : def;
    return 0;
}

int fb_i32(fb_ctx_t *c, const fb_table_t *t, unsigned id, int32_t def, int32_t *out)
{
    uint32_t at;
    if (field(c, t, id, 4, 4, &at) != 0) {
        return -1;
    }
    *out = at ? (int32_t)fb_ld32(c->buf + at) : def;
    return 0;
}

int fb_u32(fb_ctx_t *c, const fb_table_t *t, unsigned id, uint32_t def, uint32_t *out)
{
    uint32_t at;
    if (field(c, t, id, 4, 4, &at) != 0) {
        return -1;
    }
    *out = at ? fb_ld32(c->buf + at) : def;
    return 0;
}

int fb_u64(fb_ctx_t *c, const fb_table_t *t, unsigned id, uint64_t def, uint64_t *out)
{
    uint32_t at;
    if (field(c, t, id, 8, 8, &at) != 0) {
        return -1;
    }
    *out = at ? fb_ld64(c->buf + at) : def;
    return 0;
}

int fb_f32(fb_ctx_t *c, const fb_table_t *t, unsigned id, float def, float *out)
{
    uint32_t at;
    if (field(c, t, id, 4, 4, &at) != 0) {
        return -1;
    }
    if (at) {
        uint32_t bits = fb_ld32(c->buf + at);
        memcpy(out, &bits, sizeof *out);
    } else {
        *out = def;
    }
    return 0;
}

/* Follow the uoffset of reference field `id`: *target = 0 when absent. The
 * target must lie strictly after the field (offsets only point forward, so
 * no chain of references can loop) and be 4-byte aligned. */
static int ref(fb_ctx_t *c, const fb_table_t *t, unsigned id, const char *what, uint32_t *target)
{
    uint32_t at;
    *target = 0;
    if (field(c, t, id, 4, 4, &at) != 0) {
        return -1;
    }
    if (at == 0) {
        return 0;
    }
    uint32_t rel = fb_ld32(c->buf + at);
    uint64_t pos = (uint64_t)at + rel;
    if (rel == 0 || pos % 4 != 0 || !in_bounds(c, pos, 4)) {
        return fb_fail(c, "malformed model: %s offset at 0x%x points out of bounds", what,
                       (unsigned)at);
    }
    *target = (uint32_t)pos;
    return 0;
}

static int vector_at(fb_ctx_t *c, uint32_t pos, uint32_t elem_size, const char *what, fb_vec_t *v)
{
    uint32_t count = fb_ld32(c->buf + pos);
    uint64_t first = (uint64_t)pos + 4;
    uint32_t align = elem_size > 8 ? 8 : elem_size;
    if (elem_size > 1 && first % align != 0) {
        return fb_fail(c, "malformed model: %s vector at 0x%x is misaligned", what, (unsigned)pos);
    }
    if ((uint64_t)count * elem_size > c->len || !in_bounds(c, first, (uint64_t)count * elem_size)) {
        return fb_fail(c, "malformed model: %s vector at 0x%x claims %u elements, past the end",
                       what, (unsigned)pos, (unsigned)count);
    }
    v->pos = (uint32_t)first;
    v->count = count;
    return 0;
}

int fb_vector(fb_ctx_t *c, const fb_table_t *t, unsigned id, uint32_t elem_size, const char *what,
              fb_vec_t *v, bool *present)
{
    uint32_t pos;
    v->pos = 0;
    v->count = 0;
    *present = false;
    if (ref(c, t, id, what, &pos) != 0) {
        return -1;
    }
    if (pos == 0) {
        return 0;
    }
    if (vector_at(c, pos, elem_size, what, v) != 0) {
        return -1;
    }
    *present = true;
    return 0;
}

int fb_subtable(fb_ctx_t *c, const fb_table_t *t, unsigned id, const char *what, fb_table_t *sub,
                bool *present)
{
    uint32_t pos;
    *present = false;
    if (ref(c, t, id, what, &pos) != 0) {
        return -1;
    }
    if (pos == 0) {
        return 0;
    }
    if (fb_table_at(c, pos, what, sub) != 0) {
        return -1;
    }
    *present = true;
    return 0;
}

int fb_string(fb_ctx_t *c, const fb_table_t *t, unsigned id, const char *what, uint32_t *spos,
              uint32_t *slen)
{
    uint32_t pos;
    fb_vec_t v = { 0, 0 };
    *spos = 0;
    *slen = 0;
    if (ref(c, t, id, what, &pos) != 0) {
        return -1;
    }
    if (pos == 0) {
        return 0;
    }
    if (vector_at(c, pos, 1, what, &v) != 0) {
        return -1;
    }
    /* The terminating NUL must be inside the buffer too. */
    if (!in_bounds(c, (uint64_t)v.pos + v.count, 1) || c->buf[v.pos + v.count] != 0) {
        return fb_fail(c, "malformed model: %s string at 0x%x is not NUL-terminated", what,
                       (unsigned)pos);
    }
    *spos = v.pos;
    *slen = v.count;
    return 0;
}

int fb_vec_table(fb_ctx_t *c, const fb_vec_t *v, uint32_t i, const char *what, fb_table_t *t)
{
    if (c->failed) {
        return -1;
    }
    if (i >= v->count) {
        return fb_fail(c, "internal: %s index %u past vector end", what, (unsigned)i);
    }
    uint32_t slot = v->pos + 4u * i;
    uint32_t rel = fb_ld32(c->buf + slot);
    uint64_t pos = (uint64_t)slot + rel;
    if (rel == 0 || pos > 0xffffffffu) {
        return fb_fail(c, "malformed model: %s #%u offset points out of bounds", what, (unsigned)i);
    }
    return fb_table_at(c, (uint32_t)pos, what, t);
}

int32_t fb_vec_i32(const fb_ctx_t *c, const fb_vec_t *v, uint32_t i)
{
    return (int32_t)fb_ld32(c->buf + v->pos + 4u * i);
}

float fb_vec_f32(const fb_ctx_t *c, const fb_vec_t *v, uint32_t i)
{
    uint32_t bits = fb_ld32(c->buf + v->pos + 4u * i);
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

int64_t fb_vec_i64(const fb_ctx_t *c, const fb_vec_t *v, uint32_t i)
{
    return (int64_t)fb_ld64(c->buf + v->pos + 8u * i);
}

/* SPDX-License-Identifier: Apache-2.0 */
#include "fb_writer.h"

#include <stdlib.h>
#include <string.h>

void tflw_fb_init(tflw_fb_t *fb)
{
    memset(fb, 0, sizeof *fb);
}

void tflw_fb_free(tflw_fb_t *fb)
{
    free(fb->buf);
    memset(fb, 0, sizeof *fb);
}

static int reserve(tflw_fb_t *fb, size_t extra)
{
    if (fb->failed) {
        return -1;
    }
    if (extra > SIZE_MAX / 2 - fb->len) {
        fb->failed = true;
        return -1;
    }
    if (fb->len + extra <= fb->cap) {
        return 0;
    }
    size_t cap = fb->cap ? fb->cap : 1024;
    while (cap < fb->len + extra) {
        cap *= 2;
    }
    uint8_t *nb = realloc(fb->buf, cap);
    if (!nb) {
        fb->failed = true;
        return -1;
    }
    fb->buf = nb;
    fb->cap = cap;
    return 0;
}

static void put_le(tflw_fb_t *fb, uint64_t v, unsigned size)
{
    if (reserve(fb, size) != 0) {
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        fb->buf[fb->len++] = (uint8_t)(v >> (8 * i));
    }
}

static void write_le_at(tflw_fb_t *fb, size_t pos, uint64_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++) {
        fb->buf[pos + i] = (uint8_t)(v >> (8 * i));
    }
}

/* Zero-pad until (len + extra) is a multiple of align (a power of two). */
static void pad_for(tflw_fb_t *fb, size_t align, size_t extra)
{
    while (!fb->failed && (fb->len + extra) % align != 0) {
        put_le(fb, 0, 1);
    }
}

size_t tflw_fb_header(tflw_fb_t *fb, const char ident[4])
{
    size_t slot = fb->len;
    put_le(fb, 0, 4);
    for (int i = 0; i < 4; i++) {
        put_le(fb, (uint8_t)ident[i], 1);
    }
    return slot;
}

size_t tflw_fb_table(tflw_fb_t *fb, const tflw_fb_field_t *fields, unsigned nfields,
                     size_t slots[TFLW_FB_MAX_FIELDS])
{
    if (nfields > TFLW_FB_MAX_FIELDS) {
        fb->failed = true;
        return 0;
    }
    /* Inline layout: the soffset, then the fields by decreasing size so each
     * is naturally aligned once the table start is aligned to the largest. */
    uint16_t off[TFLW_FB_MAX_FIELDS] = { 0 };
    size_t inline_len = 4, talign = 4;
    unsigned used = 0;
    for (unsigned size = 8; size >= 1; size /= 2) {
        for (unsigned id = 0; id < nfields; id++) {
            if (fields[id].size != size) {
                continue;
            }
            inline_len = (inline_len + size - 1) / size * size;
            off[id] = (uint16_t)inline_len;
            inline_len += size;
            if (size > talign) {
                talign = size;
            }
            if (id + 1 > used) {
                used = id + 1;
            }
        }
    }
    size_t vt_bytes = 4 + 2 * (size_t)used;
    /* The vtable sits right before the table; the table start must be
     * aligned to talign (which also leaves the vtable 2-aligned). */
    pad_for(fb, talign, vt_bytes);
    size_t vt = fb->len;
    put_le(fb, vt_bytes, 2);
    put_le(fb, inline_len, 2);
    for (unsigned id = 0; id < used; id++) {
        put_le(fb, off[id], 2);
    }
    size_t t = fb->len;
    if (reserve(fb, inline_len) != 0) {
        return 0;
    }
    memset(fb->buf + t, 0, inline_len);
    fb->len += inline_len;
    write_le_at(fb, t, (uint64_t)(uint32_t)(int32_t)(t - vt), 4); /* vtable = t - soffset */
    for (unsigned id = 0; id < nfields; id++) {
        if (slots) {
            slots[id] = fields[id].size ? t + off[id] : 0;
        }
        if (fields[id].size && !fields[id].is_ref) {
            write_le_at(fb, t + off[id], fields[id].value, fields[id].size);
        }
    }
    return t;
}

size_t tflw_fb_vec_bytes(tflw_fb_t *fb, const uint8_t *data, size_t n, size_t align)
{
    if (align < 4) {
        align = 4;
    }
    pad_for(fb, align, 4);
    size_t pos = fb->len;
    put_le(fb, n, 4);
    if (reserve(fb, n) != 0) {
        return 0;
    }
    if (n && data) {
        memcpy(fb->buf + fb->len, data, n);
    } else if (n) {
        memset(fb->buf + fb->len, 0, n);
    }
    fb->len += n;
    return pos;
}

size_t tflw_fb_vec_i32(tflw_fb_t *fb, const int32_t *v, size_t n)
{
    pad_for(fb, 4, 0);
    size_t pos = fb->len;
    put_le(fb, n, 4);
    for (size_t i = 0; i < n; i++) {
        put_le(fb, (uint32_t)v[i], 4);
    }
    return pos;
}

size_t tflw_fb_vec_i64(tflw_fb_t *fb, const int64_t *v, size_t n)
{
    pad_for(fb, 8, 4);
    size_t pos = fb->len;
    put_le(fb, n, 4);
    for (size_t i = 0; i < n; i++) {
        put_le(fb, (uint64_t)v[i], 8);
    }
    return pos;
}

size_t tflw_fb_vec_f32(tflw_fb_t *fb, const float *v, size_t n)
{
    pad_for(fb, 4, 0);
    size_t pos = fb->len;
    put_le(fb, n, 4);
    for (size_t i = 0; i < n; i++) {
        uint32_t bits;
        memcpy(&bits, &v[i], sizeof bits);
        put_le(fb, bits, 4);
    }
    return pos;
}

size_t tflw_fb_vec_refs(tflw_fb_t *fb, size_t n)
{
    pad_for(fb, 4, 0);
    size_t pos = fb->len;
    put_le(fb, n, 4);
    for (size_t i = 0; i < n; i++) {
        put_le(fb, 0, 4);
    }
    return pos;
}

size_t tflw_fb_string(tflw_fb_t *fb, const char *s)
{
    size_t n = strlen(s);
    pad_for(fb, 4, 0);
    size_t pos = fb->len;
    put_le(fb, n, 4);
    if (reserve(fb, n + 1) != 0) {
        return 0;
    }
    memcpy(fb->buf + fb->len, s, n + 1);
    fb->len += n + 1;
    return pos;
}

void tflw_fb_align_end(tflw_fb_t *fb, size_t align)
{
    pad_for(fb, align, 0);
}

void tflw_fb_patch(tflw_fb_t *fb, size_t slot, size_t target)
{
    if (fb->failed) {
        return;
    }
    if (target <= slot || target - slot > UINT32_MAX || slot + 4 > fb->len) {
        fb->failed = true;
        return;
    }
    write_le_at(fb, slot, target - slot, 4);
}

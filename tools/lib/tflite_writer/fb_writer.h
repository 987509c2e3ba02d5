/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A minimal flatbuffer *writer* that lays the buffer out front to back:
 * a parent table is written first with placeholder reference slots, its
 * children later, and each slot is patched once its target exists. Since
 * children always come after their parents, every reference points forward,
 * as the flatbuffer format requires (uoffset_t is unsigned). Vtables are
 * written immediately before their table and are not shared.
 *
 * The byte layer of the one TFLite writer (tflite_writer.h builds models on
 * it). Host-only (tools and tests): the buffer grows with realloc. Errors
 * (out of memory, a backward reference) are sticky in `failed`.
 */
#ifndef CAI_TFLW_FB_WRITER_H
#define CAI_TFLW_FB_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct tflw_fb {
    uint8_t *buf;
    size_t len, cap;
    bool failed;
} tflw_fb_t;

/* A table field, indexed by its schema field id. size 0 = absent. A
 * reference field (is_ref) has size 4 and is patched later through the slot
 * position tflw_fb_table() returns. */
typedef struct tflw_fb_field {
    uint8_t size; /* 0 (absent), 1, 2, 4 or 8 bytes */
    bool is_ref;
    uint64_t value; /* scalar bits, little-endian truncated to size */
} tflw_fb_field_t;

#define TFLW_FB_MAX_FIELDS 16u

void tflw_fb_init(tflw_fb_t *fb);
void tflw_fb_free(tflw_fb_t *fb);

/* Header: root offset slot (returned, patch it with the root table) and the
 * 4-byte file identifier. Must be the first thing written. */
size_t tflw_fb_header(tflw_fb_t *fb, const char ident[4]);

/* Write a table (its vtable first). slots[id] receives the absolute position
 * of field id (for reference fields: the slot to patch). Returns the table
 * position. */
size_t tflw_fb_table(tflw_fb_t *fb, const tflw_fb_field_t *fields, unsigned nfields,
                     size_t slots[TFLW_FB_MAX_FIELDS]);

/* Vectors of scalars: element count then elements, elements aligned to
 * `align` (>= element size, a power of two). Return the vector position.
 * vec_bytes with data NULL writes n zero bytes. */
size_t tflw_fb_vec_bytes(tflw_fb_t *fb, const uint8_t *data, size_t n, size_t align);
size_t tflw_fb_vec_i32(tflw_fb_t *fb, const int32_t *v, size_t n);
size_t tflw_fb_vec_i64(tflw_fb_t *fb, const int64_t *v, size_t n);
size_t tflw_fb_vec_f32(tflw_fb_t *fb, const float *v, size_t n);

/* Vector of references (tables or strings): element count then n slots;
 * slot i is at return value + 4 + 4*i and must be patched. */
size_t tflw_fb_vec_refs(tflw_fb_t *fb, size_t n);

/* String: length, bytes, NUL. */
size_t tflw_fb_string(tflw_fb_t *fb, const char *s);

/* Zero-pad the end of the buffer to a multiple of align (a power of two). */
void tflw_fb_align_end(tflw_fb_t *fb, size_t align);

/* Make the reference in `slot` point to `target` (must lie after it). */
void tflw_fb_patch(tflw_fb_t *fb, size_t slot, size_t target);

#endif /* CAI_TFLW_FB_WRITER_H */

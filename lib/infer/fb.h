/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A checked flatbuffer reader: every access to a table, field, vector or
 * string is bounds- and alignment-checked against the buffer before it is
 * read, with overflow-safe arithmetic (all positions are computed in 64 bits
 * and compared with the buffer length). Nothing here trusts a value read from
 * the buffer. Positions are byte offsets from the start of the buffer.
 *
 * Errors are sticky: the first failure records a message in the context and
 * every later call returns failure, so callers can check once per step.
 */
#ifndef CAI_INFER_FB_H
#define CAI_INFER_FB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cai/infer.h"

typedef struct fb_ctx {
    const uint8_t *buf;
    size_t len;
    char *err;
    size_t errcap;
    bool failed;
    cai_infer_err_t status; /* of the first failure */
} fb_ctx_t;

typedef struct fb_table {
    uint32_t pos;      /* table start (its soffset) */
    uint32_t vt;       /* vtable start */
    uint16_t vt_bytes; /* vtable size in bytes */
    uint16_t size;     /* inline size of the table in bytes */
} fb_table_t;

typedef struct fb_vec {
    uint32_t pos;   /* position of the first element */
    uint32_t count; /* number of elements */
} fb_vec_t;

/* Root table of the buffer, after checking the header. */
int fb_root(fb_ctx_t *c, fb_table_t *root);

/* Verify the table at `pos`; `what` names it in error messages. */
int fb_table_at(fb_ctx_t *c, uint32_t pos, const char *what, fb_table_t *t);

/* Scalar fields: `size` bytes, checked to lie inside the table's inline
 * bytes and aligned to their size. Absent fields give `def`. */
int fb_u8(fb_ctx_t *c, const fb_table_t *t, unsigned id, uint8_t def, uint8_t *out);
int fb_i32(fb_ctx_t *c, const fb_table_t *t, unsigned id, int32_t def, int32_t *out);
int fb_u32(fb_ctx_t *c, const fb_table_t *t, unsigned id, uint32_t def, uint32_t *out);
int fb_u64(fb_ctx_t *c, const fb_table_t *t, unsigned id, uint64_t def, uint64_t *out);
int fb_f32(fb_ctx_t *c, const fb_table_t *t, unsigned id, float def, float *out);

/* Reference fields. Absent: *present = false and success. A present vector has
 * count*elem_size bytes inside the buffer and elements aligned to
 * min(elem_size, 8). */
int fb_vector(fb_ctx_t *c, const fb_table_t *t, unsigned id, uint32_t elem_size, const char *what,
              fb_vec_t *v, bool *present);
int fb_subtable(fb_ctx_t *c, const fb_table_t *t, unsigned id, const char *what, fb_table_t *sub,
                bool *present);
/* A string: length, bytes and the terminating NUL all inside the buffer.
 * *pos is the position of the first character (0 when absent). */
int fb_string(fb_ctx_t *c, const fb_table_t *t, unsigned id, const char *what, uint32_t *pos,
              uint32_t *len);

/* Element i of a vector of tables. */
int fb_vec_table(fb_ctx_t *c, const fb_vec_t *v, uint32_t i, const char *what, fb_table_t *t);

/* Little-endian loads at a position already checked by the functions above. */
uint16_t fb_ld16(const uint8_t *p);
uint32_t fb_ld32(const uint8_t *p);
uint64_t fb_ld64(const uint8_t *p);
int32_t fb_vec_i32(const fb_ctx_t *c, const fb_vec_t *v, uint32_t i);
float fb_vec_f32(const fb_ctx_t *c, const fb_vec_t *v, uint32_t i);
int64_t fb_vec_i64(const fb_ctx_t *c, const fb_vec_t *v, uint32_t i);

/* Record a formatted failure (errfmt.h conversions) unless one
 * is already recorded. Always returns -1. */
int fb_fail(fb_ctx_t *c, const char *fmt, ...);
/* The same with an explicit CAI_INFER_ERR_* status (fb_fail: CAI_INFER_ERR_MALFORMED). */
int fb_failc(fb_ctx_t *c, cai_infer_err_t status, const char *fmt, ...);

#endif /* CAI_INFER_FB_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The request's input values into the model's input tensor. Everything here
 * comes from the NS side: the count must match the tensor exactly, each real
 * value must be finite and representable by the tensor (an int8 value must
 * quantize into -128..127: out-of-range values are refused, never clamped,
 * so a result always says what was really run).
 */
#include <math.h>
#include <string.h>

#include "infer_partition.h"

/* Values are read in chunks through this buffer (the caller's vector is
 * never mapped into the partition). */
#define CHUNK_VALUES 64u

/* zp + round half away from zero (x / scale) into int8, as TFLite's
 * quantization does; false when outside int8. */
static bool quantize_int8(float x, float scale, int32_t zp, int8_t *q)
{
    float r = roundf(x / scale);
    if (!(r >= -512.0f && r <= 512.0f)) { /* also NaN from a zero scale */
        return false;
    }
    int32_t v = (int32_t)r + zp;
    if (v < -128 || v > 127) {
        return false;
    }
    *q = (int8_t)v;
    return true;
}

static float le_float(const uint8_t *b)
{
    uint32_t u = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    float f;
    memcpy(&f, &u, sizeof(f));
    return f;
}

static psa_status_t read_reals(const psa_msg_t *msg, const cai_tensor_info_t *t)
{
    uint8_t chunk[CHUNK_VALUES * 4u];
    size_t done = 0;
    while (done < t->elements) {
        size_t n = t->elements - done;
        if (n > CHUNK_VALUES) {
            n = CHUNK_VALUES;
        }
        if (psa_read(msg->handle, 1, chunk, n * 4u) != n * 4u) {
            return PSA_ERROR_INVALID_ARGUMENT;
        }
        for (size_t i = 0; i < n; i++) {
            float x = le_float(chunk + 4u * i);
            if (!isfinite(x)) {
                return PSA_ERROR_INVALID_ARGUMENT;
            }
            if (t->type == CAI_DTYPE_FLOAT32) {
                memcpy((uint8_t *)t->buffer + 4u * (done + i), &x, sizeof(x));
            } else if (!quantize_int8(x, t->scale, t->zero_point, (int8_t *)t->buffer + done + i)) {
                return PSA_ERROR_INVALID_ARGUMENT;
            }
        }
        done += n;
    }
    return PSA_SUCCESS;
}

/* The tensor's own bytes; float32 ones must still be finite. */
static psa_status_t read_raw(const psa_msg_t *msg, const cai_tensor_info_t *t)
{
    if (psa_read(msg->handle, 1, t->buffer, t->bytes) != t->bytes) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (t->type == CAI_DTYPE_FLOAT32) {
        for (size_t i = 0; i < t->elements; i++) {
            if (!isfinite(le_float((const uint8_t *)t->buffer + 4u * i))) {
                return PSA_ERROR_INVALID_ARGUMENT;
            }
        }
    }
    return PSA_SUCCESS;
}

psa_status_t infer_input_read(const psa_msg_t *msg, uint8_t input_type, const cai_tensor_info_t *t,
                              uint8_t *copy, size_t copy_len)
{
    size_t want;
    if (input_type == CAI_INFER_INPUT_FLOAT32) {
        want = t->elements * 4u;
    } else if (input_type == CAI_INFER_INPUT_RAW) {
        want = t->bytes;
    } else {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (msg->in_size[1] != want || t->buffer == NULL || copy_len < t->bytes) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_status_t st = input_type == CAI_INFER_INPUT_RAW ? read_raw(msg, t) : read_reals(msg, t);
    if (st == PSA_SUCCESS) {
        memcpy(copy, t->buffer, t->bytes);
    }
    return st;
}

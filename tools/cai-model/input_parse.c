/* SPDX-License-Identifier: Apache-2.0 */
/* See input_parse.h. */
#include "input_parse.h"
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int8_t quantize_tflm(float x, float scale, int32_t zero_point)
{
    float q = roundf(x / scale); /* round half away from zero, as TfLiteRound */
    /* clamp before converting: out-of-range float->int is undefined in C */
    if (!(q >= -1e6f))
        q = -1e6f; /* also catches NaN */
    if (q > 1e6f)
        q = 1e6f;
    long v = (long)q + zero_point;
    return (int8_t)(v < -128 ? -128 : v > 127 ? 127 : v);
}

static int fill_from_file(const cai_tensor_info_t *t, FILE *f, const char *path)
{
    size_t n = fread(t->buffer, 1, t->bytes, f);
    int extra = fgetc(f) != EOF;
    if (f != stdin)
        fclose(f);
    if (n != t->bytes || extra) {
        model_err("cai-model: %s must hold exactly %zu bytes (the input tensor)\n", path, t->bytes);
        return -1;
    }
    return 0;
}

/* The real values an int8 tensor can hold: scale * (q - zero_point) for q
 * in -128..127. */
static void int8_range(const cai_tensor_info_t *t, double *lo, double *hi)
{
    *lo = (double)t->scale * (double)(-128 - t->zero_point);
    *hi = (double)t->scale * (double)(127 - t->zero_point);
}

/* One value for an int8 tensor: refused (or clamped) when its quantized
 * form is outside -128..127. */
static int int8_value(const cai_tensor_info_t *t, double v, size_t i, int clamp, int8_t *out)
{
    double lo, hi;
    int8_range(t, &lo, &hi);
    /* as quantize_tflm (float32 division) when v fits a float at all */
    double qz = fabs(v) < 1e30 ? (double)roundf((float)v / t->scale) + t->zero_point
                               : (v < 0 ? -1e300 : 1e300);
    if (qz >= -128.0 && qz <= 127.0) {
        *out = quantize_tflm((float)v, t->scale, t->zero_point);
        return 0;
    }
    if (!clamp) {
        model_err("cai-model: --input: value %zu (%.9g) is outside what the int8 input "
                  "tensor holds, %.9g..%.9g (scale %.9g, zero_point %d); --clamp clamps it",
                  i, v, lo, hi, (double)t->scale, (int)t->zero_point);
        return -1;
    }
    *out = (int8_t)(qz < -128.0 ? -128 : 127);
    model_warn("--input: value %zu (%.9g) clamped to %.9g (the int8 input tensor holds "
               "%.9g..%.9g)",
               i, v, qz < -128.0 ? lo : hi, lo, hi);
    return 0;
}

int fill_input(const cai_tensor_info_t *t, const char *arg, int clamp)
{
    if (strcmp(arg, "-") == 0)
        return fill_from_file(t, stdin, "stdin");
    FILE *f = fopen(arg, "rb");
    if (f != NULL)
        return fill_from_file(t, f, arg);
    size_t i = 0;
    const char *p = arg;
    while (*p != '\0') {
        char *end;
        errno = 0;
        double v = strtod(p, &end);
        if (end == p || errno == ERANGE || (*end != ',' && *end != '\0')) {
            model_err("cai-model: --input: '%s' is neither a file nor a list of numbers\n", arg);
            return -1;
        }
        if (i >= t->elements) {
            model_err("cai-model: --input: more than %zu values\n", t->elements);
            return -1;
        }
        if (!isfinite(v)) {
            model_err("cai-model: --input: value %zu is %g: only finite numbers are inputs", i, v);
            return -1;
        }
        uint8_t *dst = (uint8_t *)t->buffer;
        if (t->type == CAI_DTYPE_INT8) {
            int8_t q;
            if (int8_value(t, v, i, clamp, &q) != 0)
                return -1;
            dst[i] = (uint8_t)q;
        } else if (t->type == CAI_DTYPE_FLOAT32) {
            float fv = (float)v;
            memcpy(dst + 4 * i, &fv, 4);
        } else {
            if (v != floor(v) || v < -2147483648.0 || v > 2147483647.0) {
                model_err("cai-model: --input: %g is not an int32\n", v);
                return -1;
            }
            int32_t iv = (int32_t)v;
            memcpy(dst + 4 * i, &iv, 4);
        }
        i++;
        p = *end == ',' ? end + 1 : end;
    }
    if (i != t->elements) {
        model_err("cai-model: --input: %zu values for %zu elements\n", i, t->elements);
        return -1;
    }
    return 0;
}

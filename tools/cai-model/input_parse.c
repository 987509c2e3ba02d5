/* SPDX-License-Identifier: Apache-2.0 */
/* See input_parse.h. */
#include "input_parse.h"

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
    fclose(f);
    if (n != t->bytes || extra) {
        fprintf(stderr, "cai-model: %s must hold exactly %zu bytes (the input tensor)\n", path,
                t->bytes);
        return -1;
    }
    return 0;
}

int fill_input(const cai_tensor_info_t *t, const char *arg)
{
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
            fprintf(stderr, "cai-model: --input: '%s' is neither a file nor a list of numbers\n",
                    arg);
            return -1;
        }
        if (i >= t->elements) {
            fprintf(stderr, "cai-model: --input: more than %zu values\n", t->elements);
            return -1;
        }
        uint8_t *dst = (uint8_t *)t->buffer;
        if (t->type == CAI_DTYPE_INT8) {
            dst[i] = (uint8_t)quantize_tflm((float)v, t->scale, t->zero_point);
        } else if (t->type == CAI_DTYPE_FLOAT32) {
            float fv = (float)v;
            memcpy(dst + 4 * i, &fv, 4);
        } else {
            if (v != floor(v) || v < -2147483648.0 || v > 2147483647.0) {
                fprintf(stderr, "cai-model: --input: %g is not an int32\n", v);
                return -1;
            }
            int32_t iv = (int32_t)v;
            memcpy(dst + 4 * i, &iv, 4);
        }
        i++;
        p = *end == ',' ? end + 1 : end;
    }
    if (i != t->elements) {
        fprintf(stderr, "cai-model: --input: %zu values for %zu elements\n", i, t->elements);
        return -1;
    }
    return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
#include "ts_eval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/infer.h"

#define TS_TWO_PI 6.28318530717958647692

double ts_eval_grid_x(unsigned i)
{
    return (double)(float)(TS_TWO_PI * (double)i / (double)(TS_EVAL_POINTS - 1));
}

double ts_eval_float(const ts_mlp_t *m, double *at)
{
    double worst = 0.0;
    *at = 0.0;
    for (unsigned i = 0; i < TS_EVAL_POINTS; i++) {
        double x = ts_eval_grid_x(i);
        double e = fabs(ts_mlp_forward(m, x, NULL, NULL) - sin(x));
        if (e > worst) {
            worst = e;
            *at = x;
        }
    }
    return worst;
}

/* TFLM's QUANTIZE rounding: float32 division, round half away from zero. */
static int8_t quantize_input(float x, float scale, int32_t zp)
{
    float q = roundf(x / scale) + (float)zp;
    if (q < -128.0f)
        q = -128.0f;
    if (q > 127.0f)
        q = 127.0f;
    return (int8_t)q;
}

int ts_eval_engine(const uint8_t *model, size_t len, double *max_err, double *at, int8_t *table,
                   char *err, size_t errcap)
{
    /* The engine wants the model 16-byte aligned and uses it in place. */
    static cai_model_t m;
    size_t padded = (len + 15) / 16 * 16;
    uint8_t *copy = aligned_alloc(16, padded ? padded : 16);
    if (!copy) {
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    memcpy(copy, model, len);
    int rc = -1;
    uint8_t *arena = NULL, *state = NULL;
    char e[200] = "";
    cai_model_mem_t mem;
    if (cai_model_plan(copy, len, &mem, e, sizeof e) != CAI_INFER_OK ||
        (state = aligned_alloc(CAI_INFER_STATE_ALIGN, (mem.state_bytes + 7) / 8 * 8)) == NULL ||
        cai_model_load(copy, len, &m, state, mem.state_bytes, e, sizeof e) != CAI_INFER_OK) {
        snprintf(err, errcap, "engine refused the model: %s", e);
        goto out;
    }
    size_t need = cai_model_arena_size(&m);
    size_t alen = (need + 15) / 16 * 16;
    arena = aligned_alloc(CAI_INFER_ARENA_ALIGN, alen ? alen : 16);
    if (!arena || cai_model_prepare(&m, arena, alen, e, sizeof e) != CAI_INFER_OK) {
        snprintf(err, errcap, "engine prepare failed: %s", arena ? e : "out of memory");
        goto out;
    }
    cai_tensor_info_t in, outp;
    if (cai_model_input(&m, 0, &in) != CAI_INFER_OK ||
        cai_model_output(&m, 0, &outp) != CAI_INFER_OK || in.type != CAI_DTYPE_INT8 ||
        outp.type != CAI_DTYPE_INT8 || in.elements != 1 || outp.elements != 1 || !in.buffer ||
        !outp.data) {
        snprintf(err, errcap, "model does not have one int8 input and one int8 output");
        goto out;
    }
    double worst = 0.0;
    *at = 0.0;
    for (unsigned i = 0; i < TS_EVAL_POINTS; i++) {
        float x = (float)ts_eval_grid_x(i);
        *(int8_t *)in.buffer = quantize_input(x, in.scale, in.zero_point);
        if (cai_model_invoke(&m) != CAI_INFER_OK) {
            snprintf(err, errcap, "engine invoke failed at x = %.9g", (double)x);
            goto out;
        }
        int8_t q = *(const int8_t *)outp.data;
        /* DEQUANTIZE's formula: the product in double. */
        double y = (double)outp.scale * (double)(q - outp.zero_point);
        double d = fabs(y - sin((double)x));
        if (d > worst) {
            worst = d;
            *at = x;
        }
    }
    for (int qi = -128; table && qi <= 127; qi++) {
        *(int8_t *)in.buffer = (int8_t)qi;
        if (cai_model_invoke(&m) != CAI_INFER_OK) {
            snprintf(err, errcap, "engine invoke failed for input %d", qi);
            goto out;
        }
        table[qi + 128] = *(const int8_t *)outp.data;
    }
    *max_err = worst;
    rc = 0;
out:
    free(arena);
    free(state);
    free(copy);
    return rc;
}

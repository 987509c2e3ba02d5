/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AVERAGE_POOL_2D and MAX_POOL_2D, int8 and float32 (docs/kernels.md 1.7).
 *
 * int8 average: raw int8 values are summed (no zero point: TFLM requires
 * in/out quantization to match), padding cells are excluded from the count
 * and the mean is rounded half away from zero with C's truncating division.
 */
#include "kernels.h"
#include "kernels_internal.h"

#include <float.h>
#include <math.h>

cai_k_err_t cai_k_pool_prepare(cai_k_pool_params_t *p, int padding, int activation, float in_scale,
                               int32_t in_zp, float out_scale, int32_t out_zp)
{
    if (p->batches <= 0 || p->channels <= 0 || p->batches > 65536 || p->channels > 65536) {
        return CAI_K_ERR_INVALID;
    }
    if (fabsf(in_scale - out_scale) > 1.0e-6f || in_zp != out_zp) {
        return CAI_K_ERR_UNSUPPORTED;
    }
    cai_k_err_t rc =
        cai_k_conv_out_size(padding, p->in_h, p->filter_h, p->stride_h, 1, &p->out_h, &p->pad_h);
    if (rc == CAI_K_OK) {
        rc = cai_k_conv_out_size(padding, p->in_w, p->filter_w, p->stride_w, 1, &p->out_w,
                                 &p->pad_w);
    }
    if (rc != CAI_K_OK) {
        return rc;
    }
    if ((int64_t)p->filter_h * p->filter_w > 65536) { /* int32 window sums stay exact */
        return CAI_K_ERR_RANGE;
    }
    if (!k_elems_ok(p->batches, p->in_h, p->in_w, p->channels) ||
        !k_elems_ok(p->batches, p->out_h, p->out_w, p->channels)) {
        return CAI_K_ERR_INVALID;
    }
    rc = cai_k_act_range_f32(activation, &p->fact_min, &p->fact_max);
    if (rc != CAI_K_OK) {
        return rc;
    }
    return cai_k_act_range_s8(activation, out_scale, out_zp, &p->act_min, &p->act_max);
}

/* The in-image part of the window of output (oy, ox): [y0, y1) x [x0, x1)
 * as absolute input coordinates. Never empty for geometry from prepare. */
typedef struct {
    int32_t y0, y1, x0, x1;
} window_t;

static window_t pool_window(const cai_k_pool_params_t *p, int32_t oy, int32_t ox)
{
    const int32_t iy0 = oy * p->stride_h - p->pad_h;
    const int32_t ix0 = ox * p->stride_w - p->pad_w;
    window_t w;
    w.y0 = iy0 < 0 ? 0 : iy0;
    w.x0 = ix0 < 0 ? 0 : ix0;
    w.y1 = iy0 + p->filter_h < p->in_h ? iy0 + p->filter_h : p->in_h;
    w.x1 = ix0 + p->filter_w < p->in_w ? ix0 + p->filter_w : p->in_w;
    return w;
}

void cai_k_avgpool_s8(const cai_k_pool_params_t *p, const int8_t *in, int8_t *out)
{
    const int32_t ch = p->channels;
    for (int32_t n = 0; n < p->batches; ++n) {
        const int8_t *img = in + (size_t)n * p->in_h * p->in_w * ch;
        for (int32_t oy = 0; oy < p->out_h; ++oy) {
            for (int32_t ox = 0; ox < p->out_w; ++ox) {
                const window_t w = pool_window(p, oy, ox);
                const int32_t count = (w.y1 - w.y0) * (w.x1 - w.x0);
                int8_t *y = out + (((size_t)n * p->out_h + oy) * p->out_w + ox) * ch;
                for (int32_t c = 0; c < ch; ++c) {
                    int32_t acc = 0;
                    for (int32_t iy = w.y0; iy < w.y1; ++iy) {
                        for (int32_t ix = w.x0; ix < w.x1; ++ix) {
                            acc += img[((size_t)iy * p->in_w + ix) * ch + c];
                        }
                    }
                    if (count > 0) {
                        acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
                    }
                    y[c] = (int8_t)k_clamp(acc, p->act_min, p->act_max);
                }
            }
        }
    }
}

void cai_k_maxpool_s8(const cai_k_pool_params_t *p, const int8_t *in, int8_t *out)
{
    const int32_t ch = p->channels;
    for (int32_t n = 0; n < p->batches; ++n) {
        const int8_t *img = in + (size_t)n * p->in_h * p->in_w * ch;
        for (int32_t oy = 0; oy < p->out_h; ++oy) {
            for (int32_t ox = 0; ox < p->out_w; ++ox) {
                const window_t w = pool_window(p, oy, ox);
                int8_t *y = out + (((size_t)n * p->out_h + oy) * p->out_w + ox) * ch;
                for (int32_t c = 0; c < ch; ++c) {
                    int32_t m = INT8_MIN;
                    for (int32_t iy = w.y0; iy < w.y1; ++iy) {
                        for (int32_t ix = w.x0; ix < w.x1; ++ix) {
                            const int32_t v = img[((size_t)iy * p->in_w + ix) * ch + c];
                            m = v > m ? v : m;
                        }
                    }
                    y[c] = (int8_t)k_clamp(m, p->act_min, p->act_max);
                }
            }
        }
    }
}

static float clampf(float v, float lo, float hi)
{
    v = v < lo ? lo : v;
    return v > hi ? hi : v;
}

/* Float: sum in window order (y then x), then divide by the count. */
void cai_k_avgpool_f32(const cai_k_pool_params_t *p, const float *in, float *out)
{
    const int32_t ch = p->channels;
    for (int32_t n = 0; n < p->batches; ++n) {
        const float *img = in + (size_t)n * p->in_h * p->in_w * ch;
        for (int32_t oy = 0; oy < p->out_h; ++oy) {
            for (int32_t ox = 0; ox < p->out_w; ++ox) {
                const window_t w = pool_window(p, oy, ox);
                const int32_t count = (w.y1 - w.y0) * (w.x1 - w.x0);
                float *y = out + (((size_t)n * p->out_h + oy) * p->out_w + ox) * ch;
                for (int32_t c = 0; c < ch; ++c) {
                    float total = 0.0f;
                    for (int32_t iy = w.y0; iy < w.y1; ++iy) {
                        for (int32_t ix = w.x0; ix < w.x1; ++ix) {
                            total += img[((size_t)iy * p->in_w + ix) * ch + c];
                        }
                    }
                    const float avg = count > 0 ? total / (float)count : 0.0f;
                    y[c] = clampf(avg, p->fact_min, p->fact_max);
                }
            }
        }
    }
}

void cai_k_maxpool_f32(const cai_k_pool_params_t *p, const float *in, float *out)
{
    const int32_t ch = p->channels;
    for (int32_t n = 0; n < p->batches; ++n) {
        const float *img = in + (size_t)n * p->in_h * p->in_w * ch;
        for (int32_t oy = 0; oy < p->out_h; ++oy) {
            for (int32_t ox = 0; ox < p->out_w; ++ox) {
                const window_t w = pool_window(p, oy, ox);
                float *y = out + (((size_t)n * p->out_h + oy) * p->out_w + ox) * ch;
                for (int32_t c = 0; c < ch; ++c) {
                    float m = -FLT_MAX;
                    for (int32_t iy = w.y0; iy < w.y1; ++iy) {
                        for (int32_t ix = w.x0; ix < w.x1; ++ix) {
                            const float v = img[((size_t)iy * p->in_w + ix) * ch + c];
                            m = v > m ? v : m;
                        }
                    }
                    y[c] = clampf(m, p->fact_min, p->fact_max);
                }
            }
        }
    }
}

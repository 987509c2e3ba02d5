/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CONV_2D, int8 input/output, int8 weights (OHWI), int32 bias, per-channel
 * or per-tensor requantization (TFLM reference semantics, docs/kernels.md 1.5).
 *
 * For each output pixel the receptive field is gathered once into scratch as
 * int16 (x - in_zp), an "im2col" row of filter_h * filter_w * in_c values in
 * the same (ky, kx, ic) order as a filter row. Out-of-image taps become 0,
 * which is exactly TFLM's "skip the tap". Each output channel is then a
 * single contiguous dot product with its filter row (see dot.h), computed
 * for 4 pixels at once so that each weight is loaded and widened once per
 * 4 pixels. A 1x1 pointwise convolution thus costs one widening per pixel
 * plus one dot product per output.
 *
 * Rows shorter than one 16-weight vector (K < 16, e.g. a pointwise layer
 * with 8 input channels) with at least 16 output channels use the outer-
 * product form instead: the filter is transposed once per run to
 * [K][out_c] in scratch and each pixel accumulates K broadcast inputs times
 * a contiguous row of out_c weights, vectorised over the output channels.
 */
#include "dot.h"
#include "kernels.h"
#include "kernels_internal.h"

#include <string.h>

cai_k_err_t cai_k_conv_common_prepare(cai_k_conv_s8_params_t *p, int padding, float in_scale,
                                      const float *w_scales, int32_t n_w_scales, float out_scale,
                                      int activation, int32_t *mult, int32_t *shift)
{
    if (p->batches <= 0 || p->in_c <= 0 || p->out_c <= 0 || p->in_zp < INT8_MIN ||
        p->in_zp > INT8_MAX || (mult == NULL) != (shift == NULL) || p->in_c > 65536 ||
        p->out_c > 65536 || p->batches > 65536) {
        return CAI_K_ERR_INVALID;
    }
    cai_k_err_t rc = cai_k_conv_out_size(padding, p->in_h, p->filter_h, p->stride_h, p->dilation_h,
                                         &p->out_h, &p->pad_h);
    if (rc == CAI_K_OK) {
        rc = cai_k_conv_out_size(padding, p->in_w, p->filter_w, p->stride_w, p->dilation_w,
                                 &p->out_w, &p->pad_w);
    }
    if (rc != CAI_K_OK) {
        return rc;
    }
    if (!k_elems_ok(p->batches, p->in_h, p->in_w, p->in_c) ||
        !k_elems_ok(p->batches, p->out_h, p->out_w, p->out_c) ||
        !k_elems_ok(p->out_c, p->filter_h, p->filter_w, p->in_c)) {
        return CAI_K_ERR_INVALID;
    }
    rc = cai_k_act_range_s8(activation, out_scale, p->out_zp, &p->act_min, &p->act_max);
    if (rc != CAI_K_OK) {
        return rc;
    }
    rc =
        cai_k_channel_multipliers(in_scale, w_scales, n_w_scales, out_scale, p->out_c, mult, shift);
    if (rc != CAI_K_OK) {
        return rc;
    }
    p->out_mult = mult;
    p->out_shift = shift;
    return CAI_K_OK;
}

cai_k_err_t cai_k_conv_s8_prepare(cai_k_conv_s8_params_t *p, int padding, float in_scale,
                                  const float *w_scales, int32_t n_w_scales, float out_scale,
                                  int activation, int32_t *mult, int32_t *shift)
{
    p->depth_multiplier = 1;
    const cai_k_err_t rc = cai_k_conv_common_prepare(p, padding, in_scale, w_scales, n_w_scales,
                                                     out_scale, activation, mult, shift);
    if (rc != CAI_K_OK) {
        return rc;
    }
    if ((int64_t)p->filter_h * p->filter_w * p->in_c > CAI_K_MAX_ACC_DEPTH) {
        return CAI_K_ERR_RANGE;
    }
    return CAI_K_OK;
}

#define OUTER_MAX_K 16

static bool outer_form(const cai_k_conv_s8_params_t *p)
{
    return (int64_t)p->filter_h * p->filter_w * p->in_c < OUTER_MAX_K && p->out_c >= 16;
}

/* Scratch layout of the core: the per-channel requantization table, then
 * 4 gathered rows of K int16; the outer-product form adds the transposed
 * filter [K][out_c] and an int32 accumulator row of out_c. */
size_t k_conv_core_scratch_size(const cai_k_conv_s8_params_t *p)
{
    const size_t k = (size_t)p->filter_h * (size_t)p->filter_w * (size_t)p->in_c;
    size_t size = k_align16((size_t)p->out_c * sizeof(k_rq_t)) + k_align16(4 * k * sizeof(int16_t));
    if (outer_form(p)) {
        size += k_align16(k * (size_t)p->out_c) + k_align16((size_t)p->out_c * sizeof(int32_t));
    }
    return size;
}

/* acc[oc] += xk * w[oc] over a contiguous row of output channels. */
static void mac_row(int32_t *restrict acc, int16_t xk, const int8_t *restrict w, int32_t n)
{
    for (int32_t oc = 0; oc < n; ++oc) {
        acc[oc] += xk * (int16_t)w[oc];
    }
}

/* Requantizes the 4 accumulators of channel oc for 4 consecutive pixels. */
static inline void rq4(const int32_t *a, int32_t b, const k_rq_t *q, int any_left, int8_t *y,
                       int32_t stride, int32_t zp, int32_t lo, int32_t hi)
{
    if (any_left) {
        for (int j = 0; j < 4; ++j) {
            y[(size_t)j * stride] = k_rq_s8(k_wrap_add(a[j], b), q, zp, lo, hi);
        }
    } else {
        for (int j = 0; j < 4; ++j) {
            y[(size_t)j * stride] = k_rq_s8_nl(k_wrap_add(a[j], b), q, zp, lo, hi);
        }
    }
}

size_t cai_k_conv_s8_scratch_size(const cai_k_conv_s8_params_t *p)
{
    return k_conv_core_scratch_size(p);
}

/* Gathers the receptive field of output pixel (oy, ox) of one image as
 * int16 (x - zp), zeros for out-of-image taps. A filter row whose taps are
 * all inside the image and adjacent (dilation 1) is one contiguous run of
 * filter_w * in_c input bytes in NHWC, widened in one vectorised loop. */
static void gather_row(const cai_k_conv_s8_params_t *p, const int8_t *img, int32_t oy, int32_t ox,
                       int16_t *row)
{
    const int32_t ic = p->in_c;
    const int32_t fw = p->filter_w;
    const int32_t iy0 = oy * p->stride_h - p->pad_h;
    const int32_t ix0 = ox * p->stride_w - p->pad_w;
    const int x_inside = ix0 >= 0 && ix0 + (fw - 1) * p->dilation_w < p->in_w;
    for (int32_t ky = 0; ky < p->filter_h; ++ky) {
        const int32_t iy = iy0 + ky * p->dilation_h;
        int16_t *seg = row + (size_t)ky * fw * ic;
        if (iy < 0 || iy >= p->in_h) {
            memset(seg, 0, (size_t)fw * ic * sizeof(int16_t));
            continue;
        }
        const int8_t *line = img + (size_t)iy * p->in_w * ic;
        if (x_inside && p->dilation_w == 1) {
            k_widen_minus_zp(line + (size_t)ix0 * ic, p->in_zp, seg, fw * ic);
            continue;
        }
        for (int32_t kx = 0; kx < fw; ++kx) {
            const int32_t ix = ix0 + kx * p->dilation_w;
            if (ix >= 0 && ix < p->in_w) {
                k_widen_minus_zp(line + (size_t)ix * ic, p->in_zp, seg + (size_t)kx * ic, ic);
            } else {
                memset(seg + (size_t)kx * ic, 0, (size_t)ic * sizeof(int16_t));
            }
        }
    }
}

/* Gathers the rows of `count` consecutive output pixels starting at pixel
 * index `pix` (row-major over out_h x out_w). A 1x1, stride-1, unpadded
 * convolution reads them as one contiguous block. */
static void gather_rows(const cai_k_conv_s8_params_t *p, const int8_t *img, int32_t pix,
                        int32_t count, int16_t *rows, int32_t k)
{
    if (p->filter_h == 1 && p->filter_w == 1 && p->stride_h == 1 && p->stride_w == 1 &&
        p->pad_h == 0 && p->pad_w == 0 && p->out_w == p->in_w) {
        k_widen_minus_zp(img + (size_t)pix * p->in_c, p->in_zp, rows, count * k);
        return;
    }
    for (int32_t j = 0; j < count; ++j) {
        gather_row(p, img, (pix + j) / p->out_w, (pix + j) % p->out_w, rows + (size_t)j * k);
    }
}

void k_conv_core(const cai_k_conv_s8_params_t *p, const int8_t *in, const int8_t *filter,
                 const int32_t *bias, int8_t *out, void *scratch)
{
    const int32_t k = p->filter_h * p->filter_w * p->in_c;
    const int32_t oc_n = p->out_c;
    const int32_t n_pix = p->out_h * p->out_w;
    k_rq_t *rq = (k_rq_t *)scratch;
    int16_t *rows =
        (int16_t *)((unsigned char *)scratch + k_align16((size_t)oc_n * sizeof(k_rq_t)));
    const int any_left = k_rq_table(rq, p->out_mult, p->out_shift, oc_n);
    const int32_t zp = p->out_zp, lo = p->act_min, hi = p->act_max;
    const size_t img_size = (size_t)p->in_h * p->in_w * p->in_c;
    if (outer_form(p)) {
        unsigned char *s = (unsigned char *)rows + k_align16(4 * (size_t)k * sizeof(int16_t));
        int8_t *wt = (int8_t *)s;
        int32_t *acc = (int32_t *)(s + k_align16((size_t)k * oc_n));
        for (int32_t oc = 0; oc < oc_n; ++oc) {
            for (int32_t i = 0; i < k; ++i) {
                wt[(size_t)i * oc_n + oc] = filter[(size_t)oc * k + i];
            }
        }
        for (int32_t n = 0; n < p->batches; ++n) {
            const int8_t *img = in + (size_t)n * img_size;
            int8_t *y = out + (size_t)n * n_pix * oc_n;
            for (int32_t pix = 0; pix < n_pix; pix += 4) {
                const int32_t count = n_pix - pix < 4 ? n_pix - pix : 4;
                gather_rows(p, img, pix, count, rows, k);
                for (int32_t j = 0; j < count; ++j) {
                    const int16_t *r = rows + (size_t)j * k;
                    memset(acc, 0, (size_t)oc_n * sizeof(int32_t));
                    for (int32_t i = 0; i < k; ++i) {
                        mac_row(acc, r[i], wt + (size_t)i * oc_n, oc_n);
                    }
                    k_rq_row(acc, bias, rq, any_left, y + (size_t)(pix + j) * oc_n, oc_n, zp, lo,
                             hi);
                }
            }
        }
        return;
    }
    for (int32_t n = 0; n < p->batches; ++n) {
        const int8_t *img = in + (size_t)n * img_size;
        int8_t *y = out + (size_t)n * n_pix * oc_n;
        int32_t pix = 0;
        for (; pix + 4 <= n_pix; pix += 4) {
            gather_rows(p, img, pix, 4, rows, k);
            int8_t *y0 = y + (size_t)pix * oc_n;
            for (int32_t oc = 0; oc < oc_n; ++oc) {
                int32_t a[4];
                k_dot4(rows, k, filter + (size_t)oc * k, k, a);
                rq4(a, bias != NULL ? bias[oc] : 0, &rq[oc], any_left, y0 + oc, oc_n, zp, lo, hi);
            }
        }
        for (; pix < n_pix; ++pix) {
            gather_rows(p, img, pix, 1, rows, k);
            int8_t *y0 = y + (size_t)pix * oc_n;
            for (int32_t oc = 0; oc < oc_n; ++oc) {
                const int32_t a = k_dot1(rows, filter + (size_t)oc * k, k);
                y0[oc] = k_rq_s8(k_wrap_add(a, bias != NULL ? bias[oc] : 0), &rq[oc], zp, lo, hi);
            }
        }
    }
}

void cai_k_conv_s8(const cai_k_conv_s8_params_t *p, const int8_t *in, const int8_t *filter,
                   const int32_t *bias, int8_t *out, void *scratch)
{
    k_conv_core(p, in, filter, bias, out, scratch);
}

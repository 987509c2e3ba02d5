/* SPDX-License-Identifier: Apache-2.0 */
/*
 * DEPTHWISE_CONV_2D, int8, per-channel (docs/kernels.md 1.6): filter
 * [1][fh][fw][out_c], out channel oc = ic * depth_multiplier + m.
 *
 * Three paths, all bit-exact with the reference (sum of (x - in_zp) * w over
 * the in-image taps, + bias, TFLM requantization):
 * - one input channel (first layers of micro_speech and person_detect,
 *   dm 8): this is an ordinary convolution with out_c filters of
 *   fh x fw x 1. The filter is transposed into scratch (out_c * fh * fw
 *   bytes, cheap) and the CONV_2D im2col/dot engine does the rest.
 * - depth multiplier 1 and at most 9 taps (MobileNet's 3x3): one fused,
 *   vectorised pass over the channels sums all taps at once. Out-of-image
 *   taps point at a row of in_zp bytes (so x - in_zp = 0: the tap adds
 *   nothing, exactly TFLM's "skip"), missing taps of smaller filters at a
 *   row of zero weights, so the loop has no branch. Layers narrower than
 *   16 channels with stride 1 run 16 / C adjacent pixels per pass (see
 *   narrow()).
 * - anything else: tap by tap into an int32 accumulator row.
 */
#include "kernels.h"
#include "kernels_internal.h"

#include <string.h>

#define FUSED_TAPS 9

cai_k_err_t cai_k_dwconv_s8_prepare(cai_k_conv_s8_params_t *p, int padding, float in_scale,
                                    const float *w_scales, int32_t n_w_scales, float out_scale,
                                    int activation, int32_t *mult, int32_t *shift)
{
    if (p->depth_multiplier <= 0 || p->in_c <= 0 ||
        (int64_t)p->in_c * p->depth_multiplier != p->out_c) {
        return CAI_K_ERR_INVALID;
    }
    const cai_k_err_t rc = cai_k_conv_common_prepare(p, padding, in_scale, w_scales, n_w_scales,
                                                     out_scale, activation, mult, shift);
    if (rc != CAI_K_OK) {
        return rc;
    }
    if ((int64_t)p->filter_h * p->filter_w > CAI_K_MAX_ACC_DEPTH) {
        return CAI_K_ERR_RANGE;
    }
    return CAI_K_OK;
}

static bool single_channel(const cai_k_conv_s8_params_t *p)
{
    return p->in_c == 1;
}

static bool fused(const cai_k_conv_s8_params_t *p)
{
    return p->depth_multiplier == 1 && p->filter_h * p->filter_w <= FUSED_TAPS;
}

/* Narrow layers (fewer than 16 channels, e.g. person_detect's 8) are too
 * short for a 16-lane vector. With stride 1 the inputs of GROUP_LANES / C
 * horizontally adjacent output pixels are adjacent in NHWC for every tap, and
 * so are their outputs: such a group is computed as one 16-channel pixel
 * against weights, biases and requantization constants replicated 16 / C
 * times (built once per run). Groups touching the left/right border take
 * the per-pixel path. */
#define GROUP_LANES 16

static bool narrow(const cai_k_conv_s8_params_t *p)
{
    return fused(p) && p->out_c < GROUP_LANES && GROUP_LANES % p->out_c == 0 && p->stride_w == 1 &&
           p->dilation_w == 1;
}

/* Row length of the accumulator, zp and zero-weight rows. */
static size_t row_len(const cai_k_conv_s8_params_t *p)
{
    return p->out_c > GROUP_LANES ? (size_t)p->out_c : GROUP_LANES;
}

/* Scratch layouts:
 * single channel: [transposed filter out_c*K][conv core scratch]
 * otherwise:      [rq table out_c][acc int32 row][zp row][zero w row]
 *                 + narrow: [replicated weights 9x16][rq 16][bias 16] */
size_t cai_k_dwconv_s8_scratch_size(const cai_k_conv_s8_params_t *p)
{
    if (single_channel(p)) {
        return k_align16((size_t)p->out_c * p->filter_h * p->filter_w) +
               k_conv_core_scratch_size(p);
    }
    const size_t n = row_len(p);
    size_t size = k_align16((size_t)p->out_c * sizeof(k_rq_t)) + k_align16(n * sizeof(int32_t)) +
                  k_align16(p->in_c > GROUP_LANES ? (size_t)p->in_c : GROUP_LANES) + k_align16(n);
    if (narrow(p)) {
        size += k_align16(FUSED_TAPS * GROUP_LANES) + k_align16(GROUP_LANES * sizeof(k_rq_t)) +
                k_align16(GROUP_LANES * sizeof(int32_t));
    }
    return size;
}

static void dw_single_channel(const cai_k_conv_s8_params_t *p, const int8_t *in,
                              const int8_t *filter, const int32_t *bias, int8_t *out,
                              unsigned char *scratch)
{
    const int32_t taps = p->filter_h * p->filter_w;
    const int32_t oc_n = p->out_c;
    int8_t *wt = (int8_t *)scratch;
    for (int32_t t = 0; t < taps; ++t) {
        for (int32_t oc = 0; oc < oc_n; ++oc) {
            wt[(size_t)oc * taps + t] = filter[(size_t)t * oc_n + oc];
        }
    }
    k_conv_core(p, in, wt, bias, out, scratch + k_align16((size_t)oc_n * taps));
}

/* acc[c] = sum over the 9 taps of (x_t[c] - zp) * w_t[c]. */
static void mac_fused9(int32_t *restrict acc, const int8_t *const *xp, const int8_t *const *wp,
                       int32_t zp, int32_t n)
{
    const int8_t *restrict x0 = xp[0], *restrict x1 = xp[1], *restrict x2 = xp[2];
    const int8_t *restrict x3 = xp[3], *restrict x4 = xp[4], *restrict x5 = xp[5];
    const int8_t *restrict x6 = xp[6], *restrict x7 = xp[7], *restrict x8 = xp[8];
    const int8_t *restrict w0 = wp[0], *restrict w1 = wp[1], *restrict w2 = wp[2];
    const int8_t *restrict w3 = wp[3], *restrict w4 = wp[4], *restrict w5 = wp[5];
    const int8_t *restrict w6 = wp[6], *restrict w7 = wp[7], *restrict w8 = wp[8];
    const int16_t z = (int16_t)zp;
    for (int32_t c = 0; c < n; ++c) {
        int32_t a = (int16_t)(x0[c] - z) * (int16_t)w0[c];
        a += (int16_t)(x1[c] - z) * (int16_t)w1[c];
        a += (int16_t)(x2[c] - z) * (int16_t)w2[c];
        a += (int16_t)(x3[c] - z) * (int16_t)w3[c];
        a += (int16_t)(x4[c] - z) * (int16_t)w4[c];
        a += (int16_t)(x5[c] - z) * (int16_t)w5[c];
        a += (int16_t)(x6[c] - z) * (int16_t)w6[c];
        a += (int16_t)(x7[c] - z) * (int16_t)w7[c];
        a += (int16_t)(x8[c] - z) * (int16_t)w8[c];
        acc[c] = a;
    }
}

/* acc[c] += (x[c] - zp) * w[c], depth multiplier 1. */
static void mac_dm1(int32_t *restrict acc, const int8_t *restrict x, const int8_t *restrict w,
                    int32_t zp, int32_t n)
{
    const int16_t z = (int16_t)zp;
    for (int32_t c = 0; c < n; ++c) {
        acc[c] += (int16_t)(x[c] - z) * (int16_t)w[c];
    }
}

/* acc[c] += xv * w[c]: one input value broadcast to its dm outputs. */
static void mac_bcast(int32_t *restrict acc, int32_t xv, const int8_t *restrict w, int32_t n)
{
    const int16_t v = (int16_t)xv;
    for (int32_t c = 0; c < n; ++c) {
        acc[c] += v * (int16_t)w[c];
    }
}

static void mac_tap(const cai_k_conv_s8_params_t *p, int32_t *acc, const int8_t *x, const int8_t *w)
{
    const int32_t dm = p->depth_multiplier;
    if (dm == 1) {
        mac_dm1(acc, x, w, p->in_zp, p->out_c);
    } else {
        for (int32_t ic = 0; ic < p->in_c; ++ic) {
            mac_bcast(acc + (size_t)ic * dm, x[ic] - p->in_zp, w + (size_t)ic * dm, dm);
        }
    }
}

/* Sums the taps of output pixel (oy, ox) into acc[out_c]. */
static void dw_pixel(const cai_k_conv_s8_params_t *p, const int8_t *img, const int8_t *filter,
                     int32_t oy, int32_t ox, int32_t *acc, const int8_t *zp_row,
                     const int8_t *zero_w)
{
    const int32_t oc_n = p->out_c;
    const int32_t iy0 = oy * p->stride_h - p->pad_h;
    const int32_t ix0 = ox * p->stride_w - p->pad_w;
    if (fused(p)) {
        const int8_t *xp[FUSED_TAPS], *wp[FUSED_TAPS];
        int t = 0;
        for (int32_t ky = 0; ky < p->filter_h; ++ky) {
            const int32_t iy = iy0 + ky * p->dilation_h;
            for (int32_t kx = 0; kx < p->filter_w; ++kx, ++t) {
                const int32_t ix = ix0 + kx * p->dilation_w;
                const int in = iy >= 0 && iy < p->in_h && ix >= 0 && ix < p->in_w;
                xp[t] = in ? img + ((size_t)iy * p->in_w + ix) * p->in_c : zp_row;
                wp[t] = filter + (size_t)t * oc_n;
            }
        }
        for (; t < FUSED_TAPS; ++t) {
            xp[t] = zp_row;
            wp[t] = zero_w;
        }
        mac_fused9(acc, xp, wp, p->in_zp, oc_n);
        return;
    }
    memset(acc, 0, (size_t)oc_n * sizeof(int32_t));
    for (int32_t ky = 0; ky < p->filter_h; ++ky) {
        const int32_t iy = iy0 + ky * p->dilation_h;
        if (iy < 0 || iy >= p->in_h) {
            continue;
        }
        for (int32_t kx = 0; kx < p->filter_w; ++kx) {
            const int32_t ix = ix0 + kx * p->dilation_w;
            if (ix < 0 || ix >= p->in_w) {
                continue;
            }
            mac_tap(p, acc, img + ((size_t)iy * p->in_w + ix) * p->in_c,
                    filter + (size_t)(ky * p->filter_w + kx) * oc_n);
        }
    }
}

/* A group of GROUP_LANES / C stride-1 pixels starting at (oy, ox), all
 * horizontally inside the image: one 16-lane fused pass (see narrow()). */
static void dw_group(const cai_k_conv_s8_params_t *p, const int8_t *img, int32_t oy, int32_t ox,
                     int32_t *acc, const int8_t *zp_row, const int8_t *zero_w, const int8_t *w16)
{
    const int8_t *xp[FUSED_TAPS], *wp[FUSED_TAPS];
    const int32_t iy0 = oy * p->stride_h - p->pad_h;
    const int32_t ix0 = ox - p->pad_w;
    int t = 0;
    for (int32_t ky = 0; ky < p->filter_h; ++ky) {
        const int32_t iy = iy0 + ky * p->dilation_h;
        const int in = iy >= 0 && iy < p->in_h;
        for (int32_t kx = 0; kx < p->filter_w; ++kx, ++t) {
            xp[t] = in ? img + ((size_t)iy * p->in_w + ix0 + kx) * p->in_c : zp_row;
            wp[t] = w16 + (size_t)t * GROUP_LANES;
        }
    }
    for (; t < FUSED_TAPS; ++t) {
        xp[t] = zp_row;
        wp[t] = zero_w;
    }
    mac_fused9(acc, xp, wp, p->in_zp, GROUP_LANES);
}

void cai_k_dwconv_s8(const cai_k_conv_s8_params_t *p, const int8_t *in, const int8_t *filter,
                     const int32_t *bias, int8_t *out, void *scratch)
{
    unsigned char *s = (unsigned char *)scratch;
    if (single_channel(p)) {
        dw_single_channel(p, in, filter, bias, out, s);
        return;
    }
    const int32_t oc_n = p->out_c;
    const size_t n_row = row_len(p);
    const size_t zp_len = p->in_c > GROUP_LANES ? (size_t)p->in_c : GROUP_LANES;
    k_rq_t *rq = (k_rq_t *)s;
    s += k_align16((size_t)oc_n * sizeof(k_rq_t));
    int32_t *acc = (int32_t *)s;
    s += k_align16(n_row * sizeof(int32_t));
    int8_t *zp_row = (int8_t *)s;
    s += k_align16(zp_len);
    int8_t *zero_w = (int8_t *)s;
    s += k_align16(n_row);
    const int any_left = k_rq_table(rq, p->out_mult, p->out_shift, oc_n);
    memset(zp_row, (int8_t)p->in_zp, zp_len);
    memset(zero_w, 0, n_row);
    /* Narrow layers: replicated weights, requantization and bias. */
    const int32_t group = narrow(p) ? GROUP_LANES / oc_n : 1;
    int8_t *w16 = NULL;
    k_rq_t *rq16 = NULL;
    int32_t *bias16 = NULL;
    if (group > 1) {
        w16 = (int8_t *)s;
        s += k_align16(FUSED_TAPS * GROUP_LANES);
        rq16 = (k_rq_t *)s;
        s += k_align16(GROUP_LANES * sizeof(k_rq_t));
        bias16 = (int32_t *)s;
        const int32_t taps = p->filter_h * p->filter_w;
        for (int32_t t = 0; t < taps; ++t) {
            for (int32_t j = 0; j < GROUP_LANES; ++j) {
                w16[t * GROUP_LANES + j] = filter[(size_t)t * oc_n + j % oc_n];
            }
        }
        for (int32_t j = 0; j < GROUP_LANES; ++j) {
            rq16[j] = rq[j % oc_n];
            bias16[j] = bias != NULL ? bias[j % oc_n] : 0;
        }
    }
    const int32_t zp = p->out_zp, lo = p->act_min, hi = p->act_max;
    const size_t img_size = (size_t)p->in_h * p->in_w * p->in_c;
    for (int32_t n = 0; n < p->batches; ++n) {
        const int8_t *img = in + (size_t)n * img_size;
        for (int32_t oy = 0; oy < p->out_h; ++oy) {
            int8_t *y_row = out + ((size_t)n * p->out_h + oy) * p->out_w * oc_n;
            int32_t ox = 0;
            while (ox < p->out_w) {
                const int32_t ix0 = ox - p->pad_w; /* stride 1 whenever group > 1 */
                if (group > 1 && ox + group <= p->out_w && ix0 >= 0 &&
                    ix0 + group - 1 + p->filter_w - 1 < p->in_w) {
                    dw_group(p, img, oy, ox, acc, zp_row, zero_w, w16);
                    k_rq_row(acc, bias16, rq16, any_left, y_row + (size_t)ox * oc_n, GROUP_LANES,
                             zp, lo, hi);
                    ox += group;
                    continue;
                }
                dw_pixel(p, img, filter, oy, ox, acc, zp_row, zero_w);
                k_rq_row(acc, bias, rq, any_left, y_row + (size_t)ox * oc_n, oc_n, zp, lo, hi);
                ++ox;
            }
        }
    }
}

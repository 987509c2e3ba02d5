/* SPDX-License-Identifier: Apache-2.0 */
/*
 * FULLY_CONNECTED: int8 (per-tensor or per-channel) and float32.
 *
 * int8: for each batch row the input minus its zero point is widened once
 * into scratch (int16), then every output is one vectorised dot product with
 * a weight row, plus bias (wrap-around add), then the TFLM requantization.
 * Subtracting the zero point before the multiply is exactly TFLM's
 * sum of w * (x + input_offset); int32 sums are exact (depth is bounded by
 * CAI_K_MAX_ACC_DEPTH at prepare time).
 */
#include "dot.h"
#include "kernels.h"
#include "kernels_internal.h"

cai_k_err_t cai_k_fc_s8_prepare(cai_k_fc_s8_params_t *p, float in_scale, const float *w_scales,
                                int32_t n_w_scales, float out_scale, int activation, int32_t *mult,
                                int32_t *shift)
{
    if (p->batches <= 0 || p->accum_depth <= 0 || p->out_depth <= 0 || p->in_zp < INT8_MIN ||
        p->in_zp > INT8_MAX || (mult == NULL) != (shift == NULL)) {
        return CAI_K_ERR_INVALID;
    }
    if (p->accum_depth > CAI_K_MAX_ACC_DEPTH) {
        return CAI_K_ERR_RANGE;
    }
    if (!k_elems_ok(p->batches, p->accum_depth, 1, 1) ||
        !k_elems_ok(p->batches, p->out_depth, 1, 1) ||
        !k_elems_ok(p->out_depth, p->accum_depth, 1, 1)) {
        return CAI_K_ERR_INVALID;
    }
    cai_k_err_t rc = cai_k_act_range_s8(activation, out_scale, p->out_zp, &p->act_min, &p->act_max);
    if (rc != CAI_K_OK) {
        return rc;
    }
    rc = cai_k_channel_multipliers(in_scale, w_scales, n_w_scales, out_scale, p->out_depth, mult,
                                   shift);
    if (rc != CAI_K_OK) {
        return rc;
    }
    p->out_mult = mult;
    p->out_shift = shift;
    p->per_tensor = mult != NULL;
    for (int32_t o = 1; mult != NULL && o < p->out_depth; ++o) {
        p->per_tensor &= mult[o] == mult[0] && shift[o] == shift[0];
    }
    return CAI_K_OK;
}

/* The input row is widened in chunks of at most FC_CHUNK values, so the
 * scratch stays small for long rows (micro_speech: 4000) at the cost of one
 * more pass over the outputs per chunk. */
#define FC_CHUNK 1024

static int32_t fc_chunk(const cai_k_fc_s8_params_t *p)
{
    return p->accum_depth < FC_CHUNK ? p->accum_depth : FC_CHUNK;
}

/* Scratch: the int32 accumulators (one per output), then one widened chunk. */
size_t cai_k_fc_s8_scratch_size(const cai_k_fc_s8_params_t *p)
{
    return k_align16((size_t)p->out_depth * sizeof(int32_t)) +
           k_align16((size_t)fc_chunk(p) * sizeof(int16_t));
}

void cai_k_fc_s8(const cai_k_fc_s8_params_t *p, const int8_t *in, const int8_t *weights,
                 const int32_t *bias, int8_t *out, void *scratch)
{
    const int32_t depth = p->accum_depth;
    const int32_t n_out = p->out_depth;
    const int32_t chunk = fc_chunk(p);
    int32_t *acc = (int32_t *)scratch;
    int16_t *xs =
        (int16_t *)((unsigned char *)scratch + k_align16((size_t)n_out * sizeof(int32_t)));
    /* Per-tensor quantization (the usual FC case) derives the requantization
   * constants once instead of per output. */
    const int uniform = p->per_tensor != 0;
    k_rq_t q;
    k_rq_init(&q, p->out_mult[0], p->out_shift[0]);
    for (int32_t b = 0; b < p->batches; ++b) {
        const int8_t *x = in + (size_t)b * depth;
        for (int32_t d0 = 0; d0 < depth; d0 += chunk) {
            const int32_t len = depth - d0 < chunk ? depth - d0 : chunk;
            k_widen_minus_zp(x + d0, p->in_zp, xs, len);
            int32_t o = 0;
            for (; o + 4 <= n_out; o += 4) {
                int32_t a[4];
                k_dot4w(xs, weights + (size_t)o * depth + d0, depth, len, a);
                for (int k = 0; k < 4; ++k) {
                    acc[o + k] = d0 == 0 ? a[k] : acc[o + k] + a[k];
                }
            }
            for (; o < n_out; ++o) {
                const int32_t a = k_dot1(xs, weights + (size_t)o * depth + d0, len);
                acc[o] = d0 == 0 ? a : acc[o] + a;
            }
        }
        int8_t *y = out + (size_t)b * n_out;
        if (bias != NULL) {
            for (int32_t o = 0; o < n_out; ++o) {
                acc[o] = k_wrap_add(acc[o], bias[o]);
            }
        }
        const int32_t zp = p->out_zp, lo = p->act_min, hi = p->act_max;
        if (uniform && q.left == 0) {
            for (int32_t o = 0; o < n_out; ++o) {
                y[o] = k_rq_s8_nl(acc[o], &q, zp, lo, hi);
            }
        } else if (uniform) {
            for (int32_t o = 0; o < n_out; ++o) {
                y[o] = k_rq_s8(acc[o], &q, zp, lo, hi);
            }
        } else {
            for (int32_t o = 0; o < n_out; ++o) {
                k_rq_t qo;
                k_rq_init(&qo, p->out_mult[o], p->out_shift[o]);
                y[o] = k_rq_s8(acc[o], &qo, zp, lo, hi);
            }
        }
    }
}

cai_k_err_t cai_k_fc_f32_prepare(cai_k_fc_f32_params_t *p, int activation)
{
    if (!k_elems_ok(p->batches, p->accum_depth, 1, 1) ||
        !k_elems_ok(p->batches, p->out_depth, 1, 1) ||
        !k_elems_ok(p->out_depth, p->accum_depth, 1, 1)) {
        return CAI_K_ERR_INVALID;
    }
    return cai_k_act_range_f32(activation, &p->act_min, &p->act_max);
}

/* The float golden data is bit-exact only with this exact order: sequential
 * sum d = 0..depth-1, bias added last, no FMA contraction (this file is
 * built with -ffp-contract=off and the loop is not vectorised because float
 * addition is not associative without -ffast-math). */
void cai_k_fc_f32(const cai_k_fc_f32_params_t *p, const float *in, const float *weights,
                  const float *bias, float *out)
{
    const int32_t depth = p->accum_depth;
    const int32_t n_out = p->out_depth;
    for (int32_t b = 0; b < p->batches; ++b) {
        const float *x = in + (size_t)b * depth;
        for (int32_t o = 0; o < n_out; ++o) {
            const float *w = weights + (size_t)o * depth;
            float total = 0.0f;
            for (int32_t d = 0; d < depth; ++d) {
                total += x[d] * w[d];
            }
            /* TFLM adds 0.0f when there is no bias (it turns -0.0 into +0.0). */
            total += bias != NULL ? bias[o] : 0.0f;
            total = total < p->act_min ? p->act_min : total;
            total = total > p->act_max ? p->act_max : total;
            out[(size_t)b * n_out + o] = total;
        }
    }
}

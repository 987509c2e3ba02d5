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

int cai_k_fc_s8_prepare(cai_k_fc_s8_params *p, float in_scale, const float *w_scales,
                        int32_t n_w_scales, float out_scale, int activation, int32_t *mult,
                        int32_t *shift)
{
  if (p->batches <= 0 || p->accum_depth <= 0 || p->out_depth <= 0 ||
      p->in_zp < INT8_MIN || p->in_zp > INT8_MAX || mult == NULL || shift == NULL)
    return CAI_K_EINVAL;
  if (p->accum_depth > CAI_K_MAX_ACC_DEPTH)
    return CAI_K_ERANGE;
  int rc = cai_k_act_range_s8(activation, out_scale, p->out_zp, &p->act_min, &p->act_max);
  if (rc != CAI_K_OK)
    return rc;
  rc = cai_k_channel_multipliers(in_scale, w_scales, n_w_scales, out_scale, p->out_depth,
                                 mult, shift);
  if (rc != CAI_K_OK)
    return rc;
  p->out_mult = mult;
  p->out_shift = shift;
  return CAI_K_OK;
}

/* Scratch: the per-channel requantization table, then one widened row. */
size_t cai_k_fc_s8_scratch_size(const cai_k_fc_s8_params *p)
{
  return k_align16((size_t)p->out_depth * sizeof(k_rq)) +
         k_align16((size_t)p->accum_depth * sizeof(int16_t));
}

void cai_k_fc_s8(const cai_k_fc_s8_params *p, const int8_t *in, const int8_t *weights,
                 const int32_t *bias, int8_t *out, void *scratch)
{
  const int32_t depth = p->accum_depth;
  const int32_t n_out = p->out_depth;
  k_rq *rq = (k_rq *)scratch;
  int16_t *xs = (int16_t *)((unsigned char *)scratch + k_align16((size_t)n_out * sizeof(k_rq)));
  k_rq_table(rq, p->out_mult, p->out_shift, n_out);
  for (int32_t b = 0; b < p->batches; ++b) {
    k_widen_minus_zp(in + (size_t)b * depth, p->in_zp, xs, depth);
    int8_t *y = out + (size_t)b * n_out;
    for (int32_t o = 0; o < n_out; ++o) {
      int32_t acc = k_dot1(xs, weights + (size_t)o * depth, depth);
      if (bias != NULL)
        acc = k_wrap_add(acc, bias[o]);
      y[o] = k_rq_s8(acc, &rq[o], p->out_zp, p->act_min, p->act_max);
    }
  }
}

int cai_k_fc_f32_prepare(cai_k_fc_f32_params *p, int activation)
{
  if (p->batches <= 0 || p->accum_depth <= 0 || p->out_depth <= 0)
    return CAI_K_EINVAL;
  return cai_k_act_range_f32(activation, &p->act_min, &p->act_max);
}

/* The float golden data is bit-exact only with this exact order: sequential
 * sum d = 0..depth-1, bias added last, no FMA contraction (this file is
 * built with -ffp-contract=off and the loop is not vectorised because float
 * addition is not associative without -ffast-math). */
void cai_k_fc_f32(const cai_k_fc_f32_params *p, const float *in, const float *weights,
                  const float *bias, float *out)
{
  const int32_t depth = p->accum_depth;
  const int32_t n_out = p->out_depth;
  for (int32_t b = 0; b < p->batches; ++b) {
    const float *x = in + (size_t)b * depth;
    for (int32_t o = 0; o < n_out; ++o) {
      const float *w = weights + (size_t)o * depth;
      float total = 0.0f;
      for (int32_t d = 0; d < depth; ++d)
        total += x[d] * w[d];
      /* TFLM adds 0.0f when there is no bias (it turns -0.0 into +0.0). */
      total += bias != NULL ? bias[o] : 0.0f;
      total = total < p->act_min ? p->act_min : total;
      total = total > p->act_max ? p->act_max : total;
      out[(size_t)b * n_out + o] = total;
    }
  }
}

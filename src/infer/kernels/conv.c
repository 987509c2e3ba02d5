/*
 * CONV_2D, int8 input/output, int8 weights (OHWI), int32 bias, per-channel
 * or per-tensor requantization (TFLM reference semantics, tflite.md 4.5).
 *
 * For each output pixel the receptive field is gathered once into scratch as
 * int16 (x - in_zp), an "im2col" row of filter_h * filter_w * in_c values in
 * the same (ky, kx, ic) order as a filter row. Out-of-image taps become 0,
 * which is exactly TFLM's "skip the tap". Each output channel is then a
 * single contiguous dot product with its filter row (see dot.h). A 1x1
 * pointwise convolution thus costs one widening per pixel plus one dot
 * product per output.
 */
#include "dot.h"
#include "kernels.h"
#include "kernels_internal.h"

#include <string.h>

int cai_k_conv_common_prepare(cai_k_conv_s8_params *p, int padding, float in_scale,
                              const float *w_scales, int32_t n_w_scales, float out_scale,
                              int activation, int32_t *mult, int32_t *shift)
{
  if (p->batches <= 0 || p->in_c <= 0 || p->out_c <= 0 || p->in_zp < INT8_MIN ||
      p->in_zp > INT8_MAX || mult == NULL || shift == NULL || p->in_c > 65536 ||
      p->out_c > 65536 || p->batches > 65536)
    return CAI_K_EINVAL;
  int rc = cai_k_conv_out_size(padding, p->in_h, p->filter_h, p->stride_h, p->dilation_h,
                               &p->out_h, &p->pad_h);
  if (rc == CAI_K_OK)
    rc = cai_k_conv_out_size(padding, p->in_w, p->filter_w, p->stride_w, p->dilation_w,
                             &p->out_w, &p->pad_w);
  if (rc != CAI_K_OK)
    return rc;
  rc = cai_k_act_range_s8(activation, out_scale, p->out_zp, &p->act_min, &p->act_max);
  if (rc != CAI_K_OK)
    return rc;
  rc = cai_k_channel_multipliers(in_scale, w_scales, n_w_scales, out_scale, p->out_c, mult,
                                 shift);
  if (rc != CAI_K_OK)
    return rc;
  p->out_mult = mult;
  p->out_shift = shift;
  return CAI_K_OK;
}

int cai_k_conv_s8_prepare(cai_k_conv_s8_params *p, int padding, float in_scale,
                          const float *w_scales, int32_t n_w_scales, float out_scale,
                          int activation, int32_t *mult, int32_t *shift)
{
  p->depth_multiplier = 1;
  const int rc = cai_k_conv_common_prepare(p, padding, in_scale, w_scales, n_w_scales,
                                           out_scale, activation, mult, shift);
  if (rc != CAI_K_OK)
    return rc;
  if ((int64_t)p->filter_h * p->filter_w * p->in_c > CAI_K_MAX_ACC_DEPTH)
    return CAI_K_ERANGE;
  return CAI_K_OK;
}

size_t cai_k_conv_s8_scratch_size(const cai_k_conv_s8_params *p)
{
  return (size_t)p->filter_h * (size_t)p->filter_w * (size_t)p->in_c * sizeof(int16_t);
}

/* Gathers the receptive field of output pixel (oy, ox) of one image. */
static void gather_row(const cai_k_conv_s8_params *p, const int8_t *img, int32_t oy,
                       int32_t ox, int16_t *row)
{
  const int32_t ic = p->in_c;
  const int32_t iy0 = oy * p->stride_h - p->pad_h;
  const int32_t ix0 = ox * p->stride_w - p->pad_w;
  for (int32_t ky = 0; ky < p->filter_h; ++ky) {
    const int32_t iy = iy0 + ky * p->dilation_h;
    const int row_in = iy >= 0 && iy < p->in_h;
    for (int32_t kx = 0; kx < p->filter_w; ++kx) {
      const int32_t ix = ix0 + kx * p->dilation_w;
      int16_t *seg = row + (size_t)(ky * p->filter_w + kx) * ic;
      if (row_in && ix >= 0 && ix < p->in_w)
        k_widen_minus_zp(img + ((size_t)iy * p->in_w + ix) * ic, p->in_zp, seg, ic);
      else
        memset(seg, 0, (size_t)ic * sizeof(int16_t));
    }
  }
}

void cai_k_conv_s8(const cai_k_conv_s8_params *p, const int8_t *in, const int8_t *filter,
                   const int32_t *bias, int8_t *out, void *scratch)
{
  const int32_t k = p->filter_h * p->filter_w * p->in_c;
  const int32_t oc_n = p->out_c;
  int16_t *row = (int16_t *)scratch;
  const size_t img_size = (size_t)p->in_h * p->in_w * p->in_c;
  for (int32_t n = 0; n < p->batches; ++n) {
    const int8_t *img = in + (size_t)n * img_size;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        gather_row(p, img, oy, ox, row);
        int8_t *y = out + (((size_t)n * p->out_h + oy) * p->out_w + ox) * oc_n;
        for (int32_t oc = 0; oc < oc_n; ++oc) {
          int32_t acc = k_dot_s16_s8(row, filter + (size_t)oc * k, k);
          if (bias != NULL)
            acc = k_wrap_add(acc, bias[oc]);
          y[oc] = k_requant_s8(acc, p->out_mult[oc], p->out_shift[oc], p->out_zp, p->act_min,
                               p->act_max);
        }
      }
    }
  }
}

/*
 * DEPTHWISE_CONV_2D, int8, per-channel (tflite.md 4.6): filter
 * [1][fh][fw][out_c], out channel oc = ic * depth_multiplier + m.
 *
 * Per output pixel an int32 accumulator row of out_c entries (caller
 * scratch) collects, tap by tap, (x - in_zp) * w over contiguous channels:
 * the inner loops run over channels so they vectorise, and out-of-image taps
 * are skipped per tap (never per element). Two common shapes get their own
 * inner loop: depth_multiplier 1 (MobileNet) and a single input channel
 * (the first layer of micro_speech and person_detect, dm 8), where one input
 * value is broadcast across all output channels.
 */
#include "kernels.h"
#include "kernels_internal.h"

int cai_k_dwconv_s8_prepare(cai_k_conv_s8_params *p, int padding, float in_scale,
                            const float *w_scales, int32_t n_w_scales, float out_scale,
                            int activation, int32_t *mult, int32_t *shift)
{
  if (p->depth_multiplier <= 0 || p->in_c <= 0 ||
      (int64_t)p->in_c * p->depth_multiplier != p->out_c)
    return CAI_K_EINVAL;
  const int rc = cai_k_conv_common_prepare(p, padding, in_scale, w_scales, n_w_scales,
                                           out_scale, activation, mult, shift);
  if (rc != CAI_K_OK)
    return rc;
  if ((int64_t)p->filter_h * p->filter_w > CAI_K_MAX_ACC_DEPTH)
    return CAI_K_ERANGE;
  return CAI_K_OK;
}

size_t cai_k_dwconv_s8_scratch_size(const cai_k_conv_s8_params *p)
{
  return (size_t)p->out_c * sizeof(int32_t);
}

/* acc[c] += (x[c] - zp) * w[c], depth multiplier 1. */
static void mac_dm1(int32_t *restrict acc, const int8_t *restrict x, const int8_t *restrict w,
                    int32_t zp, int32_t n)
{
  for (int32_t c = 0; c < n; ++c)
    acc[c] += (int32_t)(int16_t)(x[c] - zp) * (int32_t)w[c];
}

/* acc[c] += xv * w[c]: one input channel broadcast to all outputs. */
static void mac_bcast(int32_t *restrict acc, int32_t xv, const int8_t *restrict w, int32_t n)
{
  const int16_t v = (int16_t)xv;
  for (int32_t c = 0; c < n; ++c)
    acc[c] += (int32_t)v * (int32_t)w[c];
}

static void mac_tap(const cai_k_conv_s8_params *p, int32_t *acc, const int8_t *x,
                    const int8_t *w)
{
  const int32_t dm = p->depth_multiplier;
  if (dm == 1) {
    mac_dm1(acc, x, w, p->in_zp, p->out_c);
  } else {
    for (int32_t ic = 0; ic < p->in_c; ++ic)
      mac_bcast(acc + (size_t)ic * dm, x[ic] - p->in_zp, w + (size_t)ic * dm, dm);
  }
}

void cai_k_dwconv_s8(const cai_k_conv_s8_params *p, const int8_t *in, const int8_t *filter,
                     const int32_t *bias, int8_t *out, void *scratch)
{
  const int32_t oc_n = p->out_c;
  int32_t *acc = (int32_t *)scratch;
  const size_t img_size = (size_t)p->in_h * p->in_w * p->in_c;
  for (int32_t n = 0; n < p->batches; ++n) {
    const int8_t *img = in + (size_t)n * img_size;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_h;
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t ix0 = ox * p->stride_w - p->pad_w;
        for (int32_t oc = 0; oc < oc_n; ++oc)
          acc[oc] = 0;
        for (int32_t ky = 0; ky < p->filter_h; ++ky) {
          const int32_t iy = iy0 + ky * p->dilation_h;
          if (iy < 0 || iy >= p->in_h)
            continue;
          for (int32_t kx = 0; kx < p->filter_w; ++kx) {
            const int32_t ix = ix0 + kx * p->dilation_w;
            if (ix < 0 || ix >= p->in_w)
              continue;
            mac_tap(p, acc, img + ((size_t)iy * p->in_w + ix) * p->in_c,
                    filter + (size_t)(ky * p->filter_w + kx) * oc_n);
          }
        }
        int8_t *y = out + (((size_t)n * p->out_h + oy) * p->out_w + ox) * oc_n;
        for (int32_t oc = 0; oc < oc_n; ++oc) {
          int32_t a = acc[oc];
          if (bias != NULL)
            a = k_wrap_add(a, bias[oc]);
          y[oc] = k_requant_s8(a, p->out_mult[oc], p->out_shift[oc], p->out_zp, p->act_min,
                               p->act_max);
        }
      }
    }
  }
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai inference kernels: the pure arithmetic of each TFLite operator.
 *
 * Contract with the engine core (lib/infer):
 * - Plain C11, no engine types. Each operator has a params struct that the
 *   engine fills once at prepare time (dims in NHWC, strides, padding,
 *   dilation, zero points, multipliers), usually through the matching
 *   cai_k_*_prepare() helper, and a run function taking raw data pointers.
 * - Kernels never allocate. Per-channel multiplier/shift arrays are owned by
 *   the caller (length out_channels, per-tensor quantization simply repeats
 *   one value; filled by prepare, or by the caller before running when
 *   prepare got NULL). Run-time scratch, where an op
 *   needs it, comes from the caller: ask cai_k_*_scratch_size() at prepare
 *   time and pass a buffer of at least that many bytes, aligned to 16 bytes
 *   (NULL is fine when the size is 0).
 * - The int8 arithmetic is bit-exact with TFLM's reference kernels
 *   (double-rounding MultiplyByQuantizedMultiplier), see docs/kernels.md section 1
 *   (the recipe). The float kernels follow TFLM's
 *   reference order of operations and are built with -ffp-contract=off.
 * - Run functions do not validate: prepare helpers do (they return
 *   CAI_K_OK or a negative CAI_K_ERR_* code), and the engine must check that
 *   tensor sizes match the params before calling run.
 * - Weight zero points must be 0 (TFLM assumes it for int8 weights); the
 *   engine rejects other values.
 */
#ifndef CAI_INFER_KERNELS_H
#define CAI_INFER_KERNELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status codes of the prepare helpers -------------------------------- */
typedef enum cai_k_err {
    CAI_K_OK = 0,
    CAI_K_ERR_INVALID = -1,     /* a dimension, stride or scale is out of range */
    CAI_K_ERR_UNSUPPORTED = -2, /* valid TFLite, but not supported by TFLM/us */
    CAI_K_ERR_RANGE = -3,       /* accumulation depth could overflow int32 */
} cai_k_err_t;

/* A short constant description of a status ("unknown kernel status" for a
 * value outside the enum). The engine maps these to its own status
 * (lib/infer/ops_setup.c, kstatus): INVALID -> CAI_INFER_ERR_MALFORMED,
 * UNSUPPORTED -> CAI_INFER_ERR_UNSUPPORTED, RANGE -> CAI_INFER_ERR_LIMIT. */
const char *cai_k_strerror(cai_k_err_t err);

/* Largest number of products summed into one int32 accumulator
 * (filter_h * filter_w * in_c, or FC accum depth). Each product of
 * (x - zp) * w is at most 255 * 128 = 32640 in magnitude, so 65536 of them
 * cannot overflow int32; the bias is then added with wrap-around. */
#define CAI_K_MAX_ACC_DEPTH 65536

/* ---- Enumerations: numerically equal to the TFLite schema -------------- */
enum cai_k_activation {
    CAI_K_ACT_NONE = 0,
    CAI_K_ACT_RELU = 1,
    CAI_K_ACT_RELU_N1_TO_1 = 2,
    CAI_K_ACT_RELU6 = 3,
    CAI_K_ACT_TANH = 4,    /* fused TANH: unsupported (CAI_K_ERR_UNSUPPORTED) */
    CAI_K_ACT_SIGN_BIT = 5 /* unsupported */
};

enum cai_k_padding {
    CAI_K_PAD_SAME = 0,
    CAI_K_PAD_VALID = 1
};

/* ---- Fixed-point helpers (TFLM / gemmlowp semantics) -------------------- */

/* QuantizeMultiplier: real ~= mult * 2^(shift - 31), mult in [2^30, 2^31-1]
 * (or 0). frexp + round-half-away, 2^31 fix-up, shift < -31 flushes to 0. */
void cai_quantize_multiplier(double real, int32_t *mult, int *shift);

/* SaturatingRoundingDoublingHighMul. */
int32_t cai_srdhm(int32_t a, int32_t b);

/* RoundingDivideByPOT, exponent in [0, 31]: rounds half away from zero. */
int32_t cai_rdbpot(int32_t x, int exponent);

/* MultiplyByQuantizedMultiplier, double-rounding (TFLM default). */
int32_t cai_mul_by_quantized_multiplier(int32_t x, int32_t mult, int shift);

/* Fused activation -> clamp range, as CalculateActivationRangeQuantized for
 * int8 output (float32 Q(f) = zp + round(f / scale)). */
cai_k_err_t cai_k_act_range_s8(int activation, float out_scale, int32_t out_zp, int32_t *act_min,
                               int32_t *act_max);

/* Fused activation -> float clamp range (RELU [0, FLT_MAX], ...). */
cai_k_err_t cai_k_act_range_f32(int activation, float *act_min, float *act_max);

/* Output size and leading padding for one spatial dimension
 * (ComputePaddingHeightWidth): pad = total_pad / 2, the odd pixel goes to the
 * bottom/right. */
cai_k_err_t cai_k_conv_out_size(int padding, int32_t in, int32_t filter, int32_t stride,
                                int32_t dilation, int32_t *out, int32_t *pad);

/* Per-channel multipliers for conv/depthwise/FC:
 * real[c] = (double)in_scale * (double)w_scale[c] / (double)out_scale.
 * n_w_scales is 1 (per-tensor: the value is repeated) or n_channels.
 * mult/shift are caller storage of n_channels entries, or NULL: then every
 * channel is only checked (the engine computes them again as an op runs). */
cai_k_err_t cai_k_channel_multipliers(float in_scale, const float *w_scales, int32_t n_w_scales,
                                      float out_scale, int32_t n_channels, int32_t *mult,
                                      int32_t *shift);

/* ---- FULLY_CONNECTED ---------------------------------------------------- */

typedef struct {
    int32_t batches;     /* numel(output) / out_depth */
    int32_t accum_depth; /* weights dims[-1] */
    int32_t out_depth;   /* weights dims[0] */
    int32_t in_zp;
    int32_t out_zp;
    int32_t act_min, act_max;
    const int32_t *out_mult;  /* [out_depth] */
    const int32_t *out_shift; /* [out_depth] */
    int32_t per_tensor;       /* set by prepare: all entries of out_mult/out_shift are
                               equal (a speed hint; 0 is always correct) */
} cai_k_fc_s8_params_t;

/* Fills multipliers (into caller storage mult/shift of out_depth entries;
 * both NULL: checked, not stored, out_mult/out_shift and per_tensor left
 * NULL/0 for the caller to set before running), the activation range and
 * checks the dims. The caller sets batches,
 * accum_depth, out_depth, in_zp and out_zp first. */
cai_k_err_t cai_k_fc_s8_prepare(cai_k_fc_s8_params_t *p, float in_scale, const float *w_scales,
                                int32_t n_w_scales, float out_scale, int activation, int32_t *mult,
                                int32_t *shift);
size_t cai_k_fc_s8_scratch_size(const cai_k_fc_s8_params_t *p);
/* weights [out_depth][accum_depth] int8, bias [out_depth] int32 or NULL. */
void cai_k_fc_s8(const cai_k_fc_s8_params_t *p, const int8_t *in, const int8_t *weights,
                 const int32_t *bias, int8_t *out, void *scratch);

typedef struct {
    int32_t batches, accum_depth, out_depth;
    float act_min, act_max;
} cai_k_fc_f32_params_t;

cai_k_err_t cai_k_fc_f32_prepare(cai_k_fc_f32_params_t *p, int activation);
/* Sequential float32 sum, d ascending, then + bias, then clamp. */
void cai_k_fc_f32(const cai_k_fc_f32_params_t *p, const float *in, const float *weights,
                  const float *bias, float *out);

/* ---- CONV_2D and DEPTHWISE_CONV_2D (int8, per-channel or per-tensor) ----- */

typedef struct {
    int32_t batches;
    int32_t in_h, in_w, in_c;
    int32_t filter_h, filter_w;
    int32_t out_h, out_w, out_c;
    int32_t stride_h, stride_w;
    int32_t dilation_h, dilation_w;
    int32_t pad_h, pad_w;     /* leading padding, from cai_k_conv_out_size */
    int32_t depth_multiplier; /* depthwise only: out_c = in_c * depth_multiplier */
    int32_t in_zp, out_zp;
    int32_t act_min, act_max;
    const int32_t *out_mult;  /* [out_c] */
    const int32_t *out_shift; /* [out_c] */
} cai_k_conv_s8_params_t;

/* The caller sets batches, in_*, filter_*, out_c, strides, dilations,
 * depth_multiplier (depthwise) and zero points; prepare computes out_h/out_w/
 * pad_* from `padding`, the multipliers and the activation range.
 * CONV_2D: filter [out_c][filter_h][filter_w][in_c] (grouped conv: in_c of
 * the filter divides the input's; not supported, EUNSUP). mult/shift both
 * NULL: the multipliers are checked, not stored (out_mult/out_shift NULL,
 * for the caller to set before running).
 * DEPTHWISE: filter [1][filter_h][filter_w][out_c], oc = ic * dm + m. */
cai_k_err_t cai_k_conv_s8_prepare(cai_k_conv_s8_params_t *p, int padding, float in_scale,
                                  const float *w_scales, int32_t n_w_scales, float out_scale,
                                  int activation, int32_t *mult, int32_t *shift);
cai_k_err_t cai_k_dwconv_s8_prepare(cai_k_conv_s8_params_t *p, int padding, float in_scale,
                                    const float *w_scales, int32_t n_w_scales, float out_scale,
                                    int activation, int32_t *mult, int32_t *shift);
size_t cai_k_conv_s8_scratch_size(const cai_k_conv_s8_params_t *p);
size_t cai_k_dwconv_s8_scratch_size(const cai_k_conv_s8_params_t *p);
void cai_k_conv_s8(const cai_k_conv_s8_params_t *p, const int8_t *in, const int8_t *filter,
                   const int32_t *bias, int8_t *out, void *scratch);
void cai_k_dwconv_s8(const cai_k_conv_s8_params_t *p, const int8_t *in, const int8_t *filter,
                     const int32_t *bias, int8_t *out, void *scratch);

/* ---- AVERAGE_POOL_2D / MAX_POOL_2D -------------------------------------- */

typedef struct {
    int32_t batches;
    int32_t in_h, in_w, channels;
    int32_t filter_h, filter_w;
    int32_t stride_h, stride_w;
    int32_t out_h, out_w;
    int32_t pad_h, pad_w;
    int32_t act_min, act_max; /* int8 */
    float fact_min, fact_max; /* float */
} cai_k_pool_params_t;

/* The caller sets batches, in_*, channels, filter_*, stride_*; prepare fills
 * out/pad and both activation ranges. For int8 average pooling TFLM requires
 * |in_scale - out_scale| <= 1e-6 and in_zp == out_zp: pass the tensors'
 * values (float ones are ignored for float pools: pass 1, 0). */
cai_k_err_t cai_k_pool_prepare(cai_k_pool_params_t *p, int padding, int activation, float in_scale,
                               int32_t in_zp, float out_scale, int32_t out_zp);
void cai_k_avgpool_s8(const cai_k_pool_params_t *p, const int8_t *in, int8_t *out);
void cai_k_maxpool_s8(const cai_k_pool_params_t *p, const int8_t *in, int8_t *out);
void cai_k_avgpool_f32(const cai_k_pool_params_t *p, const float *in, float *out);
void cai_k_maxpool_f32(const cai_k_pool_params_t *p, const float *in, float *out);

/* ---- SOFTMAX (int8 -> int8, TFLM requires out zp -128, scale 1/256) ------ */

typedef struct {
    int32_t rows;       /* numel / depth */
    int32_t depth;      /* last dimension */
    int32_t input_mult; /* QuantizeMultiplier(beta * in_scale * 2^26) */
    int32_t input_left_shift;
    int32_t diff_min;
} cai_k_softmax_s8_params_t;

/* Caller sets rows and depth. */
cai_k_err_t cai_k_softmax_s8_prepare(cai_k_softmax_s8_params_t *p, float beta, float in_scale,
                                     float out_scale, int32_t out_zp);
void cai_k_softmax_s8(const cai_k_softmax_s8_params_t *p, const int8_t *in, int8_t *out);

typedef struct {
    int32_t rows, depth;
    float beta;
} cai_k_softmax_f32_params_t;
void cai_k_softmax_f32(const cai_k_softmax_f32_params_t *p, const float *in, float *out);

/* ---- QUANTIZE / DEQUANTIZE ----------------------------------------------- */

typedef struct {
    int32_t count;
    float scale; /* float -> int8: q = clamp(round(x / scale) + zp) */
    int32_t zp;
} cai_k_quantize_f32_params_t;
void cai_k_quantize_f32_s8(const cai_k_quantize_f32_params_t *p, const float *in, int8_t *out);

typedef struct {
    int32_t count;
    int32_t in_zp, out_zp;
    int32_t mult, shift; /* QuantizeMultiplier(in_scale / out_scale) */
} cai_k_requantize_params_t;
/* Caller sets count and the zero points. */
cai_k_err_t cai_k_requantize_s8_prepare(cai_k_requantize_params_t *p, float in_scale,
                                        float out_scale);
void cai_k_requantize_s8(const cai_k_requantize_params_t *p, const int8_t *in, int8_t *out);

typedef struct {
    int32_t count;
    double scale; /* (double) of the float32 tensor scale */
    int32_t zp;
} cai_k_dequantize_params_t;
void cai_k_dequantize_s8_f32(const cai_k_dequantize_params_t *p, const int8_t *in, float *out);

/* ---- ADD / MUL (int8 and float, with 4-D broadcasting) ------------------- */

/* Broadcast iteration: output dims padded to 4-D on the left, element
 * strides of each input (0 along a broadcast dimension). */
typedef struct {
    int32_t out_dims[4];
    int32_t in1_strides[4];
    int32_t in2_strides[4];
    int32_t flat; /* 1: both inputs have the output's shape */
} cai_k_bcast4_t;

/* NumPy-style broadcasting of two shapes of rank <= 4 (TFLM supports up to
 * 4-D for these ops in the reference "slow" broadcast path); out_dims gets
 * the result shape, left-padded with 1s. */
cai_k_err_t cai_k_bcast4_prepare(cai_k_bcast4_t *b, const int32_t *dims1, int rank1,
                                 const int32_t *dims2, int rank2);
int32_t cai_k_bcast4_count(const cai_k_bcast4_t *b);

typedef struct {
    cai_k_bcast4_t bc;
    int32_t in1_offset, in2_offset; /* -zp */
    int32_t out_zp;
    int32_t left_shift; /* 20 for int8 */
    int32_t in1_mult, in1_shift;
    int32_t in2_mult, in2_shift;
    int32_t out_mult, out_shift;
    int32_t act_min, act_max;
} cai_k_add_s8_params_t;

/* Caller fills bc (cai_k_bcast4_prepare). */
cai_k_err_t cai_k_add_s8_prepare(cai_k_add_s8_params_t *p, float in1_scale, int32_t in1_zp,
                                 float in2_scale, int32_t in2_zp, float out_scale, int32_t out_zp,
                                 int activation);
void cai_k_add_s8(const cai_k_add_s8_params_t *p, const int8_t *in1, const int8_t *in2,
                  int8_t *out);

typedef struct {
    cai_k_bcast4_t bc;
    int32_t in1_offset, in2_offset; /* -zp */
    int32_t out_zp;
    int32_t out_mult, out_shift; /* in1_scale * in2_scale / out_scale */
    int32_t act_min, act_max;
} cai_k_mul_s8_params_t;

cai_k_err_t cai_k_mul_s8_prepare(cai_k_mul_s8_params_t *p, float in1_scale, int32_t in1_zp,
                                 float in2_scale, int32_t in2_zp, float out_scale, int32_t out_zp,
                                 int activation);
void cai_k_mul_s8(const cai_k_mul_s8_params_t *p, const int8_t *in1, const int8_t *in2,
                  int8_t *out);

typedef struct {
    cai_k_bcast4_t bc;
    float act_min, act_max;
} cai_k_binary_f32_params_t;
void cai_k_add_f32(const cai_k_binary_f32_params_t *p, const float *in1, const float *in2,
                   float *out);
void cai_k_mul_f32(const cai_k_binary_f32_params_t *p, const float *in1, const float *in2,
                   float *out);

/* ---- Element-wise activations ------------------------------------------- */

typedef struct {
    int32_t count;
    int32_t in_zp;
    int32_t input_range_radius;
    int32_t input_mult;
    int32_t input_left_shift;
} cai_k_sigmoid_s8_params_t;

/* LOGISTIC int8 (output scale 1/256, zp -128) and TANH int8 (output scale
 * 1/128, zp 0), TFLM reference algorithms (gemmlowp fixed point). Caller
 * sets count. */
cai_k_err_t cai_k_logistic_s8_prepare(cai_k_sigmoid_s8_params_t *p, float in_scale, int32_t in_zp,
                                      float out_scale, int32_t out_zp);
void cai_k_logistic_s8(const cai_k_sigmoid_s8_params_t *p, const int8_t *in, int8_t *out);
cai_k_err_t cai_k_tanh_s8_prepare(cai_k_sigmoid_s8_params_t *p, float in_scale, int32_t in_zp,
                                  float out_scale, int32_t out_zp);
void cai_k_tanh_s8(const cai_k_sigmoid_s8_params_t *p, const int8_t *in, int8_t *out);
void cai_k_logistic_f32(int32_t count, const float *in, float *out);
void cai_k_tanh_f32(int32_t count, const float *in, float *out);

/* RELU / RELU6 int8, as TFLM's standalone activation ops:
 * RELU:  y = clamp(out_zp + MBQM(x - in_zp, mult, shift), max(-128, Q(0)), 127)
 *        with mult/shift from in_scale / out_scale (ReluQuantized);
 * RELU6: y = clamp(x, in_zp, Q_in(6)) with no rescaling (TFLM assumes the
 *        output tensor shares the input's quantization).
 * requantize is 1 for RELU, 0 for RELU6. */
typedef struct {
    int32_t count;
    int32_t requantize;
    int32_t in_zp, out_zp;
    int32_t mult, shift;
    int32_t act_min, act_max;
} cai_k_relu_s8_params_t;
/* activation is CAI_K_ACT_RELU or CAI_K_ACT_RELU6. Caller sets count. */
cai_k_err_t cai_k_relu_s8_prepare(cai_k_relu_s8_params_t *p, int activation, float in_scale,
                                  int32_t in_zp, float out_scale, int32_t out_zp);
void cai_k_relu_s8(const cai_k_relu_s8_params_t *p, const int8_t *in, int8_t *out);
/* Float RELU family: clamp to the cai_k_act_range_f32 range. */
void cai_k_clamp_f32(int32_t count, float lo, float hi, const float *in, float *out);

/* RESHAPE: a byte copy (a no-op when in == out). */
void cai_k_copy(const void *in, void *out, size_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* CAI_INFER_KERNELS_H */

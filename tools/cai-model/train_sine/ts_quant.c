/* SPDX-License-Identifier: Apache-2.0 */
#include "ts_quant.h"

#include <math.h>
#include <stdio.h>

#define TS_TWO_PI 6.28318530717958647692

int ts_quant_activation_param(double lo, double hi, ts_qparam_t *qp)
{
    if (lo > 0.0)
        lo = 0.0;
    if (hi < 0.0)
        hi = 0.0;
    if (!(hi - lo > 0.0))
        return -1;
    double scale = (hi - lo) / 255.0;
    double zp = round(-128.0 - lo / scale);
    if (zp < -128.0)
        zp = -128.0;
    if (zp > 127.0)
        zp = 127.0;
    qp->scale = (float)scale;
    qp->zero_point = (int32_t)zp;
    qp->min = lo;
    qp->max = hi;
    return 0;
}

/* Symmetric per-tensor int8 weights and int32 biases for one layer. */
static int quantize_layer(const double *w, const double *b, unsigned in, unsigned out,
                          float in_scale, ts_qlayer_t *l)
{
    double wmax = 0.0;
    for (unsigned i = 0; i < in * out; i++)
        if (fabs(w[i]) > wmax)
            wmax = fabs(w[i]);
    if (!(wmax > 0.0))
        return -1;
    l->in = in;
    l->out = out;
    l->w_scale = (float)(wmax / 127.0);
    for (unsigned i = 0; i < in * out; i++) {
        double qv = round(w[i] / (double)l->w_scale);
        l->w[i] = (int8_t)(qv > 127.0 ? 127.0 : qv < -127.0 ? -127.0 : qv);
    }
    /* Same order as the converter and as TFLM's kernels: widen both float
     * scales to double, multiply, store as float32. */
    l->b_scale = (float)((double)in_scale * (double)l->w_scale);
    for (unsigned o = 0; o < out; o++) {
        double qv = round(b[o] / (double)l->b_scale);
        if (qv > 2147483647.0 || qv < -2147483648.0)
            return -2;
        l->b[o] = (int32_t)qv;
    }
    return 0;
}

int ts_quantize(const ts_mlp_t *m, const ts_qparam_t *ranges, ts_qmodel_t *q, char *err,
                size_t errcap)
{
    double lo[4], hi[4];
    for (int t = 0; t < 4; t++) {
        lo[t] = HUGE_VAL;
        hi[t] = -HUGE_VAL;
    }
    /* Calibration: the representative inputs are float32, as a converter's
     * representative dataset is. */
    for (unsigned k = 0; k < TS_CALIB_POINTS; k++) {
        double x = (double)(float)(TS_TWO_PI * (double)k / (double)(TS_CALIB_POINTS - 1));
        double h1[TS_H1], h2[TS_H2];
        double y = ts_mlp_forward(m, x, h1, h2);
        double v[4][2] = { { x, x }, { h1[0], h1[0] }, { h2[0], h2[0] }, { y, y } };
        for (int i = 1; i < TS_H1; i++) {
            v[1][0] = h1[i] < v[1][0] ? h1[i] : v[1][0];
            v[1][1] = h1[i] > v[1][1] ? h1[i] : v[1][1];
        }
        for (int i = 1; i < TS_H2; i++) {
            v[2][0] = h2[i] < v[2][0] ? h2[i] : v[2][0];
            v[2][1] = h2[i] > v[2][1] ? h2[i] : v[2][1];
        }
        for (int t = 0; t < 4; t++) {
            lo[t] = v[t][0] < lo[t] ? v[t][0] : lo[t];
            hi[t] = v[t][1] > hi[t] ? v[t][1] : hi[t];
        }
    }
    static const char *const names[4] = { "input", "hidden 1", "hidden 2", "output" };
    for (int t = 0; t < 4; t++) {
        if (ranges) {
            q->act[t] = ranges[t];
            continue;
        }
        if (ts_quant_activation_param(lo[t], hi[t], &q->act[t]) != 0) {
            snprintf(err, errcap, "quantize: %s has an empty range", names[t]);
            return -1;
        }
    }
    const double *p = m->p;
    const struct {
        const double *w, *b;
        unsigned in, out;
    } layers[3] = {
        { p + TS_W1, p + TS_B1, 1, TS_H1 },
        { p + TS_W2, p + TS_B2, TS_H1, TS_H2 },
        { p + TS_W3, p + TS_B3, TS_H2, 1 },
    };
    for (int l = 0; l < 3; l++) {
        int rc = quantize_layer(layers[l].w, layers[l].b, layers[l].in, layers[l].out,
                                q->act[l].scale, &q->layer[l]);
        if (rc != 0) {
            snprintf(err, errcap, "quantize: layer %d %s", l + 1,
                     rc == -1 ? "has all-zero weights" : "has a bias too large for int32");
            return -1;
        }
        q->layer[l].fused_relu = l < 2;
    }
    return 0;
}

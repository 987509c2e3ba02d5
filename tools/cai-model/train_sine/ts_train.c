/* SPDX-License-Identifier: Apache-2.0 */
#include "ts_train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ts_quant.h"
#include "ts_sine.h"

#define TS_TWO_PI 6.28318530717958647692

/* Fake quantization state of the quantization-aware phase. */
typedef struct qat {
    ts_qparam_t in, h1, h2, out; /* activation parameters in use */
    double seen[4][2];           /* min/max seen this epoch (next epoch's ranges) */
} qat_t;

/* Round v to the int8 grid of qp and back; *pass is the straight-through
 * gradient factor: 1 inside the representable range, 0 where it clamps. */
static double fake_quant(double v, const ts_qparam_t *qp, double *pass)
{
    double s = (double)qp->scale;
    double q = round(v / s) + (double)qp->zero_point;
    *pass = 1.0;
    if (q > 127.0) {
        q = 127.0;
        *pass = 0.0;
    } else if (q < -128.0) {
        q = -128.0;
        *pass = 0.0;
    }
    return (q - (double)qp->zero_point) * s;
}

/* Per-tensor symmetric int8 rounding of one weight matrix. */
static void fake_quant_weights(const double *w, size_t n, double *out)
{
    double mx = 0.0;
    for (size_t i = 0; i < n; i++)
        mx = fabs(w[i]) > mx ? fabs(w[i]) : mx;
    double s = (double)(float)(mx / 127.0);
    for (size_t i = 0; i < n; i++)
        out[i] = s > 0.0 ? round(w[i] / s) * s : 0.0;
}

static void observe(double seen[2], double v)
{
    seen[0] = v < seen[0] ? v : seen[0];
    seen[1] = v > seen[1] ? v : seen[1];
}

/* Forward and backward pass of one sample with parameters p (the float
 * weights, or their fake-quantized copy). Adds d(loss)/d(param) * 1 to g
 * (dloss/dy = 2*(y - t)*inv_n) and returns the squared error. With q, every
 * activation is fake-quantized and its range recorded. */
static double sample(const double *p, double x, double t, double inv_n, qat_t *q, double *g)
{
    double pass, in_pass[TS_H1], mid_pass[TS_H2], z1[TS_H1], a1[TS_H1], z2[TS_H2], a2[TS_H2];
    if (q)
        x = fake_quant(x, &q->in, &pass);
    for (int i = 0; i < TS_H1; i++) {
        z1[i] = p[TS_W1 + i] * x + p[TS_B1 + i];
        a1[i] = z1[i] > 0.0 ? z1[i] : 0.0;
        in_pass[i] = 1.0;
        if (q) {
            observe(q->seen[1], a1[i]);
            a1[i] = fake_quant(a1[i], &q->h1, &in_pass[i]);
        }
    }
    double y = p[TS_B3];
    for (int o = 0; o < TS_H2; o++) {
        z2[o] = p[TS_B2 + o];
        for (int i = 0; i < TS_H1; i++)
            z2[o] += p[TS_W2 + o * TS_H1 + i] * a1[i];
        a2[o] = z2[o] > 0.0 ? z2[o] : 0.0;
        mid_pass[o] = 1.0;
        if (q) {
            observe(q->seen[2], a2[o]);
            a2[o] = fake_quant(a2[o], &q->h2, &mid_pass[o]);
        }
        y += p[TS_W3 + o] * a2[o];
    }
    double out_pass = 1.0;
    if (q) {
        observe(q->seen[3], y);
        y = fake_quant(y, &q->out, &out_pass);
    }
    double diff = y - t;
    double dy = 2.0 * diff * inv_n * out_pass;

    double d1[TS_H1] = { 0 };
    g[TS_B3] += dy;
    for (int o = 0; o < TS_H2; o++) {
        g[TS_W3 + o] += dy * a2[o];
        if (z2[o] <= 0.0)
            continue; /* ReLU off: no gradient */
        double d2 = dy * p[TS_W3 + o] * mid_pass[o];
        g[TS_B2 + o] += d2;
        for (int i = 0; i < TS_H1; i++) {
            g[TS_W2 + o * TS_H1 + i] += d2 * a1[i];
            d1[i] += d2 * p[TS_W2 + o * TS_H1 + i];
        }
    }
    for (int i = 0; i < TS_H1; i++) {
        if (z1[i] <= 0.0)
            continue;
        double d = d1[i] * in_pass[i];
        g[TS_W1 + i] += d * x;
        g[TS_B1 + i] += d;
    }
    return diff * diff;
}

/* Reset the observed ranges; the input range is fixed by the data. */
static void qat_begin_epoch(qat_t *q)
{
    for (int t = 1; t < 4; t++) {
        q->seen[t][0] = HUGE_VAL;
        q->seen[t][1] = -HUGE_VAL;
    }
}

/* Take the ranges seen in the epoch just finished as the next ones. */
static void qat_end_epoch(qat_t *q)
{
    ts_qparam_t *dst[4] = { NULL, &q->h1, &q->h2, &q->out };
    for (int t = 1; t < 4; t++) {
        ts_qparam_t qp;
        if (ts_quant_activation_param(q->seen[t][0], q->seen[t][1], &qp) == 0)
            *dst[t] = qp;
    }
}

typedef struct adam {
    double m[TS_NPARAM], v[TS_NPARAM];
    double b1t, b2t;
} adam_t;

/* Adam (Kingma & Ba) with the usual constants; beta^t is kept as a running
 * product instead of pow(). */
static void adam_step(adam_t *a, double *p, const double *g, double lr)
{
    const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    a->b1t *= beta1;
    a->b2t *= beta2;
    for (int i = 0; i < TS_NPARAM; i++) {
        a->m[i] = beta1 * a->m[i] + (1.0 - beta1) * g[i];
        a->v[i] = beta2 * a->v[i] + (1.0 - beta2) * g[i] * g[i];
        double mh = a->m[i] / (1.0 - a->b1t);
        double vh = a->v[i] / (1.0 - a->b2t);
        p[i] -= lr * mh / (sqrt(vh) + eps);
    }
}

static double decayed(double lr, unsigned e, unsigned epochs)
{
    double frac = epochs > 1 ? (double)e / (double)(epochs - 1) : 0.0;
    return lr * (1.0 - 0.99 * frac);
}

/* One phase of full-batch Adam; with q, quantization-aware. */
static double phase(ts_mlp_t *m, const double *xs, const double *ts, unsigned n, unsigned epochs,
                    double lr, qat_t *q)
{
    static adam_t adam;
    memset(&adam, 0, sizeof adam);
    adam.b1t = adam.b2t = 1.0;
    const double inv_n = 1.0 / (double)n;
    double loss = 0.0, g[TS_NPARAM], pq[TS_NPARAM];
    for (unsigned e = 0; e < epochs; e++) {
        const double *p = m->p;
        if (q) {
            /* Forward with the weights as int8 will hold them; the gradient
             * updates the float weights (straight-through). */
            memcpy(pq, m->p, sizeof pq);
            fake_quant_weights(m->p + TS_W1, TS_H1, pq + TS_W1);
            fake_quant_weights(m->p + TS_W2, TS_H2 * TS_H1, pq + TS_W2);
            fake_quant_weights(m->p + TS_W3, TS_H2, pq + TS_W3);
            p = pq;
            qat_begin_epoch(q);
        }
        memset(g, 0, sizeof g);
        loss = 0.0;
        for (unsigned k = 0; k < n; k++)
            loss += sample(p, xs[k], ts[k], inv_n, q, g);
        loss *= inv_n;
        if (q && e + 1 < epochs)
            qat_end_epoch(q); /* the last epoch's parameters are the ones kept */
        adam_step(&adam, m->p, g, decayed(lr, e, epochs));
    }
    return loss;
}

/* The training grid: n points evenly spaced over [0, 2*pi], with targets. */
static int make_grid(unsigned n, double **xs, double **ts)
{
    *xs = malloc(n * sizeof **xs);
    *ts = malloc(n * sizeof **ts);
    if (!*xs || !*ts) {
        free(*xs);
        free(*ts);
        return -1;
    }
    for (unsigned k = 0; k < n; k++) {
        (*xs)[k] = TS_TWO_PI * (double)k / (double)(n - 1);
        (*ts)[k] = ts_sine((*xs)[k]);
    }
    return 0;
}

int ts_train_float(ts_mlp_t *m, const ts_train_cfg_t *cfg, ts_train_result_t *res)
{
    const unsigned n = cfg->grid < 2 ? 2 : cfg->grid;
    double *xs, *ts;
    if (make_grid(n, &xs, &ts) != 0)
        return -1;
    res->mse = phase(m, xs, ts, n, cfg->epochs, cfg->lr, NULL);
    res->qat_mse = res->mse;
    res->have_ranges = 0;
    free(xs);
    free(ts);
    return 0;
}

int ts_train_qat(ts_mlp_t *m, const ts_train_cfg_t *cfg, ts_train_result_t *res)
{
    if (cfg->qat_epochs == 0)
        return 0;
    const unsigned n = cfg->grid < 2 ? 2 : cfg->grid;
    double *xs, *ts;
    if (make_grid(n, &xs, &ts) != 0)
        return -1;
    qat_t q;
    memset(&q, 0, sizeof q);
    /* Start from the float network's ranges on the training grid. The
     * input's is fixed: the float32 grid's, as ts_quantize() calibrates it. */
    ts_quant_activation_param(0.0, (double)(float)xs[n - 1], &q.in);
    qat_begin_epoch(&q);
    for (unsigned k = 0; k < n; k++) {
        double h1[TS_H1], h2[TS_H2];
        double y = ts_mlp_forward(m, xs[k], h1, h2);
        for (int i = 0; i < TS_H1; i++)
            observe(q.seen[1], h1[i]);
        for (int i = 0; i < TS_H2; i++)
            observe(q.seen[2], h2[i]);
        observe(q.seen[3], y);
    }
    qat_end_epoch(&q);
    free(xs);
    free(ts);
    /* The int8 model sees only 256 distinct inputs: train on exactly those
     * (the dequantized input levels), so that no level is left to chance
     * between the points of a coarser grid. */
    double lx[256], lt[256];
    for (int k = 0; k < 256; k++) {
        lx[k] = (double)q.in.scale * (double)(k - 128 - q.in.zero_point);
        lt[k] = ts_sine(lx[k]);
    }
    res->qat_mse = phase(m, lx, lt, 256, cfg->qat_epochs, cfg->qat_lr, &q);
    res->have_ranges = 1;
    res->act[0] = q.in;
    res->act[1] = q.h1;
    res->act[2] = q.h2;
    res->act[3] = q.out;
    return 0;
}

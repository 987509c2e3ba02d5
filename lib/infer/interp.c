/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interpreter: prepare binds the planned arena, invoke runs the operators in
 * order. Everything was verified and precomputed at load time; invoke only
 * dispatches on the builtin code to the op_table.h row's eval, with
 * precomputed pointers (no allocation). The one thing recomputed per
 * invoke: per-channel requantization multipliers (infer_requant_run), which
 * would cost 8 bytes per channel of state.
 */
#include <string.h>

#include "op_setup.h"

/* Where tensor t's bytes are once the model is bound to `arena`. */
static void *tensor_ptr(const infer_model_t *m, uint8_t *arena, int t)
{
    if (t < 0) {
        return NULL;
    }
    uint32_t loc = infer_locs(m)[t];
    if (loc == INFER_LOC_NONE) {
        return NULL;
    }
    if (loc & INFER_LOC_CONST) {
        return (void *)(uintptr_t)(m->buf + (loc & ~INFER_LOC_CONST));
    }
    return arena + loc;
}

cai_infer_err_t cai_model_prepare(cai_model_t *model, void *arena, size_t arena_len, char *err,
                                  size_t errcap)
{
    if (err != NULL && errcap > 0) {
        err[0] = '\0';
    }
    infer_model_t *m = model != NULL ? infer_m(model) : NULL;
    fb_ctx_t c = { NULL, 0, err, errcap, false, CAI_INFER_OK };
    if (m == NULL || m->status == INFER_EMPTY) {
        fb_failc(&c, CAI_INFER_ERR_STATE, "no model loaded");
        return c.status;
    }
    if (arena == NULL || (uintptr_t)arena % CAI_INFER_ARENA_ALIGN != 0) {
        fb_failc(&c, CAI_INFER_ERR_ARENA, "the arena must be a %u-byte aligned buffer",
                 (unsigned)CAI_INFER_ARENA_ALIGN);
        return c.status;
    }
    if (arena_len < m->arena_bytes) {
        fb_failc(&c, CAI_INFER_ERR_ARENA, "the arena has %lu bytes, the model needs %lu",
                 (unsigned long)arena_len, (unsigned long)m->arena_bytes);
        return c.status;
    }
    uint8_t *a = (uint8_t *)arena;
    cai_op_rec_t *recs = infer_recs(m);
    for (uint32_t k = 0; k < m->num_ops; k++) {
        cai_op_rec_t *op = &recs[k];
        for (uint32_t j = 0; j < 3; j++) {
            op->in[j] = tensor_ptr(m, a, op->inputs[j]);
        }
        op->out = tensor_ptr(m, a, op->output);
        op->scratch = op->scratch_bytes ? a + op->scratch_off : NULL;
    }
    m->arena = a;
    m->status = INFER_PREPARED;
    return CAI_INFER_OK;
}

void *infer_requant_run(const cai_op_rec_t *op, size_t params_size, const int32_t **mult,
                        const int32_t **shift)
{
    const infer_requant_t *rq =
        (const infer_requant_t *)(const void *)((const uint8_t *)op->params +
                                                infer_align8((uint32_t)params_size));
    const uint32_t area = (4u * (uint32_t)rq->n_channels + 15u) & ~15u;
    int32_t *mu = (int32_t *)op->scratch;
    int32_t *sh = (int32_t *)(void *)((uint8_t *)op->scratch + area);
    if (rq->w_scales == NULL) {
        for (int32_t ch = 0; ch < rq->n_channels; ch++) {
            mu[ch] = rq->u.fixed.mult;
            sh[ch] = rq->u.fixed.shift;
        }
    } else {
        /* the function the kernels' prepare uses: bit-exact with computing
         * them once; checked channel by channel at load, so it cannot fail */
        (void)cai_k_channel_multipliers(rq->u.scales.in_scale, rq->w_scales, rq->n_w_scales,
                                        rq->u.scales.out_scale, rq->n_channels, mu, sh);
    }
    *mult = mu;
    *shift = sh;
    return (uint8_t *)op->scratch + 2u * area;
}

/* Direct dispatch, generated from op_table.h: one case per row calling the
 * row's eval (no function pointer on the run path). A duplicate code in the
 * table is a duplicate case label, i.e. a compile error. */
static void run_op(const cai_op_rec_t *op)
{
    switch (op->builtin) {
#define CAI_OP(NAME, CODE, MAXV, OPT, SETUP, EVAL) \
    case CODE:                                     \
        EVAL(op);                                  \
        break;
#include "op_table.h"
#undef CAI_OP
    default:
        break; /* unreachable: load refuses ops without a row */
    }
}

cai_infer_err_t cai_model_invoke(cai_model_t *model)
{
    const infer_model_t *m = model != NULL ? infer_cm(model) : NULL;
    if (m == NULL || m->status != INFER_PREPARED) {
        return CAI_INFER_ERR_STATE;
    }
    const cai_op_rec_t *op = infer_recs(m), *end = op + m->num_ops;
    for (; op != end; op++) {
        run_op(op);
    }
    return CAI_INFER_OK;
}

cai_infer_err_t cai_model_invoke_visit(cai_model_t *model, cai_tensor_visitor_t visit, void *ctx)
{
    const infer_model_t *m = model != NULL ? infer_cm(model) : NULL;
    if (m == NULL || m->status != INFER_PREPARED) {
        return CAI_INFER_ERR_STATE;
    }
    const cai_op_rec_t *recs = infer_recs(m);
    for (uint32_t k = 0; k < m->num_ops; k++) {
        run_op(&recs[k]);
        if (visit != NULL) {
            cai_tensor_info_t info;
            cai_model_tensor(model, (uint32_t)recs[k].output, &info);
            visit(ctx, k, &info);
        }
    }
    return CAI_INFER_OK;
}

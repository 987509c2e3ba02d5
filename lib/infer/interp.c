/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interpreter: prepare binds the planned arena, invoke runs the operators in
 * order. Everything was verified and precomputed at load time; invoke only
 * dispatches on the builtin code to the op_table.h row's eval, with
 * precomputed pointers (no per-invoke recomputation, no allocation).
 */
#include <string.h>

#include "op_setup.h"

cai_infer_err_t cai_model_prepare(cai_model_t *m, void *arena, size_t arena_len, char *err,
                                  size_t errcap)
{
    if (err != NULL && errcap > 0) {
        err[0] = '\0';
    }
    fb_ctx_t c = { NULL, 0, err, errcap, false, CAI_INFER_OK };
    if (m == NULL || m->state == CAI_MODEL_EMPTY) {
        fb_failc(&c, CAI_INFER_ERR_STATE, "no model loaded");
        return c.status;
    }
    if (arena == NULL || (uintptr_t)arena % CAI_INFER_ARENA_ALIGN != 0) {
        fb_failc(&c, CAI_INFER_ERR_ARENA, "the arena must be a %u-byte aligned buffer",
                 (unsigned)CAI_INFER_ARENA_ALIGN);
        return c.status;
    }
    if (arena_len < m->arena_size) {
        fb_failc(&c, CAI_INFER_ERR_ARENA, "the arena has %lu bytes, the model needs %lu",
                 (unsigned long)arena_len, (unsigned long)m->arena_size);
        return c.status;
    }
    /* Redo the operator setup so that parameter pointers (per-channel
     * multipliers) refer to this copy of the model struct. */
    c.buf = m->buf;
    c.len = m->len;
    if (infer_ops_setup(m, &c) != 0) {
        m->state = CAI_MODEL_LOADED;
        return c.status;
    }
    m->arena = (uint8_t *)arena;
    infer_bind(m);
    m->state = CAI_MODEL_PREPARED;
    return CAI_INFER_OK;
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

cai_infer_err_t cai_model_invoke(cai_model_t *m)
{
    if (m == NULL || m->state != CAI_MODEL_PREPARED) {
        return CAI_INFER_ERR_STATE;
    }
    const cai_op_rec_t *op = m->ops, *end = m->ops + m->num_ops;
    for (; op != end; op++) {
        run_op(op);
    }
    return CAI_INFER_OK;
}

cai_infer_err_t cai_model_invoke_visit(cai_model_t *m, cai_tensor_visitor_t visit, void *ctx)
{
    if (m == NULL || m->state != CAI_MODEL_PREPARED) {
        return CAI_INFER_ERR_STATE;
    }
    for (uint32_t k = 0; k < m->num_ops; k++) {
        run_op(&m->ops[k]);
        if (visit != NULL) {
            cai_tensor_info_t info;
            cai_model_tensor(m, (uint32_t)m->ops[k].output, &info);
            visit(ctx, k, &info);
        }
    }
    return CAI_INFER_OK;
}

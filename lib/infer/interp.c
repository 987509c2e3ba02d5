/*
 * Interpreter: prepare binds the planned arena, invoke runs the operators in
 * order. Everything was verified and precomputed at load time; invoke only
 * dispatches on the precomputed kernel kind with precomputed pointers (no
 * per-invoke recomputation, no allocation).
 */
#include <string.h>

#include "kernels/kernels.h"
#include "model_int.h"
#include "op_params.h"

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

static void run_op(const cai_op_rec_t *op)
{
    const void *p = op->params;
    switch (op->kind) {
    case K_FC_S8:
        cai_k_fc_s8(p, op->in[0], op->in[1], op->in[2], op->out, op->scratch);
        break;
    case K_FC_F32:
        cai_k_fc_f32(p, op->in[0], op->in[1], op->in[2], op->out);
        break;
    case K_CONV_S8:
        cai_k_conv_s8(p, op->in[0], op->in[1], op->in[2], op->out, op->scratch);
        break;
    case K_DWCONV_S8:
        cai_k_dwconv_s8(p, op->in[0], op->in[1], op->in[2], op->out, op->scratch);
        break;
    case K_AVGPOOL_S8:
        cai_k_avgpool_s8(p, op->in[0], op->out);
        break;
    case K_MAXPOOL_S8:
        cai_k_maxpool_s8(p, op->in[0], op->out);
        break;
    case K_AVGPOOL_F32:
        cai_k_avgpool_f32(p, op->in[0], op->out);
        break;
    case K_MAXPOOL_F32:
        cai_k_maxpool_f32(p, op->in[0], op->out);
        break;
    case K_RESHAPE:
        /* in place when the planner aliased the two tensors */
        if (op->in[0] != op->out) {
            cai_k_copy(op->in[0], op->out, (size_t)((const infer_count_params_t *)p)->count);
        }
        break;
    case K_SOFTMAX_S8:
        cai_k_softmax_s8(p, op->in[0], op->out);
        break;
    case K_SOFTMAX_F32:
        cai_k_softmax_f32(p, op->in[0], op->out);
        break;
    case K_QUANTIZE_F32_S8:
        cai_k_quantize_f32_s8(p, op->in[0], op->out);
        break;
    case K_REQUANTIZE_S8:
        cai_k_requantize_s8(p, op->in[0], op->out);
        break;
    case K_DEQUANTIZE_S8_F32:
        cai_k_dequantize_s8_f32(p, op->in[0], op->out);
        break;
    case K_ADD_S8:
        cai_k_add_s8(p, op->in[0], op->in[1], op->out);
        break;
    case K_ADD_F32:
        cai_k_add_f32(p, op->in[0], op->in[1], op->out);
        break;
    case K_MUL_S8:
        cai_k_mul_s8(p, op->in[0], op->in[1], op->out);
        break;
    case K_MUL_F32:
        cai_k_mul_f32(p, op->in[0], op->in[1], op->out);
        break;
    case K_LOGISTIC_S8:
        cai_k_logistic_s8(p, op->in[0], op->out);
        break;
    case K_LOGISTIC_F32:
        cai_k_logistic_f32(((const infer_count_params_t *)p)->count, op->in[0], op->out);
        break;
    case K_TANH_S8:
        cai_k_tanh_s8(p, op->in[0], op->out);
        break;
    case K_TANH_F32:
        cai_k_tanh_f32(((const infer_count_params_t *)p)->count, op->in[0], op->out);
        break;
    case K_RELU_S8:
        cai_k_relu_s8(p, op->in[0], op->out);
        break;
    case K_CLAMP_F32: {
        const infer_clamp_params_t *cp = p;
        cai_k_clamp_f32(cp->count, cp->lo, cp->hi, op->in[0], op->out);
        break;
    }
    default:
        break; /* unreachable: load refuses ops without a kernel */
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

/* SPDX-License-Identifier: Apache-2.0 */
/* Read-only views of a loaded model for callers and host tools. */
#include <string.h>

#include "model_int.h"

static const char *k_engine_name = "cai-tflite/0.1.0";

const char *cai_infer_engine_name(void)
{
    return k_engine_name;
}

size_t cai_model_arena_size(const cai_model_t *m)
{
    return (m != NULL && m->state != CAI_MODEL_EMPTY) ? m->arena_size : 0;
}

uint32_t cai_model_num_inputs(const cai_model_t *m)
{
    return (m != NULL && m->state != CAI_MODEL_EMPTY) ? m->num_inputs : 0;
}

uint32_t cai_model_num_outputs(const cai_model_t *m)
{
    return (m != NULL && m->state != CAI_MODEL_EMPTY) ? m->num_outputs : 0;
}

uint32_t cai_model_num_tensors(const cai_model_t *m)
{
    return (m != NULL && m->state != CAI_MODEL_EMPTY) ? m->num_tensors : 0;
}

uint32_t cai_model_num_ops(const cai_model_t *m)
{
    return (m != NULL && m->state != CAI_MODEL_EMPTY) ? m->num_ops : 0;
}

cai_infer_err_t cai_model_tensor(const cai_model_t *m, uint32_t index, cai_tensor_info_t *out)
{
    if (m == NULL || out == NULL || m->state == CAI_MODEL_EMPTY || index >= m->num_tensors) {
        return CAI_INFER_ERR_ARG;
    }
    const cai_tensor_rec_t *t = &m->tensors[index];
    memset(out, 0, sizeof *out);
    out->index = (int)index;
    out->type = (cai_dtype_t)t->type;
    out->rank = t->rank;
    memcpy(out->dims, t->dims, sizeof out->dims);
    out->elements = infer_elements(t);
    out->bytes = t->bytes;
    out->is_constant = (t->flags & TF_CONST) != 0;
    out->num_scales = t->num_scales;
    out->scale = t->scale;
    out->zero_point = t->zero_point;
    out->quantized_dim = t->quantized_dim;
    out->name = t->name_off ? (const char *)m->buf + t->name_off : "";
    if (t->flags & TF_CONST) {
        out->data = t->const_data;
    } else if (m->state == CAI_MODEL_PREPARED && t->data != NULL) {
        out->data = t->data;
        out->buffer = t->data;
    }
    return CAI_INFER_OK;
}

cai_infer_err_t cai_model_input(const cai_model_t *m, uint32_t i, cai_tensor_info_t *out)
{
    if (m == NULL || m->state == CAI_MODEL_EMPTY || i >= m->num_inputs) {
        return CAI_INFER_ERR_ARG;
    }
    return cai_model_tensor(m, (uint32_t)m->inputs[i], out);
}

cai_infer_err_t cai_model_output(const cai_model_t *m, uint32_t i, cai_tensor_info_t *out)
{
    if (m == NULL || m->state == CAI_MODEL_EMPTY || i >= m->num_outputs) {
        return CAI_INFER_ERR_ARG;
    }
    return cai_model_tensor(m, (uint32_t)m->outputs[i], out);
}

cai_infer_err_t cai_model_tensor_scale(const cai_model_t *m, uint32_t index, uint32_t ch,
                                       float *scale, int32_t *zero_point)
{
    if (m == NULL || m->state == CAI_MODEL_EMPTY || index >= m->num_tensors) {
        return CAI_INFER_ERR_ARG;
    }
    const cai_tensor_rec_t *t = &m->tensors[index];
    if (ch >= t->num_scales) {
        return CAI_INFER_ERR_ARG;
    }
    uint32_t bits = fb_ld32(m->buf + t->scales_off + 4u * ch);
    float s;
    memcpy(&s, &bits, sizeof s);
    if (scale != NULL) {
        *scale = s;
    }
    if (zero_point != NULL) {
        *zero_point = (int32_t)fb_ld64(m->buf + t->zps_off + 8u * ch);
    }
    return CAI_INFER_OK;
}

cai_infer_err_t cai_model_op(const cai_model_t *m, uint32_t index, cai_op_info_t *out)
{
    if (m == NULL || out == NULL || m->state == CAI_MODEL_EMPTY || index >= m->num_ops) {
        return CAI_INFER_ERR_ARG;
    }
    const cai_op_rec_t *op = &m->ops[index];
    memset(out, 0, sizeof *out);
    out->builtin = op->builtin;
    out->name = infer_op_find(op->builtin)->name; /* loaded ops all have a row */
    out->version = op->version;
    out->num_inputs = op->num_inputs;
    for (uint32_t j = 0; j < CAI_INFER_MAX_OP_INPUTS; j++) {
        out->inputs[j] = op->inputs[j];
    }
    out->output = op->output;
    out->options = op->opts;
    return CAI_INFER_OK;
}

const char *cai_model_description(const cai_model_t *m)
{
    if (m == NULL || m->state == CAI_MODEL_EMPTY || m->description_off == 0) {
        return "";
    }
    return (const char *)m->buf + m->description_off;
}

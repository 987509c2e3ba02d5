/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NS client wrappers of the inference service (cai/infer_client.h): one
 * psa_call each, arguments checked before, the answer checked against the
 * wire contract (cai/inference.h) after.
 */
#include <string.h>

#include "cai/infer_client.h"
#include "cai/services.h"

psa_handle_t cai_infer_handle(void)
{
    return CAI_STATELESS_HANDLE(CAI_INFERENCE_INDEX, CAI_INFERENCE_VERSION);
}

/* A static handle the image does not serve is a programmer error to the
 * SPM; psa_version tells "no such service" (CONNECTION_REFUSED) apart. */
static psa_status_t infer_call(int32_t type, const psa_invec *in, size_t n_in, psa_outvec *out,
                               size_t n_out)
{
    psa_status_t st = psa_call(cai_infer_handle(), type, in, n_in, out, n_out);
    if (st == PSA_ERROR_PROGRAMMER_ERROR && psa_version(CAI_INFERENCE_SID) == PSA_VERSION_NONE) {
        st = PSA_ERROR_CONNECTION_REFUSED;
    }
    return st;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* A NUL-padded field of n bytes into a string; false when it has no NUL or
 * bytes after it. */
static bool padded_string(const uint8_t *p, size_t n, char *out)
{
    size_t len = 0;
    while (len < n && p[len] != 0) {
        len++;
    }
    if (len == n) {
        return false;
    }
    for (size_t i = len; i < n; i++) {
        if (p[i] != 0) {
            return false;
        }
    }
    memcpy(out, p, len);
    out[len] = '\0';
    return true;
}

static bool tensor_decode(const uint8_t *r, cai_infer_tensor_t *t)
{
    t->type = r[0];
    t->rank = r[1];
    if (t->rank > 6u || r[2] != 0 || r[3] != 0) {
        return false;
    }
    for (unsigned d = 0; d < 6u; d++) {
        t->dims[d] = (int32_t)le32(r + 4u + 4u * d);
    }
    t->elements = le32(r + 28);
    uint32_t bits = le32(r + 32);
    memcpy(&t->scale, &bits, sizeof(t->scale));
    t->zero_point = (int32_t)le32(r + 36);
    return true;
}

psa_status_t cai_infer_model_info(uint32_t index, cai_infer_model_info_t *info)
{
    if (info == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    memset(info, 0, sizeof(*info));
    uint8_t idx[4] = { (uint8_t)index, (uint8_t)(index >> 8), (uint8_t)(index >> 16),
                       (uint8_t)(index >> 24) };
    uint8_t rec[CAI_INFER_MODEL_INFO_LEN];
    uint8_t tensors[2 * CAI_INFER_TENSOR_INFO_LEN];
    psa_invec in[1] = { { idx, sizeof(idx) } };
    psa_outvec out[2] = { { rec, sizeof(rec) }, { tensors, sizeof(tensors) } };
    psa_status_t st = infer_call(CAI_INFER_CALL_MODEL_INFO, in, 1, out, 2);
    if (st != PSA_SUCCESS) {
        return st;
    }
    bool ok = out[0].len == sizeof(rec) && out[1].len == sizeof(tensors) &&
              padded_string(rec, 32, info->name) && info->name[0] != '\0' &&
              padded_string(rec + 32, 32, info->engine) && rec[112] == 1 && rec[113] == 1 &&
              rec[114] <= 1 && rec[115] == 0 && le32(rec + 116) > 0 &&
              le32(rec + 116) <= CAI_INFER_RESULT_MAX && tensor_decode(tensors, &info->input) &&
              tensor_decode(tensors + CAI_INFER_TENSOR_INFO_LEN, &info->output);
    if (!ok) {
        memset(info, 0, sizeof(*info));
        return PSA_ERROR_GENERIC_ERROR;
    }
    memcpy(info->digest, rec + 64, sizeof(info->digest));
    info->version = le32(rec + 96);
    info->model_bytes = le32(rec + 100);
    info->state_bytes = le32(rec + 104);
    info->arena_bytes = le32(rec + 108);
    info->builtin = rec[114] == 1;
    info->result_max = le32(rec + 116);
    return PSA_SUCCESS;
}

psa_status_t cai_infer_model_find(const char *name, cai_infer_model_info_t *info)
{
    if (name == NULL || info == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    for (uint32_t i = 0; i < 256u; i++) {
        psa_status_t st = cai_infer_model_info(i, info);
        if (st != PSA_SUCCESS) {
            return st;
        }
        if (strcmp(info->name, name) == 0) {
            return PSA_SUCCESS;
        }
    }
    memset(info, 0, sizeof(*info));
    return PSA_ERROR_DOES_NOT_EXIST;
}

psa_status_t cai_infer_run(const cai_infer_request_t *req, uint8_t *out, size_t cap,
                           size_t *out_len)
{
    if (out_len != NULL) {
        *out_len = 0;
    }
    if (req == NULL || req->model == NULL || out == NULL || out_len == NULL ||
        (req->input == NULL && req->input_len > 0) || (req->nonce == NULL && req->nonce_len > 0) ||
        req->nonce_len > CAI_INFER_NONCE_MAX) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    size_t n = strlen(req->model);
    if (n == 0 || n > CAI_INFER_NAME_MAX) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    uint8_t r[CAI_INFER_REQUEST_LEN] = { 0 };
    memcpy(r, req->model, n);
    r[32] = req->format;
    r[33] = req->flags;
    r[34] = req->input_type;
    psa_invec in[3] = { { r, sizeof(r) },
                        { req->input, req->input_len },
                        { req->nonce, req->nonce_len } };
    psa_outvec ov[1] = { { out, cap } };
    psa_status_t st = infer_call(CAI_INFER_CALL_RUN, in, 3, ov, 1);
    if (st != PSA_SUCCESS) {
        return st;
    }
    if (ov[0].len == 0 || ov[0].len > cap) {
        memset(out, 0, cap);
        return PSA_ERROR_GENERIC_ERROR;
    }
    *out_len = ov[0].len;
    return PSA_SUCCESS;
}

psa_status_t cai_infer_cloud_key_get(uint8_t pub[CAI_INFER_CLOUD_PUB_LEN],
                                     uint8_t kid[CAI_INFER_CLOUD_KID_LEN])
{
    if (pub == NULL || kid == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_outvec out[2] = { { pub, CAI_INFER_CLOUD_PUB_LEN }, { kid, CAI_INFER_CLOUD_KID_LEN } };
    psa_status_t st = infer_call(CAI_INFER_CALL_CLOUD_KEY_GET, NULL, 0, out, 2);
    if (st == PSA_SUCCESS && (out[0].len != CAI_INFER_CLOUD_PUB_LEN ||
                              out[1].len != CAI_INFER_CLOUD_KID_LEN || pub[0] != 0x04)) {
        st = PSA_ERROR_GENERIC_ERROR;
    }
    if (st != PSA_SUCCESS) {
        memset(pub, 0, CAI_INFER_CLOUD_PUB_LEN);
        memset(kid, 0, CAI_INFER_CLOUD_KID_LEN);
    }
    return st;
}

psa_status_t cai_infer_cloud_key_set(const uint8_t pub[CAI_INFER_CLOUD_PUB_LEN])
{
    if (pub == NULL || pub[0] != 0x04) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_invec in[1] = { { pub, CAI_INFER_CLOUD_PUB_LEN } };
    return infer_call(CAI_INFER_CALL_CLOUD_KEY_SET, in, 1, NULL, 0);
}

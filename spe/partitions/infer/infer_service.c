/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CAI_INFERENCE: the inference service (include/cai/inference.h has the
 * call types, their vectors and statuses). A request names a model of the
 * registry and gives its input; the partition checks the input, runs the
 * model, takes the next sequence number and answers with the claims map of
 * docs/design.md §5, bare, signed, or signed over its encryption to the
 * cloud key. The NS side never chooses the bytes that are signed: only the
 * input (which the SPE quantizes and runs) and the nonce (a claim inside the
 * map) come from it.
 */
#include <string.h>

#include "cai/partition.h"
#include "infer_partition.h"

psa_status_t cai_infer_init(void)
{
    psa_status_t st = infer_keys_init();
    if (st == PSA_SUCCESS) {
        st = infer_seq_init();
    }
    if (st == PSA_SUCCESS) {
        st = infer_registry_init();
    }
    return st;
}

static void put_le32(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
    b[3] = (uint8_t)(v >> 24);
}

static void put_tensor_record(uint8_t rec[CAI_INFER_TENSOR_INFO_LEN], const cai_tensor_info_t *t)
{
    memset(rec, 0, CAI_INFER_TENSOR_INFO_LEN);
    rec[0] = (uint8_t)t->type;
    rec[1] = (uint8_t)t->rank;
    for (uint32_t d = 0; d < t->rank && d < 6u; d++) {
        put_le32(rec + 4u + 4u * d, (uint32_t)t->dims[d]);
    }
    put_le32(rec + 28, (uint32_t)t->elements);
    float scale = t->num_scales > 0 ? t->scale : 0.0f;
    uint32_t bits;
    memcpy(&bits, &scale, sizeof(bits));
    put_le32(rec + 32, bits);
    put_le32(rec + 36, (uint32_t)(t->num_scales > 0 ? t->zero_point : 0));
}

static void put_padded(uint8_t *dst, size_t cap, const char *s)
{
    size_t n = strlen(s);
    memset(dst, 0, cap);
    memcpy(dst, s, n < cap ? n : cap - 1);
}

static psa_status_t call_model_info(const psa_msg_t *msg)
{
    uint8_t idx[4];
    if (msg->in_size[0] != sizeof(idx) || psa_read(msg->handle, 0, idx, sizeof(idx)) != 4u) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    uint32_t i =
        (uint32_t)idx[0] | (uint32_t)idx[1] << 8 | (uint32_t)idx[2] << 16 | (uint32_t)idx[3] << 24;
    const infer_model_t *m = infer_registry_at(i);
    if (m == NULL) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    uint8_t rec[CAI_INFER_MODEL_INFO_LEN];
    uint8_t tensors[2 * CAI_INFER_TENSOR_INFO_LEN];
    if (msg->out_size[0] < sizeof(rec) ||
        (msg->out_size[1] > 0 && msg->out_size[1] < sizeof(tensors))) {
        return PSA_ERROR_BUFFER_TOO_SMALL;
    }
    memset(rec, 0, sizeof(rec));
    put_padded(rec, 32, m->name);
    put_padded(rec + 32, 32, infer_engine_name());
    memcpy(rec + 64, m->digest, sizeof(m->digest));
    put_le32(rec + 96, m->version);
    put_le32(rec + 100, (uint32_t)m->len);
    put_le32(rec + 104, (uint32_t)m->need.state_bytes);
    put_le32(rec + 108, (uint32_t)m->need.arena_bytes);
    rec[112] = 1;
    rec[113] = 1;
    rec[114] = m->builtin ? 1 : 0;
    put_le32(rec + 116, (uint32_t)m->result_bound);
    psa_write(msg->handle, 0, rec, sizeof(rec));
    if (msg->out_size[1] > 0) {
        put_tensor_record(tensors, &m->in);
        put_tensor_record(tensors + CAI_INFER_TENSOR_INFO_LEN, &m->out);
        psa_write(msg->handle, 1, tensors, sizeof(tensors));
    }
    return PSA_SUCCESS;
}

typedef struct run_request {
    char name[CAI_INFER_NAME_MAX + 1];
    uint8_t format, flags, input_type;
} run_request_t;

/* in[0]: a NUL-padded name of 1..31 characters, then exactly the known
 * values; anything else is INVALID_ARGUMENT (a reserved byte that is not
 * zero too, so it can get a meaning later). */
static psa_status_t read_request(const psa_msg_t *msg, run_request_t *r)
{
    uint8_t b[CAI_INFER_REQUEST_LEN];
    if (msg->in_size[0] != sizeof(b) || psa_read(msg->handle, 0, b, sizeof(b)) != sizeof(b)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    size_t n = 0;
    while (n < 32u && b[n] != 0) {
        n++;
    }
    if (n == 0 || n > CAI_INFER_NAME_MAX) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    for (size_t i = n; i < 32u; i++) {
        if (b[i] != 0) {
            return PSA_ERROR_INVALID_ARGUMENT;
        }
    }
    memcpy(r->name, b, n);
    r->name[n] = '\0';
    r->format = b[32];
    r->flags = b[33];
    r->input_type = b[34];
    if (r->format > CAI_INFER_FORMAT_ENCRYPT || (r->flags & ~CAI_INFER_FLAG_BIND_INPUT) != 0 ||
        r->input_type > CAI_INFER_INPUT_RAW || b[35] != 0) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    return PSA_SUCCESS;
}

/* Encode, then sign or sign-and-encrypt, into the result buffer. */
typedef struct cloud_key {
    uint8_t pub[CAI_INFER_CLOUD_PUB_LEN];
    uint8_t kid[CAI_INFER_CLOUD_KID_LEN];
} cloud_key_t;

/* cloud: the recipient of the encrypt format (unused by the others). */
static psa_status_t make_result(const infer_claims_t *c, uint8_t format, const cloud_key_t *cloud,
                                const uint8_t **res, size_t *res_len)
{
    const infer_buffers_t *b = infer_buffers();
    size_t n = 0;
    bool in_scratch = format == CAI_INFER_FORMAT_SIGN1;
    uint8_t *claims = in_scratch ? b->scratch : b->result;
    psa_status_t st =
        infer_result_encode(c, claims, in_scratch ? b->scratch_len : b->result_len, &n);
    if (st != PSA_SUCCESS) {
        return st;
    }
    *res = b->result;
    if (format == CAI_INFER_FORMAT_CBOR) {
        *res_len = n;
        return PSA_SUCCESS;
    }
    if (format == CAI_INFER_FORMAT_SIGN1) {
        st = infer_sign1(claims, n, b->result, b->result_len, res_len);
        cai_wipe(claims, n);
        return st;
    }
    return infer_sign_encrypt(cloud->pub, cloud->kid, b->result, b->result_len, n, b->scratch,
                              b->scratch_len, res_len);
}

static psa_status_t call_run(const psa_msg_t *msg)
{
    run_request_t r;
    psa_status_t st = read_request(msg, &r);
    if (st != PSA_SUCCESS) {
        return st;
    }
    infer_model_t *m = infer_registry_find(r.name);
    if (m == NULL) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    uint8_t nonce[CAI_INFER_NONCE_MAX];
    size_t nonce_len = msg->in_size[2];
    if (nonce_len > sizeof(nonce) || psa_read(msg->handle, 2, nonce, nonce_len) != nonce_len) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    /* Read once, before running: no key, no result (and no sequence
     * number spent); the same key then seals the result. */
    cloud_key_t cloud = { { 0 }, { 0 } };
    if (r.format == CAI_INFER_FORMAT_ENCRYPT) {
        st = infer_cloud_key_get(cloud.pub, cloud.kid);
        if (st != PSA_SUCCESS) {
            return st;
        }
    }
    const infer_buffers_t *b = infer_buffers();
    cai_tensor_info_t in, out;
    st = infer_engine_bind(&m->engine, b->arena, b->arena_len);
    if (st == PSA_SUCCESS) {
        st = infer_engine_input(&m->engine, 0, &in);
    }
    if (st == PSA_SUCCESS) {
        st = infer_input_read(msg, r.input_type, &in, b->input_copy, b->input_copy_len);
    }
    if (st == PSA_SUCCESS) {
        st = infer_engine_invoke(&m->engine);
    }
    if (st == PSA_SUCCESS) {
        st = infer_engine_output(&m->engine, 0, &out);
    }
    infer_claims_t c = { .model = m,
                         .out = &out,
                         .bound_input =
                             (r.flags & CAI_INFER_FLAG_BIND_INPUT) != 0 ? b->input_copy : NULL,
                         .ueid = infer_ueid(),
                         .nonce = nonce,
                         .nonce_len = nonce_len };
    if (st == PSA_SUCCESS) {
        st = infer_seq_next(&c.seq);
    }
    const uint8_t *res = NULL;
    size_t res_len = 0;
    if (st == PSA_SUCCESS) {
        st = make_result(&c, r.format, &cloud, &res, &res_len);
    }
    if (st == PSA_SUCCESS && msg->out_size[0] < res_len) {
        st = PSA_ERROR_BUFFER_TOO_SMALL;
    }
    if (st == PSA_SUCCESS) {
        psa_write(msg->handle, 0, res, res_len);
    }
    return st;
}

static psa_status_t call_cloud_key_get(const psa_msg_t *msg)
{
    uint8_t pub[CAI_INFER_CLOUD_PUB_LEN], kid[CAI_INFER_CLOUD_KID_LEN];
    psa_status_t st = infer_cloud_key_get(pub, kid);
    if (st != PSA_SUCCESS) {
        return st;
    }
    if (msg->out_size[0] < sizeof(pub) ||
        (msg->out_size[1] > 0 && msg->out_size[1] < sizeof(kid))) {
        return PSA_ERROR_BUFFER_TOO_SMALL;
    }
    psa_write(msg->handle, 0, pub, sizeof(pub));
    if (msg->out_size[1] > 0) {
        psa_write(msg->handle, 1, kid, sizeof(kid));
    }
    return PSA_SUCCESS;
}

static psa_status_t call_cloud_key_set(const psa_msg_t *msg)
{
    uint8_t pub[CAI_INFER_CLOUD_PUB_LEN];
    if (msg->in_size[0] != sizeof(pub) ||
        psa_read(msg->handle, 0, pub, sizeof(pub)) != sizeof(pub)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    return infer_cloud_key_set(pub);
}

psa_status_t cai_infer_sfn(const psa_msg_t *msg)
{
    switch (msg->type) {
    case CAI_INFER_CALL_MODEL_INFO:
        return call_model_info(msg);
    case CAI_INFER_CALL_RUN:
        return call_run(msg);
    case CAI_INFER_CALL_CLOUD_KEY_GET:
        return call_cloud_key_get(msg);
    case CAI_INFER_CALL_CLOUD_KEY_SET:
        return call_cloud_key_set(msg);
    default:
        return PSA_ERROR_NOT_SUPPORTED;
    }
}

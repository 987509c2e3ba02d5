/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The claims map of a result (docs/design.md §5), in deterministic CBOR
 * (RFC 8949 §4.2.1): shortest heads, floats in the shortest form that is
 * exact (a float32 value is never widened, and becomes a half when that
 * loses nothing), and the keys in bytewise order of their encodings, which
 * for these keys is
 *   10 (0x0a) < 256 (0x19..) < -80000 < -80006 < ... < -80010 (0x3a..),
 * the negative ones ordered by the magnitude of their argument.
 */
#include <string.h>

#include "cai/cbor.h"
#include "infer_partition.h"

/* The labels, as the argument n of the negative integer -1 - n. */
#define LABEL_OUTPUT 79999u /* -80000 */
#define LABEL_SEQ    80005u /* -80006 */
#define LABEL_MODEL  80006u /* -80007 */
#define LABEL_DIGEST 80007u /* -80008 */
#define LABEL_ENGINE 80008u /* -80009 */
#define LABEL_INPUT  80009u /* -80010 */
#define LABEL_UEID   256u
#define LABEL_NONCE  10u
#define UEID_LEN     17u

size_t infer_claims_bound(size_t out_elements, size_t in_elements)
{
    /* 5 bytes per float at most (a float32), fixed claims well under 256:
     * map head 1, nonce 3+64, ueid 5+17, two array heads 2x(5+5), seq 5+9,
     * model 5+2+31, digest 5+2+32, engine 5+2+31. */
    return 256u + 5u * (out_elements + in_elements);
}

static float value_at(const cai_tensor_info_t *t, const uint8_t *data, size_t i)
{
    if (t->type == CAI_DTYPE_INT8) {
        int8_t q = (int8_t)data[i];
        return (float)((int32_t)q - t->zero_point) * t->scale;
    }
    float f;
    memcpy(&f, data + 4u * i, sizeof(f));
    return f;
}

static void put_tensor(cai_cbor_enc_t *e, const cai_tensor_info_t *t, const uint8_t *data)
{
    cai_cbor_put_array(e, t->elements);
    for (size_t i = 0; i < t->elements; i++) {
        cai_cbor_put_float(e, (double)value_at(t, data, i));
    }
}

psa_status_t infer_result_encode(const infer_claims_t *c, uint8_t *out, size_t cap, size_t *out_len)
{
    *out_len = 0;
    const infer_model_t *m = c->model;
    cai_cbor_enc_t e;
    cai_cbor_enc_init(&e, out, cap);
    cai_cbor_put_map(&e, 6u + (c->nonce_len > 0) + (c->bound_input != NULL));
    if (c->nonce_len > 0) {
        cai_cbor_put_uint(&e, LABEL_NONCE);
        cai_cbor_put_bstr(&e, c->nonce, c->nonce_len);
    }
    cai_cbor_put_uint(&e, LABEL_UEID);
    cai_cbor_put_bstr(&e, c->ueid, UEID_LEN);
    cai_cbor_put_nint_raw(&e, LABEL_OUTPUT);
    put_tensor(&e, c->out, c->out->data);
    cai_cbor_put_nint_raw(&e, LABEL_SEQ);
    cai_cbor_put_uint(&e, c->seq);
    cai_cbor_put_nint_raw(&e, LABEL_MODEL);
    cai_cbor_put_tstr_z(&e, m->name);
    cai_cbor_put_nint_raw(&e, LABEL_DIGEST);
    cai_cbor_put_bstr(&e, m->digest, sizeof(m->digest));
    cai_cbor_put_nint_raw(&e, LABEL_ENGINE);
    cai_cbor_put_tstr_z(&e, infer_engine_name());
    if (c->bound_input != NULL) {
        cai_cbor_put_nint_raw(&e, LABEL_INPUT);
        put_tensor(&e, &m->in, c->bound_input);
    }
    cai_cbor_err_t ce = cai_cbor_enc_finish(&e, out_len);
    if (ce != CAI_CBOR_OK) {
        *out_len = 0;
        return ce == CAI_CBOR_ERR_BUFFER_TOO_SMALL ? PSA_ERROR_BUFFER_TOO_SMALL
                                                   : PSA_ERROR_GENERIC_ERROR;
    }
    return PSA_SUCCESS;
}

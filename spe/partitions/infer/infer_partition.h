/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The inference partition (CAI_INFERENCE, include/cai/inference.h): the
 * model registry, input checks, result encoding, signing through the
 * keystore, the sequence number and the cloud key. docs/inference.md.
 */
#ifndef CAI_INFER_PARTITION_H
#define CAI_INFER_PARTITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cai/crypto.h"
#include "cai/inference.h"
#include "infer_engine.h"
#include "partition_ids.h"
#include "psa/service.h"

psa_status_t cai_infer_init(void);
psa_status_t cai_infer_sfn(const psa_msg_t *msg);

/* ---- registry (infer_registry.c) ---- */

typedef struct infer_model {
    char name[CAI_INFER_NAME_MAX + 1];
    uint32_t version;
    bool builtin;
    const uint8_t *bytes;
    size_t len;
    uint8_t digest[CAI_SHA256_LEN];
    infer_engine_model_t engine;
    infer_engine_need_t need;
    cai_tensor_info_t in, out; /* input 0 and output 0, as loaded */
    size_t claims_max;         /* bound on its claims map (input bound, largest nonce) */
    size_t result_bound;       /* bound on a result of it in any format */
} infer_model_t;

/* Verify, measure and load every model image (cai_spe_port_model_get);
 * size the arena and the result buffers from them. Any invalid image fails
 * the boot with one log line naming it. */
psa_status_t infer_registry_init(void);
size_t infer_registry_count(void);
infer_model_t *infer_registry_at(size_t index);
infer_model_t *infer_registry_find(const char *name); /* NULL: none */

/* The shared buffers sized at boot: the arena, a copy of the input (for
 * binding), the result and one scratch buffer. A format needs two stages at
 * most at a time: cbor writes the result; sign1 encodes the claims in
 * scratch and signs them into the result; encrypt encodes them in the
 * result, encrypts them into scratch and signs that back into the result. */
typedef struct infer_buffers {
    void *arena;
    size_t arena_len;
    uint8_t *input_copy;
    size_t input_copy_len;
    uint8_t *scratch; /* the claims (sign1) or the inner COSE_Encrypt */
    size_t scratch_len;
    uint8_t *result;
    size_t result_len;
} infer_buffers_t;
const infer_buffers_t *infer_buffers(void);

/* ---- input (infer_input.c) ---- */

/* Read in[1] (count and type checked against the model's input 0) into the
 * bound input tensor, quantizing real values; NaN, infinity and values the
 * tensor cannot represent are PSA_ERROR_INVALID_ARGUMENT. A copy of the
 * tensor bytes goes to copy (for binding). */
psa_status_t infer_input_read(const psa_msg_t *msg, uint8_t input_type, const cai_tensor_info_t *t,
                              uint8_t *copy, size_t copy_len);

/* ---- result (infer_result.c) ---- */

typedef struct infer_claims {
    const infer_model_t *model;
    const cai_tensor_info_t *out; /* output 0 after the run */
    const uint8_t *bound_input;   /* the input tensor's bytes, or NULL */
    uint64_t seq;
    const uint8_t *ueid; /* 17 bytes */
    const uint8_t *nonce;
    size_t nonce_len;
} infer_claims_t;

/* The claims map of docs/design.md §5, deterministic. */
psa_status_t infer_result_encode(const infer_claims_t *c, uint8_t *out, size_t cap,
                                 size_t *out_len);
/* Upper bound of infer_result_encode for a model (with a bound input and
 * the largest nonce). */
size_t infer_claims_bound(size_t out_elements, size_t in_elements);

/* ---- keys (infer_keys.c) ---- */

/* The device UUID from CAI_IDENTITY (at init) as an EAT ueid. */
psa_status_t infer_keys_init(void);
const uint8_t *infer_ueid(void); /* 17 bytes: 0x01 || UUID */
/* COSE_Sign1 of claims[0..n) through CAI_KEYSTORE (key 0x5002: the
 * partition never holds it) into out. */
psa_status_t infer_sign1(const uint8_t *claims, size_t n, uint8_t *out, size_t cap,
                         size_t *out_len);
/* The encrypt format: the claims in buf[0..n) are encrypted to the cloud key
 * (pub, kid: read once per request with infer_cloud_key_get) into scratch,
 * then the COSE_Sign1 of that replaces them in buf[0..cap). */
psa_status_t infer_sign_encrypt(const uint8_t pub[CAI_INFER_CLOUD_PUB_LEN],
                                const uint8_t kid[CAI_INFER_CLOUD_KID_LEN], uint8_t *buf,
                                size_t cap, size_t n, uint8_t *scratch, size_t scratch_cap,
                                size_t *out_len);
/* The cloud key in protected storage. */
psa_status_t infer_cloud_key_get(uint8_t pub[CAI_INFER_CLOUD_PUB_LEN],
                                 uint8_t kid[CAI_INFER_CLOUD_KID_LEN]);
psa_status_t infer_cloud_key_set(const uint8_t pub[CAI_INFER_CLOUD_PUB_LEN]);

/* ---- sequence number (infer_seq.c) ---- */

/* Numbers are reserved in protected storage in blocks of this many before
 * any is used: a crash or power loss costs at most a gap, never a repeat. */
#define INFER_SEQ_BLOCK 4096u
psa_status_t infer_seq_init(void);
/* The next number, reserving a new block first when needed. */
psa_status_t infer_seq_next(uint64_t *seq);

#endif /* CAI_INFER_PARTITION_H */

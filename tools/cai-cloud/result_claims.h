/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The payload of an inference result (docs/design.md §5), read strictly:
 *
 *   cai-result = {
 *     -80000 => [+ float32]     output tensor      -80006 => uint   sequence number
 *     -80007 => tstr            model name         -80008 => bstr .size 32  model SHA-256
 *     -80009 => tstr            engine             ? -80010 => [+ float32]  bound input
 *     256 => bstr .size 17      ueid 0x01||UUID    ? 10 => bstr     nonce
 *   }
 *
 * Deterministic CBOR, every required claim present once, no other claim,
 * each of its type; the float arrays are float32 (single precision on the
 * wire), as the device writes them.
 */
#ifndef CAI_CLOUD_RESULT_CLAIMS_H
#define CAI_CLOUD_RESULT_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RESULT_MAX_FLOATS 4096u

typedef struct result_claims {
    float output[RESULT_MAX_FLOATS];
    size_t n_output;
    float input[RESULT_MAX_FLOATS];
    size_t n_input; /* 0 when not bound */
    bool has_input;
    uint64_t seq;
    const char *model; /* points into the payload; not NUL-terminated */
    size_t model_len;
    const uint8_t *model_digest; /* 32 bytes */
    const char *engine;
    size_t engine_len;
    uint8_t uuid[16]; /* from the ueid */
    const uint8_t *nonce;
    size_t nonce_len;
    bool has_nonce;
} result_claims_t;

/* Parse payload into c. On failure writes one reason into why and returns
 * false. */
bool result_claims_parse(const uint8_t *payload, size_t len, result_claims_t *c, char *why,
                         size_t why_cap);

#endif /* CAI_CLOUD_RESULT_CLAIMS_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The inference service from the non-secure side: one typed function per
 * call type of CAI_INFERENCE (include/cai/inference.h, docs/inference.md),
 * over the PSA client API. Library cai_infer_client (nspe/api); it calls
 * psa_call and needs a PSA client implementation linked beside it (host:
 * cai_psa_client).
 *
 * As the identity client: arguments are checked before calling
 * (PSA_ERROR_INVALID_ARGUMENT, nothing sent), answers against the contract
 * after (PSA_ERROR_GENERIC_ERROR), and on any failure every output is
 * cleared. An image without the service gives PSA_ERROR_CONNECTION_REFUSED.
 */
#ifndef CAI_INFER_CLIENT_H
#define CAI_INFER_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cai/inference.h"
#include "psa/client.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A tensor record, decoded. */
typedef struct cai_infer_tensor {
    uint8_t type; /* TFLite TensorType: 0 float32, 9 int8, 2 int32 */
    uint8_t rank;
    int32_t dims[6];
    uint32_t elements;
    float scale; /* 0 when not quantized */
    int32_t zero_point;
} cai_infer_tensor_t;

/* CAI_INFER_CALL_MODEL_INFO, decoded. */
typedef struct cai_infer_model_info {
    char name[CAI_INFER_NAME_MAX + 1];
    char engine[32];
    uint8_t digest[32];
    uint32_t version;
    uint32_t model_bytes, state_bytes, arena_bytes;
    bool builtin;
    uint32_t result_max; /* an out vector of this size always holds its result */
    cai_infer_tensor_t input, output;
} cai_infer_model_info_t;

/* The service's static handle (stateless). */
psa_handle_t cai_infer_handle(void);

/* Model `index` of the registry (0 first); PSA_ERROR_DOES_NOT_EXIST past
 * the last. */
psa_status_t cai_infer_model_info(uint32_t index, cai_infer_model_info_t *info);

/* The same, by name (walks the registry). */
psa_status_t cai_infer_model_find(const char *name, cai_infer_model_info_t *info);

/* A request of CAI_INFER_CALL_RUN. */
typedef struct cai_infer_request {
    const char *model;    /* 1..CAI_INFER_NAME_MAX characters */
    uint8_t format;       /* CAI_INFER_FORMAT_* */
    uint8_t flags;        /* CAI_INFER_FLAG_* */
    uint8_t input_type;   /* CAI_INFER_INPUT_FLOAT32: values are floats (4 bytes each, host
                             order); CAI_INFER_INPUT_RAW: the tensor's bytes */
    const void *input;    /* the input values */
    size_t input_len;     /* in bytes */
    const uint8_t *nonce; /* NULL or 0..CAI_INFER_NONCE_MAX bytes */
    size_t nonce_len;
} cai_infer_request_t;

/* Run a model in the SPE; out gets the result (cap of CAI_INFER_RESULT_MAX
 * is always enough). */
psa_status_t cai_infer_run(const cai_infer_request_t *req, uint8_t *out, size_t cap,
                           size_t *out_len);

/* The cloud key (recipient of `encrypt` results): 65-byte SEC1 point and
 * its 32-byte kid; PSA_ERROR_DOES_NOT_EXIST when none is installed. */
psa_status_t cai_infer_cloud_key_get(uint8_t pub[CAI_INFER_CLOUD_PUB_LEN],
                                     uint8_t kid[CAI_INFER_CLOUD_KID_LEN]);
psa_status_t cai_infer_cloud_key_set(const uint8_t pub[CAI_INFER_CLOUD_PUB_LEN]);

#ifdef __cplusplus
}
#endif

#endif /* CAI_INFER_CLIENT_H */

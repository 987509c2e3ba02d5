/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Firmware Framework-M 1.1 client API: what the non-secure side (and a
 * secure partition acting as a client) uses to reach a Root of Trust service.
 * Names, types and values follow the FF-M specification.
 */
#ifndef PSA_CLIENT_H
#define PSA_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PSA_FRAMEWORK_VERSION (0x0101u) /* FF-M 1.1 */
#define PSA_VERSION_NONE      (0u)

typedef int32_t psa_handle_t;

#define PSA_NULL_HANDLE             ((psa_handle_t)0)
#define PSA_HANDLE_IS_VALID(handle) ((psa_handle_t)(handle) > 0)
#define PSA_HANDLE_TO_ERROR(handle) ((psa_status_t)(handle))

/* At most this many vectors in total (in_len + out_len) per psa_call. */
#define PSA_MAX_IOVEC (4u)
/* The generic request type; services define their own types >= 0. */
#define PSA_IPC_CALL (0)

#define IOVEC_LEN(arr) ((size_t)(sizeof(arr) / sizeof((arr)[0])))

typedef struct psa_invec {
    const void *base;
    size_t len;
} psa_invec;

typedef struct psa_outvec {
    void *base;
    size_t len; /* in: capacity; out: bytes the service wrote */
} psa_outvec;

uint32_t psa_framework_version(void);
uint32_t psa_version(uint32_t sid);
psa_handle_t psa_connect(uint32_t sid, uint32_t version);
psa_status_t psa_call(psa_handle_t handle, int32_t type, const psa_invec *in_vec, size_t in_len,
                      psa_outvec *out_vec, size_t out_len);
void psa_close(psa_handle_t handle);

#ifdef __cplusplus
}
#endif

#endif /* PSA_CLIENT_H */

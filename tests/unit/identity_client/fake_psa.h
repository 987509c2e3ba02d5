/* SPDX-License-Identifier: Apache-2.0 */
#ifndef FAKE_PSA_H
#define FAKE_PSA_H

#include <stddef.h>
#include <stdint.h>

#include "psa/client.h"

typedef struct fake_psa {
    /* what the last call carried */
    int calls;
    psa_handle_t handle;
    int32_t type;
    size_t n_in, n_out;
    size_t in_len[4];
    uint8_t in[4][4096];
    size_t out_cap[4];
    /* what it answers */
    psa_status_t status;
    uint8_t reply[4][4096];
    size_t reply_len[4];
    uint32_t version; /* psa_version's answer */
    uint32_t version_sid;
} fake_psa_t;

extern fake_psa_t g_fake;

#endif /* FAKE_PSA_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz COSE_Sign1 parsing and verification. Invariants: no crash, hang or
 * sanitizer report; an accepted message's payload and kid lie inside the
 * input; the strict profile never accepts what the lenient verify rejects.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "cai/cose.h"
#include "cai/crypto.h"
#include "fuzz_keys.h"

static bool inside(const uint8_t *p, size_t n, const uint8_t *data, size_t size)
{
    return n == 0 || (p >= data && n <= size && (size_t)(p - data) <= size - n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    static uint8_t pub[65];
    if (!ready) {
        uint8_t d[32];
        fuzz_sign_priv(d);
        if (cai_crypto_init() != PSA_SUCCESS ||
            cai_p256_public_from_private(d, pub) != PSA_SUCCESS) {
            abort();
        }
        ready = true;
    }
    cai_cose_sign1_info_t info;
    const cai_cose_opts_t lenient = { .flags = CAI_COSE_F_TAG_OPTIONAL };
    cai_cose_err_t e = cai_cose_sign1_verify(data, size, pub, &lenient, &info);
    if (e == CAI_COSE_OK && (!inside(info.payload, info.payload_len, data, size) ||
                             !inside(info.kid, info.kid_len, data, size))) {
        abort();
    }
    if (cai_cose_profile_verify(data, size, pub, NULL) == CAI_COSE_OK && e != CAI_COSE_OK) {
        abort();
    }
    (void)cai_cose_sign1_parse(data, size, NULL, &info);
    return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz the COSE_Key decoder. Invariants: no crash or sanitizer report; a
 * decoded key re-encodes to something that decodes to the same key.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cai/cose.h"
#include "cai/crypto.h"
#include "fuzz_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        if (cai_crypto_init() != PSA_SUCCESS) {
            abort();
        }
        ready = true;
    }
    cai_cose_ec2_key_t k, k2;
    if (cai_cose_key_decode(data, size, &k) != CAI_COSE_OK) {
        return 0;
    }
    uint8_t buf[512];
    size_t n = 0;
    if (cai_cose_key_encode(&k, true, buf, sizeof buf, &n) != CAI_COSE_OK ||
        cai_cose_key_decode(buf, n, &k2) != CAI_COSE_OK ||
        memcmp(k.pub, k2.pub, sizeof k.pub) != 0 || k.has_priv != k2.has_priv ||
        (k.has_priv && memcmp(k.priv, k2.priv, sizeof k.priv) != 0) || k.kid_len != k2.kid_len) {
        abort();
    }
    return 0;
}

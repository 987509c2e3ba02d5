/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target for the crypto interface's parsers of untrusted bytes:
 *   byte 0 % 3 == 0: DER signature -> raw; anything accepted must re-encode
 *                    to exactly the same bytes (only minimal DER is taken);
 *   byte 0 % 3 == 1: AES key unwrap of arbitrary data; a failure must leave
 *                    zeros, and a success must wrap back to the input;
 *   byte 0 % 3 == 2: an arbitrary 65-byte "public key"; if it is accepted,
 *                    ECDH with it and ECDSA verification must run cleanly.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cai/crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        if (cai_crypto_init() != PSA_SUCCESS)
            abort();
        ready = 1;
    }
    if (size < 1)
        return 0;
    const uint8_t mode = data[0] % 3;
    data++;
    size--;

    if (mode == 0) {
        uint8_t sig[64], der[72];
        size_t n = 0;
        if (cai_ecdsa_sig_der_to_raw(data, size, sig) == PSA_SUCCESS) {
            if (cai_ecdsa_sig_raw_to_der(sig, der, sizeof der, &n) != PSA_SUCCESS || n != size ||
                memcmp(der, data, size) != 0) {
                abort(); /* a non-canonical encoding was accepted */
            }
        }
    } else if (mode == 1) {
        static const uint8_t kek[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
        uint8_t out[512], back[520];
        if (size > sizeof out + 8)
            return 0;
        psa_status_t st = cai_aes_kw_unwrap(kek, sizeof kek, data, size, out);
        if (st == PSA_ERROR_INVALID_SIGNATURE) {
            for (size_t i = 0; i + 8 < size; i++) {
                if (out[i] != 0)
                    abort();
            }
        } else if (st == PSA_SUCCESS) {
            if (cai_aes_kw_wrap(kek, sizeof kek, out, size - 8, back) != PSA_SUCCESS ||
                memcmp(back, data, size) != 0) {
                abort();
            }
        }
    } else {
        static const uint8_t priv[32] = { [31] = 7 };
        uint8_t pub[65], z[32], h[32] = { 0 }, sig[64] = { 0 };
        if (size < sizeof pub + sizeof sig)
            return 0;
        memcpy(pub, data, sizeof pub);
        memcpy(sig, data + sizeof pub, sizeof sig);
        if (cai_p256_check_public(pub, sizeof pub) == PSA_SUCCESS) {
            if (cai_ecdh_p256(priv, pub, sizeof pub, z) != PSA_SUCCESS)
                abort();
            psa_status_t st = cai_ecdsa_p256_verify_hash(pub, sizeof pub, h, sig);
            if (st != PSA_SUCCESS && st != PSA_ERROR_INVALID_SIGNATURE)
                abort();
        } else if (cai_ecdh_p256(priv, pub, sizeof pub, z) != PSA_ERROR_INVALID_ARGUMENT) {
            abort(); /* check_public and ECDH disagree about the point */
        }
    }
    return 0;
}

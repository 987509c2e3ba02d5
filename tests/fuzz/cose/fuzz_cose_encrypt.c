/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz COSE_Encrypt / COSE_Encrypt0 decryption with every key kind we
 * implement. Invariants: no crash, hang or sanitizer report; a plaintext is
 * never longer than the input; the profile never accepts what the lenient
 * open rejects.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cai/cose.h"
#include "cai/crypto.h"
#include "fuzz_keys.h"

static uint8_t g_out[1u << 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    static uint8_t kek[16], cek[32];
    /* The recipient key is prepared once, as a key holder would. */
    static cai_p256_key_t recipient;
    static cai_cose_ecdh_t ecdh;
    if (!ready) {
        uint8_t priv[32];
        fuzz_recipient_priv(priv);
        memset(kek, FUZZ_KEK_BYTE, sizeof kek);
        memset(cek, FUZZ_CEK_BYTE, sizeof cek);
        if (cai_crypto_init() != PSA_SUCCESS ||
            cai_cose_ecdh_from_raw(&recipient, priv, &ecdh) != CAI_COSE_OK) {
            abort();
        }
        cai_wipe(priv, sizeof priv);
        ready = true;
    }
    const cai_cose_opts_t lenient = { .flags = CAI_COSE_F_TAG_OPTIONAL };
    const cai_cose_recipient_key_t keys[] = { { .ecdh = &ecdh },
                                              { .key = kek, .key_len = sizeof kek },
                                              { .key = cek, .key_len = sizeof cek } };
    size_t n = 0;
    cai_cose_err_t lenient_ecdh = CAI_COSE_ERR_ARG;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        cai_cose_encrypt_info_t info;
        cai_cose_err_t e =
            cai_cose_encrypt_open(data, size, &keys[i], &lenient, g_out, sizeof g_out, &n, &info);
        if (e == CAI_COSE_OK && n > size) {
            abort();
        }
        if (i == 0) {
            lenient_ecdh = e;
        }
    }
    if (cai_cose_profile_decrypt(&ecdh, data, size, g_out, sizeof g_out, &n, NULL) == CAI_COSE_OK &&
        lenient_ecdh != CAI_COSE_OK) {
        abort();
    }
    for (size_t kl = 16; kl <= 32; kl += 16) {
        if (cai_cose_encrypt0_open(data, size, cek, kl, &lenient, g_out, sizeof g_out, &n, NULL) ==
                CAI_COSE_OK &&
            n > size) {
            abort();
        }
    }
    return 0;
}

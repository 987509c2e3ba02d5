/* SPDX-License-Identifier: Apache-2.0 */
/* seal_tool KEY_HEX OWNER UID FLAGS IV_HEX DATA_HEX -> the sealed entry, hex
 * (for check_its_format.py, which opens it with python3-cryptography). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/crypto.h"
#include "cai/hex.h"
#include "its_seal.h"

static uint8_t g_key[32];

int main(int argc, char **argv)
{
    static uint8_t data[CAI_ITS_MAX_DATA], blob[CAI_ITS_SEALED_MAX];
    uint8_t iv[CAI_ITS_IV_LEN];
    size_t n_key = 0, n_iv = 0, n_data = 0, n_blob = 0;
    if (argc != 7 || cai_crypto_init() != PSA_SUCCESS ||
        cai_hex_decode(argv[1], strlen(argv[1]), g_key, sizeof(g_key), &n_key) != 0 ||
        n_key != 32 || cai_hex_decode(argv[5], strlen(argv[5]), iv, sizeof(iv), &n_iv) != 0 ||
        n_iv != sizeof(iv) ||
        cai_hex_decode(argv[6], strlen(argv[6]), data, sizeof(data), &n_data) != 0) {
        fprintf(stderr, "usage: seal_tool KEY OWNER UID FLAGS IV DATA (hex except the numbers)\n");
        return 2;
    }
    cai_its_aead_t aead = cai_its_aead_aes256_gcm(g_key);
    if (cai_its_seal(&aead, (int32_t)strtol(argv[2], NULL, 0), strtoull(argv[3], NULL, 0),
                     (uint32_t)strtoul(argv[4], NULL, 0), iv, data, n_data, blob, sizeof(blob),
                     &n_blob) != PSA_SUCCESS) {
        return 1;
    }
    for (size_t i = 0; i < n_blob; i++) {
        printf("%02x", blob[i]);
    }
    printf("\n");
    return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * P-256 keys from PEM files (off-device only: OpenSSL parses the PEM/DER).
 * Accepts "EC PRIVATE KEY" (openssl ecparam -genkey), "PRIVATE KEY"
 * (PKCS#8) and "PUBLIC KEY" (openssl pkey -pubout). Public keys go to the
 * COSE layer raw; private keys through the raw adapters of cai/cose.h
 * (cai_cose_signer_from_raw, cai_cose_ecdh_from_raw), which prepare them.
 */
#ifndef CAI_CLOUD_PEM_KEYS_H
#define CAI_CLOUD_PEM_KEYS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct cloud_p256_key {
    uint8_t pub[65];
    uint8_t priv[32];
    bool has_priv;
} cloud_p256_key_t;

/* Loads a private key (need_private) or either kind (a private key's public
 * half is used). Prints one error line and returns false on failure. */
bool cloud_load_p256_pem(const char *path, bool need_private, cloud_p256_key_t *key);
void cloud_key_wipe(cloud_p256_key_t *key);

#endif /* CAI_CLOUD_PEM_KEYS_H */

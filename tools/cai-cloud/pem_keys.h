/* SPDX-License-Identifier: Apache-2.0 */
/*
 * P-256 keys from key files (off-device only: OpenSSL parses the PEM/DER).
 * Accepts, in PEM or DER: "EC PRIVATE KEY" (SEC 1, openssl ecparam -genkey),
 * "PRIVATE KEY" / "ENCRYPTED PRIVATE KEY" (PKCS#8) and "PUBLIC KEY" (SPKI,
 * openssl pkey -pubout). Public keys go to the COSE layer raw; private keys
 * through the raw adapters of cai/cose.h (cai_cose_signer_from_raw,
 * cai_cose_ecdh_from_raw), which prepare them.
 *
 * An encrypted key's pass phrase comes from --passin (the openssl forms:
 * pass:TEXT, env:VAR, file:PATH, fd:N, stdin), read once; without --passin it
 * is asked for on the terminal only when stdin is one, and only once.
 */
#ifndef CAI_CLOUD_PEM_KEYS_H
#define CAI_CLOUD_PEM_KEYS_H

#include <stdbool.h>
#include <stdint.h>

#include <openssl/evp.h>

typedef struct cloud_p256_key {
    uint8_t pub[65];
    uint8_t priv[32];
    bool has_priv;
} cloud_p256_key_t;

/* Records the --passin source (NULL: none). false (with one error line) on a
 * form openssl does not have; the pass phrase itself is read on first use. */
bool cloud_set_passin(const char *spec);

/* Loads a private key (need_private) or either kind (a private key's public
 * half is used). Prints one error line and returns false on failure. */
bool cloud_load_p256_pem(const char *path, bool need_private, cloud_p256_key_t *key);
void cloud_key_wipe(cloud_p256_key_t *key);

/* Any private key (PEM or DER, encrypted or not) as an EVP_PKEY, for the CA;
 * NULL with one error line. */
EVP_PKEY *cloud_load_private_key(const char *path);

#endif /* CAI_CLOUD_PEM_KEYS_H */

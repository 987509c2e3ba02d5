/*
 * Helpers shared by the OpenSSL backend's files.
 */
#ifndef CAI_CRYPTO_OPENSSL_INTERNAL_H
#define CAI_CRYPTO_OPENSSL_INTERNAL_H

#include <openssl/evp.h>

#include "cai/crypto.h"

/* EVP_PKEY for a P-256 private scalar (already range-checked), or NULL. */
EVP_PKEY *cai_ossl_pkey_from_private(const uint8_t priv[CAI_P256_PRIV_LEN]);
/* EVP_PKEY for a 65-byte uncompressed point, or NULL when it is not a point
 * of the curve. */
EVP_PKEY *cai_ossl_pkey_from_public(const uint8_t pub[CAI_P256_PUB_LEN]);

#endif /* CAI_CRYPTO_OPENSSL_INTERNAL_H */

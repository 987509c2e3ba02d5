/* SPDX-License-Identifier: Apache-2.0 */
/* P-256 keys from PEM files with OpenSSL 3 (see pem_keys.h). */
#define _GNU_SOURCE
#include "pem_keys.h"

#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "cai/crypto.h"

static bool bn_param(const EVP_PKEY *pk, const char *name, uint8_t *out, int len)
{
    BIGNUM *bn = NULL;
    bool ok = EVP_PKEY_get_bn_param(pk, name, &bn) == 1 && BN_bn2binpad(bn, out, len) == len;
    BN_clear_free(bn);
    return ok;
}

static bool is_p256(const EVP_PKEY *pk)
{
    char group[64] = { 0 };
    size_t glen = 0;
    return EVP_PKEY_get_base_id(pk) == EVP_PKEY_EC &&
           EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                          &glen) == 1 &&
           (strcmp(group, "prime256v1") == 0 || strcmp(group, "P-256") == 0);
}

bool cloud_load_p256_pem(const char *path, bool need_private, cloud_p256_key_t *key)
{
    memset(key, 0, sizeof *key);
    BIO *bio = BIO_new_file(path, "r");
    if (bio == NULL) {
        fprintf(stderr, "cai-cloud: cannot open key file %s\n", path);
        return false;
    }
    /* PEM_read_bio_PrivateKey skips other blocks (e.g. "EC PARAMETERS"). */
    EVP_PKEY *pk = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    if (pk != NULL) {
        key->has_priv = true;
    } else if (!need_private) {
        (void)BIO_reset(bio);
        pk = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
    }
    BIO_free(bio);
    if (pk == NULL) {
        fprintf(stderr, "cai-cloud: %s holds no %s EC key in PEM form\n", path,
                need_private ? "private" : "public or private");
        return false;
    }
    bool ok = is_p256(pk);
    if (!ok) {
        fprintf(stderr, "cai-cloud: %s is not a P-256 (prime256v1) EC key\n", path);
    }
    key->pub[0] = 0x04;
    if (ok && (!bn_param(pk, OSSL_PKEY_PARAM_EC_PUB_X, key->pub + 1, 32) ||
               !bn_param(pk, OSSL_PKEY_PARAM_EC_PUB_Y, key->pub + 33, 32))) {
        fprintf(stderr, "cai-cloud: cannot read the public point of %s\n", path);
        ok = false;
    }
    if (ok && key->has_priv && !bn_param(pk, OSSL_PKEY_PARAM_PRIV_KEY, key->priv, 32)) {
        fprintf(stderr, "cai-cloud: cannot read the private scalar of %s\n", path);
        ok = false;
    }
    EVP_PKEY_free(pk);
    /* Cross-check with our own crypto: the point is valid and matches d. */
    uint8_t derived[CAI_P256_PUB_LEN];
    if (ok && (cai_p256_check_public(key->pub, sizeof key->pub) != PSA_SUCCESS ||
               (key->has_priv && (cai_p256_public_from_private(key->priv, derived) != PSA_SUCCESS ||
                                  memcmp(derived, key->pub, sizeof derived) != 0)))) {
        fprintf(stderr, "cai-cloud: %s: inconsistent P-256 key\n", path);
        ok = false;
    }
    if (!ok) {
        cloud_key_wipe(key);
    }
    return ok;
}

void cloud_key_wipe(cloud_p256_key_t *key)
{
    cai_wipe(key, sizeof *key);
}

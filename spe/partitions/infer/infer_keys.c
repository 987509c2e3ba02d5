/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Keys by reference. The partition signs through CAI_KEYSTORE (key 0x5002):
 * the private key stays in the identity partition, and this partition only
 * ever hands it the digest the COSE layer made of a result it encoded
 * itself. The device UUID comes from CAI_IDENTITY once, at init. The cloud
 * public key, the recipient of `encrypt` results, is kept in this
 * partition's protected storage.
 */
#include <string.h>

#include "cai/cose.h"
#include "cai/identity.h"
#include "cai/key.h"
#include "cai/partition.h"
#include "cai/services.h"
#include "infer_partition.h"
#include "identity/keystore_calls.h"
#include "psa/client.h"
#include "psa/internal_trusted_storage.h"

#define IDENTITY_HANDLE CAI_STATELESS_HANDLE(CAI_IDENTITY_INDEX, CAI_IDENTITY_VERSION)
#define KEYSTORE_HANDLE CAI_STATELESS_HANDLE(CAI_KEYSTORE_INDEX, CAI_KEYSTORE_VERSION)

/* This partition's protected-storage uids (owner: the inference partition). */
#define ITS_UID_CLOUD_KEY ((psa_storage_uid_t)0x434c4f5544ull) /* "CLOUD" */

static uint8_t g_ueid[1 + CAI_IDENTITY_UUID_LEN];

psa_status_t infer_keys_init(void)
{
    uint8_t uuid[CAI_IDENTITY_UUID_LEN];
    psa_outvec out[1] = { { uuid, sizeof(uuid) } };
    psa_status_t st = psa_call(IDENTITY_HANDLE, CAI_IDENTITY_CALL_UUID, NULL, 0, out, 1);
    if (st != PSA_SUCCESS || out[0].len != sizeof(uuid)) {
        cai_partition_log("[INFER] no device UUID from the identity service (%d): not serving",
                          (int)st);
        return st != PSA_SUCCESS ? st : PSA_ERROR_GENERIC_ERROR;
    }
    g_ueid[0] = 0x01; /* EAT ueid type RAND */
    memcpy(g_ueid + 1, uuid, sizeof(uuid));
    return PSA_SUCCESS;
}

const uint8_t *infer_ueid(void)
{
    return g_ueid;
}

/* cai_cose_sign_hash_fn: one keystore call; the key id is the context. */
static psa_status_t keystore_sign(void *ctx, const uint8_t digest[CAI_SHA256_LEN],
                                  uint8_t sig[CAI_P256_SIG_LEN])
{
    (void)ctx;
    uint8_t id[4] = { (uint8_t)CAI_KEY_ID_COSE_SIGN, (uint8_t)(CAI_KEY_ID_COSE_SIGN >> 8),
                      (uint8_t)(CAI_KEY_ID_COSE_SIGN >> 16),
                      (uint8_t)(CAI_KEY_ID_COSE_SIGN >> 24) };
    psa_invec in[2] = { { id, sizeof(id) }, { digest, CAI_SHA256_LEN } };
    psa_outvec out[1] = { { sig, CAI_P256_SIG_LEN } };
    psa_status_t st = psa_call(KEYSTORE_HANDLE, CAI_KEYSTORE_CALL_SIGN_HASH, in, 2, out, 1);
    if (st == PSA_SUCCESS && out[0].len != CAI_P256_SIG_LEN) {
        st = PSA_ERROR_GENERIC_ERROR;
    }
    return st;
}

static cai_cose_signer_t device_signer(void)
{
    return (cai_cose_signer_t){ .alg = CAI_COSE_ALG_ES256,
                                .kid = g_ueid + 1,
                                .kid_len = CAI_IDENTITY_UUID_LEN,
                                .sign_hash = keystore_sign,
                                .ctx = NULL };
}

/* A COSE error as the status the caller sees: a failed keystore call keeps
 * its own meaning only as a generic failure (the caller cannot fix it). */
static psa_status_t cose_status(cai_cose_err_t e)
{
    return e == CAI_COSE_OK ? PSA_SUCCESS : cai_cose_to_psa(e);
}

psa_status_t infer_sign1(const uint8_t *claims, size_t n, uint8_t *out, size_t cap, size_t *out_len)
{
    cai_cose_signer_t s = device_signer();
    return cose_status(cai_cose_profile_sign(&s, claims, n, out, cap, out_len));
}

psa_status_t infer_sign_encrypt(const uint8_t pub[CAI_INFER_CLOUD_PUB_LEN],
                                const uint8_t kid[CAI_INFER_CLOUD_KID_LEN], uint8_t *buf,
                                size_t cap, size_t n, uint8_t *scratch, size_t scratch_cap,
                                size_t *out_len)
{
    *out_len = 0;
    /* The two steps of cai_cose_profile_sign_encrypt, so that the result can
     * take the claims' place: once encrypted into scratch, the plaintext is
     * wiped and its buffer receives the signed message. */
    size_t inner = 0;
    cai_cose_err_t e = cai_cose_profile_encrypt(pub, kid, CAI_INFER_CLOUD_KID_LEN, buf, n, NULL,
                                                NULL, scratch, scratch_cap, &inner);
    cai_wipe(buf, n);
    if (e == CAI_COSE_OK) {
        cai_cose_signer_t s = device_signer();
        e = cai_cose_profile_sign(&s, scratch, inner, buf, cap, out_len);
    }
    cai_wipe(scratch, inner < scratch_cap ? inner : scratch_cap);
    return cose_status(e);
}

/* kid = SHA-256 of the key's COSE_Key {1: 2, -1: 1, -2: x, -3: y}
 * (docs/design.md §5), the same rule as the attestation key's. */
static psa_status_t cloud_kid(const uint8_t pub[CAI_INFER_CLOUD_PUB_LEN],
                              uint8_t kid[CAI_INFER_CLOUD_KID_LEN])
{
    cai_cose_ec2_key_t k = { 0 };
    memcpy(k.pub, pub, CAI_P256_PUB_LEN);
    uint8_t enc[128];
    size_t n = 0;
    cai_cose_err_t e = cai_cose_key_encode(&k, false, enc, sizeof(enc), &n);
    if (e != CAI_COSE_OK) {
        return cai_cose_to_psa(e);
    }
    return cai_sha256(enc, n, kid);
}

psa_status_t infer_cloud_key_get(uint8_t pub[CAI_INFER_CLOUD_PUB_LEN],
                                 uint8_t kid[CAI_INFER_CLOUD_KID_LEN])
{
    size_t got = 0;
    psa_status_t st = psa_its_get(ITS_UID_CLOUD_KEY, 0, CAI_INFER_CLOUD_PUB_LEN, pub, &got);
    if (st != PSA_SUCCESS) {
        return st;
    }
    /* Stored by us, sealed by the storage partition; checked again anyway:
     * a key that is not a point must never become a recipient. */
    if (got != CAI_INFER_CLOUD_PUB_LEN ||
        cai_p256_check_public(pub, CAI_INFER_CLOUD_PUB_LEN) != PSA_SUCCESS) {
        return PSA_ERROR_STORAGE_FAILURE;
    }
    return cloud_kid(pub, kid);
}

psa_status_t infer_cloud_key_set(const uint8_t pub[CAI_INFER_CLOUD_PUB_LEN])
{
    if (cai_p256_check_public(pub, CAI_INFER_CLOUD_PUB_LEN) != PSA_SUCCESS) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    /* Write-once: the NS side provisions the recipient once. Were it
     * replaceable, whoever controls the NS side could seal later results
     * to a key of its own and read them. */
    psa_status_t st =
        psa_its_set(ITS_UID_CLOUD_KEY, CAI_INFER_CLOUD_PUB_LEN, pub, PSA_STORAGE_FLAG_WRITE_ONCE);
    if (st == PSA_SUCCESS) {
        cai_partition_log("[INFER] cloud key installed");
    }
    return st;
}

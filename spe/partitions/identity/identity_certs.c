/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The certificate of each device key, kept in protected storage under the
 * identity partition's own uids (uid = 1 << 32 | key id), checked before it
 * is stored: its subject key must be that key and its subject CN this UUID
 * (lib/x509: mbedTLS's parser). Stored certificates are public; storage keeps
 * them whole and tamper-evident.
 */
#include "cai/x509.h"
#include "identity_partition.h"
#include "psa/internal_trusted_storage.h"

static psa_storage_uid_t cert_uid(const identity_key_t *k)
{
    return (psa_storage_uid_t)1u << 32 | k->id;
}

psa_status_t identity_cert_set(const identity_key_t *k, const uint8_t *der, size_t len)
{
    cai_x509_err_t e = cai_x509_cert_check(der, len, k->pub, identity_uuid_str(), NULL);
    if (e != CAI_X509_OK) {
        return cai_x509_to_psa(e);
    }
    return psa_its_set(cert_uid(k), len, der, PSA_STORAGE_FLAG_NONE);
}

psa_status_t identity_cert_get(const identity_key_t *k, uint8_t *der, size_t cap, size_t *len)
{
    /* One read, one unseal: a stored certificate passed identity_cert_set,
     * so it is never larger than CAI_X509_CERT_MAX, which callers' cap is. */
    return psa_its_get(cert_uid(k), 0, cap, der, len);
}

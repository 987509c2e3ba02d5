/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CAI_IDENTITY: the identity service (include/cai/identity.h has the call
 * types, their vectors and statuses). Every input is read with its size
 * checked first; every answer is written only when the caller's vector can
 * hold all of it, so a short vector gets BUFFER_TOO_SMALL and no partial
 * answer. Private keys never appear in an answer: the calls that use a key
 * (CSR, TLS digest signing) go through the prepared key.
 */
#include <string.h>

#include "cai/identity.h"
#include "cai/partition.h"
#include "cai/x509.h"
#include "identity_partition.h"

_Static_assert(CAI_IDENTITY_CERT_MAX == CAI_X509_CERT_MAX, "one certificate limit");
_Static_assert(CAI_IDENTITY_CSR_MAX == CAI_X509_CSR_MAX, "one CSR limit");
_Static_assert(CAI_IDENTITY_ORG_MAX == CAI_X509_NAME_MAX, "one name limit");

/* Room for one certificate or request (the SPE is single-threaded). */
static uint8_t g_buf[CAI_IDENTITY_CERT_MAX];

psa_status_t cai_identity_init(void)
{
    return identity_keys_init();
}

static psa_status_t write_answer(const psa_msg_t *msg, const void *p, size_t n)
{
    if (msg->out_size[0] < n) {
        return PSA_ERROR_BUFFER_TOO_SMALL;
    }
    psa_write(msg->handle, 0, p, n);
    return PSA_SUCCESS;
}

/* in[0] = a key id of a derived key. */
static psa_status_t read_key(const psa_msg_t *msg, identity_key_t **out)
{
    uint8_t b[4];
    if (msg->in_size[0] != sizeof(b) || psa_read(msg->handle, 0, b, sizeof(b)) != sizeof(b)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    cai_key_id_t id = (cai_key_id_t)b[0] | (cai_key_id_t)b[1] << 8 | (cai_key_id_t)b[2] << 16 |
                      (cai_key_id_t)b[3] << 24;
    identity_key_t *k = identity_key_find(id);
    if (k == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (!k->derived) {
        return PSA_ERROR_BAD_STATE;
    }
    *out = k;
    return PSA_SUCCESS;
}

static psa_status_t sign_with(void *ctx, const uint8_t digest[CAI_SHA256_LEN],
                              uint8_t sig[CAI_P256_SIG_LEN])
{
    identity_key_t *k = ctx;
    return cai_p256_key_sign_hash(&k->key, digest, sig);
}

static psa_status_t call_csr(const psa_msg_t *msg, identity_key_t *k)
{
    char org[CAI_IDENTITY_ORG_MAX + 1];
    size_t org_len = msg->in_size[1];
    if (org_len > CAI_IDENTITY_ORG_MAX) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (org_len == 0) {
        memcpy(org, CAI_IDENTITY_ORG_DEFAULT, sizeof(CAI_IDENTITY_ORG_DEFAULT));
    } else {
        if (psa_read(msg->handle, 1, org, org_len) != org_len || memchr(org, 0, org_len)) {
            return PSA_ERROR_INVALID_ARGUMENT;
        }
        org[org_len] = '\0';
    }
    cai_x509_name_t subject = { .org = org, .cn = identity_uuid_str(), .ou = k->label };
    size_t len = 0;
    cai_x509_err_t e =
        cai_x509_csr_write(&subject, k->pub, sign_with, k, g_buf, CAI_X509_CSR_MAX, &len);
    if (e != CAI_X509_OK) {
        return cai_x509_to_psa(e);
    }
    return write_answer(msg, g_buf, len);
}

static psa_status_t call_cert_set(const psa_msg_t *msg, identity_key_t *k)
{
    size_t len = msg->in_size[1];
    if (len == 0 || len > sizeof(g_buf) || psa_read(msg->handle, 1, g_buf, len) != len) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    return identity_cert_set(k, g_buf, len);
}

static psa_status_t call_cert_get(const psa_msg_t *msg, identity_key_t *k)
{
    size_t len = 0;
    psa_status_t st = identity_cert_get(k, g_buf, sizeof(g_buf), &len);
    return st == PSA_SUCCESS ? write_answer(msg, g_buf, len) : st;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

/* Status of a key: derived, and whether a valid certificate is installed. A
 * stored certificate that storage reports damaged is an error, not "none". */
static psa_status_t call_key_status(const psa_msg_t *msg, const uint8_t id_le[4], identity_key_t *k)
{
    uint8_t out[CAI_IDENTITY_KEY_STATUS_LEN] = { 0 };
    uint32_t flags = CAI_IDENTITY_KEY_DERIVED;
    size_t len = 0;
    psa_status_t st = identity_cert_get(k, g_buf, sizeof(g_buf), &len);
    if (st == PSA_SUCCESS) {
        cai_x509_cert_info_t info;
        cai_x509_err_t e = cai_x509_cert_check(g_buf, len, k->pub, identity_uuid_str(), &info);
        if (e != CAI_X509_OK) {
            return PSA_ERROR_STORAGE_FAILURE; /* it was checked when stored */
        }
        flags |= CAI_IDENTITY_KEY_HAS_CERT;
        memcpy(out + 8, info.not_after, 20);
        out[28] = (uint8_t)info.serial_len;
        memcpy(out + 29, info.serial, info.serial_len);
    } else if (st != PSA_ERROR_DOES_NOT_EXIST) {
        return st;
    }
    memcpy(out, id_le, 4);
    put_le32(out + 4, flags);
    return write_answer(msg, out, sizeof(out));
}

static psa_status_t call_sign_tls(const psa_msg_t *msg)
{
    uint8_t digest[CAI_SHA256_LEN];
    uint8_t sig[CAI_P256_SIG_LEN];
    identity_key_t *k = identity_key_find(CAI_KEY_ID_CLIENT_TLS);
    if (msg->in_size[0] != sizeof(digest) ||
        psa_read(msg->handle, 0, digest, sizeof(digest)) != sizeof(digest)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (k == NULL || !k->derived) {
        return PSA_ERROR_BAD_STATE;
    }
    if (msg->out_size[0] < sizeof(sig)) {
        return PSA_ERROR_BUFFER_TOO_SMALL;
    }
    psa_status_t st = cai_p256_key_sign_hash(&k->key, digest, sig);
    return st == PSA_SUCCESS ? write_answer(msg, sig, sizeof(sig)) : PSA_ERROR_GENERIC_ERROR;
}

psa_status_t cai_identity_sfn(const psa_msg_t *msg)
{
    identity_key_t *k = NULL;
    uint8_t id_le[4] = { 0 };
    psa_status_t st;
    switch (msg->type) {
    case CAI_IDENTITY_CALL_UUID:
        return write_answer(msg, identity_uuid(), CAI_IDENTITY_UUID_LEN);
    case CAI_IDENTITY_CALL_SIGN_TLS_DIGEST:
        return call_sign_tls(msg);
    case CAI_IDENTITY_CALL_PUBLIC:
    case CAI_IDENTITY_CALL_CSR:
    case CAI_IDENTITY_CALL_CERT_GET:
    case CAI_IDENTITY_CALL_CERT_SET:
    case CAI_IDENTITY_CALL_KEY_STATUS:
        break;
    default:
        return PSA_ERROR_NOT_SUPPORTED;
    }
    st = read_key(msg, &k);
    if (st != PSA_SUCCESS) {
        return st;
    }
    /* The attestation key signs attestation tokens only (through the
     * keystore, for the attestation partition): no request, no certificate
     * slot. Its public key and status are for anyone. */
    if (k->id == CAI_KEY_ID_IAK && msg->type != CAI_IDENTITY_CALL_PUBLIC &&
        msg->type != CAI_IDENTITY_CALL_KEY_STATUS) {
        return PSA_ERROR_NOT_PERMITTED;
    }
    switch (msg->type) {
    case CAI_IDENTITY_CALL_PUBLIC:
        return write_answer(msg, k->pub, CAI_IDENTITY_PUB_LEN);
    case CAI_IDENTITY_CALL_CSR:
        return call_csr(msg, k);
    case CAI_IDENTITY_CALL_CERT_GET:
        return call_cert_get(msg, k);
    case CAI_IDENTITY_CALL_CERT_SET:
        return call_cert_set(msg, k);
    default:
        put_le32(id_le, k->id);
        return call_key_status(msg, id_le, k);
    }
}

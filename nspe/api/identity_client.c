/* SPDX-License-Identifier: Apache-2.0 */
/*
 * NS client wrappers of the identity service (cai/identity_client.h): one
 * psa_call each, arguments checked before, the answer checked against the
 * wire contract (cai/identity.h) after.
 */
#include <string.h>

#include "cai/identity_client.h"

/* SID, stateless index and version come from the service table's row
 * (CAI_IDENTITY in include/cai/services.h). */
#include "cai/services.h"

psa_handle_t cai_identity_handle(void)
{
    return CAI_STATELESS_HANDLE(CAI_IDENTITY_INDEX, CAI_IDENTITY_VERSION);
}

/* Every call goes through here. A static handle the image does not serve
 * is a programmer error to the SPM; asking psa_version tells "this image
 * has no identity service" (CONNECTION_REFUSED, as psa_connect would say)
 * from a real misuse. */
static psa_status_t identity_call(int32_t type, const psa_invec *in, size_t n_in, psa_outvec *out,
                                  size_t n_out)
{
    psa_status_t st = psa_call(cai_identity_handle(), type, in, n_in, out, n_out);
    if (st == PSA_ERROR_PROGRAMMER_ERROR && psa_version(CAI_IDENTITY_SID) == PSA_VERSION_NONE) {
        st = PSA_ERROR_CONNECTION_REFUSED;
    }
    return st;
}

static void key_id_le(cai_key_id_t id, uint8_t out[4])
{
    out[0] = (uint8_t)id;
    out[1] = (uint8_t)(id >> 8);
    out[2] = (uint8_t)(id >> 16);
    out[3] = (uint8_t)(id >> 24);
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* One call with in[0] = key id, an optional in[1] and one out vector.
 * Returns the status; *written is what the service wrote (0 on failure). */
static psa_status_t call_key(int32_t type, cai_key_id_t key_id, const void *in1, size_t in1_len,
                             bool with_in1, void *out, size_t cap, size_t *written)
{
    uint8_t id[4];
    key_id_le(key_id, id);
    psa_invec in[2] = { { id, sizeof(id) }, { in1, in1_len } };
    psa_outvec ov[1] = { { out, cap } };
    psa_status_t st = identity_call(type, in, with_in1 ? 2u : 1u, ov, out != NULL ? 1u : 0u);
    *written = st == PSA_SUCCESS && out != NULL ? ov[0].len : 0u;
    return st;
}

/* A fixed-size answer: exactly `want` bytes, else the contract is broken. */
static psa_status_t expect_len(psa_status_t st, size_t got, size_t want, void *out)
{
    if (st == PSA_SUCCESS && got != want) {
        st = PSA_ERROR_GENERIC_ERROR;
    }
    if (st != PSA_SUCCESS) {
        memset(out, 0, want);
    }
    return st;
}

psa_status_t cai_identity_uuid(uint8_t uuid[CAI_IDENTITY_UUID_LEN])
{
    if (uuid == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_outvec ov[1] = { { uuid, CAI_IDENTITY_UUID_LEN } };
    psa_status_t st = identity_call(CAI_IDENTITY_CALL_UUID, NULL, 0, ov, 1);
    return expect_len(st, st == PSA_SUCCESS ? ov[0].len : 0u, CAI_IDENTITY_UUID_LEN, uuid);
}

psa_status_t cai_identity_public(cai_key_id_t key_id, uint8_t pub[CAI_IDENTITY_PUB_LEN])
{
    if (pub == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    size_t n;
    psa_status_t st =
        call_key(CAI_IDENTITY_CALL_PUBLIC, key_id, NULL, 0, false, pub, CAI_IDENTITY_PUB_LEN, &n);
    if (st == PSA_SUCCESS && n == CAI_IDENTITY_PUB_LEN && pub[0] != 0x04) {
        st = PSA_ERROR_GENERIC_ERROR; /* not an uncompressed point */
    }
    return expect_len(st, n, CAI_IDENTITY_PUB_LEN, pub);
}

bool cai_identity_org_valid(const char *org)
{
    if (org == NULL) {
        return false;
    }
    size_t n = 0;
    for (; org[n] != '\0'; n++) {
        if (n == CAI_IDENTITY_ORG_MAX || (unsigned char)org[n] < 0x20 ||
            (unsigned char)org[n] > 0x7e) {
            return false;
        }
    }
    return n > 0;
}

/* A DER answer of variable size: the caller's length is only ever what the
 * service wrote, and nothing of a failed call is left in the buffer. */
static psa_status_t der_answer(psa_status_t st, size_t n, uint8_t *der, size_t cap, size_t *len)
{
    if (st == PSA_SUCCESS && n == 0) {
        st = PSA_ERROR_GENERIC_ERROR; /* success must carry a DER object */
    }
    if (st != PSA_SUCCESS) {
        memset(der, 0, cap);
        n = 0;
    }
    *len = n;
    return st;
}

psa_status_t cai_identity_csr(cai_key_id_t key_id, const char *org, uint8_t *der, size_t cap,
                              size_t *len)
{
    if (len != NULL) {
        *len = 0;
    }
    if (der == NULL || len == NULL || cap == 0) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    bool with_org = org != NULL && org[0] != '\0';
    if (with_org && !cai_identity_org_valid(org)) {
        memset(der, 0, cap);
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    size_t n;
    psa_status_t st = call_key(CAI_IDENTITY_CALL_CSR, key_id, org, with_org ? strlen(org) : 0u,
                               with_org, der, cap, &n);
    return der_answer(st, n, der, cap, len);
}

psa_status_t cai_identity_cert_get(cai_key_id_t key_id, uint8_t *der, size_t cap, size_t *len)
{
    if (len != NULL) {
        *len = 0;
    }
    if (der == NULL || len == NULL || cap == 0) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    size_t n;
    psa_status_t st = call_key(CAI_IDENTITY_CALL_CERT_GET, key_id, NULL, 0, false, der, cap, &n);
    return der_answer(st, n, der, cap, len);
}

psa_status_t cai_identity_cert_set(cai_key_id_t key_id, const uint8_t *der, size_t len)
{
    if (der == NULL || len == 0 || len > CAI_IDENTITY_CERT_MAX) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    size_t n;
    return call_key(CAI_IDENTITY_CALL_CERT_SET, key_id, der, len, true, NULL, 0, &n);
}

static bool is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

/* "YYYY-MM-DDTHH:MM:SSZ" by shape (the SPE took it from a certificate it
 * parsed; this only makes sure it is safe and sensible text). */
static bool not_after_valid(const uint8_t *p)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    for (size_t i = 0; i < CAI_IDENTITY_NOT_AFTER_LEN; i++) {
        if (shape[i] == 'd' ? !is_digit(p[i]) : p[i] != (uint8_t)shape[i]) {
            return false;
        }
    }
    return true;
}

static bool all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) {
        acc |= p[i];
    }
    return acc == 0;
}

int cai_identity_key_status_decode(const uint8_t raw[CAI_IDENTITY_KEY_STATUS_LEN],
                                   cai_identity_key_status_t *status)
{
    enum {
        OFF_ID = 0,
        OFF_FLAGS = 4,
        OFF_NOT_AFTER = 8,
        OFF_SERIAL_LEN = 28,
        OFF_SERIAL = 29
    };
    if (status == NULL) {
        return -1;
    }
    memset(status, 0, sizeof(*status));
    if (raw == NULL) {
        return -1;
    }
    cai_identity_key_status_t s = { 0 };
    s.key_id = le32(raw + OFF_ID);
    s.flags = le32(raw + OFF_FLAGS);
    s.derived = (s.flags & CAI_IDENTITY_KEY_DERIVED) != 0;
    s.has_cert = (s.flags & CAI_IDENTITY_KEY_HAS_CERT) != 0;
    s.serial_len = raw[OFF_SERIAL_LEN];
    if (s.serial_len > CAI_IDENTITY_SERIAL_MAX ||
        !all_zero(raw + OFF_SERIAL + s.serial_len, CAI_IDENTITY_SERIAL_MAX - s.serial_len)) {
        return -1;
    }
    if (s.has_cert) {
        if (!not_after_valid(raw + OFF_NOT_AFTER) || s.serial_len == 0) {
            return -1;
        }
        memcpy(s.not_after, raw + OFF_NOT_AFTER, CAI_IDENTITY_NOT_AFTER_LEN);
        memcpy(s.serial, raw + OFF_SERIAL, s.serial_len);
    } else if (!all_zero(raw + OFF_NOT_AFTER, CAI_IDENTITY_NOT_AFTER_LEN) || s.serial_len != 0) {
        return -1; /* no certificate, yet an expiry or a serial */
    }
    *status = s;
    return 0;
}

psa_status_t cai_identity_key_status(cai_key_id_t key_id, cai_identity_key_status_t *status)
{
    if (status == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    uint8_t raw[CAI_IDENTITY_KEY_STATUS_LEN];
    size_t n;
    psa_status_t st =
        call_key(CAI_IDENTITY_CALL_KEY_STATUS, key_id, NULL, 0, false, raw, sizeof(raw), &n);
    if (st == PSA_SUCCESS &&
        (n != sizeof(raw) || cai_identity_key_status_decode(raw, status) != 0 ||
         status->key_id != key_id)) {
        st = PSA_ERROR_GENERIC_ERROR;
    }
    if (st != PSA_SUCCESS) {
        memset(status, 0, sizeof(*status));
    }
    return st;
}

psa_status_t cai_identity_sign_tls_digest(const uint8_t digest[32],
                                          uint8_t sig[CAI_IDENTITY_SIG_LEN])
{
    if (digest == NULL || sig == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    psa_invec in[1] = { { digest, 32 } };
    psa_outvec ov[1] = { { sig, CAI_IDENTITY_SIG_LEN } };
    psa_status_t st = identity_call(CAI_IDENTITY_CALL_SIGN_TLS_DIGEST, in, 1, ov, 1);
    return expect_len(st, st == PSA_SUCCESS ? ov[0].len : 0u, CAI_IDENTITY_SIG_LEN, sig);
}

/* ---------------- names and text ---------------- */

const cai_identity_key_info_t cai_identity_keys[] = {
    { CAI_KEY_ID_CLIENT_TLS, "tls", "HUK_CLIENT_TLS_EC_PRIV_KEY", "client TLS authentication" },
    { CAI_KEY_ID_COSE_SIGN, "sign", "HUK_COSE_EC_PRIV_KEY", "COSE signing (ES256) of results" },
    { CAI_KEY_ID_COSE_ENCRYPT, "encrypt", "HUK_COSE_ENCRYPT_EC_PRIV_KEY",
      "ECDH-ES recipient key for data sent to the device" },
};
const size_t cai_identity_keys_count = sizeof(cai_identity_keys) / sizeof(cai_identity_keys[0]);

const cai_identity_key_info_t *cai_identity_key_find(cai_key_id_t id)
{
    for (size_t i = 0; i < cai_identity_keys_count; i++) {
        if (cai_identity_keys[i].id == id) {
            return &cai_identity_keys[i];
        }
    }
    return NULL;
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool name_equal(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        if (lower((unsigned char)*a) != *b) {
            return false;
        }
    }
    return *a == '\0' && *b == '\0';
}

static int hex_digit(int c)
{
    c = lower(c);
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int cai_identity_key_parse(const char *s, const cai_identity_key_info_t **key)
{
    if (key != NULL) {
        *key = NULL;
    }
    if (s == NULL || key == NULL) {
        return -1;
    }
    for (size_t i = 0; i < cai_identity_keys_count; i++) {
        if (name_equal(s, cai_identity_keys[i].name)) {
            *key = &cai_identity_keys[i];
            return 0;
        }
    }
    const char *p = s;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        p += 2;
    }
    /* At most 8 digits: a 32-bit id, no overflow, no sign, no blanks. */
    uint32_t v = 0;
    size_t n = 0;
    for (; p[n] != '\0'; n++) {
        int d = hex_digit((unsigned char)p[n]);
        if (d < 0 || n == 8) {
            return -1;
        }
        v = (v << 4) | (uint32_t)d;
    }
    if (n == 0) {
        return -1;
    }
    *key = cai_identity_key_find(v);
    return *key != NULL ? 0 : -1;
}

void cai_identity_uuid_format(const uint8_t uuid[CAI_IDENTITY_UUID_LEN],
                              char out[CAI_IDENTITY_UUID_STR_LEN])
{
    static const char digits[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < CAI_IDENTITY_UUID_LEN; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out[o++] = '-';
        }
        out[o++] = digits[uuid[i] >> 4];
        out[o++] = digits[uuid[i] & 0x0fu];
    }
    out[o] = '\0';
}

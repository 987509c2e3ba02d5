/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CAI_ATTEST: the PSA Initial Attestation service (include/cai/attest.h has
 * the wire form, docs/attest.md the token). At boot the partition gathers
 * everything a token says except the caller's challenge and client id: the
 * IAK's public key (from the keystore, by reference) and from it the kid and
 * the instance id, a fresh boot seed, the security lifecycle, the image's
 * measurement and each model's. A call then encodes the claims map
 * (deterministic CBOR: the keys are written in ascending order, which for
 * these unsigned keys is the bytewise order RFC 8949 §4.2.1 asks for) and
 * has the keystore sign the COSE_Sign1's digest with the IAK.
 *
 * The caller chooses only the challenge, and it is always the value of
 * claim 10 inside the claims map: nothing the NS side sends is ever signed
 * as it stands. Static memory only, sized by the worst case below.
 */
#include <string.h>

#include "attest_partition.h"
#include "cai/attest.h"
#include "cai/cbor.h"
#include "cai/cose.h"
#include "cai/crypto.h"
#include "cai/key.h"
#include "cai/partition.h"
#include "cai/services.h"
#include "cai/spe_port.h"
#include "keystore_calls.h"
#include "psa/client.h"
#include "psa/initial_attestation.h"

/* ---- sizes ----------------------------------------------------------------
 * CBOR sizes: a head is 1 byte for values < 24, 2 below 256, 3 below 65536;
 * every claim key here is 1 (key 10) or 3 bytes (256..2400). */
#define HEAD(n)     ((n) < 24u ? 1u : (n) < 256u ? 2u : (n) < 65536u ? 3u : 5u)
#define BSTR(n)     (HEAD(n) + (n))
#define VERSION_MAX 10u /* a uint32 in decimal */
#define TYPE_MAX    (sizeof(CAI_ATTEST_SWC_TYPE_MODEL_PREFIX) - 1u + CAI_SPE_PORT_MODEL_NAME_MAX)
#define SWC_MAX                                                                                   \
    (1u + 1u + BSTR(TYPE_MAX) + 1u + BSTR(32u) + 1u + BSTR(CAI_SPE_PORT_IMAGE_VERSION_MAX) + 1u + \
     BSTR(32u) + 1u + BSTR(sizeof(CAI_ATTEST_MEASUREMENT_DESC) - 1u))
#define N_SWC_MAX (1u + CAI_SPE_PORT_MODELS_MAX)
#define CLAIMS_MAX                                                                                 \
    (1u + 1u + BSTR(PSA_INITIAL_ATTEST_CHALLENGE_SIZE_64) + 3u +                                   \
     BSTR(CAI_ATTEST_INSTANCE_ID_LEN) + 3u + BSTR(sizeof(CAI_ATTEST_PROFILE) - 1u) + 3u +          \
     BSTR(CAI_ATTEST_BOOT_SEED_LEN) + 3u + 5u + 3u + 3u + 3u + BSTR(CAI_ATTEST_IMPL_ID_LEN) + 3u + \
     HEAD(N_SWC_MAX) + N_SWC_MAX * SWC_MAX + 3u +                                                  \
     BSTR(sizeof(CAI_ATTEST_VERIFICATION_SERVICE) - 1u))
/* 18([bstr {1: -7}, {4: kid}, bstr claims, bstr signature]) */
#define TOKEN_MAX                                                                 \
    (1u + 1u + BSTR(3u) + 1u + 1u + BSTR(CAI_ATTEST_KID_LEN) + BSTR(CLAIMS_MAX) + \
     BSTR(CAI_P256_SIG_LEN))

_Static_assert(TOKEN_MAX <= PSA_INITIAL_ATTEST_MAX_TOKEN_SIZE,
               "PSA_INITIAL_ATTEST_MAX_TOKEN_SIZE holds the largest token");

/* ---- what boot measured ---- */

typedef struct swc {
    char type[TYPE_MAX + 1];
    uint8_t measurement[CAI_SHA256_LEN];
    char version[CAI_SPE_PORT_IMAGE_VERSION_MAX + 1];
    uint8_t signer_id[CAI_SHA256_LEN];
} swc_t;

static struct {
    bool ready;
    uint8_t kid[CAI_ATTEST_KID_LEN];
    uint8_t instance_id[CAI_ATTEST_INSTANCE_ID_LEN];
    uint8_t boot_seed[CAI_ATTEST_BOOT_SEED_LEN];
    uint8_t implementation_id[CAI_ATTEST_IMPL_ID_LEN];
    uint32_t lifecycle;
    swc_t swc[N_SWC_MAX];
    size_t n_swc;
} g;

static uint8_t g_claims[CLAIMS_MAX];
static uint8_t g_token[TOKEN_MAX];

#define KEYSTORE_HANDLE CAI_STATELESS_HANDLE(CAI_KEYSTORE_INDEX, CAI_KEYSTORE_VERSION)

static void key_id_le(cai_key_id_t id, uint8_t out[4])
{
    for (int i = 0; i < 4; i++) {
        out[i] = (uint8_t)(id >> (8 * i));
    }
}

/* The IAK signs through the keystore: the key never comes here. */
static psa_status_t iak_sign_hash(void *ctx, const uint8_t digest[CAI_SHA256_LEN],
                                  uint8_t sig[CAI_P256_SIG_LEN])
{
    psa_status_t *status = ctx;
    uint8_t id[4];
    key_id_le(CAI_KEY_ID_IAK, id);
    psa_invec in[2] = { { id, sizeof(id) }, { digest, CAI_SHA256_LEN } };
    psa_outvec out[1] = { { sig, CAI_P256_SIG_LEN } };
    psa_status_t st = psa_call(KEYSTORE_HANDLE, CAI_KEYSTORE_CALL_SIGN_HASH, in, 2, out, 1);
    if (st == PSA_SUCCESS && out[0].len != CAI_P256_SIG_LEN) {
        st = PSA_ERROR_GENERIC_ERROR;
    }
    *status = st;
    return st;
}

static psa_status_t iak_public(uint8_t pub[CAI_P256_PUB_LEN])
{
    uint8_t id[4];
    key_id_le(CAI_KEY_ID_IAK, id);
    psa_invec in[1] = { { id, sizeof(id) } };
    psa_outvec out[1] = { { pub, CAI_P256_PUB_LEN } };
    psa_status_t st = psa_call(KEYSTORE_HANDLE, CAI_KEYSTORE_CALL_PUBLIC, in, 1, out, 1);
    return st == PSA_SUCCESS && out[0].len != CAI_P256_PUB_LEN ? PSA_ERROR_GENERIC_ERROR : st;
}

/* kid = SHA-256 of the COSE_Key {1: 2, -1: 1, -2: x, -3: y} of the IAK's
 * public key; instance id = 0x01 || the same digest (docs/design.md §8). */
static psa_status_t init_key_ids(void)
{
    cai_cose_ec2_key_t key = { 0 };
    psa_status_t st = iak_public(key.pub);
    if (st != PSA_SUCCESS) {
        cai_partition_log("[ATTEST] no attestation key from the keystore (%d)", (int)st);
        return st;
    }
    uint8_t ck[96];
    size_t ck_len = 0;
    if (cai_cose_key_encode(&key, false, ck, sizeof(ck), &ck_len) != CAI_COSE_OK ||
        cai_sha256(ck, ck_len, g.kid) != PSA_SUCCESS) {
        return PSA_ERROR_GENERIC_ERROR;
    }
    g.instance_id[0] = CAI_ATTEST_UEID_TYPE_RAND;
    memcpy(g.instance_id + 1, g.kid, sizeof(g.kid));
    return PSA_SUCCESS;
}

static void put_u32_text(char *out, size_t cap, uint32_t v)
{
    char tmp[VERSION_MAX + 1];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0 && n < VERSION_MAX);
    size_t i = 0;
    for (; i < n && i + 1 < cap; i++) {
        out[i] = tmp[n - 1 - i];
    }
    out[i] = '\0';
}

static psa_status_t init_components(void)
{
    cai_spe_port_image_t img;
    psa_status_t st = cai_spe_port_image_measurement(&img);
    if (st != PSA_SUCCESS || img.version == NULL ||
        strlen(img.version) > CAI_SPE_PORT_IMAGE_VERSION_MAX) {
        cai_partition_log("[ATTEST] the platform did not measure the secure image (%d)", (int)st);
        return PSA_ERROR_BAD_STATE;
    }
    swc_t *c = &g.swc[0];
    memcpy(c->type, CAI_ATTEST_SWC_TYPE_SPE, sizeof(CAI_ATTEST_SWC_TYPE_SPE));
    memcpy(c->measurement, img.measurement, sizeof(c->measurement));
    memcpy(c->version, img.version, strlen(img.version) + 1);
    memcpy(c->signer_id, img.signer_id, sizeof(c->signer_id));
    memcpy(g.implementation_id, img.implementation_id, sizeof(g.implementation_id));
    g.n_swc = 1;
    size_t n = cai_spe_port_model_count();
    for (size_t i = 0; i < n && g.n_swc < N_SWC_MAX; i++) {
        cai_spe_port_model_t m;
        st = cai_spe_port_model_get(i, &m);
        size_t name_len = st == PSA_SUCCESS && m.name != NULL ? strlen(m.name) : 0;
        if (st != PSA_SUCCESS || name_len == 0 || name_len > CAI_SPE_PORT_MODEL_NAME_MAX) {
            cai_partition_log("[ATTEST] model image %u cannot be read (%d)", (unsigned)i, (int)st);
            return PSA_ERROR_BAD_STATE;
        }
        c = &g.swc[g.n_swc];
        size_t pre = sizeof(CAI_ATTEST_SWC_TYPE_MODEL_PREFIX) - 1u;
        memcpy(c->type, CAI_ATTEST_SWC_TYPE_MODEL_PREFIX, pre);
        memcpy(c->type + pre, m.name, name_len + 1);
        if (cai_sha256(m.bytes, m.len, c->measurement) != PSA_SUCCESS) {
            return PSA_ERROR_GENERIC_ERROR;
        }
        put_u32_text(c->version, sizeof(c->version), m.version);
        memset(c->signer_id, 0, sizeof(c->signer_id)); /* models are not signed (yet) */
        g.n_swc++;
    }
    return n + 1 <= N_SWC_MAX ? PSA_SUCCESS : PSA_ERROR_BAD_STATE;
}

psa_status_t cai_attest_init(void)
{
    memset(&g, 0, sizeof(g));
    psa_status_t st = init_key_ids();
    if (st == PSA_SUCCESS) {
        st = init_components();
    }
    if (st == PSA_SUCCESS &&
        cai_spe_port_entropy(g.boot_seed, sizeof(g.boot_seed)) != PSA_SUCCESS) {
        cai_partition_log("[ATTEST] no boot seed: the entropy source failed");
        st = PSA_ERROR_INSUFFICIENT_ENTROPY;
    }
    if (st != PSA_SUCCESS) {
        /* The rest of the SPE still serves; every token request is refused. */
        cai_partition_log("[ATTEST] not serving tokens (%d)", (int)st);
        return PSA_SUCCESS;
    }
    switch (cai_spe_port_huk_origin()) {
    case CAI_SPE_PORT_HUK_PROVISIONED:
        g.lifecycle = CAI_ATTEST_LIFECYCLE_SECURED;
        break;
    case CAI_SPE_PORT_HUK_DUMMY:
        g.lifecycle = CAI_ATTEST_LIFECYCLE_PSA_ROT_PROVISIONING;
        break;
    default:
        g.lifecycle = CAI_ATTEST_LIFECYCLE_UNKNOWN;
        break;
    }
    g.ready = true;
    cai_partition_log("[ATTEST] Initial Attestation ready: %u software components, lifecycle "
                      "0x%04x",
                      (unsigned)g.n_swc, (unsigned)g.lifecycle);
    return PSA_SUCCESS;
}

static bool challenge_size_ok(size_t n)
{
    return n == PSA_INITIAL_ATTEST_CHALLENGE_SIZE_32 || n == PSA_INITIAL_ATTEST_CHALLENGE_SIZE_48 ||
           n == PSA_INITIAL_ATTEST_CHALLENGE_SIZE_64;
}

static void put_swc(cai_cbor_enc_t *e, const swc_t *c)
{
    cai_cbor_put_map(e, 5);
    cai_cbor_put_uint(e, CAI_ATTEST_SWC_TYPE);
    cai_cbor_put_tstr_z(e, c->type);
    cai_cbor_put_uint(e, CAI_ATTEST_SWC_MEASUREMENT);
    cai_cbor_put_bstr(e, c->measurement, sizeof(c->measurement));
    cai_cbor_put_uint(e, CAI_ATTEST_SWC_VERSION);
    cai_cbor_put_tstr_z(e, c->version);
    cai_cbor_put_uint(e, CAI_ATTEST_SWC_SIGNER_ID);
    cai_cbor_put_bstr(e, c->signer_id, sizeof(c->signer_id));
    cai_cbor_put_uint(e, CAI_ATTEST_SWC_DESC);
    cai_cbor_put_tstr_z(e, CAI_ATTEST_MEASUREMENT_DESC);
}

/* The claims map, keys in ascending (= deterministic) order. */
static psa_status_t encode_claims(const uint8_t *nonce, size_t nonce_len, int32_t client_id,
                                  size_t *len)
{
    cai_cbor_enc_t e;
    cai_cbor_enc_init(&e, g_claims, sizeof(g_claims));
    cai_cbor_put_map(&e, 9);
    cai_cbor_put_uint(&e, CAI_ATTEST_CLAIM_NONCE);
    cai_cbor_put_bstr(&e, nonce, nonce_len);
    cai_cbor_put_uint(&e, CAI_ATTEST_CLAIM_INSTANCE_ID);
    cai_cbor_put_bstr(&e, g.instance_id, sizeof(g.instance_id));
    cai_cbor_put_uint(&e, CAI_ATTEST_CLAIM_PROFILE);
    cai_cbor_put_tstr_z(&e, CAI_ATTEST_PROFILE);
    cai_cbor_put_uint(&e, CAI_ATTEST_CLAIM_BOOT_SEED);
    cai_cbor_put_bstr(&e, g.boot_seed, sizeof(g.boot_seed));
    cai_cbor_put_uint(&e, CAI_ATTEST_CLAIM_CLIENT_ID);
    cai_cbor_put_int(&e, client_id);
    cai_cbor_put_uint(&e, CAI_ATTEST_CLAIM_LIFECYCLE);
    cai_cbor_put_uint(&e, g.lifecycle);
    cai_cbor_put_uint(&e, CAI_ATTEST_CLAIM_IMPLEMENTATION);
    cai_cbor_put_bstr(&e, g.implementation_id, sizeof(g.implementation_id));
    cai_cbor_put_uint(&e, CAI_ATTEST_CLAIM_SW_COMPONENTS);
    cai_cbor_put_array(&e, g.n_swc);
    for (size_t i = 0; i < g.n_swc; i++) {
        put_swc(&e, &g.swc[i]);
    }
    cai_cbor_put_uint(&e, CAI_ATTEST_CLAIM_VERIFY_SERVICE);
    cai_cbor_put_tstr_z(&e, CAI_ATTEST_VERIFICATION_SERVICE);
    return cai_cbor_enc_finish(&e, len) == CAI_CBOR_OK ? PSA_SUCCESS : PSA_ERROR_GENERIC_ERROR;
}

/* The token for this challenge and caller: sized first (sign = false: no
 * signature is made, *len is the size), then signed. */
static psa_status_t make_token(const uint8_t *nonce, size_t nonce_len, int32_t client_id, bool sign,
                               size_t *len)
{
    size_t claims_len = 0;
    psa_status_t st = encode_claims(nonce, nonce_len, client_id, &claims_len);
    if (st != PSA_SUCCESS) {
        return st;
    }
    psa_status_t sign_status = PSA_SUCCESS;
    cai_cose_signer_t signer = {
        .alg = CAI_COSE_ALG_ES256,
        .kid = g.kid,
        .kid_len = sizeof(g.kid),
        .sign_hash = iak_sign_hash,
        .ctx = &sign_status,
    };
    cai_cose_err_t e = cai_cose_sign1_sign(&signer, g_claims, claims_len, NULL, 0, g_token,
                                           sign ? sizeof(g_token) : 0, len);
    if (!sign && e == CAI_COSE_ERR_BUFFER_TOO_SMALL) {
        return PSA_SUCCESS;
    }
    if (e != CAI_COSE_OK) {
        cai_partition_log("[ATTEST] token not made: %s (keystore %d)", cai_cose_strerror(e),
                          (int)sign_status);
        return PSA_ERROR_SERVICE_FAILURE;
    }
    return PSA_SUCCESS;
}

static psa_status_t call_get_token(const psa_msg_t *msg)
{
    uint8_t nonce[PSA_INITIAL_ATTEST_CHALLENGE_SIZE_64];
    size_t n = msg->in_size[0];
    if (!challenge_size_ok(n) || psa_read(msg->handle, 0, nonce, n) != n) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (!g.ready) {
        return PSA_ERROR_SERVICE_FAILURE;
    }
    size_t len = 0;
    psa_status_t st = make_token(nonce, n, msg->client_id, false, &len);
    if (st == PSA_SUCCESS && msg->out_size[0] < len) {
        return PSA_ERROR_BUFFER_TOO_SMALL;
    }
    if (st == PSA_SUCCESS) {
        st = make_token(nonce, n, msg->client_id, true, &len);
    }
    if (st == PSA_SUCCESS) {
        psa_write(msg->handle, 0, g_token, len);
    }
    return st;
}

static psa_status_t call_get_token_size(const psa_msg_t *msg)
{
    uint8_t b[4];
    if (msg->in_size[0] != sizeof(b) || psa_read(msg->handle, 0, b, sizeof(b)) != sizeof(b)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    uint32_t n = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    if (!challenge_size_ok(n)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (!g.ready) {
        return PSA_ERROR_SERVICE_FAILURE;
    }
    if (msg->out_size[0] < sizeof(b)) {
        return PSA_ERROR_BUFFER_TOO_SMALL;
    }
    static const uint8_t zeros[PSA_INITIAL_ATTEST_CHALLENGE_SIZE_64];
    size_t len = 0;
    psa_status_t st = make_token(zeros, n, msg->client_id, false, &len);
    if (st != PSA_SUCCESS) {
        return st;
    }
    for (int i = 0; i < 4; i++) {
        b[i] = (uint8_t)((uint32_t)len >> (8 * i));
    }
    psa_write(msg->handle, 0, b, sizeof(b));
    return PSA_SUCCESS;
}

psa_status_t cai_attest_sfn(const psa_msg_t *msg)
{
    switch (msg->type) {
    case CAI_ATTEST_CALL_GET_TOKEN:
        return call_get_token(msg);
    case CAI_ATTEST_CALL_GET_TOKEN_SIZE:
        return call_get_token_size(msg);
    default:
        return PSA_ERROR_NOT_SUPPORTED;
    }
}

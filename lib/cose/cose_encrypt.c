/* SPDX-License-Identifier: Apache-2.0 */
/*
 * COSE_Encrypt (RFC 9052 §5.1) with AES-GCM content and one recipient layer:
 *   ECDH-ES + A128/192/256KW  (RFC 9053 §6.4; the cai profile uses A256KW)
 *   ECDH-ES + HKDF-256 direct (RFC 9053 §6.3)
 *   A128/192/256KW with a shared KEK, and direct (RFC 9053 §6.2, §6.1)
 * Randomness is drawn in the order the cose-wg examples record it: CEK, IV,
 * ephemeral key (ECDH-ES direct: ephemeral key, IV), so a recorded rng_stream
 * reproduces their output.
 */
#include <string.h>

#include "cai/crypto.h"
#include "cose_internal.h"

typedef enum {
    RCP_NONE,
    RCP_ECDH_KW,
    RCP_ECDH_DIRECT,
    RCP_KW,
    RCP_DIRECT
} rcp_kind_t;

static rcp_kind_t recipient_kind(int64_t alg)
{
    switch (alg) {
    case CAI_COSE_ALG_ECDH_ES_A128KW:
    case CAI_COSE_ALG_ECDH_ES_A192KW:
    case CAI_COSE_ALG_ECDH_ES_A256KW:
        return RCP_ECDH_KW;
    case CAI_COSE_ALG_ECDH_ES_HKDF_256:
        return RCP_ECDH_DIRECT;
    case CAI_COSE_ALG_A128KW:
    case CAI_COSE_ALG_A192KW:
    case CAI_COSE_ALG_A256KW:
        return RCP_KW;
    case CAI_COSE_ALG_DIRECT:
        return RCP_DIRECT;
    default:
        return RCP_NONE;
    }
}

/* Known recipient algs we do not implement (as opposed to unknown ones). */
static bool recipient_known_unsupported(int64_t alg)
{
    return alg == CAI_COSE_ALG_ECDH_ES_HKDF_512 || alg == CAI_COSE_ALG_ECDH_SS_HKDF_256 ||
           alg == CAI_COSE_ALG_ECDH_SS_HKDF_512 || alg == CAI_COSE_ALG_ECDH_SS_A128KW ||
           alg == CAI_COSE_ALG_ECDH_SS_A192KW || alg == CAI_COSE_ALG_ECDH_SS_A256KW;
}

/* For ECDH-ES + AES-KW the KDF context names the key-wrap alg (RFC 9053
 * §5.2: AlgorithmID is the algorithm the derived key is used with). */
static int64_t wrap_alg_of(int64_t alg)
{
    switch (alg) {
    case CAI_COSE_ALG_ECDH_ES_A128KW:
        return CAI_COSE_ALG_A128KW;
    case CAI_COSE_ALG_ECDH_ES_A192KW:
        return CAI_COSE_ALG_A192KW;
    case CAI_COSE_ALG_ECDH_ES_A256KW:
        return CAI_COSE_ALG_A256KW;
    default:
        return alg;
    }
}

static bool is_ecdh(rcp_kind_t k)
{
    return k == RCP_ECDH_KW || k == RCP_ECDH_DIRECT;
}

/* ---------------- producing ---------------- */

static size_t party_count(const cai_cose_party_info_t *p)
{
    return (p->identity != NULL) + (p->nonce != NULL) + (p->other != NULL);
}

static void put_party_headers(cai_cbor_enc_t *e, const cai_cose_party_info_t *p, int64_t base)
{
    const uint8_t *ptr[3] = { p->identity, p->nonce, p->other };
    size_t len[3] = { p->identity_len, p->nonce_len, p->other_len };
    for (int64_t i = 0; i < 3; i++) {
        if (ptr[i] != NULL) {
            cai_cbor_put_int(e, base - i);
            cai_cbor_put_bstr(e, ptr[i], len[i]);
        }
    }
}

/* Recipient unprotected header, labels in deterministic order:
 * 1, 4, -1, -20, -21 ... -26. */
static void put_recipient_unprotected(cai_cbor_enc_t *e, const cai_cose_recipient_t *r,
                                      rcp_kind_t kind, const uint8_t eph_pub[CAI_P256_PUB_LEN])
{
    bool kid = r->kid_len > 0;
    if (!is_ecdh(kind)) {
        cai_cbor_put_map(e, 1u + (kid ? 1u : 0u));
        cai_cbor_put_int(e, CAI_COSE_HDR_ALG);
        cai_cbor_put_int(e, r->alg);
        if (kid) {
            cai_cbor_put_int(e, CAI_COSE_HDR_KID);
            cai_cbor_put_bstr(e, r->kid, r->kid_len);
        }
        return;
    }
    size_t n = 1u + (kid ? 1u : 0u) + (r->salt != NULL ? 1u : 0u) + party_count(&r->party_u) +
               party_count(&r->party_v);
    cai_cbor_put_map(e, n);
    if (kid) {
        cai_cbor_put_int(e, CAI_COSE_HDR_KID);
        cai_cbor_put_bstr(e, r->kid, r->kid_len);
    }
    cai_cbor_put_int(e, CAI_COSE_HDR_EPK);
    cose_put_ec2_public(e, eph_pub);
    if (r->salt != NULL) {
        cai_cbor_put_int(e, CAI_COSE_HDR_SALT);
        cai_cbor_put_bstr(e, r->salt, r->salt_len);
    }
    put_party_headers(e, &r->party_u, CAI_COSE_HDR_PARTYU_ID);
    put_party_headers(e, &r->party_v, CAI_COSE_HDR_PARTYV_ID);
}

/* A fresh ephemeral key pair from the caller's RNG (rejection sampling: a
 * scalar of 0 or >= n is drawn again). */
static cai_cose_err_t ephemeral_key(const cai_cose_encrypt_params_t *p,
                                    uint8_t priv[CAI_P256_PRIV_LEN], uint8_t pub[CAI_P256_PUB_LEN])
{
    for (int tries = 0; tries < 8; tries++) {
        cai_cose_err_t e = cose_rng(p->rng, p->rng_ctx, priv, CAI_P256_PRIV_LEN);
        if (e != CAI_COSE_OK) {
            return e;
        }
        if (cai_p256_public_from_private(priv, pub) == PSA_SUCCESS) {
            return CAI_COSE_OK;
        }
    }
    return CAI_COSE_ERR_RNG;
}

static cai_cose_err_t seal_check(const cai_cose_encrypt_params_t *p, const uint8_t *pt,
                                 size_t pt_len, const uint8_t *out, size_t cap,
                                 const size_t *out_len)
{
    const cai_cose_recipient_t *r = p ? p->recipient : NULL;
    if (p == NULL || r == NULL || out_len == NULL || (out == NULL && cap != 0) ||
        (pt == NULL && pt_len != 0) || (r->kid == NULL && r->kid_len != 0) ||
        (p->external_aad == NULL && p->external_aad_len != 0) || pt_len > SIZE_MAX - 64) {
        return CAI_COSE_ERR_ARG;
    }
    size_t cek_len = cose_gcm_key_len(p->alg);
    rcp_kind_t kind = recipient_kind(r->alg);
    if (cek_len == 0 || kind == RCP_NONE) {
        return CAI_COSE_ERR_ALG_UNKNOWN;
    }
    if (is_ecdh(kind)) {
        if (r->peer_pub == NULL) {
            return CAI_COSE_ERR_ARG;
        }
        if (cai_p256_check_public(r->peer_pub, CAI_P256_PUB_LEN) != PSA_SUCCESS) {
            return CAI_COSE_ERR_KEY;
        }
    } else {
        size_t need = kind == RCP_KW ? cose_kw_key_len(r->alg) : cek_len;
        if (r->key == NULL) {
            return CAI_COSE_ERR_ARG;
        }
        if (r->key_len != need) {
            return CAI_COSE_ERR_ALG_KEY_MISMATCH;
        }
    }
    return CAI_COSE_OK;
}

typedef struct seal_keys {
    uint8_t cek[32];
    uint8_t kek[32];
    uint8_t iv[CAI_COSE_GCM_IV_LEN];
    uint8_t eph_priv[CAI_P256_PRIV_LEN];
    uint8_t eph_pub[CAI_P256_PUB_LEN];
    uint8_t wrapped[40];
    size_t wrapped_len;
} seal_keys_t;

/* The sender's side of ECDH-ES: its ephemeral scalar is fresh and raw (it
 * lives for one message in seal_keys_t), behind the same interface the
 * recipient's key by reference uses. ctx is the scalar. */
static psa_status_t ephemeral_ecdh(void *ctx, const uint8_t peer_pub[CAI_P256_PUB_LEN],
                                   uint8_t shared_x[CAI_P256_ECDH_LEN])
{
    return cai_ecdh_p256(ctx, peer_pub, CAI_P256_PUB_LEN, shared_x);
}

/* CEK, IV and the recipient's share (wrapped CEK / ephemeral key). */
static cai_cose_err_t seal_keys(const cai_cose_encrypt_params_t *p, const uint8_t *rprot,
                                size_t rprot_len, seal_keys_t *k)
{
    const cai_cose_recipient_t *r = p->recipient;
    rcp_kind_t kind = recipient_kind(r->alg);
    size_t cek_len = cose_gcm_key_len(p->alg);
    cose_party_field_t party[COSE_PARTY_FIELDS];
    cose_span_t salt = { r->salt, r->salt_len };
    cose_party_fields(&r->party_u, &r->party_v, party);
    cai_cose_err_t e = CAI_COSE_OK;
    const cai_cose_ecdh_t eph = { .ecdh = ephemeral_ecdh, .ctx = k->eph_priv };
    k->wrapped_len = 0;

    switch (kind) {
    case RCP_ECDH_KW:
    case RCP_KW: {
        size_t kek_len = cose_kw_key_len(r->alg);
        e = cose_rng(p->rng, p->rng_ctx, k->cek, cek_len);
        if (e == CAI_COSE_OK) {
            e = cose_rng(p->rng, p->rng_ctx, k->iv, sizeof k->iv);
        }
        if (e == CAI_COSE_OK && kind == RCP_ECDH_KW) {
            e = ephemeral_key(p, k->eph_priv, k->eph_pub);
            if (e == CAI_COSE_OK) {
                e = cose_ecdh_derive(&eph, false, r->peer_pub, &salt, wrap_alg_of(r->alg), kek_len,
                                     rprot, rprot_len, party, k->kek);
            }
        } else if (e == CAI_COSE_OK) {
            memcpy(k->kek, r->key, kek_len);
        }
        if (e == CAI_COSE_OK) {
            if (cai_aes_kw_wrap(k->kek, kek_len, k->cek, cek_len, k->wrapped) != PSA_SUCCESS) {
                e = CAI_COSE_ERR_CRYPTO;
            }
            k->wrapped_len = cek_len + CAI_AES_KW_OVERHEAD;
        }
        break;
    }
    case RCP_ECDH_DIRECT:
        /* The CEK is derived: AlgorithmID is the content alg (RFC 9053 §5.2). */
        e = ephemeral_key(p, k->eph_priv, k->eph_pub);
        if (e == CAI_COSE_OK) {
            e = cose_rng(p->rng, p->rng_ctx, k->iv, sizeof k->iv);
        }
        if (e == CAI_COSE_OK) {
            e = cose_ecdh_derive(&eph, false, r->peer_pub, &salt, p->alg, cek_len, rprot, rprot_len,
                                 party, k->cek);
        }
        break;
    case RCP_DIRECT:
        memcpy(k->cek, r->key, cek_len);
        e = cose_rng(p->rng, p->rng_ctx, k->iv, sizeof k->iv);
        break;
    default:
        e = CAI_COSE_ERR_ALG_UNKNOWN;
        break;
    }
    return e;
}

cai_cose_err_t cai_cose_encrypt_seal(const cai_cose_encrypt_params_t *p, const uint8_t *plaintext,
                                     size_t plaintext_len, uint8_t *out, size_t cap,
                                     size_t *out_len)
{
    cai_cose_err_t e = seal_check(p, plaintext, plaintext_len, out, cap, out_len);
    if (e != CAI_COSE_OK) {
        return e;
    }
    const cai_cose_recipient_t *r = p->recipient;
    rcp_kind_t kind = recipient_kind(r->alg);
    size_t cek_len = cose_gcm_key_len(p->alg);

    uint8_t prot[8], rprot[8];
    size_t prot_len = cose_protected_alg(p->alg, prot);
    /* AES-KW and direct recipients MUST have an empty protected header. */
    size_t rprot_len = is_ecdh(kind) ? cose_protected_alg(r->alg, rprot) : 0;
    uint8_t aad[CAI_COSE_MAX_ENC_STRUCTURE];
    size_t aad_len = 0;
    e = cose_enc_structure("Encrypt", prot, prot_len, p->external_aad, p->external_aad_len, aad,
                           sizeof aad, &aad_len);
    if (e != CAI_COSE_OK) {
        return e;
    }
    seal_keys_t k;
    e = seal_keys(p, rprot, rprot_len, &k);
    if (e == CAI_COSE_OK) {
        cai_cbor_enc_t enc;
        cai_cbor_enc_init(&enc, out, cap);
        cai_cbor_put_tag(&enc, CAI_COSE_TAG_ENCRYPT);
        cai_cbor_put_array(&enc, 4);
        cai_cbor_put_bstr(&enc, prot, prot_len);
        cai_cbor_put_map(&enc, 1);
        cai_cbor_put_int(&enc, CAI_COSE_HDR_IV);
        cai_cbor_put_bstr(&enc, k.iv, sizeof k.iv);
        cai_cbor_put_bstr_header(&enc, plaintext_len + CAI_COSE_GCM_TAG_LEN);
        uint8_t *ct = cai_cbor_reserve(&enc, plaintext_len + CAI_COSE_GCM_TAG_LEN);
        if (ct != NULL && cai_aes_gcm_encrypt(k.cek, cek_len, k.iv, sizeof k.iv, aad, aad_len,
                                              plaintext, plaintext_len, ct, ct + plaintext_len,
                                              CAI_COSE_GCM_TAG_LEN) != PSA_SUCCESS) {
            e = CAI_COSE_ERR_CRYPTO;
        }
        cai_cbor_put_array(&enc, 1);
        cai_cbor_put_array(&enc, 3);
        cai_cbor_put_bstr(&enc, rprot, rprot_len);
        put_recipient_unprotected(&enc, r, kind, k.eph_pub);
        cai_cbor_put_bstr(&enc, k.wrapped, k.wrapped_len);
        if (e == CAI_COSE_OK) {
            e = cose_enc_result(&enc, out_len);
        }
        if (e == CAI_COSE_ERR_CRYPTO) {
            cai_wipe(out, cap);
        }
    }
    cai_wipe(&k, sizeof k);
    return e;
}

/* ---------------- consuming ---------------- */

/* What we keep of the recipient we will use. */
typedef struct chosen {
    bool found;
    rcp_kind_t kind;
    int64_t alg;
    cose_span_t rprot;
    cose_span_t wrapped;
    cose_span_t kid;
    bool has_kid;
    uint8_t epk[CAI_P256_PUB_LEN];
    bool has_salt;
    cose_span_t salt;
    cose_party_field_t party[COSE_PARTY_FIELDS];
} chosen_t;

static bool kid_matches(const cai_cose_recipient_key_t *key, const cose_hdrs_t *h)
{
    if (key->kid == NULL) {
        return true;
    }
    return h->has_kid && h->kid.len == key->kid_len &&
           (key->kid_len == 0 || memcmp(h->kid.ptr, key->kid, key->kid_len) == 0);
}

/* Parses one recipient; remembers it in *c when it is the first usable one.
 * *policy_err records why a recipient was not usable (for the final error
 * when none is). */
static cai_cose_err_t read_recipient(cai_cbor_dec_t *d, const cai_cose_opts_t *o,
                                     const cai_cose_recipient_key_t *key, chosen_t *c,
                                     cai_cose_err_t *policy_err)
{
    uint64_t n = 0;
    cai_cbor_err_t ce = cai_cbor_get_array(d, &n);
    if (ce != CAI_CBOR_OK) {
        return ce == CAI_CBOR_ERR_TYPE ? CAI_COSE_ERR_MALFORMED : cose_from_cbor(ce);
    }
    if (n == 4) {
        return CAI_COSE_ERR_UNSUPPORTED; /* nested recipients */
    }
    if (n != 3) {
        return CAI_COSE_ERR_MALFORMED;
    }
    cose_hdrs_t h;
    cose_span_t rprot, wrapped;
    cose_hdrs_init(&h);
    cai_cose_err_t e = cose_get_bstr(d, &rprot);
    if (e == CAI_COSE_OK) {
        e = cose_hdrs_parse_protected(rprot.ptr, rprot.len, o->flags, &h);
    }
    if (e == CAI_COSE_OK) {
        e = cose_hdrs_parse_unprotected(d, &h);
    }
    if (e == CAI_COSE_OK) {
        e = cose_get_bstr(d, &wrapped);
    }
    if (e == CAI_COSE_OK) {
        /* alg placement is free for recipients: AES-KW ones MUST have it
         * unprotected. */
        e = cose_hdrs_check(&h, o->flags & ~(uint32_t)CAI_COSE_F_PROTECTED_ALG);
    }
    if (e != CAI_COSE_OK) {
        return e;
    }
    rcp_kind_t kind = recipient_kind(h.alg);
    cai_cose_err_t why = CAI_COSE_OK;
    if (kind == RCP_NONE) {
        why = recipient_known_unsupported(h.alg) || h.has_static_key ? CAI_COSE_ERR_UNSUPPORTED
                                                                     : CAI_COSE_ERR_ALG_UNKNOWN;
    } else if (o->require_recipient_alg != 0 && o->require_recipient_alg != h.alg) {
        why = CAI_COSE_ERR_ALG_NOT_ALLOWED;
    } else if (is_ecdh(kind) ? key->ecdh == NULL : key->key == NULL) {
        why = CAI_COSE_ERR_NO_RECIPIENT;
    } else if (!kid_matches(key, &h)) {
        why = CAI_COSE_ERR_NO_RECIPIENT;
    } else if (is_ecdh(kind) && !h.has_epk) {
        why = CAI_COSE_ERR_KEY;
    }
    if (why != CAI_COSE_OK) {
        if (*policy_err == CAI_COSE_OK || *policy_err == CAI_COSE_ERR_NO_RECIPIENT) {
            *policy_err = why;
        }
        return CAI_COSE_OK;
    }
    if (c->found) {
        return CAI_COSE_OK;
    }
    c->found = true;
    c->kind = kind;
    c->alg = h.alg;
    c->rprot = rprot;
    c->wrapped = wrapped;
    c->has_kid = h.has_kid;
    c->kid = h.kid;
    if (h.has_epk) {
        memcpy(c->epk, h.epk.pub, sizeof c->epk);
    }
    c->has_salt = h.has_salt;
    c->salt = h.salt;
    memcpy(c->party, h.party, sizeof c->party);
    return CAI_COSE_OK;
}

/* Recovers the CEK from the chosen recipient. */
static cai_cose_err_t recover_cek(const chosen_t *c, const cai_cose_recipient_key_t *key,
                                  int64_t content_alg, uint8_t cek[32])
{
    size_t cek_len = cose_gcm_key_len(content_alg);
    uint8_t kek[32];
    cai_cose_err_t e = CAI_COSE_OK;
    switch (c->kind) {
    case RCP_DIRECT:
        if (key->key_len != cek_len) {
            return CAI_COSE_ERR_ALG_KEY_MISMATCH;
        }
        if (c->wrapped.len != 0) {
            return CAI_COSE_ERR_MALFORMED;
        }
        memcpy(cek, key->key, cek_len);
        return CAI_COSE_OK;
    case RCP_ECDH_DIRECT:
        if (c->wrapped.len != 0) {
            return CAI_COSE_ERR_MALFORMED;
        }
        return cose_ecdh_derive(key->ecdh, true, c->epk, c->has_salt ? &c->salt : NULL, content_alg,
                                cek_len, c->rprot.ptr, c->rprot.len, c->party, cek);
    case RCP_KW:
    case RCP_ECDH_KW: {
        size_t kek_len = cose_kw_key_len(c->alg);
        if (c->kind == RCP_KW) {
            if (key->key_len != kek_len) {
                return CAI_COSE_ERR_ALG_KEY_MISMATCH;
            }
            memcpy(kek, key->key, kek_len);
        } else {
            e = cose_ecdh_derive(key->ecdh, true, c->epk, c->has_salt ? &c->salt : NULL,
                                 wrap_alg_of(c->alg), kek_len, c->rprot.ptr, c->rprot.len, c->party,
                                 kek);
        }
        if (e == CAI_COSE_OK && c->wrapped.len != cek_len + CAI_AES_KW_OVERHEAD) {
            e = CAI_COSE_ERR_UNWRAP; /* wraps a key of the wrong size for the content alg */
        }
        if (e == CAI_COSE_OK) {
            psa_status_t st = cai_aes_kw_unwrap(kek, kek_len, c->wrapped.ptr, c->wrapped.len, cek);
            if (st != PSA_SUCCESS) {
                e = st == PSA_ERROR_INVALID_SIGNATURE ? CAI_COSE_ERR_UNWRAP : CAI_COSE_ERR_CRYPTO;
            }
        }
        cai_wipe(kek, sizeof kek);
        return e;
    }
    default:
        return CAI_COSE_ERR_ALG_UNKNOWN;
    }
}

cai_cose_err_t cai_cose_encrypt_open(const uint8_t *msg, size_t len,
                                     const cai_cose_recipient_key_t *key,
                                     const cai_cose_opts_t *opts, uint8_t *out, size_t cap,
                                     size_t *out_len, cai_cose_encrypt_info_t *info)
{
    const cai_cose_opts_t *o = cose_opts_or_default(opts);
    if (key == NULL || out_len == NULL || (out == NULL && cap != 0) ||
        (key->ecdh != NULL && key->ecdh->ecdh == NULL) || (key->key == NULL && key->key_len != 0) ||
        (key->kid == NULL && key->kid_len != 0) ||
        (o->external_aad == NULL && o->external_aad_len != 0)) {
        return CAI_COSE_ERR_ARG;
    }
    *out_len = 0;
    cai_cbor_dec_t d;
    cose_hdrs_t h;
    cose_span_t prot, ct;
    chosen_t c;
    cai_cose_err_t policy_err = CAI_COSE_OK;
    bool tagged = false;
    uint64_t n_rcp = 0;
    memset(&c, 0, sizeof c);
    cose_hdrs_init(&h);
    cai_cose_err_t e =
        cose_msg_begin_headers(msg, len, o, CAI_COSE_TAG_ENCRYPT, 4, &d, &tagged, &prot, &h);
    if (e == CAI_COSE_OK) {
        e = cose_get_bstr(&d, &ct);
    }
    if (e == CAI_COSE_OK) {
        cai_cbor_err_t ce = cai_cbor_get_array(&d, &n_rcp);
        if (ce != CAI_CBOR_OK) {
            e = ce == CAI_CBOR_ERR_TYPE ? CAI_COSE_ERR_MALFORMED : cose_from_cbor(ce);
        } else if (n_rcp == 0) {
            e = CAI_COSE_ERR_MALFORMED; /* RFC 9052: at least one recipient */
        } else if (n_rcp > CAI_COSE_MAX_RECIPIENTS) {
            e = CAI_COSE_ERR_TOO_LARGE;
        }
    }
    for (uint64_t i = 0; e == CAI_COSE_OK && i < n_rcp; i++) {
        e = read_recipient(&d, o, key, &c, &policy_err);
    }
    if (e == CAI_COSE_OK) {
        e = cose_msg_end(&d);
    }
    if (e == CAI_COSE_OK) {
        e = cose_hdrs_check(&h, o->flags);
    }
    if (e != CAI_COSE_OK) {
        return e;
    }
    if (!c.found) {
        return policy_err != CAI_COSE_OK ? policy_err : CAI_COSE_ERR_NO_RECIPIENT;
    }
    size_t cek_len = 0;
    e = cose_content_check(&h, o, &ct, cap, &cek_len, out_len);
    if (e != CAI_COSE_OK) {
        return e;
    }
    uint8_t cek[32];
    e = recover_cek(&c, key, h.alg, cek);
    if (e == CAI_COSE_OK) {
        e = cose_content_decrypt("Encrypt", &prot, &h, o, cek, cek_len, &ct, out, out_len);
    }
    cai_wipe(cek, sizeof cek);
    if (e != CAI_COSE_OK) {
        return e;
    }
    if (info != NULL) {
        memset(info, 0, sizeof *info);
        info->alg = h.alg;
        info->recipient_alg = c.alg;
        info->kid = h.has_kid ? h.kid.ptr : NULL;
        info->kid_len = h.has_kid ? h.kid.len : 0;
        info->recipient_kid = c.has_kid ? c.kid.ptr : NULL;
        info->recipient_kid_len = c.has_kid ? c.kid.len : 0;
        info->tagged = tagged;
    }
    return CAI_COSE_OK;
}

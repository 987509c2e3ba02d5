/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Key agreement for ECDH-ES recipients (RFC 9053 §5 and §6.3): the shared
 * secret Z (x-coordinate) goes through HKDF-SHA-256 with the CBOR
 * COSE_KDF_Context as info and the optional salt (-20). Not the JOSE
 * Concat KDF.
 */
#include <string.h>

#include "cai/crypto.h"
#include "cose_internal.h"

static void put_party(cai_cbor_enc_t *e, const cose_party_field_t *f)
{
    cai_cbor_put_array(e, 3);
    for (size_t i = 0; i < 3; i++) {
        if (!f[i].present || f[i].kind == COSE_PARTY_NIL) {
            cai_cbor_put_null(e);
        } else if (f[i].kind == COSE_PARTY_BSTR) {
            cai_cbor_put_bstr(e, f[i].bytes.ptr, f[i].bytes.len);
        } else if (f[i].kind == COSE_PARTY_UINT) {
            cai_cbor_put_uint(e, f[i].u);
        } else {
            cai_cbor_put_nint_raw(e, f[i].u);
        }
    }
}

cai_cose_err_t cose_kdf_context(int64_t alg, uint32_t key_bits, const uint8_t *prot,
                                size_t prot_len, const cose_party_field_t party[COSE_PARTY_FIELDS],
                                uint8_t *out, size_t cap, size_t *out_len)
{
    cose_span_t p = cose_protected_for_mac(prot, prot_len);
    cai_cbor_enc_t e;
    cai_cbor_enc_init(&e, out, cap);
    cai_cbor_put_array(&e, 4);
    cai_cbor_put_int(&e, alg);
    put_party(&e, &party[0]);
    put_party(&e, &party[3]);
    cai_cbor_put_array(&e, 2); /* SuppPubInfo without the optional "other" */
    cai_cbor_put_uint(&e, key_bits);
    cai_cbor_put_bstr(&e, p.ptr, p.len);
    return cose_enc_result(&e, out_len);
}

static void party_from_info(const cai_cose_party_info_t *in, cose_party_field_t out[3])
{
    memset(out, 0, 3 * sizeof out[0]);
    if (in == NULL) {
        return;
    }
    const uint8_t *ptr[3] = { in->identity, in->nonce, in->other };
    size_t len[3] = { in->identity_len, in->nonce_len, in->other_len };
    for (size_t i = 0; i < 3; i++) {
        if (ptr[i] != NULL) {
            out[i].present = true;
            out[i].kind = COSE_PARTY_BSTR;
            out[i].bytes.ptr = ptr[i];
            out[i].bytes.len = len[i];
        }
    }
}

void cose_party_fields(const cai_cose_party_info_t *u, const cai_cose_party_info_t *v,
                       cose_party_field_t party[COSE_PARTY_FIELDS])
{
    party_from_info(u, &party[0]);
    party_from_info(v, &party[3]);
}

cai_cose_err_t cai_cose_kdf_context(int64_t alg, uint32_t key_bits, const uint8_t *protected_hdr,
                                    size_t protected_len, const cai_cose_party_info_t *party_u,
                                    const cai_cose_party_info_t *party_v, uint8_t *out, size_t cap,
                                    size_t *out_len)
{
    if (out_len == NULL || (out == NULL && cap != 0) ||
        (protected_hdr == NULL && protected_len != 0)) {
        return CAI_COSE_ERR_ARG;
    }
    cose_party_field_t party[COSE_PARTY_FIELDS];
    cose_party_fields(party_u, party_v, party);
    return cose_kdf_context(alg, key_bits, protected_hdr, protected_len, party, out, cap, out_len);
}

cai_cose_err_t cose_ecdh_derive(const cai_cose_ecdh_t *k, bool by_ref,
                                const uint8_t peer_pub[CAI_P256_PUB_LEN], const cose_span_t *salt,
                                int64_t ctx_alg, size_t key_len, const uint8_t *prot,
                                size_t prot_len, const cose_party_field_t party[COSE_PARTY_FIELDS],
                                uint8_t *key_out)
{
    /* The context first: a message whose context does not fit costs no key
     * agreement (and no call to the key holder). */
    uint8_t ctx[CAI_COSE_MAX_KDF_CONTEXT];
    size_t ctx_len = 0;
    cai_cose_err_t e = cose_kdf_context(ctx_alg, (uint32_t)(key_len * 8u), prot, prot_len, party,
                                        ctx, sizeof ctx, &ctx_len);
    if (e == CAI_COSE_ERR_BUFFER_TOO_SMALL) {
        return CAI_COSE_ERR_TOO_LARGE;
    }
    if (e != CAI_COSE_OK) {
        return e;
    }
    uint8_t z[CAI_P256_ECDH_LEN];
    psa_status_t st = k->ecdh(k->ctx, peer_pub, z);
    if (st != PSA_SUCCESS) {
        cai_wipe(z, sizeof z);
        if (st == PSA_ERROR_INVALID_ARGUMENT) {
            return CAI_COSE_ERR_KEY;
        }
        return by_ref ? CAI_COSE_ERR_KEY_REF : CAI_COSE_ERR_CRYPTO;
    }
    const uint8_t *salt_ptr = salt != NULL && salt->len > 0 ? salt->ptr : NULL;
    size_t salt_len = salt != NULL ? salt->len : 0;
    st = cai_hkdf_sha256(salt_ptr, salt_len, z, sizeof z, ctx, ctx_len, key_out, key_len);
    cai_wipe(z, sizeof z);
    return st == PSA_SUCCESS ? CAI_COSE_OK : CAI_COSE_ERR_CRYPTO;
}

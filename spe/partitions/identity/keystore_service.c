/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CAI_KEYSTORE: the device keys by reference, for other secure partitions
 * (docs/design.md §3, §4). A caller names a key id and gets a signature or a
 * shared secret, never the key: signing a digest with the COSE SIGN key
 * 0x5002, ECDH with the COSE ENCRYPT key 0x5003. Both sign or derive from
 * bytes the caller chose, so the manifest makes the service secure-only: the
 * non-secure side is refused at connect time, and the SPM lets in only the
 * partitions the service's row lists.
 *
 *   SIGN_HASH  in[0] = key id (4, LE), in[1] = SHA-256 digest (32)
 *              out[0] <- raw r||s (64)
 *   ECDH       in[0] = key id (4, LE), in[1] = peer public key (65, SEC1)
 *              out[0] <- the shared x-coordinate (32)
 *   PUBLIC     in[0] = key id (4, LE); out[0] <- its SEC1 public key (65)
 * Who may do what with which key is keystore_policy.c: the COSE keys for
 * any admitted partition, the attestation key (0x5004) for signing by the
 * attestation partition alone (msg->client_id, which the SPM sets).
 * Statuses: INVALID_ARGUMENT (sizes, unknown key, bad peer point),
 * NOT_PERMITTED (that key may not do that, or not for this caller),
 * BUFFER_TOO_SMALL, BAD_STATE (the key was not derived), NOT_SUPPORTED (call
 * type).
 */
#include <string.h>

#include "identity_partition.h"
#include "keystore_calls.h"

static psa_status_t read_exact(const psa_msg_t *msg, uint32_t idx, void *buf, size_t n)
{
    if (msg->in_size[idx] != n || psa_read(msg->handle, idx, buf, n) != n) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    return PSA_SUCCESS;
}

psa_status_t cai_keystore_sfn(const psa_msg_t *msg)
{
    if (msg->type != CAI_KEYSTORE_CALL_SIGN_HASH && msg->type != CAI_KEYSTORE_CALL_ECDH &&
        msg->type != CAI_KEYSTORE_CALL_PUBLIC) {
        return PSA_ERROR_NOT_SUPPORTED;
    }
    uint8_t id_le[4];
    psa_status_t st = read_exact(msg, 0, id_le, sizeof(id_le));
    if (st != PSA_SUCCESS) {
        return st;
    }
    cai_key_id_t id = (cai_key_id_t)id_le[0] | (cai_key_id_t)id_le[1] << 8 |
                      (cai_key_id_t)id_le[2] << 16 | (cai_key_id_t)id_le[3] << 24;
    identity_key_t *k = identity_key_find(id);
    if (k == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (!cai_keystore_allowed(id, msg->type, msg->client_id)) {
        return PSA_ERROR_NOT_PERMITTED;
    }
    if (!k->derived) {
        return PSA_ERROR_BAD_STATE;
    }
    if (msg->type == CAI_KEYSTORE_CALL_PUBLIC) {
        if (msg->out_size[0] < sizeof(k->pub)) {
            return PSA_ERROR_BUFFER_TOO_SMALL;
        }
        psa_write(msg->handle, 0, k->pub, sizeof(k->pub));
        return PSA_SUCCESS;
    }
    if (msg->type == CAI_KEYSTORE_CALL_SIGN_HASH) {
        uint8_t digest[CAI_SHA256_LEN];
        uint8_t sig[CAI_P256_SIG_LEN];
        st = read_exact(msg, 1, digest, sizeof(digest));
        if (st == PSA_SUCCESS && msg->out_size[0] < sizeof(sig)) {
            st = PSA_ERROR_BUFFER_TOO_SMALL;
        }
        if (st == PSA_SUCCESS) {
            st = cai_p256_key_sign_hash(&k->key, digest, sig);
        }
        if (st == PSA_SUCCESS) {
            psa_write(msg->handle, 0, sig, sizeof(sig));
        }
        return st;
    }
    uint8_t peer[CAI_P256_PUB_LEN];
    uint8_t shared[CAI_P256_ECDH_LEN];
    st = read_exact(msg, 1, peer, sizeof(peer));
    if (st == PSA_SUCCESS && msg->out_size[0] < sizeof(shared)) {
        st = PSA_ERROR_BUFFER_TOO_SMALL;
    }
    if (st == PSA_SUCCESS) {
        st = cai_p256_key_ecdh(&k->key, peer, sizeof(peer), shared);
    }
    if (st == PSA_SUCCESS) {
        psa_write(msg->handle, 0, shared, sizeof(shared));
    }
    cai_wipe(shared, sizeof(shared));
    return st;
}

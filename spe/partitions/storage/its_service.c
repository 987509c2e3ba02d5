/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CAI_ITS: PSA Internal Trusted Storage for secure partitions
 * (docs/design.md §4.1). The owner of an entry is the calling partition as
 * the SPM reports it (msg->client_id), so a partition cannot name another's
 * entries. Entries are sealed (its_seal.c) under the storage key before they
 * reach the platform's backend, and opened and checked on every read.
 *
 * Memory: one sealed and one plain buffer, static, sized to the largest
 * entry; nothing is allocated. The plain buffer is wiped after each call.
 */
#include <string.h>

#include "cai/crypto.h"
#include "cai/partition.h"
#include "cai/spe_port.h"
#include "its_calls.h"
#include "its_seal.h"
#include "psa/storage_common.h"
#include "storage_partition.h"

_Static_assert(CAI_ITS_SEALED_MAX <= CAI_SPE_PORT_STORAGE_OBJECT_MAX,
               "the backend must hold the largest sealed entry");

static uint8_t g_key[32]; /* AES-256-GCM storage key, from the HUK at init */
static uint8_t g_sealed[CAI_ITS_SEALED_MAX];
static uint8_t g_plain[CAI_ITS_MAX_DATA];

psa_status_t cai_its_key_init(uint8_t key[32]); /* storage_key.c */

static cai_its_aead_t k_aead;

psa_status_t cai_storage_init(void)
{
    k_aead = cai_its_aead_aes256_gcm(g_key);
    psa_status_t st = cai_its_key_init(g_key);
    if (st != PSA_SUCCESS) {
        cai_partition_log("[ITS] cannot derive the storage key (%d): not serving", (int)st);
    }
    return st;
}

/* Open the entry (owner, uid) into g_plain. */
static psa_status_t load(int32_t owner, uint64_t uid, size_t *len, uint32_t *flags)
{
    size_t sealed_len = 0;
    *len = 0;
    *flags = 0;
    psa_status_t st =
        cai_spe_port_storage_read(owner, uid, g_sealed, sizeof(g_sealed), &sealed_len);
    if (st == PSA_ERROR_BUFFER_TOO_SMALL) {
        return PSA_ERROR_STORAGE_FAILURE; /* larger than any entry: not one of ours */
    }
    if (st != PSA_SUCCESS) {
        return st;
    }
    return cai_its_open(&k_aead, owner, uid, g_sealed, sealed_len, g_plain, sizeof(g_plain), len,
                        flags);
}

/* in[0] = uid || word: the request header of every call. */
static psa_status_t read_request(const psa_msg_t *msg, size_t want, uint64_t *uid, uint32_t *word)
{
    uint8_t req[CAI_ITS_REQ_LEN];
    if (msg->in_size[0] != want || psa_read(msg->handle, 0, req, want) != want) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    *uid = cai_its_get_le64(req);
    *word = want == CAI_ITS_REQ_LEN ? cai_its_get_le32(req + CAI_ITS_UID_LEN) : 0;
    return *uid == 0 ? PSA_ERROR_INVALID_ARGUMENT : PSA_SUCCESS;
}

static psa_status_t its_set(const psa_msg_t *msg, int32_t owner)
{
    uint64_t uid;
    uint32_t flags;
    psa_status_t st = read_request(msg, CAI_ITS_REQ_LEN, &uid, &flags);
    if (st != PSA_SUCCESS) {
        return st;
    }
    if ((flags & ~PSA_STORAGE_FLAG_WRITE_ONCE) != 0) {
        return PSA_ERROR_NOT_SUPPORTED;
    }
    const size_t len = msg->in_size[1];
    if (len > CAI_ITS_MAX_DATA) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    size_t old_len;
    uint32_t old_flags;
    st = load(owner, uid, &old_len, &old_flags);
    if (st == PSA_SUCCESS && (old_flags & PSA_STORAGE_FLAG_WRITE_ONCE) != 0) {
        return PSA_ERROR_NOT_PERMITTED;
    }
    if (st != PSA_SUCCESS && st != PSA_ERROR_DOES_NOT_EXIST) {
        /* A damaged entry is reported, not silently replaced: it may have
         * been a WRITE_ONCE one. */
        return st;
    }
    if (len > 0 && psa_read(msg->handle, 1, g_plain, len) != len) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    uint8_t iv[CAI_ITS_IV_LEN];
    st = cai_spe_port_entropy(iv, sizeof(iv));
    size_t sealed_len = 0;
    if (st == PSA_SUCCESS) {
        st = cai_its_seal(&k_aead, owner, uid, flags, iv, g_plain, len, g_sealed, sizeof(g_sealed),
                          &sealed_len);
    }
    if (st == PSA_SUCCESS) {
        st = cai_spe_port_storage_write(owner, uid, g_sealed, sealed_len);
    }
    return st;
}

static psa_status_t its_get(const psa_msg_t *msg, int32_t owner)
{
    uint64_t uid;
    uint32_t offset;
    size_t len;
    uint32_t flags;
    psa_status_t st = read_request(msg, CAI_ITS_REQ_LEN, &uid, &offset);
    if (st == PSA_SUCCESS) {
        st = load(owner, uid, &len, &flags);
    }
    if (st == PSA_SUCCESS && offset > len) {
        st = PSA_ERROR_INVALID_ARGUMENT;
    }
    if (st == PSA_SUCCESS) {
        size_t n = len - offset;
        if (n > msg->out_size[0]) {
            n = msg->out_size[0];
        }
        psa_write(msg->handle, 0, g_plain + offset, n);
    }
    return st;
}

/* INFO and REMOVE: in[0] = uid, then the entry it names, opened. */
static psa_status_t load_by_uid(const psa_msg_t *msg, int32_t owner, uint64_t *uid, size_t *len,
                                uint32_t *flags)
{
    uint32_t unused;
    psa_status_t st = read_request(msg, CAI_ITS_UID_LEN, uid, &unused);
    return st == PSA_SUCCESS ? load(owner, *uid, len, flags) : st;
}

static psa_status_t its_info(const psa_msg_t *msg, int32_t owner)
{
    uint64_t uid;
    size_t len;
    uint32_t flags;
    psa_status_t st = msg->out_size[0] < CAI_ITS_INFO_LEN
                          ? PSA_ERROR_BUFFER_TOO_SMALL
                          : load_by_uid(msg, owner, &uid, &len, &flags);
    if (st == PSA_SUCCESS) {
        uint8_t info[CAI_ITS_INFO_LEN];
        cai_its_put_le32(info, (uint32_t)len); /* capacity: entries are exactly their size */
        cai_its_put_le32(info + 4, (uint32_t)len);
        cai_its_put_le32(info + 8, flags);
        psa_write(msg->handle, 0, info, sizeof(info));
    }
    return st;
}

static psa_status_t its_remove(const psa_msg_t *msg, int32_t owner)
{
    uint64_t uid;
    size_t len;
    uint32_t flags;
    psa_status_t st = load_by_uid(msg, owner, &uid, &len, &flags);
    if (st == PSA_SUCCESS && (flags & PSA_STORAGE_FLAG_WRITE_ONCE) != 0) {
        st = PSA_ERROR_NOT_PERMITTED;
    }
    if (st == PSA_SUCCESS) {
        st = cai_spe_port_storage_remove(owner, uid);
    }
    return st;
}

psa_status_t cai_its_sfn(const psa_msg_t *msg)
{
    /* Only partitions own entries; the manifest already keeps NS callers
     * out, this keeps the rule true should a manifest row ever be wrong. */
    if (msg->client_id <= 0) {
        return PSA_ERROR_NOT_PERMITTED;
    }
    psa_status_t st;
    switch (msg->type) {
    case CAI_ITS_CALL_SET:
        st = its_set(msg, msg->client_id);
        break;
    case CAI_ITS_CALL_GET:
        st = its_get(msg, msg->client_id);
        break;
    case CAI_ITS_CALL_INFO:
        st = its_info(msg, msg->client_id);
        break;
    case CAI_ITS_CALL_REMOVE:
        st = its_remove(msg, msg->client_id);
        break;
    default:
        st = PSA_ERROR_NOT_SUPPORTED;
        break;
    }
    cai_wipe(g_plain, sizeof(g_plain));
    return st;
}

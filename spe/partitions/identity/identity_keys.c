/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device keys, derived at boot from the HUK (docs/design.md §4) and held
 * here for the life of the SPE: each is imported once into a prepared key,
 * its scalar wiped right after, so no other copy of a private key exists.
 */
#include <string.h>

#include "cai/partition.h"
#include "cai/spe_port.h"
#include "identity_derive.h"
#include "identity_partition.h"

static identity_key_t g_keys[] = {
    { .id = CAI_KEY_ID_CLIENT_TLS, .label = "HUK_CLIENT_TLS_EC_PRIV_KEY", .name = "CLIENT_TLS" },
    { .id = CAI_KEY_ID_COSE_SIGN, .label = "HUK_COSE_EC_PRIV_KEY", .name = "C_SIGN" },
    { .id = CAI_KEY_ID_COSE_ENCRYPT, .label = "HUK_COSE_ENCRYPT_EC_PRIV_KEY", .name = "C_ENCRYPT" },
    { .id = CAI_KEY_ID_IAK, .label = "HUK_IAK_EC_PRIV_KEY", .name = "IAK" },
};
static uint8_t g_uuid[CAI_UUID_LEN];
static char g_uuid_str[CAI_UUID_STR_LEN];

static psa_status_t derive_key(const uint8_t pk[CAI_OKM_LEN], identity_key_t *k)
{
    uint8_t priv[CAI_P256_PRIV_LEN];
    psa_status_t st = identity_derive_p256(pk, k->label, priv, k->pub);
    if (st == PSA_SUCCESS) {
        st = cai_p256_key_import(&k->key, priv);
    }
    cai_wipe(priv, sizeof(priv));
    k->derived = st == PSA_SUCCESS;
    if (k->derived) {
        cai_partition_log("[IDENTITY] Successfully derived the key from HUK for %s", k->name);
    } else {
        /* About 2^-32 per key: the HUK gives no valid scalar for this label.
         * The device then has no such key, and says so for good. */
        memset(k->pub, 0, sizeof(k->pub));
        cai_partition_log("[IDENTITY] cannot derive the key %s (0x%04x) from this HUK (%d)",
                          k->label, (unsigned)k->id, (int)st);
    }
    return st;
}

psa_status_t identity_keys_init(void)
{
    uint8_t huk[CAI_SPE_PORT_HUK_SIZE];
    uint8_t pk[CAI_OKM_LEN];
    psa_status_t st = cai_spe_port_huk_get(huk);
    if (st == PSA_SUCCESS) {
        st = identity_derive_partition_key(huk, CAI_IDENTITY_PARTITION_ID, pk);
    }
    cai_wipe(huk, sizeof(huk));
    if (st == PSA_SUCCESS) {
        st = identity_derive_uuid(pk, g_uuid);
    }
    if (st != PSA_SUCCESS) {
        cai_wipe(pk, sizeof(pk));
        cai_partition_log("[IDENTITY] no HUK-derived identity (%d): not serving", (int)st);
        return st;
    }
    for (size_t i = 0; i < sizeof(g_keys) / sizeof(g_keys[0]); i++) {
        (void)derive_key(pk, &g_keys[i]); /* a missing key is reported per call */
    }
    cai_wipe(pk, sizeof(pk));
    identity_derive_uuid_str(g_uuid, g_uuid_str);
    cai_partition_log("[IDENTITY] Generated UUID: %s", g_uuid_str);
    return PSA_SUCCESS;
}

identity_key_t *identity_key_find(cai_key_id_t id)
{
    for (size_t i = 0; i < sizeof(g_keys) / sizeof(g_keys[0]); i++) {
        if (g_keys[i].id == id) {
            return &g_keys[i];
        }
    }
    return NULL;
}

const uint8_t *identity_uuid(void)
{
    return g_uuid;
}

const char *identity_uuid_str(void)
{
    return g_uuid_str;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The storage sealing key: okm for label HUK_ITS_AEAD_KEY from the HUK, by
 * the derivation every device key uses (docs/design.md §4, with the identity
 * partition's id), so the key is the same at every boot and on no other
 * device. The HUK copy is wiped as soon as the key is made.
 */
#include "cai/crypto.h"
#include "cai/spe_port.h"
#include "identity_derive.h"
#include "partition_ids.h"

psa_status_t cai_its_key_init(uint8_t key[32]);
psa_status_t cai_its_key_init(uint8_t key[32])
{
    uint8_t huk[CAI_SPE_PORT_HUK_SIZE];
    uint8_t pk[CAI_OKM_LEN];
    psa_status_t st = cai_spe_port_huk_get(huk);
    if (st == PSA_SUCCESS) {
        st = identity_derive_partition_key(huk, CAI_IDENTITY_PARTITION_ID, pk);
    }
    if (st == PSA_SUCCESS) {
        st = identity_derive_okm(pk, "HUK_ITS_AEAD_KEY", key);
    }
    cai_wipe(huk, sizeof(huk));
    cai_wipe(pk, sizeof(pk));
    return st;
}

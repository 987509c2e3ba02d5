/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The keystore's policy (keystore_calls.h): which key may do what, for whom.
 * The manifest decides which partitions reach CAI_KEYSTORE at all; this
 * table decides, per key, which of them may use it and for which call. A
 * key missing here is used by nobody through the keystore (the TLS key goes
 * through CAI_IDENTITY's own call).
 */
#include <stddef.h>

#include "keystore_calls.h"
#include "partition_ids.h"

/* Any caller the manifest admits (a partition id is never 0). */
#define ANY_CALLER 0

static const struct {
    cai_key_id_t id;
    int32_t call;
    int32_t caller;
} k_policy[] = {
    { CAI_KEY_ID_COSE_SIGN, CAI_KEYSTORE_CALL_SIGN_HASH, ANY_CALLER },
    { CAI_KEY_ID_COSE_ENCRYPT, CAI_KEYSTORE_CALL_ECDH, ANY_CALLER },
    { CAI_KEY_ID_IAK, CAI_KEYSTORE_CALL_SIGN_HASH, CAI_ATTEST_PARTITION_ID },
};

bool cai_keystore_allowed(cai_key_id_t id, int32_t call, int32_t client_id)
{
    if (client_id <= 0) {
        return false; /* never the non-secure side, whatever the manifest says */
    }
    if (call == CAI_KEYSTORE_CALL_PUBLIC) {
        return true;
    }
    for (size_t i = 0; i < sizeof(k_policy) / sizeof(k_policy[0]); i++) {
        if (k_policy[i].id == id && k_policy[i].call == call &&
            (k_policy[i].caller == ANY_CALLER || k_policy[i].caller == client_id)) {
            return true;
        }
    }
    return false;
}

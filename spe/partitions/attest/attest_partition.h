/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attestation partition (docs/attest.md, docs/design.md §8): PSA
 * Initial Attestation tokens (RFC 9783) signed with the Initial Attestation
 * Key, which the identity partition derives from the HUK and holds; this
 * partition only names it (key 0x5004, through CAI_KEYSTORE) and is the
 * only one the keystore lets sign with it. What it measures is fixed at
 * boot: the secure image (the platform's measurement) and every model image,
 * in registry order.
 */
#ifndef CAI_ATTEST_PARTITION_H
#define CAI_ATTEST_PARTITION_H

#include <stddef.h>
#include <stdint.h>

#include "partition_ids.h"
#include "psa/service.h"

psa_status_t cai_attest_init(void);
psa_status_t cai_attest_sfn(const psa_msg_t *msg);

#endif /* CAI_ATTEST_PARTITION_H */

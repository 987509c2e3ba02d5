/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The protected-storage partition: the PSA Internal Trusted Storage service
 * CAI_ITS (secure-only) over the platform's storage backend. It derives its
 * sealing key from the HUK at boot (label HUK_ITS_AEAD_KEY, docs/design.md
 * §4.1): with identity, the only partition that reads the HUK, as TF-M's ITS
 * derives its encryption key from the HUK through the platform. The key never
 * leaves this partition.
 */
#ifndef CAI_STORAGE_PARTITION_H
#define CAI_STORAGE_PARTITION_H

#include "partition_ids.h"
#include "psa/service.h"

psa_status_t cai_storage_init(void);
psa_status_t cai_its_sfn(const psa_msg_t *msg);

#endif /* CAI_STORAGE_PARTITION_H */

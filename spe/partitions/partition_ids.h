/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The ids of the real secure partitions, in one place: a partition id is the
 * client id the SPM reports when that partition calls a service, the owner of
 * its protected-storage entries, and (for identity) part of the HUK key
 * derivation (docs/design.md §4), so an id once shipped never changes.
 * Test partitions take 0x0F00 upwards (spe/partitions/test).
 */
#ifndef CAI_PARTITION_IDS_H
#define CAI_PARTITION_IDS_H

#include <stdint.h>

#define CAI_IDENTITY_PARTITION_ID ((int32_t)0x0100) /* device keys, UUID, CSRs, certificates */
#define CAI_STORAGE_PARTITION_ID  ((int32_t)0x0101) /* protected storage (PSA ITS) */
#define CAI_INFER_PARTITION_ID    ((int32_t)0x0102) /* model registry, signed inference results */
#define CAI_ATTEST_PARTITION_ID   ((int32_t)0x0103) /* PSA initial attestation tokens */

#endif /* CAI_PARTITION_IDS_H */

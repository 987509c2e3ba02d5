/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Internal Trusted Storage API 1.0, for secure partitions only
 * (docs/design.md §4.1). Each entry belongs to the partition that wrote it:
 * the storage partition takes the owner from the SPM's record of the caller,
 * so partitions cannot see or touch each other's entries. Entries are sealed
 * with AES-256-GCM under a HUK-derived key, every write is atomic, and a torn,
 * truncated, moved or tampered entry is reported, never used.
 *
 * Statuses (one line each, per function below):
 *   PSA_SUCCESS                     done
 *   PSA_ERROR_INVALID_ARGUMENT      uid 0, a NULL pointer with a length, an
 *                                   offset beyond the entry, data over
 *                                   CAI_ITS_MAX_DATA
 *   PSA_ERROR_NOT_SUPPORTED         a create flag other than WRITE_ONCE
 *   PSA_ERROR_NOT_PERMITTED         replacing or removing a WRITE_ONCE entry
 *   PSA_ERROR_DOES_NOT_EXIST        no entry with that uid (for this owner)
 *   PSA_ERROR_INSUFFICIENT_STORAGE  the medium is full
 *   PSA_ERROR_STORAGE_FAILURE       the medium failed, or the entry is torn,
 *                                   truncated or not an entry at all
 *   PSA_ERROR_INVALID_SIGNATURE     the entry was tampered with or belongs to
 *                                   another uid or owner
 */
#ifndef PSA_INTERNAL_TRUSTED_STORAGE_H
#define PSA_INTERNAL_TRUSTED_STORAGE_H

#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"
#include "psa/storage_common.h"

#define PSA_ITS_API_VERSION_MAJOR 1
#define PSA_ITS_API_VERSION_MINOR 0

/* Create or replace the entry uid with p_data[0..data_length). */
psa_status_t psa_its_set(psa_storage_uid_t uid, size_t data_length, const void *p_data,
                         psa_storage_create_flags_t create_flags);

/* Copy up to data_size bytes of entry uid, from data_offset on, into p_data;
 * *p_data_length gets how many were copied. */
psa_status_t psa_its_get(psa_storage_uid_t uid, size_t data_offset, size_t data_size, void *p_data,
                         size_t *p_data_length);

/* Size, capacity and flags of entry uid. */
psa_status_t psa_its_get_info(psa_storage_uid_t uid, struct psa_storage_info_t *p_info);

/* Remove entry uid. */
psa_status_t psa_its_remove(psa_storage_uid_t uid);

#endif /* PSA_INTERNAL_TRUSTED_STORAGE_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Types and flags shared by the PSA storage APIs (PSA Storage API 1.0), with
 * their standard names and values.
 */
#ifndef PSA_STORAGE_COMMON_H
#define PSA_STORAGE_COMMON_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t psa_storage_create_flags_t;
typedef uint64_t psa_storage_uid_t;

#define PSA_STORAGE_FLAG_NONE 0u
/* The entry can be written once and never removed or replaced. */
#define PSA_STORAGE_FLAG_WRITE_ONCE           (1u << 0)
#define PSA_STORAGE_FLAG_NO_CONFIDENTIALITY   (1u << 1)
#define PSA_STORAGE_FLAG_NO_REPLAY_PROTECTION (1u << 2)

struct psa_storage_info_t {
    uint32_t capacity; /* bytes the entry was created with */
    uint32_t size;     /* bytes it holds */
    psa_storage_create_flags_t flags;
};

#endif /* PSA_STORAGE_COMMON_H */

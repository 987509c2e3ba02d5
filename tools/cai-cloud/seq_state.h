/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The highest sequence number seen per device, in a state file of lines
 * "<uuid> <seq>". A result whose number is not above the one recorded is a
 * replay or out of order; an accepted one raises the record. Updates are
 * atomic (temporary file, fsync, rename) and serialized between verifiers
 * by an flock on "<file>.lock".
 */
#ifndef CAI_CLOUD_SEQ_STATE_H
#define CAI_CLOUD_SEQ_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool seq_state_advance(const char *path, const char *uuid, uint64_t seq, char *why, size_t why_cap);

#endif /* CAI_CLOUD_SEQ_STATE_H */

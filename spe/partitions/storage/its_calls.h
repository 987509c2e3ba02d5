/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The wire form of the CAI_ITS service, shared by the client functions
 * (its_client.c: psa_its_* for partitions) and the service (its_service.c).
 * Little-endian throughout.
 *   SET     in[0] = uid (8) || create flags (4), in[1] = data
 *   GET     in[0] = uid (8) || offset (4), out[0] <- data from offset
 *   INFO    in[0] = uid (8), out[0] <- capacity (4) || size (4) || flags (4)
 *   REMOVE  in[0] = uid (8)
 */
#ifndef CAI_ITS_CALLS_H
#define CAI_ITS_CALLS_H

#include <stdint.h>

#define CAI_ITS_CALL_SET    1
#define CAI_ITS_CALL_GET    2
#define CAI_ITS_CALL_INFO   3
#define CAI_ITS_CALL_REMOVE 4

#define CAI_ITS_UID_LEN  8u
#define CAI_ITS_REQ_LEN  12u /* uid + flags or offset */
#define CAI_ITS_INFO_LEN 12u

static inline void cai_its_put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static inline uint32_t cai_its_get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void cai_its_put_le64(uint8_t *p, uint64_t v)
{
    cai_its_put_le32(p, (uint32_t)v);
    cai_its_put_le32(p + 4, (uint32_t)(v >> 32));
}

static inline uint64_t cai_its_get_le64(const uint8_t *p)
{
    return (uint64_t)cai_its_get_le32(p) | (uint64_t)cai_its_get_le32(p + 4) << 32;
}

#endif /* CAI_ITS_CALLS_H */

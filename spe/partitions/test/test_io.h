/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the [TEST] services (internal to spe/partitions/test). */
#ifndef CAI_TEST_IO_H
#define CAI_TEST_IO_H

#include <stdint.h>

#include "psa/service.h"

/* CAI_TEST_CALL_ECHO: out_vec[i] <- in_vec[i], through a small buffer so
 * psa_read is used for partial reads. */
psa_status_t test_io_echo(const psa_msg_t *msg);
/* CAI_TEST_CALL_INFO: client id and vector sizes, little-endian, to out_vec[0]. */
psa_status_t test_io_info(const psa_msg_t *msg);
/* Writes a uint32/int32 as 4 little-endian bytes to out_vec[0]. */
void test_io_write_u32(const psa_msg_t *msg, uint32_t value);
void test_io_put_u32(uint8_t *p, uint32_t value);
uint32_t test_io_get_u32(const uint8_t *p);

#endif /* CAI_TEST_IO_H */

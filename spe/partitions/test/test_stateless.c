/* SPDX-License-Identifier: Apache-2.0 */
/* [TEST] CAI_TEST_STATELESS: stateless (called through its static handle,
 * never connected), NS allowed, version 1 STRICT. */
#include "cai/test_services.h"
#include "test_io.h"
#include "test_partition.h"

psa_status_t cai_test_stateless_sfn(const psa_msg_t *msg)
{
    switch (msg->type) {
    case CAI_TEST_CALL_ECHO:
        return test_io_echo(msg);
    case CAI_TEST_CALL_INFO:
        return test_io_info(msg);
    default:
        /* CONNECT/DISCONNECT never reach a stateless service. */
        return PSA_ERROR_NOT_SUPPORTED;
    }
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * [TEST] CAI_TEST_SECURE_ONLY: not callable from the non-secure side; the
 * manifest lists CAI_TEST_PARTITION_ID as its only secure client. Call type
 * 0 answers with the caller's client id, which shows both who the SPM says
 * called and that the call was let through. Also the init function of the
 * CAI_TEST_SECURE partition.
 */
#include "cai/test_services.h"
#include "cai/partition.h"
#include "test_io.h"
#include "test_partition.h"

psa_status_t cai_test_secure_only_sfn(const psa_msg_t *msg)
{
    switch (msg->type) {
    case PSA_IPC_CONNECT:
    case PSA_IPC_DISCONNECT:
        return PSA_SUCCESS;
    case CAI_TEST_CALL_ECHO:
        if (msg->out_size[0] < 4) {
            return PSA_ERROR_BUFFER_TOO_SMALL;
        }
        test_io_write_u32(msg, (uint32_t)msg->client_id);
        return PSA_SUCCESS;
    default:
        return PSA_ERROR_NOT_SUPPORTED;
    }
}

psa_status_t cai_test_secure_partition_init(void)
{
    cai_partition_log("[TEST] partition CAI_TEST_SECURE up: CAI_TEST_SECURE_ONLY is a test "
                      "service, not for production");
    return PSA_SUCCESS;
}

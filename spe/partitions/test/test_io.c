/* SPDX-License-Identifier: Apache-2.0 */
/* [TEST] helpers: echo and info replies, little-endian fields. */
#include "test_io.h"

#include "cai/test_services.h"

#define TEST_ECHO_CHUNK 64u

void test_io_put_u32(uint8_t *p, uint32_t value)
{
    p[0] = (uint8_t)value;
    p[1] = (uint8_t)(value >> 8);
    p[2] = (uint8_t)(value >> 16);
    p[3] = (uint8_t)(value >> 24);
}

uint32_t test_io_get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void test_io_write_u32(const psa_msg_t *msg, uint32_t value)
{
    uint8_t b[4];
    test_io_put_u32(b, value);
    psa_write(msg->handle, 0, b, sizeof(b));
}

psa_status_t test_io_echo(const psa_msg_t *msg)
{
    psa_status_t status = PSA_SUCCESS;
    for (uint32_t i = 0; i < PSA_MAX_IOVEC; i++) {
        size_t n = msg->in_size[i];
        if (n > msg->out_size[i]) {
            n = msg->out_size[i];
            status = PSA_ERROR_BUFFER_TOO_SMALL;
        }
        uint8_t chunk[TEST_ECHO_CHUNK];
        while (n > 0) {
            size_t got = psa_read(msg->handle, i, chunk, n < sizeof(chunk) ? n : sizeof(chunk));
            if (got == 0) {
                return PSA_ERROR_COMMUNICATION_FAILURE; /* the SPM lost bytes */
            }
            psa_write(msg->handle, i, chunk, got);
            n -= got;
        }
    }
    return status;
}

static uint32_t clamp_u32(size_t v)
{
    return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

psa_status_t test_io_info(const psa_msg_t *msg)
{
    if (msg->out_size[0] < CAI_TEST_INFO_LEN) {
        return PSA_ERROR_BUFFER_TOO_SMALL;
    }
    uint8_t b[CAI_TEST_INFO_LEN];
    test_io_put_u32(b, (uint32_t)msg->client_id);
    for (size_t i = 0; i < PSA_MAX_IOVEC; i++) {
        test_io_put_u32(b + 4 + 4 * i, clamp_u32(msg->in_size[i]));
        test_io_put_u32(b + 20 + 4 * i, clamp_u32(msg->out_size[i]));
    }
    psa_write(msg->handle, 0, b, sizeof(b));
    return PSA_SUCCESS;
}

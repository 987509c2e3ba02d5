/* SPDX-License-Identifier: Apache-2.0 */
/* Untrusted certificate bytes through cai_x509_cert_check: never a crash, a
 * leak or a hang, and never accepted (the expected key is one no random input
 * can carry). */
#include <stdint.h>
#include <stdlib.h>

#include "cai/x509.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t pub[CAI_P256_PUB_LEN] = { 0x04 };
    cai_x509_cert_info_t info;
    if (cai_x509_cert_check(data, size, pub, "5a3c6e1f-8b2d-4e7a-9c01-23456789abcd", &info) ==
        CAI_X509_OK) {
        abort();
    }
    return 0;
}

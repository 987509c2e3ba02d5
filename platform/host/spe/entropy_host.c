/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host entropy (cai_spe_port_entropy, spe/include/cai/spe_port.h): the
 * kernel's CSPRNG through getrandom(2), which blocks only until the pool is
 * initialised once after boot.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "cai/spe_port.h"

psa_status_t cai_spe_port_entropy(uint8_t *out, size_t len)
{
    if (out == NULL && len > 0) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    size_t got = 0;
    while (got < len) {
        ssize_t n = getrandom(out + got, len - got, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            memset(out, 0, len); /* never hand out a partly random buffer */
            return PSA_ERROR_INSUFFICIENT_ENTROPY;
        }
        got += (size_t)n;
    }
    return PSA_SUCCESS;
}

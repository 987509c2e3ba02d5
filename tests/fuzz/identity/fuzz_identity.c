/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The identity service as the NS side reaches it: untrusted call types and
 * vectors, through the real SPM and manifest of the default image on the
 * host port (pinned HUK, a temporary state directory for certificates).
 * Input: type byte, vector counts, then for each in-vector a length byte and
 * its bytes, for each out-vector a size byte. Invariants: no crash, no
 * sanitizer report, no out length over its vector, no status the contract
 * does not list.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/services.h"
#include "cai/spm.h"
#include "fuzz_host_boot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool boot(void)
{
    return cai_fuzz_host_boot("fuzz-id");
}

static bool listed(psa_status_t st)
{
    return st == PSA_SUCCESS || st == PSA_ERROR_INVALID_ARGUMENT ||
           st == PSA_ERROR_BUFFER_TOO_SMALL || st == PSA_ERROR_NOT_PERMITTED ||
           st == PSA_ERROR_DOES_NOT_EXIST || st == PSA_ERROR_BAD_STATE ||
           st == PSA_ERROR_NOT_SUPPORTED || st == PSA_ERROR_PROGRAMMER_ERROR ||
           st == PSA_ERROR_STORAGE_FAILURE || st == PSA_ERROR_INVALID_SIGNATURE ||
           st == PSA_ERROR_INSUFFICIENT_STORAGE || st == PSA_ERROR_GENERIC_ERROR;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!boot() || size < 3) {
        return 0;
    }
    static uint8_t out_bufs[PSA_MAX_IOVEC][2048];
    psa_invec in[PSA_MAX_IOVEC];
    psa_outvec out[PSA_MAX_IOVEC];
    int32_t type = data[0] % 9;
    size_t n_in = data[1] % (PSA_MAX_IOVEC + 1);
    size_t n_out = data[2] % (PSA_MAX_IOVEC + 1);
    size_t pos = 3;
    for (size_t i = 0; i < n_in; i++) {
        /* a length byte (x16 for the last vector, so certificates fit) */
        size_t len = pos < size ? data[pos++] : 0;
        if (i == n_in - 1) {
            len *= 16;
        }
        if (len > size - pos) {
            len = size - pos;
        }
        in[i].base = data + pos;
        in[i].len = len;
        pos += len;
    }
    for (size_t i = 0; i < n_out; i++) {
        size_t want = pos < size ? (size_t)data[pos++] * 8 : 0;
        out[i].base = out_bufs[i];
        out[i].len = want < sizeof(out_bufs[i]) ? want : sizeof(out_bufs[i]);
    }
    size_t sizes[PSA_MAX_IOVEC];
    for (size_t i = 0; i < n_out; i++) {
        sizes[i] = out[i].len;
    }
    psa_handle_t h = CAI_STATELESS_HANDLE(CAI_IDENTITY_INDEX, CAI_IDENTITY_VERSION);
    psa_status_t st = cai_spm_call(-1, h, type, in, n_in, out, n_out);
    if (!listed(st)) {
        abort();
    }
    for (size_t i = 0; i < n_out; i++) {
        if (out[i].len > sizes[i]) {
            abort();
        }
    }
    return 0;
}

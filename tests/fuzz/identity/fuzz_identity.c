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
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/services.h"
#include "cai/spm.h"
#include "cai_host/huk_host.h"
#include "cai_host/state.h"
#include "cai_host/storage_host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/cai-fuzz-id-XXXXXX";

/* The state directory goes when the fuzzer ends (its objects are the
 * certificates the fuzzer managed to install: there may be a few). */
static void remove_dir(void)
{
    char cmd[64];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "fuzz_identity: could not remove %s\n", dir);
    }
}

static bool boot(void)
{
    static int booted = -1;
    if (booted < 0) {
        char err[256];
        int fd = -1;
        if (mkdtemp(dir) != NULL) {
            atexit(remove_dir);
            fd = cai_dir_open(dir, "state directory", err, sizeof(err));
        }
        booted = fd >= 0 && cai_host_storage_open(fd, dir, err, sizeof(err)) == 0 &&
                 cai_host_huk_load(-1, NULL, NULL,
                                   "000102030405060708090a0b0c0d0e0f"
                                   "101112131415161718191a1b1c1d1e1f",
                                   err, sizeof(err)) == 0 &&
                 cai_spm_init(&cai_manifest) == PSA_SUCCESS;
    }
    return booted == 1;
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

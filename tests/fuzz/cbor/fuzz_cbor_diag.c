/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the diagnostic notation printer. For every input: sizing with
 * no buffer and printing into an exact buffer agree; a short buffer is never
 * overrun and stays NUL-terminated; the verdict matches the decoder's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cai/cbor.h"
#include "fuzz_cbor_invariants.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cai_cbor_err_t verdict(const uint8_t *p, size_t n)
{
    cai_cbor_limits_t lim = { CAI_CBOR_MAX_DEPTH, 0, 0 };
    cai_cbor_dec_t d;
    cai_cbor_dec_init(&d, p, n, &lim);
    cai_cbor_err_t r = cai_cbor_skip(&d);
    return r == CAI_CBOR_OK ? cai_cbor_dec_finish(&d) : r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t need = 0, need2 = 0;
    cai_cbor_err_t r0 = cai_cbor_diag(data, size, NULL, 0, &need);
    cai_cbor_err_t v = verdict(data, size);
    FUZZ_REQUIRE(r0 == (v == CAI_CBOR_OK ? CAI_CBOR_ERR_BUFFER_TOO_SMALL : v));

    char *out = malloc(need + 16);
    FUZZ_REQUIRE(out != NULL);
    memset(out, 'X', need + 16);
    cai_cbor_err_t r1 = cai_cbor_diag(data, size, out, need + 1, &need2);
    FUZZ_REQUIRE(r1 == v && need2 == need);
    FUZZ_REQUIRE(out[need] == '\0' && strlen(out) == need && out[need + 1] == 'X');

    /* half the room: truncated, terminated, nothing beyond touched */
    size_t cap = (need + 1) / 2;
    memset(out, 'X', need + 16);
    cai_cbor_err_t r2 = cai_cbor_diag(data, size, out, cap, &need2);
    FUZZ_REQUIRE(need2 == need);
    if (cap > 0) {
        FUZZ_REQUIRE(strlen(out) == cap - 1);
        FUZZ_REQUIRE(r2 == (v == CAI_CBOR_OK ? CAI_CBOR_ERR_BUFFER_TOO_SMALL : v));
    }
    for (size_t i = cap; i < need + 16; i++) {
        FUZZ_REQUIRE(out[i] == 'X');
    }
    free(out);
    return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fixed keys of the COSE fuzz targets. make_seeds.py uses the same values,
 * so its seeds carry valid signatures / wraps / tags and the fuzzer starts
 * from inputs that reach the crypto checks, not just the parser.
 */
#ifndef COSE_FUZZ_KEYS_H
#define COSE_FUZZ_KEYS_H

#include <stdint.h>

/* Sign1 key: scalar 01 02 .. 20. Recipient key: 21 22 .. 40. */
static inline void fuzz_sign_priv(uint8_t d[32])
{
    for (int i = 0; i < 32; i++) {
        d[i] = (uint8_t)(i + 1);
    }
}

static inline void fuzz_recipient_priv(uint8_t d[32])
{
    for (int i = 0; i < 32; i++) {
        d[i] = (uint8_t)(i + 33);
    }
}

/* A128KW KEK (16 x 0x42) and direct / Encrypt0 key (32 x 0x24). */
#define FUZZ_KEK_BYTE 0x42
#define FUZZ_CEK_BYTE 0x24

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif

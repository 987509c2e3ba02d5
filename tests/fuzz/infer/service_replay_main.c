/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_infer_service outside libFuzzer, so the normal and the ASan test
 * builds run its invariants too: N inputs (argv[1], default 4000) from a
 * fixed-seed generator, half of them shaped like a valid run of sine (call
 * type, name, a float32 input in or near [0, 2*pi], a nonce) with some
 * fields then disturbed, the rest random bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern unsigned long fuzz_infer_service_runs[3], fuzz_infer_service_refused;

static uint64_t g_state = 0x9e3779b97f4a7c15ull;

static uint32_t next(void)
{
    g_state ^= g_state << 13;
    g_state ^= g_state >> 7;
    g_state ^= g_state << 17;
    return (uint32_t)(g_state >> 16);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 4000;
    static uint8_t buf[512];
    for (long i = 0; i < n; i++) {
        size_t len = next() % sizeof(buf);
        for (size_t k = 0; k < len; k++) {
            buf[k] = (uint8_t)next();
        }
        if (i % 2 == 0 && len >= 16) {
            buf[0] = (uint8_t)(7u * (next() % 8u) + (next() % 4 ? 2u : next() % 7u)); /* run */
            buf[1] = (uint8_t)(next() % 4 ? next() & 0x28u : next());                 /* shape */
            buf[2] = (uint8_t)(next() % 4 ? 0u : next());                             /* sine */
            buf[3] = (uint8_t)(2u * (next() % 3u));                                   /* format */
            buf[4] = (uint8_t)(next() % 4 ? 2u * (next() % 2u) : next());
            buf[5] = (uint8_t)(next() % 8 ? 0u : next());
            buf[6] = (uint8_t)(next() % 8 ? 0u : next());
            buf[7] = (uint8_t)(next() % 8 ? 4u : next() % 8u);
            float x = (float)(next() % 7000u) / 1000.0f - 0.2f;
            memcpy(buf + 8, &x, sizeof(x));
            buf[12] = (uint8_t)(next() % 3 ? next() % 65u : next());
            /* the out size selector is the byte after the nonce */
            size_t at = 13u + buf[12] % 80u;
            if (at < len) {
                buf[at] = (uint8_t)(next() % 4 ? 1u : next());
            }
        }
        LLVMFuzzerTestOneInput(buf, len);
    }
    printf("%ld inputs run, all invariants held: %lu cbor, %lu sign1, %lu encrypt results, "
           "%lu refused\n",
           n, fuzz_infer_service_runs[0], fuzz_infer_service_runs[1], fuzz_infer_service_runs[2],
           fuzz_infer_service_refused);
    /* the generator must keep reaching every format and the refusals */
    if (n >= 1000 && (fuzz_infer_service_runs[0] == 0 || fuzz_infer_service_runs[1] == 0 ||
                      fuzz_infer_service_runs[2] == 0 || fuzz_infer_service_refused == 0)) {
        fprintf(stderr, "the generated requests no longer reach every path\n");
        return 1;
    }
    return 0;
}

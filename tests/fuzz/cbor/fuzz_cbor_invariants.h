/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the cbor fuzz targets: stop loudly when an invariant breaks. */
#ifndef FUZZ_CBOR_INVARIANTS_H
#define FUZZ_CBOR_INVARIANTS_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_REQUIRE(cond)                                                                 \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "invariant failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

#endif

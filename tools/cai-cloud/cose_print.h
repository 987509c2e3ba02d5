/* SPDX-License-Identifier: Apache-2.0 */
/* `cai-cloud cose print` back ends (see cose_print.c). */
#ifndef CAI_CLOUD_COSE_PRINT_H
#define CAI_CLOUD_COSE_PRINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Return a CLOUD_* exit code; errors go to stderr. */
int cloud_cose_print_diag(FILE *f, const uint8_t *msg, size_t len);
int cloud_cose_print_json(FILE *f, const uint8_t *msg, size_t len);

#endif /* CAI_CLOUD_COSE_PRINT_H */

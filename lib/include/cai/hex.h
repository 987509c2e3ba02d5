/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hex text <-> bytes, for tools, the shell and test drivers. Strict: an even
 * number of digits, nothing else; never writes past the caller's buffer.
 * Portable, no allocation.
 */
#ifndef CAI_HEX_H
#define CAI_HEX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Value of one hex digit (either case), or -1. */
int cai_hex_nibble(int c);

/* Decodes the hex_len digits at hex into out (cap bytes). Returns 0 and sets
 * *out_len, or -1 for an odd count, a non-hex character or too little room. */
int cai_hex_decode(const char *hex, size_t hex_len, uint8_t *out, size_t cap, size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif /* CAI_HEX_H */

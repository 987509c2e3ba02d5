/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private helpers shared by the files of cai_cbor. Not installed, not part of
 * the API: float bit conversions (done on integer bit patterns so that no
 * value ever passes through an FPU conversion that could quiet a NaN or
 * round), UTF-8 validation and the item head reader.
 */
#ifndef CAI_CBOR_INTERNAL_H
#define CAI_CBOR_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* CBOR major types (RFC 8949 §3.1). */
enum {
    CBOR_MT_UINT = 0,
    CBOR_MT_NINT = 1,
    CBOR_MT_BSTR = 2,
    CBOR_MT_TSTR = 3,
    CBOR_MT_ARRAY = 4,
    CBOR_MT_MAP = 5,
    CBOR_MT_TAG = 6,
    CBOR_MT_SIMPLE = 7,
};

#define CBOR_AI_1BYTE      24u
#define CBOR_AI_INDEFINITE 31u
#define CBOR_BREAK_BYTE    0xffu

/* Widen IEEE 754 half / single bit patterns to double bit patterns, exactly
 * (NaN payloads kept, no signalling-NaN quieting). */
uint64_t cai_cbor_half_to_double_bits(uint16_t h);
uint64_t cai_cbor_single_to_double_bits(uint32_t s);

/* Smallest float width (2, 4 or 8 bytes) that holds the double with these
 * bits exactly, NaN payload included. *out gets the bit pattern of that width
 * (in the low bits). */
unsigned cai_cbor_shortest_float(uint64_t dbits, uint64_t *out);

double cai_cbor_bits_to_double(uint64_t bits);
uint64_t cai_cbor_double_to_bits(double v);

/* True when p[0..len) is well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
bool cai_cbor_utf8_valid(const uint8_t *p, size_t len);

struct cai_cbor_enc;
/* Head of the given major type with the shortest argument encoding. */
void cai_cbor_put_head(struct cai_cbor_enc *e, unsigned major, uint64_t arg);
/* A float of size 2, 4 or 8 bytes with the given IEEE 754 bit pattern. */
void cai_cbor_put_float_bits(struct cai_cbor_enc *e, unsigned size, uint64_t bits);

#endif /* CAI_CBOR_INTERNAL_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A DER writer that fills a buffer from its end towards its start, so every
 * length is known when its header is written (each TLV is written after its
 * contents). Overflow is sticky: after it, nothing more is written and
 * der_w_ok() is false.
 */
#ifndef CAI_X509_DER_WRITE_H
#define CAI_X509_DER_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DER_SEQUENCE    0x30u
#define DER_SET         0x31u
#define DER_INTEGER     0x02u
#define DER_BIT_STRING  0x03u
#define DER_OID         0x06u
#define DER_UTF8_STRING 0x0cu
#define DER_CONTEXT_0   0xa0u /* [0] constructed */

typedef struct der_w {
    uint8_t *buf;
    size_t cap;
    size_t used; /* bytes written, at buf[cap - used .. cap) */
    bool overflow;
} der_w_t;

void der_w_init(der_w_t *w, uint8_t *buf, size_t cap);
bool der_w_ok(const der_w_t *w);
/* The bytes written so far (valid while the writer is). */
const uint8_t *der_w_data(const der_w_t *w);
/* Prepend n raw bytes. */
void der_w_raw(der_w_t *w, const uint8_t *p, size_t n);
/* Prepend a tag and the DER length of everything written since mark (a value
 * of w->used taken before writing the contents). */
void der_w_wrap(der_w_t *w, uint8_t tag, size_t mark);
/* Write the header (tag and DER length) of a TLV whose contents are len
 * bytes into hdr; returns its size, or 0 for a length over 64 KiB - 1. */
#define DER_HEADER_MAX 4u
size_t der_header(uint8_t tag, size_t len, uint8_t hdr[DER_HEADER_MAX]);
/* Prepend a whole TLV. */
void der_w_tlv(der_w_t *w, uint8_t tag, const uint8_t *p, size_t n);

#endif /* CAI_X509_DER_WRITE_H */

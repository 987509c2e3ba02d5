/* SPDX-License-Identifier: Apache-2.0 */
#include "der_write.h"

#include <string.h>

void der_w_init(der_w_t *w, uint8_t *buf, size_t cap)
{
    w->buf = buf;
    w->cap = cap;
    w->used = 0;
    w->overflow = false;
}

bool der_w_ok(const der_w_t *w)
{
    return !w->overflow;
}

const uint8_t *der_w_data(const der_w_t *w)
{
    return w->buf + (w->cap - w->used);
}

void der_w_raw(der_w_t *w, const uint8_t *p, size_t n)
{
    if (w->overflow || n > w->cap - w->used) {
        w->overflow = true;
        return;
    }
    w->used += n;
    if (n > 0) {
        memcpy(w->buf + (w->cap - w->used), p, n);
    }
}

/* DER lengths: short form below 128, else 0x80|count and the big-endian
 * value in the fewest bytes (X.690 §10.1). Our structures stay below 64 KiB. */
size_t der_header(uint8_t tag, size_t len, uint8_t hdr[DER_HEADER_MAX])
{
    hdr[0] = tag;
    if (len < 0x80u) {
        hdr[1] = (uint8_t)len;
        return 2;
    }
    if (len <= 0xffu) {
        hdr[1] = 0x81u;
        hdr[2] = (uint8_t)len;
        return 3;
    }
    if (len <= 0xffffu) {
        hdr[1] = 0x82u;
        hdr[2] = (uint8_t)(len >> 8);
        hdr[3] = (uint8_t)len;
        return 4;
    }
    return 0;
}

void der_w_wrap(der_w_t *w, uint8_t tag, size_t mark)
{
    if (w->overflow) {
        return;
    }
    uint8_t hdr[DER_HEADER_MAX];
    size_t n = der_header(tag, w->used - mark, hdr);
    if (n == 0) {
        w->overflow = true;
        return;
    }
    der_w_raw(w, hdr, n);
}

void der_w_tlv(der_w_t *w, uint8_t tag, const uint8_t *p, size_t n)
{
    size_t mark = w->used;
    der_w_raw(w, p, n);
    der_w_wrap(w, tag, mark);
}

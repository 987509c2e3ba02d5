/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Strict base64, PEM, the P-256 SubjectPublicKeyInfo and the outer DER
 * length check (cai/pem.h). Every length is checked before a byte is
 * written; nothing is allocated.
 */
#include <stdbool.h>
#include <string.h>

#include "cai/pem.h"

const char *cai_pem_strerror(cai_pem_err_t err)
{
    switch (err) {
    case CAI_PEM_OK:
        return "ok";
    case CAI_PEM_ERR_ARG:
        return "bad argument";
    case CAI_PEM_ERR_BUFFER_TOO_SMALL:
        return "too large";
    case CAI_PEM_ERR_BASE64:
        return "malformed base64";
    case CAI_PEM_ERR_NO_BEGIN:
        return "no BEGIN line";
    case CAI_PEM_ERR_NO_END:
        return "truncated (no END line)";
    case CAI_PEM_ERR_EMPTY:
        return "empty";
    case CAI_PEM_ERR_NOT_DER:
        return "not a DER object";
    case CAI_PEM_ERR_TRUNCATED:
        return "truncated DER object";
    case CAI_PEM_ERR_TRAILING:
        return "bytes after the DER object";
    }
    return "unknown error";
}

/* ---------------- base64 ---------------- */

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

cai_pem_err_t cai_base64_encode(const uint8_t *in, size_t n, char *out, size_t cap, size_t *out_len)
{
    if ((in == NULL && n != 0) || out == NULL || out_len == NULL) {
        return CAI_PEM_ERR_ARG;
    }
    *out_len = 0;
    if (n > (((size_t)-1) - 3u) / 4u * 3u || cap < CAI_BASE64_LEN(n) + 1u) {
        return CAI_PEM_ERR_BUFFER_TOO_SMALL;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n) {
            v |= (uint32_t)in[i + 1] << 8;
        }
        if (i + 2 < n) {
            v |= in[i + 2];
        }
        out[o++] = b64_alphabet[(v >> 18) & 63u];
        out[o++] = b64_alphabet[(v >> 12) & 63u];
        out[o++] = i + 1 < n ? b64_alphabet[(v >> 6) & 63u] : '=';
        out[o++] = i + 2 < n ? b64_alphabet[v & 63u] : '=';
    }
    out[o] = '\0';
    *out_len = o;
    return CAI_PEM_OK;
}

/* A decoder fed one character at a time, so PEM can skip line breaks
 * without copying. */
typedef struct b64_dec {
    uint8_t *out;
    size_t cap;
    size_t len;
    uint32_t acc;
    unsigned have; /* characters in the current quartet */
    unsigned pad;  /* '=' seen in the current quartet */
    bool done;     /* a padded quartet ended the text */
    cai_pem_err_t err;
} b64_dec_t;

static void b64_put(b64_dec_t *d, unsigned char c)
{
    if (d->err != CAI_PEM_OK) {
        return;
    }
    if (d->done) {
        d->err = CAI_PEM_ERR_BASE64; /* anything after the padding */
        return;
    }
    int v;
    if (c == '=') {
        /* Only in the last two places of a quartet, and once padding has
         * started only padding follows. */
        if (d->have < 2) {
            d->err = CAI_PEM_ERR_BASE64;
            return;
        }
        d->pad++;
        v = 0;
    } else {
        v = b64_value(c);
        if (v < 0 || d->pad != 0) {
            d->err = CAI_PEM_ERR_BASE64;
            return;
        }
    }
    d->acc = (d->acc << 6) | (uint32_t)v;
    if (++d->have < 4) {
        return;
    }
    size_t bytes = 3u - d->pad;
    /* Unused bits must be zero: one text per byte string. */
    if ((d->pad == 1 && (d->acc & 0xffu) != 0) || (d->pad == 2 && (d->acc & 0xffffu) != 0)) {
        d->err = CAI_PEM_ERR_BASE64;
        return;
    }
    if (d->cap - d->len < bytes) {
        d->err = CAI_PEM_ERR_BUFFER_TOO_SMALL;
        return;
    }
    const uint8_t b[3] = { (uint8_t)(d->acc >> 16), (uint8_t)(d->acc >> 8), (uint8_t)d->acc };
    memcpy(d->out + d->len, b, bytes);
    d->len += bytes;
    d->done = d->pad != 0;
    d->acc = 0;
    d->have = 0;
    d->pad = 0;
}

static cai_pem_err_t b64_finish(b64_dec_t *d)
{
    if (d->err == CAI_PEM_OK && d->have != 0) {
        d->err = CAI_PEM_ERR_BASE64; /* a partial quartet */
    }
    return d->err;
}

cai_pem_err_t cai_base64_decode(const char *in, size_t n, uint8_t *out, size_t cap, size_t *out_len)
{
    if ((in == NULL && n != 0) || (out == NULL && cap != 0) || out_len == NULL) {
        return CAI_PEM_ERR_ARG;
    }
    *out_len = 0;
    b64_dec_t d = { .out = out, .cap = cap };
    for (size_t i = 0; i < n; i++) {
        b64_put(&d, (unsigned char)in[i]);
    }
    cai_pem_err_t err = b64_finish(&d);
    if (err != CAI_PEM_OK) {
        if (out != NULL) {
            memset(out, 0, cap);
        }
        return err;
    }
    *out_len = d.len;
    return CAI_PEM_OK;
}

/* ---------------- PEM ---------------- */

#define PEM_LINE 64u

static const char pem_begin[] = "-----BEGIN ";
static const char pem_end[] = "-----END ";
static const char pem_dashes[] = "-----";

size_t cai_pem_encoded_len(const char *label, size_t n)
{
    size_t l = label != NULL ? strlen(label) : 0;
    size_t b64 = CAI_BASE64_LEN(n);
    size_t lines = (b64 + PEM_LINE - 1u) / PEM_LINE;
    return (sizeof(pem_begin) - 1u) + l + (sizeof(pem_dashes) - 1u) + 1u + b64 + lines +
           (sizeof(pem_end) - 1u) + l + (sizeof(pem_dashes) - 1u) + 1u;
}

/* Appends s[0..n) at out + *o, bounded by cap (the caller sized it). */
static void put(char *out, size_t *o, const char *s, size_t n)
{
    memcpy(out + *o, s, n);
    *o += n;
}

cai_pem_err_t cai_pem_encode(const char *label, const uint8_t *der, size_t n, char *out, size_t cap,
                             size_t *out_len)
{
    if (label == NULL || label[0] == '\0' || (der == NULL && n != 0) || out == NULL ||
        out_len == NULL) {
        return CAI_PEM_ERR_ARG;
    }
    *out_len = 0;
    if (n > 65536u || cap < cai_pem_encoded_len(label, n) + 1u) {
        return CAI_PEM_ERR_BUFFER_TOO_SMALL;
    }
    size_t l = strlen(label), o = 0;
    put(out, &o, pem_begin, sizeof(pem_begin) - 1u);
    put(out, &o, label, l);
    put(out, &o, pem_dashes, sizeof(pem_dashes) - 1u);
    out[o++] = '\n';
    /* Whole lines: 48 bytes give 64 characters. */
    for (size_t i = 0; i < n; i += 48u) {
        size_t chunk = n - i < 48u ? n - i : 48u, w;
        cai_base64_encode(der + i, chunk, out + o, cap - o, &w);
        o += w;
        out[o++] = '\n';
    }
    put(out, &o, pem_end, sizeof(pem_end) - 1u);
    put(out, &o, label, l);
    put(out, &o, pem_dashes, sizeof(pem_dashes) - 1u);
    out[o++] = '\n';
    out[o] = '\0';
    *out_len = o;
    return CAI_PEM_OK;
}

/* Does text[at..n) start with "<a><label><b>"? */
static bool has_marker(const char *text, size_t n, size_t at, const char *a, const char *label,
                       const char *b)
{
    size_t la = strlen(a), ll = strlen(label), lb = strlen(b);
    return n - at >= la + ll + lb && memcmp(text + at, a, la) == 0 &&
           memcmp(text + at + la, label, ll) == 0 && memcmp(text + at + la + ll, b, lb) == 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

cai_pem_err_t cai_pem_decode(const char *text, size_t n, const char *label, uint8_t *der,
                             size_t cap, size_t *der_len)
{
    if (text == NULL || label == NULL || label[0] == '\0' || (der == NULL && cap != 0) ||
        der_len == NULL) {
        return CAI_PEM_ERR_ARG;
    }
    *der_len = 0;
    /* The BEGIN line: at a line start, nothing but blanks after it. */
    size_t at = 0;
    bool found = false;
    for (; at < n; at++) {
        if ((at == 0 || text[at - 1] == '\n') &&
            has_marker(text, n, at, pem_begin, label, pem_dashes)) {
            found = true;
            break;
        }
    }
    if (!found) {
        return CAI_PEM_ERR_NO_BEGIN;
    }
    at += strlen(pem_begin) + strlen(label) + strlen(pem_dashes);
    while (at < n && text[at] != '\n') {
        if (!is_space(text[at++])) {
            return CAI_PEM_ERR_BASE64;
        }
    }
    b64_dec_t d = { .out = der, .cap = cap };
    bool ended = false;
    for (; at < n; at++) {
        char c = text[at];
        if (c == '-') {
            if (text[at - 1] == '\n' && has_marker(text, n, at, pem_end, label, pem_dashes)) {
                ended = true;
            }
            break;
        }
        if (!is_space(c)) {
            b64_put(&d, (unsigned char)c);
        }
    }
    cai_pem_err_t err;
    if (!ended) {
        /* Cut short, or a line starting with '-' that is not our END line
         * (cut inside it, another block's): truncated. A '-' inside a line
         * is not base64. */
        err = at >= n || text[at - 1] == '\n' ? CAI_PEM_ERR_NO_END : CAI_PEM_ERR_BASE64;
    } else {
        err = b64_finish(&d);
        if (err == CAI_PEM_OK && d.len == 0) {
            err = CAI_PEM_ERR_EMPTY;
        }
    }
    if (err != CAI_PEM_OK) {
        if (der != NULL) {
            memset(der, 0, cap);
        }
        return err;
    }
    *der_len = d.len;
    return CAI_PEM_OK;
}

cai_pem_err_t cai_der_check_sequence(const uint8_t *der, size_t n)
{
    if (der == NULL || n < 2 || der[0] != 0x30) {
        return CAI_PEM_ERR_NOT_DER;
    }
    size_t len, head;
    if (der[1] < 0x80) {
        len = der[1];
        head = 2;
    } else {
        size_t k = der[1] & 0x7fu;
        if (k == 0 || k > 4) {
            return CAI_PEM_ERR_NOT_DER; /* indefinite, or beyond any size we take */
        }
        if (n < 2 + k) {
            return CAI_PEM_ERR_TRUNCATED;
        }
        len = 0;
        for (size_t i = 0; i < k; i++) {
            len = (len << 8) | der[2 + i];
        }
        /* DER: the shortest length form. */
        if (der[2] == 0 || len < 0x80) {
            return CAI_PEM_ERR_NOT_DER;
        }
        head = 2 + k;
    }
    if (len > n - head) {
        return CAI_PEM_ERR_TRUNCATED;
    }
    if (len < n - head) {
        return CAI_PEM_ERR_TRAILING;
    }
    return CAI_PEM_OK;
}

/* ---------------- P-256 public keys ---------------- */

/* SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING (0 unused
 * bits) of the 65-byte point } (RFC 5480 §2). */
static const uint8_t p256_spki_prefix[CAI_P256_SPKI_PREFIX_LEN] = {
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
    0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
};

cai_pem_err_t cai_p256_spki(const uint8_t pub[65], uint8_t out[CAI_P256_SPKI_LEN])
{
    if (pub == NULL || out == NULL || pub[0] != 0x04) {
        return CAI_PEM_ERR_ARG;
    }
    memcpy(out, p256_spki_prefix, sizeof(p256_spki_prefix));
    memcpy(out + sizeof(p256_spki_prefix), pub, 65);
    return CAI_PEM_OK;
}

cai_pem_err_t cai_p256_spki_point(const uint8_t *der, size_t len, uint8_t pub[65])
{
    if (der == NULL || pub == NULL || len != CAI_P256_SPKI_LEN ||
        memcmp(der, p256_spki_prefix, sizeof(p256_spki_prefix)) != 0 ||
        der[sizeof(p256_spki_prefix)] != 0x04) {
        return CAI_PEM_ERR_NOT_DER;
    }
    memcpy(pub, der + sizeof(p256_spki_prefix), 65);
    return CAI_PEM_OK;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CBOR (RFC 8949) encoder and decoder for cai. No allocation anywhere.
 *
 * Encoder: writes into a caller buffer, never past its end. Errors are
 * sticky (as in QCBOR): call the put functions freely, check once at the end
 * with cai_cbor_enc_finish(), which also reports the size that would have
 * been needed. The encoder emits preferred (shortest) serialization; emitting
 * map keys in bytewise order is the caller's job, checked by
 * cai_cbor_check_deterministic().
 *
 * Decoder: a pull parser over an untrusted buffer with depth, length and item
 * count limits. Each call returns one data item header; strings are returned
 * in place (pointer into the input). Containers report their count; the
 * caller pulls the children, or calls cai_cbor_skip(). Decode errors are
 * sticky too. No recursion anywhere (nesting lives on a fixed stack in the
 * decoder state), so hostile nesting costs no C stack.
 *
 * The full contract (what is rejected and why) is in docs/cbor.md.
 */
#ifndef CAI_CBOR_H
#define CAI_CBOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "psa/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CAI_CBOR_OK = 0,
    CAI_CBOR_ERR_BUFFER_TOO_SMALL = -1,  /* encoder ran out of room */
    CAI_CBOR_ERR_MALFORMED = -2,         /* not well-formed CBOR */
    CAI_CBOR_ERR_TRUNCATED = -3,         /* input ends inside an item */
    CAI_CBOR_ERR_LIMIT = -4,             /* depth/length/count limit exceeded */
    CAI_CBOR_ERR_TYPE = -5,              /* item is not of the expected type */
    CAI_CBOR_ERR_NOT_DETERMINISTIC = -6, /* violates RFC 8949 §4.2.1 */
    CAI_CBOR_ERR_TRAILING = -7,          /* bytes after the top-level item */
    CAI_CBOR_ERR_END = -8,               /* no more items at this level */
    CAI_CBOR_ERR_ARG = -9,               /* bad argument from the caller */
} cai_cbor_err_t;

/* Error shape: CAI_CBOR_OK = 0, negative CAI_CBOR_ERR_*; a short English
 * text for each ("not well-formed CBOR"). */
const char *cai_cbor_strerror(cai_cbor_err_t err);

/**
 * \brief The psa_status_t for a CBOR error, for a partition's reply.
 *
 * OK -> PSA_SUCCESS; BUFFER_TOO_SMALL -> PSA_ERROR_BUFFER_TOO_SMALL; every
 * other value, all of which mean the input (or an argument) is not what the
 * interface accepts -- MALFORMED, TRUNCATED, LIMIT, TYPE, NOT_DETERMINISTIC,
 * TRAILING, END, ARG -> PSA_ERROR_INVALID_ARGUMENT; a value not in the enum
 * -> PSA_ERROR_GENERIC_ERROR. Never returns PSA_SUCCESS for an error.
 */
psa_status_t cai_cbor_to_psa(cai_cbor_err_t err);

/* ---------------- encoder ---------------- */

typedef struct cai_cbor_enc {
    uint8_t *buf;
    size_t cap;
    size_t len; /* bytes produced so far; may exceed cap (then nothing past cap was written) */
    cai_cbor_err_t err;
} cai_cbor_enc_t;

void cai_cbor_enc_init(cai_cbor_enc_t *e, uint8_t *buf, size_t cap);
void cai_cbor_put_uint(cai_cbor_enc_t *e, uint64_t v);
void cai_cbor_put_int(cai_cbor_enc_t *e, int64_t v);
void cai_cbor_put_nint_raw(cai_cbor_enc_t *e, uint64_t n); /* encodes -1 - n */
void cai_cbor_put_bstr(cai_cbor_enc_t *e, const void *p, size_t len);
void cai_cbor_put_tstr(cai_cbor_enc_t *e, const char *p, size_t len); /* invalid UTF-8: ERR_ARG */
void cai_cbor_put_tstr_z(cai_cbor_enc_t *e, const char *s);
void cai_cbor_put_array(cai_cbor_enc_t *e, uint64_t count);
void cai_cbor_put_map(cai_cbor_enc_t *e, uint64_t pairs);
void cai_cbor_put_tag(cai_cbor_enc_t *e, uint64_t tag);
void cai_cbor_put_bool(cai_cbor_enc_t *e, bool v);
void cai_cbor_put_null(cai_cbor_enc_t *e);
void cai_cbor_put_undefined(cai_cbor_enc_t *e);
void cai_cbor_put_simple(cai_cbor_enc_t *e, uint8_t v); /* 0..23, 32..255; else ERR_ARG */
void cai_cbor_put_float16_bits(cai_cbor_enc_t *e, uint16_t half);
void cai_cbor_put_float32(cai_cbor_enc_t *e, float v);
void cai_cbor_put_float64(cai_cbor_enc_t *e, double v);
/* Shortest of half/single/double that represents v exactly (preferred
 * serialization, RFC 8949 §4.1); NaN becomes f97e00. */
void cai_cbor_put_float(cai_cbor_enc_t *e, double v);
/* Header of a byte string whose len content bytes the caller appends with
 * cai_cbor_put_raw (e.g. a bstr-wrapped protected header). */
void cai_cbor_put_bstr_header(cai_cbor_enc_t *e, size_t len);
/* Already-encoded CBOR, copied as is. */
void cai_cbor_put_raw(cai_cbor_enc_t *e, const void *p, size_t len);
/* Re-encodes the one well-formed item in buf in preferred serialization
 * (RFC 8949 §4.1: definite lengths, shortest heads, shortest exact floats,
 * NaN payloads kept); map entries keep their order. Returns the decode
 * verdict on buf (CAI_CBOR_OK, or why it is not one well-formed item);
 * encoder errors are in e as usual. No allocation. */
cai_cbor_err_t cai_cbor_put_preferred(cai_cbor_enc_t *e, const uint8_t *buf, size_t len);
/* Hands out the next len bytes of the output for the caller to fill in
 * place (e.g. a ciphertext encrypted straight into the message after a
 * cai_cbor_put_bstr_header). NULL when they do not fit: the error is then
 * sticky and the size needed still counts them, as with every put. */
uint8_t *cai_cbor_reserve(cai_cbor_enc_t *e, size_t len);
/* Returns the sticky error; *len gets the bytes produced (or needed).
 * BUFFER_TOO_SMALL keeps counting (so *len is the size to retry with);
 * ARG and LIMIT stop the encoder. */
cai_cbor_err_t cai_cbor_enc_finish(const cai_cbor_enc_t *e, size_t *len);

/* ---------------- decoder ---------------- */

typedef enum {
    CAI_CBOR_UINT,   /* v.u */
    CAI_CBOR_NINT,   /* value is -1 - v.u */
    CAI_CBOR_BSTR,   /* v.str; chunked strings: see `indefinite` */
    CAI_CBOR_TSTR,   /* v.str, UTF-8 validated */
    CAI_CBOR_ARRAY,  /* v.count items follow (unless indefinite) */
    CAI_CBOR_MAP,    /* v.count pairs follow (unless indefinite) */
    CAI_CBOR_TAG,    /* v.u = tag number; the tagged item follows */
    CAI_CBOR_SIMPLE, /* v.simple: 20 false, 21 true, 22 null, 23 undefined, others */
    CAI_CBOR_FLOAT,  /* v.f; float_size = 2, 4 or 8 */
    CAI_CBOR_BREAK,  /* end of an indefinite-length container or string */
} cai_cbor_type_t;

typedef struct cai_cbor_item {
    cai_cbor_type_t type;
    bool indefinite; /* indefinite-length array/map/string: children end with BREAK;
                           an indefinite string's chunks are returned as definite
                           strings of the same type */
    uint8_t float_size;
    union {
        uint64_t u;
        uint64_t count;
        struct {
            const uint8_t *ptr;
            size_t len;
        } str;
        double f;
        uint8_t simple;
    } v;
    size_t offset;     /* offset of the item's first byte in the input */
    size_t header_len; /* bytes of the item's head (initial byte + argument) */
    bool shortest;     /* head used the shortest argument encoding; for a float:
                           its width is the shortest that keeps the value
                           (NaN payload included), RFC 8949 §4.2.1 */
} cai_cbor_item_t;

typedef struct cai_cbor_limits {
    uint32_t max_depth; /* open arrays/maps/tags/indefinite strings at once;
                                 clamped to CAI_CBOR_MAX_DEPTH */
    uint64_t max_items; /* data item heads in the whole input */
    uint64_t max_count; /* elements of one array / pairs of one map /
                                 chunks of one indefinite string */
} cai_cbor_limits_t;

#define CAI_CBOR_MAX_DEPTH     32u
#define CAI_CBOR_DEFAULT_DEPTH 16u
#define CAI_CBOR_DEFAULT_ITEMS (UINT64_C(1) << 20)
#define CAI_CBOR_DEFAULT_COUNT (UINT64_C(1) << 16)

/* Private state: read it only through the functions below. */
typedef struct cai_cbor_dec {
    const uint8_t *buf;
    size_t len;
    size_t pos;
    cai_cbor_limits_t limits;
    uint64_t items_seen;
    uint32_t depth;
    /* per open frame: a definite one counts the children still expected, an
     * indefinite one the children seen so far (for limits and map parity) */
    uint64_t remaining[CAI_CBOR_MAX_DEPTH];
    uint8_t kind[CAI_CBOR_MAX_DEPTH]; /* major type, | 0x80 when indefinite */
    bool done;                        /* the top-level item is complete */
    cai_cbor_err_t err;               /* sticky decode error */
} cai_cbor_dec_t;

/* limits may be NULL for defaults (depth 16, 1<<20 items, count 1<<16); a
 * zero field also takes its default. buf is not copied: keep it alive. */
void cai_cbor_dec_init(cai_cbor_dec_t *d, const uint8_t *buf, size_t len,
                       const cai_cbor_limits_t *limits);
/* Next item in pre-order (a container's head, then its children). The
 * decoder tracks open containers to enforce the limits and well-formedness;
 * the caller knows the structure from the counts. Returns CAI_CBOR_ERR_END
 * once the top-level item is complete. */
cai_cbor_err_t cai_cbor_next(cai_cbor_dec_t *d, cai_cbor_item_t *item);
/* Skip one whole item (with all its children) at the current position.
 * At a BREAK it returns CAI_CBOR_ERR_TYPE and consumes nothing (a break ends
 * a container, it is no item: read it with cai_cbor_next). */
cai_cbor_err_t cai_cbor_skip(cai_cbor_dec_t *d);
/* Offset of the next unread input byte. With cai_cbor_item_t.offset it gives
 * the encoded span of an item just read or skipped (e.g. to hash or copy it). */
size_t cai_cbor_dec_offset(const cai_cbor_dec_t *d);
/* CAI_CBOR_OK when the whole input was consumed as exactly one complete item.
 * Otherwise: the sticky decode error; CAI_CBOR_ERR_TRAILING when bytes follow
 * the item; CAI_CBOR_ERR_TRUNCATED when the input ended inside the item;
 * CAI_CBOR_ERR_ARG when the caller stopped pulling before the item's end. */
cai_cbor_err_t cai_cbor_dec_finish(const cai_cbor_dec_t *d);

/* Typed helpers: read the next item and require a type. On CAI_CBOR_ERR_TYPE
 * nothing is consumed, so the caller may try another type (e.g. a COSE label
 * that is an int or a tstr). Decode errors are returned (and sticky) as from
 * cai_cbor_next. get_bstr/get_tstr/get_array/get_map accept definite lengths
 * only; get_int fails with CAI_CBOR_ERR_TYPE outside int64_t. */
cai_cbor_err_t cai_cbor_get_uint(cai_cbor_dec_t *d, uint64_t *v);
cai_cbor_err_t cai_cbor_get_int(cai_cbor_dec_t *d, int64_t *v); /* UINT or NINT in int64 range */
cai_cbor_err_t cai_cbor_get_bstr(cai_cbor_dec_t *d, const uint8_t **p, size_t *len);
cai_cbor_err_t cai_cbor_get_tstr(cai_cbor_dec_t *d, const char **p, size_t *len);
cai_cbor_err_t cai_cbor_get_array(cai_cbor_dec_t *d, uint64_t *count); /* definite only */
cai_cbor_err_t cai_cbor_get_map(cai_cbor_dec_t *d, uint64_t *pairs);   /* definite only */
cai_cbor_err_t cai_cbor_get_tag(cai_cbor_dec_t *d, uint64_t *tag);
/* The next item (as cai_cbor_next would return it), without consuming it. */
cai_cbor_err_t cai_cbor_peek(const cai_cbor_dec_t *d, cai_cbor_item_t *item);

/* Well-formed, exactly one item, and deterministic per RFC 8949 §4.2.1
 * (shortest heads, no indefinite lengths, map keys sorted bytewise and unique,
 * shortest float forms). */
cai_cbor_err_t cai_cbor_check_deterministic(const uint8_t *buf, size_t len);

/* ---------------- diagnostic notation (RFC 8949 §8) ---------------- */

/* Prints the single item in buf as diagnostic notation into out (always
 * NUL-terminated when cap > 0; out may be NULL with cap 0 to size it).
 * *needed gets the full length without NUL. Returns CAI_CBOR_ERR_BUFFER_TOO_SMALL
 * if truncated, or a decode error (CAI_CBOR_ERR_TRAILING for bytes after the
 * item). Host-side helper: uses snprintf/strtod for float digits. Style as in
 * RFC 8949 Appendix A; see docs/cbor.md. */
cai_cbor_err_t cai_cbor_diag(const uint8_t *buf, size_t len, char *out, size_t cap, size_t *needed);

#ifdef __cplusplus
}
#endif

#endif /* CAI_CBOR_H */

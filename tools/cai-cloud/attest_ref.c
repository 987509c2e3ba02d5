/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The reference-values file of `cai-cloud attest verify` (attest_ref.h): a
 * small strict JSON reader for exactly that shape. Strings may use the
 * escapes \" \\ \/; anything else the shape does not name is an error, so
 * a typo in the file is never a silently empty policy.
 */
#include "attest_ref.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cai/hex.h"

typedef struct {
    const char *s;
    size_t len, pos;
    char *why;
    size_t cap;
} rd_t;

static bool fail(rd_t *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static bool fail(rd_t *r, const char *fmt, ...)
{
    if (r->why != NULL && r->cap > 0) {
        char msg[200];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        snprintf(r->why, r->cap, "reference file, at byte %zu: %s", r->pos, msg);
    }
    return false;
}

static void ws(rd_t *r)
{
    while (r->pos < r->len && (r->s[r->pos] == ' ' || r->s[r->pos] == '\t' ||
                               r->s[r->pos] == '\n' || r->s[r->pos] == '\r')) {
        r->pos++;
    }
}

static bool expect(rd_t *r, char c)
{
    ws(r);
    if (r->pos >= r->len || r->s[r->pos] != c) {
        return fail(r, "expected '%c'", c);
    }
    r->pos++;
    return true;
}

static bool peek(rd_t *r, char c)
{
    ws(r);
    return r->pos < r->len && r->s[r->pos] == c;
}

/* A JSON string into out (NUL-terminated, at most cap - 1 bytes). */
static bool string(rd_t *r, char *out, size_t cap)
{
    if (!expect(r, '"')) {
        return false;
    }
    size_t n = 0;
    while (r->pos < r->len && r->s[r->pos] != '"') {
        char c = r->s[r->pos++];
        if ((unsigned char)c < 0x20) {
            return fail(r, "control character in a string");
        }
        if (c == '\\') {
            if (r->pos >= r->len) {
                break;
            }
            c = r->s[r->pos++];
            if (c != '"' && c != '\\' && c != '/') {
                return fail(r, "unsupported escape \\%c", c);
            }
        }
        if (n + 1 >= cap) {
            return fail(r, "string too long");
        }
        out[n++] = c;
    }
    if (r->pos >= r->len) {
        return fail(r, "unterminated string");
    }
    r->pos++;
    out[n] = '\0';
    return true;
}

/* ["hex", ...] of digests allowed for type. */
static bool digests(rd_t *r, attest_ref_t *ref, const char *type)
{
    if (!expect(r, '[')) {
        return false;
    }
    if (peek(r, ']')) {
        r->pos++;
        return true;
    }
    for (;;) {
        char hex[2 * 64 + 1];
        if (!string(r, hex, sizeof(hex))) {
            return false;
        }
        if (ref->n >= ATTEST_REF_MAX) {
            return fail(r, "more than %u reference values", ATTEST_REF_MAX);
        }
        attest_ref_entry_t *e = &ref->e[ref->n];
        size_t got = 0;
        if (cai_hex_decode(hex, strlen(hex), e->digest, sizeof(e->digest), &got) != 0 ||
            (got != 32 && got != 48 && got != 64)) {
            return fail(r, "'%s' is not a digest of 32, 48 or 64 bytes in hex", hex);
        }
        e->digest_len = got;
        snprintf(e->type, sizeof(e->type), "%s", type);
        ref->n++;
        if (peek(r, ',')) {
            r->pos++;
            continue;
        }
        return expect(r, ']');
    }
}

/* { "key": [digests], ... }, each type being prefix + key. */
static bool typed_lists(rd_t *r, attest_ref_t *ref, const char *prefix)
{
    if (!expect(r, '{')) {
        return false;
    }
    if (peek(r, '}')) {
        r->pos++;
        return true;
    }
    for (;;) {
        char key[ATTEST_REF_TYPE_MAX + 1], type[ATTEST_REF_TYPE_MAX + 1];
        if (!string(r, key, sizeof(key)) || !expect(r, ':')) {
            return false;
        }
        if (strlen(prefix) + strlen(key) > ATTEST_REF_TYPE_MAX || key[0] == '\0') {
            return fail(r, "name '%s' is empty or too long", key);
        }
        size_t pl = strlen(prefix);
        memcpy(type, prefix, pl);
        memcpy(type + pl, key, strlen(key) + 1);
        if (!digests(r, ref, type)) {
            return false;
        }
        if (peek(r, ',')) {
            r->pos++;
            continue;
        }
        return expect(r, '}');
    }
}

bool attest_ref_parse(const char *text, size_t len, attest_ref_t *ref, char *why, size_t cap)
{
    rd_t r = { .s = text, .len = len, .why = why, .cap = cap };
    memset(ref, 0, sizeof(*ref));
    if (!expect(&r, '{')) {
        return false;
    }
    bool first = true;
    while (!peek(&r, '}')) {
        if (!first && !expect(&r, ',')) {
            return false;
        }
        first = false;
        char key[32];
        if (!string(&r, key, sizeof(key)) || !expect(&r, ':')) {
            return false;
        }
        bool ok;
        if (strcmp(key, "image") == 0) {
            ok = digests(&r, ref, "SPE");
        } else if (strcmp(key, "models") == 0) {
            ok = typed_lists(&r, ref, "MODEL:");
        } else if (strcmp(key, "components") == 0) {
            ok = typed_lists(&r, ref, "");
        } else {
            return fail(&r, "unknown member '%s' (image, models, components)", key);
        }
        if (!ok) {
            return false;
        }
    }
    r.pos++;
    ws(&r);
    if (r.pos != r.len) {
        return fail(&r, "text after the object");
    }
    return true;
}

bool attest_ref_allows(const attest_ref_t *ref, const char *type, size_t type_len,
                       const uint8_t *digest, size_t digest_len, bool *known)
{
    *known = false;
    for (size_t i = 0; i < ref->n; i++) {
        const attest_ref_entry_t *e = &ref->e[i];
        if (strlen(e->type) != type_len || memcmp(e->type, type, type_len) != 0) {
            continue;
        }
        *known = true;
        if (e->digest_len == digest_len && memcmp(e->digest, digest, digest_len) == 0) {
            return true;
        }
    }
    return false;
}

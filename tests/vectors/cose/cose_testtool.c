/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-cose-testtool: a line-oriented front end to the COSE library for the
 * Python vector and oracle drivers. One request per line on stdin:
 *     <op> name=value name=value ...
 * byte values in hex (empty allowed), integers in decimal. One reply line:
 *     ok name=value ...            or      err <code> <NAME>
 * Test-only host code: it allocates freely.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/cose.h"
#include "cai/hex.h"
#include "cai/crypto.h"

#define MAX_ARGS 24

typedef struct {
    char *name[MAX_ARGS];
    char *value[MAX_ARGS];
    int n;
} args_t;

typedef struct {
    uint8_t *p;
    size_t len;
    int present;
} bytes_t;

static const char *arg(const args_t *a, const char *name)
{
    for (int i = 0; i < a->n; i++) {
        if (strcmp(a->name[i], name) == 0) {
            return a->value[i];
        }
    }
    return NULL;
}

/* Byte buffers of the current request, freed after its reply. */
static void *g_allocs[MAX_ARGS * 2];
static size_t g_n_allocs;

static void free_request(void)
{
    for (size_t i = 0; i < g_n_allocs; i++) {
        free(g_allocs[i]);
    }
    g_n_allocs = 0;
}

/* Missing argument: present = 0, p = NULL. Present but empty: p non-NULL. */
static bytes_t get_bytes(const args_t *a, const char *name)
{
    bytes_t b = { NULL, 0, 0 };
    const char *v = arg(a, name);
    if (v == NULL) {
        return b;
    }
    size_t n = strlen(v);
    b.p = malloc(n / 2 + 1);
    if (b.p == NULL || n % 2 != 0 || g_n_allocs >= sizeof g_allocs / sizeof g_allocs[0]) {
        fprintf(stderr, "bad hex for %s\n", name);
        exit(2);
    }
    if (cai_hex_decode(v, n, b.p, n / 2, &b.len) != 0) {
        fprintf(stderr, "bad hex for %s\n", name);
        exit(2);
    }
    b.present = 1;
    g_allocs[g_n_allocs++] = b.p;
    return b;
}

static long long get_int(const args_t *a, const char *name, long long dflt)
{
    const char *v = arg(a, name);
    return v ? strtoll(v, NULL, 10) : dflt;
}

static void put_hex(const char *name, const uint8_t *p, size_t n)
{
    printf(" %s=", name);
    for (size_t i = 0; i < n; i++) {
        printf("%02X", p[i]);
    }
}

static void reply_err(cai_cose_err_t e)
{
    printf("err %d %s\n", (int)e, cai_cose_errname(e));
}

/* Replays a recorded rng_stream (all elements concatenated). */
typedef struct {
    bytes_t b;
    size_t pos;
} replay_t;

static psa_status_t replay_rng(void *ctx, uint8_t *out, size_t len)
{
    replay_t *r = ctx;
    if (r->b.len - r->pos < len) {
        return PSA_ERROR_INSUFFICIENT_DATA;
    }
    memcpy(out, r->b.p + r->pos, len);
    r->pos += len;
    return PSA_SUCCESS;
}

static cai_cose_opts_t get_opts(const args_t *a, bytes_t *aad)
{
    cai_cose_opts_t o = { 0 };
    *aad = get_bytes(a, "aad");
    o.flags = (uint32_t)get_int(a, "flags", 0);
    o.external_aad = aad->p;
    o.external_aad_len = aad->len;
    o.max_message = (size_t)get_int(a, "max", 0);
    o.require_alg = get_int(a, "req_alg", 0);
    o.require_recipient_alg = get_int(a, "req_ralg", 0);
    return o;
}

static void party(const args_t *a, const char *who, cai_cose_party_info_t *p, bytes_t b[3])
{
    static const char *field[3] = { "id", "nonce", "other" };
    char name[32];
    for (int i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "%s_%s", who, field[i]);
        b[i] = get_bytes(a, name);
    }
    p->identity = b[0].p;
    p->identity_len = b[0].len;
    p->nonce = b[1].p;
    p->nonce_len = b[1].len;
    p->other = b[2].p;
    p->other_len = b[2].len;
}

static void do_op(const char *op, const args_t *a)
{
    size_t cap = 1u << 20;
    uint8_t *out = malloc(cap);
    size_t n = 0;
    cai_cose_err_t e = CAI_COSE_ERR_ARG;
    bytes_t aad;
    if (out == NULL) {
        exit(2);
    }
    if (strcmp(op, "backend") == 0) {
        printf("ok name=%s\n", cai_crypto_backend_name());
        free(out);
        free_request();
        return;
    } else if (strcmp(op, "sign1_sign") == 0) {
        bytes_t priv = get_bytes(a, "priv"), kid = get_bytes(a, "kid"),
                pl = get_bytes(a, "payload");
        aad = get_bytes(a, "aad");
        cai_p256_key_t key;
        cai_cose_signer_t signer;
        e = priv.len == 32 ? cai_cose_signer_from_raw(&key, priv.p, kid.p, kid.len, &signer)
                           : CAI_COSE_ERR_ARG;
        if (e == CAI_COSE_OK) {
            e = cai_cose_sign1_sign(&signer, pl.p, pl.len, aad.p, aad.len, out, cap, &n);
            cai_p256_key_destroy(&key);
        }
        if (e == CAI_COSE_OK) {
            printf("ok");
            put_hex("msg", out, n);
            printf("\n");
        }
    } else if (strcmp(op, "sign1_verify") == 0 || strcmp(op, "profile_verify") == 0) {
        bytes_t pub = get_bytes(a, "pub"), msg = get_bytes(a, "msg");
        cai_cose_opts_t o = get_opts(a, &aad);
        cai_cose_sign1_info_t info;
        if (pub.len != 65) {
            e = CAI_COSE_ERR_ARG;
        } else if (op[0] == 'p') {
            e = cai_cose_profile_verify(msg.p, msg.len, pub.p, &info);
        } else {
            e = cai_cose_sign1_verify(msg.p, msg.len, pub.p, &o, &info);
        }
        if (e == CAI_COSE_OK) {
            printf("ok");
            put_hex("payload", info.payload, info.payload_len);
            put_hex("kid", info.kid, info.kid_len);
            printf(" tagged=%d\n", info.tagged ? 1 : 0);
        }
    } else if (strcmp(op, "enc0_seal") == 0) {
        bytes_t key = get_bytes(a, "key"), kid = get_bytes(a, "kid"), pt = get_bytes(a, "pt");
        replay_t r = { get_bytes(a, "rng"), 0 };
        aad = get_bytes(a, "aad");
        cai_cose_encrypt0_params_t p = {
            .alg = get_int(a, "alg", 0),
            .key = key.p,
            .key_len = key.len,
            .kid = kid.p,
            .kid_len = kid.len,
            .external_aad = aad.p,
            .external_aad_len = aad.len,
            .rng = r.b.present ? replay_rng : NULL,
            .rng_ctx = &r,
        };
        e = cai_cose_encrypt0_seal(&p, pt.p, pt.len, out, cap, &n);
        if (e == CAI_COSE_OK) {
            printf("ok");
            put_hex("msg", out, n);
            printf("\n");
        }
    } else if (strcmp(op, "enc0_open") == 0) {
        bytes_t key = get_bytes(a, "key"), msg = get_bytes(a, "msg");
        cai_cose_opts_t o = get_opts(a, &aad);
        e = cai_cose_encrypt0_open(msg.p, msg.len, key.p, key.len, &o, out, cap, &n, NULL);
        if (e == CAI_COSE_OK) {
            printf("ok");
            put_hex("pt", out, n);
            printf("\n");
        }
    } else if (strcmp(op, "enc_seal") == 0 || strcmp(op, "profile_encrypt") == 0) {
        bytes_t pub = get_bytes(a, "pub"), key = get_bytes(a, "key"), kid = get_bytes(a, "kid"),
                pt = get_bytes(a, "pt"), salt = get_bytes(a, "salt"), ub[3], vb[3];
        replay_t r = { get_bytes(a, "rng"), 0 };
        aad = get_bytes(a, "aad");
        cai_cose_recipient_t rc = {
            .alg = get_int(a, "ralg", 0),
            .peer_pub = pub.len == 65 ? pub.p : NULL,
            .key = key.p,
            .key_len = key.len,
            .kid = kid.p,
            .kid_len = kid.len,
            .salt = salt.p,
            .salt_len = salt.len,
        };
        party(a, "u", &rc.party_u, ub);
        party(a, "v", &rc.party_v, vb);
        cai_cose_encrypt_params_t p = {
            .alg = get_int(a, "alg", 0),
            .recipient = &rc,
            .external_aad = aad.p,
            .external_aad_len = aad.len,
            .rng = r.b.present ? replay_rng : NULL,
            .rng_ctx = &r,
        };
        if (op[0] == 'p') {
            e = pub.len == 65 ? cai_cose_profile_encrypt(pub.p, kid.p, kid.len, pt.p, pt.len, p.rng,
                                                         p.rng_ctx, out, cap, &n)
                              : CAI_COSE_ERR_ARG;
        } else {
            e = cai_cose_encrypt_seal(&p, pt.p, pt.len, out, cap, &n);
        }
        if (e == CAI_COSE_OK) {
            printf("ok");
            put_hex("msg", out, n);
            printf(" rng_left=%zu\n", r.b.len - r.pos);
        }
    } else if (strcmp(op, "enc_open") == 0 || strcmp(op, "profile_decrypt") == 0) {
        bytes_t priv = get_bytes(a, "priv"), key = get_bytes(a, "key"), kid = get_bytes(a, "kid"),
                msg = get_bytes(a, "msg");
        cai_cose_opts_t o = get_opts(a, &aad);
        cai_p256_key_t pkey;
        cai_cose_ecdh_t ecdh;
        bool have_priv = priv.len == 32;
        cai_cose_err_t ke = have_priv ? cai_cose_ecdh_from_raw(&pkey, priv.p, &ecdh) : CAI_COSE_OK;
        cai_cose_recipient_key_t k = {
            .ecdh = have_priv ? &ecdh : NULL,
            .key = key.p,
            .key_len = key.len,
            .kid = kid.p,
            .kid_len = kid.len,
        };
        cai_cose_encrypt_info_t info;
        if (ke != CAI_COSE_OK) {
            e = ke; /* a scalar out of range is an invalid key, as before */
        } else if (op[0] == 'p') {
            e = have_priv ? cai_cose_profile_decrypt(&ecdh, msg.p, msg.len, out, cap, &n, &info)
                          : CAI_COSE_ERR_ARG;
        } else {
            e = cai_cose_encrypt_open(msg.p, msg.len, &k, &o, out, cap, &n, &info);
        }
        if (have_priv) {
            cai_p256_key_destroy(&pkey);
        }
        if (e == CAI_COSE_OK) {
            printf("ok");
            put_hex("pt", out, n);
            put_hex("rkid", info.recipient_kid, info.recipient_kid_len);
            printf(" alg=%lld ralg=%lld\n", (long long)info.alg, (long long)info.recipient_alg);
        }
    } else if (strcmp(op, "profile_sign_encrypt") == 0) {
        bytes_t priv = get_bytes(a, "priv"), kid = get_bytes(a, "kid"), pub = get_bytes(a, "pub"),
                rkid = get_bytes(a, "rkid"), pt = get_bytes(a, "pt");
        size_t scap = cai_cose_profile_encrypt_size(pt.len, rkid.len);
        uint8_t *scratch = malloc(scap);
        cai_p256_key_t key;
        cai_cose_signer_t signer;
        e = scratch && priv.len == 32 && pub.len == 65
                ? cai_cose_signer_from_raw(&key, priv.p, kid.p, kid.len, &signer)
                : CAI_COSE_ERR_ARG;
        if (e == CAI_COSE_OK) {
            e = cai_cose_profile_sign_encrypt(&signer, pub.p, rkid.p, rkid.len, pt.p, pt.len, NULL,
                                              NULL, scratch, scap, out, cap, &n);
            cai_p256_key_destroy(&key);
        }
        free(scratch);
        if (e == CAI_COSE_OK) {
            printf("ok");
            put_hex("msg", out, n);
            printf("\n");
        }
    } else if (strcmp(op, "profile_verify_decrypt") == 0) {
        bytes_t pub = get_bytes(a, "pub"), priv = get_bytes(a, "priv"), msg = get_bytes(a, "msg");
        cai_cose_sign1_info_t info;
        cai_p256_key_t key;
        cai_cose_ecdh_t ecdh;
        e = pub.len == 65 && priv.len == 32 ? cai_cose_ecdh_from_raw(&key, priv.p, &ecdh)
                                            : CAI_COSE_ERR_ARG;
        if (e == CAI_COSE_OK) {
            e = cai_cose_profile_verify_decrypt(msg.p, msg.len, pub.p, &ecdh, out, cap, &n, &info);
            cai_p256_key_destroy(&key);
        }
        if (e == CAI_COSE_OK) {
            printf("ok");
            put_hex("pt", out, n);
            put_hex("kid", info.kid, info.kid_len);
            printf("\n");
        }
    } else if (strcmp(op, "kdf_ctx") == 0) {
        bytes_t prot = get_bytes(a, "prot"), ub[3], vb[3];
        cai_cose_party_info_t u, v;
        party(a, "u", &u, ub);
        party(a, "v", &v, vb);
        e = cai_cose_kdf_context(get_int(a, "alg", 0), (uint32_t)get_int(a, "bits", 0), prot.p,
                                 prot.len, &u, &v, out, cap, &n);
        if (e == CAI_COSE_OK) {
            printf("ok");
            put_hex("ctx", out, n);
            printf("\n");
        }
    } else if (strcmp(op, "ecdh") == 0) {
        bytes_t priv = get_bytes(a, "priv"), pub = get_bytes(a, "pub");
        e = priv.len == 32 && cai_ecdh_p256(priv.p, pub.p, pub.len, out) == PSA_SUCCESS
                ? CAI_COSE_OK
                : CAI_COSE_ERR_KEY;
        if (e == CAI_COSE_OK) {
            printf("ok");
            put_hex("z", out, 32);
            printf("\n");
        }
    } else if (strcmp(op, "hkdf") == 0) {
        bytes_t salt = get_bytes(a, "salt"), ikm = get_bytes(a, "ikm"), info = get_bytes(a, "info");
        size_t len = (size_t)get_int(a, "len", 32);
        e = len <= cap && cai_hkdf_sha256(salt.p, salt.len, ikm.p, ikm.len, info.p, info.len, out,
                                          len) == PSA_SUCCESS
                ? CAI_COSE_OK
                : CAI_COSE_ERR_CRYPTO;
        if (e == CAI_COSE_OK) {
            printf("ok");
            put_hex("okm", out, len);
            printf("\n");
        }
    } else if (strcmp(op, "pub_from_priv") == 0) {
        bytes_t priv = get_bytes(a, "priv");
        e = priv.len == 32 && cai_p256_public_from_private(priv.p, out) == PSA_SUCCESS
                ? CAI_COSE_OK
                : CAI_COSE_ERR_KEY;
        if (e == CAI_COSE_OK) {
            printf("ok");
            put_hex("pub", out, 65);
            printf("\n");
        }
    } else if (strcmp(op, "key_decode") == 0) {
        bytes_t buf = get_bytes(a, "buf");
        cai_cose_ec2_key_t k;
        e = cai_cose_key_decode(buf.p, buf.len, &k);
        if (e == CAI_COSE_OK) {
            printf("ok");
            put_hex("pub", k.pub, 65);
            put_hex("priv", k.priv, k.has_priv ? 32 : 0);
            put_hex("kid", k.kid, k.kid_len);
            printf(" has_alg=%d alg=%lld\n", k.has_alg, (long long)k.alg);
        }
    } else if (strcmp(op, "key_encode") == 0) {
        bytes_t pub = get_bytes(a, "pub"), priv = get_bytes(a, "priv"), kid = get_bytes(a, "kid");
        cai_cose_ec2_key_t k = { 0 };
        if (pub.len == 65) {
            memcpy(k.pub, pub.p, 65);
            if (priv.len == 32) {
                memcpy(k.priv, priv.p, 32);
                k.has_priv = true;
            }
            k.kid = kid.p;
            k.kid_len = kid.len;
            if (arg(a, "alg")) {
                k.has_alg = true;
                k.alg = get_int(a, "alg", 0);
            }
            e = cai_cose_key_encode(&k, get_int(a, "with_priv", 0) != 0, out, cap, &n);
        }
        if (e == CAI_COSE_OK) {
            printf("ok");
            put_hex("buf", out, n);
            printf("\n");
        }
    } else {
        printf("err 0 UNKNOWN_OP\n");
        free(out);
        free_request();
        return;
    }
    if (e != CAI_COSE_OK) {
        reply_err(e);
    }
    free(out);
    free_request();
}

int main(void)
{
    if (cai_crypto_init() != PSA_SUCCESS) {
        fprintf(stderr, "crypto init failed\n");
        return 2;
    }
    size_t cap = 0;
    char *line = NULL;
    ssize_t got;
    setvbuf(stdout, NULL, _IOLBF, 0);
    while ((got = getline(&line, &cap, stdin)) >= 0) {
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r')) {
            line[--got] = '\0';
        }
        args_t a = { .n = 0 };
        char *save = NULL;
        char *op = strtok_r(line, " ", &save);
        if (op == NULL) {
            continue;
        }
        char *tok;
        while ((tok = strtok_r(NULL, " ", &save)) != NULL && a.n < MAX_ARGS) {
            char *eq = strchr(tok, '=');
            if (eq == NULL) {
                continue;
            }
            *eq = '\0';
            a.name[a.n] = tok;
            a.value[a.n] = eq + 1;
            a.n++;
        }
        do_op(op, &a);
        fflush(stdout);
    }
    free(line);
    return 0;
}

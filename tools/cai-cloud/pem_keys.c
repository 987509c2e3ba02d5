/* SPDX-License-Identifier: Apache-2.0 */
/* P-256 keys from PEM or DER files with OpenSSL 3 (see pem_keys.h). */
#define _GNU_SOURCE
#include "pem_keys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ui.h>
#include <openssl/x509.h>

#include "cai/crypto.h"
#include "cloud_util.h"

/* ---- pass phrase: --passin, or one prompt on a terminal ---- */

static const char *g_passin; /* the --passin spec, or NULL */
static char g_pass[1024];    /* the pass phrase once read */
static int g_pass_state;     /* 0 not read, 1 read, -1 failed (never retried) */
static bool g_pass_wanted;   /* a key asked for one */

bool cloud_set_passin(const char *spec)
{
    if (spec == NULL) {
        return true;
    }
    if (strncmp(spec, "pass:", 5) != 0 && strncmp(spec, "env:", 4) != 0 &&
        strncmp(spec, "file:", 5) != 0 && strncmp(spec, "fd:", 3) != 0 &&
        strcmp(spec, "stdin") != 0) {
        cloud_err("cai-cloud: --passin takes pass:TEXT, env:VAR, file:PATH, fd:N or stdin, "
                  "not '%s'",
                  spec);
        return false;
    }
    g_passin = spec;
    return true;
}

/* The first line of a file or descriptor (without its newline). */
static bool read_first_line(FILE *f, const char *what)
{
    if (f == NULL) {
        cloud_err("cai-cloud: --passin: cannot open %s: %s", what, strerror(errno));
        return false;
    }
    bool ok = fgets(g_pass, sizeof g_pass, f) != NULL;
    if (!ok) {
        cloud_err("cai-cloud: --passin: %s holds no pass phrase", what);
    }
    g_pass[strcspn(g_pass, "\r\n")] = '\0';
    return ok;
}

static bool read_passin(void)
{
    const char *s = g_passin;
    if (strncmp(s, "pass:", 5) == 0) {
        snprintf(g_pass, sizeof g_pass, "%s", s + 5);
        return true;
    }
    if (strncmp(s, "env:", 4) == 0) {
        const char *v = getenv(s + 4);
        if (v == NULL) {
            cloud_err("cai-cloud: --passin: environment variable %s is not set", s + 4);
            return false;
        }
        snprintf(g_pass, sizeof g_pass, "%s", v);
        return true;
    }
    if (strncmp(s, "file:", 5) == 0) {
        FILE *f = fopen(s + 5, "r");
        bool ok = read_first_line(f, s + 5);
        if (f != NULL) {
            fclose(f);
        }
        return ok;
    }
    if (strcmp(s, "stdin") == 0) {
        return read_first_line(stdin, "stdin");
    }
    char *end = NULL;
    errno = 0;
    long fd = strtol(s + 3, &end, 10);
    if (errno != 0 || end == s + 3 || *end != '\0' || fd < 0 || fd > 65535) {
        cloud_err("cai-cloud: --passin: '%s' is not fd:N", s);
        return false;
    }
    /* dup: closing the stream must not close the caller's descriptor */
    int d = dup((int)fd);
    FILE *f = d >= 0 ? fdopen(d, "r") : NULL;
    if (f == NULL && d >= 0) {
        close(d);
    }
    bool ok = read_first_line(f, s);
    if (f != NULL) {
        fclose(f);
    }
    return ok;
}

static void wipe_pass(void)
{
    cai_wipe(g_pass, sizeof g_pass);
}

static bool get_pass(void)
{
    if (g_pass_state != 0) {
        return g_pass_state > 0;
    }
    atexit(wipe_pass); /* the pass phrase is kept for the command's keys, no longer */
    bool ok;
    if (g_passin != NULL) {
        ok = read_passin();
    } else if (isatty(STDIN_FILENO)) {
        ok = EVP_read_pw_string(g_pass, (int)sizeof g_pass, "Enter pass phrase for the key:", 0) ==
             0;
    } else {
        ok = false; /* the caller reports: no terminal, no --passin */
    }
    g_pass_state = ok ? 1 : -1;
    return ok;
}

static int pass_cb(char *buf, int size, int rwflag, void *u)
{
    (void)rwflag;
    (void)u;
    g_pass_wanted = true;
    if (!get_pass()) {
        return -1;
    }
    size_t n = strlen(g_pass);
    if (n >= (size_t)size) {
        return -1;
    }
    memcpy(buf, g_pass, n);
    return (int)n;
}

/* ---- loading ---- */

static BIO *open_key(const char *path)
{
    g_pass_wanted = false; /* per key file; the pass phrase itself is read once */
    BIO *bio = BIO_new_file(path, "rb");
    if (bio == NULL) {
        cloud_err("cai-cloud: cannot open key file %s", path);
    }
    return bio;
}

/* PEM first (PEM_read_bio_PrivateKey skips other blocks such as "EC
 * PARAMETERS"), then DER: PKCS#8 (plain or encrypted) or SEC 1. */
static EVP_PKEY *read_private(BIO *bio)
{
    EVP_PKEY *pk = PEM_read_bio_PrivateKey(bio, NULL, pass_cb, NULL);
    if (pk == NULL && g_pass_state >= 0) {
        (void)BIO_reset(bio);
        pk = d2i_PKCS8PrivateKey_bio(bio, NULL, pass_cb, NULL);
    }
    if (pk == NULL && g_pass_state >= 0) {
        (void)BIO_reset(bio);
        pk = d2i_PrivateKey_bio(bio, NULL);
    }
    ERR_clear_error();
    return pk;
}

static EVP_PKEY *read_public(BIO *bio)
{
    (void)BIO_reset(bio);
    /* our callback, never OpenSSL's own prompt (a PEM reader may ask) */
    EVP_PKEY *pk = PEM_read_bio_PUBKEY(bio, NULL, pass_cb, NULL);
    if (pk == NULL) {
        (void)BIO_reset(bio);
        pk = d2i_PUBKEY_bio(bio, NULL);
    }
    ERR_clear_error();
    return pk;
}

static void report_missing(const char *path, const char *kind)
{
    if (g_pass_wanted && g_pass_state < 0 && g_passin == NULL) {
        cloud_err("cai-cloud: %s is encrypted: give its pass phrase with --passin (pass:, env:, "
                  "file:, fd:) when stdin is not a terminal",
                  path);
    } else if (g_pass_wanted) {
        cloud_err("cai-cloud: cannot decrypt %s (wrong pass phrase?)", path);
    } else {
        cloud_err("cai-cloud: %s holds no %s EC key (PEM or DER)", path, kind);
    }
}

EVP_PKEY *cloud_load_private_key(const char *path)
{
    BIO *bio = open_key(path);
    if (bio == NULL) {
        return NULL;
    }
    EVP_PKEY *pk = read_private(bio);
    BIO_free(bio);
    if (pk == NULL) {
        report_missing(path, "private");
    }
    return pk;
}

static bool bn_param(const EVP_PKEY *pk, const char *name, uint8_t *out, int len)
{
    BIGNUM *bn = NULL;
    bool ok = EVP_PKEY_get_bn_param(pk, name, &bn) == 1 && BN_bn2binpad(bn, out, len) == len;
    BN_clear_free(bn);
    return ok;
}

static bool is_p256(const EVP_PKEY *pk)
{
    char group[64] = { 0 };
    size_t glen = 0;
    return EVP_PKEY_get_base_id(pk) == EVP_PKEY_EC &&
           EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                          &glen) == 1 &&
           (strcmp(group, "prime256v1") == 0 || strcmp(group, "P-256") == 0);
}

bool cloud_load_p256_pem(const char *path, bool need_private, cloud_p256_key_t *key)
{
    memset(key, 0, sizeof *key);
    BIO *bio = open_key(path);
    if (bio == NULL) {
        return false;
    }
    EVP_PKEY *pk = read_private(bio);
    if (pk != NULL) {
        key->has_priv = true;
    } else if (!need_private && !g_pass_wanted) { /* an encrypted file is a private key */
        pk = read_public(bio);
    }
    BIO_free(bio);
    if (pk == NULL) {
        report_missing(path, need_private ? "private" : "public or private");
        return false;
    }
    bool ok = is_p256(pk);
    if (!ok) {
        cloud_err("cai-cloud: %s is not a P-256 (prime256v1) EC key", path);
    }
    key->pub[0] = 0x04;
    if (ok && (!bn_param(pk, OSSL_PKEY_PARAM_EC_PUB_X, key->pub + 1, 32) ||
               !bn_param(pk, OSSL_PKEY_PARAM_EC_PUB_Y, key->pub + 33, 32))) {
        cloud_err("cai-cloud: cannot read the public point of %s", path);
        ok = false;
    }
    if (ok && key->has_priv && !bn_param(pk, OSSL_PKEY_PARAM_PRIV_KEY, key->priv, 32)) {
        cloud_err("cai-cloud: cannot read the private scalar of %s", path);
        ok = false;
    }
    EVP_PKEY_free(pk);
    /* Cross-check with our own crypto: the point is valid and matches d. */
    uint8_t derived[CAI_P256_PUB_LEN];
    if (ok && (cai_p256_check_public(key->pub, sizeof key->pub) != PSA_SUCCESS ||
               (key->has_priv && (cai_p256_public_from_private(key->priv, derived) != PSA_SUCCESS ||
                                  memcmp(derived, key->pub, sizeof derived) != 0)))) {
        cloud_err("cai-cloud: %s: inconsistent P-256 key", path);
        ok = false;
    }
    if (!ok) {
        cloud_key_wipe(key);
    }
    return ok;
}

void cloud_key_wipe(cloud_p256_key_t *key)
{
    cai_wipe(key, sizeof *key);
}

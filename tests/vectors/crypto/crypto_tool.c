/* SPDX-License-Identifier: Apache-2.0 */
#define _POSIX_C_SOURCE 200809L /* strtok_r: a host-only test tool */
/*
 * crypto_tool: a line-oriented front of the crypto interface for the test
 * drivers (Wycheproof runner, cross-backend and Python-oracle checks). Built
 * once per backend. It does no checking of its own: it runs one interface
 * call per input line and prints the result, and the Python driver compares
 * that with the independent reference.
 *
 * Input:  <command> <arg>...   (arguments in hex, "-" for empty)
 * Output: "ok [<hex>...]" or "err <psa status>", one line per input line.
 *
 *   sha256 MSG                  -> ok DIGEST
 *   hmac KEY MSG                -> ok TAG
 *   hkdf IKM SALT INFO LEN      -> ok OKM            (LEN decimal)
 *   pub PRIV                    -> ok PUB
 *   checkpub PUB                -> ok
 *   gen                         -> ok PRIV PUB
 *   sign PRIV MSG               -> ok SIG            (SHA-256 of MSG, raw r||s)
 *   verify PUB MSG SIG          -> ok                (SIG raw; any length)
 *   verifyder PUB MSG DER       -> ok                (strict DER conversion first)
 *   der SIG / raw DER           -> ok DER / ok SIG
 *   ecdh PRIV PUB               -> ok SHARED
 *   gcmenc KEY IV AAD MSG TAGLEN -> ok CT TAG
 *   gcmdec KEY IV AAD CT TAG    -> ok MSG
 *   wrap KEK KEY / unwrap KEK WRAPPED -> ok OUT
 *   huk HUK PARTITION_ID LABEL  -> ok OKM            (docs/design.md §4, two HKDF steps)
 *   name                        -> ok <backend name, not hex>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cai/crypto.h"

#define MAX_LINE (1u << 20)
#define MAX_ARGS 8
#define MAX_BIN  (MAX_LINE / 2)

static char line[MAX_LINE];
static uint8_t bufs[MAX_ARGS][MAX_BIN];
static size_t lens[MAX_ARGS];
static uint8_t out1[MAX_BIN + 64];
static uint8_t out2[MAX_BIN + 64];

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int unhex(const char *s, uint8_t *dst, size_t *len)
{
    if (strcmp(s, "-") == 0) {
        *len = 0;
        return 1;
    }
    size_t n = strlen(s);
    if (n % 2 != 0 || n / 2 > MAX_BIN)
        return 0;
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return 0;
        dst[i] = (uint8_t)(hi * 16 + lo);
    }
    *len = n / 2;
    return 1;
}

static void put_hex(const uint8_t *p, size_t n)
{
    putchar(' ');
    if (n == 0)
        putchar('-');
    for (size_t i = 0; i < n; i++)
        printf("%02x", p[i]);
}

static void reply(psa_status_t st, const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    if (st != PSA_SUCCESS) {
        printf("err %d\n", (int)st);
        return;
    }
    fputs("ok", stdout);
    if (a != NULL)
        put_hex(a, an);
    if (b != NULL)
        put_hex(b, bn);
    putchar('\n');
}

/* Arguments that must have a fixed size for the interface are checked here
 * and reported as a test-side rejection ("err bad-size"). */
static int need(size_t idx, size_t len)
{
    if (lens[idx] != len) {
        printf("err bad-size\n");
        return 0;
    }
    return 1;
}

static void run(char *cmd, int argc)
{
    psa_status_t st;
    uint8_t h[CAI_SHA256_LEN];

    if (strcmp(cmd, "name") == 0) {
        printf("ok %s\n", cai_crypto_backend_name());
    } else if (strcmp(cmd, "sha256") == 0 && argc == 1) {
        cai_sha256_ctx c;
        /* Streaming, in two pieces, to exercise start/update/finish. */
        size_t half = lens[0] / 2;
        st = cai_sha256_start(&c);
        if (st == PSA_SUCCESS)
            st = cai_sha256_update(&c, bufs[0], half);
        if (st == PSA_SUCCESS)
            st = cai_sha256_update(&c, bufs[0] + half, lens[0] - half);
        if (st == PSA_SUCCESS)
            st = cai_sha256_finish(&c, out1);
        else
            cai_sha256_abort(&c);
        if (st == PSA_SUCCESS) {
            st = cai_sha256(bufs[0], lens[0], out2);
            if (st == PSA_SUCCESS && memcmp(out1, out2, 32) != 0)
                st = PSA_ERROR_GENERIC_ERROR;
        }
        reply(st, out1, 32, NULL, 0);
    } else if (strcmp(cmd, "hmac") == 0 && argc == 2) {
        reply(cai_hmac_sha256(bufs[0], lens[0], bufs[1], lens[1], out1), out1, 32, NULL, 0);
    } else if (strcmp(cmd, "hkdf") == 0 && argc == 4) {
        /* the 4th argument is a decimal length, re-read from the raw text */
        size_t n = (size_t)strtoul((const char *)bufs[3], NULL, 10);
        if (n > sizeof out1)
            n = sizeof out1;
        reply(cai_hkdf_sha256(bufs[1], lens[1], bufs[0], lens[0], bufs[2], lens[2], out1, n), out1,
              n, NULL, 0);
    } else if (strcmp(cmd, "pub") == 0 && argc == 1) {
        if (need(0, 32))
            reply(cai_p256_public_from_private(bufs[0], out1), out1, 65, NULL, 0);
    } else if (strcmp(cmd, "checkpub") == 0 && argc == 1) {
        reply(cai_p256_check_public(bufs[0], lens[0]), NULL, 0, NULL, 0);
    } else if (strcmp(cmd, "gen") == 0 && argc == 0) {
        reply(cai_p256_generate(out1, out2), out1, 32, out2, 65);
    } else if (strcmp(cmd, "sign") == 0 && argc == 2) {
        if (!need(0, 32))
            return;
        st = cai_sha256(bufs[1], lens[1], h);
        if (st == PSA_SUCCESS)
            st = cai_ecdsa_p256_sign_hash(bufs[0], h, out1);
        reply(st, out1, 64, NULL, 0);
    } else if (strcmp(cmd, "verify") == 0 && argc == 3) {
        if (!need(2, 64))
            return;
        st = cai_sha256(bufs[1], lens[1], h);
        if (st == PSA_SUCCESS)
            st = cai_ecdsa_p256_verify_hash(bufs[0], lens[0], h, bufs[2]);
        reply(st, NULL, 0, NULL, 0);
    } else if (strcmp(cmd, "verifyder") == 0 && argc == 3) {
        st = cai_ecdsa_sig_der_to_raw(bufs[2], lens[2], out1);
        if (st != PSA_SUCCESS) {
            printf("err der %d\n", (int)st);
            return;
        }
        st = cai_sha256(bufs[1], lens[1], h);
        if (st == PSA_SUCCESS)
            st = cai_ecdsa_p256_verify_hash(bufs[0], lens[0], h, out1);
        reply(st, NULL, 0, NULL, 0);
    } else if (strcmp(cmd, "der") == 0 && argc == 1) {
        size_t n = 0;
        if (need(0, 64)) {
            st = cai_ecdsa_sig_raw_to_der(bufs[0], out1, CAI_P256_SIG_DER_MAX, &n);
            reply(st, out1, n, NULL, 0);
        }
    } else if (strcmp(cmd, "raw") == 0 && argc == 1) {
        reply(cai_ecdsa_sig_der_to_raw(bufs[0], lens[0], out1), out1, 64, NULL, 0);
    } else if (strcmp(cmd, "ecdh") == 0 && argc == 2) {
        if (need(0, 32))
            reply(cai_ecdh_p256(bufs[0], bufs[1], lens[1], out1), out1, 32, NULL, 0);
    } else if (strcmp(cmd, "gcmenc") == 0 && argc == 5) {
        size_t tl = (size_t)strtoul((const char *)bufs[4], NULL, 10);
        if (tl > 64)
            tl = 64;
        st = cai_aes_gcm_encrypt(bufs[0], lens[0], bufs[1], lens[1], bufs[2], lens[2], bufs[3],
                                 lens[3], out1, out2, tl);
        reply(st, out1, lens[3], out2, tl);
    } else if (strcmp(cmd, "gcmdec") == 0 && argc == 5) {
        /* Fill out with a marker first so the driver can see that a failed
         * decryption leaves no plaintext behind. */
        memset(out1, 0xEE, lens[3]);
        st = cai_aes_gcm_decrypt(bufs[0], lens[0], bufs[1], lens[1], bufs[2], lens[2], bufs[3],
                                 lens[3], bufs[4], lens[4], out1);
        /* (an argument error returns before anything is decrypted) */
        if (st == PSA_ERROR_INVALID_SIGNATURE) {
            for (size_t i = 0; i < lens[3]; i++) {
                if (out1[i] != 0) {
                    printf("err plaintext-left-after-failure\n");
                    return;
                }
            }
        }
        reply(st, out1, lens[3], NULL, 0);
    } else if (strcmp(cmd, "wrap") == 0 && argc == 2) {
        reply(cai_aes_kw_wrap(bufs[0], lens[0], bufs[1], lens[1], out1), out1, lens[1] + 8, NULL,
              0);
    } else if (strcmp(cmd, "unwrap") == 0 && argc == 2) {
        size_t n = lens[1] >= 8 ? lens[1] - 8 : 0;
        memset(out1, 0xEE, n);
        st = cai_aes_kw_unwrap(bufs[0], lens[0], bufs[1], lens[1], out1);
        if (st == PSA_ERROR_INVALID_SIGNATURE) {
            for (size_t i = 0; i < n; i++) {
                if (out1[i] != 0) {
                    printf("err plaintext-left-after-failure\n");
                    return;
                }
            }
        }
        reply(st, out1, n, NULL, 0);
    } else if (strcmp(cmd, "huk") == 0 && argc == 3) {
        /* docs/design.md §4: PK = HKDF(salt = empty, IKM = HUK, info = partition id
         * as int32 little-endian, L = 32); okm = HKDF(salt = empty, IKM = PK,
         * info = label, L = 32). */
        uint8_t pid_le[4], pk[32];
        unsigned long pid = strtoul((const char *)bufs[1], NULL, 10);
        for (int i = 0; i < 4; i++)
            pid_le[i] = (uint8_t)(pid >> (8 * i));
        st = cai_hkdf_sha256(NULL, 0, bufs[0], lens[0], pid_le, 4, pk, 32);
        if (st == PSA_SUCCESS)
            st = cai_hkdf_sha256(NULL, 0, pk, 32, bufs[2], lens[2], out1, 32);
        cai_wipe(pk, sizeof pk);
        reply(st, out1, 32, NULL, 0);
    } else {
        printf("err unknown-command\n");
    }
}

int main(void)
{
    if (cai_crypto_init() != PSA_SUCCESS) {
        fprintf(stderr, "crypto_tool: cai_crypto_init failed\n");
        return 1;
    }
    while (fgets(line, sizeof line, stdin) != NULL) {
        char *save = NULL;
        char *cmd = strtok_r(line, " \t\r\n", &save);
        if (cmd == NULL) {
            printf("err empty\n");
            continue;
        }
        int argc = 0;
        int ok = 1;
        char *tok;
        while ((tok = strtok_r(NULL, " \t\r\n", &save)) != NULL) {
            if (argc == MAX_ARGS) {
                ok = 0;
                break;
            }
            /* Decimal arguments (lengths, ids) are kept as text. */
            if (strspn(tok, "0123456789") == strlen(tok) && tok[0] != '\0' &&
                ((strcmp(cmd, "hkdf") == 0 && argc == 3) ||
                 (strcmp(cmd, "gcmenc") == 0 && argc == 4) ||
                 (strcmp(cmd, "huk") == 0 && argc == 1))) {
                snprintf((char *)bufs[argc], MAX_BIN, "%s", tok);
                lens[argc] = strlen(tok);
            } else if (!unhex(tok, bufs[argc], &lens[argc])) {
                ok = 0;
                break;
            }
            argc++;
        }
        if (!ok) {
            printf("err bad-line\n");
        } else {
            run(cmd, argc);
        }
        fflush(stdout);
    }
    return 0;
}

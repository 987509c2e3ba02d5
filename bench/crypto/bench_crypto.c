/* SPDX-License-Identifier: Apache-2.0 */
#define _POSIX_C_SOURCE 200809L /* popen: a host-only benchmark driver */
/*
 * bench_crypto: the crypto figures of both backends next to the baseline
 * `openssl speed -seconds 2 ecdsap256 ecdhp256`, all measured in this run on
 * this machine. It runs the per-backend programs (bench_crypto_mbedtls,
 * bench_crypto_openssl) and `openssl speed` one after the other, so they do
 * not compete for the CPU, and prints one table.
 *
 * Goal of issue 3 item 7: COSE Sign1 sign/s on the OpenSSL backend >= 70% of
 * `openssl speed ecdsap256` sign/s in the same run.
 *
 * usage: bench_crypto <bench_crypto_mbedtls> <bench_crypto_openssl> [CPU seconds per
 *        figure, default 0.5]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    F_SIGN,
    F_SIGN_RAW,
    F_VERIFY,
    F_ECDH,
    F_S1_SIGN,
    F_S1_VERIFY,
    F_ENCRYPT,
    F_S1_IL,
    F_EVP_IL,
    F_COUNT
};

static const struct {
    const char *key;
    const char *label;
} figures[F_COUNT] = {
    { "ecdsa_sign", "ECDSA P-256 sign/s (prepared key)" },
    { "ecdsa_sign_raw", "ECDSA P-256 sign/s, raw scalar" },
    { "ecdsa_verify", "ECDSA P-256 verify/s" },
    { "ecdh", "ECDH P-256 /s (prepared key)" },
    { "sign1_sign", "COSE Sign1 sign/s (prepared key)" },
    { "sign1_verify", "COSE Sign1 verify/s" },
    { "encrypt", "COSE Encrypt (ECDH-ES+A256KW) /s" },
    { "sign1_sign_interleaved", "Sign1 sign/s, interleaved (*)" },
    { "evp_sign_interleaved", "EVP_PKEY_sign/s, interleaved (*)" },
};

struct column {
    char name[128];
    double v[F_COUNT]; /* < 0: not measured */
    int payload;
};

static void column_init(struct column *c, const char *name)
{
    snprintf(c->name, sizeof c->name, "%s", name);
    for (int i = 0; i < F_COUNT; i++) {
        c->v[i] = -1.0;
    }
    c->payload = 0;
}

/* Reads the "metric value" lines of a per-backend program. */
static int run_backend(const char *path, const char *secs, struct column *c)
{
    char cmd[1024], line[256];
    snprintf(cmd, sizeof cmd, "'%s' %s", path, secs);
    FILE *p = popen(cmd, "r");
    if (p == NULL) {
        return -1;
    }
    while (fgets(line, sizeof line, p) != NULL) {
        char key[64], val[128];
        if (sscanf(line, "%63s %127s", key, val) != 2) {
            continue;
        }
        if (strcmp(key, "backend") == 0) {
            snprintf(c->name, sizeof c->name, "%s", val);
        } else if (strcmp(key, "payload_bytes") == 0) {
            c->payload = atoi(val);
        }
        for (int i = 0; i < F_COUNT; i++) {
            if (strcmp(key, figures[i].key) == 0) {
                c->v[i] = atof(val);
            }
        }
    }
    return pclose(p) == 0 ? 0 : -1;
}

/* Last one or two numbers of a line of `openssl speed` output. */
static int last_numbers(const char *line, double *a, double *b)
{
    double nums[8];
    int n = 0;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", line);
    for (char *tok = strtok(buf, " \t\n"); tok != NULL; tok = strtok(NULL, " \t\n")) {
        char *end = NULL;
        double d = strtod(tok, &end);
        if (end != tok && *end == '\0') {
            if (n == 8) {
                memmove(nums, nums + 1, 7 * sizeof nums[0]);
                n = 7;
            }
            nums[n++] = d;
        }
    }
    if (n < 2) {
        return -1;
    }
    *a = nums[n - 2];
    *b = nums[n - 1];
    return 0;
}

static int run_openssl_speed(struct column *c)
{
    const char *bin = getenv("CAI_OPENSSL");
    char cmd[512], line[512];
    snprintf(cmd, sizeof cmd, "'%s' speed -seconds 2 ecdsap256 ecdhp256 2>/dev/null",
             bin != NULL && bin[0] != '\0' ? bin : "openssl");
    FILE *p = popen(cmd, "r");
    if (p == NULL) {
        return -1;
    }
    while (fgets(line, sizeof line, p) != NULL) {
        double a, b;
        if (strstr(line, "ecdsa (nistp256)") != NULL && last_numbers(line, &a, &b) == 0) {
            c->v[F_SIGN] = a; /* "... sign/s verify/s" */
            c->v[F_VERIFY] = b;
        } else if (strstr(line, "ecdh (nistp256)") != NULL && last_numbers(line, &a, &b) == 0) {
            c->v[F_ECDH] = b; /* "... op op/s" */
        }
    }
    int rc = pclose(p);
    return rc == 0 && c->v[F_SIGN] > 0 ? 0 : -1;
}

static void cell(double v)
{
    if (v < 0) {
        printf(" %16s", "-");
    } else {
        printf(" %16.1f", v);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s <bench_crypto_mbedtls> <bench_crypto_openssl> [seconds]\n",
                argv[0]);
        return 2;
    }
    const char *secs = argc > 3 ? argv[3] : "0.5";
    struct column col[3];
    column_init(&col[0], "mbedtls");
    column_init(&col[1], "openssl");
    column_init(&col[2], "openssl speed");
    int rc = 0;
    /* The baseline runs first, alone; with CPU-time figures on both sides the
     * load of a shared machine favours neither. */
    int have_speed = run_openssl_speed(&col[2]) == 0;
    for (int i = 0; i < 2; i++) {
        if (run_backend(argv[1 + i], secs, &col[i]) != 0) {
            fprintf(stderr, "bench_crypto: %s failed\n", argv[1 + i]);
            rc = 1;
        }
    }
    if (!have_speed) {
        printf("note: `openssl speed` did not run (set CAI_OPENSSL to the openssl binary)\n");
    }

    printf("\ncai crypto benchmark: %s CPU-s per figure per backend; baseline `openssl speed "
           "-seconds 2 ecdsap256 ecdhp256`, same run\n(all figures per second of process CPU "
           "time, as openssl speed counts by default)\n",
           secs);
    printf("%-34s", "figure (ops/s)");
    for (int i = 0; i < 3; i++) {
        printf(" %16s", col[i].name);
    }
    printf("\n");
    for (int f = 0; f < F_COUNT; f++) {
        printf("%-34s", figures[f].label);
        for (int i = 0; i < 3; i++) {
            cell(col[i].v[f]);
        }
        printf("\n");
    }
    if (col[1].v[F_S1_SIGN] < 0) {
        printf("COSE figures: not measured (the COSE library is not built in this tree)\n");
    } else {
        printf("COSE payload: %d bytes; Sign1 = cai_cose_profile_sign (signer over a prepared "
               "key) / cai_cose_profile_verify (raw public key), Encrypt = "
               "cai_cose_profile_encrypt (fresh ephemeral key each time)\n",
               col[1].payload);
    }
    if (have_speed && col[1].v[F_S1_SIGN] > 0) {
        double ratio = col[1].v[F_S1_SIGN] / col[2].v[F_SIGN];
        printf("goal: Sign1 sign/s on the OpenSSL backend = %.1f%% of openssl speed "
               "ecdsap256 sign/s (goal >= 70%%): %s\n",
               100.0 * ratio, ratio >= 0.70 ? "MET" : "NOT MET");
    }
    if (col[1].v[F_S1_IL] > 0 && col[1].v[F_EVP_IL] > 0) {
        printf("(*) in the OpenSSL backend's process, alternating 20 slices of each: the\n"
               "    openssl-speed loop (EVP_PKEY_sign on a ready context) vs COSE Sign1, both\n"
               "    under the same machine load: Sign1 = %.1f%% of the openssl-speed loop\n",
               100.0 * col[1].v[F_S1_IL] / col[1].v[F_EVP_IL]);
    }
    if (have_speed && col[1].v[F_SIGN] > 0) {
        printf("raw ECDSA sign/s, OpenSSL backend vs openssl speed: %.1f%%; mbedTLS backend: "
               "%.1f%%\n",
               100.0 * col[1].v[F_SIGN] / col[2].v[F_SIGN],
               100.0 * col[0].v[F_SIGN] / col[2].v[F_SIGN]);
    }
    return rc;
}

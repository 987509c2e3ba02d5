/* SPDX-License-Identifier: Apache-2.0 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime: a host-only benchmark */
/*
 * bench_crypto_<backend>: operations per second of one crypto backend (and,
 * when the COSE library is built, of COSE Sign1 and Encrypt on top of it).
 * Prints one "metric ops_per_second" line per figure for bench_crypto (the
 * driver that puts both backends next to `openssl speed`). Signing, ECDH and
 * COSE Sign1 use a prepared key (cai_p256_key_t, imported once), as a key
 * holder does; ecdsa_sign_raw shows the raw-scalar path for comparison.
 *
 * usage: bench_crypto_<backend> [seconds per figure, default 1]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cai/crypto.h"
#include "cai/cose.h"
#if CAI_BENCH_EVP_BASELINE
#include <openssl/evp.h>
#endif

/* Process CPU time, not wall time: `openssl speed` by default also counts
 * CPU time (user time, apps/speed.c; -elapsed switches it to wall time), and
 * CPU time is what stays meaningful on a loaded machine. We count user +
 * system time, which can only make our figures lower. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef int (*op_fn)(void);

/* Run op in batches until `seconds` have passed; ops per second, or -1 when
 * an operation failed (a benchmark of failing calls would be meaningless). */
static double rate(op_fn op, double seconds)
{
    long n = 0;
    double t0 = now(), t;
    do {
        for (int i = 0; i < 16; i++) {
            if (op() != 0) {
                return -1.0;
            }
        }
        n += 16;
        t = now();
    } while (t - t0 < seconds);
    return (double)n / (t - t0);
}

static uint8_t priv[32], pub[65], peer_priv[32], peer_pub[65], hash[32], sig[64];
static cai_p256_key_t key;
static cai_cose_signer_t signer;

static int op_sign(void)
{
    return cai_p256_key_sign_hash(&key, hash, sig) != PSA_SUCCESS;
}

static int op_sign_raw(void)
{
    return cai_ecdsa_p256_sign_hash(priv, hash, sig) != PSA_SUCCESS;
}

static int op_verify(void)
{
    return cai_ecdsa_p256_verify_hash(pub, sizeof pub, hash, sig) != PSA_SUCCESS;
}

static int op_ecdh(void)
{
    uint8_t z[32];
    return cai_p256_key_ecdh(&key, peer_pub, sizeof peer_pub, z) != PSA_SUCCESS;
}

/* A payload the size of a small inference result. */
#define PAYLOAD_LEN 128u
static uint8_t payload[PAYLOAD_LEN];
static uint8_t msg[1024];
static size_t msg_len;
static uint8_t enc[1024];
static const uint8_t kid[] = "0123456789abcdef0123456789abcdef";

static int op_sign1_sign(void)
{
    return cai_cose_profile_sign(&signer, payload, sizeof payload, msg, sizeof msg, &msg_len) !=
           CAI_COSE_OK;
}

static int op_sign1_verify(void)
{
    return cai_cose_profile_verify(msg, msg_len, pub, NULL) != CAI_COSE_OK;
}

static int op_encrypt(void)
{
    size_t n = 0;
    return cai_cose_profile_encrypt(peer_pub, kid, sizeof kid - 1, payload, sizeof payload, NULL,
                                    NULL, enc, sizeof enc, &n) != CAI_COSE_OK;
}

#if CAI_BENCH_EVP_BASELINE
/* The loop `openssl speed ecdsap256` times: EVP_PKEY_sign on a context
 * initialised once, over a 32-byte digest (OpenSSL 3.0 apps/speed.c). */
static EVP_PKEY_CTX *evp_sign_ctx;
static EVP_PKEY *evp_key;

static int op_evp_sign(void)
{
    uint8_t der[80];
    size_t n = sizeof der;
    return EVP_PKEY_sign(evp_sign_ctx, der, &n, hash, sizeof hash) != 1;
}

static int evp_setup(void)
{
    evp_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    evp_sign_ctx = evp_key != NULL ? EVP_PKEY_CTX_new_from_pkey(NULL, evp_key, NULL) : NULL;
    return evp_sign_ctx != NULL && EVP_PKEY_sign_init(evp_sign_ctx) == 1;
}

/* Alternate short slices of a and b so that both see the same machine load
 * (CI runners and this 2-core box are shared); ops/s of each. */
static int interleaved(op_fn a, op_fn b, double seconds, double *ra, double *rb)
{
    const int slices = 20;
    double ta = 0, tb = 0, na = 0, nb = 0;
    for (int i = 0; i < slices; i++) {
        for (int k = 0; k < 2; k++) {
            op_fn op = k == 0 ? a : b;
            long n = 0;
            double t0 = now(), t;
            do {
                if (op() != 0)
                    return -1;
                n++;
                t = now();
            } while (t - t0 < seconds / slices / 2);
            if (k == 0) {
                ta += t - t0;
                na += (double)n;
            } else {
                tb += t - t0;
                nb += (double)n;
            }
        }
    }
    *ra = na / ta;
    *rb = nb / tb;
    return 0;
}
#endif

static void report(const char *metric, double r)
{
    printf("%s %.1f\n", metric, r);
}

int main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 1.0;
    if (secs <= 0) {
        secs = 1.0;
    }
    if (cai_crypto_init() != PSA_SUCCESS || cai_p256_generate(priv, pub) != PSA_SUCCESS ||
        cai_p256_generate(peer_priv, peer_pub) != PSA_SUCCESS ||
        cai_sha256((const uint8_t *)"cai bench", 9, hash) != PSA_SUCCESS ||
        cai_p256_key_import(&key, priv) != PSA_SUCCESS ||
        cai_p256_key_sign_hash(&key, hash, sig) != PSA_SUCCESS) {
        fprintf(stderr, "bench: crypto setup failed\n");
        return 1;
    }
    signer = cai_cose_signer_from_key(&key, kid, 16); /* the UUID: the ueid's 16 bytes */
    printf("backend %s\n", cai_crypto_backend_name());
    report("ecdsa_sign", rate(op_sign, secs));
    report("ecdsa_sign_raw", rate(op_sign_raw, secs));
    report("ecdsa_verify", rate(op_verify, secs));
    report("ecdh", rate(op_ecdh, secs));
    /* A cai result (docs/design.md §5), which the profile verifier requires:
     * {256: h'01' || UUID, -80007: 99-character text} = 128 bytes. */
    static const uint8_t head[] = { 0xA2, 0x19, 0x01, 0x00, 0x51, 0x01 };
    static const uint8_t mid[] = { 0x3A, 0x00, 0x01, 0x38, 0x86, 0x78, 99 };
    _Static_assert(sizeof head + 16 + sizeof mid + 99 == PAYLOAD_LEN, "payload layout");
    memcpy(payload, head, sizeof head);
    memcpy(payload + sizeof head, kid, 16);
    memcpy(payload + sizeof head + 16, mid, sizeof mid);
    memset(payload + sizeof head + 16 + sizeof mid, 'x', 99);
    if (op_sign1_sign() != 0) {
        fprintf(stderr, "bench: COSE Sign1 setup failed\n");
        return 1;
    }
    report("sign1_sign", rate(op_sign1_sign, secs));
    report("sign1_verify", rate(op_sign1_verify, secs));
    report("encrypt", rate(op_encrypt, secs));
    printf("payload_bytes %u\n", PAYLOAD_LEN);
#if CAI_BENCH_EVP_BASELINE
    double r1 = -1, r2 = -1;
    if (!evp_setup() || interleaved(op_sign1_sign, op_evp_sign, 2 * secs, &r1, &r2) != 0) {
        fprintf(stderr, "bench: EVP baseline failed\n");
        return 1;
    }
    report("sign1_sign_interleaved", r1);
    report("evp_sign_interleaved", r2);
    EVP_PKEY_CTX_free(evp_sign_ctx);
    EVP_PKEY_free(evp_key);
#endif
    cai_p256_key_destroy(&key);
    return 0;
}

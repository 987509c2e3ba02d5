/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Command-line front end of cai_x509 for the oracle tests (hex in and out):
 *   x509_tool csr PRIV_HEX ORG CN OU        -> DER hex of the request, signed
 *                                              with the raw key (as a signer)
 *   x509_tool check CERT_HEX PUB_HEX CN     -> "ok NOT_AFTER SERIAL_HEX" or
 *                                              "err <cai_x509_strerror>"
 * Exit status: 0 ok, 1 rejected, 2 usage.
 */
#include <stdio.h>
#include <string.h>

#include "cai/hex.h"
#include "cai/x509.h"

static uint8_t g_priv[CAI_P256_PRIV_LEN];

static psa_status_t raw_sign(void *ctx, const uint8_t digest[CAI_SHA256_LEN],
                             uint8_t sig[CAI_P256_SIG_LEN])
{
    (void)ctx;
    return cai_ecdsa_p256_sign_hash(g_priv, digest, sig);
}

static void put_hex(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        printf("%02x", p[i]);
    }
}

static int cmd_csr(char **argv)
{
    size_t n = 0;
    uint8_t pub[CAI_P256_PUB_LEN];
    if (cai_hex_decode(argv[0], strlen(argv[0]), g_priv, sizeof(g_priv), &n) != 0 ||
        n != sizeof(g_priv) || cai_p256_public_from_private(g_priv, pub) != PSA_SUCCESS) {
        fprintf(stderr, "bad private key\n");
        return 2;
    }
    cai_x509_name_t subject = { .org = argv[1], .cn = argv[2], .ou = argv[3] };
    uint8_t der[CAI_X509_CSR_MAX];
    size_t len = 0;
    cai_x509_err_t rc = cai_x509_csr_write(&subject, pub, raw_sign, NULL, der, sizeof(der), &len);
    if (rc != CAI_X509_OK) {
        printf("err %s\n", cai_x509_strerror(rc));
        return 1;
    }
    put_hex(der, len);
    printf("\n");
    return 0;
}

static int cmd_check(char **argv)
{
    static uint8_t cert[2 * CAI_X509_CERT_MAX];
    uint8_t pub[CAI_P256_PUB_LEN];
    size_t cert_len = 0;
    size_t pub_len = 0;
    if (cai_hex_decode(argv[0], strlen(argv[0]), cert, sizeof(cert), &cert_len) != 0 ||
        cai_hex_decode(argv[1], strlen(argv[1]), pub, sizeof(pub), &pub_len) != 0 ||
        pub_len != sizeof(pub)) {
        fprintf(stderr, "bad hex\n");
        return 2;
    }
    cai_x509_cert_info_t info;
    cai_x509_err_t rc = cai_x509_cert_check(cert, cert_len, pub, argv[2], &info);
    if (rc != CAI_X509_OK) {
        printf("err %s\n", cai_x509_strerror(rc));
        return 1;
    }
    printf("ok %s ", info.not_after);
    put_hex(info.serial, info.serial_len);
    printf("\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (cai_crypto_init() != PSA_SUCCESS) {
        return 1;
    }
    if (argc == 6 && strcmp(argv[1], "csr") == 0) {
        return cmd_csr(argv + 2);
    }
    if (argc == 5 && strcmp(argv[1], "check") == 0) {
        return cmd_check(argv + 2);
    }
    fprintf(stderr, "usage: x509_tool csr PRIV ORG CN OU | check CERT PUB CN\n");
    return 2;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-cloud ca: a small certificate authority for device keys.
 *
 *   ca init DIR [--cn NAME] [--days N] [--json]
 *   ca sign CSR [--ca DIR] [--days N] [--out FILE] [--passin SRC] [--json]
 *   ca list [--ca DIR] [--json]
 *
 * DIR holds ca.key (the CA's P-256 key, PKCS#8 PEM, mode 0600), ca.pem (its
 * self-signed certificate), issued/<serial>.pem and index.tsv (serial, not
 * after, device uuid, key label: one line per certificate issued). --ca
 * defaults to $CAI_CA_DIR.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/pem.h>

#include "ca_issue.h"
#include "cloud_cmds.h"
#include "cloud_util.h"
#include "pem_keys.h"

#define CA_DAYS_DEFAULT 365
#define CA_ROOT_DAYS    3650
#define CA_PATH_MAX     4096

static void ca_usage(FILE *f)
{
    fprintf(f,
            "usage: cai-cloud ca init DIR [--cn NAME] [--days N] [--json]\n"
            "       cai-cloud ca sign CSR [--ca DIR] [--days N] [--out FILE] [--passin SRC]\n"
            "                             [--json]\n"
            "       cai-cloud ca list [--ca DIR] [--json]\n"
            "\n"
            "init  make a CA in DIR: a P-256 key (ca.key) and a self-signed certificate\n"
            "      (ca.pem, CN=NAME, default \"cai device CA\", %d days)\n"
            "sign  check a device CSR (PEM or DER; - for stdin: signature, P-256 key,\n"
            "      subject O=<org>, CN=<uuid>, OU=<key label>) and issue its certificate\n"
            "      (PEM to --out, default stdout; %d days by default)\n"
            "list  the certificates issued so far (--json: {\"certificates\": [...]})\n"
            "--ca defaults to $CAI_CA_DIR.\n",
            CA_ROOT_DAYS, CA_DAYS_DEFAULT);
}

static bool parse_days(const char *s, int *days)
{
    if (s == NULL) {
        return true;
    }
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < 1 || v > 36500) {
        cloud_err("cai-cloud ca: --days must be 1..36500, not '%s'\n", s);
        return false;
    }
    *days = (int)v;
    return true;
}

static bool path_in(char *out, const char *dir, const char *name)
{
    int n = snprintf(out, CA_PATH_MAX, "%s/%s", dir, name);
    if (n < 0 || n >= CA_PATH_MAX) {
        cloud_err("cai-cloud ca: path too long: %s/%s\n", dir, name);
        return false;
    }
    return true;
}

/* A new file, never an existing one (O_EXCL), with the given mode. */
static FILE *create_file(const char *path, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) {
        cloud_err("cai-cloud ca: cannot create %s: %s\n", path, strerror(errno));
        return NULL;
    }
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        close(fd);
    }
    return f;
}

static bool close_file(FILE *f, const char *path)
{
    bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = fclose(f) == 0 && ok;
    if (!ok) {
        cloud_err("cai-cloud ca: cannot write %s: %s\n", path, strerror(errno));
    }
    return ok;
}

static void print_serial(FILE *f, const X509 *cert)
{
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);
    char *hex = bn != NULL ? BN_bn2hex(bn) : NULL;
    for (const char *p = hex; p != NULL && *p != '\0'; p++) {
        fputc(*p >= 'A' && *p <= 'F' ? *p - 'A' + 'a' : *p, f);
    }
    OPENSSL_free(hex);
    BN_free(bn);
}

/* notAfter as 2027-12-01T21:00:00Z. */
static void print_not_after(FILE *f, const X509 *cert)
{
    struct tm tm;
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) == 1) {
        fprintf(f, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
}

static int ca_init(int argc, char **argv)
{
    if (argc < 3 || strncmp(argv[2], "--", 2) == 0) {
        cloud_err("cai-cloud ca init: which directory? (usage: ca init DIR)\n");
        return CLOUD_USAGE;
    }
    const char *dir = argv[2];
    cloud_opt_t opts[] = { { "cn", true, NULL }, { "days", true, NULL }, { "json", false, NULL } };
    const size_t n = sizeof(opts) / sizeof(opts[0]);
    int days = CA_ROOT_DAYS;
    if (!cloud_parse_opts(argc, argv, 3, opts, n, "cai-cloud ca init") ||
        !parse_days(cloud_opt(opts, n, "days"), &days)) {
        return CLOUD_USAGE;
    }
    const char *cn = cloud_opt(opts, n, "cn") ? cloud_opt(opts, n, "cn") : "cai device CA";
    char key_path[CA_PATH_MAX], cert_path[CA_PATH_MAX], issued[CA_PATH_MAX];
    if (!path_in(key_path, dir, "ca.key") || !path_in(cert_path, dir, "ca.pem") ||
        !path_in(issued, dir, "issued")) {
        return CLOUD_FAILED;
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        cloud_err("cai-cloud ca init: cannot create %s: %s\n", dir, strerror(errno));
        return CLOUD_FAILED;
    }
    if (access(key_path, F_OK) == 0) {
        cloud_err("cai-cloud ca init: %s already holds a CA; refusing to replace it\n", dir);
        return CLOUD_FAILED;
    }
    char why[160];
    EVP_PKEY *key = NULL;
    X509 *cert = NULL;
    if (!ca_make_root(cn, days, &key, &cert, why, sizeof(why))) {
        cloud_err("cai-cloud ca init: %s\n", why);
        return CLOUD_FAILED;
    }
    bool ok = mkdir(issued, 0700) == 0 || errno == EEXIST;
    FILE *kf = ok ? create_file(key_path, 0600) : NULL;
    ok = kf != NULL && PEM_write_PrivateKey(kf, key, NULL, NULL, 0, NULL, NULL) == 1;
    ok = (kf != NULL && close_file(kf, key_path)) && ok;
    FILE *cf = ok ? create_file(cert_path, 0644) : NULL;
    ok = cf != NULL && PEM_write_X509(cf, cert) == 1 && ok;
    ok = (cf != NULL && close_file(cf, cert_path)) && ok;
    if (ok) {
        if (cloud_opt(opts, n, "json")) {
            printf("{\"ca_dir\":");
            cloud_json_string(stdout, dir, strlen(dir));
            printf(",\"certificate\":");
            cloud_json_string(stdout, cert_path, strlen(cert_path));
            printf(",\"serial\":\"");
            print_serial(stdout, cert);
            printf("\",\"not_after\":\"");
            print_not_after(stdout, cert);
            printf("\"}\n");
        } else {
            printf("CA created in %s\ncertificate: %s\nkey: %s (keep it secret)\nnot after: ", dir,
                   cert_path, key_path);
            print_not_after(stdout, cert);
            printf("\n");
        }
    } else {
        cloud_err("cai-cloud ca init: could not write the CA files\n");
    }
    EVP_PKEY_free(key);
    X509_free(cert);
    return ok ? CLOUD_OK : CLOUD_FAILED;
}

static const char *ca_dir_of(const char *opt)
{
    if (opt != NULL) {
        return opt;
    }
    const char *env = getenv("CAI_CA_DIR");
    return env != NULL && env[0] != '\0' ? env : NULL;
}

static bool load_ca(const char *dir, EVP_PKEY **key, X509 **cert)
{
    char key_path[CA_PATH_MAX], cert_path[CA_PATH_MAX];
    if (!path_in(key_path, dir, "ca.key") || !path_in(cert_path, dir, "ca.pem")) {
        return false;
    }
    FILE *cf = fopen(cert_path, "r");
    *key = cloud_load_private_key(key_path);
    *cert = cf != NULL ? PEM_read_X509(cf, NULL, NULL, NULL) : NULL;
    if (cf != NULL) {
        fclose(cf);
    }
    if (*key == NULL || *cert == NULL || X509_check_private_key(*cert, *key) != 1) {
        cloud_err("cai-cloud ca: %s holds no usable CA (ca.key + ca.pem; see ca init)\n", dir);
        EVP_PKEY_free(*key);
        X509_free(*cert);
        return false;
    }
    return true;
}

/* Keep the issued certificate and one index line in the CA directory. */
static bool record_issued(const char *dir, X509 *cert, const ca_csr_info_t *info)
{
    char name[128];
    FILE *m = fmemopen(name, sizeof(name), "w");
    if (m == NULL) {
        return false;
    }
    fputs("issued/", m);
    print_serial(m, cert);
    fputs(".pem", m);
    fclose(m);
    char path[CA_PATH_MAX], index[CA_PATH_MAX];
    if (!path_in(path, dir, name) || !path_in(index, dir, "index.tsv")) {
        return false;
    }
    FILE *f = create_file(path, 0644);
    bool ok = f != NULL && PEM_write_X509(f, cert) == 1;
    ok = (f != NULL && close_file(f, path)) && ok;
    FILE *ix = ok ? fopen(index, "a") : NULL;
    if (ix != NULL) {
        print_serial(ix, cert);
        fputc('\t', ix);
        print_not_after(ix, cert);
        fprintf(ix, "\t%s\t%s\n", info->uuid, info->label);
        ok = close_file(ix, index);
    } else {
        ok = false;
    }
    return ok;
}

static int ca_sign(int argc, char **argv)
{
    if (argc < 3 || strncmp(argv[2], "--", 2) == 0) {
        cloud_err("cai-cloud ca sign: which CSR? (usage: ca sign CSR [--ca DIR])\n");
        return CLOUD_USAGE;
    }
    cloud_opt_t opts[] = {
        { "ca", true, NULL },    { "days", true, NULL },   { "out", true, NULL },
        { "json", false, NULL }, { "passin", true, NULL },
    };
    const size_t n = sizeof(opts) / sizeof(opts[0]);
    int days = CA_DAYS_DEFAULT;
    if (!cloud_parse_opts(argc, argv, 3, opts, n, "cai-cloud ca sign") ||
        !parse_days(cloud_opt(opts, n, "days"), &days) ||
        !cloud_set_passin(cloud_opt(opts, n, "passin"))) {
        return CLOUD_USAGE;
    }
    const char *dir = ca_dir_of(cloud_opt(opts, n, "ca"));
    if (dir == NULL) {
        cloud_err("cai-cloud ca sign: no CA directory (--ca DIR or CAI_CA_DIR)\n");
        return CLOUD_USAGE;
    }
    const char *out_opt = cloud_opt(opts, n, "out");
    if (cloud_opt(opts, n, "json") != NULL && out_opt != NULL && strcmp(out_opt, "-") == 0) {
        cloud_err("cai-cloud ca sign: --json prints its result on stdout: give --out FILE for "
                  "the certificate, or no --out to have it in the JSON");
        return CLOUD_USAGE;
    }
    uint8_t *csr = NULL;
    size_t csr_len = 0;
    if (!cloud_read_file(argv[2], &csr, &csr_len)) {
        return CLOUD_FAILED;
    }
    char why[200];
    ca_csr_info_t info;
    X509_REQ *req = ca_check_csr(csr, csr_len, &info, why, sizeof(why));
    free(csr);
    if (req == NULL) {
        cloud_err("cai-cloud ca sign: refused: %s\n", why);
        return CLOUD_FAILED;
    }
    EVP_PKEY *ca_key = NULL;
    X509 *ca_cert = NULL;
    X509 *cert = NULL;
    int rc = CLOUD_FAILED;
    if (load_ca(dir, &ca_key, &ca_cert)) {
        cert = ca_issue(req, &info, ca_key, ca_cert, days, why, sizeof(why));
        if (cert == NULL) {
            cloud_err("cai-cloud ca sign: %s\n", why);
        } else if (!record_issued(dir, cert, &info)) {
            cloud_err("cai-cloud ca sign: could not record the certificate in %s\n", dir);
        } else {
            rc = CLOUD_OK;
        }
    }
    const char *out = cloud_opt(opts, n, "out");
    if (rc == CLOUD_OK && (out != NULL || !cloud_opt(opts, n, "json"))) {
        FILE *f = out == NULL || strcmp(out, "-") == 0 ? stdout : fopen(out, "w");
        if (f == NULL || PEM_write_X509(f, cert) != 1) {
            cloud_err("cai-cloud ca sign: cannot write %s: %s\n", out, strerror(errno));
            rc = CLOUD_FAILED;
        }
        if (f != NULL && f != stdout && fclose(f) != 0) {
            rc = CLOUD_FAILED;
        }
    }
    if (rc == CLOUD_OK && cloud_opt(opts, n, "json")) {
        printf("{\"serial\":\"");
        print_serial(stdout, cert);
        printf("\",\"uuid\":\"%s\",\"key\":\"%s\",\"org\":", info.uuid, info.label);
        cloud_json_string(stdout, info.org, strlen(info.org));
        printf(",\"not_after\":\"");
        print_not_after(stdout, cert);
        printf("\"");
        if (out == NULL) {
            BIO *mem = BIO_new(BIO_s_mem());
            char *pem = NULL;
            long pem_len =
                mem != NULL && PEM_write_bio_X509(mem, cert) == 1 ? BIO_get_mem_data(mem, &pem) : 0;
            printf(",\"certificate\":");
            cloud_json_string(stdout, pem != NULL ? pem : "", pem != NULL ? (size_t)pem_len : 0);
            BIO_free(mem);
        }
        printf("}\n");
    }
    X509_free(cert);
    X509_free(ca_cert);
    EVP_PKEY_free(ca_key);
    X509_REQ_free(req);
    return rc;
}

static int ca_list(int argc, char **argv)
{
    cloud_opt_t opts[] = { { "ca", true, NULL }, { "json", false, NULL } };
    const size_t n = sizeof(opts) / sizeof(opts[0]);
    if (!cloud_parse_opts(argc, argv, 2, opts, n, "cai-cloud ca list")) {
        return CLOUD_USAGE;
    }
    const char *dir = ca_dir_of(cloud_opt(opts, n, "ca"));
    char index[CA_PATH_MAX];
    if (dir == NULL) {
        cloud_err("cai-cloud ca list: no CA directory (--ca DIR or CAI_CA_DIR)\n");
        return CLOUD_USAGE;
    }
    if (!path_in(index, dir, "index.tsv")) {
        return CLOUD_FAILED;
    }
    char ca_pem[CA_PATH_MAX];
    if (!path_in(ca_pem, dir, "ca.pem") || access(ca_pem, R_OK) != 0) {
        cloud_err("cai-cloud ca list: %s holds no CA (see ca init)\n", dir);
        return CLOUD_FAILED;
    }
    FILE *f = fopen(index, "r");
    bool json = cloud_opt(opts, n, "json") != NULL;
    if (json) {
        printf("{\"certificates\":[");
    } else {
        printf("%-34s %-21s %-37s %s\n", "serial", "not after", "device", "key");
    }
    char line[512];
    bool first = true;
    while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
        char *save = NULL;
        char *serial = strtok_r(line, "\t\n", &save);
        char *not_after = strtok_r(NULL, "\t\n", &save);
        char *uuid = strtok_r(NULL, "\t\n", &save);
        char *label = strtok_r(NULL, "\t\n", &save);
        if (serial == NULL || not_after == NULL || uuid == NULL || label == NULL) {
            continue;
        }
        if (json) {
            printf("%s{\"serial\":\"%s\",\"not_after\":\"%s\",\"uuid\":\"%s\",\"key\":\"%s\"}",
                   first ? "" : ",", serial, not_after, uuid, label);
        } else {
            printf("%-34s %-21s %-37s %s\n", serial, not_after, uuid, label);
        }
        first = false;
    }
    if (json) {
        printf("]}\n");
    }
    if (f != NULL) {
        fclose(f);
    }
    return CLOUD_OK;
}

int cloud_cmd_ca(int argc, char **argv)
{
    if (argc < 2) {
        cloud_err("cai-cloud ca: which subcommand? (try --help)");
        ca_usage(cloud_usage_stream());
        return CLOUD_USAGE;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        ca_usage(stdout);
        return CLOUD_OK;
    }
    if (strcmp(sub, "init") == 0) {
        return ca_init(argc, argv);
    }
    if (strcmp(sub, "sign") == 0) {
        return ca_sign(argc, argv);
    }
    if (strcmp(sub, "list") == 0) {
        return ca_list(argc, argv);
    }
    cloud_err("cai-cloud ca: unknown subcommand '%s'\n", sub);
    ca_usage(cloud_usage_stream());
    return CLOUD_USAGE;
}

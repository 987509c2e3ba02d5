/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Crash driver for the host storage backend (storage_crash.py):
 *   cai-storage-crash-driver DIR write FIRST   write values FIRST, FIRST+1, ...
 *                                              to one object, forever; after
 *                                              each write returns, print its
 *                                              number on stdout
 *   cai-storage-crash-driver DIR read          print "missing", "ok N" (the
 *                                              object is exactly value N) or
 *                                              "bad ..." (anything else)
 * Value N alternates between a short and a long object, so a torn or mixed
 * write cannot pass for a whole one.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cai/spe_port.h"
#include "cai_host/state.h"
#include "cai_host/storage_host.h"

#define OWNER ((int32_t)0x1234)
#define UID   UINT64_C(0x0123456789abcdef)

static size_t value(uint64_t n, uint8_t *out)
{
    size_t len = (n % 2 == 0) ? 64 : 3000;
    for (size_t k = 0; k < len; k++) {
        out[k] = (uint8_t)(n * 131u + k * 7u);
    }
    memcpy(out, &n, sizeof(n)); /* host order: the same program reads it */
    return len;
}

static int do_write(uint64_t n)
{
    static uint8_t buf[CAI_SPE_PORT_STORAGE_OBJECT_MAX];
    for (;; n++) {
        size_t len = value(n, buf);
        psa_status_t st = cai_spe_port_storage_write(OWNER, UID, buf, len);
        if (st != PSA_SUCCESS) {
            fprintf(stderr, "write %" PRIu64 " failed: %d\n", n, (int)st);
            return 1;
        }
        char line[32];
        int m = snprintf(line, sizeof(line), "%" PRIu64 "\n", n);
        if (write(STDOUT_FILENO, line, (size_t)m) != m) {
            return 1;
        }
    }
}

static int do_read(void)
{
    static uint8_t got[CAI_SPE_PORT_STORAGE_OBJECT_MAX], want[CAI_SPE_PORT_STORAGE_OBJECT_MAX];
    size_t len = 0;
    psa_status_t st = cai_spe_port_storage_read(OWNER, UID, got, sizeof(got), &len);
    if (st == PSA_ERROR_DOES_NOT_EXIST) {
        printf("missing\n");
        return 0;
    }
    if (st != PSA_SUCCESS || len < sizeof(uint64_t)) {
        printf("bad status %d len %zu\n", (int)st, len);
        return 0;
    }
    uint64_t n;
    memcpy(&n, got, sizeof(n));
    size_t wlen = value(n, want);
    if (wlen != len || memcmp(got, want, len) != 0) {
        printf("bad content (len %zu, claims value %" PRIu64 ")\n", len, n);
        return 0;
    }
    printf("ok %" PRIu64 "\n", n);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DIR write FIRST | DIR read\n", argv[0]);
        return 2;
    }
    char err[512];
    int dfd = cai_dir_open(argv[1], "state directory", err, sizeof(err));
    if (dfd < 0 || cai_host_storage_open(dfd, argv[1], err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    if (strcmp(argv[2], "write") == 0 && argc == 4) {
        return do_write(strtoull(argv[3], NULL, 10));
    }
    if (strcmp(argv[2], "read") == 0 && argc == 3) {
        return do_read();
    }
    fprintf(stderr, "usage: %s DIR write FIRST | DIR read\n", argv[0]);
    return 2;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cai-cloud: the off-device tool (verifier, CA, ingest ...). Each subcommand
 * is one entry of the table below; later capabilities add theirs (ca,
 * verify-result, ingest) without touching the others.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "cai/crypto.h"
#include "cloud_cmds.h"
#include "cloud_util.h"

static const cloud_cmd_t k_commands[] = {
    { "ca", "a certificate authority for device keys: init, sign CSRs, list", cloud_cmd_ca },
    { "cose", "sign, verify, encrypt, decrypt and print COSE messages", cloud_cmd_cose },
    { "verify", "check an inference result: signature, device, claims, freshness",
      cloud_cmd_verify },
    { "attest", "check a PSA attestation token: signature, claims, nonce, measurements",
      cloud_cmd_attest },
};

static void usage(FILE *f)
{
    fprintf(f, "usage: cai-cloud <command> [args] (cai-cloud <command> --help for details)\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof k_commands / sizeof k_commands[0]; i++) {
        fprintf(f, "  %-14s %s\n", k_commands[i].name, k_commands[i].summary);
    }
    fprintf(f, "\nexit status: 0 success, 1 failed (e.g. a signature that does not verify),"
               " 2 usage error\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLOUD_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return CLOUD_OK;
    }
    for (size_t i = 0; i < sizeof k_commands / sizeof k_commands[0]; i++) {
        if (strcmp(argv[1], k_commands[i].name) == 0) {
            if (cai_crypto_init() != PSA_SUCCESS) {
                fprintf(stderr, "cai-cloud: crypto initialisation failed\n");
                return CLOUD_FAILED;
            }
            return k_commands[i].run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "cai-cloud: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLOUD_USAGE;
}
